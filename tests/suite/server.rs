//! `sfcheck server` spoken to as an editor speaks to it: exact diagnostics on a
//! description, quick fixes that make them go, hover, completion, configuration,
//! position encodings, secrets, hostile input, a panic, and shutdown. A metadata app's
//! files are in `server_metadata`.

use std::path::{Path, PathBuf};

use serde_json::{Value, json};

use super::lsp_client::{Client, apply, brief, uri};
use crate::cli_support::{GLOBAL, META, copy_dir, scratch};

const DEVICE: &str = "fixtures/rules/SF205/trip-device.eca.yaml";
const SECRET: &str = "9F8E7D6C5B4A3F2E1D0C9B8A7F6E5D4C3B2A1F0E9D8C7B6A5F4E3D2C1B0A9F8E";

/// A copy of `fixture` in a fresh folder of its own.
fn copy(name: &str, fixture: &str) -> (PathBuf, String) {
    let dir = scratch(&format!("server-{name}"));
    let path = dir.join("app.eca.yaml");
    let text = std::fs::read_to_string(fixture).unwrap();
    std::fs::write(&path, &text).unwrap();
    (path, text)
}

pub(super) fn start(dir: &Path) -> Client {
    Client::start(dir, json!({}), Value::Null).0
}

pub(super) fn code_actions(
    client: &mut Client,
    uri: &str,
    range: Value,
    only: Option<&str>,
) -> Vec<Value> {
    let context = match only {
        Some(kind) => json!({"diagnostics": [], "only": [kind]}),
        None => json!({"diagnostics": []}),
    };
    let result = client.request(
        "textDocument/codeAction",
        json!({"textDocument": {"uri": uri}, "range": range, "context": context}),
    );
    result.as_array().unwrap().clone()
}

pub(super) fn at(line: u32, character: u32) -> Value {
    json!({"line": line, "character": character})
}

#[test]
fn a_description_gets_exact_diagnostics_and_its_quick_fix_makes_them_go() {
    let (path, text) = copy("quickfix", DEVICE);
    let mut client = start(path.parent().unwrap());
    let uri = uri(&path);
    client.open(&uri, &text);
    let diagnostics = client.diagnostics(&uri);
    let briefs: Vec<String> = diagnostics.iter().map(brief).collect();
    assert_eq!(briefs, ["SF205@14:12-14:16/1"]);
    let d = &diagnostics[0];
    assert_eq!(d["source"], "sfcheck");
    assert_eq!(
        d["codeDescription"]["href"],
        "https://sfcheck.dev/rules/SF205.html"
    );
    assert_eq!(
        d["message"],
        "“Enable Device Flow” is ticked; Deskpro CRM Sync needs it unticked\n\
         In Setup → External Client App Manager → your app → Settings → OAuth Settings → \
         Flow Enablement, untick “Enable Device Flow”, then set `oauth.flows.device: false`."
    );
    let range = json!({"start": at(14, 13), "end": at(14, 13)});
    let actions = code_actions(&mut client, &uri, range, None);
    let titles: Vec<&str> = actions
        .iter()
        .map(|a| a["title"].as_str().unwrap())
        .collect();
    assert_eq!(
        titles,
        [
            "Fix SF205: “Enable Device Flow” is ticked; Deskpro CRM Sync needs it unticked",
            "Fix all sfcheck findings"
        ]
    );
    assert_eq!(actions[0]["kind"], "quickfix");
    assert_eq!(actions[1]["kind"], "source.fixAll.sfcheck");
    let fixed = apply(&text, &actions[0]["edit"], &uri);
    assert_eq!(fixed, text.replace("device: true", "device: false"));
    // The same text as `--fix` writes.
    assert_eq!(apply(&text, &actions[1]["edit"], &uri), fixed);
    client.change(&uri, 2, &fixed);
    assert_eq!(client.diagnostics(&uri), Vec::<Value>::new());
    let none = code_actions(
        &mut client,
        &uri,
        json!({"start": at(0, 0), "end": at(30, 0)}),
        None,
    );
    assert!(none.is_empty(), "{none:?}");
    assert_eq!(client.shutdown(), Some(0));
}

