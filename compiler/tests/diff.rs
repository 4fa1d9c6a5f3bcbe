//! `motif diff`: the static comparison of two policy sets and the impact on a corpus of
//! dossiers. Each changed set is a copy of `policies/ceseda` made at test time with one textual
//! edit, so that no fixture can go stale.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // test code fails loudly

#[path = "common/temp.rs"]
mod temp;

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use temp::TempDir;

use serde_json::Value as Json;

use motif_compiler::cli::{Io, run};
use motif_compiler::diagnostics::Style;
use motif_compiler::{SourceSet, compile};
use motif_runtime::{GivenDates, Program, assess, decode_dossier};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .unwrap()
        .to_path_buf()
}

fn ceseda() -> PathBuf {
    root().join("policies/ceseda")
}

fn examples() -> PathBuf {
    root().join("examples/dossiers")
}

struct Output {
    code: i32,
    out: String,
    err: String,
}

/// Runs `motif ARGS…` in-process.
fn motif(args: &[&str]) -> Output {
    let (mut out, mut err) = (Vec::new(), Vec::new());
    let code = run(
        std::iter::once("motif").chain(args.iter().copied()),
        &mut Io {
            out: &mut out,
            err: &mut err,
            style: Style::Plain,
        },
    );
    Output {
        code,
        out: String::from_utf8(out).unwrap(),
        err: String::from_utf8(err).unwrap(),
    }
}

/// `motif diff OLD NEW [DOSSIERS] EXTRA… --format json`, parsed.
fn diff_json(old: &Path, new: &Path, dossiers: Option<&Path>, extra: &[&str]) -> (i32, Json) {
    let (old, new) = (old.display().to_string(), new.display().to_string());
    let dossiers = dossiers.map(|d| d.display().to_string());
    let mut args = vec!["diff", old.as_str(), new.as_str()];
    args.extend(dossiers.as_deref());
    args.extend_from_slice(&["--format", "json"]);
    args.extend_from_slice(extra);
    let o = motif(&args);
    assert!(o.code == 0 || o.code == 1, "{}", o.err);
    let json = serde_json::from_str(&o.out).unwrap_or_else(|e| panic!("{e}: {}", o.out));
    (o.code, json)
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let path = entry.unwrap().path();
        let target = to.join(path.file_name().unwrap());
        if path.is_dir() {
            copy_dir(&path, &target);
        } else {
            std::fs::copy(&path, &target).unwrap();
        }
    }
}

/// A copy of `policies/ceseda` under `dir`, with `edits` applied: (file, text, replacement),
/// each text found exactly once.
fn edited_copy(dir: &TempDir, name: &str, edits: &[(&str, &str, &str)]) -> PathBuf {
    let copy = dir.0.join(name);
    copy_dir(&ceseda(), &copy);
    for (file, from, to) in edits {
        let path = copy.join(file);
        let text = std::fs::read_to_string(&path).unwrap();
        assert_eq!(text.matches(from).count(), 1, "{from:?} in {file}");
        std::fs::write(&path, text.replacen(from, to, 1)).unwrap();
    }
    copy
}

/// The real threshold changed: the students' monthly resources, 615 € → 750 €.
const THRESHOLD: (&str, &str, &str) = (
    "parametres.motif",
    "valeur 615 € du 2021-05-01",
    "valeur 750 € du 2021-05-01",
);

fn program(dir: &Path) -> Program {
    let compilation = compile(&SourceSet::read(dir).unwrap()).unwrap();
    compilation.program.expect("the set compiles")
}

/// The (dossier file, route) pairs whose outcome differs, found with the runtime alone.
fn changed_by_runtime(old: &Program, new: &Program) -> BTreeSet<(String, String)> {
    let mut changed = BTreeSet::new();
    let mut files: Vec<PathBuf> = std::fs::read_dir(examples())
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .collect();
    files.sort();
    for file in files {
        let text = std::fs::read_to_string(&file).unwrap();
        let name = file.file_name().unwrap().to_string_lossy().into_owned();
        let (a, b) = (
            decode_dossier(old, &text).unwrap(),
            decode_dossier(new, &text).unwrap(),
        );
        let dates = GivenDates::default()
            .resolve(a.decided_on, a.filed_on)
            .unwrap();
        let (x, y) = (assess(old, &a, dates), assess(new, &b, dates));
        for (p, q) in x.routes.iter().zip(&y.routes) {
            assert_eq!(p.route, q.route);
            if p.outcome != q.outcome {
                changed.insert((name.clone(), p.route.clone()));
            }
        }
    }
    changed
}

