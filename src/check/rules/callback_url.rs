//! SF301–SF306: the callback URL, parsed with `url` and compared the way Salesforce
//! compares a `redirect_uri`: exactly, except that scheme and host ignore case.

use std::ops::Range;

use serde_json::Value;
use url::Url;

use super::RuleOptions;
use crate::document::Document;
use crate::document::sources::Sources;
use crate::finding::{Finding, Rule};

/// `SF301`: see `docs/rules/SF301.md`.
pub static INVALID: Rule = crate::rule!("SF301", Error);

/// `SF302`: see `docs/rules/SF302.md`.
pub static NOT_HTTPS: Rule = crate::rule!("SF302", Error);

/// `SF303`: see `docs/rules/SF303.md`.
pub static QUERY_FRAGMENT: Rule = crate::rule!("SF303", Error);

/// `SF304`: see `docs/rules/SF304.md`.
pub static PATH: Rule = crate::rule!("SF304", Error);

/// `SF305`: see `docs/rules/SF305.md`.
pub static MISMATCH: Rule = crate::rule!("SF305", Error);

/// `SF306`: see `docs/rules/SF306.md`.
pub static EXTRA: Rule = crate::rule!("SF306", Warning);

const POINTER: &str = "/oauth/callbackUrl";

/// What the integration's callback URL must be.
enum Want<'a> {
    /// Exactly this URL (`--callback-url`).
    Exact(&'a Url),
    /// Any host, this path (the profile's `x-sfcheck-callback-path`).
    Path(&'a str),
}

impl Want<'_> {
    fn fits(&self, url: &Url) -> bool {
        match self {
            Want::Exact(expected) => url == *expected,
            Want::Path(path) => url.path() == *path,
        }
    }
}

/// Spans inside the document, narrowed to the part of a URL at fault when possible.
struct Spans<'a> {
    doc: &'a Document,
    sources: &'a Sources<'a>,
}

impl Spans<'_> {
    fn of(&self, pointer: &str, raw: &str, part: Option<Range<usize>>) -> Range<usize> {
        let value = self
            .doc
            .spans
            .nearest(pointer)
            .map(|s| s.value_or_key())
            .unwrap_or(0..0);
        narrow(self.sources, value, raw, part)
    }

    fn key(&self) -> Range<usize> {
        self.doc
            .spans
            .nearest(POINTER)
            .map(|s| s.key_or_value())
            .unwrap_or(0..0)
    }
}

/// Checks every callback URL, then whether the one the integration needs is there.
pub fn check(doc: &Document, sources: &Sources, options: &RuleOptions) -> Vec<Finding> {
    let (entries, single): (Vec<(String, &str)>, bool) = match doc.value.pointer(POINTER) {
        Some(Value::String(s)) => (vec![(POINTER.to_owned(), s.as_str())], true),
        Some(Value::Array(items)) => (
            items
                .iter()
                .enumerate()
                .filter_map(|(i, v)| Some((format!("{POINTER}/{i}"), v.as_str()?)))
                .collect(),
            false,
        ),
        _ => return Vec::new(),
    };
    let spans = Spans { doc, sources };
    // Generic words unless the profile says where the integration shows its URL.
    let source = options
        .callback_source
        .as_deref()
        .unwrap_or("the setup page of the integration that uses the app");
    let mut findings = Vec::new();
    let mut good = Vec::new();
    for (pointer, raw) in &entries {
        match parse(raw) {
            Ok(url) => good.push((pointer.clone(), *raw, url)),
            Err(p) => findings.push(
                Finding::new(
                    p.rule,
                    spans.of(pointer, raw, p.part),
                    pointer.clone(),
                    p.message,
                )
                .label(p.label)
                .help(p.help.replace("{source}", source)),
            ),
        }
    }
    let want = match (&options.expected_callback, &options.callback_path) {
        (Some(url), _) => Want::Exact(url),
        (None, Some(path)) => Want::Path(path),
        (None, None) => return findings,
    };
    let who = options.profile_title.as_deref().unwrap_or("the profile");
    // The first URL that fits is the integration's; every other one is extra.
    match good.iter().position(|(_, _, u)| want.fits(u)) {
        None if findings.is_empty() && !good.is_empty() => {
            findings.push(missing(&spans, &good, single, &want, (who, source)));
        }
        Some(used) if entries.len() > 1 => {
            for (_, (pointer, raw, _)) in good.iter().enumerate().filter(|(i, _)| *i != used) {
                findings.push(
                    Finding::new(&EXTRA, spans.of(pointer, raw, None),
                        pointer.clone(),
                        format!("{who} uses one callback URL; `{}` is an extra one", short(raw)),
                    )
                    .label("not needed by the integration")
                    .help("Remove callback URLs the integration does not use; each one is a place an authorization code may be sent."),
                );
            }
        }
        _ => {}
    }
    findings
}

