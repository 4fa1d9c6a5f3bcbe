//! Our diagnostics as LSP diagnostics: the range of the first label, in UTF-16 positions; the
//! severity; the stable code (`motif::unknown_name`); the message, the label's words and the
//! help line, as `motif check` prints them; the other labels as related information.

use lsp_types::{
    DiagnosticRelatedInformation, DiagnosticSeverity, Location, NumberOrString, Range, Uri,
};
use miette::{Diagnostic as _, Severity};

use super::position::LineIndex;
use crate::diagnostics::Diagnostic;
use crate::syntax::ast::Span;

/// The name shown as the diagnostics' source in the editor.
pub const SOURCE: &str = "motif";

/// Converts one diagnostic of the file `text` (whose URI is `uri`).
pub fn to_lsp(
    diagnostic: &Diagnostic,
    text: &str,
    index: &LineIndex,
    uri: &Uri,
) -> lsp_types::Diagnostic {
    let error = &diagnostic.error;
    let mut labels: Vec<miette::LabeledSpan> =
        error.labels().map(Iterator::collect).unwrap_or_default();
    // The primary label if one is marked, else the first: miette shows them in that order.
    if let Some(primary) = labels.iter().position(miette::LabeledSpan::primary) {
        labels.swap(0, primary);
    }
    let span = |label: &miette::LabeledSpan| Span {
        start: label.offset(),
        end: label.offset() + label.len(),
    };
    let range = labels.first().map_or_else(
        || Range::new(index.position(text, 0), index.position(text, 0)),
        |label| index.range(text, span(label)),
    );
    let mut message = error.to_string();
    if let Some(words) = labels.first().and_then(|l| l.label()) {
        message.push('\n');
        message.push_str(words);
    }
    if let Some(help) = error.help() {
        message.push_str("\naide : ");
        message.push_str(&help.to_string());
    }
    let related: Vec<DiagnosticRelatedInformation> = labels
        .iter()
        .skip(1)
        .map(|label| DiagnosticRelatedInformation {
            location: Location::new(uri.clone(), index.range(text, span(label))),
            message: label.label().unwrap_or("voir aussi").to_string(),
        })
        .collect();
    lsp_types::Diagnostic {
        range,
        severity: Some(severity(error.severity())),
        code: error
            .code()
            .map(|code| NumberOrString::String(code.to_string())),
        code_description: None,
        source: Some(SOURCE.to_string()),
        message,
        related_information: (!related.is_empty()).then_some(related),
        tags: None,
        data: None,
    }
}

fn severity(severity: Option<Severity>) -> DiagnosticSeverity {
    match severity {
        Some(Severity::Warning) => DiagnosticSeverity::WARNING,
        Some(Severity::Advice) => DiagnosticSeverity::INFORMATION,
        Some(Severity::Error) | None => DiagnosticSeverity::ERROR,
    }
}

#[cfg(test)]
mod tests {
    use std::str::FromStr;

    use super::*;
    use crate::source::SourceSet;

    #[test]
    fn a_misspelt_fact_is_reported_at_its_utf16_place_with_its_help() {
        let text = "fait mariage.transcrit : booléen « le mariage a été transcrit »\n\n\
                    article L. 1 « É »\nversion du 2021-01-01\n  légifrance LEGIARTI000000000001\n  \
                    texte « é »\n  condition élémentaire « é » : mariage.transcri\n  \
                    voie v « v » délivre carte de séjour temporaire si élémentaire\n";
        let mut sources = SourceSet::new();
        sources.add("a.motif", text);
        let compilation = crate::compile(&sources).unwrap();
        let diagnostic = compilation
            .diagnostics
            .iter()
            .find(|d| d.is_error())
            .unwrap();
        let uri = Uri::from_str("file:///a.motif").unwrap();
        let lsp = to_lsp(diagnostic, text, &LineIndex::new(text), &uri);
        // Line 6, after `  condition élémentaire « é » : ` (32 UTF-16 units, 36 bytes).
        assert_eq!(lsp.range.start, lsp_types::Position::new(6, 32));
        assert_eq!(lsp.range.end, lsp_types::Position::new(6, 48));
        assert_eq!(lsp.severity, Some(DiagnosticSeverity::ERROR));
        assert_eq!(
            lsp.code,
            Some(NumberOrString::String("motif::unknown_name".into()))
        );
        assert!(lsp.message.starts_with("nom inconnu : `mariage.transcri`"));
        assert!(
            lsp.message
                .contains("aide : Vouliez-vous dire `mariage.transcrit` ?"),
            "{}",
            lsp.message
        );
    }
}
