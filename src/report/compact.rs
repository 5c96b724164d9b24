//! `--format compact`: one line per finding, `path:line:column: severity[code] message`,
//! for editors' error parsers and grep.

use crate::finding::FileReport;

/// Renders every finding on one line each.
pub fn render(reports: &[FileReport]) -> String {
    let mut out = String::new();
    for report in reports {
        for l in &report.findings {
            out.push_str(&format!(
                "{}:{}:{}: {}[{}] {}\n",
                report.path,
                l.start.line,
                l.start.column,
                l.finding.severity.as_str(),
                l.finding.code,
                l.finding.message
            ));
        }
    }
    out
}
