//! Where `motif batch -o FILE` writes: a temporary file beside FILE, renamed to it once every
//! line is written, so that a crash never leaves a partial file under the expected name.

use std::fs::File;
use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};

/// The temporary file; removed when dropped without [`Partial::commit`].
pub(super) struct Partial {
    path: PathBuf,
    temp: PathBuf,
    file: BufWriter<File>,
    committed: bool,
}

impl Partial {
    pub(super) fn create(path: &Path) -> io::Result<Partial> {
        let Some(name) = path.file_name() else {
            return Err(io::Error::new(
                io::ErrorKind::InvalidInput,
                "ce n'est pas un nom de fichier",
            ));
        };
        let directory = match path.parent() {
            Some(parent) if !parent.as_os_str().is_empty() => parent.to_path_buf(),
            _ => PathBuf::from("."),
        };
        let temp = directory.join(format!(
            ".{}.{}.partiel",
            name.to_string_lossy(),
            std::process::id()
        ));
        let file = File::create(&temp)?;
        Ok(Partial {
            path: path.to_path_buf(),
            temp,
            file: BufWriter::with_capacity(1 << 16, file),
            committed: false,
        })
    }

    /// Writes what is buffered to the disk and gives the file its name.
    pub(super) fn commit(mut self) -> io::Result<()> {
        self.file.flush()?;
        self.file.get_ref().sync_all()?;
        std::fs::rename(&self.temp, &self.path)?;
        self.committed = true;
        Ok(())
    }
}

impl Write for Partial {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.file.write(buf)
    }

    fn write_all(&mut self, buf: &[u8]) -> io::Result<()> {
        self.file.write_all(buf)
    }

    fn flush(&mut self) -> io::Result<()> {
        self.file.flush()
    }
}

impl Drop for Partial {
    fn drop(&mut self) {
        if !self.committed {
            let _ = std::fs::remove_file(&self.temp);
        }
    }
}
