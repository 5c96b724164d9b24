//! Secret keys in YAML text that the word scan of [`super::secret_text`] cannot see: an
//! explicit key (`? name`) written over several lines or away from the `:` line of its
//! value, and an alias (`*k`) that stands for a secret's name as a key. Both are found
//! whether or not the file parses.

use std::collections::HashMap;
use std::ops::Range;

use super::secret_names;
use super::secret_text::{
    closing_quote, decode_escapes, flow_value, indentation, names_secret, value_after,
};

/// The values of explicit keys that name a secret. A key runs from its `?` to the first
/// line at the `?`'s indentation or less that is neither blank nor a comment; when that
/// line starts with `:`, what follows is the key's value. The key's text is read as YAML
/// would fold it: lines joined, quotes, brackets and a block indicator (`|`, `>-`) left
/// out, escapes decoded.
pub fn explicit_key_spans(source: &str) -> Vec<Range<usize>> {
    let mut spans = Vec::new();
    let mut line_start = 0;
    while line_start < source.len() {
        let line_end = line_end(source, line_start);
        let Some(column) = question_mark(&source[line_start..line_end]) else {
            line_start = line_end + 1;
            continue;
        };
        let key_start = line_start + column + 1;
        // A quoted key may go on at any indentation up to its closing quote.
        let mut next = closing_quote(source, key_start)
            .map_or(line_end, |close| self::line_end(source, close))
            + 1;
        let mut colon = None;
        while next < source.len() {
            let end = self::line_end(source, next);
            let line = &source[next..end];
            let text = line.trim_start();
            if !text.is_empty() && !text.starts_with('#') && indentation(line.as_bytes()) <= column
            {
                colon = text.starts_with(':').then(|| end - text.len());
                break;
            }
            next = end + 1;
        }
        // Going on from where the key ends keeps the scan linear: a staircase of `?`
        // lines, each deeper, would otherwise be read to its end once a line.
        line_start = next;
        let Some(colon) = colon else { continue };
        let name = key_text(&source[key_start..next.min(source.len())]);
        if names_secret(source, &name, || colon + 1) {
            spans.push(value_after(source, next, colon));
        }
    }
    spans
}

/// The column of the `?` that opens an explicit key on this line (after any `- ` of a
/// list item), if it does.
fn question_mark(line: &str) -> Option<usize> {
    let mut rest = line.trim_start_matches([' ', '\t']);
    while let Some(item) = rest
        .strip_prefix('-')
        .filter(|r| r.starts_with([' ', '\t']))
    {
        rest = item.trim_start_matches([' ', '\t']);
    }
    let after = rest.strip_prefix('?')?;
    (after.is_empty() || after.starts_with([' ', '\t', '\r'])).then(|| line.len() - rest.len())
}

/// An explicit key's text as a name: comments dropped, lines joined by a space, quotes,
/// brackets and block indicators left out, escapes decoded.
fn key_text(raw: &str) -> String {
    let joined = raw
        .lines()
        .map(|line| {
            let line = line.find(" #").map_or(line, |n| &line[..n]);
            line.trim()
        })
        .filter(|line| !line.is_empty())
        .collect::<Vec<_>>()
        .join(" ");
    let unindicated = joined
        .strip_prefix(['|', '>'])
        .map_or(joined.as_str(), |rest| {
            rest.trim_start_matches(|c: char| matches!(c, '-' | '+') || c.is_ascii_digit())
        });
    let decoded = if unindicated.contains('\\') {
        decode_escapes(unindicated)
    } else {
        unindicated.to_owned()
    };
    decoded
        .chars()
        .filter(|c| !matches!(c, '"' | '\'' | '[' | ']' | '{' | '}'))
        .collect::<String>()
        .trim()
        .to_owned()
}

