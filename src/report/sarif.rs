//! `--format sarif`: SARIF 2.1.0, as GitHub code scanning accepts it.

use serde_json::{Value, json};

use super::NotChecked;
use super::pretty::{self, Array, Elements};
use crate::finding::{FileReport, Severity};

fn level(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
    }
}

/// The rule descriptors: every documented code, from its one documentation text.
fn rules() -> Vec<Value> {
    crate::catalogue::ALL
        .iter()
        .map(|c| {
            let mut rule = json!({
                "id": c.code,
                "name": pascal(c.name()),
                "shortDescription": { "text": c.summary() },
                "fullDescription": { "text": c.why() },
                "help": { "text": c.fix(), "markdown": c.doc },
                "defaultConfiguration": { "level": level(c.severity) },
                "properties": { "tags": c.tags }
            });
            if let Some(gravity) = c.security_severity {
                rule["properties"]["security-severity"] = json!(gravity);
            }
            rule
        })
        .collect()
}

fn pascal(kebab: &str) -> String {
    kebab
        .split('-')
        .map(|w| {
            let mut c = w.chars();
            c.next()
                .map(|f| f.to_ascii_uppercase().to_string() + c.as_str())
                .unwrap_or_default()
        })
        .collect()
}

/// A stable fingerprint: the same finding on the same field of the same file keeps it
/// across runs and edits elsewhere in the file (FNV-1a, 64 bits).
fn fingerprint(path: &str, code: &str, pointer: &str) -> String {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for byte in path
        .bytes()
        .chain([0])
        .chain(code.bytes())
        .chain([0])
        .chain(pointer.bytes())
    {
        hash ^= u64::from(byte);
        hash = hash.wrapping_mul(0x0100_0000_01b3);
    }
    format!("{hash:016x}")
}

/// A path as a SARIF artifact URI: relative paths stay relative, with `/` separators and
/// the characters a URI reference cannot hold escaped. Only on Windows is `\` a
/// separator; elsewhere it is part of a name (the `\u{1b}` of an escaped control
/// character) and is escaped like any other.
fn artifact_uri(path: &str) -> String {
    let path = if cfg!(windows) {
        path.replace('\\', "/")
    } else {
        path.to_owned()
    };
    if path.starts_with('/')
        && let Ok(url) = url::Url::from_file_path(&path)
    {
        return url.to_string();
    }
    let mut out = String::new();
    for c in path.chars() {
        match c {
            'A'..='Z'
            | 'a'..='z'
            | '0'..='9'
            | '-'
            | '.'
            | '_'
            | '~'
            | '/'
            | '!'
            | '$'
            | '&'
            | '\''
            | '('
            | ')'
            | '*'
            | '+'
            | ','
            | ';'
            | '='
            | '@' => out.push(c),
            _ => {
                let mut buf = [0u8; 4];
                for b in c.encode_utf8(&mut buf).bytes() {
                    out.push_str(&format!("%{b:02X}"));
                }
            }
        }
    }
    out
}

/// The run's invocation: it did not succeed when a path could not be checked, and each
/// such path is a notification.
fn invocation(not_checked: &[NotChecked]) -> Value {
    let notifications: Vec<Value> = not_checked
        .iter()
        .map(|n| {
            json!({
                "level": "error",
                "message": { "text": format!("{} was not checked: {}", n.path, n.message) },
                "locations": [{
                    "physicalLocation": { "artifactLocation": { "uri": artifact_uri(&n.path) } }
                }]
            })
        })
        .collect();
    json!({
        "executionSuccessful": not_checked.is_empty(),
        "toolExecutionNotifications": notifications
    })
}

/// The SARIF log written a file at a time: the log and its run up to `results`, each
/// file's results as it is checked, then the run's `invocations` (which name what could
/// not be checked, known only at the end).
pub struct Stream {
    results: Array,
    /// What follows `results`: the ends of the run, of `runs` and of the log.
    tail: String,
}

