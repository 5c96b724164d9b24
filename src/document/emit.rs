//! Writing a description as YAML, for `sfcheck import`: block mappings in the model's
//! key order, scopes as a flow list, strings plain where YAML 1.2 reads them back as
//! the same string and double-quoted otherwise.

use serde_json::Value;

use crate::finding::{escape_json, hostile};

/// The YAML text of a description value.
pub fn to_yaml(value: &Value) -> String {
    let mut out = String::new();
    if let Value::Object(map) = value {
        for (key, v) in map {
            entry(&mut out, 0, key, v);
        }
    }
    out
}

fn entry(out: &mut String, indent: usize, key: &str, value: &Value) {
    let pad = " ".repeat(indent);
    match value {
        Value::Object(map) => {
            out.push_str(&format!("{pad}{}:\n", scalar(key)));
            for (k, v) in map {
                entry(out, indent + 2, k, v);
            }
        }
        Value::Array(items)
            if items
                .iter()
                .all(|i| i.as_str().is_some_and(|s| is_plain(s) && !s.contains(',')))
                && key == "scopes" =>
        {
            let list: Vec<&str> = items.iter().filter_map(Value::as_str).collect();
            out.push_str(&format!("{pad}{key}: [{}]\n", list.join(", ")));
        }
        Value::Array(items) => {
            out.push_str(&format!("{pad}{}:\n", scalar(key)));
            for item in items {
                out.push_str(&format!("{pad}  - {}\n", inline(item)));
            }
        }
        // A block scalar shows its text raw: one holding another hostile character
        // (a carriage return, a bidi control, a line separator) is quoted instead.
        Value::String(s) if s.contains('\n') && !s.contains(|c| c != '\n' && hostile(c)) => {
            out.push_str(&format!("{pad}{}: |\n", scalar(key)));
            for line in s.lines() {
                out.push_str(&format!("{pad}  {line}\n"));
            }
        }
        other => out.push_str(&format!("{pad}{}: {}\n", scalar(key), inline(other))),
    }
}

fn inline(value: &Value) -> String {
    match value {
        Value::String(s) => scalar(s),
        other => other.to_string(),
    }
}

fn scalar(s: &str) -> String {
    if is_plain(s) {
        s.to_owned()
    } else {
        // JSON is YAML; its `\u` escapes also cover DEL, C1, bidi and zero-width
        // characters here, so the file shows none raw (a raw U+2028 is not even YAML).
        escape_json(&serde_json::to_string(s).expect("a string serialises")).into_owned()
    }
}

/// Whether `s` can be written unquoted and read back as the same string.
fn is_plain(s: &str) -> bool {
    let first_ok = s
        .chars()
        .next()
        .is_some_and(|c| !c.is_whitespace() && !"-?:,[]{}#&*!|>'\"%@`~".contains(c));
    first_ok
        && !s.ends_with(char::is_whitespace)
        && !s.contains(": ")
        && !s.contains(" #")
        && !s.ends_with(':')
        && !s.contains(hostile)
        && super::yaml::plain_scalar(s) == Value::String(s.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn round_trips_through_the_reader() {
        let value = json!({
            "name": "App", "label": "yes", "contactEmail": "a@b.co", "description": "a: b # c",
            "oauth": {"enabled": true, "scopes": ["api", "web"], "callbackUrl": ["https://a/x", "https://b/y"],
                      "certificate": "-----BEGIN-----\nAAA\n-----END-----", "n": "0755"}
        });
        let text = to_yaml(&value);
        let (doc, findings) =
            crate::document::yaml::parse(&text, crate::document::Limits::default());
        assert!(findings.is_empty(), "{findings:?}\n{text}");
        let mut expected = value.clone();
        expected["oauth"]["certificate"] = json!("-----BEGIN-----\nAAA\n-----END-----\n");
        assert_eq!(doc.unwrap().value, expected, "{text}");
    }

    #[test]
    fn hostile_characters_are_written_as_escapes() {
        let label = "Deskpro \u{202e}CRM\u{9b}\u{7f}\u{85}\u{2028}x";
        let value = json!({"label": label, "description": "a\r\nb\u{200b}\nc"});
        let text = to_yaml(&value);
        assert_eq!(
            text,
            "label: \"Deskpro \\u202eCRM\\u009b\\u007f\\u0085\\u2028x\"\n\
             description: \"a\\r\\nb\\u200b\\nc\"\n"
        );
        let (doc, findings) =
            crate::document::yaml::parse(&text, crate::document::Limits::default());
        assert!(findings.is_empty(), "{findings:?}");
        assert_eq!(doc.unwrap().value, value);
    }
}
