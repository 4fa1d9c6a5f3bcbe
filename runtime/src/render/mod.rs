//! Renderings of an assessment for people and machines.

pub mod text;

use crate::assessment::Assessment;

/// The assessment as pretty-printed JSON (the case service's contract).
pub fn json(assessment: &Assessment) -> String {
    // Serialising plain data structures to a string cannot fail.
    serde_json::to_string_pretty(assessment).unwrap_or_default()
}
