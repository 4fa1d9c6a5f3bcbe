//! `motif batch`: a file of dossiers, one JSON per line, assessed on every core; one line of
//! JSON written per dossier, in the order of the input.
//!
//! ```text
//! reader ──jobs (bounded)──▶ N workers ──results──▶ writer (reorders, writes, counts)
//!    ▲                                                  │
//!    └────────────── credits (the reorder window) ◀─────┘
//! ```
//!
//! The input is read line by line, never whole. The reader takes a credit before it hands out
//! a line, and the writer gives one back when it has written a line: at most `window` lines
//! are between the two at any time, however slow one dossier is, so memory stays bounded. A
//! panic of the engine on one dossier becomes an error line for it (see `line::process`); a
//! bad dossier never stops the batch.

mod line;
mod report;
mod sink;

use std::collections::BTreeMap;
use std::fs::File;
use std::io::{self, BufRead, BufReader, BufWriter, Write};
use std::num::NonZeroUsize;
use std::path::{Path, PathBuf};
use std::sync::mpsc::{Receiver, SyncSender, sync_channel};
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Instant;

use indicatif::ProgressBar;

use motif_native::NativeProgram;
use motif_runtime::{Date, GivenDates};

use self::line::{Done, Engine, Job};
use self::report::Tally;
use self::sink::Partial;
use super::{Failure, INPUT_ERROR, Io, OK, input_error, load, parse_date};

#[derive(Debug, clap::Args)]
pub(crate) struct Args {
    /// Les dossiers, un JSON par ligne (`-` : l'entrée standard).
    dossiers: PathBuf,
    /// Le fichier des résultats, un JSON par ligne ; à défaut, la sortie standard.
    #[arg(short = 'o', long = "output")]
    output: Option<PathBuf>,
    /// Le nombre de fils d'exécution qui évaluent ; à défaut, un par cœur.
    #[arg(long, value_parser = parse_threads)]
    threads: Option<usize>,
    /// Le dossier des règles.
    #[arg(long, default_value = "policies")]
    policies: PathBuf,
    /// La date de la décision (AAAA-MM-JJ), pour tous les dossiers ; à défaut, celle que
    /// porte chaque dossier.
    #[arg(long, value_parser = parse_date)]
    decided_on: Option<Date>,
    /// La date de dépôt (AAAA-MM-JJ), pour tous les dossiers ; à défaut, celle que porte
    /// chaque dossier.
    #[arg(long, value_parser = parse_date)]
    filed_on: Option<Date>,
    /// N'écrit que l'issue de chaque voie, calculée par le code natif : le tri rapide.
    #[arg(long)]
    outcomes: bool,
}

fn parse_threads(text: &str) -> Result<usize, String> {
    match text.parse::<usize>() {
        Ok(n) if (1..=1024).contains(&n) => Ok(n),
        _ => Err("attendu un nombre de fils de 1 à 1024".into()),
    }
}

/// Why the batch stopped before its end.
enum Stop {
    /// The input could not be read at this line.
    Read(u64, io::Error),
    Write(io::Error),
    Internal(String),
}

pub(crate) fn run(args: &Args, io: &mut Io<'_>) -> Result<i32, Failure> {
    let (_, compilation) = load(&args.policies, io, false)?;
    let Some(program) = compilation.program else {
        return Err(input_error(format!(
            "le jeu de règles {} contient des erreurs",
            args.policies.display()
        )));
    };
    let input = open(&args.dossiers)?;
    let native = args.outcomes.then(|| NativeProgram::new(program.clone()));
    let engine = match &native {
        Some(native) => Engine::Outcomes(native),
        None => Engine::Full(&program),
    };
    let threads = args
        .threads
        .unwrap_or_else(|| std::thread::available_parallelism().map_or(1, NonZeroUsize::get));
    let given = GivenDates {
        decided_on: args.decided_on,
        filed_on: args.filed_on,
    };
    let to_file = args.output.as_deref().filter(|p| *p != Path::new("-"));

    let started = Instant::now();
    let bar = report::progress(io.style);
    let mut tally = Tally::default();
    let result = match to_file {
        Some(path) => {
            let mut file = Partial::create(path).map_err(|e| {
                input_error(format!("impossible de créer {} : {e}", path.display()))
            })?;
            match pipeline(input, &engine, given, threads, &mut file, &bar, &mut tally) {
                Ok(()) => file.commit().map_err(Stop::Write),
                Err(stop) => Err(stop),
            }
        }
        None => {
            let mut out = BufWriter::with_capacity(1 << 16, &mut *io.out);
            pipeline(input, &engine, given, threads, &mut out, &bar, &mut tally)
                .and_then(|()| out.flush().map_err(Stop::Write))
        }
    };
    bar.finish_and_clear();
    let _ = write!(io.err, "{}", tally.summary(started.elapsed()));

    result.map_err(|stop| {
        input_error(match stop {
            Stop::Read(line, e) => format!(
                "lecture de {} interrompue à la ligne {line} : {e}",
                args.dossiers.display()
            ),
            Stop::Write(e) => match to_file {
                Some(path) => format!("impossible d'écrire {} : {e}", path.display()),
                None => format!("impossible d'écrire les résultats : {e}"),
            },
            Stop::Internal(message) => format!("erreur interne : {message} (signalez-la)"),
        })
    })?;
    if let Some(path) = to_file {
        let _ = writeln!(io.err, "résultats écrits dans {}", path.display());
    }
    Ok(if tally.refused == 0 { OK } else { INPUT_ERROR })
}

