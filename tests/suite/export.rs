//! `sfcheck export`: the files it writes read back as the same app (both round trips,
//! over every fixture), it refuses what it must, and the exported example project is
//! the reviewed snapshot. That the real `sf` CLI accepts the files is checked by
//! `scripts/sf-export-test.sh`.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use assert_cmd::cargo::cargo_bin_cmd;
use serde_json::Value;
use sfcheck::check::Checker;
use sfcheck::document::metadata;
use sfcheck::document::{Limits, emit, yaml};
use sfcheck::finding::Severity;

/// The bundled example with real-looking hosts (the example's own are placeholders, SF107).
const EXAMPLE: &str = "fixtures/valid/deskpro-crm-sync.eca.yaml";

fn scratch(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR"))
        .join("export")
        .join(name);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn yaml_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            yaml_files(&path, out);
        } else if path.to_string_lossy().ends_with(".eca.yaml") {
            out.push(path);
        }
    }
}

/// Whether a description checks without errors under `--profile none`.
fn valid(checker: &Checker, text: &str) -> bool {
    checker
        .check_yaml("x.eca.yaml", text)
        .count(Severity::Error)
        == 0
}

/// The settings of every app under `dir`, as `import` reads them (the secret aside).
fn import(dir: &Path) -> Vec<Value> {
    let (files, unreadable) = sfcheck::discover::metadata_files(dir, None);
    assert!(unreadable.is_empty(), "{unreadable:?}");
    let set = metadata::read(&files, 1 << 20);
    set.apps
        .iter()
        .map(|app| {
            let mut value = app.build(&app.sources()).document.value;
            value.as_object_mut().unwrap().remove("consumerSecret");
            value
        })
        .collect()
}

/// Exports `value` into a fresh package folder and reads it back.
fn export_then_import(value: &Value, name: &str) -> Vec<Value> {
    let dir = scratch(name);
    for file in sfcheck::export::files(value).unwrap() {
        let path = dir.join(&file.path);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, file.text).unwrap();
    }
    import(&dir)
}

/// The settings, comments and layout aside: no `$schema`, and text as metadata keeps
/// it (the reader trims element text, so a PEM block's final newline goes).
fn settings(value: &Value) -> Value {
    match value {
        Value::Object(map) => Value::Object(
            map.iter()
                .filter(|(k, _)| *k != "$schema")
                .map(|(k, v)| (k.clone(), settings(v)))
                .collect(),
        ),
        Value::Array(items) => Value::Array(items.iter().map(settings).collect()),
        Value::String(s) => Value::String(s.trim().to_owned()),
        other => other.clone(),
    }
}

#[test]
fn import_of_export_gives_back_every_valid_description() {
    let checker = Checker::new(None, None, BTreeMap::new()).unwrap();
    let mut paths = vec![PathBuf::from(EXAMPLE)];
    yaml_files(Path::new("fixtures"), &mut paths);
    let mut checked = 0;
    let mut failures = Vec::new();
    for path in &paths {
        let Ok(text) = std::fs::read_to_string(path) else {
            continue; // not UTF-8: a hostile fixture
        };
        if !valid(&checker, &text) {
            continue;
        }
        checked += 1;
        let mut y = yaml::parse(&text, Limits::default()).0.unwrap().value;
        // Configure ID token with no ID token setting: export writes Salesforce's
        // documented validity, the one setting an `<idTokenConfig>` must hold to count.
        if y["oauth"]["configureIdToken"] == true && y["oauth"].get("idToken").is_none() {
            y["oauth"]["idToken"] = serde_json::json!({"validityMinutes": 2});
        }
        // A list of one callback URL is one line in metadata, read back as the URL.
        if let Some([one]) = y["oauth"]["callbackUrl"].as_array().map(Vec::as_slice) {
            y["oauth"]["callbackUrl"] = one.clone();
        }
        let back = export_then_import(&y, "import-of-export");
        if back != [settings(&y)] {
            failures.push(format!(
                "{}:\n  gave {back:?}\n  want {:?}",
                path.display(),
                settings(&y)
            ));
        }
    }
    assert!(failures.is_empty(), "\n{}", failures.join("\n"));
    // Every fixture that checks clean under `--profile none`: the pass cases of each
    // rule and the valid description, not a handful.
    assert!(
        checked >= 40,
        "only {checked} valid descriptions were found"
    );
}

#[test]
fn export_of_import_gives_back_every_fixture_project() {
    let checker = Checker::new(None, None, BTreeMap::new()).unwrap();
    let mut round_tripped = Vec::new();
    let mut refused = Vec::new();
    let mut failures = Vec::new();
    let mut dirs: Vec<PathBuf> = std::fs::read_dir("fixtures/metadata")
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    dirs.sort();
    for dir in dirs {
        let name = dir.file_name().unwrap().to_string_lossy().into_owned();
        for x in import(&dir) {
            // What `sfcheck import` writes, checked as `export` checks it.
            if !valid(&checker, &emit::to_yaml(&x)) {
                refused.push(name.clone());
                continue;
            }
            let back = export_then_import(&x, "export-of-import");
            if back != [x.clone()] {
                failures.push(format!("{name}:\n  gave {back:?}\n  want {x:?}"));
            }
            round_tripped.push(name.clone());
        }
    }
    assert!(failures.is_empty(), "\n{}", failures.join("\n"));
    // A project whose description has errors under `--profile none` is refused, not
    // exported; which ones those are is part of the contract.
    assert_eq!(round_tripped, ROUND_TRIPPED, "refused: {refused:?}");
    assert_eq!(refused, REFUSED);
}

