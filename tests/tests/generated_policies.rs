//! Properties of every policy set, not only of the CESEDA set: on random sets from
//! `motif_tests::programs` (seeded, the same on every run),
//! - native code agrees with the interpreter;
//! - sensitive data never leads to a refusal: a set that reads a sensitive fact where it could
//!   is rejected by the compiler, and on a set that is accepted, no value of the sensitive fact
//!   makes the difference between a refusal and another outcome.

use motif_compiler::{SourceSet, compile};
use motif_native::NativeProgram;
use motif_runtime::dossier::Dossier;
use motif_runtime::value::{Known, Value};
use motif_runtime::{Outcome, Program, assess};
use motif_tests::boundary::{Edges, json};
use motif_tests::differential::compare;
use motif_tests::generate::Draw;
use motif_tests::programs::policy_set;

/// The set drawn from `seed`, its text and what the compiler made of it.
fn generated(seed: u64) -> (String, Result<Program, String>) {
    let text = policy_set(&mut Draw(seed));
    let mut sources = SourceSet::new();
    sources.add("genere.motif", text.clone());
    let compilation = compile(&sources).unwrap_or_else(|e| panic!("seed {seed}: {e}"));
    let program = match compilation.program {
        Some(program) if !compilation.has_errors() => Ok(program),
        _ => Err(motif_compiler::diagnostics::render(
            &compilation.diagnostics,
            &sources,
            motif_compiler::diagnostics::Style::Plain,
        )),
    };
    (text, program)
}

const SETS: u64 = 120;

#[test]
fn most_generated_sets_compile_and_the_others_are_rejected_for_their_sensitive_data() {
    let mut accepted = 0;
    let mut rejected = 0;
    for seed in 0..SETS {
        let (text, program) = generated(seed);
        match program {
            Ok(_) => accepted += 1,
            Err(report) => {
                // The generator writes the sensitive fact outside favourable conditions on
                // purpose, now and then: that, and only that, is what gets a set rejected.
                assert!(
                    report.contains("sensible"),
                    "seed {seed}: a generated set is rejected for another reason:\n{report}\n{text}"
                );
                rejected += 1;
            }
        }
    }
    assert!(
        accepted >= SETS * 2 / 3,
        "{accepted} of {SETS} sets compile"
    );
    assert!(
        rejected > 0,
        "no set reads the sensitive fact where it could decide"
    );
}

#[test]
fn native_code_agrees_with_the_interpreter_on_generated_sets() {
    let mut compared = 0;
    for seed in 0..SETS {
        let (text, Ok(program)) = generated(seed) else {
            continue;
        };
        let edges = Edges::of(&program);
        let native = NativeProgram::new(program.clone());
        let mut draw = Draw(seed ^ 0xD1FF);
        for i in 0..300 {
            let (dossier, dates) = edges.dossier(&program, &mut draw);
            let dossier_text = json(&program, &dossier);
            if let Err(difference) = compare(&program, &native, &dossier_text, dates) {
                panic!("seed {seed}, dossier {i}, {dates:?}: {difference}\n{dossier_text}\n{text}");
            }
            compared += 1;
        }
    }
    assert!(compared > 20_000, "{compared} dossiers compared");
}

#[test]
fn no_value_of_a_sensitive_fact_makes_the_difference_for_a_refusal() {
    let mut refusals = 0;
    for seed in 0..SETS {
        let (_, Ok(program)) = generated(seed) else {
            continue;
        };
        let sensitive = program
            .fact_id("p.sante")
            .unwrap_or_else(|| panic!("seed {seed}: no sensitive fact"));
        assert!(program.fact(sensitive).sensitive);
        let edges = Edges::of(&program);
        let mut draw = Draw(seed ^ 0x5E45);
        for _ in 0..150 {
            let (dossier, dates) = edges.dossier(&program, &mut draw);
            let variants: Vec<Dossier> = [None, Some(true), Some(false)]
                .into_iter()
                .map(|value| {
                    let mut d = dossier.clone();
                    d.set_known(
                        sensitive,
                        value.map(|b| Known {
                            value: Value::Bool(b),
                            provenance: None,
                        }),
                    );
                    d
                })
                .collect();
            let outcomes: Vec<Vec<Outcome>> = variants
                .iter()
                .map(|d| {
                    assess(&program, d, dates)
                        .routes
                        .iter()
                        .map(|r| r.outcome)
                        .collect()
                })
                .collect();
            for route in 0..outcomes[0].len() {
                let refused: Vec<bool> = outcomes
                    .iter()
                    .map(|o| o[route] == Outcome::NotEligible)
                    .collect();
                assert!(
                    refused.iter().all(|r| *r) || refused.iter().all(|r| !*r),
                    "seed {seed}, route {route}: refused for some values of the sensitive fact \
                     (unknown, true, false) and not others: {:?}",
                    outcomes.iter().map(|o| o[route]).collect::<Vec<_>>()
                );
                refusals += usize::from(refused[0]);
            }
        }
    }
    assert!(refusals > 100, "only {refusals} refusals seen");
}
