//! SF401: a consumer secret written in the file; SF402: a value that looks like a secret
//! (a consumer secret's 64 hex digits, a private key, a certificate where none belongs).
//! The value is never printed: this file also gives the spans every renderer masks and
//! the strings scrubbed from every finding's text.

use std::ops::Range;

use serde_json::Value;

use super::secret_names::{self, SecretName};
use super::{secret_runs, secret_shapes, secret_text};
use crate::document::Document;
use crate::document::sources::SourceFile;
use crate::document::spans::{child_pointer, item_pointer, lookup};
use crate::finding::{Finding, Rule};

/// `SF401`: see `docs/rules/SF401.md`.
pub static LEAKED_SECRET: Rule = crate::rule!("SF401", Error, security = "8.0");

/// `SF402`: see `docs/rules/SF402.md`.
pub static SECRET_LIKE_VALUE: Rule = crate::rule!("SF402", Error);

/// Why a value looks like a secret, if it does. `pointer` gives where it is, asked only
/// of a certificate (one belongs in `/oauth/certificate` and nowhere else) and of a URL
/// with credentials (the callback URL's own rule reports those).
pub(super) fn secret_like(pointer: impl Fn() -> String, value: &str) -> Option<&'static str> {
    if value.len() >= 16 && !secret_shapes::bearer_tokens(value).is_empty() {
        return Some("a bearer token (a JSON Web Token or a Salesforce access token)");
    }
    // The callback URL's own rule says what is wrong with credentials there; anywhere
    // else they are a secret, which `export` and `import` may not copy.
    if secret_runs::without_credentials(value).is_some()
        && !pointer().starts_with("/oauth/callbackUrl")
    {
        return Some("a URL with a user name or password in it");
    }
    // Nearly every value is a short word: no dash, no 64 digits, nothing to search.
    if value.len() < 64 && !value.as_bytes().contains(&b'-') {
        return None;
    }
    let dashed = value.contains("-----");
    if dashed && value.to_ascii_uppercase().contains("PRIVATE KEY-----")
        || std::iter::successors(secret_shapes::find_marker(value, 0, b"begin"), |at| {
            secret_shapes::find_marker(value, at + 1, b"begin")
        })
        .any(|at| secret_shapes::private_key_body(value, at).is_some())
    {
        return Some("a private key");
    }
    if value.contains("-----BEGIN CERTIFICATE-----") && pointer() != "/oauth/certificate" {
        return Some("a certificate where none belongs");
    }
    let hex = value.trim();
    if hex.len() == 64 && hex.bytes().all(|b| b.is_ascii_hexdigit()) {
        return Some("what looks like a consumer secret (64 hex digits)");
    }
    None
}

