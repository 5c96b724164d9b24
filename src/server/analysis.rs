//! Checking open documents through the command line's pipeline: a description alone, a
//! metadata file with the rest of its app (open buffers as typed, the other files from
//! disk), so that a change in one file of an app re-checks all of the app's open files.

use std::collections::HashMap;
use std::path::PathBuf;
use std::rc::Rc;

use lsp_types::{DiagnosticRelatedInformation, Uri};

use super::config::Configs;
use super::documents::{Encoding, Kind, Store};
use super::related;
use crate::document::metadata::{self, MetaApp, MetadataSet};
use crate::finding::{FileReport, Finding, escape_controls};
use crate::load::{self, Loaded};
use crate::settings::Settings;

/// The findings to publish for one open document.
pub struct Checked {
    pub uri: Uri,
    pub findings: Vec<Finding>,
    /// Per finding, the places in other files of its app that it is about.
    pub elsewhere: Vec<Vec<DiagnosticRelatedInformation>>,
}

/// Checks the open document at `uri` and every open document its result depends on or
/// changes (the other open files of a metadata app). Gives the findings per document,
/// and the problems with settings to tell the user.
pub fn check(
    store: &Store,
    configs: &mut Configs,
    uri: &Uri,
    encoding: Encoding,
) -> (Vec<Checked>, Vec<String>) {
    let Some(doc) = store.get(uri) else {
        return (Vec::new(), Vec::new());
    };
    let (settings, problem) = configs.for_file(&doc.path);
    let problems: Vec<String> = problem.into_iter().collect();
    let Some(settings) = settings else {
        return (Vec::new(), problems);
    };
    let checked = match doc.kind {
        Kind::Yaml => {
            let findings = if settings.exclude.matches(&doc.path) {
                Vec::new()
            } else {
                yaml_findings(&settings, &doc.path, &doc.text)
            };
            let elsewhere = vec![Vec::new(); findings.len()];
            vec![Checked {
                uri: uri.clone(),
                findings,
                elsewhere,
            }]
        }
        Kind::Metadata => metadata_checked(store, configs, &settings, encoding),
    };
    (checked, problems)
}

/// The open metadata files of `settings`' config, checked together: each app whole,
/// with the places in its other files that a finding is about.
fn metadata_checked(
    store: &Store,
    configs: &mut Configs,
    settings: &Rc<Settings>,
    encoding: Encoding,
) -> Vec<Checked> {
    let group = app_group(store, configs, settings);
    let set = metadata_set(store, settings, &group);
    let reports = check_metadata(settings, &set);
    let mut checked = Vec::new();
    for path in &group {
        let Some(uri) = store.uri_at(path) else {
            continue;
        };
        let report = reports.iter().find(|(r, _)| r.path == shown(path));
        let text = store.get(&uri).map(|d| &d.text);
        let (findings, elsewhere) = match (report, text) {
            (Some((report, app)), Some(text)) => {
                let findings = shifted(text, located(report));
                let named = path.display().to_string();
                let elsewhere = match app {
                    Some(app) => related::elsewhere(app, &named, &findings, encoding),
                    None => vec![Vec::new(); findings.len()],
                };
                (findings, elsewhere)
            }
            _ => (Vec::new(), Vec::new()),
        };
        checked.push(Checked {
            uri,
            findings,
            elsewhere,
        });
    }
    for path in excluded_metadata(store, settings) {
        if let Some(uri) = store.uri_at(&path) {
            let (findings, elsewhere) = (Vec::new(), Vec::new());
            checked.push(Checked {
                uri,
                findings,
                elsewhere,
            });
        }
    }
    checked
}

/// A description's report, checked as the CLI checks a file's bytes.
fn yaml(settings: &Settings, path: &str, text: &str) -> FileReport {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    match load::decode(text.as_bytes().to_vec(), settings.max_file_size) {
        Loaded::Text(text) => settings.checker.check_yaml(path, &text),
        Loaded::Unusable(finding) => settings.checker.unusable(path, finding),
    }
}

