//! The connection: reading messages on a thread, the handshake, and dispatching each
//! message to its handler on the main thread, a panic in one caught and answered.

use std::io::Write;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::mpsc;

use lsp_server::{ErrorCode, Message, Notification, Request, RequestId, Response};
use lsp_types::notification::{self as note, Notification as _};
use lsp_types::request::{self as req, Request as _};
use lsp_types::{
    CodeActionKind, CodeActionOptions, CodeActionProviderCapability, CompletionOptions,
    DidChangeWatchedFilesRegistrationOptions, FileSystemWatcher, GlobPattern, InitializeParams,
    InitializeResult, MessageType, PositionEncodingKind, PublishDiagnosticsParams, Registration,
    RegistrationParams, SaveOptions, ServerCapabilities, ServerInfo, ShowMessageParams,
    TextDocumentSyncCapability, TextDocumentSyncKind, TextDocumentSyncOptions,
    TextDocumentSyncSaveOptions, Uri,
};
use serde_json::Value;

use super::config::{Configs, Options};
use super::documents::{Encoding, Store};
use super::{actions, analysis, completion, diagnostics, hover};

/// How many messages may wait to be handled: the reader waits beyond it, so a client
/// that floods the server is slowed, not buffered.
const QUEUE: usize = 64;

/// The server's state.
pub struct Server<'a> {
    out: &'a mut dyn Write,
    err: &'a mut dyn Write,
    encoding: Encoding,
    store: Store,
    configs: Configs,
    shut_down: bool,
    watch_files: bool,
}

impl<'a> Server<'a> {
    /// Runs the handshake, then the loop; gives the exit code.
    pub fn start(out: &'a mut dyn Write, err: &'a mut dyn Write) -> std::io::Result<u8> {
        let (send, messages) = mpsc::sync_channel(QUEUE);
        std::thread::spawn(move || {
            let mut input = std::io::stdin().lock();
            // Standard input closed or unreadable: the channel closes and the loop ends.
            while let Ok(Some(message)) = Message::read(&mut input) {
                if send.send(message).is_err() {
                    break;
                }
            }
        });
        let mut server = Server {
            out,
            err,
            encoding: Encoding::Utf16,
            store: Store::default(),
            configs: Configs::new(Options::default()),
            shut_down: false,
            watch_files: false,
        };
        let Some((id, params)) = server.wait_for_initialize(&messages)? else {
            return Ok(1);
        };
        server.initialize(id, params)?;
        for message in messages {
            if let Message::Notification(n) = &message
                && n.method == note::Exit::METHOD
            {
                return Ok(if server.shut_down { 0 } else { 1 });
            }
            server.dispatch(message)?;
        }
        // The client went away without `exit`.
        Ok(if server.shut_down { 0 } else { 1 })
    }

    /// Answers every request before `initialize` with an error, as the protocol says.
    fn wait_for_initialize(
        &mut self,
        messages: &mpsc::Receiver<Message>,
    ) -> std::io::Result<Option<(RequestId, Value)>> {
        for message in messages {
            match message {
                Message::Request(r) if r.method == req::Initialize::METHOD => {
                    return Ok(Some((r.id, r.params)));
                }
                Message::Request(r) => {
                    let code = ErrorCode::ServerNotInitialized as i32;
                    self.send(Response::new_err(r.id, code, "not initialized".into()))?;
                }
                Message::Notification(n) if n.method == note::Exit::METHOD => return Ok(None),
                _ => {}
            }
        }
        Ok(None)
    }

    fn initialize(&mut self, id: RequestId, params: Value) -> std::io::Result<()> {
        let params: InitializeParams = serde_json::from_value(params).unwrap_or_default();
        let offered = params
            .capabilities
            .general
            .as_ref()
            .and_then(|g| g.position_encodings.as_ref());
        if offered.is_some_and(|o| o.contains(&PositionEncodingKind::UTF8)) {
            self.encoding = Encoding::Utf8;
        }
        self.watch_files = params
            .capabilities
            .workspace
            .as_ref()
            .and_then(|w| w.did_change_watched_files.as_ref())
            .and_then(|d| d.dynamic_registration)
            .unwrap_or(false);
        let options = params.initialization_options.unwrap_or(Value::Null);
        let options = match serde_json::from_value::<Option<Options>>(options) {
            Ok(options) => options.unwrap_or_default(),
            Err(e) => {
                self.show(&format!("sfcheck: initializationOptions: {e}"))?;
                Options::default()
            }
        };
        self.configs = Configs::new(options);
        let result = InitializeResult {
            capabilities: self.capabilities(),
            server_info: Some(ServerInfo {
                name: "sfcheck".to_owned(),
                version: Some(env!("CARGO_PKG_VERSION").to_owned()),
            }),
        };
        self.send(Response::new_ok(id, result))
    }

