//! Rendering findings for people and machines.

pub mod compact;
pub mod github;
pub mod human;
pub mod json;
mod pretty;
pub mod sarif;
pub mod wrap;

use serde::Serialize;

use crate::finding::{FileReport, Severity};

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
