//! The `bad-dossiers/` corpus: dossiers that do not match the CESEDA policy set's facts. Each is
//! refused with every problem it has, each named by its JSON path and what was expected.

use motif_runtime::decode_dossier;
use motif_runtime::dossier::Problem;
use motif_tests::ceseda;

#[test]
fn errors() {
    let program = ceseda();
    insta::glob!("../corpus/bad-dossiers", "*.json", |path| {
        let text = std::fs::read_to_string(path).unwrap();
        let errors = decode_dossier(&program, &text).expect_err("a bad dossier is refused");
        assert!(!errors.0.is_empty());
        for error in &errors.0 {
            assert!(error.path.starts_with('$'), "{error}");
            if !matches!(error.problem, Problem::Syntax { .. }) {
                assert!(
                    error.to_string().starts_with(&error.path),
                    "the message names its path: {error}"
                );
            }
        }
        insta::assert_snapshot!(errors.to_string());
    });
}

#[test]
fn every_problem_of_a_dossier_is_reported_at_once() {
    let program = ceseda();
    let text = std::fs::read_to_string(
        motif_tests::root().join("tests/corpus/bad-dossiers/plusieurs-problemes.json"),
    )
    .unwrap();
    let errors = decode_dossier(&program, &text).unwrap_err();
    let paths: Vec<&str> = errors.0.iter().map(|e| e.path.as_str()).collect();
    assert_eq!(
        paths,
        [
            "$.id",
            "$.facts.demande.premiere_delivrance",
            "$.facts.visa.type",
            "$.facts.mariage.ville",
            "$.facts.conjoint.nationalite_francaise_conservee",
        ]
    );
}
