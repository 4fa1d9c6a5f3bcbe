//! One line of `motif batch`: a dossier decoded, assessed at its dates, and written as one line
//! of JSON — the assessment, the outcomes only (`--outcomes`), or the error that refused it.

use std::panic::{AssertUnwindSafe, catch_unwind};

use serde_json::{Map, Value as Json, json};

use motif_native::NativeProgram;
use motif_runtime::{
    Date, Dates, DatesProblem, DossierErrors, GivenDates, Outcome, Program, assess, decode_dossier,
};

/// How each line is assessed.
pub(super) enum Engine<'p> {
    /// The interpreter: the whole assessment.
    Full(&'p Program),
    /// Native code: the outcome of each route only.
    Outcomes(&'p NativeProgram),
}

/// A line read, to assess.
pub(super) struct Job {
    /// Its rank among the lines to assess (blank lines skipped), for the order of the output.
    pub(super) seq: u64,
    /// Its line number in the input, from 1 (blank lines counted).
    pub(super) line: u64,
    pub(super) bytes: Vec<u8>,
}

/// A line assessed (or refused), ready to write.
pub(super) struct Done {
    pub(super) seq: u64,
    /// One line of JSON, without its end of line.
    pub(super) text: String,
    /// The outcome of every route (none when the line was refused).
    pub(super) outcomes: Vec<Outcome>,
    pub(super) refused: bool,
}

/// Why a line was refused: what to say, and each problem at its JSON path.
struct Refusal {
    message: String,
    problems: Vec<(String, String)>,
}

impl Refusal {
    fn of(errors: &DossierErrors) -> Refusal {
        let problems = errors
            .0
            .iter()
            .map(|error| {
                let whole = error.to_string();
                let prefix = format!("{} : ", error.path);
                let message = whole.strip_prefix(&prefix).unwrap_or(&whole).to_string();
                (error.path.clone(), message)
            })
            .collect::<Vec<_>>();
        Refusal {
            message: format!("dossier invalide ({} problème(s))", problems.len()),
            problems,
        }
    }

    fn one(message: &str, path: &str, problem: String) -> Refusal {
        Refusal {
            message: message.to_string(),
            problems: vec![(path.to_string(), problem)],
        }
    }
}

/// Assesses one line; never panics (a panic of the engine becomes an error line).
pub(super) fn process(engine: &Engine<'_>, given: GivenDates, job: &Job) -> Done {
    let result = catch_unwind(AssertUnwindSafe(|| assess_line(engine, given, job)));
    let result = match result {
        Ok(result) => result,
        Err(payload) => {
            let detail = payload
                .downcast_ref::<&str>()
                .map(|s| (*s).to_string())
                .or_else(|| payload.downcast_ref::<String>().cloned())
                .unwrap_or_default();
            Err(Refusal {
                message: format!("erreur interne pendant l'évaluation : {detail} (signalez-la)"),
                problems: Vec::new(),
            })
        }
    };
    match result {
        Ok((text, outcomes)) => Done {
            seq: job.seq,
            text,
            outcomes,
            refused: false,
        },
        Err(refusal) => Done {
            seq: job.seq,
            text: error_line(job.line, &refusal),
            outcomes: Vec::new(),
            refused: true,
        },
    }
}

fn assess_line(
    engine: &Engine<'_>,
    given: GivenDates,
    job: &Job,
) -> Result<(String, Vec<Outcome>), Refusal> {
    let text = std::str::from_utf8(&job.bytes).map_err(|e| {
        Refusal::one(
            "ligne illisible",
            "$",
            format!(
                "texte qui n'est pas en UTF-8 (octet {} de la ligne)",
                e.valid_up_to() + 1
            ),
        )
    })?;
    match engine {
        Engine::Full(program) => {
            let dossier = decode_dossier(program, text).map_err(|e| Refusal::of(&e))?;
            let dates = dates(given, dossier.decided_on, dossier.filed_on)?;
            let assessment = assess(program, &dossier, dates);
            let line = serde_json::to_string(&assessment).map_err(|e| Refusal {
                message: format!("impossible d'écrire l'évaluation en JSON : {e}"),
                problems: Vec::new(),
            })?;
            Ok((line, assessment.routes.iter().map(|r| r.outcome).collect()))
        }
        Engine::Outcomes(native) => {
            let facts = native.decode(text).map_err(|e| Refusal::of(&e))?;
            let dates = dates(given, facts.decided_on, facts.filed_on)?;
            let outcomes = native.outcomes(&facts, dates);
            let line = outcomes_line(native.program(), job.line, text, &outcomes);
            Ok((line, outcomes))
        }
    }
}

/// The dates of a dossier: the command line's first, then the dossier's.
fn dates(
    given: GivenDates,
    decided_on: Option<Date>,
    filed_on: Option<Date>,
) -> Result<Dates, Refusal> {
    given
        .resolve(decided_on, filed_on)
        .map_err(|problem| match problem {
            DatesProblem::NoDecisionDate => Refusal::one(
                "aucune date de décision",
                "$.decided_on",
                "absente : indiquez \"decided_on\" dans le dossier, ou --decided-on AAAA-MM-JJ"
                    .to_string(),
            ),
            DatesProblem::FiledAfterDecision(problem) => {
                Refusal::one("dates incohérentes", "$.filed_on", problem)
            }
        })
}

/// `{"line":N,"dossier":ID,"outcomes":{"route":"outcome",…}}`, routes in the program's order.
fn outcomes_line(program: &Program, line: u64, text: &str, outcomes: &[Outcome]) -> String {
    let mut routes = Map::new();
    for (route, outcome) in program.routes.iter().zip(outcomes) {
        routes.insert(route.name.clone(), Json::from(outcome.code()));
    }
    let id = motif_runtime::dossier::id_of(text).map_or(Json::Null, Json::String);
    json!({ "line": line, "dossier": id, "outcomes": routes }).to_string()
}

/// `{"line":N,"error":{"message":…,"problems":[{"path":…,"message":…},…]}}`.
fn error_line(line: u64, refusal: &Refusal) -> String {
    let problems: Vec<Json> = refusal
        .problems
        .iter()
        .map(|(path, message)| json!({ "path": path, "message": message }))
        .collect();
    json!({
        "line": line,
        "error": { "message": refusal.message, "problems": problems },
    })
    .to_string()
}
