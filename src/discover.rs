//! Turning the paths on the command line into the list of files to check.

use std::path::{Path, PathBuf};

/// Whether a file name is a YAML description (`*.eca.yaml` or `*.eca.yml`).
pub fn is_description(path: &Path) -> bool {
    path.file_name()
        .and_then(|n| n.to_str())
        .is_some_and(|n| n.ends_with(".eca.yaml") || n.ends_with(".eca.yml"))
}

/// Expands folders into the descriptions they hold (recursively, sorted, skipping hidden
/// folders); files and `-` are kept as given. Errors name the path that failed.
pub fn expand(paths: &[PathBuf]) -> Result<Vec<PathBuf>, (PathBuf, std::io::Error)> {
    let mut files = Vec::new();
    for path in paths {
        if path.as_os_str() != "-" && path.is_dir() {
            walk(path, &mut files)?;
        } else {
            files.push(path.clone());
        }
    }
    Ok(files)
}

fn walk(root: &Path, files: &mut Vec<PathBuf>) -> Result<(), (PathBuf, std::io::Error)> {
    let mut found = Vec::new();
    let mut todo = vec![root.to_path_buf()];
    while let Some(dir) = todo.pop() {
        let entries = std::fs::read_dir(&dir).map_err(|e| (dir.clone(), e))?;
        for entry in entries {
            let entry = entry.map_err(|e| (dir.clone(), e))?;
            let path = entry.path();
            let hidden = entry
                .file_name()
                .to_str()
                .is_some_and(|n| n.starts_with('.'));
            // file_type() does not follow symlinks, so a symlink loop is never walked.
            let Ok(kind) = entry.file_type() else {
                continue;
            };
            if kind.is_dir() {
                if !hidden {
                    todo.push(path);
                }
            } else if is_description(&path) {
                found.push(path);
            }
        }
    }
    found.sort();
    files.extend(found);
    Ok(())
}
