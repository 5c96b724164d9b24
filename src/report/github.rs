//! `--format github`: GitHub Actions workflow commands, which GitHub shows as annotations
//! on the pull request's diff.

use crate::finding::{FileReport, Severity};

/// Renders one `::error …::message` (or `::warning`) line per finding.
pub fn render(reports: &[FileReport]) -> String {
    let mut out = String::new();
    for report in reports {
        for l in &report.findings {
            let f = &l.finding;
            let command = match f.severity {
                Severity::Error => "error",
                Severity::Warning => "warning",
            };
            let title = codes_title(&f.code);
            let mut message = f.message.clone();
            if let Some(help) = &f.help {
                message.push_str("\n\n");
                message.push_str(help);
            }
            out.push_str(&format!(
                "::{command} file={},line={},col={},endLine={},endColumn={},title={}::{}\n",
                property(&report.path),
                l.start.line,
                l.start.column,
                l.end.line,
                l.end.column,
                property(&title),
                data(&message),
            ));
        }
    }
    out
}

fn codes_title(code: &str) -> String {
    match crate::catalogue::find(code) {
        Some(doc) => format!("sfcheck {code} {}", doc.name()),
        None => format!("sfcheck {code}"),
    }
}

/// Escapes the message part of a workflow command.
pub fn data(text: &str) -> String {
    text.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// Escapes a property value of a workflow command, where `:` and `,` are separators.
pub fn property(text: &str) -> String {
    data(text).replace(':', "%3A").replace(',', "%2C")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escaping() {
        assert_eq!(data("50%\r\nnext"), "50%25%0D%0Anext");
        assert_eq!(property("a:b,c%\n"), "a%3Ab%2Cc%25%0A");
    }
}
