//! No condition may depend on itself, directly, through other articles, or through a
//! derogation: its value would be undefined (and the interpreter would never finish).

use std::collections::HashMap;

use motif_runtime::program::ArticleId;

use super::{CheckedPart, Declarations, HomeVersion, Part, Resolution, Signatures, home_versions};
use crate::diagnostics::{ConditionCycle, Diagnostic};
use crate::syntax::ast::{Expr, ExprKind, Span};

/// A condition: its article, the index of the version, its name.
type Node = (ArticleId, usize, String);

/// An edge: the condition referred to, and where (file, offset of the part, span).
type Edge = (Node, crate::source::FileId, usize, Span);

/// Reports each cycle among conditions once, at the reference that closes it.
pub(super) fn check(
    parts: &[Part<'_>],
    checked: &[&CheckedPart],
    declarations: &Declarations,
    diagnostics: &mut Vec<Diagnostic>,
) {
    let signatures = &declarations.signatures;
    let graph = Graph::build(parts, checked, declarations);
    let mut state: HashMap<&Node, Visit> = HashMap::new();
    let mut nodes: Vec<&Node> = graph.edges.keys().collect();
    nodes.sort();
    for node in nodes {
        let mut path = Vec::new();
        graph.visit(node, &mut state, &mut path, signatures, diagnostics);
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Visit {
    InProgress,
    Done,
}

struct Graph {
    edges: HashMap<Node, Vec<Edge>>,
}

impl Graph {
    fn build(parts: &[Part<'_>], checked: &[&CheckedPart], declarations: &Declarations) -> Graph {
        let signatures = &declarations.signatures;
        let mut edges: HashMap<Node, Vec<Edge>> = HashMap::new();
        let homes = home_versions(parts, checked, declarations);
        for home in &homes {
            for condition in &home.version.conditions {
                let from = (home.article, home.index, condition.name.node.clone());
                let targets = references(home, &condition.body, signatures);
                edges.entry(from).or_default().extend(targets);
            }
            // A derogation to a condition makes it depend on what the derogation reads.
            for derogation in &home.version.derogations {
                let target_article = match &derogation.target.article {
                    None => Some(home.article),
                    Some(a) => signatures.article_names.get(&a.node).copied(),
                };
                let Some(target) = target_article else {
                    continue;
                };
                let mut reads = Vec::new();
                for expr in derogation.when.iter().chain(derogation.then.iter()) {
                    reads.extend(references(home, expr, signatures));
                }
                for (v, version) in signatures.articles[target.0 as usize]
                    .versions
                    .iter()
                    .enumerate()
                {
                    if version
                        .conditions
                        .iter()
                        .any(|c| c.name == derogation.target.name.node)
                    {
                        edges
                            .entry((target, v, derogation.target.name.node.clone()))
                            .or_default()
                            .extend(reads.iter().cloned());
                    }
                }
            }
        }
        Graph { edges }
    }

    fn visit<'g>(
        &'g self,
        node: &'g Node,
        state: &mut HashMap<&'g Node, Visit>,
        path: &mut Vec<&'g Node>,
        signatures: &Signatures,
        diagnostics: &mut Vec<Diagnostic>,
    ) {
        if state.contains_key(node) {
            return; // done, or in progress: reported by whoever found the back edge
        }
        state.insert(node, Visit::InProgress);
        path.push(node);
        for (target, file, offset, span) in self.edges.get(node).into_iter().flatten() {
            if state.get(target) == Some(&Visit::InProgress) {
                let start = path.iter().position(|n| *n == target).unwrap_or(0);
                let chain: Vec<String> = path[start..]
                    .iter()
                    .chain(std::iter::once(&target))
                    .map(|(a, _, name)| {
                        format!("{name} ({})", signatures.articles[a.0 as usize].id)
                    })
                    .collect();
                let error = ConditionCycle {
                    name: target.2.clone(),
                    chain: chain.join(" → "),
                    span: (*span).into(),
                };
                diagnostics.push(Diagnostic::new(*file, error).shifted(*offset));
            } else if let Some((key, _)) = self.edges.get_key_value(target) {
                self.visit(key, state, path, signatures, diagnostics);
            }
        }
        path.pop();
        state.insert(node, Visit::Done);
    }
}

/// The conditions an expression refers to.
fn references(home: &HomeVersion<'_>, expr: &Expr, signatures: &Signatures) -> Vec<Edge> {
    let mut out = Vec::new();
    expr.walk(&mut |e| {
        if !matches!(e.kind, ExprKind::Ref { .. }) {
            return;
        }
        match home.checked.resolutions.get(&e.id) {
            Some(Resolution::LocalCondition(name)) => {
                out.push((
                    (home.article, home.index, name.clone()),
                    home.part.file,
                    home.part.offset,
                    e.span,
                ));
            }
            Some(Resolution::ArticleCondition(target, name)) => {
                for v in 0..signatures.articles[target.0 as usize].versions.len() {
                    out.push((
                        (*target, v, name.clone()),
                        home.part.file,
                        home.part.offset,
                        e.span,
                    ));
                }
            }
            _ => {}
        }
    });
    out
}
