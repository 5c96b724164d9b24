//! What the repository says about itself is true: the README's pre-commit snippet, usage
//! lines and exit-code table, the hooks file, and the licence the manifest names.

fn readme() -> String {
    std::fs::read_to_string("README.md").unwrap()
}

/// The README's section under `heading`, up to the next heading of any level.
fn section(text: &str, heading: &str) -> String {
    let start = text
        .find(&format!("{heading}\n"))
        .unwrap_or_else(|| panic!("no section {heading}"));
    let rest = &text[start + heading.len()..];
    let end = rest.find("\n#").unwrap_or(rest.len());
    rest[..end].to_owned()
}

#[test]
fn every_pre_commit_rev_is_a_placeholder_or_exists() {
    let text = readme();
    let revs: Vec<&str> = text
        .lines()
        .filter_map(|l| l.trim().strip_prefix("rev:"))
        .map(str::trim)
        .collect();
    assert!(!revs.is_empty());
    for rev in revs {
        if rev.starts_with('<') && rev.ends_with('>') {
            continue;
        }
        let exists = std::process::Command::new("git")
            .args([
                "rev-parse",
                "--verify",
                "--quiet",
                &format!("{rev}^{{commit}}"),
            ])
            .output()
            .is_ok_and(|o| o.status.success());
        assert!(
            exists,
            "the README pins `rev: {rev}`, which this repository does not have"
        );
    }
}

#[test]
fn the_hooks_and_the_readme_agree_on_which_files_are_checked() {
    let hooks = std::fs::read_to_string(".pre-commit-hooks.yaml").unwrap();
    let patterns: Vec<&str> = hooks
        .lines()
        .filter_map(|l| l.trim().strip_prefix("files:"))
        .collect();
    assert_eq!(patterns.len(), 2);
    for p in patterns {
        assert!(p.contains(r"\.eca\.ya?ml"), "{p}");
        assert!(
            p.contains("ecaGlblOauth") && p.contains(r"-meta\.xml"),
            "{p}"
        );
    }
    let pre_commit = section(&readme(), "## pre-commit, lint-staged and CI");
    assert!(pre_commit.contains("`*.eca-meta.xml`"), "{pre_commit}");
}

#[test]
fn the_usage_says_what_a_folder_and_a_named_file_give() {
    let text = std::fs::read_to_string("docs/usage.md").unwrap();
    let folder = text
        .lines()
        .find(|l| l.starts_with("sfcheck config/"))
        .unwrap();
    assert!(folder.contains("metadata"), "{folder}");
    assert!(!text.contains("always checked"));
    let usage = section(&text, "# Usage");
    assert!(usage.contains("unless the config's `exclude` names it"));
}

#[test]
fn the_exit_code_table_speaks_of_import() {
    let table = section(&readme(), "## Exit codes");
    for code in ["| 0 |", "| 1 |", "| 3 |"] {
        let row = table.lines().find(|l| l.starts_with(code)).unwrap();
        assert!(
            row.contains("`import`") || row.contains("`init` and `import`"),
            "{row}"
        );
    }
}

#[test]
fn both_licences_the_manifest_names_are_there() {
    let manifest = std::fs::read_to_string("Cargo.toml").unwrap();
    assert!(manifest.contains("license = \"MIT OR Apache-2.0\""));
    let mit = std::fs::read_to_string("LICENSE-MIT").unwrap();
    assert!(mit.starts_with("MIT License\n\nCopyright (c) the sfcheck developers\n"));
    assert!(mit.contains("THE SOFTWARE IS PROVIDED \"AS IS\", WITHOUT WARRANTY OF ANY KIND"));
    let apache = std::fs::read_to_string("LICENSE-APACHE").unwrap();
    assert!(
        apache.contains("Apache License\n                           Version 2.0, January 2004")
    );
    assert!(apache.contains("END OF TERMS AND CONDITIONS"));
    assert!(readme().contains("[MIT licence](LICENSE-MIT)"));
}
