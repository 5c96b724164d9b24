//! Every fixture under `fixtures/rules/<CODE>/` runs through the library, in-process, as
//! the binary would run it.
//!
//! A `trip-*` file states the exact findings it must give, in the report's order, as
//! `CODE@line:column-endLine:endColumn/pointer`, on a `# expect:` line at its top (or in a
//! `<file>.expect` beside a file that cannot hold a comment): a finding said twice, or
//! one that points at the wrong place or field, fails. A `pass-*` file must give no finding at all and exit 0. `# args:` (or
//! `<file>.args`) adds command-line arguments.

use std::path::{Path, PathBuf};

use crate::common;
use serde_json::Value;

fn header(path: &Path, key: &str) -> Option<String> {
    let sidecar = PathBuf::from(format!("{}.{key}", path.display()));
    if let Ok(text) = std::fs::read_to_string(&sidecar) {
        return Some(text.trim().to_owned());
    }
    let bytes = std::fs::read(path).ok()?;
    let text = String::from_utf8_lossy(&bytes);
    text.lines()
        .take_while(|l| l.starts_with('#'))
        .find_map(|l| {
            l.strip_prefix(&format!("# {key}:"))
                .map(|v| v.trim().to_owned())
        })
}

fn run(path: &Path) -> (i32, Value) {
    let mut args: Vec<String> = header(path, "args")
        .map(|a| a.split_whitespace().map(str::to_owned).collect())
        .unwrap_or_default();
    args.push(path.display().to_string());
    common::run_json(&args)
}

fn found(json: &Value) -> Vec<String> {
    json["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(common::token)
        .collect()
}

fn fixture_files() -> Vec<(String, PathBuf)> {
    let mut files = Vec::new();
    for dir in std::fs::read_dir("fixtures/rules").unwrap() {
        let dir = dir.unwrap().path();
        let code = dir.file_name().unwrap().to_str().unwrap().to_owned();
        for file in std::fs::read_dir(&dir).unwrap() {
            let file = file.unwrap().path();
            let name = file.file_name().unwrap().to_str().unwrap();
            if name.ends_with(".eca.yaml") {
                files.push((code.clone(), file));
            }
        }
    }
    files.sort();
    files
}

#[test]
fn every_code_has_a_fixture_that_trips_it_and_one_that_does_not() {
    let files = fixture_files();
    for code in sfcheck::catalogue::ALL.iter().map(|c| c.code) {
        if code == sfcheck::check::profile::PROFILE_MISMATCH.code || code.starts_with("SF7") {
            continue; // custom profiles (tests/cli.rs) and metadata (tests/metadata.rs)
        }
        let name = |p: &PathBuf| p.file_name().unwrap().to_str().unwrap().to_owned();
        assert!(
            files
                .iter()
                .any(|(c, p)| c == code && name(p).starts_with("trip-")),
            "no trip fixture for {code}"
        );
        assert!(
            files
                .iter()
                .any(|(c, p)| c == code && name(p).starts_with("pass-")),
            "no pass fixture for {code}"
        );
    }
}

#[test]
fn fixtures_give_exactly_the_expected_findings() {
    // Fixtures with the same arguments run together: one run, findings told apart by path.
    let mut groups: std::collections::BTreeMap<Vec<String>, Vec<(String, PathBuf)>> =
        Default::default();
    for (code, path) in fixture_files() {
        let args = header(&path, "args")
            .map(|a| a.split_whitespace().map(str::to_owned).collect())
            .unwrap_or_default();
        groups.entry(args).or_default().push((code, path));
    }
    let mut failures = Vec::new();
    for (args, files) in groups {
        let mut all = args.clone();
        all.extend(files.iter().map(|(_, p)| p.display().to_string()));
        let (status, json) = common::run_json(&all);
        let mut any_error = false;
        for (code, path) in &files {
            let shown = path.display().to_string();
            let mine: Vec<Value> = json["findings"]
                .as_array()
                .unwrap()
                .iter()
                .filter(|f| f["path"] == shown.as_str())
                .cloned()
                .collect();
            any_error |= mine.iter().any(|f| f["severity"] == "error");
            let json = serde_json::json!({ "findings": mine });
            failures.extend(common::severity_mismatches(&shown, &json));
            failures.extend(check_one(code, path, &found(&json)));
        }
        if status != i32::from(any_error) {
            failures.push(format!(
                "{args:?}: exit {status}, expected {}",
                i32::from(any_error)
            ));
        }
    }
    assert!(failures.is_empty(), "\n{}", failures.join("\n"));
}

/// What is wrong with one fixture's findings: a `pass-*` file has none, a `trip-*` file
/// exactly those its `expect` header lists, naming its own code.
fn check_one(code: &str, path: &Path, got: &[String]) -> Vec<String> {
    let name = path.file_name().unwrap().to_str().unwrap();
    if name.starts_with("pass-") {
        return match got.is_empty() {
            true => Vec::new(),
            false => vec![format!(
                "{}: expected no finding, got {got:?}",
                path.display()
            )],
        };
    }
    let expected: Vec<String> = header(path, "expect")
        .unwrap_or_default()
        .split_whitespace()
        .map(str::to_owned)
        .collect();
    let mut failures = Vec::new();
    if !expected.iter().any(|e| e.starts_with(&format!("{code}@"))) {
        failures.push(format!(
            "{}: the expectation does not name {code}",
            path.display()
        ));
    }
    if got != expected {
        failures.push(format!(
            "{}:\n  expected {expected:?}\n  got      {got:?}",
            path.display()
        ));
    }
    failures
}

#[test]
fn the_valid_fixture_is_clean_and_the_bundled_example_only_holds_placeholders() {
    let (status, json) = run(Path::new("fixtures/valid/deskpro-crm-sync.eca.yaml"));
    assert_eq!(status, 0);
    assert_eq!(json["summary"]["errors"], 0);
    assert_eq!(json["summary"]["warnings"], 0);
    // The example is the template `init` writes: its host and address are to be filled in.
    let (status, json) = run(Path::new("examples/deskpro-crm-sync.eca.yaml"));
    assert_eq!(status, 0);
    assert_eq!(
        found(&json),
        [
            "SF107@5:15-5:32/contactEmail",
            "SF107@9:16-9:70/oauth/callbackUrl"
        ]
    );
}