/// The finding for callback URLs that are well formed but none of them the one needed.
fn missing(
    spans: &Spans,
    good: &[(String, &str, Url)],
    single: bool,
    want: &Want,
    (who, source): (&str, &str),
) -> Finding {
    let (pointer, raw, url) = &good[0];
    match want {
        Want::Exact(expected) => {
            let (span, message) = if single {
                (
                    spans.of(pointer, raw, None),
                    format!("the callback URL is `{raw}`, expected `{expected}`"),
                )
            } else {
                (
                    spans.key(),
                    format!("none of the callback URLs is `{expected}`"),
                )
            };
            Finding::new(&MISMATCH, span, POINTER, message)
                .label(format!("expected `{expected}`"))
                .help(format!("Set the Callback URL in Setup and `oauth.callbackUrl` to `{expected}`, as shown on {source}, or pass the right `--callback-url`."))
        }
        Want::Path(path) => {
            let after_scheme = raw.find("://").map_or(0, |i| i + 3);
            let path_start = raw[after_scheme..].find('/').map(|i| after_scheme + i);
            let (span, message) = match (single, path_start) {
                (true, Some(at)) => (
                    spans.of(pointer, raw, Some(at..raw.len())),
                    format!(
                        "the callback URL path is `{}`; {who} uses `{path}`",
                        url.path()
                    ),
                ),
                (true, None) => (
                    spans.of(pointer, raw, None),
                    format!("the callback URL has no path; {who} uses `{path}`"),
                ),
                (false, _) => (
                    spans.key(),
                    format!("none of the callback URLs has the path `{path}` that {who} uses"),
                ),
            };
            let host = url.host_str().unwrap_or("your-host");
            Finding::new(&PATH, span, POINTER, message)
                .label(format!("expected `{path}`"))
                .help(format!(
                    "Use `https://{host}{path}` (your host, then `{path}`), copied from {source}."
                ))
        }
    }
}

struct Problem {
    rule: &'static Rule,
    message: String,
    label: String,
    help: String,
    /// The part of the raw URL at fault, as a byte range of it.
    part: Option<Range<usize>>,
}

fn problem(
    rule: &'static Rule,
    message: String,
    label: &str,
    help: &str,
    part: Option<Range<usize>>,
) -> Problem {
    Problem {
        rule,
        message,
        label: label.into(),
        help: help.into(),
        part,
    }
}

