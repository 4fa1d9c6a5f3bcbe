//! « The limit »: the CESEDA assessment written by hand, as a programmer would write it without
//! the engine — typed serde structs for the dossier and one Rust function for the eighteen
//! routes — to measure the engine's end-to-end speed against.
//!
//! Usage from a bench: `#[path = "handwritten/mod.rs"] mod handwritten;`, then
//! `handwritten::assess_json(text)` (decode + outcomes at the dossier's dates), or
//! `handwritten::decode(text)` and `handwritten::outcomes(&dossier, decided_on, filed_on)`.
//!
//! What it computes: for each route, the engine's outcome (eligible, not eligible, incomplete,
//! needs appraisal, not applicable) in three-valued logic, with the article versions and
//! parameter values in force at the dates (a handful of date constants, the SMIC table), the
//! general conditions of each card (L. 412-1 visa, L. 412-5 and L. 432-1 public order,
//! L. 412-6 polygamy, L. 412-8 contract by filing date), the derogations, closures and the
//! Franco-Algerian exclusion. It computes no explanation: no trace, no missing facts listed.
//!
//! Agreement with the interpreter: every route of all 88 example dossiers (see
//! [`check_against`]); also, off-tree, the examples at 15 decision dates × 5 filing dates
//! around every date the rules change, and 60 000 random dossiers mixing the examples' facts
//! (absent, null, bare or with provenance): no disagreement. Differences left, not met there:
//! - the dossier is not validated: unknown fields are ignored, and an appraisal given without
//!   an officer (`"source": "officer", "by": …`) is taken, where the engine rejects the dossier;
//!   amounts are JSON numbers only (the engine also reads texts such as `"1 766,92"`), read
//!   through `f64` (exact to the cent for any realistic amount);
//! - date arithmetic beyond the year 9999 is not guarded (the engine reports a computation
//!   error to the officer).
//!
//! Like any hand-written copy, it must be edited with the policies: it does not read them.

#![allow(dead_code, unused_imports)]

use std::path::Path;

pub mod dossier;
mod rules;

pub use dossier::{Days, Dossier};
pub use rules::outcomes;

/// The number of CESEDA routes.
pub const N: usize = 18;

/// The routes, in the order of the compiled program (the order of `voie` declarations across
/// `policies/ceseda/*.motif`, files in path order).
pub const ROUTES: [&str; N] = [
    "salarie",
    "travailleur_temporaire",
    "talent_salarie_qualifie",
    "etudiant",
    "conjoint_de_francais",
    "conjoint_de_francais_marie_en_france",
    "jeune_majeur_entre_avant_treize_ans",
    "jeune_majeur_confie_a_l_ase",
    "vie_privee_et_familiale",
    "resident_conjoint_de_francais",
    "parent_d_enfant_francais",
    "victime_de_la_traite",
    "ordonnance_de_protection",
    "etranger_malade",
    "resident_longue_duree_ue",
    "premiere_carte_pluriannuelle",
    "admission_exceptionnelle",
    "metiers_en_tension",
];

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Outcome {
    Eligible,
    NotEligible,
    Incomplete,
    NeedsAppraisal,
    NotApplicable,
}

impl Outcome {
    pub fn as_runtime(self) -> motif_runtime::Outcome {
        match self {
            Outcome::Eligible => motif_runtime::Outcome::Eligible,
            Outcome::NotEligible => motif_runtime::Outcome::NotEligible,
            Outcome::Incomplete => motif_runtime::Outcome::Incomplete,
            Outcome::NeedsAppraisal => motif_runtime::Outcome::NeedsAppraisal,
            Outcome::NotApplicable => motif_runtime::Outcome::NotApplicable,
        }
    }
}

/// Decodes a dossier (JSON text).
pub fn decode(json: &str) -> serde_json::Result<Dossier> {
    serde_json::from_str(json)
}

/// Decodes a dossier and assesses it at its own dates; `None` when it does not decode or gives
/// no decision date.
pub fn assess_json(json: &str) -> Option<[Outcome; N]> {
    let dossier = decode(json).ok()?;
    let decided_on = dossier.decided_on?;
    Some(outcomes(&dossier, decided_on, dossier.filed_on))
}

/// Runs every `*.json` of `examples_dir` through the hand-written decoder and rules and through
/// `engine` (the JSON text → the outcome of every route, in program order), and lists every
/// disagreement: `file: route: hand-written X, engine Y` (or why a file could not be compared).
pub fn check_against(
    examples_dir: &Path,
    engine: impl Fn(&str) -> Vec<motif_runtime::Outcome>,
) -> Vec<String> {
    let mut files: Vec<_> = match std::fs::read_dir(examples_dir) {
        Ok(entries) => entries.filter_map(|e| Some(e.ok()?.path())).collect(),
        Err(e) => return vec![format!("{}: {e}", examples_dir.display())],
    };
    files.retain(|p| p.extension().is_some_and(|x| x == "json"));
    files.sort();
    let mut problems = Vec::new();
    for path in files {
        let name = path
            .file_name()
            .unwrap_or_default()
            .to_string_lossy()
            .into_owned();
        let text = match std::fs::read_to_string(&path) {
            Ok(text) => text,
            Err(e) => {
                problems.push(format!("{name}: {e}"));
                continue;
            }
        };
        let Some(mine) = assess_json(&text) else {
            problems.push(format!("{name}: not decoded by hand, or no decided_on"));
            continue;
        };
        let theirs = engine(&text);
        if theirs.len() != N {
            problems.push(format!("{name}: the engine gives {} routes", theirs.len()));
        }
        for ((route, m), t) in ROUTES.iter().zip(mine).zip(theirs) {
            if m.as_runtime() != t {
                problems.push(format!("{name}: {route}: hand-written {m:?}, engine {t:?}"));
            }
        }
    }
    problems
}
