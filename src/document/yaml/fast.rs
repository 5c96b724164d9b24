//! The events of the plain block-style YAML that descriptions are written in, without
//! saphyr-parser's scanner, which was about a quarter of the cost of checking a file.
//!
//! It reads one shape only: ASCII lines of `key: value`, `key:` opening a more indented
//! mapping, and values that are plain words or a one-line list of plain words
//! (`[api, web]`), with comments and blank lines. On anything else (quotes, anchors, tags,
//! block lists, block scalars, multi-line values, tabs, CRLF, a second document, an empty
//! value, an error) it gives up before any event is used, and saphyr-parser reads the file.
//! What it gives is what saphyr-parser gives, event for event and offset for offset; the
//! tests and the `yaml` fuzz target compare the two.

use std::borrow::Cow;
use std::ops::Range;

use saphyr_parser::{Event, ScalarStyle};

/// An event with the byte range it covers. For the end of a collection only the start
/// counts: saphyr-parser's end runs over any comment after a closing bracket.
pub(super) type Located<'t> = (Event<'t>, Range<usize>);

/// The file's events, from the document's start to its last collection's end; `None`
/// when the file is not in the shape read here, or holds more than `max_events` (the
/// builder would stop at its node limit, and the parser streams up to it: all of them
/// kept here would cost memory the check never uses).
pub(super) fn events(text: &str, max_events: usize) -> Option<Vec<Located<'_>>> {
    // Tabs, carriage returns and other control characters, and anything not ASCII
    // (where the parser's character offsets and ours would need converting).
    if !text
        .bytes()
        .all(|b| b == b'\n' || (b' '..=b'~').contains(&b))
    {
        return None;
    }
    let mut out: Vec<Located> = Vec::with_capacity(text.len() / 8);
    // The indentation of each open mapping, outermost first.
    let mut open: Vec<usize> = Vec::new();
    // The indentation of a key whose value is a mapping on the next lines.
    let mut nested: Option<usize> = None;
    let mut line_start = 0;
    for line in text.split_inclusive('\n') {
        let at = line_start;
        line_start += line.len();
        let content = line.strip_suffix('\n').unwrap_or(line);
        let indent = content.len() - content.trim_start_matches(' ').len();
        let rest = &content[indent..];
        if rest.is_empty() || rest.starts_with('#') {
            continue;
        }
        let start = at + indent;
        match nested.take() {
            None if open.is_empty() => {
                if indent != 0 {
                    return None;
                }
                out.push((Event::DocumentStart(false), start..start));
                out.push((Event::MappingStart(0, None), start..start));
                open.push(0);
            }
            Some(parent) if indent > parent => {
                out.push((Event::MappingStart(0, None), start..start));
                open.push(indent);
            }
            Some(_) => return None,
            None => {
                while open.last().is_some_and(|&i| indent < i) {
                    open.pop();
                    out.push((Event::MappingEnd, start..start));
                }
                if open.last() != Some(&indent) {
                    return None;
                }
            }
        }
        nested = entry(rest, start, indent, &mut out)?;
        if out.len() > max_events {
            return None;
        }
    }
    if nested.is_some() || open.is_empty() {
        return None;
    }
    let end = text.len();
    out.extend(open.iter().map(|_| (Event::MappingEnd, end..end)));
    Some(out)
}

/// Reads `key: value` or `key:` starting at byte `start`; gives the key's indentation
/// when its value is a mapping on the next lines.
fn entry<'t>(
    rest: &'t str,
    start: usize,
    indent: usize,
    out: &mut Vec<Located<'t>>,
) -> Option<Option<usize>> {
    let colon = rest.find(':')?;
    let key = &rest[..colon];
    if !plain(key, false) {
        return None;
    }
    out.push(scalar(key, start));
    let after = &rest[colon + 1..];
    let gap = after.len() - after.trim_start_matches(' ').len();
    let value = &after[gap..];
    let at = start + colon + 1 + gap;
    if value.is_empty() || (gap > 0 && value.starts_with('#')) {
        return Some(Some(indent));
    }
    if gap == 0 {
        return None; // `key:value` is one plain word, not a mapping entry
    }
    let tail = if let Some(list) = value.strip_prefix('[') {
        sequence(list, at, out)?
    } else {
        let end = comment_start(value).unwrap_or(value.len());
        let word = value[..end].trim_end_matches(' ');
        if !plain(word, false) {
            return None;
        }
        out.push(scalar(word, at));
        &value[word.len()..]
    };
    // Only a comment may follow, set off by a space.
    let comment = tail.trim_start_matches(' ');
    (comment.is_empty() || (comment.starts_with('#') && comment.len() < tail.len())).then_some(None)
}