#[test]
fn hover_explains_keys_elements_and_findings() {
    let (path, text) = copy("hover", DEVICE);
    let mut client = start(path.parent().unwrap());
    let uri = uri(&path);
    client.open(&uri, &text);
    client.diagnostics(&uri);
    let hover = |client: &mut Client, line, character| {
        let result = client.request(
            "textDocument/hover",
            json!({"textDocument": {"uri": uri}, "position": at(line, character)}),
        );
        result["contents"]["value"]
            .as_str()
            .unwrap_or_default()
            .to_owned()
    };
    // On the key: the setting's card, as `sfcheck explain` prints it.
    let key = hover(&mut client, 14, 6);
    assert!(
        key.starts_with("```text\n# oauth.flows.device\n\nEnable Device Flow\n"),
        "{key}"
    );
    assert!(
        key.contains("Metadata        <isDeviceFlowEnabled>"),
        "{key}"
    );
    // On the finding: the rule's page first.
    let finding = hover(&mut client, 14, 14);
    assert!(finding.starts_with("# SF205 "), "{finding}");
    assert_eq!(hover(&mut client, 0, 3), "");
    assert_eq!(client.shutdown(), Some(0));
}

#[test]
fn completion_offers_keys_scopes_and_elements_from_the_tables() {
    let dir = scratch("server-complete");
    copy_dir(Path::new(META), &dir);
    let mut client = start(&dir);
    let yaml = dir.join("draft.eca.yaml");
    let yaml_uri = uri(&yaml);
    let text = "name: A\noauth:\n  flows:\n    de\n  scopes:\n    - \n";
    client.open(&yaml_uri, text);
    client.diagnostics(&yaml_uri);
    let labels = |client: &mut Client, uri: &str, line, character| -> Vec<String> {
        let result = client.request(
            "textDocument/completion",
            json!({"textDocument": {"uri": uri}, "position": at(line, character)}),
        );
        result
            .as_array()
            .unwrap()
            .iter()
            .map(|i| i["label"].as_str().unwrap().to_owned())
            .collect()
    };
    let flows = labels(&mut client, &yaml_uri, 3, 6);
    assert_eq!(
        flows,
        [
            "clientCredentials",
            "authorizationCodeAndCredentials",
            "device",
            "jwtBearer",
            "tokenExchange"
        ]
    );
    let scopes = labels(&mut client, &yaml_uri, 5, 6);
    assert_eq!(scopes[..3], ["api", "web", "refresh_token"]);
    assert!(
        scopes.contains(&"DataCloudUserClaims".to_owned()),
        "{scopes:?}"
    );
    let top = labels(&mut client, &yaml_uri, 1, 0);
    assert!(
        top.contains(&"oauth".to_owned()) && top.contains(&"label".to_owned()),
        "{top:?}"
    );
    assert!(!top.contains(&"consumerSecret".to_owned()), "{top:?}");
    let global = dir.join(GLOBAL);
    let global_uri = uri(&global);
    let xml = std::fs::read_to_string(&global)
        .unwrap()
        .replace("    <label>", "    <is\n    <label>");
    client.open(&global_uri, &xml);
    let line = xml.lines().position(|l| l == "    <is").unwrap() as u32;
    let elements = labels(&mut client, &global_uri, line, 7);
    assert!(
        elements.contains(&"isPkceRequired".to_owned()),
        "{elements:?}"
    );
    assert!(
        !elements.contains(&"commaSeparatedOauthScopes".to_owned()),
        "{elements:?}"
    );
    assert_eq!(client.shutdown(), Some(0));
}

