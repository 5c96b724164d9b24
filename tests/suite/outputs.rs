//! Where reports, imports and standard input go: files written whole and never over an
//! input; standard input read as what its name says.

use std::path::Path;

use predicates::prelude::*;
use serde_json::Value;

use crate::cli_support::*;

// 10 and hostile-input 13. Writes through a temporary file; never over an input.

#[test]
fn an_output_that_names_an_input_is_refused() {
    let dir = scratch("output-is-input");
    let app = dir.join("app.eca.yaml");
    std::fs::copy(VALID, &app).unwrap();
    let before = std::fs::read(&app).unwrap();
    for (output, inputs) in [
        ("app.eca.yaml", vec!["app.eca.yaml"]),
        ("./app.eca.yaml", vec!["."]),
        ("app.eca.yaml", vec!["*.eca.yaml"]),
    ] {
        let out = sfcheck()
            .current_dir(&dir)
            .args(["--format", "json", "-o", output])
            .args(&inputs)
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(2), "{output} {inputs:?}");
        let stderr = String::from_utf8(out.stderr).unwrap();
        assert!(stderr.contains("a file this run reads"), "{stderr}");
        assert_eq!(std::fs::read(&app).unwrap(), before, "{output} {inputs:?}");
    }
    // A satellite of the app named is read too.
    let meta = dir.join("meta");
    copy_dir(Path::new(META), &meta);
    let global = meta.join(GLOBAL);
    let before = std::fs::read(&global).unwrap();
    sfcheck()
        .args(["-o", global.to_str().unwrap()])
        .arg(meta.join(HEADER))
        .assert()
        .code(2);
    assert_eq!(std::fs::read(&global).unwrap(), before);
    // `--fix` writes its report the same way, never over a file it fixes.
    let broken = std::fs::read_to_string(VALID)
        .unwrap()
        .replace("device: false", "device: true");
    std::fs::write(&app, &broken).unwrap();
    let out = sfcheck()
        .current_dir(&dir)
        .args(["--fix", "-o", "app.eca.yaml", "app.eca.yaml"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("a file this run reads"));
    assert_eq!(std::fs::read_to_string(&app).unwrap(), broken);
    sfcheck()
        .args(["import", meta.to_str().unwrap(), "--force", "-o"])
        .arg(meta.join(HEADER))
        .assert()
        .code(2)
        .stderr(predicate::str::contains("a file this import reads"));
    assert!(
        std::fs::read_to_string(meta.join(HEADER))
            .unwrap()
            .starts_with("<?xml")
    );
}

#[test]
fn reports_and_imports_replace_files_whole_and_leave_no_temporary_file() {
    let dir = scratch("atomic-writes");
    let report = dir.join("report.json");
    std::fs::write(
        &report,
        "old report that is longer than the new one ".repeat(100),
    )
    .unwrap();
    sfcheck()
        .args(["--format", "json", "-o", report.to_str().unwrap(), VALID])
        .assert()
        .code(0);
    let written: Value = serde_json::from_str(&std::fs::read_to_string(&report).unwrap()).unwrap();
    assert_eq!(written["summary"]["files"], 1);
    let imported = dir.join("app.eca.yaml");
    sfcheck()
        .args(["import", META, "-o", imported.to_str().unwrap()])
        .assert()
        .code(0);
    sfcheck().arg(&imported).assert().code(0);
    let names: Vec<String> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    let mut sorted = names.clone();
    sorted.sort();
    assert_eq!(sorted, ["app.eca.yaml", "report.json"]);
    // A folder in the way: the error names it, and nothing is left behind.
    let blocked = dir.join("blocked.json");
    std::fs::create_dir_all(blocked.join("inside")).unwrap();
    sfcheck()
        .args(["--format", "json", "-o", blocked.to_str().unwrap(), VALID])
        .assert()
        .code(3)
        .stderr(predicate::str::contains("cannot write"));
    assert!(blocked.join("inside").is_dir());
    assert_eq!(std::fs::read_dir(&dir).unwrap().count(), 3);
}

// 11. The name decides the reader.

