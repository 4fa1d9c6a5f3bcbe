//! The JSON Schema of the assessment contract (`motif schema --assessment`): it is reviewed as
//! a snapshot, every assessment the engine writes validates against it, and it is strict enough
//! to reject an assessment that breaks the contract.

use std::path::PathBuf;

use jsonschema::Validator;
use motif_runtime::date::{Date, Duration, DurationUnit};
use motif_runtime::dossier::Dossier;
use motif_runtime::numbers::{Decimal, Money};
use motif_runtime::program::{FactId, Program};
use motif_runtime::value::{Known, Provenance, Source, Type, Value};
use motif_runtime::{Assessment, Dates, assess, decode_dossier, render};
use motif_tests::{ceseda, root};
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

/// SplitMix64: a small deterministic generator, so that a failure can be replayed.
struct Draw(u64);

impl Draw {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    fn pick<T: Clone>(&mut self, items: &[T]) -> T {
        items[self.below(items.len())].clone()
    }
}

fn date(text: &str) -> Date {
    text.parse().unwrap()
}

/// A value of type `ty` around the rules' thresholds (as in the safeguards' dossiers); a
/// record's fields may be unknown.
fn value(program: &Program, ty: &Type, draw: &mut Draw) -> Value {
    match ty {
        Type::Bool => Value::Bool(draw.below(2) == 0),
        Type::Int => Value::Int(draw.pick(&[10, 31, 32, 40])),
        Type::Decimal => Value::Decimal(Decimal::from_micros(draw.pick(&[0, 600_000, 1_500_000]))),
        Type::Money => Value::Money(Money::from_cents(draw.pick(&[0, 61_499, 61_500, 70_000]))),
        Type::Date => Value::Date(date(draw.pick(&[
            "1950-01-01",
            "1992-04-12",
            "2008-05-01",
            "2020-05-09",
            "2023-09-02",
            "2025-10-01",
        ]))),
        Type::Duration => Value::Duration(Duration {
            amount: draw.pick(&[1, 6, 10]),
            unit: draw.pick(&[
                DurationUnit::Years,
                DurationUnit::Months,
                DurationUnit::Days,
            ]),
        }),
        Type::Text => Value::Text(draw.pick(&["", "FR"]).to_string()),
        Type::Enum(id) => {
            let variants = program.type_decl(*id).variants();
            Value::Enum(variants[draw.below(variants.len())].name.clone())
        }
        Type::Record(id) => Value::Record(
            program
                .type_decl(*id)
                .fields()
                .iter()
                .map(|field| known(program, &field.ty, draw))
                .collect(),
        ),
        Type::List(element) => Value::List(
            (0..draw.below(3))
                .map(|_| value(program, element, draw))
                .collect(),
        ),
    }
}

/// Unknown one time in four; otherwise a value, now and then extracted by a program or given by
/// an officer, so that provenances show in the trace.
fn known(program: &Program, ty: &Type, draw: &mut Draw) -> Option<Known> {
    if draw.below(4) == 0 {
        return None;
    }
    let value = value(program, ty, draw);
    let provenance = match draw.below(6) {
        0 => Some(Provenance {
            source: Source::Extraction,
            confidence: Some(Decimal::from_micros(870_000)),
            verified: draw.below(2) == 0,
            by: None,
            document: Some("passeport.pdf".into()),
        }),
        1 => Some(Provenance {
            source: Source::Officer,
            confidence: None,
            verified: true,
            by: Some("agent 4521".into()),
            document: None,
        }),
        _ => None,
    };
    Some(Known { value, provenance })
}

const DATES: &[(&str, Option<&str>)] = &[
    ("2021-06-01", Some("2021-03-15")),
    ("2024-09-16", Some("2024-08-01")),
    ("2025-12-15", Some("2025-10-01")),
    ("2026-03-02", Some("2026-01-10")),
    ("2026-03-02", None),
];

/// Dossiers drawn at random (the same on every run) give every outcome, operand and value the
/// engine can write: their assessments validate too.
#[test]
fn generated_assessments_validate() {
    let program = ceseda();
    let validator = validator();
    let mut draw = Draw(0x5EED_0003);
    for n in 0..150 {
        let mut dossier = Dossier::empty(&program);
        for (i, fact) in program.facts.iter().enumerate() {
            dossier.set_known(FactId(i as u32), known(&program, &fact.ty, &mut draw));
        }
        let (decided_on, filed_on) = draw.pick(DATES);
        let dates = Dates {
            decided_on: date(decided_on),
            filed_on: filed_on.map(date),
        };
        let assessment = assess(&program, &dossier, dates);
        let found = errors(&validator, &json_of(&assessment));
        assert!(
            found.is_empty(),
            "generated dossier {n}: the assessment does not match its schema:\n{}",
            found.join("\n")
        );
    }
}
