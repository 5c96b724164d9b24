//! SF401: a consumer secret written in the file. The value is never printed: the rule
//! also gives the spans that every renderer masks.

use std::ops::Range;

use serde_json::Value;

use crate::codes;
use crate::document::Document;
use crate::document::spans::escape_token;
use crate::report::finding::{Finding, Severity};

/// Key names that hold a secret, compared ignoring case and `_`/`-`.
const SECRET_KEYS: &[&str] = &["consumersecret", "clientsecret"];

fn is_secret_key(key: &str) -> bool {
    let folded: String = key
        .chars()
        .filter(|c| !matches!(c, '_' | '-'))
        .flat_map(char::to_lowercase)
        .collect();
    SECRET_KEYS.contains(&folded.as_str())
}

/// Pointers of every secret-holding key, found without recursion.
fn secret_pointers(value: &Value) -> Vec<String> {
    let mut found = Vec::new();
    let mut todo = vec![(String::new(), value)];
    while let Some((pointer, node)) = todo.pop() {
        match node {
            Value::Object(map) => {
                for (key, child) in map {
                    let child_pointer = format!("{pointer}/{}", escape_token(key));
                    if is_secret_key(key) {
                        found.push(child_pointer.clone());
                    }
                    todo.push((child_pointer, child));
                }
            }
            Value::Array(items) => {
                for (i, child) in items.iter().enumerate() {
                    todo.push((format!("{pointer}/{i}"), child));
                }
            }
            _ => {}
        }
    }
    found.sort();
    found
}

/// One finding per secret-holding key, at the key.
pub fn check(doc: &Document) -> Vec<Finding> {
    secret_pointers(&doc.value)
        .into_iter()
        .filter_map(|pointer| {
            let span = doc.spans.get(&pointer)?.key_or_value();
            Some(
                Finding::new(
                    codes::LEAKED_SECRET,
                    Severity::Error,
                    span,
                    pointer,
                    "a consumer secret is written in this file (its value is not shown)",
                )
                .label("secret here")
                .help("Delete it from the file and from git history, then rotate it in Setup: the app's Consumer Key and Secret → Generate. Deskpro does not need the secret."),
            )
        })
        .collect()
}

/// The byte ranges to mask before any text of the file is shown: the values of secret
/// keys in the parsed document, and, so that a file that does not parse is safe too,
/// the rest of any line where a secret key is followed by `:` or `=`.
pub fn mask_spans(source: &str, doc: Option<&Document>) -> Vec<Range<usize>> {
    let mut spans = Vec::new();
    if let Some(doc) = doc {
        for pointer in secret_pointers(&doc.value) {
            if let Some(span) = doc.spans.get(&pointer) {
                spans.push(span.value.clone());
            }
        }
    }
    let mut offset = 0;
    for line in source.split_inclusive('\n') {
        let lower = line.to_ascii_lowercase();
        for needle in [
            "consumersecret",
            "consumer_secret",
            "clientsecret",
            "client_secret",
        ] {
            let mut from = 0;
            while let Some(at) = lower[from..].find(needle) {
                let after = from + at + needle.len();
                let rest = &line[after..];
                let trimmed = rest.trim_start_matches(['"', '\'', ' ', '\t', '>']);
                if let Some(sep) = trimmed.chars().next().filter(|c| matches!(c, ':' | '=')) {
                    let value = &trimmed[sep.len_utf8()..];
                    let value_start = line.len() - value.trim_start().len();
                    let value_end = line.trim_end_matches(['\n', '\r']).len();
                    if value_start < value_end {
                        spans.push(offset + value_start..offset + value_end);
                    }
                }
                from = after;
            }
        }
        offset += line.len();
    }
    spans
}

/// The text with every byte of the given ranges replaced, keeping line breaks so that
/// line numbers stay right. Multi-byte characters become one `*` per byte, so byte
/// offsets stay valid.
pub fn mask(source: &str, spans: &[Range<usize>]) -> String {
    if spans.is_empty() {
        return source.to_owned();
    }
    let mut bytes = source.as_bytes().to_vec();
    for span in spans {
        let end = span.end.min(bytes.len());
        for b in &mut bytes[span.start.min(end)..end] {
            if *b != b'\n' && *b != b'\r' {
                *b = b'*';
            }
        }
    }
    // Only whole characters were replaced by ASCII, or ASCII by ASCII: still UTF-8.
    String::from_utf8(bytes).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn masks_secret_lines_even_without_a_document() {
        let src = "a: 1\nconsumerSecret: s3cr3t-VALUE # x\n\"client_secret\" = 'v'\n";
        let masked = mask(src, &mask_spans(src, None));
        assert!(
            !masked.contains("s3cr3t") && !masked.contains("'v'"),
            "{masked}"
        );
        assert_eq!(masked.lines().count(), 3);
        assert!(masked.starts_with("a: 1\nconsumerSecret:"));
    }

    #[test]
    fn secret_key_names() {
        assert!(is_secret_key("consumerSecret"));
        assert!(is_secret_key("consumer_secret"));
        assert!(is_secret_key("ClientSecret"));
        assert!(!is_secret_key("consumerKey"));
    }
}
