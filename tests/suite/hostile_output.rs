//! Nothing a file, a folder name, a config or a profile carries reaches a terminal or a
//! CI log raw: not in findings, notes, errors, `explain`, nor in the bytes of JSON and
//! SARIF; and a name cannot become a line of the YAML `import` writes.

use std::path::Path;
use std::process::{Command, Stdio};

use crate::cli_support::{META, VALID, copy_dir};
use crate::common;
use crate::hostile_secrets::{FORMATS, dir};

/// A name that carries everything a terminal or a CI runner acts on: an escape
/// sequence, a bell, a bidi override and isolate, a zero-width space, DEL, C1 controls,
/// and a newline that starts a workflow command.
const NAME: &str = "n\u{1b}[31m\u{7}\u{202e}\u{2066}\u{200b}\u{7f}\u{85}\u{9b}\n::error::x";

/// The first character of `text` that no output may carry raw (the output's own line
/// ends and tabs aside).
fn raw(text: &str) -> Option<char> {
    text.chars()
        .find(|&c| sfcheck::finding::hostile(c) && !matches!(c, '\n' | '\t'))
}

/// Fails on a raw hostile character, or on a line that is a workflow command sfcheck
/// did not write (one naming the injected `x`).
fn assert_clean(what: &str, out: &str) {
    if let Some(c) = raw(out) {
        panic!("{what}: raw {:?} in\n{out}", c);
    }
    let injected: Vec<&str> = out
        .lines()
        .filter(|l| l.trim_start().starts_with("::error::x"))
        .collect();
    assert!(injected.is_empty(), "{what}: {injected:?}");
}

fn broken_yaml() -> String {
    std::fs::read_to_string(VALID)
        .unwrap()
        .replacen("requirePkce: true", "requirePkce: false", 1)
}

#[test]
fn a_hostile_file_name_is_escaped_in_every_format_and_every_mode() {
    let d = dir("output-names");
    let file = d.join(format!("{NAME}.eca.yaml"));
    std::fs::write(&file, broken_yaml()).unwrap();
    let path = file.display().to_string();
    for format in FORMATS {
        let (code, out, err) = common::run(&["--no-config", "-f", format, &path]);
        assert_eq!(code, 1, "{format}: {err}");
        assert_clean(format, &format!("{out}{err}"));
    }
    let (code, out, err) = common::run(&["--no-config", "--diff", &path]);
    assert_eq!(code, 1, "{err}");
    assert_clean("--diff", &format!("{out}{err}"));
    assert!(
        out.starts_with(&format!("--- {}", sfcheck::finding::escape_controls(&path))),
        "{out}"
    );
    // The SARIF URI escapes the name; it does not turn the escapes' `\` into folders.
    let (_, sarif, _) = common::run(&["--no-config", "-f", "sarif", &path]);
    assert!(sarif.contains("n%5Cu%7B1b%7D"), "{sarif}");
    assert!(!sarif.contains("/u%7B"), "{sarif}");
    // A file that cannot be written names itself escaped.
    let (code, _, err) = common::run(&[
        "--no-config",
        "-o",
        &d.join(NAME).join("report.txt").display().to_string(),
        &path,
    ]);
    assert_eq!(code, 3, "{err}");
    assert_clean("-o", &err);
    assert!(err.contains("does not exist"), "{err}");
}

#[test]
fn notes_about_files_left_out_are_escaped() {
    let d = dir("output-notes");
    // A metadata file hidden by .gitignore (outside git) is named in a note.
    let project = d.join("project");
    copy_dir(Path::new(META), &project);
    let global = project.join("force-app/main/default/extlClntAppGlobalOauthSets");
    let hidden = global.join(format!("{NAME}.ecaGlblOauth-meta.xml"));
    std::fs::rename(
        std::fs::read_dir(&global)
            .unwrap()
            .next()
            .unwrap()
            .unwrap()
            .path(),
        &hidden,
    )
    .unwrap();
    std::fs::write(project.join(".gitignore"), "*.ecaGlblOauth-meta.xml\n").unwrap();
    let (_, out, err) = common::run(&["--no-config", &project.display().to_string()]);
    assert!(err.contains("ignored by .gitignore"), "{err}");
    assert_clean("gitignore note", &format!("{out}{err}"));
    // A file the config's `exclude` takes out is named in a note.
    let file = d.join(format!("{NAME}.eca.yaml"));
    std::fs::write(&file, broken_yaml()).unwrap();
    let config = d.join("sfcheck.toml");
    std::fs::write(&config, "exclude = [\"*.eca.yaml\"]\n").unwrap();
    let (_, out, err) = common::run(&[
        "--config",
        &config.display().to_string(),
        &file.display().to_string(),
    ]);
    assert!(err.contains("the config's `exclude` names it"), "{err}");
    assert_clean("exclude note", &format!("{out}{err}"));
}

