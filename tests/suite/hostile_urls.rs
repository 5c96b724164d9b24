//! A user name and password in a URL, in every spelling a URL parser reads them from
//! (`https://u:p@h`, `https:///u:p@h`, `https:\\u:p@h`, `https:u:p@h`): refused as a
//! callback URL and never shown, whether the URL is in a description, a metadata file,
//! `--callback-url` or the config; `export` writes none.

use crate::cli_support::{VALID, valid_with};
use crate::common;
use crate::hostile_secrets::{FORMATS, dir};

const PASSWORD: &str = "Pa55w0rd";
const CALLBACK: &str = "https://helpdesk.deskpro.com/admin-api/salesforce/auth";

/// The callback URL with `admin:Pa55w0rd@` in each spelling.
fn spellings() -> [String; 4] {
    let host = CALLBACK.trim_start_matches("https://");
    [
        format!("https://admin:{PASSWORD}@{host}"),
        format!("https:///admin:{PASSWORD}@{host}"),
        format!("https:\\\\admin:{PASSWORD}@{host}"),
        format!("HTTPS:admin:{PASSWORD}@{host}"),
    ]
}

/// The valid description with callback URL `url`, single-quoted (backslashes stay as
/// written), as file `name` under `d`.
fn with_url(d: &std::path::Path, name: &str, url: &str) -> std::path::PathBuf {
    let path = d.join(format!("{name}.eca.yaml"));
    std::fs::write(&path, valid_with(CALLBACK, &format!("'{url}'"))).unwrap();
    path
}

#[test]
fn credentials_in_a_callback_url_are_refused_and_masked_in_every_format() {
    let d = dir("url-credentials");
    for (i, url) in spellings().iter().enumerate() {
        let path = with_url(&d, &i.to_string(), url).display().to_string();
        let (_, json) = common::run_json(&["--no-config", &path]);
        let messages: Vec<&str> = json["findings"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|f| f["code"] == "SF301")
            .map(|f| f["message"].as_str().unwrap())
            .collect();
        assert_eq!(
            messages,
            ["the callback URL contains a user name or password"],
            "{url}"
        );
        for format in FORMATS {
            let (code, out, err) = common::run(&["--no-config", "-f", format, &path]);
            assert_eq!(code, 1, "{url} ({format}): {err}");
            assert!(
                !format!("{out}{err}").contains(PASSWORD),
                "{url} ({format}):\n{out}{err}"
            );
        }
        // The form alone refuses them too.
        let (code, out, _) =
            common::run(&["--no-config", "--profile", "none", "-f", "compact", &path]);
        assert_eq!(code, 1, "{url}: {out}");
        assert!(out.contains("SF301"), "{url}: {out}");
        assert!(!out.contains(PASSWORD), "{url}: {out}");
    }
}

#[test]
fn a_given_callback_url_with_credentials_is_refused_without_quoting_them() {
    let d = dir("url-given");
    for url in spellings() {
        let (code, out, err) = common::run(&["--no-config", "--callback-url", &url, VALID]);
        assert_eq!(code, 2, "{url}: {out}{err}");
        assert!(
            err.contains("holds a user name or password"),
            "{url}: {err}"
        );
        assert!(!format!("{out}{err}").contains(PASSWORD), "{url}: {err}");
        std::fs::write(
            d.join("sfcheck.toml"),
            format!("callback_url = {}\n", serde_json::to_string(&url).unwrap()),
        )
        .unwrap();
        let config = d.join("sfcheck.toml").display().to_string();
        let (code, out, err) = common::run(&["--config", &config, VALID]);
        assert_eq!(code, 2, "{url}: {out}{err}");
        assert!(!format!("{out}{err}").contains(PASSWORD), "{url}: {err}");
    }
}

#[test]
fn export_writes_no_url_credentials() {
    let d = dir("url-export");
    for (i, url) in spellings().iter().enumerate() {
        let path = with_url(&d, &i.to_string(), url);
        let out_dir = d.join(format!("out{i}"));
        let (code, out, err) = common::run(&[
            "--no-config",
            "export",
            &path.display().to_string(),
            "--output-dir",
            &out_dir.display().to_string(),
        ]);
        assert_eq!(code, 1, "{url}: {out}{err}");
        assert!(
            !format!("{out}{err}").contains(PASSWORD),
            "{url}: {out}{err}"
        );
        assert!(!out_dir.exists(), "{url}");
    }
}

