//! No misleading word: messages, wrapping, related places, the printed profile and
//! plain ASCII, as a user reads them.

use std::path::Path;

use serde_json::{Value, json};

use crate::cli_support::*;

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
