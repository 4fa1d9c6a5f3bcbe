//! Incremental checking (issue 3): editing one article re-parses and re-checks that article only,
//! moving text re-checks nothing that merely moved, and changing a declaration re-checks every
//! article. Proven from the log of the salsa queries the database executed, and by comparing
//! every incremental result with a compilation from scratch.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // test code fails loudly

use std::collections::BTreeSet;

use miette::Diagnostic as _;

use motif_compiler::db::{self, Workspace};
use motif_compiler::diagnostics::{self, Style};
use motif_compiler::source::FileId;
use motif_compiler::{Compilation, SourceSet, compile};

// The generated 20-article set, shared with the benchmark.
#[path = "../benches/generated.rs"]
mod generated;

use generated::{ARTICLES, FILES, Policies};

/// The queries executed by one step, by query name.
struct Executions(Vec<String>);

impl Executions {
    /// The ids of the executions of `query`, e.g. `parse_part(Id(104))` gives `Id(104)`.
    fn ids(&self, query: &str) -> Vec<String> {
        let prefix = format!("{query}(");
        self.0
            .iter()
            .filter_map(|e| e.strip_prefix(&prefix))
            .map(|rest| rest.strip_suffix(')').unwrap_or(rest).to_string())
            .collect()
    }
}

/// The ids of the keys of `parse_part` and `check_part` seen so far: a part whose text and file
/// are unchanged keeps its key, so an execution with a known id is an unchanged part run again.
#[derive(Default)]
struct Seen {
    parse: BTreeSet<String>,
    check: BTreeSet<String>,
}

impl Seen {
    fn record(&mut self, run: &Executions) {
        self.parse.extend(run.ids("parse_part"));
        self.check.extend(run.ids("check_part"));
    }
}

/// Edits `policies` in the workspace (every file whose text changed), compiles, and returns what
/// ran; checks the incremental result against a compilation from scratch.
fn step(
    workspace: &mut Workspace,
    before: &Policies,
    after: &Policies,
) -> (Executions, Compilation) {
    let old = before.sources();
    let new = after.sources();
    for id in new.ids() {
        let file = new.file(id);
        if old.file(id).text != file.text {
            assert!(workspace.set_text(&file.name, file.text.clone()));
        }
    }
    workspace.db.take_executions();
    let compilation = workspace.compile().unwrap();
    let run = Executions(workspace.db.take_executions());
    let scratch = compile(&new).unwrap();
    assert_eq!(
        compilation, scratch,
        "the incremental result differs from a compilation from scratch"
    );
    (run, compilation)
}

/// Asserts that `part` is memoized: asking for it again executes nothing.
fn assert_memoized(workspace: &Workspace, part: &(FileId, String)) {
    workspace.db.take_executions();
    db::parse_part(&workspace.db, part.0, part.1.clone());
    db::check_part(&workspace.db, workspace.set, part.0, part.1.clone());
    let run = workspace.db.take_executions();
    assert!(run.is_empty(), "part not memoized, ran {run:?}");
}

/// Asserts that the step parsed and checked exactly one part, never seen before, and that this
/// part is `edited` (file and text).
fn assert_only(run: &Executions, seen: &Seen, workspace: &Workspace, edited: &(FileId, String)) {
    let parsed = run.ids("parse_part");
    let checked = run.ids("check_part");
    assert_eq!(
        parsed.len(),
        1,
        "parse_part ran {parsed:?}; all: {:?}",
        run.0
    );
    assert_eq!(
        checked.len(),
        1,
        "check_part ran {checked:?}; all: {:?}",
        run.0
    );
    assert!(
        !seen.parse.contains(&parsed[0]) && !seen.check.contains(&checked[0]),
        "an unchanged part was parsed or checked again: {:?}",
        run.0
    );
    assert_memoized(workspace, edited);
}

/// The part of article `i` in `policies`, as keyed by the database.
fn part_of(policies: &Policies, i: usize) -> (FileId, String) {
    let file = FileId(1 + Policies::file_of(i) as u32);
    let text = &policies.articles[i];
    let parts = policies.parts();
    let part = parts
        .iter()
        .find(|(f, t)| *f == file && t == text)
        .unwrap_or_else(|| panic!("article {i} is not a part of its own: {parts:?}"));
    part.clone()
}

