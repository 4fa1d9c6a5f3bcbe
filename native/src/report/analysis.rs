//! The interpreter's analysis (`runtime/src/analysis.rs`) on the plan's nodes: failed grounds,
//! what is left open, and whether a refusal rests on a sensitive fact.

use motif_runtime::Outcome;
use motif_runtime::assessment::{AppraisalPoint, MissingFact, PointKind};
use motif_runtime::logic::Truth;
use motif_runtime::program::FactKind;
use motif_runtime::trace::Citation;

use super::{GroundRef, RouteReport, View};
use crate::plan::{Node, NodeId, Operand, Read};

/// The report of a route native code computed, given its outcome.
pub(crate) fn route_report(view: &View<'_>, name: &str, outcome: Outcome) -> RouteReport {
    let mut report = RouteReport {
        route: name.to_string(),
        outcome,
        closed_by: Vec::new(),
        failed: Vec::new(),
        undetermined: Vec::new(),
        missing: Vec::new(),
        points: Vec::new(),
        trace: Vec::new(),
    };
    let route = view.route;
    let closing = route
        .closures
        .iter()
        .filter(|c| view.truth(c.node) == Truth::True);
    report.closed_by = closing.clone().filter_map(|c| c.closed.clone()).collect();
    if let Some(first) = closing.clone().next() {
        view.walk(first.node, &mut report.trace);
        return report;
    }
    view.walk(route.trace, &mut report.trace);
    let open_closures: Vec<NodeId> = route
        .closures
        .iter()
        .map(|c| c.node)
        .filter(|&n| view.truth(n) == Truth::Unknown)
        .collect();
    let mut open = Open::new(view);
    let home = route.home.clone();
    match view.truth(route.trace) {
        Truth::True => {
            for closure in &open_closures {
                open.visit(*closure, &home, &[], false);
            }
        }
        Truth::False => {
            let mut failing = Vec::new();
            failed_grounds(view, route.trace, Truth::True, &home, &mut failing);
            let fixed: Vec<(NodeId, Truth)> = failing.iter().map(|f| (f.node, f.wanted)).collect();
            open.visit(route.trace, &home, &fixed, false);
            for closure in &open_closures {
                open.visit(*closure, &home, &[], false);
            }
            report.failed = failing
                .iter()
                .map(|f| ground(view, f.node, &f.citation))
                .collect();
        }
        Truth::Unknown => {
            open.visit(route.trace, &home, &[], false);
            for closure in &open_closures {
                open.visit(*closure, &home, &[], false);
            }
        }
    }
    report.undetermined = open.conditions;
    report.missing = open.facts;
    report.points = open.points;
    report
}

/// Whether a refusal rests on a sensitive fact (invariant 9): the outcome is then the
/// officer's to decide.
fn rests_on_sensitive(view: &View<'_>) -> bool {
    let mut failing = Vec::new();
    failed_grounds(
        view,
        view.route.trace,
        Truth::True,
        &view.route.home,
        &mut failing,
    );
    let mut reads = Vec::new();
    for f in &failing {
        collect_support(view, f.node, &mut reads);
    }
    reads.iter().any(|r| r.sensitive)
}

fn ground(view: &View<'_>, node: NodeId, citation: &Citation) -> GroundRef {
    let (condition, label) = match view.node(node) {
        Node::Condition { about, .. } => (about.name.clone(), about.label.clone()),
        _ => (None, None),
    };
    GroundRef {
        article: citation.clone(),
        condition,
        label,
    }
}

struct Failing {
    node: NodeId,
    citation: Citation,
    wanted: Truth,
}

fn failed_grounds(
    view: &View<'_>,
    node: NodeId,
    wanted: Truth,
    citation: &Citation,
    out: &mut Vec<Failing>,
) {
    let value = view.truth(node);
    if value == wanted || value == Truth::Unknown {
        return;
    }
    match view.node(node) {
        Node::Condition { about, .. } => out.push(Failing {
            node,
            citation: about.article.clone(),
            wanted,
        }),
        Node::All(of) | Node::Any(of) => {
            for child in of.iter().filter(|c| view.truth(**c) == wanted.not()) {
                failed_grounds(view, *child, wanted, citation, out);
            }
        }
        Node::Not(of) => failed_grounds(view, *of, wanted.not(), citation, out),
        Node::Implies(condition, then) => {
            if wanted == Truth::True {
                failed_grounds(view, *then, Truth::True, citation, out);
            } else {
                if view.truth(*condition) == Truth::False {
                    failed_grounds(view, *condition, Truth::True, citation, out);
                }
                if view.truth(*then) == Truth::True {
                    failed_grounds(view, *then, Truth::False, citation, out);
                }
            }
        }
        _ => out.push(Failing {
            node,
            citation: citation.clone(),
            wanted,
        }),
    }
}

