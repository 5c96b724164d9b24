//! `sfcheck --fix` and `--diff`: fix rounds over each file until nothing more has a
//! fix, each round re-checked; then a diff, or files written (through
//! [`output::write`]), or the fixed standard input on standard output.

use std::io::{Read, Write};
use std::path::{Path, PathBuf};

use super::apply;
use crate::check::Checker;
use crate::cli::{CheckArgs, Format};
use crate::document::metadata::{self, Classified, MetaApp, parse_file};
use crate::document::{Limits, yaml};
use crate::finding::{FileReport, Finding, Fix, Severity};
use crate::load::{self, Loaded};
use crate::report::sink::{Closable, Renderer, Sink};
use crate::report::{self, NotChecked};
use crate::settings::{Asked, Settings};
use crate::{discover, exit, output};

/// A fix round cannot go on for ever: each one fixes something, and a file has few
/// settings, but a bad profile could make two fixes undo each other.
const MAX_ROUNDS: usize = 8;

const BOM: &str = "\u{feff}";

/// One file's result: its text before and after, and how many findings were fixed.
#[derive(Debug, Clone)]
pub struct Fixed {
    pub path: String,
    /// Whether the file starts with a byte-order mark (kept when written).
    pub bom: bool,
    pub before: String,
    pub after: String,
    /// `before` and `after` with every secret masked: what a diff may print.
    pub shown: (String, String),
    pub fixed: usize,
}