    fn capabilities(&self) -> ServerCapabilities {
        ServerCapabilities {
            position_encoding: Some(match self.encoding {
                Encoding::Utf8 => PositionEncodingKind::UTF8,
                Encoding::Utf16 => PositionEncodingKind::UTF16,
            }),
            text_document_sync: Some(TextDocumentSyncCapability::Options(
                TextDocumentSyncOptions {
                    open_close: Some(true),
                    change: Some(TextDocumentSyncKind::FULL),
                    save: Some(TextDocumentSyncSaveOptions::SaveOptions(SaveOptions {
                        include_text: Some(false),
                    })),
                    ..TextDocumentSyncOptions::default()
                },
            )),
            hover_provider: Some(lsp_types::HoverProviderCapability::Simple(true)),
            completion_provider: Some(CompletionOptions {
                trigger_characters: Some(vec!["<".to_owned()]),
                ..CompletionOptions::default()
            }),
            code_action_provider: Some(CodeActionProviderCapability::Options(CodeActionOptions {
                code_action_kinds: Some(vec![
                    CodeActionKind::QUICKFIX,
                    CodeActionKind::from(actions::FIX_ALL),
                ]),
                ..CodeActionOptions::default()
            })),
            ..ServerCapabilities::default()
        }
    }

    /// Handles one message; a panic while handling it is caught, a request's answered
    /// with an error, and the server goes on.
    fn dispatch(&mut self, message: Message) -> std::io::Result<()> {
        let (id, method) = match &message {
            Message::Request(r) => (Some(r.id.clone()), r.method.clone()),
            Message::Notification(n) => (None, n.method.clone()),
            Message::Response(_) => return Ok(()),
        };
        let outcome = catch_unwind(AssertUnwindSafe(|| match message {
            Message::Request(r) => self.request(r),
            Message::Notification(n) => self.notification(n),
            Message::Response(_) => Ok(()),
        }));
        match outcome {
            Ok(result) => result,
            Err(_) => {
                let text = format!("sfcheck: internal error in `{method}`; the server goes on");
                let _ = writeln!(self.err, "{text}");
                match id {
                    Some(id) => {
                        let code = ErrorCode::InternalError as i32;
                        self.send(Response::new_err(id, code, text))
                    }
                    None => Ok(()),
                }
            }
        }
    }

    fn request(&mut self, r: Request) -> std::io::Result<()> {
        let id = r.id.clone();
        let result: Result<Value, serde_json::Error> = match r.method.as_str() {
            req::Shutdown::METHOD => {
                self.shut_down = true;
                Ok(Value::Null)
            }
            req::CodeActionRequest::METHOD => serde_json::from_value(r.params).map(|p| {
                let a = actions::code_actions(&self.store, &mut self.configs, self.encoding, &p);
                serde_json::json!(a)
            }),
            req::HoverRequest::METHOD => {
                serde_json::from_value(r.params).map(|p: lsp_types::HoverParams| {
                    let at = p.text_document_position_params;
                    let found = self.store.get(&at.text_document.uri);
                    serde_json::json!(found.and_then(|d| hover::hover(
                        d,
                        self.encoding,
                        at.position
                    )))
                })
            }
            req::Completion::METHOD => {
                serde_json::from_value(r.params).map(|p: lsp_types::CompletionParams| {
                    let at = p.text_document_position;
                    let found = self.store.get(&at.text_document.uri);
                    serde_json::json!(found.map(|d| completion::complete(
                        d,
                        self.encoding,
                        at.position
                    )))
                })
            }
            #[cfg(debug_assertions)]
            "sfcheck/panic" => panic!("a panic asked for by a test"),
            _ => {
                let code = ErrorCode::MethodNotFound as i32;
                let text = format!("sfcheck: no method `{}`", r.method);
                return self.send(Response::new_err(id, code, text));
            }
        };
        match result {
            Ok(value) => self.send(Response::new_ok(id, value)),
            Err(e) => {
                let code = ErrorCode::InvalidParams as i32;
                self.send(Response::new_err(id, code, e.to_string()))
            }
        }
    }

