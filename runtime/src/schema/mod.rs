//! The JSON Schemas of Motif's formats (`motif schema`): the assessment the engine writes, and
//! the dossier a policy set reads.

mod assessment;
mod dossier;

pub use assessment::assessment;
pub(crate) use assessment::input;
pub use dossier::dossier;
