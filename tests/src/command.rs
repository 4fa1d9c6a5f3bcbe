//! The `motif` command, run in-process exactly as a user would run it.

use motif_compiler::cli::{Io, run};
use motif_compiler::diagnostics::Style;

use crate::root;

/// What a run printed, and its exit code.
pub struct Output {
    pub code: i32,
    pub out: String,
    pub err: String,
}

/// Runs `motif ARGS…`.
pub fn motif(args: &[&str]) -> Output {
    let (mut out, mut err) = (Vec::new(), Vec::new());
    let argv = std::iter::once("motif").chain(args.iter().copied());
    let code = run(
        argv,
        &mut Io {
            out: &mut out,
            err: &mut err,
            style: Style::Plain,
        },
    );
    Output {
        code,
        out: String::from_utf8(out).unwrap_or_else(|e| panic!("stdout is not UTF-8: {e}")),
        err: String::from_utf8(err).unwrap_or_else(|e| panic!("stderr is not UTF-8: {e}")),
    }
}

/// A path relative to the workspace root, as an argument.
pub fn path(relative: &str) -> String {
    root().join(relative).display().to_string()
}

/// `motif assess DOSSIER --policies policies/ EXTRA…`, the dossier relative to the root.
pub fn assess(dossier: &str, extra: &[&str]) -> Output {
    let (dossier, policies) = (path(dossier), path("policies"));
    let mut args = vec!["assess", dossier.as_str(), "--policies", policies.as_str()];
    args.extend_from_slice(extra);
    motif(&args)
}
