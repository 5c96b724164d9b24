//! A secret is known by its key's name, spelt right or not, and by its whole value, on
//! one line or several: a misspelt secret key, a key named for a password or token, and a
//! secret wrapped across lines are masked in every format and in `--diff`; `--fix` never
//! renames a secret key into a field that is not masked.

use std::path::{Path, PathBuf};

use crate::cli_support::{GLOBAL, META, copy_dir, findings, valid_with};
use crate::common;
use crate::hostile_secrets::{FORMATS, HEX, WORD, dir, leaks};

/// Runs `path` in every format; fails on any run of `secret` or an exit other than `code`.
fn assert_hidden_in_formats(path: &Path, secret: &str, code: i32) {
    let path = path.display().to_string();
    for format in FORMATS {
        let args = ["--no-config", "-f", format, path.as_str()];
        let (status, out, err) = common::run(&args);
        let all = format!("{out}{err}");
        assert_eq!(status, code, "{args:?}: {all}");
        if let Some(run) = leaks(&all, secret) {
            panic!("{args:?} shows `{run}`:\n{all}");
        }
    }
}

/// [`assert_hidden_in_formats`], and `--diff` too, which exits `diff_code` when one is
/// given (1 when it has a change to show).
fn assert_hidden_with_diff(path: &Path, secret: &str, code: i32, diff_code: Option<i32>) {
    assert_hidden_in_formats(path, secret, code);
    let path = path.display().to_string();
    let (status, out, err) = common::run(&["--no-config", "--diff", path.as_str()]);
    let all = format!("{out}{err}");
    if let Some(diff_code) = diff_code {
        assert_eq!(status, diff_code, "--diff: {all}");
    }
    if let Some(run) = leaks(&all, secret) {
        panic!("--diff shows `{run}`:\n{all}");
    }
}

/// Every format and `--diff` exit `code`, and none shows any run of `secret`.
fn assert_hidden(path: &Path, secret: &str, code: i32) {
    assert_hidden_with_diff(path, secret, code, Some(code));
}

/// The valid YAML with PKCE off (a change `--diff` shows) and `tail` after its last line,
/// inside the diff's context.
fn yaml_with(tail: &str) -> String {
    let text = valid_with("requirePkce: true", "requirePkce: false");
    format!("{}\n{tail}", text.trim_end())
}

/// A copy of the valid metadata project whose global OAuth file has PKCE off and `element`
/// just before it.
fn metadata_with(d: &Path, name: &str, element: &str) -> PathBuf {
    let project = d.join(name);
    copy_dir(Path::new(META), &project);
    let global = project.join(GLOBAL);
    let text = std::fs::read_to_string(&global).unwrap();
    let from = "<isPkceRequired>true</isPkceRequired>";
    assert!(text.contains(from));
    let to = format!("{element}\n    <isPkceRequired>false</isPkceRequired>");
    std::fs::write(&global, text.replacen(from, &to, 1)).unwrap();
    project
}

fn codes(path: &Path) -> Vec<String> {
    let path = path.display().to_string();
    let (_, json) = common::run_json(&["--no-config", &path]);
    findings(&json)
        .into_iter()
        .map(|f| f[..5].to_owned())
        .collect()
}

#[test]
fn a_misspelt_or_named_secret_key_is_masked_in_every_format_and_the_diff() {
    let d = dir("names-yaml");
    let cases = [
        ("consumerSecrt", "SF401"),
        ("consumersecret", "SF401"),
        ("consumer_secret", "SF401"),
        ("client-secret", "SF401"),
        ("cosnumerSecret", "SF401"),
        ("db_password", "SF402"),
        ("apiToken", "SF402"),
        ("private_key", "SF402"),
        ("signingCredential", "SF402"),
        // Near a setting's name, but holding text: `jwtAccessTokens`, `clientCredentials`.
        ("jwtAccessToken", "SF402"),
        ("clientCredential", "SF402"),
        ("api key", "SF402"),
        ("private.key", "SF402"),
    ];
    for (key, code) in cases {
        let path = d.join(format!("{key}.eca.yaml"));
        std::fs::write(&path, yaml_with(&format!("{key}: {WORD}\n"))).unwrap();
        assert!(
            codes(&path).contains(&code.to_owned()),
            "{key}: {:?}",
            codes(&path)
        );
        assert_hidden(&path, WORD, 1);
    }
}

