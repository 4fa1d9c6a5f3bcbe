//! The server's state driven directly: no text and no position makes it panic, however the
//! text is cut and wherever the cursor is.

use std::str::FromStr;

use lsp_types::{Position, Range, TextDocumentContentChangeEvent, Uri};

use super::completion;
use super::documents::{Documents, Outgoing};
use super::position::LineIndex;

const FACTS: &str = include_str!("../../../policies/ceseda/faits.motif");
const SPOUSE: &str = include_str!("../../../policies/ceseda/l423-1.motif");
const PARAMETERS: &str = include_str!("../../../policies/ceseda/parametres.motif");

fn whole(text: &str) -> Vec<TextDocumentContentChangeEvent> {
    vec![TextDocumentContentChangeEvent {
        range: None,
        range_length: None,
        text: text.to_string(),
    }]
}

/// Asks everything a client can ask at `position`.
fn ask(documents: &mut Documents, uri: &Uri, position: Position) {
    let _ = documents.target_at(uri, position);
    if let Some((text, symbols)) = documents.text_and_symbols(uri) {
        let offset = LineIndex::new(&text).offset(&text, position);
        let _ = completion::complete(&text, offset, &symbols);
    }
}

#[test]
fn every_cut_of_a_policy_and_every_position_is_answered_without_panic() {
    let text = format!("{FACTS}\n{PARAMETERS}\n{SPOUSE}");
    let uri = Uri::from_str("untitled:essai.motif").unwrap();
    let mut documents = Documents::default();
    documents.open(uri.clone(), 1, text.clone());
    let published = documents.flush();
    assert!(
        published
            .iter()
            .any(|o| matches!(o, Outgoing::Publish(p) if p.uri == uri)),
        "{published:?}"
    );
    let boundaries: Vec<usize> = text.char_indices().map(|(i, _)| i).collect();
    let lines = text.lines().count() as u32;
    for (round, &cut) in boundaries.iter().step_by(211).enumerate() {
        let cut_text = &text[..cut];
        documents.change(&uri, round as i32 + 2, whole(cut_text));
        for outgoing in documents.flush() {
            if let Outgoing::Publish(params) = outgoing {
                // Every range lies inside the text as cut.
                let index = LineIndex::new(cut_text);
                for diagnostic in params.diagnostics {
                    let end = index.offset(cut_text, diagnostic.range.end);
                    assert!(end <= cut_text.len());
                }
            }
        }
        for line in (0..lines + 2).step_by(37) {
            for character in [0, 1, 7, 30, 500] {
                ask(&mut documents, &uri, Position::new(line, character));
            }
        }
    }
    // Ranges that are not in the text, or backwards, or in the middle of a character.
    documents.change(&uri, 1000, whole(&text));
    let odd = [
        Range::new(Position::new(5, 3), Position::new(2, 1)),
        Range::new(Position::new(100_000, 0), Position::new(100_001, 9)),
        Range::new(Position::new(0, 3), Position::new(0, 2_000)),
    ];
    for range in odd {
        let change = TextDocumentContentChangeEvent {
            range: Some(range),
            range_length: None,
            text: "« é".to_string(),
        };
        documents.change(&uri, 1001, vec![change]);
        let _ = documents.flush();
        ask(&mut documents, &uri, range.start);
    }
    // A document nobody opened.
    let unknown = Uri::from_str("file:///nulle/part.motif").unwrap();
    assert!(documents.target_at(&unknown, Position::new(0, 0)).is_none());
    assert!(documents.text_and_symbols(&unknown).is_none());
}

#[test]
fn hover_uses_the_last_good_parse_while_the_facts_do_not_parse() {
    let text = format!("{FACTS}\n{SPOUSE}");
    let uri = Uri::from_str("untitled:essai.motif").unwrap();
    let mut documents = Documents::default();
    documents.open(uri.clone(), 1, text.clone());
    let _ = documents.flush();
    // The facts' part is broken: it declares nothing now.
    let broken = text.replacen(
        "fait mariage.transcrit : booléen",
        "fait mariage.transcrit : : ",
        1,
    );
    documents.change(&uri, 2, whole(&broken));
    let published = documents.flush();
    let syntax = lsp_types::NumberOrString::String("motif::syntax".to_string());
    assert!(
        published.iter().any(|o| matches!(
            o,
            Outgoing::Publish(p) if p.diagnostics.iter().any(|d| d.code.as_ref() == Some(&syntax))
        )),
        "{published:?}"
    );
    let at = broken.find("alors mariage.transcrit").unwrap() + "alors mariage.".len();
    let position = LineIndex::new(&broken).position(&broken, at);
    let (hit, _, symbols) = documents.target_at(&uri, position).unwrap();
    let shown = super::hover::markdown(&hit.target, &symbols).unwrap();
    assert!(
        shown.contains("**fait** `mariage.transcrit` : booléen"),
        "{shown}"
    );
}