fn strs(json: &Json) -> Vec<&str> {
    json.as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_str().unwrap())
        .collect()
}

#[test]
fn a_changed_threshold_lists_exactly_the_dossiers_whose_outcome_changes() {
    let dir = TempDir::new("diff-seuil");
    let new = edited_copy(&dir, "ceseda", &[THRESHOLD]);
    let (code, report) = diff_json(&ceseda(), &new, Some(&examples()), &[]);
    assert_eq!(code, 0, "differences alone do not fail the command");

    // The one static change, said precisely.
    let changes = report["static_changes"].as_array().unwrap();
    assert_eq!(changes.len(), 1, "{changes:#?}");
    assert_eq!(changes[0]["subject"], "parameter");
    assert_eq!(changes[0]["name"], "ressources_etudiant");
    assert_eq!(changes[0]["field"], "value");
    assert_eq!(changes[0]["version"], "2021-05-01");
    assert_eq!(
        changes[0]["text"],
        "paramètre ressources_etudiant : valeur du 2021-05-01 : 615,00\u{a0}€ → 750,00\u{a0}€"
    );

    // Exactly the pairs the runtime finds, assessing each example with both programs.
    let expected = changed_by_runtime(&program(&ceseda()), &program(&new));
    let corpus = &report["dossiers"];
    let list = corpus["list"].as_array().unwrap();
    let reported: BTreeSet<(String, String)> = list
        .iter()
        .flat_map(|d| {
            d["routes"]
                .as_array()
                .unwrap()
                .iter()
                .filter(|r| r["outcome_changed"] == true)
                .map(|r| {
                    (
                        d["source"].as_str().unwrap().to_string(),
                        r["route"].as_str().unwrap().to_string(),
                    )
                })
        })
        .collect();
    assert_eq!(reported, expected);
    // The change is real and partial: some dossiers change, most do not.
    let read = corpus["read"].as_u64().unwrap() as usize;
    assert_eq!(corpus["compared"].as_u64().unwrap() as usize, read);
    assert!(!expected.is_empty());
    let dossiers: BTreeSet<&String> = expected.iter().map(|(d, _)| d).collect();
    assert!(dossiers.len() < read);
    assert_eq!(
        corpus["outcome_changed"].as_u64().unwrap() as usize,
        dossiers.len()
    );
    // The student below the old threshold (500 €) was refused and still is: not listed.
    assert!(
        !list
            .iter()
            .any(|d| d["source"] == "14-etudiant-ressources-insuffisantes.json")
    );

    // Each change names the condition that flipped, the versions applied and the parameter.
    for d in list {
        for r in d["routes"].as_array().unwrap() {
            assert_eq!(r["route"], "etudiant");
            assert_eq!(r["old"]["outcome"], "eligible");
            assert_eq!(r["new"]["outcome"], "not_eligible");
            assert_eq!(r["old"]["article"], "L. 422-1");
            assert_eq!(r["new"]["version"], "2021-05-01");
            let flipped = r["flipped"].as_array().unwrap();
            assert!(
                flipped.iter().any(|f| f["name"] == "moyens_d_existence"
                    && f["article"] == "L. 422-1"
                    && f["old"] == "true"
                    && f["new"] == "false"),
                "{flipped:#?}"
            );
            assert_eq!(
                strs(&r["failed_conditions"]["added"]),
                ["moyens_d_existence (L. 422-1)"]
            );
            assert_eq!(r["parameters"][0]["parameter"], "ressources_etudiant");
            assert_eq!(r["parameters"][0]["old"], 615);
            assert_eq!(r["parameters"][0]["new"], 750);
        }
    }
    let etudiant = corpus["routes"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["route"] == "etudiant")
        .unwrap();
    assert_eq!(
        etudiant["outcome_changed"].as_u64().unwrap() as usize,
        expected.len()
    );

    // The French summary, with the paths and the sets' hashes (which follow every edit of the
    // policies) put aside.
    let (old_arg, new_arg) = (ceseda().display().to_string(), new.display().to_string());
    let examples_arg = examples().display().to_string();
    let o = motif(&["diff", &old_arg, &new_arg, &examples_arg]);
    assert_eq!(o.code, 0, "{}", o.err);
    let text = o
        .out
        .replace(&new_arg, "NOUVEAU/ceseda")
        .replace(&old_arg, "policies/ceseda")
        .replace(&examples_arg, "examples/dossiers");
    let text = redact_hashes(&text);
    insta::assert_snapshot!("seuil_ressources_etudiant", text);
}

