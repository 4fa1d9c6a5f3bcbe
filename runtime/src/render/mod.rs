//! Renderings of an assessment for people and machines: the JSON contract, the officer's view
//! (text and HTML) and the applicant's letter (French and English, text and HTML).

pub mod letter;
pub mod templates;
pub mod text;
pub mod words;

use serde::Serialize;

use crate::assessment::Assessment;
use crate::program::Program;
use letter::Letter;
use templates::{TemplateError, Templates};
use words::Lang;

/// The assessment as pretty-printed JSON (the case service's contract).
pub fn json(assessment: &Assessment) -> String {
    // Serialising plain data structures to a string cannot fail.
    serde_json::to_string_pretty(assessment).unwrap_or_default()
}

/// The applicant's letter as text.
pub fn letter_text(
    assessment: &Assessment,
    program: &Program,
    lang: Lang,
    templates: &Templates,
) -> Result<String, TemplateError> {
    let name = format!("lettre.{}.txt", lang.code());
    templates.render(&name, letter::letter(assessment, program, lang))
}

/// The applicant's letter as an HTML page.
pub fn letter_html(
    assessment: &Assessment,
    program: &Program,
    lang: Lang,
    templates: &Templates,
) -> Result<String, TemplateError> {
    let name = format!("lettre.{}.html", lang.code());
    templates.render(&name, letter::letter(assessment, program, lang))
}

/// What the officer's page shows: the letter's view of the assessment, in French, and for each
/// route what only the officer reads (the points of law to check, the whole trace).
#[derive(Serialize)]
struct OfficerPage<'a> {
    letter: Letter,
    routes: Vec<OfficerRoute<'a>>,
}

#[derive(Serialize)]
struct OfficerRoute<'a> {
    name: &'a str,
    reason: Option<&'a str>,
    to_check: Vec<String>,
    trace: String,
}

/// The officer's view as an HTML page (in French).
pub fn officer_html(
    assessment: &Assessment,
    program: &Program,
    templates: &Templates,
) -> Result<String, TemplateError> {
    let page = OfficerPage {
        letter: letter::letter(assessment, program, Lang::Fr),
        routes: assessment
            .routes
            .iter()
            .map(|r| OfficerRoute {
                name: &r.route,
                reason: r.reason.as_deref(),
                to_check: r
                    .to_check
                    .iter()
                    .map(|t| {
                        format!(
                            "[{}, version du {}] {}",
                            t.article.id, t.article.version, t.note
                        )
                    })
                    .collect(),
                trace: r.trace.as_ref().map(text::trace).unwrap_or_default(),
            })
            .collect(),
    };
    templates.render("agent.fr.html", page)
}
