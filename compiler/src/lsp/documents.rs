//! The policy sets the editor works on, each a [`Workspace`] (the salsa database `motif check
//! --watch` uses): its files as read from disk, with the texts of the documents open in the
//! editor laid over them. An edit sets one input; checking again reuses what did not change.
//!
//! A policy set is a directory: the `.motif` files directly in it (as in `policies/ceseda`;
//! each directory of the `good/` corpus is a set of its own). A document belongs to the set of
//! its directory, loaded from disk when the first of its files is opened (or at `initialize`,
//! for a workspace opened on such a directory). A document that is not a file (an unsaved
//! buffer) is a set of its own.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::{Path, PathBuf};
use std::rc::Rc;

use lsp_types::{Position, PublishDiagnosticsParams, Range, TextDocumentContentChangeEvent, Uri};

use super::locate::{self, Hit};
use super::position::{LineIndex, path_to_uri, uri_to_path};
use super::symbols::{ParsedFile, Symbols};
use super::{diagnostics, text};
use crate::db::{Workspace, parse_part, split};
use crate::diagnostics::PolicyError;
use crate::source::{EXTENSION, FileId, SourceSet};
use crate::syntax;
use crate::syntax::ast::Module;

/// What the server must tell the editor after a change.
#[derive(Debug)]
pub enum Outgoing {
    Publish(PublishDiagnosticsParams),
    /// A message for the editor's log (a set that could not be read or checked).
    Log(String),
}

#[derive(Default)]
pub struct Documents {
    sets: Vec<Set>,
    /// Open documents, by name (their path, or their URI when they are not files).
    open: HashMap<String, Open>,
}

struct Open {
    uri: Uri,
    version: i32,
    text: String,
    set: usize,
}

struct Set {
    /// `None` for the set of a document that is not a file.
    dir: Option<PathBuf>,
    /// The texts of its files as on disk, by name.
    disk: BTreeMap<String, String>,
    workspace: Option<Workspace>,
    /// Set when texts changed since the diagnostics were last published.
    dirty: bool,
    /// Files whose diagnostics are published even if they did not change (just opened).
    forced: BTreeSet<String>,
    published: HashMap<String, Vec<lsp_types::Diagnostic>>,
    symbols: Option<Rc<Symbols>>,
    /// The texts of the last state without a syntax error, and their symbols once built.
    last_good: Option<Vec<(String, String)>>,
    last_good_symbols: Option<Rc<Symbols>>,
}

/// The name of a document: its path for a file, else its URI.
pub fn name_of(uri: &Uri) -> String {
    uri_to_path(uri).map_or_else(|| uri.as_str().to_string(), |p| p.display().to_string())
}

impl Documents {
    /// Loads the set of `dir` if it holds policy files itself (a workspace opened on a policy
    /// set); its diagnostics are published at the next flush. Returns what to log.
    pub fn load_root(&mut self, dir: &Path) -> Vec<Outgoing> {
        let holds_policies = std::fs::read_dir(dir).is_ok_and(|entries| {
            entries
                .flatten()
                .any(|e| e.path().extension().is_some_and(|x| x == EXTENSION))
        });
        if !holds_policies || self.set_of_dir(dir).is_some() {
            return Vec::new();
        }
        let mut out = Vec::new();
        let index = self.new_set(Some(dir.to_path_buf()), &mut out);
        let set = &mut self.sets[index];
        set.forced = set.disk.keys().cloned().collect();
        out
    }

    pub fn open(&mut self, uri: Uri, version: i32, text: String) -> Vec<Outgoing> {
        let name = name_of(&uri);
        let mut out = Vec::new();
        let set = match uri_to_path(&uri) {
            Some(path) => match self.set_of_path(&path) {
                Some(set) => set,
                None => {
                    let dir = path.parent().map(Path::to_path_buf);
                    self.new_set(dir, &mut out)
                }
            },
            None => self.new_set(None, &mut out),
        };
        self.open.insert(
            name.clone(),
            Open {
                uri,
                version,
                text,
                set,
            },
        );
        self.sets[set].forced.insert(name);
        self.sync(set);
        out
    }

