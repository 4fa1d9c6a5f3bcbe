//! The receipt and `motif replay`: an assessment kept as JSON runs again identically, and when
//! the policy set has changed since, the command says what changed. Also the other output forms
//! of `motif assess` (letters, pages, templates).

use std::fs;
use std::path::{Path, PathBuf};

use motif_compiler::cli::{INPUT_ERROR, OK, USAGE_ERROR};
use motif_runtime::dossier::encode_facts;
use motif_tests::command::{assess, motif, path};
use motif_tests::{ceseda, example_dossiers, root};

/// A fresh directory under the build's temporary directory.
fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("motif-{name}-{}", std::process::id()));
    let _ = fs::remove_dir_all(&dir);
    fs::create_dir_all(&dir).unwrap();
    dir
}

fn keep(dir: &Path, dossier: &str) -> String {
    let out = assess(dossier, &["--format", "json"]);
    assert_eq!(out.code, OK, "{}", out.err);
    let stored = dir.join("evaluation.json");
    fs::write(&stored, &out.out).unwrap();
    stored.display().to_string()
}

#[test]
fn a_kept_assessment_replays_identically() {
    let dir = scratch("replay-identical");
    for dossier in [
        "examples/dossiers/07-plusieurs-motifs.json",
        "examples/dossiers/16-parent-d-enfant-francais.json",
        "examples/dossiers/15-etudiant-ressources-extraites.json",
    ] {
        let stored = keep(&dir, dossier);
        let policies = path("policies");
        let out = motif(&["replay", &stored, "--policies", &policies]);
        assert_eq!(out.code, OK, "{dossier}: {}{}", out.out, out.err);
        assert!(out.out.starts_with("identique"), "{}", out.out);
        assert!(out.out.contains("sha256:"));
    }
}

/// The assessment kept, then the students' threshold raised from 615 € to 800 € in a copy of
/// the policy set: the replay names the parameter and the route whose outcome changed.
#[test]
fn a_replay_against_changed_policies_says_what_changed() {
    let dir = scratch("replay-changed");
    let stored = keep(
        &dir,
        "examples/dossiers/15-etudiant-ressources-extraites.json",
    );
    let copy = dir.join("policies");
    fs::create_dir_all(&copy).unwrap();
    for entry in fs::read_dir(root().join("policies/ceseda")).unwrap() {
        let entry = entry.unwrap();
        if !entry.path().is_file() {
            continue;
        }
        let text = fs::read_to_string(entry.path()).unwrap();
        let text = text.replace("valeur 615 € du 2021-05-01", "valeur 800 € du 2021-05-01");
        fs::write(copy.join(entry.file_name()), text).unwrap();
    }
    let out = motif(&["replay", &stored, "--policies", &copy.display().to_string()]);
    assert_eq!(out.code, INPUT_ERROR, "{}{}", out.out, out.err);
    assert!(out.out.starts_with("différente"), "{}", out.out);
    for said in [
        "le jeu de règles a changé",
        "paramètre appliqué désormais : ressources_etudiant = 800",
        "paramètre qui n'est plus appliqué : ressources_etudiant = 615",
        "voie etudiant : eligible → not_eligible",
        "nouveau motif de refus, moyens_d_existence de L. 422-1",
    ] {
        assert!(
            out.out.contains(said),
            "the replay does not say {said:?}:\n{}",
            out.out
        );
    }
}

#[test]
fn a_file_that_is_not_a_kept_assessment_is_refused_clearly() {
    let dir = scratch("replay-bad");
    let not_json = dir.join("pas-du-json.json");
    fs::write(&not_json, "{ pas du json").unwrap();
    let out = motif(&["replay", &not_json.display().to_string()]);
    assert_eq!(out.code, INPUT_ERROR);
    assert!(
        out.err.contains("n'est pas du JSON (ligne 1"),
        "{}",
        out.err
    );
    let dossier = path("examples/dossiers/01-conjoint-eligible.json");
    let out = motif(&["replay", &dossier]);
    assert_eq!(out.code, INPUT_ERROR);
    assert!(out.err.contains("champ `format` manquant"), "{}", out.err);
}

