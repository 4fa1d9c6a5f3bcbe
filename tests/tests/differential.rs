//! Differential testing: native code against the interpreter, which is the reference.
//!
//! Dossiers are drawn at the edges of the rules (`motif_tests::boundary`), sent as JSON, and
//! assessed both ways; the outcome of every route, its failed and undetermined conditions, the
//! facts to ask for, the points for the officer and the shape of the trace (every step's kind
//! and value, in order) must be identical. A CI run draws 100,000 dossiers over the CESEDA set
//! and the `good/` corpus; `MOTIF_DIFFERENTIAL=10000000 cargo test --release -p motif-tests
//! --test differential -- --ignored` does the long run recorded in the README. An interrupted
//! long run resumes with `MOTIF_DIFFERENTIAL_FROM=<dossier>` (rounded down to its chunk): dossier
//! `i` is the same whatever the run, so the two parts together cover the same dossiers.

use motif_native::NativeProgram;
use motif_runtime::{Dates, Program, decode_dossier};
use motif_tests::boundary::{Edges, json};
use motif_tests::differential::compare;
use motif_tests::generate::Draw;
use motif_tests::{ceseda, compile_path, root};

/// Dossiers are drawn in chunks, each from its own seed, so that dossier `i` is the same
/// whatever the number of threads, and a failure names what replays it.
const CHUNK: usize = 10_000;

/// Draws `count` dossiers for `program` and compares, on every core; returns how many routes
/// native code computed.
fn run(name: &str, program: Program, seed: u64, count: usize) -> u64 {
    run_from(name, program, seed, 0, count)
}

/// As [`run`], from chunk `first` on (the chunks before it were compared by an earlier run).
fn run_from(name: &str, program: Program, seed: u64, first: usize, count: usize) -> u64 {
    let edges = Edges::of(&program);
    let native = NativeProgram::new(program.clone());
    let chunks = count.div_ceil(CHUNK);
    let done = std::sync::atomic::AtomicUsize::new(first * CHUNK);
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
    std::thread::scope(|scope| {
        for thread in 0..threads {
            let (edges, native, program, done) = (&edges, &native, &program, &done);
            scope.spawn(move || {
                for chunk in (first + thread..chunks).step_by(threads) {
                    let chunk_seed = seed ^ (chunk as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15);
                    let mut draw = Draw(chunk_seed);
                    let size = CHUNK.min(count - chunk * CHUNK);
                    for i in 0..size {
                        let (dossier, dates) = edges.dossier(program, &mut draw);
                        let text = json(program, &dossier);
                        if let Err(difference) = compare(program, native, &text, dates) {
                            panic!(
                                "{name}, dossier {i} of chunk {chunk} (seed {chunk_seed:#x}), \
                                 dates {dates:?}: {difference}\n{text}"
                            );
                        }
                    }
                    // The long run says how far it got (seen with --nocapture).
                    let total = done.fetch_add(size, std::sync::atomic::Ordering::Relaxed) + size;
                    if total % 100_000 < size && total >= 100_000 {
                        eprintln!("{name}: {total} dossiers, no difference");
                    }
                }
            });
        }
    });
    native.stats().native
}

fn count(default: usize) -> usize {
    std::env::var("MOTIF_DIFFERENTIAL")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

fn good_sets() -> Vec<std::path::PathBuf> {
    let mut sets: Vec<_> = std::fs::read_dir(root().join("tests/corpus/good"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_dir())
        .collect();
    sets.sort();
    sets
}

#[test]
fn native_code_agrees_with_the_interpreter_on_the_ceseda_set() {
    let native_routes = run("CESEDA", ceseda(), 0x5EED_0006, count(70_000));
    assert!(native_routes > 0, "native code computed no route");
}

#[test]
fn native_code_agrees_with_the_interpreter_on_the_good_corpus() {
    let sets = good_sets();
    assert!(!sets.is_empty());
    let each = count(30_000) / sets.len();
    for (i, set) in sets.iter().enumerate() {
        let (_, compilation) = compile_path(set);
        let program = compilation.program.unwrap();
        run(
            &set.display().to_string(),
            program,
            0xC0DE_0000 + i as u64,
            each,
        );
    }
}

/// The example dossiers and those of the `good/` corpus, at their own dates.
#[test]
fn native_code_agrees_on_every_example_dossier() {
    let mut cases: Vec<(Program, std::path::PathBuf)> = Vec::new();
    let program = ceseda();
    for entry in std::fs::read_dir(root().join("examples/dossiers")).unwrap() {
        cases.push((program.clone(), entry.unwrap().path()));
    }
    for set in good_sets() {
        let (_, compilation) = compile_path(&set);
        let program = compilation.program.unwrap();
        for entry in std::fs::read_dir(set.join("dossiers")).unwrap() {
            cases.push((program.clone(), entry.unwrap().path()));
        }
    }
    for (program, path) in cases {
        if path.extension().is_none_or(|e| e != "json") {
            continue;
        }
        let text = std::fs::read_to_string(&path).unwrap();
        let Ok(dossier) = decode_dossier(&program, &text) else {
            continue;
        };
        let decided_on = dossier
            .decided_on
            .unwrap_or_else(|| motif_tests::generate::date("2026-03-02"));
        let dates = Dates {
            decided_on,
            filed_on: dossier.filed_on,
        };
        let native = NativeProgram::new(program.clone());
        if let Err(difference) = compare(&program, &native, &text, dates) {
            panic!("{}: {difference}", path.display());
        }
    }
}

/// The long run: `MOTIF_DIFFERENTIAL=10000000`.
#[test]
#[ignore = "long: run with MOTIF_DIFFERENTIAL=10000000 and --ignored"]
fn long_run() {
    let n = count(10_000_000);
    let from = std::env::var("MOTIF_DIFFERENTIAL_FROM")
        .ok()
        .and_then(|v| v.parse::<usize>().ok())
        .unwrap_or(0);
    let first = from / CHUNK;
    if first > 0 {
        eprintln!(
            "CESEDA: resuming at dossier {} (chunk {first})",
            first * CHUNK
        );
    }
    run_from("CESEDA", ceseda(), 0x10_0000_0006, first, n);
}
