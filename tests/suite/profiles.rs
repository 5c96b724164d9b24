//! A custom profile speaks with its own words: its title names the integration, and no
//! rule that runs under every profile names the built-in one. Runs in-process.

use clap::Parser;
use sfcheck::cli::Cli;

const DIR: &str = "fixtures/profiles/acme-portal";

fn check(format: &str) -> (u8, String) {
    let profile = format!("{DIR}/acme-portal.schema.json");
    let cli = Cli::try_parse_from([
        "sfcheck",
        "--no-config",
        "--profile",
        &profile,
        "--format",
        format,
        DIR,
    ])
    .unwrap();
    let (mut out, mut err) = (Vec::new(), Vec::new());
    let code = sfcheck::run(cli, &mut out, &mut err);
    assert!(err.is_empty(), "{}", String::from_utf8_lossy(&err));
    (code, String::from_utf8(out).unwrap())
}

#[test]
fn a_custom_profile_names_no_deskpro() {
    for format in ["human", "json", "sarif", "github", "compact"] {
        let (code, out) = check(format);
        assert_eq!(code, 1, "{format}");
        // SARIF carries every rule's documentation, which may quote the built-in
        // profile as an example; the findings themselves may not.
        let findings = match format {
            "sarif" => out[out.find("\"results\"").unwrap()..].to_owned(),
            _ => out.clone(),
        };
        assert!(
            !findings.to_lowercase().contains("deskpro") && !findings.contains("helpdesk"),
            "{format}:\n{findings}"
        );
    }
    let (_, json) = check("json");
    let json: serde_json::Value = serde_json::from_str(&json).unwrap();
    let codes: std::collections::BTreeSet<&str> = json["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["code"].as_str().unwrap())
        .collect();
    // Every family that words its help for an integration has spoken.
    for code in [
        "SF205", "SF301", "SF302", "SF304", "SF401", "SF709", "SF710", "SF711",
    ] {
        assert!(codes.contains(code), "{code} missing from {codes:?}");
    }
    let text = json.to_string();
    assert!(text.contains("Acme Portal needs it unticked"), "{text}");
    assert!(
        text.contains("Acme Portal uses `/oauth/callback`"),
        "{text}"
    );
}
