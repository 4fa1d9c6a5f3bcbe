//! # Motif compiler
//!
//! Turns policies written in the Motif language into the runtime's [`Program`], reporting every
//! problem it finds with its place in the source.
//!
//! The passes, in order, each a module with one entry function:
//!
//! ```text
//! .motif text ──syntax::parse──▶ AST ──check (declare, check_part, global)──▶ checked AST ──lower──▶ Program
//!                        └──────────────┴────────── diagnostics (miette) ───────┘
//! ```
//!
//! The `db` module runs these passes as salsa queries, one article at a time.

pub mod check;
pub mod cli;
pub mod db;
pub mod diagnostics;
pub mod format;
pub mod impact;
pub mod lower;
pub mod lsp;
pub mod site;
pub mod source;
pub mod syntax;
pub mod testing;
pub mod watch;

use motif_runtime::Program;

pub use diagnostics::Diagnostic;
pub use lower::InternalError;
pub use source::SourceSet;

/// The result of compiling a policy set.
#[derive(Debug, Clone, PartialEq)]
pub struct Compilation {
    /// The program, when the set has no error (warnings allowed).
    pub program: Option<Program>,
    /// Errors and warnings, in file and position order.
    pub diagnostics: Vec<Diagnostic>,
}

impl Compilation {
    pub fn has_errors(&self) -> bool {
        self.diagnostics.iter().any(Diagnostic::is_error)
    }
}

/// Compiles a policy set: parses every file, checks the whole set, and lowers it if it has no
/// error. (To re-check after edits without starting over, keep a [`db::Workspace`].)
pub fn compile(sources: &SourceSet) -> Result<Compilation, InternalError> {
    db::Workspace::new(sources).compile()
}
