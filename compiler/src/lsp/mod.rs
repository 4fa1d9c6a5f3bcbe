//! `motif lsp`: a language server for the policies, on the same salsa database as `motif check
//! --watch`, so that the editor shows every problem as it is typed and re-checks only the
//! article being edited.
//!
//! ```text
//! editor ──didOpen/didChange──▶ documents (salsa inputs) ──compile──▶ diagnostics ──▶ editor
//!        ──hover/definition/completion──▶ symbols (what the set declares) + the name at the cursor
//! ```
//!
//! Messages are handled one at a time, in order. Diagnostics are published once no message is
//! waiting, so that a burst of keystrokes is checked once. No input makes the server stop: a
//! request it cannot answer gets an error or `null`, and a bug in a handler (a panic) is caught,
//! answered as an internal error and logged.

mod completion;
mod definition;
mod diagnostics;
mod documents;
mod hover;
mod locate;
mod position;
mod symbols;
mod text;

#[cfg(test)]
mod tests;

use std::panic::{AssertUnwindSafe, catch_unwind};

use lsp_server::{Connection, ErrorCode, Message, Notification, Request, RequestId, Response};
use lsp_types::notification::{
    DidChangeTextDocument, DidChangeWatchedFiles, DidCloseTextDocument, DidOpenTextDocument,
    LogMessage, Notification as _, PublishDiagnostics,
};
use lsp_types::request::{Completion, Formatting, GotoDefinition, HoverRequest, Request as _};
use lsp_types::{
    CompletionOptions, CompletionParams, CompletionResponse, GotoDefinitionParams,
    GotoDefinitionResponse, Hover, HoverContents, HoverParams, HoverProviderCapability,
    InitializeResult, Location, LogMessageParams, MarkupContent, MarkupKind, MessageType, OneOf,
    ServerCapabilities, ServerInfo, TextDocumentSyncCapability, TextDocumentSyncKind, Uri,
};
use serde::de::DeserializeOwned;

use documents::{Documents, Outgoing};
use position::uri_to_path;

pub use position::{LineIndex, path_to_uri};

/// How the conversation with the editor ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ending {
    /// `shutdown`, then `exit`: as the protocol asks.
    Shutdown,
    /// `exit` without `shutdown`, or the editor went away: the protocol asks for exit code 1.
    Abandoned,
}

/// The editor can no longer be written to.
#[derive(Debug, thiserror::Error)]
#[error("l'éditeur ne lit plus les messages du serveur")]
pub struct Disconnected;

/// Serves one editor over `connection` until it says `exit` or goes away.
pub fn serve(connection: Connection) -> Result<Ending, Disconnected> {
    let mut server = Server {
        connection,
        documents: Documents::default(),
        shut_down: false,
    };
    let Some((id, params)) = server.handshake()? else {
        return Ok(Ending::Abandoned);
    };
    let result = InitializeResult {
        capabilities: capabilities(),
        server_info: Some(ServerInfo {
            name: "motif".to_string(),
            version: Some(env!("CARGO_PKG_VERSION").to_string()),
        }),
    };
    server.send(Response::new_ok(id, result))?;
    for root in roots(&params) {
        let out = server.documents.load_root(&root);
        server.emit(out)?;
    }
    while let Ok(message) = server.connection.receiver.recv() {
        match message {
            Message::Request(request) => server.request(request)?,
            Message::Notification(notification) if notification.method == "exit" => {
                return Ok(if server.shut_down {
                    Ending::Shutdown
                } else {
                    Ending::Abandoned
                });
            }
            Message::Notification(notification) => server.notification(notification)?,
            Message::Response(_) => {}
        }
        if server.connection.receiver.is_empty() && !server.shut_down {
            let out = server.documents.flush();
            server.emit(out)?;
        }
    }
    Ok(Ending::Abandoned)
}

fn capabilities() -> ServerCapabilities {
    ServerCapabilities {
        text_document_sync: Some(TextDocumentSyncCapability::Kind(
            TextDocumentSyncKind::INCREMENTAL,
        )),
        hover_provider: Some(HoverProviderCapability::Simple(true)),
        definition_provider: Some(OneOf::Left(true)),
        document_formatting_provider: Some(OneOf::Left(true)),
        completion_provider: Some(CompletionOptions {
            trigger_characters: Some(vec![".".to_string()]),
            ..CompletionOptions::default()
        }),
        ..ServerCapabilities::default()
    }
}

