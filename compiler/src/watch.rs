//! `motif check --watch`: checks a policy set, then checks it again on every change, through
//! one [`Workspace`], so that an edit of one article re-parses and re-checks that article only.
//!
//! The directory is polled: every interval, the `.motif` files are read again and compared with
//! the texts the workspace holds. A changed text is given to the workspace with
//! [`Workspace::set_text`]; a file added or removed rebuilds the workspace (the files of a set
//! are numbered in path order). No dependency, no platform notification API: a policy set is a
//! few files of text, and reading them is cheap next to checking them.

use std::path::Path;
use std::thread;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use crate::cli::{INPUT_ERROR, Io};
use crate::db::Workspace;
use crate::source::SourceSet;

/// The interval the command polls at.
pub const INTERVAL: Duration = Duration::from_millis(400);

/// What was read from the directory at one poll: the files (name and text, in path order), or
/// why they could not be read.
type Reading = Result<Vec<(String, String)>, String>;

/// Checks the policy set at `policies`, prints the result as `motif check` does, then polls it
/// every `interval` and prints the result again after each change, preceded by a separator line
/// naming the time. Stops when `stop` returns true (checked before each poll; the command's never
/// does: it runs until interrupted). Returns the exit code of the last check.
pub fn watch(
    policies: &Path,
    io: &mut Io<'_>,
    interval: Duration,
    stop: &mut dyn FnMut() -> bool,
) -> i32 {
    let _ = writeln!(
        io.out,
        "surveillance de {} : chaque modification est vérifiée (Ctrl-C pour arrêter)",
        policies.display()
    );
    let mut last = read(policies);
    let mut workspace = None;
    let mut code = check(policies, &last, &mut workspace, io);
    while !stop() {
        thread::sleep(interval);
        let now = read(policies);
        if now == last {
            continue;
        }
        let _ = writeln!(
            io.out,
            "──── {} — modification de {} ────",
            clock(SystemTime::now()),
            policies.display()
        );
        let _ = io.out.flush();
        code = check(policies, &now, &mut workspace, io);
        last = now;
    }
    code
}

/// Reads the policy set, as `motif check` does.
fn read(policies: &Path) -> Reading {
    let sources = SourceSet::read(policies).map_err(|e| e.to_string())?;
    Ok(sources
        .ids()
        .map(|id| {
            let file = sources.file(id);
            (file.name.clone(), file.text.clone())
        })
        .collect())
}

/// Brings the workspace up to date with `reading` (updating the texts that changed, or building
/// it anew when the files are not the same ones), checks it and prints the result.
fn check(
    policies: &Path,
    reading: &Reading,
    workspace: &mut Option<Workspace>,
    io: &mut Io<'_>,
) -> i32 {
    let files = match reading {
        Ok(files) => files,
        Err(message) => {
            let _ = writeln!(io.err, "erreur : {message}");
            let _ = io.err.flush();
            return INPUT_ERROR;
        }
    };
    let same_files = workspace.as_ref().is_some_and(|w| {
        let held = w.set.files(&w.db);
        held.len() == files.len()
            && held
                .iter()
                .zip(files)
                .all(|(file, (name, _))| file.name(&w.db) == name)
    });
    let workspace = match workspace {
        Some(w) if same_files => {
            // Only the texts that changed: setting an input, even to an equal value, makes
            // salsa verify what depends on it again.
            let changed: Vec<(String, String)> = w
                .set
                .files(&w.db)
                .iter()
                .zip(files)
                .filter(|(file, (_, text))| file.text(&w.db) != text)
                .map(|(_, (name, text))| (name.clone(), text.clone()))
                .collect();
            for (name, text) in changed {
                w.set_text(&name, text);
            }
            w
        }
        _ => {
            let mut sources = SourceSet::new();
            for (name, text) in files {
                sources.add(name.clone(), text.clone());
            }
            workspace.insert(Workspace::new(&sources))
        }
    };
    match workspace.compile() {
        Ok(compilation) => crate::cli::report(policies, &workspace.sources(), &compilation, io),
        Err(error) => {
            let _ = writeln!(io.err, "erreur : {error}");
            let _ = io.err.flush();
            INPUT_ERROR
        }
    }
}

/// The time of day of `at`, `HH:MM:SS UTC` (the standard library knows no time zone).
fn clock(at: SystemTime) -> String {
    let seconds = at
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_secs() % 86_400);
    format!(
        "{:02}:{:02}:{:02} UTC",
        seconds / 3600,
        seconds / 60 % 60,
        seconds % 60
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_clock_reads_hours_minutes_and_seconds() {
        let at = UNIX_EPOCH + Duration::from_secs(3 * 86_400 + 14 * 3600 + 3 * 60 + 7);
        assert_eq!(clock(at), "14:03:07 UTC");
    }
}
