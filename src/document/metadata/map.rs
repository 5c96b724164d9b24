//! Mapping an app's files onto the description model, setting by setting, as the field
//! table says: each value keeps the span of the element it came from, and an absent
//! element takes Salesforce's documented default.

use std::ops::Range;

use serde_json::{Map, Value};

use super::values;
use super::{Element, Kind, MetaApp};
use crate::document::Document;
use crate::document::sources::Sources;
use crate::document::spans::{NodeSpan, SpanMap};
use crate::finding::{Finding, Rule};
use crate::model::MISSING_KEY;
use crate::model::fields::{self, Absent, FIELDS, Field, Source, ValueKind};

/// `SF706`: see `docs/rules/SF706.md`.
pub static GLOBAL_SETTINGS_MISSING: Rule = crate::rule!("SF706", Warning);

/// `SF707`: see `docs/rules/SF707.md`.
pub static NO_DOCUMENTED_DEFAULT: Rule = crate::rule!("SF707", Error);

/// What building an app's document gave.
pub struct Built {
    pub document: Document,
    /// Findings of the mapping itself (scope tokens, absent elements).
    pub findings: Vec<Finding>,
    /// Pointers whose value is Salesforce's default for an absent element.
    pub defaulted: Vec<(String, bool)>,
    /// Whether the global OAuth settings file is missing.
    pub global_missing: bool,
}

/// The keys that only the global OAuth settings file can give: a finding on one of them
/// is moot when the file is missing (SF706 says so once).
pub fn from_global(pointer: &str) -> bool {
    ["/oauth/flows", "/oauth/security"]
        .iter()
        .any(|p| pointer == *p || pointer.starts_with(&format!("{p}/")))
        || FIELDS.iter().any(|f| {
            f.source.kind() == Some(Kind::Global)
                && (pointer == f.pointer || pointer.starts_with(&format!("{}/", f.pointer)))
        })
}

/// The state of one mapping: spans and findings so far, values in table order.
pub(super) struct Mapper<'a> {
    app: &'a MetaApp,
    starts: Vec<usize>,
    pub(super) spans: SpanMap,
    pub(super) findings: Vec<Finding>,
    defaulted: Vec<(String, bool)>,
    values: Vec<(&'static str, Value)>,
}

impl MetaApp {
    /// The app's files, header first, in one offset space.
    pub fn sources(&self) -> Sources<'_> {
        let mut sources = Sources::default();
        for file in &self.files {
            sources.add(&file.path, &file.text);
        }
        sources
    }

    /// Maps the app onto the description model; spans are offsets into `sources`
    /// (from [`MetaApp::sources`]).
    pub fn build(&self, sources: &Sources) -> Built {
        let mut m = Mapper {
            app: self,
            starts: sources.files().iter().map(|f| f.start).collect(),
            spans: SpanMap::default(),
            findings: Vec::new(),
            defaulted: Vec::new(),
            values: Vec::new(),
        };
        let root = m.root_span(Kind::Header).unwrap_or(0..0);
        m.span("", None, root.clone());
        let oauth = m
            .root_span(Kind::Global)
            .or_else(|| m.root_span(Kind::OauthSettings))
            .unwrap_or(root.clone());
        m.span("/oauth", Some(oauth.clone()), oauth);
        let global = m.root_span(Kind::Global);
        if let Some(g) = &global {
            for p in ["/oauth/flows", "/oauth/security"] {
                m.span(p, Some(g.clone()), g.clone());
            }
        }
        for field in FIELDS {
            m.field(field);
        }
        if global.is_none() {
            let listed = "the callback URL, Introspect all Tokens, Configure ID token, every flow and every security checkbox";
            m.findings.push(
                Finding::new(&GLOBAL_SETTINGS_MISSING, root, "", format!("no global OAuth settings file for `{}`: {listed} could not be checked", self.name))
                    .label("no `extlClntAppGlobalOauthSets/*.ecaGlblOauth-meta.xml` names this app")
                    .help("Fine if the file is kept out of git on purpose (it holds the consumer key); check the app where the file exists, e.g. after `sf project retrieve`."),
            );
        }
        let mut value = Map::new();
        for (pointer, v) in m.values {
            insert(&mut value, pointer, v);
        }
        Built {
            document: Document {
                value: Value::Object(value),
                spans: m.spans,
            },
            findings: m.findings,
            defaulted: m.defaulted,
            global_missing: global.is_none(),
        }
    }
}