/// `sha256:…` in place of each hash.
fn redact_hashes(text: &str) -> String {
    let mut out = String::new();
    let mut rest = text;
    while let Some(at) = rest.find("sha256:") {
        out.push_str(&rest[..at + 7]);
        rest = rest[at + 7..].trim_start_matches(|c: char| c.is_ascii_hexdigit());
        out.push('…');
    }
    out.push_str(rest);
    out
}

#[test]
fn identical_sets_change_nothing() {
    let (code, report) = diff_json(
        &ceseda(),
        &ceseda(),
        Some(&examples()),
        &["--fail-on-change"],
    );
    assert_eq!(code, 0);
    assert_eq!(report["format"], "motif.diff/1");
    assert_eq!(report["old"]["fingerprint"], report["new"]["fingerprint"]);
    assert_eq!(report["static_changes"], serde_json::json!([]));
    let corpus = &report["dossiers"];
    let files = std::fs::read_dir(examples())
        .unwrap()
        .filter(|e| {
            e.as_ref()
                .unwrap()
                .path()
                .extension()
                .is_some_and(|x| x == "json")
        })
        .count();
    assert_eq!(corpus["read"].as_u64().unwrap() as usize, files);
    assert_eq!(corpus["compared"].as_u64().unwrap() as usize, files);
    for field in ["refused", "outcome_changed", "other_changes"] {
        assert_eq!(corpus[field], 0, "{field}");
    }
    assert_eq!(corpus["list"], serde_json::json!([]));
    assert_eq!(corpus["transitions"], serde_json::json!([]));
}

#[test]
fn layout_and_comments_are_no_change() {
    let dir = TempDir::new("diff-mise-en-page");
    let new = edited_copy(
        &dir,
        "ceseda",
        &[
            (
                "l426-17.motif",
                "  condition ressources\n",
                "# Un commentaire ajouté.\n  condition    ressources   # et un autre\n",
            ),
            (
                "l426-17.motif",
                "    l'une de (\n",
                "        l'une de (\n\n",
            ),
            (
                "l422-1.motif",
                "  condition moyens_d_existence « l'étranger justifie disposer de moyens d'existence suffisants » :\n    ressources.mensuelles ≥ ressources_etudiant",
                "  condition moyens_d_existence\n      « l'étranger justifie disposer de moyens d'existence suffisants » :\n\n          ressources.mensuelles\n            ≥ ressources_etudiant   # le seuil\n",
            ),
            // The article's text wrapped otherwise: the same words.
            (
                "l422-1.motif",
                "    L'étranger qui établit qu'il suit un enseignement en France ou qu'il y fait des études et qui\n",
                "      L'étranger qui établit qu'il suit un enseignement\n      en France ou qu'il y fait des études et qui\n",
            ),
        ],
    );
    let (code, report) = diff_json(&ceseda(), &new, None, &["--fail-on-change"]);
    assert_eq!(code, 0, "{report:#}");
    assert_ne!(
        report["old"]["fingerprint"], report["new"]["fingerprint"],
        "the sources differ"
    );
    assert_eq!(report["static_changes"], serde_json::json!([]));
    assert_eq!(report["dossiers"], Json::Null);
    let o = motif(&[
        "diff",
        &ceseda().display().to_string(),
        &new.display().to_string(),
    ]);
    assert!(
        o.out.contains("Modifications des règles : aucune"),
        "{}",
        o.out
    );
}

