//! The options of a check are global, as cargo's and ruff's are: before or after a
//! subcommand alike, and where one does not apply, the error names it. Runs in-process,
//! through the same parser as the binary.

use crate::common;

/// The first line of what a run wrote to standard error.
fn first_error_line(args: &[&str]) -> (i32, String) {
    let (status, _, stderr) = common::run(args);
    (status, stderr.lines().next().unwrap_or("").to_owned())
}

#[test]
fn options_that_mean_the_same_everywhere_stand_before_or_after_any_subcommand() {
    for args in [
        &["--no-config", "explain", "SF205"][..],
        &["explain", "SF205", "--no-config"],
        &["-q", "--color", "never", "rules"],
        &["--config", "sfcheck.toml", "rules"],
    ] {
        let (status, stdout, stderr) = common::run(args);
        assert_eq!(status, 0, "{args:?}: {stderr}");
        assert!(!stdout.is_empty(), "{args:?}");
    }
    let (status, stdout, _) = common::run(&["--no-config", "explain", "SF205"]);
    assert_eq!(status, 0);
    assert!(
        stdout.starts_with("# SF205 checkbox-must-be-off\n"),
        "{stdout}"
    );
}

#[test]
fn import_takes_the_global_options_before_it() {
    let (status, stdout, stderr) =
        common::run(&["--no-config", "import", "fixtures/metadata/deskpro-valid"]);
    assert_eq!(status, 0, "{stderr}");
    assert!(stdout.contains("name: Deskpro_CRM_Sync"), "{stdout}");
}

#[test]
fn format_applies_to_rules_before_or_after_it() {
    for args in [&["-f", "json", "rules"][..], &["rules", "--format", "json"]] {
        let (status, stdout, stderr) = common::run(args);
        assert_eq!(status, 0, "{stderr}");
        let rules: serde_json::Value = serde_json::from_str(&stdout).unwrap();
        let first = &rules[0];
        assert_eq!(first["code"], "SF001");
        assert_eq!(first["name"], "yaml-syntax");
        assert_eq!(first["severity"], "error");
        assert_eq!(
            rules.as_array().unwrap().len(),
            sfcheck::catalogue::ALL.len()
        );
    }
    assert_eq!(
        first_error_line(&["-f", "sarif", "rules"]),
        (
            2,
            "error: `--format sarif` does not apply to `sfcheck rules`; it prints `human` or `json`"
                .to_owned()
        )
    );
}

#[test]
fn profile_applies_to_schema_and_callback_url_to_init() {
    let (status, stdout, _) = common::run(&["--profile", "none", "schema"]);
    assert_eq!(status, 0);
    assert!(stdout.contains("\"title\": \"Salesforce External Client App\""));
    let (status, stdout, _) = common::run(&["schema", "--profile", "deskpro-crm-sync"]);
    assert_eq!(status, 0);
    assert!(stdout.contains("x-sfcheck-version"));
    let url = "https://support.acme.com/admin-api/salesforce/auth";
    for args in [
        &["--callback-url", url, "init", "-"][..],
        &["init", "-", "--callback-url", url],
    ] {
        let (status, stdout, stderr) = common::run(args);
        assert_eq!(status, 0, "{stderr}");
        assert!(stdout.contains(&format!("callbackUrl: {url}")), "{stdout}");
    }
}

#[test]
fn an_option_a_subcommand_does_not_take_is_named() {
    let cases: &[(&[&str], &str)] = &[
        (
            &["--format", "json", "explain", "SF205"],
            "error: `--format` does not apply to `sfcheck explain`; it applies to a check (`sfcheck PATH`) and `sfcheck rules`",
        ),
        (
            &["explain", "SF205", "-f", "json"],
            "error: `--format` does not apply to `sfcheck explain`; it applies to a check (`sfcheck PATH`) and `sfcheck rules`",
        ),
        (
            &["--callback-url", "https://a.deskpro.com/x", "import", "x"],
            "error: `--callback-url` does not apply to `sfcheck import`; it applies to a check (`sfcheck PATH`) and `sfcheck init`",
        ),
        (
            &["--profile", "none", "export", "x.eca.yaml"],
            "error: `--profile` does not apply to `sfcheck export`; it applies to a check (`sfcheck PATH`) and `sfcheck schema`",
        ),
        (
            &["--fail-level", "warning", "import", "x"],
            "error: `--fail-level` does not apply to `sfcheck import`; it applies to a check (`sfcheck PATH`) only",
        ),
        (
            &["--diff", "export", "x.eca.yaml"],
            "error: `--diff` does not apply to `sfcheck export`; it applies to a check (`sfcheck PATH`) only",
        ),
        (
            &["-o", "out.yaml", "import", "x"],
            "error: `--output` of `sfcheck import` goes after it: `sfcheck import --output …`",
        ),
        // After the subcommand, an option only a check takes is named the same way.
        (
            &["import", "x", "--fail-level", "warning"],
            "error: `--fail-level` does not apply to `sfcheck import`; it applies to a check (`sfcheck PATH`) only",
        ),
        (
            &["explain", "SF205", "--fix"],
            "error: `--fix` does not apply to `sfcheck explain`; it applies to a check (`sfcheck PATH`) only",
        ),
        (
            &["rules", "--no-ignore"],
            "error: `--no-ignore` does not apply to `sfcheck rules`; it applies to a check (`sfcheck PATH`) only",
        ),
        (
            &["explain", "SF205", "--stdin-filename=x"],
            "error: `--stdin-filename` does not apply to `sfcheck explain`; it applies to a check (`sfcheck PATH`) only",
        ),
        // An option nothing takes is clap's own error.
        (
            &["explain", "SF205", "--nonsense"],
            "error: unexpected argument '--nonsense' found",
        ),
    ];
    for (args, message) in cases {
        assert_eq!(
            first_error_line(args),
            (2, (*message).to_owned()),
            "{args:?}"
        );
    }
}