/// The value of `node` if the nodes in `fixed` had the values given.
fn value_if(view: &View<'_>, node: NodeId, fixed: &[(NodeId, Truth)]) -> Truth {
    if let Some((_, value)) = fixed.iter().find(|(f, _)| *f == node) {
        return *value;
    }
    if fixed.is_empty() {
        return view.truth(node);
    }
    match view.node(node) {
        Node::Quant { list, .. } if view.length(list).is_none() => Truth::Unknown,
        Node::Condition {
            body, favorable, ..
        } => match value_if(view, *body, fixed) {
            Truth::False if *favorable => Truth::Unknown,
            other => other,
        },
        Node::All(_) | Node::Quant { exists: false, .. } => Truth::all(
            view.children(node)
                .into_iter()
                .map(|c| value_if(view, c, fixed)),
        ),
        Node::Any(_) | Node::Quant { exists: true, .. } => Truth::any(
            view.children(node)
                .into_iter()
                .map(|c| value_if(view, c, fixed)),
        ),
        Node::Not(of) => value_if(view, *of, fixed).not(),
        Node::Implies(condition, then) => {
            value_if(view, *condition, fixed).implies(value_if(view, *then, fixed))
        }
        _ => view.truth(node),
    }
}

/// The reads that establish `node`'s value.
fn collect_support<'v>(view: &'v View<'v>, node: NodeId, out: &mut Vec<&'v Read>) {
    let value = view.truth(node);
    match view.node(node) {
        Node::Condition { body, .. } => collect_support(view, *body, out),
        Node::Derogated {
            original,
            tried,
            prevails,
        } => {
            let (winners, conflict) = view.winners(tried, prevails);
            let chosen = |i: usize| !conflict && winners.contains(&i);
            if !(0..tried.len()).any(chosen) {
                collect_support(view, *original, out);
            }
            for (i, t) in tried.iter().enumerate() {
                let applies = t.when.map_or(Truth::True, |w| view.truth(w));
                if (chosen(i) || applies == Truth::False)
                    && let Some(when) = t.when
                {
                    collect_support(view, when, out);
                }
                if chosen(i)
                    && let Some(then) = t.then
                {
                    collect_support(view, then, out);
                }
            }
        }
        Node::All(_) | Node::Any(_) | Node::Quant { .. } => {
            let conjunction = matches!(
                view.node(node),
                Node::All(_) | Node::Quant { exists: false, .. }
            );
            for child in view.children(node) {
                let needed = if conjunction == (value == Truth::True) {
                    true
                } else {
                    view.truth(child) == value
                };
                if needed {
                    collect_support(view, child, out);
                }
            }
        }
        Node::Not(of) => collect_support(view, *of, out),
        Node::Implies(condition, then) => {
            if value == Truth::True && view.truth(*condition) == Truth::False {
                collect_support(view, *condition, out);
            } else {
                if value == Truth::False {
                    collect_support(view, *condition, out);
                }
                collect_support(view, *then, out);
            }
        }
        other => {
            for operand in crate::plan::NativeRoute::operands(other) {
                reads(operand, out);
            }
        }
    }
}

/// The facts an operand reads, inside computations too (not inside a count's elements).
fn reads<'v>(operand: &'v Operand, out: &mut Vec<&'v Read>) {
    match operand {
        Operand::Cell { read, .. } => out.push(read),
        Operand::Arith { left, right, .. } => {
            reads(left, out);
            reads(right, out);
        }
        Operand::Between { from, to, .. } => {
            reads(from, out);
            reads(to, out);
        }
        _ => {}
    }
}

/// What remains open: `Open` of the interpreter's analysis.
struct Open<'a, 'v> {
    view: &'a View<'v>,
    conditions: Vec<GroundRef>,
    facts: Vec<MissingFact>,
    points: Vec<AppraisalPoint>,
}

impl<'a, 'v> Open<'a, 'v> {
    fn new(view: &'a View<'v>) -> Self {
        Open {
            view,
            conditions: Vec::new(),
            facts: Vec::new(),
            points: Vec::new(),
        }
    }

    fn missing(&mut self, fact: &str, label: Option<&str>) {
        if !self.facts.iter().any(|m| m.fact == fact) {
            self.facts.push(MissingFact {
                fact: fact.to_string(),
                label: label.map(str::to_string),
                documents: self.view.program.documents_for(fact).to_vec(),
            });
        }
    }

