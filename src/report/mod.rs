//! Rendering findings for people and machines.

pub mod compact;
pub mod github;
pub mod human;
pub mod json;
mod pretty;
pub mod sarif;
pub(crate) mod sink;

/// One file's part of a JSON or SARIF report, made apart from the document.
pub use pretty::Elements as Part;
pub mod wrap;

use serde::Serialize;

use crate::cli::Format;
use crate::finding::{FileReport, Severity};

/// The whole report of `reports` in `format`, at once (`--fix` reports once, after its
/// rounds; a check run streams instead, through [`sink`]).
pub fn render(format: Format, style: human::Style, quiet: bool, reports: &[FileReport]) -> String {
    match format {
        Format::Human => human::render(reports, style, quiet),
        Format::Compact => compact::render(reports),
        Format::Json => json::render(reports, &[]),
        Format::Sarif => sarif::render(reports, &[]),
        Format::Github => github::render(reports, &[]),
    }
}

/// A report that is one document (JSON, SARIF), written a part at a time: an opening, each
/// file's part, and an end only known once every file is in.
pub trait DocumentStream: Sized {
    /// Writes the document's opening to `out`.
    fn start(out: &mut String) -> Self;
    /// One file's part of the document, made without the stream, so that files are
    /// rendered in parallel where they are checked.
    fn part(report: &FileReport) -> Part;
    /// Appends a file's part (what [`DocumentStream::part`] made of `report`) to `out`.
    fn append(&mut self, report: &FileReport, part: &Part, out: &mut String);
    /// Ends the document: `write` gets the rest of it, with a final newline.
    fn finish(
        self,
        not_checked: &[NotChecked],
        write: &mut dyn FnMut(&str) -> std::io::Result<()>,
    ) -> std::io::Result<()>;
}

/// The whole document of `S` for `reports`, as one string.
fn whole<S: DocumentStream>(reports: &[FileReport], not_checked: &[NotChecked]) -> String {
    let mut text = String::new();
    let mut stream = S::start(&mut text);
    for report in reports {
        stream.append(report, &S::part(report), &mut text);
    }
    let mut end = |part: &str| {
        text.push_str(part);
        Ok(())
    };
    stream
        .finish(not_checked, &mut end)
        .expect("a string takes any text");
    crate::finding::escape_json(&text).into_owned()
}

/// A path named on the command line that gave nothing to check, and why. Any of these
/// keeps a run from passing.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct NotChecked {
    /// The path as the user gave it.
    pub path: String,
    /// Why it was not checked, in plain words.
    pub message: String,
    /// Whether reading failed (rather than nothing being there to check).
    #[serde(skip)]
    pub unreadable: bool,
}

impl NotChecked {
    /// A path that could not be read.
    pub fn unreadable(path: impl Into<String>, message: impl Into<String>) -> Self {
        Self {
            path: path.into(),
            message: message.into(),
            unreadable: true,
        }
    }

    /// A folder or glob that gave nothing to check.
    pub fn empty(path: impl Into<String>, message: impl Into<String>) -> Self {
        Self {
            path: path.into(),
            message: message.into(),
            unreadable: false,
        }
    }

    /// The line said on standard error.
    pub fn line(&self) -> String {
        let verb = if self.unreadable {
            "cannot read"
        } else {
            "nothing to check in"
        };
        format!("{verb} `{}`: {}", self.path, self.message)
    }
}

/// Counts over a whole run.
#[derive(Debug, Clone, Copy, Default, Serialize, PartialEq, Eq)]
pub struct Summary {
    pub files: usize,
    pub errors: usize,
    pub warnings: usize,
}

impl Summary {
    /// Adds one file's counts.
    pub fn add(&mut self, report: &FileReport) {
        self.files += 1;
        self.errors += report.count(Severity::Error);
        self.warnings += report.count(Severity::Warning);
    }

    /// Counts files and findings by severity.
    pub fn of(reports: &[FileReport]) -> Self {
        Self {
            files: reports.len(),
            errors: reports.iter().map(|r| r.count(Severity::Error)).sum(),
            warnings: reports.iter().map(|r| r.count(Severity::Warning)).sum(),
        }
    }
}
