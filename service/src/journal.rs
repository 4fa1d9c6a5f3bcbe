//! The journal: every assessment the service gives, kept in SQLite before the response is sent.
//!
//! One writer thread owns the connection that writes. Requests hand it their entry and wait;
//! it writes every entry waiting in one transaction (group commit), so that a burst of
//! requests costs one `fsync`, not one each, and answers them all once the commit is on disk.
//! The database runs in WAL mode, so readers (`GET /v1/assessments/{id}`, `motif journal`)
//! never wait for the writer. Policy-set sources are stored once, by hash, so that a replay
//! months later compiles exactly the set that was used. The request and the assessment are
//! stored LZ4-compressed: an assessment quotes its articles, and the same texts recur.

use std::path::{Path, PathBuf};
use std::sync::mpsc;

use rusqlite::{Connection, OptionalExtension, params};
use serde::Serialize;

use crate::clock;
use crate::policy::SourceText;

/// How many waiting entries one transaction takes at most.
const GROUP: usize = 512;

/// A journal that cannot be opened, read or written.
#[derive(Debug, thiserror::Error)]
pub enum JournalError {
    #[error("journal {path} : {error}")]
    Database {
        path: String,
        error: rusqlite::Error,
    },
    #[error("le journal est fermé (son fil d'écriture s'est arrêté)")]
    Closed,
    #[error("journal : {0}")]
    Corrupt(String),
}

/// One assessment, as the journal keeps it.
#[derive(Debug, Clone, Serialize)]
pub struct Entry {
    /// The journal's own identifier for this assessment (opaque, unique).
    pub id: String,
    /// The receipt's id: a hash of everything the assessment was computed from. The same
    /// facts assessed twice, under two dossier ids, share it; the journal id tells them apart.
    pub receipt: String,
    /// When it was given, in milliseconds since the Unix epoch.
    pub at_ms: i64,
    pub policy_set: String,
    pub dossier: Option<String>,
    pub decided_on: String,
    /// The request's body, as sent.
    pub request: String,
    /// The assessment, as the JSON contract.
    pub assessment: String,
    /// `route=outcome` pairs, for listing without parsing the assessment.
    pub outcomes: String,
}

/// A line of `motif journal list`.
#[derive(Debug, Clone, Serialize)]
pub struct Summary {
    pub seq: i64,
    pub id: String,
    pub receipt: String,
    pub at: String,
    pub policy_set: String,
    pub dossier: Option<String>,
    pub decided_on: String,
    pub outcomes: String,
}

type Reply = tokio::sync::oneshot::Sender<Result<(), String>>;

/// An entry as the writer stores it: the request and the assessment compressed (by the
/// request's own thread, so that the single writer only writes).
struct Packed {
    entry: Entry,
    request: Vec<u8>,
    assessment: Vec<u8>,
}

impl Packed {
    fn of(mut entry: Entry) -> Packed {
        let request =
            lz4_flex::compress_prepend_size(std::mem::take(&mut entry.request).as_bytes());
        let assessment =
            lz4_flex::compress_prepend_size(std::mem::take(&mut entry.assessment).as_bytes());
        Packed {
            entry,
            request,
            assessment,
        }
    }
}

/// A text the journal stored compressed.
fn unpack(row: &rusqlite::Row<'_>, index: usize) -> rusqlite::Result<String> {
    let bytes: Vec<u8> = row.get(index)?;
    let failed = |error: Box<dyn std::error::Error + Send + Sync>| {
        rusqlite::Error::FromSqlConversionFailure(index, rusqlite::types::Type::Blob, error)
    };
    let text = lz4_flex::decompress_size_prepended(&bytes).map_err(|e| failed(Box::new(e)))?;
    String::from_utf8(text).map_err(|e| failed(Box::new(e)))
}

/// The journal's writing side, shared by every request.
pub struct Journal {
    path: PathBuf,
    writer: mpsc::SyncSender<(Packed, Reply)>,
}

