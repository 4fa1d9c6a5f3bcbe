//! Motif embedded as a library, without HTTP: a case service written in Rust links the runtime
//! (and, for its hot path, the native checkers) and assesses dossiers in its own process.
//!
//! ```text
//! cargo run --example embed -- [--policies policies] examples/dossiers/01-conjoint-eligible.json...
//! ```
//!
//! 1. `motif_compiler::compile` turns the `.motif` files into a `motif_runtime::Program` (a
//!    service would rather compile once at start-up, or ship a program compiled ahead).
//! 2. `motif_runtime::decode_dossier` + `assess` give the full assessment: outcomes, grounds,
//!    missing facts, trace and receipt. This is the reference interpreter.
//! 3. `motif_native::NativeProgram` computes the outcomes only, in machine code, for screening
//!    many dossiers; it must agree with the interpreter, which this example checks.

use std::error::Error;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

use motif_compiler::diagnostics::{self, Style};
use motif_compiler::{SourceSet, compile};
use motif_native::NativeProgram;
use motif_runtime::{Assessment, Dates, Outcome, Program, assess, decode_dossier};

type Result<T, E = Box<dyn Error>> = std::result::Result<T, E>;

const USAGE: &str = "usage: cargo run --example embed -- [--policies DIR] DOSSIER.json...";

/// How many times each dossier is assessed to time both engines.
const ROUNDS: u32 = 200;

fn main() -> ExitCode {
    run().unwrap_or_else(|error| {
        eprintln!("error: {error}");
        ExitCode::from(2)
    })
}

fn run() -> Result<ExitCode> {
    let (policies, dossiers) = parse_args()?;

    // 1. Compile the policy set. Diagnostics are for the policies' authors: print them.
    let sources = SourceSet::read(&policies)?;
    let compilation = compile(&sources)?;
    let errors: Vec<_> = compilation
        .diagnostics
        .iter()
        .filter(|d| d.is_error())
        .collect();
    let Some(program) = compilation.program else {
        eprint!("{}", diagnostics::render(errors, &sources, Style::Terminal));
        return Err(format!("the policy set {} does not compile", policies.display()).into());
    };
    println!(
        "policy set {}: {} files, {} articles, {} routes",
        policies.display(),
        sources.len(),
        program.articles.len(),
        program.routes.len()
    );

    // 3. (prepared once) The native program: machine code is generated lazily, once per range
    // of dates met, and shared by every thread.
    let native = NativeProgram::new(program.clone());

    let (mut disagreements, mut rejected) = (0, 0);
    for path in &dossiers {
        println!("\n== {path}");
        let text = std::fs::read_to_string(path)?;
        match assess_one(&program, &native, &text) {
            Ok(true) => {}
            Ok(false) => disagreements += 1,
            Err(error) => {
                // Every problem of the dossier, each with its JSON path.
                println!("   rejected:");
                for line in error.to_string().lines() {
                    println!("     {line}");
                }
                rejected += 1;
            }
        }
    }
    if disagreements > 0 {
        eprintln!("{disagreements} dossier(s) where native code and the interpreter disagree");
    }
    Ok(if disagreements == 0 && rejected == 0 {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    })
}

/// Assesses one dossier with both engines; says whether they agree.
fn assess_one(program: &Program, native: &NativeProgram, text: &str) -> Result<bool> {
    // 2. Decode the dossier against the program's facts: every problem comes with its path.
    let dossier = decode_dossier(program, text)?;
    let decided_on = dossier
        .decided_on
        .ok_or("the dossier has no decided_on (the date of the decision)")?;
    let dates = Dates {
        decided_on,
        filed_on: dossier.filed_on,
    };
    if let Some(message) = dates.inconsistency() {
        return Err(message.into());
    }
    let assessment = assess(program, &dossier, dates);
    print_assessment(&assessment);

    // 3. The same dossier, outcomes only, in machine code. `decode` reads the JSON straight
    // into the record native code reads (no syntax tree), falling back to the full decoder.
    let facts = native.decode(text)?;
    let outcomes = native.outcomes(&facts, dates);
    let reference: Vec<Outcome> = assessment.routes.iter().map(|r| r.outcome).collect();
    let agree = outcomes == reference;
    if agree {
        println!(
            "   native: same {} outcomes as the interpreter",
            outcomes.len()
        );
    } else {
        println!("   native: DISAGREES with the interpreter");
        for (route, (n, i)) in assessment
            .routes
            .iter()
            .zip(outcomes.iter().zip(&reference))
        {
            if n != i {
                println!(
                    "     {}: native {} / interpreter {}",
                    route.route,
                    n.code(),
                    i.code()
                );
            }
        }
    }

    // Timing: the interpreter gives the whole explanation, native code only the outcomes.
    let started = Instant::now();
    for _ in 0..ROUNDS {
        std::hint::black_box(assess(program, &dossier, dates));
    }
    let interpreted = started.elapsed() / ROUNDS;
    let started = Instant::now();
    for _ in 0..ROUNDS {
        let facts = native.decode(text)?;
        std::hint::black_box(native.outcomes(&facts, dates));
    }
    let compiled = started.elapsed() / ROUNDS;
    println!(
        "   per dossier: interpreter (full assessment) {interpreted:?}, native (decode + outcomes) {compiled:?}"
    );
    Ok(agree)
}

fn print_assessment(assessment: &Assessment) {
    println!(
        "   dossier {} decided on {}{}",
        assessment.dossier.as_deref().unwrap_or("(no id)"),
        assessment.decided_on,
        assessment
            .filed_on
            .map(|d| format!(", filed on {d}"))
            .unwrap_or_default()
    );
    for route in &assessment.routes {
        if route.outcome == Outcome::NotApplicable {
            continue;
        }
        println!("   {:<40} {}", route.route, route.outcome.code());
        for ground in &route.failed_conditions {
            let label = ground.label.as_deref().or(ground.condition.as_deref());
            println!(
                "     ✗ {} ({}, version of {})",
                label.unwrap_or("?"),
                ground.article.id,
                ground.article.version
            );
        }
        // `incomplete` is not a refusal: the dossier lacks facts, to ask the applicant for.
        if route.outcome == Outcome::Incomplete {
            for fact in &route.missing_facts {
                println!("     ? ask for {}", fact.fact);
            }
        }
    }
    let closed = assessment
        .routes
        .iter()
        .filter(|r| r.outcome == Outcome::NotApplicable)
        .count();
    println!("   ({closed} routes not applicable)");
    // The receipt identifies the assessment: the same dossier, dates and policy set always
    // give the same id. Keep it with the case.
    println!("   receipt: {}", assessment.receipt.id);
}

fn parse_args() -> Result<(PathBuf, Vec<String>)> {
    let mut policies = PathBuf::from("policies");
    let mut dossiers = Vec::new();
    let mut given = std::env::args().skip(1);
    while let Some(arg) = given.next() {
        match arg.as_str() {
            "--policies" => {
                policies = given.next().ok_or(USAGE)?.into();
            }
            "-h" | "--help" => return Err(USAGE.into()),
            flag if flag.starts_with("--") => return Err(format!("unknown {flag}\n{USAGE}").into()),
            _ => dossiers.push(arg),
        }
    }
    if dossiers.is_empty() {
        return Err(USAGE.into());
    }
    Ok((policies, dossiers))
}
