//! The example dossiers of `examples/dossiers/`, assessed against the CESEDA policy set.
//!
//! Each dossier has its expected outcome written here (outcome, every failed ground by article
//! and condition, the facts to ask for), and its assessment is snapshotted as JSON and as text.

use std::path::Path;

use motif_runtime::{Assessment, Dates, Outcome, RouteAssessment, assess, decode_dossier, render};
use motif_tests::{ceseda, root};

struct Expected {
    file: &'static str,
    /// The route this expectation is about (the snapshots hold the others).
    route: &'static str,
    outcome: Outcome,
    /// Every failed ground: (article, condition name).
    failed: &'static [(&'static str, &'static str)],
    missing: &'static [&'static str],
    /// Article versions that the route's trace must cite: (article, in force from).
    cites: &'static [(&'static str, &'static str)],
}

const fn expect(
    file: &'static str,
    route: &'static str,
    outcome: Outcome,
    failed: &'static [(&'static str, &'static str)],
    missing: &'static [&'static str],
    cites: &'static [(&'static str, &'static str)],
) -> Expected {
    Expected {
        file,
        route,
        outcome,
        failed,
        missing,
        cites,
    }
}

const SPOUSE: &str = "conjoint_de_francais";
const RESIDENT: &str = "resident_conjoint_de_francais";

const EXPECTED: &[Expected] = &[
    expect(
        "01-conjoint-eligible.json",
        SPOUSE,
        Outcome::Eligible,
        &[],
        &[],
        &[("L. 423-1", "2021-08-26"), ("L. 412-8", "2024-07-17")],
    ),
    expect(
        "02-mariage-non-transcrit.json",
        SPOUSE,
        Outcome::NotEligible,
        &[("L. 423-1", "transcription")],
        &[],
        &[],
    ),
    expect(
        "03-visa-court-sejour.json",
        SPOUSE,
        Outcome::NotEligible,
        &[("L. 412-1", "visa_long_sejour")],
        &[],
        &[("L. 412-1", "2021-05-01")],
    ),
    expect(
        "04-transcription-inconnue.json",
        SPOUSE,
        Outcome::Incomplete,
        &[],
        &["mariage.transcrit"],
        &[],
    ),
    expect(
        "05-conjoint-non-francais.json",
        SPOUSE,
        Outcome::NotEligible,
        &[("L. 423-1", "nationalite_du_conjoint")],
        &[],
        &[],
    ),
    expect(
        "06-communaute-de-vie-rompue.json",
        SPOUSE,
        Outcome::NotEligible,
        &[("L. 423-1", "communaute_de_vie")],
        &[],
        &[],
    ),
    expect(
        "07-plusieurs-motifs.json",
        SPOUSE,
        Outcome::NotEligible,
        &[
            ("L. 423-1", "transcription"),
            ("L. 412-1", "visa_long_sejour"),
        ],
        &["couple.communaute_de_vie"],
        &[],
    ),
    expect(
        "08-renouvellement-sans-visa.json",
        SPOUSE,
        Outcome::Eligible,
        &[],
        &[],
        &[],
    ),
    // Polygamy in June 2021: a condition of L. 423-1's first version; L. 412-6 did not exist,
    // and the contract of L. 412-8 did not apply to an application filed in 2021.
    expect(
        "09-polygamie-juin-2021.json",
        SPOUSE,
        Outcome::NotEligible,
        &[("L. 423-1", "pas_de_polygamie")],
        &[],
        &[("L. 423-1", "2021-05-01")],
    ),
    expect(
        "10-dossier-vide.json",
        SPOUSE,
        Outcome::Incomplete,
        &[],
        &[
            "mariage.avec_ressortissant_francais",
            "couple.communaute_de_vie",
            "conjoint.nationalite_francaise_conservee",
            "mariage.lieu",
            "mariage.transcrit",
            "demande.premiere_delivrance",
            "visa.type",
            "demandeur.polygamie",
            "filed_on",
            "demandeur.nationalite",
        ],
        &[],
    ),
    // The same situation in 2025: the general condition of L. 412-6.
    expect(
        "11-polygamie-juin-2025.json",
        SPOUSE,
        Outcome::NotEligible,
        &[("L. 412-6", "pas_de_polygamie")],
        &[],
        &[("L. 423-1", "2021-08-26"), ("L. 412-6", "2021-08-26")],
    ),
    // Level A2 is enough in December 2025, not in January 2026 (B1).
    expect(
        "12-carte-de-resident-decembre-2025.json",
        RESIDENT,
        Outcome::Eligible,
        &[],
        &[],
        &[("L. 423-6", "2021-05-01"), ("L. 413-7", "2024-01-28")],
    ),
    expect(
        "13-carte-de-resident-janvier-2026.json",
        RESIDENT,
        Outcome::NotEligible,
        &[("L. 413-7", "integration")],
        &[],
        &[("L. 413-7", "2026-01-01")],
    ),
    expect(
        "14-etudiant-ressources-insuffisantes.json",
        "etudiant",
        Outcome::NotEligible,
        &[("L. 422-1", "moyens_d_existence")],
        &[],
        &[("L. 422-1", "2021-05-01")],
    ),
    expect(
        "15-etudiant-ressources-extraites.json",
        "etudiant",
        Outcome::Eligible,
        &[],
        &[],
        &[],
    ),
    expect(
        "16-parent-d-enfant-francais.json",
        "parent_d_enfant_francais",
        Outcome::Eligible,
        &[],
        &[],
        &[("L. 423-7", "2021-08-26"), ("L. 412-1", "2021-05-01")],
    ),
    expect(
        "17-parent-enfant-devenu-majeur.json",
        "parent_d_enfant_francais",
        Outcome::NotEligible,
        &[("L. 423-7", "parent_d_enfant_francais")],
        &[],
        &[],
    ),
    expect(
        "18-etranger-malade-avis-favorable.json",
        "etranger_malade",
        Outcome::Eligible,
        &[],
        &[],
        &[("L. 425-9", "2021-05-01")],
    ),
    // A health datum never grounds a refusal: the authority appraises.
    expect(
        "19-etranger-malade-avis-defavorable.json",
        "etranger_malade",
        Outcome::NeedsAppraisal,
        &[],
        &[],
        &[],
    ),
    expect(
        "20-ressortissant-algerien.json",
        SPOUSE,
        Outcome::NotApplicable,
        &[],
        &[],
        &[],
    ),
    expect(
        "21-contrat-non-souscrit.json",
        SPOUSE,
        Outcome::NotEligible,
        &[("L. 412-8", "contrat_d_engagement")],
        &[],
        &[("L. 412-8", "2024-07-17")],
    ),
    expect(
        "22-contrat-demande-anterieure.json",
        SPOUSE,
        Outcome::Eligible,
        &[],
        &[],
        &[],
    ),
    expect(
        "23-ordre-public-non-apprecie.json",
        SPOUSE,
        Outcome::NeedsAppraisal,
        &[],
        &[],
        &[],
    ),
    expect(
        "24-date-de-depot-inconnue.json",
        SPOUSE,
        Outcome::Incomplete,
        &[],
        &["filed_on"],
        &[],
    ),
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
        let r = route(&assessment, expected.route);
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
        let cited = cited_versions(r);
        for (article, version) in expected.cites {
            assert!(
                cited.contains(&(article.to_string(), version.to_string())),
                "{}: {article} (version du {version}) is not cited; cited: {cited:?}",
                expected.file
            );
        }
    }
}