#[test]
fn config_profile_and_explain_errors_quote_names_escaped() {
    let d = dir("output-settings");
    let valid = VALID;
    let cases = [
        (
            "key.toml",
            "\"k\\u001b[31m\\u202e\" = 1\n",
            "unknown field `k\\u{1b}[31m\\u{202e}`",
        ),
        (
            "code.toml",
            "[severity]\n\"SF\\u001b]0;x\\u0007\" = \"warning\"\n",
            "names unknown code `SF\\u{1b}]0;x\\u{7}`",
        ),
        (
            "level.toml",
            "fail_level = \"w\\u009b31m\"\n",
            "fail_level must be \"error\" or \"warning\", not \"w\\u{9b}31m\"",
        ),
    ];
    for (name, text, says) in cases {
        let config = d.join(name);
        std::fs::write(&config, text).unwrap();
        let (code, out, err) = common::run(&["--config", &config.display().to_string(), valid]);
        assert_eq!(code, 2, "{name}: {err}");
        assert!(err.contains(says), "{name}: {err}");
        assert_clean(name, &format!("{out}{err}"));
    }
    // A profile's code and severity are printed unquoted in every report: one that is
    // not a code is refused before any file is checked.
    let profiles = [
        (
            "code.json",
            r#"{"properties":{"name":{"x-sfcheck-code":"SF2\u001b[31m","const":"x"}}}"#,
            "gives `x-sfcheck-code` `\"SF2\\u001b[31m\"`: a finding code is up to 32 letters",
        ),
        (
            "severity.json",
            r#"{"properties":{"name":{"x-sfcheck-severity":"fatal\u202e","const":"x"}}}"#,
            "gives `x-sfcheck-severity` `\"fatal\\u{202e}\"`: it is `error` or `warning`",
        ),
    ];
    for (name, text, says) in profiles {
        let profile = d.join(name);
        std::fs::write(&profile, text).unwrap();
        let (code, out, err) = common::run(&[
            "--no-config",
            "--profile",
            &profile.display().to_string(),
            valid,
        ]);
        assert_eq!(code, 2, "{name}: {err}");
        assert!(err.contains(says), "{name}: {err}");
        assert!(out.is_empty(), "{name}: {out}");
        assert_clean(name, &err);
    }
    // A profile's own codes are still welcome.
    let profile = d.join("own.json");
    std::fs::write(
        &profile,
        r#"{"properties":{"name":{"x-sfcheck-code":"ACME-1","x-sfcheck-severity":"warning","const":"x"}}}"#,
    )
    .unwrap();
    let (code, out, _) = common::run(&[
        "--no-config",
        "-f",
        "compact",
        "--profile",
        &profile.display().to_string(),
        valid,
    ]);
    assert_eq!(code, 0, "{out}");
    assert!(out.contains("warning[ACME-1]"), "{out}");
    // `explain` quotes what it does not know escaped.
    let (code, out, err) = common::run(&["explain", "SF1\u{1b}[31m\u{202e}"]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("`SF1\\u{1b}[31m\\u{202e}`"), "{err}");
    assert_clean("explain", &format!("{out}{err}"));
}

#[test]
fn json_and_sarif_carry_no_raw_del_c1_bidi_or_zero_width_character() {
    let d = dir("output-json");
    let file = d.join(format!("{NAME}.eca.yaml"));
    let text = broken_yaml().replacen(
        "name: Deskpro_CRM_Sync",
        "name: \"Deskpro\\x7f\\u0085\\u009b\\u202e\\u200b\"",
        1,
    );
    std::fs::write(&file, text).unwrap();
    for format in ["json", "sarif"] {
        let (_, out, _) = common::run(&["--no-config", "-f", format, &file.display().to_string()]);
        assert_clean(format, &out);
        let parsed: serde_json::Value = serde_json::from_str(&out).unwrap();
        assert!(parsed.is_object(), "{format}");
    }
}

#[test]
fn a_folder_name_does_not_add_a_key_to_what_import_writes() {
    let d = dir("output-import");
    let project = d.join("p\nconsumerKey: injected\n#\u{1b}[31m");
    copy_dir(Path::new(META), &project);
    let (code, out, err) = common::run(&["--no-config", "import", &project.display().to_string()]);
    assert_eq!(code, 0, "{err}");
    assert_clean("import", &format!("{out}{err}"));
    // The name stays inside the comment that names the source, its newline escaped.
    let naming: Vec<&str> = out.lines().filter(|l| l.contains("injected")).collect();
    assert_eq!(naming.len(), 1, "{out}");
    assert!(
        naming[0].starts_with("# Imported by sfcheck from "),
        "{out}"
    );
    assert!(
        naming[0].contains("p\\nconsumerKey: injected\\n#\\u{1b}[31m"),
        "{out}"
    );
}

