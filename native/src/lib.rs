//! Native checkers (in progress).
pub mod build;
pub mod dates;
pub mod layout;
pub mod plan;
