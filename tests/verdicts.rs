//! Every verdict right, no silent pass, no misleading word: the command line as a new user
//! meets it, one test (or more) per case.

use std::path::{Path, PathBuf};

use assert_cmd::cargo::cargo_bin_cmd;
use predicates::prelude::*;
use serde_json::{Value, json};

const VALID: &str = "fixtures/valid/deskpro-crm-sync.eca.yaml";
const GOOD_URL: &str = "https://helpdesk.deskpro.com/admin-api/salesforce/auth";
const META: &str = "fixtures/metadata/deskpro-valid";
const HEADER: &str = "force-app/main/default/externalClientApps/Deskpro_CRM_Sync.eca-meta.xml";
const GLOBAL: &str = "force-app/main/default/extlClntAppGlobalOauthSets/Deskpro_CRM_Sync_glbloauth.ecaGlblOauth-meta.xml";

fn sfcheck() -> assert_cmd::Command {
    let mut cmd = cargo_bin_cmd!("sfcheck");
    cmd.env_remove("NO_COLOR")
        .env_remove("COLUMNS")
        .env_remove("TERM");
    cmd
}

/// A fresh folder under the target directory, named after the test.
fn scratch(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR"))
        .join("verdicts")
        .join(name);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// Copies a folder (the metadata fixtures are small).
fn copy_dir(from: &Path, to: &Path) {
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

struct Run {
    code: i32,
    stdout: String,
    stderr: String,
}

fn run(args: &[&str], stdin: Option<&str>) -> Run {
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

fn json_of(args: &[&str], stdin: Option<&str>) -> (i32, Value) {
    let mut all = vec!["--format", "json"];
    all.extend_from_slice(args);
    let r = run(&all, stdin);
    let json = serde_json::from_str(&r.stdout)
        .unwrap_or_else(|e| panic!("not JSON ({e}): {}\n{}", r.stdout, r.stderr));
    (r.code, json)
}

/// Each finding as `CODE@line:column-endLine:endColumn pointer`, in report order.
fn findings(json: &Value) -> Vec<String> {
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

fn valid_with(from: &str, to: &str) -> String {
    let text = std::fs::read_to_string(VALID).unwrap();
    assert!(text.contains(from), "{from}");
    text.replacen(from, to, 1)
}

// 1. A given callback URL the profile cannot accept is a usage error that says why.

#[test]
fn a_callback_url_flag_the_profile_rejects_is_a_usage_error() {
    for (url, why) in [
        ("http://x", "SF302"),
        (
            "http://helpdesk.deskpro.com/admin-api/salesforce/auth",
            "SF302",
        ),
        (
            "https://helpdesk.deskpro.com/admin-api/salesforce/auth/",
            "SF304",
        ),
        ("https://helpdesk.deskpro.com/callback", "SF304"),
        (
            "https://helpdesk.deskpro.com/admin-api/salesforce/auth?x=1",
            "SF303",
        ),
        ("not a url", "not a URL"),
    ] {
        let r = run(&["--callback-url", url, VALID], None);
        assert_eq!(r.code, 2, "{url}: {}", r.stderr);
        assert!(r.stderr.contains("--callback-url"), "{url}: {}", r.stderr);
        assert!(r.stderr.contains(why), "{url}: {}", r.stderr);
        assert_eq!(r.stdout, "", "{url}: nothing is checked");
    }
    let r = run(&["--callback-url", GOOD_URL, VALID], None);
    assert_eq!(r.code, 0, "{}", r.stderr);
}

#[test]
fn a_callback_url_in_the_config_the_profile_rejects_is_a_usage_error() {
    let dir = scratch("config-callback");
    std::fs::write(
        dir.join("sfcheck.toml"),
        "callback_url = \"https://helpdesk.deskpro.com/admin-api/salesforce/auth/\"\n",
    )
    .unwrap();
    std::fs::copy(VALID, dir.join("app.eca.yaml")).unwrap();
    let out = sfcheck()
        .current_dir(&dir)
        .arg("app.eca.yaml")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(stderr.contains("callback_url in the config"), "{stderr}");
    assert!(stderr.contains("SF304"), "{stderr}");
}

#[test]
fn init_refuses_a_callback_url_its_starter_would_fail_and_writes_one_that_passes() {
    for url in [
        "http://x",
        "https://helpdesk.deskpro.com/admin-api/salesforce/auth/",
        "https://helpdesk.deskpro.com/admin-api/salesforce/auth?x=1",
    ] {
        let r = run(&["init", "--callback-url", url, "-"], None);
        assert_eq!(r.code, 2, "{url}");
        assert_eq!(r.stdout, "", "{url}");
    }
    let starter = run(&["init", "--callback-url", GOOD_URL, "-"], None);
    assert_eq!(starter.code, 0);
    let (code, json) = json_of(&["--callback-url", GOOD_URL, "-"], Some(&starter.stdout));
    assert_eq!(code, 0);
    // Only the contact address is left to fill in.
    assert_eq!(findings(&json), ["SF107@4:15-4:32 /contactEmail"]);
}

// 2. One finding per distinct problem on a field.

#[test]
fn each_missing_scope_is_a_finding_of_its_own() {
    let text = valid_with("scopes: [api, web, refresh_token]", "scopes: [full]");
    let (code, json) = json_of(&["-"], Some(&text));
    assert_eq!(code, 1);
    assert_eq!(
        findings(&json),
        [
            "SF203@10:11-10:17 /oauth/scopes",
            "SF203@10:11-10:17 /oauth/scopes",
            "SF203@10:11-10:17 /oauth/scopes",
            "SF204@10:12-10:16 /oauth/scopes/0"
        ]
    );
    let messages: Vec<&str> = json["findings"]
        .as_array()
        .unwrap()
        .iter()
        .take(3)
        .map(|f| f["message"].as_str().unwrap())
        .collect();
    for (message, scope) in messages.iter().zip(["`api`", "`web`", "`refresh_token`"]) {
        assert!(message.contains(scope), "{message}");
    }
    // Code scanning keeps them apart too.
    let r = run(&["--format", "sarif", "-"], Some(&text));
    let sarif: Value = serde_json::from_str(&r.stdout).unwrap();
    let prints: std::collections::BTreeSet<String> = sarif["runs"][0]["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["partialFingerprints"]["sfcheckFinding/v1"].to_string())
        .collect();
    assert_eq!(prints.len(), 4);
}

// 3. refresh_token and offline_access are one UI scope.

#[test]
fn refresh_token_with_offline_access_is_a_duplicate_scope() {
    let text = valid_with(
        "scopes: [api, web, refresh_token]",
        "scopes: [api, web, refresh_token, offline_access]",
    );
    let (code, json) = json_of(&["-"], Some(&text));
    assert_eq!(code, 0);
    assert_eq!(findings(&json), ["SF106@10:37-10:51 /oauth/scopes/3"]);
    let f = &json["findings"][0];
    assert_eq!(f["severity"], "warning");
    assert!(
        f["message"].as_str().unwrap().contains("`refresh_token`"),
        "{f}"
    );
}

#[test]
fn names_setup_shows_as_one_scope_are_a_duplicate() {
    let text = valid_with(
        "scopes: [api, web, refresh_token]",
        "scopes: [api, id, profile]",
    );
    let (code, json) = json_of(&["--profile", "none", "-"], Some(&text));
    assert_eq!(code, 0);
    assert_eq!(findings(&json), ["SF106@10:21-10:28 /oauth/scopes/2"]);
}

// 4. A misspelt key is said once.

#[test]
fn a_misspelt_key_is_one_finding() {
    let text = valid_with("contactEmail:", "contactEmial:");
    let (code, json) = json_of(&["-"], Some(&text));
    assert_eq!(code, 1);
    assert_eq!(findings(&json), ["SF101@5:1-5:13 /contactEmial"]);
    assert_eq!(
        json["findings"][0]["message"],
        "unknown key `contactEmial` at the top level: did you mean `contactEmail`, which is missing?"
    );
    let text = valid_with("    device: false", "    devise: false");
    let (_, json) = json_of(&["-"], Some(&text));
    assert_eq!(findings(&json), ["SF101@16:5-16:11 /oauth/flows/devise"]);
    // With the right key there too, the misspelt one is only extra.
    let text = valid_with("    device: false", "    device: false\n    devise: false");
    let (_, json) = json_of(&["-"], Some(&text));
    assert_eq!(findings(&json), ["SF101@17:5-17:11 /oauth/flows/devise"]);
    assert_eq!(
        json["findings"][0]["message"],
        "unknown key `devise` under `oauth.flows`"
    );
}

// 5. Placeholders are a warning.

#[test]
fn the_starter_warns_about_its_placeholders() {
    let starter = run(&["init", "-"], None);
    assert_eq!(starter.code, 0);
    let (code, json) = json_of(&["-"], Some(&starter.stdout));
    assert_eq!(code, 0);
    assert_eq!(
        findings(&json),
        [
            "SF107@4:15-4:32 /contactEmail",
            "SF107@8:16-8:70 /oauth/callbackUrl"
        ]
    );
    for f in json["findings"].as_array().unwrap() {
        assert_eq!(f["severity"], "warning");
        assert!(f["help"].as_str().unwrap().starts_with("Put in the"), "{f}");
    }
}

#[test]
fn placeholders_in_metadata_are_found_where_they_are_written() {
    let dir = scratch("metadata-placeholder");
    copy_dir(Path::new(META), &dir);
    let global = dir.join(GLOBAL);
    let text = std::fs::read_to_string(&global)
        .unwrap()
        .replace("helpdesk.deskpro.com", "helpdesk.example.com");
    std::fs::write(&global, text).unwrap();
    let (code, json) = json_of(&[dir.to_str().unwrap()], None);
    assert_eq!(code, 0);
    assert_eq!(findings(&json), ["SF107@3:18-3:72 /oauth/callbackUrl"]);
    assert!(
        json["findings"][0]["path"]
            .as_str()
            .unwrap()
            .ends_with(".ecaGlblOauth-meta.xml")
    );
}

// 6. No tick when a path failed; the reports carry it.

#[test]
fn a_path_that_cannot_be_read_is_no_pass_in_any_format() {
    let r = run(&["nosuchfile.eca.yaml"], None);
    assert_eq!(r.code, 3);
    assert!(!r.stdout.contains('✓'), "{}", r.stdout);
    assert_eq!(
        r.stdout,
        "✗ not checked: `nosuchfile.eca.yaml`; 0 files checked\n"
    );
    let r = run(&["nosuchfile.eca.yaml", VALID], None);
    assert_eq!(r.code, 3);
    assert_eq!(
        r.stdout,
        "✗ not checked: `nosuchfile.eca.yaml`; 1 file checked, no problems found\n"
    );
    assert!(
        r.stderr
            .contains("cannot read `nosuchfile.eca.yaml`: No such file"),
        "{}",
        r.stderr
    );
    let (code, json) = json_of(&["nosuchfile.eca.yaml", VALID], None);
    assert_eq!(code, 3);
    assert_eq!(json["summary"]["files"], 1);
    assert_eq!(json["notChecked"][0]["path"], "nosuchfile.eca.yaml");
    assert_eq!(json["notChecked"].as_array().unwrap().len(), 1);
    let r = run(&["--format", "sarif", "nosuchfile.eca.yaml", VALID], None);
    assert_eq!(r.code, 3);
    let sarif: Value = serde_json::from_str(&r.stdout).unwrap();
    let invocation = &sarif["runs"][0]["invocations"][0];
    assert_eq!(invocation["executionSuccessful"], false);
    let notes = invocation["toolExecutionNotifications"].as_array().unwrap();
    assert_eq!(notes.len(), 1);
    assert_eq!(notes[0]["level"], "error");
    assert_eq!(
        notes[0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
        "nosuchfile.eca.yaml"
    );
    let r = run(&["--format", "github", "nosuchfile.eca.yaml"], None);
    assert!(
        r.stdout
            .starts_with("::error file=nosuchfile.eca.yaml,title=sfcheck::"),
        "{}",
        r.stdout
    );
    // A clean run keeps its tick and says it succeeded.
    let r = run(&["--format", "sarif", VALID], None);
    let sarif: Value = serde_json::from_str(&r.stdout).unwrap();
    assert_eq!(
        sarif["runs"][0]["invocations"][0]["executionSuccessful"],
        true
    );
}

// 7. Nothing checked is not a pass.

#[test]
fn a_folder_or_glob_with_nothing_to_check_is_no_pass() {
    let dir = scratch("nothing-to-check");
    std::fs::create_dir_all(dir.join("empty")).unwrap();
    std::fs::create_dir_all(dir.join("near-misses")).unwrap();
    std::fs::write(dir.join("near-misses/app.yaml"), "name: x\n").unwrap();
    std::fs::write(dir.join("near-misses/app.eca.YAML"), "name: x\n").unwrap();
    for arg in [
        "empty",
        "near-misses",
        "*.nomatch.eca.yaml",
        "nowhere/*.eca.yaml",
    ] {
        let out = sfcheck().current_dir(&dir).arg(arg).output().unwrap();
        assert_eq!(out.status.code(), Some(3), "{arg}");
        let stdout = String::from_utf8(out.stdout).unwrap();
        let stderr = String::from_utf8(out.stderr).unwrap();
        assert_eq!(stdout, format!("✗ not checked: `{arg}`; 0 files checked\n"));
        assert!(
            stderr.contains(&format!("nothing to check in `{arg}`")),
            "{stderr}"
        );
    }
}

#[test]
fn a_named_file_the_config_excludes_says_so() {
    let dir = scratch("excluded-named");
    std::fs::write(dir.join("sfcheck.toml"), "exclude = [\"legacy\"]\n").unwrap();
    std::fs::create_dir_all(dir.join("legacy")).unwrap();
    std::fs::write(dir.join("legacy/old.eca.yaml"), "x: [").unwrap();
    let out = sfcheck()
        .current_dir(&dir)
        .arg("legacy/old.eca.yaml")
        .output()
        .unwrap();
    // A pre-commit hook names staged files one by one: an excluded one must not fail it.
    assert_eq!(out.status.code(), Some(0));
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert_eq!(
        stderr,
        "note: `legacy/old.eca.yaml` is not checked: the config's `exclude` names it\n"
    );
    assert_eq!(String::from_utf8(out.stdout).unwrap(), "0 files checked\n");
    // A folder whose every file is excluded has nothing to check.
    let out = sfcheck().current_dir(&dir).arg("legacy").output().unwrap();
    assert_eq!(out.status.code(), Some(3));
}

// 8. Mistyped subcommands.

#[test]
fn a_mistyped_subcommand_is_a_usage_error_with_a_suggestion() {
    for (args, meant) in [
        (&["explian", "SF205"][..], "explain"),
        (&["completion", "bash"][..], "completions"),
        (&["rule"][..], "rules"),
    ] {
        let r = run(args, None);
        assert_eq!(r.code, 2, "{args:?}");
        assert!(
            r.stderr.contains(&format!("did you mean `{meant}`?")),
            "{args:?}: {}",
            r.stderr
        );
        assert_eq!(r.stdout, "");
    }
    // A file of that name is a file.
    let dir = scratch("subcommand-file");
    std::fs::copy(VALID, dir.join("explian")).unwrap();
    let out = sfcheck().current_dir(&dir).arg("explian").output().unwrap();
    assert_eq!(out.status.code(), Some(0));
}

// 9. Never break inside code or URLs.

#[test]
fn help_is_never_broken_inside_a_url_or_code() {
    let r = run(
        &[
            "--color",
            "never",
            "--callback-url",
            "https://support.acme.com/admin-api/salesforce/auth",
            "fixtures/rules/SF305/trip-other-host.eca.yaml",
        ],
        None,
    );
    assert_eq!(r.code, 1);
    assert!(
        r.stdout
            .contains("`https://support.acme.com/admin-api/salesforce/auth`"),
        "{}",
        r.stdout
    );
    let r = run(
        &["--color", "never", "fixtures/metadata/generic-retrieve"],
        None,
    );
    for code in [
        "`<isConsumerSecretOptional>true</isConsumerSecretOptional>`",
        "`<isTokenExchangeEnabled>true</isTokenExchangeEnabled>`",
    ] {
        assert!(r.stdout.contains(code), "{code}:\n{}", r.stdout);
    }
    for line in r.stdout.lines() {
        assert!(
            !line.ends_with("admin-") && !line.ends_with("</"),
            "broken line: {line}"
        );
    }
}

// 10 and hostile-input 13. Writes through a temporary file; never over an input.

#[test]
fn an_output_that_names_an_input_is_refused() {
    let dir = scratch("output-is-input");
    let app = dir.join("app.eca.yaml");
    std::fs::copy(VALID, &app).unwrap();
    let before = std::fs::read(&app).unwrap();
    for (output, inputs) in [
        ("app.eca.yaml", vec!["app.eca.yaml"]),
        ("./app.eca.yaml", vec!["."]),
        ("app.eca.yaml", vec!["*.eca.yaml"]),
    ] {
        let out = sfcheck()
            .current_dir(&dir)
            .args(["--format", "json", "-o", output])
            .args(&inputs)
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(2), "{output} {inputs:?}");
        let stderr = String::from_utf8(out.stderr).unwrap();
        assert!(stderr.contains("a file this run reads"), "{stderr}");
        assert_eq!(std::fs::read(&app).unwrap(), before, "{output} {inputs:?}");
    }
    // A satellite of the app named is read too.
    let meta = dir.join("meta");
    copy_dir(Path::new(META), &meta);
    let global = meta.join(GLOBAL);
    let before = std::fs::read(&global).unwrap();
    sfcheck()
        .args(["-o", global.to_str().unwrap()])
        .arg(meta.join(HEADER))
        .assert()
        .code(2);
    assert_eq!(std::fs::read(&global).unwrap(), before);
    sfcheck()
        .args(["import", meta.to_str().unwrap(), "--force", "-o"])
        .arg(meta.join(HEADER))
        .assert()
        .code(2)
        .stderr(predicate::str::contains("a file this import reads"));
    assert!(
        std::fs::read_to_string(meta.join(HEADER))
            .unwrap()
            .starts_with("<?xml")
    );
}

#[test]
fn reports_and_imports_replace_files_whole_and_leave_no_temporary_file() {
    let dir = scratch("atomic-writes");
    let report = dir.join("report.json");
    std::fs::write(
        &report,
        "old report that is longer than the new one ".repeat(100),
    )
    .unwrap();
    sfcheck()
        .args(["--format", "json", "-o", report.to_str().unwrap(), VALID])
        .assert()
        .code(0);
    let written: Value = serde_json::from_str(&std::fs::read_to_string(&report).unwrap()).unwrap();
    assert_eq!(written["summary"]["files"], 1);
    let imported = dir.join("app.eca.yaml");
    sfcheck()
        .args(["import", META, "-o", imported.to_str().unwrap()])
        .assert()
        .code(0);
    sfcheck().arg(&imported).assert().code(0);
    let names: Vec<String> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    let mut sorted = names.clone();
    sorted.sort();
    assert_eq!(sorted, ["app.eca.yaml", "report.json"]);
    // A folder in the way: the error names it, and nothing is left behind.
    let blocked = dir.join("blocked.json");
    std::fs::create_dir_all(blocked.join("inside")).unwrap();
    sfcheck()
        .args(["--format", "json", "-o", blocked.to_str().unwrap(), VALID])
        .assert()
        .code(3)
        .stderr(predicate::str::contains("cannot write"));
    assert!(blocked.join("inside").is_dir());
    assert_eq!(std::fs::read_dir(&dir).unwrap().count(), 3);
}

// 11. The name decides the reader.

#[test]
fn standard_input_named_as_metadata_is_read_as_metadata() {
    let header = std::fs::read_to_string(Path::new(META).join(HEADER)).unwrap();
    let (code, json) = json_of(&["--stdin-filename", "X.eca-meta.xml", "-"], Some(&header));
    assert_eq!(code, 1);
    let codes: Vec<&str> = json["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["code"].as_str().unwrap())
        .collect();
    assert_eq!(codes, ["SF102", "SF706"]);
    assert_eq!(json["findings"][0]["path"], "X.eca-meta.xml");
    // Named as a file of a project, the rest of its app is read from disk.
    let path = Path::new(META).join(HEADER);
    let edited = header.replace(
        "<distributionState>Local</distributionState>",
        "<distributionState>Packaged</distributionState>",
    );
    assert_ne!(edited, header);
    let (code, json) = json_of(
        &["--stdin-filename", path.to_str().unwrap(), "-"],
        Some(&edited),
    );
    assert_eq!(code, 1);
    let f = &json["findings"].as_array().unwrap();
    assert_eq!(f.len(), 1, "{json}");
    assert_eq!(f[0]["code"], "SF201");
    assert_eq!(f[0]["path"], path.to_str().unwrap());
}

// 12. Messages that say what is wrong, and where.

#[test]
fn utf16_is_named() {
    let (code, json) = json_of(&["fixtures/hostile/utf16.eca.yaml"], None);
    assert_eq!(code, 1);
    let f = &json["findings"][0];
    assert_eq!(f["code"], "SF007");
    assert!(f["message"].as_str().unwrap().contains("UTF-16"), "{f}");
    assert!(
        f["help"]
            .as_str()
            .unwrap()
            .starts_with("UTF-16: save it as UTF-8"),
        "{f}"
    );
}

#[test]
fn init_into_a_missing_folder_names_the_path() {
    let dir = scratch("init-missing-folder");
    let out = sfcheck()
        .current_dir(&dir)
        .args(["init", "sub/dir/app.eca.yaml"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(3));
    assert_eq!(
        String::from_utf8(out.stderr).unwrap(),
        "error: cannot write `sub/dir/app.eca.yaml`: the folder `sub/dir` does not exist\n"
    );
}

#[test]
fn an_unknown_profile_lists_the_built_in_ones() {
    let r = run(&["--profile", "deskpro", VALID], None);
    assert_eq!(r.code, 2);
    assert!(
        r.stderr.contains("did you mean `deskpro-crm-sync`?"),
        "{}",
        r.stderr
    );
    assert!(
        r.stderr
            .contains("the built-in profiles are `deskpro-crm-sync`, `none`"),
        "{}",
        r.stderr
    );
}

#[test]
fn import_of_a_missing_folder_names_it_once() {
    let r = run(&["import", "/nonexistent-sfcheck-folder"], None);
    assert_eq!(r.code, 3);
    assert_eq!(
        r.stderr,
        "error: cannot read `/nonexistent-sfcheck-folder`: No such file or directory (os error 2)\n"
    );
}

// 13. Both places of a duplicate key in every machine format.

#[test]
fn a_duplicate_key_carries_the_other_place_in_json_and_sarif() {
    let file = "fixtures/rules/SF002/trip-duplicate-checkbox.eca.yaml";
    let (_, json) = json_of(&[file], None);
    assert_eq!(findings(&json), ["SF002@8:3-8:10 /oauth/enabled"]);
    assert_eq!(
        json["findings"][0]["related"],
        json!([{"message": "first written here", "line": 7, "column": 3, "endLine": 7, "endColumn": 10}])
    );
    let r = run(&["--format", "sarif", file], None);
    let sarif: Value = serde_json::from_str(&r.stdout).unwrap();
    let result = &sarif["runs"][0]["results"][0];
    assert_eq!(
        result["relatedLocations"],
        json!([{
            "id": 1,
            "message": {"text": "first written here"},
            "physicalLocation": {
                "artifactLocation": {"uri": file},
                "region": {"startLine": 7, "startColumn": 3, "endLine": 7, "endColumn": 10}
            }
        }])
    );
}

// 14. No advice about what is not there; every finding placed alike.

#[test]
fn no_certificate_advice_without_a_certificate() {
    let (_, json) = json_of(
        &["fixtures/rules/SF501/trip-jwt-bearer-without-certificate.eca.yaml"],
        None,
    );
    for f in json["findings"].as_array().unwrap() {
        assert!(
            !f["help"].as_str().unwrap().contains("certificate too"),
            "{f}"
        );
    }
}

#[test]
fn unreadable_files_show_their_place_like_every_other_finding() {
    for (file, code) in [
        ("fixtures/rules/SF003/trip-empty.eca.yaml", "SF003"),
        ("fixtures/rules/SF007/trip-latin1.eca.yaml", "SF007"),
    ] {
        let r = run(&["--color", "never", file], None);
        assert!(r.stdout.starts_with(&format!("{code}\n")), "{}", r.stdout);
        assert!(
            r.stdout.contains(&format!("╭─[{file}:1:1]")),
            "{}",
            r.stdout
        );
    }
}

// 15. The printed profile stands alone.

#[test]
fn the_printed_profile_is_self_contained() {
    let r = run(&["schema", "--profile", "deskpro-crm-sync"], None);
    assert_eq!(r.code, 0);
    let schema: Value = serde_json::from_str(&r.stdout).unwrap();
    let mut refs = Vec::new();
    let mut todo = vec![&schema];
    while let Some(node) = todo.pop() {
        match node {
            Value::Object(map) => {
                if let Some(Value::String(target)) = map.get("$ref") {
                    refs.push(target.clone());
                }
                todo.extend(map.values());
            }
            Value::Array(items) => todo.extend(items),
            _ => {}
        }
    }
    assert!(!refs.is_empty());
    assert!(refs.iter().all(|r| r.starts_with("#/")), "{refs:?}");
    // Compiled with nothing beside it, it gives sfcheck's verdicts.
    let validator = jsonschema::validator_for(&schema).unwrap();
    let parse = |path: &str| {
        let text = std::fs::read_to_string(path).unwrap();
        sfcheck::document::yaml::parse(&text, Default::default())
            .0
            .unwrap()
            .value
    };
    assert!(validator.is_valid(&parse(VALID)));
    for bad in [
        "fixtures/rules/SF205/trip-device.eca.yaml",
        "fixtures/rules/SF104/trip-api-name-with-spaces.eca.yaml",
        "fixtures/rules/SF304/trip-wrong-path.eca.yaml",
    ] {
        if Path::new(bad).exists() {
            assert!(!validator.is_valid(&parse(bad)), "{bad}");
        }
    }
}

// 16. TERM=dumb is plain ASCII.

#[test]
fn term_dumb_is_plain_ascii() {
    let out = sfcheck()
        .env("TERM", "dumb")
        .args([
            "--color",
            "never",
            "fixtures/rules/SF205/trip-device.eca.yaml",
        ])
        .output()
        .unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("untick \"Enable Device Flow\""), "{text}");
    assert!(
        text.contains("Setup -> External Client App Manager"),
        "{text}"
    );
    assert!(text.is_ascii(), "{text}");
}