/// Line (from 1) of the first label of each diagnostic, with its file name.
fn lines(compilation: &Compilation, sources: &SourceSet) -> Vec<(String, usize)> {
    compilation
        .diagnostics
        .iter()
        .map(|d| {
            let offset = d
                .error
                .labels()
                .and_then(|mut l| l.next())
                .unwrap()
                .offset();
            let file = sources.file(d.file);
            let line = file.text[..offset].matches('\n').count() + 1;
            (file.name.clone(), line)
        })
        .collect()
}

/// Line (from 1) of the first occurrence of `needle` in `text`.
fn line_of(text: &str, needle: &str) -> usize {
    let at = text.find(needle).unwrap();
    text[..at].matches('\n').count() + 1
}

/// Compiles the generated set once; returns the workspace and what its first compilation ran.
fn start(policies: &Policies) -> (Workspace, Seen) {
    let workspace = Workspace::new(&policies.sources());
    let compilation = workspace.compile().unwrap();
    assert_eq!(
        compilation.diagnostics,
        vec![],
        "the generated set should be clean"
    );
    let program = compilation.program.unwrap();
    assert_eq!(program.articles.len(), ARTICLES);
    let run = Executions(workspace.db.take_executions());
    let parts = policies.parts().len();
    // One preamble per file (comments) and one part per article.
    assert_eq!(parts, 1 + FILES + ARTICLES);
    assert_eq!(run.ids("parse_part").len(), parts, "{:?}", run.0);
    assert_eq!(run.ids("check_part").len(), parts, "{:?}", run.0);
    let mut seen = Seen::default();
    seen.record(&run);
    assert_eq!(seen.parse.len(), parts);
    assert_eq!(seen.check.len(), parts);
    (workspace, seen)
}

/// An article in the middle of a file that is not the first, with articles after it.
const EDITED: usize = 7;

#[test]
fn editing_a_condition_reparses_and_rechecks_that_article_only() {
    let before = Policies::new();
    let (mut workspace, seen) = start(&before);

    let mut after = before.clone();
    let old = format!("essai.fait_{n}_a et non essai.fait_{n}_b", n = EDITED + 1);
    let new = format!("essai.fait_{n}_a ou non essai.fait_{n}_b", n = EDITED + 1);
    assert!(after.articles[EDITED].contains(&old));
    after.articles[EDITED] = after.articles[EDITED].replace(&old, &new);

    let (run, compilation) = step(&mut workspace, &before, &after);
    assert!(
        compilation.program.is_some(),
        "{:?}",
        compilation.diagnostics
    );
    assert_only(&run, &seen, &workspace, &part_of(&after, EDITED));
    // Every other part is still there, memoized.
    for part in after.parts() {
        assert_memoized(&workspace, &part);
    }
}

#[test]
fn lines_inserted_above_other_articles_move_their_diagnostics_without_rechecking_them() {
    let before = Policies::new();
    let (mut workspace, mut seen) = start(&before);
    let below = EDITED + 1; // in the same file, after the edited article
    assert_eq!(Policies::file_of(below), Policies::file_of(EDITED));
    let file = Policies::file_of(EDITED);
    let name = Policies::file_name(file);

    // A mistake in the article below: one part checked, one error at its line.
    let mut wrong = before.clone();
    let misspelt = format!("essai.fait_{}_bb", below + 1);
    wrong.articles[below] = wrong.articles[below].replace(
        &format!("essai.fait_{}_b ou", below + 1),
        &format!("{misspelt} ou"),
    );
    let (run, compilation) = step(&mut workspace, &before, &wrong);
    assert_only(&run, &seen, &workspace, &part_of(&wrong, below));
    seen.record(&run);
    let line = line_of(&wrong.file_text(file), &misspelt);
    assert_eq!(
        lines(&compilation, &wrong.sources()),
        vec![(name.clone(), line)]
    );

    // Three comment lines in the article above: only that article is parsed and checked again,
    // and the error below, from the memoized check of its part, is now three lines further down.
    let mut moved = wrong.clone();
    moved.articles[EDITED] = moved.articles[EDITED].replace(
        "\n  condition premiere",
        "\n  # Un commentaire\n  # de trois\n  # lignes.\n  condition premiere",
    );
    let (run, compilation) = step(&mut workspace, &wrong, &moved);
    assert_only(&run, &seen, &workspace, &part_of(&moved, EDITED));
    let new_line = line_of(&moved.file_text(file), &misspelt);
    assert_eq!(new_line, line + 3);
    assert_eq!(
        lines(&compilation, &moved.sources()),
        vec![(name.clone(), new_line)]
    );
    // And the rendered message, as `motif check` prints it, points at the new line.
    let rendered = diagnostics::render(&compilation.diagnostics, &moved.sources(), Style::Plain);
    assert!(
        rendered.contains(&format!("{name}:{new_line}:")),
        "{rendered}"
    );
    assert!(!rendered.contains(&format!("{name}:{line}:")), "{rendered}");
}

