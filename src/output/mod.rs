//! Every file sfcheck writes (reports, `init`, `import`, `export`, `--fix`) goes through
//! a temporary file in the same folder and a rename, so that a reader never sees half a
//! file and a failed write leaves the old file as it was; and never over a file the run
//! reads. What is not a regular file (`/dev/null`, a pipe, a terminal) is written in
//! place: a rename would put a file where the device was.

use crate::finding::Show;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};

mod interrupt;

/// Writes `bytes` to `path` through a temporary file beside it and a rename.
pub fn write(path: &Path, bytes: &[u8]) -> Result<(), String> {
    let mut pending = Pending::create(path)?;
    pending.write_all(bytes).map_err(|e| describe(path, &e))?;
    pending.commit()
}

/// A file being written: a temporary file beside the target, renamed over it by
/// [`Pending::commit`]. Dropped uncommitted, it is removed and the target is untouched.
pub struct Pending {
    /// The path as the user gave it, for messages.
    shown: PathBuf,
    /// The file replaced: where a symlink points, so that the link stays a link.
    target: PathBuf,
    /// The temporary file; `None` when the target is a device or a pipe, written in place.
    temp: Option<PathBuf>,
    file: Option<std::io::BufWriter<std::fs::File>>,
}

impl Pending {
    /// Opens the temporary file. The error names the path and, when the folder is
    /// missing, says so.
    pub fn create(shown: &Path) -> Result<Self, String> {
        let target = std::fs::canonicalize(shown).unwrap_or_else(|_| shown.to_path_buf());
        let path = target.as_path();
        let meta = std::fs::metadata(path).ok();
        let special = meta.as_ref().is_some_and(|m| !m.is_file() && !m.is_dir());
        if special {
            let file = std::fs::OpenOptions::new()
                .write(true)
                .open(path)
                .map_err(|e| describe(shown, &e))?;
            return Ok(Self {
                shown: shown.to_path_buf(),
                target,
                temp: None,
                file: Some(std::io::BufWriter::new(file)),
            });
        }
        // A link to a file sends the write where the link points: within the link's own
        // folder that is the file the user means (the link stays a link); out of it, it
        // could be anywhere, so it is refused (a link to a device, such as
        // `/dev/stdout`, is written in place above).
        if std::fs::symlink_metadata(shown).is_ok_and(|m| m.file_type().is_symlink())
            && !link_stays_in_its_folder(shown, path)
        {
            return Err(format!(
                "cannot write `{}`: it is a symbolic link to a file outside its folder; sfcheck does not write through it: name the file itself",
                shown.shown()
            ));
        }
        // Root may write a file whose mode says no one may: the mode is the owner's
        // word, so it is kept whoever runs sfcheck.
        if meta.as_ref().is_some_and(|m| m.permissions().readonly()) {
            return Err(format!(
                "cannot write `{}`: it is read-only; it is left as it is",
                shown.shown()
            ));
        }
        let folder = match path.parent() {
            Some(p) if !p.as_os_str().is_empty() => p,
            _ => Path::new("."),
        };
        if !folder.is_dir() {
            return Err(format!(
                "cannot write `{}`: the folder `{}` does not exist",
                shown.shown(),
                folder.shown()
            ));
        }
        // A short name, whatever the target's: a target near the file system's name
        // length limit still gets a temporary file beside it.
        static COUNT: AtomicUsize = AtomicUsize::new(0);
        let n = COUNT.fetch_add(1, Ordering::Relaxed);
        let temp = folder.join(format!(".sfcheck-{}-{n}.tmp", std::process::id()));
        interrupt::register(&temp);
        let file = std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&temp)
            .map_err(|e| {
                interrupt::unregister(&temp);
                describe(shown, &e)
            })?;
        Ok(Self {
            shown: shown.to_path_buf(),
            target: path.to_path_buf(),
            temp: Some(temp),
            file: Some(std::io::BufWriter::new(file)),
        })
    }

    /// Puts the written file in place of the target; an existing target keeps its
    /// permissions. A device or pipe gets what is still buffered.
    pub fn commit(mut self) -> Result<(), String> {
        let result = (|| {
            let Some(temp) = &self.temp else {
                return match self.file.take() {
                    Some(file) => file.into_inner().map(drop).map_err(|e| e.into_error()),
                    None => Ok(()),
                };
            };
            if let Some(file) = self.file.take() {
                file.into_inner().map_err(|e| e.into_error())?.sync_all()?;
            }
            if let Ok(meta) = std::fs::metadata(&self.target) {
                keep_owner(temp, &meta);
                std::fs::set_permissions(temp, meta.permissions())?;
            }
            std::fs::rename(temp, &self.target)
        })();
        result.map_err(|e| describe(&self.shown, &e))
    }
}

impl Write for Pending {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        match &mut self.file {
            Some(file) => file.write(buf),
            None => Ok(0),
        }
    }

    fn flush(&mut self) -> std::io::Result<()> {
        match &mut self.file {
            Some(file) => file.flush(),
            None => Ok(()),
        }
    }
}

impl Drop for Pending {
    fn drop(&mut self) {
        // Committed, the temporary file is the target now; otherwise it goes.
        if let Some(temp) = &self.temp {
            if temp.exists() {
                let _ = std::fs::remove_file(temp);
            }
            interrupt::unregister(temp);
        }
    }
}

/// Whether the link `shown`, resolved to `target`, points into the folder it is in.
fn link_stays_in_its_folder(shown: &Path, target: &Path) -> bool {
    let folder = match shown.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    std::fs::canonicalize(folder).is_ok_and(|folder| target.starts_with(folder))
}

/// Gives the new file the replaced one's owner and group, where this user may (root, or
/// the owner keeping their own group); elsewhere the new file is the writer's, as with
/// any editor that saves through a rename.
#[cfg(unix)]
fn keep_owner(temp: &Path, meta: &std::fs::Metadata) {
    use std::os::unix::fs::MetadataExt;
    let _ = std::os::unix::fs::chown(temp, Some(meta.uid()), Some(meta.gid()));
}

#[cfg(not(unix))]
fn keep_owner(_: &Path, _: &std::fs::Metadata) {}

fn describe(path: &Path, e: &std::io::Error) -> String {
    format!("cannot write `{}`: {e}", path.shown())
}

/// The input among `inputs` that `output` names (the same file by whatever path, links
/// included), if any: writing there would replace what was read with the report.
pub fn names_an_input<'a>(
    output: &Path,
    inputs: impl IntoIterator<Item = &'a Path>,
) -> Option<PathBuf> {
    if !output.exists() {
        return None;
    }
    inputs
        .into_iter()
        .find(|p| same_file::is_same_file(output, p).unwrap_or(false))
        .map(Path::to_path_buf)
}

/// Why an output that names an input is refused, naming the input once.
pub fn refusal(output: &Path, input: &Path, run: &str) -> String {
    let also = if output == input {
        String::new()
    } else {
        format!(" (`{}`)", input.shown())
    };
    format!(
        "`{}` is a file this {run} reads{also}; write to another path",
        output.shown()
    )
}
