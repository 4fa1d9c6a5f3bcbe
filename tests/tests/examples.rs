//! The example dossiers of `examples/dossiers/`, assessed against the CESEDA policy set.
//!
//! Each dossier has its expected outcome written here (outcome, every failed ground by article
//! and condition, the facts to ask for), and its assessment is snapshotted as JSON and as text.

use std::path::Path;

use motif_runtime::{Assessment, Dates, Outcome, RouteAssessment, assess, decode_dossier, render};
use motif_tests::{ceseda, root};

struct Expected {
    file: &'static str,
    outcome: Outcome,
    /// Every failed ground: (article, condition name).
    failed: &'static [(&'static str, &'static str)],
    missing: &'static [&'static str],
}

const EXPECTED: &[Expected] = &[
    Expected {
        file: "01-conjoint-eligible.json",
        outcome: Outcome::Eligible,
        failed: &[],
        missing: &[],
    },
    Expected {
        file: "02-mariage-non-transcrit.json",
        outcome: Outcome::NotEligible,
        failed: &[("L. 423-1", "transcription")],
        missing: &[],
    },
    Expected {
        file: "03-visa-court-sejour.json",
        outcome: Outcome::NotEligible,
        failed: &[("L. 412-1", "visa_long_sejour")],
        missing: &[],
    },
    Expected {
        file: "04-transcription-inconnue.json",
        outcome: Outcome::Incomplete,
        failed: &[],
        missing: &["mariage.transcrit"],
    },
    Expected {
        file: "05-conjoint-non-francais.json",
        outcome: Outcome::NotEligible,
        failed: &[("L. 423-1", "nationalite_du_conjoint")],
        missing: &[],
    },
    Expected {
        file: "06-communaute-de-vie-rompue.json",
        outcome: Outcome::NotEligible,
        failed: &[("L. 423-1", "communaute_de_vie")],
        missing: &[],
    },
    Expected {
        file: "07-plusieurs-motifs.json",
        outcome: Outcome::NotEligible,
        failed: &[
            ("L. 423-1", "transcription"),
            ("L. 412-1", "visa_long_sejour"),
        ],
        missing: &["couple.communaute_de_vie"],
    },
    Expected {
        file: "08-renouvellement-sans-visa.json",
        outcome: Outcome::Eligible,
        failed: &[],
        missing: &[],
    },
    Expected {
        file: "09-avant-la-version-encodee.json",
        outcome: Outcome::NotApplicable,
        failed: &[],
        missing: &[],
    },
    Expected {
        file: "10-dossier-vide.json",
        outcome: Outcome::Incomplete,
        failed: &[],
        missing: &[
            "mariage.avec_ressortissant_francais",
            "couple.communaute_de_vie",
            "conjoint.nationalite_francaise_conservee",
            "mariage.lieu",
            "mariage.transcrit",
            "demande.premiere_delivrance",
            "visa.type",
        ],
    },
];

fn assess_file(path: &Path) -> Assessment {
    let program = ceseda();
    let text = std::fs::read_to_string(path).unwrap();
    let dossier =
        decode_dossier(&program, &text).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let decided_on = dossier
        .decided_on
        .expect("every example carries its decision date");
    assess(
        &program,
        &dossier,
        Dates {
            decided_on,
            filed_on: dossier.filed_on,
        },
    )
}

fn route<'a>(assessment: &'a Assessment, name: &str) -> &'a RouteAssessment {
    assessment.routes.iter().find(|r| r.route == name).unwrap()
}

#[test]
fn every_example_has_its_expected_outcome_and_grounds() {
    let dir = root().join("examples/dossiers");
    for expected in EXPECTED {
        let assessment = assess_file(&dir.join(expected.file));
        let r = route(&assessment, "conjoint_de_francais");
        assert_eq!(r.outcome, expected.outcome, "{}", expected.file);
        let failed: Vec<(&str, &str)> = r
            .failed_conditions
            .iter()
            .map(|g| (g.article.id.as_str(), g.condition.as_deref().unwrap_or("")))
            .collect();
        assert_eq!(failed, expected.failed, "{}: failed grounds", expected.file);
        let missing: Vec<&str> = r.missing_facts.iter().map(|m| m.fact.as_str()).collect();
        assert_eq!(
            missing, expected.missing,
            "{}: missing facts",
            expected.file
        );
    }
}

