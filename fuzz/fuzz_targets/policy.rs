//! The policy compiler on any text: parsing, checking, lowering, rendering the diagnostics and
//! formatting must not panic; the compiler must not report an internal error (a bug of its own,
//! not of the text), and the formatter must not produce a text that reads differently.

#![no_main]

use libfuzzer_sys::fuzz_target;
use motif_compiler::diagnostics::{self, Style};
use motif_compiler::format::{FormatError, format};
use motif_compiler::{SourceSet, compile};

fuzz_target!(|data: &[u8]| {
    // Policy files are read as UTF-8 (a file that is not is refused before the parser).
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let mut sources = SourceSet::new();
    sources.add("fuzz.motif", text);
    match compile(&sources) {
        Ok(compilation) => {
            let _ = diagnostics::render(&compilation.diagnostics, &sources, Style::Plain);
        }
        Err(internal) => panic!("internal error of the compiler: {internal}"),
    }
    if let Err(FormatError::Unfaithful(unfaithful)) = format(text) {
        panic!(
            "the formatter changed the {}:\n{}",
            unfaithful.what, unfaithful.formatted
        );
    }
});