#[test]
fn secret_keys_in_shapes_a_parser_refuses_or_reads_twice_are_masked() {
    let d = dir("names-shapes");
    let long = format!("{}_password", "x".repeat(70));
    let cases = [
        ("space", format!("api key: {WORD}\nb: [\n")),
        ("dotted", format!("consumer.secrt: {WORD}\nb: [\n")),
        ("words", format!("consumer secrt: {WORD}\nb: [\n")),
        ("escaped", format!("\"db_p\\x61ssword\": {WORD}\nb: [\n")),
        ("explicit", format!("? db_password\n: {WORD}\nb: [\n")),
        (
            "explicit-twice",
            format!("? db_password\n: {WORD}\n? db_password\n: {WORD}\n"),
        ),
        ("complex", format!("? [db_password]\n: {WORD}\n")),
        ("flow", format!("a: {{name: A, password: x\n{WORD}\n")),
        ("long", format!("{long}: {WORD}\nb: [\n")),
        ("near", format!("jwtAccessToken: {WORD}\nb: [\n")),
        // An explicit key away from its value's `:` line, or written over lines.
        (
            "explicit-comment",
            format!("? consumerSecret\n# c\n: {WORD}\nb: [\n"),
        ),
        (
            "explicit-blank",
            format!("? consumerSecret\n\n: {WORD}\nb: \"\n"),
        ),
        (
            "explicit-block",
            format!("? |\n  consumerSecret\n: {WORD}\nb: [\n"),
        ),
        (
            "explicit-folded",
            format!("? consumer\n  Secret\n: {WORD}\nb: [\n"),
        ),
        (
            "explicit-quoted",
            format!("? \"consumer\n  Secret\"\n: {WORD}\nb: [\n"),
        ),
        // A key given as an alias of a secret's name.
        ("alias", format!("x: &k consumerSecret\n*k : {WORD}\n")),
        (
            "alias-flow",
            format!("x: &k db_password\ny: {{*k : {WORD}}}\n"),
        ),
        (
            "alias-next-line",
            format!("x: &k\n  consumerSecret\n*k : {WORD}\n"),
        ),
        (
            "alias-block",
            format!("x: &k >-\n  consumerSecret\n*k : {WORD}\n"),
        ),
        (
            "alias-explicit",
            format!("x: &k consumerSecret\n? *k\n# c\n: {WORD}\n"),
        ),
        // Escaped under its key, plain elsewhere, and nothing parses.
        (
            "escaped-copy",
            format!(
                "consumerSecret: \"{}\\x{:x}{}\"\nnotes: {WORD}\nb: \"\n",
                &WORD[..4],
                WORD.as_bytes()[4],
                &WORD[5..]
            ),
        ),
    ];
    for (name, text) in cases {
        let path = d.join(format!("{name}.eca.yaml"));
        std::fs::write(&path, yaml_with(&text)).unwrap();
        // Most do not parse, so the diff may have nothing to show.
        assert_hidden_with_diff(&path, WORD, 1, None);
    }
}

