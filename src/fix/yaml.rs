//! Fixes written as YAML: a scalar replaced in its own quoting style, a key renamed, a
//! missing key inserted on its own line where the field table puts it, with the
//! indentation of its siblings and the file's line ending.

use serde_json::Value;

use super::{indent_before, line_ending, line_start, next_line};
use crate::document::Document;
use crate::document::NodeSpan;
use crate::document::spans::{escape_token, last_token, parent_pointer};
use crate::finding::{Edit, Fix};
use crate::model::fields::FIELDS;

fn one(range: std::ops::Range<usize>, text: String) -> Option<Fix> {
    Some(Fix {
        edits: vec![Edit { range, text }],
    })
}

/// Replaces a scalar value; a quoted text stays quoted the same way. A container, a
/// block scalar or an alias is left alone.
pub(super) fn replace_value(text: &str, span: &NodeSpan, value: &Value) -> Option<Fix> {
    if span.value.is_empty() {
        // `device:` with nothing after it: the value goes after the colon.
        let key = span.key.clone()?;
        let colon = key.end + text[key.end..].find(':')?;
        return one(colon + 1..colon + 1, format!(" {}", scalar(value, None)?));
    }
    let old = text.get(span.value.clone())?;
    if old.starts_with(['[', '{', '|', '>', '*', '&', '!']) || old.contains('\n') {
        return None;
    }
    let quote = old.chars().next().filter(|c| matches!(c, '"' | '\''));
    one(span.value.clone(), scalar(value, quote)?)
}

/// Renames a key in its own quoting style.
pub(super) fn rename_key(text: &str, key: std::ops::Range<usize>, new: &str) -> Option<Fix> {
    let old = text.get(key.clone())?;
    let quote = old.chars().next().filter(|c| matches!(c, '"' | '\''));
    one(key, quoted(new, quote))
}

/// A scalar as YAML writes it: booleans and numbers bare, text in the quotes the old
/// value had, or plain when plain reads back as the same text.
pub(super) fn scalar(value: &Value, quote: Option<char>) -> Option<String> {
    match value {
        Value::Bool(b) => Some(b.to_string()),
        Value::Number(n) => Some(n.to_string()),
        Value::String(s) => Some(quoted(s, quote)),
        Value::Array(items) => {
            let items: Option<Vec<String>> = items.iter().map(|v| scalar(v, None)).collect();
            Some(format!("[{}]", items?.join(", ")))
        }
        _ => None,
    }
}

fn quoted(s: &str, quote: Option<char>) -> String {
    match quote {
        Some('\'') => format!("'{}'", s.replace('\'', "''")),
        Some(_) => Value::String(s.to_owned()).to_string(),
        None if crate::document::yaml::plain_scalar(s) == Value::String(s.to_owned())
            && !s.is_empty()
            && !s.starts_with(|c: char| "-?:,[]{}#&*!|>'\"%@`".contains(c) || c == ' ')
            && !s.contains(": ")
            && !s.contains(" #")
            && !s.ends_with([' ', ':']) =>
        {
            s.to_owned()
        }
        None => Value::String(s.to_owned()).to_string(),
    }
}

/// The keys of the object at `parent`, in the field table's order.
fn canonical_keys(parent: &str) -> Vec<String> {
    let mut keys: Vec<String> = Vec::new();
    for f in FIELDS {
        let Some(rest) = f
            .pointer
            .strip_prefix(parent)
            .and_then(|r| r.strip_prefix('/'))
        else {
            continue;
        };
        let key = rest.split('/').next().unwrap_or_default().to_owned();
        if !keys.contains(&key) {
            keys.push(key);
        }
    }
    keys
}

/// Inserts a missing key on its own line: after the nearest sibling the field table
/// puts before it, or else before the nearest one it puts after it.
pub(super) fn insert_key(text: &str, doc: &Document, pointer: &str, value: &Value) -> Option<Fix> {
    let parent = parent_pointer(pointer)?;
    let key = last_token(pointer);
    let object = doc.value.pointer(parent)?.as_object()?;
    if parent.is_empty() {
        if text.trim_start().starts_with('{') {
            return None;
        }
    } else if text
        .get(doc.spans.get(parent)?.value.clone())?
        .starts_with('{')
    {
        return None;
    }
    let order = canonical_keys(parent);
    let at = order.iter().position(|k| *k == key)?;
    let present = |k: &String| {
        object
            .contains_key(k)
            .then(|| doc.spans.get(&format!("{parent}/{k}")))
            .flatten()
    };
    let eol = line_ending(text);
    let rendered = scalar(value, None)?;
    if let Some(before) = order[..at].iter().rev().find_map(present) {
        let key_span = before.key.clone()?;
        let indent = indent_before(text, key_span.start)?;
        let end = before.value.end.max(key_span.end);
        let pos = next_line(text, end);
        let line = format!("{indent}{key}: {rendered}");
        return if pos == text.len() && !text.ends_with('\n') {
            one(pos..pos, format!("{eol}{line}"))
        } else {
            one(pos..pos, format!("{line}{eol}"))
        };
    }
    // Nothing the table puts before it is there: it goes first, before the mapping's
    // first key as the file has it (which may be a misspelt one, renamed in this round).
    let first = object
        .keys()
        .filter_map(|k| {
            doc.spans
                .get(&format!("{parent}/{}", escape_token(k)))?
                .key
                .clone()
        })
        .min_by_key(|k| k.start)?;
    let indent = indent_before(text, first.start)?;
    let pos = line_start(text, first.start);
    one(pos..pos, format!("{indent}{key}: {rendered}{eol}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_keeps_its_quotes_and_is_quoted_only_when_plain_would_change_it() {
        let text = |s: &str| Value::String(s.to_owned());
        assert_eq!(scalar(&text("Local"), None).unwrap(), "Local");
        assert_eq!(scalar(&text("Local"), Some('\'')).unwrap(), "'Local'");
        assert_eq!(scalar(&text("Local"), Some('"')).unwrap(), "\"Local\"");
        assert_eq!(scalar(&text("it's"), Some('\'')).unwrap(), "'it''s'");
        assert_eq!(scalar(&text("true"), None).unwrap(), "\"true\"");
        assert_eq!(scalar(&text("a: b"), None).unwrap(), "\"a: b\"");
        assert_eq!(
            scalar(&text("https://x.example/a#b"), None).unwrap(),
            "https://x.example/a#b"
        );
        assert_eq!(scalar(&Value::Bool(false), Some('"')).unwrap(), "false");
        let list = Value::Array(vec![text("api"), text("web")]);
        assert_eq!(scalar(&list, None).unwrap(), "[api, web]");
    }
}
