//! What sfcheck says about a file: findings, born with their position.

use std::ops::Range;

use serde::Serialize;

use crate::document::{LineCol, LineIndex};

/// How much a finding matters.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Warning,
    Error,
}

impl Severity {
    /// The lowercase name used in every output format.
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }
}

/// A secondary place in the file that explains a finding ("first defined here").
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Label {
    pub span: Range<usize>,
    pub text: String,
}

/// One problem in one file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    /// Stable code, such as `SF102`.
    pub code: String,
    pub severity: Severity,
    /// One line in plain words. Never contains a secret.
    pub message: String,
    /// What to do, naming the Setup label to tick or untick.
    pub help: Option<String>,
    /// JSON pointer of the model field the finding is about.
    pub pointer: String,
    /// Byte range in the file.
    pub span: Range<usize>,
    /// Short text drawn under the span.
    pub label: Option<String>,
    /// Other places worth showing.
    pub related: Vec<Label>,
}

impl Finding {
    /// A finding at `span`: every finding is made from a span the document gave.
    pub fn new(
        code: impl Into<String>,
        severity: Severity,
        span: Range<usize>,
        pointer: impl Into<String>,
        message: impl Into<String>,
    ) -> Self {
        Self {
            code: code.into(),
            severity,
            message: message.into(),
            help: None,
            pointer: pointer.into(),
            span,
            label: None,
            related: Vec::new(),
        }
    }

    /// Sets the help text.
    pub fn help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    /// Sets the help text when there is one.
    pub fn help_opt(mut self, help: Option<String>) -> Self {
        self.help = help.or(self.help);
        self
    }

    /// Sets the text drawn under the primary span.
    pub fn label(mut self, label: impl Into<String>) -> Self {
        self.label = Some(label.into());
        self
    }

    /// Adds a secondary labelled span.
    pub fn related(mut self, span: Range<usize>, text: impl Into<String>) -> Self {
        self.related.push(Label {
            span,
            text: text.into(),
        });
        self
    }
}

/// The most findings reported for one file; the rest are summed up in one SF010.
pub const MAX_FINDINGS: usize = 200;

/// A finding with its line and column resolved, ready for any output format.
#[derive(Debug, Clone)]
pub struct Located {
    pub finding: Finding,
    pub start: LineCol,
    /// The position just past the last character (exclusive, as in SARIF).
    pub end: LineCol,
}

/// Everything sfcheck found in one file.
#[derive(Debug, Clone)]
pub struct FileReport {
    /// The path as the user gave it (or `<stdin>`).
    pub path: String,
    /// The file's text with every secret masked: safe to print in a snippet.
    pub display_source: String,
    /// Findings in the order of their position in the file.
    pub findings: Vec<Located>,
}

impl FileReport {
    /// Resolves positions against `source` and sorts the findings by position, keeping
    /// the first [`MAX_FINDINGS`]. Spans are clamped into the text and onto character
    /// boundaries.
    pub fn new(path: String, source: &str, display_source: String, findings: Vec<Finding>) -> Self {
        let index = LineIndex::new(source);
        let escape = super::escape_controls;
        let mut located: Vec<Located> = findings
            .into_iter()
            .map(|mut finding| {
                finding.span = clamp(source, &finding.span);
                finding.message = escape(&finding.message);
                finding.help = finding.help.as_deref().map(escape);
                finding.label = finding.label.as_deref().map(escape);
                for label in &mut finding.related {
                    label.span = clamp(source, &label.span);
                    label.text = escape(&label.text);
                }
                Located {
                    start: index.line_col(source, finding.span.start),
                    end: index.line_col(source, finding.span.end),
                    finding,
                }
            })
            .collect();
        located.sort_by(|a, b| {
            (a.start, &a.finding.code, &a.finding.pointer).cmp(&(
                b.start,
                &b.finding.code,
                &b.finding.pointer,
            ))
        });
        if located.len() > MAX_FINDINGS {
            let hidden = located.len() - MAX_FINDINGS;
            located.truncate(MAX_FINDINGS);
            let at = located[MAX_FINDINGS - 1].clone();
            located.push(Located {
                finding: Finding::new(
                    crate::codes::FINDINGS_TRUNCATED,
                    Severity::Warning,
                    at.finding.span.clone(),
                    "",
                    format!("{hidden} more findings in this file are not shown"),
                )
                .help("Fix the findings shown first, or check that this file is a description."),
                ..at
            });
        }
        Self {
            path: escape(&path),
            display_source: super::printable_source(display_source),
            findings: located,
        }
    }

    /// How many findings have this severity.
    pub fn count(&self, severity: Severity) -> usize {
        self.findings
            .iter()
            .filter(|f| f.finding.severity == severity)
            .count()
    }
}

fn clamp(source: &str, span: &Range<usize>) -> Range<usize> {
    use crate::document::spans::floor_char_boundary;
    let start = floor_char_boundary(source, span.start);
    let end = floor_char_boundary(source, span.end.max(start));
    start..end
}
