//! `--format json`: the findings as one JSON object (DESIGN §6).

use serde::Serialize;

use super::pretty::{self, Array, Elements};
use super::{NotChecked, Summary};
use crate::finding::{FileReport, Identity};

/// The version of this JSON shape; it changes only when a field changes meaning or goes.
pub const FORMAT_VERSION: u32 = 1;

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

/// The JSON report written a file at a time: `version` and the `findings` as each file
/// is checked, then what is known only at the end (`files`, `summary`, `notChecked`).
/// Memory holds each file's path (and a metadata file's identity), not its findings.
pub struct Stream {
    findings: Array,
    /// Every path so far, one a line (a report's path has its control characters
    /// escaped, so none holds a line break).
    paths: String,
    /// The identities of the metadata files among them, by their place in `paths`.
    identities: Vec<(usize, Identity)>,
    summary: Summary,
}

impl super::DocumentStream for Stream {
    /// Starts the document; `out` gets its opening.
    fn start(out: &mut String) -> Self {
        out.push_str("{\n  \"version\": ");
        out.push_str(&FORMAT_VERSION.to_string());
        out.push_str(",\n  \"findings\": [");
        Self {
            findings: Array::new(1),
            paths: String::new(),
            identities: Vec::new(),
            summary: Summary::default(),
        }
    }

    /// One file's findings.
    fn part(report: &FileReport) -> Elements {
        let mut part = Elements::new(1);
        for l in &report.findings {
            let finding = JsonFinding {
                path: &report.path,
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
            };
            part.push(&finding);
        }
        part
    }

    /// Appends one file's findings to `out`.
    fn append(&mut self, report: &FileReport, part: &Elements, out: &mut String) {
        self.summary.add(report);
        self.findings.append(out, part);
        if let Some(identity) = &report.identity {
            self.identities
                .push((self.summary.files - 1, identity.clone()));
        }
        self.paths.push_str(&report.path);
        self.paths.push('\n');
    }

    /// Ends the document: `write` gets the rest of it, with a final newline, in parts of
    /// about 64 KiB (the `files` array is not held whole).
    fn finish(
        self,
        not_checked: &[NotChecked],
        write: &mut dyn FnMut(&str) -> std::io::Result<()>,
    ) -> std::io::Result<()> {
        let mut text = String::new();
        self.findings.close(&mut text);
        text.push_str(",\n  \"files\": [");
        write(&text)?;
        text.clear();
        let mut files = Vec::new();
        let mut identities = self.identities.iter().peekable();
        for (i, path) in self.paths.split_terminator('\n').enumerate() {
            let id = identities.next_if(|(at, _)| *at == i).map(|(_, id)| id);
            let file = JsonFile {
                path,
                metadata_type: id.map(|i| i.metadata_type),
                full_name: id.map(|i| i.full_name.as_str()),
                app: id.and_then(|i| i.app.as_deref()),
            };
            push_file(&mut files, &file, i == 0);
            if files.len() >= 1 << 16 {
                write(utf8(&files))?;
                files.clear();
            }
        }
        write(utf8(&files))?;
        if !self.paths.is_empty() {
            text.push_str("\n  ");
        }
        text.push(']');
        pretty::member(&mut text, "summary", &self.summary, 1);
        pretty::member(&mut text, "notChecked", &not_checked, 1);
        text.push_str("\n}\n");
        write(&text)
    }
}

/// Appends one element of `files` as serde_json's pretty printer writes it two levels
/// deep (a test holds the two the same): a run's last step, for every path, is not
/// spent in a general serialiser.
fn push_file(out: &mut Vec<u8>, file: &JsonFile, first: bool) {
    out.extend_from_slice(if first { b"\n" } else { b",\n" });
    out.extend_from_slice(b"    {\n      \"path\": ");
    push_str(out, Some(file.path));
    for (key, value) in [
        ("metadataType", file.metadata_type),
        ("fullName", file.full_name),
        ("app", file.app),
    ] {
        out.extend_from_slice(b",\n      \"");
        out.extend_from_slice(key.as_bytes());
        out.extend_from_slice(b"\": ");
        push_str(out, value);
    }
    out.extend_from_slice(b"\n    }");
}

/// A JSON string, escaped as serde_json escapes it, or `null`.
fn push_str(out: &mut Vec<u8>, value: Option<&str>) {
    match value {
        Some(s) => serde_json::to_writer(&mut *out, s).expect("a string serialises"),
        None => out.extend_from_slice(b"null"),
    }
}

/// Text this module wrote whole.
fn utf8(bytes: &[u8]) -> &str {
    std::str::from_utf8(bytes).expect("JSON text is UTF-8")
}

/// Renders every finding of every file as pretty JSON with a final newline.
pub fn render(reports: &[FileReport], not_checked: &[NotChecked]) -> String {
    super::whole::<Stream>(reports, not_checked)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_files_element_reads_as_serde_json_writes_it() {
        let plain = |path| JsonFile {
            path,
            metadata_type: None,
            full_name: None,
            app: None,
        };
        let files = [
            plain("apps/one.eca.yaml"),
            plain("we\"ird\\ päth \u{1F600} \u{7f}\u{1}\n\t.eca.yaml"),
            JsonFile {
                path: "force-app/main/default/externalClientApps/X.eca-meta.xml",
                metadata_type: Some("ExternalClientApplication"),
                full_name: Some("X"),
                app: Some("X"),
            },
            JsonFile {
                path: "x/Y.ecaGlblOauth-meta.xml",
                metadata_type: Some("ExtlClntAppGlobalOauthSettings"),
                full_name: Some("Y \"quoted\"\r\u{1b}"),
                app: None,
            },
        ];
        let mut expected = String::new();
        let mut array = Array::new(1);
        let mut got = Vec::new();
        for (i, file) in files.iter().enumerate() {
            let mut one = Elements::new(1);
            one.push(file);
            array.append(&mut expected, &one);
            push_file(&mut got, file, i == 0);
        }
        assert_eq!(utf8(&got), expected);
    }
}
