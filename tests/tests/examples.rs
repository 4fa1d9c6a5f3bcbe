//! The example dossiers of `examples/dossiers/`, assessed against the CESEDA policy set.
//!
//! Each dossier has its expected outcome written here (outcome, every failed ground by article
//! and condition, the facts to ask for), and its assessment is snapshotted as JSON and as text.

use std::path::Path;

use motif_compiler::testing;
use motif_runtime::{Assessment, Dates, Outcome, RouteAssessment, assess, decode_dossier, render};
use motif_tests::{ceseda, example_dossiers, root};

const RESIDENT: &str = "resident_conjoint_de_francais";

/// The CESEDA cases (`policies/ceseda/cas/*.cas`): each states, for an example dossier at its
/// dates, the expected outcome of the routes it checks, the deciding article and version, every
/// refusal ground and the facts to ask for. They all pass.
#[test]
fn the_ceseda_cases_pass() {
    let program = ceseda();
    let cases = testing::read_cases(&root().join("policies")).unwrap_or_else(|errors| {
        panic!(
            "{}",
            errors
                .iter()
                .map(ToString::to_string)
                .collect::<Vec<_>>()
                .join("\n")
        )
    });
    assert!(cases.len() >= 90, "{} cases", cases.len());
    let report = testing::run(&program, &cases).unwrap_or_else(|errors| {
        panic!(
            "{}",
            errors
                .iter()
                .map(ToString::to_string)
                .collect::<Vec<_>>()
                .join("\n")
        )
    });
    let failed: Vec<String> = report
        .cases
        .iter()
        .filter(|c| !c.passed())
        .map(|c| format!("{}: {:?}", c.title, c.mismatches))
        .collect();
    assert!(failed.is_empty(), "{failed:#?}");

    // Every article is exercised, every route seen as something else than « sans objet », and
    // at least 90 % of the conditions seen both holding and failing.
    let coverage = testing::coverage(&program, &report);
    assert!(coverage.articles_not_exercised().is_empty());
    assert!(coverage.routes_never_assessed().is_empty());
    assert!(
        coverage.percent_both_ways() >= 90,
        "{} % of the conditions seen both ways; never false: {:?}; never true: {:?}",
        coverage.percent_both_ways(),
        coverage.never_false(),
        coverage.never_true()
    );
}

/// Every example dossier is the subject of at least one case, and there are at least sixty.
#[test]
fn every_example_dossier_is_checked_by_a_case() {
    let cases = testing::read_cases(&root().join("policies")).unwrap();
    let used: Vec<std::path::PathBuf> = cases
        .iter()
        .map(|c| std::fs::canonicalize(c.dossier_path()).unwrap())
        .collect();
    let examples = example_dossiers();
    assert!(examples.len() >= 60, "{} example dossiers", examples.len());
    for example in examples {
        let example = std::fs::canonicalize(&example).unwrap();
        assert!(
            used.contains(&example),
            "no case checks {}",
            example.display()
        );
    }
}

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
    for path in example_dossiers() {
        let first = render::json(&assess_file(&path));
        let second = render::json(&assess_file(&path));
        assert_eq!(first, second, "{}", path.display());
    }
}

/// One assessment's JSON, reviewed as the example of the contract (the schema tests check the
/// others against its JSON Schema).
#[test]
fn one_assessment_as_json() {
    let path = root().join("examples/dossiers/07-plusieurs-motifs.json");
    insta::assert_snapshot!(motif_tests::json_for_snapshot(&assess_file(&path)));
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
