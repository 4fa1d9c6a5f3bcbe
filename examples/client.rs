//! A small client of `motif serve`, as a case service would write it.
//!
//! ```text
//! cargo run --example client -- [--url http://127.0.0.1:8080] [--token-file F] [--letter fr|en] DOSSIER.json...
//! ```
//!
//! For each dossier: `POST /v1/assessments`, print every route's outcome (and for refusals
//! the failed conditions with their article), the journal id; then fetch the assessment back
//! by its id and replay it, to show that the journal answers for what was given.
//!
//! The engine suggests, a person decides: a case service shows the outcomes to an officer,
//! it never turns them into a decision by itself.

use std::error::Error;
use std::process::ExitCode;
use std::time::Duration;

use serde_json::Value;
use ureq::Agent;
use ureq::http::Response;

type Result<T, E = Box<dyn Error>> = std::result::Result<T, E>;

const USAGE: &str = "usage: cargo run --example client -- [--url http://127.0.0.1:8080] \
                     [--token-file FILE] [--letter fr|en] DOSSIER.json...";

struct Args {
    url: String,
    token: Option<String>,
    letter: Option<String>,
    dossiers: Vec<String>,
}

fn main() -> ExitCode {
    run().unwrap_or_else(|error| {
        eprintln!("error: {error}");
        ExitCode::from(2)
    })
}

fn run() -> Result<ExitCode> {
    let args = parse_args()?;
    // One agent for the whole run: it keeps connections alive between requests. 4xx and 5xx
    // are answers to read (problem+json), not transport errors.
    let agent: Agent = Agent::config_builder()
        .http_status_as_error(false)
        .timeout_global(Some(Duration::from_secs(30)))
        .build()
        .into();
    let client = Client { agent, args: &args };
    let mut failures = 0;
    for path in &args.dossiers {
        println!("== {path}");
        if let Err(error) = client.one(path) {
            println!("   failed: {error}");
            failures += 1;
        }
        println!();
    }
    Ok(if failures == 0 {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    })
}

struct Client<'a> {
    agent: Agent,
    args: &'a Args,
}

/// An HTTP answer read whole: its status, `Location` header and body.
struct Answer {
    status: u16,
    location: Option<String>,
    problem: bool,
    body: String,
}

impl Client<'_> {
    fn one(&self, path: &str) -> Result<()> {
        let dossier = std::fs::read_to_string(path)?;
        let url = format!("{}/v1/assessments", self.args.url);
        let answer = self.read(
            self.with_token(self.agent.post(&url))
                .content_type("application/json")
                .send(&dossier)?,
        )?;
        if answer.status != 200 {
            return Err(self.problem(&answer));
        }
        let assessment: Value = serde_json::from_str(&answer.body)?;
        print_routes(&assessment);
        // Keep both ids with the case. The journal id (in `Location`) names this answer in
        // the service's journal: an appeal, an audit or a replay asks for it. The receipt's
        // id names the computation: the same facts, dates and policy set give the same one.
        let receipt = text(&assessment["receipt"]["id"]);
        let Some(location) = answer.location else {
            return Err("the service gave no Location for the assessment".into());
        };
        let id = location.rsplit('/').next().unwrap_or_default();
        println!("   journal id: {id}");
        println!("   receipt:    {receipt}");
        println!(
            "   policy set: {}",
            text(&assessment["receipt"]["policy_set"])
        );

        // Fetched back by its id: the journal gives the assessment exactly as it was given.
        let url = format!("{}{location}", self.args.url);
        let kept = self.read(self.with_token(self.agent.get(&url)).call()?)?;
        if kept.status != 200 {
            return Err(self.problem(&kept));
        }
        println!(
            "   fetched back: {}",
            if kept.body.trim_end() == answer.body.trim_end() {
                "same bytes as given"
            } else {
                "DIFFERENT from what was given"
            }
        );

        // Replayed with the policy set of the time (the journal keeps its sources): the same
        // assessment, byte for byte, or the differences in words.
        let replay = self.read(
            self.with_token(self.agent.post(format!("{url}/replay")))
                .send_empty()?,
        )?;
        if replay.status != 200 {
            return Err(self.problem(&replay));
        }
        let report: Value = serde_json::from_str(&replay.body)?;
        if report["identical"] == Value::Bool(true) {
            println!("   replay: identical");
        } else {
            println!("   replay: DIFFERENT");
            for difference in report["differences"].as_array().into_iter().flatten() {
                println!("     - {}", text(difference));
            }
        }

        // The applicant's letter, rendered again from the journal with the rules of the time.
        // Show it to the officer, who signs and sends it (or not): Motif never decides.
        if let Some(lang) = &self.args.letter {
            let letter = self.read(
                self.with_token(self.agent.get(&url))
                    .query("format", "letter")
                    .query("lang", lang)
                    .call()?,
            )?;
            if letter.status != 200 {
                return Err(self.problem(&letter));
            }
            println!("   --- letter ({lang}) ---");
            for line in letter.body.lines() {
                println!("   | {line}");
            }
        }
        Ok(())
    }

    fn with_token<B>(&self, request: ureq::RequestBuilder<B>) -> ureq::RequestBuilder<B> {
        match &self.args.token {
            Some(token) => request.header("Authorization", format!("Bearer {token}")),
            None => request,
        }
    }

    fn read(&self, mut response: Response<ureq::Body>) -> Result<Answer> {
        let header = |name: &str| {
            response
                .headers()
                .get(name)
                .and_then(|v| v.to_str().ok())
                .map(str::to_string)
        };
        let location = header("location");
        let problem =
            header("content-type").is_some_and(|c| c.starts_with("application/problem+json"));
        Ok(Answer {
            status: response.status().as_u16(),
            location,
            problem,
            body: response.body_mut().read_to_string()?,
        })
    }

    /// Prints a problem+json answer (RFC 9457) and turns it into an error. A 4xx is the
    /// request's fault: fix the dossier (each error has its JSON path) and send it again. A 503
    /// means nothing was given nor kept: retry later.
    fn problem(&self, answer: &Answer) -> Box<dyn Error> {
        if !answer.problem {
            return format!("HTTP {}: {}", answer.status, answer.body.trim()).into();
        }
        let Ok(problem) = serde_json::from_str::<Value>(&answer.body) else {
            return format!("HTTP {}: unreadable problem", answer.status).into();
        };
        println!(
            "   problem {}: {} — {}",
            answer.status,
            text(&problem["title"]),
            text(&problem["detail"])
        );
        for error in problem["errors"].as_array().into_iter().flatten() {
            println!(
                "     at {}: {}",
                text(&error["path"]),
                text(&error["detail"])
            );
        }
        if let Some(hint) = problem["hint"].as_str() {
            println!("     hint: {hint}");
        }
        format!("HTTP {} ({})", answer.status, text(&problem["type"])).into()
    }
}

