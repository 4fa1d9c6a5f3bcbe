//! The JSON Schema of the dossier (`motif schema --dossier`): it is reviewed as a snapshot on a
//! small policy set, every dossier of the examples and of the corpus validates against the schema
//! of its policy set, and it agrees with the decoder, which is the authority: what the decoder
//! refuses, the schema refuses, and what it accepts, the schema accepts — except for the few
//! differences JSON Schema cannot express, listed below with their reasons.

use std::path::{Path, PathBuf};

use jsonschema::Validator;

use motif_runtime::Program;
use motif_runtime::decode_dossier;
use motif_runtime::dossier::encode_facts;
use motif_runtime::program::{FactId, FactKind};
use motif_runtime::value::{Known, Provenance, Source};
use motif_tests::command::{motif, path};
use motif_tests::{ceseda, compile_path, example_dossiers, generate, root};
use serde_json::{Value as Json, json};

/// A validator for a dossier schema, with the draft it declares, checking formats (`date`) too.
fn validator(schema: &Json) -> Validator {
    assert_eq!(
        schema["$schema"], "https://json-schema.org/draft/2020-12/schema",
        "the validator below is for draft 2020-12"
    );
    jsonschema::draft202012::options()
        .should_validate_formats(true)
        .build(schema)
        .unwrap_or_else(|e| panic!("the schema is not a valid draft 2020-12 schema: {e}"))
}

fn validator_for(program: &Program) -> Validator {
    validator(&motif_runtime::schema::dossier(program))
}

/// Every error, one a line, with where it is in the dossier.
fn errors(validator: &Validator, instance: &Json) -> Vec<String> {
    validator
        .iter_errors(instance)
        .map(|e| format!("at {}: {e}", e.instance_path()))
        .collect()
}

