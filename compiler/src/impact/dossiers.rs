//! The comparison over a corpus: every dossier assessed with both programs at the same dates,
//! route by route — the outcome, the article versions applied, the conditions and derogations
//! whose value changes, the grounds, the facts to ask for and the points for the officer.

use std::collections::{BTreeMap, HashMap};
use std::panic::{AssertUnwindSafe, catch_unwind};

use motif_runtime::logic::Truth;
use motif_runtime::trace::{Citation, Step};
use motif_runtime::{
    Assessment, Dates, DatesProblem, GivenDates, Outcome, Program, RouteAssessment, assess,
    decode_dossier,
};

use super::corpus::Entry;
use super::report::{
    CorpusImpact, Delta, DossierImpact, Flip, FlipKind, OtherCounts, ParameterChange, Refusal,
    RefusedBy, RouteImpact, RouteSummary, Side, Transition,
};

/// Assesses every dossier of `entries` with `old` and `new`, at the dates `given` or the
/// dossier's own, and says what changes. `source` names the corpus in the report.
pub fn compare_dossiers(
    old: &Program,
    new: &Program,
    entries: impl Iterator<Item = Entry>,
    given: GivenDates,
    source: String,
) -> CorpusImpact {
    let mut tally = Tally::new(old, new);
    for entry in entries {
        // A bug of the engine on one dossier is reported with it, and the run goes on.
        let impact = catch_unwind(AssertUnwindSafe(|| compare_one(old, new, &entry, given)))
            .unwrap_or_else(|payload| {
                let detail = payload
                    .downcast_ref::<&str>()
                    .map(|s| (*s).to_string())
                    .or_else(|| payload.downcast_ref::<String>().cloned())
                    .unwrap_or_default();
                DossierImpact {
                    source: entry.source.clone(),
                    dossier: None,
                    decided_on: None,
                    filed_on: None,
                    refused: Some(both(vec![format!(
                        "erreur interne pendant l'évaluation : {detail} (signalez-la)"
                    )])),
                    routes: Vec::new(),
                }
            });
        tally.count(impact);
    }
    tally.finish(source, given)
}

fn compare_one(old: &Program, new: &Program, entry: &Entry, given: GivenDates) -> DossierImpact {
    let mut impact = DossierImpact {
        source: entry.source.clone(),
        dossier: None,
        decided_on: None,
        filed_on: None,
        refused: None,
        routes: Vec::new(),
    };
    let text = match &entry.text {
        Ok(text) => text,
        Err(problem) => {
            impact.refused = Some(both(vec![problem.clone()]));
            return impact;
        }
    };
    let decoded = (decode_dossier(old, text), decode_dossier(new, text));
    let messages = |e: motif_runtime::DossierErrors| e.0.iter().map(ToString::to_string).collect();
    let (a, b) = match decoded {
        (Ok(a), Ok(b)) => (a, b),
        (a, b) => {
            impact.dossier = a
                .as_ref()
                .ok()
                .or(b.as_ref().ok())
                .and_then(|d| d.id.clone())
                .or_else(|| motif_runtime::dossier::id_of(text));
            let by = match (&a, &b) {
                (Err(_), Err(_)) => RefusedBy::Both,
                (Err(_), Ok(_)) => RefusedBy::Old,
                _ => RefusedBy::New,
            };
            impact.refused = Some(Refusal {
                by,
                old: a.err().map(messages).unwrap_or_default(),
                new: b.err().map(messages).unwrap_or_default(),
            });
            return impact;
        }
    };
    impact.dossier = a.id.clone();
    let dates: Dates = match given.resolve(a.decided_on, a.filed_on) {
        Ok(dates) => dates,
        Err(problem) => {
            impact.refused = Some(both(vec![match problem {
                DatesProblem::NoDecisionDate => {
                    "aucune date de décision : indiquez \"decided_on\" dans le dossier, ou --decided-on AAAA-MM-JJ".to_string()
                }
                DatesProblem::FiledAfterDecision(message) => message,
            }]));
            return impact;
        }
    };
    impact.decided_on = Some(dates.decided_on);
    impact.filed_on = dates.filed_on;
    let (before, after) = (assess(old, &a, dates), assess(new, &b, dates));
    impact.routes = compare_routes(&before, &after);
    impact
}