/// Prints every route's outcome, with what the officer needs to act on it.
fn print_routes(assessment: &Value) {
    let mut closed = Vec::new();
    for route in assessment["routes"].as_array().into_iter().flatten() {
        let outcome = text(&route["outcome"]);
        // A route closed to this dossier (its `reason` says why) needs no action.
        if outcome == "not_applicable" {
            closed.push(text(&route["route"]));
            continue;
        }
        println!("   {:<40} {outcome}", text(&route["route"]));
        match outcome.as_str() {
            // A refusal must cite its grounds: each failed condition with its article.
            "not_eligible" => {
                for ground in route["failed_conditions"].as_array().into_iter().flatten() {
                    let label = ground["label"].as_str().or(ground["condition"].as_str());
                    println!(
                        "     ✗ {} ({}, version of {})",
                        label.unwrap_or("?"),
                        text(&ground["article"]["id"]),
                        text(&ground["article"]["version"])
                    );
                }
            }
            // `incomplete` is NOT a refusal: the outcome depends on facts the dossier does not
            // give. Ask the applicant for them (and the documents listed), then assess again.
            "incomplete" => {
                for fact in route["missing_facts"].as_array().into_iter().flatten() {
                    println!("     ? ask for {}", text(&fact["fact"]));
                }
            }
            // Points only a person can settle: route the case to an officer, with the criteria.
            "needs_appraisal" => {
                for point in route["appraisal_points"].as_array().into_iter().flatten() {
                    println!(
                        "     ⚖ {} ({})",
                        text(&point["point"]),
                        text(&point["article"]["id"])
                    );
                }
            }
            _ => {}
        }
    }
    if !closed.is_empty() {
        println!("   not applicable: {}", closed.join(", "));
    }
}

/// A JSON string as text (other values as JSON).
fn text(value: &Value) -> String {
    match value {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

fn parse_args() -> Result<Args> {
    let mut args = Args {
        url: "http://127.0.0.1:8080".into(),
        token: None,
        letter: None,
        dossiers: Vec::new(),
    };
    let mut given = std::env::args().skip(1);
    while let Some(arg) = given.next() {
        let mut value = || given.next().ok_or(format!("{arg} needs a value\n{USAGE}"));
        match arg.as_str() {
            "--url" => args.url = value()?.trim_end_matches('/').to_string(),
            "--token-file" => {
                let file = value()?;
                let token = std::fs::read_to_string(&file)
                    .map_err(|e| format!("cannot read {file}: {e}"))?;
                args.token = Some(token.trim().to_string());
            }
            "--letter" => args.letter = Some(value()?),
            "-h" | "--help" => return Err(USAGE.into()),
            flag if flag.starts_with("--") => return Err(format!("unknown {flag}\n{USAGE}").into()),
            _ => args.dossiers.push(arg),
        }
    }
    if args.dossiers.is_empty() {
        return Err(USAGE.into());
    }
    Ok(args)
}