/// The input an assessment keeps decodes to the same dossier: replaying loses nothing.
#[test]
fn the_kept_input_decodes_to_the_same_dossier() {
    let program = ceseda();
    for file in example_dossiers() {
        let text = fs::read_to_string(&file).unwrap();
        let dossier = motif_runtime::decode_dossier(&program, &text).unwrap();
        let kept = serde_json::json!({ "facts": encode_facts(&program, &dossier) });
        let again = motif_runtime::decode_dossier(&program, &kept.to_string()).unwrap();
        for (i, _) in program.facts.iter().enumerate() {
            let id = motif_runtime::program::FactId(i as u32);
            assert_eq!(dossier.known(id), again.known(id), "{}", file.display());
        }
    }
}

#[test]
fn assess_writes_letters_and_pages() {
    let dossier = "examples/dossiers/14-etudiant-ressources-insuffisantes.json";
    let letter = assess(dossier, &["--format", "letter"]);
    assert_eq!(letter.code, OK, "{}", letter.err);
    assert!(letter.out.contains("Motifs — conditions non remplies"));
    let english = assess(dossier, &["--format", "letter", "--lang", "en"]);
    assert_eq!(english.code, OK, "{}", english.err);
    assert!(english.out.contains("Reasons — conditions not met"));
    for (format, start) in [
        ("html", "<!DOCTYPE html>"),
        ("officer-html", "<!DOCTYPE html>"),
    ] {
        let page = assess(dossier, &["--format", format]);
        assert_eq!(page.code, OK, "{}", page.err);
        assert!(page.out.starts_with(start));
    }
    let officer = assess(dossier, &["--format", "officer"]);
    assert!(officer.out.contains("Détail de l'évaluation"));
    let misuse = assess(dossier, &["--format", "officer", "--lang", "en"]);
    assert_eq!(misuse.code, USAGE_ERROR);
    assert!(misuse.err.contains("--lang en vaut pour les lettres"));
}

/// A legal officer's own wording replaces the built-in one, template by template; a mistake in
/// it is reported with the template's name and line.
#[test]
fn templates_can_be_replaced_one_by_one() {
    let dir = scratch("templates");
    fs::write(
        dir.join("lettre.fr.txt"),
        "Préfecture d'essai — {{ routes | length }} titre(s) examiné(s).\n",
    )
    .unwrap();
    let dossier = "examples/dossiers/14-etudiant-ressources-insuffisantes.json";
    let templates = dir.display().to_string();
    let out = assess(dossier, &["--format", "letter", "--templates", &templates]);
    assert_eq!(out.code, OK, "{}", out.err);
    assert_eq!(out.out, "Préfecture d'essai — 1 titre(s) examiné(s).\n");
    // The other templates are still the built-in ones.
    let en = assess(
        dossier,
        &[
            "--format",
            "letter",
            "--lang",
            "en",
            "--templates",
            &templates,
        ],
    );
    assert!(en.out.contains("Reasons — conditions not met"));

    fs::write(
        dir.join("lettre.fr.txt"),
        "ligne 1\n{% for r in routes %}\n",
    )
    .unwrap();
    let out = assess(dossier, &["--format", "letter", "--templates", &templates]);
    assert_eq!(out.code, INPUT_ERROR);
    assert!(
        out.err.contains("modèle lettre.fr.txt : ligne 2"),
        "{}",
        out.err
    );

    fs::remove_file(dir.join("lettre.fr.txt")).unwrap();
    fs::write(dir.join("lettre.de.txt"), "Hallo\n").unwrap();
    let out = assess(dossier, &["--format", "letter", "--templates", &templates]);
    assert_eq!(out.code, INPUT_ERROR);
    assert!(
        out.err.contains("ce modèle ne remplace aucun modèle"),
        "{}",
        out.err
    );
}
