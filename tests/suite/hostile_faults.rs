//! Faults around the input, made here: configs and limits that do not fit, closed pipes,
//! control characters in names, broken headers, unreadable folders and profiles that
//! would grow without bound. Each once made sfcheck hang, lose findings or say wrong things.

use std::path::Path;
use std::process::{Command, Stdio};
use std::time::Duration;

use assert_cmd::cargo::cargo_bin_cmd;

use super::hostile_generated::{dir, run};

const FORMATS: [&str; 5] = ["human", "compact", "json", "sarif", "github"];

#[test]
fn a_config_is_read_only_from_a_regular_file_of_bounded_size() {
    let d = dir("config");
    let example = "examples/deskpro-crm-sync.eca.yaml";
    let big = d.join("big.toml");
    std::fs::write(&big, format!("# {}\n", "x".repeat(2 * 1024 * 1024))).unwrap();
    let fifo = d.join("fifo.toml");
    assert!(
        Command::new("mkfifo")
            .arg(&fifo)
            .status()
            .unwrap()
            .success()
    );
    for (config, says) in [
        ("/dev/zero", "is not a regular file"),
        (fifo.to_str().unwrap(), "is not a regular file"),
        (big.to_str().unwrap(), "is larger than 1048576 bytes"),
    ] {
        let out = cargo_bin_cmd!("sfcheck")
            .args(["--config", config, example])
            .timeout(Duration::from_secs(120))
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{config}: {stderr}");
        assert!(stderr.contains(says), "{config}: {stderr}");
    }
}

#[test]
fn a_size_limit_that_does_not_fit_is_a_usage_error() {
    let (code, _, stderr) = run(&[
        "--max-file-size",
        "18446744073709551615",
        "examples/deskpro-crm-sync.eca.yaml",
    ]);
    assert_eq!(code, Some(2), "{stderr}");
    let d = dir("size-config");
    std::fs::write(
        d.join("sfcheck.toml"),
        "max_file_size = 18446744073709551615\n",
    )
    .unwrap();
    let out = cargo_bin_cmd!("sfcheck")
        .arg("--config")
        .arg(d.join("sfcheck.toml"))
        .arg("examples/deskpro-crm-sync.eca.yaml")
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.contains("max_file_size must be at most 1073741824"),
        "{stderr}"
    );
}

#[test]
fn a_closed_output_pipe_keeps_the_exit_code_of_the_findings() {
    // More output than a pipe holds, so the write meets the closed end.
    let d = dir("pipe");
    let file = d.join("many.eca.yaml");
    let keys: String = (0..300).map(|i| format!("unknownKey{i}: 1\n")).collect();
    std::fs::write(&file, keys).unwrap();
    let mut child = Command::new(env!("CARGO_BIN_EXE_sfcheck"))
        .args(["--no-config", "-f", "human"])
        .arg(&file)
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    drop(child.stdout.take());
    assert_eq!(child.wait().unwrap().code(), Some(1));
}

#[test]
fn control_characters_are_escaped_in_every_format() {
    let d = dir("inject");
    let file = d.join("x\n::error file=a.yaml::injected.eca.yaml");
    std::fs::write(
        &file,
        "\"k\\n::error file=b.yaml::injected\\u001b[31m\": 1\nname: Good_Name\n",
    )
    .unwrap();
    for format in FORMATS {
        let (code, stdout, stderr) = run(&["-f", format, file.to_str().unwrap()]);
        assert_eq!(code, Some(1), "{format}: {stderr}");
        let injected: Vec<&str> = stdout
            .lines()
            .chain(stderr.lines())
            .filter(|l| l.trim_start().starts_with("::error file=") && l.contains("injected::"))
            .collect();
        assert!(injected.is_empty(), "{format}: {injected:?}");
        assert!(!stdout.contains('\u{1b}'), "{format}");
    }
    let (_, compact, _) = run(&["-f", "compact", file.to_str().unwrap()]);
    assert!(
        compact.contains("x\\n::error file=a.yaml::injected.eca.yaml:1:1:"),
        "{compact}"
    );
}

#[test]
fn a_malformed_glob_is_a_usage_error() {
    let (code, _, stderr) = run(&["examples/[x.eca.yaml"]);
    assert_eq!(code, Some(2), "{stderr}");
    assert!(stderr.contains("is not a valid pattern"), "{stderr}");
}