/// A parameter, an article and a condition added; a condition's expression and label and an
/// article's text changed.
fn additions(dir: &TempDir) -> PathBuf {
    let new = edited_copy(
        dir,
        "ceseda",
        &[
            (
                "l422-1.motif",
                "d'une durée inférieure ou égale à un an",
                "d'une durée d'un an au plus",
            ),
            (
                "l426-17.motif",
                "ressources.propres_mensuelles ≥ smic_mensuel",
                "ressources.propres_mensuelles ≥ smic_mensuel + 100 €",
            ),
            (
                "l426-17.motif",
                "  condition assurance_maladie « l'étranger dispose d'une assurance maladie » :",
                "  condition residence_ancienne « la résidence a commencé il y a plus de cinq ans » :\n    ldue.residence_reguliere_depuis + 5 ans ≤ date de la décision\n\n  condition assurance_maladie « l'étranger est couvert par une assurance maladie » :",
            ),
        ],
    );
    let mut parameters = std::fs::read_to_string(new.join("parametres.motif")).unwrap();
    parameters.push_str(
        "\nparamètre plafond_essai : montant « un plafond d'essai »\n  valeur 1 000 € du 2024-01-01\n",
    );
    std::fs::write(new.join("parametres.motif"), parameters).unwrap();
    std::fs::write(
        new.join("l999-1.motif"),
        "article L. 999-1 « Article d'essai »\n\nversion du 2024-01-01\n  légifrance à vérifier\n  texte « Un article d'essai. »\n  condition essai « les ressources restent sous le plafond » :\n    ressources.mensuelles ≤ plafond_essai\n",
    )
    .unwrap();
    new
}

/// The static changes as (subject, name, part name, change, field) for comparison.
fn summary(report: &Json) -> Vec<(String, String, String, String, String)> {
    let s = |v: &Json| v.as_str().unwrap_or("").to_string();
    report["static_changes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| {
            (
                s(&c["subject"]),
                s(&c["name"]),
                s(&c["part"]["name"]),
                s(&c["change"]),
                s(&c["field"]),
            )
        })
        .collect()
}

#[test]
fn added_and_removed_articles_conditions_and_parameters_are_listed() {
    let dir = TempDir::new("diff-ajouts");
    let new = additions(&dir);
    let (code, report) = diff_json(&ceseda(), &new, None, &["--fail-on-change"]);
    assert_eq!(code, 1, "--fail-on-change: something changed");
    let row = |subject: &str, name: &str, part: &str, change: &str, field: &str| {
        (
            subject.to_string(),
            name.to_string(),
            part.to_string(),
            change.to_string(),
            field.to_string(),
        )
    };
    assert_eq!(
        summary(&report),
        vec![
            row("parameter", "plafond_essai", "", "added", ""),
            row("article", "L. 422-1", "", "changed", "text"),
            row(
                "article",
                "L. 426-17",
                "assurance_maladie",
                "changed",
                "label"
            ),
            row("article", "L. 426-17", "residence_ancienne", "added", ""),
            row(
                "article",
                "L. 426-17",
                "ressources",
                "changed",
                "expression"
            ),
            row("article", "L. 999-1", "", "added", ""),
        ]
    );
    let changes = report["static_changes"].as_array().unwrap();
    // The expression: the comparison that differs, not the whole condition.
    assert_eq!(
        changes[4]["old"],
        "ressources.propres_mensuelles ≥ smic_mensuel"
    );
    assert_eq!(
        changes[4]["new"],
        "ressources.propres_mensuelles ≥ smic_mensuel + 100,00\u{a0}€"
    );
    assert_eq!(
        changes[4]["text"],
        "L. 426-17, version du 2021-05-01, condition ressources : expression modifiée : ressources.propres_mensuelles ≥ smic_mensuel → ressources.propres_mensuelles ≥ smic_mensuel + 100,00\u{a0}€"
    );
    // A text: the words that differ, with a little of what precedes them.
    assert_eq!(
        changes[1]["text"],
        "L. 422-1, version du 2021-05-01 : texte modifié : « … \" d'une durée inférieure ou égale à un an. … » → « … \" d'une durée d'un an au plus. … »"
    );
    assert_eq!(changes[3]["version"], "2021-05-01");
    assert_eq!(
        changes[3]["new"],
        "« la résidence a commencé il y a plus de cinq ans » : ldue.residence_reguliere_depuis + 5 ans ≤ date de la décision"
    );

    // The other way round, the same items are removed.
    let (_, back) = diff_json(&new, &ceseda(), None, &[]);
    let removed: Vec<_> = summary(&back)
        .into_iter()
        .filter(|r| r.3 == "removed")
        .map(|r| (r.0, r.1, r.2))
        .collect();
    let triple = |a: &str, b: &str, c: &str| (a.to_string(), b.to_string(), c.to_string());
    assert_eq!(
        removed,
        vec![
            triple("parameter", "plafond_essai", ""),
            triple("article", "L. 426-17", "residence_ancienne"),
            triple("article", "L. 999-1", ""),
        ]
    );
    let o = motif(&[
        "diff",
        &new.display().to_string(),
        &ceseda().display().to_string(),
    ]);
    assert!(
        o.out.contains("  - paramètre plafond_essai supprimé"),
        "{}",
        o.out
    );
    assert!(o.out.contains("  - article L. 999-1 supprimé"), "{}", o.out);
    assert!(
        o.out.contains(
            "  - L. 426-17, version du 2021-05-01, condition residence_ancienne supprimée"
        ),
        "{}",
        o.out
    );
}

