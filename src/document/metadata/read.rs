//! Reading the metadata files asked for, with the rest of their package folder, into
//! apps and files that stand alone.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use super::{
    Classified, Kind, Lone, MetaApp, MetaFile, WRONG_METADATA_SUFFIX, classify, group,
    is_type_folder, parse_file, root_element_span,
};
use crate::discover;
use crate::finding::Finding;
use crate::load::{Loaded, load};
use crate::resolve::Resolver;

/// The metadata apps around some files, read and grouped.
pub struct MetadataSet {
    /// Apps that hold a file that was asked for.
    pub apps: Vec<MetaApp>,
    /// Asked-for files reported on their own: unparsable, wrong suffix, orphan, duplicate.
    pub lone: Vec<Lone>,
    /// Asked-for files that are not text.
    pub unusable: Vec<(String, Finding)>,
    /// Folders and files that could not be read, and why (exit 3); the rest was read and
    /// checked.
    pub unreadable: Vec<(String, String)>,
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
        .is_some_and(is_type_folder);
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
pub fn read(asked: &[PathBuf], max: u64) -> MetadataSet {
    read_with(asked, max, HashMap::new())
}

/// Like [`read`], with the text of some files given rather than read: standard input
/// named by `--stdin-filename`, or an editor's unsaved buffers. Each given file is one of
/// those asked for; the rest of their apps is read from disk.
pub fn read_with(asked: &[PathBuf], max: u64, mut given: HashMap<PathBuf, Loaded>) -> MetadataSet {
    // Each package folder is walked once, however many of its files were asked for.
    let mut packages: Vec<(PathBuf, Option<usize>)> = asked.iter().map(|p| package_of(p)).collect();
    packages.sort();
    packages.dedup();
    let mut found = Vec::new();
    let mut unreadable = Vec::new();
    for (package, depth) in packages {
        let (files, errors) = discover::metadata_files(&package, depth);
        found.extend(files);
        unreadable.extend(errors);
    }
    // A file reached by two paths (`./a` and `a`, through `..` or a symlink) is read once.
    // The paths as written decide first; the rest are resolved, a walked file (a regular
    // file, not a symlink) by its folder only.
    let walked: HashSet<&Path> = found.iter().map(PathBuf::as_path).collect();
    let mut resolver = Resolver::default();
    let mut resolve = |p: &Path| {
        if walked.contains(p) {
            resolver.regular_file(p)
        } else {
            resolver.canonical(p)
        }
    };
    let (mut written, mut seen) = (HashSet::new(), HashSet::new());
    let all: Vec<PathBuf> = asked
        .iter()
        .chain(&found)
        .filter(|p| written.insert(p.as_path()) && seen.insert(resolve(p)))
        .cloned()
        .collect();
    // Whether a file is one of those asked for: by its path as written, else resolved
    // (the asked-for files are resolved only if that is ever needed).
    let asked_written: HashSet<String> = asked.iter().map(|p| p.display().to_string()).collect();
    let mut asked_resolved: Option<HashSet<PathBuf>> = None;
    let mut was_asked = |path: &str| {
        asked_written.contains(path) || {
            let set =
                asked_resolved.get_or_insert_with(|| asked.iter().map(|p| resolve(p)).collect());
            set.contains(&resolve(Path::new(path)))
        }
    };
    // Files are read and parsed in parallel, then taken in order.
    let read_one = |path: &PathBuf| {
        if given.contains_key(path) {
            Read::Given
        } else {
            read_file(path, load(path, max))
        }
    };
    let outcomes: Vec<Read> = if all.len() < PARALLEL_FROM {
        all.iter().map(read_one).collect()
    } else {
        all.par_iter().map(read_one).collect()
    };
    let mut parsed = Vec::new();
    // Headers that could not be parsed, by app name: their findings say it once.
    let mut broken_headers: HashMap<String, String> = HashMap::new();
    let mut lone = Vec::new();
    let mut unusable = Vec::new();
    for (path, outcome) in all.iter().zip(outcomes) {
        // The paths are distinct: standard input's is met once.
        let outcome = match outcome {
            Read::Given => match given.remove(path) {
                Some(loaded) => read_file(path, Ok(loaded)),
                None => Read::Other,
            },
            outcome => outcome,
        };
        match outcome {
            Read::Parsed(file) => parsed.push(file),
            Read::Lone {
                lone: file,
                broken_header,
            } => {
                if let Some(member) = broken_header {
                    broken_headers.insert(member, file.path.clone());
                }
                lone.push(file);
            }
            Read::Unusable(shown, finding) => unusable.push((shown, finding)),
            Read::Unreadable(shown, why) => unreadable.push((shown, why)),
            Read::Given | Read::Other => {}
        }
    }
    // The satellites of a broken header are not orphans (that would be one false SF705
    // each); the header's own finding is shown whichever of its files was asked for.
    let mut headers_to_show = HashSet::new();
    parsed.retain(|f| {
        let header = f.app.as_ref().and_then(|a| broken_headers.get(a));
        match header {
            Some(header) if f.kind != Kind::Header => {
                if was_asked(&f.path) {
                    headers_to_show.insert(header.clone());
                }
                false
            }
            _ => true,
        }
    });
    let (apps, orphans) = group(parsed);
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

/// Below this many files, reading on the calling thread costs less than starting the
/// thread pool (one app is five files).
const PARALLEL_FROM: usize = 16;

/// What became of one file.
enum Read {
    Parsed(MetaFile),
    /// Reported on its own; `broken_header` names the app of a header that could not be
    /// parsed.
    Lone {
        lone: Lone,
        broken_header: Option<String>,
    },
    Unusable(String, Finding),
    Unreadable(String, String),
    /// A given text (standard input's, a buffer's): taken on the calling thread, which
    /// holds it.
    Given,
    /// Not a metadata file.
    Other,
}

/// Parses one file's text (or gives why not) by what its name says it is.
fn read_file(path: &Path, loaded: std::io::Result<Loaded>) -> Read {
    let shown = path.display().to_string();
    let text = match loaded {
        Ok(Loaded::Text(text)) => text,
        Ok(Loaded::Unusable(finding)) => return Read::Unusable(shown, finding),
        Err(e) => return Read::Unreadable(shown, e.to_string()),
    };
    match classify(path) {
        Classified::Meta(kind, member) => {
            match parse_file(&shown, text.clone(), kind, member.clone()) {
                Ok(file) => Read::Parsed(file),
                Err(finding) => Read::Lone {
                    lone: Lone::unparsed(shown, text, vec![*finding]),
                    broken_header: (kind == Kind::Header).then_some(member),
                },
            }
        }
        Classified::WrongSuffix { wrong, right } => {
            let at = root_element_span(&text);
            let finding = Finding::new(&WRONG_METADATA_SUFFIX, at,
                "",
                format!("`.{wrong}` is not a Salesforce suffix; the CLI ignores this file (the suffix is `.{right}`)"),
            )
            .help(format!("Rename the file to end in `.{right}-meta.xml`."));
            Read::Lone {
                lone: Lone::unparsed(shown, text, vec![finding]),
                broken_header: None,
            }
        }
        Classified::Other => Read::Other,
    }
}
