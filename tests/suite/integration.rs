//! Running where users run it: machine formats, config, output files, init, folders.

use std::path::{Path, PathBuf};

use assert_cmd::cargo::cargo_bin_cmd;
use predicates::prelude::*;
use serde_json::Value;

// A valid description with real-looking hosts (the bundled example holds placeholders).
const EXAMPLE: &str = "fixtures/valid/deskpro-crm-sync.eca.yaml";

fn sfcheck() -> assert_cmd::Command {
    cargo_bin_cmd!("sfcheck")
}

/// A fresh folder under the target directory, named after the test.
fn scratch(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR"))
        .join("integration")
        .join(name);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn example_with(from: &str, to: &str) -> String {
    std::fs::read_to_string(EXAMPLE)
        .unwrap()
        .replacen(from, to, 1)
}

#[test]
fn compact_is_one_line_per_finding() {
    sfcheck()
        .args(["--format", "compact", "fixtures/rules/SF101/trip-typo.eca.yaml"])
        .assert()
        .code(1)
        .stdout(
            "fixtures/rules/SF101/trip-typo.eca.yaml:8:3: error[SF101] unknown key `callbackURL` under `oauth`: did you mean `callbackUrl`, which is missing?\n",
        );
}

#[test]
fn github_annotations_escape_their_separators() {
    let out = sfcheck()
        .args([
            "--format",
            "github",
            "--stdin-filename",
            "a,b:c.eca.yaml",
            "-",
        ])
        .write_stdin(example_with("device: false", "device: true"))
        .output()
        .unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    assert_eq!(text.lines().count(), 1, "{text}");
    assert!(
        text.starts_with("::error file=a%2Cb%3Ac.eca.yaml,line=16,col=13,endLine=16,endColumn=17,title=sfcheck SF205 checkbox-must-be-off::“Enable Device Flow” is ticked"),
        "{text}"
    );
    assert!(
        text.contains("%0A%0AIn Setup"),
        "help follows the message: {text}"
    );
}

#[test]
fn sarif_points_at_the_findings() {
    let out = sfcheck()
        .args([
            "--format",
            "sarif",
            "fixtures/rules/SF205/trip-device.eca.yaml",
            "fixtures/rules/SF207/trip-rotation-on.eca.yaml",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let log: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(log["version"], "2.1.0");
    let run = &log["runs"][0];
    let rules = run["tool"]["driver"]["rules"].as_array().unwrap();
    assert_eq!(rules.len(), sfcheck::catalogue::ALL.len());
    for rule in rules {
        for key in ["id", "shortDescription", "fullDescription", "help"] {
            assert!(rule.get(key).is_some(), "{key} in {rule}");
        }
    }
    // Tags as code scanning filters them: security rules say so, and the leaked secret
    // has a gravity.
    let tagged: Vec<(&str, String, &Value)> = rules
        .iter()
        .filter(|r| r["properties"]["tags"] != serde_json::json!(["salesforce"]))
        .map(|r| {
            (
                r["id"].as_str().unwrap(),
                r["properties"]["tags"].to_string(),
                &r["properties"]["security-severity"],
            )
        })
        .collect();
    let security = r#"["salesforce","security"]"#.to_owned();
    assert_eq!(
        tagged,
        [
            ("SF204", security.clone(), &Value::Null),
            ("SF205", security.clone(), &Value::Null),
            ("SF302", security.clone(), &Value::Null),
            ("SF401", security, &Value::from("8.0")),
        ]
    );
    let results = run["results"].as_array().unwrap();
    let places: Vec<(String, String, u64, u64, u64)> = results
        .iter()
        .map(|r| {
            let loc = &r["locations"][0]["physicalLocation"];
            (
                r["ruleId"].as_str().unwrap().to_owned(),
                r["level"].as_str().unwrap().to_owned(),
                loc["region"]["startLine"].as_u64().unwrap(),
                loc["region"]["startColumn"].as_u64().unwrap(),
                loc["region"]["endColumn"].as_u64().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        places,
        [
            ("SF205".into(), "error".into(), 15, 13, 17),
            ("SF207".into(), "warning".into(), 23, 27, 31)
        ]
    );
    assert_eq!(
        results[0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
        "fixtures/rules/SF205/trip-device.eca.yaml"
    );
    assert!(results[0]["partialFingerprints"]["sfcheckFinding/v1"].is_string());
}

#[test]
fn output_goes_to_a_file() {
    let dir = scratch("output");
    let report = dir.join("report.json");
    sfcheck()
        .args([
            "--format",
            "json",
            "--output",
            report.to_str().unwrap(),
            "fixtures/rules/SF205/trip-device.eca.yaml",
        ])
        .assert()
        .code(1)
        .stdout("");
    let json: Value = serde_json::from_str(&std::fs::read_to_string(report).unwrap()).unwrap();
    assert_eq!(json["summary"]["errors"], 1);
}

#[test]
fn fail_level_quiet_and_colour() {
    let warn = example_with("refreshTokenRotation: false", "refreshTokenRotation: true");
    sfcheck()
        .args(["--fail-level", "warning", "-"])
        .write_stdin(warn.clone())
        .assert()
        .code(1);
    sfcheck()
        .args(["--quiet", EXAMPLE])
        .assert()
        .code(0)
        .stdout("");
    sfcheck()
        .args(["--color", "always", "-"])
        .write_stdin(warn.clone())
        .assert()
        .stdout(predicate::str::contains("\u{1b}["));
    sfcheck()
        .args(["--color", "never", "-"])
        .write_stdin(warn)
        .assert()
        .stdout(predicate::str::contains("\u{1b}[").not());
}

#[test]
fn config_file_is_found_upwards_and_flags_override_it() {
    let dir = scratch("config");
    let nested = dir.join("apps/team");
    std::fs::create_dir_all(&nested).unwrap();
    std::fs::write(
        dir.join("sfcheck.toml"),
        "callback_url = \"https://support.acme.com/admin-api/salesforce/auth\"\nexclude = [\"apps/legacy\"]\n\n[severity]\nSF207 = \"error\"\n",
    )
    .unwrap();
    std::fs::write(
        nested.join("app.eca.yaml"),
        example_with("refreshTokenRotation: false", "refreshTokenRotation: true"),
    )
    .unwrap();
    std::fs::create_dir_all(dir.join("apps/legacy")).unwrap();
    std::fs::write(dir.join("apps/legacy/old.eca.yaml"), "not: [valid\n").unwrap();
    let out = sfcheck()
        .current_dir(&nested)
        .args(["--format", "json", "../.."])
        .output()
        .unwrap();
    let json: Value = serde_json::from_slice(&out.stdout).unwrap();
    let codes: Vec<(&str, &str)> = json["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| (f["code"].as_str().unwrap(), f["severity"].as_str().unwrap()))
        .collect();
    assert_eq!(
        json["summary"]["files"], 1,
        "the excluded folder is skipped"
    );
    assert_eq!(codes, [("SF305", "error"), ("SF207", "error")]);
    // The flag wins over the config's callback URL.
    let out = sfcheck()
        .current_dir(&nested)
        .args([
            "--format",
            "json",
            "--callback-url",
            "https://helpdesk.deskpro.com/admin-api/salesforce/auth",
            "app.eca.yaml",
        ])
        .output()
        .unwrap();
    let json: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json["findings"].as_array().unwrap().len(), 1);
    sfcheck()
        .current_dir(&nested)
        .args(["--no-config", "app.eca.yaml"])
        .assert()
        .code(0);
}

#[test]
fn a_bad_config_is_a_usage_error() {
    let dir = scratch("bad-config");
    for (text, says) in [
        ("profle = \"none\"\n", "unknown field `profle`"),
        ("[severity]\nSF999 = \"off\"\n", "unknown code `SF999`"),
        ("[severity]\nSF207 = \"loud\"\n", "unknown variant `loud`"),
        ("callback_url = [\n", "not valid"),
    ] {
        std::fs::write(dir.join("sfcheck.toml"), text).unwrap();
        sfcheck()
            .current_dir(&dir)
            .arg(Path::new(env!("CARGO_MANIFEST_DIR")).join(EXAMPLE))
            .assert()
            .code(2)
            .stderr(predicate::str::contains(says));
    }
}

#[test]
fn folders_skip_gitignored_and_globs_expand() {
    let dir = scratch("walk");
    std::fs::create_dir_all(dir.join("a/b")).unwrap();
    std::fs::create_dir_all(dir.join("ignored")).unwrap();
    std::fs::write(dir.join(".gitignore"), "ignored/\n").unwrap();
    let good = std::fs::read_to_string(EXAMPLE).unwrap();
    std::fs::write(dir.join("a/one.eca.yaml"), &good).unwrap();
    std::fs::write(dir.join("a/b/two.eca.yml"), &good).unwrap();
    std::fs::write(dir.join("a/notes.yaml"), "not a description").unwrap();
    std::fs::write(dir.join("ignored/bad.eca.yaml"), "x: [").unwrap();
    let files = |args: &[&str]| -> Vec<String> {
        let out = sfcheck()
            .current_dir(&dir)
            .args(["--format", "json", "--no-config"])
            .args(args)
            .output()
            .unwrap();
        let json: Value = serde_json::from_slice(&out.stdout).unwrap();
        assert_eq!(out.status.code(), Some(0), "{json}");
        vec![json["summary"]["files"].to_string()]
    };
    assert_eq!(files(&["."]), ["2"]);
    assert_eq!(files(&["a/**/*.eca.yml"]), ["1"]);
    sfcheck()
        .current_dir(&dir)
        .args(["--no-config", "nothing/*.eca.yaml"])
        .assert()
        .code(3);
}

#[test]
fn init_writes_a_valid_description_and_never_overwrites_unasked() {
    let dir = scratch("init");
    let file = dir.join("app.eca.yaml");
    let url = "https://support.acme.com/admin-api/salesforce/auth";
    sfcheck()
        .args(["init", file.to_str().unwrap(), "--callback-url", url])
        .assert()
        .code(0);
    sfcheck()
        .args(["--callback-url", url, file.to_str().unwrap()])
        .assert()
        .code(0);
    std::fs::write(&file, "mine").unwrap();
    sfcheck()
        .args(["init", file.to_str().unwrap()])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("--force"));
    assert_eq!(std::fs::read_to_string(&file).unwrap(), "mine");
    sfcheck()
        .args(["init", "--force", file.to_str().unwrap()])
        .assert()
        .code(0);
    sfcheck().arg(file.to_str().unwrap()).assert().code(0);
    sfcheck()
        .args(["init", "-"])
        .assert()
        .code(0)
        .stdout(predicate::str::contains("name: Deskpro_CRM_Sync"));
}

#[test]
fn completions_for_a_shell() {
    sfcheck()
        .args(["completions", "bash"])
        .assert()
        .code(0)
        .stdout(predicate::str::contains("sfcheck"));
}
