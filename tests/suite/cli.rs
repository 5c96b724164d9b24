//! The command line as a user meets it: exit codes, output shapes, usage errors.

use assert_cmd::cargo::cargo_bin_cmd;
use predicates::prelude::*;
use serde_json::Value;

// A valid description with real-looking hosts (the bundled example holds placeholders).
const EXAMPLE: &str = "fixtures/valid/deskpro-crm-sync.eca.yaml";

fn sfcheck() -> assert_cmd::Command {
    cargo_bin_cmd!("sfcheck")
}

fn json_of(args: &[&str], stdin: Option<&str>) -> (i32, Value) {
    let mut cmd = sfcheck();
    cmd.args(["--format", "json"]).args(args);
    if let Some(input) = stdin {
        cmd.write_stdin(input);
    }
    let out = cmd.output().unwrap();
    (
        out.status.code().unwrap(),
        serde_json::from_slice(&out.stdout).unwrap(),
    )
}

fn example_with(from: &str, to: &str) -> String {
    let text = std::fs::read_to_string(EXAMPLE).unwrap();
    assert!(text.contains(from), "{from}");
    text.replacen(from, to, 1)
}

#[test]
fn a_valid_description_exits_0_with_a_summary() {
    sfcheck()
        .arg(EXAMPLE)
        .assert()
        .code(0)
        .stdout(predicate::str::contains(
            "✓ 1 file checked, no problems found",
        ));
}

#[test]
fn findings_at_error_level_exit_1_and_warnings_alone_exit_0() {
    let bad = example_with("device: false", "device: true");
    sfcheck().arg("-").write_stdin(bad).assert().code(1);
    let warn = example_with("refreshTokenRotation: false", "refreshTokenRotation: true");
    sfcheck()
        .arg("-")
        .write_stdin(warn)
        .assert()
        .code(0)
        .stdout(predicate::str::contains("0 errors, 1 warning"));
}

#[test]
fn json_has_the_documented_shape() {
    let (status, json) = json_of(
        &["--stdin-filename", "app.eca.yaml", "-"],
        Some(&example_with("device: false", "device: true")),
    );
    assert_eq!(status, 1);
    assert_eq!(json["version"], 1);
    assert_eq!(
        json["summary"],
        serde_json::json!({"files": 1, "errors": 1, "warnings": 0})
    );
    let f = &json["findings"][0];
    for key in [
        "path",
        "code",
        "severity",
        "message",
        "help",
        "pointer",
        "line",
        "column",
        "endLine",
        "endColumn",
    ] {
        assert!(f.get(key).is_some(), "missing {key}");
    }
    assert_eq!(f["path"], "app.eca.yaml");
    assert_eq!(f["code"], "SF205");
    assert_eq!(f["severity"], "error");
    assert_eq!(f["pointer"], "/oauth/flows/device");
    assert_eq!(
        (f["line"].as_u64(), f["column"].as_u64()),
        (Some(16), Some(13))
    );
    assert_eq!(
        (f["endLine"].as_u64(), f["endColumn"].as_u64()),
        (Some(16), Some(17))
    );
    assert!(
        f["help"]
            .as_str()
            .unwrap()
            .contains("untick “Enable Device Flow”")
    );
}

#[test]
fn pointers_name_the_model_field() {
    let text = example_with("    tokenExchange: true\n", "").replacen(
        "[api, web, refresh_token]",
        "[api, refresh_token, full]",
        1,
    );
    let (_, json) = json_of(&["-"], Some(&text));
    let pointers: Vec<(&str, &str)> = json["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| (f["code"].as_str().unwrap(), f["pointer"].as_str().unwrap()))
        .collect();
    assert!(
        pointers.contains(&("SF102", "/oauth/flows/tokenExchange")),
        "{pointers:?}"
    );
    assert!(
        pointers.contains(&("SF204", "/oauth/scopes/2")),
        "{pointers:?}"
    );
    assert!(
        pointers.contains(&("SF203", "/oauth/scopes")),
        "{pointers:?}"
    );
    let (status, json) = json_of(&["-"], Some("a: [\n"));
    assert_eq!(status, 1);
    assert_eq!(json["findings"][0]["pointer"], "");
    assert_eq!(json["findings"][0]["code"], "SF001");
}

#[test]
fn a_secret_is_never_printed() {
    let secret = "9F8E7D6C5B4A3F2E1D0C9B8A7F6E5D4C";
    let valid = format!(
        "{}consumerSecret: {secret}\n",
        std::fs::read_to_string(EXAMPLE).unwrap()
    );
    let broken = format!("consumerSecret: {secret}\noauth: [\n");
    for input in [valid, broken] {
        for format in ["human", "json"] {
            let out = sfcheck()
                .args(["--format", format, "-"])
                .write_stdin(input.clone())
                .output()
                .unwrap();
            assert_eq!(out.status.code(), Some(1));
            let all = format!(
                "{}{}",
                String::from_utf8_lossy(&out.stdout),
                String::from_utf8_lossy(&out.stderr)
            );
            assert!(
                !all.contains(secret) && !all.contains("9F8E7D"),
                "{format}: {all}"
            );
        }
    }
}

#[test]
fn structure_only_and_custom_profiles() {
    let packaged = example_with("distributionState: Local", "distributionState: Packaged");
    sfcheck()
        .args(["--profile", "none", "-"])
        .write_stdin(packaged.clone())
        .assert()
        .code(0);
    let dir = tempdir();
    let profile = dir.join("packaged.schema.json");
    std::fs::write(
        &profile,
        r#"{"$schema": "https://json-schema.org/draft/2020-12/schema", "title": "Packaged apps",
            "properties": {"distributionState": {"const": "Packaged"}}}"#,
    )
    .unwrap();
    let (status, json) = json_of(
        &["--profile", profile.to_str().unwrap(), "-"],
        Some(&std::fs::read_to_string(EXAMPLE).unwrap()),
    );
    assert_eq!(status, 1);
    assert_eq!(json["findings"][0]["code"], "SF200");
    assert_eq!(
        json["findings"][0]["message"],
        "“Distribution State” is `Local`; Packaged apps needs `Packaged`"
    );
}

