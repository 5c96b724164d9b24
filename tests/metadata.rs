//! Salesforce DX metadata: every project under `fixtures/metadata/` gives exactly the
//! findings its `expect` file lists (`<file> CODE@line:column`), and checking what
//! `sfcheck import` makes of it gives the same verdicts.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use assert_cmd::cargo::cargo_bin_cmd;
use serde_json::Value;

mod common;

fn cases() -> Vec<PathBuf> {
    let mut dirs: Vec<PathBuf> = std::fs::read_dir("fixtures/metadata")
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    dirs.sort();
    dirs
}

fn check(args: &[&str], stdin: Option<String>) -> (i32, Value) {
    let mut cmd = cargo_bin_cmd!("sfcheck");
    cmd.args(["--format", "json"]).args(args);
    if let Some(s) = stdin {
        cmd.write_stdin(s);
    }
    let out = cmd.output().unwrap();
    (
        out.status.code().unwrap(),
        serde_json::from_slice(&out.stdout).unwrap(),
    )
}

fn rows(json: &Value, base: &str) -> BTreeSet<String> {
    json["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            let path = f["path"].as_str().unwrap();
            format!(
                "{} {}@{}:{}",
                path.strip_prefix(base).unwrap_or(path),
                f["code"].as_str().unwrap(),
                f["line"],
                f["column"]
            )
        })
        .collect()
}

#[test]
fn every_project_gives_exactly_the_expected_findings() {
    let mut failures = Vec::new();
    for dir in cases() {
        let base = format!("{}/", dir.display());
        let (status, json) = check(&[&base], None);
        let expected: BTreeSet<String> = std::fs::read_to_string(dir.join("expect"))
            .unwrap()
            .lines()
            .map(str::to_owned)
            .collect();
        let got = rows(&json, &base);
        failures.extend(common::severity_mismatches(&base, &json));
        if got != expected {
            failures.push(format!(
                "{base}:\n  expected {expected:?}\n  got      {got:?}"
            ));
        }
        let want = if json["summary"]["errors"].as_u64().unwrap() > 0 {
            1
        } else {
            0
        };
        if status != want {
            failures.push(format!("{base}: exit {status}, expected {want}"));
        }
    }
    assert!(failures.is_empty(), "\n{}", failures.join("\n"));
}

#[test]
fn the_compliant_project_is_clean_and_every_metadata_code_is_tripped() {
    let (status, json) = check(&["fixtures/metadata/deskpro-valid"], None);
    assert_eq!(
        (
            status,
            json["summary"]["errors"].as_u64(),
            json["summary"]["warnings"].as_u64()
        ),
        (0, Some(0), Some(0))
    );
    assert_eq!(json["summary"]["files"], 5);
    let all: String = cases()
        .iter()
        .map(|d| std::fs::read_to_string(d.join("expect")).unwrap())
        .collect();
    for code in sfcheck::catalogue::ALL
        .iter()
        .map(|c| c.code)
        .filter(|c| c.starts_with("SF7"))
    {
        assert!(
            all.contains(&format!(" {code}@")),
            "no metadata fixture trips {code}"
        );
    }
}

#[test]
fn one_file_of_an_app_checks_the_whole_app() {
    let dir = "fixtures/metadata/generic-retrieve/";
    let (status, json) = check(
        &[&format!(
            "{dir}force-app/main/default/externalClientApps/ecaViaMetadata.eca-meta.xml"
        )],
        None,
    );
    assert_eq!(status, 1);
    let expected: BTreeSet<String> = std::fs::read_to_string(format!("{dir}expect"))
        .unwrap()
        .lines()
        .map(str::to_owned)
        .collect();
    assert_eq!(rows(&json, dir), expected);
}

