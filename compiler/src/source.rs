//! Policy sources: the `.motif` files of a policy set, read from a directory.

use std::path::{Path, PathBuf};

/// Identifies a file of a [`SourceSet`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct FileId(pub u32);

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SourceFile {
    /// The path as shown in messages (relative to where the set was read from when possible).
    pub name: String,
    pub text: String,
}

/// The files of a policy set, in a stable order (sorted by path).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SourceSet {
    files: Vec<SourceFile>,
}

/// A policy directory that cannot be read.
#[derive(Debug, thiserror::Error)]
pub enum LoadError {
    #[error("impossible de lire {path} : {error}")]
    Io {
        path: PathBuf,
        error: std::io::Error,
    },
    #[error("aucun fichier .motif dans {0}")]
    Empty(PathBuf),
}

/// The extension of policy files.
pub const EXTENSION: &str = "motif";

impl SourceSet {
    pub fn new() -> SourceSet {
        SourceSet::default()
    }

    /// Adds a file given as text (for tests and tools that hold sources in memory).
    pub fn add(&mut self, name: impl Into<String>, text: impl Into<String>) -> FileId {
        self.files.push(SourceFile {
            name: name.into(),
            text: text.into(),
        });
        FileId(self.files.len() as u32 - 1)
    }

    /// Reads every `.motif` file under `dir` (recursively), or the single file `dir` names.
    pub fn read(dir: &Path) -> Result<SourceSet, LoadError> {
        let mut paths = Vec::new();
        if dir.is_file() {
            paths.push(dir.to_path_buf());
        } else {
            collect(dir, &mut paths)?;
        }
        paths.sort();
        if paths.is_empty() {
            return Err(LoadError::Empty(dir.to_path_buf()));
        }
        let mut set = SourceSet::new();
        for path in paths {
            let text = std::fs::read_to_string(&path).map_err(|error| LoadError::Io {
                path: path.clone(),
                error,
            })?;
            set.add(path.display().to_string(), text);
        }
        Ok(set)
    }

    pub fn file(&self, id: FileId) -> &SourceFile {
        &self.files[id.0 as usize]
    }

    pub fn ids(&self) -> impl Iterator<Item = FileId> + '_ {
        (0..self.files.len()).map(|i| FileId(i as u32))
    }

    pub fn len(&self) -> usize {
        self.files.len()
    }

    pub fn is_empty(&self) -> bool {
        self.files.is_empty()
    }

    /// `file:line` of a byte offset, for messages that point into another file.
    pub fn location(&self, file: FileId, offset: usize) -> String {
        let source = self.file(file);
        let upto = offset.min(source.text.len());
        let line = source.text.as_bytes()[..upto]
            .iter()
            .filter(|&&b| b == b'\n')
            .count()
            + 1;
        format!("{}:{line}", source.name)
    }
}

fn collect(dir: &Path, out: &mut Vec<PathBuf>) -> Result<(), LoadError> {
    let entries = std::fs::read_dir(dir).map_err(|error| LoadError::Io {
        path: dir.to_path_buf(),
        error,
    })?;
    for entry in entries {
        let entry = entry.map_err(|error| LoadError::Io {
            path: dir.to_path_buf(),
            error,
        })?;
        let path = entry.path();
        if path.is_dir() {
            collect(&path, out)?;
        } else if path.extension().is_some_and(|e| e == EXTENSION) {
            out.push(path);
        }
    }
    Ok(())
}
