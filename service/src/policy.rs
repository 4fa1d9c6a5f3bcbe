//! The policy set the service assesses with, and how it is replaced.
//!
//! The service does not compile policies itself (the runtime never depends on the compiler):
//! whoever starts it hands it a [`Compiler`]. The current set sits behind an `Arc`; a request
//! takes its own clone when it starts, so a reload swaps the set atomically while requests in
//! flight finish on the old one.

use std::path::{Path, PathBuf};
use std::sync::{Arc, RwLock};

use serde::{Deserialize, Serialize};

use motif_runtime::Program;

/// One source file of a policy set, as the journal keeps it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SourceText {
    pub name: String,
    pub text: String,
}

/// A policy set the compiler refused, with its diagnostics as an author would read them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rejected {
    pub message: String,
    /// The diagnostics, rendered as plain text (file, line, label, help).
    pub diagnostics: String,
}

/// What the service needs of the compiler.
pub trait Compiler: Send + Sync + 'static {
    /// Reads the sources of the policy set in `dir`.
    fn read(&self, dir: &Path) -> Result<Vec<SourceText>, Rejected>;
    /// Compiles sources into a program, or says why not.
    fn compile(&self, sources: &[SourceText]) -> Result<Program, Rejected>;
}

/// A compiled policy set and the sources it came from.
#[derive(Debug)]
pub struct PolicySet {
    pub program: Program,
    pub sources: Vec<SourceText>,
    /// When it was loaded (milliseconds since the Unix epoch).
    pub loaded_at_ms: i64,
}

impl PolicySet {
    /// The policy set's fingerprint (a hash of its sources), as receipts name it.
    pub fn hash(&self) -> &str {
        &self.program.fingerprint
    }
}

/// The current policy set, read from a directory and replaced on reload.
pub struct Policies {
    dir: PathBuf,
    compiler: Arc<dyn Compiler>,
    current: RwLock<Arc<PolicySet>>,
    /// Reloads are serialised: two at once would race to be the last swapped in.
    reloading: tokio::sync::Mutex<()>,
}

impl Policies {
    /// Reads and compiles the set in `dir`.
    pub fn load(dir: &Path, compiler: Arc<dyn Compiler>) -> Result<Policies, Rejected> {
        let set = read_and_compile(dir, compiler.as_ref())?;
        Ok(Policies {
            dir: dir.to_path_buf(),
            compiler,
            current: RwLock::new(Arc::new(set)),
            reloading: tokio::sync::Mutex::new(()),
        })
    }

    /// The set to assess with; it stays valid however long the caller keeps it.
    pub fn current(&self) -> Arc<PolicySet> {
        match self.current.read() {
            Ok(guard) => Arc::clone(&guard),
            // A writer cannot panic while holding the lock (it only swaps an Arc); should it
            // happen, the value inside is still a whole policy set.
            Err(poisoned) => Arc::clone(&poisoned.into_inner()),
        }
    }

    /// Reads and compiles the directory again; on success `keep` is given the new set before
    /// it replaces the current one (the journal stores its sources there, so that no
    /// assessment can name a set the journal does not hold), and the new set is returned. On
    /// failure the current one stays.
    pub async fn reload(
        &self,
        keep: impl FnOnce(&PolicySet) -> Result<(), Rejected> + Send + 'static,
    ) -> Result<Arc<PolicySet>, Rejected> {
        let _one_at_a_time = self.reloading.lock().await;
        let (dir, compiler) = (self.dir.clone(), Arc::clone(&self.compiler));
        let set = tokio::task::spawn_blocking(move || {
            let set = read_and_compile(&dir, compiler.as_ref())?;
            keep(&set)?;
            Ok(set)
        })
        .await
        .map_err(|e| Rejected {
            message: format!("la compilation s'est interrompue : {e}"),
            diagnostics: String::new(),
        })??;
        let set = Arc::new(set);
        match self.current.write() {
            Ok(mut guard) => *guard = Arc::clone(&set),
            Err(poisoned) => *poisoned.into_inner() = Arc::clone(&set),
        }
        Ok(set)
    }

    /// Compiles sources kept in the journal (for a replay with the exact set of the time).
    pub fn compile(&self, sources: Vec<SourceText>) -> Result<PolicySet, Rejected> {
        let program = self.compiler.compile(&sources)?;
        Ok(PolicySet {
            program,
            sources,
            loaded_at_ms: crate::clock::now_ms(),
        })
    }

    pub fn dir(&self) -> &Path {
        &self.dir
    }
}

fn read_and_compile(dir: &Path, compiler: &dyn Compiler) -> Result<PolicySet, Rejected> {
    let sources = compiler.read(dir)?;
    let program = compiler.compile(&sources)?;
    Ok(PolicySet {
        program,
        sources,
        loaded_at_ms: crate::clock::now_ms(),
    })
}