    /// Applies the editor's changes, in order: each replaces a range, or the whole text.
    pub fn change(
        &mut self,
        uri: &Uri,
        version: i32,
        changes: Vec<TextDocumentContentChangeEvent>,
    ) {
        let name = name_of(uri);
        let Some(open) = self.open.get_mut(&name) else {
            return;
        };
        for change in changes {
            match change.range {
                Some(range) => {
                    let index = LineIndex::new(&open.text);
                    let start = index.offset(&open.text, range.start);
                    let end = index.offset(&open.text, range.end).max(start);
                    open.text.replace_range(start..end, &change.text);
                }
                None => open.text = change.text,
            }
        }
        open.version = version;
        let set = open.set;
        self.sets[set].forced.insert(name);
        self.sync(set);
    }

    /// The document is closed: its file counts again as it is on disk (or not at all).
    pub fn close(&mut self, uri: &Uri) {
        let name = name_of(uri);
        let Some(open) = self.open.remove(&name) else {
            return;
        };
        let set = &mut self.sets[open.set];
        match std::fs::read_to_string(&name) {
            Ok(text) if set.dir.is_some() => {
                set.disk.insert(name.clone(), text);
            }
            _ => {
                set.disk.remove(&name);
            }
        }
        set.forced.insert(name);
        self.sync(open.set);
    }

    /// Files changed on disk (outside the editor): read again those no editor holds.
    pub fn changed_on_disk(&mut self, paths: &[PathBuf]) {
        for path in paths {
            if path.extension().is_none_or(|x| x != EXTENSION) {
                continue;
            }
            let Some(index) = self.set_of_path(path) else {
                continue;
            };
            let name = path.display().to_string();
            let set = &mut self.sets[index];
            match std::fs::read_to_string(path) {
                Ok(text) => {
                    set.disk.insert(name.clone(), text);
                }
                Err(_) => {
                    set.disk.remove(&name);
                }
            }
            self.sync(index);
        }
    }

    /// Checks every set changed since the last flush; returns the diagnostics to publish (for
    /// every file whose diagnostics changed or that was just opened or edited).
    pub fn flush(&mut self) -> Vec<Outgoing> {
        let mut out = Vec::new();
        for index in 0..self.sets.len() {
            if self.sets[index].dirty {
                self.publish(index, &mut out);
            }
        }
        out
    }

    /// What is written at `position` of a document, where, and the set's symbols.
    pub fn target_at(
        &mut self,
        uri: &Uri,
        position: Position,
    ) -> Option<(Hit, Range, Rc<Symbols>)> {
        let (index, file) = self.find(uri)?;
        let symbols = self.symbols(index);
        let workspace = self.sets[index].workspace.as_ref()?;
        let source = *workspace.set.files(&workspace.db).get(file)?;
        let text = source.text(&workspace.db);
        let lines = LineIndex::new(text);
        let offset = lines.offset(text, position);
        let mut broken = false;
        let mut parts: Vec<(usize, &Module)> = Vec::new();
        for (part_text, start) in split(&workspace.db, source) {
            let (module, problems) =
                parse_part(&workspace.db, FileId(file as u32), part_text.clone());
            broken |= *start <= offset
                && offset <= start + part_text.len()
                && problems
                    .iter()
                    .any(|d| matches!(d.error, PolicyError::Syntax(_)));
            parts.push((*start, module));
        }
        if let Some(hit) = locate::locate(&parts, offset, &symbols).filter(|_| !broken) {
            let range = lines.range(text, hit.span);
            return Some((hit, range, symbols));
        }
        if !broken {
            return None;
        }
        // The part does not parse: read the name under the cursor from the text.
        let (start, end, name) = text::name_at(text, offset)?;
        let (part_start, part) = text::part_at(text, offset);
        let article = text::article_of(part);
        let before = text.get(part_start..start).unwrap_or("");
        let target = symbols.resolve(name, article.as_deref(), &[], &text::binders(before))?;
        let span = syntax::ast::Span { start, end };
        Some((Hit { target, span }, lines.range(text, span), symbols))
    }

    /// The text of a document and the set's symbols, for completion.
    pub fn text_and_symbols(&mut self, uri: &Uri) -> Option<(String, Rc<Symbols>)> {
        let (index, file) = self.find(uri)?;
        let symbols = self.symbols(index);
        let workspace = self.sets[index].workspace.as_ref()?;
        let source = workspace.set.files(&workspace.db).get(file)?;
        Some((source.text(&workspace.db).clone(), symbols))
    }

