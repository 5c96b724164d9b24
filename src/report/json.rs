//! `--format json`: the findings as one JSON object (DESIGN §6).

use serde::Serialize;

use super::Summary;
use crate::finding::FileReport;

/// The version of this JSON shape; it changes only when a field changes meaning or goes.
pub const FORMAT_VERSION: u32 = 1;

#[derive(Serialize)]
struct Output<'a> {
    version: u32,
    summary: &'a Summary,
    findings: Vec<JsonFinding<'a>>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct JsonFinding<'a> {
    path: &'a str,
    code: &'a str,
    severity: &'static str,
    message: &'a str,
    help: Option<&'a str>,
    pointer: &'a str,
    line: usize,
    column: usize,
    end_line: usize,
    end_column: usize,
}

/// Renders every finding of every file as pretty JSON with a final newline.
pub fn render(reports: &[FileReport]) -> String {
    let summary = Summary::of(reports);
    let findings = reports
        .iter()
        .flat_map(|r| {
            r.findings.iter().map(move |l| JsonFinding {
                path: &r.path,
                code: &l.finding.code,
                severity: l.finding.severity.as_str(),
                message: &l.finding.message,
                help: l.finding.help.as_deref(),
                pointer: &l.finding.pointer,
                line: l.start.line,
                column: l.start.column,
                end_line: l.end.line,
                end_column: l.end.column,
            })
        })
        .collect();
    let output = Output {
        version: FORMAT_VERSION,
        summary: &summary,
        findings,
    };
    let mut text = serde_json::to_string_pretty(&output).expect("findings serialise");
    text.push('\n');
    text
}