/// A package with one app: header, global settings and OAuth settings.
fn package(root: &Path, header: &str) {
    let ns = "xmlns=\"http://soap.sforce.com/2006/04/metadata\"";
    let files = [
        (
            "externalClientApps/App.eca-meta.xml",
            header.replace("NS", ns),
        ),
        (
            "extlClntAppOauthSettings/App_oauth.ecaOauth-meta.xml",
            format!(
                "<ExtlClntAppOauthSettings {ns}><externalClientApplication>App</externalClientApplication><label>App</label><commaSeparatedOauthScopes>Api</commaSeparatedOauthScopes></ExtlClntAppOauthSettings>\n"
            ),
        ),
        (
            "extlClntAppGlobalOauthSets/App_glbloauth.ecaGlblOauth-meta.xml",
            format!(
                "<ExtlClntAppGlobalOauthSettings {ns}><externalClientApplication>App</externalClientApplication><label>App</label><callbackUrl>http://x/y</callbackUrl></ExtlClntAppGlobalOauthSettings>\n"
            ),
        ),
    ];
    for (path, text) in files {
        let path = root.join(path);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }
}

#[test]
fn a_broken_header_is_said_once_not_as_an_orphan_per_satellite() {
    let d = dir("broken-header");
    package(&d, "<ExternalClientApplication NS><label>App</label>\n");
    for asked in [d.clone(), d.join("extlClntAppOauthSettings")] {
        let (code, stdout, _) = run(&["-f", "compact", asked.to_str().unwrap()]);
        assert_eq!(code, Some(1));
        let codes: Vec<&str> = stdout
            .lines()
            .filter_map(|l| l.split_once(": error[").map(|(_, r)| &r[..5]))
            .collect();
        assert_eq!(codes, ["SF701"], "{stdout}");
    }
}

#[test]
fn a_file_outside_a_type_folder_walks_only_its_own_folder() {
    let d = dir("loose");
    package(
        &d.join("deep/below"),
        "<ExternalClientApplication NS><label>App</label><distributionState>Local</distributionState><isProtected>false</isProtected></ExternalClientApplication>\n",
    );
    let loose = d.join("A.eca-meta.xml");
    std::fs::write(&loose, "<ExternalClientApplication xmlns=\"http://soap.sforce.com/2006/04/metadata\"><label>A</label></ExternalClientApplication>\n").unwrap();
    let (code, stdout, stderr) = run(&["-f", "compact", loose.to_str().unwrap()]);
    assert_eq!(code, Some(1), "{stderr}");
    // Only the named file is reported: the package two folders down was not read.
    assert!(
        stdout
            .lines()
            .all(|l| l.starts_with(loose.to_str().unwrap())),
        "{stdout}"
    );
}

fn is_root() -> bool {
    let out = Command::new("id").arg("-u").output().unwrap();
    String::from_utf8_lossy(&out.stdout).trim() == "0"
}

#[test]
fn an_unreadable_folder_is_reported_and_the_rest_is_kept() {
    use std::os::unix::fs::PermissionsExt;
    let d = dir("unreadable");
    package(
        &d,
        "<ExternalClientApplication NS><label>App</label><distributionState>Local</distributionState><isProtected>false</isProtected></ExternalClientApplication>\n",
    );
    let locked = d.join("locked");
    std::fs::create_dir_all(&locked).unwrap();
    std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o000)).unwrap();
    for tree in [d.parent().unwrap(), &d] {
        std::fs::set_permissions(tree, std::fs::Permissions::from_mode(0o755)).unwrap();
    }
    // Root reads any folder: the check runs as an unprivileged user then.
    let mut cmd = if is_root() {
        let mut c = Command::new("setpriv");
        c.args(["--reuid=65534", "--regid=65534", "--clear-groups"])
            .arg(env!("CARGO_BIN_EXE_sfcheck"));
        c
    } else {
        Command::new(env!("CARGO_BIN_EXE_sfcheck"))
    };
    let header = d.join("externalClientApps/App.eca-meta.xml");
    let out = cmd
        .args(["--no-config", "-f", "compact"])
        .arg(&header)
        .output()
        .unwrap();
    std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o755)).unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(3), "{stdout}{stderr}");
    assert!(stderr.contains("locked"), "{stderr}");
    // The app's satellites were read: the callback URL is checked, no SF706.
    assert!(stdout.contains("error[SF302]"), "{stdout}");
    assert!(!stdout.contains("SF706"), "{stdout}");
}