/// Spellings a URL parser still reads `admin:Pa55w0rd` from although the text scan stops
/// short, as YAML writes them and as they read: a quote, a space or a backtick inside the
/// password, a tab or line break that the parser drops, the value folded over two lines.
fn spellings_past_a_stop() -> Vec<(&'static str, String, String)> {
    let host = CALLBACK.trim_start_matches("https://");
    let quoted = |raw: String| (format!("'{raw}'"), raw);
    let escaped = |yaml: String, raw: String| (yaml, raw);
    [
        (
            "quote",
            quoted(format!("https://admin:{PASSWORD}\"x@{host}")),
        ),
        (
            "space",
            quoted(format!("https://admin:{PASSWORD} x@{host}")),
        ),
        (
            "backtick",
            quoted(format!("https://admin:{PASSWORD}`<@{host}")),
        ),
        (
            "tab",
            escaped(
                format!("\"https:\\t//admin:{PASSWORD}@{host}\""),
                format!("https:\t//admin:{PASSWORD}@{host}"),
            ),
        ),
        (
            "tab-inside",
            escaped(
                format!("\"https://admin:Pa55\\tw0rd@{host}\""),
                format!("https://admin:Pa55\tw0rd@{host}"),
            ),
        ),
        (
            "newline",
            escaped(
                format!("\"https://admin:{PASSWORD}\\n@{host}\""),
                format!("https://admin:{PASSWORD}\n@{host}"),
            ),
        ),
        (
            "folded",
            escaped(
                format!("https://admin:{PASSWORD}\n    x@{host}"),
                format!("https://admin:{PASSWORD} x@{host}"),
            ),
        ),
    ]
    .into_iter()
    .map(|(name, (yaml, raw))| (name, yaml, raw))
    .collect()
}

#[test]
fn credentials_a_parser_reads_past_quotes_spaces_and_line_breaks_are_refused_and_masked() {
    let d = dir("url-past-a-stop");
    for (name, yaml, raw) in spellings_past_a_stop() {
        let path = d.join(format!("{name}.eca.yaml"));
        std::fs::write(&path, valid_with(CALLBACK, &yaml)).unwrap();
        let path = path.display().to_string();
        let out_dir = d.join(format!("{name}-out")).display().to_string();
        let (code, out, _) = common::run(&["--no-config", "-f", "compact", &path]);
        assert_eq!(code, 1, "{name}: {out}");
        // At the credentials where the text shows where they end, else at the URL.
        let sf301 = out
            .lines()
            .find(|l| l.contains("error[SF301]"))
            .unwrap_or_default();
        assert!(
            sf301.ends_with("error[SF301] the callback URL contains a user name or password")
                && (sf301.contains(":9:16: ") || sf301.contains(":9:25: ")),
            "{name}: {out}"
        );
        for args in [
            vec!["--no-config", "-f", "human", &path],
            vec!["--no-config", "-f", "json", &path],
            vec!["--no-config", "--diff", &path],
            vec!["--no-config", "export", &path, "--output-dir", &out_dir],
            vec!["--no-config", "--callback-url", &raw, VALID],
        ] {
            let (_, out, err) = common::run(&args);
            let all = format!("{out}{err}");
            assert!(!all.contains("Pa55"), "{name} {args:?}:\n{all}");
        }
        let (code, _, err) = common::run(&["--no-config", "--callback-url", &raw, VALID]);
        assert_eq!(code, 2, "{name}: {err}");
        assert!(
            err.contains("holds a user name or password"),
            "{name}: {err}"
        );
    }
}

