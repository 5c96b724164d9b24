//! The check command: settings from flags and config, then the pipeline over every file.

use std::io::Write;
use std::path::{Path, PathBuf};

mod ordered;

use crate::check::Checker;
use crate::cli::CheckArgs;
use crate::document::metadata::{self, Classified};
use crate::finding::{FileReport, Severity, Show};
use crate::load::{self, Loaded};
use crate::report::sink::{Renderer, Sink};
use crate::report::{self, NotChecked};
use crate::settings::{Asked, Settings};
use crate::{discover, exit, output};

/// Checks every file the arguments name and writes the report. Returns the exit code.
pub fn check(args: &CheckArgs, out: &mut dyn Write, err: &mut dyn Write) -> std::io::Result<u8> {
    if let Some(message) = mistyped_subcommand(&args.paths) {
        writeln!(err, "error: {message}")?;
        return Ok(exit::USAGE);
    }
    if args.fix || args.diff {
        return crate::fix::command::run(args, out, err);
    }
    // The paths are expanded while the schemas compile, when there may be many.
    let expand = |exclude: &discover::Exclude| match discover::malformed_glob(&args.paths) {
        Some(message) => Err(message),
        None => {
            let expanded = discover::expand(&args.paths, exclude, !args.no_ignore);
            expanded.refused().map_or(Ok(expanded), Err)
        }
    };
    let (settings, expanded) =
        match Settings::resolve_with(&Asked::from_args(args), !few_files(&args.paths), expand) {
            Ok((settings, Ok(expanded))) => (settings, expanded),
            Ok((_, Err(message))) | Err(message) => {
                say(err, &message)?;
                return Ok(exit::USAGE);
            }
        };
    for path in &expanded.excluded {
        writeln!(
            err,
            "note: `{}` is not checked: the config's `exclude` names it",
            path.shown()
        )?;
    }
    let mut not_checked = not_checked(&expanded);
    // Standard input is read as what its name says it is.
    let stdin_is_metadata =
        metadata::classify(Path::new(&args.stdin_filename)) != Classified::Other;
    let (yaml_files, meta_files): (Vec<&PathBuf>, Vec<&PathBuf>) =
        expanded.files.iter().partition(|p| {
            if p.as_os_str() == "-" {
                !stdin_is_metadata
            } else {
                metadata::classify(p) == Classified::Other
            }
        });
    // A report file is written beside its target and renamed over it at the end, so an
    // input named as the output is never touched.
    let mut pending = match &args.output {
        Some(path) => match output::Pending::create(path) {
            Ok(pending) => Some(pending),
            Err(message) => {
                writeln!(err, "error: {message}")?;
                return Ok(exit::FAILURE);
            }
        },
        None => None,
    };
    let writer: &mut dyn Write = match &mut pending {
        Some(pending) => pending,
        None => out,
    };
    let renderer = Renderer {
        format: args.format,
        style: report::human::Style::detect(args.color, args.output.is_some()),
    };
    let mut sink = Sink::new(renderer, args.quiet, args.output.is_some(), writer)?;
    // Each file's report is rendered where it was checked, so that the writing left to
    // this thread is copying text out.
    let check = |path: &&PathBuf| {
        check_file(&settings.checker, path, args, settings.max_file_size)
            .map(|report| renderer.render(report))
    };
    // What was checked, as reported, to count the ECA files `.gitignore` kept out of the
    // folders walked (only when a folder was walked).
    let walked = !args.no_ignore && !expanded.folders.is_empty();
    let mut checked = std::collections::HashSet::new();
    // Files are checked in parallel and reported in order as they are done, so memory
    // holds a window of reports, not the whole run's.
    let mut count = 0;
    ordered::for_each(&yaml_files, check, |result| {
        match result {
            Ok(rendered) => {
                if walked {
                    checked.insert(PathBuf::from(&rendered.report.path));
                }
                sink.push(rendered)?
            }
            Err(failure) => not_checked.push(failure),
        }
        // What is waiting goes out every so many files, not only in 64 KiB parts.
        count += 1;
        if count % DRAIN_EVERY == 0 {
            sink.drain()?;
        }
        Ok::<(), std::io::Error>(())
    })?;
    sink.drain()?;
    let unreadable = check_metadata(
        &settings.checker,
        &meta_files,
        args,
        settings.max_file_size,
        renderer,
        &mut |rendered| {
            if walked {
                checked.insert(PathBuf::from(&rendered.report.path));
            }
            sink.push(rendered)
        },
    )?;
    sink.drain()?;
    not_checked.extend(unreadable);
    for n in &not_checked {
        say(err, &n.line())?;
    }
    let read = sink.take_paths();
    let summary = match sink.finish(&not_checked) {
        Ok(summary) => summary,
        Err(e) => {
            let shown = args
                .output
                .as_ref()
                .map_or("standard output".into(), |p| p.shown().to_string());
            writeln!(err, "error: cannot write `{shown}`: {e}")?;
            return Ok(exit::FAILURE);
        }
    };
    if let (Some(pending), Some(output)) = (pending, &args.output) {
        let inputs = expanded
            .files
            .iter()
            .map(PathBuf::as_path)
            .chain(read.iter().map(Path::new));
        if let Some(input) = output::names_an_input(output, inputs) {
            let why = output::refusal(output, &input, "run");
            writeln!(err, "error: --output: {why}")?;
            return Ok(exit::USAGE);
        }
        if let Err(message) = pending.commit() {
            writeln!(err, "error: {message}")?;
            return Ok(exit::FAILURE);
        }
    }
    if walked {
        let skipped = discover::ignored_metadata(&expanded.folders, &settings.exclude, &checked);
        if let Some(first) = skipped.first() {
            writeln!(
                err,
                "note: {} ECA metadata file{} ignored by .gitignore {} not checked (such as `{}`); run with `--no-ignore` to check {}",
                skipped.len(),
                if skipped.len() == 1 { "" } else { "s" },
                if skipped.len() == 1 { "was" } else { "were" },
                first.shown(),
                if skipped.len() == 1 { "it" } else { "them" },
            )?;
        }
    }
    let failing = match settings.fail_level {
        Severity::Error => summary.errors,
        Severity::Warning => summary.errors + summary.warnings,
    };
    Ok(if !not_checked.is_empty() {
        exit::FAILURE
    } else if failing > 0 {
        exit::FINDINGS
    } else {
        exit::OK
    })
}

