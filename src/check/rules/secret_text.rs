//! Secrets found in raw text, whether or not it parses: what follows a secret key name
//! (on its line, on the lines that continue it, or up to the closing XML tag).

use std::ops::Range;
use std::sync::LazyLock;

use memchr::memmem::Finder;

use super::{secret_names, secret_yaml};

/// Byte ranges after each secret key name (`consumerSecret`, `client-secret`,
/// `<x:consumerSecret xml:space="preserve">`, any case): to the closing tag in XML, else
/// the rest of the line and every following line indented deeper or blank.
pub fn key_spans(source: &str) -> Vec<Range<usize>> {
    let lower = source.to_ascii_lowercase();
    let bytes = source.as_bytes();
    let mut spans = Vec::new();
    let mut from = 0;
    static SECRET: LazyLock<Finder> = LazyLock::new(|| Finder::new("secret"));
    while let Some(at) = SECRET.find(&lower.as_bytes()[from..]) {
        let end = from + at + "secret".len();
        from = end;
        let before = lower[..end - "secret".len()].trim_end_matches(['-', '_', ' ']);
        let Some(name_start) = ["consumer", "client"]
            .iter()
            .find_map(|n| before.strip_suffix(n).map(str::len))
        else {
            continue;
        };
        // A whole name only: not `isConsumerSecretOptional`.
        let word = |b: Option<&u8>| b.is_some_and(|b| b.is_ascii_alphanumeric() || *b == b'_');
        if word(name_start.checked_sub(1).and_then(|i| bytes.get(i))) || word(bytes.get(end)) {
            continue;
        }
        // Back over a namespace prefix (`sf:`) to see whether this is a tag name.
        let tag_open = lower[..name_start].trim_end_matches(|c: char| {
            c.is_ascii_alphanumeric() || matches!(c, ':' | '_' | '.' | '-')
        });
        if tag_open.ends_with("</") {
            continue;
        }
        if tag_open.ends_with('<') {
            let content = source[end..]
                .find('>')
                .map_or(source.len(), |n| end + n + 1);
            let close = find_close(&lower, content).unwrap_or(source.len());
            spans.push(content..close);
            // A key inside what is masked is masked with it: going on from the end keeps
            // the scan linear (a line of thousands of `consumer secret` cost seconds).
            from = from.max(close);
            continue;
        }
        let value = value_after(source, name_start, end);
        from = from.max(value.end);
        spans.push(value);
    }
    // An escaped key inside the value of the one before is masked with it: each value
    // runs over the deeper lines after it, and a staircase of keys was cubic.
    let mut last = 0..0;
    for (start, end) in escaped_keys(source) {
        if !last.contains(&start) {
            let value = value_after(source, start, end);
            last = start..value.end;
            spans.push(value);
        }
    }
    spans.extend(named_key_spans(source, &lower));
    spans.extend(secret_yaml::explicit_key_spans(source));
    spans.extend(secret_yaml::alias_key_spans(source));
    spans
}

/// What follows every other key or tag whose name is a secret's (a misspelt
/// `consumerSecrt:`, `<consumerSecre>`, `password =`, `<apiToken>`): each word of the
/// text that stands as a key (`:` or `=` after it) or a tag name is asked of
/// [`secret_names::classify`]. Words inside what is already masked are skipped, which
/// keeps the scan linear.
fn named_key_spans(source: &str, lower: &str) -> Vec<Range<usize>> {
    let bytes = source.as_bytes();
    // A `.` joins a word as it joins a tag name (`<db.password>`) or a dotted key.
    let is_word = |b: u8| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'-' | b'.');
    let mut spans = Vec::new();
    // What the last span masks: a word inside it is masked with it. A tag's span starts
    // at its `>`, which may come lines after the name, and the keys between stay keys.
    let (mut at, mut masked) = (0, 0..0);
    while at < bytes.len() {
        if !is_word(bytes[at]) {
            at += 1;
            continue;
        }
        let start = at;
        while at < bytes.len() && is_word(bytes[at]) {
            at += 1;
        }
        let end = at;
        if masked.contains(&start) {
            continue;
        }
        // A key: `:` or `=` after it. Else a tag: right after `<`, or after a namespace
        // prefix (`sf:`) that follows one. Most words are neither, told by a byte or two.
        let after = source[end..].trim_start_matches(['"', '\'', ' ', '\t']);
        let key = after.starts_with([':', '=']);
        let tag = match start.checked_sub(1).map(|i| bytes[i]) {
            Some(b'<') => true,
            Some(b':') => source[..start - 1]
                .trim_end_matches(|c: char| {
                    c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.')
                })
                .ends_with('<'),
            _ => false,
        };
        if !key && !tag {
            continue;
        }
        // A key's name may be several words (`api key:`): from the last character
        // before it that no name holds. Keys on one line stop each other's scan back.
        let name_start = if key {
            let before = &source[..start];
            before
                .rfind(|c: char| {
                    !(c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.' | ' ' | '\t'))
                })
                .map_or(0, |n| {
                    n + before[n..].chars().next().map_or(1, char::len_utf8)
                })
        } else {
            start
        };
        let name = source[name_start..end].trim();
        if name.len() < 5 {
            continue;
        }
        // What it holds starts after the `:` or `=`, or after the start tag's `>`: looked
        // for only when asked, as a run of unclosed tags would be read to its end once a tag.
        let holds_from = || {
            if tag {
                source[end..]
                    .find('>')
                    .map_or(source.len(), |n| end + n + 1)
            } else {
                source.len() - after[1..].len()
            }
        };
        if !names_secret(source, name, holds_from) {
            continue;
        }
        let span = if tag {
            let content = holds_from();
            let close = find_close_of(lower, content, &lower[start..end]).unwrap_or(source.len());
            content.min(close)..close
        } else {
            flow_value(source, name_start, value_after(source, name_start, end))
        };
        masked = span.clone();
        spans.push(span);
    }
    spans
}

