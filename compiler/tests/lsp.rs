//! `motif lsp`: the real binary driven over stdio with real LSP messages (Content-Length
//! framing, JSON-RPC) on a copy of the CESEDA policy set — diagnostics as a file is edited (at
//! their UTF-16 place), hover, definition, completion, bad requests, shutdown and exit; and the
//! VS Code extension's grammar checked against the keywords of the pest grammar.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // test code fails loudly

#[path = "common/temp.rs"]
mod temp;

use std::collections::VecDeque;
use std::io::{BufRead, BufReader, Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::mpsc::{Receiver, RecvTimeoutError, channel};
use std::time::{Duration, Instant};
use temp::TempDir;

use serde_json::{Value, json};

#[path = "lsp/pest_words.rs"]
mod pest_words;

use pest_words::{Expander, Token, pest_rules, tokens};

/// How long the server may take to answer anything: a hung server fails the test.
const TIMEOUT: Duration = Duration::from_secs(60);

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .unwrap()
        .to_path_buf()
}

/// A copy of `policies/ceseda` (its `.motif` files), in a directory whose name has an accent
/// and a space, as a legal officer's folder might.
fn ceseda_copy() -> TempDir {
    let dir = TempDir::new("lsp");
    let set = dir.0.join("règles du séjour");
    std::fs::create_dir_all(&set).unwrap();
    for entry in std::fs::read_dir(root().join("policies/ceseda")).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "motif") {
            std::fs::copy(&path, set.join(path.file_name().unwrap())).unwrap();
        }
    }
    dir
}

fn uri(path: &Path) -> String {
    let mut out = String::from("file://");
    for byte in path.to_str().unwrap().bytes() {
        match byte {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' | b'/' => {
                out.push(byte as char)
            }
            _ => out.push_str(&format!("%{byte:02X}")),
        }
    }
    out
}

/// The LSP position (UTF-16) of a byte offset.
fn position(text: &str, offset: usize) -> Value {
    let line = text[..offset].matches('\n').count();
    let start = text[..offset].rfind('\n').map_or(0, |i| i + 1);
    let character = text[start..offset].encode_utf16().count();
    json!({"line": line, "character": character})
}

/// The motif server, spoken to as an editor does.
struct Client {
    child: Child,
    stdin: ChildStdin,
    messages: Receiver<Value>,
    /// Notifications received while waiting for something else.
    pending: VecDeque<Value>,
    next_id: i64,
}

impl Client {
    fn start() -> Client {
        let mut child = Command::new(env!("CARGO_BIN_EXE_motif"))
            .arg("lsp")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .unwrap();
        let stdin = child.stdin.take().unwrap();
        let stdout = child.stdout.take().unwrap();
        let (sender, messages) = channel();
        std::thread::spawn(move || {
            let mut reader = BufReader::new(stdout);
            loop {
                let mut length = None;
                loop {
                    let mut line = String::new();
                    if reader.read_line(&mut line).unwrap_or(0) == 0 {
                        return;
                    }
                    let line = line.trim_end();
                    if line.is_empty() {
                        break;
                    }
                    if let Some(value) = line.strip_prefix("Content-Length: ") {
                        length = Some(value.parse::<usize>().unwrap());
                    }
                }
                let mut body = vec![0; length.expect("a Content-Length header")];
                reader.read_exact(&mut body).unwrap();
                if sender.send(serde_json::from_slice(&body).unwrap()).is_err() {
                    return;
                }
            }
        });
        Client {
            child,
            stdin,
            messages,
            pending: VecDeque::new(),
            next_id: 0,
        }
    }

    fn send(&mut self, message: Value) {
        let body = serde_json::to_vec(&message).unwrap();
        write!(self.stdin, "Content-Length: {}\r\n\r\n", body.len()).unwrap();
        self.stdin.write_all(&body).unwrap();
        self.stdin.flush().unwrap();
    }