#[test]
fn a_profile_with_a_remote_ref_is_refused_without_fetching() {
    let dir = tempdir();
    let profile = dir.join("remote.schema.json");
    // A reserved, unroutable address: even an attempt would not reach anyone.
    std::fs::write(
        &profile,
        r#"{"allOf": [{"$ref": "https://192.0.2.1/x.schema.json"}]}"#,
    )
    .unwrap();
    sfcheck()
        .args(["--profile", profile.to_str().unwrap(), EXAMPLE])
        .timeout(std::time::Duration::from_secs(60))
        .assert()
        .code(2)
        .stderr(predicate::str::contains("remote $ref is refused"));
}

#[test]
fn usage_errors_exit_2() {
    sfcheck()
        .args(["--formt", "json", EXAMPLE])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("--format"));
    sfcheck()
        .args(["--profile", "no-such-profile.json", EXAMPLE])
        .assert()
        .code(2);
    sfcheck()
        .args(["--callback-url", "not a url", EXAMPLE])
        .assert()
        .code(2);
    sfcheck().assert().code(2);
    sfcheck().args(["explain", "SF999"]).assert().code(2);
}

#[test]
fn io_failures_exit_3() {
    sfcheck()
        .arg("no-such-file.eca.yaml")
        .assert()
        .code(3)
        .stderr(predicate::str::contains(
            "cannot read `no-such-file.eca.yaml`",
        ));
}

#[test]
fn folders_are_searched_for_descriptions() {
    let (status, json) = json_of(&["fixtures/valid"], None);
    assert_eq!(status, 0);
    assert_eq!(json["summary"]["files"], 1);
}

#[test]
fn explain_rules_and_schema() {
    sfcheck()
        .args(["explain", "SF205"])
        .assert()
        .code(0)
        .stdout(
            predicate::str::contains("# SF205 checkbox-must-be-off")
                .and(predicate::str::contains("## Fix")),
        );
    sfcheck()
        .args(["explain", "leaked-secret"])
        .assert()
        .code(0);
    // A setting: where it lives, from the field table.
    sfcheck()
        .args(["explain", "requirePkce"])
        .assert()
        .code(0)
        .stdout(
            predicate::str::starts_with("# oauth.security.requirePkce\n")
                .and(predicate::str::contains(
                    "Metadata        <isPkceRequired>\n                in ExtlClntAppGlobalOauthSettings",
                ))
                .and(predicate::str::contains("→ Security → “Require PKCE"))
                .and(predicate::str::contains(
                    "When absent     true (Salesforce's documented default)",
                )),
        );
    sfcheck()
        .args(["explain", "no-such-thing"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("no finding code or setting"));
    let out = sfcheck().arg("rules").output().unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    for c in sfcheck::catalogue::ALL {
        assert!(text.contains(c.code), "{}", c.code);
    }
    let out = sfcheck().arg("schema").output().unwrap();
    let schema: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(schema["title"], "Salesforce External Client App");
}

#[test]
fn the_cli_definition_is_consistent() {
    use clap::CommandFactory;
    sfcheck::cli::Cli::command().debug_assert();
}

fn tempdir() -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!(
        "sfcheck-test-{}-{:?}",
        std::process::id(),
        std::thread::current().id()
    ));
    std::fs::create_dir_all(&dir).unwrap();
    dir
}