    fn notification(&mut self, n: Notification) -> std::io::Result<()> {
        match n.method.as_str() {
            note::Initialized::METHOD => self.register_watcher(),
            note::DidOpenTextDocument::METHOD => {
                let Ok(p) =
                    serde_json::from_value::<lsp_types::DidOpenTextDocumentParams>(n.params)
                else {
                    return Ok(());
                };
                let doc = p.text_document;
                if self.store.open(&doc.uri, doc.text, doc.version).is_some() {
                    self.check(&doc.uri)?;
                }
                Ok(())
            }
            note::DidChangeTextDocument::METHOD => {
                let Ok(p) =
                    serde_json::from_value::<lsp_types::DidChangeTextDocumentParams>(n.params)
                else {
                    return Ok(());
                };
                let uri = p.text_document.uri;
                let Some(doc) = self.store.get_mut(&uri) else {
                    return Ok(());
                };
                // Full sync: the last change is the whole text.
                if let Some(change) = p.content_changes.into_iter().next_back() {
                    doc.text = change.text;
                    doc.version = p.text_document.version;
                    self.check(&uri)?;
                }
                Ok(())
            }
            note::DidCloseTextDocument::METHOD => {
                let Ok(p) =
                    serde_json::from_value::<lsp_types::DidCloseTextDocumentParams>(n.params)
                else {
                    return Ok(());
                };
                let uri = p.text_document.uri;
                if self.store.get(&uri).is_some() {
                    self.store.close(&uri);
                    self.publish(uri, None, Vec::new(), Vec::new())?;
                    // The app's other open files now read this one from disk.
                    self.check_all()?;
                }
                Ok(())
            }
            note::DidSaveTextDocument::METHOD => {
                let Ok(p) =
                    serde_json::from_value::<lsp_types::DidSaveTextDocumentParams>(n.params)
                else {
                    return Ok(());
                };
                if is_config(&p.text_document.uri) {
                    self.configs.reload();
                    self.check_all()?;
                }
                Ok(())
            }
            note::DidChangeWatchedFiles::METHOD => {
                let Ok(p) =
                    serde_json::from_value::<lsp_types::DidChangeWatchedFilesParams>(n.params)
                else {
                    return Ok(());
                };
                if p.changes.iter().any(|c| is_config(&c.uri)) {
                    self.configs.reload();
                }
                self.check_all()
            }
            _ => Ok(()),
        }
    }

    /// Asks the client to tell the server when a config or a metadata file changes on
    /// disk, where it can.
    fn register_watcher(&mut self) -> std::io::Result<()> {
        if !self.watch_files {
            return Ok(());
        }
        let watcher = |glob: &str| FileSystemWatcher {
            glob_pattern: GlobPattern::String(glob.to_owned()),
            kind: None,
        };
        let options = DidChangeWatchedFilesRegistrationOptions {
            watchers: vec![watcher("**/sfcheck.toml"), watcher("**/*-meta.xml")],
        };
        let params = RegistrationParams {
            registrations: vec![Registration {
                id: "sfcheck-watch".to_owned(),
                method: note::DidChangeWatchedFiles::METHOD.to_owned(),
                register_options: serde_json::to_value(options).ok(),
            }],
        };
        let request = Request::new(
            RequestId::from("sfcheck-watch".to_owned()),
            req::RegisterCapability::METHOD.to_owned(),
            params,
        );
        self.write(Message::Request(request))
    }

    /// Checks a document and publishes what it and the documents it affects give.
    fn check(&mut self, uri: &Uri) -> std::io::Result<()> {
        let (checked, problems) =
            analysis::check(&self.store, &mut self.configs, uri, self.encoding);
        for problem in problems {
            self.show(&problem)?;
        }
        for c in checked {
            let version = self.store.get(&c.uri).map(|d| d.version);
            self.publish(c.uri, version, c.findings, c.elsewhere)?;
        }
        Ok(())
    }

    /// Checks every open document again (a config or a file on disk changed).
    fn check_all(&mut self) -> std::io::Result<()> {
        let uris: Vec<Uri> = self.store.iter().map(|(u, _)| u.clone()).collect();
        for uri in uris {
            self.check(&uri)?;
        }
        Ok(())
    }

    fn publish(
        &mut self,
        uri: Uri,
        version: Option<i32>,
        findings: Vec<crate::finding::Finding>,
        elsewhere: Vec<Vec<lsp_types::DiagnosticRelatedInformation>>,
    ) -> std::io::Result<()> {
        let diagnostics = match self.store.get_mut(&uri) {
            Some(doc) => {
                let lines = super::documents::Lines::new(&doc.text, self.encoding);
                let d = findings
                    .iter()
                    .zip(
                        elsewhere
                            .into_iter()
                            .chain(std::iter::repeat_with(Vec::new)),
                    )
                    .map(|(f, more)| diagnostics::diagnostic(&uri, &lines, f, more))
                    .collect();
                doc.findings = findings;
                d
            }
            None => Vec::new(),
        };
        let params = PublishDiagnosticsParams {
            uri,
            diagnostics,
            version,
        };
        let method = note::PublishDiagnostics::METHOD.to_owned();
        self.write(Message::Notification(Notification::new(method, params)))
    }

    /// Tells the user something once, as a message the editor shows.
    fn show(&mut self, text: &str) -> std::io::Result<()> {
        let _ = writeln!(self.err, "{text}");
        let params = ShowMessageParams {
            typ: MessageType::ERROR,
            message: text.to_owned(),
        };
        let method = note::ShowMessage::METHOD.to_owned();
        self.write(Message::Notification(Notification::new(method, params)))
    }

    fn send(&mut self, response: Response) -> std::io::Result<()> {
        self.write(Message::Response(response))
    }

    fn write(&mut self, message: Message) -> std::io::Result<()> {
        message.write(&mut self.out)?;
        self.out.flush()
    }
}

/// Whether a URI names a `sfcheck.toml`.
fn is_config(uri: &Uri) -> bool {
    uri.as_str().ends_with(crate::config::FILE_NAME)
}
