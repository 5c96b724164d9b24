//! What a message may not quote: the credentials of a URL, and any run of a known
//! secret's characters (a message quotes a value cut short, or lowercased).

use std::collections::HashSet;
use std::ops::Range;

/// The shortest run of a secret that may not be shown.
pub const RUN: usize = 16;

/// The user-information part (`user:password`) of every URL in the text, found as a URL
/// parser finds it: after `scheme://`, and for the schemes a browser treats as special
/// (`https`, `wss`, `ftp`…) after `scheme:` and any run of `/` and `\\` at all
/// (`https:u:p@h`, `https:\\\\u:p@h` and `https:///u:p@h` all carry `u:p`).
/// The text is a file's source: a `\\` in an authority may start an escape
/// (`u:\\x50w@h`, `u:x\\"w@h`), so it is read past like a quote.
pub fn url_credentials(text: &str) -> Vec<Range<usize>> {
    credentials_in(text, true)
}

/// [`url_credentials`] in `text`; `escaped` when a `\\` may start an escape rather
/// than, in a special scheme, the path.
fn credentials_in(text: &str, escaped: bool) -> Vec<Range<usize>> {
    let bytes = text.as_bytes();
    let mut spans = Vec::new();
    let mut from = 0;
    while let Some(n) = memchr::memchr(b':', &bytes[from..]) {
        let colon = from + n;
        from = colon + 1;
        let scheme_start = text[..colon]
            .trim_end_matches(|c: char| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
            .len();
        let scheme = &text[scheme_start..colon];
        if !scheme.starts_with(|c: char| c.is_ascii_alphabetic()) {
            continue;
        }
        let special = ["http", "https", "ws", "wss", "ftp"]
            .iter()
            .any(|s| scheme.eq_ignore_ascii_case(s));
        let rest = &text[colon + 1..];
        let start = if special {
            after_slashes(bytes, colon + 1)
        } else if rest.starts_with("//") {
            colon + 3
        } else {
            continue;
        };
        let authority_end = text[start..]
            .find(|c: char| {
                c.is_whitespace()
                    || matches!(c, '/' | '?' | '#' | '<' | '>' | '"' | '\'' | '`')
                    || (special && c == '\\')
            })
            .map_or(text.len(), |n| start + n);
        let mut user_end = text[start..authority_end].rfind('@').map(|n| start + n);
        // A parser reads a space, a quote or a backtick into the credentials: when one
        // stopped the scan, an `@` later on the line, before the path, still ends them.
        // A short look: credentials are short, and a line of URLs stays linear.
        if user_end.is_none()
            && (text[authority_end..].starts_with([' ', '\t', '"', '\'', '`', '<', '>'])
                || (escaped && text[authority_end..].starts_with('\\')))
        {
            let mut limit = (authority_end + 256).min(text.len());
            while !text.is_char_boundary(limit) {
                limit -= 1;
            }
            let tail = &text[authority_end..limit];
            let path = tail
                .find(|c: char| {
                    matches!(c, '/' | '?' | '#' | '\n' | '\r') || (special && !escaped && c == '\\')
                })
                .unwrap_or(tail.len());
            user_end = tail[..path].rfind('@').map(|n| authority_end + n);
        }
        if let Some(user_end) = user_end {
            spans.push(start..user_end);
        }
        // Nothing in an authority starts another URL's credentials that its own `@`
        // does not already cover: going on from its end keeps the scan linear.
        from = from.max(authority_end);
    }
    spans
}

/// What each XML `<callbackUrl>` holds when, read as one URL (references decoded), it
/// carries credentials: a URL wrapped inside them is one URL to a parser, whose first
/// line alone shows half, and in a file that does not parse nothing else masks it.
pub fn wrapped_in_elements(source: &str) -> Vec<Range<usize>> {
    static OPEN: std::sync::LazyLock<memchr::memmem::Finder> =
        std::sync::LazyLock::new(|| memchr::memmem::Finder::new("callbackurl"));
    let mut spans = Vec::new();
    if !source.contains('@') {
        return spans;
    }
    let lower = source.to_ascii_lowercase();
    let mut from = 0;
    while let Some(n) = OPEN.find(&lower.as_bytes()[from..]) {
        let name = from + n;
        from = name + "callbackurl".len();
        let tag = lower[..name].trim_end_matches(|c: char| c.is_ascii_alphanumeric() || c == ':');
        if !tag.ends_with('<') || tag.ends_with("</") {
            continue;
        }
        let Some(open_end) = source[from..].find('>').map(|k| from + k + 1) else {
            break;
        };
        let close = super::secret_text::find_close_of(&lower, open_end, "callbackurl")
            .unwrap_or(source.len());
        let text = &source[open_end..close];
        let read = super::secret_shapes::decoded(text);
        if without_credentials(read.as_deref().unwrap_or(text)).is_some() {
            spans.push(open_end..close);
        }
        from = close.max(from);
    }
    spans
}

/// Where a special scheme's authority starts, from `at` just after its `:`: past any
/// run of `/` and `\\`, and of the tabs and line breaks a parser drops, written as a
/// YAML or JSON escape (`https:\\t//u:p@h` in a file that does not parse) or, a tab,
/// raw (a raw line break more likely ends the URL).
fn after_slashes(bytes: &[u8], mut at: usize) -> usize {
    loop {
        match bytes.get(at) {
            Some(b'\\') if matches!(bytes.get(at + 1), Some(b't' | b'n' | b'r')) => at += 2,
            Some(b'/' | b'\\' | b'\t') => at += 1,
            _ => return at,
        }
    }
}

/// What a URL parser reads `text` as, with its user name and password taken out; `None`
/// when it reads none. The parser drops every tab and line break first, and takes
/// whatever stands before the authority's `@` as credentials, spaces and quotes too
/// (`https://u:p w@h`), so the text scan's stop at those is not enough here.
pub fn without_credentials(text: &str) -> Option<String> {
    if !text.contains('@') {
        return None;
    }
    let clean: String = text
        .chars()
        .filter(|c| !matches!(c, '\t' | '\n' | '\r'))
        .collect();
    if let Some(at) = credentials_in(&clean, false).first() {
        return Some(format!("{}{}", &clean[..at.start], &clean[at.end + 1..]));
    }
    let mut url = url::Url::parse(&clean).ok()?;
    if url.username().is_empty() && url.password().is_none() {
        return None;
    }
    // Neither can fail: a URL with credentials has a host.
    let _ = url.set_username("");
    let _ = url.set_password(None);
    Some(url.into())
}

/// Every run of [`RUN`] characters of the known secrets, compared ignoring ASCII case
/// (a URL parser lowercases a host). A run is kept as a 64-bit fingerprint, not a
/// string: a file can hold a megabyte of secrets, a run for each byte. Two runs share a
/// fingerprint about once in 2^64 pairs, and then text that is no secret is masked.
pub struct Runs(HashSet<u64, foldhash::fast::RandomState>);

impl Runs {
    /// The runs of these secrets; one shorter than [`RUN`] has none.
    pub fn of<'a>(secrets: impl IntoIterator<Item = &'a [u8]>) -> Self {
        // The same secret often comes more than once: it is put in once, and the set
        // is sized up front.
        let mut texts: Vec<&[u8]> = secrets.into_iter().filter(|s| s.len() >= RUN).collect();
        texts.sort_unstable();
        texts.dedup();
        let windows = texts.iter().map(|s| s.len() - RUN + 1).sum();
        let mut runs = HashSet::with_capacity_and_hasher(windows, Default::default());
        runs.extend(texts.iter().flat_map(|s| s.windows(RUN).map(key)));
        Self(runs)
    }

    /// Whether there is no run at all.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// Whether these [`RUN`] bytes repeat a run of a secret.
    pub fn holds(&self, window: &[u8]) -> bool {
        self.0.contains(&key(window))
    }

    /// The text with URL credentials and every stretch that repeats a run of a secret
    /// replaced by `****`.
    pub fn scrub(&self, text: &str) -> String {
        if (self.0.is_empty() || text.len() < RUN) && !text.contains('@') {
            return text.to_owned();
        }
        let mut hidden = vec![false; text.len()];
        if !self.0.is_empty() {
            for (i, w) in text.as_bytes().windows(RUN).enumerate() {
                if self.holds(w) {
                    hidden[i..i + RUN].iter_mut().for_each(|h| *h = true);
                }
            }
        }
        for span in url_credentials(text) {
            hidden[span].iter_mut().for_each(|h| *h = true);
        }
        if !hidden.contains(&true) {
            return text.to_owned();
        }
        let mut out = String::with_capacity(text.len());
        let mut in_mask = false;
        for (i, c) in text.char_indices() {
            if hidden[i..i + c.len_utf8()].contains(&true) {
                if !in_mask {
                    out.push_str("****");
                }
                in_mask = true;
            } else {
                out.push(c);
                in_mask = false;
            }
        }
        out
    }
}

