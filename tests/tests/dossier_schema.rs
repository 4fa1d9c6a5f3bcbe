//! The JSON Schema of the dossier (`motif schema --dossier`): it is reviewed as a snapshot on a
//! small policy set, every dossier of the examples and of the corpus validates against the schema
//! of its policy set, and it agrees with the decoder, which is the authority: what the decoder
//! refuses, the schema refuses, and what it accepts, the schema accepts — except for the few
//! differences JSON Schema cannot express, listed below with their reasons.

use std::path::{Path, PathBuf};

use jsonschema::Validator;
use motif_compiler::{SourceSet, compile};
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

/// A policy set with every type, and the shapes where the decoder has a choice to make: a record
/// with fields named like the provenance form's (`value`, `document`), a record that contains
/// itself, a list of records and one of dates, a type with an accented name, an appraisal.
const EVERY_TYPE: &str = r#"
type niveau « un niveau » : échelle (A1 « débutant », B1, C2 « maîtrise »)

type personne « une personne » : fiche (
  naissance : date « la date de naissance »,
  value : entier « un champ nommé value »,
  document : texte « un champ nommé document »,
  enfants : liste de personne « ses enfants »,
)

type simple « une fiche sans champ value » : fiche (
  age : entier « l'âge »,
)

type étiquette_accentuée : parmi (un, deux)

fait essai.booleen : booléen « un booléen »
fait essai.nombre : entier « un entier »
fait essai.taux : décimal « un décimal »
fait essai.somme : montant « un montant »
fait essai.libelle : texte « un texte »
fait essai.jour : date « une date »
fait essai.delai : durée « une durée »
fait essai.choix : parmi (a « la valeur a », b) « une énumération »
fait essai.niveau : niveau « une échelle »
fait essai.fiche : personne « une fiche avec des champs value et document »
fait essai.simple : simple « une fiche simple »
fait essai.liste : liste de simple « une liste de fiches »
fait essai.dates : liste de date « une liste de dates »
fait essai.accent : étiquette_accentuée « un type au nom accentué »
fait sensible essai.sante : booléen « une donnée de santé » pièces « un certificat »
appréciation essai.avis : booléen « une appréciation » critères « le comportement »
"#;

fn every_type() -> Program {
    let mut sources = SourceSet::new();
    sources.add("essai.motif", EVERY_TYPE);
    let compilation = compile(&sources).unwrap();
    // Facts no rule reads are warned about, nothing else.
    assert!(compilation.diagnostics.iter().all(|d| !d.is_error()));
    compilation.program.unwrap()
}

/// A dossier with one value at the place of the fact `essai.NAME`.
fn with_fact(name: &str, value: Json) -> Json {
    json!({ "decided_on": "2026-03-02", "facts": { "essai": { name: value } } })
}

