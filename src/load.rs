//! Reading a file's bytes into text, within a size limit.

use std::io::Read;
use std::path::Path;

use std::collections::{HashMap, HashSet};
use std::path::PathBuf;

use crate::discover;
use crate::document::metadata::{self, Classified, Lone, MetaApp};
use crate::finding::{Finding, Rule};

/// `SF004`: see `docs/rules/SF004.md`.
pub static FILE_TOO_LARGE: Rule = crate::rule!("SF004", Error);

/// `SF007`: see `docs/rules/SF007.md`.
pub static NOT_UTF8: Rule = crate::rule!("SF007", Error);

/// The default size limit: a description is a few hundred bytes.
pub const DEFAULT_MAX_FILE_SIZE: u64 = 1024 * 1024;

/// The highest size limit accepted (1 GiB): a file is read whole into memory, and a
/// larger value is a typo or an attempt to turn the limit off.
pub const MAX_MAX_FILE_SIZE: u64 = 1024 * 1024 * 1024;

/// Reads a settings file (config, profile) of at most `max` bytes: a regular file only,
/// so a FIFO cannot hang the run and `/dev/zero` cannot fill memory. `what` names the
/// file in the error, which is a usage error.
pub fn read_settings_file(path: &Path, max: u64, what: &str) -> Result<String, String> {
    let shown = path.display();
    let meta = std::fs::metadata(path).map_err(|e| format!("cannot read {what} `{shown}`: {e}"))?;
    if !meta.is_file() {
        return Err(format!(
            "{what} `{shown}` is not a regular file (a folder, FIFO, socket or device)"
        ));
    }
    let too_large = || format!("{what} `{shown}` is larger than {max} bytes");
    if meta.len() > max {
        return Err(too_large());
    }
    let mut bytes = Vec::new();
    std::fs::File::open(path)
        .and_then(|f| f.take(max + 1).read_to_end(&mut bytes))
        .map_err(|e| format!("cannot read {what} `{shown}`: {e}"))?;
    if bytes.len() as u64 > max {
        return Err(too_large());
    }
    String::from_utf8(bytes).map_err(|_| format!("{what} `{shown}` is not UTF-8 text"))
}

/// What reading a file gave.
pub enum Loaded {
    /// The text, without a UTF-8 byte-order mark.
    Text(String),
    /// The file can be read but not checked; the finding says why.
    Unusable(Finding),
}

/// Reads `path` (or standard input for `-`), refusing more than `max` bytes.
/// An `Err` is an I/O failure (exit 3).
pub fn load(path: &Path, max: u64) -> std::io::Result<Loaded> {
    let mut bytes = Vec::new();
    if path.as_os_str() == "-" {
        std::io::stdin()
            .lock()
            .take(max.saturating_add(1))
            .read_to_end(&mut bytes)?;
    } else {
        // Checked before opening: opening a FIFO would wait for a writer forever.
        let meta = std::fs::metadata(path)?;
        if meta.is_dir() {
            return Err(std::io::Error::other("is a folder, not a file"));
        }
        if !meta.is_file() {
            return Err(std::io::Error::other(
                "is not a regular file (a FIFO, socket or device)",
            ));
        }
        let file = std::fs::File::open(path)?;
        file.take(max.saturating_add(1)).read_to_end(&mut bytes)?;
    }
    Ok(decode(bytes, max))
}

/// Turns bytes into text, or into the finding that says why they are not text.
pub fn decode(bytes: Vec<u8>, max: u64) -> Loaded {
    if bytes.len() as u64 > max {
        return Loaded::Unusable(
            Finding::new(&FILE_TOO_LARGE, 0..0, "", format!("the file is larger than {max} bytes; it was not checked"))
                .help("Check that this is a description; raise the limit with `--max-file-size` if it really is one."),
        );
    }
    if bytes.contains(&0) {
        return Loaded::Unusable(
            Finding::new(
                &NOT_UTF8,
                0..0,
                "",
                "the file contains NUL bytes: it is binary, not a YAML description",
            )
            .help("Check the path; a description is UTF-8 text."),
        );
    }
    match String::from_utf8(bytes) {
        Ok(mut text) => {
            if text.starts_with('\u{feff}') {
                text.drain(..3);
            }
            Loaded::Text(text)
        }
        Err(e) => {
            let at = e.utf8_error().valid_up_to();
            Loaded::Unusable(
                Finding::new(
                    &NOT_UTF8,
                    0..0,
                    "",
                    format!("the file is not UTF-8 text (invalid byte at offset {at})"),
                )
                .help("Save the file as UTF-8."),
            )
        }
    }
}

/// The metadata apps around some files, read and grouped.
pub struct MetadataSet {
    /// Apps that hold a file that was asked for.
    pub apps: Vec<MetaApp>,
    /// Asked-for files reported on their own: unparsable, wrong suffix, orphan, duplicate.
    pub lone: Vec<Lone>,
    /// Asked-for files that are not text.
    pub unusable: Vec<(String, Finding)>,
    /// Folders and files that could not be read, each said in one line (exit 3); the
    /// rest was read and checked.
    pub unreadable: Vec<String>,
}