#[test]
fn bad_dossiers_are_reported_and_the_run_goes_on() {
    let dir = TempDir::new("diff-mauvais");
    // The new set also knows a visa the old one does not.
    let new = edited_copy(
        &dir,
        "ceseda",
        &[
            THRESHOLD,
            (
                "faits.motif",
                "    long_sejour « visa de long séjour (type D) »,\n",
                "    long_sejour « visa de long séjour (type D) »,\n    visa_d_essai « un visa d'essai »,\n",
            ),
        ],
    );
    let compact = |file: &str| {
        let json: Json =
            serde_json::from_str(&std::fs::read_to_string(examples().join(file)).unwrap()).unwrap();
        json.to_string()
    };
    let student = compact("15-etudiant-ressources-extraites.json");
    let lines = [
        student.clone(),
        r#"{"id":"mauvais-type","decided_on":"2026-03-02","facts":{"visa":{"type":"court"}}}"#
            .to_string(),
        "ceci n'est pas du JSON".to_string(),
        String::new(),
        compact("14-etudiant-ressources-insuffisantes.json"),
        r#"{"id":"sans-date","facts":{}}"#.to_string(),
        r#"{"id":"visa-nouveau","decided_on":"2026-03-02","facts":{"visa":{"type":"visa_d_essai"}}}"#
            .to_string(),
    ];
    let file = dir.0.join("dossiers.jsonl");
    std::fs::write(&file, lines.join("\n")).unwrap();

    let (code, report) = diff_json(&ceseda(), &new, Some(&file), &[]);
    assert_eq!(code, 0);
    let corpus = &report["dossiers"];
    assert_eq!(corpus["read"], 6, "the blank line is no dossier");
    assert_eq!(corpus["refused"], 4);
    assert_eq!(corpus["compared"], 2);
    assert_eq!(corpus["outcome_changed"], 1);
    let by_source = |source: &str| {
        corpus["list"]
            .as_array()
            .unwrap()
            .iter()
            .find(|d| d["source"] == source)
            .unwrap_or_else(|| panic!("{source} not listed: {corpus:#}"))
            .clone()
    };
    let first = by_source("ligne 1");
    assert_eq!(first["dossier"], "exemple-15");
    assert_eq!(first["routes"][0]["outcome_changed"], true);
    let wrong_type = by_source("ligne 2");
    assert_eq!(wrong_type["dossier"], "mauvais-type");
    assert_eq!(wrong_type["refused"]["by"], "both");
    assert!(
        strs(&wrong_type["refused"]["old"])
            .iter()
            .any(|p| p.starts_with("$.facts.visa.type : valeur inconnue \"court\"")),
        "{wrong_type:#}"
    );
    assert_eq!(by_source("ligne 3")["refused"]["by"], "both");
    let undated = by_source("ligne 6");
    assert!(
        strs(&undated["refused"]["new"])[0].starts_with("aucune date de décision"),
        "{undated:#}"
    );
    // A dossier only the new set reads is refused by the old one only: a difference.
    let new_visa = by_source("ligne 7");
    assert_eq!(new_visa["refused"]["by"], "old");
    assert_eq!(new_visa["refused"]["new"], serde_json::json!([]));
    assert_eq!(corpus["other_changes"], 1);

    // The text says so too, and the run still ends well.
    let o = motif(&[
        "diff",
        &ceseda().display().to_string(),
        &new.display().to_string(),
        &file.display().to_string(),
    ]);
    assert_eq!(o.code, 0);
    assert!(o.out.contains("Dossiers refusés (4) :"), "{}", o.out);
    assert!(
        o.out
            .contains("  ligne 7 (visa-nouveau)\n    refusé par l'ancien jeu seulement :")
    );
    assert!(o.err.contains("4 dossier(s) sur 6"), "{}", o.err);

    // A date given on the command line applies to every dossier.
    let (_, dated) = diff_json(
        &ceseda(),
        &new,
        Some(&file),
        &["--decided-on", "2026-06-01"],
    );
    let corpus = &dated["dossiers"];
    assert_eq!(corpus["decided_on"], "2026-06-01");
    assert_eq!(corpus["refused"], 3, "the undated dossier now has a date");
    let first = corpus["list"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["source"] == "ligne 1")
        .unwrap();
    assert_eq!(first["decided_on"], "2026-06-01");
}