impl super::DocumentStream for Stream {
    /// Starts the log; `out` gets everything before the first result.
    fn start(out: &mut String) -> Self {
        let log = json!({
            "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
            "version": "2.1.0",
            "runs": [{
                "tool": { "driver": {
                    "name": "sfcheck",
                    "version": env!("CARGO_PKG_VERSION"),
                    "rules": rules()
                }},
                "columnKind": "unicodeCodePoints",
                "results": []
            }]
        });
        let text = serde_json::to_string_pretty(&log).expect("SARIF serialises");
        // `results` is the run's last member: the last `"results": []` is the run's own
        // (a quote inside a rule's text is escaped, so none can match there).
        let open =
            text.rfind("\"results\": []").expect("the run has results") + "\"results\": [".len();
        out.push_str(&text[..open]);
        Self {
            // The log, `runs`, the run: `results` is three levels deep.
            results: Array::new(3),
            tail: text[open + 1..].to_owned(),
        }
    }

    /// One file's results.
    fn part(report: &FileReport) -> Elements {
        let mut part = Elements::new(3);
        let index = |code: &str| crate::catalogue::ALL.iter().position(|c| c.code == code);
        let mut occurrences: std::collections::HashMap<(&str, &str), usize> =
            std::collections::HashMap::new();
        for l in &report.findings {
            let f = &l.finding;
            let n = occurrences
                .entry((f.code.as_str(), f.pointer.as_str()))
                .or_insert(0);
            let field = if *n == 0 {
                f.pointer.clone()
            } else {
                format!("{}#{n}", f.pointer)
            };
            *n += 1;
            let mut text = f.message.clone();
            if !text.ends_with('.') {
                text.push('.');
            }
            if let Some(help) = &f.help {
                text.push(' ');
                text.push_str(help);
            }
            let mut result = json!({
                "ruleId": f.code,
                "level": level(f.severity),
                "message": { "text": text },
                "locations": [{
                    "physicalLocation": {
                        "artifactLocation": { "uri": artifact_uri(&report.path) },
                        "region": {
                            "startLine": l.start.line,
                            "startColumn": l.start.column,
                            "endLine": l.end.line,
                            "endColumn": l.end.column
                        }
                    }
                }],
                "partialFingerprints": { "sfcheckFinding/v1": fingerprint(&report.path, &f.code, &field) },
                "properties": { "pointer": f.pointer }
            });
            if let Some(i) = index(&f.code) {
                result["ruleIndex"] = json!(i);
            }
            if !f.related.is_empty() {
                let related: Vec<Value> = f
                    .related
                    .iter()
                    .zip(&l.related)
                    .enumerate()
                    .map(|(i, (label, (start, end)))| {
                        json!({
                            "id": i + 1,
                            "message": { "text": label.text },
                            "physicalLocation": {
                                "artifactLocation": { "uri": artifact_uri(&report.path) },
                                "region": {
                                    "startLine": start.line,
                                    "startColumn": start.column,
                                    "endLine": end.line,
                                    "endColumn": end.column
                                }
                            }
                        })
                    })
                    .collect();
                result["relatedLocations"] = json!(related);
            }
            part.push(&result);
        }
        part
    }

    /// Appends one file's results to `out`.
    fn append(&mut self, _report: &FileReport, part: &Elements, out: &mut String) {
        self.results.append(out, part);
    }

    /// Ends the log: `write` gets the rest of it, with a final newline.
    fn finish(
        self,
        not_checked: &[NotChecked],
        write: &mut dyn FnMut(&str) -> std::io::Result<()>,
    ) -> std::io::Result<()> {
        let mut tail = String::new();
        self.results.close(&mut tail);
        pretty::member(&mut tail, "invocations", &[invocation(not_checked)], 3);
        tail.push_str(&self.tail);
        tail.push('\n');
        write(&tail)
    }
}

/// Renders one SARIF log with one run.
pub fn render(reports: &[FileReport], not_checked: &[NotChecked]) -> String {
    super::whole::<Stream>(reports, not_checked)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uris_and_names() {
        assert_eq!(
            artifact_uri("config/my app.eca.yaml"),
            "config/my%20app.eca.yaml"
        );
        assert_eq!(artifact_uri("/tmp/a.eca.yaml"), "file:///tmp/a.eca.yaml");
        #[cfg(not(windows))]
        assert_eq!(artifact_uri("a\\u{1b}.eca.yaml"), "a%5Cu%7B1b%7D.eca.yaml");
        assert_eq!(pascal("checkbox-must-be-off"), "CheckboxMustBeOff");
        assert_eq!(fingerprint("a", "SF1", "/x"), fingerprint("a", "SF1", "/x"));
        assert_ne!(fingerprint("a", "SF1", "/x"), fingerprint("a", "SF1", "/y"));
    }
}
