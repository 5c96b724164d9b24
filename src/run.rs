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
    let settings = match Settings::resolve(args) {
        Ok(s) => s,
        Err(message) => {
            writeln!(err, "error: {message}")?;
            return Ok(exit::USAGE);
        }
    };
    let files = match discover::expand(&args.paths, &settings.exclude, !args.no_ignore) {
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
    let writer: Box<dyn Write + '_> = match &args.output {
        Some(path) => match std::fs::File::create(path) {
            Ok(file) => Box::new(std::io::BufWriter::new(file)),
            Err(e) => {
                writeln!(err, "error: cannot write `{}`: {e}", path.display())?;
                return Ok(exit::FAILURE);
            }
        },
        None => Box::new(out),
    };
    let mut sink = Sink::new(args, writer);
    let mut failed = false;
    // What was checked, to count the ECA files `.gitignore` kept out of the walk.
    let mut checked = std::collections::HashSet::new();
    // Files are checked in parallel a chunk at a time and reported in order as each chunk
    // ends, so memory holds one chunk's texts, not the whole run's.
    for chunk in yaml_files.chunks(CHUNK) {
        // A thread pool costs more than it saves for a file or two (a pre-commit hook's case).
        let results: Vec<Result<FileReport, String>> = if yaml_files.len() <= 2 {
            chunk.iter().map(check).collect()
        } else {
            chunk.par_iter().map(check).collect()
        };
        for result in results {
            match result {
                Ok(report) => {
                    checked.insert(discover::canonical(Path::new(&report.path)));
                    sink.push(report)?
                }
                Err(message) => {
                    failed = true;
                    writeln!(err, "error: {message}")?;
                }
            }
        }
    }
    match check_metadata(&settings.checker, &meta_files, settings.max_file_size) {
        Ok(meta_reports) => {
            for report in meta_reports {
                checked.insert(discover::canonical(Path::new(&report.path)));
                sink.push(report)?;
            }
        }
        Err(message) => {
            failed = true;
            writeln!(err, "error: {message}")?;
        }
    }
    let summary = match sink.finish() {
        Ok(summary) => summary,
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => return Err(e),
        Err(e) => {
            let shown = args
                .output
                .as_ref()
                .map_or("standard output".into(), |p| p.display().to_string());
            writeln!(err, "error: cannot write `{shown}`: {e}")?;
            return Ok(exit::FAILURE);
        }
    };
    if !args.no_ignore {
        let skipped = discover::ignored_metadata(&args.paths, &settings.exclude, &checked);
        if let Some(first) = skipped.first() {
            writeln!(
                err,
                "note: {} ECA metadata file{} ignored by .gitignore {} not checked (such as `{}`); run with `--no-ignore` to check {}",
                skipped.len(),
                if skipped.len() == 1 { "" } else { "s" },
                if skipped.len() == 1 { "was" } else { "were" },
                first.display(),
                if skipped.len() == 1 { "it" } else { "them" },
            )?;
        }
    }
    if summary.files == 0 && !failed {
        writeln!(
            err,
            "error: no file was checked under {}; a run that checks nothing is not a pass",
            args.paths
                .iter()
                .map(|p| format!("`{}`", p.display()))
                .collect::<Vec<_>>()
                .join(", ")
        )?;
        return Ok(exit::FAILURE);
    }
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

/// How many files are checked between two writes of the report.
const CHUNK: usize = 256;

/// Where reports go as they are made: written at once in the formats that are a list
/// (human, compact, github); kept without their text for the formats that are one
/// document (json, sarif).
struct Sink<'w> {
    format: Format,
    style: report::human::Style,
    quiet: bool,
    writer: Box<dyn Write + 'w>,
    kept: Vec<FileReport>,
    summary: Summary,
}

impl<'w> Sink<'w> {
    fn new(args: &CheckArgs, writer: Box<dyn Write + 'w>) -> Self {
        Self {
            format: args.format,
            style: human_style(args.color, args.output.is_some()),
            quiet: args.quiet,
            writer,
            kept: Vec::new(),
            summary: Summary::default(),
        }
    }

    fn push(&mut self, mut report: FileReport) -> std::io::Result<()> {
        self.summary.add(&report);
        let one = std::slice::from_ref(&report);
        let text = match self.format {
            Format::Human => report::human::render_findings(one, self.style),
            Format::Compact => report::compact::render(one),
            Format::Github => report::github::render(one),
            Format::Json | Format::Sarif => {
                // Neither quotes the file: keep the findings only.
                report.display_source = String::new();
                self.kept.push(report);
                return Ok(());
            }
        };
        self.writer.write_all(text.as_bytes())
    }

    fn finish(mut self) -> std::io::Result<Summary> {
        let text = match self.format {
            Format::Human if !self.quiet => {
                report::human::summary_line(&self.summary, self.style.unicode)
            }
            Format::Json => report::json::render(&self.kept),
            Format::Sarif => report::sarif::render(&self.kept),
            _ => String::new(),
        };
        self.writer.write_all(text.as_bytes())?;
        self.writer.flush()?;
        Ok(self.summary)
    }
}

/// What a run uses, flags first, then `sfcheck.toml`, then defaults.
struct Settings {
    checker: Checker,
    exclude: discover::Exclude,
    max_file_size: u64,
    fail_level: Severity,
}

impl Settings {
    fn resolve(args: &CheckArgs) -> Result<Self, String> {
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
    // Apps are checked in parallel like files; collected in order.
    let apps: Vec<Vec<FileReport>> = set
        .apps
        .par_iter()
        .map(|app| checker.check_app(app))
        .collect();
    reports.extend(apps.into_iter().flatten());
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