#[test]
fn standard_input_named_as_metadata_is_read_as_metadata() {
    let header = std::fs::read_to_string(Path::new(META).join(HEADER)).unwrap();
    let (code, json) = json_of(&["--stdin-filename", "X.eca-meta.xml", "-"], Some(&header));
    assert_eq!(code, 1);
    let codes: Vec<&str> = json["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["code"].as_str().unwrap())
        .collect();
    assert_eq!(codes, ["SF102", "SF706"]);
    assert_eq!(json["findings"][0]["path"], "X.eca-meta.xml");
    // Named as a file of a project, the rest of its app is read from disk.
    let path = Path::new(META).join(HEADER);
    let edited = header.replace(
        "<distributionState>Local</distributionState>",
        "<distributionState>Packaged</distributionState>",
    );
    assert_ne!(edited, header);
    let (code, json) = json_of(
        &["--stdin-filename", path.to_str().unwrap(), "-"],
        Some(&edited),
    );
    assert_eq!(code, 1);
    let f = &json["findings"].as_array().unwrap();
    assert_eq!(f.len(), 1, "{json}");
    assert_eq!(f[0]["code"], "SF201");
    assert_eq!(f[0]["path"], path.to_str().unwrap());
}

// 12. JSON and SARIF are written a file at a time, so memory does not grow with the
// number of files; what is known only at the end (the counts, what was not checked)
// comes after the findings.

#[test]
fn json_and_sarif_written_a_file_at_a_time_are_one_pretty_document() {
    let paths = ["fixtures/rules", META, "missing.eca.yaml"];
    let mut counts = Vec::new();
    for format in ["json", "sarif"] {
        let mut args = vec!["--format", format, "--no-config"];
        args.extend(paths);
        let r = run(&args, None);
        assert_eq!(r.code, 3, "{}", r.stderr);
        let value: Value = serde_json::from_str(&r.stdout).unwrap();
        // Byte for byte what serde_json writes of the whole document at once.
        assert_eq!(
            r.stdout,
            serde_json::to_string_pretty(&value).unwrap() + "\n",
            "{format}"
        );
        let (members, found) = if format == "json" {
            let files = value["files"].as_array().unwrap().len();
            assert_eq!(value["summary"]["files"], files);
            let (e, w) = (&value["summary"]["errors"], &value["summary"]["warnings"]);
            let found = value["findings"].as_array().unwrap().len();
            // The summary also counts what a report cut short does not show.
            let hidden: u64 = value["findings"]
                .as_array()
                .unwrap()
                .iter()
                .filter(|f| f["code"] == "SF010")
                .filter_map(|f| {
                    f["message"]
                        .as_str()?
                        .split(' ')
                        .next()?
                        .parse::<u64>()
                        .ok()
                })
                .sum();
            assert_eq!(
                e.as_u64().unwrap() + w.as_u64().unwrap(),
                found as u64 + hidden
            );
            assert_eq!(value["notChecked"][0]["path"], "missing.eca.yaml");
            (value.as_object().unwrap().keys().cloned().collect(), found)
        } else {
            let run = &value["runs"][0];
            assert_eq!(run["invocations"][0]["executionSuccessful"], false);
            let members = run.as_object().unwrap().keys().cloned().collect();
            (members, run["results"].as_array().unwrap().len())
        };
        let members: Vec<String> = members;
        let expected: &[&str] = if format == "json" {
            &["version", "findings", "files", "summary", "notChecked"]
        } else {
            &["tool", "columnKind", "results", "invocations"]
        };
        assert_eq!(members, expected, "{format}");
        counts.push(found);
    }
    assert!(counts[0] > 100, "{counts:?}");
    assert_eq!(counts[0], counts[1], "a SARIF result for each JSON finding");
}

#[cfg(unix)]
#[test]
fn an_output_that_is_a_pipe_is_written_in_place_not_replaced() {
    use std::os::unix::fs::FileTypeExt;
    // A rename over a device or pipe (`-o /dev/null`) would put a file in its place.
    let dir = scratch("output-pipe");
    let pipe = dir.join("report.pipe");
    let made = std::process::Command::new("mkfifo").arg(&pipe).status();
    assert!(made.unwrap().success());
    let (sent, got) = std::sync::mpsc::channel();
    let reading = pipe.clone();
    std::thread::spawn(move || {
        let _ = sent.send(std::fs::read_to_string(&reading).unwrap());
    });
    let example = "examples/deskpro-crm-sync.eca.yaml";
    let args = ["--no-config", "--format", "compact", example];
    let out = sfcheck()
        .args(args)
        .arg("-o")
        .arg(&pipe)
        .timeout(std::time::Duration::from_secs(60))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    let read = got
        .recv_timeout(std::time::Duration::from_secs(60))
        .expect("the report comes through the pipe");
    let expected = sfcheck().args(args).output().unwrap().stdout;
    assert!(!expected.is_empty());
    assert_eq!(read.as_bytes(), expected.as_slice());
    assert!(std::fs::metadata(&pipe).unwrap().file_type().is_fifo());
    // No temporary file is left beside it.
    assert_eq!(std::fs::read_dir(&dir).unwrap().count(), 1);
}
