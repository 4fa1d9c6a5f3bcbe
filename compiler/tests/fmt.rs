//! `motif fmt`: the policy set is in its canonical layout; formatting keeps what every file
//! says (its AST, its comments, the compiled program) and changes nothing the second time, over
//! the policy set, the test corpora and generated files; the command's modes and exit codes.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // test code fails loudly

#[path = "fmt/generator.rs"]
mod generator;
#[path = "common/temp.rs"]
mod temp;

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use motif_compiler::format::{FormatError, format};
use motif_compiler::source::FileId;
use motif_compiler::{SourceSet, compile, syntax};
use temp::TempDir;

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .unwrap()
        .to_path_buf()
}

fn motif_files(dir: &Path, into: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            motif_files(&path, into);
        } else if path.extension().is_some_and(|e| e == "motif") {
            into.push(path);
        }
    }
}

/// The AST's debug text, byte places removed (the test's own reading, not the formatter's).
fn meaning(text: &str) -> String {
    let (module, problems) = syntax::parse(FileId(0), text);
    assert!(problems.is_empty(), "{problems:?}\n{text}");
    let debug = format!("{module:?}");
    let mut kept = String::new();
    for (i, piece) in debug.split("Span { start: ").enumerate() {
        if i == 0 {
            kept.push_str(piece);
        } else {
            kept.push_str(&piece[piece.find('}').unwrap() + 1..]);
        }
    }
    kept
}

/// The comments of a text: `#` to the end of the line, outside « … » (nested), “ … ” and " … ".
fn comments(text: &str) -> Vec<String> {
    enum In {
        Code,
        Guillemets(u32),
        Curly,
        Straight,
    }
    let mut found = Vec::new();
    let mut state = In::Code;
    let mut chars = text.char_indices();
    while let Some((at, c)) = chars.next() {
        state = match (state, c) {
            (In::Code, '#') => {
                let end = text[at..].find('\n').map_or(text.len(), |n| at + n);
                found.push(text[at..end].trim_end().to_string());
                while chars.as_str().len() > text.len() - end {
                    chars.next();
                }
                In::Code
            }
            (In::Code, '«') => In::Guillemets(1),
            (In::Code, '“') => In::Curly,
            (In::Code, '"') => In::Straight,
            (In::Guillemets(d), '«') => In::Guillemets(d + 1),
            (In::Guillemets(1), '»') | (In::Curly, '”') | (In::Straight, '"') => In::Code,
            (In::Guillemets(d), '»') => In::Guillemets(d - 1),
            (state, _) => state,
        };
    }
    found
}

/// The round-trip property on one text: formatted, it means the same, keeps its comments, and
/// formatting it again changes nothing.
fn round_trip(name: &str, text: &str) -> String {
    let formatted = match format(text) {
        Ok(formatted) => formatted,
        Err(error) => panic!("{name}: {error:?}\n--- text ---\n{text}"),
    };
    assert_eq!(
        meaning(&formatted),
        meaning(text),
        "{name}: AST changed\n{formatted}"
    );
    let again = format(&formatted).unwrap();
    if again != formatted {
        let line = again
            .lines()
            .zip(formatted.lines())
            .position(|(a, b)| a != b)
            .unwrap_or(0);
        let around = |text: &str| -> String {
            let lines: Vec<&str> = text.lines().collect();
            lines[line.saturating_sub(4)..(line + 3).min(lines.len())].join("\n")
        };
        panic!(
            "{name}: formatting again changed line {}:\n--- once ---\n{}\n--- twice ---\n{}\n--- source ---\n{text}",
            line + 1,
            around(&formatted),
            around(&again)
        );
    }
    assert!(
        formatted.ends_with('\n') && !formatted.ends_with("\n\n"),
        "{name}"
    );
    formatted
}

#[test]
fn the_policy_set_is_in_its_canonical_layout() {
    let mut files = Vec::new();
    motif_files(&root().join("policies"), &mut files);
    assert!(files.len() > 20);
    for path in files {
        let text = std::fs::read_to_string(&path).unwrap();
        let formatted = round_trip(&path.display().to_string(), &text);
        assert!(
            formatted == text,
            "{} is not formatted: run `motif fmt policies`",
            path.display()
        );
    }
}

#[test]
fn formatting_the_policy_set_and_the_corpora_keeps_the_compiled_program() {
    let mut sets: Vec<PathBuf> = vec![root().join("policies/ceseda")];
    for entry in std::fs::read_dir(root().join("tests/corpus/good")).unwrap() {
        sets.push(entry.unwrap().path());
    }
    for set in sets {
        let original = SourceSet::read(&set).unwrap();
        let mut formatted = SourceSet::new();
        for id in original.ids() {
            let file = original.file(id);
            let text = round_trip(&file.name, &file.text);
            assert_eq!(comments(&text), comments(&file.text), "{}", file.name);
            formatted.add(file.name.clone(), text);
        }
        // The fingerprint is that of the source texts, which the layout changes.
        let program = |sources: &SourceSet| {
            let mut program = compile(sources).unwrap().program;
            if let Some(program) = &mut program {
                program.fingerprint.clear();
            }
            program
        };
        let before = program(&original);
        assert!(before.is_some(), "{}", set.display());
        assert!(
            before == program(&formatted),
            "{}: the program changed",
            set.display()
        );
    }
}