/// The folder to read an app's other files from, and how deep: the package folder
/// (`<package>/<type folder>/<file>`) when the file sits in its type's folder, otherwise
/// only the file's own folder. A filesystem root is never walked.
fn package_of(file: &Path) -> (PathBuf, Option<usize>) {
    let folder = match file.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    let in_type_folder = folder
        .file_name()
        .and_then(|n| n.to_str())
        .is_some_and(metadata::is_type_folder);
    // `Path::new("a").parent()` is `Some("")`: the working folder.
    let package = folder.parent().map(|p| {
        if p.as_os_str().is_empty() {
            Path::new(".")
        } else {
            p
        }
    });
    match package {
        Some(package) if in_type_folder && package.parent().is_some() => {
            (package.to_path_buf(), None)
        }
        _ => (folder.to_path_buf(), Some(1)),
    }
}

/// Reads the metadata files `asked` names, and the rest of each one's package folder
/// (see [`package_of`]), so that an app is always whole whichever of its files was
/// named.
pub fn metadata(asked: &[PathBuf], max: u64) -> MetadataSet {
    let canonical = |p: &Path| std::fs::canonicalize(p).unwrap_or_else(|_| p.to_path_buf());
    // Each package folder is walked once, however many of its files were asked for.
    let mut packages: Vec<(PathBuf, Option<usize>)> = asked.iter().map(|p| package_of(p)).collect();
    packages.sort();
    packages.dedup();
    let mut all: Vec<PathBuf> = asked.to_vec();
    let mut unreadable = Vec::new();
    for (package, depth) in packages {
        let (found, errors) = discover::metadata_files(&package, depth);
        all.extend(found);
        unreadable.extend(errors);
    }
    let asked_set: HashSet<PathBuf> = asked.iter().map(|p| canonical(p)).collect();
    let mut seen = HashSet::new();
    all.retain(|p| seen.insert(canonical(p)));
    let was_asked = |path: &str| asked_set.contains(&canonical(Path::new(path)));
    let mut parsed = Vec::new();
    // Headers that could not be parsed, by app name: their findings say it once.
    let mut broken_headers: HashMap<String, String> = HashMap::new();
    let mut lone = Vec::new();
    let mut unusable = Vec::new();
    for path in &all {
        let shown = path.display().to_string();
        let text = match load(path, max) {
            Ok(Loaded::Text(text)) => text,
            Ok(Loaded::Unusable(finding)) => {
                unusable.push((shown, finding));
                continue;
            }
            Err(e) => {
                unreadable.push(format!("cannot read `{shown}`: {e}"));
                continue;
            }
        };
        match metadata::classify(path) {
            Classified::Meta(kind, member) => {
                match metadata::parse_file(&shown, text.clone(), kind, member.clone()) {
                    Ok(file) => parsed.push(file),
                    Err(finding) => {
                        if kind == metadata::Kind::Header {
                            broken_headers.insert(member, shown.clone());
                        }
                        lone.push(Lone {
                            path: shown,
                            text,
                            findings: vec![*finding],
                        });
                    }
                }
            }
            Classified::WrongSuffix { wrong, right } => {
                let at = metadata::root_element_span(&text);
                let finding = Finding::new(&crate::document::metadata::WRONG_METADATA_SUFFIX, at,
                    "",
                    format!("`.{wrong}` is not a Salesforce suffix; the CLI ignores this file (the suffix is `.{right}`)"),
                )
                .help(format!("Rename the file to end in `.{right}-meta.xml`."));
                lone.push(Lone {
                    path: shown,
                    text,
                    findings: vec![finding],
                });
            }
            Classified::Other => {}
        }
    }
    // The satellites of a broken header are not orphans (that would be one false SF705
    // each); the header's own finding is shown whichever of its files was asked for.
    let mut headers_to_show = HashSet::new();
    parsed.retain(|f| {
        let header = f.app.as_ref().and_then(|a| broken_headers.get(a));
        match header {
            Some(header) if f.kind != metadata::Kind::Header => {
                if was_asked(&f.path) {
                    headers_to_show.insert(header.clone());
                }
                false
            }
            _ => true,
        }
    });
    let (apps, orphans) = metadata::group(parsed);
    lone.extend(orphans);
    MetadataSet {
        apps: apps
            .into_iter()
            .filter(|a| a.files.iter().any(|f| was_asked(&f.path)))
            .collect(),
        lone: lone
            .into_iter()
            .filter(|l| was_asked(&l.path) || headers_to_show.contains(&l.path))
            .collect(),
        unusable: unusable.into_iter().filter(|(p, _)| was_asked(p)).collect(),
        unreadable,
    }
}
