//! SF301–SF306: the callback URL, parsed with `url` and compared the way Salesforce
//! compares a `redirect_uri`: exactly, except that scheme and host ignore case.

use std::ops::Range;

use serde_json::Value;
use url::Url;

use super::{RuleOptions, secret_runs};
use crate::document::Document;
use crate::document::sources::Sources;
use crate::document::spans::lookup;
use crate::finding::{Finding, Rule};

/// `SF301`: see `docs/rules/SF301.md`.
pub static INVALID: Rule = crate::rule!("SF301", Error);

/// `SF302`: see `docs/rules/SF302.md`.
pub static NOT_HTTPS: Rule = crate::rule!("SF302", Error, security);

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
///
/// Without a profile or `--callback-url` only the form Salesforce itself asks for is
/// checked (an absolute URL without spaces): real orgs hold `http://localhost:…` and
/// custom schemes such as `sfdc://…`. https, no query and the path are what an
/// integration asks for, so they are checked only against the URL the integration uses.
pub fn check(doc: &Document, sources: &Sources, options: &RuleOptions) -> Vec<Finding> {
    let (entries, single): (Vec<(String, &str)>, bool) = match lookup(&doc.value, POINTER) {
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
    let error = |pointer: &str, raw: &str, p: Problem| {
        Finding::new(
            p.rule,
            spans.of(pointer, raw, p.part),
            pointer.to_owned(),
            p.message,
        )
        .label(p.label)
        .help(p.help.replace("{source}", source))
    };
    let want = match (&options.expected_callback, &options.callback_path) {
        (Some(url), _) => Want::Exact(url),
        (None, Some(path)) => Want::Path(path),
        (None, None) => {
            return entries
                .iter()
                .filter_map(|(pointer, raw)| Some(error(pointer, raw, syntax(raw).err()?)))
                .collect();
        }
    };
    let who = options.profile_title.as_deref().unwrap_or("the profile");
    // A URL that is not a URL at all is wrong whatever the integration; the others are
    // weighed against what the integration uses.
    let mut findings = Vec::new();
    let mut parsed: Vec<(&String, &str, Result<Url, Problem>)> = Vec::new();
    for (pointer, raw) in &entries {
        match syntax(raw) {
            Err(p) => findings.push(error(pointer, raw, p)),
            Ok(()) => parsed.push((pointer, *raw, parse(raw))),
        }
    }
    // The first URL that fits is the integration's; every other one is extra, whatever
    // its form: it is not the integration's to judge.
    let used = parsed
        .iter()
        .position(|(_, _, r)| r.as_ref().is_ok_and(|u| want.fits(u)));
    if let Some(used) = used {
        for (i, (pointer, raw, _)) in parsed.iter().enumerate() {
            if i == used {
                continue;
            }
            findings.push(
                Finding::new(
                    &EXTRA,
                    spans.of(pointer, raw, None),
                    (*pointer).clone(),
                    format!("{who} uses one callback URL; `{}` is an extra one", short(raw)),
                )
                .label("not needed by the integration")
                .help("Remove callback URLs the integration does not use; each one is a place an authorization code may be sent."),
            );
        }
        return findings;
    }
    // None fits: each URL gets its own verdict, and a well-formed one that is not the
    // integration's also says what is missing.
    let mut good = Vec::new();
    for (pointer, raw, result) in parsed {
        match result {
            Ok(url) => good.push((pointer.clone(), raw, url)),
            Err(p) => findings.push(error(pointer, raw, p)),
        }
    }
    if !good.is_empty() {
        findings.push(missing(&spans, &good, single, &want, (who, source)));
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
                .help(format!("Set the {{label}} in Setup and {{key}} to `{expected}`, as shown on {source}, or pass the right `--callback-url`."))
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

/// The form Salesforce itself asks for: an absolute URL, any scheme, no white space.
fn syntax(raw: &str) -> Result<(), Problem> {
    credentials(raw)?;
    if let Some((at, c)) = raw
        .char_indices()
        .find(|(_, c)| c.is_whitespace() || c.is_control())
    {
        return Err(problem(
            &INVALID,
            format!("the callback URL contains {}", character(c)),
            "remove this",
            "Remove it; Salesforce stores each callback URL as one line without spaces.",
            Some(at..at + c.len_utf8()),
        ));
    }
    Url::parse(raw).map_err(|e| {
        problem(
            &INVALID,
            format!("`{}` is not an absolute URL: {e}", short(raw)),
            "not a URL",
            "Write the full URL with its scheme, such as `https://…` or `myapp://callback`.",
            None,
        )
    })?;
    Ok(())
}

/// A URL with a user name or password, as a URL parser reads them (`https:u:p@h` and
/// `https:///u:p@h` too): whatever the profile, a callback URL carries no credentials,
/// and Salesforce would hand them to every browser it sends there.
/// An `@` with nothing before it (`https://@h`) is refused as well.
fn credentials(raw: &str) -> Result<(), Problem> {
    if secret_runs::without_credentials(raw).is_none() {
        return Ok(());
    }
    let part = secret_runs::url_credentials(raw)
        .first()
        .map(|c| c.start..c.end + 1);
    Err(problem(
        &INVALID,
        "the callback URL contains a user name or password".into(),
        "remove this",
        "Remove everything between the scheme and `@`; a callback URL carries no credentials.",
        part,
    ))
}

fn character(c: char) -> String {
    if c == ' ' {
        "a space".to_owned()
    } else {
        format!("the character U+{:04X}", c as u32)
    }
}

/// Parses one callback URL, refusing everything a browser or Salesforce would rewrite.
fn parse(raw: &str) -> Result<Url, Problem> {
    const COPY: &str = "Copy the callback URL again from {source}.";
    credentials(raw)?;
    if let Some((at, c)) = raw
        .char_indices()
        .find(|(_, c)| c.is_whitespace() || c.is_control())
    {
        return Err(problem(
            &INVALID,
            format!("the callback URL contains {}", character(c)),
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

    #[test]
    fn credentials_are_refused_in_every_spelling_a_parser_reads() {
        for raw in [
            "https://u:p@helpdesk.example.com/a",
            "https:///u:p@helpdesk.example.com/a",
            "https:\\\\u:p@helpdesk.example.com/a",
            "https:u:p@helpdesk.example.com/a",
            "myapp://u@callback",
            "https://@helpdesk.example.com/a",
        ] {
            let p = syntax(raw).err().unwrap_or_else(|| panic!("{raw}"));
            assert_eq!(
                p.message,
                "the callback URL contains a user name or password"
            );
            let p = parse(raw).err().unwrap_or_else(|| panic!("{raw}"));
            assert_eq!(
                p.message,
                "the callback URL contains a user name or password"
            );
            let part = p.part.unwrap();
            assert!(raw[part].ends_with('@'), "{raw}");
        }
    }

    #[test]
    fn the_form_alone_accepts_what_real_orgs_hold() {
        let ok = |raw: &str| syntax(raw).is_ok();
        assert!(ok("http://localhost:1717/OauthRedirect"));
        assert!(ok("http://localhost/callback"));
        assert!(ok("sfdc://oauth/restapi/success"));
        assert!(ok("https://helpdesk.example.com/admin-api/salesforce/auth"));
        assert!(!ok("helpdesk.example.com/admin-api"));
        assert!(!ok("https://helpdesk.example.com/a b"));
    }
}
