//! `motif lsp`: the language server on stdin and stdout (see `crate::lsp`). Nothing else may
//! be written on stdout: it carries the protocol; problems go to stderr, which editors keep
//! as the server's log.

use super::{Failure, INPUT_ERROR, Io, OK, input_error};
use crate::lsp::{Ending, serve};

pub(crate) fn run(io: &mut Io<'_>) -> Result<i32, Failure> {
    let (connection, threads) = lsp_server::Connection::stdio();
    let ending = serve(connection);
    // The connection is dropped: the writer thread ends once everything is written.
    let transport = threads.join();
    let ending = ending.map_err(|e| input_error(e.to_string()))?;
    if let Err(error) = transport {
        let _ = writeln!(io.err, "erreur : échange LSP interrompu : {error}");
        return Ok(INPUT_ERROR);
    }
    // The protocol asks for exit code 1 when `exit` comes without `shutdown` first.
    Ok(match ending {
        Ending::Shutdown => OK,
        Ending::Abandoned => INPUT_ERROR,
    })
}
