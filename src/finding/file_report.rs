//! Everything found in one file, with positions resolved for the output formats.

use std::ops::Range;

use super::{Finding, LineCol, LineIndex, Rule, floor_char_boundary};

/// `SF010`: more findings than a file report keeps.
pub static TRUNCATED: Rule = crate::rule!("SF010", Warning);

/// The most findings reported for one file; the rest are summed up in one SF010.
pub const MAX_FINDINGS: usize = 200;

/// A finding with its line and column resolved, ready for any output format.
#[derive(Debug, Clone)]
pub struct Located {
    pub finding: Finding,
    pub start: LineCol,
    /// The position just past the last character (exclusive, as in SARIF).
    pub end: LineCol,
    /// Start and end of each of the finding's related places, in the same order.
    pub related: Vec<(LineCol, LineCol)>,
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
    /// What the file is as Salesforce metadata; `None` for a YAML description or a file
    /// no ECA metadata type reads.
    pub identity: Option<Identity>,
}

/// A metadata file's type and full name (as `sf` resolves them: from the suffix and the
/// file name), and the app it belongs to when it was grouped into one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Identity {
    /// The metadata type, such as `ExtlClntAppGlobalOauthSettings`.
    pub metadata_type: &'static str,
    /// The member name: the file name without its suffix.
    pub full_name: String,
    /// The app's API name, from the header or `externalClientApplication`.
    pub app: Option<String>,
}

impl FileReport {
    /// Resolves positions against `source` and sorts the findings by position, keeping
    /// the first [`MAX_FINDINGS`]. Spans are clamped into the text and onto character
    /// boundaries.
    pub fn new(path: String, source: &str, display_source: String, findings: Vec<Finding>) -> Self {
        let index = LineIndex::new(source);
        let escape = super::escape_controls;
        // Sorted and cut by byte offset, which orders like line and column, before any
        // position is worked out: a column costs the length of its line, and 90,000
        // findings on one long line would be quadratic.
        let mut findings: Vec<Finding> = findings
            .into_iter()
            .map(|mut finding| {
                finding.span = clamp(source, &finding.span);
                finding
            })
            .collect();
        findings.sort_by(|a, b| {
            (a.span.start, &a.code, &a.pointer).cmp(&(b.span.start, &b.code, &b.pointer))
        });
        let total = findings.len();
        findings.truncate(MAX_FINDINGS);
        let mut located: Vec<Located> = findings
            .into_iter()
            .map(|mut finding| {
                finding.message = escape(&finding.message);
                finding.help = finding.help.as_deref().map(escape);
                finding.label = finding.label.as_deref().map(escape);
                for label in &mut finding.related {
                    label.span = clamp(source, &label.span);
                    label.text = escape(&label.text);
                }
                let related = finding
                    .related
                    .iter()
                    .map(|l| {
                        (
                            index.line_col(source, l.span.start),
                            index.line_col(source, l.span.end),
                        )
                    })
                    .collect();
                Located {
                    start: index.line_col(source, finding.span.start),
                    end: index.line_col(source, finding.span.end),
                    related,
                    finding,
                }
            })
            .collect();
        if total > MAX_FINDINGS {
            let hidden = total - MAX_FINDINGS;
            let at = located[MAX_FINDINGS - 1].clone();
            located.push(Located {
                finding: Finding::new(
                    &TRUNCATED,
                    at.finding.span.clone(),
                    "",
                    format!("{hidden} more findings in this file are not shown"),
                )
                .help("Fix the findings shown first, or check that this file is a description."),
                related: Vec::new(),
                ..at
            });
        }
        Self {
            path: escape(&path),
            // Only a finding's snippet quotes the text: a clean file keeps none of it.
            display_source: if located.is_empty() {
                String::new()
            } else {
                super::printable_source(display_source)
            },
            findings: located,
            identity: None,
        }
    }

    /// The same report, saying what the file is as metadata.
    pub fn with_identity(self, identity: Option<Identity>) -> Self {
        Self { identity, ..self }
    }

    /// How many findings have this severity.
    pub fn count(&self, severity: super::Severity) -> usize {
        self.findings
            .iter()
            .filter(|f| f.finding.severity == severity)
            .count()
    }
}

fn clamp(source: &str, span: &Range<usize>) -> Range<usize> {
    let start = floor_char_boundary(source, span.start);
    let end = floor_char_boundary(source, span.end.max(start));
    start..end
}
