//! # Motif as a service
//!
//! What the case service calls in production: an HTTP API (axum) that assesses dossiers
//! against the policy set in use, journals every assessment in SQLite before answering, replays
//! any of them with the exact policy set of the time, and swaps policy sets without stopping.
//!
//! ```text
//! POST /v1/assessments ─▶ decode ─▶ assess ─▶ journal (commit) ─▶ JSON / letter / officer view
//! ```
//!
//! This crate does not compile policies (the runtime never depends on the compiler): the
//! `motif serve` command hands it a [`Compiler`].

pub mod api;
mod clock;
pub mod journal;
pub mod limits;
mod metrics;
pub mod policy;
pub mod problem;
mod server;

pub use clock::utc;
pub use journal::{Journal, JournalError, Reader};
pub use limits::Limits;
pub use policy::{Compiler, PolicySet, Rejected, SourceText};
pub use problem::Problem;
pub use server::{Config, StartError, prepare, router, run, serve};
