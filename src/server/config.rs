//! Settings per document, as the command line resolves them: the nearest `sfcheck.toml`
//! of the file, with the client's initialization options over it. Each config's checker
//! is compiled once and kept until the config changes.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::rc::Rc;

use crate::settings::{Asked, ConfigChoice, Settings};

/// What the client's initialization options may set.
#[derive(Debug, Default, Clone, serde::Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Options {
    pub profile: Option<String>,
    pub callback_url: Option<String>,
}

/// A config file found (`None`: none), or the folder of one that does not load.
type Key = (Option<PathBuf>, Option<PathBuf>);

/// The settings in force, by config file.
pub struct Configs {
    options: Options,
    by_config: HashMap<Key, Rc<Settings>>,
    /// Problems already said, so that each is said once.
    said: HashSet<String>,
}

impl Configs {
    pub fn new(options: Options) -> Self {
        Self {
            options,
            by_config: HashMap::new(),
            said: HashSet::new(),
        }
    }

    /// Forgets every compiled config (one changed on disk).
    pub fn reload(&mut self) {
        self.by_config.clear();
        self.said.clear();
    }

    /// The settings for the file at `path`, and a problem to tell the user once: a bad
    /// config or option falls back to what still works, never to no checking at all.
    /// `None` only if not even the built-in defaults compile.
    pub fn for_file(&mut self, path: &Path) -> (Option<Rc<Settings>>, Option<String>) {
        let folder = path.parent().unwrap_or(Path::new("/")).to_path_buf();
        // A config that does not load is kept apart from "no config", by its folder.
        let key = match crate::config::load_from(None, &folder) {
            Ok(loaded) => (loaded.path, None),
            Err(_) => (None, Some(folder.clone())),
        };
        if let Some(settings) = self.by_config.get(&key) {
            return (Some(settings.clone()), None);
        }
        let asked = Asked {
            profile: self.options.profile.clone(),
            callback_url: self.options.callback_url.clone(),
            config: ConfigChoice::Nearest(folder),
            fail_level: None,
            max_file_size: None,
        };
        let (settings, problem) = match Settings::resolve(&asked) {
            Err(problem) => {
                let fallback = Asked {
                    config: ConfigChoice::Ignore,
                    ..asked.clone()
                };
                let plain = Asked {
                    profile: None,
                    callback_url: None,
                    ..fallback.clone()
                };
                let settings = Settings::resolve(&fallback).or_else(|_| Settings::resolve(&plain));
                (settings.ok(), Some(problem))
            }
            Ok(settings) => (Some(settings), None),
        };
        let settings = settings.map(|settings| {
            let settings = Rc::new(Settings {
                checker: settings.checker.fixing(),
                ..settings
            });
            self.by_config.insert(key, settings.clone());
            settings
        });
        let problem = problem
            .filter(|p| self.said.insert(p.clone()))
            .map(|p| format!("sfcheck: {}", crate::finding::escape_controls(&p)));
        (settings, problem)
    }
}
