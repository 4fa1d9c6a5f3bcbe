//! Native code against the interpreter, and against the limit (`cargo bench -p motif-native`).
//!
//! - `outcomes`: every route's outcome for each example dossier of `examples/dossiers/`, the
//!   dossier already decoded (the case service keeps it): the interpreter (`assess_route` for
//!   each route) and native code (`NativeProgram::outcomes`). Throughput: dossiers.
//! - `end_to_end`: from the JSON text to every route's outcome, no rendering: the interpreter,
//!   native code (`decode` straight into the record, then `outcomes`), and the limit — serde
//!   into hand-written structs and hand-written Rust predicates for the same routes
//!   (`handwritten/`).
//! - `compile`: from the policy sources to machine code for one range of dates, cold and after
//!   one edit of one condition (`l423-1.motif`).
//!
//! The figures are in the README with the machine they were measured on; no test asserts them.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // benchmark code fails loudly

#[path = "handwritten/mod.rs"]
mod handwritten;

use std::hint::black_box;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use criterion::{Criterion, Throughput, criterion_group, criterion_main};

use motif_compiler::SourceSet;
use motif_compiler::db::Workspace;
use motif_native::NativeProgram;
use motif_runtime::program::RouteId;
use motif_runtime::{Dates, Dossier, Outcome, Program, assess_route, decode_dossier};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

fn sources() -> SourceSet {
    SourceSet::read(&root().join("policies")).unwrap()
}

fn program() -> Program {
    Workspace::new(&sources())
        .compile()
        .unwrap()
        .program
        .unwrap()
}

struct Case {
    json: String,
    dossier: Dossier,
    dates: Dates,
}

fn cases(program: &Program) -> Vec<Case> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(root().join("examples/dossiers"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .collect();
    files.sort();
    files
        .into_iter()
        .map(|path| {
            let json = std::fs::read_to_string(&path).unwrap();
            let dossier = decode_dossier(program, &json).unwrap();
            let dates = Dates {
                decided_on: dossier.decided_on.unwrap(),
                filed_on: dossier.filed_on,
            };
            Case {
                json,
                dossier,
                dates,
            }
        })
        .collect()
}

fn interpret(program: &Program, dossier: &Dossier, dates: Dates) -> Vec<Outcome> {
    (0..program.routes.len())
        .map(|r| assess_route(program, dossier, dates, RouteId(r as u32)).outcome)
        .collect()
}

fn outcomes(c: &mut Criterion) {
    let program = program();
    let cases = cases(&program);
    let native = NativeProgram::new(program.clone());
    let prepared: Vec<_> = cases
        .iter()
        .map(|case| native.facts(case.dossier.clone()))
        .collect();
    for (case, facts) in cases.iter().zip(&prepared) {
        assert_eq!(
            native.outcomes(facts, case.dates),
            interpret(&program, &case.dossier, case.dates)
        );
    }
    let mut group = c.benchmark_group("outcomes");
    group.throughput(Throughput::Elements(cases.len() as u64));
    group.bench_function("interpreter", |b| {
        b.iter(|| {
            for case in &cases {
                black_box(interpret(&program, &case.dossier, case.dates));
            }
        })
    });
    group.bench_function("native", |b| {
        b.iter(|| {
            for (case, facts) in cases.iter().zip(&prepared) {
                black_box(native.outcomes(facts, case.dates));
            }
        })
    });
    group.finish();
}

fn end_to_end(c: &mut Criterion) {
    let program = program();
    let cases = cases(&program);
    let native = NativeProgram::new(program.clone());
    let disagreements = handwritten::check_against(&root().join("examples/dossiers"), |json| {
        let facts = native.decode(json).unwrap();
        let dossier = decode_dossier(&program, json).unwrap();
        native.outcomes(
            &facts,
            Dates {
                decided_on: dossier.decided_on.unwrap(),
                filed_on: dossier.filed_on,
            },
        )
    });
    eprintln!(
        "the hand-written limit disagrees with the engine on {} (dossier, route) pair(s){}",
        disagreements.len(),
        if disagreements.is_empty() { "" } else { ":" }
    );
    for d in &disagreements {
        eprintln!("  {d}");
    }
    let mut group = c.benchmark_group("end_to_end");
    group.throughput(Throughput::Elements(cases.len() as u64));
    group.bench_function("interpreter", |b| {
        b.iter(|| {
            for case in &cases {
                let dossier = decode_dossier(&program, black_box(&case.json)).unwrap();
                black_box(interpret(&program, &dossier, case.dates));
            }
        })
    });
    group.bench_function("native", |b| {
        b.iter(|| {
            for case in &cases {
                let facts = native.decode(black_box(&case.json)).unwrap();
                black_box(native.outcomes(&facts, case.dates));
            }
        })
    });
    group.bench_function("hand_written_limit", |b| {
        b.iter(|| {
            for case in &cases {
                black_box(handwritten::assess_json(black_box(&case.json)).unwrap());
            }
        })
    });
    group.finish();
}

fn compile(c: &mut Criterion) {
    let sources = sources();
    let dates = Dates {
        decided_on: "2026-03-02".parse().unwrap(),
        filed_on: Some("2026-01-10".parse().unwrap()),
    };
    let id = sources
        .ids()
        .find(|&id| sources.file(id).name.ends_with("l423-1.motif"))
        .unwrap();
    let file = sources.file(id).name.clone();
    let text = sources.file(id).text.clone();
    let line = "si mariage.lieu = etranger alors mariage.transcrit";
    assert!(
        text.contains(line),
        "l423-1.motif changed: update the benchmark"
    );
    let edited = |i: u64| {
        let form = if i.is_multiple_of(2) {
            "si mariage.lieu != france alors mariage.transcrit"
        } else {
            line
        };
        text.replacen(line, &format!("{form} # édition {i}"), 1)
    };
    let to_native = |workspace: &Workspace| {
        let program = workspace.compile().unwrap().program.unwrap();
        let native = NativeProgram::new(program);
        native.prepare(dates).unwrap();
        native
    };
    let mut group = c.benchmark_group("compile");
    group.measurement_time(Duration::from_secs(10));
    group.sample_size(30);
    group.bench_function("cold", |b| {
        b.iter_custom(|iters| {
            let mut total = Duration::ZERO;
            for _ in 0..iters {
                let start = Instant::now();
                let workspace = Workspace::new(black_box(&sources));
                let native = to_native(&workspace);
                total += start.elapsed();
                drop(black_box((native, workspace)));
            }
            total
        })
    });
    group.bench_function("native_only", |b| {
        let program = program();
        b.iter_custom(|iters| {
            let mut total = Duration::ZERO;
            for _ in 0..iters {
                let program = program.clone();
                let start = Instant::now();
                let native = NativeProgram::new(program);
                native.prepare(dates).unwrap();
                total += start.elapsed();
                drop(black_box(native));
            }
            total
        })
    });
    group.bench_function("edit", |b| {
        b.iter_custom(|iters| {
            let mut total = Duration::ZERO;
            let mut workspace = Workspace::new(&sources);
            black_box(workspace.compile().unwrap());
            for i in 0..iters {
                let text = edited(i);
                let start = Instant::now();
                workspace.set_text(&file, text);
                let native = to_native(&workspace);
                total += start.elapsed();
                drop(black_box(native));
            }
            total
        })
    });
    group.finish();
}

criterion_group!(benches, outcomes, end_to_end, compile);
criterion_main!(benches);
