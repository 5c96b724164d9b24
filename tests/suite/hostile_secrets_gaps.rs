//! Secrets through the gaps between what a snippet masks and what the words quote, each
//! once shown by some output: a case per gap.

use crate::common;
use crate::hostile_secrets::{FORMATS, HEX, WORD, dir, leaks};

const NS: &str = "xmlns=\"http://soap.sforce.com/2006/04/metadata\"";

fn assert_hidden(args: &[&str], secret: &str, code: i32) {
    let (status, out, err) = common::run(args);
    let all = format!("{out}{err}");
    assert_eq!(status, code, "{args:?}: {all}");
    if let Some(run) = leaks(&all, secret) {
        panic!("{args:?} shows `{run}`:\n{all}");
    }
}

#[test]
fn a_suppression_naming_a_secret_does_not_show_it() {
    // SF602 quotes the codes a suppression names; suppressions are read after the
    // findings are scrubbed, so their own findings were not.
    let d = dir("suppression");
    let cases = [
        (
            "hex",
            format!("name: A # sfcheck: ignore[{HEX}] why\n"),
            HEX,
        ),
        (
            "key",
            format!("name: A # sfcheck: ignore[consumerSecret: {WORD}] why\n"),
            WORD,
        ),
    ];
    for (name, text, secret) in cases {
        let path = d.join(format!("{name}.eca.yaml"));
        std::fs::write(&path, text).unwrap();
        let path = path.display().to_string();
        for format in FORMATS {
            assert_hidden(&["--no-config", "-f", format, &path], secret, 1);
        }
    }
}

#[test]
fn a_secret_written_in_the_files_syntax_is_masked_where_it_is_written_plainly() {
    // The masked bytes and the secret differ when the secret is written with an escape,
    // an entity or an alias; its plain copy elsewhere was shown in that line's snippet.
    let d = dir("decoded");
    let hex_tail = &HEX[1..];
    let cases = [
        (
            "escape.eca.yaml",
            format!(
                "name: A\nconsumerSecret: \"Tr0ub4dor3xKcd-\\x53uperSecretValue\"\ndescriptio: {WORD}\n"
            ),
            WORD,
        ),
        (
            "alias.eca.yaml",
            format!("name: A\ndescriptio: &s {WORD}\nconsumerSecret: *s\n"),
            WORD,
        ),
        (
            "url.eca.yaml",
            format!("name: A\noauth:\n  callbackUrl: \"https://a.example.com/\\x39{hex_tail}\"\n"),
            HEX,
        ),
        (
            "extlClntAppGlobalOauthSets/G.ecaGlblOauth-meta.xml",
            format!(
                "<ExtlClntAppGlobalOauthSettings {NS}>\n<externalClientApplication>A</externalClientApplication>\n<consumerSecret>Tr0ub4dor3xKcd-&#x53;uperSecretValue</consumerSecret>\n<descriptio>{WORD}</descriptio>\n</ExtlClntAppGlobalOauthSettings>\n"
            ),
            WORD,
        ),
    ];
    // The header, so that the settings file is checked as part of app `A`.
    let header = d.join("externalClientApps/A.eca-meta.xml");
    std::fs::create_dir_all(header.parent().unwrap()).unwrap();
    std::fs::write(
        &header,
        format!("<ExternalClientApplication {NS}><label>A</label><contactEmail>a@deskpro.io</contactEmail><distributionState>Local</distributionState></ExternalClientApplication>\n"),
    )
    .unwrap();
    for (name, text, secret) in cases {
        let path = d.join(name);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, text).unwrap();
        let path = path.display().to_string();
        for format in FORMATS {
            assert_hidden(&["--no-config", "-f", format, &path], secret, 1);
        }
    }
}

#[test]
fn a_value_on_the_line_after_its_key_at_the_same_indentation_is_masked() {
    // In a flow mapping (`{consumerSecret:` then the value on the next line) and in an
    // XML attribute (`consumerSecret=` then the value), the value need not be indented
    // deeper than the key; in a file that does not parse, nothing else masks it.
    let d = dir("next-line");
    let cases = [
        ("flow.eca.yaml", format!("{{consumerSecret:\n{WORD}]\n")),
        (
            "extlClntAppGlobalOauthSets/G.ecaGlblOauth-meta.xml",
            format!(
                "<?xml version=\"1.0\"?>\n<ExtlClntAppGlobalOauthSettings consumerSecret=\n\"{WORD}\" {NS}>\n</ExtlClntAppGlobalOauthSettings>\n"
            ),
        ),
    ];
    for (name, text) in cases {
        let path = d.join(name);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, text).unwrap();
        let path = path.display().to_string();
        for format in FORMATS {
            assert_hidden(&["--no-config", "-f", format, &path], WORD, 1);
        }
    }
}