#[test]
fn a_misspelt_secret_element_is_masked_in_every_format_and_the_diff() {
    let d = dir("names-xml");
    let cases = [
        (
            "misspelt",
            format!("<consumerSecre>{WORD}</consumerSecre>"),
            "SF401",
        ),
        (
            "named",
            format!("<oauthPassword>{WORD}</oauthPassword>"),
            "SF402",
        ),
        (
            "wrapped-tag",
            format!("<consumerSecre\n    >{WORD}</consumerSecre>"),
            "SF401",
        ),
        (
            "dotted",
            format!("<db.password>{WORD}</db.password>"),
            "SF402",
        ),
        // A closing tag in a comment or CDATA does not end what is masked.
        (
            "comment",
            format!("<apiPassword><!-- </apiPassword> -->{WORD}</apiPassword>"),
            "SF402",
        ),
        (
            "cdata",
            format!("<apiPassword><![CDATA[</apiPassword>{WORD}]]></apiPassword>"),
            "SF402",
        ),
        // Read as parsed, past what a text scan takes for the closing tag.
        (
            "instruction",
            format!("<apiPassword><?pi </apiPassword> ?>{WORD}</apiPassword>"),
            "SF402",
        ),
        // Nested in an element the type does not define, at any depth.
        (
            "nested",
            format!("<extra><private.key>{WORD}</private.key></extra>"),
            "SF703",
        ),
        (
            "deep",
            format!("<a><b><c><apiToken>x<!-- -->{WORD}</apiToken></c></b></a>"),
            "SF703",
        ),
    ];
    for (name, element, code) in cases {
        let project = metadata_with(&d, name, &element);
        assert!(
            codes(&project).contains(&code.to_owned()),
            "{name}: {:?}",
            codes(&project)
        );
        assert_hidden(&project, WORD, 1);
    }
    // A satellite that names no app is reported on its own: masked all the same.
    let project = metadata_with(
        &d,
        "lone",
        &format!("<db.password><?pi </db.password> ?>{WORD}</db.password>"),
    );
    let global = project.join(GLOBAL);
    let text = std::fs::read_to_string(&global).unwrap();
    std::fs::write(
        &global,
        text.replace(
            "<externalClientApplication>Deskpro_CRM_Sync<",
            "<externalClientApplication>Other<",
        ),
    )
    .unwrap();
    assert!(
        codes(&project).contains(&"SF705".to_owned()),
        "{:?}",
        codes(&project)
    );
    assert_hidden_in_formats(&project, WORD, 1);
}

#[test]
fn a_secret_known_by_its_shape_is_masked_however_the_xml_spells_it() {
    let d = dir("shapes-xml");
    let body = "MIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQC7";
    let pem = |label: &str| format!("-----BEGIN {label}-----\n{body}\n-----END PRIVATE KEY-----");
    let last = HEX.len() - 1;
    let cases = [
        // A reference inside the 64 digits: the text scan sees 63.
        (
            "hex-reference",
            format!("<notes>{}&#{};</notes>", &HEX[..last], HEX.as_bytes()[last]),
            HEX,
        ),
        (
            "pem-space",
            format!("<notes>{}</notes>", pem("PRIVATE&#32;KEY")),
            body,
        ),
        (
            "pem-letter",
            format!("<notes>{}</notes>", pem("PRIV&#x41;TE KEY")),
            body,
        ),
        (
            "pem-cdata",
            format!("<notes><![CDATA[{}</notes>", pem("PRIVATE]]> KEY")),
            body,
        ),
    ];
    for (name, element, secret) in cases {
        let project = metadata_with(&d, name, &element);
        let codes = codes(&project);
        assert!(
            codes.contains(&"SF402".to_owned()) && codes.contains(&"SF703".to_owned()),
            "{name}: {codes:?}"
        );
        assert_hidden(&project, secret, 1);
    }
    // An entity a DTD declares: the file is refused, and the declaration is masked.
    let project = metadata_with(&d, "entity", "<consumerSecret>&s;</consumerSecret>");
    let global = project.join(GLOBAL);
    let text = std::fs::read_to_string(&global).unwrap();
    let dtd = format!("<!DOCTYPE x [<!ENTITY s \"{WORD}\">]>\n<ExtlClntAppGlobalOauthSettings");
    std::fs::write(
        &global,
        text.replacen("<ExtlClntAppGlobalOauthSettings", &dtd, 1),
    )
    .unwrap();
    assert!(
        codes(&project).contains(&"SF701".to_owned()),
        "{:?}",
        codes(&project)
    );
    assert_hidden_in_formats(&project, WORD, 1);
}

