//! Reading a route's trace for people: the outcome, every failed ground, what is left open
//! (facts to ask for, points for the officer), and what the outcome rests on.

use crate::assessment::{AppraisalPoint, Ground, MissingFact, Outcome, ParameterUsed, PointKind};
use crate::counterfactual::{Change, smallest_change};
use crate::logic::Truth;
use crate::program::{FactKind, Program};
use crate::trace::{Citation, FactRead, Shown, Step, WhichDate};

pub(crate) struct Analysis {
    pub(crate) outcome: Outcome,
    pub(crate) reason: Option<String>,
    pub(crate) failed: Vec<Ground>,
    pub(crate) undetermined: Vec<Ground>,
    pub(crate) missing: Vec<MissingFact>,
    pub(crate) appraisal: Vec<AppraisalPoint>,
    pub(crate) unverified: Vec<FactRead>,
    pub(crate) parameters: Vec<ParameterUsed>,
    pub(crate) changes: Vec<Change>,
}

/// Analyses a route's trace; `closures` are the route's closures whose value is unknown (the
/// route might not apply at all), `applies` those that are false (what they read establishes
/// that the route applies, so a decision rests on it too).
pub(crate) fn analyse(
    program: &Program,
    trace: &Step,
    home: &Citation,
    closures: &[&Step],
    applies: &[&Step],
) -> Analysis {
    let mut analysis = Analysis {
        outcome: Outcome::Eligible,
        reason: None,
        failed: Vec::new(),
        undetermined: Vec::new(),
        missing: Vec::new(),
        appraisal: Vec::new(),
        unverified: Vec::new(),
        parameters: parameters_used(trace),
        changes: Vec::new(),
    };
    let mut open = Open::new(program);
    match trace.value() {
        Truth::True => {
            for closure in closures {
                open.visit(closure, home, &[], false);
            }
            if closures.is_empty() {
                analysis.unverified = unverified(trace, &[], applies);
            } else {
                analysis.outcome = open.outcome();
                analysis.reason = Some(
                    "les conditions sont remplies, mais il reste à établir si la voie s'applique"
                        .into(),
                );
            }
        }
        Truth::False => {
            let mut failing: Vec<Failing> = Vec::new();
            failed_grounds(trace, Truth::True, home, &mut failing);
            // What would still be needed if every failed ground went the other way.
            let fixed: Vec<(&Step, Truth)> = failing.iter().map(|f| (f.step, f.wanted)).collect();
            open.visit(trace, home, &fixed, false);
            for closure in closures {
                open.visit(closure, home, &[], false);
            }
            let steps: Vec<&Step> = failing.iter().map(|f| f.step).collect();
            analysis.failed = failing
                .into_iter()
                .map(|f| failed_ground(f.step, f.citation))
                .collect();
            if closures.is_empty() {
                analysis.outcome = Outcome::NotEligible;
                analysis.unverified = unverified(trace, &steps, applies);
                analysis.changes = smallest_change(trace, home);
                leave_a_refusal_on_sensitive_data_to_the_officer(&mut analysis);
            } else {
                // Whether the route applies at all is settled first: a refusal must rest on
                // the text that governs the case (the wrong legal basis voids it), and closing
                // facts one does not have cannot be read as "this regime applies".
                let mut applicability = Open::new(program);
                for closure in closures {
                    applicability.visit(closure, home, &[], false);
                }
                analysis.outcome = applicability.outcome();
                analysis.reason = Some(
                    "des conditions ne sont pas remplies, mais il reste d'abord à établir si la voie s'applique : un refus ne peut reposer que sur le texte applicable"
                        .into(),
                );
            }
        }
        Truth::Unknown => {
            open.visit(trace, home, &[], false);
            for closure in closures {
                open.visit(closure, home, &[], false);
            }
            analysis.outcome = open.outcome();
        }
    }
    analysis.undetermined = open.conditions;
    analysis.missing = open.facts;
    analysis.appraisal = open.points;
    analysis
}

/// Invariant 9, kept at run time too: a sensitive fact never grounds a refusal; the decision
/// is then the officer's.
fn leave_a_refusal_on_sensitive_data_to_the_officer(analysis: &mut Analysis) {
    let sensitive: Vec<&str> = analysis
        .failed
        .iter()
        .flat_map(|g| g.facts.iter())
        .filter(|f| f.sensitive)
        .map(|f| f.fact.as_str())
        .collect();
    if !sensitive.is_empty() {
        let reason = format!(
            "un refus ne peut pas reposer sur une donnée sensible ({}) : la décision revient à l'agent",
            sensitive.join(", ")
        );
        analysis.outcome = Outcome::NeedsAppraisal;
        analysis.changes.clear();
        analysis.reason = Some(reason);
    }
}

