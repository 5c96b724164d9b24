//! `--fix` and `--diff`: each finding that has one right answer under the profile in
//! force carries the edits that make it right ([`plan`]); they are byte-range
//! replacements at the finding's own place, written in the file's own style, so every
//! other byte stays as the user wrote it ([`apply`]). [`command`] runs it over files.

pub mod apply;
pub mod command;
pub mod plan;
mod scopes;
mod xml;
mod yaml;

pub use apply::apply;
pub use plan::Planner;

use crate::document::metadata::MetaApp;

/// The format the edits are written in.
#[derive(Clone, Copy)]
enum Target<'a> {
    /// A YAML description, with its text.
    Yaml(&'a str),
    /// A metadata app.
    Metadata(&'a MetaApp),
}

/// The line ending a file uses: CRLF when its first line ends so.
fn line_ending(text: &str) -> &'static str {
    match text.find('\n') {
        Some(i) if i > 0 && text.as_bytes()[i - 1] == b'\r' => "\r\n",
        _ => "\n",
    }
}

/// Where the line holding `at` begins.
fn line_start(text: &str, at: usize) -> usize {
    text[..at].rfind('\n').map_or(0, |i| i + 1)
}

/// Where the line after the one holding `at` begins (the text's end on the last line).
fn next_line(text: &str, at: usize) -> usize {
    text[at..].find('\n').map_or(text.len(), |i| at + i + 1)
}

/// The indentation before `at`, when only blanks stand between the line's start and
/// it (tabs only ever in XML: YAML does not indent with them).
fn indent_before(text: &str, at: usize) -> Option<&str> {
    let indent = &text[line_start(text, at)..at];
    indent
        .bytes()
        .all(|b| b == b' ' || b == b'\t')
        .then_some(indent)
}
