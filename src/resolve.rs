//! Telling whether two paths name the same file, as `realpath` does (symlinks and `..`
//! resolved), at the cost of resolving each folder once rather than every file: a file's
//! resolved path is its folder's, resolved, joined with its name, unless the file itself is
//! a symlink.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

/// Resolves paths, remembering each folder it resolved.
#[derive(Debug, Default)]
pub struct Resolver {
    folders: HashMap<PathBuf, Option<PathBuf>>,
}

impl Resolver {
    /// The path with symlinks and `..` resolved, or as given when that fails: what
    /// [`std::fs::canonicalize`] gives, for one `lstat` and, once per folder, a
    /// `realpath`.
    pub fn canonical(&mut self, path: &Path) -> PathBuf {
        match std::fs::symlink_metadata(path) {
            Ok(meta) if meta.is_file() => self.regular_file(path),
            _ => whole(path),
        }
    }

    /// [`Self::canonical`] for a path a walk found as a regular file (not a symlink), which
    /// costs no system call once its folder is resolved.
    pub fn regular_file(&mut self, path: &Path) -> PathBuf {
        let (Some(folder), Some(name)) = (path.parent(), path.file_name()) else {
            return whole(path);
        };
        // `Path::new("a").parent()` is `Some("")`: the working folder.
        let folder = if folder.as_os_str().is_empty() {
            Path::new(".")
        } else {
            folder
        };
        let resolved = match self.folders.get(folder) {
            Some(resolved) => resolved.clone(),
            None => {
                let resolved = std::fs::canonicalize(folder).ok();
                self.folders.insert(folder.to_path_buf(), resolved.clone());
                resolved
            }
        };
        match resolved {
            Some(folder) => folder.join(name),
            None => whole(path),
        }
    }
}

/// The path resolved by `realpath`, or as given when that fails.
fn whole(path: &Path) -> PathBuf {
    std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every kind of path resolves as `canonicalize` resolves it: plain, `..`, a symlinked
    /// folder, a symlinked file, a dangling symlink, a symlink loop, a missing file.
    #[cfg(unix)]
    #[test]
    fn resolves_as_canonicalize_does() {
        let dir = std::env::temp_dir().join(format!("sfcheck-resolve-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(dir.join("real/sub")).unwrap();
        std::fs::write(dir.join("real/sub/a.xml"), "a").unwrap();
        std::os::unix::fs::symlink("real", dir.join("linked")).unwrap();
        std::os::unix::fs::symlink("sub/a.xml", dir.join("real/b.xml")).unwrap();
        std::os::unix::fs::symlink("nowhere", dir.join("real/dangling.xml")).unwrap();
        std::os::unix::fs::symlink("loop.xml", dir.join("real/loop.xml")).unwrap();
        let mut resolver = Resolver::default();
        for path in [
            "real/sub/a.xml",
            "linked/sub/a.xml",
            "real/sub/../sub/a.xml",
            "linked/../real/sub/a.xml",
            "real/b.xml",
            "linked/b.xml",
            "real/dangling.xml",
            "real/loop.xml",
            "real/missing.xml",
            "missing/a.xml",
            "real/sub",
            "real/sub/..",
        ] {
            let path = dir.join(path);
            let expected = std::fs::canonicalize(&path).unwrap_or_else(|_| path.clone());
            assert_eq!(resolver.canonical(&path), expected, "{}", path.display());
        }
        let walked = dir.join("linked/sub/a.xml");
        assert_eq!(
            resolver.regular_file(&walked),
            std::fs::canonicalize(&walked).unwrap()
        );
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
