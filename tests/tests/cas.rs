//! `motif test`: the test cases of a policy set (`.cas` files), on the fictitious policy set of
//! `tests/corpus/cas/regles/` — its cases pass, with their exact output; cases that expect
//! something else fail, saying what was expected and what was found; each file of
//! `tests/corpus/cas/mauvais/` has one problem, reported at its line; and the coverage is right.

use std::path::Path;

use motif_compiler::cli::{INPUT_ERROR, OK};
use motif_compiler::testing::{self, Aspect, Seen};
use motif_tests::command::{motif, path};
use motif_tests::{compile_path, root};

const POLICY: &str = "tests/corpus/cas/regles";

/// Output without the machine's path to the workspace.
fn local(text: &str) -> String {
    text.replace(&format!("{}/", root().display()), "")
}

fn program() -> motif_runtime::Program {
    let (_, compilation) = compile_path(&root().join(POLICY));
    compilation
        .program
        .expect("the fictitious policy set compiles")
}

#[test]
fn the_cases_of_the_policy_set_pass() {
    let o = motif(&["test", &path(POLICY)]);
    assert_eq!(o.code, OK, "{}{}", o.out, o.err);
    assert!(o.err.is_empty(), "{}", o.err);
    assert!(o.out.ends_with("7 cas, 0 échoué(s)\n"), "{}", o.out);
    insta::assert_snapshot!("passing", local(&o.out));
}

#[test]
fn case_files_do_not_disturb_the_compilation_of_the_policy_set() {
    let o = motif(&["check", &path(POLICY)]);
    assert_eq!(o.code, OK, "{}", o.err);
    assert!(
        o.out.contains("1 fichier(s), 4 article(s), 3 voie(s)"),
        "{}",
        o.out
    );
}

#[test]
fn cases_that_expect_something_else_fail_with_what_was_expected_and_found() {
    let o = motif(&[
        "test",
        &path(POLICY),
        "--cas",
        &path("tests/corpus/cas/echecs"),
    ]);
    assert_eq!(o.code, INPUT_ERROR);
    assert!(o.err.is_empty(), "{}", o.err);
    assert!(o.out.ends_with("6 cas, 5 échoué(s)\n"), "{}", o.out);
    assert!(o.out.contains("  ✓ Ce cas-ci passe\n"));
    insta::assert_snapshot!("failing", local(&o.out));
}

#[test]
fn a_passing_case_copied_with_another_outcome_fails() {
    let file = root().join(POLICY).join("cas/etudiant.cas");
    let text = std::fs::read_to_string(&file).unwrap();
    let changed = text.replace(
        "voie etudiant : dossier incomplet",
        "voie etudiant : non éligible",
    );
    assert_ne!(text, changed);
    let (cases, errors) = testing::format::parse(&file, &changed);
    assert!(errors.is_empty(), "{errors:?}");
    let report = testing::run(&program(), &cases).unwrap();
    assert_eq!(report.failed(), 1);
    let failed = report.cases.iter().find(|c| !c.passed()).unwrap();
    assert_eq!(
        failed.title,
        "Ressources inconnues : le dossier est incomplet, on les demande"
    );
    let [mismatch] = failed.mismatches.as_slice() else {
        panic!("one mismatch: {:?}", failed.mismatches)
    };
    assert_eq!(mismatch.aspect, Aspect::Outcome);
    assert_eq!(mismatch.route, "etudiant");
    assert_eq!(mismatch.expected, ["non éligible"]);
    assert_eq!(
        mismatch.found,
        [
            "dossier incomplet selon L. 900-81, version du 2020-01-01",
            "à demander : ressources.mensuelles",
        ]
    );
}

#[test]
fn bad_case_files() {
    let policy = path(POLICY);
    // Each file of mauvais/ has one problem, reported at its line with a help.
    insta::glob!("../corpus/cas/mauvais", "*.cas", |file| {
        let file = file.display().to_string();
        let o = motif(&["test", &policy, "--cas", &file]);
        assert_eq!(o.code, INPUT_ERROR, "{}", o.out);
        assert!(o.out.is_empty(), "no case is run: {}", o.out);
        assert!(
            o.err
                .ends_with("1 problème(s) dans les cas d'essai : aucun cas n'a été passé\n"),
            "each bad file has one problem: {}",
            o.err
        );
        insta::assert_snapshot!(local(&o.err));
    });
}

