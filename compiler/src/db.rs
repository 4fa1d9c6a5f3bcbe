//! The salsa database: the policy files are its inputs, and each step of checking is a query,
//! so that editing one article re-checks that article only.
//!
//! ```text
//! SourceFile ─split─▶ parts (text of each article) ─parse_part─▶ AST of one article
//!     all parts ─declarations─▶ Declarations ─signatures─▶ Signatures (no positions)
//!     Signatures + one part ─check_part─▶ what its names refer to, its problems
//!     everything ─compiled─▶ Program + every diagnostic (global checks, lowering)
//! ```
//!
//! A part is keyed by its file and its text, not its position: an article that moves because
//! another one above it grew is the same part, and is not parsed or checked again. Places in a
//! part are relative to its text, and moved to their place in the file when collected.

use std::sync::{Arc, Mutex};

use crate::check::{self, CheckedPart, Declarations, Part, Signatures};
use crate::diagnostics::{self, Diagnostic, PolicyError};
use crate::lower::{InternalError, lower};
use crate::source::{FileId, SourceSet};
use crate::syntax::ast::Module;
use crate::{Compilation, syntax};

#[salsa::input(debug)]
pub struct SourceFile {
    #[returns(ref)]
    pub name: String,
    #[returns(ref)]
    pub text: String,
}

#[salsa::input(debug)]
pub struct PolicySet {
    #[returns(ref)]
    pub files: Vec<SourceFile>,
}

/// The parts of a file: the text before its first article, then each article with what
/// follows it; each with its offset in the file.
#[salsa::tracked(returns(ref))]
pub fn split(db: &dyn salsa::Database, file: SourceFile) -> Vec<(String, usize)> {
    split_text(file.text(db))
        .into_iter()
        .map(|(start, end)| (file.text(db)[start..end].to_string(), start))
        .collect()
}

/// Parses one part. Places are relative to the part's text.
#[salsa::tracked(returns(ref))]
pub fn parse_part(
    _db: &dyn salsa::Database,
    file: FileId,
    text: String,
) -> (Module, Vec<Diagnostic>) {
    syntax::parse(file, &text)
}

/// Every declaration of the set, checked.
#[salsa::tracked(returns(ref))]
pub fn declarations(db: &dyn salsa::Database, set: PolicySet) -> Declarations {
    let parts: Vec<Part<'_>> = parts(db, set).into_iter().map(|(part, _)| part).collect();
    check::declare(&parts, &sources(db, set))
}

/// What checking one article needs of the others. Equal from one edit to the next unless a
/// declaration changed: then, and only then, every article is checked again.
#[salsa::tracked(returns(ref))]
pub fn signatures(db: &dyn salsa::Database, set: PolicySet) -> Signatures {
    declarations(db, set).signatures.clone()
}

/// Checks one part against the signatures. Places are relative to the part's text.
#[salsa::tracked(returns(ref))]
pub fn check_part(
    db: &dyn salsa::Database,
    set: PolicySet,
    file: FileId,
    text: String,
) -> CheckedPart {
    let (module, _) = parse_part(db, file, text);
    check::check_part(signatures(db, set), module)
}

/// The whole set: every diagnostic, in file order, and the program when there is no error.
#[salsa::tracked(returns(ref))]
pub fn compiled(db: &dyn salsa::Database, set: PolicySet) -> Result<Compilation, InternalError> {
    let with_texts = parts(db, set);
    let parts: Vec<Part<'_>> = with_texts.iter().map(|(part, _)| *part).collect();
    let sources = sources(db, set);
    let mut found: Vec<Diagnostic> = Vec::new();
    for (part, text) in &with_texts {
        let (_, parse_problems) = parse_part(db, part.file, text.to_string());
        found.extend(
            parse_problems
                .iter()
                .map(|d| d.clone().shifted(part.offset)),
        );
    }
    // A part with a syntax error is empty: what it declares would be reported missing
    // everywhere. Until the syntax is right, its errors are the only ones worth reading.
    if found
        .iter()
        .any(|d| matches!(d.error, PolicyError::Syntax(_)))
    {
        diagnostics::sort(&mut found);
        return Ok(Compilation {
            program: None,
            diagnostics: found,
        });
    }
    let declarations = declarations(db, set);
    found.extend(declarations.diagnostics.iter().cloned());
    let checked: Vec<&CheckedPart> = with_texts
        .iter()
        .map(|(part, text)| check_part(db, set, part.file, text.to_string()))
        .collect();
    for (part, checked) in parts.iter().zip(&checked) {
        found.extend(
            checked
                .diagnostics
                .iter()
                .map(|d| d.clone().shifted(part.offset)),
        );
    }
    found.extend(check::global(&parts, &checked, declarations, &sources));
    let mut program = None;
    if !found.iter().any(Diagnostic::is_error) {
        let mut lowered = lower(&parts, &checked, declarations)?;
        lowered.fingerprint = motif_runtime::receipt::fingerprint(
            set.files(db).iter().map(|file| file.text(db).as_str()),
        );
        found.extend(check::conflicts(&lowered, &parts, declarations));
        found.extend(check::trace_size(&lowered, &parts, declarations));
        found.extend(check::unused(&parts, &checked, declarations));
        found.extend(check::stale_translations(&lowered, &parts));
        if !found.iter().any(Diagnostic::is_error) {
            program = Some(lowered);
        }
    }
    diagnostics::sort(&mut found);
    Ok(Compilation {
        program,
        diagnostics: found,
    })
}

