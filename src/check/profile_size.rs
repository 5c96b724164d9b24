//! How large a profile is with its `$ref`s expanded. A profile of a kilobyte can double
//! itself at each of twenty levels (`anyOf` of two `$ref`s to the next level) and make
//! validation take minutes and gigabytes; it is refused before it is compiled.

use std::collections::HashMap;

use serde_json::Value;

/// The most schema nodes a profile may expand to. The built-in profile, with the
/// structure schema it refers to counted once, is a few hundred.
pub const MAX_EXPANDED_NODES: u64 = 100_000;

/// The longest chain of `$ref`s followed; a longer one counts as too large.
const MAX_REF_DEPTH: usize = 64;

/// The number of nodes of `schema` with every `$ref` inside the same document expanded
/// (each target's size is worked out once), capped just past [`MAX_EXPANDED_NODES`].
/// References to other files count as one node.
pub fn expanded_size(schema: &Value) -> u64 {
    let mut sizer = Sizer {
        root: schema,
        memo: HashMap::new(),
    };
    sizer.size(schema, 0)
}

struct Sizer<'a> {
    root: &'a Value,
    /// Size by `$ref` target; a target being worked out counts as 1 (a cycle).
    memo: HashMap<&'a str, u64>,
}

impl<'a> Sizer<'a> {
    fn size(&mut self, node: &'a Value, depth: usize) -> u64 {
        let over = MAX_EXPANDED_NODES + 1;
        if depth > MAX_REF_DEPTH {
            return over;
        }
        let mut total: u64 = 1;
        match node {
            Value::Object(map) => {
                for (key, child) in map {
                    if let ("$ref" | "$dynamicRef", Value::String(target)) = (key.as_str(), child) {
                        total = total.saturating_add(self.target(target, depth));
                    } else {
                        total = total.saturating_add(self.size(child, depth));
                    }
                    if total > over {
                        return over;
                    }
                }
            }
            Value::Array(items) => {
                for child in items {
                    total = total.saturating_add(self.size(child, depth));
                    if total > over {
                        return over;
                    }
                }
            }
            _ => {}
        }
        total
    }

    fn target(&mut self, target: &'a str, depth: usize) -> u64 {
        if let Some(&n) = self.memo.get(target) {
            return n;
        }
        let Some(fragment) = target.strip_prefix('#') else {
            return 1;
        };
        let Some(node) = self.root.pointer(fragment) else {
            return 1;
        };
        self.memo.insert(target, 1);
        let n = self.size(node, depth + 1);
        self.memo.insert(target, n);
        n
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
        assert!(expanded_size(&schema) > MAX_EXPANDED_NODES);
        let small = serde_json::json!({"$ref": "#/$defs/a", "$defs": {"a": {"$ref": "#/$defs/a"}}});
        assert!(expanded_size(&small) < 10);
    }
}