#[test]
fn a_key_spelled_with_escapes_in_a_broken_file_is_masked() {
    // The raw text does not spell `consumerSecret` when a double-quoted key writes a
    // letter as an escape; the key is decoded to be recognised.
    let d = dir("escaped-key");
    for (name, key) in [
        ("x", "consumer\\x53ecret"),
        ("u", "\\u0063lient_secret"),
        ("big-u", "Consumer\\U00000053ecret"),
    ] {
        let path = d.join(format!("{name}.eca.yaml"));
        std::fs::write(&path, format!("name: A\n\"{key}\": {WORD} x: [\n")).unwrap();
        let path = path.display().to_string();
        for format in FORMATS {
            assert_hidden(&["--no-config", "-f", format, &path], WORD, 1);
        }
    }
}

#[test]
fn a_private_key_on_one_line_of_a_broken_file_is_masked() {
    // A PEM key written in one double-quoted YAML line (`\n` escapes): the mask started
    // at the end of the `BEGIN` line, past the whole key.
    let d = dir("pem");
    let body = format!("MIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcw{}", &HEX[..32]);
    let path = d.join("key.eca.yaml");
    std::fs::write(
        &path,
        format!(
            "description: \"-----BEGIN PRIVATE KEY-----\\n{body}\\n-----END PRIVATE KEY-----\" x: [\n"
        ),
    )
    .unwrap();
    let path = path.display().to_string();
    for format in FORMATS {
        assert_hidden(&["--no-config", "-f", format, &path], &body, 1);
    }
}

/// The example description with a repeated scope (which `--fix` removes) and no other
/// finding, with `extra` added after its `label` line.
fn fixable(extra: &str) -> String {
    std::fs::read_to_string("examples/deskpro-crm-sync.eca.yaml")
        .unwrap()
        .replace("example.com", "deskpro.io")
        .replace(
            "[api, web, refresh_token]",
            "[api, web, refresh_token, api]",
        )
        .replacen("\ncontactEmail:", &format!("\n{extra}\ncontactEmail:"), 1)
}

#[test]
fn a_diff_of_a_file_left_clean_does_not_show_a_secret() {
    // Once the fixes leave no finding, the report keeps no masked copy of the text, and
    // the diff showed the text itself: a secret in a comment, or one whose SF401 is
    // suppressed, came out whole on a `+` line.
    let d = dir("diff");
    let cases = [
        ("comment", format!("# consumerSecret: {WORD}")),
        (
            "suppressed",
            format!("consumerSecret: {WORD} # sfcheck: ignore[SF401] kept for a test org"),
        ),
    ];
    for (name, extra) in cases {
        let path = d.join(format!("{name}.eca.yaml"));
        std::fs::write(&path, fixable(&extra)).unwrap();
        let path = path.display().to_string();
        let (status, out, _) = common::run(&["--no-config", "--diff", &path]);
        assert!(
            out.contains("+  scopes: [api, web, refresh_token]"),
            "{out}"
        );
        assert_eq!(status, 1, "{out}");
        assert_hidden(&["--no-config", "--diff", &path], WORD, 1);
    }
}

#[test]
fn a_diff_escapes_a_newline_in_a_file_name() {
    // The diff's `---`/`+++` header named the path as it is: a newline in it started a
    // line GitHub Actions reads as a workflow command.
    let d = dir("diff-name");
    let path = d.join("a\n::error file=x::pwned.eca.yaml");
    std::fs::write(&path, fixable("# a comment")).unwrap();
    let folder = d.display().to_string();
    let (status, out, _) = common::run(&["--no-config", "--diff", &folder]);
    assert_eq!(status, 1, "{out}");
    assert!(out.contains("a\\n::error file=x::pwned.eca.yaml"), "{out}");
    assert!(!out.lines().any(|l| l.starts_with("::")), "{out}");
}

