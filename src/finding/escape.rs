//! Keeping what a file holds from acting on the terminal or the CI log that shows a
//! report.

/// Writes control characters as escapes (`\n`, `\u{1b}`): a key or file name holding a
/// newline must not start a line of its own in a report, where a CI runner could read
/// it as a command (`::error …`), and no escape sequence may reach a terminal.
pub fn escape_controls(text: &str) -> String {
    if !may_hold_control(text, b"") || !text.contains(char::is_control) {
        return text.to_owned();
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        match c {
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if c.is_control() => out.push_str(&format!("\\u{{{:x}}}", u32::from(c))),
            c => out.push(c),
        }
    }
    out
}

/// The source text with each control character but tab and line ends replaced by a
/// printable one of the same UTF-8 length, so spans still fit and a snippet cannot
/// carry an escape sequence to the terminal.
pub fn printable_source(source: String) -> String {
    let hostile = |c: char| c.is_control() && !matches!(c, '\t' | '\n' | '\r');
    if !may_hold_control(&source, b"\t\n\r") || !source.contains(hostile) {
        return source;
    }
    source
        .chars()
        .map(|c| match c {
            c if hostile(c) && c.len_utf8() == 1 => '?',
            c if hostile(c) => '\u{bf}',
            c => c,
        })
        .collect()
}

/// Whether `text` may hold a control character other than those in `allowed`: a byte
/// below 0x20 or 0x7F (C0 and DEL), or 0xC2, the first byte of every C1 control. A
/// pass over bytes, where decoding every character of every file cost more.
fn may_hold_control(text: &str, allowed: &[u8]) -> bool {
    text.bytes()
        .any(|b| (b < 0x20 && !allowed.contains(&b)) || b == 0x7f || b == 0xc2)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The byte test lets through every character the character test would act on, so
    /// skipping the character test when it says no changes nothing.
    #[test]
    fn the_byte_test_misses_no_control_character() {
        for c in (0..=u32::from(char::MAX)).filter_map(char::from_u32) {
            let text = format!("a{c}b");
            if c.is_control() {
                assert!(may_hold_control(&text, b""), "{:x}", u32::from(c));
            }
            if c.is_control() && !matches!(c, '\t' | '\n' | '\r') {
                assert!(may_hold_control(&text, b"\t\n\r"), "{:x}", u32::from(c));
            }
        }
        assert_eq!(escape_controls("plain é text"), "plain é text");
        assert_eq!(escape_controls("a\u{85}b\u{1b}"), "a\\u{85}b\\u{1b}");
        assert_eq!(printable_source("a\tb\u{9b}c\u{7}".into()), "a\tb\u{bf}c?");
    }
}
