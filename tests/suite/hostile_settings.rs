//! Settings from outside the description are hostile input too: a callback URL with a
//! password, a profile's `$ref` out of its folder, a config that is not a config. None of
//! their messages may quote what they hold.

use crate::common;
use crate::hostile_secrets::{WORD, dir, leaks};

const EXAMPLE: &str = "examples/deskpro-crm-sync.eca.yaml";

#[test]
fn a_callback_url_with_a_password_is_refused_without_quoting_it() {
    let url = format!("https://admin:{WORD}@helpdesk.example.com/admin-api/salesforce/auth");
    for args in [
        vec!["--no-config", "--callback-url", &url, EXAMPLE],
        vec!["--no-config", "init", "-", "--callback-url", &url],
    ] {
        let (code, out, err) = common::run(&args);
        assert_eq!(code, 2, "{args:?}: {out}{err}");
        assert!(
            err.contains("holds a user name or password: a callback URL never does"),
            "{err}"
        );
        assert_eq!(leaks(&format!("{out}{err}"), WORD), None, "{err}");
    }
    let d = dir("config-callback");
    let config = d.join("sfcheck.toml");
    std::fs::write(&config, format!("callback_url = \"{url}\"\n")).unwrap();
    let (code, out, err) = common::run(&["--config", config.to_str().unwrap(), EXAMPLE]);
    assert_eq!(code, 2, "{out}{err}");
    assert!(err.contains("holds a user name or password"), "{err}");
    assert_eq!(leaks(&format!("{out}{err}"), WORD), None, "{err}");
}

#[test]
fn a_callback_url_with_only_a_user_name_is_refused_too() {
    let url = "https://admin@helpdesk.example.com/admin-api/salesforce/auth";
    let (code, _, err) = common::run(&["--no-config", "--callback-url", url, EXAMPLE]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("holds a user name or password"), "{err}");
}

#[test]
fn a_profile_ref_out_of_its_folder_is_not_read() {
    let d = dir("profile-outside");
    let secret_file = d.join("credentials.json");
    std::fs::write(&secret_file, format!("{{\"password\": \"{WORD}\"}}")).unwrap();
    let folder = d.join("profiles");
    std::fs::create_dir_all(&folder).unwrap();
    for (name, target) in [
        ("relative", "../credentials.json".to_string()),
        (
            "absolute",
            url::Url::from_file_path(&secret_file).unwrap().to_string(),
        ),
    ] {
        let profile = folder.join(format!("{name}.schema.json"));
        std::fs::write(
            &profile,
            format!(
                "{{\"type\": \"object\", \"properties\": {{\"name\": {{\"$ref\": \"{target}\"}}}}}}"
            ),
        )
        .unwrap();
        let (code, out, err) = common::run(&[
            "--no-config",
            "--profile",
            profile.to_str().unwrap(),
            EXAMPLE,
        ]);
        assert_eq!(code, 2, "{name}: {out}{err}");
        assert!(
            err.contains("is outside the profile's folder: a profile may only refer to files in its own folder or below"),
            "{name}: {err}"
        );
        assert_eq!(leaks(&format!("{out}{err}"), WORD), None, "{name}: {err}");
    }
}

#[test]
fn a_profile_ref_below_its_folder_is_read() {
    let d = dir("profile-inside");
    std::fs::create_dir_all(d.join("parts")).unwrap();
    std::fs::write(
        d.join("parts/name.json"),
        "{\"type\": \"string\", \"maxLength\": 3}",
    )
    .unwrap();
    let profile = d.join("app.schema.json");
    std::fs::write(
        &profile,
        "{\"type\": \"object\", \"properties\": {\"name\": {\"$ref\": \"parts/name.json\"}}}",
    )
    .unwrap();
    let (code, json) = common::run_json(&[
        "--no-config",
        "--profile",
        profile.to_str().unwrap(),
        EXAMPLE,
    ]);
    let errors: Vec<String> = json["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["severity"] == "error")
        .map(common::token)
        .collect();
    assert_eq!(
        (code, errors),
        (1, vec!["SF200@3:7-3:23/name".to_string()]),
        "{json}"
    );
}

#[test]
fn a_config_that_is_not_toml_is_refused_without_quoting_it() {
    let d = dir("config-not-toml");
    let config = d.join(".env");
    std::fs::write(&config, format!("API_KEY=1\nDB_PASSWORD = {WORD}\n")).unwrap();
    let (code, out, err) = common::run(&["--config", config.to_str().unwrap(), EXAMPLE]);
    assert_eq!(code, 2, "{out}{err}");
    assert!(err.contains("is not valid at line 2, column"), "{err}");
    assert_eq!(leaks(&format!("{out}{err}"), WORD), None, "{err}");
}
