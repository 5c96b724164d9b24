//! A profile as one self-contained schema: the structure schema it refers to is copied
//! into its `$defs`, and every `$ref` to it points there. Saved to a file anywhere, it
//! validates in any Draft 2020-12 validator with nothing beside it.

use serde_json::{Map, Value};

use super::profile::STRUCTURE_FILE;

/// The `$defs` entry the structure schema is copied into.
const KEY: &str = "external-client-app";

/// Bundles `structure` into `profile`.
pub fn bundle(profile: &Value, structure: &Value) -> Value {
    let mut profile = profile.clone();
    let mut structure = structure.clone();
    let inner = format!("#/$defs/{KEY}");
    if let Some(map) = structure.as_object_mut() {
        map.remove("$schema");
        map.remove("$id");
    }
    rewrite_refs(&mut structure, &|target| {
        target
            .strip_prefix('#')
            .map(|fragment| format!("{inner}{fragment}"))
    });
    rewrite_refs(&mut profile, &|target| {
        let (file, fragment) = target.split_once('#').unwrap_or((target, ""));
        let named = file.rsplit('/').next() == Some(STRUCTURE_FILE);
        named.then(|| format!("{inner}{fragment}"))
    });
    if let Some(map) = profile.as_object_mut() {
        let defs = map
            .entry("$defs")
            .or_insert_with(|| Value::Object(Map::new()));
        if let Some(defs) = defs.as_object_mut() {
            defs.insert(KEY.to_owned(), structure);
        }
    }
    profile
}

/// Replaces each `$ref` for which `new` gives a target.
fn rewrite_refs(value: &mut Value, new: &dyn Fn(&str) -> Option<String>) {
    let mut todo = vec![value];
    while let Some(node) = todo.pop() {
        match node {
            Value::Object(map) => {
                for (key, value) in map.iter_mut() {
                    if key == "$ref"
                        && let Value::String(target) = value
                        && let Some(replaced) = new(target)
                    {
                        *target = replaced;
                    } else {
                        todo.push(value);
                    }
                }
            }
            Value::Array(items) => todo.extend(items.iter_mut()),
            _ => {}
        }
    }
}
