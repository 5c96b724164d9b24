//! Salesforce DX metadata: every project under `fixtures/metadata/` gives exactly the
//! findings its `expect` file lists, in the report's order
//! (`<file> CODE@line:column-endLine:endColumn/pointer`), and checking what
//! `sfcheck import` makes of it gives the same verdicts.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use assert_cmd::cargo::cargo_bin_cmd;
use serde_json::Value;

use crate::common;

fn cases() -> Vec<PathBuf> {
    let mut dirs: Vec<PathBuf> = std::fs::read_dir("fixtures/metadata")
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    dirs.sort();
    dirs
}

/// Checks in-process; a description given as text (what `import` wrote) is checked
/// from a file of its own, as `-` would check it from standard input.
fn check(args: &[&str], text: Option<String>) -> (i32, Value) {
    let Some(text) = text else {
        return common::run_json(args);
    };
    static N: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
    let n = N.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("metadata");
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join(format!("imported-{n}.eca.yaml"));
    std::fs::write(&file, text).unwrap();
    let file = file.display().to_string();
    let args: Vec<&str> = args
        .iter()
        .map(|a| if *a == "-" { file.as_str() } else { a })
        .collect();
    common::run_json(&args)
}

fn rows(json: &Value, base: &str) -> Vec<String> {
    json["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            let path = f["path"].as_str().unwrap();
            format!(
                "{} {}",
                path.strip_prefix(base).unwrap_or(path),
                common::token(f)
            )
        })
        .collect()
}

fn expected(dir: &Path, file: &str) -> Option<Vec<String>> {
    let text = std::fs::read_to_string(dir.join(file)).ok()?;
    Some(text.lines().map(str::to_owned).collect())
}

/// Checks each project under the default profile (`expect`) and, where an `expect.none`
/// file is given, structure only (`--profile none`): exact rows, and exit 1 exactly when
/// an error is among them.
#[test]
fn every_project_gives_exactly_the_expected_findings() {
    let mut failures = Vec::new();
    for dir in cases() {
        let base = format!("{}/", dir.display());
        let runs = [
            ("expect", vec![base.as_str()]),
            ("expect.none", vec!["--profile", "none", base.as_str()]),
        ];
        for (file, args) in runs {
            let Some(expected) = expected(&dir, file) else {
                assert_ne!(file, "expect", "{base} has no `expect` file");
                continue;
            };
            let (status, json) = check(&args, None);
            let got = rows(&json, &base);
            failures.extend(common::severity_mismatches(&base, &json));
            if got != expected {
                failures.push(format!(
                    "{base} ({file}):\n  expected {expected:?}\n  got      {got:?}"
                ));
            }
            let want = if json["summary"]["errors"].as_u64().unwrap() > 0 {
                1
            } else {
                0
            };
            if status != want {
                failures.push(format!("{base} ({file}): exit {status}, expected {want}"));
            }
        }
    }
    assert!(failures.is_empty(), "\n{}", failures.join("\n"));
}

#[test]
fn the_compliant_project_is_clean_and_every_metadata_code_is_tripped() {
    let (status, json) = check(&["fixtures/metadata/deskpro-valid"], None);
    assert_eq!(
        (
            status,
            json["summary"]["errors"].as_u64(),
            json["summary"]["warnings"].as_u64()
        ),
        (0, Some(0), Some(0))
    );
    assert_eq!(json["summary"]["files"], 5);
    let all: String = cases()
        .iter()
        .map(|d| std::fs::read_to_string(d.join("expect")).unwrap())
        .collect();
    for code in sfcheck::catalogue::ALL
        .iter()
        .map(|c| c.code)
        .filter(|c| c.starts_with("SF7"))
    {
        assert!(
            all.contains(&format!(" {code}@")),
            "no metadata fixture trips {code}"
        );
    }
}

#[test]
fn one_file_of_an_app_checks_the_whole_app() {
    let dir = "fixtures/metadata/generic-retrieve/";
    let (status, json) = check(
        &[&format!(
            "{dir}force-app/main/default/externalClientApps/ecaViaMetadata.eca-meta.xml"
        )],
        None,
    );
    assert_eq!(status, 1);
    let expected: Vec<String> = std::fs::read_to_string(format!("{dir}expect"))
        .unwrap()
        .lines()
        .map(str::to_owned)
        .collect();
    assert_eq!(rows(&json, dir), expected);
}