#[test]
fn a_metadata_callback_url_wrapped_inside_its_credentials_is_one_url_and_masked() {
    let d = dir("url-wrapped-metadata");
    let host = CALLBACK.trim_start_matches("https://");
    for (i, text) in [
        format!("https://admin:{PASSWORD}\n@{host}"),
        format!("https://admin:Pa55\nw0rd@{host}"),
        format!("https:&#9;//admin:{PASSWORD}@{host}"),
    ]
    .iter()
    .enumerate()
    {
        let project = d.join(i.to_string());
        crate::cli_support::copy_dir(std::path::Path::new(crate::cli_support::META), &project);
        let global = project.join(crate::cli_support::GLOBAL);
        let xml = std::fs::read_to_string(&global).unwrap();
        std::fs::write(&global, xml.replacen(CALLBACK, text, 1)).unwrap();
        let dir = project.display().to_string();
        let (_, json) = common::run_json(&["--no-config", &dir]);
        let codes: Vec<(&str, &str)> = json["findings"]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| (f["code"].as_str().unwrap(), f["message"].as_str().unwrap()))
            .collect();
        assert_eq!(
            codes,
            [("SF301", "the callback URL contains a user name or password")],
            "{text}"
        );
        for args in [
            vec!["--no-config", "-f", "human", &dir],
            vec!["--no-config", "-f", "sarif", &dir],
            vec!["--no-config", "-f", "github", &dir],
            vec!["--no-config", "import", &dir],
        ] {
            let (_, out, err) = common::run(&args);
            let all = format!("{out}{err}");
            assert!(
                !all.contains("Pa55") && !all.contains("w0rd"),
                "{text} {args:?}:\n{all}"
            );
        }
        // The same in a file that does not parse: only the text scan stands.
        let broken = std::fs::read_to_string(&global).unwrap().replacen(
            "</callbackUrl>",
            "</callbackUrl>&",
            1,
        );
        std::fs::write(&global, broken).unwrap();
        let (code, out, err) = common::run(&["--no-config", "-f", "human", &dir]);
        assert_eq!(code, 1, "{text}: {out}{err}");
        assert!(out.contains("SF701"), "{text}: {out}");
        assert!(
            !out.contains("Pa55") && !out.contains("w0rd"),
            "{text} (broken):\n{out}"
        );
    }
}

#[test]
fn credentials_written_with_escapes_in_a_file_that_does_not_parse_are_masked() {
    let d = dir("url-escaped-broken");
    let host = CALLBACK.trim_start_matches("https://");
    for (name, url) in [
        ("hex", format!("https://admin:\\x50a55w0rd@{host}")),
        ("quote", format!("https://admin:x\\\"Pa55w0rd@{host}")),
        (
            "unicode",
            format!("https://admin:Pa55\\u0077\\x30rd@{host}"),
        ),
    ] {
        let path = d.join(format!("{name}.eca.yaml"));
        // The error is on the URL's line, so the snippet shows it.
        let text = valid_with(CALLBACK, &format!("\"{url}\" ]"));
        std::fs::write(&path, text).unwrap();
        let path = path.display().to_string();
        for format in FORMATS {
            let (code, out, err) = common::run(&["--no-config", "-f", format, &path]);
            let all = format!("{out}{err}");
            assert_eq!(code, 1, "{name} {format}: {all}");
            assert!(
                !all.contains("a55w0rd") && !all.contains("Pa55"),
                "{name} {format}:\n{all}"
            );
        }
    }
}

/// A URL with credentials outside the callback URL is a secret: SF402 where it stands,
/// `export` writes nothing, and `import` leaves it out of the description it writes.
#[test]
fn credentials_in_another_field_are_a_secret_that_export_and_import_do_not_copy() {
    let d = dir("url-elsewhere");
    let url = format!("https://admin:{PASSWORD}xyzzy123@host.example.com/");
    let text = valid_with(
        "label: Deskpro CRM Sync",
        &format!("description: {url}\nlabel: Deskpro CRM Sync"),
    );
    let path = d.join("described.eca.yaml");
    std::fs::write(&path, text).unwrap();
    let path = path.display().to_string();
    let (code, json) = common::run_json(&["--no-config", &path]);
    assert_eq!(code, 1);
    assert_eq!(
        crate::cli_support::findings(&json),
        ["SF402@4:14-4:62 /description"]
    );
    let out_dir = d.join("out");
    let args = [
        "--no-config",
        "export",
        &path,
        "--output-dir",
        &out_dir.display().to_string(),
    ];
    let (code, out, err) = common::run(&args);
    assert_eq!(code, 1, "{out}{err}");
    assert!(!format!("{out}{err}").contains(PASSWORD), "{out}{err}");
    assert!(!out_dir.exists());

    let project = d.join("project");
    crate::cli_support::copy_dir(std::path::Path::new(crate::cli_support::META), &project);
    let header = project.join(crate::cli_support::HEADER);
    let xml = std::fs::read_to_string(&header).unwrap();
    let from = "<description>Deskpro Salesforce CRM Sync</description>";
    assert!(xml.contains(from));
    std::fs::write(
        &header,
        xml.replacen(from, &format!("<description>{url}</description>"), 1),
    )
    .unwrap();
    let (code, out, err) = common::run(&["--no-config", "import", &project.display().to_string()]);
    assert_eq!(code, 0, "{out}{err}");
    assert!(!format!("{out}{err}").contains(PASSWORD), "{out}{err}");
    assert!(out.contains("label: Deskpro CRM Sync"), "{out}");
    assert!(!out.contains("description:"), "{out}");
}
