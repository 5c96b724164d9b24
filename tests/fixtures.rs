//! Every fixture under `fixtures/rules/<CODE>/` runs through the real binary.
//!
//! A `trip-*` file states the exact findings it must give, as `CODE@line:column`, on a
//! `# expect:` line at its top (or in a `<file>.expect` beside a file that cannot hold a
//! comment). A `pass-*` file must give no finding at all and exit 0. `# args:` (or
//! `<file>.args`) adds command-line arguments.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use assert_cmd::cargo::cargo_bin_cmd;

mod common;
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
    let mut cmd = cargo_bin_cmd!("sfcheck");
    if let Some(args) = header(path, "args") {
        cmd.args(args.split_whitespace());
    }
    let output = cmd.arg("--format").arg("json").arg(path).output().unwrap();
    let json: Value = serde_json::from_slice(&output.stdout).unwrap_or_else(|e| {
        panic!(
            "{}: not JSON ({e}): {}",
            path.display(),
            String::from_utf8_lossy(&output.stderr)
        )
    });
    (output.status.code().unwrap(), json)
}

fn found(json: &Value) -> BTreeSet<String> {
    json["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            format!(
                "{}@{}:{}",
                f["code"].as_str().unwrap(),
                f["line"],
                f["column"]
            )
        })
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
    let mut failures = Vec::new();
    for (code, path) in fixture_files() {
        let name = path.file_name().unwrap().to_str().unwrap();
        let (status, json) = run(&path);
        let got = found(&json);
        failures.extend(common::severity_mismatches(
            &path.display().to_string(),
            &json,
        ));
        if name.starts_with("pass-") {
            if status != 0 || !got.is_empty() {
                failures.push(format!(
                    "{}: expected no finding, got {got:?} (exit {status})",
                    path.display()
                ));
            }
            continue;
        }
        let expected: BTreeSet<String> = header(&path, "expect")
            .unwrap_or_default()
            .split_whitespace()
            .map(str::to_owned)
            .collect();
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
        let errors = json["summary"]["errors"].as_u64().unwrap();
        let want_status = if errors > 0 { 1 } else { 0 };
        if status != want_status {
            failures.push(format!(
                "{}: exit {status}, expected {want_status}",
                path.display()
            ));
        }
    }
    assert!(failures.is_empty(), "\n{}", failures.join("\n"));
}

#[test]
fn valid_fixtures_and_the_bundled_example_are_clean() {
    for path in [
        "fixtures/valid/deskpro-crm-sync.eca.yaml",
        "examples/deskpro-crm-sync.eca.yaml",
    ] {
        let (status, json) = run(Path::new(path));
        assert_eq!(status, 0, "{path}");
        assert_eq!(json["summary"]["errors"], 0, "{path}");
        assert_eq!(json["summary"]["warnings"], 0, "{path}");
    }
}