/// The directories the editor opened: the workspace folders, or else the root. Read from the
/// JSON itself, leniently: a field missing or malformed only means no set is loaded before a
/// document is opened.
fn roots(params: &serde_json::Value) -> Vec<std::path::PathBuf> {
    let folders = params
        .get("workspaceFolders")
        .and_then(|f| f.as_array())
        .into_iter()
        .flatten()
        .filter_map(|folder| folder.get("uri")?.as_str());
    let root = params.get("rootUri").and_then(|r| r.as_str());
    let uris: Vec<&str> = folders.chain(root).collect();
    let mut paths: Vec<std::path::PathBuf> = uris
        .iter()
        .filter_map(|uri| uri_to_path(&uri.parse::<Uri>().ok()?))
        .collect();
    if paths.is_empty()
        && let Some(path) = params.get("rootPath").and_then(|p| p.as_str())
    {
        paths.push(path.into());
    }
    paths.dedup();
    paths
}

struct Server {
    connection: Connection,
    documents: Documents,
    shut_down: bool,
}

impl Server {
    fn send(&self, message: impl Into<Message>) -> Result<(), Disconnected> {
        self.connection
            .sender
            .send(message.into())
            .map_err(|_| Disconnected)
    }

    fn notify<N: lsp_types::notification::Notification>(
        &self,
        params: N::Params,
    ) -> Result<(), Disconnected> {
        self.send(Notification::new(N::METHOD.to_string(), params))
    }

    fn log(&self, message: String) -> Result<(), Disconnected> {
        self.notify::<LogMessage>(LogMessageParams {
            typ: MessageType::WARNING,
            message,
        })
    }

    fn emit(&self, out: Vec<Outgoing>) -> Result<(), Disconnected> {
        for item in out {
            match item {
                Outgoing::Publish(params) => self.notify::<PublishDiagnostics>(params)?,
                Outgoing::Log(message) => self.log(message)?,
            }
        }
        Ok(())
    }

    /// Waits for `initialize`, answering any other request that it must come first; `None`
    /// when the editor leaves before.
    fn handshake(&self) -> Result<Option<(RequestId, serde_json::Value)>, Disconnected> {
        while let Ok(message) = self.connection.receiver.recv() {
            match message {
                Message::Request(request) if request.method == "initialize" => {
                    return Ok(Some((request.id, request.params)));
                }
                Message::Request(request) => self.send(Response::new_err(
                    request.id,
                    ErrorCode::ServerNotInitialized as i32,
                    "le serveur attend d'abord la requête initialize".to_string(),
                ))?,
                Message::Notification(notification) if notification.method == "exit" => {
                    return Ok(None);
                }
                Message::Notification(_) | Message::Response(_) => {}
            }
        }
        Ok(None)
    }

    fn request(&mut self, request: Request) -> Result<(), Disconnected> {
        let id = request.id.clone();
        if self.shut_down {
            return self.send(Response::new_err(
                id,
                ErrorCode::InvalidRequest as i32,
                "le serveur est arrêté (shutdown) : seul exit est attendu".to_string(),
            ));
        }
        if request.method == "shutdown" {
            self.shut_down = true;
            return self.send(Response::new_ok(id, ()));
        }
        let answer = catch_unwind(AssertUnwindSafe(|| self.answer(request)));
        let response = match answer {
            Ok(Ok(result)) => Response::new_ok(id, result),
            Ok(Err((code, message))) => Response::new_err(id, code as i32, message),
            Err(_) => Response::new_err(
                id,
                ErrorCode::InternalError as i32,
                "erreur interne du serveur motif (voir son journal)".to_string(),
            ),
        };
        self.send(response)
    }

    fn answer(&mut self, request: Request) -> Result<serde_json::Value, (ErrorCode, String)> {
        let value = match request.method.as_str() {
            HoverRequest::METHOD => {
                let params: HoverParams = params(request.params)?;
                let at = params.text_document_position_params;
                serde_json::to_value(self.hover(&at.text_document.uri, at.position))
            }
            GotoDefinition::METHOD => {
                let params: GotoDefinitionParams = params(request.params)?;
                let at = params.text_document_position_params;
                serde_json::to_value(self.definition(&at.text_document.uri, at.position))
            }
            Completion::METHOD => {
                let params: CompletionParams = params(request.params)?;
                let at = params.text_document_position;
                serde_json::to_value(self.completion(&at.text_document.uri, at.position))
            }
            Formatting::METHOD => {
                let params: lsp_types::DocumentFormattingParams = params(request.params)?;
                serde_json::to_value(self.formatting(&params.text_document.uri))
            }
            other => {
                return Err((
                    ErrorCode::MethodNotFound,
                    format!("méthode non prise en charge : {other}"),
                ));
            }
        };
        value.map_err(|e| (ErrorCode::InternalError, e.to_string()))
    }

