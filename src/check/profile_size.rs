//! How large a profile is with its `$ref`s expanded. A profile of a kilobyte can double
//! itself at each of twenty levels (`anyOf` of two `$ref`s to the next level), in one
//! file or through other local files, and make validation take minutes and gigabytes; it
//! is refused before it is compiled. A `$ref` the count cannot follow is refused too.

use std::collections::HashMap;
use std::sync::Arc;

use serde_json::Value;

/// The most schema nodes a profile may expand to. The built-in profile, with the
/// structure schema it refers to counted once, is a few hundred.
pub const MAX_EXPANDED_NODES: u64 = 100_000;

/// The longest chain of `$ref`s followed; a longer one counts as too large.
const MAX_REF_DEPTH: usize = 64;

/// The most schema files a profile may bring in through its `$ref`s.
const MAX_DOCUMENTS: usize = 64;

/// The number of nodes of `schema` (read from `base_uri`) with every `$ref` expanded,
/// into the same document or another local file (each target's size is worked out
/// once), capped just past [`MAX_EXPANDED_NODES`]. An error says what cannot be
/// measured: a `$ref` to an anchor, to nothing, or to a file that cannot be read; a
/// `$id` inside the schema.
pub fn expanded_size(schema: &Value, base_uri: &str) -> Result<u64, String> {
    let root = Arc::new(schema.clone());
    let mut sizer = Sizer {
        documents: HashMap::from([(base_uri.to_owned(), root.clone())]),
        memo: HashMap::new(),
        error: None,
        root: super::profile::ref_root(base_uri),
    };
    let base = Base {
        uri: document_base(base_uri, &root)?,
        root: root.clone(),
    };
    let n = sizer.size(&root, &base, 0);
    match sizer.error {
        Some(e) => Err(e),
        None => Ok(n),
    }
}

struct Sizer {
    /// Each schema document by URI: the profile and every file its `$ref`s load.
    documents: HashMap<String, Arc<Value>>,
    /// Size by absolute `$ref` target; a target being worked out counts as 1 (a cycle).
    memo: HashMap<String, u64>,
    /// The first `$ref` that could not be followed.
    error: Option<String>,
    /// The folder `$ref`s may read from.
    root: Option<std::path::PathBuf>,
}

/// The document a node lies in, and the URI its relative `$ref`s resolve against.
struct Base {
    uri: url::Url,
    root: Arc<Value>,
}

impl Sizer {
    fn size(&mut self, node: &Value, base: &Base, depth: usize) -> u64 {
        let over = MAX_EXPANDED_NODES + 1;
        if depth > MAX_REF_DEPTH || self.error.is_some() {
            return over;
        }
        let mut total: u64 = 1;
        match node {
            Value::Object(map) => {
                if map.contains_key("$id") && !std::ptr::eq(node, base.root.as_ref()) {
                    self.error = Some(
                        "a `$id` inside the schema moves its `$ref`s where the count does not follow"
                            .into(),
                    );
                    return over;
                }
                for (key, child) in map {
                    if let ("$ref" | "$dynamicRef", Value::String(target)) = (key.as_str(), child) {
                        total = total.saturating_add(self.target(target, base, depth));
                    } else {
                        total = total.saturating_add(self.size(child, base, depth));
                    }
                    if total > over {
                        return over;
                    }
                }
            }
            Value::Array(items) => {
                for child in items {
                    total = total.saturating_add(self.size(child, base, depth));
                    if total > over {
                        return over;
                    }
                }
            }
            _ => {}
        }
        total
    }

    fn target(&mut self, target: &str, base: &Base, depth: usize) -> u64 {
        let over = MAX_EXPANDED_NODES + 1;
        let (uri, fragment) = target.split_once('#').unwrap_or((target, ""));
        let Ok(mut absolute) = base.uri.join(uri) else {
            return self.refuse(target, "is not a URI reference");
        };
        absolute.set_fragment(None);
        let key = format!("{absolute}#{fragment}");
        if let Some(&n) = self.memo.get(&key) {
            return n;
        }
        let Some(pointer) = decode(fragment).filter(|p| p.is_empty() || p.starts_with('/')) else {
            return self.refuse(target, "names an anchor, which the count does not follow");
        };
        let document = if uri.is_empty() {
            base.root.clone()
        } else {
            match self.document(&absolute) {
                Ok(d) => d,
                Err(e) => return self.refuse(target, &e),
            }
        };
        let Some(node) = document.pointer(&pointer) else {
            return self.refuse(target, "points at nothing");
        };
        let next = Base {
            uri: match document_base(absolute.as_str(), &document) {
                Ok(u) if !uri.is_empty() => u,
                Ok(_) => base.uri.clone(),
                Err(e) => return self.refuse(target, &e),
            },
            root: document.clone(),
        };
        self.memo.insert(key.clone(), 1);
        let n = self.size(node, &next, depth + 1).min(over);
        self.memo.insert(key, n);
        n
    }

