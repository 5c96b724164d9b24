//! `sfcheck server` on a metadata app: one file's change updates the app's other open
//! file, fix-all as `--fix` writes it, a finding pointing into another file, and hover
//! on an element.

use std::path::Path;

use serde_json::{Value, json};

use super::lsp_client::{apply, brief, uri};
use super::server::{at, code_actions, start};
use crate::cli_support::{GLOBAL, HEADER, META, copy_dir, scratch};

/// A metadata app: the global settings' finding, then a change of that file that the
/// header's diagnostics follow, and back.
#[test]
fn a_change_in_one_file_of_an_app_updates_its_other_open_file() {
    let dir = scratch("server-app");
    copy_dir(Path::new(META), &dir);
    let (header, global) = (dir.join(HEADER), dir.join(GLOBAL));
    let pkce = std::fs::read_to_string(&global)
        .unwrap()
        .replace("<isPkceRequired>true", "<isPkceRequired>false");
    std::fs::write(&global, &pkce).unwrap();
    let mut client = start(&dir);
    let (header_uri, global_uri) = (uri(&header), uri(&global));
    client.open(&global_uri, &pkce);
    let diagnostics = client.diagnostics(&global_uri);
    assert_eq!(
        diagnostics.iter().map(brief).collect::<Vec<_>>(),
        ["SF206@12:20-12:25/1"]
    );
    client.open(&header_uri, &std::fs::read_to_string(&header).unwrap());
    assert_eq!(client.diagnostics(&header_uri), Vec::<Value>::new());
    // Fix-all on the metadata file, as `--fix` writes it.
    let range = json!({"start": at(0, 0), "end": at(0, 0)});
    let all = code_actions(&mut client, &global_uri, range, Some("source.fixAll"));
    assert_eq!(all.len(), 1, "{all:?}");
    let fixed = apply(&pkce, &all[0]["edit"], &global_uri);
    assert_eq!(
        fixed,
        pkce.replace("<isPkceRequired>false", "<isPkceRequired>true")
    );
    // The global settings now name another app: the header has none, unsaved.
    let other = fixed.replace(
        "<externalClientApplication>Deskpro_CRM_Sync<",
        "<externalClientApplication>Other<",
    );
    client.change(&global_uri, 2, &other);
    let (mut header_seen, mut global_seen) = (None, None);
    while header_seen.is_none() || global_seen.is_none() {
        let m = client.wait_for(|m| m["method"] == "textDocument/publishDiagnostics");
        let briefs: Vec<String> = m["params"]["diagnostics"]
            .as_array()
            .unwrap()
            .iter()
            .map(brief)
            .collect();
        if m["params"]["uri"] == header_uri {
            header_seen = Some(briefs);
        } else {
            global_seen = Some(briefs);
        }
    }
    assert_eq!(header_seen.unwrap(), ["SF706@1:1-1:26/2"]);
    assert_eq!(global_seen.unwrap(), ["SF705@4:31-4:36/1"]);
    client.change(&global_uri, 3, &fixed);
    let mut cleared = 0;
    while cleared < 2 {
        let m = client.wait_for(|m| m["method"] == "textDocument/publishDiagnostics");
        assert_eq!(m["params"]["diagnostics"], json!([]), "{m}");
        cleared += 1;
    }
    assert_eq!(client.shutdown(), Some(0));
}

/// A finding in one file about a setting another file of the app holds points there.
#[test]
fn a_cross_file_finding_points_at_the_other_file() {
    let dir = scratch("server-related");
    copy_dir(
        Path::new("fixtures/metadata/policy-token-exchange-off"),
        &dir,
    );
    let base = dir.join("force-app/main/default");
    let policies = base.join(
        "extlClntAppOauthPolicies/Deskpro_CRM_Sync_oauth_defaultPolicy.ecaOauthPlcy-meta.xml",
    );
    let global =
        base.join("extlClntAppGlobalOauthSets/Deskpro_CRM_Sync_glbloauth.ecaGlblOauth-meta.xml");
    let mut client = start(&dir);
    let policies_uri = uri(&policies);
    client.open(&policies_uri, &std::fs::read_to_string(&policies).unwrap());
    let d = client.diagnostics(&policies_uri);
    assert_eq!(
        d.iter().map(brief).collect::<Vec<_>>(),
        ["SF712@5:32-5:37/2"]
    );
    assert_eq!(
        d[0]["relatedInformation"],
        json!([{
            "location": {
                "uri": uri(&global),
                "range": {"start": at(16, 5), "end": at(16, 27)}
            },
            "message": "“Enable Token Exchange Flow” is set here, in the global OAuth settings"
        }])
    );
    assert_eq!(client.shutdown(), Some(0));
}

#[test]
fn hover_on_a_metadata_element_explains_its_setting() {
    let dir = scratch("server-hover-xml");
    copy_dir(Path::new(META), &dir);
    let global = dir.join(GLOBAL);
    let text = std::fs::read_to_string(&global).unwrap();
    let mut client = start(&dir);
    let uri = uri(&global);
    client.open(&uri, &text);
    assert_eq!(client.diagnostics(&uri), Vec::<Value>::new());
    let line = text
        .lines()
        .position(|l| l.contains("<isPkceRequired>"))
        .unwrap() as u32;
    let result = client.request(
        "textDocument/hover",
        json!({"textDocument": {"uri": uri}, "position": at(line, 8)}),
    );
    let card = result["contents"]["value"].as_str().unwrap();
    assert!(
        card.starts_with("```text\n# oauth.security.requirePkce\n"),
        "{card}"
    );
    assert!(
        card.contains("When absent     true (Salesforce's documented default)"),
        "{card}"
    );
    // Inside the value, not the element's name: nothing to say.
    let value = client.request(
        "textDocument/hover",
        json!({"textDocument": {"uri": uri}, "position": at(line, 22)}),
    );
    assert_eq!(value, Value::Null);
    assert_eq!(client.shutdown(), Some(0));
}
