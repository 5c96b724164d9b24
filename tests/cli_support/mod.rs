//! Running the real binary as a user does, for the tests of verdicts, messages and
//! outputs. Each test binary uses part of it.
#![allow(dead_code)]

use std::path::{Path, PathBuf};

use assert_cmd::cargo::cargo_bin_cmd;
use serde_json::Value;

pub const VALID: &str = "fixtures/valid/deskpro-crm-sync.eca.yaml";
pub const GOOD_URL: &str = "https://helpdesk.deskpro.com/admin-api/salesforce/auth";
pub const META: &str = "fixtures/metadata/deskpro-valid";
pub const HEADER: &str = "force-app/main/default/externalClientApps/Deskpro_CRM_Sync.eca-meta.xml";
pub const GLOBAL: &str = "force-app/main/default/extlClntAppGlobalOauthSets/Deskpro_CRM_Sync_glbloauth.ecaGlblOauth-meta.xml";

pub fn sfcheck() -> assert_cmd::Command {
    let mut cmd = cargo_bin_cmd!("sfcheck");
    cmd.env_remove("NO_COLOR")
        .env_remove("COLUMNS")
        .env_remove("TERM");
    cmd
}

/// A fresh folder under the target directory, named after the test.
pub fn scratch(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR"))
        .join("verdicts")
        .join(name);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// Copies a folder (the metadata fixtures are small).
pub fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).unwrap();
        }
    }
}

pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

pub fn run(args: &[&str], stdin: Option<&str>) -> Run {
    let mut cmd = sfcheck();
    cmd.args(args);
    if let Some(input) = stdin {
        cmd.write_stdin(input);
    }
    let out = cmd.output().unwrap();
    Run {
        code: out.status.code().unwrap(),
        stdout: String::from_utf8(out.stdout).unwrap(),
        stderr: String::from_utf8(out.stderr).unwrap(),
    }
}

pub fn json_of(args: &[&str], stdin: Option<&str>) -> (i32, Value) {
    let mut all = vec!["--format", "json"];
    all.extend_from_slice(args);
    let r = run(&all, stdin);
    let json = serde_json::from_str(&r.stdout)
        .unwrap_or_else(|e| panic!("not JSON ({e}): {}\n{}", r.stdout, r.stderr));
    (r.code, json)
}

/// Each finding as `CODE@line:column-endLine:endColumn pointer`, in report order.
pub fn findings(json: &Value) -> Vec<String> {
    json["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            format!(
                "{}@{}:{}-{}:{} {}",
                f["code"].as_str().unwrap(),
                f["line"],
                f["column"],
                f["endLine"],
                f["endColumn"],
                f["pointer"].as_str().unwrap()
            )
        })
        .collect()
}

pub fn valid_with(from: &str, to: &str) -> String {
    let text = std::fs::read_to_string(VALID).unwrap();
    assert!(text.contains(from), "{from}");
    text.replacen(from, to, 1)
}
