//! Native code against the interpreter on one dossier: the comparison shared by the differential
//! tests (`tests/tests/differential.rs`, `generated_policies.rs`) and the evaluator's fuzz target.

use motif_native::{NativeProgram, RouteReport};
use motif_runtime::{Dates, Program, assess, decode_dossier};

/// Compares the two engines on one JSON dossier; `Err` describes the first difference.
pub fn compare(
    program: &Program,
    native: &NativeProgram,
    text: &str,
    dates: Dates,
) -> Result<(), String> {
    let dossier =
        decode_dossier(program, text).map_err(|e| format!("the interpreter rejects it: {e:?}"))?;
    let expected: Vec<RouteReport> = assess(program, &dossier, dates)
        .routes
        .iter()
        .map(RouteReport::from_assessment)
        .collect();
    let facts = native
        .decode(text)
        .map_err(|e| format!("native code rejects it: {e:?}"))?;
    let outcomes = native.outcomes(&facts, dates);
    let reports = native.reports(&facts, dates);
    for ((want, got), outcome) in expected.iter().zip(&reports).zip(&outcomes) {
        if want.outcome != *outcome {
            return Err(format!(
                "route {}: outcome {:?} (native) vs {:?}",
                want.route, outcome, want.outcome
            ));
        }
        if want != got {
            return Err(format!(
                "route {}:\n  interpreter: {}\n  native:      {}",
                want.route,
                serde_json::to_string(want).unwrap_or_default(),
                serde_json::to_string(got).unwrap_or_default()
            ));
        }
    }
    if expected.len() != reports.len() {
        return Err("not the same number of routes".into());
    }
    Ok(())
}
