//! Completion of YAML keys, metadata elements and scope names where they may stand,
//! from the field table and the scope table.

use lsp_types::{CompletionItem, CompletionItemKind, Documentation, Position};

use super::documents::{Doc, Encoding, Kind, Lines};
use crate::document::metadata::{self, Classified};
use crate::model::fields::{FIELDS, Field, Source, ValueKind};
use crate::model::scopes::SCOPES;

/// The completions at `position` of `doc`.
pub fn complete(doc: &Doc, encoding: Encoding, position: Position) -> Vec<CompletionItem> {
    let lines = Lines::new(&doc.text, encoding);
    let at = lines.offset(position);
    let line_start = lines.offset(Position::new(position.line, 0));
    let before = &doc.text[line_start..at];
    match doc.kind {
        Kind::Yaml => yaml(&doc.text[..line_start], before),
        Kind::Metadata => xml(doc, &doc.text[..at]),
    }
}

/// A YAML key where a key may be typed, a scope name in the scopes' list.
fn yaml(above: &str, before: &str) -> Vec<CompletionItem> {
    let indent = before.len() - before.trim_start().len();
    let typed = before.trim_start();
    let parent = parent_pointer(above, indent);
    let in_scopes = parent == "/oauth/scopes"
        || typed
            .strip_prefix("scopes:")
            .is_some_and(|r| r.contains('[') && parent == "/oauth");
    if in_scopes {
        return SCOPES
            .iter()
            .map(|s| item(s.name, s.label, None, CompletionItemKind::ENUM_MEMBER))
            .collect();
    }
    if !typed.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') {
        return Vec::new();
    }
    let mut keys: Vec<(&str, Option<&'static Field>)> = Vec::new();
    for f in FIELDS.iter().filter(|f| f.value != ValueKind::Secret) {
        let Some(rest) = f.pointer.strip_prefix(parent.as_str()) else {
            continue;
        };
        let Some(rest) = rest.strip_prefix('/') else {
            continue;
        };
        let key = rest.split('/').next().unwrap_or(rest);
        let leaf = (key == rest).then_some(f);
        if !keys.iter().any(|(k, _)| *k == key) {
            keys.push((key, leaf));
        }
    }
    keys.into_iter()
        .map(|(key, leaf)| match leaf {
            Some(f) => item(key, f.label, Some(f), CompletionItemKind::PROPERTY),
            None => item(key, "a group of settings", None, CompletionItemKind::MODULE),
        })
        .collect()
}

/// The pointer of the mapping a key indented by `indent` belongs to, from the keys
/// above it that are indented less.
fn parent_pointer(above: &str, indent: usize) -> String {
    let mut chain: Vec<&str> = Vec::new();
    let mut limit = indent;
    for line in above.lines().rev() {
        let body = line.trim_start();
        let depth = line.len() - body.len();
        if body.is_empty() || body.starts_with('#') || depth >= limit {
            continue;
        }
        let body = body.trim_start_matches("- ");
        let Some((key, value)) = body.split_once(':') else {
            continue;
        };
        let value = value.trim();
        if value.is_empty() || value.starts_with('#') {
            chain.push(key.trim().trim_matches(['"', '\'']));
            limit = depth;
        }
        if depth == 0 {
            break;
        }
    }
    chain.iter().rev().map(|k| format!("/{k}")).collect()
}

/// An element of the file's type after `<`, a scope token in the scopes' element.
fn xml(doc: &Doc, before: &str) -> Vec<CompletionItem> {
    let Classified::Meta(kind, _) = metadata::classify(&doc.path) else {
        return Vec::new();
    };
    let open = before.rfind('<');
    let in_tag = open.is_some_and(|o| !before[o..].contains('>'));
    if in_tag {
        let mut items: Vec<CompletionItem> = Vec::new();
        for f in FIELDS.iter().filter(|f| f.source.kind() == Some(kind)) {
            let element = match f.source {
                Source::Child(_, parent, _) => parent,
                _ => f.source.element().unwrap_or_default(),
            };
            if !items.iter().any(|i| i.label == element) {
                items.push(item(
                    element,
                    f.label,
                    Some(f),
                    CompletionItemKind::PROPERTY,
                ));
            }
        }
        return items;
    }
    let scopes = FIELDS
        .iter()
        .find(|f| f.value == ValueKind::Scopes && f.source.kind() == Some(kind))
        .and_then(|f| f.source.element());
    let inside = open
        .map(|o| &before[o..])
        .and_then(|tag| tag.strip_prefix('<'))
        .map(|tag| tag.split(['>', ' ']).next().unwrap_or_default());
    match (scopes, inside) {
        (Some(element), Some(name)) if element == name => SCOPES
            .iter()
            .map(|s| item(s.token, s.label, None, CompletionItemKind::ENUM_MEMBER))
            .collect(),
        _ => Vec::new(),
    }
}

fn item(
    label: &str,
    detail: &str,
    field: Option<&Field>,
    kind: CompletionItemKind,
) -> CompletionItem {
    CompletionItem {
        label: label.to_owned(),
        kind: Some(kind),
        detail: Some(detail.to_owned()),
        documentation: field.map(|f| Documentation::String(crate::explain::card(f))),
        ..CompletionItem::default()
    }
}