#[test]
fn changing_a_declaration_rechecks_every_article() {
    let before = Policies::new();
    let (mut workspace, seen) = start(&before);
    let mut after = before.clone();
    after.extra_facts = "fait essai.nouveau : booléen « un fait de plus »\n".to_string();

    let (run, compilation) = step(&mut workspace, &before, &after);
    // Only the facts file changed: it is the only part parsed again.
    let parsed = run.ids("parse_part");
    assert_eq!(parsed.len(), 1, "{:?}", run.0);
    assert!(!seen.parse.contains(&parsed[0]));
    // The signatures changed, so every part is checked again: the new facts file, and every
    // other part, with its old key.
    let checked: BTreeSet<String> = run.ids("check_part").into_iter().collect();
    let parts = after.parts().len();
    assert_eq!(run.ids("check_part").len(), parts, "{:?}", run.0);
    assert_eq!(checked.len(), parts);
    assert_eq!(checked.difference(&seen.check).count(), 1, "{:?}", run.0);
    // The new fact is unused: a warning, proof that the new declaration was taken into account.
    assert_eq!(
        compilation.diagnostics.len(),
        1,
        "{:?}",
        compilation.diagnostics
    );
    assert!(!compilation.has_errors());
}

/// The limit of the design: articles, facts and parameters are numbered in declaration order,
/// and what a check resolves names to holds those numbers. Swapping two articles re-parses
/// nothing (both parts keep their text), but renumbers the articles, so the signatures change
/// and every part is checked again; the result is still that of a compilation from scratch.
#[test]
fn reordering_two_articles_reparses_nothing_and_rechecks_everything() {
    let before = Policies::new();
    let (mut workspace, seen) = start(&before);
    let mut after = before.clone();
    after.articles.swap(EDITED, EDITED + 1);
    let (run, compilation) = step(&mut workspace, &before, &after);
    assert!(
        compilation.program.is_some(),
        "{:?}",
        compilation.diagnostics
    );
    assert_eq!(run.ids("parse_part"), Vec::<String>::new(), "{:?}", run.0);
    let checked: BTreeSet<String> = run.ids("check_part").into_iter().collect();
    assert_eq!(checked, seen.check, "{:?}", run.0);
}

/// A part is keyed by its text: undoing an edit finds the article's parse and check memoized.
#[test]
fn undoing_an_edit_parses_and_checks_nothing_again() {
    let before = Policies::new();
    let (mut workspace, mut seen) = start(&before);
    let mut after = before.clone();
    after.articles[EDITED] = after.articles[EDITED].replace(" et non ", " ou non ");
    let (run, _) = step(&mut workspace, &before, &after);
    assert_only(&run, &seen, &workspace, &part_of(&after, EDITED));
    seen.record(&run);
    let (run, _) = step(&mut workspace, &after, &before);
    assert_eq!(run.ids("parse_part"), Vec::<String>::new(), "{:?}", run.0);
    assert_eq!(run.ids("check_part"), Vec::<String>::new(), "{:?}", run.0);
}