#[test]
fn the_consumer_secret_never_appears_in_any_format() {
    let secret = "9F8E7D6C5B4A3F2E1D0C";
    for format in ["human", "compact", "json", "sarif", "github"] {
        let (_, out, err) = common::run(&["--format", format, "fixtures/metadata/consumer-secret"]);
        let all = format!("{out}{err}");
        assert!(all.contains("SF401"), "{format}");
        assert!(!all.contains(secret), "{format}: {all}");
    }
    let (_, out, err) = common::run(&["import", "fixtures/metadata/consumer-secret"]);
    assert!(!out.is_empty() && !format!("{out}{err}").contains(secret));
}

/// Codes that only metadata can raise (the YAML description has no place for them), and
/// codes about the file's own suppression comments, which an import does not copy.
fn metadata_only(code: &str) -> bool {
    code.starts_with("SF7") || code.starts_with("SF6") || code == "SF401"
}

/// What a check says about the app's fields: (pointer, code) of each finding.
fn verdicts(json: &Value) -> BTreeSet<(String, String)> {
    json["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| !metadata_only(f["code"].as_str().unwrap()))
        .map(|f| {
            let code = f["code"].as_str().unwrap();
            // In metadata one element holds two settings (`idTokenConfig`, `certificate`),
            // and it gets one finding, on the setting that is its presence.
            let pointer = match f["pointer"].as_str().unwrap() {
                "/oauth/idToken" => "/oauth/configureIdToken",
                "/oauth/certificate" => "/oauth/flows/jwtBearer",
                p => p,
            };
            (pointer.to_owned(), code.to_owned())
        })
        .collect()
}

#[test]
fn checking_the_import_gives_the_same_verdicts() {
    // Projects whose app lacks the global settings (kept out of git, unreadable, or under a
    // suffix the CLI ignores) import as an incomplete description, and say so.
    let incomplete = ["global-missing", "malformed-xml", "wrong-suffix"];
    let mut failures = Vec::new();
    for dir in cases() {
        let name = dir.file_name().unwrap().to_str().unwrap();
        let (status, yaml, _) = common::run(&["import", dir.to_str().unwrap()]);
        if status != 0 || incomplete.contains(&name) {
            continue;
        }
        let (_, xml) = check(&[dir.to_str().unwrap()], None);
        let (_, imported) = check(&["-"], Some(yaml.clone()));
        if verdicts(&xml) != verdicts(&imported) {
            failures.push(format!(
                "{name}:\n  xml    {:?}\n  import {:?}\n{yaml}",
                verdicts(&xml),
                verdicts(&imported)
            ));
        }
    }
    assert!(failures.is_empty(), "\n{}", failures.join("\n"));
}

#[test]
fn import_writes_files_and_never_overwrites_unasked() {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("metadata/import");
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("app.eca.yaml");
    let import = |extra: &[&str]| {
        let mut args = vec![
            "import",
            "fixtures/metadata/deskpro-valid",
            "--output",
            file.to_str().unwrap(),
        ];
        args.extend_from_slice(extra);
        common::run(&args).0
    };
    assert_eq!(import(&[]), 0);
    assert_eq!(common::run(&[file.to_str().unwrap()]).0, 0);
    assert_eq!(import(&[]), 2);
    assert_eq!(import(&["--force"]), 0);
}

#[test]
fn a_git_ignored_global_settings_file_on_disk_is_still_read() {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("metadata/gitignored-global");
    let _ = std::fs::remove_dir_all(&dir);
    let src = Path::new("fixtures/metadata/deskpro-valid");
    for entry in common::files_under(src) {
        let target = dir.join(entry.strip_prefix(src).unwrap());
        std::fs::create_dir_all(target.parent().unwrap()).unwrap();
        std::fs::copy(&entry, &target).unwrap();
    }
    std::fs::write(dir.join(".gitignore"), "**/*.ecaGlblOauth-meta.xml\n").unwrap();
    let global = dir.join("force-app/main/default/extlClntAppGlobalOauthSets/Deskpro_CRM_Sync_glbloauth.ecaGlblOauth-meta.xml");
    let text = std::fs::read_to_string(&global)
        .unwrap()
        .replace("<isDeviceFlowEnabled>false", "<isDeviceFlowEnabled>true");
    std::fs::write(&global, text).unwrap();
    let (status, json) = check(&[dir.to_str().unwrap()], None);
    assert_eq!(status, 1);
    assert_eq!(json["findings"][0]["code"], "SF205");
    std::fs::remove_file(&global).unwrap();
    let (status, json) = check(&[dir.to_str().unwrap()], None);
    assert_eq!(
        (status, json["findings"][0]["code"].as_str()),
        (0, Some("SF706"))
    );
}

/// Copies a fixture project into a fresh folder under the test's temporary directory.
fn copy_project(name: &str, to: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR"))
        .join("metadata")
        .join(to);
    let _ = std::fs::remove_dir_all(&dir);
    let src = Path::new("fixtures/metadata").join(name);
    for entry in common::files_under(&src) {
        let target = dir.join(entry.strip_prefix(&src).unwrap());
        std::fs::create_dir_all(target.parent().unwrap()).unwrap();
        std::fs::copy(&entry, &target).unwrap();
    }
    dir
}

#[test]
fn eca_files_hidden_by_gitignore_are_counted_and_a_run_that_checks_nothing_fails() {
    let dir = copy_project("deskpro-valid", "gitignored-app");
    std::fs::write(dir.join(".gitignore"), "force-app/main/default/ext*/\n").unwrap();
    let out = cargo_bin_cmd!("sfcheck").arg(&dir).output().unwrap();
    assert_eq!(out.status.code(), Some(3));
    assert_eq!(
        String::from_utf8_lossy(&out.stdout),
        format!("✗ not checked: `{}`; 0 files checked\n", dir.display())
    );
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("note: 5 ECA metadata files ignored by .gitignore were not checked")
            && stderr.contains("run with `--no-ignore` to check them"),
        "{stderr}"
    );
    let (status, json) = check(&["--no-ignore", dir.to_str().unwrap()], None);
    assert_eq!((status, json["summary"]["files"].as_u64()), (0, Some(5)));
    // An empty folder checks nothing either.
    let empty = Path::new(env!("CARGO_TARGET_TMPDIR")).join("metadata/empty-folder");
    std::fs::create_dir_all(&empty).unwrap();
    cargo_bin_cmd!("sfcheck").arg(&empty).assert().code(3);
}