/// Where a document holds secrets: found in one walk, used by the finding, the masking
/// and the scrubbing.
#[derive(Debug, Default)]
pub struct Scan {
    /// Pointers of secret-holding keys (`consumerSecret`, `password`) and what each
    /// names, sorted.
    keys: Vec<(String, SecretName)>,
    /// Pointer, reason and value of each secret-like value elsewhere, sorted.
    like: Vec<(String, &'static str, String)>,
    /// Secret-like text inside keys and values (64 hex digits as a key name or in a
    /// URL's path): no finding of its own, but never quoted either.
    hidden: Vec<String>,
    /// Pointers of values a URL parser reads a user name or password from, however the
    /// text spells them: masked whole (the callback URL rule says what is wrong).
    urls: Vec<String>,
}

/// Walks the document once, without recursion.
pub fn scan(value: &Value) -> Scan {
    let mut found = Scan::default();
    // Each node's step from its parent (one entry a node, which the parse's node limit
    // bounds); a pointer is spelt out only for what is found, and nearly every node of
    // a file holds nothing. A description has about 50 nodes.
    let mut steps: Vec<(Option<usize>, Step)> = Vec::with_capacity(64);
    let mut todo = vec![(None, value)];
    while let Some((at, node)) = todo.pop() {
        match node {
            Value::Object(map) => {
                for (key, child) in map {
                    found.hidden.extend(embedded_secrets(key));
                    steps.push((at, Step::Key(key)));
                    let child_at = steps.len() - 1;
                    if let Some(name) = secret_names::classify_value(key, child) {
                        found.keys.push((pointer_of(&steps, Some(child_at)), name));
                    } else {
                        todo.push((Some(child_at), child));
                    }
                }
            }
            Value::Array(items) => {
                for (i, child) in items.iter().enumerate() {
                    steps.push((at, Step::Item(i)));
                    todo.push((Some(steps.len() - 1), child));
                }
            }
            Value::String(s) => {
                found.hidden.extend(embedded_secrets(s));
                if secret_runs::without_credentials(s).is_some() {
                    found.hidden.push(s.clone());
                    found.urls.push(pointer_of(&steps, at));
                }
                if let Some(why) = secret_like(|| pointer_of(&steps, at), s) {
                    found.like.push((pointer_of(&steps, at), why, s.clone()));
                }
            }
            _ => {}
        }
    }
    found.keys.sort();
    found.like.sort();
    found
}

/// How a node is reached from its parent.
enum Step<'a> {
    Key(&'a str),
    Item(usize),
}

/// The pointer of node `at` of a [`scan`] (`None` is the root).
fn pointer_of(steps: &[(Option<usize>, Step)], mut at: Option<usize>) -> String {
    let mut path = Vec::new();
    while let Some(i) = at {
        path.push(&steps[i].1);
        at = steps[i].0;
    }
    path.iter()
        .rev()
        .fold(String::new(), |pointer, step| match step {
            Step::Key(key) => child_pointer(&pointer, key),
            Step::Item(i) => item_pointer(&pointer, *i),
        })
}

/// The secret strings of a document, to scrub from any text shown.
pub fn secret_strings(doc: &Document, scan: &Scan) -> Vec<String> {
    let mut out: Vec<String> = scan
        .keys
        .iter()
        .filter_map(|(p, _)| lookup(&doc.value, p))
        .filter_map(|v| {
            v.as_str()
                .map(str::to_owned)
                .or_else(|| (!v.is_null()).then(|| v.to_string()))
        })
        .collect();
    out.extend(scan.like.iter().map(|(_, _, s)| s.clone()));
    out.extend(scan.hidden.iter().cloned());
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

/// The text of each masked range, trimmed, as [`scrub`] takes it.
pub fn strings_at(source: &str, spans: &[Range<usize>]) -> Vec<String> {
    let mut out: Vec<String> = spans
        .iter()
        .filter_map(|s| source.get(s.clone()))
        .map(|s| s.trim().to_owned())
        .filter(|s| s.chars().count() >= 8)
        .collect();
    out.sort_by_key(|s| std::cmp::Reverse(s.len()));
    out.dedup();
    out
}

/// Replaces every secret string in the findings' words with `****`, and any shorter
/// stretch of one (a message quotes a value cut short), and URL credentials.
pub fn scrub(findings: &mut [Finding], secrets: &[String]) {
    let runs = secret_runs::Runs::of(secrets.iter().map(String::as_bytes));
    // A secret of `RUN` bytes or more is covered by its runs; the shorter ones go into
    // one automaton, longest first where two start at one place: one pass a text,
    // however many secrets and findings a file has.
    let short: Vec<&String> = secrets
        .iter()
        .filter(|s| s.len() < secret_runs::RUN)
        .collect();
    let whole = (!short.is_empty())
        .then(|| {
            aho_corasick::AhoCorasick::builder()
                .match_kind(aho_corasick::MatchKind::LeftmostLongest)
                .build(short)
                .ok()
        })
        .flatten();
    let clean = |text: &mut String| {
        if let Some(whole) = &whole
            && whole.is_match(text.as_str())
        {
            let mut out = String::with_capacity(text.len());
            whole.replace_all_with(text, &mut out, |_, _, out: &mut String| {
                out.push_str("****");
                true
            });
            *text = out;
        }
        *text = runs.scrub(text);
    };
    for f in findings {
        clean(&mut f.message);
        clean(&mut f.pointer);
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

/// Takes every secret-like value out of a document (for `import`, which must not copy
/// one into the YAML it writes); gives the pointers and reasons of what was taken.
pub fn remove_secret_like(value: &mut Value) -> Vec<(String, &'static str)> {
    use crate::document::spans::{last_token, parent_pointer};
    let mut found: Vec<(String, &'static str)> = scan(value)
        .like
        .into_iter()
        .map(|(p, why, _)| (p, why))
        .collect();
    // Later items of a list first, so that the earlier ones keep their index.
    found.sort_by_key(|(p, _)| std::cmp::Reverse(last_token(p).parse::<usize>().ok()));
    for (pointer, _) in &found {
        let parent = parent_pointer(pointer).and_then(|p| value.pointer_mut(p));
        match parent {
            Some(Value::Object(map)) => {
                map.remove(&last_token(pointer));
            }
            Some(Value::Array(items)) => {
                if let Ok(i) = last_token(pointer).parse::<usize>()
                    && i < items.len()
                {
                    items.remove(i);
                }
            }
            _ => {}
        }
    }
    found.sort();
    found
}

/// One finding per secret-holding key, at the key; one per secret-like value, at it.
pub fn check(doc: &Document, scan: &Scan) -> Vec<Finding> {
    let like = scan.like.iter().filter_map(|(pointer, why, _)| {
        let span = doc.spans.nearest(pointer)?.value_or_key();
        Some(looks_secret(why, span, pointer))
    });
    let keys: Vec<Finding> = scan
        .keys
        .iter()
        .filter_map(|(pointer, name)| {
            let span = doc.spans.get(pointer)?.key_or_value();
            let holds =
                *name == SecretName::Consumer || holds_something(lookup(&doc.value, pointer)?);
            holds.then(|| under_secret_name(*name, span, pointer))
        })
        .collect();
    keys.into_iter().chain(like).collect()
}

/// The finding for a value that looks like a secret (`why`, from [`secret_like`]), at
/// `span`: SF402.
pub fn looks_secret(why: &str, span: Range<usize>, pointer: &str) -> Finding {
    Finding::new(&SECRET_LIKE_VALUE, span, pointer, format!("this value is {why} (it is not shown)"))
        .label("secret-like value here")
        .help("Remove it from the file and from git history, and rotate it in Setup. The JWT Bearer flow's certificate goes in `oauth.certificate`, public part only.")
}

/// The finding for a value under a secret's name, at `span` (the key, or a metadata
/// element's name): SF401 for the consumer secret, SF402 for any other.
pub fn under_secret_name(name: SecretName, span: Range<usize>, pointer: &str) -> Finding {
    match name {
        SecretName::Consumer => Finding::new(&LEAKED_SECRET, span,
            pointer,
            "a consumer secret is written in this file (its value is not shown)",
        )
        .label("secret here")
        .help("Delete it from the file and from git history, then rotate it in Setup: the app's Consumer Key and Secret → Generate. A description never needs the secret."),
        SecretName::Named => Finding::new(&SECRET_LIKE_VALUE, span, pointer, "this value is under a key whose name says it is a secret (it is not shown)")
            .label("secret-like value here")
            .help("Remove it from the file and from git history, and rotate it where it was issued: a description holds settings, never credentials."),
    }
}

/// Whether a value under a secret's name holds anything to leak: not `null`, `true`,
/// `false` or an empty string.
fn holds_something(value: &Value) -> bool {
    match value {
        Value::Null | Value::Bool(_) => false,
        Value::String(s) => !s.trim().is_empty(),
        Value::Array(items) => items.iter().any(holds_something),
        Value::Object(map) => map.values().any(holds_something),
        Value::Number(_) => true,
    }
}

/// The byte ranges to mask before any text of the file is shown: the values of secret
/// keys in the parsed document, and, so that a file that does not parse is safe too,
/// the rest of any line where a secret key is followed by `:` or `=`.
pub fn mask_spans(file: SourceFile, doc: Option<(&Document, &Scan)>) -> Vec<Range<usize>> {
    let source = file.text;
    let mut spans = Vec::new();
    let mut known = Vec::new();
    if let Some((doc, scan)) = doc {
        known = secret_strings(doc, scan);
        let like = scan.like.iter().map(|(p, _, _)| p);
        let keys = scan.keys.iter().map(|(p, _)| p);
        for pointer in keys.chain(like).chain(&scan.urls) {
            if let Some(span) = doc.spans.get(pointer)
                && file.holds(&span.value)
            {
                spans.push(span.value.start - file.start..span.value.end - file.start);
            }
        }
    }
    spans.extend(secret_shapes::spans(source));
    spans.extend(secret_shapes::entity_declarations(source));
    spans.extend(secret_text::key_spans(source));
    spans.extend(secret_runs::url_credentials(source));
    spans.extend(secret_runs::wrapped_in_elements(source));
    let copies = copies(source, &spans, &known);
    spans.extend(copies);
    spans
}

/// Every other place the text repeats 16 bytes in a row of a secret (ignoring ASCII
/// case): a secret pasted twice is masked in both places, whatever the second looks
/// like (a broken line, another key's value). The secrets are the masked bytes and the
/// parsed values (`known`): the two differ when the secret is written with an escape
/// (`\x53`, `&#x53;`) or through an alias, and its plain copy must go too. One pass over
/// the text, a set lookup per byte.
fn copies(source: &str, secrets: &[Range<usize>], known: &[String]) -> Vec<Range<usize>> {
    use secret_runs::RUN;
    let bytes = source.as_bytes();
    // A masked value written with escapes is also looked for as it reads: when the file
    // does not parse, nothing else gives its plain spelling.
    let decoded: Vec<String> = secrets
        .iter()
        .filter_map(|s| source.get(s.clone()))
        .filter_map(secret_shapes::decoded)
        .collect();
    let runs = secret_runs::Runs::of(
        merged(secrets)
            .iter()
            .filter_map(|s| bytes.get(s.clone()))
            .chain(known.iter().map(String::as_bytes))
            .chain(decoded.iter().map(String::as_bytes))
            .map(<[u8]>::trim_ascii),
    );
    let mut out: Vec<Range<usize>> = Vec::new();
    if runs.is_empty() {
        return out;
    }
    for (i, w) in bytes.windows(RUN).enumerate() {
        if !runs.holds(w) {
            continue;
        }
        // Whole characters only: the mask replaces bytes one for one.
        let mut start = i;
        while !source.is_char_boundary(start) {
            start -= 1;
        }
        let mut end = i + RUN;
        while !source.is_char_boundary(end) {
            end += 1;
        }
        match out.last_mut() {
            Some(last) if last.end >= start => last.end = last.end.max(end),
            _ => out.push(start..end),
        }
    }
    out
}

/// `spans` sorted, with those that overlap or touch made one.
fn merged(spans: &[Range<usize>]) -> Vec<Range<usize>> {
    let mut sorted = spans.to_vec();
    sorted.sort_unstable_by_key(|s| s.start);
    let mut out: Vec<Range<usize>> = Vec::with_capacity(sorted.len());
    for span in sorted {
        match out.last_mut() {
            Some(last) if last.end >= span.start => last.end = last.end.max(span.end),
            _ => out.push(span),
        }
    }
    out
}

/// The secret-like stretches of one key or value: 64 hex digits, a private key, what
/// follows a secret key name.
fn embedded_secrets(text: &str) -> impl Iterator<Item = String> + '_ {
    // A value can hold a whole broken description (an unclosed quote swallows lines),
    // secret keys and all.
    let (textual, keyed) = if may_embed_secret(text) {
        (secret_shapes::spans(text), secret_text::key_spans(text))
    } else {
        (Vec::new(), Vec::new())
    };
    textual
        .into_iter()
        .chain(keyed)
        .map(move |span| text[span].trim().to_owned())
        .filter(|s| !s.is_empty())
}

/// Whether [`secret_shapes::spans`] or [`secret_text::key_spans`] can find anything in `text`:
/// 64 hex digits need 64 bytes, a private key `-----BEGIN`, a secret key `secret` in any
/// case. Every key and value is looked at, and nearly all are short plain words.
fn may_embed_secret(text: &str) -> bool {
    let bytes = text.as_bytes();
    let at = |i: usize, word: &[u8]| {
        bytes
            .get(i..i + word.len())
            .is_some_and(|w| w.eq_ignore_ascii_case(word))
    };
    bytes.len() >= 64
        || memchr::memchr_iter(b'-', bytes).any(|i| at(i, b"-----BEGIN"))
        || memchr::memchr2_iter(b's', b'S', bytes).any(|i| at(i, b"secret"))
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
        let masked = mask(
            src,
            &mask_spans(
                crate::document::sources::Sources::one("f", src).files()[0],
                None,
            ),
        );
        assert!(
            !masked.contains("s3cr3t") && !masked.contains("'v'"),
            "{masked}"
        );
        assert_eq!(masked.lines().count(), 3);
        assert!(masked.starts_with("a: 1\nconsumerSecret:"));
    }
}
