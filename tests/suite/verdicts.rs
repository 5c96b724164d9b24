//! Every verdict right and no silent pass: the command line as a new user meets it, one
//! test (or more) per case.

use std::path::Path;

use serde_json::Value;

use crate::cli_support::*;

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

#[test]
fn start_up_errors_keep_their_order_when_many_paths_are_expanded_beside_the_schemas() {
    // Three paths start the pool: the paths are expanded while the schemas compile, and
    // a malformed path still loses to every error of the settings.
    let dir = scratch("start-up-order");
    std::fs::create_dir_all(dir.join("a")).unwrap();
    std::fs::create_dir_all(dir.join("c")).unwrap();
    let usage = |config: Option<&str>, flags: &[&str]| {
        let mut cmd = sfcheck();
        cmd.current_dir(&dir);
        match config {
            Some(text) => {
                std::fs::write(dir.join("sfcheck.toml"), text).unwrap();
            }
            None => {
                cmd.arg("--no-config");
            }
        }
        let out = cmd.args(flags).args(["a", "b[", "c"]).output().unwrap();
        assert_eq!(out.status.code(), Some(2), "{flags:?}");
        assert_eq!(String::from_utf8(out.stdout).unwrap(), "", "{flags:?}");
        String::from_utf8(out.stderr).unwrap()
    };
    assert_eq!(
        usage(Some("exclude = [\"a/[b\"]\n"), &[]),
        "error: exclude pattern `a/[b`: error parsing glob 'a/[b': unclosed character class; missing ']'\n"
    );
    assert_eq!(
        usage(None, &["--callback-url", "nope"]),
        "error: --callback-url: `nope` is not a URL: relative URL without a base\n"
    );
    assert_eq!(
        usage(None, &["--callback-url", "https://wrong.example/cb"]),
        "error: --callback-url: `https://wrong.example/cb` cannot be the callback URL: the callback URL is not `https://<your helpdesk>/admin-api/salesforce/auth` (SF304)\n"
    );
    assert_eq!(
        usage(None, &[]),
        "error: `b[` is not a valid pattern: error parsing glob 'b[': unclosed character class; missing ']'\n"
    );
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

// A report cut short at 200 findings hides no error and counts what it hides.

#[test]
fn an_error_after_two_hundred_warnings_is_shown_and_fails_the_run() {
    let repeats = vec!["api"; 300].join(", ");
    let text = valid_with(
        "scopes: [api, web, refresh_token]",
        &format!("scopes: [api, web, refresh_token, {repeats}]"),
    )
    .replacen("configureIdToken: false", "configureIdToken: true", 1);
    let (code, json) = json_of(&["--no-config", "-"], Some(&text));
    assert_eq!(code, 1, "the error decides the exit code");
    let list = findings(&json);
    assert_eq!(list.len(), 201);
    // Errors are kept before warnings, then shown in the order of the file.
    assert!(
        list[..200].iter().any(|f| f.starts_with("SF205@")),
        "{:?}",
        &list[195..]
    );
    let last = &json["findings"][200];
    assert_eq!(last["code"], "SF010");
    assert_eq!(
        last["message"],
        "101 more findings in this file are not shown"
    );
    assert_eq!(json["summary"]["errors"], 1);
    // The 300 repeats, shown or not, and the notice.
    assert_eq!(json["summary"]["warnings"], 301);
}

#[test]
fn repeats_past_what_a_report_shows_are_suppressed_and_configured_like_the_rest() {
    let repeats = vec!["api"; 300].join(", ");
    let list = format!("scopes: [api, web, refresh_token, {repeats}]");
    let text = valid_with("scopes: [api, web, refresh_token]", &list);
    // A file-wide suppression covers all 300, those counted and not built too.
    let ignored = format!("# sfcheck: ignore-file[SF106] generated list\n{text}");
    let (code, json) = json_of(&["--no-config", "-"], Some(&ignored));
    assert_eq!(code, 0);
    let codes: Vec<&str> = json["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["code"].as_str().unwrap())
        .collect();
    assert!(
        codes.is_empty(),
        "no SF010, no unused suppression: {codes:?}"
    );
    // Turned off in the configuration, the same.
    let dir = scratch("repeats-off");
    std::fs::write(dir.join("sfcheck.toml"), "[severity]\nSF106 = \"off\"\n").unwrap();
    std::fs::write(dir.join("app.eca.yaml"), &text).unwrap();
    let out = sfcheck()
        .current_dir(&dir)
        .args(["-f", "json", "app.eca.yaml"])
        .output()
        .unwrap();
    let json: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(json["findings"], Value::Array(Vec::new()), "{json}");
    // Without either, each repeat is counted: 200 shown of 300.
    let (_, json) = json_of(&["--no-config", "-"], Some(&text));
    assert_eq!(
        json["findings"][200]["message"],
        "100 more findings in this file are not shown"
    );
}