const ROUND_TRIPPED: &[&str] = &[
    "absent-elements",
    "absent-flags",
    "app-disabled",
    "callback-each-verdict",
    "callback-urls-real",
    "consumer-secret",
    "deskpro-retrieve",
    "deskpro-valid",
    "every-element",
    "generic-retrieve",
    "idtoken-unknown-child",
    "idtoken-zero",
    "jwt-certificate",
    "namespaced",
    "oauth-names-as-scopes",
    "oauth-off",
    "org-specific-and-rotation",
    "orphan",
    "policy-token-exchange-off",
    "several-callback-urls",
    "suppressed-in-xml",
    "two-headers",
    "unknown-element",
    "unknown-scope-token",
    "wrong-folder",
    "wrong-root",
];

/// `global-missing`, `oauth-without-global`, `header-only` (two apps): no global OAuth
/// settings or no OAuth at all, so the description misses required settings.
/// `not-a-boolean`, `packageable`: wrong values. The rest: a file that does not read.
const REFUSED: &[&str] = &[
    "global-missing",
    "header-only",
    "header-only",
    "malformed-xml",
    "not-a-boolean",
    "oauth-without-global",
    "packageable",
    "wrong-suffix",
];

fn sfcheck(args: &[&str]) -> (i32, String, String) {
    let out = cargo_bin_cmd!("sfcheck").args(args).output().unwrap();
    (
        out.status.code().unwrap(),
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
    )
}

/// Every file under `dir`, as `== path` and its text, in path order.
fn tree(dir: &Path) -> String {
    fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                walk(&path, out);
            } else {
                out.push(path);
            }
        }
    }
    let mut files = Vec::new();
    walk(dir, &mut files);
    files.sort();
    files
        .iter()
        .map(|f| {
            let rel = f.strip_prefix(dir).unwrap().display();
            format!("== {rel}\n{}", std::fs::read_to_string(f).unwrap())
        })
        .collect()
}

#[test]
fn exports_the_example_as_a_retrieve_writes_it() {
    let dir = scratch("example").join("force-app/main/default");
    let (code, out, err) = sfcheck(&["export", EXAMPLE, "--output-dir", dir.to_str().unwrap()]);
    assert_eq!(code, 0, "{err}");
    let wrote: Vec<String> = out
        .lines()
        .map(|l| l.replace(&format!("{}/", dir.display()), ""))
        .collect();
    assert_eq!(
        wrote,
        [
            "wrote externalClientApps/Deskpro_CRM_Sync.eca-meta.xml",
            "wrote extlClntAppGlobalOauthSets/Deskpro_CRM_Sync_glbloauth.ecaGlblOauth-meta.xml",
            "wrote extlClntAppOauthSettings/Deskpro_CRM_Sync_oauth.ecaOauth-meta.xml",
            "wrote extlClntAppPolicies/Deskpro_CRM_Sync_defaultPolicy.ecaPlcy-meta.xml",
            "wrote extlClntAppOauthPolicies/Deskpro_CRM_Sync_oauth_defaultPolicy.ecaOauthPlcy-meta.xml",
        ]
    );
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(err.starts_with("note: "), "{err}");
    assert!(
        err.contains("Deskpro_CRM_Sync_glbloauth.ecaGlblOauth-meta.xml"),
        "{err}"
    );
    assert!(err.contains("not meant for source control"), "{err}");
    insta::assert_snapshot!("export-example", tree(&dir));
    // What was written checks clean under the profile the example was written for.
    let (code, _, err) = sfcheck(&["--quiet", dir.to_str().unwrap()]);
    assert_eq!(code, 0, "{err}");
}