/// The values of keys written as an alias (`*k :`) of an anchored secret's name
/// (`&k consumerSecret`).
pub fn alias_key_spans(source: &str) -> Vec<Range<usize>> {
    let mut spans = Vec::new();
    if !source.contains('&') || !source.contains('*') {
        return spans;
    }
    // Each anchor whose value may be a secret's name, and that name: what the alias's
    // key holds decides for a name that only mentions one (`jwtAccessToken`).
    let mut secret_anchors = HashMap::new();
    for (at, _) in source.match_indices('&') {
        let name = anchor_name(source, at + 1);
        let value_start = at + 1 + name.len();
        // A secret's name is short: a bounded look keeps a line of anchors linear.
        let mut end = (value_start + 256).min(source.len());
        while !source.is_char_boundary(end) {
            end -= 1;
        }
        let window = &source[value_start..end];
        let value = window.find('\n').map_or(window, |n| &window[..n]);
        // A name may stand on the next line, alone or as a block scalar (`&k >-`).
        let value = if value.trim().is_empty() || value.trim_start().starts_with(['>', '|']) {
            let next = &window[value.len()..];
            next.lines().find(|l| !l.trim().is_empty()).unwrap_or("")
        } else {
            value
        };
        let value = value.find(" #").map_or(value, |n| &value[..n]);
        let value = value.trim().trim_end_matches([',', '}', ']']).trim();
        let value = value.trim_matches(['"', '\'']);
        let value = if value.contains('\\') {
            decode_escapes(value)
        } else {
            value.to_owned()
        };
        if !name.is_empty()
            && (secret_names::classify(&value).is_some() || secret_names::mentions_secret(&value))
        {
            secret_anchors.insert(name, value);
        }
    }
    if secret_anchors.is_empty() {
        return spans;
    }
    let mut masked = 0..0;
    for (at, _) in source.match_indices('*') {
        if masked.contains(&at) {
            continue;
        }
        let name = anchor_name(source, at + 1);
        let end = at + 1 + name.len();
        let after = source[end..].trim_start_matches([' ', '\t']);
        // The key's `:` follows it, or, for an explicit key (`? *k`), starts a later line.
        let (key_start, colon) = if after.starts_with(':') {
            (at, source.len() - after.len())
        } else if source[..at].trim_end_matches([' ', '\t']).ends_with('?') {
            match explicit_colon(source, end) {
                Some(colon) => (colon, colon),
                None => continue,
            }
        } else {
            continue;
        };
        if secret_anchors
            .get(name)
            .is_some_and(|named| names_secret(source, named, || colon + 1))
        {
            let key_end = if key_start == at { end } else { colon };
            masked = flow_value(source, at, value_after(source, key_start, key_end));
            spans.push(masked.clone());
        }
    }
    spans
}

/// The `:` that starts a line after an explicit key ending at `end`, past blank and
/// comment lines, within a bounded look (a key's value follows it closely).
fn explicit_colon(source: &str, end: usize) -> Option<usize> {
    let mut at = line_end(source, end);
    while at < source.len() && at < end + 256 {
        let start = at + 1;
        let line = &source[start..line_end(source, start)];
        let text = line.trim_start();
        if text.starts_with(':') {
            return Some(start + line.len() - text.len());
        }
        if !text.is_empty() && !text.starts_with('#') {
            return None;
        }
        at = start + line.len();
    }
    None
}

/// An anchor's or alias's name, from `at`: up to a blank or a flow indicator.
fn anchor_name(source: &str, at: usize) -> &str {
    // A name is short: a bounded look keeps a run of `&` or `*` linear.
    let mut end = (at + 128).min(source.len());
    while !source.is_char_boundary(end) {
        end -= 1;
    }
    let rest = &source[at..end];
    let len = rest
        .find(|c: char| c.is_whitespace() || matches!(c, ',' | '[' | ']' | '{' | '}'))
        .unwrap_or(rest.len());
    &rest[..len]
}

/// The end of the line that holds `at` (its `\n`, or the end of the text).
fn line_end(source: &str, at: usize) -> usize {
    source[at..].find('\n').map_or(source.len(), |n| at + n)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn masked(src: &str) -> String {
        let mut spans = explicit_key_spans(src);
        spans.extend(alias_key_spans(src));
        crate::check::rules::secrets::mask(src, &spans)
    }

    #[test]
    fn explicit_keys_and_aliases_that_name_a_secret() {
        for src in [
            "? consumerSecret\n: S3CRET\n",
            "? consumerSecret\n# a comment\n: S3CRET\n",
            "? consumerSecret\n\n: S3CRET\n  MORE\n",
            "? |\n  consumerSecret\n: S3CRET\n",
            "? >-\n  consumer\n  secret\n: S3CRET\n",
            "? consumer\n  Secret\n: S3CRET\n",
            "? \"consumer\nSecret\"\n: S3CRET\n",
            "? \"consumer\\x53ecret\"\n: S3CRET\n",
            "? [db_password]\n: S3CRET\n",
            "- ? db_password\n  : S3CRET\n",
            "a:\n  ? api key # c\n  :\n    S3CRET\n",
            "x: &k consumerSecret\n*k : S3CRET\n",
            "x: &k 'db_password'\ny: {*k : S3CRET}\n",
            "x: &k consumerSecret\ny: {a: 1, *k : x\nS3CRET}\n",
        ] {
            let out = masked(src);
            assert!(
                !out.contains("S3CRET") && !out.contains("MORE"),
                "{src:?}\n{out}"
            );
        }
        // Keys that name no secret, and values that only look like one, stay as written.
        for src in [
            "? consumerKey\n: 3MVG9\n",
            "? consumerSecret\nb: c\n",
            "? isConsumerSecretOptional\n: false\n",
            "x: &k name\n*k : value\n",
            "x: &k consumerSecret\ny: *k\n",
            "a: 2 * 3 & 4\n",
        ] {
            assert_eq!(masked(src), src, "{src:?}");
        }
    }
}
