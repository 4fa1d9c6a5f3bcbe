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
    // Not locked for the whole run: `motif serve` and `motif batch` write from other threads
    // too (logs, the progress bar), and a lock held here would block them for good.
    let mut out = std::io::stdout();
    let mut err = std::io::stderr();
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
