//! # Motif runtime
//!
//! What a case service links to assess dossiers: the [`Program`] (a checked policy set, as the
//! compiler lowers it), dossier decoding, the reference interpreter, the assessment with its
//! trace, and its renderings. This crate never depends on the compiler.
//!
//! ```text
//! JSON dossier ──decode──▶ Dossier ──assess(program, dates)──▶ Assessment ──render──▶ JSON / text
//! ```

mod analysis;
pub mod assessment;
pub mod counterfactual;
pub mod date;
pub mod dossier;
mod interpret;
mod json_path;
pub mod limits;
pub mod logic;
pub mod numbers;
pub mod program;
pub mod receipt;
pub mod render;
pub mod replay;
pub mod resolve;
pub mod schema;
pub mod suggest;
pub mod trace;
pub mod value;

pub use assessment::{Assessment, Dates, Outcome, RouteAssessment, assess, assess_route};
pub use date::Date;
pub use dossier::{Dossier, DossierError, DossierErrors, decode as decode_dossier};
/// How deep conditions may refer to one another before the evaluation stops (a cycle).
pub use interpret::MAX_DEPTH;
pub use logic::Truth;
pub use program::Program;
pub use resolve::{DatesProblem, GivenDates};
