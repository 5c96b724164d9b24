//! Keeping what a file holds from acting on the terminal or the CI log that shows a
//! report: every text sfcheck prints that a file, a folder name, a config or a command
//! line chose passes through here.

use std::borrow::Cow;
use std::fmt;
use std::path::{Path, PathBuf};

/// Whether a character may not be printed as it is: a control character (C0, DEL, C1),
/// a bidirectional control (which reorders what a reader sees, "Trojan Source"), a
/// zero-width character (which hides text), or a line or paragraph separator.
pub fn hostile(c: char) -> bool {
    c.is_control()
        || matches!(
            c,
            '\u{61c}'
                | '\u{200b}'..='\u{200f}'
                | '\u{2028}'..='\u{202e}'
                | '\u{2060}'..='\u{2069}'
                | '\u{feff}'
        )
}

/// Writes hostile characters as escapes (`\n`, `\u{1b}`, `\u{202e}`): a key or file name
/// holding a newline must not start a line of its own in a report, where a CI runner
/// could read it as a command, and no escape sequence may reach a terminal. A text that
/// would itself start with a workflow command (`::`) has its first colon escaped.
pub fn escape_controls(text: &str) -> String {
    let command = text.trim_start().starts_with("::");
    if !command && (!may_hold_hostile(text, b"") || !text.contains(hostile)) {
        return text.to_owned();
    }
    let mut out = String::with_capacity(text.len() + 8);
    let mut first_colon = command;
    for c in text.chars() {
        match c {
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            ':' if first_colon => {
                first_colon = false;
                out.push_str("\\u{3a}");
            }
            c if hostile(c) => out.push_str(&format!("\\u{{{:x}}}", u32::from(c))),
            c => out.push(c),
        }
    }
    out
}

/// The source text with each hostile character but tab and line ends replaced by a
/// printable one of the same UTF-8 length, so spans still fit and a snippet cannot
/// carry an escape sequence to the terminal, nor reorder or hide what it shows. A
/// carriage return is a line end only before a line feed: alone, it would take a
/// terminal back to the start of the line, over the snippet's line number.
pub fn printable_source(source: String) -> String {
    let kept = |c: char| !hostile(c) || matches!(c, '\t' | '\n');
    let lone_cr = |at: usize| source.as_bytes().get(at + 1) != Some(&b'\n');
    if !may_hold_hostile(&source, b"\t\n")
        || !source
            .char_indices()
            .any(|(at, c)| !kept(c) && (c != '\r' || lone_cr(at)))
    {
        return source;
    }
    source
        .char_indices()
        .map(|(at, c)| match c {
            '\r' if !lone_cr(at) => c,
            c if kept(c) => c,
            c if c.len_utf8() == 1 => '?',
            c if c.len_utf8() == 2 => '\u{bf}',
            _ => '\u{fffd}',
        })
        .collect()
}

/// Whether `text` may hold a hostile character other than those in `allowed`: a byte
/// below 0x20 or 0x7F (C0 and DEL), or the first byte of a hostile character of more
/// than one byte (0xC2 for C1, 0xD8, 0xE2 and 0xEF for the others). A pass over bytes,
/// where decoding every character of every file cost more.
fn may_hold_hostile(text: &str, allowed: &[u8]) -> bool {
    text.bytes().any(|b| {
        (b < 0x20 && !allowed.contains(&b)) || matches!(b, 0x7f | 0xc2 | 0xd8 | 0xe2 | 0xef)
    })
}

/// JSON text with every hostile character but C0 (which serde_json escaped, or which is
/// the text's own layout) written as a `\u` escape: DEL, C1, bidirectional and
/// zero-width characters only stand inside strings, where the escape means the same
/// character to a parser, and a log or terminal that shows the JSON sees no raw one.
pub fn escape_json(text: &str) -> Cow<'_, str> {
    let raw = |c: char| hostile(c) && u32::from(c) >= 0x20;
    if !text
        .bytes()
        .any(|b| matches!(b, 0x7f | 0xc2 | 0xd8 | 0xe2 | 0xef))
        || !text.contains(raw)
    {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 16);
    for c in text.chars() {
        if raw(c) {
            out.push_str(&format!("\\u{:04x}", u32::from(c)));
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

/// A path or a foreign word as it may be printed: [`escape_controls`] applied when it is
/// displayed. Messages name paths and words through [`Show::shown`], never raw, so a new
/// message cannot forget to escape them.
pub struct Shown<'a>(Cow<'a, str>);

impl fmt::Display for Shown<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&escape_controls(&self.0))
    }
}

/// What can be named in a message: paths, file names and words from input.
pub trait Show {
    /// The text, escaped when displayed.
    fn shown(&self) -> Shown<'_>;
}

impl Show for Path {
    fn shown(&self) -> Shown<'_> {
        Shown(self.to_string_lossy())
    }
}

impl Show for PathBuf {
    fn shown(&self) -> Shown<'_> {
        self.as_path().shown()
    }
}

impl Show for str {
    fn shown(&self) -> Shown<'_> {
        Shown(Cow::Borrowed(self))
    }
}

