//! Dossiers drawn at the edges of the rules, for the differential test (interpreter against
//! native code): every value is drawn from the program's own declarations and constants.
//!
//! - numbers, amounts and decimals: each constant written in a rule or a parameter, one below,
//!   one above, zero, and the extremes (where arithmetic overflows);
//! - dates: the decision date moved back by each duration of the rules, give or take a day (an
//!   18th birthday today, yesterday, tomorrow), the days rules start or stop being in force,
//!   and the ends of the calendar;
//! - lists: empty, one element, full (the native record holds 8), and one too many;
//! - any fact unknown one time in four, with provenances now and then;
//! - decision dates around each version's and parameter value's first and last day, filing
//!   dates unknown, equal, or earlier.

use motif_runtime::Dates;
use motif_runtime::date::{Date, Duration, DurationUnit};
use motif_runtime::dossier::Dossier;
use motif_runtime::numbers::{Decimal, Money};
use motif_runtime::program::{Expr, FactId, FactKind, Program, Term};
use motif_runtime::value::{Known, Type, Value};

use crate::generate::{Draw, by_officer, extracted};

/// The constants a program's rules and parameters are written with.
pub struct Edges {
    ints: Vec<i64>,
    decimals: Vec<i64>,
    cents: Vec<i64>,
    dates: Vec<Date>,
    durations: Vec<Duration>,
    /// Days on which some rule starts or stops being in force.
    breakpoints: Vec<Date>,
}

impl Edges {
    pub fn of(program: &Program) -> Edges {
        let mut edges = Edges {
            ints: vec![0, 1, -1, i64::MAX, i64::MIN],
            // Amounts and decimals travel as JSON numbers: beyond 2^53 they lose digits.
            decimals: vec![0, 1_000_000, 1 << 52],
            // A dossier's amounts are never negative (the decoders refuse them).
            cents: vec![0, 1, 1 << 52],
            dates: Vec::new(),
            durations: Vec::new(),
            breakpoints: Vec::new(),
        };
        for article in &program.articles {
            for version in &article.versions {
                edges.period(version.in_force.from, version.in_force.until);
                for c in &version.conditions {
                    edges.expr(&c.expr);
                }
                for r in &version.routes {
                    edges.expr(&r.expr);
                    r.closures.iter().for_each(|c| edges.expr(&c.when));
                }
                for d in &version.derogations {
                    d.when.iter().chain(&d.then).for_each(|e| edges.expr(e));
                }
                version.exclusions.iter().for_each(|e| edges.expr(&e.when));
            }
        }
        for parameter in &program.parameters {
            for value in &parameter.values {
                edges.period(value.in_force.from, value.in_force.until);
                edges.value(&value.value);
            }
        }
        edges
    }

    fn period(&mut self, from: Date, until: Option<Date>) {
        self.breakpoints.push(from);
        self.breakpoints.extend(until);
    }

    fn value(&mut self, value: &Value) {
        match value {
            Value::Int(n) => self
                .ints
                .extend([*n, n.saturating_sub(1), n.saturating_add(1)]),
            Value::Decimal(d) => {
                let m = d.micros();
                self.decimals.extend([m, m - 1, m + 1]);
                // An integer compared with a decimal: both sides of it.
                self.ints.extend([m / 1_000_000, m / 1_000_000 + 1]);
            }
            Value::Money(m) => {
                let c = m.cents();
                self.cents
                    .extend([c, c - 1, c + 1].into_iter().filter(|c| *c >= 0));
            }
            Value::Date(d) => self.dates.push(*d),
            Value::Duration(d) => {
                self.durations.push(*d);
                self.ints.push(i64::from(d.amount));
            }
            _ => {}
        }
    }

    fn expr(&mut self, expr: &Expr) {
        match expr {
            Expr::Constant(_) => {}
            Expr::Test(t) => self.term(t),
            Expr::Not(e) => self.expr(e),
            Expr::All(items) | Expr::Any(items) => items.iter().for_each(|e| self.expr(e)),
            Expr::Implies(a, b) => {
                self.expr(a);
                self.expr(b);
            }
            Expr::Compare { left, right, .. } => {
                self.term(left);
                self.term(right);
            }
            Expr::In { operand, set } => {
                self.term(operand);
                set.iter().for_each(|v| self.value(v));
            }
            Expr::Condition(_) => {}
            Expr::Exists { list, body } | Expr::ForAll { list, body } => {
                self.term(list);
                self.expr(body);
            }
        }
    }

    fn term(&mut self, term: &Term) {
        match term {
            Term::Literal(v) => self.value(v),
            Term::Arith { left, right, .. } => {
                self.term(left);
                self.term(right);
            }
            Term::Between { from, to, .. } => {
                self.term(from);
                self.term(to);
            }
            Term::Count { list, body } => {
                self.term(list);
                self.expr(body);
            }
            _ => {}
        }
    }