impl Journal {
    /// Opens (or creates) the journal at `path` and starts its writer thread.
    pub fn open(path: &Path) -> Result<Journal, JournalError> {
        let connection = connect(path)?;
        let (writer, queue) = mpsc::sync_channel::<(Packed, Reply)>(4 * GROUP);
        let shown = path.display().to_string();
        std::thread::Builder::new()
            .name("motif-journal".into())
            .spawn(move || write_loop(connection, queue, &shown))
            .map_err(|e| JournalError::Corrupt(format!("fil d'écriture : {e}")))?;
        Ok(Journal {
            path: path.to_path_buf(),
            writer,
        })
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Writes `entry`; returns once it is committed.
    pub async fn record(&self, entry: Entry) -> Result<(), JournalError> {
        let (reply, done) = tokio::sync::oneshot::channel();
        let writer = self.writer.clone();
        // The queue is bounded: when the disk falls behind, requests wait here (off the
        // async threads) rather than pile up in memory.
        let sent =
            tokio::task::spawn_blocking(move || writer.send((Packed::of(entry), reply)).is_ok())
                .await
                .map_err(|_| JournalError::Closed)?;
        if !sent {
            return Err(JournalError::Closed);
        }
        match done.await {
            Ok(Ok(())) => Ok(()),
            Ok(Err(message)) => Err(JournalError::Corrupt(message)),
            Err(_) => Err(JournalError::Closed),
        }
    }

    /// Stores a policy set's sources under its hash, once.
    pub fn keep_sources(&self, hash: &str, sources: &[SourceText]) -> Result<(), JournalError> {
        let connection = connect(&self.path)?;
        let text = serde_json::to_string(sources).unwrap_or_default();
        connection
            .execute(
                "INSERT OR IGNORE INTO policy_sets (hash, stored_at, sources) VALUES (?1, ?2, ?3)",
                params![hash, clock::now_ms(), text],
            )
            .map_err(|error| database(&self.path, error))?;
        Ok(())
    }
}

/// The reading side: opened by each reader (the connection is cheap; WAL lets it read
/// while the writer writes).
pub struct Reader {
    path: PathBuf,
    connection: Connection,
}

impl Reader {
    pub fn open(path: &Path) -> Result<Reader, JournalError> {
        if !path.exists() {
            return Err(JournalError::Corrupt(format!(
                "{} n'existe pas (le service le crée à son premier démarrage)",
                path.display()
            )));
        }
        Ok(Reader {
            path: path.to_path_buf(),
            connection: connect(path)?,
        })
    }

    /// The assessment journaled under `id`.
    pub fn get(&self, id: &str) -> Result<Option<Entry>, JournalError> {
        self.connection
            .query_row(
                &format!("SELECT {ENTRY} FROM assessments WHERE id = ?1"),
                params![id],
                |row| entry(row, 0),
            )
            .optional()
            .map_err(|error| database(&self.path, error))
    }

    /// The sources of a policy set kept under `hash`.
    pub fn sources(&self, hash: &str) -> Result<Option<Vec<SourceText>>, JournalError> {
        let text: Option<String> = self
            .connection
            .query_row(
                "SELECT sources FROM policy_sets WHERE hash = ?1",
                params![hash],
                |row| row.get(0),
            )
            .optional()
            .map_err(|error| database(&self.path, error))?;
        text.map(|t| {
            serde_json::from_str(&t)
                .map_err(|e| JournalError::Corrupt(format!("sources de {hash} illisibles : {e}")))
        })
        .transpose()
    }

    /// The most recent assessments first, at most `limit`.
    pub fn list(&self, limit: usize) -> Result<Vec<Summary>, JournalError> {
        let mut statement = self
            .connection
            .prepare(
                "SELECT seq, id, receipt, at, policy_set, dossier, decided_on, outcomes \
                 FROM assessments ORDER BY seq DESC LIMIT ?1",
            )
            .map_err(|error| database(&self.path, error))?;
        let rows = statement
            .query_map(params![i64::try_from(limit).unwrap_or(i64::MAX)], |row| {
                Ok(Summary {
                    seq: row.get(0)?,
                    id: row.get(1)?,
                    receipt: row.get(2)?,
                    at: clock::utc(row.get(3)?),
                    policy_set: row.get(4)?,
                    dossier: row.get(5)?,
                    decided_on: row.get(6)?,
                    outcomes: row.get(7)?,
                })
            })
            .map_err(|error| database(&self.path, error))?;
        rows.collect::<Result<_, _>>()
            .map_err(|error| database(&self.path, error))
    }

    /// Every assessment in journal order, one call of `each` per entry (for `export`).
    pub fn each(
        &self,
        mut each: impl FnMut(i64, Entry) -> std::io::Result<()>,
    ) -> Result<usize, JournalError> {
        let mut statement = self
            .connection
            .prepare(&format!(
                "SELECT seq, {ENTRY} FROM assessments ORDER BY seq"
            ))
            .map_err(|error| database(&self.path, error))?;
        let mut rows = statement
            .query([])
            .map_err(|error| database(&self.path, error))?;
        let mut count = 0;
        while let Some(row) = rows.next().map_err(|error| database(&self.path, error))? {
            let read = |row: &rusqlite::Row<'_>| -> rusqlite::Result<(i64, Entry)> {
                Ok((row.get(0)?, entry(row, 1)?))
            };
            let (seq, entry) = read(row).map_err(|error| database(&self.path, error))?;
            each(seq, entry).map_err(|e| JournalError::Corrupt(format!("export : {e}")))?;
            count += 1;
        }
        Ok(count)
    }

