//! Hover: what a name is, in Markdown, in the words of the policies themselves — a fact's
//! label, type, sensitivity, appraisal criteria and documents; a parameter's dated values; an
//! article's title, Légifrance ids, versions and the beginning of its text; a condition's label
//! and article.

use std::fmt::Write as _;
use std::path::Path;

use super::symbols::{FactInfo, Place, Symbols, Target, TypeShape};

/// How much of an article's text a hover quotes.
const TEXT_CHARS: usize = 400;

/// The Markdown shown for `target`; `None` when the set does not declare it.
pub fn markdown(target: &Target, symbols: &Symbols) -> Option<String> {
    let mut out = String::new();
    match target {
        Target::Fact { name, fields } => {
            let (owner, info) = symbols.field(name, fields)?;
            if fields.is_empty() {
                let what = match (&info.appraisal, info.sensitive) {
                    (Some(_), _) => "appréciation",
                    (None, true) => "fait sensible",
                    (None, false) => "fait",
                };
                let _ = writeln!(out, "**{what}** `{name}` : {}", info.ty);
            } else {
                let path = format!("{name}.{}", fields.join("."));
                let _ = writeln!(out, "**champ** `{path}` : {} (type `{owner}`)", info.ty);
            }
            value_details(&mut out, info, symbols);
            footer(&mut out, &info.place);
        }
        Target::Member { ty, name } => {
            let (_, info) = symbols
                .types
                .get(ty)?
                .members
                .iter()
                .find(|(n, _)| n == name)?;
            let _ = writeln!(out, "**champ** `{name}` de la fiche `{ty}` : {}", info.ty);
            value_details(&mut out, info, symbols);
            footer(&mut out, &info.place);
        }
        Target::Parameter(name) => {
            let info = symbols.parameters.get(name)?;
            let _ = writeln!(out, "**paramètre** `{name}` : {}", info.ty);
            label(&mut out, info.label.as_deref());
            if info.values.is_empty() {
                let _ = writeln!(out, "\n*aucune valeur datée*");
            } else {
                let _ = writeln!(out, "\nValeurs :\n");
                for value in &info.values {
                    let _ = write!(
                        out,
                        "- **{}** {}",
                        value.value,
                        period(&value.from, &value.until)
                    );
                    for note in &value.notes {
                        let _ = write!(out, "\n  - {note}");
                    }
                    out.push('\n');
                }
            }
            footer(&mut out, &info.place);
        }
        Target::Type(name) => {
            let info = symbols.types.get(name)?;
            let shape = match info.shape {
                TypeShape::Enum => "énumération (parmi)",
                TypeShape::Scale => "échelle, dans l'ordre",
                TypeShape::Record => "fiche",
            };
            let _ = writeln!(out, "**type** `{name}` : {shape}");
            label(&mut out, info.label.as_deref());
            out.push('\n');
            for (member, details) in &info.members {
                let ty = if details.ty.is_empty() {
                    String::new()
                } else {
                    format!(" : {}", details.ty)
                };
                let _ = write!(out, "- `{member}`{ty}");
                if let Some(label) = &details.label {
                    let _ = write!(out, " — {label}");
                }
                out.push('\n');
            }
            footer(&mut out, &info.place);
        }
        Target::Variant(name) => {
            let variants = symbols.variants.get(name)?;
            for variant in variants {
                let _ = writeln!(out, "**valeur** `{name}` de `{}`", variant.owner);
                label(&mut out, variant.label.as_deref());
                footer(&mut out, &variant.place);
            }
        }
        Target::Condition { article, name } | Target::Route { article, name } => {
            let info = symbols.articles.get(article)?;
            let route = matches!(target, Target::Route { .. });
            let mut seen = false;
            for version in &info.versions {
                let rules = if route {
                    &version.routes
                } else {
                    &version.conditions
                };
                let Some(rule) = rules.iter().find(|r| &r.name == name) else {
                    continue;
                };
                if !seen {
                    let what = if route { "voie" } else { "condition" };
                    let _ = writeln!(out, "**{what}** `{name}` — article {article}");
                    label(&mut out, rule.label.as_deref());
                    for detail in &rule.details {
                        let _ = writeln!(out, "\n{detail}");
                    }
                    let _ = writeln!(out, "\nVersions qui la déclarent :\n");
                    seen = true;
                }
                let _ = writeln!(out, "- version {}", period(&version.from, &version.until));
            }
            if !seen {
                return None;
            }
        }
        Target::Article(id) => {
            let info = symbols.articles.get(id)?;
            let _ = write!(out, "**article {id}**");
            if let Some(title) = &info.title {
                let _ = write!(out, " — {title}");
            }
            out.push_str("\n\n");
            for version in &info.versions {
                let what = if version.repealed {
                    "abrogé"
                } else {
                    "version"
                };
                let _ = write!(out, "- {what} {}", period(&version.from, &version.until));
                if !version.legifrance.is_empty() {
                    let _ = write!(out, " — Légifrance : {}", version.legifrance.join(", "));
                }
                out.push('\n');
            }
            // The text of the latest version that has one.
            if let Some(version) = info.versions.iter().rev().find(|v| !v.text.is_empty()) {
                let _ = writeln!(
                    out,
                    "\nTexte (version {}) :\n",
                    period(&version.from, &version.until)
                );
                let quoted: Vec<String> = beginning(&version.text, TEXT_CHARS)
                    .lines()
                    .map(|line| format!("> {line}"))
                    .collect();
                let _ = writeln!(out, "{}", quoted.join("\n>\n"));
            }
            if let Some(place) = info.places.first() {
                footer(&mut out, place);
            }
        }
    }
    Some(out.trim_end().to_string())
}

