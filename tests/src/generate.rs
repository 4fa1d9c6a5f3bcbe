//! Dossiers drawn by a seeded generator (the same on every run, so that a failure can be
//! replayed), for the tests that check a property over many dossiers: the safeguards, the JSON
//! Schema.
//!
//! Each fact is unknown one time in four, or a value chosen on either side of the rules'
//! thresholds (ages, durations of marriage and residence, the students' amount, the civic
//! exam's mark); with provenances, now and then extracted by a program or given by an officer.

use motif_runtime::Dates;
use motif_runtime::date::{Date, Duration, DurationUnit};
use motif_runtime::dossier::Dossier;
use motif_runtime::numbers::{Decimal, Money};
use motif_runtime::program::{FactId, Program};
use motif_runtime::value::{Known, Provenance, Source, Type, Value};

/// SplitMix64: a small deterministic generator.
pub struct Draw(pub u64);

impl Draw {
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    pub fn below(&mut self, n: usize) -> usize {
        (self.next_u64() % n as u64) as usize
    }

    pub fn pick<T: Clone>(&mut self, items: &[T]) -> T {
        items[self.below(items.len())].clone()
    }
}

pub fn date(text: &str) -> Date {
    text.parse()
        .unwrap_or_else(|e| panic!("{text} is not a date: {e}"))
}

/// A value of type `ty`. With `partial`, a record's fields may be unknown.
pub fn value(program: &Program, ty: &Type, partial: bool, draw: &mut Draw) -> Value {
    match ty {
        Type::Bool => Value::Bool(draw.below(2) == 0),
        Type::Int => Value::Int(draw.pick(&[10, 31, 32, 40])),
        Type::Decimal => Value::Decimal(Decimal::from_micros(draw.pick(&[0, 600_000, 1_500_000]))),
        Type::Money => Value::Money(Money::from_cents(draw.pick(&[0, 61_499, 61_500, 70_000]))),
        Type::Date => Value::Date(date(draw.pick(&[
            "1950-01-01",
            "1992-04-12",
            "2008-05-01",
            "2020-05-09",
            "2023-09-02",
            "2025-10-01",
        ]))),
        Type::Duration => Value::Duration(Duration {
            amount: draw.pick(&[1, 6, 10]),
            unit: draw.pick(&[
                DurationUnit::Years,
                DurationUnit::Months,
                DurationUnit::Days,
            ]),
        }),
        Type::Text => Value::Text(draw.pick(&["", "FR"]).to_string()),
        Type::Enum(id) => {
            let variants = program.type_decl(*id).variants();
            Value::Enum(variants[draw.below(variants.len())].name.clone())
        }
        Type::Record(id) => Value::Record(
            program
                .type_decl(*id)
                .fields()
                .iter()
                .map(|field| {
                    if partial {
                        maybe(program, &field.ty, draw)
                    } else {
                        Some(bare(value(program, &field.ty, partial, draw)))
                    }
                })
                .collect(),
        ),
        Type::List(element) => Value::List(
            (0..draw.below(3))
                .map(|_| value(program, element, partial, draw))
                .collect(),
        ),
    }
}

/// A value without provenance.
pub fn bare(value: Value) -> Known {
    Known {
        value,
        provenance: None,
    }
}

/// Unknown one time in four; otherwise a value, now and then extracted by a program (verified
/// or not) or given by an officer.
pub fn maybe(program: &Program, ty: &Type, draw: &mut Draw) -> Option<Known> {
    if draw.below(4) == 0 {
        return None;
    }
    let value = value(program, ty, true, draw);
    let provenance = match draw.below(6) {
        0 => Some(extracted(draw, Some("passeport.pdf"))),
        1 => Some(by_officer()),
        _ => None,
    };
    Some(Known { value, provenance })
}

/// A value read from a document by a program (confidence 0.87), verified or not.
pub fn extracted(draw: &mut Draw, document: Option<&str>) -> Provenance {
    Provenance {
        source: Source::Extraction,
        confidence: Some(Decimal::from_micros(870_000)),
        verified: draw.below(2) == 0,
        by: None,
        document: document.map(str::to_string),
    }
}

/// A value given by a named officer (the only form an appraisal may take).
pub fn by_officer() -> Provenance {
    Provenance {
        source: Source::Officer,
        confidence: None,
        verified: true,
        by: Some("agent 4521".into()),
        document: None,
    }
}

/// The decision and filing dates the dossiers are assessed at: before and after the 2021 law,
/// around the contract's start for applications (2024-07-17), and around 2026-01-01.
pub const DATES: &[(&str, Option<&str>)] = &[
    ("2021-06-01", Some("2021-03-15")),
    ("2024-09-16", Some("2024-06-20")),
    ("2024-09-16", Some("2024-08-01")),
    ("2025-12-15", Some("2025-10-01")),
    ("2026-03-02", Some("2026-01-10")),
    ("2026-03-02", None),
];

/// `count` dossiers drawn from `seed`, each with its dates.
pub fn dossiers(program: &Program, seed: u64, count: usize) -> Vec<(Dossier, Dates)> {
    let mut draw = Draw(seed);
    (0..count)
        .map(|_| {
            let mut dossier = Dossier::empty(program);
            for (i, fact) in program.facts.iter().enumerate() {
                dossier.set_known(FactId(i as u32), maybe(program, &fact.ty, &mut draw));
            }
            let (decided_on, filed_on) = draw.pick(DATES);
            let dates = Dates {
                decided_on: date(decided_on),
                filed_on: filed_on.map(date),
            };
            (dossier, dates)
        })
        .collect()
}
