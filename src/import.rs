//! `sfcheck import DIR`: the YAML description of each app found in Salesforce DX
//! metadata. It never writes a description sfcheck would reject: an app whose metadata
//! lacks what the description needs is said and left out. Every value it fills in (an
//! absent flag) or leaves out (an element the description has no place for) is said on
//! standard error; the consumer secret is never copied.

use crate::finding::Show;
use std::collections::BTreeMap;
use std::io::Write;
use std::path::{Path, PathBuf};

use crate::check::Checker;
use crate::check::rules::secrets;
use crate::document::metadata::{self, Built, Kind, MetaApp};
use crate::document::sources::Sources;
use crate::document::{Document, emit};
use crate::finding::{Finding, Severity};
use crate::model::fields::{self, FIELDS, SWITCHES, Source};
use crate::{exit, output};

/// Imports every app under `dir`: to standard output when there is one, else one file per
/// app into the folder `output`.
pub fn import(
    dir: &Path,
    output: Option<&Path>,
    force: bool,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> std::io::Result<u8> {
    if let Err(e) = std::fs::read_dir(dir) {
        writeln!(err, "error: cannot read `{}`: {e}", dir.shown())?;
        return Ok(exit::FAILURE);
    }
    // Git-ignored files count: the global OAuth settings are often ignored on purpose.
    let (files, mut unreadable) = crate::discover::metadata_files(dir, None);
    let set = metadata::read(&files, crate::load::DEFAULT_MAX_FILE_SIZE);
    // An app read in part would be imported wrong: nothing is written.
    unreadable.extend(set.unreadable.iter().cloned());
    if !unreadable.is_empty() {
        for (path, why) in &unreadable {
            writeln!(err, "error: cannot read `{}`: {why}", path.shown())?;
        }
        return Ok(exit::FAILURE);
    }
    for lone in &set.lone {
        let sources = Sources::one(&lone.path, &lone.text);
        for f in &scrubbed(&lone.findings, &sources, None) {
            writeln!(
                err,
                "warning: {} was not imported: {} [{}]",
                lone.path.shown(),
                f.message.shown(),
                f.code
            )?;
        }
    }
    if set.apps.is_empty() {
        writeln!(
            err,
            "error: no External Client App (`externalClientApps/*.eca-meta.xml`) under `{}`",
            dir.shown()
        )?;
        return Ok(exit::FAILURE);
    }
    let checker = Checker::new(None, None, BTreeMap::new()).map_err(std::io::Error::other)?;
    let mut documents = Vec::new();
    let mut refused = 0;
    for app in &set.apps {
        let sources = app.sources();
        let mut built = app.build(&sources);
        built.findings = scrubbed(&built.findings, &sources, Some(&built.document));
        say_what_changed(app, &built, err)?;
        let mut value = built.document.value;
        if let Some(map) = value.as_object_mut()
            && map.remove("consumerSecret").is_some()
        {
            writeln!(
                err,
                "warning: {}: the consumer secret was not copied; remove it from the metadata and rotate it",
                app.name.shown()
            )?;
        }
        if strip_url_credentials(&mut value) {
            writeln!(
                err,
                "warning: {}: the user name and password in the callback URL were not copied; remove them from the metadata",
                app.name.shown()
            )?;
        }
        for (pointer, why) in crate::check::rules::secrets::remove_secret_like(&mut value) {
            writeln!(
                err,
                "warning: {}: `{}` holds {why}; it was not copied: remove it from the metadata and rotate it",
                app.name.shown(),
                pointer.shown()
            )?;
        }
        let text = format!(
            "# Imported by sfcheck from {}\n{}",
            // A comment ends at a line end: a path holding one would add a key.
            app.files[0].path.shown(),
            emit::to_yaml(&value)
        );
        // What the description would be rejected for: then it is not written.
        let report = checker.check_yaml(&format!("{}.eca.yaml", app.name), &text);
        let errors: Vec<String> = report
            .findings
            .iter()
            .filter(|l| l.finding.severity == Severity::Error)
            .map(|l| format!("{} [{}]", l.finding.message, l.finding.code))
            .collect();
        if errors.is_empty() {
            documents.push((app.name.clone(), text));
            continue;
        }
        refused += 1;
        let why = if built.oauth_settings_missing {
            "it has no OAuth settings file (an app without OAuth has no description to write)"
        } else if built.global_missing {
            "its global OAuth settings file is missing (retrieve it, or write the description by hand)"
        } else {
            "sfcheck would reject the description"
        };
        writeln!(
            err,
            "error: {}: not imported: {why}: {}",
            app.name.shown(),
            errors.join("; ").shown()
        )?;
    }
    if documents.is_empty() {
        return Ok(exit::FINDINGS);
    }
    let status = if refused > 0 {
        exit::FINDINGS
    } else {
        exit::OK
    };
    // With several apps, a path that does not exist yet is the folder to make, as
    // `export --output-dir` makes its own, unless it is named as a description.
    let several = documents.len() > 1;
    let folder = output.filter(|p| is_folder(p) || several && !p.exists() && !is_yaml_name(p));
    let targets: Vec<(PathBuf, String)> = match output {
        None if documents.len() > 1 => {
            let names: Vec<&str> = documents.iter().map(|(n, _)| n.as_str()).collect();
            writeln!(
                err,
                "error: {} apps found ({}); standard output takes one description: pass `--output FOLDER/` to write one file per app",
                documents.len(),
                names.join(", ")
            )?;
            return Ok(exit::USAGE);
        }
        None => {
            out.write_all(documents.remove(0).1.as_bytes())?;
            return Ok(status);
        }
        Some(path) if folder.is_some() => documents
            .into_iter()
            .map(|(name, t)| (path.join(format!("{name}.eca.yaml")), t))
            .collect(),
        Some(path) if documents.len() == 1 => vec![(path.to_path_buf(), documents.remove(0).1)],
        Some(path) => {
            writeln!(
                err,
                "error: {} apps found, and `{}` names one file: pass a folder to write one file per app",
                documents.len(),
                path.shown()
            )?;
            return Ok(exit::USAGE);
        }
    };
    for (target, _) in &targets {
        if let Some(input) = output::names_an_input(target, files.iter().map(PathBuf::as_path)) {
            let why = output::refusal(target, &input, "import");
            writeln!(err, "error: --output: {why}")?;
            return Ok(exit::USAGE);
        }
        if target.exists() && !force {
            writeln!(
                err,
                "error: `{}` exists; pass --force to overwrite it",
                target.shown()
            )?;
            return Ok(exit::USAGE);
        }
    }
    if let Some(folder) = folder {
        std::fs::create_dir_all(folder)?;
    }
    for (target, text) in targets {
        if let Err(message) = output::write(&target, text.as_bytes()) {
            writeln!(err, "error: {message}")?;
            return Ok(exit::FAILURE);
        }
        writeln!(out, "wrote {}", target.shown())?;
    }
    Ok(status)
}

/// A folder: one that exists, or a path written with a final `/`.
fn is_folder(path: &Path) -> bool {
    path.is_dir() || path.as_os_str().to_string_lossy().ends_with(['/', '\\'])
}

/// A name that says it is one description (`apps.eca.yaml`), not a folder to make.
fn is_yaml_name(path: &Path) -> bool {
    path.extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("yaml") || e.eq_ignore_ascii_case("yml"))
}

