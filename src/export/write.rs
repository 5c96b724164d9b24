//! The `export` command: check the description, then write each file (through
//! [`output::write`]), never over a file without `--force`.

use std::collections::BTreeMap;
use std::io::Write;
use std::path::{Path, PathBuf};

use crate::check::Checker;
use crate::document::metadata::Kind;
use crate::document::{Limits, yaml};
use crate::finding::Severity;
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
            t.display()
        )?;
        return Ok(exit::USAGE);
    }
    for (file, target) in files.iter().zip(&targets) {
        let folder = target.parent().unwrap_or(Path::new("."));
        if let Err(e) = std::fs::create_dir_all(folder) {
            writeln!(err, "error: cannot write `{}`: {e}", target.display())?;
            return Ok(exit::FAILURE);
        }
        if let Err(message) = output::write(target, file.text.as_bytes()) {
            writeln!(err, "error: {message}")?;
            return Ok(exit::FAILURE);
        }
        writeln!(out, "wrote {}", target.display())?;
    }
    if let Some((_, global)) = files
        .iter()
        .zip(&targets)
        .find(|(f, _)| f.kind == Kind::Global)
    {
        writeln!(
            err,
            "note: {} holds the global OAuth settings, which Salesforce says are not meant for source control: deploy it, but keep it out of git (add `**/{}/` to .gitignore)",
            global.display(),
            Kind::Global.folder()
        )?;
    }
    Ok(exit::OK)
}

/// Findings go to standard error, plain: no colour, box drawing unless `TERM=dumb`.
fn style() -> Style {
    Style {
        color: false,
        unicode: std::env::var("TERM").map_or(true, |t| t != "dumb"),
        width: 100,
    }
}