/// Every (article, version) cited by a step of the route's trace.
fn cited_versions(route: &RouteAssessment) -> Vec<(String, String)> {
    fn walk(value: &serde_json::Value, out: &mut Vec<(String, String)>) {
        match value {
            serde_json::Value::Object(map) => {
                if let Some(serde_json::Value::Object(article)) = map.get("article")
                    && let (Some(id), Some(version)) = (article.get("id"), article.get("version"))
                {
                    let pair = (
                        id.as_str().unwrap_or_default().to_string(),
                        version.as_str().unwrap_or_default().to_string(),
                    );
                    if !out.contains(&pair) {
                        out.push(pair);
                    }
                }
                map.values().for_each(|v| walk(v, out));
            }
            serde_json::Value::Array(items) => items.iter().for_each(|v| walk(v, out)),
            _ => {}
        }
    }
    let mut out = Vec::new();
    walk(&serde_json::to_value(&route.trace).unwrap(), &mut out);
    out
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
    // Both articles are cited with their text; the Franco-Algerian agreement, read only to
    // see that it does not apply to this applicant, is not.
    let cited: Vec<&str> = assessment
        .articles
        .iter()
        .map(|a| a.article.as_str())
        .collect();
    assert!(cited.contains(&"L. 423-1") && cited.contains(&"L. 412-1"));
    assert!(!cited.iter().any(|a| a.contains("franco-algérien")));
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
        insta::assert_snapshot!(motif_tests::json_for_snapshot(&assess_file(path)));
    });
}

#[test]
fn assessments_as_text() {
    insta::glob!("../../examples/dossiers", "*.json", |path| {
        insta::assert_snapshot!(render::text::render(&assess_file(path)));
    });
}

/// One dossier, two decision dates on either side of 2026-01-01: each assessment cites the
/// version of L. 413-7 in force at its date, and the language level that version requires.
#[test]
fn the_same_dossier_on_either_side_of_a_version_change_cites_each_version() {
    let program = ceseda();
    let path = root().join("examples/dossiers/12-carte-de-resident-decembre-2025.json");
    let dossier = decode_dossier(&program, &std::fs::read_to_string(path).unwrap()).unwrap();
    let at = |date: &str| {
        let dates = Dates {
            decided_on: date.parse().unwrap(),
            filed_on: dossier.filed_on,
        };
        let assessment = assess(&program, &dossier, dates);
        route(&assessment, RESIDENT).clone()
    };
    let before = at("2025-12-31");
    let after = at("2026-01-01");
    assert!(cited_versions(&before).contains(&("L. 413-7".into(), "2024-01-28".into())));
    assert!(
        !cited_versions(&before)
            .iter()
            .any(|(a, v)| a == "L. 413-7" && v == "2026-01-01")
    );
    assert!(cited_versions(&after).contains(&("L. 413-7".into(), "2026-01-01".into())));
    let level = |r: &RouteAssessment| {
        r.parameters
            .iter()
            .find(|p| p.parameter == "niveau_francais_carte_resident")
            .map(|p| serde_json::to_value(&p.value).unwrap())
            .unwrap()
    };
    assert_eq!(level(&before), "A2");
    assert_eq!(level(&after), "B1");
    assert_eq!(before.outcome, Outcome::Eligible);
    assert_eq!(after.outcome, Outcome::NotEligible);
}
