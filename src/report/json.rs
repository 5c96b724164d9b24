//! `--format json`: the findings as one JSON object (DESIGN §6).

use serde::Serialize;

use super::{NotChecked, Summary};
use crate::finding::FileReport;

/// The version of this JSON shape; it changes only when a field changes meaning or goes.
pub const FORMAT_VERSION: u32 = 1;

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Output<'a> {
    version: u32,
    summary: &'a Summary,
    files: Vec<JsonFile<'a>>,
    findings: Vec<JsonFinding<'a>>,
    /// Paths that gave nothing to check (could not be read, matched nothing).
    not_checked: &'a [NotChecked],
}

/// Every file checked, with what it is as Salesforce metadata (`null` for a YAML
/// description or a file of no ECA type), so tools can compare sfcheck's reading of a
/// project with Salesforce's own.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct JsonFile<'a> {
    path: &'a str,
    metadata_type: Option<&'a str>,
    full_name: Option<&'a str>,
    app: Option<&'a str>,
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
    /// Other places the finding is about (the first of two duplicate keys); often empty.
    related: Vec<JsonRelated<'a>>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct JsonRelated<'a> {
    message: &'a str,
    line: usize,
    column: usize,
    end_line: usize,
    end_column: usize,
}

/// Renders every finding of every file as pretty JSON with a final newline.
pub fn render(reports: &[FileReport], not_checked: &[NotChecked]) -> String {
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
                related: l
                    .finding
                    .related
                    .iter()
                    .zip(&l.related)
                    .map(|(label, (start, end))| JsonRelated {
                        message: &label.text,
                        line: start.line,
                        column: start.column,
                        end_line: end.line,
                        end_column: end.column,
                    })
                    .collect(),
            })
        })
        .collect();
    let files = reports
        .iter()
        .map(|r| {
            let id = r.identity.as_ref();
            JsonFile {
                path: &r.path,
                metadata_type: id.map(|i| i.metadata_type),
                full_name: id.map(|i| i.full_name.as_str()),
                app: id.and_then(|i| i.app.as_deref()),
            }
        })
        .collect();
    let output = Output {
        version: FORMAT_VERSION,
        summary: &summary,
        files,
        findings,
        not_checked,
    };
    let mut text = serde_json::to_string_pretty(&output).expect("findings serialise");
    text.push('\n');
    text
}
