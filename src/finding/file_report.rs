//! Everything found in one file, with positions resolved for the output formats.

use std::ops::Range;

use super::{Finding, LineCol, LineIndex, Rule, Severity, floor_char_boundary};

/// `SF010`: more findings than a file report keeps.
pub static TRUNCATED: Rule = crate::rule!("SF010", Warning);

/// The most findings reported for one file; the rest are summed up in one SF010.
pub const MAX_FINDINGS: usize = 200;

/// A finding counted but not built: one of a rule's own findings past the most a report
/// shows. It can never be shown, but it is said in SF010's count and the summary, so it
/// goes through the file's suppressions and the configured severities like any other.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Counted {
    pub code: &'static str,
    pub severity: Severity,
    /// Where the finding would start: its line is what a suppression covers.
    pub start: usize,
}

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
    /// The errors and warnings not shown, which the summary still counts.
    hidden: Hidden,
}

#[derive(Debug, Clone, Copy, Default)]
struct Hidden {
    errors: usize,
    warnings: usize,
}

impl Hidden {
    fn add(&mut self, severity: Severity) {
        match severity {
            Severity::Error => self.errors += 1,
            Severity::Warning => self.warnings += 1,
        }
    }
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
    /// [`MAX_FINDINGS`] of them: every error before any warning, so a report cut short
    /// never hides an error behind warnings, then the first by position. The rest, and
    /// `counted`, are summed up in one SF010 and still counted in the summary. Spans are
    /// clamped into the text and onto character boundaries.
    pub fn new(
        path: String,
        source: &str,
        display_source: String,
        findings: Vec<Finding>,
        counted: &[Counted],
    ) -> Self {
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
        findings.sort_by(by_position);
        let mut hidden = Hidden::default();
        for c in counted {
            hidden.add(c.severity);
        }
        if findings.len() > MAX_FINDINGS {
            // A stable sort, each rank still in the order of position: a notice that
            // findings were cut short first (the schema's own), then errors, then warnings.
            findings.sort_by_key(|f| std::cmp::Reverse((f.code == TRUNCATED.code, f.severity)));
            for f in findings.split_off(MAX_FINDINGS) {
                hidden.add(f.severity);
            }
            findings.sort_by(by_position);
        }
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
        let more = hidden.errors + hidden.warnings;
        if more > 0 {
            let at = located
                .last()
                .expect("a report cut short shows findings")
                .clone();
            let message = match hidden.errors {
                0 => format!("{more} more findings in this file are not shown"),
                e if e == more => format!("{more} more errors in this file are not shown"),
                1 => format!("{more} more findings in this file are not shown, 1 of them an error"),
                e => format!("{more} more findings in this file are not shown, {e} of them errors"),
            };
            located.push(Located {
                finding: Finding::new(&TRUNCATED, at.finding.span.clone(), "", message).help(
                    "Fix the findings shown first, or check that this file is a description.",
                ),
                related: Vec::new(),
                ..at
            });
        }
        Self {
            path: escape(&path),
            // Only a finding's snippet and `--diff` quote the text: a clean file keeps none
            // of it, unless something in it is masked (a secret in a comment, a suppressed
            // SF401), which a diff must not show as it is.
            display_source: if located.is_empty() && display_source == source {
                String::new()
            } else {
                super::printable_source(display_source)
            },
            findings: located,
            identity: None,
            hidden,
        }
    }

    /// The same report, saying what the file is as metadata.
    pub fn with_identity(self, identity: Option<Identity>) -> Self {
        Self { identity, ..self }
    }

    /// How many findings have this severity, shown or not.
    pub fn count(&self, severity: Severity) -> usize {
        let hidden = match severity {
            Severity::Error => self.hidden.errors,
            Severity::Warning => self.hidden.warnings,
        };
        hidden
            + self
                .findings
                .iter()
                .filter(|f| f.finding.severity == severity)
                .count()
    }
}

fn by_position(a: &Finding, b: &Finding) -> std::cmp::Ordering {
    (a.span.start, &a.code, &a.pointer).cmp(&(b.span.start, &b.code, &b.pointer))
}

fn clamp(source: &str, span: &Range<usize>) -> Range<usize> {
    let start = floor_char_boundary(source, span.start);
    let end = floor_char_boundary(source, span.end.max(start));
    start..end
}
