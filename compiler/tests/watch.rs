//! `motif check --watch`, driven in a thread on a temporary directory: the first check, then
//! a mistake written to a file, a file added and a file removed, each reported after a separator.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // test code fails loudly

#[path = "common/temp.rs"]
mod temp;

use std::io::Write;
use std::path::Path;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::thread;
use std::time::{Duration, Instant};
use temp::TempDir;

use motif_compiler::cli::{INPUT_ERROR, Io, OK};
use motif_compiler::diagnostics::Style;
use motif_compiler::watch::watch;

/// How the separator line printed before each new check goes on after the time.
const SEPARATOR: &str = " UTC — modification de ";

/// An output stream the test reads while the watcher writes to it.
#[derive(Clone, Default)]
struct Shared(Arc<Mutex<Vec<u8>>>);

impl Write for Shared {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(bytes);
        Ok(bytes.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

impl Shared {
    fn text(&self) -> String {
        String::from_utf8_lossy(&self.0.lock().unwrap()).into_owned()
    }
}

const FACTS: &str = "fait essai.present : booléen « l'étranger est présent »\n\
                     fait essai.majeur : booléen « l'étranger est majeur »\n";

fn article(id: &str, fact: &str) -> String {
    let route = id.replace('-', "_");
    format!(
        "# Un article de l'essai\n\
         article L. {id} « Article fictif »\n\
         \n\
         version du 2021-01-01\n\
         \x20 légifrance à vérifier\n\
         \x20 texte « Article fictif. »\n\
         \n\
         \x20 condition presence « l'étranger est présent » :\n\
         \x20   {fact}\n\
         \n\
         \x20 voie voie_{route} « essai »\n\
         \x20   délivre carte de séjour temporaire\n\
         \x20   si presence\n"
    )
}

/// Waits until `output` holds `count` occurrences of `needle`; fails after ten seconds.
fn wait_for(output: &Shared, needle: &str, count: usize) -> String {
    let start = Instant::now();
    loop {
        let text = output.text();
        if text.matches(needle).count() >= count {
            return text;
        }
        assert!(
            start.elapsed() < Duration::from_secs(10),
            "never saw {count} × {needle:?} in:\n{text}"
        );
        thread::sleep(Duration::from_millis(10));
    }
}

/// Waits until the output printed since the last separator line (that line included) holds
/// `needle`, and returns it; fails after ten seconds.
fn wait_last(output: &Shared, needle: &str) -> String {
    let start = Instant::now();
    loop {
        let text = output.text();
        if let Some(at) = text.rfind(SEPARATOR) {
            let last = &text[text[..at].rfind('\n').map_or(0, |n| n + 1)..];
            if last.contains(needle) {
                return last.to_string();
            }
        }
        assert!(
            start.elapsed() < Duration::from_secs(10),
            "never saw {needle:?} after a separator in:\n{text}"
        );
        thread::sleep(Duration::from_millis(10));
    }
}

/// Writes a file at once (a text written under another name, then renamed), so that the watcher
/// never reads it half-written.
fn write(path: &Path, text: &str) {
    let draft = path.with_extension("brouillon");
    std::fs::write(&draft, text).unwrap();
    std::fs::rename(&draft, path).unwrap();
}

/// Runs the watcher in a thread on `policies`, polling every 20 ms, with one stream for both
/// outputs so that their order shows; it stops when `stop` is set.
fn start(policies: &Path, output: &Shared, stop: &Arc<AtomicBool>) -> thread::JoinHandle<i32> {
    let (output, stop, policies) = (output.clone(), stop.clone(), policies.to_path_buf());
    thread::spawn(move || {
        let (mut out, mut err) = (output.clone(), output);
        let mut io = Io {
            out: &mut out,
            err: &mut err,
            style: Style::Plain,
        };
        watch(&policies, &mut io, Duration::from_millis(20), &mut || {
            stop.load(Ordering::SeqCst)
        })
    })
}

#[test]
fn watch_reports_each_change_until_stopped() {
    let dir = TempDir::new("watch");
    let policies = dir.0.clone();
    write(&policies.join("faits.motif"), FACTS);
    write(
        &policies.join("l900-1.motif"),
        &article("900-1", "essai.present"),
    );
    let output = Shared::default();
    let stop = Arc::new(AtomicBool::new(false));
    let watcher = start(&policies, &output, &stop);

    // The first check: one warning (a fact no rule reads), no separator.
    let text = wait_for(&output, &format!("\n{} : ", policies.display()), 1);
    assert!(
        text.starts_with(&format!("surveillance de {} : ", policies.display())),
        "{text}"
    );
    assert!(
        text.contains(
            "2 fichier(s), 1 article(s), 1 voie(s), 2 fait(s) — aucune erreur, 1 avertissement(s)"
        ),
        "{text}"
    );
    assert!(!text.contains(SEPARATOR), "{text}");

    // A mistake: a separator naming the time, the diagnostic at its line, then the summary.
    write(
        &policies.join("l900-1.motif"),
        &article("900-1", "essai.presnt"),
    );
    let last = wait_last(&output, "2 fichier(s) — 1 erreur(s), 0 avertissement(s)");
    let separator = last.lines().next().unwrap();
    assert!(separator.starts_with("──── "), "{separator}");
    assert!(
        separator.ends_with(&format!("{SEPARATOR}{} ────", policies.display())),
        "{separator}"
    );
    assert!(last.contains("nom inconnu : `essai.presnt`"), "{last}");
    assert!(last.contains("l900-1.motif:9:5]"), "{last}");
    assert!(
        last.contains("Vouliez-vous dire `essai.present` ?"),
        "{last}"
    );
    assert!(
        last.find("nom inconnu").unwrap() < last.find("1 erreur(s)").unwrap(),
        "the summary comes after the diagnostics: {last}"
    );

    // The mistake corrected, and a file added: the set is rebuilt with three files.
    write(
        &policies.join("l900-1.motif"),
        &article("900-1", "essai.present"),
    );
    write(
        &policies.join("l900-2.motif"),
        &article("900-2", "essai.majeur"),
    );
    wait_last(
        &output,
        "3 fichier(s), 2 article(s), 2 voie(s), 2 fait(s) — aucun problème",
    );

    // A file removed: back to two files, and the warning again.
    std::fs::remove_file(policies.join("l900-2.motif")).unwrap();
    wait_last(
        &output,
        "2 fichier(s), 1 article(s), 1 voie(s), 2 fait(s) — aucune erreur, 1 avertissement(s)",
    );

    // Nothing changes: nothing more is printed.
    let before = output.text();
    thread::sleep(Duration::from_millis(200));
    assert_eq!(output.text(), before);

    stop.store(true, Ordering::SeqCst);
    assert_eq!(watcher.join().unwrap(), OK);
}

#[test]
fn watch_survives_a_directory_with_no_policy_and_checks_what_appears() {
    let dir = TempDir::new("watch-empty");
    let policies = dir.0.clone();
    let output = Shared::default();
    let stop = Arc::new(AtomicBool::new(false));
    let watcher = start(&policies, &output, &stop);
    wait_for(&output, "erreur : aucun fichier .motif dans", 1);
    // Said once, not at every poll.
    thread::sleep(Duration::from_millis(200));
    assert_eq!(output.text().matches("aucun fichier").count(), 1);
    // A file appears, with a mistake: it is checked.
    write(
        &policies.join("faits.motif"),
        "fait essai.x : booléen\nfait essai.x : booléen\n",
    );
    let last = wait_last(&output, "1 fichier(s) — 1 erreur(s)");
    assert!(last.contains("déclaration en double"), "{last}");
    assert!(last.contains("faits.motif:2:"), "{last}");
    stop.store(true, Ordering::SeqCst);
    assert_eq!(watcher.join().unwrap(), INPUT_ERROR);
}