/// Puts `value` at `pointer` (plain keys only), making the objects on the way.
fn insert(root: &mut Map<String, Value>, pointer: &str, value: Value) {
    let mut keys = pointer.trim_start_matches('/').split('/').peekable();
    let mut map = root;
    while let Some(key) = keys.next() {
        if keys.peek().is_none() {
            map.insert(key.to_owned(), value);
            return;
        }
        let next = map
            .entry(key.to_owned())
            .or_insert_with(|| Value::Object(Map::new()));
        let Value::Object(inner) = next else { return };
        map = inner;
    }
}

impl<'a> Mapper<'a> {
    fn file(&self, kind: Kind) -> Option<usize> {
        self.app.files.iter().position(|f| f.kind == kind)
    }

    /// A file-local span, moved into the app's text.
    pub(super) fn shift(&self, file: usize, r: &Range<usize>) -> Range<usize> {
        self.starts[file] + r.start..self.starts[file] + r.end
    }

    fn root_span(&self, kind: Kind) -> Option<Range<usize>> {
        let i = self.file(kind)?;
        Some(self.shift(i, &self.app.files[i].root_span))
    }

    pub(super) fn span(&mut self, pointer: &str, key: Option<Range<usize>>, value: Range<usize>) {
        self.spans.insert(pointer.into(), NodeSpan { key, value });
    }

    /// Records a value with the spans of its element.
    pub(super) fn put(&mut self, field: &Field, value: Value, file: usize, e: &Element) {
        let (key, span) = (
            self.shift(file, &e.name_span),
            self.shift(file, &e.text_span),
        );
        self.span(field.pointer, Some(key), span);
        self.values.push((field.pointer, value));
    }

    /// Records a value whose spans were worked out by the caller.
    pub(super) fn put_at(
        &mut self,
        field: &Field,
        value: Value,
        key: Range<usize>,
        span: Range<usize>,
    ) {
        self.span(field.pointer, Some(key), span);
        self.values.push((field.pointer, value));
    }