#[test]
fn every_example_dossier_has_an_expectation() {
    let mut files: Vec<String> = std::fs::read_dir(root().join("examples/dossiers"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|name| name.ends_with(".json"))
        .collect();
    files.sort();
    let listed: Vec<&str> = EXPECTED.iter().map(|e| e.file).collect();
    assert_eq!(files, listed);
}

#[test]
fn a_missing_transcription_makes_the_route_incomplete_naming_the_fact() {
    let assessment = assess_file(&root().join("examples/dossiers/04-transcription-inconnue.json"));
    let r = route(&assessment, "conjoint_de_francais");
    assert_eq!(r.outcome, Outcome::Incomplete);
    assert!(
        r.failed_conditions.is_empty(),
        "an unknown fact is never a failed ground"
    );
    let missing = &r.missing_facts[0];
    assert_eq!(missing.fact, "mariage.transcrit");
    assert!(missing.label.as_deref().unwrap().contains("transcrit"));
    let undetermined = &r.undetermined_conditions[0];
    assert_eq!(undetermined.condition.as_deref(), Some("transcription"));
    assert!(
        render::text::render(&assessment)
            .contains("Faits à demander (1) :\n    - mariage.transcrit")
    );
}

#[test]
fn a_short_stay_visa_is_refused_citing_both_articles_the_condition_and_the_fact() {
    let assessment = assess_file(&root().join("examples/dossiers/03-visa-court-sejour.json"));
    let r = route(&assessment, "conjoint_de_francais");
    assert_eq!(r.outcome, Outcome::NotEligible);
    // The route's legal basis: L. 423-1, with its version.
    assert_eq!(r.basis.article, "L. 423-1");
    assert_eq!(
        r.basis.version.as_ref().unwrap().in_force_from.to_string(),
        "2021-08-26"
    );
    // The failed ground: L. 412-1's condition, its label, and the fact's value.
    let ground = &r.failed_conditions[0];
    assert_eq!(ground.article.id, "L. 412-1");
    assert_eq!(ground.article.version.to_string(), "2021-05-01");
    assert!(
        ground
            .label
            .as_deref()
            .unwrap()
            .contains("visa de long séjour")
    );
    let visa = ground.facts.iter().find(|f| f.fact == "visa.type").unwrap();
    assert_eq!(serde_json::to_value(&visa.value).unwrap(), "court_sejour");
    // Both articles are cited with their text.
    let cited: Vec<&str> = assessment
        .articles
        .iter()
        .map(|a| a.article.as_str())
        .collect();
    assert_eq!(cited, ["L. 423-1", "L. 412-1"]);
    let text = render::text::render(&assessment);
    assert!(text.contains("article L. 423-1"));
    assert!(text.contains("version en vigueur depuis le 2021-08-26"));
    assert!(text.contains("[L. 412-1, version du 2021-05-01]"));
    assert!(text.contains("visa.type = court_sejour"));
}

#[test]
fn the_same_dossier_gives_byte_identical_json() {
    for expected in EXPECTED {
        let path = root().join("examples/dossiers").join(expected.file);
        let first = render::json(&assess_file(&path));
        let second = render::json(&assess_file(&path));
        assert_eq!(first, second, "{}", expected.file);
    }
}

#[test]
fn assessments_as_json() {
    insta::glob!("../../examples/dossiers", "*.json", |path| {
        insta::assert_snapshot!(render::json(&assess_file(path)));
    });
}

#[test]
fn assessments_as_text() {
    insta::glob!("../../examples/dossiers", "*.json", |path| {
        insta::assert_snapshot!(render::text::render(&assess_file(path)));
    });
}
