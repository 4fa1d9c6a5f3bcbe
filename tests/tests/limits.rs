//! The trace-size limit: with every list of a CESEDA dossier at `MAX_LIST_LENGTH` elements (the
//! most the decoder accepts), each route's trace stays within the bound counted on the rules
//! (`limits::trace_bound`), and that bound within `MAX_TRACE_STEPS`, which the compiler
//! enforces for every policy set. On random policy sets too, no trace exceeds its bound.

use motif_compiler::{SourceSet, compile};
use motif_runtime::dossier::Dossier;
use motif_runtime::limits::{MAX_LIST_LENGTH, MAX_TRACE_STEPS, trace_bound};
use motif_runtime::program::{FactId, Program, RouteId};
use motif_runtime::trace::Step;
use motif_runtime::value::{Type, Value};
use motif_runtime::{Dates, assess};
use motif_tests::boundary::Edges;
use motif_tests::ceseda;
use motif_tests::generate::{Draw, dossiers, value};
use motif_tests::programs::policy_set;

fn steps(trace: &Option<Step>) -> usize {
    let mut count = 0;
    if let Some(trace) = trace {
        trace.walk(&mut |_| count += 1);
    }
    count
}

/// Every list of `dossier` filled to the limit with drawn elements.
fn full_lists(program: &Program, dossier: &mut Dossier, draw: &mut Draw) {
    for (i, fact) in program.facts.iter().enumerate() {
        if let Type::List(element) = &fact.ty {
            let items = (0..MAX_LIST_LENGTH)
                .map(|_| value(program, element, true, draw))
                .collect();
            dossier.set(FactId(i as u32), Some(Value::List(items)));
        }
    }
}

/// Checks every route of `program` on `dossier`; gives the largest trace seen.
fn check(program: &Program, dossier: &Dossier, dates: Dates, bounds: &[usize]) -> usize {
    let mut largest = 0;
    for (r, route) in assess(program, dossier, dates).routes.iter().enumerate() {
        let n = steps(&route.trace);
        assert!(
            n <= bounds[r],
            "{}: a trace of {n} steps, above its bound {}",
            route.route,
            bounds[r]
        );
        largest = largest.max(n);
    }
    largest
}

#[test]
fn ceseda_traces_stay_within_their_bounds_with_every_list_full() {
    let program = ceseda();
    let bounds: Vec<usize> = (0..program.routes.len())
        .map(|r| trace_bound(&program, RouteId(r as u32)))
        .collect();
    for (r, bound) in bounds.iter().enumerate() {
        assert!(
            *bound <= MAX_TRACE_STEPS,
            "{}: bound {bound}",
            program.routes[r].name
        );
    }
    let mut draw = Draw(21);
    let mut largest = 0;
    for (mut dossier, dates) in dossiers(&program, 21, 60) {
        full_lists(&program, &mut dossier, &mut draw);
        largest = largest.max(check(&program, &dossier, dates, &bounds));
    }
    // The lists do reach the traces: a full list makes a trace of hundreds of steps.
    assert!(largest > MAX_LIST_LENGTH, "largest trace: {largest} steps");
}

#[test]
fn generated_sets_traces_stay_within_their_bounds() {
    let mut checked = 0;
    for seed in 0..60 {
        let text = policy_set(&mut Draw(seed));
        let mut sources = SourceSet::new();
        sources.add("genere.motif", text);
        let compilation = compile(&sources).unwrap();
        let Some(program) = compilation.program else {
            continue;
        };
        let bounds: Vec<usize> = (0..program.routes.len())
            .map(|r| trace_bound(&program, RouteId(r as u32)))
            .collect();
        let edges = Edges::of(&program);
        let mut draw = Draw(seed);
        for _ in 0..40 {
            let (mut dossier, dates) = edges.dossier(&program, &mut draw);
            if draw.below(2) == 0 {
                full_lists(&program, &mut dossier, &mut draw);
            }
            check(&program, &dossier, dates, &bounds);
            checked += 1;
        }
    }
    assert!(checked > 1000, "{checked} dossiers");
}