    fn element(&self, file: usize, name: &str) -> Option<&'a Element> {
        self.app.files[file]
            .elements
            .iter()
            .find(|e| e.name == name)
    }

    /// Maps one setting of the field table.
    fn field(&mut self, field: &'static Field) {
        let Some(kind) = field.source.kind() else {
            let root = self.root_span(Kind::Header).unwrap_or(0..0);
            self.put_at(
                field,
                Value::String(self.app.name.clone()),
                root.clone(),
                root,
            );
            return;
        };
        let file = self.file(kind);
        if file.is_none() && kind == Kind::Global {
            return; // SF706, once
        }
        let found = file.and_then(|i| match field.source {
            Source::Child(_, parent, child) => {
                let p = self.element(i, parent)?;
                let key = self.shift(i, &p.name_span);
                let parent_pointer = field.pointer.rsplit_once('/').map_or("", |(p, _)| p);
                self.span(parent_pointer, Some(key.clone()), key);
                p.children.iter().find(|c| c.name == child).map(|c| (i, c))
            }
            _ => self.element(i, field.source.element()?).map(|e| (i, e)),
        });
        match (field.source, found) {
            (Source::Present(..), Some((i, e))) if present(e) => {
                let key = self.shift(i, &e.name_span);
                self.put_at(field, Value::Bool(true), key.clone(), key);
            }
            (Source::Present(..), _) => self.absent(field, file),
            (_, Some((_, e))) if is_presence_of_another(field) && e.text.trim().is_empty() => {}
            (_, Some((i, e))) => self.read(field, i, e),
            (_, None) => self.absent(field, file),
        }
    }

    /// Reads a present element as the field's kind of value.
    fn read(&mut self, field: &'static Field, file: usize, e: &Element) {
        let text = e.text.trim();
        let value = match field.value {
            ValueKind::CallbackUrls => return values::callback_urls(self, field, file, e),
            ValueKind::Scopes => return values::scopes(self, field, file, e),
            ValueKind::Text | ValueKind::Secret => Value::String(text.to_owned()),
            ValueKind::Flag => match (text, field.source) {
                ("true", Source::Inverted(..)) => Value::Bool(false),
                ("false", Source::Inverted(..)) => Value::Bool(true),
                ("true", _) => Value::Bool(true),
                ("false", _) => Value::Bool(false),
                (other, _) => Value::String(other.to_owned()),
            },
            ValueKind::Integer => text
                .parse::<u64>()
                .map(Value::from)
                .unwrap_or_else(|_| Value::String(text.to_owned())),
        };
        self.put(field, value, file, e);
    }

    /// An element the file leaves out (or a file the app lacks).
    fn absent(&mut self, field: &'static Field, file: Option<usize>) {
        let element = field.source.element().unwrap_or_default();
        match field.absent {
            Absent::Documented(value) => {
                self.values.push((field.pointer, Value::Bool(value)));
                self.defaulted.push((field.pointer.into(), value));
            }
            Absent::Undocumented => {
                let at = file
                    .and_then(|i| self.root_span(self.app.files[i].kind))
                    .unwrap_or(0..0);
                self.findings.push(
                    Finding::new(&NO_DOCUMENTED_DEFAULT, at, field.pointer, format!("`<{element}>` is absent, and Salesforce documents no default for it"))
                        .label(format!("`<{element}>` is missing in here"))
                        .help(format!("Write `<{element}>true</{element}>` or `false` as you mean it; a retrieve writes every flag out.")),
                );
            }
            Absent::Nothing if field.value == ValueKind::Scopes => {
                values::no_scopes(self, field, file)
            }
            // The header's required elements; the structure schema reports the others.
            Absent::Nothing if field.required && field.source.kind() == Some(Kind::Header) => {
                let kind = Kind::Header;
                let at = self.root_span(kind).unwrap_or(0..0);
                self.findings.push(
                    Finding::new(
                        &MISSING_KEY,
                        at,
                        field.pointer,
                        format!("missing element `<{element}>` in `{}`", kind.root()),
                    )
                    .label(format!("`<{element}>` is missing in here"))
                    .help(format!(
                        "Add `<{element}>` to the {}, as Setup shows it.",
                        kind.file_title()
                    )),
                );
            }
            Absent::Nothing => {}
        }
    }

    pub(super) fn app_name(&self) -> &str {
        &self.app.name
    }

    pub(super) fn header_root(&self) -> Range<usize> {
        self.root_span(Kind::Header).unwrap_or(0..0)
    }

    pub(super) fn file_root(&self, file: Option<usize>) -> Option<Range<usize>> {
        file.and_then(|i| self.root_span(self.app.files[i].kind))
    }
}

/// An element that turns a setting on by being there: present with some content.
fn present(e: &Element) -> bool {
    !e.text.trim().is_empty() || !e.children.is_empty()
}

/// Whether another setting is ticked by this field's element being present (the
/// certificate): then an empty element counts as absent.
fn is_presence_of_another(field: &Field) -> bool {
    let (Some(kind), Some(element)) = (field.source.kind(), field.source.element()) else {
        return false;
    };
    fields::FIELDS
        .iter()
        .any(|f| f.source == Source::Present(kind, element))
}