/// Values for each fact of [`EVERY_TYPE`], with what the decoder does with them: `true` when it
/// accepts them.
fn fact_cases() -> Vec<(&'static str, Json, bool)> {
    let officer = |value: Json| json!({ "value": value, "source": "officer", "by": "agent 4521" });
    vec![
        // Unknown, bare, with provenance.
        ("booleen", json!(null), true),
        ("booleen", json!(true), true),
        ("booleen", json!(1), false),
        ("booleen", json!("true"), false),
        (
            "booleen",
            json!({ "value": true, "source": "document" }),
            true,
        ),
        (
            "booleen",
            json!({ "value": null, "source": "document" }),
            true,
        ),
        ("booleen", json!({ "source": "extraction" }), true),
        ("booleen", json!({ "value": true }), false),
        ("booleen", json!({}), false),
        ("booleen", json!({ "value": true, "source": "ocr" }), false),
        ("booleen", json!({ "value": true, "source": null }), false),
        (
            "booleen",
            json!({ "value": true, "source": "document", "page": 3 }),
            false,
        ),
        (
            "booleen",
            json!({ "value": 1, "source": "document" }),
            false,
        ),
        (
            "booleen",
            json!({ "value": true, "source": "extraction", "confidence": 0.93, "verified": false,
                    "by": "ocr", "document": "passeport.pdf" }),
            true,
        ),
        (
            "booleen",
            json!({ "value": true, "source": "extraction", "confidence": 0 }),
            true,
        ),
        (
            "booleen",
            json!({ "value": true, "source": "extraction", "confidence": 1 }),
            true,
        ),
        (
            "booleen",
            json!({ "value": true, "source": "extraction", "confidence": 1.0 }),
            true,
        ),
        (
            "booleen",
            json!({ "value": true, "source": "extraction", "confidence": 0.00001 }),
            true,
        ),
        (
            "booleen",
            json!({ "value": true, "source": "extraction", "confidence": 0.000005 }),
            false,
        ),
        (
            "booleen",
            json!({ "value": true, "source": "extraction", "confidence": 0.1234567 }),
            false,
        ),
        (
            "booleen",
            json!({ "value": true, "source": "extraction", "confidence": 1.5 }),
            false,
        ),
        (
            "booleen",
            json!({ "value": true, "source": "extraction", "confidence": -0.1 }),
            false,
        ),
        (
            "booleen",
            json!({ "value": true, "source": "extraction", "confidence": "0.9" }),
            false,
        ),
        (
            "booleen",
            json!({ "value": true, "source": "extraction", "confidence": null }),
            false,
        ),
        (
            "booleen",
            json!({ "value": true, "source": "document", "verified": "oui" }),
            false,
        ),
        (
            "booleen",
            json!({ "value": true, "source": "document", "by": 3 }),
            false,
        ),
        (
            "booleen",
            json!({ "value": true, "source": "document", "document": null }),
            false,
        ),
        // Integers.
        ("nombre", json!(0), true),
        ("nombre", json!(-5), true),
        ("nombre", json!(i64::MAX), true),
        ("nombre", json!(i64::MIN), true),
        ("nombre", json!(9_223_372_036_854_775_808_u64), false),
        ("nombre", json!(1.5), false),
        ("nombre", json!("3"), false),
        // Decimals: a number or a string, at most six decimal places.
        ("taux", json!(0.6), true),
        ("taux", json!(-2), true),
        ("taux", json!(1e3), true),
        ("taux", json!(0.00001), true),
        ("taux", json!(0.123456), true),
        ("taux", json!(9_223_372_036_854_u64), true),
        ("taux", json!(9_223_372_036_854.775), true),
        ("taux", json!(-9_223_372_036_854.775), true),
        ("taux", json!(9_223_372_036_854.777), false),
        ("taux", json!(0.000001), false),
        ("taux", json!(-0.000009), false),
        ("taux", json!(0.0000123), false),
        ("taux", json!(0.1234567), false),
        ("taux", json!(9_223_372_037_000_u64), false),
        ("taux", json!("0,6"), true),
        ("taux", json!("1.5"), true),
        ("taux", json!("-0,5"), true),
        ("taux", json!(" 0,6\t"), true),
        ("taux", json!("0,000001"), true),
        ("taux", json!("3,"), true),
        ("taux", json!("0,1234567"), false),
        ("taux", json!(",5"), false),
        ("taux", json!("+1"), false),
        ("taux", json!("0 ,6"), false),
        ("taux", json!("1e3"), false),
        ("taux", json!(""), false),
        ("taux", json!(true), false),
        // Amounts: a number of euros to the cent, or a string.
        ("somme", json!(615), true),
        ("somme", json!(615.5), true),
        ("somme", json!(1_070_468.14), true),
        ("somme", json!(-5), true),
        ("somme", json!(0), true),
        ("somme", json!(92_233_720_368_547_758_u64), true),
        ("somme", json!(92_233_720_368_547_759_u64), false),
        ("somme", json!(615.555), false),
        ("somme", json!(1e20), false),
        ("somme", json!("615,50"), true),
        ("somme", json!("615.5"), true),
        ("somme", json!("1 766,92"), true),
        ("somme", json!("1\u{a0}766,92"), true),
        ("somme", json!("1\u{202f}766,92"), true),
        ("somme", json!("- 1 766 , 9 2"), true),
        ("somme", json!(" 615 \n"), true),
        ("somme", json!("\u{85}615\u{3000}"), true),
        ("somme", json!("615,"), true),
        ("somme", json!("615,555"), false),
        ("somme", json!("615 €"), false),
        ("somme", json!("6\t15"), false),
        ("somme", json!("\u{feff}615"), false),
        ("somme", json!(",50"), false),
        ("somme", json!(" "), false),
        ("somme", json!(true), false),
        // Texts.
        ("libelle", json!(""), true),
        ("libelle", json!("FR"), true),
        ("libelle", json!(3), false),
        // Dates.
        ("jour", json!("2021-08-26"), true),
        ("jour", json!("2024-02-29"), true),
        ("jour", json!("0001-01-01"), true),
        ("jour", json!("9999-12-31"), true),
        ("jour", json!("2023-02-29"), false),
        ("jour", json!("2021-04-31"), false),
        ("jour", json!("2021-13-01"), false),
        ("jour", json!("0000-01-01"), false),
        ("jour", json!("2021-8-26"), false),
        ("jour", json!("26/08/2021"), false),
        ("jour", json!(" 2021-08-26"), false),
        ("jour", json!("2021-08-26T00:00:00Z"), false),
        ("jour", json!(20_210_826), false),
        // Durations.
        ("delai", json!("6 mois"), true),
        ("delai", json!("1 an"), true),
        ("delai", json!("18 ans"), true),
        ("delai", json!("30 jours"), true),
        ("delai", json!("1 jour"), true),
        ("delai", json!("06 mois"), true),
        ("delai", json!("+6 mois"), true),
        ("delai", json!(" 6 \t mois\n"), true),
        ("delai", json!("6mois"), false),
        ("delai", json!("6 semaines"), false),
        ("delai", json!("-6 mois"), false),
        ("delai", json!("6 Mois"), false),
        ("delai", json!("six mois"), false),
        ("delai", json!("6 mois et 2 jours"), false),
        ("delai", json!(6), false),
        // Enumerations and scales.
        ("choix", json!("a"), true),
        ("choix", json!("c"), false),
        ("choix", json!("A"), false),
        ("niveau", json!("B1"), true),
        ("niveau", json!("B2"), false),
        ("niveau", json!(1), false),
        ("accent", json!("deux"), true),
        ("accent", json!("trois"), false),
        // A record with fields named `value` and `document`: an object with `value` and only
        // provenance fields is its provenance form.
        ("fiche", json!({}), true),
        (
            "fiche",
            json!({ "naissance": "2015-01-01", "value": 3, "document": "x" }),
            true,
        ),
        (
            "fiche",
            json!({ "naissance": { "value": "2015-01-01", "source": "document" } }),
            true,
        ),
        ("fiche", json!({ "value": 3 }), false),
        ("fiche", json!({ "value": 3, "document": "x" }), false),
        ("fiche", json!({ "value": 3, "source": "document" }), false),
        (
            "fiche",
            json!({ "value": { "value": 3 }, "source": "document" }),
            true,
        ),
        (
            "fiche",
            json!({ "value": null, "source": "document" }),
            true,
        ),
        ("fiche", json!({ "source": "document" }), false),
        ("fiche", json!({ "naissance": "2015-02-30" }), false),
        ("fiche", json!({ "age": 3 }), false),
        (
            "fiche",
            json!({ "enfants": [{ "naissance": "2015-01-01", "enfants": [] }] }),
            true,
        ),
        (
            "fiche",
            json!({ "enfants": [{ "enfants": [{ "value": "3" }] }] }),
            false,
        ),
        ("fiche", json!({ "enfants": [null] }), false),
        ("fiche", json!([]), false),
        // A record without such fields.
        ("simple", json!({ "age": 3 }), true),
        ("simple", json!({ "age": null }), true),
        (
            "simple",
            json!({ "value": { "age": 3 }, "source": "officer", "by": "agent" }),
            true,
        ),
        ("simple", json!({ "value": { "age": 3 } }), false),
        ("simple", json!({ "source": "document" }), false),
        (
            "simple",
            json!({ "value": { "age": 3 }, "source": "document", "age": 3 }),
            false,
        ),
        ("simple", json!({ "age": 3.5 }), false),
        // Lists: no `null` element; an element may have its provenance.
        ("liste", json!([]), true),
        ("liste", json!([{ "age": 1 }, {}]), true),
        (
            "liste",
            json!([{ "value": { "age": 1 }, "source": "document" }]),
            true,
        ),
        (
            "liste",
            json!([{ "value": null, "source": "document" }]),
            true,
        ),
        (
            "liste",
            json!({ "value": [{ "age": 1 }], "source": "document" }),
            true,
        ),
        ("liste", json!([null]), false),
        ("liste", json!([{ "age": "x" }]), false),
        ("liste", json!({ "age": 1 }), false),
        ("liste", json!([[]]), false),
        (
            "dates",
            json!(["2021-01-01", { "value": "2021-01-02", "source": "document" }]),
            true,
        ),
        ("dates", json!(["2021-02-30"]), false),
        ("dates", json!([{ "source": "document" }]), true),
        ("dates", json!([{ "value": "2021-01-02" }]), false),
        // Sensitive data is written as any other.
        ("sante", json!(true), true),
        // An appraisal: only from an officer, with who made it, when it has a value.
        ("avis", json!(null), true),
        ("avis", officer(json!(false)), true),
        (
            "avis",
            json!({ "value": true, "source": "officer", "by": "" }),
            true,
        ),
        ("avis", json!({ "value": null, "source": "document" }), true),
        ("avis", json!({ "source": "extraction" }), true),
        ("avis", json!(true), false),
        ("avis", json!({ "value": true, "source": "officer" }), false),
        (
            "avis",
            json!({ "value": true, "source": "document", "by": "agent" }),
            false,
        ),
        ("avis", officer(json!("oui")), false),
        (
            "avis",
            json!({ "value": true, "source": "officer", "by": "agent", "note": 1 }),
            false,
        ),
    ]
}

