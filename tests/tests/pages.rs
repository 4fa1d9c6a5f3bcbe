//! The HTML letter and the officer's page, opened in a real headless browser (Debian's
//! chromium): the page shows the article and the failed condition, and a screenshot is saved
//! under `target/browser/` for a person to look at.
//!
//! Without Chromium the tests fail under CI (the browser is part of the set-up) and are skipped
//! elsewhere; see `browser::chromium_for_test`.

use std::fs;
use std::path::PathBuf;

use motif_runtime::render::templates::Templates;
use motif_runtime::render::words::Lang;
use motif_runtime::render::{letter_html, officer_html};
use motif_tests::{assess_dossier, browser, ceseda, root};

fn browser_dir() -> PathBuf {
    let target = match std::env::var_os("CARGO_TARGET_DIR").filter(|v| !v.is_empty()) {
        Some(dir) => root().join(dir),
        None => root().join("target"),
    };
    let dir = target.join("browser");
    fs::create_dir_all(&dir).unwrap();
    dir
}

/// Writes `html` as `name.html`, opens it, and returns the text the browser shows.
fn show(name: &str, html: &str) -> String {
    let dir = browser_dir();
    let page = dir.join(format!("{name}.html"));
    fs::write(&page, html).unwrap();
    let opened = browser::open(&page, &dir.join(format!("{name}.png")))
        .unwrap_or_else(|e| panic!("{name}: {e}"));
    assert!(dir.join(format!("{name}.png")).exists());
    opened.text
}

#[test]
fn the_html_letters_show_the_article_and_the_failed_condition() {
    if browser::chromium_for_test("the_html_letters_show_the_article_and_the_failed_condition")
        .is_none()
    {
        return;
    }
    let program = ceseda();
    let templates = Templates::builtin();
    let path = root().join("examples/dossiers/14-etudiant-ressources-insuffisantes.json");
    let assessment = assess_dossier(&program, &path);
    let fr = show(
        "lettre-fr-14",
        &letter_html(&assessment, &program, Lang::Fr, &templates).unwrap(),
    );
    for shown in [
        "article L. 422-1 du CESEDA, dans sa version en vigueur depuis le 1er mai 2021",
        "« l'étranger justifie disposer de moyens d'existence suffisants »",
        "les moyens d'existence mensuels de l'étranger : 500,00 €",
        "il faudrait au moins : 615,00 €",
        "dans un délai de 2 mois",
    ] {
        assert!(
            fr.contains(shown),
            "the French letter does not show {shown:?}:\n{fr}"
        );
    }
    let en = show(
        "lettre-en-14",
        &letter_html(&assessment, &program, Lang::En, &templates).unwrap(),
    );
    for shown in [
        "article L. 422-1 of the CESEDA, as in force since 1 May 2021",
        "“the applicant shows sufficient means of subsistence”",
        "it would need to be at least: €615.00",
    ] {
        assert!(
            en.contains(shown),
            "the English letter does not show {shown:?}:\n{en}"
        );
    }
}

#[test]
fn the_officer_page_shows_the_grounds_the_documents_and_the_trace() {
    if browser::chromium_for_test("the_officer_page_shows_the_grounds_the_documents_and_the_trace")
        .is_none()
    {
        return;
    }
    let program = ceseda();
    let templates = Templates::builtin();
    let path = root().join("examples/dossiers/07-plusieurs-motifs.json");
    let assessment = assess_dossier(&program, &path);
    let text = show(
        "agent-07",
        &officer_html(&assessment, &program, &templates).unwrap(),
    );
    for shown in [
        "NON ÉLIGIBLE",
        "[L. 412-1, version du 1er mai 2021]",
        "pour une première délivrance, l'étranger produit un visa de long séjour",
        "[L. 423-1, version du 26 août 2021]",
        "des justificatifs de vie commune",
        "Points du droit appliqué à vérifier",
        "Détail de l'évaluation",
    ] {
        assert!(
            text.contains(shown),
            "the officer's page does not show {shown:?}:\n{text}"
        );
    }
}