/// A condition left open, with every fact it reads (known or not).
fn ground(step: &Step, citation: Citation) -> Ground {
    let (condition, label) = match step {
        Step::Condition { name, label, .. } => (name.clone(), label.clone()),
        _ => (None, None),
    };
    Ground {
        article: citation,
        condition,
        label,
        facts: step.all_facts_read().into_iter().cloned().collect(),
    }
}

/// A failed condition, with the facts that make it fail (not every fact read beneath it).
fn failed_ground(step: &Step, citation: Citation) -> Ground {
    let mut support: Vec<&FactRead> = Vec::new();
    collect_support(step, false, &mut support);
    let mut facts: Vec<FactRead> = Vec::new();
    for read in support {
        if !facts.iter().any(|f| f.fact == read.fact) {
            facts.push(read.clone());
        }
    }
    Ground {
        facts,
        ..ground(step, citation)
    }
}

/// A step that makes a route fail: it has the opposite of the value `wanted`.
struct Failing<'s> {
    step: &'s Step,
    citation: Citation,
    wanted: Truth,
}

/// Collects the outermost steps that explain why `step` does not have the value `wanted`:
/// labelled conditions where there is one, unlabelled steps otherwise. Every such ground is
/// collected, not only the first.
fn failed_grounds<'s>(
    step: &'s Step,
    wanted: Truth,
    citation: &Citation,
    out: &mut Vec<Failing<'s>>,
) {
    let value = step.value();
    if value == wanted || value == Truth::Unknown {
        return;
    }
    match step {
        Step::Condition { article, .. } => out.push(Failing {
            step,
            citation: article.clone(),
            wanted,
        }),
        Step::All { of, .. } | Step::Any { of, .. } => {
            // A false `toutes` fails through its false items; a false `l'une de` through all of
            // them (all are false). Symmetrically when the wanted value is false.
            for child in of.iter().filter(|c| c.value() == wanted.not()) {
                failed_grounds(child, wanted, citation, out);
            }
        }
        Step::Not { of, .. } => failed_grounds(of, wanted.not(), citation, out),
        Step::Implies {
            condition, then, ..
        } => {
            if wanted == Truth::True {
                // `si A alors B` fails when A holds and B does not: B is the ground, A is the
                // circumstance that makes it required.
                failed_grounds(then, Truth::True, citation, out);
            } else {
                if condition.value() == Truth::False {
                    failed_grounds(condition, Truth::True, citation, out);
                }
                if then.value() == Truth::True {
                    failed_grounds(then, Truth::False, citation, out);
                }
            }
        }
        _ => out.push(Failing {
            step,
            citation: citation.clone(),
            wanted,
        }),
    }
}

/// What remains open in a trace: undetermined conditions, the facts they lack, and the points
/// that only a person can settle.
struct Open<'p> {
    program: &'p Program,
    conditions: Vec<Ground>,
    facts: Vec<MissingFact>,
    points: Vec<AppraisalPoint>,
}