impl Show for String {
    fn shown(&self) -> Shown<'_> {
        self.as_str().shown()
    }
}

/// Standard error as sfcheck writes it: whatever a message holds, no hostile character
/// but the line end and tab reaches the terminal or log, and no line starts a workflow
/// command. A second line of defence behind [`Show`]: a message that names a path raw
/// can still split a line, but not act on the terminal. Colour (`ESC [ … m`, which
/// only sfcheck's own styling writes) passes.
pub struct Guard<'a> {
    inner: &'a mut dyn std::io::Write,
    /// Whether the next byte starts a line.
    line_start: bool,
}

impl<'a> Guard<'a> {
    /// Guards `inner`.
    pub fn new(inner: &'a mut dyn std::io::Write) -> Self {
        Self {
            inner,
            line_start: true,
        }
    }

    /// The text as it may be written; `text` is one write's worth (whole characters).
    fn clean(&mut self, text: &str) -> String {
        let mut out = String::with_capacity(text.len());
        let mut rest = text;
        while let Some(c) = rest.chars().next() {
            let after = &rest[c.len_utf8()..];
            if self.line_start && c == ':' && after.starts_with(':') {
                out.push_str("\\u{3a}");
                self.line_start = false;
                rest = after;
                continue;
            }
            match c {
                '\n' => {
                    out.push('\n');
                    self.line_start = true;
                }
                '\t' | ' ' => out.push(c),
                '\u{1b}' if colour_len(after).is_some() => {
                    let len = colour_len(after).unwrap_or(0);
                    out.push(c);
                    out.push_str(&after[..len]);
                    rest = &after[len..];
                    continue;
                }
                c if hostile(c) => {
                    out.push_str(&format!("\\u{{{:x}}}", u32::from(c)));
                    self.line_start = false;
                }
                c => {
                    out.push(c);
                    self.line_start = false;
                }
            }
            rest = after;
        }
        out
    }
}

/// The length of a colour sequence's tail after `ESC` (`[31m`, `[1;2m`), if `text` starts
/// with one.
fn colour_len(text: &str) -> Option<usize> {
    let body = text.strip_prefix('[')?;
    let digits = body
        .bytes()
        .take_while(|b| b.is_ascii_digit() || *b == b';')
        .count();
    (body.as_bytes().get(digits) == Some(&b'm')).then_some(digits + 2)
}

impl std::io::Write for Guard<'_> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        // Standard error carries few lines: each write is looked at whole.
        let clean = self.clean(&String::from_utf8_lossy(buf));
        self.inner.write_all(clean.as_bytes())?;
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.inner.flush()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    /// The byte test lets through every character the character test would act on, so
    /// skipping the character test when it says no changes nothing.
    #[test]
    fn the_byte_test_misses_no_hostile_character() {
        for c in (0..=u32::from(char::MAX)).filter_map(char::from_u32) {
            let text = format!("a{c}b");
            if hostile(c) {
                assert!(may_hold_hostile(&text, b""), "{:x}", u32::from(c));
            }
            if hostile(c) && !matches!(c, '\t' | '\n' | '\r') {
                assert!(may_hold_hostile(&text, b"\t\n\r"), "{:x}", u32::from(c));
            }
        }
        assert_eq!(escape_controls("plain é text →"), "plain é text →");
        assert_eq!(escape_controls("a\u{85}b\u{1b}"), "a\\u{85}b\\u{1b}");
        assert_eq!(
            escape_controls("x\u{202e}y\u{200b}z\u{feff}"),
            "x\\u{202e}y\\u{200b}z\\u{feff}"
        );
        assert_eq!(escape_controls(" ::error::x"), " \\u{3a}:error::x");
        assert_eq!(
            printable_source("a\tb\u{9b}c\u{7}\u{2066}".into()),
            "a\tb\u{bf}c?\u{fffd}"
        );
        // CRLF is a line end; a lone CR would move the terminal's cursor back.
        assert_eq!(printable_source("a\r\nb\rc\r".into()), "a\r\nb?c?");
        assert_eq!(printable_source("a\r\n".into()), "a\r\n");
    }

    #[test]
    fn the_guard_keeps_lines_and_colour_and_escapes_the_rest() {
        let mut buf = Vec::new();
        let mut guard = Guard::new(&mut buf);
        write!(guard, "note: a\u{1b}]0;x\u{7}b\n::error::c\n").unwrap();
        write!(guard, "\u{1b}[1;31merror\u{1b}[0m: \u{202e}d\n  ::x").unwrap();
        let shown = String::from_utf8(buf).unwrap();
        assert_eq!(
            shown,
            "note: a\\u{1b}]0;x\\u{7}b\n\\u{3a}:error::c\n\u{1b}[1;31merror\u{1b}[0m: \\u{202e}d\n  \\u{3a}:x"
        );
        assert_eq!(Path::new("a\nb").shown().to_string(), "a\\nb");
        assert_eq!(
            escape_json("{\"a\": \"\u{7f}\u{85}\u{202e}é\\n\"}\n"),
            "{\"a\": \"\\u007f\\u0085\\u202eé\\n\"}\n"
        );
    }
}