#[test]
fn a_bearer_token_is_reported_and_masked_wherever_it_stands() {
    let d = dir("bearer");
    let jwt = "eyJhbGciOiJSUzI1NiJ9.eyJpc3MiOiIzTVZHOSIsInN1YiI6ImFkbWluQGV4YW1wbGUuY29tIn0.c2lnbmF0dXJlLW9mLXRoZS10b2tlbg";
    let org = format!("00D5g000004XyZa!{}", "AQ0AQK9xWq".repeat(9));
    for (name, text, token) in [
        (
            "setting",
            valid_with("jwtAccessTokens: false", &format!("jwtAccessTokens: {jwt}")),
            jwt,
        ),
        (
            "query",
            yaml_with(&format!("description: \"https://h/x?access_token={org}\"")),
            org.as_str(),
        ),
    ] {
        let path = d.join(format!("{name}.eca.yaml"));
        std::fs::write(&path, text).unwrap();
        assert!(
            codes(&path).contains(&"SF402".to_owned()),
            "{name}: {:?}",
            codes(&path)
        );
        assert_hidden_with_diff(&path, token, 1, None);
    }
    // After an escape that stands for a space, and with its separators written as
    // references, in a file that does not parse.
    let escaped = yaml_with(&format!("description: \"https://h/x?auth=Bearer%20{jwt}\""));
    let path = d.join("escaped.eca.yaml");
    std::fs::write(&path, escaped).unwrap();
    assert_hidden_with_diff(&path, jwt, 1, None);
    for (name, token) in [("jwt", jwt), ("org", org.as_str())] {
        let spelt = token.replace('.', "&#46;").replacen('!', "&#x21;", 1);
        let project = metadata_with(&d, name, &format!("<notes>{spelt}</notes><broken"));
        assert_hidden_with_diff(&project, &token.replace('.', "&#46;"), 1, None);
        for part in token.split(['.', '!']).filter(|p| p.len() >= 16) {
            assert_hidden_with_diff(&project, part, 1, None);
        }
    }
    let project = metadata_with(&d, "element", &format!("<notes>{jwt}</notes>"));
    assert!(
        codes(&project).contains(&"SF402".to_owned()),
        "{:?}",
        codes(&project)
    );
    assert_hidden(&project, jwt, 1);
}

#[test]
fn a_secret_written_across_lines_is_masked_whole() {
    // Each half is longer than the 16 characters `leaks` looks for, so a half shown is
    // caught.
    let (head, tail) = HEX.split_at(32);
    let d = dir("lines");
    let yaml = [
        (
            "folded",
            format!("consumerSecret: >-\n  {head}\n  {tail}\n"),
        ),
        (
            "literal",
            format!("consumerSecret: |\n  {head}\n  {tail}\n"),
        ),
        ("plain", format!("consumerSecret: {head}\n  {tail}\n")),
        ("double", format!("consumerSecret: \"{head}\n  {tail}\"\n")),
        ("single", format!("consumerSecret: '{head}\n  {tail}'\n")),
        ("misspelt", format!("consumerSecrt: \"{head}\n  {tail}\"\n")),
        ("named", format!("db_password: '{head}\n  {tail}'\n")),
    ];
    for (name, tail_text) in yaml {
        let path = d.join(format!("{name}.eca.yaml"));
        std::fs::write(&path, yaml_with(&tail_text)).unwrap();
        assert_hidden(&path, HEX, 1);
    }
    let xml = [
        (
            "wrapped",
            format!("<consumerSecret>{head}\n    {tail}</consumerSecret>"),
        ),
        (
            "wrapped-misspelt",
            format!("<consumerSecre>\n{head}\n{tail}\n</consumerSecre>"),
        ),
    ];
    for (name, element) in xml {
        let project = metadata_with(&d, name, &element);
        assert_hidden(&project, HEX, 1);
    }
}