/// The input, read line by line: the file, or the standard input for `-`.
fn open(path: &Path) -> Result<Box<dyn BufRead + Send>, Failure> {
    if path == Path::new("-") {
        return Ok(Box::new(BufReader::with_capacity(1 << 16, io::stdin())));
    }
    let cannot = |e: &dyn std::fmt::Display| {
        input_error(format!("impossible de lire {} : {e}", path.display()))
    };
    if path.is_dir() {
        return Err(cannot(&"c'est un répertoire"));
    }
    let file = File::open(path).map_err(|e| cannot(&e))?;
    Ok(Box::new(BufReader::with_capacity(1 << 16, file)))
}

/// Reads, assesses and writes every line, in the order of the input.
fn pipeline(
    input: Box<dyn BufRead + Send>,
    engine: &Engine<'_>,
    given: GivenDates,
    threads: usize,
    out: &mut dyn Write,
    bar: &ProgressBar,
    tally: &mut Tally,
) -> Result<(), Stop> {
    let threads = threads.max(1);
    let window = (threads * 16).max(64);
    let (job_tx, job_rx) = sync_channel::<Job>(threads * 2);
    let job_rx = Arc::new(Mutex::new(job_rx));
    let (done_tx, done_rx) = sync_channel::<Done>(window);
    let (credit_tx, credit_rx) = sync_channel::<()>(window);
    for _ in 0..window {
        // Cannot block: the channel holds `window` credits.
        let _ = credit_tx.send(());
    }
    std::thread::scope(|scope| {
        let reader = std::thread::Builder::new()
            .name("motif-batch-reader".into())
            .spawn_scoped(scope, move || read(input, &job_tx, &credit_rx))
            .map_err(|e| Stop::Internal(format!("impossible de lancer la lecture : {e}")))?;
        let mut workers = 0;
        for n in 0..threads {
            let (jobs, done) = (Arc::clone(&job_rx), done_tx.clone());
            let spawned = std::thread::Builder::new()
                .name(format!("motif-batch-{n}"))
                .spawn_scoped(scope, move || work(engine, given, &jobs, &done));
            if spawned.is_ok() {
                workers += 1;
            }
        }
        // The workers hold the only receiver of jobs and the only senders of results: when
        // they are gone, the reader stops and the writer's loop ends.
        drop(job_rx);
        drop(done_tx);
        if workers == 0 {
            return Err(Stop::Internal(
                "impossible de lancer les fils d'évaluation".into(),
            ));
        }
        let written = write_in_order(done_rx, credit_tx, out, bar, tally);
        let read = reader
            .join()
            .unwrap_or_else(|_| Err((0, io::Error::other("la lecture s'est arrêtée"))));
        // A write error first: the reader stops because of it.
        written?;
        read.map_err(|(line, e)| Stop::Read(line, e))
    })
}

/// The reader: hands out each line that is not blank, with its number, once it has a credit.
fn read(
    mut input: Box<dyn BufRead + Send>,
    jobs: &SyncSender<Job>,
    credits: &Receiver<()>,
) -> Result<(), (u64, io::Error)> {
    const BOM: &[u8] = "\u{feff}".as_bytes();
    let (mut line, mut seq) = (0u64, 0u64);
    loop {
        let mut bytes = Vec::new();
        match input.read_until(b'\n', &mut bytes) {
            Ok(0) => return Ok(()),
            Ok(_) => line += 1,
            Err(e) => return Err((line + 1, e)),
        }
        if bytes.last() == Some(&b'\n') {
            bytes.pop();
        }
        if bytes.last() == Some(&b'\r') {
            bytes.pop();
        }
        if line == 1 && bytes.starts_with(BOM) {
            bytes.drain(..BOM.len());
        }
        if bytes.iter().all(u8::is_ascii_whitespace) {
            continue;
        }
        // Either fails only when the writer or every worker has stopped: so does the reader.
        if credits.recv().is_err() || jobs.send(Job { seq, line, bytes }).is_err() {
            return Ok(());
        }
        seq += 1;
    }
}

/// A worker: assesses lines until there are none left or nobody to write them.
fn work(
    engine: &Engine<'_>,
    given: GivenDates,
    jobs: &Mutex<Receiver<Job>>,
    done: &SyncSender<Done>,
) {
    loop {
        let job = jobs.lock().unwrap_or_else(PoisonError::into_inner).recv();
        let Ok(job) = job else {
            return;
        };
        if done.send(line::process(engine, given, &job)).is_err() {
            return;
        }
    }
}

/// The writer: puts the results back in the order of the input and writes them, giving back a
/// credit for each line written.
fn write_in_order(
    results: Receiver<Done>,
    credits: SyncSender<()>,
    out: &mut dyn Write,
    bar: &ProgressBar,
    tally: &mut Tally,
) -> Result<(), Stop> {
    let mut pending: BTreeMap<u64, Done> = BTreeMap::new();
    let mut next = 0u64;
    for done in results.iter() {
        pending.insert(done.seq, done);
        while let Some(done) = pending.remove(&next) {
            out.write_all(done.text.as_bytes())
                .and_then(|()| out.write_all(b"\n"))
                .map_err(Stop::Write)?;
            tally.add(&done);
            bar.inc(1);
            next += 1;
            // Never blocks (one credit was taken for this line); fails once the reader is done.
            let _ = credits.send(());
        }
    }
    if pending.is_empty() {
        Ok(())
    } else {
        Err(Stop::Internal(format!(
            "{} ligne(s) évaluée(s) n'ont pas pu être écrites à leur place",
            pending.len()
        )))
    }
}