/// A run's fingerprint, its letters lowercased.
fn key(window: &[u8]) -> u64 {
    use std::hash::BuildHasher;
    let lower = window
        .iter()
        .fold(0u128, |k, b| (k << 8) | u128::from(b.to_ascii_lowercase()));
    foldhash::quality::FixedState::default().hash_one(lower)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn runs_of_secrets_and_url_credentials_are_scrubbed() {
        let secret = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";
        let runs = Runs::of([secret.as_bytes()]);
        let quoted = format!("`https://{}…` is not a URL", &secret[..57].to_uppercase());
        assert_eq!(runs.scrub(&quoted), "`https://****…` is not a URL");
        assert_eq!(
            runs.scrub("see https://me:pa55@host/x and ftp://h/y@z"),
            "see https://****@host/x and ftp://h/y@z"
        );
        // Every spelling a URL parser reads credentials from.
        for url in [
            "https:///u:pa55@h/x",
            "https:\\\\u:pa55@h",
            "HTTPS:u:pa55@h",
            "wss:/\\u:pa55@h",
            "app://u:pa55@h",
            "x: https:u:pa55@h",
        ] {
            assert!(!runs.scrub(url).contains("pa55"), "{url}");
            let parsed = url::Url::parse(url.trim_start_matches("x: ")).unwrap();
            assert_eq!(parsed.password(), Some("pa55"), "{url}");
        }
        // A scheme browsers do not treat as special reads no credentials without `//`.
        for text in [
            "mailto:me@example.com",
            "app:u:p@h",
            "key: a@b",
            "sfdc://oauth/x@y",
        ] {
            assert_eq!(runs.scrub(text), text);
            assert_eq!(without_credentials(text), None, "{text}");
        }
    }

    #[test]
    fn credentials_are_read_past_whitespace_quotes_and_line_breaks() {
        // The text scan, for a file that does not parse.
        for text in [
            "x: 'https://u:pa55 w0rd@h/x",
            "<u>https://u:pa55\"w0rd@h/x</u>",
            "a: [https://u:pa55`w0rd@h",
            "a: \"https:\\t//u:pa55w0rd@h/x",
        ] {
            let masked = crate::check::rules::secrets::mask(text, &url_credentials(text));
            assert!(
                !masked.contains("pa55") && !masked.contains("w0rd"),
                "{masked}"
            );
        }
        assert!(url_credentials("see https://h/x and me@h.org").is_empty());
        let wrapped = "<a><callbackUrl>https://u:pa55\nw0rd@h/x</callbackUrl><callbackUrl>https://h/x</callbackUrl>";
        let masked = crate::check::rules::secrets::mask(wrapped, &wrapped_in_elements(wrapped));
        assert_eq!(
            masked,
            "<a><callbackUrl>**************\n********</callbackUrl><callbackUrl>https://h/x</callbackUrl>"
        );
        for (text, clean) in [
            ("https://u:pa55@h/x", "https://h/x"),
            ("https:\t//u:pa55@h/x", "https://h/x"),
            ("https://u:pa\n55@h/x", "https://h/x"),
            ("https://u:pa55 x@h/x", "https://h/x"),
            ("https://u:pa55\"x@h/x", "https://h/x"),
            ("https://u:pa`55<@h/x", "https://h/x"),
            ("https://@h/x", "https://h/x"),
        ] {
            assert_eq!(
                without_credentials(text).as_deref(),
                Some(clean),
                "{text:?}"
            );
        }
    }
}
