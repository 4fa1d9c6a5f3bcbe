//! The `motif` command, driven in-process exactly as a user would run it: what it prints and
//! the exit code (0 success, 1 a policy or a dossier is wrong, 2 the command is misused).

use motif_compiler::cli::{INPUT_ERROR, OK, USAGE_ERROR};
use motif_tests::command::{assess, motif, path};

#[test]
fn check_accepts_the_policy_set() {
    let o = motif(&["check", &path("policies")]);
    assert_eq!(o.code, OK, "{}", o.err);
    assert!(
        o.out
            .contains("28 article(s), 18 voie(s), 63 fait(s) — aucun problème"),
        "{}",
        o.out
    );
    assert!(o.err.is_empty());
}

#[test]
fn check_reports_a_misspelt_fact_with_its_line_a_label_and_a_suggestion() {
    let o = motif(&[
        "check",
        &path("tests/corpus/bad/nom-de-fait-mal-orthographie.motif"),
    ]);
    assert_eq!(o.code, INPUT_ERROR);
    assert!(
        o.err.contains("nom inconnu : `mariage.transcri`"),
        "{}",
        o.err
    );
    assert!(
        o.err.contains("nom-de-fait-mal-orthographie.motif:11:5"),
        "{}",
        o.err
    );
    assert!(
        o.err
            .contains("ni un fait, ni un paramètre, ni une condition de l'article L. 423-1")
    );
    assert!(o.err.contains("Vouliez-vous dire `mariage.transcrit` ?"));
    assert!(o.out.contains("1 erreur(s)"));
}

#[test]
fn check_succeeds_with_warnings_only() {
    let o = motif(&["check", &path("tests/corpus/bad/avertissements.motif")]);
    assert_eq!(o.code, OK);
    assert!(
        o.out.contains("aucune erreur, 3 avertissement(s)"),
        "{}",
        o.out
    );
    assert!(o.err.contains("n'a pas d'intitulé"));
}

#[test]
fn assess_prints_the_assessment_citing_the_article_and_its_version() {
    let o = assess("examples/dossiers/03-visa-court-sejour.json", &[]);
    assert_eq!(o.code, OK, "{}", o.err);
    assert!(o.out.contains("Fondement : article L. 423-1"), "{}", o.out);
    assert!(o.out.contains("version en vigueur depuis le 2021-08-26"));
    assert!(o.out.contains("Résultat : NON ÉLIGIBLE"));
}

#[test]
fn assess_as_json_follows_the_contract() {
    let o = assess(
        "examples/dossiers/04-transcription-inconnue.json",
        &["--format", "json"],
    );
    assert_eq!(o.code, OK, "{}", o.err);
    let json: serde_json::Value = serde_json::from_str(&o.out).unwrap();
    assert_eq!(json["format"], "motif.assessment/0.3");
    let spouse = json["routes"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["route"] == "conjoint_de_francais")
        .unwrap();
    assert_eq!(spouse["outcome"], "incomplete");
    assert_eq!(spouse["missing_facts"][0]["fact"], "mariage.transcrit");
}

#[test]
fn the_decision_date_on_the_command_line_overrides_the_dossiers() {
    // In June 2021, L. 423-1's first version applies; L. 412-6 (2021-08-26) does not exist yet.
    let o = assess(
        "examples/dossiers/01-conjoint-eligible.json",
        &["--decided-on", "2021-06-01", "--filed-on", "2021-03-15"],
    );
    assert_eq!(o.code, OK, "{}", o.err);
    assert!(o.out.contains("Date de décision : 2021-06-01"));
    assert!(
        o.out
            .contains("version en vigueur du 2021-05-01 au 2021-08-25")
    );
    assert!(o.out.contains("[L. 423-1, version du 2021-05-01]"));
    assert!(!o.out.contains("L. 412-6"), "{}", o.out);
}