#[test]
fn refuses_a_description_with_errors_and_writes_nothing() {
    let dir = scratch("refused");
    let out_dir = dir.join("out");
    for (file, code) in [
        (
            "fixtures/rules/SF104/trip-api-name-underscores.eca.yaml",
            "SF104",
        ),
        (
            "fixtures/rules/SF401/trip-consumer-secret.eca.yaml",
            "SF401",
        ),
    ] {
        let (status, out, err) =
            sfcheck(&["export", file, "--output-dir", out_dir.to_str().unwrap()]);
        assert_eq!(status, 1, "{file}: {err}");
        assert_eq!(out, "", "{file}");
        assert!(err.contains(code), "{file}: {err}");
        assert!(
            err.ends_with("has errors (see above); nothing was exported\n"),
            "{err}"
        );
        assert!(!out_dir.exists(), "{file}");
    }
    // The secret is not echoed, not even its start.
    let text =
        std::fs::read_to_string("fixtures/rules/SF401/trip-consumer-secret.eca.yaml").unwrap();
    let secret = text
        .lines()
        .find_map(|l| l.strip_prefix("consumerSecret:"))
        .unwrap()
        .trim();
    let (_, _, err) = sfcheck(&[
        "export",
        "fixtures/rules/SF401/trip-consumer-secret.eca.yaml",
        "--output-dir",
        out_dir.to_str().unwrap(),
    ]);
    assert!(!err.contains(&secret[..8]), "{err}");
    let (status, _, err) = sfcheck(&["export", "fixtures/no-such.eca.yaml"]);
    assert_eq!(status, 3, "{err}");
    assert!(
        err.starts_with("error: cannot read `fixtures/no-such.eca.yaml`"),
        "{err}"
    );
}

#[test]
fn never_overwrites_without_force() {
    let dir = scratch("overwrite");
    let out_dir = dir.to_str().unwrap();
    assert_eq!(sfcheck(&["export", EXAMPLE, "--output-dir", out_dir]).0, 0);
    let header = dir.join("externalClientApps/Deskpro_CRM_Sync.eca-meta.xml");
    std::fs::write(&header, "edited").unwrap();
    let (code, out, err) = sfcheck(&["export", EXAMPLE, "--output-dir", out_dir]);
    assert_eq!((code, out.as_str()), (2, ""), "{err}");
    assert_eq!(
        err,
        format!(
            "error: `{}` exists; pass --force to overwrite it\n",
            header.display()
        )
    );
    assert_eq!(std::fs::read_to_string(&header).unwrap(), "edited");
    let (code, _, err) = sfcheck(&["export", EXAMPLE, "--output-dir", out_dir, "--force"]);
    assert_eq!(code, 0, "{err}");
    assert!(
        std::fs::read_to_string(&header)
            .unwrap()
            .starts_with("<?xml")
    );
    // The temporary files were renamed into place, none left behind.
    assert!(!tree(&dir).contains(".tmp"), "{}", tree(&dir));
}

#[test]
fn writes_nested_multiline_and_escaped_values_as_a_retrieve_does() {
    let text = "name: App\nlabel: R&D <App>\ncontactEmail: a@example.com\ndistributionState: Local\n\
        oauth:\n  enabled: true\n  callbackUrl: [https://a.example.com/cb, https://b.example.com/cb]\n\
        \x20 scopes: [api, id, refresh_token]\n  introspectAllTokens: false\n  configureIdToken: true\n\
        \x20 idToken: {validityMinutes: 30, includeStandardClaims: true, audience: aud}\n\
        \x20 certificate: |\n    -----BEGIN CERTIFICATE-----\n    MIIB\n    -----END CERTIFICATE-----\n\
        \x20 flows: {clientCredentials: false, authorizationCodeAndCredentials: false, device: false, jwtBearer: true, tokenExchange: false}\n\
        \x20 security: {requireSecretForTokenExchange: true, requireSecretForWebServerFlow: true, requireSecretForRefreshToken: true, requirePkce: true, refreshTokenRotation: true, jwtAccessTokens: false}\n";
    let checker = Checker::new(None, None, BTreeMap::new()).unwrap();
    assert!(valid(&checker, text));
    let value = yaml::parse(text, Limits::default()).0.unwrap().value;
    let files = sfcheck::export::files(&value).unwrap();
    let shown: String = files
        .iter()
        .take(3)
        .map(|f| format!("== {}\n{}", f.path.display(), f.text))
        .collect();
    insta::assert_snapshot!("export-nested", shown);
    assert_eq!(export_then_import(&value, "nested"), [settings(&value)]);
}

#[test]
fn export_does_not_call_a_profiles_suppression_unused() {
    // `export` checks under `--profile none`, where SF207 cannot be found; the suppression
    // the check with the profile needs is not "unused" there.
    let dir = scratch("suppressed");
    let text = std::fs::read_to_string(EXAMPLE).unwrap().replacen(
        "refreshTokenRotation: false",
        "refreshTokenRotation: true  # sfcheck: ignore[SF207] our org forces rotation on",
        1,
    );
    let file = dir.join("app.eca.yaml");
    std::fs::write(&file, text).unwrap();
    let file = file.to_str().unwrap();
    let out = dir.join("out");
    let (code, _, err) = sfcheck(&["export", file, "--output-dir", out.to_str().unwrap()]);
    assert_eq!(code, 0, "{err}");
    assert!(!err.contains("SF602"), "{err}");
    // The check with the profile uses it.
    let (code, out, err) = sfcheck(&["--no-config", "-f", "compact", file]);
    assert_eq!((code, out.as_str()), (0, ""), "{err}");
    // Under `--profile none` the plain check does not call it unused either.
    let (code, out, err) = sfcheck(&["--no-config", "--profile", "none", "-f", "compact", file]);
    assert_eq!((code, out.as_str()), (0, ""), "{err}");
}