#[test]
fn the_json_report_lists_each_file_with_its_metadata_type_full_name_and_app() {
    let dir = "fixtures/metadata/orphan/";
    let (_, json) = check(&["--profile", "none", dir], None);
    let files: Vec<String> = json["files"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            let path = f["path"].as_str().unwrap();
            format!(
                "{} {} {} {}",
                path.strip_prefix(dir).unwrap_or(path),
                f["metadataType"],
                f["fullName"],
                f["app"]
            )
        })
        .collect();
    let t = "force-app/main/default";
    assert_eq!(
        files,
        [
            format!(
                "{t}/externalClientApps/Deskpro_CRM_Sync.eca-meta.xml \"ExternalClientApplication\" \"Deskpro_CRM_Sync\" \"Deskpro_CRM_Sync\""
            ),
            format!(
                "{t}/extlClntAppGlobalOauthSets/Deskpro_CRM_Sync_glbloauth.ecaGlblOauth-meta.xml \"ExtlClntAppGlobalOauthSettings\" \"Deskpro_CRM_Sync_glbloauth\" \"Deskpro_CRM_Sync\""
            ),
            format!(
                "{t}/extlClntAppOauthSettings/Deskpro_CRM_Sync_oauth.ecaOauth-meta.xml \"ExtlClntAppOauthSettings\" \"Deskpro_CRM_Sync_oauth\" \"Deskpro_CRM_Sync\""
            ),
            format!(
                "{t}/extlClntAppPolicies/Deskpro_CRM_Sync_defaultPolicy.ecaPlcy-meta.xml \"ExtlClntAppConfigurablePolicies\" \"Deskpro_CRM_Sync_defaultPolicy\" \"Deskpro_CRM_Sync\""
            ),
            format!(
                "{t}/extlClntAppOauthPolicies/Deskpro_CRM_Sync_oauth_defaultPolicy.ecaOauthPlcy-meta.xml \"ExtlClntAppOauthConfigurablePolicies\" \"Deskpro_CRM_Sync_oauth_defaultPolicy\" \"Deskpro_CRM_Sync\""
            ),
            // The orphan names no known app: typed by its suffix, in no app.
            format!(
                "{t}/extlClntAppOauthSettings/Deskpro_Sync_oauth.ecaOauth-meta.xml \"ExtlClntAppOauthSettings\" \"Deskpro_Sync_oauth\" null"
            ),
        ]
    );
}

