//! The check command: settings from flags and config, then the pipeline over every file.

use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use crate::check::Checker;
use crate::check::profile::{self, ProfileChoice};
use crate::cli::{CheckArgs, ColorChoice, FailLevel, Format};
use crate::document::metadata::{self, Classified};
use crate::finding::{FileReport, Severity};
use crate::load::{self, Loaded};
use crate::report::{self, Summary};
use crate::{config, discover, exit};

/// Checks every file the arguments name and writes the report. Returns the exit code.
pub fn check(args: &CheckArgs, out: &mut dyn Write, err: &mut dyn Write) -> std::io::Result<u8> {
    if args.fix || args.diff {
        return crate::fix::command::run(args, out, err);
    }
    let settings = match Settings::resolve(args) {
        Ok(s) => s,
        Err(message) => {
            writeln!(err, "error: {message}")?;
            return Ok(exit::USAGE);
        }
    };
    let files = match discover::expand(&args.paths, &settings.exclude) {
        Ok(files) => files,
        Err((path, e)) => {
            writeln!(err, "error: cannot read `{}`: {e}", path.display())?;
            return Ok(exit::FAILURE);
        }
    };
    let (yaml_files, meta_files): (Vec<PathBuf>, Vec<PathBuf>) = files
        .into_iter()
        .partition(|p| p.as_os_str() == "-" || metadata::classify(p) == Classified::Other);
    let check = |path: &PathBuf| check_file(&settings.checker, path, args, settings.max_file_size);
    // A thread pool costs more than it saves for a file or two (a pre-commit hook's case).
    let results: Vec<Result<FileReport, String>> = if yaml_files.len() <= 2 {
        yaml_files.iter().map(check).collect()
    } else {
        yaml_files.par_iter().map(check).collect()
    };
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
    match check_metadata(&settings.checker, &meta_files, settings.max_file_size) {
        Ok(meta_reports) => reports.extend(meta_reports),
        Err(message) => {
            failed = true;
            writeln!(err, "error: {message}")?;
        }
    }
    let text = render(args, &reports);
    match &args.output {
        Some(path) => {
            if let Err(e) = std::fs::write(path, text) {
                writeln!(err, "error: cannot write `{}`: {e}", path.display())?;
                return Ok(exit::FAILURE);
            }
        }
        None => {
            out.write_all(text.as_bytes())?;
            out.flush()?;
        }
    }
    let summary = Summary::of(&reports);
    let failing = match settings.fail_level {
        Severity::Error => summary.errors,
        Severity::Warning => summary.errors + summary.warnings,
    };
    Ok(if failed {
        exit::FAILURE
    } else if failing > 0 {
        exit::FINDINGS
    } else {
        exit::OK
    })
}

/// The report of `reports` in the format the arguments ask for.
pub(crate) fn render(args: &CheckArgs, reports: &[FileReport]) -> String {
    let to_file = args.output.is_some();
    match args.format {
        Format::Human => {
            report::human::render(reports, human_style(args.color, to_file), args.quiet)
        }
        Format::Compact => report::compact::render(reports),
        Format::Json => report::json::render(reports),
        Format::Sarif => report::sarif::render(reports),
        Format::Github => report::github::render(reports),
    }
}

/// What a run uses, flags first, then `sfcheck.toml`, then defaults.
pub(crate) struct Settings {
    pub(crate) checker: Checker,
    pub(crate) exclude: discover::Exclude,
    pub(crate) max_file_size: u64,
    pub(crate) fail_level: Severity,
}

impl Settings {
    pub(crate) fn resolve(args: &CheckArgs) -> Result<Self, String> {
        let loaded = if args.no_config {
            config::Loaded::default()
        } else {
            config::load(args.config.as_deref())?
        };
        let cfg = &loaded.config;
        let profile_choice = match (&args.profile, &cfg.profile) {
            (Some(flag), _) => ProfileChoice::parse(flag),
            // A profile file named in the config is relative to the config file.
            (None, Some(value)) => match ProfileChoice::parse(value) {
                ProfileChoice::File(p) if p.is_relative() => {
                    ProfileChoice::File(loaded.dir.join(p))
                }
                other => other,
            },
            (None, None) => ProfileChoice::Builtin(profile::DEFAULT_PROFILE.into()),
        };
        let profile = profile::load(&profile_choice)?;
        let expected = args
            .callback_url
            .as_deref()
            .or(cfg.callback_url.as_deref())
            .map(|u| {
                url::Url::parse(u)
                    .map_err(|e| format!("the expected callback URL `{u}` is not a URL: {e}"))
            })
            .transpose()?;
        let checker = Checker::new(profile.as_ref(), expected, cfg.severity.clone())?;
        let fail_level = match (args.fail_level, cfg.fail_level.as_deref()) {
            (Some(FailLevel::Warning), _) | (None, Some("warning")) => Severity::Warning,
            _ => Severity::Error,
        };
        Ok(Self {
            checker,
            exclude: discover::Exclude::new(&cfg.exclude, &loaded.dir)?,
            max_file_size: args
                .max_file_size
                .or(cfg.max_file_size)
                .unwrap_or(load::DEFAULT_MAX_FILE_SIZE),
            fail_level,
        })
    }
}

/// Checks the apps that hold a metadata file that was asked for (see
/// [`metadata::read`]), and the metadata files that stand alone.
fn check_metadata(
    checker: &Checker,
    asked: &[PathBuf],
    max: u64,
) -> Result<Vec<FileReport>, String> {
    if asked.is_empty() {
        return Ok(Vec::new());
    }
    let set = metadata::read(asked, max)?;
    let mut reports: Vec<FileReport> = set
        .unusable
        .into_iter()
        .map(|(path, f)| checker.unusable(&path, f))
        .collect();
    for app in &set.apps {
        reports.extend(checker.check_app(app));
    }
    reports.extend(set.lone.iter().map(|l| checker.lone(l)));
    Ok(reports)
}

/// Loads and checks one file. `Err` is an I/O failure, said in one line.
fn check_file(
    checker: &Checker,
    path: &Path,
    args: &CheckArgs,
    max: u64,
) -> Result<FileReport, String> {
    let shown = if path.as_os_str() == "-" {
        args.stdin_filename.clone()
    } else {
        path.display().to_string()
    };
    match load::load(path, max) {
        Ok(Loaded::Text(text)) => Ok(checker.check_yaml(&shown, &text)),
        Ok(Loaded::Unusable(finding)) => Ok(checker.unusable(&shown, finding)),
        Err(e) => Err(format!("cannot read `{shown}`: {e}")),
    }
}

fn human_style(choice: ColorChoice, to_file: bool) -> report::human::Style {
    let terminal = !to_file && std::io::stdout().is_terminal();
    let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
    let color = match choice {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => terminal && !no_color,
    };
    let width = std::env::var("COLUMNS").ok().and_then(|c| c.parse().ok());
    report::human::Style {
        color,
        // Box drawing reads well wherever UTF-8 does; `TERM=dumb` asks for plain ASCII.
        unicode: std::env::var("TERM").map_or(true, |t| t != "dumb"),
        width: if terminal { width.unwrap_or(100) } else { 100 },
    }
}
