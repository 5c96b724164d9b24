//! What a run uses: what the user asked for (flags, or a language client's options),
//! then the nearest `sfcheck.toml`, then defaults. Every front end resolves its settings
//! here and gets the one compiled [`Checker`] it keeps for its run or its lifetime.

use std::path::{Path, PathBuf};

use crate::check::profile::{self, ProfileChoice};
use crate::check::{Checker, expected_callback};
use crate::cli::{CheckArgs, FailLevel};
use crate::finding::Severity;
use crate::{config, discover, load};

/// Which `sfcheck.toml` to read.
#[derive(Debug, Clone)]
pub enum ConfigChoice {
    /// The nearest one in this folder or above it.
    Nearest(PathBuf),
    /// This file (`--config`).
    File(PathBuf),
    /// None (`--no-config`).
    Ignore,
}

/// What the user asked for before any config is read; each `None` leaves the choice to
/// the config, then to the default.
#[derive(Debug, Clone)]
pub struct Asked {
    pub profile: Option<String>,
    pub callback_url: Option<String>,
    pub config: ConfigChoice,
    pub fail_level: Option<FailLevel>,
    pub max_file_size: Option<u64>,
}

impl Asked {
    /// What a check run's flags ask for; the nearest config is searched for from the
    /// working directory.
    pub fn from_args(args: &CheckArgs) -> Self {
        let config = match (&args.config, args.no_config) {
            (_, true) => ConfigChoice::Ignore,
            (Some(path), false) => ConfigChoice::File(path.clone()),
            (None, false) => ConfigChoice::Nearest(PathBuf::from(".")),
        };
        Self {
            profile: args.profile.clone(),
            callback_url: args.callback_url.clone(),
            config,
            fail_level: args.fail_level,
            max_file_size: args.max_file_size,
        }
    }
}

/// What a run uses, flags first, then `sfcheck.toml`, then defaults.
pub struct Settings {
    pub checker: Checker,
    pub exclude: discover::Exclude,
    pub max_file_size: u64,
    pub fail_level: Severity,
}

impl Settings {
    pub fn resolve(args: &Asked) -> Result<Self, String> {
        Self::resolve_with(args, false, |_| ()).map(|(settings, ())| settings)
    }

    /// Like [`Settings::resolve`], running `meanwhile` with the config's `exclude` too:
    /// `parallel`, on the thread pool while the schemas compile (start-up's longest
    /// step). Errors come as they would one after the other: the settings' first.
    pub fn resolve_with<T: Send>(
        args: &Asked,
        parallel: bool,
        meanwhile: impl FnOnce(&discover::Exclude) -> T + Send,
    ) -> Result<(Self, T), String> {
        let loaded = match &args.config {
            ConfigChoice::Ignore => config::Loaded::default(),
            ConfigChoice::File(path) => config::load_from(Some(path), Path::new("."))?,
            ConfigChoice::Nearest(start) => config::load_from(None, start)?,
        };
        let cfg = &loaded.config;
        let profile_choice = match (&args.profile, &cfg.profile) {
            (Some(flag), _) => ProfileChoice::parse(flag),
            // A profile file named in the config is relative to the config file.
            (None, Some(value)) => match ProfileChoice::parse(value) {
                ProfileChoice::File(p) if p.is_relative() => {
                    ProfileChoice::File(loaded.dir.join(p))
                }
                other => other,
            },
            (None, None) => ProfileChoice::Builtin(profile::DEFAULT_PROFILE.into()),
        };
        let profile = profile::load(&profile_choice)?;
        let given = match (&args.callback_url, &cfg.callback_url) {
            (Some(flag), _) => Some(("--callback-url", flag.as_str())),
            (None, Some(value)) => Some(("callback_url in the config", value.as_str())),
            (None, None) => None,
        };
        let expected = given
            .map(|(whence, u)| expected_callback::parse(u).map_err(|e| format!("{whence}: {e}")))
            .transpose()?;
        let exclude = discover::Exclude::new(&cfg.exclude, &loaded.dir);
        let compile = || Checker::new(profile.as_ref(), expected, cfg.severity.clone());
        let (checker, done) = match &exclude {
            Ok(exclude) if parallel => {
                let (checker, done) = rayon::join(compile, || meanwhile(exclude));
                (checker, Ok(done))
            }
            _ => (compile(), Err(meanwhile)),
        };
        let checker = checker?;
        if let Some((whence, u)) = given {
            expected_callback::vet(&checker, u).map_err(|e| format!("{whence}: {e}"))?;
        }
        let fail_level = match (args.fail_level, cfg.fail_level.as_deref()) {
            (Some(FailLevel::Warning), _) | (None, Some("warning")) => Severity::Warning,
            _ => Severity::Error,
        };
        let exclude = exclude?;
        let done = done.unwrap_or_else(|meanwhile| meanwhile(&exclude));
        let settings = Self {
            checker,
            exclude,
            max_file_size: args
                .max_file_size
                .or(cfg.max_file_size)
                .unwrap_or(load::DEFAULT_MAX_FILE_SIZE),
            fail_level,
        };
        Ok((settings, done))
    }
}