#[test]
fn import_notes_do_not_quote_a_secret() {
    // `import` prints the mapping's findings and those of files it leaves out on
    // standard error, outside any report, and no report's scrubbing reached them.
    let d = dir("import-notes");
    let oauth = d.join("app/extlClntAppOauthSettings/A_oauth.ecaOauth-meta.xml");
    let header = d.join("app/externalClientApps/A.eca-meta.xml");
    let lone = d.join("lone/extlClntAppGlobalOauthSets/G.ecaGlblOauth-meta.xml");
    let files = [
        (
            &header,
            format!(
                "<ExternalClientApplication {NS}><label>A</label><contactEmail>a@deskpro.io</contactEmail><distributionState>Local</distributionState></ExternalClientApplication>\n"
            ),
        ),
        (
            &oauth,
            format!(
                "<ExtlClntAppOauthSettings {NS}><commaSeparatedOauthScopes>Api, Web, RefreshToken, {HEX}</commaSeparatedOauthScopes><externalClientApplication>A</externalClientApplication><label>A_oauth</label></ExtlClntAppOauthSettings>\n"
            ),
        ),
        (
            &lone,
            format!(
                "<ExtlClntAppGlobalOauthSettings {NS}><externalClientApplication>{HEX}</externalClientApplication></ExtlClntAppGlobalOauthSettings>\n"
            ),
        ),
    ];
    for (path, text) in files {
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }
    let app = d.join("app").display().to_string();
    let (_, out, err) = common::run(&["import", &app]);
    assert!(err.contains("is not a scope token sfcheck knows"), "{err}");
    assert_eq!(leaks(&format!("{out}{err}"), HEX), None, "{out}{err}");
    let lone = d.join("lone").display().to_string();
    let (status, out, err) = common::run(&["import", &lone]);
    assert!(err.contains("was not imported"), "{err}");
    assert_eq!(status, 3, "{err}");
    assert_eq!(leaks(&format!("{out}{err}"), HEX), None, "{out}{err}");
}

#[test]
fn an_openpgp_private_key_block_is_a_secret_and_never_shown() {
    // PEM names a `PRIVATE KEY`; OpenPGP armour a `PRIVATE KEY BLOCK` or `SECRET KEY BLOCK`.
    let d = dir("pgp");
    let body = "lQOYBF9vQhMBCADGhfT2n7yKq4xYpBzR8mWc3LuE5dJvN0aS1oHiG6tXe";
    for (i, kind) in ["PRIVATE", "SECRET"].iter().enumerate() {
        let block = format!(
            "-----BEGIN PGP {kind} KEY BLOCK-----\\n{body}\\n-----END PGP {kind} KEY BLOCK-----"
        );
        let text = crate::cli_support::valid_with("requirePkce: true", "requirePkce: false");
        let path = d.join(format!("{i}.eca.yaml"));
        std::fs::write(
            &path,
            format!("{}\ndescription: \"{block}\"\n", text.trim_end()),
        )
        .unwrap();
        let path = path.display().to_string();
        let (_, json) = common::run_json(&["--no-config", &path]);
        let codes: Vec<String> = crate::cli_support::findings(&json);
        assert!(
            codes
                .iter()
                .any(|c| c.starts_with("SF402") && c.ends_with(" /description")),
            "{kind}: {codes:?}"
        );
        for format in FORMATS {
            assert_hidden(&["--no-config", "-f", format, &path], body, 1);
        }
        assert_hidden(&["--no-config", "--diff", &path], body, 1);
    }
}

#[test]
fn a_pretty_printed_json_web_token_is_a_secret_and_never_shown() {
    // `{` and a line break encode as `ewo`, not the `eyJ` of `{"`.
    let jwt = "ewogICJhbGciOiAiSFMyNTYiLAogICJ0eXAiOiAiSldUIgp9.ewogICJzdWIiOiAiMTIzNDU2Nzg5MCIKfQ.SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c";
    let d = dir("pretty-jwt");
    let text = crate::cli_support::valid_with("requirePkce: true", "requirePkce: false");
    for (i, tail) in [format!("description: {jwt}"), format!("{jwt}: 1")]
        .iter()
        .enumerate()
    {
        let path = d.join(format!("{i}.eca.yaml"));
        std::fs::write(&path, format!("{}\n{tail}\n", text.trim_end())).unwrap();
        let path = path.display().to_string();
        for format in FORMATS {
            assert_hidden(&["--no-config", "-f", format, &path], jwt, 1);
        }
        assert_hidden(&["--no-config", "--diff", &path], jwt, 1);
    }
}