/// Reads a one-line flow list whose `[` is at byte `at`, `list` being what follows the
/// `[`; gives what follows its `]`.
fn sequence<'t>(list: &'t str, at: usize, out: &mut Vec<Located<'t>>) -> Option<&'t str> {
    out.push((Event::SequenceStart(0, None), at..at + 1));
    let mut pos = 1; // past `[`, in bytes from `at`
    let mut rest = list;
    let mut first = true;
    loop {
        let trimmed = rest.trim_start_matches(' ');
        pos += rest.len() - trimmed.len();
        rest = trimmed;
        if first && let Some(after) = rest.strip_prefix(']') {
            out.push((Event::SequenceEnd, at + pos..at + pos + 1));
            return Some(after);
        }
        first = false;
        let end = rest.find([',', ']'])?;
        let word = rest[..end].trim_end_matches(' ');
        if !plain(word, true) {
            return None;
        }
        out.push(scalar(word, at + pos));
        pos += end;
        let closing = rest.as_bytes()[end] == b']';
        rest = &rest[end + 1..];
        if closing {
            out.push((Event::SequenceEnd, at + pos..at + pos + 1));
            return Some(rest);
        }
        pos += 1;
    }
}

fn scalar(word: &str, at: usize) -> Located<'_> {
    (
        Event::Scalar(Cow::Borrowed(word), ScalarStyle::Plain, 0, None),
        at..at + word.len(),
    )
}

/// Where ` #` (a comment after a value) starts: `str::find` sets up a substring search
/// for every value of every file, a `#` is rare.
fn comment_start(value: &str) -> Option<usize> {
    let bytes = value.as_bytes();
    memchr::memchr_iter(b'#', bytes)
        .find(|&i| i > 0 && bytes[i - 1] == b' ')
        .map(|i| i - 1)
}

/// Whether `word` is a plain scalar read here: not empty, starting with no indicator,
/// and holding no character that could end it or make it something else (`: `, ` #`,
/// quotes, brackets, anchors). Stricter than YAML: a word it refuses goes to the parser.
fn plain(word: &str, in_list: bool) -> bool {
    let bytes = word.as_bytes();
    let (Some(first), Some(last)) = (bytes.first(), bytes.last()) else {
        return false;
    };
    if b"-?:,[]{}#&*!|>'\"%@`<".contains(first) || matches!(last, b' ' | b':') {
        return false;
    }
    // One pass over the bytes (every scalar of every file comes here): no quote or
    // bracket, no `: ` or ` #`, and in a list no `,`, `:` or `#` at all.
    let mut previous = 0;
    for &b in bytes {
        let refused = match b {
            b'\'' | b'"' | b'{' | b'}' | b'[' | b']' => true,
            b',' | b':' | b'#' if in_list => true,
            b' ' => previous == b':',
            b'#' => previous == b' ',
            _ => false,
        };
        if refused {
            return false;
        }
        previous = b;
    }
    true
}

/// Whether the events read here are saphyr-parser's: `Ok(false)` when the file is not
/// in the shape read here, `Err` with both event lists when they differ. For the tests
/// and the `yaml` fuzz target.
pub fn agrees(text: &str) -> Result<bool, String> {
    let Some(fast) = events(text, usize::MAX) else {
        return Ok(false);
    };
    let offsets = super::offsets::CharOffsets::new(text);
    let mut parsed = Vec::new();
    for event in saphyr_parser::Parser::new_from_str(text) {
        let (event, span) =
            event.map_err(|e| format!("the parser refuses what was read here: {e}"))?;
        if !matches!(
            event,
            Event::StreamStart | Event::StreamEnd | Event::DocumentEnd | Event::Nothing
        ) {
            parsed.push((event, offsets.range(span)));
        }
    }
    let (fast, parsed) = (ends_at_start(fast), ends_at_start(parsed));
    if fast == parsed {
        Ok(true)
    } else {
        Err(format!("read here: {fast:?}\nparser: {parsed:?}"))
    }
}