/// The open metadata files checked with `settings` (one config), not excluded: they are
/// read together, so that each app among them is whole.
pub fn app_group(store: &Store, configs: &mut Configs, settings: &Rc<Settings>) -> Vec<PathBuf> {
    let mut paths: Vec<PathBuf> = store
        .iter()
        .filter(|(_, d)| d.kind == Kind::Metadata && !settings.exclude.matches(&d.path))
        .filter(|(_, d)| {
            configs
                .for_file(&d.path)
                .0
                .is_some_and(|s| Rc::ptr_eq(&s, settings))
        })
        .map(|(_, d)| d.path.clone())
        .collect();
    paths.sort();
    paths
}

fn excluded_metadata(store: &Store, settings: &Settings) -> Vec<PathBuf> {
    store
        .iter()
        .filter(|(_, d)| d.kind == Kind::Metadata && settings.exclude.matches(&d.path))
        .map(|(_, d)| d.path.clone())
        .collect()
}

/// The apps of the files `asked`, their open buffers as given, the rest from disk.
pub fn metadata_set(store: &Store, settings: &Settings, asked: &[PathBuf]) -> MetadataSet {
    let given: HashMap<PathBuf, Loaded> = store
        .iter()
        .filter(|(_, d)| d.kind == Kind::Metadata)
        .map(|(_, d)| {
            let text = d.text.strip_prefix('\u{feff}').unwrap_or(&d.text);
            let bytes = text.as_bytes().to_vec();
            (d.path.clone(), load::decode(bytes, settings.max_file_size))
        })
        .collect();
    metadata::read_with(asked, settings.max_file_size, given)
}

/// Every report of a set of apps and files, as the CLI makes them, each with its app.
fn check_metadata<'a>(
    settings: &Settings,
    set: &'a MetadataSet,
) -> Vec<(FileReport, Option<&'a MetaApp>)> {
    let checker = &settings.checker;
    let mut reports: Vec<(FileReport, Option<&MetaApp>)> = set
        .unusable
        .iter()
        .map(|(path, finding)| (checker.unusable(path, finding.clone()), None))
        .collect();
    for app in &set.apps {
        reports.extend(checker.check_app(app).into_iter().map(|r| (r, Some(app))));
    }
    reports.extend(set.lone.iter().map(|lone| (checker.lone(lone), None)));
    reports
}

/// The app of a set that holds the file at `path`.
pub fn app_of<'a>(set: &'a MetadataSet, path: &std::path::Path) -> Option<&'a MetaApp> {
    let named = path.display().to_string();
    set.apps
        .iter()
        .find(|app| app.files.iter().any(|f| f.path == named))
}

/// A path as the pipeline names it, and as a report names it back.
pub fn shown(path: &std::path::Path) -> String {
    escape_controls(&path.display().to_string())
}

fn located(report: &FileReport) -> Vec<Finding> {
    report.findings.iter().map(|l| l.finding.clone()).collect()
}

/// Findings on a text read without its byte-order mark, moved onto the buffer that has
/// it.
pub fn shifted(text: &str, mut findings: Vec<Finding>) -> Vec<Finding> {
    if !text.starts_with('\u{feff}') {
        return findings;
    }
    let by = '\u{feff}'.len_utf8();
    let shift = |r: &mut std::ops::Range<usize>| *r = r.start + by..r.end + by;
    for f in &mut findings {
        shift(&mut f.span);
        f.related.iter_mut().for_each(|l| shift(&mut l.span));
        for e in f.fix.iter_mut().flat_map(|fix| fix.edits.iter_mut()) {
            shift(&mut e.range);
        }
    }
    findings
}

/// Reports of the `yaml` helper as findings on the buffer.
pub fn yaml_findings(settings: &Settings, path: &std::path::Path, text: &str) -> Vec<Finding> {
    shifted(text, located(&yaml(settings, &shown(path), text)))
}