fn both(problems: Vec<String>) -> Refusal {
    Refusal {
        by: RefusedBy::Both,
        old: problems.clone(),
        new: problems,
    }
}

/// The routes whose assessment differs, in the order of the new set, then those it removed.
fn compare_routes(old: &Assessment, new: &Assessment) -> Vec<RouteImpact> {
    let mut out = Vec::new();
    for b in &new.routes {
        let a = old.routes.iter().find(|r| r.route == b.route);
        out.extend(compare_route(a, Some(b)));
    }
    for a in &old.routes {
        if !new.routes.iter().any(|r| r.route == a.route) {
            out.extend(compare_route(Some(a), None));
        }
    }
    out
}

fn compare_route(a: Option<&RouteAssessment>, b: Option<&RouteAssessment>) -> Option<RouteImpact> {
    let (Some(a), Some(b)) = (a, b) else {
        // A route that exists in one set only matters to a dossier it concerns there.
        let (present, in_new) = match (a, b) {
            (Some(a), None) => (a, false),
            (None, Some(b)) => (b, true),
            _ => return None,
        };
        if present.outcome == Outcome::NotApplicable {
            return None;
        }
        let side = Some(side(present));
        let (old, new) = if in_new { (None, side) } else { (side, None) };
        return Some(RouteImpact {
            route: present.route.clone(),
            outcome_changed: true,
            old,
            new,
            flipped: Vec::new(),
            failed_conditions: Delta::default(),
            undetermined_conditions: Delta::default(),
            missing_facts: Delta::default(),
            appraisal_points: Delta::default(),
            parameters: Vec::new(),
        });
    };
    let ground = |g: &motif_runtime::assessment::Ground| {
        let name = g.condition.as_deref().or(g.label.as_deref()).unwrap_or("?");
        format!("{name} ({})", g.article.id)
    };
    let impact = RouteImpact {
        route: b.route.clone(),
        outcome_changed: a.outcome != b.outcome,
        flipped: flips(a, b),
        failed_conditions: delta(&a.failed_conditions, &b.failed_conditions, ground),
        undetermined_conditions: delta(
            &a.undetermined_conditions,
            &b.undetermined_conditions,
            ground,
        ),
        missing_facts: delta(&a.missing_facts, &b.missing_facts, |m| m.fact.clone()),
        appraisal_points: delta(&a.appraisal_points, &b.appraisal_points, |p| {
            p.point.clone()
        }),
        parameters: parameters(a, b),
        old: Some(side(a)),
        new: Some(side(b)),
    };
    (impact.outcome_changed || !kinds(&impact).is_empty()).then_some(impact)
}

fn side(r: &RouteAssessment) -> Side {
    let mut versions: Vec<Citation> = Vec::new();
    if let Some(trace) = &r.trace {
        trace.walk(&mut |step| {
            let citations: Vec<&Citation> = match step {
                Step::Condition { article, .. } => vec![article],
                Step::Derogated { derogations, .. } => {
                    derogations.iter().map(|d| &d.article).collect()
                }
                _ => Vec::new(),
            };
            for c in citations {
                if !versions.contains(c) {
                    versions.push(c.clone());
                }
            }
        });
    }
    versions.sort();
    Side {
        outcome: r.outcome,
        article: r.basis.article.clone(),
        version: r.basis.version.as_ref().map(|v| v.in_force_from),
        legifrance: r.basis.version.as_ref().and_then(|v| v.legifrance.clone()),
        reason: r.reason.clone(),
        versions,
    }
}

/// Which kinds of change, beside the outcome, a route shows: those [`OtherCounts`] counts.
fn kinds(r: &RouteImpact) -> Vec<Kind> {
    let mut out = Vec::new();
    if r.flipped.iter().any(|f| f.old.is_some() && f.new.is_some()) {
        out.push(Kind::Conditions);
    }
    if !r.failed_conditions.is_empty() {
        out.push(Kind::Failed);
    }
    if !r.undetermined_conditions.is_empty() {
        out.push(Kind::Undetermined);
    }
    if !r.missing_facts.is_empty() {
        out.push(Kind::Missing);
    }
    if !r.appraisal_points.is_empty() {
        out.push(Kind::Appraisal);
    }
    if let (Some(a), Some(b)) = (&r.old, &r.new)
        && (a.version != b.version || a.versions != b.versions)
    {
        out.push(Kind::Versions);
    }
    out
}

