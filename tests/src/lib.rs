//! Helpers shared by the corpus tests in `tests/tests/`: where things are, and how to compile a
//! policy directory with file names that do not depend on the machine.

pub mod bad_input;
pub mod boundary;
pub mod browser;
pub mod command;
pub mod differential;
pub mod generate;
pub mod programs;

use std::path::{Path, PathBuf};

use motif_compiler::diagnostics::{self, Style};
use motif_compiler::{Compilation, SourceSet, compile};
use motif_runtime::Program;

/// The workspace root (the parent of this crate).
pub fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .map_or_else(|| PathBuf::from(".."), Path::to_path_buf)
}

/// A path relative to the workspace root, with `/` separators, for stable messages.
pub fn relative(path: &Path) -> String {
    let root = root();
    path.strip_prefix(&root)
        .unwrap_or(path)
        .components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}

/// Reads the `.motif` files at `path` (a file or a directory), named relative to the root.
pub fn sources(path: &Path) -> SourceSet {
    let read =
        SourceSet::read(path).unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
    let mut named = SourceSet::new();
    for id in read.ids() {
        let file = read.file(id);
        named.add(relative(Path::new(&file.name)), file.text.clone());
    }
    named
}

/// Compiles the policies at `path`.
pub fn compile_path(path: &Path) -> (SourceSet, Compilation) {
    let sources = sources(path);
    let compilation = compile(&sources).unwrap_or_else(|e| panic!("{e}"));
    (sources, compilation)
}

/// The diagnostics of a compilation, as a person reads them (no colours, fixed width).
pub fn rendered(sources: &SourceSet, compilation: &Compilation) -> String {
    diagnostics::render(&compilation.diagnostics, sources, Style::Plain)
}

/// The CESEDA policy set of `policies/`, which must compile without any diagnostic.
pub fn ceseda() -> Program {
    let (sources, compilation) = compile_path(&root().join("policies"));
    assert!(
        compilation.diagnostics.is_empty(),
        "policies/ must check clean:\n{}",
        rendered(&sources, &compilation)
    );
    compilation
        .program
        .unwrap_or_else(|| panic!("policies/ did not compile"))
}

/// An assessment for a snapshot: the policy set's fingerprint and the receipt's id, which
/// change with any edit of any policy file (a comment included), are replaced by placeholders,
/// so that a snapshot changes only when what it shows does. The determinism tests compare the
/// real values.
pub fn redacted(assessment: &motif_runtime::Assessment) -> motif_runtime::Assessment {
    let mut assessment = assessment.clone();
    assessment.receipt.policy_set = "sha256:[empreinte du jeu de règles]".into();
    assessment.receipt.id = "sha256:[identifiant dérivé]".into();
    assessment
}

/// An assessment's JSON for a snapshot (see [`redacted`]).
pub fn json_for_snapshot(assessment: &motif_runtime::Assessment) -> String {
    motif_runtime::render::json(&redacted(assessment))
}

/// The example dossiers of `examples/dossiers/`, in name order.
pub fn example_dossiers() -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(root().join("examples/dossiers"))
        .unwrap_or_else(|e| panic!("examples/dossiers: {e}"))
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .collect();
    files.sort();
    files
}

/// Assesses the dossier at `path` at the dates it carries.
pub fn assess_dossier(program: &Program, path: &Path) -> motif_runtime::Assessment {
    let text = std::fs::read_to_string(path)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
    let dossier = motif_runtime::decode_dossier(program, &text)
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let decided_on = dossier
        .decided_on
        .unwrap_or_else(|| panic!("{}: no decision date", path.display()));
    let dates = motif_runtime::Dates {
        decided_on,
        filed_on: dossier.filed_on,
    };
    motif_runtime::assess(program, &dossier, dates)
}