    /// The URI of a file of a set: the editor's own for an open document.
    pub fn uri_of(&self, name: &str) -> Option<Uri> {
        uri_for(&self.open, name)
    }

    /// The set and the index in it of a document.
    fn find(&self, uri: &Uri) -> Option<(usize, usize)> {
        let name = name_of(uri);
        let set = match self.open.get(&name) {
            Some(open) => open.set,
            None => self.set_of_path(&uri_to_path(uri)?)?,
        };
        let workspace = self.sets[set].workspace.as_ref()?;
        let file = workspace
            .set
            .files(&workspace.db)
            .iter()
            .position(|f| f.name(&workspace.db) == &name)?;
        Some((set, file))
    }

    /// The loaded set of the file `path`: that of its directory.
    fn set_of_path(&self, path: &Path) -> Option<usize> {
        self.set_of_dir(path.parent()?)
    }

    fn set_of_dir(&self, dir: &Path) -> Option<usize> {
        self.sets
            .iter()
            .position(|set| set.dir.as_deref() == Some(dir))
    }

    fn new_set(&mut self, dir: Option<PathBuf>, out: &mut Vec<Outgoing>) -> usize {
        let disk = match &dir {
            Some(dir) => read_set(dir, out),
            None => BTreeMap::new(),
        };
        self.sets.push(Set {
            dir,
            disk,
            workspace: None,
            dirty: true,
            forced: BTreeSet::new(),
            published: HashMap::new(),
            symbols: None,
            last_good: None,
            last_good_symbols: None,
        });
        let index = self.sets.len() - 1;
        self.sync(index);
        index
    }

    /// The texts of a set's files: as on disk, or as in the editor; in path order.
    fn texts(&self, index: usize) -> Vec<(String, String)> {
        let mut texts = self.sets[index].disk.clone();
        for (name, open) in &self.open {
            if open.set == index {
                texts.insert(name.clone(), open.text.clone());
            }
        }
        texts.into_iter().collect()
    }

    /// Brings the set's database up to date with its texts: the texts that changed are set
    /// (setting an input, even to an equal value, makes salsa verify its dependents again); a
    /// file added or removed builds the database anew (files are numbered in path order).
    fn sync(&mut self, index: usize) {
        let texts = self.texts(index);
        let set = &mut self.sets[index];
        set.dirty = true;
        set.symbols = None;
        let same_files = set.workspace.as_ref().is_some_and(|w| {
            let held = w.set.files(&w.db);
            held.len() == texts.len()
                && held
                    .iter()
                    .zip(&texts)
                    .all(|(file, (name, _))| file.name(&w.db) == name)
        });
        match &mut set.workspace {
            Some(workspace) if same_files => {
                let changed: Vec<(String, String)> = workspace
                    .set
                    .files(&workspace.db)
                    .iter()
                    .zip(&texts)
                    .filter(|(file, (_, text))| file.text(&workspace.db) != text)
                    .map(|(_, pair)| pair.clone())
                    .collect();
                for (name, text) in changed {
                    workspace.set_text(&name, text);
                }
            }
            _ => {
                let mut sources = SourceSet::new();
                for (name, text) in &texts {
                    sources.add(name.clone(), text.clone());
                }
                set.workspace = Some(Workspace::new(&sources));
            }
        }
    }

