//! What sfcheck says about a file: findings, born with their position, and the rules
//! that make them. Every stage uses this module; it uses none of ours.

mod escape;
mod file_report;
mod position;

use std::ops::Range;

use serde::Serialize;

pub use escape::{Guard, Show, Shown, escape_controls, escape_json, hostile, printable_source};
pub use file_report::{Counted, FileReport, Identity, Located, MAX_FINDINGS, TRUNCATED};
pub use position::{LineCol, LineIndex, floor_char_boundary};

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

/// One entry of the rule catalogue: a finding code with its default severity and its
/// documentation. Each is declared once, with [`rule!`](crate::rule), beside the code
/// that emits it; `catalogue::ALL` lists them.
#[derive(Debug)]
pub struct Rule {
    /// The code, such as `SF102`.
    pub code: &'static str,
    /// The severity a finding gets unless a profile or the config says otherwise.
    pub severity: Severity,
    /// The whole markdown documentation (`docs/rules/<CODE>.md`): title, `Severity:`
    /// line, summary, then sections.
    pub doc: &'static str,
    /// Tags for code scanning (SARIF `properties.tags`): every rule is `salesforce`; one
    /// that finds a security weakness is also `security`.
    pub tags: &'static [&'static str],
    /// How grave the weakness is on GitHub's 0.0–10.0 scale (SARIF `security-severity`),
    /// for the security rules that give one.
    pub security_severity: Option<&'static str>,
}

/// Declares a catalogue entry: `rule!("SF102", Error)` reads `docs/rules/SF102.md`.
/// A rule about a security weakness says so: `rule!("SF302", Error, security)`, or with
/// its gravity, `rule!("SF401", Error, security = "8.0")`.
#[macro_export]
macro_rules! rule {
    ($code:literal, $severity:ident) => {
        $crate::rule!(@ $code, $severity, &["salesforce"], None)
    };
    ($code:literal, $severity:ident, security) => {
        $crate::rule!(@ $code, $severity, &["salesforce", "security"], None)
    };
    ($code:literal, $severity:ident, security = $gravity:literal) => {
        $crate::rule!(@ $code, $severity, &["salesforce", "security"], Some($gravity))
    };
    (@ $code:literal, $severity:ident, $tags:expr, $gravity:expr) => {
        $crate::finding::Rule {
            code: $code,
            severity: $crate::finding::Severity::$severity,
            doc: include_str!(concat!(
                env!("CARGO_MANIFEST_DIR"),
                "/docs/rules/",
                $code,
                ".md"
            )),
            tags: $tags,
            security_severity: $gravity,
        }
    };
}

impl Rule {
    /// The kebab-case name from the title line (`# SF102 missing-key`).
    pub fn name(&self) -> &'static str {
        self.doc
            .lines()
            .next()
            .and_then(|l| l.split_whitespace().nth(2))
            .unwrap_or("")
    }

    /// The `Severity:` line of the documentation, without its label.
    pub fn documented_severity(&self) -> &'static str {
        self.doc
            .lines()
            .find_map(|l| l.strip_prefix("Severity: "))
            .unwrap_or("")
    }

    /// The one-line summary: the first paragraph after the severity line.
    pub fn summary(&self) -> &'static str {
        self.doc.split("\n\n").nth(2).map(str::trim).unwrap_or("")
    }

    /// The text after the `## Why it matters` heading: SARIF's full description.
    pub fn why(&self) -> &'static str {
        section(self.doc, "## Why it matters").unwrap_or(self.summary())
    }

    /// The text after a `## Fix` heading: SARIF help and the README use it.
    pub fn fix(&self) -> &'static str {
        section(self.doc, "## Fix").unwrap_or("")
    }
}

fn section<'a>(doc: &'a str, heading: &str) -> Option<&'a str> {
    let start = doc.find(heading)? + heading.len();
    let rest = &doc[start..];
    Some(rest[..rest.find("\n## ").unwrap_or(rest.len())].trim())
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
    /// The edits that fix it, when the profile in force leaves one right answer.
    pub fix: Option<Fix>,
}

/// One replacement of a byte range of the file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Edit {
    pub range: Range<usize>,
    pub text: String,
}

/// The edits that fix one finding, applied together or not at all.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fix {
    /// Non-overlapping edits, in file order.
    pub edits: Vec<Edit>,
}

impl Finding {
    /// A finding of `rule` at `span`, with the rule's default severity: every finding
    /// is made from a span the document gave.
    pub fn new(
        rule: &Rule,
        span: Range<usize>,
        pointer: impl Into<String>,
        message: impl Into<String>,
    ) -> Self {
        Self::coded(rule.code, rule.severity, span, pointer, message)
    }

    /// A finding whose code and severity come from data (a profile's annotations).
    pub fn coded(
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
            fix: None,
        }
    }

    /// Sets a severity other than the rule's default, where its documentation says so.
    pub fn severity(mut self, severity: Severity) -> Self {
        self.severity = severity;
        self
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
