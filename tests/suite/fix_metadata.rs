//! `--fix` and `--diff` on Salesforce DX metadata: elements fixed in place, renamed,
//! inserted and filled in, line endings and byte-order mark kept, and what is left alone.

use std::path::{Path, PathBuf};

use super::fix::{GLOBAL, METADATA, SETTINGS, edit, run_fix, scratch, sfcheck};
use crate::common;

/// A copy of the valid metadata project, with `edits` made to files under it.
fn metadata_copy(name: &str, edits: &[(&str, &[(&str, &str)])]) -> PathBuf {
    let dir = scratch(name);
    for entry in common::files_under(Path::new(METADATA)) {
        let rel = entry.strip_prefix(METADATA).unwrap();
        let to = dir.join(rel);
        std::fs::create_dir_all(to.parent().unwrap()).unwrap();
        std::fs::copy(&entry, &to).unwrap();
    }
    for (file, changes) in edits {
        let path = dir.join(file);
        let text = std::fs::read_to_string(&path).unwrap();
        std::fs::write(&path, edit(&text, changes)).unwrap();
    }
    dir
}

fn read(dir: &Path, file: &str) -> String {
    std::fs::read_to_string(dir.join(file)).unwrap()
}

#[test]
fn metadata_is_fixed_element_by_element() {
    let original_global = read(Path::new(METADATA), GLOBAL);
    let original_settings = read(Path::new(METADATA), SETTINGS);
    let dir = metadata_copy(
        "metadata",
        &[
            (
                GLOBAL,
                &[
                    ("<isPkceRequired>true", "<isPkceRequired>false"),
                    (
                        "<isConsumerSecretOptional>true",
                        "<isConsumerSecretOptional>false",
                    ),
                    // Absent, the flag is off (what a retrieve writes): ticked is the break.
                    ("<isDeviceFlowEnabled>false", "<isDeviceFlowEnabled>true"),
                    (
                        "    <isTokenExchangeEnabled>true</isTokenExchangeEnabled>\n",
                        "",
                    ),
                ],
            ),
            (SETTINGS, &[("Api, Web, RefreshToken", "api, Web, Full")]),
        ],
    );
    let (code, stdout, _) = run_fix(&dir, &["force-app"]);
    assert_eq!(code, 0, "{stdout}");
    assert!(stdout.ends_with("6 fixed, 0 remaining.\n"), "{stdout}");
    assert_eq!(read(&dir, GLOBAL), original_global);
    assert_eq!(read(&dir, SETTINGS), original_settings);
}

#[test]
fn metadata_keeps_crlf_and_its_byte_order_mark() {
    let dir = metadata_copy("metadata-crlf", &[]);
    let path = dir.join(GLOBAL);
    let original = format!("\u{feff}{}", read(&dir, GLOBAL).replace('\n', "\r\n"));
    let broken = edit(
        &original,
        &[
            (
                "<isNamedUserJwtEnabled>false",
                "<isNamedUserJwtEnabled>true",
            ),
            (
                "    <isTokenExchangeEnabled>true</isTokenExchangeEnabled>\r\n",
                "",
            ),
        ],
    );
    std::fs::write(&path, &broken).unwrap();
    let (code, stdout, _) = run_fix(&dir, &["force-app"]);
    assert_eq!(code, 0, "{stdout}");
    assert_eq!(std::fs::read(&path).unwrap(), original.into_bytes());
}

#[test]
fn metadata_elements_are_renamed_inserted_and_filled_in() {
    let header = "force-app/main/default/externalClientApps/Deskpro_CRM_Sync.eca-meta.xml";
    let originals: Vec<String> = [GLOBAL, SETTINGS, header]
        .iter()
        .map(|f| read(Path::new(METADATA), f))
        .collect();
    let dir = metadata_copy(
        "metadata-elements",
        &[
            (
                GLOBAL,
                &[
                    (
                        "<isDeviceFlowEnabled>false</isDeviceFlowEnabled>",
                        "<isDeviceFlowEnabld>false</isDeviceFlowEnabld>",
                    ),
                    (
                        "<isTokenExchangeEnabled>true</isTokenExchangeEnabled>",
                        "<isTokenExchangeEnabled/>",
                    ),
                ],
            ),
            (
                SETTINGS,
                &[(
                    "    <commaSeparatedOauthScopes>Api, Web, RefreshToken</commaSeparatedOauthScopes>\n",
                    "",
                )],
            ),
            (
                header,
                &[("    <distributionState>Local</distributionState>\n", "")],
            ),
        ],
    );
    let (code, stdout, _) = run_fix(&dir, &["force-app"]);
    assert_eq!(code, 0, "{stdout}");
    assert!(stdout.ends_with("4 fixed, 0 remaining.\n"), "{stdout}");
    for (file, original) in [GLOBAL, SETTINGS, header].iter().zip(&originals) {
        assert_eq!(&read(&dir, file), original, "{file}");
    }
}

#[test]
fn an_element_with_no_single_meaning_stays_and_says_why() {
    let dir = metadata_copy(
        "metadata-unknown",
        &[(
            GLOBAL,
            &[("    <label>", "    <flavour>mint</flavour>\n    <label>")],
        )],
    );
    let out = sfcheck()
        .current_dir(&dir)
        .args(["--fix", "--format", "json", "force-app"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let findings = json["findings"].as_array().unwrap();
    assert_eq!(findings.len(), 1);
    assert_eq!(findings[0]["code"], "SF703");
    assert!(
        findings[0]["help"]
            .as_str()
            .unwrap()
            .contains("`--fix` leaves this element")
    );
}

#[test]
fn the_config_callback_url_fixes_metadata_too() {
    let url = "https://support.acme.com/admin-api/salesforce/auth";
    let dir = metadata_copy("metadata-callback", &[]);
    std::fs::write(
        dir.join("sfcheck.toml"),
        format!("callback_url = \"{url}\"\n"),
    )
    .unwrap();
    let original = read(&dir, GLOBAL);
    let (code, stdout, _) = run_fix(&dir, &["force-app"]);
    assert_eq!(code, 0, "{stdout}");
    assert!(stdout.ends_with("1 fixed, 0 remaining.\n"), "{stdout}");
    assert_eq!(
        read(&dir, GLOBAL),
        edit(
            &original,
            &[(
                "https://helpdesk.deskpro.com/admin-api/salesforce/auth",
                url
            )]
        )
    );
}
