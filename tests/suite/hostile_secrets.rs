//! No output format may show 16 characters in a row of a secret the input held: values
//! quoted cut short by a finding, files that do not parse, `import`, URL credentials.

use std::path::{Path, PathBuf};

use assert_cmd::cargo::cargo_bin_cmd;

use crate::common;

pub(crate) const FORMATS: [&str; 5] = ["human", "compact", "json", "sarif", "github"];
pub(crate) const HEX: &str = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";
pub(crate) const WORD: &str = "Tr0ub4dor3xKcd-SuperSecretValue";

pub(crate) fn dir(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR"))
        .join("hostile-secrets")
        .join(name);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// Whether `output` holds 16 characters in a row of `secret`, ignoring ASCII case.
pub(crate) fn leaks(output: &str, secret: &str) -> Option<String> {
    let output = output.to_ascii_lowercase();
    let secret = secret.to_ascii_lowercase();
    let chars: Vec<char> = secret.chars().collect();
    chars
        .windows(16)
        .map(|w| w.iter().collect::<String>())
        .find(|w| output.contains(w.as_str()))
}

/// Checks `path` in every format, in-process; fails on any run of the secret, or on a
/// wrong exit.
fn assert_hidden(path: &Path, secret: &str, code: i32) {
    let path = path.display().to_string();
    for format in FORMATS {
        let (status, out, err) = common::run(&["--no-config", "-f", format, &path]);
        let all = format!("{out}{err}");
        assert_eq!(status, code, "{path}: {all}");
        if let Some(run) = leaks(&all, secret) {
            panic!("{path} ({format}) shows `{run}`:\n{all}");
        }
    }
}

#[test]
fn values_quoted_cut_short_do_not_show_a_secret() {
    let d = dir("quoted");
    let cases = [
        (
            "callback",
            format!("name: A\noauth:\n  callbackUrl: {HEX}\n"),
        ),
        (
            "list-item",
            format!(
                "name: A\noauth:\n  callbackUrl: [https://a.example.com/admin-api/salesforce/auth, {HEX}]\n"
            ),
        ),
        (
            "extra",
            format!(
                "name: A\noauth:\n  callbackUrl: [https://a.example.com/admin-api/salesforce/auth, https://b.example.com/{HEX}]\n"
            ),
        ),
        ("key", format!("name: A\n{HEX}: 1\n")),
        ("duplicate-key", format!("name: A\n{HEX}: 1\n{HEX}: 2\n")),
        (
            "path",
            format!("name: A\noauth:\n  callbackUrl: https://a.example.com/{HEX}\n"),
        ),
        (
            "host",
            format!(
                "name: A\noauth:\n  callbackUrl: https://{}.example.com/x\n",
                HEX.to_uppercase()
            ),
        ),
    ];
    for (name, text) in cases {
        let path = d.join(format!("{name}.eca.yaml"));
        std::fs::write(&path, text).unwrap();
        assert_hidden(&path, HEX, 1);
    }
}

#[test]
fn snippets_of_files_that_do_not_parse_do_not_show_a_secret() {
    let d = dir("broken");
    let xml = |body: &str| {
        format!(
            "<?xml version=\"1.0\"?>\n<ExtlClntAppGlobalOauthSettings xmlns=\"http://soap.sforce.com/2006/04/metadata\">\n{body}\n<broken\n"
        )
    };
    let cases = [
        (
            "cdata.ecaGlblOauth-meta.xml",
            xml(&format!(
                "<consumerSecret><![CDATA[{WORD}]]></consumerSecret>"
            )),
        ),
        (
            "space.ecaGlblOauth-meta.xml",
            xml(&format!(
                "<consumerSecret xml:space=\"preserve\">{WORD}</consumerSecret>"
            )),
        ),
        (
            "gap.ecaGlblOauth-meta.xml",
            xml(&format!("<consumerSecret >{WORD}</consumerSecret>")),
        ),
        (
            "comment.ecaGlblOauth-meta.xml",
            xml(&format!(
                "<consumerSecret><!-- k -->{WORD}</consumerSecret>"
            )),
        ),
        (
            "prefix.ecaGlblOauth-meta.xml",
            xml(&format!("<sf:consumerSecret>{WORD}</sf:consumerSecret>")),
        ),
        (
            "next-line.ecaGlblOauth-meta.xml",
            xml(&format!("<consumerSecret>\n    {WORD}\n</consumerSecret>")),
        ),
        (
            "kebab.eca.yaml",
            format!("name: [\nconsumer-secret: {WORD}\n"),
        ),
        (
            "title.eca.yaml",
            format!("name: [\nClient-Secret: {WORD}\n"),
        ),
        (
            "next-line.eca.yaml",
            format!("name: A\nconsumerSecret:\n  {WORD}\nname: [\n"),
        ),
        (
            "block.eca.yaml",
            format!("name: A\nconsumerSecret: x\nconsumerSecret: |\n  {WORD}\n  more\n"),
        ),
        (
            "second-document.eca.yaml",
            format!("name: A\n---\nconsumerSecret: {WORD}\n"),
        ),
        (
            "second-document-block.eca.yaml",
            format!("name: A\n---\nconsumerSecret: >\n  {WORD}\n"),
        ),
    ];
    for (name, text) in cases {
        let folder = if name.ends_with(".xml") {
            d.join("extlClntAppGlobalOauthSets")
        } else {
            d.clone()
        };
        std::fs::create_dir_all(&folder).unwrap();
        let path = folder.join(name);
        std::fs::write(&path, text).unwrap();
        assert_hidden(&path, WORD, 1);
    }
}

#[test]
fn a_secret_pasted_twice_is_masked_in_both_places() {
    // Found by the `secrets` fuzz target: the secret's value again on a line of its own
    // (the file no longer parses), or as another key's value, was shown in the snippet.
    let d = dir("pasted-twice");
    let cases = [
        (
            "broken",
            format!("name: A\nconsumerSecret: {WORD}\ncontact{WORD}\nx: 1\n"),
        ),
        (
            "value",
            format!(
                "name: A\nconsumerSecret: {WORD}\nlabel: x{}\n",
                WORD.to_uppercase()
            ),
        ),
        (
            "hex",
            format!("name: A\ndescription: {HEX}\nlabel: {}\n", &HEX[..40]),
        ),
    ];
    for (name, text) in cases {
        let path = d.join(format!("{name}.eca.yaml"));
        std::fs::write(&path, &text).unwrap();
        let secret = if name == "hex" { HEX } else { WORD };
        assert_hidden(&path, secret, 1);
    }
}

#[test]
fn a_secret_inside_a_quoted_attribute_is_hidden_in_the_message() {
    // Found by the `secrets` fuzz target: SF702 quotes the root's namespace, and a
    // secret key pasted inside the attribute came out in the message.
    let d = dir("namespace").join("extlClntAppGlobalOauthSets");
    std::fs::create_dir_all(&d).unwrap();
    let path = d.join("G.ecaGlblOauth-meta.xml");
    std::fs::write(
        &path,
        format!(
            "<?xml version=\"1.0\"?>\n<ExtlClntAppGlobalOauthSettings xmlns=\"http://\nconsumerSecret:\n  {WORD} soap.sforce.com/2006/04/metadata\">\n</ExtlClntAppGlobalOauthSettings>\n"
        ),
    )
    .unwrap();
    assert_hidden(&path, WORD, 1);
}

#[test]
fn url_credentials_are_masked_wherever_the_url_is_quoted() {
    let d = dir("userinfo");
    let path = d.join("app.eca.yaml");
    std::fs::write(
        &path,
        format!("name: A\noauth:\n  callbackUrl: http://deskpro:{WORD}@a.example.com/x?y=1\n"),
    )
    .unwrap();
    assert_hidden(&path, WORD, 1);
}

#[test]
fn import_does_not_copy_a_secret_like_value() {
    let d = dir("import");
    let ns = "xmlns=\"http://soap.sforce.com/2006/04/metadata\"";
    let key = format!(
        "-----BEGIN PRIVATE KEY-----\n{HEX}\n{}\n-----END PRIVATE KEY-----",
        WORD.repeat(2)
    );
    let files = [
        (
            "externalClientApps/App.eca-meta.xml",
            format!(
                "<ExternalClientApplication {ns}><label>App</label><description>{key}</description><contactEmail>{HEX}</contactEmail><distributionState>Local</distributionState></ExternalClientApplication>\n"
            ),
        ),
        (
            "extlClntAppGlobalOauthSets/App_glbl.ecaGlblOauth-meta.xml",
            format!(
                "<ExtlClntAppGlobalOauthSettings {ns}><externalClientApplication>App</externalClientApplication><label>App</label><callbackUrl>https://a.example.com/admin-api/salesforce/auth</callbackUrl><certificate>{key}</certificate></ExtlClntAppGlobalOauthSettings>\n"
            ),
        ),
    ];
    for (path, text) in files {
        let path = d.join(path);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }
    let out = cargo_bin_cmd!("sfcheck")
        .arg("import")
        .arg(&d)
        .output()
        .unwrap();
    let all = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    // Without its secret-like values (and with no OAuth settings file) the app's
    // description would be rejected, so it is said and not written (exit 1).
    assert_eq!(out.status.code(), Some(1), "{all}");
    assert!(all.contains("App: not imported"), "{all}");
    for secret in [HEX, WORD] {
        assert_eq!(leaks(&all, secret), None, "{all}");
    }
    assert!(
        all.contains("holds a private key; it was not copied"),
        "{all}"
    );
}
