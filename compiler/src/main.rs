//! The `motif` command: see `motif --help`.

use std::io::IsTerminal;

use motif_compiler::cli::{Io, run};
use motif_compiler::diagnostics::Style;

fn main() {
    let style = if std::io::stderr().is_terminal() {
        Style::Terminal
    } else {
        Style::Plain
    };
    let mut out = std::io::stdout().lock();
    let mut err = std::io::stderr().lock();
    let code = run(
        std::env::args_os(),
        &mut Io {
            out: &mut out,
            err: &mut err,
            style,
        },
    );
    std::process::exit(code);
}