#[test]
fn fix_does_not_rename_a_misspelt_secret_into_a_field_that_is_not_one() {
    let d = dir("fix");
    let path = d.join("app.eca.yaml");
    std::fs::write(&path, yaml_with(&format!("consumerSecrt: {WORD}\n"))).unwrap();
    let p = path.display().to_string();
    let (status, out, err) = common::run(&["--no-config", "--fix", &p]);
    let all = format!("{out}{err}");
    assert!(leaks(&all, WORD).is_none(), "{all}");
    let after = std::fs::read_to_string(&path).unwrap();
    assert!(after.contains(&format!("consumerSecrt: {WORD}")), "{after}");
    assert!(!after.contains("consumerKey"), "{after}");
    assert!(after.contains("requirePkce: true"), "{after}");
    // The secret is still there, and still an error.
    assert_eq!(status, 1, "{all}");
    assert_eq!(codes(&path), ["SF401"]);

    let project = metadata_with(
        &d,
        "meta",
        &format!("<consumerSecre>{WORD}</consumerSecre>"),
    );
    let pp = project.display().to_string();
    let (status, out, err) = common::run(&["--no-config", "--fix", &pp]);
    let all = format!("{out}{err}");
    assert!(leaks(&all, WORD).is_none(), "{all}");
    let after = std::fs::read_to_string(project.join(GLOBAL)).unwrap();
    assert!(
        after.contains(&format!("<consumerSecre>{WORD}</consumerSecre>")),
        "{after}"
    );
    assert_eq!(after.matches("<consumerKey>").count(), 1, "{after}");
    assert_eq!(status, 1, "{all}");
}

#[test]
fn fix_does_not_rename_a_name_near_a_setting_while_it_holds_text() {
    let d = dir("fix-near");
    let path = d.join("app.eca.yaml");
    let text = valid_with(
        "    clientCredentials: false",
        &format!("    clientCredential: [{WORD}]"),
    );
    std::fs::write(&path, &text).unwrap();
    let p = path.display().to_string();
    let (_, out, err) = common::run(&["--no-config", "--fix", &p]);
    let all = format!("{out}{err}");
    assert!(leaks(&all, WORD).is_none(), "{all}");
    let after = std::fs::read_to_string(&path).unwrap();
    assert!(
        after.contains(&format!("clientCredential: [{WORD}]")),
        "{after}"
    );
    assert!(!after.contains("clientCredentials:"), "{after}");
    // Holding a flag, it is the setting misspelt, and renamed.
    std::fs::write(&path, text.replace(&format!("[{WORD}]"), "false")).unwrap();
    common::run(&["--no-config", "--fix", &p]);
    let after = std::fs::read_to_string(&path).unwrap();
    assert!(after.contains("clientCredentials: false"), "{after}");
}

#[test]
fn field_names_that_mention_a_secret_or_token_are_not_secrets() {
    // The valid files name requireSecretForTokenExchange, refreshTokenRotation,
    // isConsumerSecretOptional, shouldRotateConsumerSecret: none is a secret.
    assert_eq!(
        codes(Path::new("fixtures/valid/deskpro-crm-sync.eca.yaml")),
        Vec::<String>::new()
    );
    assert_eq!(codes(Path::new(META)), Vec::<String>::new());
    // A misspelt field that is not a secret is still suggested and fixed.
    let d = dir("not-secret");
    let path = d.join("app.eca.yaml");
    std::fs::write(
        &path,
        valid_with("refreshTokenRotation: false", "refreshTokenRotaton: false"),
    )
    .unwrap();
    let p = path.display().to_string();
    let (_, out, _) = common::run(&["--no-config", "-f", "compact", &p]);
    assert!(!out.contains("SF402"), "{out}");
    assert!(out.contains("refreshTokenRotation"), "{out}");
    common::run(&["--no-config", "--fix", &p]);
    let after = std::fs::read_to_string(&path).unwrap();
    assert!(after.contains("refreshTokenRotation: false"), "{after}");
}
