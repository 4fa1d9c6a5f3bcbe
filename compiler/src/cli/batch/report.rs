//! What `motif batch` tells the person running it: a progress bar while it runs (on a
//! terminal), and a summary at the end.

use std::io::{self, IsTerminal};
use std::time::Duration;

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressState, ProgressStyle};

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
pub(super) fn progress(style: Style) -> ProgressBar {
    if style != Style::Terminal || !io::stderr().is_terminal() {
        return ProgressBar::hidden();
    }
    let bar = ProgressBar::with_draw_target(None, ProgressDrawTarget::stderr_with_hz(10));
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
