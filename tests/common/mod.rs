//! Helpers the integration tests share. Each test file uses some of them.
#![allow(dead_code)]

use serde_json::Value;

/// Runs sfcheck in-process, as the binary would with these arguments: (exit code,
/// stdout, stderr). No process is started, so a fixture costs microseconds.
pub fn run<S: AsRef<str>>(args: &[S]) -> (i32, String, String) {
    let argv = std::iter::once("sfcheck").chain(args.iter().map(AsRef::as_ref));
    let cli = match sfcheck::cli::Cli::try_parse_args(argv) {
        Ok(cli) => cli,
        Err(e) => return (e.exit_code(), String::new(), e.to_string()),
    };
    let (mut out, mut err) = (Vec::new(), Vec::new());
    let code = sfcheck::run(cli, &mut out, &mut err);
    (
        i32::from(code),
        String::from_utf8(out).unwrap(),
        String::from_utf8(err).unwrap(),
    )
}

/// Runs sfcheck in-process with `--format json`: (exit code, the report).
pub fn run_json<S: AsRef<str>>(args: &[S]) -> (i32, Value) {
    let mut all: Vec<&str> = vec!["--format", "json"];
    all.extend(args.iter().map(AsRef::as_ref));
    let (code, out, err) = run(&all);
    let json = serde_json::from_str(&out).unwrap_or_else(|e| panic!("not JSON ({e}): {err}"));
    (code, json)
}

/// A finding's severity is its rule's declared one, or one the rule's documentation names
/// (SF703 and SF708 are warnings in the cases Salesforce still deploys); a profile's
/// `x-sfcheck-severity` may set another, and the built-in profile sets the documented one.
pub fn severity_mismatches(path: &str, json: &Value) -> Vec<String> {
    json["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|f| {
            let code = f["code"].as_str()?;
            let severity = f["severity"].as_str()?;
            let rule = sfcheck::catalogue::find(code)?;
            let ok = rule.severity.as_str() == severity
                || rule
                    .documented_severity()
                    .contains(&format!("a {severity}"));
            (!ok).then(|| {
                format!(
                    "{}: {code} is {severity}, documented `{}`",
                    path,
                    rule.documented_severity()
                )
            })
        })
        .collect()
}

/// A finding as fixtures write it: `CODE@line:column-endLine:endColumn/pointer` (spaces
/// in the pointer as `%20`).
pub fn token(f: &Value) -> String {
    format!(
        "{}@{}:{}-{}:{}{}",
        f["code"].as_str().unwrap(),
        f["line"],
        f["column"],
        f["endLine"],
        f["endColumn"],
        f["pointer"]
            .as_str()
            .unwrap()
            .replace(' ', "%20")
            .replace('\t', "%09")
    )
}

/// Every file below `dir`, sorted, so that tests see the same order on every machine.
pub fn files_under(dir: &std::path::Path) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            out.extend(files_under(&path));
        } else {
            out.push(path);
        }
    }
    out.sort();
    out
}