    /// A local schema file, read once, with the same rules as compiling it.
    fn document(&mut self, uri: &url::Url) -> Result<Arc<Value>, String> {
        if let Some(d) = self.documents.get(uri.as_str()) {
            return Ok(d.clone());
        }
        if self.documents.len() >= MAX_DOCUMENTS {
            return Err(format!(
                "is one more file than the {MAX_DOCUMENTS} a profile may bring in"
            ));
        }
        let value = super::profile::local_schema(uri, self.root.as_deref())?;
        self.documents.insert(uri.to_string(), value.clone());
        Ok(value)
    }

    fn refuse(&mut self, target: &str, why: &str) -> u64 {
        self.error
            .get_or_insert_with(|| format!("`$ref` `{target}` {why}"));
        MAX_EXPANDED_NODES + 1
    }
}

/// The URI a document's relative `$ref`s resolve against: its root `$id`, if it has
/// one, taken relative to where it was read.
fn document_base(uri: &str, document: &Value) -> Result<url::Url, String> {
    let read_from = url::Url::parse(uri).map_err(|e| format!("has no usable URI ({e})"))?;
    match document.get("$id").and_then(Value::as_str) {
        Some(id) => read_from
            .join(id)
            .map_err(|e| format!("has a `$id` that is not a URI ({e})")),
        None => Ok(read_from),
    }
}

/// A URI fragment with its `%XX` escapes decoded; `None` if they are not UTF-8.
fn decode(fragment: &str) -> Option<String> {
    let bytes = fragment.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = bytes
            .get(i + 1..i + 3)
            .and_then(|h| std::str::from_utf8(h).ok())
            .and_then(|h| u8::from_str_radix(h, 16).ok());
        match (bytes[i], hex) {
            (b'%', Some(b)) => {
                out.push(b);
                i += 3;
            }
            (b, _) => {
                out.push(b);
                i += 1;
            }
        }
    }
    String::from_utf8(out).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    const BASE: &str = "file:///profiles/p.schema.json";

    #[test]
    fn doubling_refs_are_counted_expanded() {
        let mut defs = serde_json::Map::new();
        for i in 0..24 {
            let next = format!("#/$defs/a{}", i + 1);
            defs.insert(
                format!("a{i}"),
                serde_json::json!({"anyOf": [{"$ref": next}, {"$ref": next}]}),
            );
        }
        defs.insert("a24".into(), serde_json::json!({"type": "string"}));
        let schema = serde_json::json!({"$ref": "#/$defs/a0", "$defs": defs});
        assert!(expanded_size(&schema, BASE).unwrap() > MAX_EXPANDED_NODES);
        let small = serde_json::json!({"$ref": "#/$defs/a", "$defs": {"a": {"$ref": "#/$defs/a"}}});
        assert!(expanded_size(&small, BASE).unwrap() < 10);
        let escaped =
            serde_json::json!({"$ref": "#/%24defs/a", "$defs": {"a": {"type": "string"}}});
        assert_eq!(expanded_size(&escaped, BASE), Ok(6));
    }

    #[test]
    fn the_embedded_structure_schema_is_counted() {
        let schema = serde_json::json!({"$ref": "external-client-app.schema.json"});
        let n = expanded_size(&schema, BASE).unwrap();
        assert!(n > 100 && n < MAX_EXPANDED_NODES, "{n}");
    }

    #[test]
    fn what_cannot_be_followed_is_said() {
        let anchor = serde_json::json!({"$ref": "#a", "$defs": {"a": {"$anchor": "a"}}});
        assert_eq!(
            expanded_size(&anchor, BASE),
            Err("`$ref` `#a` names an anchor, which the count does not follow".into())
        );
        let nowhere = serde_json::json!({"$ref": "#/$defs/none"});
        assert_eq!(
            expanded_size(&nowhere, BASE),
            Err("`$ref` `#/$defs/none` points at nothing".into())
        );
        let inner_id = serde_json::json!({"$defs": {"a": {"$id": "a.json"}}});
        assert!(
            expanded_size(&inner_id, BASE)
                .unwrap_err()
                .contains("`$id` inside")
        );
    }
}
