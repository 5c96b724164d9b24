//! Prose for the human report: wrapped at spaces only, never inside a `code span` or a
//! URL, so that what is copied from the terminal still works; and plain ASCII for
//! terminals that cannot show more (`TERM=dumb`).

/// Wraps `text` into lines of at most `width` characters where it can. Lines break at
/// spaces outside code spans; a code span or word longer than a line stays whole on a
/// line of its own.
pub fn wrap(text: &str, width: usize) -> String {
    let mut lines = Vec::new();
    for paragraph in text.split('\n') {
        let mut line = String::new();
        let mut used = 0;
        for atom in atoms(paragraph) {
            let len = atom.chars().count();
            if used > 0 && used + 1 + len > width {
                lines.push(std::mem::take(&mut line));
                used = 0;
            }
            if used > 0 {
                line.push(' ');
                used += 1;
            }
            line.push_str(atom);
            used += len;
        }
        lines.push(line);
    }
    lines.join("\n")
}

/// The words of `text`: runs between spaces, where a backtick code span counts as one.
fn atoms(text: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut start = None;
    let mut in_code = false;
    for (i, c) in text.char_indices() {
        if c == ' ' && !in_code {
            if let Some(s) = start.take() {
                out.push(&text[s..i]);
            }
            continue;
        }
        if c == '`' {
            in_code = !in_code;
        }
        start.get_or_insert(i);
    }
    if let Some(s) = start {
        out.push(&text[s..]);
    }
    out
}

/// The text with typographic characters replaced by their ASCII spelling.
pub fn ascii(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '“' | '”' | '„' | '«' | '»' => out.push('"'),
            '‘' | '’' => out.push('\''),
            '→' => out.push_str("->"),
            '←' => out.push_str("<-"),
            '…' => out.push_str("..."),
            '—' | '–' => out.push('-'),
            '×' => out.push('x'),
            '✓' => out.push_str("ok"),
            '\u{a0}' => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn never_breaks_inside_code_or_urls() {
        let text = "Write `<isDeviceFlowEnabled>false</isDeviceFlowEnabled>` in the file at https://helpdesk.example.com/admin-api/salesforce/auth now";
        for width in 5..80 {
            let wrapped = wrap(text, width);
            assert!(wrapped.contains("`<isDeviceFlowEnabled>false</isDeviceFlowEnabled>`"));
            assert!(wrapped.contains("https://helpdesk.example.com/admin-api/salesforce/auth"));
            assert_eq!(wrapped.replace('\n', " "), text, "width {width}");
        }
        assert_eq!(wrap("a b c d", 3), "a b\nc d");
        assert_eq!(wrap("`a b` c", 4), "`a b`\nc");
    }

    #[test]
    fn ascii_spelling() {
        assert_eq!(
            ascii("Setup → untick “Device” … ok"),
            "Setup -> untick \"Device\" ... ok"
        );
    }
}
