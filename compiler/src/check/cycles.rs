//! No condition may depend on itself, directly or through other articles: its value would be
//! undefined (and the interpreter would never finish).

use std::collections::HashMap;

use motif_runtime::program::ArticleId;

use super::{Checked, Resolution};
use crate::diagnostics::{ConditionCycle, Diagnostic};
use crate::syntax::ast::{ConditionDecl, ExprKind, Span};

/// A condition: its article, the index of the version, its name.
type Node = (ArticleId, usize, String);

/// Reports each cycle among conditions once, at the reference that closes it.
pub(super) fn check(checked: &Checked<'_>, diagnostics: &mut Vec<Diagnostic>) {
    let graph = Graph::build(checked);
    let mut state: HashMap<&Node, Visit> = HashMap::new();
    let mut nodes: Vec<&Node> = graph.edges.keys().collect();
    nodes.sort();
    for node in nodes {
        let mut path = Vec::new();
        graph.visit(node, &mut state, &mut path, checked, diagnostics);
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Visit {
    InProgress,
    Done,
}

struct Graph {
    /// For each condition, the conditions it refers to and where.
    edges: HashMap<Node, Vec<(Node, Span)>>,
}

impl Graph {
    fn build(checked: &Checked<'_>) -> Graph {
        let mut edges: HashMap<Node, Vec<(Node, Span)>> = HashMap::new();
        for (index, symbol) in checked.articles.iter().enumerate() {
            let article = ArticleId(index as u32);
            for (v, version) in symbol.article.versions.iter().enumerate() {
                for condition in &version.conditions {
                    let targets = references(checked, symbol.file, condition, article, v);
                    edges
                        .entry((article, v, condition.name.node.clone()))
                        .or_default()
                        .extend(targets);
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
        checked: &Checked<'_>,
        diagnostics: &mut Vec<Diagnostic>,
    ) {
        match state.get(node) {
            Some(Visit::Done) => return,
            Some(Visit::InProgress) => return, // reported by the caller that found the back edge
            None => {}
        }
        state.insert(node, Visit::InProgress);
        path.push(node);
        for (target, span) in self.edges.get(node).into_iter().flatten() {
            if state.get(target) == Some(&Visit::InProgress) {
                let start = path.iter().position(|n| *n == target).unwrap_or(0);
                let chain: Vec<String> = path[start..]
                    .iter()
                    .chain(std::iter::once(&target))
                    .map(|(a, _, name)| {
                        format!(
                            "{name} ({})",
                            checked.articles[a.0 as usize].article.id.node
                        )
                    })
                    .collect();
                let file = checked.articles[node.0.0 as usize].file;
                diagnostics.push(Diagnostic::new(
                    file,
                    ConditionCycle {
                        name: target.2.clone(),
                        chain: chain.join(" → "),
                        span: (*span).into(),
                    },
                ));
            } else if let Some((key, _)) = self.edges.get_key_value(target) {
                self.visit(key, state, path, checked, diagnostics);
            }
        }
        path.pop();
        state.insert(node, Visit::Done);
    }
}

/// The conditions a condition's body refers to.
fn references(
    checked: &Checked<'_>,
    file: crate::source::FileId,
    condition: &ConditionDecl,
    article: ArticleId,
    version: usize,
) -> Vec<(Node, Span)> {
    let mut out = Vec::new();
    condition.body.walk(&mut |expr| {
        if !matches!(expr.kind, ExprKind::Ref { .. }) {
            return;
        }
        match checked.resolutions.get(&(file, expr.id)) {
            Some(Resolution::LocalCondition(name)) => {
                out.push(((article, version, name.clone()), expr.span))
            }
            Some(Resolution::ArticleCondition(target, name)) => {
                let versions = &checked.articles[target.0 as usize].article.versions;
                for (v, _) in versions.iter().enumerate() {
                    out.push(((*target, v, name.clone()), expr.span));
                }
            }
            _ => {}
        }
    });
    out
}
