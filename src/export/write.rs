//! The `export` command: check the description, then write each file (through
//! [`output::write`]), never over a file without `--force`.

use std::collections::BTreeMap;
use std::io::Write;
use std::path::{Path, PathBuf};

use crate::check::Checker;
use crate::document::metadata::Kind;
use crate::document::{Limits, yaml};
use crate::finding::{Severity, Show};
use crate::load::{self, Loaded};
use crate::report::human::{self, Style};
use crate::{exit, output};

/// `sfcheck export FILE [--output-dir DIR] [--force]`: writes the app's Salesforce DX
/// source files under `output_dir`. A description with errors under `--profile none`
/// is refused with its findings (exit 1).
pub fn export(
    path: &Path,
    output_dir: &Path,
    force: bool,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> std::io::Result<u8> {
    let shown = path.display().to_string();
    let checker = match Checker::new(None, None, BTreeMap::new()) {
        Ok(c) => c,
        Err(e) => {
            writeln!(err, "error: {e}")?;
            return Ok(exit::FAILURE);
        }
    };
    let text = match load::load(path, load::DEFAULT_MAX_FILE_SIZE) {
        Ok(Loaded::Text(text)) => text,
        Ok(Loaded::Unusable(finding)) => {
            let report = checker.unusable(&shown, finding);
            err.write_all(human::render(&[report], style(), false).as_bytes())?;
            return Ok(exit::FINDINGS);
        }
        Err(e) => {
            writeln!(err, "error: cannot read `{shown}`: {e}")?;
            return Ok(exit::FAILURE);
        }
    };
    let report = checker.check_yaml(&shown, &text);
    if !report.findings.is_empty() {
        err.write_all(human::render(std::slice::from_ref(&report), style(), true).as_bytes())?;
    }
    if report.count(Severity::Error) > 0 {
        writeln!(
            err,
            "error: `{shown}` has errors (see above); nothing was exported"
        )?;
        return Ok(exit::FINDINGS);
    }
    let value = match yaml::parse(&text, Limits::default()).0 {
        Some(doc) => doc.value,
        None => return Ok(exit::FINDINGS), // reported by the check above
    };
    let files = match super::files(&value) {
        Ok(files) => files,
        Err(e) => {
            writeln!(err, "error: `{shown}` cannot be exported: {e}")?;
            return Ok(exit::FINDINGS);
        }
    };
    let targets: Vec<PathBuf> = files.iter().map(|f| output_dir.join(&f.path)).collect();
    if let Some(target) = targets
        .iter()
        .find(|t| output::names_an_input(t, [path]).is_some())
    {
        let why = output::refusal(target, path, "export");
        writeln!(err, "error: {why}")?;
        return Ok(exit::USAGE);
    }
    if !force && let Some(t) = targets.iter().find(|t| t.exists()) {
        writeln!(
            err,
            "error: `{}` exists; pass --force to overwrite it",
            t.shown()
        )?;
        return Ok(exit::USAGE);
    }
    // All or nothing: every file is written beside its target first, and only when all
    // are written are they renamed into place; on an error the temporary files go, and
    // so do the folders this export made.
    let mut made = Vec::new();
    let mut pending = Vec::new();
    let mut failure = None;
    for (file, target) in files.iter().zip(&targets) {
        let folder = target.parent().unwrap_or(Path::new("."));
        if let Err(e) = make_folders(folder, &mut made) {
            failure = Some(format!("cannot write `{}`: {e}", target.shown()));
            break;
        }
        match output::Pending::create(target).and_then(|mut p| {
            p.write_all(file.text.as_bytes())
                .map(|()| p)
                .map_err(|e| e.to_string())
        }) {
            Ok(p) => pending.push(p),
            Err(message) => {
                failure = Some(message);
                break;
            }
        }
    }
    if failure.is_none() {
        for (p, target) in pending.drain(..).zip(&targets) {
            if let Err(message) = p.commit() {
                // A rename that fails after others succeeded is rare (one folder, one
                // file system): say what is in place rather than claim nothing is.
                writeln!(err, "error: {message}; the files above were written")?;
                return Ok(exit::FAILURE);
            }
            writeln!(out, "wrote {}", target.shown())?;
        }
    }
    if let Some(message) = failure {
        drop(pending);
        for folder in made.iter().rev() {
            let _ = std::fs::remove_dir(folder);
        }
        writeln!(err, "error: {message}; nothing was exported")?;
        return Ok(exit::FAILURE);
    }
    if let Some((_, global)) = files
        .iter()
        .zip(&targets)
        .find(|(f, _)| f.kind == Kind::Global)
    {
        writeln!(
            err,
            "note: {} holds the global OAuth settings, which Salesforce says are not meant for source control: deploy it, but keep it out of git (add `**/{}/` to .gitignore)",
            global.shown(),
            Kind::Global.folder()
        )?;
    }
    Ok(exit::OK)
}

/// Makes `folder` and the folders above it that are missing, noting each one made.
fn make_folders(folder: &Path, made: &mut Vec<PathBuf>) -> std::io::Result<()> {
    let missing: Vec<&Path> = folder
        .ancestors()
        .take_while(|f| !f.as_os_str().is_empty() && !f.exists())
        .collect();
    for f in missing.into_iter().rev() {
        std::fs::create_dir(f)?;
        made.push(f.to_path_buf());
    }
    Ok(())
}

/// Findings go to standard error, plain: no colour, box drawing unless `TERM=dumb`.
fn style() -> Style {
    Style {
        color: false,
        unicode: std::env::var("TERM").map_or(true, |t| t != "dumb"),
        width: 100,
    }
}
