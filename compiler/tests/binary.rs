//! The built `motif` binary, run as a user runs it from the workspace root: exit codes and
//! streams.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // test code fails loudly

use std::path::Path;
use std::process::{Command, Output};

fn motif(args: &[&str]) -> Output {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap();
    Command::new(env!("CARGO_BIN_EXE_motif"))
        .args(args)
        .current_dir(root)
        .output()
        .unwrap()
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

#[test]
fn the_readme_command_prints_an_assessment_citing_l_423_1() {
    let o = motif(&["assess", "examples/dossiers/01-conjoint-eligible.json"]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o.stderr));
    let out = text(&o.stdout);
    assert!(out.contains("article L. 423-1"), "{out}");
    assert!(out.contains("version en vigueur depuis le 2021-08-26"));
    assert!(out.contains("Résultat : ÉLIGIBLE"));
}

#[test]
fn exit_codes_distinguish_bad_input_from_misuse() {
    assert_eq!(motif(&["check"]).status.code(), Some(0));
    let o = motif(&[
        "check",
        "tests/corpus/bad/nom-de-fait-mal-orthographie.motif",
    ]);
    assert_eq!(o.status.code(), Some(1));
    assert!(text(&o.stderr).contains("Vouliez-vous dire `mariage.transcrit` ?"));
    let o = motif(&["assess", "tests/corpus/bad-dossiers/champ-inconnu.json"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(text(&o.stderr).contains("$.facts.mariage.transcri"));
    assert_eq!(motif(&["assess"]).status.code(), Some(2));
}

#[test]
fn no_colour_codes_when_not_writing_to_a_terminal() {
    let o = motif(&["check", "tests/corpus/bad/date-impossible.motif"]);
    assert!(
        !text(&o.stderr).contains('\u{1b}'),
        "escape codes in piped output"
    );
}
