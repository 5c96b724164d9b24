//! Fixes written as metadata XML: an element's text replaced, or a missing element
//! inserted on its own line in the order Salesforce writes elements (the type's
//! documented order), with its siblings' indentation and the file's line ending.

use serde_json::Value;

use super::plan::Planner;
use super::{indent_before, line_ending, line_start, next_line};
use crate::document::metadata::{Element, Kind, MetaApp};
use crate::finding::{Edit, Fix};
use crate::model::fields::{Field, Source, ValueKind};
use crate::model::scopes::SCOPES;

/// Sets a setting kept as an element's text (inverted where the element is).
pub(super) fn set(p: &Planner, app: &MetaApp, field: &Field, value: &Value) -> Option<Fix> {
    let (kind, element, text) = match (field.source, value) {
        (Source::Element(kind, e), Value::Bool(b)) => (kind, e, b.to_string()),
        (Source::Inverted(kind, e), Value::Bool(b)) => (kind, e, (!b).to_string()),
        (Source::Element(kind, e), Value::String(s)) if field.value != ValueKind::Secret => {
            (kind, e, escape(s))
        }
        _ => return None,
    };
    set_element(p, app, kind, element, &text)
}

/// Writes the scopes as metadata tokens, separated as the file already separates them.
pub(super) fn set_scopes(p: &Planner, app: &MetaApp, wanted: &[Value]) -> Option<Fix> {
    let tokens: Option<Vec<&str>> = wanted
        .iter()
        .map(|w| {
            SCOPES
                .iter()
                .find(|s| Some(s.name) == w.as_str())
                .map(|s| s.token)
        })
        .collect();
    let tokens = tokens?;
    let file = app
        .files
        .iter()
        .position(|f| f.kind == Kind::OauthSettings)?;
    let current = find(&app.files[file].elements, "commaSeparatedOauthScopes");
    let sep = match current {
        Some(e) if !e.text.contains(", ") && e.text.contains(',') => ",",
        _ => ", ",
    };
    let text = tokens.join(sep);
    if current.is_some_and(|e| e.text.trim() == text) {
        return None;
    }
    set_element(
        p,
        app,
        Kind::OauthSettings,
        "commaSeparatedOauthScopes",
        &text,
    )
}

fn find<'a>(elements: &'a [Element], name: &str) -> Option<&'a Element> {
    elements.iter().find(|e| e.name == name)
}

fn set_element(p: &Planner, app: &MetaApp, kind: Kind, name: &str, value: &str) -> Option<Fix> {
    let i = app.files.iter().position(|f| f.kind == kind)?;
    let file = &app.files[i];
    let base = p.sources.start(i);
    let text = file.text.as_str();
    let shift = |r: std::ops::Range<usize>| base + r.start..base + r.end;
    if let Some(e) = find(&file.elements, name) {
        if !e.children.is_empty() {
            return None;
        }
        // No text: the span is the whole element (`<isPkceRequired/>`), rewritten whole.
        let range = if e.text.trim().is_empty() {
            let whole = e.text_span.clone();
            return Some(Fix {
                edits: vec![Edit {
                    range: shift(whole),
                    text: format!("<{name}>{value}</{name}>"),
                }],
            });
        } else {
            e.text_span.clone()
        };
        return Some(Fix {
            edits: vec![Edit {
                range: shift(range),
                text: value.to_owned(),
            }],
        });
    }
    let order = kind.fields();
    let at = order.iter().position(|n| *n == name)?;
    let eol = line_ending(text);
    let line = |indent: &str| format!("{indent}<{name}>{value}</{name}>");
    let before = order[..at]
        .iter()
        .rev()
        .find_map(|n| find(&file.elements, n));
    let pos_text = if let Some(e) = before {
        let indent = indent_before(text, e.name_span.start - 1)?;
        let pos = next_line(text, end_of(text, e)?);
        (pos, format!("{}{eol}", line(indent)))
    } else {
        // The first element in order: before the first one the file has after it, or
        // as the root's first child.
        let after = file.elements.iter().find(|e| {
            order
                .iter()
                .position(|n| *n == e.name)
                .is_some_and(|j| j > at)
        })?;
        let indent = indent_before(text, after.name_span.start - 1)?;
        let pos = line_start(text, after.name_span.start);
        (pos, format!("{}{eol}", line(indent)))
    };
    Some(Fix {
        edits: vec![Edit {
            range: base + pos_text.0..base + pos_text.0,
            text: pos_text.1,
        }],
    })
}

/// Where an element ends: after its end tag, or its text span when that is the
/// whole (empty) element.
fn end_of(text: &str, e: &Element) -> Option<usize> {
    if e.text.trim().is_empty() {
        return Some(e.text_span.end);
    }
    let close = format!("</{}", e.name);
    let from = e.text_span.end;
    let at = from + text[from..].find(&close)?;
    Some(at + text[at..].find('>')? + 1)
}

fn escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}
