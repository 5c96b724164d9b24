//! Turning the paths on the command line into the list of files to check: files as
//! given, folders walked for descriptions and ECA metadata (skipping what `.gitignore`
//! ignores and hidden entries), globs expanded, `-` for standard input, and the
//! config's excludes taken out.

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use globset::{Glob, GlobSet, GlobSetBuilder};

/// Whether a file name is a YAML description (`*.eca.yaml` or `*.eca.yml`).
pub fn is_description(path: &Path) -> bool {
    path.file_name()
        .and_then(|n| n.to_str())
        .is_some_and(|n| n.ends_with(".eca.yaml") || n.ends_with(".eca.yml"))
}

/// Paths never to check: globs relative to a base folder (the config file's).
#[derive(Debug, Clone)]
pub struct Exclude {
    set: GlobSet,
    base: PathBuf,
}

impl Exclude {
    /// Compiles the patterns; an invalid one is a usage error.
    pub fn new(patterns: &[String], base: &Path) -> Result<Self, String> {
        let mut builder = GlobSetBuilder::new();
        for pattern in patterns {
            let glob =
                Glob::new(pattern).map_err(|e| format!("exclude pattern `{pattern}`: {e}"))?;
            builder.add(glob);
            // `legacy` or `legacy/` also excludes everything below it.
            let below = format!("{}/**", pattern.trim_end_matches('/'));
            builder
                .add(Glob::new(&below).map_err(|e| format!("exclude pattern `{pattern}`: {e}"))?);
        }
        let set = builder.build().map_err(|e| e.to_string())?;
        let base = absolute(base);
        Ok(Self { set, base })
    }

    fn matches(&self, path: &Path) -> bool {
        if self.set.is_empty() {
            return false;
        }
        let full = absolute(path);
        let relative = full.strip_prefix(&self.base).unwrap_or(path);
        self.set.is_match(relative) || self.set.is_match(path)
    }
}

/// The absolute form of a path with `.` and `..` resolved lexically (symlinks are not
/// looked at: excludes are about the paths people write).
fn absolute(path: &Path) -> PathBuf {
    use std::path::Component;
    let full = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
    let mut out = PathBuf::new();
    for part in full.components() {
        match part {
            Component::ParentDir => {
                out.pop();
            }
            Component::CurDir => {}
            other => out.push(other),
        }
    }
    out
}

/// Files found, and the folders and files a walk could not read (each said in one line;
/// the walk goes on past them).
pub type Found = (Vec<PathBuf>, Vec<String>);

/// The first path that is a malformed glob, with why: a usage error (exit 2).
pub fn malformed_glob(paths: &[PathBuf]) -> Option<String> {
    paths.iter().find_map(|path| {
        let text = path.to_string_lossy();
        let glob_like = !path.exists() && text.contains(['*', '?', '[', '{']);
        glob_like
            .then(|| Glob::new(&text).err())
            .flatten()
            .map(|e| format!("`{text}` is not a valid pattern: {e}"))
    })
}

/// Expands the command line's paths. An `Err` names the path that failed (exit 3).
pub fn expand(paths: &[PathBuf], exclude: &Exclude) -> Result<Found, (PathBuf, String)> {
    let mut files = Vec::new();
    let mut unreadable = Vec::new();
    for path in paths {
        let text = path.to_string_lossy();
        if text == "-" {
            files.push(path.clone());
        } else if path.is_dir() {
            walk(path, None, true, None, &mut files, &mut unreadable);
        } else if !path.exists() && text.contains(['*', '?', '[', '{']) {
            let glob = Glob::new(&text)
                .map_err(|e| (path.clone(), e.to_string()))?
                .compile_matcher();
            let root = literal_prefix(path);
            let before = files.len();
            walk(&root, Some(&glob), true, None, &mut files, &mut unreadable);
            if files.len() == before {
                return Err((path.clone(), "no file matches this pattern".into()));
            }
        } else {
            files.push(path.clone());
        }
    }
    let mut seen = HashSet::new();
    files.retain(|f| !exclude.matches(f) && seen.insert(f.clone()));
    Ok((files, unreadable))
}

/// The folder a glob starts in: its components before the first one with a wildcard.
fn literal_prefix(pattern: &Path) -> PathBuf {
    let mut root = PathBuf::new();
    for part in pattern.components() {
        if part
            .as_os_str()
            .to_string_lossy()
            .contains(['*', '?', '[', '{'])
        {
            break;
        }
        root.push(part);
    }
    if root.as_os_str().is_empty() {
        PathBuf::from(".")
    } else {
        root
    }
}

/// Every ECA metadata file below `package`, git-ignored ones included: an app's global
/// OAuth settings are often ignored on purpose, and when the file is on disk it is part
/// of the app. `max_depth` 1 reads only the folder's own files.
pub fn metadata_files(package: &Path, max_depth: Option<usize>) -> Found {
    let (mut files, mut unreadable) = (Vec::new(), Vec::new());
    walk(package, None, false, max_depth, &mut files, &mut unreadable);
    files.retain(|p| crate::document::metadata::is_metadata(p));
    (files, unreadable)
}

fn walk(
    root: &Path,
    glob: Option<&globset::GlobMatcher>,
    gitignore: bool,
    max_depth: Option<usize>,
    files: &mut Vec<PathBuf>,
    unreadable: &mut Vec<String>,
) {
    let mut found = Vec::new();
    // Symlinks are not followed, so a symlink loop is never walked; `.gitignore` counts
    // inside and outside a git repository alike (unless `gitignore` is off).
    let walker = ignore::WalkBuilder::new(root)
        .max_depth(max_depth)
        .require_git(false)
        .follow_links(false)
        .git_ignore(gitignore)
        .git_exclude(gitignore)
        .git_global(gitignore)
        .ignore(gitignore)
        .build();
    for entry in walker {
        // An unreadable folder is said and stepped over: what could be read is kept.
        let entry = match entry {
            Ok(entry) => entry,
            Err(e) => {
                unreadable.push(format!("cannot read under `{}`: {e}", root.display()));
                continue;
            }
        };
        if !entry.file_type().is_some_and(|t| t.is_file()) {
            continue;
        }
        let path = entry.into_path();
        let wanted = match glob {
            Some(g) => g.is_match(&path) || g.is_match(path.strip_prefix("./").unwrap_or(&path)),
            None => is_description(&path) || crate::document::metadata::is_metadata(&path),
        };
        if wanted {
            found.push(path);
        }
    }
    found.sort();
    files.extend(found);
}
