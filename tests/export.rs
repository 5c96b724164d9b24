//! `sfcheck export`: the files it writes read back as the same app (both round trips,
//! over every fixture), it refuses what it must, and the exported example project is
//! the reviewed snapshot. That the real `sf` CLI accepts the files is checked by
//! `scripts/sf-export-test.sh`.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use assert_cmd::cargo::cargo_bin_cmd;
use serde_json::Value;
use sfcheck::check::Checker;
use sfcheck::document::metadata;
use sfcheck::document::{Limits, emit, yaml};
use sfcheck::finding::Severity;

const EXAMPLE: &str = "examples/deskpro-crm-sync.eca.yaml";

fn scratch(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR"))
        .join("export")
        .join(name);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn yaml_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            yaml_files(&path, out);
        } else if path.to_string_lossy().ends_with(".eca.yaml") {
            out.push(path);
        }
    }
}

/// Whether a description checks without errors under `--profile none`.
fn valid(checker: &Checker, text: &str) -> bool {
    checker
        .check_yaml("x.eca.yaml", text)
        .count(Severity::Error)
        == 0
}

/// The settings of every app under `dir`, as `import` reads them (the secret aside).
fn import(dir: &Path) -> Vec<Value> {
    let files = sfcheck::discover::metadata_files(dir).unwrap();
    let set = metadata::read(&files, 1 << 20).unwrap();
    set.apps
        .iter()
        .map(|app| {
            let mut value = app.build(&app.sources()).document.value;
            value.as_object_mut().unwrap().remove("consumerSecret");
            value
        })
        .collect()
}

/// Exports `value` into a fresh package folder and reads it back.
fn export_then_import(value: &Value, name: &str) -> Vec<Value> {
    let dir = scratch(name);
    for file in sfcheck::export::files(value).unwrap() {
        let path = dir.join(&file.path);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, file.text).unwrap();
    }
    import(&dir)
}

/// The settings, comments and layout aside: no `$schema`, and text as metadata keeps
/// it (the reader trims element text, so a PEM block's final newline goes).
fn settings(value: &Value) -> Value {
    match value {
        Value::Object(map) => Value::Object(
            map.iter()
                .filter(|(k, _)| *k != "$schema")
                .map(|(k, v)| (k.clone(), settings(v)))
                .collect(),
        ),
        Value::Array(items) => Value::Array(items.iter().map(settings).collect()),
        Value::String(s) => Value::String(s.trim().to_owned()),
        other => other.clone(),
    }
}

#[test]
fn import_of_export_gives_back_every_valid_description() {
    let checker = Checker::new(None, None, BTreeMap::new()).unwrap();
    let mut paths = vec![PathBuf::from(EXAMPLE)];
    yaml_files(Path::new("fixtures"), &mut paths);
    let mut checked = 0;
    let mut failures = Vec::new();
    for path in &paths {
        let Ok(text) = std::fs::read_to_string(path) else {
            continue; // not UTF-8: a hostile fixture
        };
        if !valid(&checker, &text) {
            continue;
        }
        checked += 1;
        let mut y = yaml::parse(&text, Limits::default()).0.unwrap().value;
        // Configure ID token with no ID token setting: export writes Salesforce's
        // documented validity, the one setting an `<idTokenConfig>` must hold to count.
        if y["oauth"]["configureIdToken"] == true && y["oauth"].get("idToken").is_none() {
            y["oauth"]["idToken"] = serde_json::json!({"validityMinutes": 2});
        }
        // A list of one callback URL is one line in metadata, read back as the URL.
        if let Some([one]) = y["oauth"]["callbackUrl"].as_array().map(Vec::as_slice) {
            y["oauth"]["callbackUrl"] = one.clone();
        }
        let back = export_then_import(&y, "import-of-export");
        if back != [settings(&y)] {
            failures.push(format!(
                "{}:\n  gave {back:?}\n  want {:?}",
                path.display(),
                settings(&y)
            ));
        }
    }
    assert!(failures.is_empty(), "\n{}", failures.join("\n"));
    // Every fixture that checks clean under `--profile none`: the pass cases of each
    // rule and the valid description, not a handful.
    assert!(
        checked >= 40,
        "only {checked} valid descriptions were found"
    );
}

#[test]
fn export_of_import_gives_back_every_fixture_project() {
    let checker = Checker::new(None, None, BTreeMap::new()).unwrap();
    let mut round_tripped = Vec::new();
    let mut refused = Vec::new();
    let mut failures = Vec::new();
    let mut dirs: Vec<PathBuf> = std::fs::read_dir("fixtures/metadata")
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    dirs.sort();
    for dir in dirs {
        let name = dir.file_name().unwrap().to_string_lossy().into_owned();
        for x in import(&dir) {
            // What `sfcheck import` writes, checked as `export` checks it.
            if !valid(&checker, &emit::to_yaml(&x)) {
                refused.push(name.clone());
                continue;
            }
            let back = export_then_import(&x, "export-of-import");
            if back != [x.clone()] {
                failures.push(format!("{name}:\n  gave {back:?}\n  want {x:?}"));
            }
            round_tripped.push(name.clone());
        }
    }
    assert!(failures.is_empty(), "\n{}", failures.join("\n"));
    // A project whose description has errors under `--profile none` is refused, not
    // exported; which ones those are is part of the contract.
    assert_eq!(round_tripped, ROUND_TRIPPED, "refused: {refused:?}");
    assert_eq!(refused, REFUSED);
}

const ROUND_TRIPPED: &[&str] = &[
    "consumer-secret",
    "deskpro-valid",
    "generic-retrieve",
    "oauth-names-as-scopes",
    "oauth-off",
    "org-specific-and-rotation",
    "orphan",
    "suppressed-in-xml",
    "two-headers",
    "unknown-element",
    "wrong-folder",
    "wrong-root",
];

/// Flags left out with no documented default (SF707) or no global settings file: the
/// description misses required settings. `not-a-boolean`, `packageable`: wrong values.
/// `several-callback-urls`: an `http` URL (SF302). The rest: a file that does not read.
const REFUSED: &[&str] = &[
    "absent-elements",
    "global-missing",
    "malformed-xml",
    "not-a-boolean",
    "packageable",
    "several-callback-urls",
    "wrong-suffix",
];