#[test]
fn import_of_several_apps_writes_one_file_each_into_a_folder_and_never_a_rejected_one() {
    // Two complete apps in one project, and one that is a header alone.
    let root = Path::new(env!("CARGO_TARGET_TMPDIR")).join("metadata/import-several");
    let _ = std::fs::remove_dir_all(&root);
    for (name, to) in [
        ("deskpro-valid", "a"),
        ("namespaced", "b"),
        ("header-only", "c"),
    ] {
        let dir = copy_project(name, &format!("import-several-{to}"));
        std::fs::create_dir_all(&root).unwrap();
        std::fs::rename(&dir, root.join(to)).unwrap();
    }
    let import = |extra: &[&str]| {
        let mut args = vec!["import", root.to_str().unwrap()];
        args.extend_from_slice(extra);
        common::run(&args)
    };
    let (status, stdout, stderr) = import(&[]);
    assert_eq!(status, 2, "{stderr}");
    assert!(stdout.is_empty());
    assert!(
        stderr.contains("error: 2 apps found (Crm_Bridge, Deskpro_CRM_Sync); standard output takes one description"),
        "{stderr}"
    );
    // The header-only apps are said and left out, never written.
    assert!(
        stderr.contains("error: Field_Tools: not imported: it has no OAuth settings file"),
        "{stderr}"
    );
    let file = root.join("apps.eca.yaml");
    let (status, _, stderr) = import(&["--output", file.to_str().unwrap()]);
    assert_eq!(status, 2);
    assert!(
        stderr.contains("apps.eca.yaml` names one file: pass a folder to write one file per app"),
        "{stderr}"
    );
    assert!(!file.exists());
    // A folder that does not exist yet, written without a final `/`, is made.
    let made = root.join("made");
    assert_eq!(import(&["--output", made.to_str().unwrap()]).0, 1);
    assert!(made.join("Crm_Bridge.eca.yaml").is_file());
    let folder = format!("{}/out/", root.display());
    assert_eq!(import(&["--output", &folder]).0, 1, "one app was left out");
    let mut written: Vec<String> = std::fs::read_dir(&folder)
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    written.sort();
    assert_eq!(
        written,
        ["Crm_Bridge.eca.yaml", "Deskpro_CRM_Sync.eca.yaml"]
    );
    for name in written {
        let (status, json) = check(&[&format!("{folder}{name}")], None);
        assert_eq!(
            (status, json["summary"]["errors"].as_u64()),
            (0, Some(0)),
            "{name}"
        );
    }
}

#[test]
fn import_says_each_value_it_fills_in_and_each_element_it_leaves_out() {
    let (status, yaml, stderr) = common::run(&["import", "fixtures/metadata/absent-flags"]);
    assert_eq!(status, 0);
    for line in [
        "note: Helpdesk_Sync: `oauth.flows.tokenExchange` filled in as false: `<isTokenExchangeEnabled>` is absent (no documented default: what a retrieve writes)",
        "note: Helpdesk_Sync: `oauth.introspectAllTokens` filled in as false: `<isIntrospectAllTokens>` is absent (Salesforce's documented default)",
        "note: Helpdesk_Sync: left out of the description (no place for them): `<isProtected>` of ",
    ] {
        assert!(stderr.contains(line), "{line}\n{stderr}");
    }
    assert!(yaml.contains("    tokenExchange: false\n"), "{yaml}");
    // The description says what the metadata says: Deskpro's profile finds the same.
    let (_, imported) = check(&["-"], Some(yaml));
    assert_eq!(imported["findings"][0]["code"], "SF206");
}

#[test]
fn satellites_that_name_the_app_with_its_namespace_prefix_belong_to_it() {
    let (status, json) = check(&["--profile", "none", "fixtures/metadata/namespaced"], None);
    assert_eq!(status, 0);
    let apps: Vec<(&str, &str)> = json["files"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["metadataType"].as_str().unwrap(),
                f["app"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        apps,
        [
            ("ExternalClientApplication", "Crm_Bridge"),
            ("ExtlClntAppGlobalOauthSettings", "Crm_Bridge"),
            ("ExtlClntAppOauthSettings", "Crm_Bridge"),
            ("ExtlClntAppConfigurablePolicies", "Crm_Bridge"),
        ]
    );
}
