//! Rendering findings for people and machines.

pub mod compact;
pub mod github;
pub mod human;
pub mod json;
pub mod sarif;

use serde::Serialize;

use crate::finding::{FileReport, Severity};

/// Counts over a whole run.
#[derive(Debug, Clone, Copy, Default, Serialize, PartialEq, Eq)]
pub struct Summary {
    pub files: usize,
    pub errors: usize,
    pub warnings: usize,
}

impl Summary {
    /// Counts files and findings by severity.
    pub fn of(reports: &[FileReport]) -> Self {
        Self {
            files: reports.len(),
            errors: reports.iter().map(|r| r.count(Severity::Error)).sum(),
            warnings: reports.iter().map(|r| r.count(Severity::Warning)).sum(),
        }
    }
}