/// Says on standard error what the description fills in for absent elements, what the
/// mapping could not read, and which elements have no place in a description.
/// The findings with their files' secrets scrubbed from their words, as a report would
/// have them: `import` prints them on standard error, where no report scrubs them (a
/// scope token or an app name of 64 hex digits was quoted whole).
fn scrubbed(findings: &[Finding], sources: &Sources, doc: Option<&Document>) -> Vec<Finding> {
    let scan = doc.map(|d| secrets::scan(&d.value));
    let found = doc.zip(scan.as_ref());
    let mut words = found
        .map(|(d, s)| secrets::secret_strings(d, s))
        .unwrap_or_default();
    for file in sources.files() {
        words.extend(secrets::strings_at(
            file.text,
            &secrets::mask_spans(*file, found),
        ));
    }
    words.sort_by_key(|w| std::cmp::Reverse(w.len()));
    let mut out = findings.to_vec();
    secrets::scrub(&mut out, &words);
    out
}

fn say_what_changed(app: &MetaApp, built: &Built, err: &mut dyn Write) -> std::io::Result<()> {
    for d in &built.defaulted {
        let element = fields::at(&d.pointer)
            .and_then(|f| f.source.element())
            .unwrap_or_default();
        let why = if d.documented {
            "Salesforce's documented default"
        } else {
            "no documented default: what a retrieve writes"
        };
        writeln!(
            err,
            "note: {}: `{}` filled in as {}: `<{element}>` is absent ({why})",
            app.name.shown(),
            d.pointer.trim_start_matches('/').replace('/', ".").shown(),
            d.value
        )?;
    }
    for f in &built.findings {
        writeln!(
            err,
            "note: {}: {} [{}]",
            app.name.shown(),
            f.message.shown(),
            f.code
        )?;
    }
    for file in &app.files {
        let left: Vec<String> = file
            .elements
            .iter()
            .filter(|e| !used(file.kind, &e.name))
            .map(|e| format!("`<{}>`", e.name))
            .collect();
        if !left.is_empty() {
            writeln!(
                err,
                "note: {}: left out of the description (no place for them): {} of {}",
                app.name.shown(),
                left.join(", ").shown(),
                file.path.shown()
            )?;
        }
    }
    Ok(())
}

/// Whether the description holds the value of this element (the link to the app is the
/// grouping itself).
fn used(kind: Kind, element: &str) -> bool {
    element == "externalClientApplication"
        || FIELDS.iter().any(|f| match f.source {
            Source::Child(k, parent, _) => k == kind && parent == element,
            s => s.kind() == Some(kind) && s.element() == Some(element),
        })
        || SWITCHES
            .iter()
            .any(|s| s.documented && s.kind == kind && s.element == element)
}

/// Takes the user name and password out of every callback URL (in any spelling a URL
/// parser reads them from); says whether there were any.
fn strip_url_credentials(value: &mut serde_json::Value) -> bool {
    let Some(urls) = value.pointer_mut("/oauth/callbackUrl") else {
        return false;
    };
    let mut stripped = false;
    let mut strip = |v: &mut serde_json::Value| {
        if let Some(clean) = v
            .as_str()
            .and_then(crate::check::rules::secret_runs::without_credentials)
        {
            *v = clean.into();
            stripped = true;
        }
    };
    match urls {
        serde_json::Value::Array(items) => items.iter_mut().for_each(&mut strip),
        other => strip(other),
    }
    stripped
}
