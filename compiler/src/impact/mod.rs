//! The impact of a change of policy set (`motif diff`): what changes in the rules, and what
//! changes for a corpus of dossiers.
//!
//! Two entries, one per comparison:
//!
//! ```text
//! Program (old), Program (new) ──compare_programs──▶ static changes (by name and date, in
//!                                                     canonical form: layout is no change)
//! Program (old), Program (new), dossiers ──compare_dossiers──▶ per dossier and route: outcome,
//!                               versions applied, conditions flipped, grounds, facts to ask for
//! ```
//!
//! `report` holds what both give (the JSON of `motif diff --format json`), `render` the French
//! text.

mod canon;
mod changes;
pub mod corpus;
mod dossiers;
mod render;
pub mod report;
mod rules;
mod static_diff;

pub use dossiers::compare_dossiers;
pub use render::render_text;
pub use report::Report;
pub use static_diff::compare_programs;