/// What a key or tag holds, as far as telling a setting's flag or number from text
/// needs: from the first byte after `from` that is not blank, up to its line's end or a
/// `<`, and 64 bytes at most.
fn held_from(source: &str, from: usize) -> String {
    let held = source[from..].trim_start().as_bytes();
    let held = &held[..held.len().min(64)];
    let end = held
        .iter()
        .position(|b| matches!(b, b'\n' | b'<'))
        .unwrap_or(held.len());
    String::from_utf8_lossy(&held[..end]).into_owned()
}

/// Whether `name` is a secret's, holding what starts where `from` says (after its `:`,
/// `=` or `>`; asked only of a name that needs it): a name near a setting's is a
/// secret's when it holds text (a flag or a number is short; 64 bytes tell).
pub(super) fn names_secret(source: &str, name: &str, from: impl FnOnce() -> usize) -> bool {
    secret_names::classify(name).is_some()
        || secret_names::mentions_secret(name)
            && secret_names::classify_holding(name, Some(&held_from(source, from()))).is_some()
}

/// A value in a flow mapping or list (`{password: x` with a `{` before it on the line)
/// goes on to the next `,`, `}` or `]`, on whatever line: a plain scalar in a flow
/// continues over line ends at any indentation.
pub(super) fn flow_value(source: &str, name_start: usize, value: Range<usize>) -> Range<usize> {
    let line_start = source[..name_start].rfind('\n').map_or(0, |n| n + 1);
    let depth = source[line_start..name_start]
        .bytes()
        .fold(0i64, |d, b| match b {
            b'{' | b'[' => d + 1,
            b'}' | b']' => d - 1,
            _ => d,
        });
    if depth <= 0 {
        return value;
    }
    let close = source[value.start..]
        .find([',', '}', ']'])
        .map_or(source.len(), |n| value.start + n);
    value.start..value.end.max(close)
}

/// What follows a secret key whose name runs from `name_start` to `end`: the rest of its
/// line, and the lines that continue it.
pub(super) fn value_after(source: &str, name_start: usize, end: usize) -> Range<usize> {
    let bytes = source.as_bytes();
    // The key stays readable: masking starts after its quotes and `:` or `=`.
    let after_key = source[end..].trim_start_matches(['"', '\'', ' ', '\t']);
    let value = after_key.strip_prefix([':', '=']);
    let value_start = source.len() - value.unwrap_or(after_key).len();
    let line_start = source[..name_start].rfind('\n').map_or(0, |n| n + 1);
    let indent = indentation(&bytes[line_start..]);
    let mut stop = source[end..].find('\n').map_or(source.len(), |n| end + n);
    // Lines indented deeper than the key continue its value (a block scalar, a
    // value on the next line), as do blank lines between them.
    while stop < source.len() {
        let next = stop + 1;
        let next_end = source[next..].find('\n').map_or(source.len(), |n| next + n);
        let line = &source[next..next_end];
        if !line.trim().is_empty() && indentation(line.as_bytes()) <= indent {
            break;
        }
        stop = next_end;
    }
    // A quoted value goes on to its closing quote, at whatever indentation the lines
    // between have: a file that does not parse still shows none of it.
    if let Some(close) = closing_quote(source, value_start)
        && close > stop
    {
        stop = source[close..]
            .find('\n')
            .map_or(source.len(), |n| close + n);
    }
    // Nothing after `:` or `=`: in a flow mapping (`{consumerSecret:`) or an XML
    // attribute (`consumerSecret=`) the value may start the next line at any
    // indentation, so the next line with text is masked too.
    if value.is_some() && source[value_start.min(stop)..stop].trim().is_empty() {
        let next = source[stop..]
            .find(|c: char| !c.is_whitespace())
            .map_or(source.len(), |n| stop + n);
        stop = source[next..].find('\n').map_or(source.len(), |n| next + n);
    }
    value_start.min(stop)..stop
}

