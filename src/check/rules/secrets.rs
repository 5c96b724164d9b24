//! SF401: a consumer secret written in the file; SF402: a value that looks like a secret
//! (a consumer secret's 64 hex digits, a private key, a certificate where none belongs).
//! The value is never printed: this file also gives the spans every renderer masks and
//! the strings scrubbed from every finding's text.

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

/// Why a value looks like a secret, if it does. `pointer` is where it is: a certificate
/// belongs in `/oauth/certificate` and nowhere else.
fn secret_like(pointer: &str, value: &str) -> Option<&'static str> {
    if value.contains("PRIVATE KEY-----") {
        return Some("a private key");
    }
    if value.contains("-----BEGIN CERTIFICATE-----") && pointer != "/oauth/certificate" {
        return Some("a certificate where none belongs");
    }
    let hex = value.trim();
    if hex.len() == 64 && hex.bytes().all(|b| b.is_ascii_hexdigit()) {
        return Some("what looks like a consumer secret (64 hex digits)");
    }
    None
}

/// Every string value outside the secret keys that looks like a secret, with its reason.
fn secret_like_values(value: &Value) -> Vec<(String, &'static str, String)> {
    let mut found = Vec::new();
    let mut todo = vec![(String::new(), value)];
    while let Some((pointer, node)) = todo.pop() {
        match node {
            Value::Object(map) => {
                for (key, child) in map {
                    if !is_secret_key(key) {
                        todo.push((format!("{pointer}/{}", escape_token(key)), child));
                    }
                }
            }
            Value::Array(items) => {
                for (i, child) in items.iter().enumerate() {
                    todo.push((format!("{pointer}/{i}"), child));
                }
            }
            Value::String(s) => {
                if let Some(why) = secret_like(&pointer, s) {
                    found.push((pointer, why, s.clone()));
                }
            }
            _ => {}
        }
    }
    found.sort();
    found
}

/// The secret strings of a document, to scrub from any text shown.
pub fn secret_strings(doc: &Document) -> Vec<String> {
    let mut out: Vec<String> = secret_pointers(&doc.value)
        .iter()
        .filter_map(|p| doc.value.pointer(p))
        .filter_map(|v| {
            v.as_str()
                .map(str::to_owned)
                .or_else(|| (!v.is_null()).then(|| v.to_string()))
        })
        .collect();
    out.extend(
        secret_like_values(&doc.value)
            .into_iter()
            .map(|(_, _, s)| s),
    );
    // Also each line of a multi-line secret, which a message could quote on its own.
    let lines: Vec<String> = out
        .iter()
        .flat_map(|s| s.lines().map(str::trim).map(str::to_owned))
        .collect();
    out.extend(lines);
    out.retain(|s| s.chars().count() >= 8);
    out.sort_by_key(|s| std::cmp::Reverse(s.len()));
    out.dedup();
    out
}

/// Replaces every secret string in the findings' words with `****`.
pub fn scrub(findings: &mut [Finding], secrets: &[String]) {
    if secrets.is_empty() {
        return;
    }
    let clean = |text: &mut String| {
        for secret in secrets {
            if text.contains(secret.as_str()) {
                *text = text.replace(secret.as_str(), "****");
            }
        }
    };
    for f in findings {
        clean(&mut f.message);
        if let Some(h) = &mut f.help {
            clean(h);
        }
        if let Some(l) = &mut f.label {
            clean(l);
        }
        for r in &mut f.related {
            clean(&mut r.text);
        }
    }
}

/// One finding per secret-holding key, at the key; one per secret-like value, at it.
pub fn check(doc: &Document) -> Vec<Finding> {
    let like = secret_like_values(&doc.value).into_iter().filter_map(|(pointer, why, _)| {
        let span = doc.spans.nearest(&pointer)?.value_or_key();
        Some(
            Finding::new(codes::SECRET_LIKE_VALUE, Severity::Error, span, pointer, format!("this value is {why} (it is not shown)"))
                .label("secret-like value here")
                .help("Remove it from the file and from git history, and rotate it in Setup. The JWT Bearer flow's certificate goes in `oauth.certificate`, public part only."),
        )
    });
    let keys: Vec<Finding> = secret_pointers(&doc.value)
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
        .collect();
    keys.into_iter().chain(like).collect()
}

/// The byte ranges to mask before any text of the file is shown: the values of secret
/// keys in the parsed document, and, so that a file that does not parse is safe too,
/// the rest of any line where a secret key is followed by `:` or `=`.
pub fn mask_spans(source: &str, doc: Option<&Document>) -> Vec<Range<usize>> {
    let mut spans = Vec::new();
    if let Some(doc) = doc {
        let like = secret_like_values(&doc.value)
            .into_iter()
            .map(|(p, _, _)| p);
        for pointer in secret_pointers(&doc.value).into_iter().chain(like) {
            if let Some(span) = doc.spans.get(&pointer) {
                spans.push(span.value.clone());
            }
        }
    }
    spans.extend(textual_secrets(source));
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

/// Secrets found in the raw text, so a file that does not parse is masked too: runs of
/// exactly 64 hex digits, and PEM private key blocks.
fn textual_secrets(source: &str) -> Vec<Range<usize>> {
    let mut spans = Vec::new();
    let bytes = source.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i].is_ascii_hexdigit() && (i == 0 || !bytes[i - 1].is_ascii_alphanumeric()) {
            let end = bytes[i..]
                .iter()
                .position(|b| !b.is_ascii_hexdigit())
                .map_or(bytes.len(), |n| i + n);
            if end - i == 64 && bytes.get(end).is_none_or(|b| !b.is_ascii_alphanumeric()) {
                spans.push(i..end);
            }
            i = end.max(i + 1);
        } else {
            i += 1;
        }
    }
    let mut from = 0;
    while let Some(at) = source[from..].find("-----BEGIN") {
        let start = from + at;
        let header_end = source[start..]
            .find('\n')
            .map_or(source.len(), |n| start + n);
        if !source[start..header_end].contains("PRIVATE KEY") {
            from = header_end;
            continue;
        }
        let end = source[header_end..]
            .find("-----END")
            .map_or(source.len(), |n| header_end + n);
        spans.push(header_end..end);
        from = end.max(start + 1);
    }
    spans
}

/// The text with every non-blank byte of the given ranges replaced, keeping line breaks
/// and indentation so that positions and the file's shape stay right. Multi-byte characters become one `*` per byte, so byte
/// offsets stay valid.
pub fn mask(source: &str, spans: &[Range<usize>]) -> String {
    if spans.is_empty() {
        return source.to_owned();
    }
    let mut bytes = source.as_bytes().to_vec();
    for span in spans {
        let end = span.end.min(bytes.len());
        for b in &mut bytes[span.start.min(end)..end] {
            if !b.is_ascii_whitespace() {
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