/// The events with each collection's end cut to where it starts.
fn ends_at_start(list: Vec<Located<'_>>) -> Vec<Located<'_>> {
    list.into_iter()
        .map(|(event, range)| match event {
            Event::SequenceEnd | Event::MappingEnd => (event, range.start..range.start),
            _ => (event, range),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every description under `fixtures/` and `examples/`: those in the shape read here
    /// give the parser's events, and most real descriptions are in it.
    #[test]
    fn agrees_with_the_parser_on_every_fixture() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let mut todo = vec![root.join("fixtures"), root.join("examples")];
        let (mut fast, mut all) = (0, 0);
        while let Some(dir) = todo.pop() {
            for entry in std::fs::read_dir(&dir).unwrap() {
                let path = entry.unwrap().path();
                if path.is_dir() {
                    todo.push(path);
                } else if path.to_string_lossy().ends_with(".yaml") {
                    let Ok(text) = std::fs::read_to_string(&path) else {
                        continue;
                    };
                    all += 1;
                    match agrees(&text) {
                        Ok(taken) => fast += usize::from(taken),
                        Err(diff) => panic!("{}:\n{diff}", path.display()),
                    }
                }
            }
        }
        assert!(
            fast * 2 > all,
            "only {fast} of {all} descriptions took the fast path"
        );
    }

    #[test]
    fn agrees_on_each_shape_and_refuses_the_rest() {
        for text in [
            "a: 1\n",
            "a: 1",
            "# c\n\na: x  y   # z\nb:\n  c: [x,  y ]  # z\n  d: []\n# end\ne: https://x.example/a#b\n",
            "a:\n  b:\n    c: 1\n  # between\nd: 2\n\n\n",
            "a: [x,y]\n",
        ] {
            assert_eq!(agrees(text), Ok(true), "{text:?}");
        }
        for text in [
            "",
            "# only\n",
            "a:\n",
            "a:\nb: 1\n",
            "a: b: c\n",
            "a: 'q'\n",
            "a: [x, ]\n",
            "a: [x]#z\n",
            "a:x\n",
            "- a\n",
            "a: 1\n---\nb: 2\n",
            "a: 1\r\n",
            "a:\t1\n",
            "a: é\n",
            "a: 1\n  b: 2\n",
            "a:\n    b: 1\n  c: 2\n",
            " a: 1\n",
            "a: &x 1\nb: *x\n",
            "a: |\n  x\n",
            "a: x\n  y\n",
        ] {
            assert_eq!(events(text, usize::MAX), None, "{text:?}");
        }
        // Past the most events the builder can use, the parser reads the file.
        assert!(events("a: 1\nb: 2\n", 6).is_some());
        assert_eq!(events("a: 1\nb: 2\nc: 3\n", 6), None);
    }

    proptest::proptest! {
        /// Lines near the shape read here (indentation off by one, `:` and `#` without
        /// a space, brackets, quotes, dashes): whatever is read here is what the parser reads.
        #[test]
        fn agrees_on_lines_near_the_shape(
            lines in proptest::collection::vec(
                ("( {0,2}| {4}| {3})", "[a-z#:\\- ]{1,5}", "(:|: |:  )", "[a-z0-9 #:,\\[\\]'&-]{0,12}", "(| # c|#c)"),
                1..8,
            )
        ) {
            let text: String = lines
                .iter()
                .map(|(indent, key, colon, value, comment)| format!("{indent}{key}{colon}{value}{comment}\n"))
                .collect();
            if let Err(diff) = agrees(&text) {
                proptest::prop_assert!(false, "{text:?}\n{diff}");
            }
        }
    }
}
