//! `sfcheck.toml`: settings a project keeps next to its descriptions. Found by walking up
//! from the working directory, or given with `--config`. Flags override it.

use crate::finding::Show;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::finding::Severity;

/// The file name looked for.
pub const FILE_NAME: &str = "sfcheck.toml";

/// A severity override: a code can be raised, lowered or turned off.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Level {
    Error,
    Warning,
    Off,
}

impl Level {
    /// The severity this level gives a finding, or `None` to drop it.
    pub fn severity(self) -> Option<Severity> {
        match self {
            Level::Error => Some(Severity::Error),
            Level::Warning => Some(Severity::Warning),
            Level::Off => None,
        }
    }
}

/// The contents of `sfcheck.toml`.
#[derive(Debug, Default, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Config {
    /// A built-in profile name, `none`, or a schema file (relative to the config file).
    pub profile: Option<String>,
    /// The exact callback URL the app must have.
    pub callback_url: Option<String>,
    /// Globs of paths not to check, relative to the config file.
    #[serde(default)]
    pub exclude: Vec<String>,
    /// The file size limit in bytes.
    pub max_file_size: Option<u64>,
    /// The lowest severity that fails the run: `error` (default) or `warning`.
    pub fail_level: Option<String>,
    /// Severity per code: `error`, `warning` or `off`.
    #[serde(default)]
    pub severity: BTreeMap<String, Level>,
}

/// A config file and the folder its relative paths start from.
#[derive(Debug, Clone, Default)]
pub struct Loaded {
    pub config: Config,
    pub dir: PathBuf,
    pub path: Option<PathBuf>,
}

/// Loads `explicit`, or the nearest `sfcheck.toml` in `start` (relative to the working
/// directory) or a folder above it, or nothing. Errors are usage errors (exit 2).
pub fn load_from(explicit: Option<&Path>, start: &Path) -> Result<Loaded, String> {
    let path = match explicit {
        Some(p) => Some(p.to_path_buf()),
        None if start.is_absolute() => find_upwards(start),
        None => find_upwards(
            &std::env::current_dir()
                .map_err(|e| e.to_string())?
                .join(start),
        ),
    };
    let Some(path) = path else {
        return Ok(Loaded {
            dir: PathBuf::from("."),
            ..Loaded::default()
        });
    };
    // A config is a few lines; 1 MiB is generous.
    let text = crate::load::read_settings_file(&path, 1024 * 1024, "config")?;
    let config: Config = toml::from_str(&text).map_err(|e| invalid(&path, &text, &e))?;
    for code in config.severity.keys() {
        if crate::catalogue::find(code).is_none() {
            return Err(format!(
                "config `{}`: [severity] names unknown code `{code}`; `sfcheck rules` lists them",
                path.shown()
            ));
        }
    }
    if let Some(size) = config.max_file_size
        && size > crate::load::MAX_MAX_FILE_SIZE
    {
        return Err(format!(
            "config `{}`: max_file_size must be at most {} (1 GiB), not {size}",
            path.shown(),
            crate::load::MAX_MAX_FILE_SIZE
        ));
    }
    if let Some(level) = &config.fail_level
        && !matches!(level.as_str(), "error" | "warning")
    {
        return Err(format!(
            "config `{}`: fail_level must be \"error\" or \"warning\", not \"{level}\"",
            path.shown()
        ));
    }
    let dir = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."))
        .to_path_buf();
    Ok(Loaded {
        config,
        dir,
        path: Some(path),
    })
}

/// Why a config does not parse, at its line and column, without the line itself: the file
/// may not be a config at all (`--config .env`), and its text must not reach a log.
fn invalid(path: &Path, text: &str, e: &toml::de::Error) -> String {
    let at = e
        .span()
        .map(|span| {
            let before = text.get(..span.start).unwrap_or(text);
            let line = before.matches('\n').count() + 1;
            let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
            format!(" at line {line}, column {column}")
        })
        .unwrap_or_default();
    // toml's own message names keys and expected tokens, but can quote a value: only its
    // first line, escaped, with any secret-looking run of it left out by the guard.
    let why = e.message().lines().next().unwrap_or_default();
    format!(
        "config `{}` is not valid{at}: {}",
        path.shown(),
        why.shown()
    )
}

fn find_upwards(start: &Path) -> Option<PathBuf> {
    start
        .ancestors()
        .map(|dir| dir.join(FILE_NAME))
        .find(|p| p.is_file())
}
