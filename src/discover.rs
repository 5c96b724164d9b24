//! Turning the paths on the command line into the list of files to check: files as
//! given, folders walked for descriptions and ECA metadata (skipping what `.gitignore`
//! ignores and hidden entries), globs expanded, `-` for standard input, and the
//! config's excludes taken out.

mod git;

use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use globset::{Glob, GlobSet, GlobSetBuilder};

use crate::finding::Show;
use crate::resolve::Resolver;

/// The largest ignore file (`.gitignore`, `.ignore`) a walk reads: its patterns are
/// compiled, and wildcards cost up to 700 bytes of memory a byte. Real ones are a few
/// KiB (GitHub's largest templates about 7 KiB).
pub const MAX_IGNORE_FILE: u64 = 64 << 10;

/// The most bytes of ignore files one walk reads in all: folders nested in one another
/// each add their patterns to those held.
pub const MAX_IGNORE_TOTAL: u64 = 128 << 10;

/// The most `exclude` patterns a config may list, and their total length: each is
/// compiled twice (itself and everything below it).
pub const MAX_EXCLUDES: usize = 1_000;
const MAX_EXCLUDE_BYTES: usize = 16 << 10;

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
    /// Their number and size are capped, so that a config cannot make the compiled set
    /// cost more than a small multiple of the config.
    pub fn new(patterns: &[String], base: &Path) -> Result<Self, String> {
        let bytes: usize = patterns.iter().map(String::len).sum();
        if patterns.len() > MAX_EXCLUDES || bytes > MAX_EXCLUDE_BYTES {
            return Err(format!(
                "`exclude` lists {} patterns ({bytes} bytes): at most {MAX_EXCLUDES} patterns and {} KiB are read; exclude folders rather than files",
                patterns.len(),
                MAX_EXCLUDE_BYTES >> 10
            ));
        }
        let mut builder = GlobSetBuilder::new();
        let bad = |pattern: &str, e: globset::Error| {
            format!("exclude pattern `{}`: {e}", pattern.shown())
        };
        for pattern in patterns {
            builder.add(Glob::new(pattern).map_err(|e| bad(pattern, e))?);
            // `legacy` or `legacy/` also excludes everything below it.
            let below = format!("{}/**", pattern.trim_end_matches('/'));
            builder.add(Glob::new(&below).map_err(|e| bad(pattern, e))?);
        }
        let set = builder.build().map_err(|_| {
            "the `exclude` patterns are too complex to compile; use fewer or simpler ones"
                .to_owned()
        })?;
        let base = absolute(base);
        Ok(Self { set, base })
    }

    /// Whether the patterns name `path` (or a folder above it).
    pub fn matches(&self, path: &Path) -> bool {
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

/// Files found, and the folders and files a walk could not read with why (the walk goes
/// on past them).
pub type Found = (Vec<PathBuf>, Vec<(String, String)>);

/// The first path that is a malformed glob, with why: a usage error (exit 2).
pub fn malformed_glob(paths: &[PathBuf]) -> Option<String> {
    paths.iter().find_map(|path| {
        let text = path.to_string_lossy();
        // The text first: a plain path costs no system call.
        let glob_like = text.contains(['*', '?', '[', '{']) && !path.exists();
        glob_like
            .then(|| Glob::new(&text).err())
            .flatten()
            .map(|e| format!("`{}` is not a valid pattern: {e}", text.shown()))
    })
}

/// What the command line's paths give: the files to check, and what was not checked.
#[derive(Debug, Default)]
pub struct Expanded {
    /// Files to check, in the order given, folders sorted, each once.
    pub files: Vec<PathBuf>,
    /// Paths that could not be read or walked, and why (exit 3).
    pub unreadable: Vec<(PathBuf, String)>,
    /// Folders and globs that gave nothing to check, and why (exit 3).
    pub empty: Vec<(PathBuf, String)>,
    /// Files named on the command line that the config's `exclude` takes out.
    pub excluded: Vec<PathBuf>,
    /// The folders named on the command line, as given: the ones walked.
    pub folders: Vec<PathBuf>,
    /// Ignore files too large to honour met on the way: a usage error, as the walk
    /// would not honour them.
    pub too_large: Vec<LargeIgnore>,
}

impl Expanded {
    /// Why the run may not go on, if an ignore file was too large to read.
    pub fn refused(&self) -> Option<String> {
        let large = self.too_large.first()?;
        Some(if large.in_all {
            format!(
                "with `{}`, the ignore files of this walk hold {} bytes: sfcheck reads up to {} KiB of them in a walk; check fewer folders at once, or pass `--no-ignore`",
                large.path.shown(),
                large.bytes,
                MAX_IGNORE_TOTAL >> 10
            )
        } else {
            format!(
                "`{}` is {} bytes: sfcheck reads ignore files of up to {} KiB; shorten it, or pass `--no-ignore`",
                large.path.shown(),
                large.bytes,
                MAX_IGNORE_FILE >> 10
            )
        })
    }
}

/// An ignore file a walk does not honour: larger than [`MAX_IGNORE_FILE`] (`bytes` is
/// its size), or, `in_all`, the one that took the walk's ignore files past
/// [`MAX_IGNORE_TOTAL`] (`bytes` is their sum).
#[derive(Debug, Clone)]
pub struct LargeIgnore {
    pub path: PathBuf,
    pub bytes: u64,
    pub in_all: bool,
}

/// Expands the command line's paths; folder walks and globs skip what `.gitignore`
/// ignores unless `gitignore` is off. A folder or glob that gives nothing to check is
/// not checked, and says why: a run that checked nothing is not a pass.
pub fn expand(paths: &[PathBuf], exclude: &Exclude, gitignore: bool) -> Expanded {
    let mut out = Expanded::default();
    let mut seen = HashSet::new();
    for path in paths {
        let text = path.to_string_lossy();
        let mut found = Vec::new();
        let failures_before = out.unreadable.len();
        let nothing = if text == "-" {
            out.files.push(path.clone());
            continue;
        } else if path.is_dir() {
            out.folders.push(path.clone());
            let mut walked = Walked::new(&mut found, &mut out.unreadable, &mut out.too_large);
            walk(path, None, gitignore, None, &mut walked);
            "no `*.eca.yaml`, `*.eca.yml` or External Client App metadata file in this folder"
        } else if text.contains(['*', '?', '[', '{']) && !path.exists() {
            let glob = match Glob::new(&text) {
                Ok(glob) => glob.compile_matcher(),
                Err(e) => {
                    out.unreadable.push((path.clone(), e.to_string()));
                    continue;
                }
            };
            let root = literal_prefix(path);
            if !root.exists() {
                out.empty
                    .push((path.clone(), "no file matches this pattern".into()));
                continue;
            }
            let mut walked = Walked::new(&mut found, &mut out.unreadable, &mut out.too_large);
            walk(&root, Some(&glob), gitignore, None, &mut walked);
            "no file matches this pattern"
        } else {
            if exclude.matches(path) {
                out.excluded.push(path.clone());
            } else if seen.insert(path.clone()) {
                out.files.push(path.clone());
            }
            continue;
        };
        let before = found.len();
        found.retain(|f| !exclude.matches(f));
        if found.is_empty() && out.unreadable.len() == failures_before {
            let why = if before > 0 {
                "every file found here is excluded by the config's `exclude`"
            } else {
                nothing
            };
            out.empty.push((path.clone(), why.into()));
        }
        out.files
            .extend(found.into_iter().filter(|f| seen.insert(f.clone())));
    }
    out
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

/// The ECA metadata files below `folders` that `.gitignore` hides, but for those in
/// `checked` (paths as reported): what a run that honours `.gitignore` leaves out. Hidden
/// folders and `node_modules` are not walked; no ECA file lives there.
pub fn ignored_metadata(
    folders: &[PathBuf],
    exclude: &Exclude,
    checked: &HashSet<PathBuf>,
) -> Vec<PathBuf> {
    let mut skipped = Vec::new();
    // A file checked by another path (through `..` or a symlink) was checked: the paths
    // as written decide first, and the checked ones are resolved only if they cannot.
    let mut resolver = Resolver::default();
    let mut checked_resolved: Option<HashSet<PathBuf>> = None;
    for root in folders {
        let walker = ignore::WalkBuilder::new(root)
            .standard_filters(false)
            .hidden(true)
            .follow_links(false)
            .filter_entry(|e| e.file_name() != "node_modules")
            .build();
        for entry in walker.flatten() {
            if !entry.file_type().is_some_and(|t| t.is_file()) {
                continue;
            }
            let path = entry.into_path();
            if crate::document::metadata::is_metadata(&path)
                && !exclude.matches(&path)
                && !checked.contains(&path)
            {
                let resolved = checked_resolved
                    .get_or_insert_with(|| checked.iter().map(|p| resolver.canonical(p)).collect());
                if !resolved.contains(&resolver.regular_file(&path)) {
                    skipped.push(path);
                }
            }
        }
    }
    skipped.sort();
    skipped.dedup();
    skipped
}

/// Every ECA metadata file below `package`, git-ignored ones included: an app's global
/// OAuth settings are often ignored on purpose, and when the file is on disk it is part
/// of the app. `max_depth` 1 reads only the folder's own files.
pub fn metadata_files(package: &Path, max_depth: Option<usize>) -> Found {
    let (mut files, mut failed, mut too_large) = (Vec::new(), Vec::new(), Vec::new());
    let mut walked = Walked::new(&mut files, &mut failed, &mut too_large);
    walk(package, None, false, max_depth, &mut walked);
    let unreadable = failed
        .into_iter()
        .map(|(path, why)| (path.display().to_string(), why))
        .collect();
    files.retain(|p| crate::document::metadata::is_metadata(p));
    (files, unreadable)
}

/// Where a walk puts what it finds: the wanted files, what could not be read (with
/// why), and the ignore files too large to honour.
struct Walked<'a> {
    files: &'a mut Vec<PathBuf>,
    failed: &'a mut Vec<(PathBuf, String)>,
    too_large: &'a mut Vec<LargeIgnore>,
}

impl<'a> Walked<'a> {
    fn new(
        files: &'a mut Vec<PathBuf>,
        failed: &'a mut Vec<(PathBuf, String)>,
        too_large: &'a mut Vec<LargeIgnore>,
    ) -> Self {
        Self {
            files,
            failed,
            too_large,
        }
    }
}

/// The ignore files of `folder` a walk may not read, adding their sizes to `read`,
/// the bytes of ignore files the walk has read so far.
fn large_ignore_files(folder: &Path, read: &mut u64) -> Vec<LargeIgnore> {
    let mut large = Vec::new();
    for name in [".gitignore", ".ignore"] {
        let path = folder.join(name);
        let Ok(meta) = std::fs::metadata(&path) else {
            continue;
        };
        let bytes = meta.len();
        *read = read.saturating_add(bytes);
        if bytes > MAX_IGNORE_FILE {
            large.push(LargeIgnore {
                path,
                bytes,
                in_all: false,
            });
        } else if *read > MAX_IGNORE_TOTAL {
            large.push(LargeIgnore {
                path,
                bytes: *read,
                in_all: true,
            });
        }
    }
    large
}

/// Adds the wanted files below `root` to `walked.files`, sorted; what cannot be read
/// goes to `walked.failed`, and the walk goes on. With `gitignore`, a file git tracks
/// is wanted even where an ignore rule hides it; an ignore file too large to read stops
/// the walk of its folder and is said in `walked.too_large`.
fn walk(
    root: &Path,
    glob: Option<&globset::GlobMatcher>,
    gitignore: bool,
    max_depth: Option<usize>,
    walked: &mut Walked,
) {
    let mut found = Vec::new();
    let too_large = Arc::new(Mutex::new(Vec::new()));
    // The bytes of ignore files the walk has read, to keep under MAX_IGNORE_TOTAL.
    let mut read = 0;
    if gitignore {
        // The walker reads the ignore files of `root`'s parents before any entry.
        let absolute = std::path::absolute(root).unwrap_or_else(|_| root.to_path_buf());
        let large: Vec<_> = absolute
            .ancestors()
            .flat_map(|folder| large_ignore_files(folder, &mut read))
            .collect();
        if !large.is_empty() {
            walked.too_large.extend(large);
            return;
        }
    }
    let wanted = |path: &Path| match glob {
        Some(g) => g.is_match(path) || g.is_match(path.strip_prefix("./").unwrap_or(path)),
        None => is_description(path) || crate::document::metadata::is_metadata(path),
    };
    // Symlinks are not followed, so a symlink loop is never walked; `.gitignore` counts
    // inside and outside a git repository alike (unless `gitignore` is off).
    let mut builder = ignore::WalkBuilder::new(root);
    builder
        .max_depth(max_depth)
        .require_git(false)
        .follow_links(false)
        .git_ignore(gitignore)
        .git_exclude(gitignore)
        .git_global(gitignore)
        .ignore(gitignore);
    if gitignore {
        // A folder's ignore files are read when it is entered, after this filter.
        let seen = Arc::clone(&too_large);
        // The root's own ignore files were counted with its parents'.
        let read = Mutex::new(read);
        let top = root.to_path_buf();
        builder.filter_entry(move |entry| {
            if !entry.file_type().is_some_and(|t| t.is_dir()) || entry.path() == top {
                return true;
            }
            let Ok(mut read) = read.lock() else {
                return false;
            };
            let large = large_ignore_files(entry.path(), &mut read);
            let fine = large.is_empty();
            if let Ok(mut seen) = seen.lock() {
                seen.extend(large);
            }
            fine
        });
    }
    let walker = builder.build();
    for entry in walker {
        // The walker's own message repeats the path; the path is said once, by the caller.
        let entry = match entry {
            Ok(entry) => entry,
            Err(e) => {
                let at = walk_error_path(&e).unwrap_or(root).to_path_buf();
                // The OS's own words, without the walker's repetition of the path.
                let why = match e.io_error() {
                    Some(io) => match (io.raw_os_error(), io.kind()) {
                        (Some(code), _) => std::io::Error::from_raw_os_error(code).to_string(),
                        (None, std::io::ErrorKind::NotFound) => "No such file or directory".into(),
                        (None, kind) => kind.to_string(),
                    },
                    None => e.to_string(),
                };
                walked.failed.push((at, why));
                continue;
            }
        };
        if !entry.file_type().is_some_and(|t| t.is_file()) {
            continue;
        }
        let path = entry.into_path();
        if wanted(&path) {
            found.push(path);
        }
    }
    if let Ok(mut large) = too_large.lock() {
        walked.too_large.append(&mut large);
    }
    if gitignore && let Some(tracked) = git::tracked(root) {
        let known: HashSet<&Path> = found.iter().map(PathBuf::as_path).collect();
        let hidden: Vec<PathBuf> = tracked
            .into_iter()
            .filter(|p| wanted(p) && !known.contains(p.as_path()))
            .collect();
        found.extend(hidden);
    }
    found.sort();
    walked.files.extend(found);
}

/// The path a walk error is about, when it names one.
fn walk_error_path(error: &ignore::Error) -> Option<&Path> {
    match error {
        ignore::Error::WithPath { path, .. } => Some(path),
        ignore::Error::WithDepth { err, .. } | ignore::Error::WithLineNumber { err, .. } => {
            walk_error_path(err)
        }
        _ => None,
    }
}
