//! Writing reports, descriptions and imports to files: through a temporary file in the
//! same folder and a rename, so that a reader never sees half a file and a failed write
//! leaves the old file as it was; and never over a file the run reads.

use std::io::Write;
use std::path::{Path, PathBuf};

/// Writes `bytes` to `path` through a temporary file beside it and a rename. An existing
/// file keeps its permissions. The error names the path and, when the folder is missing,
/// says so.
pub fn write(path: &Path, bytes: &[u8]) -> Result<(), String> {
    let fail = |e: std::io::Error| describe(path, &e);
    let folder = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    if !folder.is_dir() {
        return Err(format!(
            "cannot write `{}`: the folder `{}` does not exist",
            path.display(),
            folder.display()
        ));
    }
    let name = path
        .file_name()
        .map_or_else(|| "output".into(), |n| n.to_string_lossy().into_owned());
    let temp = folder.join(format!(".{name}.{}.sfcheck-tmp", std::process::id()));
    let result = (|| {
        let mut file = std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&temp)?;
        file.write_all(bytes)?;
        file.sync_all()?;
        if let Ok(meta) = std::fs::metadata(path) {
            std::fs::set_permissions(&temp, meta.permissions())?;
        }
        std::fs::rename(&temp, path)
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&temp);
    }
    result.map_err(fail)
}

fn describe(path: &Path, e: &std::io::Error) -> String {
    format!("cannot write `{}`: {e}", path.display())
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
        format!(" (`{}`)", input.display())
    };
    format!(
        "`{}` is a file this {run} reads{also}; write to another path",
        output.display()
    )
}