    fn hover(&mut self, uri: &Uri, at: lsp_types::Position) -> Option<Hover> {
        let (hit, range, symbols) = self.documents.target_at(uri, at)?;
        let value = hover::markdown(&hit.target, &symbols)?;
        Some(Hover {
            contents: HoverContents::Markup(MarkupContent {
                kind: MarkupKind::Markdown,
                value,
            }),
            range: Some(range),
        })
    }

    fn definition(&mut self, uri: &Uri, at: lsp_types::Position) -> Option<GotoDefinitionResponse> {
        let (hit, _, symbols) = self.documents.target_at(uri, at)?;
        let locations: Vec<Location> = definition::places(&hit.target, &symbols)
            .into_iter()
            .filter_map(|place| {
                Some(Location::new(
                    self.documents.uri_of(&place.file)?,
                    place.range,
                ))
            })
            .collect();
        (!locations.is_empty()).then_some(GotoDefinitionResponse::Array(locations))
    }

    /// `motif fmt` on the document as the editor holds it: one edit that replaces the whole
    /// text, none when it is already formatted or has errors (they are shown as diagnostics).
    fn formatting(&mut self, uri: &Uri) -> Option<Vec<lsp_types::TextEdit>> {
        let (text, _) = self.documents.text_and_symbols(uri)?;
        let formatted = crate::format::format(&text).ok()?;
        if formatted == text {
            return Some(Vec::new());
        }
        let lines = LineIndex::new(&text);
        let whole = lsp_types::Range::new(
            lsp_types::Position::new(0, 0),
            lines.position(&text, text.len()),
        );
        Some(vec![lsp_types::TextEdit::new(whole, formatted)])
    }

    fn completion(&mut self, uri: &Uri, at: lsp_types::Position) -> Option<CompletionResponse> {
        let (text, symbols) = self.documents.text_and_symbols(uri)?;
        let offset = LineIndex::new(&text).offset(&text, at);
        let items = completion::complete(&text, offset, &symbols);
        Some(CompletionResponse::Array(items))
    }

    fn notification(&mut self, notification: Notification) -> Result<(), Disconnected> {
        let method = notification.method.clone();
        let handled = catch_unwind(AssertUnwindSafe(|| self.handle(notification)));
        match handled {
            Ok(Ok(out)) => self.emit(out),
            Ok(Err(message)) => self.log(format!("{method} : {message}")),
            Err(_) => self.log(format!("{method} : erreur interne du serveur motif")),
        }
    }

    fn handle(&mut self, notification: Notification) -> Result<Vec<Outgoing>, String> {
        let documents = &mut self.documents;
        let error = |e: (ErrorCode, String)| e.1;
        match notification.method.as_str() {
            DidOpenTextDocument::METHOD => {
                let params: lsp_types::DidOpenTextDocumentParams =
                    params(notification.params).map_err(error)?;
                let document = params.text_document;
                Ok(documents.open(document.uri, document.version, document.text))
            }
            DidChangeTextDocument::METHOD => {
                let params: lsp_types::DidChangeTextDocumentParams =
                    params(notification.params).map_err(error)?;
                let document = params.text_document;
                documents.change(&document.uri, document.version, params.content_changes);
                Ok(Vec::new())
            }
            DidCloseTextDocument::METHOD => {
                let params: lsp_types::DidCloseTextDocumentParams =
                    params(notification.params).map_err(error)?;
                documents.close(&params.text_document.uri);
                Ok(Vec::new())
            }
            DidChangeWatchedFiles::METHOD => {
                let params: lsp_types::DidChangeWatchedFilesParams =
                    params(notification.params).map_err(error)?;
                let paths: Vec<std::path::PathBuf> = params
                    .changes
                    .iter()
                    .filter_map(|change| uri_to_path(&change.uri))
                    .collect();
                documents.changed_on_disk(&paths);
                Ok(Vec::new())
            }
            // `initialized`, `didSave` (the text is already known), `$/cancelRequest` (every
            // request is answered at once), `$/setTrace`…: nothing to do.
            _ => Ok(Vec::new()),
        }
    }
}

fn params<P: DeserializeOwned>(value: serde_json::Value) -> Result<P, (ErrorCode, String)> {
    serde_json::from_value(value).map_err(|e| {
        (
            ErrorCode::InvalidParams,
            format!("paramètres invalides : {e}"),
        )
    })
}
