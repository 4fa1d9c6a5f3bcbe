//! The JSON Schema of the assessment contract (`motif schema --assessment`): it is reviewed as
//! a snapshot, every assessment the engine writes validates against it, and it is strict enough
//! to reject an assessment that breaks the contract.

use std::path::PathBuf;

use jsonschema::Validator;
use motif_runtime::{Assessment, Dates, Program, assess, decode_dossier, render};
use motif_tests::{ceseda, generate, root};
use serde_json::json;

fn schema() -> serde_json::Value {
    motif_runtime::schema::assessment()
}

/// A validator for the schema, with the draft it declares, checking formats (`date`) too.
fn validator() -> Validator {
    let schema = schema();
    assert_eq!(
        schema["$schema"], "https://json-schema.org/draft/2020-12/schema",
        "the validator below is for draft 2020-12"
    );
    jsonschema::draft202012::options()
        .should_validate_formats(true)
        .build(&schema)
        .unwrap_or_else(|e| panic!("the schema is not a valid draft 2020-12 schema: {e}"))
}

/// Every error, one a line, with where it is in the assessment.
fn errors(validator: &Validator, instance: &serde_json::Value) -> Vec<String> {
    validator
        .iter_errors(instance)
        .map(|e| format!("at {}: {e}", e.instance_path()))
        .collect()
}

fn example_dossiers() -> Vec<PathBuf> {
    let mut paths: Vec<PathBuf> = std::fs::read_dir(root().join("examples/dossiers"))
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .filter(|path| path.extension().is_some_and(|e| e == "json"))
        .collect();
    paths.sort();
    assert!(!paths.is_empty(), "no example dossier found");
    paths
}

fn assess_text(program: &Program, text: &str) -> Assessment {
    let dossier = decode_dossier(program, text).unwrap_or_else(|e| panic!("{e}"));
    let decided_on = dossier
        .decided_on
        .expect("every example carries its decision date");
    assess(
        program,
        &dossier,
        Dates {
            decided_on,
            filed_on: dossier.filed_on,
        },
    )
}

/// The assessment's JSON as the case service receives it.
fn json_of(assessment: &Assessment) -> serde_json::Value {
    serde_json::from_str(&render::json(assessment)).unwrap()
}

#[test]
fn the_schema_is_reviewed() {
    let pretty = serde_json::to_string_pretty(&schema()).unwrap();
    insta::assert_snapshot!("assessment", pretty);
}

#[test]
fn the_schema_is_the_same_on_every_run() {
    let first = serde_json::to_string(&schema()).unwrap();
    for _ in 0..3 {
        assert_eq!(serde_json::to_string(&schema()).unwrap(), first);
    }
}

#[test]
fn every_example_assessment_validates() {
    let program = ceseda();
    let validator = validator();
    for path in example_dossiers() {
        let text = std::fs::read_to_string(&path).unwrap();
        let assessment = assess_text(&program, &text);
        let found = errors(&validator, &json_of(&assessment));
        assert!(
            found.is_empty(),
            "{}: the assessment does not match its schema:\n{}",
            path.display(),
            found.join("\n")
        );
    }
}

/// One valid assessment, broken in one place, is rejected.
#[test]
fn the_schema_rejects_a_broken_assessment() {
    let program = ceseda();
    let validator = validator();
    let path = root().join("examples/dossiers/07-plusieurs-motifs.json");
    let valid = json_of(&assess_text(
        &program,
        &std::fs::read_to_string(path).unwrap(),
    ));
    assert!(errors(&validator, &valid).is_empty());

    let mut unknown_outcome = valid.clone();
    unknown_outcome["routes"][0]["outcome"] = json!("refused");

    let mut no_receipt = valid.clone();
    no_receipt
        .as_object_mut()
        .unwrap()
        .remove("receipt")
        .unwrap();

    let mut unknown_step = valid.clone();
    let trace = &mut unknown_step["routes"][0]["trace"];
    assert!(trace.is_object(), "the first route has a trace");
    trace["kind"] = json!("perhaps");

    let mut bad_date = valid.clone();
    bad_date["decided_on"] = json!("02/03/2026");

    let mut wrong_format = valid.clone();
    wrong_format["format"] = json!("motif.assessment/0.2");

    let mut truth_as_boolean = valid.clone();
    truth_as_boolean["routes"][0]["trace"]["value"] = json!(false);

    for (what, broken) in [
        ("an outcome that is not one of the five", unknown_outcome),
        ("no receipt", no_receipt),
        ("a trace step of an unknown kind", unknown_step),
        ("a date not written AAAA-MM-JJ", bad_date),
        ("another format", wrong_format),
        ("a truth value written as a JSON boolean", truth_as_boolean),
    ] {
        assert!(
            !validator.is_valid(&broken),
            "the schema accepts an assessment with {what}"
        );
    }
}

/// Dossiers drawn at random (the same on every run) give every outcome, operand and value the
/// engine can write: their assessments validate too.
#[test]
fn generated_assessments_validate() {
    let program = ceseda();
    let validator = validator();
    for (n, (dossier, dates)) in generate::dossiers(&program, 0x5EED_0003, 150)
        .into_iter()
        .enumerate()
    {
        let assessment = assess(&program, &dossier, dates);
        let found = errors(&validator, &json_of(&assessment));
        assert!(
            found.is_empty(),
            "generated dossier {n}: the assessment does not match its schema:\n{}",
            found.join("\n")
        );
    }
}