    /// How many assessments the journal holds.
    pub fn count(&self) -> Result<i64, JournalError> {
        self.connection
            .query_row("SELECT COUNT(*) FROM assessments", [], |row| row.get(0))
            .map_err(|error| database(&self.path, error))
    }
}

/// The columns of an [`Entry`], in the order [`entry`] reads them.
const ENTRY: &str =
    "id, receipt, at, policy_set, dossier, decided_on, request, assessment, outcomes";

fn entry(row: &rusqlite::Row<'_>, first: usize) -> rusqlite::Result<Entry> {
    Ok(Entry {
        id: row.get(first)?,
        receipt: row.get(first + 1)?,
        at_ms: row.get(first + 2)?,
        policy_set: row.get(first + 3)?,
        dossier: row.get(first + 4)?,
        decided_on: row.get(first + 5)?,
        request: unpack(row, first + 6)?,
        assessment: unpack(row, first + 7)?,
        outcomes: row.get(first + 8)?,
    })
}

/// A new journal id: opaque and unique — a hash of the receipt, the instant, the process and
/// a counter — prefixed by the UTC day so that ids sort roughly by time.
pub fn new_id(receipt: &str) -> String {
    use sha2::{Digest, Sha256};
    use std::sync::atomic::{AtomicU64, Ordering};
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_nanos());
    let count = COUNTER.fetch_add(1, Ordering::Relaxed);
    let digest = Sha256::digest(format!("{receipt}|{nanos}|{}|{count}", std::process::id()));
    let hex: String = digest.iter().take(12).map(|b| format!("{b:02x}")).collect();
    let day: String = clock::utc(clock::now_ms())
        .chars()
        .take(10)
        .filter(char::is_ascii_digit)
        .collect();
    format!("{day}-{hex}")
}

fn database(path: &Path, error: rusqlite::Error) -> JournalError {
    JournalError::Database {
        path: path.display().to_string(),
        error,
    }
}

/// Opens the database with the journal's settings, creating its tables if needed.
fn connect(path: &Path) -> Result<Connection, JournalError> {
    let connection = Connection::open(path).map_err(|error| database(path, error))?;
    // WAL: readers do not block the writer. synchronous=FULL: a committed assessment survives
    // a power cut, not only a crash of the process.
    connection
        .execute_batch(
            "PRAGMA journal_mode = WAL;
             PRAGMA synchronous = FULL;
             PRAGMA busy_timeout = 5000;
             CREATE TABLE IF NOT EXISTS policy_sets (
                 hash TEXT PRIMARY KEY,
                 stored_at INTEGER NOT NULL,
                 sources TEXT NOT NULL
             );
             CREATE TABLE IF NOT EXISTS assessments (
                 seq INTEGER PRIMARY KEY AUTOINCREMENT,
                 id TEXT NOT NULL UNIQUE,
                 receipt TEXT NOT NULL,
                 at INTEGER NOT NULL,
                 policy_set TEXT NOT NULL REFERENCES policy_sets(hash),
                 dossier TEXT,
                 decided_on TEXT NOT NULL,
                 request BLOB NOT NULL,     -- LZ4, size prepended
                 assessment BLOB NOT NULL,  -- LZ4, size prepended
                 outcomes TEXT NOT NULL
             );
             CREATE INDEX IF NOT EXISTS assessments_by_receipt ON assessments(receipt);",
        )
        .map_err(|error| database(path, error))?;
    Ok(connection)
}

/// The writer thread: takes what is waiting, commits it in one transaction, answers.
fn write_loop(mut connection: Connection, queue: mpsc::Receiver<(Packed, Reply)>, path: &str) {
    while let Ok(first) = queue.recv() {
        let mut batch = vec![first];
        while batch.len() < GROUP {
            match queue.try_recv() {
                Ok(next) => batch.push(next),
                Err(_) => break,
            }
        }
        let result = write_batch(&mut connection, &batch)
            .map_err(|error| format!("journal {path} : {error}"));
        for (_, reply) in batch {
            // A request that gave up waiting (its client left) no longer listens.
            let _ = reply.send(result.clone());
        }
    }
}

fn write_batch(connection: &mut Connection, batch: &[(Packed, Reply)]) -> rusqlite::Result<()> {
    let transaction = connection.transaction()?;
    {
        let mut insert = transaction.prepare_cached(
            "INSERT INTO assessments (id, receipt, at, policy_set, dossier, decided_on, \
             request, assessment, outcomes) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
        )?;
        for (packed, _) in batch {
            let e = &packed.entry;
            insert.execute(params![
                e.id,
                e.receipt,
                e.at_ms,
                e.policy_set,
                e.dossier,
                e.decided_on,
                packed.request,
                packed.assessment,
                e.outcomes
            ])?;
        }
    }
    transaction.commit()
}