/// Columns in the client's units: UTF-16 by default, UTF-8 when it offers it, in a CRLF
/// file with characters outside ASCII and outside the BMP.
#[test]
fn columns_are_counted_in_the_negotiated_encoding() {
    let text = std::fs::read_to_string("fixtures/valid/deskpro-crm-sync.eca.yaml")
        .unwrap()
        .replace(
            "name: Deskpro_CRM_Sync            # API Name",
            "name: \"Dé😀x\"",
        )
        .replace('\n', "\r\n");
    let dir = scratch("server-encoding");
    let path = dir.join("app.eca.yaml");
    let uri = uri(&path);
    for (offered, encoding, end) in [
        (json!(["utf-16"]), "utf-16", 13),
        (json!(["utf-8", "utf-16"]), "utf-8", 16),
    ] {
        let capabilities = json!({"general": {"positionEncodings": offered}});
        let (mut client, init) = Client::start(&dir, capabilities, Value::Null);
        assert_eq!(init["capabilities"]["positionEncoding"], encoding);
        client.open(&uri, &text);
        let d = client.diagnostics(&uri);
        assert_eq!(
            d.iter().map(brief).collect::<Vec<_>>(),
            [format!("SF104@2:6-2:{end}/1")]
        );
        assert_eq!(client.shutdown(), Some(0));
    }
}

#[test]
fn no_secret_in_any_message() {
    let (path, text) = copy(
        "secret",
        "fixtures/rules/SF401/trip-consumer-secret.eca.yaml",
    );
    let mut client = start(path.parent().unwrap());
    let uri = uri(&path);
    client.open(&uri, &text);
    let d = client.diagnostics(&uri);
    assert_eq!(
        d.iter().map(brief).collect::<Vec<_>>(),
        ["SF401@24:0-24:14/1"]
    );
    let range = json!({"start": at(24, 0), "end": at(24, 80)});
    code_actions(&mut client, &uri, range, None);
    for character in [0, 20, 40] {
        client.request(
            "textDocument/hover",
            json!({"textDocument": {"uri": uri}, "position": at(24, character)}),
        );
    }
    let all = client.seen.join("\n");
    assert!(!all.contains(&SECRET[..8]), "a part of the secret was sent");
    assert_eq!(client.shutdown(), Some(0));
}

/// 1 MiB of hostile YAML is answered with a finding within the CLI's limits, and the
/// server goes on; a byte more is too large, as on the command line.
#[test]
fn a_hostile_mebibyte_is_answered_and_the_server_goes_on() {
    let dir = scratch("server-hostile");
    let path = dir.join("big.eca.yaml");
    let uri = uri(&path);
    let mut client = start(&dir);
    let line = "- &a [*a, *a, *a, *a, *a, *a, *a, *a]\n";
    let mut text = line.repeat((1 << 20) / line.len());
    text.push_str(&"#".repeat((1 << 20) - text.len()));
    let started = std::time::Instant::now();
    client.open(&uri, &text);
    let d = client.diagnostics(&uri);
    // The command line's node limit (aliases expanded), at the line it is reached.
    assert_eq!(d.len(), 1, "{d:?}");
    assert_eq!(d[0]["code"], "SF006");
    assert_eq!(d[0]["range"]["start"], at(11111, 2));
    // A guard against a hang, not a speed test (scripts/server-bench.sh measures).
    assert!(
        started.elapsed() < std::time::Duration::from_secs(60),
        "{:?}",
        started.elapsed()
    );
    text.push('#');
    client.change(&uri, 2, &text);
    let d = client.diagnostics(&uri);
    assert_eq!(d.iter().map(brief).collect::<Vec<_>>(), ["SF004@0:0-0:0/1"]);
    assert_eq!(client.shutdown(), Some(0));
}

