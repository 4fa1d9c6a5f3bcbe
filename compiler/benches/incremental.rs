//! How long checking takes, from scratch and after one edit (`cargo bench -p motif-compiler`).
//!
//! - `cold`: a fresh [`Workspace`] from the sources, compiled (what `motif check` does).
//! - `edit`: a compiled workspace kept; one file gets a new text, in which the body of one
//!   condition of one article alternates between two forms, and the set is compiled again (what
//!   `motif check --watch` does on each change).
//!
//! On the CESEDA set of `policies/` and on the generated set of 20 articles of `generated.rs`.
//! Only the work is timed: building the workspace before an edit, and dropping what was built,
//! are not. Figures are written in the README; no test asserts them.
//!
//! Every edited text is one the workspace has never seen (a comment at the end of the edited line
//! carries the iteration's number): a part is keyed by its text, so going back to a text seen
//! before would find its parse and check memoized and measure neither. For the same reason the
//! workspace is built anew every `EDITS_PER_WORKSPACE` edits, so that the memos of old texts do
//! not pile up.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // benchmark code fails loudly

mod generated;

use std::hint::black_box;
use std::path::Path;
use std::time::{Duration, Instant};

use criterion::{Criterion, criterion_group, criterion_main};

use motif_compiler::SourceSet;
use motif_compiler::db::Workspace;

use generated::Policies;

const EDITS_PER_WORKSPACE: u64 = 200;

/// A policy set, the file edited in it, and the two forms of the edited line.
struct Subject {
    name: &'static str,
    sources: SourceSet,
    file: String,
    text: String,
    line: &'static str,
    other: &'static str,
}

impl Subject {
    /// The text of the edited file at edit `i`: the line in one form or the other, with a
    /// comment that makes the text new.
    fn edited(&self, i: u64) -> String {
        let line = if i.is_multiple_of(2) {
            self.other
        } else {
            self.line
        };
        self.text
            .replacen(self.line, &format!("{line} # édition {i}"), 1)
    }

    fn compiled(&self) -> Workspace {
        let workspace = Workspace::new(&self.sources);
        black_box(workspace.compile().unwrap());
        workspace
    }
}

fn ceseda() -> Subject {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../policies");
    let sources = SourceSet::read(&dir).unwrap();
    let id = sources
        .ids()
        .find(|&id| sources.file(id).name.ends_with("l423-1.motif"))
        .unwrap();
    let file = sources.file(id);
    let line = "si mariage.lieu = etranger alors mariage.transcrit";
    assert!(
        file.text.contains(line),
        "l423-1.motif changed: update the benchmark"
    );
    Subject {
        name: "ceseda",
        file: file.name.clone(),
        text: file.text.clone(),
        line,
        other: "si mariage.lieu != france alors mariage.transcrit",
        sources,
    }
}

fn generated() -> Subject {
    let policies = Policies::new();
    let file = Policies::file_of(7); // article L. 900-8
    Subject {
        name: "generated-20",
        sources: policies.sources(),
        file: Policies::file_name(file),
        text: policies.file_text(file),
        line: "essai.fait_8_a et non essai.fait_8_b",
        other: "non essai.fait_8_b et essai.fait_8_a",
    }
}

fn bench(c: &mut Criterion) {
    for subject in [ceseda(), generated()] {
        // The edits are real and the texts clean: the benchmark measures checking, not errors.
        let mut workspace = subject.compiled();
        for i in 0..2 {
            let text = subject.edited(i);
            assert_ne!(text, subject.text);
            assert!(workspace.set_text(&subject.file, text));
            let compilation = workspace.compile().unwrap();
            assert!(
                compilation.program.is_some() && !compilation.has_errors(),
                "{}: {:?}",
                subject.name,
                compilation.diagnostics
            );
        }

        let mut group = c.benchmark_group(subject.name);
        group.measurement_time(Duration::from_secs(8));
        group.bench_function("cold", |b| {
            b.iter_custom(|iters| {
                let mut total = Duration::ZERO;
                for _ in 0..iters {
                    let start = Instant::now();
                    let workspace = Workspace::new(black_box(&subject.sources));
                    let compilation = workspace.compile().unwrap();
                    total += start.elapsed();
                    drop(black_box((compilation, workspace)));
                }
                total
            })
        });
        group.bench_function("edit", |b| {
            b.iter_custom(|iters| {
                let mut total = Duration::ZERO;
                let mut workspace = subject.compiled();
                for i in 0..iters {
                    if i > 0 && i.is_multiple_of(EDITS_PER_WORKSPACE) {
                        workspace = subject.compiled();
                    }
                    let text = subject.edited(i);
                    let start = Instant::now();
                    workspace.set_text(&subject.file, text);
                    let compilation = workspace.compile().unwrap();
                    total += start.elapsed();
                    drop(black_box(compilation));
                }
                total
            })
        });
        group.finish();
    }
}

criterion_group!(benches, bench);
criterion_main!(benches);