#[test]
fn files_with_errors_of_meaning_are_formatted_and_syntax_errors_are_refused() {
    let mut files = Vec::new();
    motif_files(&root().join("tests/corpus/bad"), &mut files);
    let (mut formatted, mut refused) = (0, 0);
    for path in files {
        let text = std::fs::read_to_string(&path).unwrap();
        let parses = syntax::parse(FileId(0), &text).1.is_empty();
        match format(&text) {
            Ok(_) if parses => {
                round_trip(&path.display().to_string(), &text);
                formatted += 1;
            }
            Err(FormatError::Invalid(problems)) if !parses => {
                assert!(!problems.is_empty());
                refused += 1;
            }
            other => panic!("{}: parses={parses}, {other:?}", path.display()),
        }
    }
    assert!(
        formatted > 20 && refused > 3,
        "{formatted} formatted, {refused} refused"
    );
}

#[test]
fn generated_files_keep_their_meaning_and_comments() {
    let count: u64 = std::env::var("MOTIF_FMT_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(300);
    let mut with_comments = 0;
    for seed in 0..count {
        let text = generator::Generator::new(seed).file();
        let formatted = round_trip(&format!("seed {seed}"), &text);
        let kept = comments(&formatted);
        assert_eq!(kept, comments(&text), "seed {seed}: comments\n{formatted}");
        with_comments += usize::from(!kept.is_empty());
    }
    assert!(
        with_comments as u64 > count / 2,
        "the generator wrote few comments"
    );
}

#[test]
fn a_messy_file_is_laid_out_as_in_the_snapshot() {
    let text = std::fs::read_to_string(root().join("compiler/tests/fmt/desordre.motif")).unwrap();
    insta::assert_snapshot!(round_trip("desordre.motif", &text));
}

// ── The command ──────────────────────────────────────────────────────────────────────────────

fn motif(args: &[&str], stdin: Option<&str>) -> (i32, String, String) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_motif"))
        .args(args)
        .current_dir(root())
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    if let Some(text) = stdin {
        use std::io::Write;
        child
            .stdin
            .take()
            .unwrap()
            .write_all(text.as_bytes())
            .unwrap();
    }
    drop(child.stdin.take());
    let output = child.wait_with_output().unwrap();
    (
        output.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&output.stdout).into_owned(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

#[test]
fn fmt_check_passes_on_the_policy_set() {
    let (code, out, err) = motif(&["fmt", "--check", "policies"], None);
    assert_eq!(code, 0, "{out}{err}");
    assert!(out.contains("tous dans leur forme canonique"), "{out}");
}

#[test]
fn fmt_check_shows_the_difference_and_writes_nothing_then_fmt_writes() {
    let dir = TempDir::new("fmt-check");
    let file = dir.0.join("essai.motif");
    let messy = "fait a:booleen « a »   # note\n";
    std::fs::write(&file, messy).unwrap();
    let path = dir.0.to_str().unwrap();

    let (code, out, _) = motif(&["fmt", "--check", path], None);
    assert_eq!(code, 1, "{out}");
    assert!(out.contains("à mettre en forme"), "{out}");
    assert!(out.contains("+fait a : booléen « a »  # note"), "{out}");
    assert_eq!(std::fs::read_to_string(&file).unwrap(), messy);

    let (code, out, _) = motif(&["fmt", path], None);
    assert_eq!(code, 0, "{out}");
    assert!(out.contains("mis en forme"), "{out}");
    assert_eq!(
        std::fs::read_to_string(&file).unwrap(),
        "fait a : booléen « a »  # note\n"
    );
    assert_eq!(motif(&["fmt", "--check", path], None).0, 0);
}

#[test]
fn a_file_with_a_syntax_error_is_reported_and_left_as_it_is() {
    let dir = TempDir::new("fmt-error");
    let file = dir.0.join("faux.motif");
    let broken = "fait a booléen\n";
    std::fs::write(&file, broken).unwrap();
    let (code, out, err) = motif(&["fmt", dir.0.to_str().unwrap()], None);
    assert_eq!(code, 1, "{out}{err}");
    assert!(err.contains("laissé tel quel"), "{err}");
    assert!(err.contains("faux.motif"), "{err}");
    assert_eq!(std::fs::read_to_string(&file).unwrap(), broken);
}

#[test]
fn fmt_reads_standard_input_for_editors() {
    let (code, out, err) = motif(
        &["fmt", "-"],
        Some("fait  a : booléen\n\n\n\nfait b : entier"),
    );
    assert_eq!(code, 0, "{err}");
    assert_eq!(out, "fait a : booléen\n\nfait b : entier\n");
    let (code, _, _) = motif(&["fmt", "--check", "-"], Some("fait a : booléen\n"));
    assert_eq!(code, 0);
    let (code, _, _) = motif(&["fmt", "--check", "-"], Some("fait a :booléen\n"));
    assert_eq!(code, 1);
}
