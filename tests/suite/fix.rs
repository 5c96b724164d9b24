//! `--fix` and `--diff` as a user meets them: the exact bytes of fixed files (comments,
//! quoting, CRLF, byte-order mark and a missing final newline kept), the summary, exit
//! codes, standard input, and what is left alone.

use std::path::{Path, PathBuf};

use assert_cmd::cargo::cargo_bin_cmd;

const EXAMPLE: &str = include_str!("../../fixtures/valid/deskpro-crm-sync.eca.yaml");
pub(super) const METADATA: &str = "fixtures/metadata/deskpro-valid";
pub(super) const GLOBAL: &str = "force-app/main/default/extlClntAppGlobalOauthSets/Deskpro_CRM_Sync_glbloauth.ecaGlblOauth-meta.xml";
pub(super) const SETTINGS: &str =
    "force-app/main/default/extlClntAppOauthSettings/Deskpro_CRM_Sync_oauth.ecaOauth-meta.xml";

pub(super) fn sfcheck() -> assert_cmd::Command {
    cargo_bin_cmd!("sfcheck")
}

/// A fresh folder for one test.
pub(super) fn scratch(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR"))
        .join("fix")
        .join(name);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// Replaces each `from` (which must occur once) with `to`.
pub(super) fn edit(text: &str, edits: &[(&str, &str)]) -> String {
    edits.iter().fold(text.to_owned(), |t, (from, to)| {
        assert_eq!(t.matches(from).count(), 1, "`{from}` once in the text");
        t.replacen(from, to, 1)
    })
}

/// Every fixable kind of break in a description, at once.
const BREAKS: &[(&str, &str)] = &[
    ("distributionState: Local", "distributionState: Packaged"),
    ("  enabled: true", "  enabled: false"),
    (
        "[api, web, refresh_token]",
        "[api, web, full, refresh_token]",
    ),
    ("    device: false\n", ""),
    ("    tokenExchange: true", "    tokenExchange: \"yes\""),
    (
        "requireSecretForWebServerFlow: false",
        "requireSecretForWebServerFlow: true",
    ),
    (
        "    refreshTokenRotation: false",
        "    refreshTokenRotatoin: false",
    ),
];

pub(super) fn run_fix(dir: &Path, args: &[&str]) -> (i32, String, String) {
    let out = sfcheck()
        .current_dir(dir)
        .args(["--fix", "--color", "never"])
        .args(args)
        .output()
        .unwrap();
    (
        out.status.code().unwrap(),
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
    )
}

#[test]
fn fix_restores_every_byte_of_a_broken_description() {
    let dir = scratch("restore");
    let file = dir.join("app.eca.yaml");
    std::fs::write(&file, edit(EXAMPLE, BREAKS)).unwrap();
    let (code, stdout, _) = run_fix(&dir, &["app.eca.yaml"]);
    assert_eq!(std::fs::read_to_string(&file).unwrap(), EXAMPLE);
    assert_eq!(code, 0);
    assert!(stdout.ends_with("7 fixed, 0 remaining.\n"), "{stdout}");
    // A second run has nothing to do.
    let (code, stdout, _) = run_fix(&dir, &["app.eca.yaml"]);
    assert_eq!(std::fs::read_to_string(&file).unwrap(), EXAMPLE);
    assert_eq!(code, 0);
    assert!(stdout.ends_with("0 fixed, 0 remaining.\n"), "{stdout}");
}

#[test]
fn crlf_bom_comments_quotes_and_no_final_newline_stay() {
    let dir = scratch("bytes");
    let file = dir.join("app.eca.yaml");
    let original = format!(
        "\u{feff}{}",
        edit(
            EXAMPLE,
            &[
                ("callbackUrl: https", "callbackUrl: 'https"),
                ("/auth\n", "/auth'\n")
            ]
        )
        .trim_end()
        .replace('\n', "\r\n")
    );
    let broken = edit(
        &original,
        &[
            (
                "introspectAllTokens: false",
                "introspectAllTokens: true  # was on",
            ),
            ("\r\n    jwtAccessTokens: false", ""),
            ("scopes: [api, web, refresh_token]", "scopes: [api, web]"),
        ],
    );
    std::fs::write(&file, &broken).unwrap();
    let (code, _, _) = run_fix(&dir, &["app.eca.yaml"]);
    assert_eq!(code, 0);
    let expected = edit(
        &original,
        &[(
            "introspectAllTokens: false",
            "introspectAllTokens: false  # was on",
        )],
    );
    assert_eq!(std::fs::read(&file).unwrap(), expected.into_bytes());
}

#[test]
fn a_block_list_of_scopes_loses_and_gains_whole_lines() {
    let dir = scratch("block");
    let file = dir.join("app.eca.yaml");
    let block = "scopes:\n    - api   # APIs\n    - full\n    - web\n";
    std::fs::write(
        &file,
        edit(EXAMPLE, &[("scopes: [api, web, refresh_token]\n", block)]),
    )
    .unwrap();
    let (code, _, _) = run_fix(&dir, &["app.eca.yaml"]);
    assert_eq!(code, 0);
    let fixed = "scopes:\n    - api   # APIs\n    - web\n    - refresh_token\n";
    assert_eq!(
        std::fs::read_to_string(&file).unwrap(),
        edit(EXAMPLE, &[("scopes: [api, web, refresh_token]\n", fixed)])
    );
}

#[test]
fn diff_prints_a_unified_diff_and_changes_nothing() {
    let dir = scratch("diff");
    let file = dir.join("app.eca.yaml");
    let broken = edit(EXAMPLE, &[("    device: false", "    device: true")]);
    std::fs::write(&file, &broken).unwrap();
    let out = sfcheck()
        .current_dir(&dir)
        .args(["--diff", "app.eca.yaml"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        String::from_utf8(out.stdout).unwrap(),
        "--- app.eca.yaml\n+++ app.eca.yaml\n@@ -13,7 +13,7 @@\n   flows:\n     clientCredentials: false\n     authorizationCodeAndCredentials: false\n-    device: true\n+    device: false\n     jwtBearer: false\n     tokenExchange: true\n   security:\n"
    );
    assert_eq!(
        String::from_utf8(out.stderr).unwrap(),
        "1 fixable, 0 remaining after the fixes.\n"
    );
    assert_eq!(std::fs::read_to_string(&file).unwrap(), broken);
    std::fs::write(&file, EXAMPLE).unwrap();
    sfcheck()
        .current_dir(&dir)
        .args(["--diff", "app.eca.yaml"])
        .assert()
        .code(0)
        .stdout("");
}

#[test]
fn fix_of_standard_input_prints_the_fixed_text() {
    let out = sfcheck()
        .args(["--fix", "-"])
        .write_stdin(edit(EXAMPLE, &[("  enabled: true", "  enabled: false")]))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(String::from_utf8(out.stdout).unwrap(), EXAMPLE);
    assert!(
        String::from_utf8(out.stderr)
            .unwrap()
            .ends_with("1 fixed, 0 remaining.\n")
    );
}

#[test]
fn what_needs_a_human_choice_stays_and_says_why() {
    let dir = scratch("human");
    let file = dir.join("app.eca.yaml");
    let broken = edit(
        EXAMPLE,
        &[
            (
                "distributionState: Local\n",
                "distributionState: Local\nflavour: mint\nconsumerSecret: s3cr3t-value-0123456789\n",
            ),
            ("    device: false", "    device: true"),
        ],
    );
    std::fs::write(&file, &broken).unwrap();
    let out = sfcheck()
        .current_dir(&dir)
        .args(["--fix", "--format", "json", "app.eca.yaml"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let findings: Vec<(&str, &str, bool)> = json["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            let help = f["help"].as_str().unwrap_or_default();
            (
                f["code"].as_str().unwrap(),
                f["pointer"].as_str().unwrap(),
                help.contains("`--fix`"),
            )
        })
        .collect();
    assert_eq!(
        findings,
        [
            ("SF101", "/flavour", true),
            ("SF401", "/consumerSecret", true)
        ]
    );
    assert_eq!(
        String::from_utf8(out.stderr).unwrap(),
        "1 fixed, 2 remaining.\n"
    );
    assert_eq!(
        std::fs::read_to_string(&file).unwrap(),
        edit(&broken, &[("    device: true", "    device: false")])
    );
}

#[test]
fn a_file_with_a_syntax_error_is_not_fixed() {
    let dir = scratch("syntax");
    let file = dir.join("app.eca.yaml");
    let broken = edit(EXAMPLE, &[("  enabled: true", "  enabled: false\n  - [")]);
    std::fs::write(&file, &broken).unwrap();
    let (code, stdout, _) = run_fix(&dir, &["app.eca.yaml"]);
    assert_eq!(code, 1);
    assert!(stdout.ends_with("0 fixed, 1 remaining.\n"), "{stdout}");
    assert_eq!(std::fs::read_to_string(&file).unwrap(), broken);
}

#[test]
fn the_callback_url_is_fixed_only_when_given() {
    let dir = scratch("callback");
    let file = dir.join("app.eca.yaml");
    let broken = edit(
        EXAMPLE,
        &[(
            "helpdesk.deskpro.com/admin-api",
            "helpdesk.deskpro.com/admin",
        )],
    );
    std::fs::write(&file, &broken).unwrap();
    let (code, _, _) = run_fix(&dir, &["app.eca.yaml"]);
    assert_eq!(code, 1);
    assert_eq!(std::fs::read_to_string(&file).unwrap(), broken);
    let url = "https://helpdesk.deskpro.com/admin-api/salesforce/auth";
    let (code, _, _) = run_fix(&dir, &["--callback-url", url, "app.eca.yaml"]);
    assert_eq!(code, 0);
    assert_eq!(std::fs::read_to_string(&file).unwrap(), EXAMPLE);
}

#[test]
fn without_a_profile_a_missing_checkbox_has_no_one_answer() {
    let dir = scratch("none");
    let file = dir.join("app.eca.yaml");
    let broken = edit(
        EXAMPLE,
        &[
            ("    device: false\n", ""),
            ("distributionState: Local", "distributionState: Locl"),
        ],
    );
    std::fs::write(&file, &broken).unwrap();
    let (code, stdout, _) = run_fix(&dir, &["--profile", "none", "app.eca.yaml"]);
    assert_eq!(code, 1);
    assert!(stdout.ends_with("1 fixed, 1 remaining.\n"), "{stdout}");
    assert_eq!(
        std::fs::read_to_string(&file).unwrap(),
        edit(EXAMPLE, &[("    device: false\n", "")])
    );
}

#[test]
fn fix_and_diff_together_are_a_usage_error() {
    sfcheck()
        .args(["--fix", "--diff", "x.eca.yaml"])
        .assert()
        .code(2);
}

#[test]
fn flow_mappings_quoted_keys_empty_values_and_a_missing_list_are_fixed_in_place() {
    let dir = scratch("shapes");
    let file = dir.join("app.eca.yaml");
    let flows = "  flows:\n    clientCredentials: false\n    authorizationCodeAndCredentials: false\n    device: false\n    jwtBearer: false\n    tokenExchange: true\n";
    let original = edit(
        EXAMPLE,
        &[
            ("name: Deskpro_CRM_Sync ", "'name': Deskpro_CRM_Sync "),
            (
                flows,
                "  flows: {clientCredentials: false, authorizationCodeAndCredentials: false, device: false, jwtBearer: false, tokenExchange: true}\n",
            ),
        ],
    );
    let broken = edit(
        &original,
        &[
            ("  scopes: [api, web, refresh_token]\n", ""),
            ("  enabled: true", "  enabled: \"true\""),
            ("{clientCredentials: false", "{clientCredentials: true"),
            ("    requirePkce: true", "    requirePkce:"),
            ("contactEmail:", "contactEmial:"),
        ],
    );
    std::fs::write(&file, &broken).unwrap();
    let (code, stdout, _) = run_fix(&dir, &["app.eca.yaml"]);
    assert_eq!(code, 0, "{stdout}");
    assert!(stdout.ends_with("5 fixed, 0 remaining.\n"), "{stdout}");
    assert_eq!(std::fs::read_to_string(&file).unwrap(), original);
}

#[test]
fn a_diff_never_prints_a_secret() {
    let dir = scratch("secret");
    let secret = "ABCDEF0123456789SECRETVALUE";
    let broken = edit(
        EXAMPLE,
        &[(
            "distributionState: Local\n",
            "distributionState: Packaged\nconsumerSecret: ABCDEF0123456789SECRETVALUE\n",
        )],
    );
    std::fs::write(dir.join("app.eca.yaml"), &broken).unwrap();
    let out = sfcheck()
        .current_dir(&dir)
        .args(["--diff", "app.eca.yaml"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert!(stdout.contains("+distributionState: Local\n"), "{stdout}");
    assert!(stdout.contains("consumerSecret: ***"), "{stdout}");
    assert!(!stdout.contains(&secret[..4]), "{stdout}");
}

#[test]
fn hostile_files_are_fixed_or_left_without_a_panic() {
    let dir = scratch("hostile");
    for entry in std::fs::read_dir("fixtures/hostile").unwrap() {
        let path = entry.unwrap().path();
        if path.is_file() {
            std::fs::copy(&path, dir.join(path.file_name().unwrap())).unwrap();
        }
    }
    let out = sfcheck()
        .current_dir(&dir)
        .args(["--fix", "--quiet", "."])
        .output()
        .unwrap();
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
}

#[cfg(unix)]
#[test]
fn a_symlink_stays_a_symlink() {
    let dir = scratch("symlink");
    std::fs::write(
        dir.join("real.yaml"),
        edit(EXAMPLE, &[("    device: false", "    device: true")]),
    )
    .unwrap();
    std::os::unix::fs::symlink("real.yaml", dir.join("app.eca.yaml")).unwrap();
    let (code, _, _) = run_fix(&dir, &["app.eca.yaml"]);
    assert_eq!(code, 0);
    assert!(
        std::fs::symlink_metadata(dir.join("app.eca.yaml"))
            .unwrap()
            .file_type()
            .is_symlink()
    );
    assert_eq!(
        std::fs::read_to_string(dir.join("real.yaml")).unwrap(),
        EXAMPLE
    );
}

#[test]
fn fix_says_what_it_could_not_check_as_a_check_does() {
    let dir = scratch("not-checked");
    std::fs::create_dir_all(dir.join("empty")).unwrap();
    std::fs::create_dir_all(dir.join("apps")).unwrap();
    std::fs::copy(
        "fixtures/valid/deskpro-crm-sync.eca.yaml",
        dir.join("apps/a.eca.yaml"),
    )
    .unwrap();
    let (code, out, err) = run_fix(&dir, &["--no-config", "nope.eca.yaml", "empty", "apps"]);
    assert_eq!(code, 3, "{err}");
    assert_eq!(
        out,
        "✗ not checked: `empty`, `nope.eca.yaml`; 1 file checked, no problems found\n0 fixed, 0 remaining.\n"
    );
    assert_eq!(
        err,
        "error: nothing to check in `empty`: no `*.eca.yaml`, `*.eca.yml` or External Client App metadata file in this folder\n\
         error: cannot read `nope.eca.yaml`: No such file or directory (os error 2)\n"
    );
    // The JSON report carries them, as a check's does.
    let (code, out, _) = run_fix(
        &dir,
        &["--no-config", "-f", "json", "nope.eca.yaml", "apps"],
    );
    assert_eq!(code, 3);
    let json: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(json["notChecked"][0]["path"], "nope.eca.yaml", "{json}");
    // So does --diff.
    let out = sfcheck()
        .current_dir(&dir)
        .args(["--no-config", "--diff", "nope.eca.yaml", "apps"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(3));
}
