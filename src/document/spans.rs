//! Byte spans, line/column lookup and JSON-pointer keyed span maps.

use std::collections::HashMap;
use std::ops::Range;

/// The source positions of one node of a document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NodeSpan {
    /// The span of the mapping key that holds this node, if it is held by a key.
    pub key: Option<Range<usize>>,
    /// The span of the node's value (for containers, from the first to the last child).
    pub value: Range<usize>,
}

impl NodeSpan {
    /// The span to underline for a finding about the value: the value itself, or the key
    /// when the value is empty (`callbackUrl:` with nothing after it).
    pub fn value_or_key(&self) -> Range<usize> {
        match &self.key {
            Some(key) if self.value.is_empty() => key.clone(),
            _ => self.value.clone(),
        }
    }

    /// The span to underline for a finding about the key: the key, or the value for a list item.
    pub fn key_or_value(&self) -> Range<usize> {
        self.key.clone().unwrap_or_else(|| self.value.clone())
    }
}

/// Every node's span, keyed by its JSON pointer (RFC 6901).
#[derive(Debug, Default, Clone)]
pub struct SpanMap {
    /// foldhash, not SipHash: every node is put in and most are looked up, and foldhash
    /// is seeded at random per run, so a file cannot choose keys that collide.
    map: HashMap<String, NodeSpan, foldhash::fast::RandomState>,
}

impl SpanMap {
    /// Records the span of the node at `pointer`.
    pub fn insert(&mut self, pointer: String, span: NodeSpan) {
        self.map.insert(pointer, span);
    }

    /// The span of the node at `pointer`, or of its nearest ancestor that has one
    /// (nodes copied through a YAML alias only have the alias' span).
    pub fn nearest(&self, pointer: &str) -> Option<&NodeSpan> {
        let mut p = pointer;
        loop {
            if let Some(span) = self.map.get(p) {
                return Some(span);
            }
            p = parent_pointer(p)?;
        }
    }

    /// Every node's pointer and span, in no order.
    pub fn iter(&self) -> impl Iterator<Item = (&str, &NodeSpan)> {
        self.map.iter().map(|(p, s)| (p.as_str(), s))
    }

    /// The span of exactly the node at `pointer`.
    pub fn get(&self, pointer: &str) -> Option<&NodeSpan> {
        self.map.get(pointer)
    }
}

/// Escapes one reference token of a JSON pointer (`~` → `~0`, `/` → `~1`).
pub fn escape_token(token: &str) -> String {
    if needs_escape(token) {
        token.replace('~', "~0").replace('/', "~1")
    } else {
        token.to_owned()
    }
}

/// Whether a key holds `~` or `/`, which a pointer token escapes.
fn needs_escape(token: &str) -> bool {
    memchr::memchr2(b'~', b'/', token.as_bytes()).is_some()
}

/// The pointer of the child `token` (a key, escaped here) of the node at `parent`. Built
/// by hand: every node of every file gets one, and `format!` costs several times more.
pub fn child_pointer(parent: &str, token: &str) -> String {
    let mut pointer = String::with_capacity(parent.len() + 1 + token.len());
    pointer.push_str(parent);
    pointer.push('/');
    if needs_escape(token) {
        pointer.push_str(&escape_token(token));
    } else {
        pointer.push_str(token);
    }
    pointer
}

/// The pointer of item `index` of the list at `parent`.
pub fn item_pointer(parent: &str, index: usize) -> String {
    let mut digits = [0u8; 20];
    let mut at = digits.len();
    let mut n = index;
    loop {
        at -= 1;
        digits[at] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    let digits = std::str::from_utf8(&digits[at..]).expect("ASCII digits");
    let mut pointer = String::with_capacity(parent.len() + 1 + digits.len());
    pointer.push_str(parent);
    pointer.push('/');
    pointer.push_str(digits);
    pointer
}

/// Reverses [`escape_token`].
pub fn unescape_token(token: &str) -> String {
    if token.contains('~') {
        token.replace("~1", "/").replace("~0", "~")
    } else {
        token.to_owned()
    }
}

/// The value at a JSON pointer, as `serde_json::Value::pointer` finds it, without its
/// copy of every reference token: rules look fields up in every file.
pub fn lookup<'a>(value: &'a serde_json::Value, pointer: &str) -> Option<&'a serde_json::Value> {
    use serde_json::Value;
    if pointer.is_empty() {
        return Some(value);
    }
    let mut node = value;
    for raw in pointer.strip_prefix('/')?.split('/') {
        let token = if raw.contains('~') {
            std::borrow::Cow::Owned(unescape_token(raw))
        } else {
            std::borrow::Cow::Borrowed(raw)
        };
        node = match node {
            Value::Object(map) => map.get(token.as_ref())?,
            Value::Array(list) => list.get(index(&token)?)?,
            _ => return None,
        };
    }
    Some(node)
}

/// A list index in a pointer: digits, and no leading zero (RFC 6901).
fn index(token: &str) -> Option<usize> {
    if token.starts_with('+') || (token.starts_with('0') && token.len() != 1) {
        return None;
    }
    token.parse().ok()
}

/// The pointer of the parent node, or `None` for the root.
pub fn parent_pointer(pointer: &str) -> Option<&str> {
    if pointer.is_empty() {
        None
    } else {
        Some(&pointer[..pointer.rfind('/').unwrap_or(0)])
    }
}

/// The last reference token of a pointer, unescaped.
pub fn last_token(pointer: &str) -> String {
    unescape_token(&pointer[pointer.rfind('/').map_or(0, |i| i + 1)..])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lookup_finds_what_serde_json_finds() {
        let value = serde_json::json!({
            "a": {"b~c": [1, {"d/e": true}], "": 2},
            "list": [[0], "x"],
        });
        for pointer in [
            "",
            "/a",
            "/a/b~0c",
            "/a/b~0c/1/d~1e",
            "/a/",
            "/a/b~0c/01",
            "/a/b~0c/+1",
            "/a/b~0c/2",
            "/a/b~01c",
            "/list/0/0",
            "/list/1/x",
            "a",
            "/missing",
            "/a/b~1c",
            "/list/-",
        ] {
            assert_eq!(lookup(&value, pointer), value.pointer(pointer), "{pointer}");
        }
    }

    #[test]
    fn pointer_helpers() {
        assert_eq!(parent_pointer("/oauth/flows/device"), Some("/oauth/flows"));
        assert_eq!(parent_pointer("/name"), Some(""));
        assert_eq!(parent_pointer(""), None);
        assert_eq!(escape_token("a/b~c"), "a~1b~0c");
        assert_eq!(last_token("/x/a~1b~0c"), "a/b~c");
        assert_eq!(child_pointer("/oauth", "a/b~c"), "/oauth/a~1b~0c");
        assert_eq!(child_pointer("", "name"), "/name");
        for i in [0, 7, 10, 1234, usize::MAX] {
            assert_eq!(
                item_pointer("/oauth/scopes", i),
                format!("/oauth/scopes/{i}")
            );
        }
    }
}