#[test]
fn the_consumer_secret_never_appears_in_any_format() {
    let secret = "9F8E7D6C5B4A3F2E1D0C";
    for format in ["human", "compact", "json", "sarif", "github"] {
        let out = cargo_bin_cmd!("sfcheck")
            .args(["--format", format, "fixtures/metadata/consumer-secret"])
            .output()
            .unwrap();
        let all = format!(
            "{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
        assert!(all.contains("SF401"), "{format}");
        assert!(!all.contains(secret), "{format}: {all}");
    }
    let out = cargo_bin_cmd!("sfcheck")
        .args(["import", "fixtures/metadata/consumer-secret"])
        .output()
        .unwrap();
    assert!(!String::from_utf8_lossy(&out.stdout).contains(secret));
}

/// Codes that only metadata can raise (the YAML description has no place for them), and
/// codes about the file's own suppression comments, which an import does not copy.
fn metadata_only(code: &str) -> bool {
    code.starts_with("SF7") || code.starts_with("SF6") || code == "SF401"
}

/// What a check says about the app's fields: (pointer, code) of each finding, with an
/// absent element (SF707) and a missing key (SF102) counted as the same thing.
fn verdicts(json: &Value) -> BTreeSet<(String, String)> {
    json["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| !metadata_only(f["code"].as_str().unwrap()) || f["code"] == "SF707")
        .map(|f| {
            let code = if f["code"] == "SF707" {
                "SF102"
            } else {
                f["code"].as_str().unwrap()
            };
            (f["pointer"].as_str().unwrap().to_owned(), code.to_owned())
        })
        .collect()
}

#[test]
fn checking_the_import_gives_the_same_verdicts() {
    // Projects whose app lacks the global settings (kept out of git, unreadable, or under a
    // suffix the CLI ignores) import as an incomplete description, and say so.
    let incomplete = ["global-missing", "malformed-xml", "wrong-suffix"];
    let mut failures = Vec::new();
    for dir in cases() {
        let name = dir.file_name().unwrap().to_str().unwrap();
        let out = cargo_bin_cmd!("sfcheck")
            .arg("import")
            .arg(&dir)
            .output()
            .unwrap();
        if out.status.code() != Some(0) || incomplete.contains(&name) {
            continue;
        }
        let yaml = String::from_utf8(out.stdout).unwrap();
        let (_, xml) = check(&[dir.to_str().unwrap()], None);
        let (_, imported) = check(&["-"], Some(yaml.clone()));
        if verdicts(&xml) != verdicts(&imported) {
            failures.push(format!(
                "{name}:\n  xml    {:?}\n  import {:?}\n{yaml}",
                verdicts(&xml),
                verdicts(&imported)
            ));
        }
    }
    assert!(failures.is_empty(), "\n{}", failures.join("\n"));
}

#[test]
fn import_writes_files_and_never_overwrites_unasked() {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("import");
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("app.eca.yaml");
    let import = |extra: &[&str]| {
        cargo_bin_cmd!("sfcheck")
            .args([
                "import",
                "fixtures/metadata/deskpro-valid",
                "--output",
                file.to_str().unwrap(),
            ])
            .args(extra)
            .output()
            .unwrap()
            .status
            .code()
    };
    assert_eq!(import(&[]), Some(0));
    cargo_bin_cmd!("sfcheck").arg(&file).assert().code(0);
    assert_eq!(import(&[]), Some(2));
    assert_eq!(import(&["--force"]), Some(0));
}

#[test]
fn a_git_ignored_global_settings_file_on_disk_is_still_read() {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("gitignored-global");
    let _ = std::fs::remove_dir_all(&dir);
    let src = Path::new("fixtures/metadata/deskpro-valid");
    for entry in walk(src) {
        let target = dir.join(entry.strip_prefix(src).unwrap());
        std::fs::create_dir_all(target.parent().unwrap()).unwrap();
        std::fs::copy(&entry, &target).unwrap();
    }
    std::fs::write(dir.join(".gitignore"), "**/*.ecaGlblOauth-meta.xml\n").unwrap();
    let global = dir.join("force-app/main/default/extlClntAppGlobalOauthSets/Deskpro_CRM_Sync_glbloauth.ecaGlblOauth-meta.xml");
    let text = std::fs::read_to_string(&global)
        .unwrap()
        .replace("<isDeviceFlowEnabled>false", "<isDeviceFlowEnabled>true");
    std::fs::write(&global, text).unwrap();
    let (status, json) = check(&[dir.to_str().unwrap()], None);
    assert_eq!(status, 1);
    assert_eq!(json["findings"][0]["code"], "SF205");
    std::fs::remove_file(&global).unwrap();
    let (status, json) = check(&[dir.to_str().unwrap()], None);
    assert_eq!(
        (status, json["findings"][0]["code"].as_str()),
        (0, Some("SF706"))
    );
}

fn walk(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            out.extend(walk(&path));
        } else {
            out.push(path);
        }
    }
    out
}