    fn notify(&mut self, method: &str, params: Value) {
        self.send(json!({"jsonrpc": "2.0", "method": method, "params": params}));
    }

    fn receive(&mut self) -> Value {
        match self.messages.recv_timeout(TIMEOUT) {
            Ok(message) => message,
            Err(RecvTimeoutError::Timeout) => panic!("the server did not answer in {TIMEOUT:?}"),
            Err(RecvTimeoutError::Disconnected) => panic!("the server closed its output"),
        }
    }

    /// Sends a request and waits for its response (the whole message: `result` or `error`).
    fn call(&mut self, method: &str, params: Value) -> Value {
        self.next_id += 1;
        let id = self.next_id;
        self.send(json!({"jsonrpc": "2.0", "id": id, "method": method, "params": params}));
        loop {
            let message = self.receive();
            if message.get("id") == Some(&json!(id)) && message.get("method").is_none() {
                return message;
            }
            self.pending.push_back(message);
        }
    }

    fn result(&mut self, method: &str, params: Value) -> Value {
        let response = self.call(method, params);
        assert!(response.get("error").is_none(), "{method}: {response}");
        response["result"].clone()
    }

    /// The next diagnostics published for `uri` that satisfy `wanted`; those before are
    /// skipped (the server publishes again after each change).
    fn diagnostics(&mut self, uri: &str, wanted: impl Fn(&[Value]) -> bool) -> Vec<Value> {
        let deadline = Instant::now() + TIMEOUT;
        loop {
            assert!(Instant::now() < deadline, "no such diagnostics for {uri}");
            let message = match self.pending.pop_front() {
                Some(message) => message,
                None => self.receive(),
            };
            if message["method"] == "textDocument/publishDiagnostics"
                && message["params"]["uri"] == uri
            {
                let found = message["params"]["diagnostics"].as_array().unwrap().clone();
                if wanted(&found) {
                    return found;
                }
            }
        }
    }

    fn at(&self, uri: &str, text: &str, offset: usize) -> Value {
        json!({"textDocument": {"uri": uri}, "position": position(text, offset)})
    }

    /// Waits for the process to end; its exit code.
    fn wait(mut self) -> i32 {
        drop(self.stdin);
        let deadline = Instant::now() + TIMEOUT;
        loop {
            if let Some(status) = self.child.try_wait().unwrap() {
                return status.code().unwrap_or(-1);
            }
            if Instant::now() > deadline {
                let _ = self.child.kill();
                panic!("the server did not exit");
            }
            std::thread::sleep(Duration::from_millis(20));
        }
    }
}

fn initialize(client: &mut Client, dir: &Path) -> Value {
    let result = client.result(
        "initialize",
        json!({
            "processId": null,
            "rootUri": uri(dir),
            "workspaceFolders": [{"uri": uri(dir), "name": "règles"}],
            "capabilities": {},
        }),
    );
    client.notify("initialized", json!({}));
    result
}

fn open(client: &mut Client, uri: &str, text: &str) {
    client.notify(
        "textDocument/didOpen",
        json!({"textDocument": {"uri": uri, "languageId": "motif", "version": 1, "text": text}}),
    );
}

