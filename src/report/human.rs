//! The default report: miette's graphical diagnostics, one per finding, then a summary.

use std::io::IsTerminal;
use std::sync::Arc;

use miette::{GraphicalReportHandler, GraphicalTheme, LabeledSpan, MietteDiagnostic, NamedSource};

use super::wrap;
use super::{NotChecked, Summary};
use crate::cli::ColorChoice;
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

impl Style {
    /// The style for standard output (or a file, with `to_file`) under `--color`:
    /// colour and the terminal's width only on a terminal, `NO_COLOR` honoured.
    pub fn detect(choice: ColorChoice, to_file: bool) -> Self {
        let terminal = !to_file && std::io::stdout().is_terminal();
        let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
        let color = match choice {
            ColorChoice::Always => true,
            ColorChoice::Never => false,
            ColorChoice::Auto => terminal && !no_color,
        };
        // `COLUMNS` first (the user's word), then the terminal's own width.
        let width = std::env::var("COLUMNS")
            .ok()
            .and_then(|c| c.parse().ok())
            .or_else(|| terminal_size::terminal_size().map(|(w, _)| usize::from(w.0)));
        Self {
            color,
            // Box drawing reads well wherever UTF-8 does; `TERM=dumb` asks for plain ASCII.
            unicode: std::env::var("TERM").map_or(true, |t| t != "dumb"),
            width: if terminal { width.unwrap_or(100) } else { 100 },
        }
    }
}

/// Renders every finding of every file, and a closing summary line.
pub fn render(reports: &[FileReport], style: Style, quiet: bool) -> String {
    let mut out = render_findings(reports, style);
    if !quiet {
        out.push_str(&summary_line(&Summary::of(reports), &[], style.unicode));
    }
    out
}

/// Renders every finding of every file, without the summary: a run streams this per
/// file and adds [`summary_line`] at the end.
pub fn render_findings(reports: &[FileReport], style: Style) -> String {
    let theme = match (style.unicode, style.color) {
        (true, true) => GraphicalTheme::unicode(),
        (true, false) => GraphicalTheme::unicode_nocolor(),
        (false, true) => GraphicalTheme::ascii(),
        (false, false) => GraphicalTheme::none(),
    };
    // Prose is wrapped here, not by miette, which breaks inside URLs and code spans.
    let handler = GraphicalReportHandler::new_themed(theme)
        .with_width(style.width)
        .with_wrap_lines(false)
        .with_links(false)
        .with_context_lines(1);
    // miette's lines are `width - 2` wide, after an indent of 4 (message) or 8 (help).
    let plain = |text: &str| {
        if style.unicode {
            text.to_owned()
        } else {
            wrap::ascii(text)
        }
    };
    let prose = |text: &str, indent: usize| {
        wrap::wrap(&plain(text), style.width.saturating_sub(2 + indent).max(20))
    };
    let mut out = String::new();
    for report in reports {
        let source = Arc::new(NamedSource::new(
            report.path.clone(),
            report.display_source.clone(),
        ));
        for located in &report.findings {
            let f = &located.finding;
            let mut diag = MietteDiagnostic::new(prose(&f.message, 4))
                .with_code(f.code.clone())
                .with_severity(match f.severity {
                    Severity::Error => miette::Severity::Error,
                    Severity::Warning => miette::Severity::Warning,
                });
            if let Some(help) = &f.help {
                diag = diag.with_help(prose(help, 8));
            }
            // A line of thousands of characters is no snippet: it gets its position only.
            // A file never read as text gets the empty snippet, whose header still shows
            // `path:1:1` where every other finding shows its place.
            let snippet = !touches_long_line(&report.display_source, &f.span);
            if snippet {
                diag = diag.and_label(LabeledSpan::new_primary_with_span(
                    f.label.as_deref().map(plain),
                    f.span.clone(),
                ));
                for related in &f.related {
                    diag = diag.and_label(LabeledSpan::new_with_span(
                        Some(plain(&related.text)),
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

/// The closing line: files, errors and warnings. A tick only when something was checked
/// and every path was; what was not checked is named.
pub fn summary_line(s: &Summary, not_checked: &[NotChecked], unicode: bool) -> String {
    let plural = |n: usize, word: &str| format!("{n} {word}{}", if n == 1 { "" } else { "s" });
    let files = plural(s.files, "file");
    let found = if s.errors == 0 && s.warnings == 0 {
        "no problems found".to_owned()
    } else {
        format!(
            "{}, {}",
            plural(s.errors, "error"),
            plural(s.warnings, "warning")
        )
    };
    if !not_checked.is_empty() {
        const SHOWN: usize = 3;
        let mut names: Vec<String> = not_checked
            .iter()
            .take(SHOWN)
            .map(|n| format!("`{}`", n.path))
            .collect();
        if not_checked.len() > SHOWN {
            names.push(format!("{} more", not_checked.len() - SHOWN));
        }
        let mark = if unicode { "✗" } else { "error:" };
        let checked = if s.files == 0 {
            format!("{files} checked")
        } else {
            format!("{files} checked, {found}")
        };
        return format!("{mark} not checked: {}; {checked}\n", names.join(", "));
    }
    if s.files == 0 {
        return "0 files checked\n".to_owned();
    }
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