/// Whole dossiers: the envelope and the groups.
fn dossier_cases() -> Vec<(Json, bool)> {
    vec![
        (json!({}), true),
        (
            json!({ "id": "x", "description": null, "decided_on": null, "filed_on": "2026-01-01" }),
            true,
        ),
        (json!({ "facts": null }), true),
        (json!({ "facts": {} }), true),
        (json!({ "facts": { "essai": null } }), true),
        (json!({ "facts": { "essai": {} } }), true),
        (json!({ "id": 42 }), false),
        (json!({ "description": ["x"] }), false),
        (json!({ "decided_on": "02/03/2026" }), false),
        (json!({ "decided_on": 20_260_302 }), false),
        (json!({ "filed_on": "2026-02-30" }), false),
        (json!({ "fact": {} }), false),
        (json!({ "facts": [] }), false),
        (json!({ "facts": { "essai": true } }), false),
        (json!({ "facts": { "essai": { "inconnu": 1 } } }), false),
        (json!({ "facts": { "autre": {} } }), false),
        (json!({ "facts": { "essai.booleen": true } }), false),
        (json!([]), false),
        (json!("dossier"), false),
        (json!(null), false),
    ]
}

/// What the decoder refuses and the schema cannot: each with the reason.
fn known_differences() -> Vec<(&'static str, Json, &'static str)> {
    vec![
        (
            "nombre",
            json!(1.0),
            "JSON Schema's numbers are values, not texts: `1.0` is the integer 1 (`type: integer` \
             accepts it), while the decoder reads an integer only from a JSON number written \
             without a fraction or an exponent",
        ),
        (
            "nombre",
            json!(1e2),
            "the same: `1e2` is the integer 100 for JSON Schema",
        ),
        (
            "nombre",
            serde_json::from_str("-9223372036854775809").unwrap(),
            "below the 64-bit range, the number is read as a float, equal as such to the \
             schema's `minimum` (-2⁶³)",
        ),
        (
            "taux",
            json!("10000000000000"),
            "a decimal written as a string beyond the 64-bit range of millionths (about 9.2 × \
             10¹²): a pattern does not bound the value of its digits",
        ),
        (
            "somme",
            json!("100000000000000000000"),
            "an amount written as a string beyond the 64-bit range of cents (about 9.2 × 10¹⁶ \
             euros): a pattern does not bound the value of its digits",
        ),
        (
            "delai",
            json!("4294967296 jours"),
            "a duration beyond 2³² - 1 units: a pattern does not bound the value of its digits",
        ),
    ]
}

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
