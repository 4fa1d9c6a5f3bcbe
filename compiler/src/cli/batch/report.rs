//! What `motif batch` tells the person running it: a progress bar while it runs (on a
//! terminal), and a summary at the end.

use std::fs::File;
use std::io::{self, IsTerminal, Write};
use std::sync::{Mutex, PoisonError};
use std::time::Duration;

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressState, ProgressStyle, TermLike};

use motif_runtime::Outcome;

use super::line::Done;
use crate::diagnostics::Style;

/// The counts of the lines written so far.
#[derive(Debug, Default)]
pub(super) struct Tally {
    pub(super) dossiers: u64,
    pub(super) refused: u64,
    outcomes: [u64; 5],
}

impl Tally {
    pub(super) fn add(&mut self, done: &Done) {
        self.dossiers += 1;
        if done.refused {
            self.refused += 1;
        }
        for outcome in &done.outcomes {
            if let Some(i) = Outcome::ALL.iter().position(|o| o == outcome) {
                self.outcomes[i] += 1;
            }
        }
    }

    /// The summary, two lines, in French.
    pub(super) fn summary(&self, elapsed: Duration) -> String {
        let seconds = elapsed.as_secs_f64();
        let per_minute = (self.dossiers as f64 * 60.0 / seconds.max(1e-6)).round();
        let counts: Vec<String> = Outcome::ALL
            .iter()
            .zip(self.outcomes)
            .map(|(outcome, count)| format!("{} : {count}", outcome.label()))
            .collect();
        format!(
            "{} dossier(s) en {} s ({per_minute:.0} dossiers/min) : {} évalué(s), {} en erreur\n\
             issues, toutes voies confondues : {}\n",
            self.dossiers,
            format!("{seconds:.2}").replace('.', ","),
            self.dossiers - self.refused,
            self.refused,
            counts.join(", ")
        )
    }
}

/// A progress bar on the terminal's stderr, with the count and the throughput; hidden when
/// stderr is not a terminal or colours are off (tests, pipes, logs).
///
/// The `motif` command holds the lock of `std::io::stderr` for the whole run (`Io::err`), so
/// the bar, redrawn from its own thread, writes to a duplicate of the descriptor instead.
pub(super) fn progress(style: Style) -> ProgressBar {
    if style != Style::Terminal || !io::stderr().is_terminal() {
        return ProgressBar::hidden();
    }
    let Some(terminal) = Terminal::stderr() else {
        return ProgressBar::hidden();
    };
    let target = ProgressDrawTarget::term_like_with_hz(Box::new(terminal), 10);
    let bar = ProgressBar::with_draw_target(None, target);
    let template = "{spinner} {pos} dossier(s) évalué(s) — {rate} dossiers/s — {elapsed_precise}";
    if let Ok(style) = ProgressStyle::with_template(template) {
        bar.set_style(style.with_key(
            "rate",
            |state: &ProgressState, w: &mut dyn std::fmt::Write| {
                let _ = write!(w, "{:.0}", state.per_sec());
            },
        ));
    }
    bar.enable_steady_tick(Duration::from_millis(100));
    bar
}

/// The terminal behind stderr, written through its own descriptor with ANSI sequences.
#[derive(Debug)]
struct Terminal(Mutex<File>);

impl Terminal {
    #[cfg(unix)]
    fn stderr() -> Option<Terminal> {
        use std::os::fd::AsFd;
        let fd = io::stderr().as_fd().try_clone_to_owned().ok()?;
        Some(Terminal(Mutex::new(File::from(fd))))
    }

    #[cfg(not(unix))]
    fn stderr() -> Option<Terminal> {
        None
    }

    fn write(&self, text: &str) -> io::Result<()> {
        let mut file = self.0.lock().unwrap_or_else(PoisonError::into_inner);
        file.write_all(text.as_bytes())
    }

    fn sequence(&self, n: usize, code: char) -> io::Result<()> {
        if n == 0 {
            return Ok(());
        }
        self.write(&format!("\x1b[{n}{code}"))
    }
}

impl TermLike for Terminal {
    fn width(&self) -> u16 {
        std::env::var("COLUMNS")
            .ok()
            .and_then(|c| c.parse().ok())
            .unwrap_or(80)
    }

    fn move_cursor_up(&self, n: usize) -> io::Result<()> {
        self.sequence(n, 'A')
    }

    fn move_cursor_down(&self, n: usize) -> io::Result<()> {
        self.sequence(n, 'B')
    }

    fn move_cursor_right(&self, n: usize) -> io::Result<()> {
        self.sequence(n, 'C')
    }

    fn move_cursor_left(&self, n: usize) -> io::Result<()> {
        self.sequence(n, 'D')
    }

    fn write_line(&self, s: &str) -> io::Result<()> {
        self.write(&format!("{s}\n"))
    }

    fn write_str(&self, s: &str) -> io::Result<()> {
        self.write(s)
    }

    fn clear_line(&self) -> io::Result<()> {
        self.write("\r\x1b[2K")
    }

    fn flush(&self) -> io::Result<()> {
        self.0
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .flush()
    }
}
