//! The items of a policy file, each in its canonical layout: declarations, articles and their
//! versions at the margin, rules indented under their version, each clause of a rule on a line of
//! its own, and a blank line between items.

use pest::iterators::Pair;

use super::printer::{Printer, block_text, end_of, fits, flat, join};
use crate::syntax::GrammarRule as Rule;

/// How far the rules of a version are indented.
const RULE: usize = 2;

impl Printer<'_> {
    /// Prints every item of a parsed file, with the comments between them.
    pub fn file(&mut self, file: Pair<'_, Rule>) {
        let mut previous: Option<Rule> = None;
        for item in file.into_inner() {
            let rule = item.as_rule();
            if rule == Rule::EOI {
                break;
            }
            let (start, end) = (item.as_span().start(), end_of(&item));
            let indent = match rule {
                Rule::condition | Rule::route | Rule::derogation | Rule::exclusion => RULE,
                _ => 0,
            };
            self.trailing_comments(start);
            // The entries of a translation follow it as a table, without blank lines between
            // them but those the author left.
            let in_table = rule == Rule::translation_entry
                && matches!(previous, Some(Rule::translation | Rule::translation_entry));
            if !in_table {
                self.blank();
            }
            self.comments_before(start, indent, true);
            self.keep_blank(start);
            match rule {
                Rule::type_decl => self.type_decl(item),
                Rule::fact | Rule::appraisal | Rule::parameter => self.fact(item),
                Rule::version | Rule::repeal => self.version(item),
                Rule::condition => self.condition(item),
                Rule::route => self.route(item),
                Rule::derogation => self.derogation(item),
                Rule::exclusion => self.exclusion(item),
                // `article …`, `traduction …`, `« … » = « … »`: one line each.
                _ => {
                    let line = flat(item.clone(), 0);
                    self.line(0, &line);
                }
            }
            self.mark(end);
            previous = Some(rule);
        }
    }

    /// `type nom « intitulé » : parmi (…)`: the kind on the same line when it fits, else on the
    /// next, else one variant or field per line.
    fn type_decl(&mut self, item: Pair<'_, Rule>) {
        let children: Vec<_> = item.into_inner().collect();
        let Some(kind_at) = children.iter().position(|p| {
            matches!(
                p.as_rule(),
                Rule::ty_enum | Rule::ty_scale | Rule::ty_record
            )
        }) else {
            return;
        };
        let head = flat_all(&children[..kind_at], 0);
        let kind = children[kind_at].clone();
        let after = &children[kind_at + 1..];
        let kind_flat = flat(kind.clone(), 0);
        let one_line = join(&[head.clone(), kind_flat.clone(), flat_all(after, 0)]);
        if fits(0, &one_line) && !self.has_comment_within(&kind) {
            return self.line(0, &one_line);
        }
        if fits(2, &kind_flat) && !self.has_comment_within(&kind) {
            self.line(0, &head);
            self.line(2, &kind_flat);
        } else {
            self.broken_type(&head, kind, 0);
        }
        self.label_lines(after, 2);
    }

    /// `fait`, `appréciation` and `paramètre`: the head and its type, the label when it fits on
    /// the same line, then each clause (`pièces`, `critères`, `valeur …`) on a line of its own.
    fn fact(&mut self, item: Pair<'_, Rule>) {
        let children: Vec<_> = item.into_inner().collect();
        let Some(colon) = children.iter().position(|p| p.as_rule() == Rule::colon) else {
            return;
        };
        let (head, rest) = children.split_at(colon + 1);
        let mut head = flat_all(head, 0);
        let Some((ty, rest)) = rest.split_first() else {
            return;
        };
        let ty_flat = flat(ty.clone(), 0);
        let mut rest = rest.iter().peekable();
        let broken = matches!(ty.as_rule(), Rule::ty_enum | Rule::ty_scale)
            && (!fits(0, &join(&[&head, &ty_flat])) || self.has_comment_within(ty));
        if broken {
            self.broken_type(&head, ty.clone(), 0);
        } else {
            head = join(&[head, ty_flat]);
            if let Some(label) = rest.next_if(|p| p.as_rule() == Rule::text) {
                let with_label = join(&[head.clone(), flat(label.clone(), 0)]);
                if fits(0, &with_label) {
                    head = with_label;
                } else {
                    self.line(0, &head);
                    head = flat(label.clone(), 2);
                    self.line(2, &head);
                    head.clear();
                }
            }
            if !head.is_empty() {
                self.line(0, &head);
            }
        }
        for clause in rest {
            self.comments_before(clause.as_span().start(), 2, false);
            match clause.as_rule() {
                Rule::documents | Rule::criteria => self.text_list(clause.clone(), 2),
                Rule::param_value => self.param_value(clause.clone()),
                _ => {
                    let line = flat(clause.clone(), 2);
                    self.line(2, &line);
                }
            }
        }
    }

    /// `valeur 615 € du 2021-05-01 [au …]`, then its sources one per line.
    fn param_value(&mut self, value: Pair<'_, Rule>) {
        let children: Vec<_> = value.into_inner().collect();
        let split = children
            .iter()
            .position(|p| {
                matches!(
                    p.as_rule(),
                    Rule::legifrance | Rule::source | Rule::to_check
                )
            })
            .unwrap_or(children.len());
        let head = flat_all(&children[..split], 2);
        self.line(2, &head);
        self.attributes(&children[split..], 4);
    }

    /// `version du … [au …]` (or `abrogé`), then its attributes one per line.
    fn version(&mut self, item: Pair<'_, Rule>) {
        let children: Vec<_> = item.into_inner().collect();
        let split = children
            .iter()
            .position(|p| {
                matches!(
                    p.as_rule(),
                    Rule::legifrance | Rule::texte | Rule::to_check | Rule::source
                )
            })
            .unwrap_or(children.len());
        let head = flat_all(&children[..split], 0);
        self.line(0, &head);
        self.attributes(&children[split..], 2);
    }

    /// The attributes of a version or a value, one per line. An article's text that does not fit
    /// on its line is a block, filled to the width.
    fn attributes(&mut self, attributes: &[Pair<'_, Rule>], indent: usize) {
        for attribute in attributes {
            self.comments_before(attribute.as_span().start(), indent, false);
            let line = flat(attribute.clone(), indent);
            let text = attribute
                .clone()
                .into_inner()
                .find(|p| p.as_rule() == Rule::text);
            match (attribute.as_rule(), text) {
                (Rule::texte, Some(text)) if !fits(indent, &line) => {
                    let content = super::printer::text_content(&text);
                    self.line(indent, &format!("texte {}", block_text(&content, indent)));
                }
                _ => self.line(indent, &line),
            }
        }
    }

    /// `condition [générale] nom « intitulé » [pour …] :` with the body on the next line.
    fn condition(&mut self, item: Pair<'_, Rule>) {
        let children: Vec<_> = item.into_inner().collect();
        let Some(colon) = children.iter().position(|p| p.as_rule() == Rule::colon) else {
            return;
        };
        let Some(name) = children.iter().position(|p| p.as_rule() == Rule::ident) else {
            return;
        };
        let mut parts: Vec<String> = vec![flat_all(&children[..=name], RULE)];
        for part in &children[name + 1..colon] {
            parts.push(match part.as_rule() {
                Rule::cards => self.list(part.clone(), RULE + 2),
                _ => flat(part.clone(), RULE + 2),
            });
        }
        let last = parts.len() - 1;
        parts[last].push_str(" :");
        self.clauses(&parts, RULE);
        if let Some(body) = children.get(colon + 1) {
            self.comments_before(body.as_span().start(), RULE + 2, false);
            self.expr(body.clone(), RULE + 2, "", "");
        }
    }

    /// `voie nom « intitulé »`, then `délivre …`, the points to check, the `sans objet` clauses
    /// and `si …`, each on a line of its own.
    fn route(&mut self, item: Pair<'_, Rule>) {
        let children: Vec<_> = item.into_inner().collect();
        let Some(grant) = children.iter().position(|p| p.as_rule() == Rule::grant) else {
            return;
        };
        self.head(&children[..grant]);
        let clause = RULE + 2;
        for part in &children[grant..] {
            self.comments_before(part.as_span().start(), clause, false);
            match part.as_rule() {
                Rule::closure => {
                    let one_line = flat(part.clone(), clause);
                    let inner: Vec<_> = part.clone().into_inner().collect();
                    match inner.iter().position(|p| p.as_rule() == Rule::kw_si) {
                        Some(si) if !fits(clause, &one_line) || self.has_comment_within(part) => {
                            self.line(clause, &flat_all(&inner[..si], clause));
                            if let Some(when) = inner.get(si + 1) {
                                self.expr(when.clone(), clause + 2, "si ", "");
                            }
                        }
                        _ => self.line(clause, &one_line),
                    }
                }
                Rule::labelled => self.labelled(part.clone(), clause, "si ", ""),
                Rule::kw_si => {}
                _ => {
                    let line = flat(part.clone(), clause);
                    self.line(clause, &line);
                }
            }
        }
    }

    /// `dérogation nom « intitulé »`, then `à …`, `lorsque …`, `alors …`, `prime sur …`.
    fn derogation(&mut self, item: Pair<'_, Rule>) {
        let children: Vec<_> = item.into_inner().collect();
        let Some(target) = children.iter().position(|p| p.as_rule() == Rule::kw_a) else {
            return;
        };
        self.head(&children[..target]);
        self.keyword_clauses(&children[target..], RULE + 2);
    }

    /// `exclusion nom « raison »`, then `pour …` and `si …`.
    fn exclusion(&mut self, item: Pair<'_, Rule>) {
        let children: Vec<_> = item.into_inner().collect();
        let Some(cards) = children.iter().position(|p| p.as_rule() == Rule::kw_pour) else {
            return;
        };
        self.head(&children[..cards]);
        self.keyword_clauses(&children[cards..], RULE + 2);
    }

    /// `voie nom « intitulé »` (or `dérogation`, `exclusion`): the label on the same line when
    /// it fits.
    fn head(&mut self, children: &[Pair<'_, Rule>]) {
        let name = children.len().min(2);
        let parts = [
            flat_all(&children[..name], RULE),
            flat_all(&children[name..], RULE + 2),
        ];
        self.clauses(&parts, RULE);
    }

    /// Clauses that each begin with a keyword (`à`, `lorsque`, `alors`, `pour`, `si`, or are
    /// `prime sur …`), one per line; an expression after `lorsque`, `alors` or `si` breaks as expressions
    /// do.
    fn keyword_clauses(&mut self, children: &[Pair<'_, Rule>], indent: usize) {
        let starts: Vec<usize> = children
            .iter()
            .enumerate()
            .filter(|(_, p)| {
                matches!(
                    p.as_rule(),
                    Rule::kw_a
                        | Rule::kw_lorsque
                        | Rule::kw_alors
                        | Rule::prevails
                        | Rule::kw_pour
                        | Rule::kw_si
                )
            })
            .map(|(i, _)| i)
            .collect();
        for (n, &start) in starts.iter().enumerate() {
            let end = starts.get(n + 1).copied().unwrap_or(children.len());
            let clause = &children[start..end];
            self.comments_before(clause[0].as_span().start(), indent, false);
            match (clause[0].as_rule(), clause.get(1)) {
                (Rule::kw_lorsque | Rule::kw_alors | Rule::kw_si, Some(expr))
                    if expr.as_rule() == Rule::expr =>
                {
                    let prefix = format!("{} ", flat(clause[0].clone(), indent));
                    self.expr(expr.clone(), indent, &prefix, "");
                }
                (Rule::kw_pour, _) => {
                    let cards: Vec<String> = clause[1..]
                        .iter()
                        .filter(|p| p.as_rule() == Rule::card)
                        .map(|p| flat(p.clone(), indent))
                        .collect();
                    let line = fill("pour", &cards, indent);
                    self.line(indent, &line);
                }
                _ => {
                    let line = flat_all(clause, indent);
                    self.line(indent, &line);
                }
            }
        }
    }

    /// The parts of a rule's head: as many as fit on the first line, then each other on a line
    /// of its own, indented.
    fn clauses(&mut self, parts: &[String], indent: usize) {
        let mut parts = parts.iter().filter(|p| !p.is_empty());
        let Some(first) = parts.next() else {
            return;
        };
        let mut line = first.clone();
        let mut rest = parts.peekable();
        while let Some(part) = rest.next_if(|p| fits(indent, &join(&[line.as_str(), p]))) {
            line = join(&[line.as_str(), part]);
        }
        self.line(indent, &line);
        for part in rest {
            self.line(indent + 2, part);
        }
    }

    /// `pour titre, titre, …` filled to the width (a condition's cards).
    fn list(&mut self, cards: Pair<'_, Rule>, indent: usize) -> String {
        let names: Vec<String> = cards
            .into_inner()
            .filter(|p| p.as_rule() == Rule::card)
            .map(|p| flat(p, indent))
            .collect();
        fill("pour", &names, indent)
    }

    /// `pièces « … », « … »` or `critères …`: on one line when it fits, else one text per line,
    /// aligned under the first.
    fn text_list(&mut self, list: Pair<'_, Rule>, indent: usize) {
        let one_line = flat(list.clone(), indent);
        if fits(indent, &one_line) {
            return self.line(indent, &one_line);
        }
        let mut children = list.into_inner();
        let keyword = children.next().map(|k| flat(k, indent)).unwrap_or_default();
        let align = indent + keyword.chars().count() + 1;
        let texts: Vec<_> = children.filter(|p| p.as_rule() == Rule::text).collect();
        let last = texts.len().saturating_sub(1);
        for (i, text) in texts.into_iter().enumerate() {
            let comma = if i == last { "" } else { "," };
            if i > 0 {
                // Before the first text stands the keyword, which begins the line.
                self.comments_before(text.as_span().start(), align, false);
            }
            let text = flat(text, align);
            if i == 0 {
                self.line(indent, &format!("{keyword} {text}{comma}"));
            } else {
                self.line(align, &format!("{text}{comma}"));
            }
        }
    }

    /// An inline enumeration, scale or record too long for a line: one variant or field per
    /// line under the head.
    fn broken_type(&mut self, head: &str, kind: Pair<'_, Rule>, indent: usize) {
        let children: Vec<_> = kind.into_inner().collect();
        let Some(open) = children.iter().position(|p| p.as_rule() == Rule::open) else {
            return;
        };
        let opening = flat_all(&children[..=open], indent);
        self.line(indent, &join(&[head, opening.as_str()]));
        let inner = indent + 4;
        for member in children
            .iter()
            .filter(|p| matches!(p.as_rule(), Rule::variant | Rule::field_decl))
        {
            self.comments_before(member.as_span().start(), inner, false);
            let parts: Vec<_> = member.clone().into_inner().collect();
            let documents = parts.iter().position(|p| p.as_rule() == Rule::documents);
            let head = flat_all(&parts[..documents.unwrap_or(parts.len())], inner);
            match documents {
                None => self.label_fitted(&head, &parts, inner, ","),
                Some(at) => {
                    self.label_fitted(&head, &parts[..at], inner, "");
                    let mut line = flat(parts[at].clone(), inner + 2);
                    line.push(',');
                    self.line(inner + 2, &line);
                }
            }
        }
        if let Some(close) = children.iter().rev().find(|p| p.as_rule() == Rule::close) {
            self.comments_before(close.as_span().start(), inner, false);
        }
        self.line(indent + 2, ")");
    }

    /// A variant or a field: on one line when it fits; else its label on the next line.
    fn label_fitted(&mut self, one_line: &str, parts: &[Pair<'_, Rule>], indent: usize, end: &str) {
        let with_end = format!("{one_line}{end}");
        match parts.last() {
            Some(label) if label.as_rule() == Rule::text && !fits(indent, &with_end) => {
                let head = flat_all(&parts[..parts.len() - 1], indent);
                self.line(indent, &head);
                let label = flat(label.clone(), indent + 2);
                self.line(indent + 2, &format!("{label}{end}"));
            }
            _ => self.line(indent, &with_end),
        }
    }

    /// The label written after a broken type, on a line of its own.
    fn label_lines(&mut self, after: &[Pair<'_, Rule>], indent: usize) {
        for label in after {
            self.comments_before(label.as_span().start(), indent, false);
            let line = flat(label.clone(), indent);
            self.line(indent, &line);
        }
    }
}

/// Several pairs on one line.
fn flat_all(pairs: &[Pair<'_, Rule>], indent: usize) -> String {
    let tokens: Vec<String> = pairs.iter().map(|p| flat(p.clone(), indent)).collect();
    join(&tokens)
}

/// `keyword a, b, c` filled to the width, never cutting an item: the lines after the first are
/// indented by four more (they continue a clause, whose own continuation lines are indented by
/// two).
fn fill(keyword: &str, items: &[String], indent: usize) -> String {
    let mut filled = keyword.to_string();
    let mut column = indent + keyword.chars().count();
    let last = items.len().saturating_sub(1);
    for (i, item) in items.iter().enumerate() {
        let item = if i == last {
            item.clone()
        } else {
            format!("{item},")
        };
        let width = item.chars().count();
        if column + 1 + width > super::printer::WIDTH && i > 0 {
            filled.push('\n');
            filled.extend(std::iter::repeat_n(' ', indent + 4));
            column = indent + 4;
        } else {
            filled.push(' ');
            column += 1;
        }
        filled.push_str(&item);
        column += width;
    }
    filled
}