/// Where a value that starts (after blanks) at `from` with a quote closes: a `"` no `\`
/// escapes, or a `'` not doubled; the end of the text when it never closes.
pub(super) fn closing_quote(source: &str, from: usize) -> Option<usize> {
    let rest = &source[from..];
    let open = from + (rest.len() - rest.trim_start_matches([' ', '\t']).len());
    let quote = *source
        .as_bytes()
        .get(open)
        .filter(|q| matches!(q, b'"' | b'\''))?;
    let bytes = source.as_bytes();
    let mut i = open + 1;
    while i < bytes.len() {
        match bytes[i] {
            b'\\' if quote == b'"' => i += 2,
            b'\'' if quote == b'\'' && bytes.get(i + 1) == Some(&b'\'') => i += 2,
            b if b == quote => return Some(i),
            _ => i += 1,
        }
    }
    Some(source.len())
}

/// Double-quoted keys written with escapes (`"consumer\x53ecret":`), whose raw text
/// does not spell the name: each quoted stretch holding a `\` is decoded, and one that
/// names a secret gives the range of its quotes.
fn escaped_keys(source: &str) -> Vec<(usize, usize)> {
    let mut keys = Vec::new();
    if !source.contains('\\') {
        return keys;
    }
    let bytes = source.as_bytes();
    let mut at = 0;
    while let Some(n) = source[at..].find('"') {
        let open = at + n;
        // The closing quote: the next `"` on the line that no `\` escapes.
        let mut close = None;
        let mut i = open + 1;
        while i < bytes.len() && bytes[i] != b'\n' {
            match bytes[i] {
                b'\\' => i += 2,
                b'"' => {
                    close = Some(i);
                    break;
                }
                _ => i += 1,
            }
        }
        let Some(close) = close else {
            // Unclosed on its line: the line's other quotes are escaped or inside it, and
            // starting again at each would be quadratic on a line of `"\`.
            at = i.min(bytes.len());
            continue;
        };
        let inner = &source[open + 1..close];
        if inner.contains('\\') {
            let decoded = decode_escapes(inner);
            let name: String = decoded
                .to_ascii_lowercase()
                .chars()
                .filter(|c| !matches!(c, '-' | '_' | ' '))
                .collect();
            if name.contains("consumersecret")
                || name.contains("clientsecret")
                || secret_names::classify(&decoded).is_some()
            {
                keys.push((open, close + 1));
            }
        }
        at = close + 1;
    }
    keys
}

/// The text of a double-quoted YAML scalar with `\xHH`, `\uHHHH` and `\UHHHHHHHH`
/// decoded, and any other escaped character kept as itself.
pub(super) fn decode_escapes(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        let digits = match chars.next() {
            Some('x') => 2,
            Some('u') => 4,
            Some('U') => 8,
            Some(other) => {
                out.push(other);
                continue;
            }
            None => break,
        };
        let hex: String = chars.by_ref().take(digits).collect();
        if let Some(decoded) = u32::from_str_radix(&hex, 16).ok().and_then(char::from_u32) {
            out.push(decoded);
        }
    }
    out
}

/// The start of the first closing tag after `from` whose name ends in `secret`.
fn find_close(lower: &str, from: usize) -> Option<usize> {
    find_close_of(lower, from, "secret")
}

