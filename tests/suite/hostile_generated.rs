//! Hostile input too large to keep as fixtures, generated here: each case once made
//! sfcheck slow, hungry or wrong. The timeout only guards against a hang (a case that
//! regresses takes minutes or is killed); speed is measured in `scripts/bench.sh`.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Duration;

use assert_cmd::cargo::cargo_bin_cmd;

const FORMATS: [&str; 5] = ["human", "compact", "json", "sarif", "github"];

fn dir(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR"))
        .join("hostile-generated")
        .join(name);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// Runs sfcheck with `args`; gives the exit code (`None` if killed), stdout and stderr.
fn run(args: &[&str]) -> (Option<i32>, String, String) {
    let out = cargo_bin_cmd!("sfcheck")
        .arg("--no-config")
        .args(args)
        .timeout(Duration::from_secs(120))
        .output()
        .unwrap();
    (
        out.status.code(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// The `code message` of every finding, from the JSON report.
fn findings(path: &Path) -> (Option<i32>, Vec<String>) {
    let (code, stdout, stderr) = run(&["-f", "json", path.to_str().unwrap()]);
    let json: serde_json::Value =
        serde_json::from_str(&stdout).unwrap_or_else(|e| panic!("{e}: {stdout} {stderr}"));
    let list = json["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            format!(
                "{} {}",
                f["code"].as_str().unwrap(),
                f["message"].as_str().unwrap()
            )
        })
        .collect();
    (code, list)
}

#[test]
fn one_alias_of_a_long_string_repeated_stops_with_sf006() {
    let d = dir("alias");
    let file = d.join("alias.eca.yaml");
    let aliases = vec!["*a"; 10_000].join(", ");
    let text = format!("a: &a \"{}\"\nb: [{aliases}]\n", "x".repeat(500_000));
    std::fs::write(&file, text).unwrap();
    assert_eq!(
        findings(&file),
        (
            Some(1),
            vec![
                "SF006 the file's aliases copy more than 1048576 bytes of text; checking stopped"
                    .into()
            ]
        )
    );
    // A few aliases of short values are fine.
    std::fs::write(&file, "a: &a x\nb: [*a, *a]\n").unwrap();
    assert!(!findings(&file).1.iter().any(|f| f.starts_with("SF006")));
}

#[test]
fn runs_of_hashes_in_values_comments_and_xml() {
    let d = dir("hashes");
    let hashes = "#".repeat(1_000_000);
    let in_value = d.join("value.eca.yaml");
    std::fs::write(&in_value, format!("name: \"{hashes}\"\n")).unwrap();
    let in_comment = d.join("comment.eca.yaml");
    std::fs::write(&in_comment, format!("# {hashes} sfcheck:\n")).unwrap();
    let xml = d.join("externalClientApps/A.eca-meta.xml");
    std::fs::create_dir_all(xml.parent().unwrap()).unwrap();
    std::fs::write(&xml, format!("<ExternalClientApplication xmlns=\"http://soap.sforce.com/2006/04/metadata\"><!-- {hashes} --><label>A</label></ExternalClientApplication>\n")).unwrap();
    let (code, list) = findings(&in_value);
    assert_eq!(code, Some(1));
    assert!(list.iter().any(|f| f.starts_with("SF104")), "{list:?}");
    // The marker after the run is still found.
    assert_eq!(
        findings(&in_comment),
        (
            Some(1),
            vec![
                "SF003 the file holds only comments, no description".into(),
                "SF602 this `sfcheck:` comment is not a suppression sfcheck understands".into()
            ]
        )
    );
    let (code, _) = findings(&xml);
    assert_eq!(code, Some(1));
}

#[test]
fn ninety_thousand_scopes_on_one_line() {
    let d = dir("scopes");
    let file = d.join("scopes.eca.yaml");
    let repeated = vec!["api"; 90_000].join(", ");
    std::fs::write(&file, format!("oauth:\n  scopes: [{repeated}]\n")).unwrap();
    let (code, list) = findings(&file);
    assert_eq!(code, Some(1));
    assert_eq!(list.len(), 201);
    assert_eq!(
        list[200],
        "SF010 89811 more findings in this file are not shown"
    );
    let unknown: Vec<String> = (0..90_000).map(|i| format!("s{i}")).collect();
    std::fs::write(
        &file,
        format!("oauth:\n  scopes: [{}]\n", unknown.join(", ")),
    )
    .unwrap();
    let (code, list) = findings(&file);
    assert_eq!(code, Some(1));
    assert_eq!(list.len(), 201, "{:?}", &list[..3]);
    // Validation stops working errors out past a bound, and says so first.
    assert!(
        list[0].starts_with("SF010 the schema found ") && list[0].ends_with("they are not shown"),
        "{:?}",
        &list[..3]
    );
}

#[test]
fn an_attribute_flood_is_refused_before_parsing() {
    let d = dir("attributes");
    let file = d.join("externalClientApps/A.eca-meta.xml");
    std::fs::create_dir_all(file.parent().unwrap()).unwrap();
    let attributes: String = (0..90_000).map(|i| format!(" a{i}=\"\"")).collect();
    std::fs::write(&file, format!("<ExternalClientApplication xmlns=\"http://soap.sforce.com/2006/04/metadata\"{attributes}><label>A</label></ExternalClientApplication>\n")).unwrap();
    assert_eq!(
        findings(&file),
        (
            Some(1),
            vec!["SF701 an element has more than 64 attributes; checking stopped".into()]
        )
    );
}

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

#[test]
fn thousands_of_unknown_keys_are_counted_and_a_late_misspelling_still_pairs() {
    // The `limits` fuzz target's first finding: each unknown key cost a "did you mean"
    // worked out twice. Only the first 200 of a mapping can be shown; the rest are
    // counted, and a misspelling among them still takes the place of its missing key.
    let d = dir("unknown-keys");
    let keys: String = (0..2_000).map(|i| format!("k{i}: x\n")).collect();
    let misspelt = d.join("misspelt.eca.yaml");
    std::fs::write(&misspelt, format!("{keys}nmae: A\n")).unwrap();
    let (code, list) = findings(&misspelt);
    assert_eq!(code, Some(1));
    assert_eq!(
        list[..6],
        [
            "SF101 unknown key `k0` at the top level",
            "SF102 missing key `contactEmail` at the top level (“Contact Email”)",
            "SF102 missing key `distributionState` at the top level (“Distribution State”)",
            "SF102 missing key `label` at the top level (“External Client App Name”)",
            "SF102 missing key `oauth` at the top level (“OAuth Settings”)",
            "SF101 unknown key `k1` at the top level",
        ]
    );
    assert_eq!(list.len(), 201);
    assert_eq!(
        list[200],
        "SF010 1805 more findings in this file are not shown"
    );
    // An unknown key that misspells nothing leaves `name` missing: one finding more.
    let other = d.join("other.eca.yaml");
    std::fs::write(&other, format!("{keys}zzzz: A\n")).unwrap();
    let (_, list) = findings(&other);
    assert!(
        list.iter()
            .any(|f| f.starts_with("SF102 missing key `name`"))
    );
    assert_eq!(
        list[200],
        "SF010 1806 more findings in this file are not shown"
    );
}
