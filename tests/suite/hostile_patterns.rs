//! What patterns and lists from a repository may cost: ignore files and `exclude` lists
//! past their caps are refused with a clear error (they once took gigabytes), and a
//! profile's large `enum` does not make "did you mean" compare every value with every
//! name.

use std::path::Path;

use crate::cli_support::VALID;
use crate::common;
use crate::hostile_secrets::dir;

/// `lines` wildcard patterns (the costly kind), each naming `tag`.
fn patterns(lines: usize, tag: &str) -> String {
    (0..lines)
        .map(|i| format!("*a*b*c*d*e*f*g*h*{tag}{i}\n"))
        .collect()
}

fn folder_with_app(d: &Path) {
    std::fs::create_dir_all(d).unwrap();
    std::fs::copy(VALID, d.join("app.eca.yaml")).unwrap();
}

#[test]
fn an_ignore_file_past_its_cap_is_refused_and_no_ignore_reads_past_it() {
    let d = dir("patterns-large-ignore");
    folder_with_app(&d);
    let ignore = patterns(3_400, "x");
    assert!(ignore.len() > 64 << 10);
    std::fs::write(d.join(".gitignore"), &ignore).unwrap();
    let path = d.display().to_string();
    let (code, out, err) = common::run(&["--no-config", &path]);
    assert_eq!(code, 2, "{out}{err}");
    assert_eq!(
        err,
        format!(
            "error: `{path}/.gitignore` is {} bytes: sfcheck reads ignore files of up to 64 KiB; shorten it, or pass `--no-ignore`\n",
            ignore.len()
        )
    );
    let (code, _, err) = common::run(&["--no-config", "--no-ignore", &path]);
    assert_eq!(code, 0, "{err}");
    // --fix walks the same way.
    let (code, _, err) = common::run(&["--no-config", "--fix", &path]);
    assert_eq!(code, 2, "{err}");
}

#[test]
fn ignore_files_nested_past_their_sum_are_refused() {
    // Each under the cap; folders inside one another hold all their patterns at once.
    let d = dir("patterns-nested-ignore");
    let deep = d.join("a/b/c");
    folder_with_app(&deep);
    let ignore = patterns(2_000, "y");
    assert!(ignore.len() < 64 << 10 && 3 * ignore.len() > 128 << 10);
    for folder in [d.clone(), d.join("a"), d.join("a/b")] {
        std::fs::write(folder.join(".gitignore"), &ignore).unwrap();
    }
    let path = d.display().to_string();
    let (code, out, err) = common::run(&["--no-config", &path]);
    assert_eq!(code, 2, "{out}{err}");
    // The sum counts the ignore files above the folder too, wherever the test runs.
    let (head, tail) = err
        .split_once(" bytes: ")
        .unwrap_or_else(|| panic!("{err}"));
    let prefix =
        format!("error: with `{path}/a/b/.gitignore`, the ignore files of this walk hold ");
    assert!(head.starts_with(&prefix), "{err}");
    let sum: usize = head[prefix.len()..].parse().unwrap();
    assert!(sum >= 3 * ignore.len(), "{err}");
    assert_eq!(
        tail,
        "sfcheck reads up to 128 KiB of them in a walk; check fewer folders at once, or pass `--no-ignore`\n"
    );
    // Two of them are within the sum.
    std::fs::remove_file(d.join("a/b/.gitignore")).unwrap();
    let (code, _, err) = common::run(&["--no-config", &path]);
    assert_eq!(code, 0, "{err}");
}

#[test]
fn an_exclude_list_past_its_cap_is_refused() {
    let d = dir("patterns-exclude");
    let many: Vec<String> = (0..1_001).map(|i| format!("\"f{i}\"")).collect();
    let long: Vec<String> = (0..300)
        .map(|i| format!("\"legacy/**/{i:0>50}\""))
        .collect();
    for (name, list, says) in [
        (
            "many.toml",
            many,
            "`exclude` lists 1001 patterns (3895 bytes): at most 1000 patterns and 16 KiB are read; exclude folders rather than files",
        ),
        (
            "long.toml",
            long,
            "`exclude` lists 300 patterns (18000 bytes): at most 1000 patterns and 16 KiB are read; exclude folders rather than files",
        ),
    ] {
        let config = d.join(name);
        std::fs::write(&config, format!("exclude = [{}]\n", list.join(", "))).unwrap();
        let (code, _, err) = common::run(&["--config", &config.display().to_string(), VALID]);
        assert_eq!(code, 2, "{name}: {err}");
        assert!(err.contains(says), "{name}: {err}");
    }
    // A list within the caps is read.
    let config = d.join("fine.toml");
    let fine: Vec<String> = (0..200).map(|i| format!("\"legacy/{i}\"")).collect();
    std::fs::write(&config, format!("exclude = [{}]\n", fine.join(", "))).unwrap();
    let (code, _, err) = common::run(&["--config", &config.display().to_string(), VALID]);
    assert_eq!(code, 0, "{err}");
}

#[test]
fn a_large_enum_still_gives_its_suggestion() {
    // 20,000 names and 300 values not among them; each of the first values is still
    // given its nearest name, and the run ends (the test's timeout guards a hang; the
    // time is measured by scripts/bench.sh).
    let d = dir("patterns-enum");
    let names: Vec<String> = (0..20_000).map(|i| format!("Region_{i:05}_Team")).collect();
    let profile = serde_json::json!({
        "properties": {
            "description": { "enum": names },
            "oauth": { "properties": { "scopes": { "items": { "enum": names } } } }
        }
    });
    let profile_path = d.join("enum.json");
    std::fs::write(&profile_path, profile.to_string()).unwrap();
    let values: Vec<String> = (0..300).map(|i| format!("Region_{i:05}_Teem")).collect();
    let text = std::fs::read_to_string(VALID)
        .unwrap()
        .replacen(
            "scopes: [api, web, refresh_token]",
            &format!("scopes: [api, web, refresh_token, {}]", values.join(", ")),
            1,
        )
        .replacen(
            "name: Deskpro_CRM_Sync",
            "name: Deskpro_CRM_Sync\ndescription: Region_00007_Taem",
            1,
        );
    let file = d.join("app.eca.yaml");
    std::fs::write(&file, text).unwrap();
    let (code, json) = common::run_json(&[
        "--no-config",
        "--profile",
        &profile_path.display().to_string(),
        &file.display().to_string(),
    ]);
    assert_eq!(code, 1);
    let findings = json["findings"].as_array().unwrap();
    let description = findings
        .iter()
        .find(|f| f["pointer"] == "/description")
        .expect("a finding on the description");
    assert_eq!(description["code"], "SF200", "{description}");
    assert!(
        description["help"]
            .as_str()
            .unwrap()
            .starts_with("Did you mean `Region_00007_Team`?"),
        "{description}"
    );
}
