//! The `good/` corpus: policy sets that must check without any diagnostic, each with dossiers
//! whose assessments are snapshotted, and an `attendus.txt` that states the expected outcome of
//! each dossier on each route (one line: dossier, route, outcome).

use std::path::Path;

use motif_runtime::{Dates, Outcome, assess, decode_dossier, render};
use motif_tests::{compile_path, rendered, root};

fn good_cases() -> Vec<std::path::PathBuf> {
    let mut cases: Vec<_> = std::fs::read_dir(root().join("tests/corpus/good"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_dir())
        .collect();
    cases.sort();
    cases
}

fn dossiers(case: &Path) -> Vec<std::path::PathBuf> {
    let mut files: Vec<_> = std::fs::read_dir(case.join("dossiers"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .collect();
    files.sort();
    files
}

#[test]
fn good_policies_check_without_any_diagnostic() {
    let cases = good_cases();
    assert!(!cases.is_empty());
    for case in cases {
        let (sources, compilation) = compile_path(&case);
        assert!(
            compilation.diagnostics.is_empty(),
            "{}:\n{}",
            case.display(),
            rendered(&sources, &compilation)
        );
        assert!(compilation.program.is_some());
    }
}

#[test]
fn assessments() {
    for case in good_cases() {
        let (_, compilation) = compile_path(&case);
        let program = compilation.program.unwrap();
        let name = case.file_name().unwrap().to_string_lossy().into_owned();
        for file in dossiers(&case) {
            let dossier =
                decode_dossier(&program, &std::fs::read_to_string(&file).unwrap()).unwrap();
            let assessment = assess(
                &program,
                &dossier,
                Dates {
                    decided_on: dossier.decided_on.unwrap(),
                    filed_on: dossier.filed_on,
                },
            );
            let snapshot = format!("{name}__{}", file.file_stem().unwrap().to_string_lossy());
            insta::assert_snapshot!(snapshot, render::text::render(&assessment));
        }
    }
}

/// The outcomes written in each case's `attendus.txt`; every dossier of a case has at least one.
#[test]
fn outcomes_are_those_expected() {
    for case in good_cases() {
        let (_, compilation) = compile_path(&case);
        let program = compilation.program.unwrap();
        let expected = std::fs::read_to_string(case.join("attendus.txt"))
            .unwrap_or_else(|_| panic!("{}: attendus.txt is missing", case.display()));
        let mut covered = std::collections::BTreeSet::new();
        for line in expected
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty() && !l.starts_with('#'))
        {
            let fields: Vec<&str> = line.split_whitespace().collect();
            let [file, route, outcome] = fields[..] else {
                panic!("{}: bad line `{line}`", case.display())
            };
            let text = std::fs::read_to_string(case.join("dossiers").join(file)).unwrap();
            let dossier = decode_dossier(&program, &text).unwrap();
            let dates = Dates {
                decided_on: dossier.decided_on.unwrap(),
                filed_on: dossier.filed_on,
            };
            let assessment = assess(&program, &dossier, dates);
            let found = assessment
                .routes
                .iter()
                .find(|r| r.route == route)
                .unwrap_or_else(|| panic!("no route {route}"));
            let found = serde_json::to_value(found.outcome).unwrap();
            assert_eq!(found, outcome, "{}: {file} on {route}", case.display());
            covered.insert(file.to_string());
        }
        for file in dossiers(&case) {
            let name = file.file_name().unwrap().to_string_lossy().into_owned();
            assert!(
                covered.contains(&name),
                "{}: {name} has no expected outcome",
                case.display()
            );
        }
    }
}

/// The outcomes of the `langage` case, which exercises every construct of the language.
#[test]
fn language_constructs_give_the_expected_outcomes() {
    let case = root().join("tests/corpus/good/langage");
    let (_, compilation) = compile_path(&case);
    let program = compilation.program.unwrap();
    let expected: &[(&str, Outcome, usize, &[&str])] = &[
        (
            "a-eligible-nouvelle-version.json",
            Outcome::Eligible,
            0,
            &[],
        ),
        // Under the former version: seniority, age, and both alternatives of `l'une de` fail.
        (
            "b-ancienne-version-plusieurs-motifs.json",
            Outcome::NotEligible,
            4,
            &[],
        ),
        // L. 900-1 is not in force yet: the law to apply is for a person to determine.
        (
            "c-article-reference-pas-en-vigueur.json",
            Outcome::NeedsAppraisal,
            0,
            &[],
        ),
        (
            "d-negation-inconnue.json",
            Outcome::NotEligible,
            1,
            &["demandeur.nationalite", "ressources.aide_sociale"],
        ),
        ("e-avant-toute-version.json", Outcome::NotApplicable, 0, &[]),
    ];
    for (file, outcome, failed, missing) in expected {
        let text = std::fs::read_to_string(case.join("dossiers").join(file)).unwrap();
        let dossier = decode_dossier(&program, &text).unwrap();
        let assessment = assess(
            &program,
            &dossier,
            Dates {
                decided_on: dossier.decided_on.unwrap(),
                filed_on: dossier.filed_on,
            },
        );
        let route = &assessment.routes[0];
        assert_eq!(route.outcome, *outcome, "{file}");
        assert_eq!(route.failed_conditions.len(), *failed, "{file}");
        let facts: Vec<&str> = route
            .missing_facts
            .iter()
            .map(|m| m.fact.as_str())
            .collect();
        assert_eq!(facts, *missing, "{file}");
    }
}
