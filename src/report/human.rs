//! The default report: miette's graphical diagnostics, one per finding, then a summary.

use std::sync::Arc;

use miette::{GraphicalReportHandler, GraphicalTheme, LabeledSpan, MietteDiagnostic, NamedSource};

use super::Summary;
use crate::finding::{FileReport, Severity};

/// How the human report looks.
#[derive(Debug, Clone, Copy)]
pub struct Style {
    /// ANSI colours.
    pub color: bool,
    /// Unicode box drawing rather than ASCII.
    pub unicode: bool,
    /// Wrap width in columns.
    pub width: usize,
}

/// Renders every finding of every file, and a closing summary line.
pub fn render(reports: &[FileReport], style: Style, quiet: bool) -> String {
    let theme = match (style.unicode, style.color) {
        (true, true) => GraphicalTheme::unicode(),
        (true, false) => GraphicalTheme::unicode_nocolor(),
        (false, true) => GraphicalTheme::ascii(),
        (false, false) => GraphicalTheme::none(),
    };
    let handler = GraphicalReportHandler::new_themed(theme)
        .with_width(style.width)
        .with_links(false)
        .with_context_lines(1);
    let mut out = String::new();
    for report in reports {
        let source = Arc::new(NamedSource::new(
            report.path.clone(),
            report.display_source.clone(),
        ));
        for located in &report.findings {
            let f = &located.finding;
            let mut diag = MietteDiagnostic::new(f.message.clone())
                .with_code(f.code.clone())
                .with_severity(match f.severity {
                    Severity::Error => miette::Severity::Error,
                    Severity::Warning => miette::Severity::Warning,
                });
            if let Some(help) = &f.help {
                diag = diag.with_help(help.clone());
            }
            // A file never read as text has nothing to show, and a line of thousands of
            // characters is no snippet: those get their position only.
            let snippet = !report.display_source.is_empty()
                && !touches_long_line(&report.display_source, &f.span);
            if snippet {
                diag = diag.and_label(LabeledSpan::new_primary_with_span(
                    f.label.clone(),
                    f.span.clone(),
                ));
                for related in &f.related {
                    diag = diag.and_label(LabeledSpan::new_with_span(
                        Some(related.text.clone()),
                        related.span.clone(),
                    ));
                }
            }
            let position = format!(
                "{}:{}:{}",
                report.path, located.start.line, located.start.column
            );
            let rendered = miette::Report::new(diag).with_source_code(Arc::clone(&source));
            if !snippet {
                out.push_str(&format!("{position}\n"));
            }
            let _ = handler.render_report(&mut out, rendered.as_ref());
            out.push('\n');
        }
    }
    if !quiet {
        out.push_str(&summary_line(&Summary::of(reports), style.unicode));
    }
    out
}

/// Lines longer than this are not drawn in a snippet.
const MAX_SNIPPET_LINE: usize = 1000;

fn touches_long_line(source: &str, span: &std::ops::Range<usize>) -> bool {
    let start = source[..span.start.min(source.len())]
        .rfind('\n')
        .map_or(0, |i| i + 1);
    let end = source[span.end.min(source.len())..]
        .find('\n')
        .map_or(source.len(), |i| span.end + i);
    source[start..end]
        .lines()
        .any(|l| l.len() > MAX_SNIPPET_LINE)
}

fn summary_line(s: &Summary, unicode: bool) -> String {
    let plural = |n: usize, word: &str| format!("{n} {word}{}", if n == 1 { "" } else { "s" });
    let files = plural(s.files, "file");
    if s.errors == 0 && s.warnings == 0 {
        let mark = if unicode { "✓" } else { "ok:" };
        format!("{mark} {files} checked, no problems found\n")
    } else {
        let mark = if s.errors > 0 {
            if unicode { "✗" } else { "error:" }
        } else if unicode {
            "⚠"
        } else {
            "warning:"
        };
        format!(
            "{mark} {}, {} in {files}\n",
            plural(s.errors, "error"),
            plural(s.warnings, "warning"),
        )
    }
}
