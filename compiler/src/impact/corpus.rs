//! Reading a corpus of dossiers: a directory of `.json` files (one dossier each, in the order of
//! their names), a `.json` file, or a JSON Lines file (one dossier per line, blank lines
//! skipped), read as it is compared, never whole.

use std::fs::File;
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};

/// One dossier of the corpus as read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    /// Where it was read: its file name, or `ligne N`.
    pub source: String,
    /// Its text, or why it could not be read.
    pub text: Result<String, String>,
}

/// A corpus that cannot be opened.
#[derive(Debug, thiserror::Error)]
pub enum CorpusError {
    #[error("impossible de lire {path} : {error}")]
    Read {
        path: PathBuf,
        error: std::io::Error,
    },
    #[error("aucun dossier .json dans {0}")]
    Empty(PathBuf),
}

/// The dossiers of `path`, in order.
pub fn open(path: &Path) -> Result<Box<dyn Iterator<Item = Entry>>, CorpusError> {
    let cannot = |error| CorpusError::Read {
        path: path.to_path_buf(),
        error,
    };
    if path.is_dir() {
        let mut files: Vec<PathBuf> = std::fs::read_dir(path)
            .map_err(cannot)?
            .filter_map(Result::ok)
            .map(|e| e.path())
            .filter(|p| p.is_file() && p.extension().is_some_and(|e| e == "json"))
            .collect();
        files.sort();
        if files.is_empty() {
            return Err(CorpusError::Empty(path.to_path_buf()));
        }
        return Ok(Box::new(files.into_iter().map(|file| {
            Entry {
                source: file.file_name().map_or_else(
                    || file.display().to_string(),
                    |n| n.to_string_lossy().into_owned(),
                ),
                text: std::fs::read_to_string(&file)
                    .map_err(|e| format!("impossible de lire {} : {e}", file.display())),
            }
        })));
    }
    let file = File::open(path).map_err(cannot)?;
    if path.extension().is_some_and(|e| e == "json") {
        let text = std::io::read_to_string(file).map_err(cannot)?;
        let source = path.file_name().map_or_else(
            || path.display().to_string(),
            |n| n.to_string_lossy().into_owned(),
        );
        return Ok(Box::new(std::iter::once(Entry {
            source,
            text: Ok(text),
        })));
    }
    Ok(Box::new(Lines {
        reader: BufReader::new(file),
        line: 0,
        done: false,
    }))
}

/// The dossiers of a JSON Lines file.
struct Lines {
    reader: BufReader<File>,
    line: u64,
    done: bool,
}

impl Iterator for Lines {
    type Item = Entry;

    fn next(&mut self) -> Option<Entry> {
        while !self.done {
            let mut bytes = Vec::new();
            self.line += 1;
            let source = format!("ligne {}", self.line);
            match self.reader.read_until(b'\n', &mut bytes) {
                Ok(0) => self.done = true,
                Ok(_) => {
                    if bytes.iter().all(u8::is_ascii_whitespace) {
                        continue;
                    }
                    let text = String::from_utf8(bytes).map_err(|e| {
                        format!(
                            "texte qui n'est pas en UTF-8 (octet {} de la ligne)",
                            e.utf8_error().valid_up_to() + 1
                        )
                    });
                    return Some(Entry { source, text });
                }
                Err(error) => {
                    // The rest of the file cannot be read either: say so once, and stop.
                    self.done = true;
                    return Some(Entry {
                        source,
                        text: Err(format!("lecture interrompue : {error}")),
                    });
                }
            }
        }
        None
    }
}
