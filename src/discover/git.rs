//! What git tracks below a folder: `.gitignore` describes untracked files, so a tracked
//! description it matches (perhaps added by the same pull request) is still checked.

use std::io::Read;
use std::path::{Component, Path, PathBuf};
use std::process::{Command, Stdio};

/// How much of `git ls-files`' answer is read: a work tree of a million files names
/// fewer bytes than this.
const MAX_LISTING: u64 = 256 << 20;

/// The files git tracks below `root`, as paths that start with `root` like the walk's,
/// but for those inside hidden folders (which no walk enters) and those that are not a
/// regular file on disk (deleted, symlinks, submodules). `None` when `root` is not in a
/// git work tree or git cannot be run: then only the walk counts, as without git.
pub fn tracked(root: &Path) -> Option<Vec<PathBuf>> {
    // No child process where there is no repository: most folders outside one.
    let absolute = std::path::absolute(root).ok()?;
    if !absolute.ancestors().any(|a| a.join(".git").exists()) {
        return None;
    }
    let mut child = Command::new("git")
        .args(["ls-files", "-z", "--cached"])
        .arg("--")
        .arg(".")
        .current_dir(root)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .ok()?;
    let mut listing = Vec::new();
    let read = child
        .stdout
        .take()
        .map(|out| out.take(MAX_LISTING).read_to_end(&mut listing));
    let status = child.wait().ok()?;
    if !status.success() || !matches!(read, Some(Ok(_))) {
        return None;
    }
    // Paths come relative to `root`, the child's working folder.
    let files = listing
        .split(|&b| b == 0)
        .filter(|name| !name.is_empty())
        .filter_map(|name| {
            let below = Path::new(name_of(name)?);
            let hidden = below.components().any(|c| match c {
                Component::Normal(part) => part.to_string_lossy().starts_with('.'),
                _ => true,
            });
            let path = root.join(below);
            let regular = std::fs::symlink_metadata(&path).is_ok_and(|m| m.is_file());
            (!hidden && regular).then_some(path)
        })
        .collect();
    Some(files)
}

/// A file name as git gives it, in bytes: any bytes on Unix, UTF-8 elsewhere.
#[cfg(unix)]
fn name_of(bytes: &[u8]) -> Option<&std::ffi::OsStr> {
    Some(std::os::unix::ffi::OsStrExt::from_bytes(bytes))
}

#[cfg(not(unix))]
fn name_of(bytes: &[u8]) -> Option<&std::ffi::OsStr> {
    std::str::from_utf8(bytes).ok().map(std::ffi::OsStr::new)
}
