//! Completion: fact names (after `mariage.`, the facts of that group and the fields of a record
//! fact or of a quantifier's element), parameters, the conditions of the article being written
//! and those of other articles (`nom de L. …`), and article numbers after `de `; each with its
//! label as detail.
//!
//! Completion reads the text, not the syntax tree: the name being typed seldom parses.

use std::collections::BTreeMap;

use lsp_types::{CompletionItem, CompletionItemKind, CompletionTextEdit, Range, TextEdit};

use super::position::LineIndex;
use super::symbols::{Symbols, Target, TypeShape};
use super::text;
use crate::syntax::ast::Span;

/// The completions at `offset` of `text`.
pub fn complete(text: &str, offset: usize, symbols: &Symbols) -> Vec<CompletionItem> {
    let offset = offset.min(text.len());
    if !text.is_char_boundary(offset) {
        return Vec::new();
    }
    let index = LineIndex::new(text);
    let (part_start, part) = text::part_at(text, offset);
    let article = text::article_of(part);
    let mut items = Items::default();
    if let Some(start) = text::article_reference_before(text, offset) {
        let range = index.range(text, Span { start, end: offset });
        for (id, info) in &symbols.articles {
            // A named article is written as a quoted text.
            let written = if id.starts_with(['L', 'R', 'D']) && id.contains(". ") {
                id.clone()
            } else {
                format!("« {id} »")
            };
            items.add(
                id,
                written,
                CompletionItemKind::MODULE,
                info.title.clone(),
                range,
            );
        }
        return items.done();
    }
    let (start, typed) = text::name_before(text, offset);
    let range = index.range(text, Span { start, end: offset });
    let before = text.get(part_start..start).unwrap_or("");
    let binders = text::binders(before);
    if let Some((base, _)) = typed.rsplit_once('.') {
        let group = format!("{base}.");
        for (name, info) in symbols.facts.range(group.clone()..) {
            if !name.starts_with(&group) {
                break;
            }
            items.fact(name, info.label.clone(), range);
        }
        for (name, info) in symbols.parameters.range(group.clone()..) {
            if !name.starts_with(&group) {
                break;
            }
            items.add(
                name,
                name.clone(),
                CompletionItemKind::CONSTANT,
                info.label.clone(),
                range,
            );
        }
        // The fields of a record: a fact, a field, or a quantifier's element.
        if let Some(Target::Fact { name, fields }) =
            symbols.resolve(base, article.as_deref(), &[], &binders)
            && let Some((_, info)) = symbols.field(&name, &fields)
            && let Some(record) = info.record.as_ref().and_then(|r| symbols.types.get(r))
            && record.shape == TypeShape::Record
        {
            for (field, details) in &record.members {
                let full = format!("{base}.{field}");
                items.fact(&full, details.label.clone(), range);
            }
        }
        return items.done();
    }
    for (name, info) in &symbols.facts {
        items.fact(name, info.label.clone(), range);
    }
    for (name, info) in &symbols.parameters {
        items.add(
            name,
            name.clone(),
            CompletionItemKind::CONSTANT,
            info.label.clone(),
            range,
        );
    }
    for (binder, list) in &binders {
        let detail = format!("élément de {list}");
        items.add(
            binder,
            binder.clone(),
            CompletionItemKind::VARIABLE,
            Some(detail),
            range,
        );
    }
    for (id, info) in &symbols.articles {
        let here = article.as_deref() == Some(id.as_str());
        for version in &info.versions {
            for condition in &version.conditions {
                // Another article's condition is named with its article.
                let written = if here {
                    condition.name.clone()
                } else {
                    let written_id = if id.contains(". ") {
                        id.clone()
                    } else {
                        format!("« {id} »")
                    };
                    format!("{} de {written_id}", condition.name)
                };
                let kind = CompletionItemKind::FUNCTION;
                items.add(
                    &written,
                    written.clone(),
                    kind,
                    condition.label.clone(),
                    range,
                );
            }
        }
    }
    items.done()
}

/// The items gathered, one per label (the first one seen wins).
#[derive(Default)]
struct Items {
    items: BTreeMap<String, CompletionItem>,
}

impl Items {
    fn add(
        &mut self,
        label: &str,
        written: String,
        kind: CompletionItemKind,
        detail: Option<String>,
        range: Range,
    ) {
        self.items
            .entry(label.to_string())
            .or_insert_with(|| CompletionItem {
                label: label.to_string(),
                kind: Some(kind),
                detail,
                filter_text: Some(written.clone()),
                text_edit: Some(CompletionTextEdit::Edit(TextEdit::new(range, written))),
                ..CompletionItem::default()
            });
    }

    fn fact(&mut self, name: &str, label: Option<String>, range: Range) {
        self.add(
            name,
            name.to_string(),
            CompletionItemKind::FIELD,
            label,
            range,
        );
    }

    fn done(self) -> Vec<CompletionItem> {
        self.items.into_values().collect()
    }
}
