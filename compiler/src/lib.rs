//! # Motif compiler
//!
//! Turns policies written in the Motif language into the runtime's [`Program`], reporting every
//! problem it finds with its place in the source.
//!
//! The passes, in order, each a module with one entry function:
//!
//! ```text
//! .motif text ──syntax::parse──▶ AST ──check::check──▶ checked AST ──lower::lower──▶ Program
//!                        └──────────────┴── diagnostics (miette) ─┘
//! ```

pub mod check;
pub mod cli;
pub mod diagnostics;
pub mod lower;
pub mod source;
pub mod syntax;

use motif_runtime::Program;

pub use diagnostics::Diagnostic;
pub use lower::InternalError;
pub use source::SourceSet;

/// The result of compiling a policy set.
#[derive(Debug)]
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
/// error.
pub fn compile(sources: &SourceSet) -> Result<Compilation, InternalError> {
    let mut diagnostics = Vec::new();
    let mut modules = Vec::with_capacity(sources.len());
    for file in sources.ids() {
        let (module, found) = syntax::parse(file, &sources.file(file).text);
        modules.push(module);
        diagnostics.extend(found);
    }
    let (checked, found) = check::check(&modules, sources);
    diagnostics.extend(found);
    diagnostics::sort(&mut diagnostics);
    let program = if diagnostics.iter().any(Diagnostic::is_error) {
        // With errors, some uses of facts were not resolved: "unused fact" would mostly echo
        // those errors.
        diagnostics.retain(|d| !matches!(d.error, diagnostics::PolicyError::UnusedFact(_)));
        None
    } else {
        Some(lower::lower(&checked)?)
    };
    Ok(Compilation {
        program,
        diagnostics,
    })
}