    fn point(
        &mut self,
        article: &Citation,
        kind: PointKind,
        point: String,
        subject: Option<String>,
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

    fn visit(
        &mut self,
        node: NodeId,
        citation: &Citation,
        fixed: &[(NodeId, Truth)],
        inside: bool,
    ) {
        let view = self.view;
        if value_if(view, node, fixed) != Truth::Unknown {
            return;
        }
        match view.node(node) {
            Node::Condition {
                body,
                favorable,
                about,
            } => {
                if *favorable && view.truth(*body) == Truth::False {
                    let what = about
                        .label
                        .as_deref()
                        .or(about.name.as_deref())
                        .unwrap_or("condition");
                    let point = format!(
                        "{what} (condition favorable non remplie : la voie n'est pas refusée pour ce motif)"
                    );
                    self.point(
                        &about.article,
                        PointKind::Favorable,
                        point,
                        about.label.clone(),
                        Vec::new(),
                    );
                    return;
                }
                if !inside {
                    self.conditions.push(ground(view, node, &about.article));
                }
                self.visit(*body, &about.article, fixed, true);
            }
            Node::Derogated {
                tried, prevails, ..
            } if view.winners(tried, prevails).1 => {
                let (winners, _) = view.winners(tried, prevails);
                let names: Vec<String> = winners
                    .iter()
                    .map(|&w| format!("{} ({})", tried[w].name, tried[w].article.id))
                    .collect();
                let conflict = format!(
                    "les dérogations {} s'appliquent ensemble sans priorité entre elles et conduisent à des résultats différents",
                    names.join(" et ")
                );
                self.point(citation, PointKind::Conflict, conflict, None, Vec::new());
            }
            Node::Unavailable(unavailable) => {
                if unavailable.missing_filing {
                    self.missing("filed_on", Some("la date de la demande"));
                } else {
                    let reason = view.reason(unavailable);
                    self.point(citation, PointKind::Unavailable, reason, None, Vec::new());
                }
            }
            Node::Quant { list, .. } if view.length(list).is_none() => {
                self.missing(&list.path, list.label.as_deref());
                if !inside {
                    self.conditions.push(ground(view, node, citation));
                }
            }
            other => {
                let children = view.children(node);
                let leaf = children.is_empty() && !matches!(other, Node::Derogated { .. });
                if leaf && !inside {
                    self.conditions.push(ground(view, node, citation));
                }
                for operand in crate::plan::NativeRoute::operands(other) {
                    self.operand(operand, citation, fixed);
                }
                for child in children {
                    self.visit(child, citation, fixed, inside);
                }
            }
        }
    }

    fn operand(&mut self, operand: &Operand, citation: &Citation, fixed: &[(NodeId, Truth)]) {
        let view = self.view;
        match operand {
            Operand::Cell { read, .. } if view.value(operand).0.is_none() => {
                if read.appraisal {
                    let criteria = view
                        .program
                        .fact_id(&read.path)
                        .map(|id| match &view.program.fact(id).kind {
                            FactKind::Appraisal { criteria } => criteria.clone(),
                            FactKind::Fact => Vec::new(),
                        })
                        .unwrap_or_default();
                    let point = read.label.clone().unwrap_or_else(|| read.path.clone());
                    self.point(
                        citation,
                        PointKind::Appraisal,
                        point,
                        read.label.clone(),
                        criteria,
                    );
                } else {
                    self.missing(&read.path, read.label.as_deref());
                }
            }
            Operand::Unavailable(gap) => {
                let reason = match gap.reference {
                    Some(reference) => format!(
                        "le paramètre {} n'a pas de valeur le {}",
                        gap.parameter,
                        view.reference_date(reference)
                    ),
                    None => "la date de la demande n'est pas connue".to_string(),
                };
                self.point(citation, PointKind::Unavailable, reason, None, Vec::new());
            }
            Operand::FilingDate if view.dates.filed_on.is_none() => {
                self.missing("filed_on", Some("la date de la demande"));
            }
            Operand::Arith { left, right, .. } => {
                if view.value(operand).1 {
                    let point = "calcul impossible (résultat hors des limites)".to_string();
                    self.point(citation, PointKind::Unavailable, point, None, Vec::new());
                }
                self.operand(left, citation, fixed);
                self.operand(right, citation, fixed);
            }
            Operand::Between { from, to, .. } => {
                self.operand(from, citation, fixed);
                self.operand(to, citation, fixed);
            }
            Operand::Count { list, elements } if view.value(operand).0.is_none() => {
                match view.length(list) {
                    None => self.missing(&list.path, list.label.as_deref()),
                    Some(_) => {
                        for element in view.present(list, elements) {
                            self.visit(*element, citation, fixed, true);
                        }
                    }
                }
            }
            _ => {}
        }
    }
}

/// Whether the route's outcome, computed natively, must become the officer's: a refusal
/// resting on a sensitive fact.
pub(crate) fn sensitive_outcome(view: &View<'_>, outcome: Outcome) -> Outcome {
    if outcome == Outcome::NotEligible && view.route.sensitive && rests_on_sensitive(view) {
        Outcome::NeedsAppraisal
    } else {
        outcome
    }
}
