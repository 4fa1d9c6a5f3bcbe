//! The applicant's letter (French and English) and the officer's view, for every example
//! dossier: snapshots, and the checklist of what a reasoned refusal must say.

use motif_runtime::Outcome;
use motif_runtime::render::templates::Templates;
use motif_runtime::render::words::{Lang, UNTRANSLATED};
use motif_runtime::render::{self, letter_text};
use motif_tests::{assess_dossier, ceseda, example_dossiers, redacted, root};

fn name(path: &std::path::Path) -> String {
    path.file_stem().unwrap().to_string_lossy().into_owned()
}

#[test]
fn letters_in_french_and_english() {
    let program = ceseda();
    let templates = Templates::builtin();
    for path in example_dossiers() {
        let assessment = redacted(&assess_dossier(&program, &path));
        let name = name(&path);
        for lang in [Lang::Fr, Lang::En] {
            let letter = letter_text(&assessment, &program, lang, &templates).unwrap();
            insta::assert_snapshot!(format!("lettre-{}@{name}", lang.code()), letter);
        }
    }
}

/// Every example whose assessment refuses a route: the letter, in both languages, says which
/// article and version, which condition, what the dossier shows, what would have to change,
/// that an algorithm prepared it and what it was for, and how and within what delay to appeal.
#[test]
fn every_refusal_letter_says_what_the_law_requires_it_to_say() {
    let program = ceseda();
    let templates = Templates::builtin();
    let mut refusals = 0;
    for path in example_dossiers() {
        let assessment = assess_dossier(&program, &path);
        let name = name(&path);
        for lang in [Lang::Fr, Lang::En] {
            let letter = letter_text(&assessment, &program, lang, &templates).unwrap();
            let words = render::words::Words::new(&program, lang);
            for route in assessment
                .routes
                .iter()
                .filter(|r| r.outcome == Outcome::NotEligible)
            {
                refusals += 1;
                let version = route.basis.version.as_ref().unwrap().in_force_from;
                let basis = match lang {
                    Lang::Fr => format!(
                        "article {} du CESEDA, dans sa version en vigueur depuis le {}",
                        route.basis.article,
                        words.date(version)
                    ),
                    Lang::En => format!(
                        "article {} of the CESEDA, as in force since {}",
                        route.basis.article,
                        words.date(version)
                    ),
                };
                assert!(letter.contains(&basis), "{name} ({lang:?}): {basis}");
                for ground in &route.failed_conditions {
                    let label = words.tr(ground.label.as_deref().unwrap());
                    assert!(letter.contains(&label), "{name} ({lang:?}): ground {label}");
                    for fact in &ground.facts {
                        let value = words.fact_value(fact);
                        assert!(letter.contains(&value), "{name} ({lang:?}): value {value}");
                    }
                }
                assert!(
                    !route.changes.is_empty(),
                    "{name}: {} has no change",
                    route.route
                );
                let change = match lang {
                    Lang::Fr => "Ce qui devrait changer pour que ce titre puisse vous être délivré",
                    Lang::En => "What would have to change for this permit to be granted",
                };
                assert!(
                    letter.contains(change),
                    "{name} ({lang:?}): what would change"
                );
                for c in &route.changes {
                    assert!(letter.contains(&words.tr(c.label.as_deref().unwrap())));
                }
            }
            let (algorithm, purpose, appeal, delay) = match lang {
                Lang::Fr => (
                    "traitement algorithmique",
                    "dont la finalité est",
                    "recours contentieux, devant le tribunal administratif",
                    "dans un délai de 2 mois",
                ),
                Lang::En => (
                    "algorithmic processing",
                    "whose purpose is",
                    "appeal to the administrative court",
                    "within 2 months",
                ),
            };
            for needed in [algorithm, purpose, "L. 311-3-1", "CADA", appeal, delay] {
                assert!(letter.contains(needed), "{name} ({lang:?}): {needed}");
            }
            for gracious in match lang {
                Lang::Fr => ["recours gracieux", "recours hiérarchique"],
                Lang::En => ["recours gracieux", "recours hiérarchique"],
            } {
                assert!(letter.contains(gracious), "{name} ({lang:?}): {gracious}");
            }
        }
    }
    assert!(refusals >= 20, "{refusals} refused routes checked");
}

/// The English letters show no policy text left in French: the translation file covers every
/// label, reason and document the examples reach.
#[test]
fn the_english_letters_are_fully_translated() {
    let program = ceseda();
    let templates = Templates::builtin();
    for path in example_dossiers() {
        let assessment = assess_dossier(&program, &path);
        let letter = letter_text(&assessment, &program, Lang::En, &templates).unwrap();
        let untranslated: Vec<&str> = letter
            .lines()
            .filter(|l| l.contains(&format!("[{UNTRANSLATED}]")))
            .collect();
        assert!(
            untranslated.is_empty(),
            "{}: {untranslated:#?}",
            name(&path)
        );
    }
}

/// A health datum reaches a letter only in the route whose article reads it.
#[test]
fn a_letter_shows_health_data_only_where_the_article_requires_it() {
    let program = ceseda();
    let templates = Templates::builtin();
    let sick = root().join("examples/dossiers/19-etranger-malade-avis-defavorable.json");
    let assessment = assess_dossier(&program, &sick);
    let letter = letter_text(&assessment, &program, Lang::Fr, &templates).unwrap();
    let mentions = letter
        .matches("les conditions médicales ne sont pas réunies")
        .count();
    assert_eq!(
        mentions, 1,
        "the opinion is shown once, in the sick-foreigner route"
    );
    let section = letter
        .split("────")
        .find(|s| s.contains("Étranger malade —"))
        .unwrap();
    assert!(section.contains("les conditions médicales ne sont pas réunies"));
    // And never as a reason for a refusal: the route is left to the officer.
    assert!(section.contains("votre situation doit être appréciée par un agent"));
    // A spouse's letter, with no health ground, says nothing of health.
    let spouse = root().join("examples/dossiers/01-conjoint-eligible.json");
    let letter = letter_text(
        &assess_dossier(&program, &spouse),
        &program,
        Lang::Fr,
        &templates,
    )
    .unwrap();
    assert!(!letter.contains("collège de médecins"));
}

#[test]
fn letters_and_pages_are_the_same_bytes_on_every_run() {
    let (a, b) = (ceseda(), ceseda());
    let templates = Templates::builtin();
    for path in example_dossiers() {
        let (x, y) = (assess_dossier(&a, &path), assess_dossier(&b, &path));
        assert_eq!(x.receipt, y.receipt);
        for lang in [Lang::Fr, Lang::En] {
            assert_eq!(
                letter_text(&x, &a, lang, &templates).unwrap(),
                letter_text(&y, &b, lang, &templates).unwrap()
            );
            assert_eq!(
                render::letter_html(&x, &a, lang, &templates).unwrap(),
                render::letter_html(&y, &b, lang, &templates).unwrap()
            );
        }
        assert_eq!(
            render::officer_html(&x, &a, &templates).unwrap(),
            render::officer_html(&y, &b, &templates).unwrap()
        );
    }
}
