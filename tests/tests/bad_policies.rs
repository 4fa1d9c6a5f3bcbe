//! The `bad/` corpus: each file is a small policy with a problem; its diagnostics, as a legal
//! officer sees them, are snapshotted. Every diagnostic must point at a place (a label) and say
//! what to do (a help line).

use miette::Diagnostic as _;
use motif_tests::{compile_path, rendered};

#[test]
fn diagnostics() {
    insta::glob!("../corpus/bad", "*.motif", |path| {
        let (sources, compilation) = compile_path(path);
        let name = path
            .file_stem()
            .and_then(|s| s.to_str())
            .unwrap_or_default();
        assert!(!compilation.diagnostics.is_empty(), "{name}: no diagnostic");
        if name.starts_with("avertissement") {
            assert!(!compilation.has_errors(), "{name}: warnings only expected");
            assert!(compilation.program.is_some());
        } else {
            assert!(compilation.has_errors(), "{name}: an error was expected");
            assert!(
                compilation.program.is_none(),
                "{name}: no program may come out of a bad policy"
            );
        }
        for diagnostic in &compilation.diagnostics {
            let error = &diagnostic.error;
            assert!(
                error.labels().is_some_and(|mut l| l.next().is_some()),
                "{name}: `{error}` has no label"
            );
            assert!(error.help().is_some(), "{name}: `{error}` has no help");
            assert!(error.code().is_some(), "{name}: `{error}` has no code");
        }
        insta::assert_snapshot!(rendered(&sources, &compilation));
    });
}
