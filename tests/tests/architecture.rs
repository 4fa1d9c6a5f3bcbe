//! The layering the design requires: the runtime (what a case service links) never depends on
//! the compiler. Checked on the resolved dependency graph, as `cargo tree` shows it.

use std::process::Command;

/// `cargo tree -p PACKAGE` for normal and build dependencies, one crate per line.
fn tree(package: &str) -> String {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let output = Command::new(cargo)
        .args([
            "tree",
            "--offline",
            "-p",
            package,
            "-e",
            "normal,build",
            "--prefix",
            "none",
        ])
        .current_dir(motif_tests::root())
        .output()
        .expect("cargo tree runs");
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let tree = String::from_utf8(output.stdout).unwrap();
    assert!(tree.starts_with(&format!("{package} ")), "{tree}");
    tree
}

/// The service is given a compiler by `motif serve`; linking it does not bring the compiler.
#[test]
fn the_service_does_not_depend_on_the_compiler() {
    let tree = tree("motif-service");
    assert!(tree.contains("motif-runtime"), "{tree}");
    assert!(tree.contains("rusqlite"), "{tree}");
    assert!(!tree.contains("motif-compiler"), "{tree}");
}

#[test]
fn the_runtime_does_not_depend_on_the_compiler() {
    let tree = tree("motif-runtime");
    assert!(
        tree.contains("serde_json"),
        "the tree lists the runtime's dependencies: {tree}"
    );
    assert!(!tree.contains("motif-compiler"), "{tree}");
    for compiler_only in ["pest", "miette", "clap"] {
        assert!(
            !tree
                .lines()
                .any(|l| l.starts_with(&format!("{compiler_only} "))),
            "the runtime pulls in {compiler_only}"
        );
    }
}