#[test]
fn a_profile_that_doubles_through_its_refs_is_refused() {
    let d = dir("profile");
    let levels: Vec<String> = (0..24)
        .map(|i| {
            let next = format!("#/$defs/a{}", i + 1);
            format!("\"a{i}\": {{\"anyOf\": [{{\"$ref\": \"{next}\"}}, {{\"$ref\": \"{next}\"}}]}}")
        })
        .collect();
    let profile = format!(
        "{{\"$ref\": \"#/$defs/a0\", \"$defs\": {{{}, \"a24\": {{\"type\": \"object\"}}}}}}",
        levels.join(", ")
    );
    std::fs::write(d.join("doubling.schema.json"), profile).unwrap();
    std::fs::write(
        d.join("sfcheck.toml"),
        "profile = \"doubling.schema.json\"\n",
    )
    .unwrap();
    let out = cargo_bin_cmd!("sfcheck")
        .arg("--config")
        .arg(d.join("sfcheck.toml"))
        .arg("examples/deskpro-crm-sync.eca.yaml")
        .timeout(Duration::from_secs(120))
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.contains("expands to more than 100000 schema nodes through its $refs"),
        "{stderr}"
    );
}

#[test]
fn a_profile_that_doubles_through_a_second_file_is_refused() {
    // Each file doubles through 12 levels: alone, each is under the bound; the profile
    // refers to the second file at its last level, and together they double 24 times.
    let d = dir("profile-two-files");
    let doubling = |prefix: &str, last: String| {
        let levels: Vec<String> = (0..12)
            .map(|i| {
                let next = format!("#/$defs/{prefix}{}", i + 1);
                format!("\"{prefix}{i}\": {{\"anyOf\": [{{\"$ref\": \"{next}\"}}, {{\"$ref\": \"{next}\"}}]}}")
            })
            .collect();
        format!(
            "{{\"$ref\": \"#/$defs/{prefix}0\", \"$defs\": {{{}, \"{prefix}12\": {last}}}}}",
            levels.join(", ")
        )
    };
    std::fs::write(
        d.join("second.schema.json"),
        doubling("b", "{\"type\": \"object\"}".into()),
    )
    .unwrap();
    let profile = d.join("first.schema.json");
    std::fs::write(
        &profile,
        doubling("a", "{\"$ref\": \"second.schema.json#/$defs/b0\"}".into()),
    )
    .unwrap();
    let out = cargo_bin_cmd!("sfcheck")
        .args(["--no-config", "--profile"])
        .arg(&profile)
        .arg("examples/deskpro-crm-sync.eca.yaml")
        .timeout(Duration::from_secs(120))
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.contains("expands to more than 100000 schema nodes through its $refs"),
        "{stderr}"
    );
    // The second file alone is under the bound: it is used, not refused for its size.
    let out = cargo_bin_cmd!("sfcheck")
        .args(["--no-config", "--profile"])
        .arg(d.join("second.schema.json"))
        .arg("examples/deskpro-crm-sync.eca.yaml")
        .timeout(Duration::from_secs(120))
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{stderr}");
    // A `$ref` the count cannot follow (an anchor) is refused by name.
    let anchored = d.join("anchored.schema.json");
    std::fs::write(
        &anchored,
        "{\"$ref\": \"#a\", \"$defs\": {\"a\": {\"$anchor\": \"a\", \"type\": \"object\"}}}",
    )
    .unwrap();
    let out = cargo_bin_cmd!("sfcheck")
        .args(["--no-config", "--profile"])
        .arg(&anchored)
        .arg("examples/deskpro-crm-sync.eca.yaml")
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert_eq!(
        stderr.trim_end().lines().last(),
        Some(
            format!(
                "error: profile `{}` is refused: its size with every $ref expanded cannot be measured (`$ref` `#a` names an anchor, which the count does not follow)",
                anchored.display()
            )
            .as_str()
        ),
        "{stderr}"
    );
}