/// The parts of every file, in order, with their parsed modules and their texts.
fn parts(db: &dyn salsa::Database, set: PolicySet) -> Vec<(Part<'_>, &str)> {
    let mut out = Vec::new();
    for (index, file) in set.files(db).iter().enumerate() {
        let id = FileId(index as u32);
        for (text, offset) in split(db, *file) {
            let (module, _) = parse_part(db, id, text.clone());
            out.push((
                Part {
                    file: id,
                    offset: *offset,
                    module,
                },
                text.as_str(),
            ));
        }
    }
    out
}

fn sources(db: &dyn salsa::Database, set: PolicySet) -> SourceSet {
    let mut sources = SourceSet::new();
    for file in set.files(db) {
        sources.add(file.name(db).clone(), file.text(db).clone());
    }
    sources
}

/// Where the parts of a text begin and end: a part begins at each line whose first word is
/// `article` outside a quoted text or a comment.
pub fn split_text(text: &str) -> Vec<(usize, usize)> {
    let mut starts = vec![0];
    let mut depth = 0usize; // nesting of « »
    let (mut straight, mut curly) = (false, false);
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        let quoted = depth > 0 || straight || curly;
        let word = line.trim_start();
        let starts_article = word
            .strip_prefix("article")
            .is_some_and(|rest| !rest.starts_with(|c: char| c.is_alphanumeric() || c == '_'));
        if !quoted && starts_article && offset > 0 {
            starts.push(offset);
        }
        for c in line.chars() {
            let quoted = depth > 0 || straight || curly;
            match c {
                '#' if !quoted => break,
                '«' if !straight && !curly => depth += 1,
                '»' if !straight && !curly && depth > 0 => depth -= 1,
                '"' if depth == 0 && !curly => straight = !straight,
                '“' if depth == 0 && !straight => curly = true,
                '”' if depth == 0 && curly => curly = false,
                _ => {}
            }
        }
        offset += line.len();
    }
    let mut parts: Vec<(usize, usize)> = starts.windows(2).map(|w| (w[0], w[1])).collect();
    parts.push((*starts.last().unwrap_or(&0), text.len()));
    parts.retain(|(start, end)| start < end || text.is_empty());
    parts
}

/// The database, with a log of the queries it runs (for tests and the benchmark).
#[salsa::db]
#[derive(Clone)]
pub struct Database {
    storage: salsa::Storage<Self>,
    executions: Arc<Mutex<Vec<String>>>,
}

impl Default for Database {
    fn default() -> Database {
        let executions: Arc<Mutex<Vec<String>>> = Arc::default();
        let log = executions.clone();
        let storage = salsa::Storage::new(Some(Box::new(move |event: salsa::Event| {
            if let salsa::EventKind::WillExecute { database_key } = event.kind
                && let Ok(mut log) = log.lock()
            {
                log.push(format!("{database_key:?}"));
            }
        })));
        Database {
            storage,
            executions,
        }
    }
}

#[salsa::db]
impl salsa::Database for Database {}

impl Database {
    /// The queries run since the last call, as `name(id)`.
    pub fn take_executions(&self) -> Vec<String> {
        self.executions
            .lock()
            .map(|mut log| std::mem::take(&mut *log))
            .unwrap_or_default()
    }
}

/// A policy set open for editing: the database and its inputs.
pub struct Workspace {
    pub db: Database,
    pub set: PolicySet,
}

impl Workspace {
    pub fn new(sources: &SourceSet) -> Workspace {
        let db = Database::default();
        let files = sources.ids().map(|id| {
            let file = sources.file(id);
            SourceFile::new(&db, file.name.clone(), file.text.clone())
        });
        let files: Vec<SourceFile> = files.collect();
        let set = PolicySet::new(&db, files);
        Workspace { db, set }
    }

    /// Replaces the text of the file `name`; returns false when there is no such file.
    pub fn set_text(&mut self, name: &str, text: String) -> bool {
        use salsa::Setter;
        let file = self
            .set
            .files(&self.db)
            .iter()
            .copied()
            .find(|f| f.name(&self.db) == name);
        match file {
            Some(file) => {
                file.set_text(&mut self.db).to(text);
                true
            }
            None => false,
        }
    }

    pub fn compile(&self) -> Result<Compilation, InternalError> {
        compiled(&self.db, self.set).clone()
    }

    /// The current sources, for rendering diagnostics.
    pub fn sources(&self) -> SourceSet {
        sources(&self.db, self.set)
    }
}