/// Writes one error line, its control characters escaped (a path may hold a newline).
/// The paths named that could not be read or gave nothing to check: said in the
/// summary and the report, and exit 3.
pub(crate) fn not_checked(expanded: &discover::Expanded) -> Vec<NotChecked> {
    let unreadable = expanded
        .unreadable
        .iter()
        .map(|(path, message)| NotChecked::unreadable(path.display().to_string(), message));
    let empty = expanded
        .empty
        .iter()
        .map(|(path, message)| NotChecked::empty(path.display().to_string(), message));
    unreadable.chain(empty).collect()
}

/// Says a failure on standard error, escaped.
pub(crate) fn say(err: &mut dyn Write, message: &str) -> std::io::Result<()> {
    writeln!(err, "error: {}", crate::finding::escape_controls(message))
}

/// How many files are reported between two writes of what is waiting, at the most.
const DRAIN_EVERY: usize = 256;

/// A first path that does not exist and is spelt like a subcommand (`explian`) was
/// meant as one: say so rather than report a missing file.
fn mistyped_subcommand(paths: &[PathBuf]) -> Option<String> {
    use clap::CommandFactory;
    let first = paths.first()?;
    let word = first.to_str()?;
    if word.contains(crate::finding::hostile) {
        return None;
    }
    if first.exists() || word.contains(['/', '\\', '.', '*']) {
        return None;
    }
    let names: Vec<String> = crate::cli::Cli::command()
        .get_subcommands()
        .map(|c| c.get_name().to_owned())
        .collect();
    let meant = crate::suggest::closest(word, &names)?;
    // Exactly a subcommand's name, yet a path: only `sfcheck ./rules` gets here.
    (meant != word).then(|| {
        format!(
            "`{word}` is neither a file nor a subcommand; did you mean `{meant}`? (`sfcheck {meant} --help`)"
        )
    })
}

/// Whether the paths are one or two files (standard input is one), all but certainly: a
/// pre-commit hook's or an editor's run, where starting the thread pool costs more than
/// it saves.
fn few_files(paths: &[PathBuf]) -> bool {
    paths.len() <= 2 && paths.iter().all(|p| p.as_os_str() == "-" || p.is_file())
}

/// Checks the apps that hold a metadata file that was asked for (see
/// [`metadata::read`]), and the metadata files that stand alone, handing each report to
/// `push` in order, apps in parallel like files. `-` is standard input, read as the
/// metadata file `--stdin-filename` names. Gives what could not be read.
fn check_metadata(
    checker: &Checker,
    asked: &[&PathBuf],
    args: &CheckArgs,
    max: u64,
    renderer: Renderer,
    push: &mut dyn FnMut(report::sink::Rendered) -> std::io::Result<()>,
) -> std::io::Result<Vec<NotChecked>> {
    if asked.is_empty() {
        return Ok(Vec::new());
    }
    let stdin = PathBuf::from(&args.stdin_filename);
    let mut given = std::collections::HashMap::new();
    let mut paths = Vec::with_capacity(asked.len());
    for path in asked {
        if path.as_os_str() == "-" {
            match load::load(path, max) {
                Ok(loaded) => {
                    given.insert(stdin.clone(), loaded);
                }
                Err(e) => {
                    let failure = NotChecked::unreadable(&args.stdin_filename, e.to_string());
                    return Ok(vec![failure]);
                }
            }
            paths.push(stdin.clone());
        } else {
            paths.push(PathBuf::clone(path));
        }
    }
    let set = metadata::read_with(&paths, max, given);
    for (path, finding) in set.unusable {
        push(renderer.render(checker.unusable(&path, finding)))?;
    }
    // Apps are checked in parallel like files, and reported in order.
    let render = |app: &metadata::MetaApp| -> Vec<report::sink::Rendered> {
        let reports = checker.check_app(app).into_iter();
        reports.map(|report| renderer.render(report)).collect()
    };
    ordered::for_each(&set.apps, render, |rendered| {
        rendered.into_iter().try_for_each(&mut *push)
    })?;
    for lone in &set.lone {
        push(renderer.render(checker.lone(lone)))?;
    }
    Ok(set
        .unreadable
        .into_iter()
        .map(|(path, why)| NotChecked::unreadable(path, why))
        .collect())
}

/// Loads and checks one file. `Err` is an I/O failure: the file is not checked.
fn check_file(
    checker: &Checker,
    path: &Path,
    args: &CheckArgs,
    max: u64,
) -> Result<FileReport, NotChecked> {
    let shown = if path.as_os_str() == "-" {
        args.stdin_filename.clone()
    } else {
        path.display().to_string()
    };
    match load::load(path, max) {
        Ok(Loaded::Text(text)) => Ok(checker.check_yaml(&shown, &text)),
        Ok(Loaded::Unusable(finding)) => Ok(checker.unusable(&shown, finding)),
        Err(e) => Err(NotChecked::unreadable(shown, e.to_string())),
    }
}