/// Runs `--fix` or `--diff` over the paths. Returns the exit code. Each file is fixed,
/// written or shown, and let go before the next, so memory holds one file's texts and
/// the rendered reports, not every file's. A reader that goes away (`| head`) ends
/// what is written to standard output, not the run: the exit code still says what
/// was found.
pub fn run(args: &CheckArgs, out: &mut dyn Write, err: &mut dyn Write) -> std::io::Result<u8> {
    let out = &mut Closable::new(out);
    let settings = match Settings::resolve(&Asked::from_args(args)) {
        Ok(s) => s,
        Err(message) => {
            writeln!(err, "error: {message}")?;
            return Ok(exit::USAGE);
        }
    };
    let stdin = args.paths.iter().any(|p| p.as_os_str() == "-");
    if stdin && args.paths.len() > 1 {
        writeln!(err, "error: `-` (standard input) is fixed on its own")?;
        return Ok(exit::USAGE);
    }
    let expanded = discover::expand(&args.paths, &settings.exclude, !args.no_ignore);
    if let Some(message) = expanded.refused() {
        writeln!(err, "error: {message}")?;
        return Ok(exit::USAGE);
    }
    let mut tally = Tally::default();
    // Said in the summary and the report too, as a check run says them.
    let mut not_checked = crate::run::not_checked(&expanded);
    let checker = settings.checker.fixing();
    let max = settings.max_file_size;
    let (yaml_files, meta_files): (Vec<PathBuf>, Vec<PathBuf>) = expanded
        .files
        .into_iter()
        .partition(|p| p.as_os_str() == "-" || metadata::classify(p) == Classified::Other);
    let set = (!meta_files.is_empty()).then(|| metadata::read(&meta_files, max));
    if let (Some(output), false) = (&args.output, stdin || args.diff) {
        // Every file the run may write, before any is written.
        let app_files = set.iter().flat_map(|s| &s.apps).flat_map(|a| &a.files);
        let inputs = yaml_files
            .iter()
            .chain(&meta_files)
            .map(PathBuf::as_path)
            .chain(app_files.map(|f| Path::new(&f.path)));
        if let Some(input) = output::names_an_input(output, inputs) {
            let why = output::refusal(output, &input, "run");
            writeln!(err, "error: --output: {why}")?;
            return Ok(exit::USAGE);
        }
    }
    let renderer = Renderer {
        format: args.format,
        style: report::human::Style::detect(args.color, args.output.is_some()),
    };
    let mut text = Vec::new();
    let mut sink = Sink::new(renderer, args.quiet, false, &mut text)?;
    let mut stdin_text = None;
    // Whether the fixed text stands where it will be read: false for a file that could
    // not be written, whose findings are still in it.
    let mut finish = |fixed: Fixed, err: &mut dyn Write, tally: &mut Tally| {
        if fixed.after == fixed.before {
            return Ok(true);
        }
        tally.changed = true;
        if stdin {
            tally.fixed += fixed.fixed;
            stdin_text = Some(fixed);
            return Ok(true);
        }
        if args.diff {
            tally.fixed += fixed.fixed;
            show_diff(&fixed, out)?;
            return Ok(true);
        }
        let bom = if fixed.bom { BOM } else { "" };
        let bytes = [bom.as_bytes(), fixed.after.as_bytes()].concat();
        if let Err(message) = output::write(Path::new(&fixed.path), &bytes) {
            tally.failed = true;
            writeln!(err, "error: {message}")?;
            return Ok(false);
        }
        tally.fixed += fixed.fixed;
        Ok::<bool, std::io::Error>(true)
    };
    for path in &yaml_files {
        match fix_yaml_file(&checker, path, args, max) {
            Ok((fixed, report)) => {
                // A file not written is reported as it is, not as it would have been.
                let report = match fixed {
                    Some((fixed, before)) => {
                        if finish(fixed, err, &mut tally)? {
                            report
                        } else {
                            before
                        }
                    }
                    None => report,
                };
                tally.remaining += report.findings.len();
                sink.push(renderer.render(report))?;
            }
            Err(failure) => not_checked.push(failure),
        }
    }
    if let Some(set) = set {
        not_checked.extend(
            set.unreadable
                .iter()
                .map(|(path, why)| NotChecked::unreadable(path.as_str(), why.as_str())),
        );
        let lone = set.lone.iter().map(|l| checker.lone(l));
        let unusable = set
            .unusable
            .into_iter()
            .map(|(p, f)| checker.unusable(&p, f));
        for report in unusable.collect::<Vec<_>>() {
            tally.remaining += report.findings.len();
            sink.push(renderer.render(report))?;
        }
        for app in &set.apps {
            let (fixed, mut app_reports) = fix_app(&checker, app);
            let mut written = true;
            for f in fixed {
                written &= finish(f, err, &mut tally)?;
            }
            if !written {
                app_reports = as_on_disk(&checker, app, max);
            }
            for report in app_reports {
                tally.remaining += report.findings.len();
                sink.push(renderer.render(report))?;
            }
        }
        for report in lone {
            tally.remaining += report.findings.len();
            sink.push(renderer.render(report))?;
        }
    }
    for n in &not_checked {
        crate::run::say(err, &n.line())?;
    }
    tally.failed |= !not_checked.is_empty();
    let summary = sink.finish(&not_checked)?;
    let text = String::from_utf8_lossy(&text);
    let Tally {
        fixed,
        remaining,
        changed,
        mut failed,
    } = tally;
    if args.diff {
        writeln!(
            err,
            "{fixed} fixable, {remaining} remaining after the fixes."
        )?;
        return Ok(if failed {
            exit::FAILURE
        } else if changed {
            exit::FINDINGS
        } else {
            exit::OK
        });
    }
    let line = format!("{fixed} fixed, {remaining} remaining.");
    if stdin {
        // Standard output carries the fixed text; the report goes beside it.
        if let Some(r) = stdin_text {
            let bom = if r.bom { BOM } else { "" };
            write!(out, "{bom}{}", r.after)?;
        }
        write!(err, "{text}")?;
        writeln!(err, "{line}")?;
    } else {
        match &args.output {
            Some(path) => {
                if let Err(message) = output::write(path, text.as_bytes()) {
                    failed = true;
                    writeln!(err, "error: {message}")?;
                }
            }
            None => write!(out, "{text}")?,
        }
        if args.format == Format::Human && args.output.is_none() {
            writeln!(out, "{line}")?;
        } else {
            writeln!(err, "{line}")?;
        }
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

/// What the files fixed so far add up to.
#[derive(Default)]
struct Tally {
    fixed: usize,
    remaining: usize,
    /// Whether any file's text changed.
    changed: bool,
    /// Whether a file could not be read or written.
    failed: bool,
}

/// Writes one file's unified diff: the masked texts, the path escaped as every report
/// names it (a newline in a file name would start a line, a CI workflow command).
fn show_diff(r: &Fixed, out: &mut dyn Write) -> std::io::Result<()> {
    let diff = similar::TextDiff::configure()
        .newline_terminated(true)
        .diff_lines(&r.shown.0, &r.shown.1);
    let path = crate::finding::escape_controls(&r.path);
    write!(
        out,
        "{}",
        diff.unified_diff().header(&path, &path).context_radius(3)
    )
}

/// The fixes of a report's findings, with the finding each one fixes.
fn fixes(report: &FileReport) -> (Vec<&Fix>, Vec<&Finding>) {
    report
        .findings
        .iter()
        .filter_map(|l| Some((l.finding.fix.as_ref()?, &l.finding)))
        .unzip()
}

/// A finding as a round tells it from another: a fix must make it go away.
fn identity(f: &Finding) -> (&str, &str, &str) {
    (&f.code, &f.pointer, &f.message)
}

/// Whether every finding a round fixed is gone from `after`. Findings may appear that
/// the fixed ones hid (a profile speaks once the structure is right); a round that
/// leaves a fixed finding in place did not do what it said, and is not kept.
fn kept_its_word(fixed: &[&Finding], after: &[&FileReport]) -> bool {
    fixed.iter().all(|f| {
        !after
            .iter()
            .flat_map(|r| &r.findings)
            .any(|l| identity(&l.finding) == identity(f))
    })
}

/// Whether a YAML text reads without any finding of its own (syntax, duplicate keys,
/// limits): only such a file is fixed, and only such a result is kept.
fn reads_cleanly(text: &str) -> bool {
    matches!(yaml::parse(text, Limits::default()), (Some(_), findings) if findings.is_empty())
}

/// The reports of an app's files as they are on disk, some fixed and some not: what a
/// run whose writes partly failed leaves.
fn as_on_disk(checker: &Checker, app: &MetaApp, max: u64) -> Vec<FileReport> {
    let paths: Vec<PathBuf> = app.files.iter().map(|f| PathBuf::from(&f.path)).collect();
    let set = metadata::read(&paths, max);
    let unusable = set
        .unusable
        .into_iter()
        .map(|(p, f)| checker.unusable(&p, f));
    let apps = set.apps.iter().flat_map(|a| checker.check_app(a));
    let lone: Vec<FileReport> = set.lone.iter().map(|l| checker.lone(l)).collect();
    unusable.chain(apps).chain(lone).collect()
}

/// Loads and fixes one YAML description (or standard input): the fixed text with the
/// report of the text as it was, if it could be read, and the report of what remains.
fn fix_yaml_file(
    checker: &Checker,
    path: &Path,
    args: &CheckArgs,
    max: u64,
) -> Result<(Option<(Fixed, FileReport)>, FileReport), NotChecked> {
    let stdin = path.as_os_str() == "-";
    let shown = if stdin {
        args.stdin_filename.clone()
    } else {
        path.display().to_string()
    };
    let (loaded, bom) = if stdin {
        let mut bytes = Vec::new();
        std::io::stdin()
            .lock()
            .take(max + 1)
            .read_to_end(&mut bytes)
            .map_err(|e| NotChecked::unreadable(&shown, e.to_string()))?;
        let bom = bytes.starts_with(BOM.as_bytes());
        (load::decode(bytes, max), bom)
    } else {
        let loaded =
            load::load(path, max).map_err(|e| NotChecked::unreadable(&shown, e.to_string()))?;
        (loaded, has_bom(path))
    };
    let text = match loaded {
        Loaded::Text(text) => text,
        Loaded::Unusable(f) => return Ok((None, checker.unusable(&shown, f))),
    };
    let before = checker.check_yaml(&shown, &text);
    let shown_before = displayed(&before, &text);
    let (after, fixed, report) = fix_yaml(checker, &shown, &text);
    let shown_after = displayed(&report, &after);
    let path = if stdin {
        shown
    } else {
        path.display().to_string()
    };
    let fixed = Fixed {
        path,
        bom,
        before: text,
        after,
        shown: (shown_before, shown_after),
        fixed,
    };
    Ok((Some((fixed, before)), report))
}

/// Fixes a YAML text in rounds; a round that would leave the text unreadable, or say
/// no less than before, is not kept. Returns the text, how many findings were fixed,
/// and the report of what remains. `checker` is made with [`Checker::fixing`].
pub fn fix_yaml(checker: &Checker, path: &str, text: &str) -> (String, usize, FileReport) {
    let mut text = text.to_owned();
    let mut report = checker.check_yaml(path, &text);
    let mut fixed = 0;
    if !reads_cleanly(&text) {
        return (text, 0, report);
    }
    for _ in 0..MAX_ROUNDS {
        let (fixes, findings) = fixes(&report);
        let (new, applied) = apply(&text, &fixes);
        if applied.is_empty() || new == text || !reads_cleanly(&new) {
            break;
        }
        let next = checker.check_yaml(path, &new);
        let done: Vec<&Finding> = applied.iter().map(|&i| findings[i]).collect();
        if !kept_its_word(&done, &[&next]) {
            break;
        }
        (text, report, fixed) = (new, next, fixed + applied.len());
    }
    (text, fixed, report)
}

/// Fixes the files of a metadata app in rounds, each file re-read as metadata before a
/// round is kept. Returns each file's result and the reports of what remains.
pub fn fix_app(checker: &Checker, app: &MetaApp) -> (Vec<Fixed>, Vec<FileReport>) {
    let mut current = app.clone();
    let mut reports = checker.check_app(&current);
    let first = reports.clone();
    let mut counts = vec![0usize; app.files.len()];
    for _ in 0..MAX_ROUNDS {
        let mut next = current.clone();
        let mut changed = false;
        let mut round = vec![0usize; app.files.len()];
        let mut fixed: Vec<Finding> = Vec::new();
        for (i, file) in current.files.iter().enumerate() {
            let Some(report) = reports.iter().find(|r| r.path == file.path) else {
                continue;
            };
            let (fixes, findings) = fixes(report);
            let (new, applied) = apply(&file.text, &fixes);
            if applied.is_empty() || new == file.text {
                continue;
            }
            match parse_file(&file.path, new, file.kind, file.member.clone()) {
                Ok(parsed) => {
                    next.files[i] = parsed;
                    round[i] = applied.len();
                    fixed.extend(applied.iter().map(|&j| findings[j].clone()));
                    changed = true;
                }
                Err(_) => return done((app, &first), (&current, reports), counts),
            }
        }
        if !changed {
            break;
        }
        let next_reports = checker.check_app(&next);
        let fixed: Vec<&Finding> = fixed.iter().collect();
        if !kept_its_word(&fixed, &next_reports.iter().collect::<Vec<_>>()) {
            break;
        }
        for (c, n) in counts.iter_mut().zip(round) {
            *c += n;
        }
        (current, reports) = (next, next_reports);
    }
    done((app, &first), (&current, reports), counts)
}

/// The text as `--diff` may show it: the report's masked copy, or, for a file with no
/// finding and nothing masked (the report then keeps no copy), the text itself, its
/// control characters replaced as in a snippet.
fn displayed(report: &FileReport, text: &str) -> String {
    if report.display_source.is_empty() {
        crate::finding::printable_source(text.to_owned())
    } else {
        report.display_source.clone()
    }
}

/// Each file's result, from the app and its reports before and after.
fn done(
    (before, first): (&MetaApp, &[FileReport]),
    (after, reports): (&MetaApp, Vec<FileReport>),
    counts: Vec<usize>,
) -> (Vec<Fixed>, Vec<FileReport>) {
    let shown = |rs: &[FileReport], path: &str, text: &str| {
        rs.iter()
            .find(|r| r.path == path)
            .map(|r| displayed(r, text))
            .unwrap_or_default()
    };
    let fixed = before
        .files
        .iter()
        .zip(&after.files)
        .zip(counts)
        .map(|((b, a), fixed)| Fixed {
            path: b.path.clone(),
            bom: has_bom(Path::new(&b.path)),
            before: b.text.clone(),
            after: a.text.clone(),
            shown: (
                shown(first, &b.path, &b.text),
                shown(&reports, &a.path, &a.text),
            ),
            fixed,
        })
        .collect();
    (fixed, reports)
}

/// Whether the file starts with a UTF-8 byte-order mark (the loader drops it; a fixed
/// file keeps it).
fn has_bom(path: &Path) -> bool {
    let mut start = [0u8; 3];
    std::fs::File::open(path)
        .and_then(|mut f| f.read_exact(&mut start))
        .is_ok_and(|()| start == *BOM.as_bytes())
}
