//! The browser harness (`motif_tests::browser`) on a fixture page: headless Chromium shows the
//! French text, runs the page's script, and saves a screenshot at `target/browser/fixture.png`
//! for a person to look at.
//!
//! Without Chromium the test fails under CI (`CI` set: the browser is part of the set-up) and is
//! skipped elsewhere; see `browser::chromium_for_test`.

use std::fs;
use std::path::PathBuf;

use motif_tests::browser;

const FIXTURE: &str = r#"<!DOCTYPE html>
<html lang="fr">
<head>
<meta charset="utf-8">
<title>Fixture du navigateur</title>
<style>
  body { font-family: serif; margin: 2em; }
  h1 { color: #1a3a6b; }
  .refus { border-left: 4px solid #b00; padding-left: 1em; }
</style>
</head>
<body>
<h1>Article L. 423-1</h1>
<p class="refus">condition non remplie&nbsp;: le mariage a été transcrit</p>
<p>Pièces &amp; justificatifs : acte de mariage, «&nbsp;livret de famille&nbsp;».</p>
<script>
  const note = document.createElement("p");
  note.textContent = "Ajouté par le script de la page.";
  document.body.appendChild(note);
</script>
</body>
</html>
"#;

/// The build's target directory: `CARGO_TARGET_DIR` if set (relative to the workspace root),
/// else the workspace root's `target/`.
fn target_dir() -> PathBuf {
    match std::env::var_os("CARGO_TARGET_DIR").filter(|v| !v.is_empty()) {
        Some(dir) => motif_tests::root().join(dir),
        None => motif_tests::root().join("target"),
    }
}

#[test]
fn a_french_page_is_rendered_and_photographed() {
    if browser::chromium_for_test("a_french_page_is_rendered_and_photographed").is_none() {
        return;
    }
    let dir = target_dir().join("browser");
    fs::create_dir_all(&dir).unwrap_or_else(|e| panic!("cannot create {}: {e}", dir.display()));
    let html = dir.join("fixture.html");
    fs::write(&html, FIXTURE).unwrap_or_else(|e| panic!("cannot write {}: {e}", html.display()));
    let png = dir.join("fixture.png");

    let started = std::time::Instant::now();
    let page = browser::open(&html, &png).unwrap_or_else(|e| panic!("{e}"));
    let took = started.elapsed();

    for shown in [
        "Article L. 423-1",
        "condition non remplie : le mariage a été transcrit",
        "Pièces & justificatifs : acte de mariage, « livret de famille ».",
        "Ajouté par le script de la page.",
    ] {
        assert!(
            page.text.contains(shown),
            "the page does not show {shown:?}; it shows:\n{}",
            page.text
        );
    }
    for hidden in ["Fixture du navigateur", "font-family", "createElement"] {
        assert!(
            !page.text.contains(hidden),
            "the visible text has {hidden:?}:\n{}",
            page.text
        );
    }
    assert!(
        page.dom.contains("<p>Ajouté par le script de la page.</p>"),
        "the DOM is not the one after the page's script ran:\n{}",
        page.dom
    );

    let bytes =
        fs::read(&png).unwrap_or_else(|e| panic!("no screenshot at {}: {e}", png.display()));
    assert!(
        bytes.starts_with(b"\x89PNG\r\n\x1a\n"),
        "{} is not a PNG file",
        png.display()
    );
    println!(
        "screenshot: {} (opened in {:.1} s)",
        png.display(),
        took.as_secs_f32()
    );
}

#[test]
fn a_missing_page_is_a_clear_error() {
    let dir = target_dir().join("browser");
    let missing = dir.join("no-such-page.html");
    let error = browser::open(&missing, &dir.join("no-such-page.png"))
        .err()
        .unwrap_or_else(|| panic!("a missing page was opened"));
    assert!(
        error.contains("no-such-page.html"),
        "the error does not name the page: {error}"
    );
}