    fn publish(&mut self, index: usize, out: &mut Vec<Outgoing>) {
        let set = &mut self.sets[index];
        set.dirty = false;
        let forced = std::mem::take(&mut set.forced);
        let Some(workspace) = &set.workspace else {
            return;
        };
        let compilation = match workspace.compile() {
            Ok(compilation) => compilation,
            Err(error) => {
                out.push(Outgoing::Log(format!("erreur interne : {error}")));
                return;
            }
        };
        let files = workspace.set.files(&workspace.db);
        let mut found: BTreeMap<String, Vec<lsp_types::Diagnostic>> = BTreeMap::new();
        let mut texts = Vec::new();
        for file in files {
            found.insert(file.name(&workspace.db).clone(), Vec::new());
            texts.push((
                file.name(&workspace.db).clone(),
                file.text(&workspace.db).clone(),
            ));
        }
        let indexes: Vec<LineIndex> = texts.iter().map(|(_, t)| LineIndex::new(t)).collect();
        let syntax_error = compilation
            .diagnostics
            .iter()
            .any(|d| matches!(d.error, PolicyError::Syntax(_)));
        for diagnostic in &compilation.diagnostics {
            let file = diagnostic.file.0 as usize;
            let (Some((name, text)), Some(lines)) = (texts.get(file), indexes.get(file)) else {
                continue;
            };
            let Some(uri) = uri_for(&self.open, name) else {
                continue;
            };
            let converted = diagnostics::to_lsp(diagnostic, text, lines, &uri);
            found.entry(name.clone()).or_default().push(converted);
        }
        if !syntax_error {
            set.last_good = Some(texts);
            set.last_good_symbols = None;
        }
        // Files that left the set: their diagnostics are cleared.
        let gone: Vec<String> = set
            .published
            .keys()
            .filter(|name| !found.contains_key(*name))
            .cloned()
            .collect();
        for name in gone {
            set.published.remove(&name);
            found.insert(name, Vec::new());
        }
        for (name, diagnostics) in found {
            if !forced.contains(&name) && set.published.get(&name) == Some(&diagnostics) {
                continue;
            }
            let Some(uri) = uri_for(&self.open, &name) else {
                continue;
            };
            let version = self.open.get(&name).map(|o| o.version);
            set.published.insert(name, diagnostics.clone());
            out.push(Outgoing::Publish(PublishDiagnosticsParams {
                uri,
                diagnostics,
                version,
            }));
        }
    }

    /// The symbols of a set now; where a part does not parse, what it declared when the set
    /// last parsed.
    fn symbols(&mut self, index: usize) -> Rc<Symbols> {
        if let Some(symbols) = &self.sets[index].symbols {
            return symbols.clone();
        }
        let set = &mut self.sets[index];
        let Some(workspace) = &set.workspace else {
            return Rc::default();
        };
        let db = &workspace.db;
        let mut broken = false;
        let mut files = Vec::new();
        for (i, file) in workspace.set.files(db).iter().enumerate() {
            let mut parts = Vec::new();
            for (part_text, start) in split(db, *file) {
                let (module, problems) = parse_part(db, FileId(i as u32), part_text.clone());
                broken |= problems
                    .iter()
                    .any(|d| matches!(d.error, PolicyError::Syntax(_)));
                parts.push((*start, module));
            }
            files.push(ParsedFile {
                name: file.name(db),
                text: file.text(db),
                parts,
            });
        }
        let mut symbols = Symbols::build(&files);
        if broken {
            if set.last_good_symbols.is_none()
                && let Some(texts) = &set.last_good
            {
                let modules: Vec<Module> = texts
                    .iter()
                    .enumerate()
                    .map(|(i, (_, text))| syntax::parse(FileId(i as u32), text).0)
                    .collect();
                let files: Vec<ParsedFile<'_>> = texts
                    .iter()
                    .zip(&modules)
                    .map(|((name, text), module)| ParsedFile {
                        name,
                        text,
                        parts: vec![(0, module)],
                    })
                    .collect();
                set.last_good_symbols = Some(Rc::new(Symbols::build(&files)));
            }
            if let Some(good) = &set.last_good_symbols {
                symbols.fill_from(good);
            }
        }
        let symbols = Rc::new(symbols);
        if !broken {
            set.last_good_symbols = Some(symbols.clone());
        }
        set.symbols = Some(symbols.clone());
        symbols
    }
}

fn uri_for(open: &HashMap<String, Open>, name: &str) -> Option<Uri> {
    match open.get(name) {
        Some(open) => Some(open.uri.clone()),
        None => path_to_uri(Path::new(name)),
    }
}

/// The `.motif` files directly in `dir`, by name; what cannot be read is logged and left out.
fn read_set(dir: &Path, out: &mut Vec<Outgoing>) -> BTreeMap<String, String> {
    let mut files = BTreeMap::new();
    let entries = match std::fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(error) => {
            out.push(Outgoing::Log(format!(
                "impossible de lire {} : {error}",
                dir.display()
            )));
            return files;
        }
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.extension().is_none_or(|x| x != EXTENSION) || !path.is_file() {
            continue;
        }
        match std::fs::read_to_string(&path) {
            Ok(text) => {
                files.insert(path.display().to_string(), text);
            }
            Err(error) => out.push(Outgoing::Log(format!(
                "impossible de lire {} : {error}",
                path.display()
            ))),
        }
    }
    files
}
