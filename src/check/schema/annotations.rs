//! The `x-sfcheck-*` annotations a schema gives a failed keyword, and walking the
//! structure schema by instance pointer.

use serde_json::Value;

use crate::document::spans::lookup;
use crate::finding::Severity;

/// The `x-sfcheck-*` annotations that describe a failed keyword, read from the schema
/// object that holds it and, failing that, its ancestors.
#[derive(Debug, Default, Clone)]
pub(super) struct Annotations {
    pub(super) code: Option<String>,
    pub(super) message: Option<String>,
    pub(super) help: Option<String>,
    pub(super) severity: Option<Severity>,
}

impl Annotations {
    pub(super) fn at(root: &Value, fragment: &str) -> Self {
        let mut chain = vec![root];
        let mut node = root;
        for token in fragment.split('/').skip(1) {
            let token = jsonschema_unescape(token);
            let next = match node {
                Value::Object(m) => m.get(&token),
                Value::Array(a) => token.parse::<usize>().ok().and_then(|i| a.get(i)),
                _ => None,
            };
            match next {
                Some(n) => {
                    chain.push(n);
                    node = n;
                }
                None => break,
            }
        }
        let find = |key: &str| {
            chain
                .iter()
                .rev()
                .find_map(|n| n.get(key).and_then(Value::as_str).map(str::to_owned))
        };
        Self {
            code: find("x-sfcheck-code"),
            message: find("x-sfcheck-message"),
            help: find("x-sfcheck-help"),
            severity: find("x-sfcheck-severity").and_then(|s| match s.as_str() {
                "warning" => Some(Severity::Warning),
                "error" => Some(Severity::Error),
                _ => None,
            }),
        }
    }
}

fn jsonschema_unescape(token: &str) -> String {
    let decoded = percent_decode(token);
    crate::document::spans::unescape_token(&decoded)
}

fn percent_decode(s: &str) -> String {
    if !s.contains(['%', '+']) {
        return s.to_owned();
    }
    url::form_urlencoded::parse(s.replace('+', "%2B").as_bytes())
        .map(|(k, v)| {
            if v.is_empty() {
                k.into_owned()
            } else {
                format!("{k}={v}")
            }
        })
        .collect()
}

/// Walks the structure schema along an instance pointer, returning the property schema
/// (before its `$ref` is followed, where the label lives).
pub(super) fn structure_node<'a>(root: &'a Value, pointer: &str) -> Option<&'a Value> {
    let mut node = root;
    for token in pointer.split('/').skip(1) {
        let token = crate::document::spans::unescape_token(token);
        let container = follow_ref(root, node);
        node = if let Some(child) = container.get("properties").and_then(|p| p.get(&token)) {
            child
        } else if token.parse::<usize>().is_ok() {
            container.get("items").or_else(|| {
                // CallbackUrl: a string or a list; its list branch holds the items.
                container
                    .get("anyOf")?
                    .as_array()?
                    .iter()
                    .find_map(|b| b.get("items"))
            })?
        } else {
            return None;
        };
    }
    Some(node)
}

pub(super) fn follow_ref<'a>(root: &'a Value, node: &'a Value) -> &'a Value {
    let mut node = node;
    // Local refs only; a chain longer than a few hops is a cycle.
    for _ in 0..8 {
        match node
            .get("$ref")
            .and_then(Value::as_str)
            .and_then(|r| r.strip_prefix('#'))
        {
            Some(fragment) => match lookup(root, fragment) {
                Some(target) => node = target,
                None => break,
            },
            None => break,
        }
    }
    node
}