/// What a fact or a field is beyond its type: label, record, sensitivity, appraisal, documents.
fn value_details(out: &mut String, info: &FactInfo, symbols: &Symbols) {
    label(out, info.label.as_deref());
    if let Some(record) = info.record.as_ref().and_then(|r| symbols.types.get(r)) {
        let fields: Vec<String> = record
            .members
            .iter()
            .map(|(n, _)| format!("`{n}`"))
            .collect();
        if record.shape == TypeShape::Record {
            let _ = writeln!(out, "\nChamps : {}", fields.join(", "));
        } else {
            let _ = writeln!(out, "\nValeurs : {}", fields.join(", "));
        }
    }
    if info.sensitive {
        let _ = writeln!(
            out,
            "\n*Donnée sensible* : elle ne peut fonder un refus que dans l'article qui la lit."
        );
    }
    if let Some(criteria) = &info.appraisal {
        let _ = writeln!(
            out,
            "\n*Appréciation de l'agent*, jamais déduite par le moteur."
        );
        if !criteria.is_empty() {
            let _ = writeln!(out, "\nCritères :\n");
            for criterion in criteria {
                let _ = writeln!(out, "- {criterion}");
            }
        }
    }
    if !info.documents.is_empty() {
        let _ = writeln!(out, "\nPièces à demander :\n");
        for document in &info.documents {
            let _ = writeln!(out, "- {document}");
        }
    }
}

fn label(out: &mut String, label: Option<&str>) {
    if let Some(label) = label {
        let _ = writeln!(out, "\n« {label} »");
    }
}

fn footer(out: &mut String, place: &Place) {
    let file = Path::new(&place.file)
        .file_name()
        .map_or(place.file.clone(), |f| f.to_string_lossy().into_owned());
    let _ = writeln!(out, "\n*{file}, ligne {}*", place.range.start.line + 1);
}

fn period(from: &Option<String>, until: &Option<String>) -> String {
    let from = from.as_deref().unwrap_or("?");
    match until {
        Some(until) => format!("du {from} au {until}"),
        None => format!("du {from}"),
    }
}

/// The first `chars` characters of a text, cut at a word, with an ellipsis when cut.
fn beginning(text: &str, chars: usize) -> String {
    if text.chars().count() <= chars {
        return text.to_string();
    }
    let cut: String = text.chars().take(chars).collect();
    let cut = cut.rsplit_once(' ').map_or(cut.as_str(), |(head, _)| head);
    format!("{cut} …")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_long_text_is_cut_at_a_word_and_a_short_one_is_whole() {
        assert_eq!(beginning("L'étranger marié", 100), "L'étranger marié");
        assert_eq!(beginning("L'étranger marié avec", 14), "L'étranger …");
    }
}