/// The nearest config, reloaded when it changes; a bad one is said once and the server
/// goes on checking; initialization options override the profile.
#[test]
fn configuration_is_the_command_lines_and_reloads() {
    let (path, text) = copy("config", DEVICE);
    let dir = path.parent().unwrap().to_path_buf();
    let config = dir.join("sfcheck.toml");
    std::fs::write(&config, "[severity]\nSF205 = \"warning\"\n").unwrap();
    let mut client = start(&dir);
    let uri = uri(&path);
    client.open(&uri, &text);
    assert_eq!(
        client
            .diagnostics(&uri)
            .iter()
            .map(brief)
            .collect::<Vec<_>>(),
        ["SF205@14:12-14:16/2"]
    );
    std::fs::write(&config, "profile = 42\n").unwrap();
    let changes = json!({"changes": [{"uri": super::lsp_client::uri(&config), "type": 2}]});
    client.notify("workspace/didChangeWatchedFiles", changes.clone());
    let shown = client.wait_for(|m| m["method"] == "window/showMessage");
    let message = shown["params"]["message"].as_str().unwrap();
    assert!(
        message.starts_with("sfcheck: ") && message.contains("sfcheck.toml"),
        "{message}"
    );
    // Without the config, the defaults: an error again.
    assert_eq!(
        client
            .diagnostics(&uri)
            .iter()
            .map(brief)
            .collect::<Vec<_>>(),
        ["SF205@14:12-14:16/1"]
    );
    std::fs::write(&config, "[severity]\nSF205 = \"off\"\n").unwrap();
    client.notify("workspace/didChangeWatchedFiles", changes);
    assert_eq!(client.diagnostics(&uri), Vec::<Value>::new());
    // Said once, however often the files were checked with the bad config.
    let said = client
        .seen
        .iter()
        .filter(|m| m.contains("window/showMessage"));
    assert_eq!(said.count(), 1);
    assert_eq!(client.shutdown(), Some(0));
    std::fs::remove_file(&config).unwrap();
    let (mut client, _) = Client::start(&dir, json!({}), json!({"profile": "none"}));
    client.open(&uri, &text);
    assert_eq!(client.diagnostics(&uri), Vec::<Value>::new());
    assert_eq!(client.shutdown(), Some(0));
}

#[test]
fn a_panic_is_an_error_response_and_the_server_goes_on() {
    let (path, text) = copy("panic", DEVICE);
    let mut client = start(path.parent().unwrap());
    let response = client.call("sfcheck/panic", Value::Null);
    assert_eq!(response["error"]["code"], -32603);
    assert_eq!(
        response["error"]["message"],
        "sfcheck: internal error in `sfcheck/panic`; the server goes on"
    );
    let uri = uri(&path);
    client.open(&uri, &text);
    assert_eq!(client.diagnostics(&uri).len(), 1);
    assert_eq!(client.shutdown(), Some(0));
}

#[test]
fn it_exits_when_the_client_goes_away() {
    let dir = scratch("server-exit");
    let (client, _) = Client::start(&dir, json!({}), Value::Null);
    assert_eq!(client.hang_up(), Some(1));
    let (mut client, _) = Client::start(&dir, json!({}), Value::Null);
    client.notify("exit", Value::Null);
    assert_eq!(client.hang_up(), Some(1));
}

/// The callback URL of the initialization options, with its quick fix; the config's
/// `exclude` silences a file.
#[test]
fn the_callback_url_option_and_exclude_apply() {
    let (path, text) = copy("callback", "fixtures/valid/deskpro-crm-sync.eca.yaml");
    let dir = path.parent().unwrap().to_path_buf();
    let wanted = "https://support.acme.com/admin-api/salesforce/auth";
    let (mut client, _) = Client::start(&dir, json!({}), json!({"callbackUrl": wanted}));
    let uri = uri(&path);
    client.open(&uri, &text);
    let d = client.diagnostics(&uri);
    assert_eq!(
        d.iter().map(brief).collect::<Vec<_>>(),
        ["SF305@8:15-8:69/1"]
    );
    let range = json!({"start": at(8, 20), "end": at(8, 20)});
    let actions = code_actions(&mut client, &uri, range, Some("quickfix"));
    assert_eq!(actions.len(), 1, "{actions:?}");
    let fixed = apply(&text, &actions[0]["edit"], &uri);
    assert!(
        fixed.contains(&format!("callbackUrl: {wanted}\n")),
        "{fixed}"
    );
    client.change(&uri, 2, &fixed);
    assert_eq!(client.diagnostics(&uri), Vec::<Value>::new());
    assert_eq!(client.shutdown(), Some(0));
    std::fs::write(dir.join("sfcheck.toml"), "exclude = [\"app.eca.yaml\"]\n").unwrap();
    let mut client = start(&dir);
    client.open(&uri, &std::fs::read_to_string(DEVICE).unwrap());
    assert_eq!(client.diagnostics(&uri), Vec::<Value>::new());
    assert_eq!(client.shutdown(), Some(0));
}
