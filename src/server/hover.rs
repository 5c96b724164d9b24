//! Hover: on a finding, its rule's explanation; on a YAML key or a metadata element,
//! the setting's card as `sfcheck explain` prints it.

use lsp_types::{Hover, HoverContents, MarkupContent, MarkupKind, Position};

use super::documents::{Doc, Encoding, Kind, Lines};
use crate::document::metadata::{self, Classified};
use crate::document::{Limits, yaml};
use crate::model::fields::{self, FIELDS, Field};

/// What to show at `position` of `doc`, if anything.
pub fn hover(doc: &Doc, encoding: Encoding, position: Position) -> Option<Hover> {
    let lines = Lines::new(&doc.text, encoding);
    let at = lines.offset(position);
    let mut parts: Vec<String> = Vec::new();
    let mut codes: Vec<&str> = Vec::new();
    for f in &doc.findings {
        if f.span.start <= at && at <= f.span.end && !codes.contains(&f.code.as_str()) {
            codes.push(&f.code);
            if let Some(rule) = crate::catalogue::find(&f.code) {
                parts.push(rule.doc.trim_end().to_owned());
            }
        }
    }
    let field = match doc.kind {
        Kind::Yaml => yaml_field(&doc.text, at),
        Kind::Metadata => element_field(doc, at),
    };
    if let Some(field) = field {
        parts.push(format!("```text\n{}```", crate::explain::card(field)));
    }
    if parts.is_empty() {
        return None;
    }
    Some(Hover {
        contents: HoverContents::Markup(MarkupContent {
            kind: MarkupKind::Markdown,
            value: parts.join("\n\n---\n\n"),
        }),
        range: None,
    })
}

/// The setting whose key is under the cursor.
fn yaml_field(text: &str, at: usize) -> Option<&'static Field> {
    let (text, at) = match text.strip_prefix('\u{feff}') {
        Some(rest) => (rest, at.checked_sub('\u{feff}'.len_utf8())?),
        None => (text, at),
    };
    let (doc, _) = yaml::parse(text, Limits::default());
    let doc = doc?;
    let (pointer, _) = doc.spans.iter().find(|(_, span)| {
        span.key
            .as_ref()
            .is_some_and(|k| k.start <= at && at <= k.end)
    })?;
    fields::at(pointer)
}

/// The setting whose element's name is under the cursor, in the file's own type.
fn element_field(doc: &Doc, at: usize) -> Option<&'static Field> {
    let name = element_at(&doc.text, at)?;
    let Classified::Meta(kind, _) = metadata::classify(&doc.path) else {
        return None;
    };
    FIELDS
        .iter()
        .find(|f| f.source.kind() == Some(kind) && f.source.element() == Some(name))
}

/// The name of the tag (`<name` or `</name`) the cursor is in.
fn element_at(text: &str, at: usize) -> Option<&str> {
    let at = crate::finding::floor_char_boundary(text, at);
    let open = text[..at].rfind('<')?;
    if text[open..at].contains('>') {
        return None;
    }
    let rest = &text[open + 1..];
    let rest = rest.strip_prefix('/').unwrap_or(rest);
    let start = text.len() - rest.len();
    let len = rest
        .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_' || c == ':'))
        .unwrap_or(rest.len());
    (at <= start + len).then(|| &rest[..len])
}
