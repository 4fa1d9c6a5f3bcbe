//! Test-only crate: see `tests/` for the corpus runners.