/// Parses one callback URL, refusing everything a browser or Salesforce would rewrite.
fn parse(raw: &str) -> Result<Url, Problem> {
    const COPY: &str = "Copy the callback URL again from {source}.";
    if let Some((at, c)) = raw
        .char_indices()
        .find(|(_, c)| c.is_whitespace() || c.is_control())
    {
        let what = if c == ' ' {
            "a space".to_owned()
        } else {
            format!("the character U+{:04X}", c as u32)
        };
        return Err(problem(
            &INVALID,
            format!("the callback URL contains {what}"),
            "remove this",
            COPY,
            Some(at..at + c.len_utf8()),
        ));
    }
    let Some(sep) = raw.find("://") else {
        return Err(problem(
            &INVALID,
            format!("`{}` is not an absolute URL", short(raw)),
            "expected `https://…`",
            "Write the full URL, starting with `https://`.",
            None,
        ));
    };
    let scheme = &raw[..sep];
    if !scheme.eq_ignore_ascii_case("https") {
        return Err(problem(
            &NOT_HTTPS,
            format!("the callback URL uses `{scheme}`, not https"),
            "use https",
            "Use the https address; the authorization code must not travel in clear text.",
            Some(0..sep),
        ));
    }
    let url = Url::parse(raw).map_err(|e| {
        problem(
            &INVALID,
            format!("the callback URL is not a valid URL: {e}"),
            "invalid URL",
            COPY,
            None,
        )
    })?;
    let authority_end = raw[sep + 3..]
        .find(['/', '?', '#', '\\'])
        .map_or(raw.len(), |i| sep + 3 + i);
    if let Some(at) = raw[sep + 3..authority_end].rfind('@') {
        return Err(problem(
            &INVALID,
            "the callback URL contains a user name or password".into(),
            "remove this",
            "Remove everything between `https://` and `@`; a callback URL carries no credentials.",
            Some(sep + 3..sep + 3 + at + 1),
        ));
    }
    if url.host_str().is_none_or(str::is_empty) {
        return Err(problem(
            &INVALID,
            "the callback URL has no host".into(),
            "no host",
            COPY,
            None,
        ));
    }
    if let Some(q) = raw.find(['?', '#']) {
        let what = if raw.as_bytes()[q] == b'?' {
            "a query string"
        } else {
            "a fragment"
        };
        return Err(problem(
            &QUERY_FRAGMENT,
            format!("the callback URL has {what}"),
            "remove this",
            "Remove everything from `?` or `#` on; Salesforce matches the callback URL exactly.",
            Some(q..raw.len()),
        ));
    }
    let raw_path = &raw[authority_end..];
    if !raw_path.is_empty() && raw_path != url.path() {
        return Err(problem(
            &INVALID,
            format!(
                "the callback URL path `{}` is not in normal form (a browser sends `{}`)",
                short(raw_path),
                short(url.path())
            ),
            "not in normal form",
            "Write the path as the browser sends it: forward slashes, no `.` or `..` segments, no characters that need escaping.",
            Some(authority_end..raw.len()),
        ));
    }
    Ok(url)
}

/// Narrows a value span to a part of the raw URL, when the URL is written in the file
/// exactly (no escapes, so offsets match).
fn narrow(
    sources: &Sources,
    value: Range<usize>,
    raw: &str,
    part: Option<Range<usize>>,
) -> Range<usize> {
    let (Some(part), Some(text)) = (part, sources.get(value.clone())) else {
        return value;
    };
    match text.find(raw) {
        Some(at) if !part.is_empty() => value.start + at + part.start..value.start + at + part.end,
        _ => value,
    }
}

fn short(s: &str) -> String {
    if s.chars().count() > 60 {
        format!("{}…", s.chars().take(57).collect::<String>())
    } else {
        s.to_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn code(raw: &str) -> &'static str {
        parse(raw).err().map_or("ok", |p| p.rule.code)
    }

    #[test]
    fn each_way_a_url_is_wrong() {
        assert_eq!(
            code("https://helpdesk.example.com/admin-api/salesforce/auth"),
            "ok"
        );
        assert_eq!(
            code("HTTPS://Helpdesk.Example.com/admin-api/salesforce/auth"),
            "ok"
        );
        assert_eq!(
            code("http://helpdesk.example.com/admin-api/salesforce/auth"),
            NOT_HTTPS.code
        );
        assert_eq!(code("helpdesk.example.com/admin-api"), INVALID.code);
        assert_eq!(
            code("https://helpdesk.example.com/a?x=1"),
            QUERY_FRAGMENT.code
        );
        assert_eq!(
            code("https://helpdesk.example.com/a#f"),
            QUERY_FRAGMENT.code
        );
        assert_eq!(code("https://u:p@helpdesk.example.com/a"), INVALID.code);
        assert_eq!(code("https://helpdesk.example.com/a/../b"), INVALID.code);
        assert_eq!(code("https://helpdesk.example.com\\a"), INVALID.code);
        assert_eq!(code("https://helpdesk.example.com/a b"), INVALID.code);
        assert_eq!(code("https://exa mple.com/a"), INVALID.code);
        assert_eq!(code("https:///a"), INVALID.code);
    }
}
