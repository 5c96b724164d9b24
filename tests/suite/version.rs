//! `--version` and the release bookkeeping it depends on: the version Cargo.toml carries,
//! the version each built-in profile declares, and the changelog's head.

use assert_cmd::cargo::cargo_bin_cmd;
use serde_json::Value;

fn profile_version() -> String {
    let text = std::fs::read_to_string("schemas/profiles/deskpro-crm-sync.schema.json").unwrap();
    let schema: Value = serde_json::from_str(&text).unwrap();
    schema["x-sfcheck-version"].as_str().unwrap().to_owned()
}

#[test]
fn long_version_names_the_version_and_each_builtin_profile_version() {
    let out = cargo_bin_cmd!("sfcheck").arg("--version").output().unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(
        String::from_utf8(out.stdout).unwrap(),
        format!(
            "sfcheck {}\nprofile deskpro-crm-sync {}\n",
            env!("CARGO_PKG_VERSION"),
            profile_version()
        )
    );
}

#[test]
fn short_version_is_one_line() {
    let out = cargo_bin_cmd!("sfcheck").arg("-V").output().unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(
        String::from_utf8(out.stdout).unwrap(),
        format!("sfcheck {}\n", env!("CARGO_PKG_VERSION"))
    );
}

#[test]
fn profile_versions_are_semver() {
    let version = profile_version();
    let parts: Vec<&str> = version.split('.').collect();
    assert_eq!(parts.len(), 3, "{version}");
    assert!(parts.iter().all(|p| p.parse::<u32>().is_ok()), "{version}");
}

/// Changes gather under `## [Unreleased]`; the release commit renames that heading to
/// `## [X.Y.Z] - date` and sets X.Y.Z in Cargo.toml, so the newest released heading is
/// always Cargo.toml's version (the release workflow checks the tag against both).
#[test]
fn the_changelog_starts_with_unreleased_and_its_newest_release_is_cargos_version() {
    let text = std::fs::read_to_string("CHANGELOG.md").unwrap();
    let headings: Vec<&str> = text
        .lines()
        .filter_map(|l| l.strip_prefix("## ["))
        .map(|l| l.split(']').next().unwrap())
        .collect();
    assert_eq!(headings.first(), Some(&"Unreleased"), "{headings:?}");
    let parse = |v: &str| -> Vec<u32> { v.split('.').map(|p| p.parse().unwrap()).collect() };
    let released: Vec<Vec<u32>> = headings[1..].iter().map(|v| parse(v)).collect();
    assert!(released.windows(2).all(|w| w[0] > w[1]), "{headings:?}");
    if let Some(newest) = released.first() {
        assert_eq!(*newest, parse(env!("CARGO_PKG_VERSION")), "{headings:?}");
    }
}

/// The pre-commit hook repository pins the wheel of this version (the release workflow
/// rewrites the pin; this keeps the copy in the tree, which scripts/wheel-test.sh
/// installs, at the version the tree builds).
#[test]
fn the_pre_commit_mirror_pins_this_version() {
    let text = std::fs::read_to_string("pre-commit-mirror/pyproject.toml").unwrap();
    let pin = format!("\"sfcheck=={}\"", env!("CARGO_PKG_VERSION"));
    assert!(
        text.contains(&pin),
        "no {pin} in pre-commit-mirror/pyproject.toml"
    );
}

/// The VS Code extension carries the crate's version, in its manifest and its lock file
/// (scripts/vscode-test.sh checks the built .vsix against Cargo.toml too).
#[test]
fn the_vscode_extension_has_this_version() {
    for file in [
        "editors/vscode/package.json",
        "editors/vscode/package-lock.json",
    ] {
        let text = std::fs::read_to_string(file).unwrap();
        let manifest: Value = serde_json::from_str(&text).unwrap();
        assert_eq!(
            manifest["version"].as_str(),
            Some(env!("CARGO_PKG_VERSION")),
            "the version in {file}"
        );
    }
}