#[test]
fn a_tracked_file_that_gitignore_matches_is_still_checked() {
    let d = dir("output-tracked");
    std::fs::write(d.join("app.eca.yaml"), broken_yaml()).unwrap();
    let git = |args: &[&str]| {
        let status = Command::new("git")
            .args(["-c", "user.name=t", "-c", "user.email=t@example.org"])
            .args(args)
            .current_dir(&d)
            .stdout(Stdio::null())
            .status()
            .expect("git runs");
        assert!(status.success(), "git {args:?}");
    };
    git(&["init", "-q"]);
    git(&["add", "app.eca.yaml"]);
    // Added by the same change: it describes untracked files, not this one.
    std::fs::write(d.join(".gitignore"), "*.eca.yaml\n").unwrap();
    std::fs::write(d.join("untracked.eca.yaml"), broken_yaml()).unwrap();
    let (code, json) = common::run_json(&["--no-config", &d.display().to_string()]);
    assert_eq!(code, 1);
    let files: Vec<&str> = json["files"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["path"].as_str().unwrap())
        .collect();
    assert_eq!(files, [d.join("app.eca.yaml").display().to_string()]);
}

#[test]
fn fix_and_diff_through_a_closed_pipe_keep_their_exit_code() {
    // More output than a pipe holds, so the write meets the closed end: each file has a
    // fix to make and an error no fix makes (a contact that is no address).
    let d = dir("output-pipe");
    let text = broken_yaml().replacen("contactEmail: admin@deskpro.com", "contactEmail: nobody", 1);
    for i in 0..200 {
        std::fs::write(d.join(format!("a{i}.eca.yaml")), &text).unwrap();
    }
    for mode in ["--diff", "--fix"] {
        let mut child = Command::new(env!("CARGO_BIN_EXE_sfcheck"))
            .args(["--no-config", mode])
            .arg(&d)
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        drop(child.stdout.take());
        // `--diff` has fixes to show, `--fix` an error left in every file.
        assert_eq!(child.wait().unwrap().code(), Some(1), "{mode}");
    }
    // The fixes were made all the same: a diff has nothing left to show.
    let (code, _, err) = common::run(&["--no-config", "--diff", &d.display().to_string()]);
    assert_eq!(code, 0, "{err}");
}

#[test]
fn a_lone_carriage_return_is_not_shown_raw_in_a_snippet() {
    // Found by the fuzz target's escape oracle: a CR not followed by LF took the
    // terminal back over the snippet's line number.
    let d = dir("output-cr");
    let cases = [
        ("broken.eca.yaml", "name: A\noauth:\n\r02 false\n  flows:\n"),
        ("finding.eca.yaml", "name: \"A\rB\"\n"),
        ("crlf.eca.yaml", "name: A\r\nlabel: [\r\n"),
    ];
    for (name, text) in cases {
        let file = d.join(name);
        std::fs::write(&file, text).unwrap();
        for format in FORMATS {
            let (_, out, err) =
                common::run(&["--no-config", "-f", format, &file.display().to_string()]);
            let all = format!("{out}{err}");
            assert!(
                !all.replace("\r\n", "\n").contains('\r'),
                "{name} ({format}): {all:?}"
            );
            assert_clean(name, &all.replace("\r\n", "\n"));
        }
    }
}

#[test]
fn import_writes_hostile_characters_as_escapes_and_no_url_credentials() {
    let d = dir("output-import-text");
    let project = d.join("p");
    copy_dir(Path::new(META), &project);
    let app = project.join("force-app/main/default");
    let edit = |file: &str, from: &str, to: &str| {
        let path = app.join(file);
        let text = std::fs::read_to_string(&path).unwrap();
        assert!(text.contains(from), "{file}");
        std::fs::write(&path, text.replacen(from, to, 1)).unwrap();
    };
    edit(
        "externalClientApps/Deskpro_CRM_Sync.eca-meta.xml",
        "<label>Deskpro CRM Sync</label>",
        "<label>Deskpro &#x202e;CRM&#x9b;&#x85;&#x2028;&#x7f;Sync</label>",
    );
    edit(
        "extlClntAppGlobalOauthSets/Deskpro_CRM_Sync_glbloauth.ecaGlblOauth-meta.xml",
        "https://helpdesk",
        "https:///admin:Pa55word@helpdesk",
    );
    let (code, out, err) = common::run(&["--no-config", "import", &project.display().to_string()]);
    assert_eq!(code, 0, "{err}");
    assert_clean("import", &format!("{out}{err}"));
    assert!(
        out.contains("label: \"Deskpro \\u202eCRM\\u009b\\u0085\\u2028\\u007fSync\"\n"),
        "{out}"
    );
    assert!(!format!("{out}{err}").contains("Pa55word"), "{out}{err}");
    assert!(
        err.contains("the user name and password in the callback URL were not copied"),
        "{err}"
    );
    // What it wrote is a description that checks, credentials and all gone.
    let written = d.join("Deskpro_CRM_Sync.eca.yaml");
    std::fs::write(&written, &out).unwrap();
    let (code, _, err) = common::run(&[
        "--no-config",
        "--profile",
        "none",
        &written.display().to_string(),
    ]);
    assert_eq!(code, 0, "{err}");
}