    /// Decision and filing dates: around the days rules change, and a few ordinary days.
    pub fn dates(&self, draw: &mut Draw) -> Dates {
        let around =
            |d: Date, draw: &mut Draw| d.shifted(draw.pick(&[-1, 0, 1]), DurationUnit::Days);
        let ordinary = ["2021-06-01", "2024-09-16", "2026-03-02", "2026-11-23"];
        let decided_on = if self.breakpoints.is_empty() || draw.below(3) == 0 {
            crate::generate::date(draw.pick(&ordinary))
        } else {
            let b = draw.pick(&self.breakpoints);
            around(b, draw).unwrap_or(b)
        };
        let filed_on = match draw.below(4) {
            0 => None,
            1 => Some(decided_on),
            2 if !self.breakpoints.is_empty() => {
                let b = draw.pick(&self.breakpoints);
                around(b, draw).filter(|d| *d <= decided_on)
            }
            _ => decided_on.shifted(-(draw.below(400) as i64), DurationUnit::Days),
        };
        Dates {
            decided_on,
            filed_on,
        }
    }

    /// A date near an edge for a dossier decided on `decided_on`.
    fn date(&self, decided_on: Date, draw: &mut Draw) -> Date {
        let fallback = decided_on;
        match draw.below(6) {
            0..=2 if !self.durations.is_empty() => {
                let d = draw.pick(&self.durations);
                let back = decided_on
                    .add(d, -1)
                    .and_then(|x| x.shifted(draw.pick(&[-1, 0, 0, 1]), DurationUnit::Days));
                back.unwrap_or(fallback)
            }
            3 if !self.dates.is_empty() => {
                let d = draw.pick(&self.dates);
                d.shifted(draw.pick(&[-1, 0, 1]), DurationUnit::Days)
                    .unwrap_or(d)
            }
            4 => crate::generate::date(draw.pick(&["0001-01-01", "9999-12-31", "1970-01-01"])),
            _ => decided_on
                .shifted(-(draw.below(40 * 366) as i64), DurationUnit::Days)
                .unwrap_or(fallback),
        }
    }

    fn value_of(&self, program: &Program, ty: &Type, decided_on: Date, draw: &mut Draw) -> Value {
        match ty {
            Type::Bool => Value::Bool(draw.below(2) == 0),
            Type::Int => Value::Int(match draw.below(5) {
                0 => draw.below(30) as i64,
                _ => draw.pick(&self.ints),
            }),
            Type::Decimal => Value::Decimal(Decimal::from_micros(draw.pick(&self.decimals))),
            Type::Money => Value::Money(Money::from_cents(match draw.below(5) {
                0 => draw.below(500_000) as i64,
                _ => draw.pick(&self.cents),
            })),
            Type::Date => Value::Date(self.date(decided_on, draw)),
            Type::Duration => Value::Duration(Duration {
                amount: draw.below(12) as u32,
                unit: draw.pick(&[
                    DurationUnit::Years,
                    DurationUnit::Months,
                    DurationUnit::Days,
                ]),
            }),
            Type::Text => Value::Text(draw.pick(&["", "FR", "texte"]).to_string()),
            Type::Enum(id) => {
                let variants = program.type_decl(*id).variants();
                Value::Enum(variants[draw.below(variants.len())].name.clone())
            }
            Type::Record(id) => Value::Record(
                program
                    .type_decl(*id)
                    .fields()
                    .iter()
                    .map(|f| self.maybe(program, &f.ty, decided_on, draw, false))
                    .collect(),
            ),
            Type::List(element) => {
                let length = match draw.below(10) {
                    0 => 0,
                    1 => 8,
                    2 => 9,
                    _ => 1 + draw.below(3),
                };
                Value::List(
                    (0..length)
                        .map(|_| self.value_of(program, element, decided_on, draw))
                        .collect(),
                )
            }
        }
    }

    /// Unknown one time in four; otherwise a value, sometimes with a provenance.
    fn maybe(
        &self,
        program: &Program,
        ty: &Type,
        decided_on: Date,
        draw: &mut Draw,
        provenance: bool,
    ) -> Option<Known> {
        if draw.below(4) == 0 {
            return None;
        }
        let value = self.value_of(program, ty, decided_on, draw);
        let provenance = match (provenance, draw.below(8)) {
            (true, 0) => Some(extracted(draw, None)),
            (true, 1) => Some(by_officer()),
            _ => None,
        };
        Some(Known { value, provenance })
    }

    /// A dossier and its dates.
    pub fn dossier(&self, program: &Program, draw: &mut Draw) -> (Dossier, Dates) {
        let dates = self.dates(draw);
        let mut dossier = Dossier::empty(program);
        for (i, fact) in program.facts.iter().enumerate() {
            let mut known = self.maybe(program, &fact.ty, dates.decided_on, draw, true);
            // An appraisal is given by an officer, who is named.
            if let (FactKind::Appraisal { .. }, Some(known)) = (&fact.kind, known.as_mut()) {
                known.provenance = Some(by_officer());
            }
            dossier.set_known(FactId(i as u32), known);
        }
        dossier.decided_on = Some(dates.decided_on);
        dossier.filed_on = dates.filed_on;
        (dossier, dates)
    }
}

/// The dossier as the case service sends it.
pub fn json(program: &Program, dossier: &Dossier) -> String {
    let mut envelope = serde_json::Map::new();
    if let Some(d) = dossier.decided_on {
        envelope.insert("decided_on".into(), d.to_string().into());
    }
    if let Some(d) = dossier.filed_on {
        envelope.insert("filed_on".into(), d.to_string().into());
    }
    envelope.insert(
        "facts".into(),
        motif_runtime::dossier::encode_facts(program, dossier),
    );
    serde_json::Value::Object(envelope).to_string()
}