#[test]
fn a_filing_date_after_the_decision_is_refused_with_both_dates() {
    let o = assess(
        "examples/dossiers/01-conjoint-eligible.json",
        &["--decided-on", "2021-06-01"],
    );
    assert_eq!(o.code, USAGE_ERROR);
    assert!(o.out.is_empty());
    assert!(
        o.err.contains("2026-01-10") && o.err.contains("2021-06-01"),
        "{}",
        o.err
    );
}

#[test]
fn a_malformed_dossier_is_an_input_error_naming_the_json_path() {
    let o = assess("tests/corpus/bad-dossiers/type-incorrect.json", &[]);
    assert_eq!(o.code, INPUT_ERROR);
    assert!(
        o.out.is_empty(),
        "no assessment is printed for a bad dossier"
    );
    assert!(
        o.err.contains("dossier invalide (1 problème(s))"),
        "{}",
        o.err
    );
    assert!(o.err.contains(
        "$.facts.mariage.transcrit : attendu un booléen (true ou false), trouvé la chaîne \"oui\""
    ));
}

#[test]
fn a_dossier_that_is_not_json_is_an_input_error_with_its_path_and_line() {
    let o = assess("tests/corpus/bad-dossiers/json-mal-forme.json", &[]);
    assert_eq!(o.code, INPUT_ERROR);
    assert!(
        o.err
            .contains("$.facts.mariage : JSON invalide (ligne 1, colonne 73)"),
        "{}",
        o.err
    );
}

#[test]
fn a_missing_file_is_an_input_error() {
    let o = assess("examples/dossiers/nexiste-pas.json", &[]);
    assert_eq!(o.code, INPUT_ERROR);
    assert!(o.err.contains("impossible de lire"), "{}", o.err);
    let o = motif(&["check", &path("nexiste-pas")]);
    assert_eq!(o.code, INPUT_ERROR);
}

#[test]
fn assessing_with_a_broken_policy_set_is_an_input_error() {
    let dossier = path("examples/dossiers/01-conjoint-eligible.json");
    let o = motif(&[
        "assess",
        &dossier,
        "--policies",
        &path("tests/corpus/bad/cycle-de-conditions.motif"),
    ]);
    assert_eq!(o.code, INPUT_ERROR);
    assert!(o.err.contains("dépend d'elle-même"));
    assert!(o.err.contains("contient des erreurs"));
}

#[test]
fn misuse_is_a_usage_error() {
    assert_eq!(motif(&[]).code, USAGE_ERROR);
    assert_eq!(motif(&["juger", "x.json"]).code, USAGE_ERROR);
    let dossier = path("examples/dossiers/01-conjoint-eligible.json");
    let o = motif(&["assess", &dossier, "--format", "xml"]);
    assert_eq!(o.code, USAGE_ERROR);
    assert!(o.err.contains("xml"));
    let o = motif(&["assess", &dossier, "--decided-on", "2023-02-30"]);
    assert_eq!(o.code, USAGE_ERROR);
    assert!(
        o.err.contains("n'existe pas dans le calendrier"),
        "{}",
        o.err
    );
}

#[test]
fn a_dossier_without_a_decision_date_needs_one_on_the_command_line() {
    let dir = std::env::temp_dir().join(format!("motif-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let dossier = dir.join("sans-date.json");
    std::fs::write(
        &dossier,
        r#"{ "facts": { "mariage": { "lieu": "france" } } }"#,
    )
    .unwrap();
    let dossier = dossier.display().to_string();
    let o = motif(&["assess", &dossier, "--policies", &path("policies")]);
    assert_eq!(o.code, USAGE_ERROR);
    assert!(o.err.contains("--decided-on"), "{}", o.err);
    let o = motif(&[
        "assess",
        &dossier,
        "--policies",
        &path("policies"),
        "--decided-on",
        "2026-03-02",
    ]);
    assert_eq!(o.code, OK, "{}", o.err);
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn help_and_version_succeed() {
    let o = motif(&["--help"]);
    assert_eq!(o.code, OK);
    assert!(o.out.contains("assess"));
    assert_eq!(motif(&["--version"]).code, OK);
}