/// The label (« … ») that follows `declaration` in `text`, its spaces normalised as the
/// compiler does.
fn label_after(text: &str, declaration: &str) -> String {
    let at = text.find(declaration).unwrap();
    let open = at + text[at..].find('«').unwrap() + '«'.len_utf8();
    let close = open + text[open..].find('»').unwrap();
    text[open..close]
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// The file of the set with a line that begins with `declaration`, and that line (0-based).
fn declared_in(set: &Path, declaration: &str) -> (PathBuf, usize) {
    for entry in std::fs::read_dir(set).unwrap() {
        let path = entry.unwrap().path();
        let text = std::fs::read_to_string(&path).unwrap();
        if let Some(line) = text.lines().position(|l| l.starts_with(declaration)) {
            return (path, line);
        }
    }
    panic!("{declaration} is declared nowhere");
}

fn hover_text(hover: &Value) -> String {
    hover["contents"]["value"]
        .as_str()
        .unwrap_or_default()
        .to_string()
}

fn labels(items: &Value) -> Vec<String> {
    let items = items.as_array().or(items["items"].as_array()).unwrap();
    items
        .iter()
        .map(|i| i["label"].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn the_server_checks_as_you_type_and_answers_hover_definition_and_completion() {
    let temp = ceseda_copy();
    let set = temp.0.join("règles du séjour");
    let mut client = Client::start();
    let init = initialize(&mut client, &set);
    let capabilities = &init["capabilities"];
    assert_eq!(capabilities["hoverProvider"], true);
    assert_eq!(capabilities["definitionProvider"], true);
    assert_eq!(
        capabilities["completionProvider"]["triggerCharacters"],
        json!(["."])
    );

    // The good set: no diagnostic for the opened file.
    let student_path = set.join("l422-1.motif");
    let student = std::fs::read_to_string(&student_path).unwrap();
    let student_uri = uri(&student_path);
    open(&mut client, &student_uri, &student);
    let found = client.diagnostics(&student_uri, |_| true);
    assert_eq!(found, Vec::<Value>::new());

    // A misspelt parameter, on a line where `≥` (3 bytes, 1 UTF-16 unit) comes before it.
    let written = "ressources.mensuelles ≥ ressources_etudiant";
    let line_start = student.find(written).unwrap();
    let name_start = line_start + written.find("ressources_etudiant").unwrap();
    let name_end = name_start + "ressources_etudiant".len();
    let start = position(&student, name_start);
    let end = position(&student, name_end);
    let byte_column = name_start - student[..name_start].rfind('\n').unwrap() - 1;
    assert_ne!(
        start["character"],
        json!(byte_column),
        "the line must test UTF-16"
    );
    client.notify(
        "textDocument/didChange",
        json!({
            "textDocument": {"uri": student_uri, "version": 2},
            "contentChanges": [{"range": {"start": start, "end": end}, "text": "ressources_etudian"}],
        }),
    );
    let found = client.diagnostics(&student_uri, |d| !d.is_empty());
    assert_eq!(found.len(), 1, "{found:?}");
    let diagnostic = &found[0];
    assert_eq!(diagnostic["range"]["start"], start);
    let mut shorter = end.clone();
    shorter["character"] = json!(end["character"].as_u64().unwrap() - 1);
    assert_eq!(diagnostic["range"]["end"], shorter);
    assert_eq!(diagnostic["severity"], 1);
    assert_eq!(diagnostic["code"], "motif::unknown_name");
    assert_eq!(diagnostic["source"], "motif");
    let message = diagnostic["message"].as_str().unwrap();
    assert!(
        message.starts_with("nom inconnu : `ressources_etudian`"),
        "{message}"
    );
    assert!(
        message.contains("`ressources_etudiant`"),
        "the help line: {message}"
    );

    // Fixed, with the whole text: the diagnostics are cleared.
    client.notify(
        "textDocument/didChange",
        json!({
            "textDocument": {"uri": student_uri, "version": 3},
            "contentChanges": [{"text": student}],
        }),
    );
    let found = client.diagnostics(&student_uri, |d| d.is_empty());
    assert!(found.is_empty());

    // Hover on a parameter: its label, type and dated values, from parametres.motif.
    let parameters = std::fs::read_to_string(set.join("parametres.motif")).unwrap();
    let hover = client.result(
        "textDocument/hover",
        client.at(&student_uri, &student, name_start + 3),
    );
    let shown = hover_text(&hover);
    assert!(
        shown.contains("**paramètre** `ressources_etudiant` : montant"),
        "{shown}"
    );
    let label = label_after(&parameters, "paramètre ressources_etudiant");
    assert!(shown.contains(&format!("« {label} »")), "{shown}");
    let value_line = parameters[parameters.find("paramètre ressources_etudiant").unwrap()..]
        .lines()
        .find_map(|l| l.trim().strip_prefix("valeur "))
        .unwrap();
    let (amount, date) = value_line.split_once(" du ").unwrap();
    assert!(
        shown.contains(&format!("**{amount}** du {date}")),
        "{shown}"
    );
    assert_eq!(hover["range"]["start"], start);

    // Hover and definition on a fact used in L. 423-1, declared in another file.
    let spouse_path = set.join("l423-1.motif");
    let spouse = std::fs::read_to_string(&spouse_path).unwrap();
    let spouse_uri = uri(&spouse_path);
    open(&mut client, &spouse_uri, &spouse);
    let use_at = spouse.find("alors mariage.transcrit").unwrap() + "alors mariage.".len();
    let hover = client.result(
        "textDocument/hover",
        client.at(&spouse_uri, &spouse, use_at),
    );
    let shown = hover_text(&hover);
    let (facts_path, fact_line) = declared_in(&set, "fait mariage.transcrit");
    let facts = std::fs::read_to_string(&facts_path).unwrap();
    assert!(
        shown.contains("**fait** `mariage.transcrit` : booléen"),
        "{shown}"
    );
    assert!(
        shown.contains(&label_after(&facts, "fait mariage.transcrit")),
        "{shown}"
    );
    assert!(shown.contains("Pièces à demander"), "{shown}");
    let definition = client.result(
        "textDocument/definition",
        client.at(&spouse_uri, &spouse, use_at),
    );
    let locations = definition.as_array().unwrap();
    assert_eq!(locations.len(), 1, "{definition}");
    assert_eq!(locations[0]["uri"], uri(&facts_path));
    assert_eq!(locations[0]["range"]["start"]["line"], fact_line);

    // Definition of an article reference: every `article L. 412-1` line.
    let derogation_path = set.join("l423-2.motif");
    let derogation = std::fs::read_to_string(&derogation_path).unwrap();
    let derogation_uri = uri(&derogation_path);
    let reference = derogation.find("de L. 412-1").unwrap() + "de L. 4".len();
    let definition = client.result(
        "textDocument/definition",
        client.at(&derogation_uri, &derogation, reference),
    );
    let (visa_path, visa_line) = declared_in(&set, "article L. 412-1");
    assert_eq!(definition[0]["uri"], uri(&visa_path), "{definition}");
    assert_eq!(definition[0]["range"]["start"]["line"], visa_line);
    let hover = client.result(
        "textDocument/hover",
        client.at(&derogation_uri, &derogation, reference),
    );
    let visa = std::fs::read_to_string(&visa_path).unwrap();
    let shown = hover_text(&hover);
    assert!(shown.starts_with("**article L. 412-1**"), "{shown}");
    let legifrance = visa
        .split_whitespace()
        .find(|w| w.starts_with("LEGIARTI"))
        .unwrap();
    assert!(shown.contains(legifrance), "{shown}");

    // Half-typed: `mariage.` does not parse; completion offers the group's facts, and hover
    // still answers from the text.
    let typed_at = spouse.find("  voie conjoint_de_francais").unwrap();
    let half = format!(
        "{}  condition essai « essai » : mariage.\n{}",
        &spouse[..typed_at],
        &spouse[typed_at..]
    );
    client.notify(
        "textDocument/didChange",
        json!({
            "textDocument": {"uri": spouse_uri, "version": 2},
            "contentChanges": [{"text": half}],
        }),
    );
    let found = client.diagnostics(&spouse_uri, |d| !d.is_empty());
    assert_eq!(found[0]["code"], "motif::syntax", "{found:?}");
    let cursor = typed_at + "  condition essai « essai » : mariage.".len();
    let items = client.result(
        "textDocument/completion",
        client.at(&spouse_uri, &half, cursor),
    );
    let offered = labels(&items);
    for expected in ["mariage.transcrit", "mariage.lieu", "mariage.date"] {
        assert!(offered.contains(&expected.to_string()), "{offered:?}");
    }
    assert!(
        offered.iter().all(|l| l.starts_with("mariage.")),
        "{offered:?}"
    );
    let item = items
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["label"] == "mariage.transcrit")
        .unwrap();
    assert_eq!(
        item["detail"],
        label_after(&facts, "fait mariage.transcrit")
    );
    let lieu = half.find("si mariage.lieu").unwrap() + "si mariage.".len();
    let hover = client.result("textDocument/hover", client.at(&spouse_uri, &half, lieu));
    assert!(
        hover_text(&hover).contains("**fait** `mariage.lieu`"),
        "{hover}"
    );

    // Completion of names with no dot: facts, parameters, this article's conditions, other
    // articles' conditions with their article; and article numbers after `de `.
    let items = client.result(
        "textDocument/completion",
        client.at(&student_uri, &student, name_start),
    );
    let offered = labels(&items);
    for expected in [
        "ressources_etudiant",
        "moyens_d_existence",
        "mariage.transcrit",
        "visa_long_sejour de L. 412-1",
    ] {
        assert!(
            offered.contains(&expected.to_string()),
            "{expected} not in {offered:?}"
        );
    }
    let after_de = reference - "L. 4".len();
    let items = client.result(
        "textDocument/completion",
        client.at(&derogation_uri, &derogation, after_de),
    );
    let offered = labels(&items);
    assert!(offered.contains(&"L. 412-1".to_string()), "{offered:?}");
    assert!(
        offered
            .iter()
            .all(|l| !l.contains('.') || l.starts_with(['L', 'R', 'D'])),
        "{offered:?}"
    );

    // Nothing breaks the server: an unknown document, a position past the end, bad params,
    // an unknown method.
    let nowhere = uri(&temp.0.join("absent.motif"));
    let answer = client.call(
        "textDocument/hover",
        json!({"textDocument": {"uri": nowhere}, "position": {"line": 0, "character": 0}}),
    );
    assert_eq!(answer["result"], Value::Null, "{answer}");
    let answer = client.call(
        "textDocument/hover",
        json!({"textDocument": {"uri": spouse_uri}, "position": {"line": 100000, "character": 7}}),
    );
    assert!(answer.get("error").is_none(), "{answer}");
    let answer = client.call(
        "textDocument/definition",
        json!({"textDocument": {"uri": student_uri}, "position": {"line": 3, "character": 100000}}),
    );
    assert!(answer.get("error").is_none(), "{answer}");
    let answer = client.call("textDocument/hover", json!({"textDocument": 12}));
    assert_eq!(answer["error"]["code"], -32602, "{answer}");
    let answer = client.call("motif/inconnu", json!({}));
    assert_eq!(answer["error"]["code"], -32601, "{answer}");

    // Formatting: the editor's text in its `motif fmt` layout, as one edit over the whole text;
    // nothing for a text that has errors.
    let messy = student.replacen("condition ", "condition   ", 1);
    client.notify(
        "textDocument/didChange",
        json!({
            "textDocument": {"uri": student_uri, "version": 9},
            "contentChanges": [{"text": messy}],
        }),
    );
    let edits = client.result(
        "textDocument/formatting",
        json!({"textDocument": {"uri": student_uri}, "options": {"tabSize": 2, "insertSpaces": true}}),
    );
    assert_eq!(edits.as_array().map(Vec::len), Some(1), "{edits}");
    assert_eq!(edits[0]["newText"], student.as_str());
    assert_eq!(
        edits[0]["range"]["start"],
        json!({"line": 0, "character": 0})
    );
    let end = edits[0]["range"]["end"]["line"].as_u64().unwrap() as usize;
    assert_eq!(end, messy.matches('\n').count(), "{edits}");
    client.notify(
        "textDocument/didChange",
        json!({
            "textDocument": {"uri": student_uri, "version": 10},
            "contentChanges": [{"text": student}],
        }),
    );
    let edits = client.result(
        "textDocument/formatting",
        json!({"textDocument": {"uri": spouse_uri}, "options": {"tabSize": 2, "insertSpaces": true}}),
    );
    assert_eq!(
        edits,
        Value::Null,
        "a text with a syntax error is not formatted"
    );

    // Still alive, and it stops when asked.
    let hover = client.result(
        "textDocument/hover",
        client.at(&student_uri, &student, name_start),
    );
    assert!(hover_text(&hover).contains("ressources_etudiant"));
    assert_eq!(client.result("shutdown", Value::Null), Value::Null);
    client.notify("exit", Value::Null);
    assert_eq!(client.wait(), 0);
}

#[test]
fn exit_without_shutdown_ends_with_code_1() {
    let mut client = Client::start();
    // Before `initialize`, a request is refused, not answered.
    let answer = client.call("textDocument/hover", json!({}));
    assert_eq!(answer["error"]["code"], -32002, "{answer}");
    let temp = TempDir::new("lsp-exit");
    initialize(&mut client, &temp.0);
    client.notify("exit", Value::Null);
    assert_eq!(client.wait(), 1);
}

// ── The VS Code extension ─────────────────────────────────────────────────────────────────────

/// Every `match` and `begin` pattern of a TextMate grammar: where it is, the pattern, and the
/// scope it gives (`keyword.control.motif`; for captures, the first group's).
fn patterns(value: &Value, path: String, out: &mut Vec<(String, String, String)>) {
    match value {
        Value::Object(map) => {
            let scope = map
                .get("name")
                .or_else(|| map.get("captures").and_then(|c| c.get("1")?.get("name")))
                .and_then(Value::as_str)
                .unwrap_or_default();
            for (key, inner) in map {
                let here = format!("{path}/{key}");
                match (key.as_str(), inner) {
                    ("match" | "begin", Value::String(pattern)) => {
                        out.push((here, pattern.clone(), scope.to_string()))
                    }
                    _ => patterns(inner, here, out),
                }
            }
        }
        Value::Array(items) => {
            for (i, inner) in items.iter().enumerate() {
                patterns(inner, format!("{path}/{i}"), out);
            }
        }
        _ => {}
    }
}

#[test]
fn the_vscode_grammar_highlights_every_keyword_of_the_language() {
    let extension = root().join("editors/vscode");
    let read = |path: &str| -> Value {
        let text = std::fs::read_to_string(extension.join(path)).unwrap();
        serde_json::from_str(&text).unwrap_or_else(|e| panic!("{path}: {e}"))
    };
    let manifest = read("package.json");
    let grammar = read("syntaxes/motif.tmLanguage.json");
    read("language-configuration.json");

    // The manifest declares the language, its grammar, the server's setting and the client.
    let language = &manifest["contributes"]["languages"][0];
    assert_eq!(language["id"], "motif");
    assert_eq!(language["extensions"], json!([".motif"]));
    let contributed = &manifest["contributes"]["grammars"][0];
    assert_eq!(contributed["language"], "motif");
    assert_eq!(contributed["scopeName"], grammar["scopeName"]);
    let path = contributed["path"].as_str().unwrap();
    assert!(extension.join(path).is_file(), "{path}");
    let configuration = language["configuration"].as_str().unwrap();
    assert!(extension.join(configuration).is_file());
    let main = manifest["main"].as_str().unwrap();
    assert!(extension.join(main).is_file(), "{main}");
    let script = std::fs::read_to_string(extension.join(main)).unwrap();
    // The client starts `motif lsp`, with the program named by the `motif.path` setting.
    assert!(script.contains("args: ['lsp']"), "{script}");
    assert!(
        script.contains("getConfiguration('motif').get('path')"),
        "{script}"
    );
    let setting = &manifest["contributes"]["configuration"]["properties"]["motif.path"];
    assert_eq!(setting["type"], "string");
    assert!(manifest["dependencies"]["vscode-languageclient"].is_string());
    assert_eq!(manifest["activationEvents"], json!(["onLanguage:motif"]));

    let mut found = Vec::new();
    patterns(&grammar, String::new(), &mut found);
    // Every pattern compiles; those that give a keyword's scope are the ones that count (a
    // name's pattern matches any word).
    let compiled: Vec<(String, String, fancy_regex::Regex)> = found
        .iter()
        .map(|(path, pattern, scope)| {
            let anchored = format!("^(?:{pattern})$");
            let regex = fancy_regex::Regex::new(&anchored)
                .unwrap_or_else(|e| panic!("{path}: {pattern}: {e}"));
            (path.clone(), scope.clone(), regex)
        })
        .collect();
    let keyword_scopes = ["keyword.", "storage.", "support.", "constant.language."];
    let highlighting: Vec<&fancy_regex::Regex> = compiled
        .iter()
        .filter(|(_, scope, _)| keyword_scopes.iter().any(|k| scope.starts_with(k)))
        .map(|(_, _, regex)| regex)
        .collect();
    assert!(highlighting.len() >= 10, "{found:#?}");

    // The keyword rules: rules made of words only that the rest of the grammar reads (their
    // parts, like `basis_filing` inside `date_basis`, are checked as part of the whole).
    let pest = std::fs::read_to_string(root().join("compiler/src/syntax/motif.pest")).unwrap();
    let rules = pest_rules(&pest);
    let wordy: Vec<&str> = rules
        .iter()
        .filter(|(name, _)| {
            // Words, not a construct of words and signs (`pour carte…, carte…`).
            let word = |c: char| c.is_alphabetic() || matches!(c, ' ' | '\'' | '’' | '-');
            Expander::rule(&rules, name).is_some_and(|phrases| {
                phrases.iter().all(|p| p.chars().all(word))
                    && phrases.iter().any(|p| p.chars().any(char::is_alphabetic))
            })
        })
        .map(|(name, _)| name.as_str())
        .collect();
    let read_by_others = |name: &str| {
        rules.iter().any(|(other, body)| {
            !wordy.contains(&other.as_str())
                && tokens(body).contains(&Token::Rule(name.to_string()))
        })
    };
    let keyword_rules: Vec<&str> = wordy
        .iter()
        .copied()
        .filter(|n| read_by_others(n))
        .collect();
    for expected in [
        "keyword",
        "kw_fait",
        "kw_parametre",
        "kw_lune",
        "card",
        "date_basis",
        "ty_bool",
        "true_lit",
        "unit",
    ] {
        assert!(
            keyword_rules.contains(&expected),
            "{expected} not in {keyword_rules:?}"
        );
    }
    let mut missing = Vec::new();
    let mut checked = 0;
    for rule in &keyword_rules {
        for phrase in Expander::rule(&rules, rule).unwrap() {
            let phrase = phrase.split_whitespace().collect::<Vec<_>>().join(" ");
            if !phrase.chars().any(char::is_alphabetic) {
                continue;
            }
            checked += 1;
            if !highlighting
                .iter()
                .any(|r| r.is_match(&phrase).unwrap_or(false))
            {
                missing.push(format!("{rule}: « {phrase} »"));
            }
        }
    }
    assert!(
        checked > 100,
        "only {checked} phrases read from the grammar"
    );
    assert!(
        missing.is_empty(),
        "not highlighted by the VS Code grammar: {missing:#?}"
    );

    // And the patterns do not take names for keywords.
    let names = [
        "mariage.transcrit",
        "demande.premiere_delivrance",
        "ressources_etudiant",
    ];
    for name in names {
        let taken: Vec<&String> = compiled
            .iter()
            .filter(|(_, _, r)| r.is_match(name).unwrap_or(false))
            .map(|(_, scope, _)| scope)
            .collect();
        assert_eq!(taken, ["variable.other.motif"], "{name}");
    }
}