#[derive(Clone, Copy)]
enum Kind {
    Conditions,
    Failed,
    Undetermined,
    Missing,
    Appraisal,
    Versions,
}

type Key = (FlipKind, String, String);

/// The value of every condition and derogation of a trace, in the order first met (a condition
/// met several times, in a list's elements for instance, has several values).
fn values(trace: Option<&Step>) -> (Vec<Key>, HashMap<Key, Vec<Truth>>) {
    let mut order = Vec::new();
    let mut values: HashMap<Key, Vec<Truth>> = HashMap::new();
    let mut record = |key: Key, value: Truth| {
        let entry = values.entry(key.clone()).or_default();
        if entry.is_empty() {
            order.push(key);
        }
        entry.push(value);
    };
    if let Some(trace) = trace {
        trace.walk(&mut |step| match step {
            Step::Condition {
                article,
                name,
                label,
                value,
                ..
            } => {
                let name = name.as_deref().or(label.as_deref()).unwrap_or("?");
                record(
                    (FlipKind::Condition, article.id.clone(), name.to_string()),
                    *value,
                );
            }
            Step::Derogated { derogations, .. } => {
                for d in derogations {
                    record(
                        (FlipKind::Derogation, d.article.id.clone(), d.name.clone()),
                        d.applies,
                    );
                }
            }
            _ => {}
        });
    }
    (order, values)
}

/// The conditions and derogations whose value differs between the two traces. One that only
/// one trace reaches is listed when it does not hold there (it may be why the outcome
/// changed), unless a side is `not_applicable`: its reason says why then.
fn flips(a: &RouteAssessment, b: &RouteAssessment) -> Vec<Flip> {
    let (order_a, values_a) = values(a.trace.as_ref());
    let (order_b, values_b) = values(b.trace.as_ref());
    let open = a.outcome != Outcome::NotApplicable && b.outcome != Outcome::NotApplicable;
    let mut out: Vec<Flip> = Vec::new();
    let mut push = |key: &Key, old: Option<Truth>, new: Option<Truth>| {
        let flip = Flip {
            kind: key.0,
            article: key.1.clone(),
            name: key.2.clone(),
            old,
            new,
        };
        if !out.contains(&flip) {
            out.push(flip);
        }
    };
    let adverse = |v: Truth| v != Truth::True;
    for key in order_a
        .iter()
        .chain(order_b.iter().filter(|k| !values_a.contains_key(*k)))
    {
        match (values_a.get(key), values_b.get(key)) {
            (Some(x), Some(y)) => {
                for (p, q) in x.iter().zip(y) {
                    if p != q {
                        push(key, Some(*p), Some(*q));
                    }
                }
            }
            (Some(x), None) if open => {
                if let Some(&p) = x.iter().find(|v| adverse(**v)) {
                    push(key, Some(p), None);
                }
            }
            (None, Some(y)) if open => {
                if let Some(&q) = y.iter().find(|v| adverse(**v)) {
                    push(key, None, Some(q));
                }
            }
            _ => {}
        }
    }
    out
}

/// What a list gains and loses, each item named by `name`.
fn delta<T>(old: &[T], new: &[T], name: impl Fn(&T) -> String) -> Delta {
    let (a, b): (Vec<String>, Vec<String>) = (
        old.iter().map(&name).collect(),
        new.iter().map(&name).collect(),
    );
    Delta {
        added: b.iter().filter(|x| !a.contains(x)).cloned().collect(),
        removed: a.iter().filter(|x| !b.contains(x)).cloned().collect(),
    }
}

fn parameters(a: &RouteAssessment, b: &RouteAssessment) -> Vec<ParameterChange> {
    let mut names: Vec<&str> = Vec::new();
    for p in a.parameters.iter().chain(&b.parameters) {
        if !names.contains(&p.parameter.as_str()) {
            names.push(&p.parameter);
        }
    }
    names
        .into_iter()
        .filter_map(|name| {
            let find = |r: &RouteAssessment| {
                r.parameters
                    .iter()
                    .find(|p| p.parameter == name)
                    .map(|p| p.value.clone())
            };
            let (old, new) = (find(a), find(b));
            (old != new).then(|| ParameterChange {
                parameter: name.to_string(),
                old,
                new,
            })
        })
        .collect()
}

