//! sfcheck: lint Salesforce External Client App descriptions against an integration's
//! requirements. The pipeline runs one way:
//! discover → load → parse → check → report, then the exit code.

pub mod check;
pub mod cli;
pub mod codes;
pub mod discover;
pub mod document;
pub mod load;
pub mod model;
pub mod report;

use std::io::{IsTerminal, Write};
use std::path::Path;

use rayon::prelude::*;

use check::Checker;
use check::profile::{self, ProfileChoice};
use cli::{CheckArgs, Cli, ColorChoice, Command, Format};
use load::Loaded;
use report::Summary;
use report::finding::FileReport;

/// Exit codes (DESIGN §6).
pub mod exit {
    /// Nothing at error level.
    pub const OK: u8 = 0;
    /// Findings at error level.
    pub const FINDINGS: u8 = 1;
    /// Bad usage or configuration.
    pub const USAGE: u8 = 2;
    /// An I/O or internal failure.
    pub const FAILURE: u8 = 3;
}

/// Runs the command line; returns the exit code. Reports go to `out`, failures to `err`.
pub fn run(cli: Cli, out: &mut dyn Write, err: &mut dyn Write) -> u8 {
    let result = match cli.command {
        Some(Command::Explain { code }) => explain(&code, out, err),
        Some(Command::Rules) => rules(out),
        Some(Command::Schema { profile }) => schema(profile.as_deref(), out, err),
        None => check_paths(&cli.check, out, err),
    };
    match result {
        Ok(code) => code,
        // A closed pipe (`sfcheck … | head`) is the reader's choice, not a failure.
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => exit::OK,
        Err(e) => {
            let _ = writeln!(err, "error: {e}");
            exit::FAILURE
        }
    }
}

fn check_paths(args: &CheckArgs, out: &mut dyn Write, err: &mut dyn Write) -> std::io::Result<u8> {
    let profile = match profile::load(&ProfileChoice::parse(&args.profile)) {
        Ok(p) => p,
        Err(message) => {
            writeln!(err, "error: {message}")?;
            return Ok(exit::USAGE);
        }
    };
    let expected = match args
        .callback_url
        .as_deref()
        .map(url::Url::parse)
        .transpose()
    {
        Ok(url) => url,
        Err(e) => {
            writeln!(err, "error: --callback-url is not a URL: {e}")?;
            return Ok(exit::USAGE);
        }
    };
    let checker = match Checker::new(profile.as_ref(), expected) {
        Ok(c) => c,
        Err(message) => {
            writeln!(err, "error: {message}")?;
            return Ok(exit::USAGE);
        }
    };
    let files = match discover::expand(&args.paths) {
        Ok(files) => files,
        Err((path, e)) => {
            writeln!(err, "error: cannot read `{}`: {e}", path.display())?;
            return Ok(exit::FAILURE);
        }
    };
    let results: Vec<Result<FileReport, String>> = files
        .par_iter()
        .map(|path| check_file(&checker, path, args))
        .collect();
    let mut failed = false;
    let mut reports = Vec::with_capacity(results.len());
    for result in results {
        match result {
            Ok(report) => reports.push(report),
            Err(message) => {
                failed = true;
                writeln!(err, "error: {message}")?;
            }
        }
    }
    let text = match args.format {
        Format::Human => report::human::render(&reports, human_style(args.color)),
        Format::Json => report::json::render(&reports),
    };
    out.write_all(text.as_bytes())?;
    out.flush()?;
    let summary = Summary::of(&reports);
    Ok(if failed {
        exit::FAILURE
    } else if summary.errors > 0 {
        exit::FINDINGS
    } else {
        exit::OK
    })
}

/// Loads and checks one file. `Err` is an I/O failure, said in one line.
fn check_file(checker: &Checker, path: &Path, args: &CheckArgs) -> Result<FileReport, String> {
    let shown = if path.as_os_str() == "-" {
        args.stdin_filename.clone()
    } else {
        path.display().to_string()
    };
    match load::load(path, args.max_file_size) {
        Ok(Loaded::Text(text)) => Ok(checker.check_yaml(&shown, &text)),
        Ok(Loaded::Unusable(finding)) => {
            Ok(FileReport::new(shown, "", String::new(), vec![finding]))
        }
        Err(e) => Err(format!("cannot read `{shown}`: {e}")),
    }
}

fn human_style(choice: ColorChoice) -> report::human::Style {
    let terminal = std::io::stdout().is_terminal();
    let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
    let color = match choice {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => terminal && !no_color,
    };
    report::human::Style {
        color,
        unicode: true,
        width: if terminal {
            terminal_width().unwrap_or(100)
        } else {
            100
        },
    }
}

fn terminal_width() -> Option<usize> {
    std::env::var("COLUMNS").ok()?.parse().ok()
}

fn explain(query: &str, out: &mut dyn Write, err: &mut dyn Write) -> std::io::Result<u8> {
    match codes::find(query) {
        Some(doc) => {
            out.write_all(doc.doc.as_bytes())?;
            Ok(exit::OK)
        }
        None => {
            writeln!(
                err,
                "error: no finding code `{query}`; `sfcheck rules` lists them all"
            )?;
            Ok(exit::USAGE)
        }
    }
}

fn rules(out: &mut dyn Write) -> std::io::Result<u8> {
    for c in codes::ALL {
        writeln!(
            out,
            "{}  {:<28} {:<8} {}",
            c.code,
            c.name(),
            c.severity().as_str(),
            c.summary()
        )?;
    }
    Ok(exit::OK)
}

fn schema(
    profile_name: Option<&str>,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> std::io::Result<u8> {
    let text = match profile_name {
        None => profile::STRUCTURE_SCHEMA,
        Some(name) => match profile::BUILTIN.iter().find(|(n, _)| *n == name) {
            Some((_, text)) => text,
            None => {
                writeln!(err, "error: no built-in profile `{name}`")?;
                return Ok(exit::USAGE);
            }
        },
    };
    out.write_all(text.as_bytes())?;
    Ok(exit::OK)
}
