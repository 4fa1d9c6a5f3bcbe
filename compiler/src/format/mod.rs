//! The formatter: a policy file in its one canonical layout (`motif fmt`).
//!
//! It prints from the concrete syntax tree (pest's pairs), which keeps what the AST does not:
//! the order in which attributes were written, where a label stands, which parentheses were
//! written. Comments, which the grammar skips, are found by `comments` and put back between the
//! lines. Words are never changed (keywords take their accented spelling, signs their printed
//! form: `≤`, `≠`, `×`), and texts are never cut, only re-filled where the language reads their
//! line breaks as spaces.
//!
//! Before the result is returned it is parsed again: it must give the same AST as the original
//! (places aside) and the same comments in the same order, or the file is left as it was. A
//! layout can be wrong; a formatted policy cannot say something else than the original.

mod comments;
mod exprs;
mod items;
mod printer;

use crate::diagnostics::Diagnostic;
use crate::source::FileId;
use crate::syntax;

pub use printer::WIDTH;

/// Why a text was not formatted.
#[derive(Debug, Clone, PartialEq)]
pub enum FormatError {
    /// The text has errors (those `motif check` reports for one file): it is formatted once they
    /// are corrected.
    Invalid(Vec<Diagnostic>),
    /// The layout found would not read the same as the original: a bug of the formatter, and the
    /// text is left as it is.
    Unfaithful(Unfaithful),
}

/// The formatted text differs from the original in `what`.
#[derive(Debug, Clone, PartialEq)]
pub struct Unfaithful {
    pub what: &'static str,
    /// The text the formatter produced, for the bug report.
    pub formatted: String,
}

/// How many times at most the layout is computed again on its own output (see [`format`]).
const PASSES: usize = 4;

/// Formats the text of one policy file.
///
/// A comment written inside a construct that has no line to hold it (`arrondi ( # … `) moves to
/// the construct's end, and a construct broken over lines to make room for it may then fit on
/// one: the layout is computed again on its own output until it no longer changes, so that
/// formatting a formatted file changes nothing. Every pass is checked against the original.
pub fn format(source: &str) -> Result<String, FormatError> {
    let (original, problems) = syntax::parse(FileId(0), source);
    if !problems.is_empty() {
        return Err(FormatError::Invalid(problems));
    }
    let meaning = without_places(&format!("{original:?}"));
    let comments = comment_texts(source);
    let mut text = source.to_string();
    for _ in 0..PASSES {
        let next = layout(&text)?;
        check(&next, &meaning, &comments)?;
        if next == text {
            break;
        }
        text = next;
    }
    Ok(text)
}

/// One pass of the layout over a text that parses.
fn layout(source: &str) -> Result<String, FormatError> {
    let tree = syntax::parse_tree(source).map_err(|_| {
        // The text parsed without a syntax error just before.
        FormatError::Unfaithful(Unfaithful {
            what: "la lecture du texte",
            formatted: String::new(),
        })
    })?;
    let mut printer = printer::Printer::new(source, comments::comments(source));
    for file in tree {
        printer.file(file);
    }
    Ok(printer.finish())
}

/// The formatted text must say what the original said (its AST, places aside) and keep its
/// comments, in order.
fn check(formatted: &str, meaning: &str, comments: &[String]) -> Result<(), FormatError> {
    let unfaithful = |what| {
        Err(FormatError::Unfaithful(Unfaithful {
            what,
            formatted: formatted.to_string(),
        }))
    };
    let (again, problems) = syntax::parse(FileId(0), formatted);
    if !problems.is_empty() {
        return unfaithful("la syntaxe");
    }
    if without_places(&format!("{again:?}")) != meaning {
        return unfaithful("le sens des règles");
    }
    if comment_texts(formatted) != comments {
        return unfaithful("les commentaires");
    }
    Ok(())
}

fn comment_texts(text: &str) -> Vec<String> {
    comments::comments(text)
        .into_iter()
        .map(|c| c.text)
        .collect()
}

/// An AST's debug text without its byte places, which the layout moves: what remains is what
/// the policy says.
fn without_places(debug: &str) -> String {
    const SPAN: &str = "Span { start: ";
    let mut kept = String::with_capacity(debug.len());
    let mut rest = debug;
    while let Some(at) = rest.find(SPAN) {
        kept.push_str(&rest[..at]);
        kept.push_str("Span");
        rest = &rest[at..];
        rest = rest.find('}').map_or("", |close| &rest[close + 1..]);
    }
    kept.push_str(rest);
    kept
}

#[cfg(test)]
mod tests;
