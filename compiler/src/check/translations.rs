//! Translations: `traduction anglaise` and its `« texte français » = « traduction »` entries.
//!
//! A translation is keyed by the French text itself, wherever it appears (a fact's label, a
//! condition's, a reason, a document…): the policy stays written in French only, and a text
//! whose French wording changes shows up as a translation of a text the rules no longer
//! contain.

use std::collections::{BTreeSet, HashMap};

use motif_runtime::Program;
use motif_runtime::program::FactKind;
use motif_runtime::suggest::did_you_mean;
use motif_runtime::value::TypeKind;

use super::Part;
use crate::diagnostics::{Diagnostic, DuplicateTranslation, StaleTranslation, UnknownLanguage};
use crate::source::SourceSet;

/// The language code of a `traduction` header, if the language is supported.
pub fn language_code(written: &str) -> Option<&'static str> {
    match written {
        "anglaise" | "anglais" | "en" => Some("en"),
        _ => None,
    }
}

/// Unknown languages and texts translated twice into the same language.
pub(super) fn check(parts: &[Part<'_>], sources: &SourceSet, diagnostics: &mut Vec<Diagnostic>) {
    let mut first: HashMap<(&str, &str), String> = HashMap::new();
    for part in parts {
        for translation in &part.module.translations {
            let language = &translation.language;
            let Some(code) = language_code(&language.node) else {
                let error = UnknownLanguage {
                    language: language.node.clone(),
                    span: language.span.into(),
                };
                diagnostics.push(Diagnostic::new(part.file, error).shifted(part.offset));
                continue;
            };
            for entry in &translation.entries {
                let key = (code, entry.french.node.as_str());
                let location =
                    || sources.location(part.file, part.offset + entry.french.span.start);
                match first.get(&key) {
                    Some(first) => {
                        let error = DuplicateTranslation {
                            span: entry.french.span.into(),
                            help: format!(
                                "Ce texte est déjà traduit en {first} : gardez une seule traduction."
                            ),
                        };
                        diagnostics.push(Diagnostic::new(part.file, error).shifted(part.offset));
                    }
                    None => {
                        first.insert(key, location());
                    }
                }
            }
        }
    }
}

/// Warnings for translated texts that the rules do not contain (their French wording changed,
/// or they were removed), with the closest text that they do contain.
pub fn stale(program: &Program, parts: &[Part<'_>]) -> Vec<Diagnostic> {
    let texts = french_texts(program);
    let mut diagnostics = Vec::new();
    for part in parts {
        for translation in &part.module.translations {
            for entry in &translation.entries {
                if texts.contains(entry.french.node.as_str()) {
                    continue;
                }
                let help = match did_you_mean(&entry.french.node, texts.iter().copied()) {
                    Some(s) => format!(
                        "Le texte français a peut-être changé ; les règles contiennent « {s} »."
                    ),
                    None => "Recopiez le texte français tel que les règles l'écrivent, ou retirez \
                             cette traduction."
                        .to_string(),
                };
                let error = StaleTranslation {
                    span: entry.french.span.into(),
                    help,
                };
                diagnostics.push(Diagnostic::new(part.file, error).shifted(part.offset));
            }
        }
    }
    diagnostics
}

/// Every text of a program that an explanation may show: labels, reasons, documents, criteria,
/// titles, points to check.
pub fn french_texts(program: &Program) -> BTreeSet<&str> {
    let mut out: BTreeSet<&str> = BTreeSet::new();
    for ty in &program.types {
        match &ty.kind {
            TypeKind::Enum { variants, .. } => {
                out.extend(variants.iter().filter_map(|v| v.label.as_deref()));
            }
            TypeKind::Record { fields } => {
                for field in fields {
                    out.extend(field.label.as_deref());
                    out.extend(field.documents.iter().map(String::as_str));
                }
            }
        }
    }
    for fact in &program.facts {
        out.extend(fact.label.as_deref());
        out.extend(fact.documents.iter().map(String::as_str));
        if let FactKind::Appraisal { criteria } = &fact.kind {
            out.extend(criteria.iter().map(String::as_str));
        }
    }
    for parameter in &program.parameters {
        out.extend(parameter.label.as_deref());
        for value in &parameter.values {
            out.extend(value.to_check.iter().map(String::as_str));
        }
    }
    for article in &program.articles {
        // An agreement is cited by its name, which a letter translates.
        out.insert(article.id.as_str());
        out.extend(article.title.as_deref());
        for version in &article.versions {
            out.extend(version.to_check.iter().map(String::as_str));
            out.extend(version.conditions.iter().filter_map(|c| c.label.as_deref()));
            for derogation in &version.derogations {
                out.extend(derogation.label.as_deref());
            }
            out.extend(version.exclusions.iter().map(|e| e.reason.as_str()));
            for route in &version.routes {
                out.extend(route.label.as_deref());
                out.extend(route.grant.mention.as_deref());
                out.extend(route.to_check.iter().map(String::as_str));
                out.extend(route.closures.iter().map(|c| c.reason.as_str()));
            }
        }
    }
    out
}
