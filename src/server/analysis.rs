//! Checking open documents through the command line's pipeline: a description alone, a
//! metadata file with the rest of its app (open buffers as typed, the other files from
//! disk), so that a change in one file of an app re-checks all of the app's open files.

use std::collections::HashMap;
use std::path::PathBuf;
use std::rc::Rc;

use lsp_types::Uri;

use super::config::Configs;
use super::documents::{Kind, Store};
use crate::document::metadata::{self, MetaApp, MetadataSet};
use crate::finding::{FileReport, Finding, escape_controls};
use crate::load::{self, Loaded};
use crate::settings::Settings;

/// The findings to publish for one open document.
pub struct Checked {
    pub uri: Uri,
    pub findings: Vec<Finding>,
}

/// Checks the open document at `uri` and every open document its result depends on or
/// changes (the other open files of a metadata app). Gives the findings per document,
/// and the problems with settings to tell the user.
pub fn check(store: &Store, configs: &mut Configs, uri: &Uri) -> (Vec<Checked>, Vec<String>) {
    let Some(doc) = store.get(uri) else {
        return (Vec::new(), Vec::new());
    };
    let (settings, problem) = configs.for_file(&doc.path);
    let problems: Vec<String> = problem.into_iter().collect();
    let Some(settings) = settings else {
        return (Vec::new(), problems);
    };
    let checked = match doc.kind {
        Kind::Yaml => vec![Checked {
            uri: uri.clone(),
            findings: if settings.exclude.matches(&doc.path) {
                Vec::new()
            } else {
                yaml_findings(&settings, &doc.path, &doc.text)
            },
        }],
        Kind::Metadata => {
            let group = app_group(store, configs, &settings);
            let reports = check_metadata(&settings, &metadata_set(store, &settings, &group));
            group
                .iter()
                .map(|path| {
                    let uri = store.uri_at(path);
                    let report = reports.iter().find(|r| r.path == shown(path));
                    let text = uri.as_ref().and_then(|u| store.get(u)).map(|d| &d.text);
                    let findings = match (report, text) {
                        (Some(r), Some(text)) => shifted(text, located(r)),
                        _ => Vec::new(),
                    };
                    (uri, findings)
                })
                .chain(
                    excluded_metadata(store, &settings)
                        .into_iter()
                        .map(|p| (store.uri_at(&p), Vec::new())),
                )
                .filter_map(|(uri, findings)| {
                    Some(Checked {
                        uri: uri?,
                        findings,
                    })
                })
                .collect()
        }
    };
    (checked, problems)
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

/// Every report of a set of apps and files, as the CLI makes them.
fn check_metadata(settings: &Settings, set: &MetadataSet) -> Vec<FileReport> {
    let checker = &settings.checker;
    let mut reports: Vec<FileReport> = set
        .unusable
        .iter()
        .map(|(path, finding)| checker.unusable(path, finding.clone()))
        .collect();
    reports.extend(set.apps.iter().flat_map(|app| checker.check_app(app)));
    reports.extend(set.lone.iter().map(|lone| checker.lone(lone)));
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