#[test]
fn a_policy_set_that_does_not_compile_is_reported_and_no_case_is_run() {
    let o = motif(&[
        "test",
        &path("tests/corpus/bad/nom-de-fait-mal-orthographie.motif"),
    ]);
    assert_eq!(o.code, INPUT_ERROR);
    assert!(o.out.is_empty(), "{}", o.out);
    assert!(
        o.err.contains("nom inconnu : `mariage.transcri`"),
        "{}",
        o.err
    );
    assert!(o.err.contains("contient des erreurs"), "{}", o.err);
}

#[test]
fn a_policy_set_without_cases_is_an_error() {
    let o = motif(&["test", &path("tests/corpus/good/derogations")]);
    assert_eq!(o.code, INPUT_ERROR);
    assert!(
        o.err.contains("aucun cas d'essai (fichier .cas)"),
        "{}",
        o.err
    );
}

#[test]
fn coverage_is_printed_after_the_cases() {
    let o = motif(&["test", &path(POLICY), "--coverage"]);
    assert_eq!(o.code, OK, "{}", o.err);
    insta::assert_snapshot!("coverage", local(&o.out));
}

#[test]
fn coverage_counts_what_the_checked_routes_saw() {
    let program = program();
    let cases = testing::read_cases(&root().join(POLICY)).unwrap();
    let report = testing::run(&program, &cases).unwrap();
    assert_eq!(report.failed(), 0);
    let coverage = testing::coverage(&program, &report);

    assert_eq!(coverage.articles.len(), 4);
    assert_eq!(coverage.articles_exercised(), 3);
    assert_eq!(coverage.articles_not_exercised(), ["L. 900-83"]);
    assert_eq!(coverage.condition_count(), 8);
    assert_eq!(coverage.both_ways(), 3);
    assert_eq!(coverage.percent_both_ways(), 37);

    let seen = |article: &str, version: &str, name: &str| -> Seen {
        coverage
            .conditions()
            .find(|(c, _)| c.to_string() == format!("{name} de {article}, version du {version}"))
            .map(|(_, seen)| seen)
            .unwrap_or_else(|| panic!("no condition {name} of {article} {version}"))
    };
    // Seen both ways: the general condition of another article counts for its own article.
    assert_eq!(
        seen("L. 900-80", "2020-01-01", "visa"),
        Seen {
            holds: true,
            fails: true,
            unknown: false
        }
    );
    assert_eq!(
        seen("L. 900-81", "2020-01-01", "ressources"),
        Seen {
            holds: true,
            fails: true,
            unknown: true
        }
    );
    // The route is closed when the applicant is not enrolled: the condition can never fail.
    let never_false: Vec<String> = coverage
        .never_false()
        .iter()
        .map(ToString::to_string)
        .collect();
    assert!(
        never_false.contains(&"etudes de L. 900-81, version du 2020-01-01".to_string()),
        "{never_false:?}"
    );
    assert_eq!(never_false.len(), 5, "{never_false:?}");
    let never_true: Vec<String> = coverage
        .never_true()
        .iter()
        .map(ToString::to_string)
        .collect();
    assert_eq!(
        never_true,
        [
            "autorisation de L. 900-82, version du 2020-01-01",
            "diplome de L. 900-83, version du 2026-06-01",
        ]
    );
    let unassessed: Vec<&str> = coverage
        .routes_never_assessed()
        .iter()
        .map(|a| a.article.as_str())
        .collect();
    assert_eq!(unassessed, ["L. 900-83"]);
}

#[test]
fn coverage_ignores_the_routes_a_case_does_not_check() {
    // The same dossier, checking only `salarie`: the route `etudiant` is assessed (and
    // refused on its resources and its visa) but not checked, so it covers nothing.
    let file = root().join(POLICY).join("cas/copie.cas");
    let text = "cas « Seule la voie salarié est vérifiée »\n\
                \x20 dossier ../../dossiers/b-sans-visa-500-euros.json\n\
                \x20 voie salarie : sans objet\n";
    let (cases, errors) = testing::format::parse(&file, text);
    assert!(errors.is_empty(), "{errors:?}");
    let program = program();
    let report = testing::run(&program, &cases).unwrap();
    let coverage = testing::coverage(&program, &report);
    assert_eq!(coverage.both_ways(), 0);
    assert!(
        coverage
            .conditions()
            .all(|(_, seen)| seen == Seen::default())
    );
    assert_eq!(
        coverage.articles_exercised(),
        1,
        "L. 900-82, by its closure"
    );
    assert!(Path::new(&file).parent().unwrap().is_dir());
}