fn good_cases() -> Vec<PathBuf> {
    let mut cases: Vec<_> = std::fs::read_dir(root().join("tests/corpus/good"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_dir())
        .collect();
    cases.sort();
    assert!(!cases.is_empty());
    cases
}

fn json_files(dir: &Path) -> Vec<PathBuf> {
    let mut files: Vec<_> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .collect();
    files.sort();
    files
}

fn program_of(case: &Path) -> Program {
    let (_, compilation) = compile_path(case);
    compilation
        .program
        .unwrap_or_else(|| panic!("{} does not compile", case.display()))
}

const LISTS_AND_SCALES: &str = "tests/corpus/good/listes-et-echelles";

#[test]
fn the_schema_is_reviewed() {
    let run = motif(&["schema", "--dossier", "--policies", &path(LISTS_AND_SCALES)]);
    assert_eq!(run.code, 0, "{}", run.err);
    assert!(run.err.is_empty(), "{}", run.err);
    // The fingerprint changes with any edit of the policy file, a comment included: the
    // snapshot shows a placeholder, and the title is checked apart.
    let fingerprint = program_of(&root().join(LISTS_AND_SCALES)).fingerprint;
    assert!(fingerprint.starts_with("sha256:"));
    let schema: Json = serde_json::from_str(&run.out).unwrap();
    assert_eq!(
        schema["title"],
        format!("Motif dossier — policy set {fingerprint}")
    );
    assert_eq!(schema["$id"], "urn:motif:dossier");
    let shown = run
        .out
        .replace(&fingerprint, "sha256:[empreinte du jeu de règles]");
    insta::assert_snapshot!("listes_et_echelles", shown);
}

#[test]
fn the_command_prints_the_schema_of_the_policies_it_reads() {
    let program = ceseda();
    let run = motif(&["schema", "--dossier", "--policies", &path("policies")]);
    assert_eq!(run.code, 0, "{}", run.err);
    let printed: Json = serde_json::from_str(&run.out).unwrap();
    assert_eq!(printed, motif_runtime::schema::dossier(&program));
    assert!(
        printed["title"]
            .as_str()
            .unwrap()
            .ends_with(&program.fingerprint)
    );

    let broken = motif(&[
        "schema",
        "--dossier",
        "--policies",
        &path("tests/corpus/bad/champ-inconnu.motif"),
    ]);
    assert_eq!(
        broken.code, 1,
        "a policy set with errors has no dossier schema"
    );
    assert!(broken.out.is_empty());
    assert!(
        broken.err.contains("contient des erreurs"),
        "{}",
        broken.err
    );
}

#[test]
fn the_schema_is_the_same_on_every_run() {
    let program = ceseda();
    let first = serde_json::to_string(&motif_runtime::schema::dossier(&program)).unwrap();
    for _ in 0..3 {
        let again = serde_json::to_string(&motif_runtime::schema::dossier(&ceseda())).unwrap();
        assert_eq!(again, first);
    }
}

/// Every fact declared is in the schema at its place, with its label.
#[test]
fn every_fact_is_described_at_its_place() {
    let program = ceseda();
    let schema = motif_runtime::schema::dossier(&program);
    for fact in &program.facts {
        let mut at = &schema["properties"]["facts"];
        for segment in fact.name.split('.') {
            at = &at["properties"][segment];
        }
        assert!(at.is_object(), "{} is not in the schema", fact.name);
        let description = at["description"].as_str().unwrap_or_default();
        if let Some(label) = &fact.label {
            assert!(
                description.starts_with(label.as_str()),
                "{}: {description}",
                fact.name
            );
        }
    }
}

#[test]
fn every_example_dossier_validates() {
    let program = ceseda();
    let validator = validator_for(&program);
    let examples = example_dossiers();
    assert!(!examples.is_empty());
    for file in examples {
        let text = std::fs::read_to_string(&file).unwrap();
        let dossier: Json = serde_json::from_str(&text).unwrap();
        let found = errors(&validator, &dossier);
        assert!(
            found.is_empty(),
            "{}: the dossier does not match the schema:\n{}",
            file.display(),
            found.join("\n")
        );
    }
}

#[test]
fn every_dossier_of_the_good_corpus_validates_against_its_case() {
    for case in good_cases() {
        let program = program_of(&case);
        let validator = validator_for(&program);
        for file in json_files(&case.join("dossiers")) {
            let text = std::fs::read_to_string(&file).unwrap();
            assert!(decode_dossier(&program, &text).is_ok());
            let found = errors(&validator, &serde_json::from_str(&text).unwrap());
            assert!(
                found.is_empty(),
                "{}: the dossier does not match the schema:\n{}",
                file.display(),
                found.join("\n")
            );
        }
    }
}

/// Every dossier of `bad-dossiers/` that is JSON is refused by the schema as by the decoder. (A
/// text that is not JSON at all is not a JSON value a schema could refuse.)
#[test]
fn the_schema_refuses_the_bad_dossiers() {
    let program = ceseda();
    let validator = validator_for(&program);
    let mut checked = 0;
    for file in json_files(&root().join("tests/corpus/bad-dossiers")) {
        let text = std::fs::read_to_string(&file).unwrap();
        assert!(
            decode_dossier(&program, &text).is_err(),
            "{}: the decoder accepts it",
            file.display()
        );
        let Ok(document) = serde_json::from_str::<Json>(&text) else {
            continue;
        };
        assert!(
            !validator.is_valid(&document),
            "{}: the decoder refuses it, the schema accepts it",
            file.display()
        );
        checked += 1;
    }
    assert!(checked >= 7, "only {checked} bad dossiers checked");
}

#[path = "dossier_schema/agreement.rs"]
mod agreement;
use agreement::{dossier_cases, every_type, fact_cases, known_differences, with_fact};

#[test]
fn the_schema_agrees_with_the_decoder() {
    let program = every_type();
    let validator = validator_for(&program);
    let mut disagreements = Vec::new();
    let mut check = |what: String, document: &Json, expected: bool| {
        let text = serde_json::to_string(document).unwrap();
        let decoded = decode_dossier(&program, &text);
        assert_eq!(
            decoded.is_ok(),
            expected,
            "{what}: the case says the decoder {} it: {decoded:?}",
            if expected { "accepts" } else { "refuses" }
        );
        let valid = validator.is_valid(document);
        if valid != expected {
            disagreements.push(format!(
                "{what}: the decoder {}, the schema {}{}",
                if expected { "accepts" } else { "refuses" },
                if valid { "accepts" } else { "refuses" },
                match decoded {
                    Err(e) => format!(" ({e})"),
                    Ok(_) => format!(" ({})", errors(&validator, document).join("; ")),
                }
            ));
        }
    };
    for (fact, value, accepted) in fact_cases() {
        check(
            format!("essai.{fact} = {value}"),
            &with_fact(fact, value),
            accepted,
        );
    }
    for (document, accepted) in dossier_cases() {
        check(format!("{document}"), &document, accepted);
    }
    assert!(
        disagreements.is_empty(),
        "the schema and the decoder disagree:\n{}",
        disagreements.join("\n")
    );
}

/// The differences listed are real: the decoder refuses these, the schema accepts them. (If the
/// schema learns to refuse one, it leaves the list.)
#[test]
fn the_known_differences_are_the_only_ones_listed() {
    let program = every_type();
    let validator = validator_for(&program);
    for (fact, value, reason) in known_differences() {
        let document = with_fact(fact, value.clone());
        let text = serde_json::to_string(&document).unwrap();
        assert!(
            decode_dossier(&program, &text).is_err(),
            "essai.{fact} = {value}: the decoder accepts it ({reason})"
        );
        assert!(
            validator.is_valid(&document),
            "essai.{fact} = {value}: the schema refuses it now; remove it from the list ({reason})"
        );
    }
}

/// The schema of a type referred to by an accented name resolves (`$ref` is a URI: the name is
/// percent-encoded).
#[test]
fn references_to_accented_type_names_resolve() {
    let schema = motif_runtime::schema::dossier(&every_type());
    let accent = &schema["properties"]["facts"]["properties"]["essai"]["properties"]["accent"];
    assert_eq!(
        accent["anyOf"][1]["$ref"],
        "#/$defs/%C3%A9tiquette_accentu%C3%A9e"
    );
    assert!(schema["$defs"]["étiquette_accentuée"].is_object());
}

/// How many objects and arrays are nested in `json` at its deepest.
fn depth(json: &serde_json::Value) -> usize {
    match json {
        serde_json::Value::Array(items) => 1 + items.iter().map(depth).max().unwrap_or(0),
        serde_json::Value::Object(fields) => 1 + fields.values().map(depth).max().unwrap_or(0),
        _ => 0,
    }
}

/// The facts of a dossier as the decoder reads them, in a dossier a case service could send:
/// every appraisal given by an officer, with who made it.
fn sendable(program: &Program, dossier: &mut motif_runtime::Dossier) {
    for (index, fact) in program.facts.iter().enumerate() {
        let id = FactId(index as u32);
        if let (FactKind::Appraisal { .. }, Some(known)) = (&fact.kind, dossier.known(id)) {
            let value = known.value.clone();
            dossier.set_known(
                id,
                Some(Known {
                    value,
                    provenance: Some(Provenance {
                        source: Source::Officer,
                        confidence: None,
                        verified: true,
                        by: Some("agent 4521".into()),
                        document: None,
                    }),
                }),
            );
        }
    }
}

/// Dossiers drawn at random (the same on every run), encoded by `encode_facts`: the schema and
/// the decoder agree on each, drawn as they come (an appraisal may be given without an officer)
/// or as a case service would send them (every appraisal given by an officer); and sent so, each
/// validates, for the CESEDA policies and each case of the corpus.
///
/// Not for [`EVERY_TYPE`]: the encoder writes a record whose known fields are all named like
/// provenance fields (`{"value": 32, "document": ""}`) bare, and the decoder reads such an object
/// as the record's provenance form (and refuses it); the schema agrees with the decoder there.
#[test]
fn generated_dossiers_validate() {
    let mut programs = vec![
        ("policies".to_string(), ceseda(), true),
        ("essai".into(), every_type(), false),
    ];
    for case in good_cases() {
        programs.push((case.display().to_string(), program_of(&case), true));
    }
    for (seed, (name, program, encodable)) in programs.iter().enumerate() {
        let validator = validator_for(program);
        let drawn = generate::dossiers(program, 0x5EED_0D05 + seed as u64, 120);
        let mut sent_valid = 0;
        for (n, (mut dossier, dates)) in drawn.into_iter().enumerate() {
            let document = |dossier: &motif_runtime::Dossier| {
                json!({
                    "id": format!("genere-{n}"),
                    "decided_on": dates.decided_on.to_string(),
                    "filed_on": dates.filed_on.map(|d| d.to_string()),
                    "facts": encode_facts(program, dossier),
                })
            };
            let raw = document(&dossier);
            sendable(program, &mut dossier);
            let sent = document(&dossier);
            // JSON Schema cannot bound nesting: a record that contains itself, drawn deep
            // enough, is beyond the decoder's depth limit (a known difference).
            if depth(&raw) > motif_runtime::limits::MAX_JSON_DEPTH {
                continue;
            }
            for (how, json) in [("as drawn", &raw), ("as sent", &sent)] {
                let decoded = decode_dossier(program, &json.to_string());
                let found = errors(&validator, json);
                assert_eq!(
                    found.is_empty(),
                    decoded.is_ok(),
                    "{name}, generated dossier {n} {how}: the decoder says {decoded:?}, the \
                     schema says {found:?}:\n{json:#}"
                );
            }
            if validator.is_valid(&sent) {
                sent_valid += 1;
            } else {
                assert!(
                    !encodable,
                    "{name}, generated dossier {n} does not match the schema:\n{}\n{sent:#}",
                    errors(&validator, &sent).join("\n")
                );
            }
        }
        assert!(sent_valid > 0, "{name}: no generated dossier validates");
    }
}