/// The start of the first closing tag after `from` whose name ends in `name` (lower
/// case; a namespace prefix may stand before it). One inside a comment or CDATA closes
/// nothing: what follows is still the value.
pub(super) fn find_close_of(lower: &str, from: usize, name: &str) -> Option<usize> {
    let mut at = from;
    while let Some(n) = lower[at..].find('<') {
        let start = at + n;
        let rest = &lower[start..];
        let skip = [("<!--", "-->"), ("<![cdata[", "]]>")]
            .iter()
            .find(|(open, _)| rest.starts_with(open));
        if let Some((open, close)) = skip {
            at = start + open.len() + lower[start + open.len()..].find(close)? + close.len();
            continue;
        }
        if rest.starts_with("</") {
            let name_end = rest.find('>').map(|m| start + m)?;
            if lower[start..name_end].trim_end().ends_with(name) {
                return Some(start);
            }
        }
        at = start + 1;
    }
    None
}

pub(super) fn indentation(line: &[u8]) -> usize {
    line.iter()
        .take_while(|b| matches!(b, b' ' | b'\t'))
        .count()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn masked(src: &str) -> String {
        crate::check::rules::secrets::mask(src, &key_spans(src))
    }

    #[test]
    fn values_after_secret_keys_in_broken_files() {
        for src in [
            "<consumerSecret><![CDATA[S3CRET]]></consumerSecret>",
            "<consumerSecret xml:space=\"preserve\">S3CRET</consumerSecret>",
            "<consumerSecret >S3CRET</consumerSecret>",
            "<consumerSecret><!-- x -->S3CRET</consumerSecret>",
            "<sf:consumerSecret>S3CRET</sf:consumerSecret>",
            "<consumerSecret>\n  S3CRET\n</consumerSecret>",
            "a: [\nconsumer-secret: S3CRET\n",
            "Client-Secret: S3CRET\n",
            "consumerSecret:\n  S3CRET\nb: 1\n",
            "consumerSecret: |\n  S3CRET\n\n  MORE\nb: 1\n",
            "{consumerSecret:\nS3CRET]\n",
            "<Root consumerSecret=\n\"S3CRET\">\n",
            "consumerSecrt: S3CRET\n",
            "  consumer_secre = 'S3CRET'\n",
            "<consumerSecre>S3CRET</consumerSecre>",
            "<sf:consumerScret>\n S3CRET\n</sf:consumerScret>",
            "db_password: S3CRET\n",
            "\"apiToken\": \"S3CRET\",\n",
            "<privateKey>S3CRET\nMORE</privateKey>",
            "consumerSecret: \"S3\nCRET\nMORE\"\nb: 1\n",
            "password: 'S3''\nMORE'\n",
            // A tag left open: its span starts at the next `>`, the key before it is a key.
            "<isSecret\nconsumerSecrt: S3CRET\nRequired</isSecretRequired>",
            "<consumerSecret\nclient_secret: S3CRET\nx>MORE</consumerSecret>",
            "<db.password>S3CRET</db.password>",
            "<sf:private.key>\nS3CRET\n</sf:private.key>",
            "a.password: S3CRET\n",
            // A closing tag in a comment or CDATA closes nothing.
            "<consumerSecret><!-- </consumerSecret> -->S3CRET</consumerSecret>",
            "<apiToken><![CDATA[</apiToken>S3CRET]]>MORE</apiToken>",
            // Names of several words, explicit keys, flows, escapes.
            "api key: S3CRET\n",
            "\"api key\": S3CRET\n",
            "- consumer secrt: S3CRET\n",
            "consumer.secrt: S3CRET\n",
            "? db_password\n: S3CRET\n",
            "? [db_password]\n: S3CRET\n",
            "a: {name: A, password: x\nS3CRET, b: 1}\n",
            "\"db_p\\x61ssword\": S3CRET\n",
            "jwtAccessToken: S3CRET\n",
            "<clientCredential>S3CRET</clientCredential>",
        ] {
            let out = masked(src);
            assert!(!out.contains("S3CRET") && !out.contains("MORE"), "{out}");
        }
        assert_eq!(
            masked("consumerSecret:\n  x\nb: 1\n"),
            "consumerSecret:\n  *\nb: 1\n"
        );
        // Settings that only mention a secret keep their values.
        for src in [
            "isConsumerSecretOptional: true\n",
            "<isSecretRequiredForRefreshToken>true</isSecretRequiredForRefreshToken>",
            "refreshTokenRotation: false\n",
            "description: a password-less app\n",
            "jwtAccessToken: true\n",
            "description: the key: none\n",
        ] {
            assert_eq!(masked(src), src);
        }
        // A quote closed on its line ends the value there.
        assert_eq!(
            masked("consumerSecret: \"\"\nb: 'x\n  y'\n"),
            "consumerSecret: **\nb: 'x\n  y'\n"
        );
    }
}
