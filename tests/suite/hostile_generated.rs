//! Hostile input too large to keep as fixtures, generated here: each case once made
//! sfcheck slow, hungry or wrong. The timeout only guards against a hang (a case that
//! regresses takes minutes or is killed); speed is measured in `scripts/bench.sh`.

use std::path::{Path, PathBuf};
use std::time::Duration;

use assert_cmd::cargo::cargo_bin_cmd;

pub(crate) fn dir(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR"))
        .join("hostile-generated")
        .join(name);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// Runs sfcheck with `args`; gives the exit code (`None` if killed), stdout and stderr.
pub(crate) fn run(args: &[&str]) -> (Option<i32>, String, String) {
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
pub(crate) fn findings(path: &Path) -> (Option<i32>, Vec<String>) {
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
        "SF010 1805 more errors in this file are not shown"
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
        "SF010 1806 more errors in this file are not shown"
    );
}

#[test]
fn a_line_of_secret_key_names_is_masked_once() {
    // Each `consumer secret` on a line masked the rest of the line again, and every
    // masked stretch fed the copies' search its runs: 8,000 on one line (128 KB) took
    // minutes and gigabytes.
    let d = dir("secret-names");
    let file = d.join("names.eca.yaml");
    let names = "consumer secret ".repeat(60_000);
    std::fs::write(&file, format!("name: A\ndescription: {names}\n")).unwrap();
    let (code, list) = findings(&file);
    assert_eq!(code, Some(1));
    assert!(
        list.iter()
            .any(|f| f.starts_with("SF102 missing key `label`")),
        "{list:?}"
    );
}

#[test]
fn a_line_of_escaped_quotes_is_read_once() {
    // Looking for a key written with escapes (`"consumer\x53ecret":`) started again at
    // every quote of a line of `"\` that never closes: quadratic, 24 s for 600 KB.
    let d = dir("escaped-quotes");
    let file = d.join("quotes.eca.yaml");
    std::fs::write(&file, format!("a: {}\n", "\"\\".repeat(300_000))).unwrap();
    let (code, list) = findings(&file);
    assert_eq!(code, Some(1));
    assert_eq!(
        list,
        [
            "SF001 the file is not valid YAML: while scanning a quoted scalar, found unexpected end of stream"
        ]
    );
}

#[test]
fn a_staircase_of_escaped_secret_keys_is_masked_once() {
    // Each escaped key's value runs over every deeper line after it, and each key was
    // read again inside the one before: 1,380 lines (980 KB) took 51 s and 890 MB.
    let d = dir("escaped-staircase");
    let file = d.join("stairs.eca.yaml");
    let lines: String = (0..1380)
        .map(|i| format!("{}\"client\\x53ecret\": S3CRET{i}\n", " ".repeat(i)))
        .collect();
    std::fs::write(&file, lines).unwrap();
    let (code, stdout, _) = run(&[file.to_str().unwrap()]);
    assert_eq!(code, Some(1));
    assert!(stdout.contains("SF001"), "{stdout}");
    assert!(!stdout.contains("S3CRET"), "{stdout}");
}

#[test]
fn many_urls_with_credentials_are_scrubbed_in_one_pass_each() {
    // Each such URL is a secret, and each is a finding: scrubbing every finding of every
    // secret in turn took 2 s for 4,000 and minutes for 40,000.
    let d = dir("many-url-credentials");
    let file = d.join("urls.eca.yaml");
    let urls: String = (0..20_000)
        .map(|i| format!("    - https://admin:Pw{i:05}x@h{i}.example.com/\n"))
        .collect();
    std::fs::write(&file, format!("name: A\noauth:\n  callbackUrl:\n{urls}")).unwrap();
    let (code, list) = findings(&file);
    assert_eq!(code, Some(1));
    assert!(
        list.iter()
            .any(|f| f == "SF301 the callback URL contains a user name or password"),
        "{list:?}"
    );
    assert!(!list.iter().any(|f| f.contains("Pw0")), "{list:?}");
}