#[test]
fn a_set_with_errors_is_refused_with_its_diagnostics() {
    let dir = TempDir::new("diff-erreur");
    let new = edited_copy(
        &dir,
        "ceseda",
        &[(
            "l422-1.motif",
            "ressources.mensuelles ≥ ressources_etudiant",
            "ressources.mensuels ≥ ressources_etudiant",
        )],
    );
    let (old, new) = (ceseda().display().to_string(), new.display().to_string());
    let o = motif(&["diff", &old, &new]);
    assert_eq!(o.code, 1);
    assert!(
        o.err.contains("nom inconnu : `ressources.mensuels`"),
        "{}",
        o.err
    );
    assert!(
        o.err.contains(&format!(
            "erreur : le jeu de règles {new} contient des erreurs"
        )),
        "{}",
        o.err
    );
    assert_eq!(o.out, "");
    // A filing date after the decision date is a misuse.
    let o = motif(&[
        "diff",
        &old,
        &old,
        "--decided-on",
        "2025-01-01",
        "--filed-on",
        "2025-02-01",
    ]);
    assert_eq!(o.code, 2, "{}", o.err);
}

#[test]
fn a_version_moved_in_time_is_a_change_of_its_dates() {
    let dir = TempDir::new("diff-dates");
    let new = edited_copy(
        &dir,
        "ceseda",
        &[
            (
                "l423-1.motif",
                "version du 2021-05-01 au 2021-08-25",
                "version du 2021-05-01 au 2021-08-31",
            ),
            (
                "l423-1.motif",
                "version du 2021-08-26\n",
                "version du 2021-09-01\n",
            ),
        ],
    );
    let (_, report) = diff_json(&ceseda(), &new, None, &[]);
    let texts: Vec<&str> = report["static_changes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["text"].as_str().unwrap())
        .collect();
    assert_eq!(
        texts,
        [
            "L. 423-1, version du 2021-05-01 : fin de vigueur modifiée : 2021-08-25 → 2021-08-31",
            "L. 423-1, version du 2021-08-26 : début de vigueur modifié : 2021-08-26 → 2021-09-01",
        ]
    );
}
