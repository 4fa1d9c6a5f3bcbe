//! A directory of its own under the system's temporary directory, removed when dropped; shared by
//! the compiler's integration tests (each includes this file with `#[path]`).

use std::path::PathBuf;

pub struct TempDir(pub PathBuf);

impl TempDir {
    /// `motif-{name}-{pid}`: names are unique within a test binary, the pid across binaries.
    pub fn new(name: &str) -> TempDir {
        let path = std::env::temp_dir().join(format!("motif-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&path);
        std::fs::create_dir_all(&path).expect("a temporary directory");
        TempDir(path)
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}