impl<'p> Open<'p> {
    fn new(program: &'p Program) -> Open<'p> {
        Open {
            program,
            conditions: Vec::new(),
            facts: Vec::new(),
            points: Vec::new(),
        }
    }

    /// Facts to ask for come first: an officer appraises a complete dossier.
    fn outcome(&self) -> Outcome {
        if !self.facts.is_empty() || self.points.is_empty() {
            Outcome::Incomplete
        } else {
            Outcome::NeedsAppraisal
        }
    }

    fn missing(&mut self, fact: &str, label: Option<&str>) {
        if !self.facts.iter().any(|m| m.fact == fact) {
            self.facts.push(MissingFact {
                fact: fact.to_string(),
                label: label.map(str::to_string),
                documents: self.program.documents_for(fact).to_vec(),
            });
        }
    }

    fn point(
        &mut self,
        article: &Citation,
        (kind, point, subject): (PointKind, String, Option<String>),
        criteria: Vec<String>,
    ) {
        if !self
            .points
            .iter()
            .any(|p| p.point == point && p.article == *article)
        {
            self.points.push(AppraisalPoint {
                article: article.clone(),
                point,
                kind,
                subject,
                criteria,
            });
        }
    }

    /// Visits the steps whose value is unknown (given `fixed`) and could change the outcome.
    /// `inside_condition` is true below a labelled condition already listed.
    fn visit(
        &mut self,
        step: &Step,
        citation: &Citation,
        fixed: &[(&Step, Truth)],
        inside_condition: bool,
    ) {
        if value_if(step, fixed) != Truth::Unknown {
            return;
        }
        match step {
            Step::Condition {
                article,
                because,
                favorable,
                label,
                name,
                ..
            } => {
                if *favorable && because.value() == Truth::False {
                    let what = label.as_deref().or(name.as_deref()).unwrap_or("condition");
                    let point = format!(
                        "{what} (condition favorable non remplie : la voie n'est pas refusée pour ce motif)"
                    );
                    self.point(
                        article,
                        (PointKind::Favorable, point, label.clone()),
                        Vec::new(),
                    );
                    return;
                }
                if !inside_condition {
                    self.conditions.push(ground(step, article.clone()));
                }
                self.visit(because, article, fixed, true);
            }
            Step::Derogated {
                conflict: Some(conflict),
                ..
            } => self.point(
                citation,
                (PointKind::Conflict, conflict.clone(), None),
                Vec::new(),
            ),
            Step::Unavailable {
                reason, missing, ..
            } => match missing {
                Some(field) => self.missing(field, Some("la date de la demande")),
                None => self.point(
                    citation,
                    (PointKind::Unavailable, reason.clone(), None),
                    Vec::new(),
                ),
            },
            Step::Exists { list, elements, .. } | Step::ForAll { list, elements, .. }
                if list.elements.is_none() =>
            {
                let _ = elements;
                self.missing(&list.fact, list.label.as_deref());
                if !inside_condition {
                    self.conditions.push(ground(step, citation.clone()));
                }
            }
            _ => {
                let leaf = step.children().is_empty() && !matches!(step, Step::Derogated { .. });
                if leaf && !inside_condition {
                    self.conditions.push(ground(step, citation.clone()));
                }
                for shown in step.operands() {
                    self.operand(shown, citation, fixed);
                }
                for child in step.children() {
                    self.visit(child, citation, fixed, inside_condition);
                }
            }
        }
    }

    fn operand(&mut self, shown: &Shown, citation: &Citation, fixed: &[(&Step, Truth)]) {
        match shown {
            Shown::Fact(read) if read.value.is_none() => {
                if read.appraisal {
                    let criteria = self
                        .program
                        .fact_id(&read.fact)
                        .map(|id| match &self.program.fact(id).kind {
                            FactKind::Appraisal { criteria } => criteria.clone(),
                            FactKind::Fact => Vec::new(),
                        })
                        .unwrap_or_default();
                    let point = read.label.clone().unwrap_or_else(|| read.fact.clone());
                    self.point(
                        citation,
                        (PointKind::Appraisal, point, read.label.clone()),
                        criteria,
                    );
                } else {
                    self.missing(&read.fact, read.label.as_deref());
                }
            }
            Shown::Parameter(read) if read.value.is_none() => {
                if let Some(reason) = &read.unavailable {
                    self.point(
                        citation,
                        (PointKind::Unavailable, reason.clone(), None),
                        Vec::new(),
                    );
                }
            }
            Shown::Date(date) if date.value.is_none() && date.date == WhichDate::Filing => {
                self.missing("filed_on", Some("la date de la demande"));
            }
            Shown::Computed(computed) => {
                if let Some(error) = &computed.error {
                    let point = format!("calcul impossible ({error})");
                    self.point(citation, (PointKind::Unavailable, point, None), Vec::new());
                }
                for inner in &computed.of {
                    self.operand(inner, citation, fixed);
                }
            }
            Shown::Count(count) if count.value.is_none() => match count.list.elements {
                None => self.missing(&count.list.fact, count.list.label.as_deref()),
                Some(_) => count
                    .elements
                    .iter()
                    .for_each(|s| self.visit(s, citation, fixed, true)),
            },
            _ => {}
        }
    }
}

/// The value of `step` if the steps in `fixed` had the values given.
fn value_if(step: &Step, fixed: &[(&Step, Truth)]) -> Truth {
    if let Some((_, value)) = fixed.iter().find(|(f, _)| std::ptr::eq(*f, step)) {
        return *value;
    }
    if fixed.is_empty() {
        return step.value();
    }
    match step {
        // A list the dossier does not give: fixing other steps does not tell its elements.
        Step::ForAll { list, .. } | Step::Exists { list, .. } if list.elements.is_none() => {
            Truth::Unknown
        }
        Step::Condition {
            because, favorable, ..
        } => match value_if(because, fixed) {
            Truth::False if *favorable => Truth::Unknown,
            other => other,
        },
        Step::All { of, .. } | Step::ForAll { elements: of, .. } => {
            Truth::all(of.iter().map(|c| value_if(c, fixed)))
        }
        Step::Any { of, .. } | Step::Exists { elements: of, .. } => {
            Truth::any(of.iter().map(|c| value_if(c, fixed)))
        }
        Step::Not { of, .. } => value_if(of, fixed).not(),
        Step::Implies {
            condition, then, ..
        } => value_if(condition, fixed).implies(value_if(then, fixed)),
        _ => step.value(),
    }
}

/// The unverified extracted facts among those that establish the outcome: the facts of the
/// failed grounds for a refusal, the facts that make the conditions hold for an eligibility,
/// and in both cases those that make the route apply (`applies`: its closures that are false).
fn unverified(trace: &Step, grounds: &[&Step], applies: &[&Step]) -> Vec<FactRead> {
    let mut support: Vec<&FactRead> = Vec::new();
    if grounds.is_empty() {
        collect_support(trace, true, &mut support);
    } else {
        grounds
            .iter()
            .for_each(|g| collect_support(g, true, &mut support));
    }
    applies
        .iter()
        .for_each(|c| collect_support(c, true, &mut support));
    let mut out: Vec<FactRead> = Vec::new();
    for read in support {
        let flagged = read
            .provenance
            .as_ref()
            .is_some_and(|p| p.is_unverified_extraction());
        if flagged && !out.iter().any(|r| r.fact == read.fact) {
            out.push(read.clone());
        }
    }
    out
}

/// The facts that establish `step`'s value; with `lists`, the lists its quantifiers read too.
fn collect_support<'s>(step: &'s Step, lists: bool, out: &mut Vec<&'s FactRead>) {
    let value = step.value();
    match step {
        Step::Condition { because, .. } => collect_support(because, lists, out),
        Step::Derogated {
            original,
            derogations,
            ..
        } => {
            let chosen: Vec<_> = derogations.iter().filter(|d| d.chosen).collect();
            if chosen.is_empty() {
                collect_support(original, lists, out);
            }
            for d in derogations {
                // A derogation that applies rests on its condition and its result; one that
                // does not, on what makes it not apply.
                if (d.chosen || d.applies == Truth::False)
                    && let Some(when) = &d.when
                {
                    collect_support(when, lists, out);
                }
                if d.chosen
                    && let Some(then) = &d.then
                {
                    collect_support(then, lists, out);
                }
            }
        }
        Step::All { of, .. }
        | Step::ForAll { elements: of, .. }
        | Step::Any { of, .. }
        | Step::Exists { elements: of, .. } => {
            // A quantifier rests on the list too: on its being complete as given.
            if lists
                && let Step::ForAll { list, .. } | Step::Exists { list, .. } = step
                && let Some(read) = &list.read
            {
                out.push(read);
            }
            let conjunction = matches!(step, Step::All { .. } | Step::ForAll { .. });
            for child in of {
                // A conjunction that holds rests on all its items; one that fails, on its
                // failing items. Symmetrically for a disjunction.
                let needed = if conjunction == (value == Truth::True) {
                    true
                } else {
                    child.value() == value
                };
                if needed {
                    collect_support(child, lists, out);
                }
            }
        }
        Step::Not { of, .. } => collect_support(of, lists, out),
        Step::Implies {
            condition, then, ..
        } => {
            if value == Truth::True && condition.value() == Truth::False {
                collect_support(condition, lists, out);
            } else {
                if value == Truth::False {
                    collect_support(condition, lists, out);
                }
                collect_support(then, lists, out);
            }
        }
        _ => out.extend(step.facts_read()),
    }
}

/// Every parameter read with a value, once, in the order first read.
fn parameters_used(trace: &Step) -> Vec<ParameterUsed> {
    let mut out: Vec<ParameterUsed> = Vec::new();
    trace.walk(&mut |step| {
        for shown in step.operands() {
            shown.walk_shown(&mut |s| {
                if let Shown::Parameter(read) = s
                    && let Some(value) = &read.value
                    && !out
                        .iter()
                        .any(|p| p.parameter == read.parameter && p.since == read.since)
                {
                    out.push(ParameterUsed {
                        parameter: read.parameter.clone(),
                        label: read.label.clone(),
                        value: value.clone(),
                        since: read.since,
                        legifrance: read.legifrance.clone(),
                    });
                }
            });
        }
    });
    out
}