#[test]
fn a_misspelt_subcommand_is_suggested_and_a_right_one_is_not() {
    assert_eq!(
        first_error_line(&["--no-config", "explian", "SF205"]),
        (
            2,
            "error: `explian` is neither a file nor a subcommand; did you mean `explain`? (`sfcheck explain --help`)"
                .to_owned()
        )
    );
    // The subcommand itself, typed after an option, is the subcommand, never "did you mean".
    let (status, _, stderr) = common::run(&["--no-config", "rules"]);
    assert_eq!(status, 0, "{stderr}");
}

#[test]
fn a_subcommands_help_lists_only_the_options_it_takes() {
    // The help of `sfcheck explain` and friends lists what they take, not the check's
    // options they refuse.
    let flag = regex::Regex::new(r"^\s*(?:-\w, )?--([a-z-]+)").unwrap();
    let options = |sub: &str| -> Vec<String> {
        // In-process, the help comes back as clap's "error" of kind DisplayHelp.
        let (code, out, err) = common::run(&[sub, "--help"]);
        assert_eq!(code, 0, "{err}");
        format!("{out}{err}")
            .lines()
            .filter_map(|l| flag.captures(l).map(|c| c[1].to_owned()))
            .collect()
    };
    let explain = options("explain");
    for refused in ["format", "profile", "callback-url"] {
        assert!(
            !explain.contains(&refused.to_owned()),
            "explain: {explain:?}"
        );
    }
    for kept in ["color", "quiet", "config", "no-config", "help"] {
        assert!(explain.contains(&kept.to_owned()), "explain: {explain:?}");
    }
    let rules = options("rules");
    assert!(rules.contains(&"format".to_owned()), "rules: {rules:?}");
    assert!(!rules.contains(&"profile".to_owned()), "rules: {rules:?}");
    let init = options("init");
    assert!(init.contains(&"callback-url".to_owned()), "init: {init:?}");
    assert!(!init.contains(&"format".to_owned()), "init: {init:?}");
    let schema = options("schema");
    assert!(schema.contains(&"profile".to_owned()), "schema: {schema:?}");
}

#[test]
fn init_takes_the_configs_callback_url_and_the_flag_wins() {
    let dir = std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join("globals-init");
    std::fs::create_dir_all(&dir).unwrap();
    let config = dir.join("sfcheck.toml");
    std::fs::write(
        &config,
        "callback_url = \"https://support.acme.com/admin-api/salesforce/auth\"\n",
    )
    .unwrap();
    let config = config.display().to_string();
    let callback = |args: &[&str]| {
        let (code, out, err) = common::run(args);
        assert_eq!(code, 0, "{err}");
        out.lines()
            .find_map(|l| l.trim().strip_prefix("callbackUrl: ").map(str::to_owned))
            .unwrap()
    };
    assert_eq!(
        callback(&["--config", &config, "init", "-"]),
        "https://support.acme.com/admin-api/salesforce/auth"
    );
    assert_eq!(
        callback(&[
            "--config",
            &config,
            "init",
            "-",
            "--callback-url",
            "https://help.acme.com/admin-api/salesforce/auth"
        ]),
        "https://help.acme.com/admin-api/salesforce/auth"
    );
    assert_eq!(
        callback(&["--no-config", "init", "-"]),
        "https://helpdesk.example.com/admin-api/salesforce/auth"
    );
    // A bad one in the config is said to be the config's.
    std::fs::write(&config, "callback_url = \"http://acme.com/x\"\n").unwrap();
    let (code, _, err) = common::run(&["--config", &config, "init", "-"]);
    assert_eq!(code, 2, "{err}");
    assert!(
        err.starts_with("error: callback_url in the config: "),
        "{err}"
    );
}