/// The counts of the summary, kept as dossiers are compared.
struct Tally {
    read: usize,
    compared: usize,
    refused: usize,
    outcome_changed: usize,
    other_changes: usize,
    /// Route name → (outcome changed, other changes, transitions), in report order.
    routes: Vec<(String, usize, usize, BTreeMap<Pair, usize>)>,
    transitions: BTreeMap<Pair, usize>,
    other: OtherCounts,
    list: Vec<DossierImpact>,
}

/// An outcome transition, ordered for the report (by `Outcome::ALL`, an absent route first).
type Pair = (Option<usize>, Option<usize>);

fn rank(outcome: Option<Outcome>) -> Option<usize> {
    outcome.and_then(|o| Outcome::ALL.iter().position(|x| *x == o))
}

fn unrank(rank: Option<usize>) -> Option<Outcome> {
    rank.and_then(|r| Outcome::ALL.get(r).copied())
}

impl Tally {
    fn new(old: &Program, new: &Program) -> Tally {
        let mut routes: Vec<(String, usize, usize, BTreeMap<Pair, usize>)> = new
            .routes
            .iter()
            .map(|r| (r.name.clone(), 0, 0, BTreeMap::new()))
            .collect();
        for r in &old.routes {
            if !routes.iter().any(|(name, ..)| *name == r.name) {
                routes.push((r.name.clone(), 0, 0, BTreeMap::new()));
            }
        }
        Tally {
            read: 0,
            compared: 0,
            refused: 0,
            outcome_changed: 0,
            other_changes: 0,
            routes,
            transitions: BTreeMap::new(),
            other: OtherCounts::default(),
            list: Vec::new(),
        }
    }

    fn count(&mut self, impact: DossierImpact) {
        self.read += 1;
        if let Some(refusal) = &impact.refused {
            self.refused += 1;
            if refusal.by != RefusedBy::Both {
                self.other_changes += 1;
            }
            self.list.push(impact);
            return;
        }
        self.compared += 1;
        if impact.routes.is_empty() {
            return;
        }
        if impact.routes.iter().any(|r| r.outcome_changed) {
            self.outcome_changed += 1;
        } else {
            self.other_changes += 1;
        }
        for route in &impact.routes {
            let Some(entry) = self.routes.iter_mut().find(|(n, ..)| *n == route.route) else {
                continue;
            };
            if route.outcome_changed {
                let pair = (
                    rank(route.old.as_ref().map(|s| s.outcome)),
                    rank(route.new.as_ref().map(|s| s.outcome)),
                );
                entry.1 += 1;
                *entry.3.entry(pair).or_default() += 1;
                *self.transitions.entry(pair).or_default() += 1;
                continue;
            }
            entry.2 += 1;
            for kind in kinds(route) {
                let counter = match kind {
                    Kind::Conditions => &mut self.other.conditions,
                    Kind::Failed => &mut self.other.failed_conditions,
                    Kind::Undetermined => &mut self.other.undetermined_conditions,
                    Kind::Missing => &mut self.other.missing_facts,
                    Kind::Appraisal => &mut self.other.appraisal_points,
                    Kind::Versions => &mut self.other.versions,
                };
                *counter += 1;
            }
        }
        self.list.push(impact);
    }

    fn finish(self, source: String, given: GivenDates) -> CorpusImpact {
        let transitions = |map: &BTreeMap<Pair, usize>| -> Vec<Transition> {
            map.iter()
                .map(|(&(from, to), &count)| Transition {
                    from: unrank(from),
                    to: unrank(to),
                    count,
                })
                .collect()
        };
        CorpusImpact {
            source,
            decided_on: given.decided_on,
            filed_on: given.filed_on,
            read: self.read,
            compared: self.compared,
            refused: self.refused,
            outcome_changed: self.outcome_changed,
            other_changes: self.other_changes,
            routes: self
                .routes
                .iter()
                .map(|(route, changed, other, map)| RouteSummary {
                    route: route.clone(),
                    outcome_changed: *changed,
                    other_changes: *other,
                    transitions: transitions(map),
                })
                .collect(),
            transitions: transitions(&self.transitions),
            other: self.other,
            list: self.list,
        }
    }
}
