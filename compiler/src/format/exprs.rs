//! Expressions: on one line when they fit, else broken where a reader expects it: before each
//! `ou` and `et`, between `si` and `alors`, one item per line in `toutes (…)` and `l'une de (…)`,
//! and inside parentheses. The parentheses are those written: precedence is never re-derived.

use pest::iterators::Pair;

use super::printer::{Printer, fits, flat};
use crate::syntax::GrammarRule as Rule;

impl Printer<'_> {
    /// Prints `pair` from a line at `indent` that begins with `prefix` (`si `, `alors `…), and
    /// ends its last line with `suffix` (`,` in a list).
    pub fn expr(&mut self, pair: Pair<'_, Rule>, indent: usize, prefix: &str, suffix: &str) {
        let one_line = format!("{prefix}{}{suffix}", flat(pair.clone(), indent));
        if fits(indent, &one_line) && !self.has_comment_within(&pair) {
            self.line(indent, &one_line);
            return;
        }
        let node = innermost(pair);
        // The lines that continue a construct begun after a prefix are indented under it, so
        // that `alors a` / `ou b` cannot be read as `(si … alors a) ou b`.
        let continued = if prefix.is_empty() {
            indent
        } else {
            indent + 2
        };
        let children: Vec<Pair<'_, Rule>> = node.clone().into_inner().collect();
        match node.as_rule() {
            Rule::implication => {
                let [_, condition, _, consequence] = children.as_slice() else {
                    return self.line(indent, &one_line);
                };
                self.expr(condition.clone(), indent, &format!("{prefix}si "), "");
                self.comments_before(consequence.as_span().start(), continued, false);
                self.expr(consequence.clone(), continued, "alors ", suffix);
            }
            Rule::disjunction | Rule::conjunction => {
                let word = if node.as_rule() == Rule::disjunction {
                    "ou "
                } else {
                    "et "
                };
                let operands: Vec<_> = children
                    .into_iter()
                    .filter(|p| !matches!(p.as_rule(), Rule::kw_ou | Rule::kw_et))
                    .collect();
                let last = operands.len().saturating_sub(1);
                for (i, operand) in operands.into_iter().enumerate() {
                    let end = if i == last { suffix } else { "" };
                    if i == 0 {
                        self.expr(operand, indent, prefix, end);
                    } else {
                        self.comments_before(operand.as_span().start(), continued, false);
                        self.expr(operand, continued, word, end);
                    }
                }
            }
            Rule::negation => match children.as_slice() {
                [_, inner] => self.expr(inner.clone(), indent, &format!("{prefix}non "), suffix),
                _ => self.line(indent, &one_line),
            },
            Rule::all | Rule::any => {
                let head = if node.as_rule() == Rule::all {
                    "toutes ("
                } else {
                    "l'une de ("
                };
                self.line(indent, &format!("{prefix}{head}"));
                for item in children.iter().filter(|p| p.as_rule() == Rule::labelled) {
                    self.comments_before(item.as_span().start(), indent + 2, false);
                    self.labelled(item.clone(), indent + 2, "", ",");
                }
                self.close(&children, indent, suffix);
            }
            Rule::exists | Rule::forall | Rule::count => {
                // The head up to `(` on the first line, the body inside.
                let open = children.iter().position(|p| p.as_rule() == Rule::open);
                let (Some(open), Some(body)) =
                    (open, children.iter().find(|p| p.as_rule() == Rule::expr))
                else {
                    return self.line(indent, &one_line);
                };
                let head: Vec<String> = children[..=open]
                    .iter()
                    .map(|p| flat(p.clone(), indent))
                    .collect();
                self.line(indent, &format!("{prefix}{}", super::printer::join(&head)));
                self.comments_before(body.as_span().start(), indent + 2, false);
                self.expr(body.clone(), indent + 2, "", "");
                self.close(&children, indent, suffix);
            }
            Rule::product
                if matches!(
                    children
                        .iter()
                        .map(Pair::as_rule)
                        .collect::<Vec<_>>()
                        .as_slice(),
                    [Rule::open, Rule::expr, Rule::close]
                ) =>
            {
                self.line(indent, &format!("{prefix}("));
                self.comments_before(children[1].as_span().start(), indent + 2, false);
                self.expr(children[1].clone(), indent + 2, "", "");
                self.close(&children, indent, suffix);
            }
            // Comparisons, sums, names: nothing a reader would want cut.
            _ => self.line(indent, &one_line),
        }
    }

    /// An item of `toutes (…)` or `l'une de (…)`, or the body of a route: the expression and
    /// its label, which goes to the next line when both do not fit on one.
    pub fn labelled(&mut self, pair: Pair<'_, Rule>, indent: usize, prefix: &str, suffix: &str) {
        let mut parts = pair.clone().into_inner();
        let (Some(expr), label) = (parts.next(), parts.next()) else {
            return;
        };
        let Some(label) = label else {
            return self.expr(expr, indent, prefix, suffix);
        };
        let one_line = format!("{prefix}{}{suffix}", flat(pair.clone(), indent));
        if fits(indent, &one_line) && !self.has_comment_within(&pair) {
            return self.line(indent, &one_line);
        }
        self.expr(expr, indent, prefix, "");
        self.comments_before(label.as_span().start(), indent + 2, false);
        let label = flat(label, indent + 2);
        // After a broken list, the label follows its closing parenthesis when it fits there.
        let after_list = self.last_line_is(")");
        if !(after_list && self.extend_last_line(&format!(" {label}{suffix}"))) {
            self.line(indent + 2, &format!("{label}{suffix}"));
        }
    }

    /// The `)` that closes a broken construct, after the comments written before it.
    fn close(&mut self, children: &[Pair<'_, Rule>], indent: usize, suffix: &str) {
        if let Some(close) = children.iter().rev().find(|p| p.as_rule() == Rule::close) {
            self.comments_before(close.as_span().start(), indent + 2, false);
        }
        self.line(indent, &format!("){suffix}"));
    }
}

/// The construct an expression is, below the grammar's levels of precedence that have one child
/// only (`expr` → `disjunction` → … → `product` for a mere name).
fn innermost(pair: Pair<'_, Rule>) -> Pair<'_, Rule> {
    let mut node = pair;
    loop {
        let wrapper = matches!(
            node.as_rule(),
            Rule::expr
                | Rule::disjunction
                | Rule::conjunction
                | Rule::negation
                | Rule::comparison
                | Rule::sum
                | Rule::product
        );
        let mut inner = node.clone().into_inner();
        match (wrapper, inner.next(), inner.next()) {
            (true, Some(only), None) => node = only,
            _ => return node,
        }
    }
}
