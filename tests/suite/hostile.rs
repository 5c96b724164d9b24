//! Hostile input: every file of `fixtures/hostile/` ends with its expected exit code and
//! finding in every output format, with no panic; special files and loops get a clear
//! error. Files run in-process; special files run the binary, whose timeout only guards
//! against a hang (speed is measured in the benchmarks).

use std::path::Path;
use std::time::Duration;

use assert_cmd::cargo::cargo_bin_cmd;

use crate::common;

const FORMATS: [&str; 5] = ["human", "compact", "json", "sarif", "github"];

#[test]
fn every_hostile_file_gives_its_finding_in_every_format() {
    let manifest = std::fs::read_to_string("fixtures/hostile/expect").unwrap();
    let lines: Vec<&str> = manifest.lines().collect();
    // The files are independent: shared out over the cores, each taken by the next free
    // thread (a few of them cost most of the time).
    let next = std::sync::atomic::AtomicUsize::new(0);
    let threads = std::thread::available_parallelism().map_or(2, usize::from);
    let failures: Vec<String> = std::thread::scope(|scope| {
        let workers: Vec<_> = (0..threads)
            .map(|_| {
                scope.spawn(|| {
                    let mut failures = Vec::new();
                    while let Some(line) =
                        lines.get(next.fetch_add(1, std::sync::atomic::Ordering::Relaxed))
                    {
                        failures.extend(check_in_every_format(line));
                    }
                    failures
                })
            })
            .collect();
        workers
            .into_iter()
            .flat_map(|w| w.join().unwrap())
            .collect()
    });
    assert!(failures.is_empty(), "\n{}", failures.join("\n"));
}

/// Checks the file of one manifest line (`file exit [code]`) in every format.
fn check_in_every_format(line: &str) -> Vec<String> {
    let mut failures = Vec::new();
    let mut parts = line.split_whitespace();
    let (file, code, finding) = (parts.next().unwrap(), parts.next().unwrap(), parts.next());
    let path = Path::new("fixtures/hostile").join(file);
    for format in FORMATS {
        // In-process: a panic fails the test; a hang is caught by the fuzz scripts.
        let (status, stdout, stderr) =
            common::run(&["--format", format, &path.display().to_string()]);
        let status = status.to_string();
        // The codes of the results themselves: a SARIF report's rules list names every
        // code, and a human report's help may quote one.
        let reported = result_codes(format, &stdout);
        let wrong = match finding {
            Some(f) => !reported.iter().any(|c| c == f),
            None => !reported.is_empty(),
        };
        if status != code || wrong {
            failures.push(format!("{file} ({format}): exit {status}, results {reported:?}, expected {code} {finding:?}; stderr: {stderr}"));
        }
    }
    failures
}

/// The finding codes of the results in a report of `format`, in order.
fn result_codes(format: &str, out: &str) -> Vec<String> {
    let code_after = |line: &str, marker: &str| {
        let at = line.find(marker)? + marker.len();
        line.get(at..at + 5)
            .filter(|c| c.starts_with("SF"))
            .map(str::to_owned)
    };
    match format {
        "json" => {
            let json: serde_json::Value = serde_json::from_str(out).unwrap_or_default();
            json["findings"]
                .as_array()
                .map(|a| {
                    a.iter()
                        .filter_map(|f| f["code"].as_str().map(str::to_owned))
                        .collect()
                })
                .unwrap_or_default()
        }
        "sarif" => {
            let sarif: serde_json::Value = serde_json::from_str(out).unwrap_or_default();
            sarif["runs"][0]["results"]
                .as_array()
                .map(|a| {
                    a.iter()
                        .filter_map(|r| r["ruleId"].as_str().map(str::to_owned))
                        .collect()
                })
                .unwrap_or_default()
        }
        // `path:line:column: severity[SF123] message`
        "compact" => out.lines().filter_map(|l| code_after(l, "[")).collect(),
        // `::error file=…,title=sfcheck SF123 name::message`
        "github" => out
            .lines()
            .filter_map(|l| code_after(l, "title=sfcheck "))
            .collect(),
        // Each diagnostic starts with its code alone on a line.
        _ => out
            .lines()
            .filter(|l| l.len() == 5 && l.starts_with("SF"))
            .map(str::to_owned)
            .collect(),
    }
}

#[test]
fn no_format_prints_a_secret_the_input_held() {
    let secrets = [
        "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef",
        "FEDCBA9876543210FEDCBA9876543210FEDCBA9876543210FEDCBA9876543210",
    ];
    for format in FORMATS {
        let (_, out, err) = common::run(&[
            "--format",
            format,
            "fixtures/hostile/secret-everywhere.eca.yaml",
        ]);
        let all = format!("{out}{err}");
        let reported = result_codes(format, &out);
        assert!(
            reported.iter().any(|c| c == "SF401") && reported.iter().any(|c| c == "SF402"),
            "{format}: {reported:?}"
        );
        for secret in secrets {
            assert!(!all.contains(secret), "{format} printed {secret}");
            assert!(
                !all.contains(&secret[..16]),
                "{format} printed part of {secret}"
            );
        }
    }
}

#[test]
fn a_folder_a_fifo_and_a_symlink_loop() {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("special-files");
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(dir.join("walk")).unwrap();
    // A FIFO named on the command line: an error, not a wait for a writer.
    let fifo = dir.join("pipe.eca.yaml");
    let made = std::process::Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .unwrap();
    assert!(made.success());
    cargo_bin_cmd!("sfcheck")
        .arg(&fifo)
        .timeout(Duration::from_secs(60))
        .assert()
        .code(3)
        .stderr(predicates::str::contains("not a regular file"));
    // Symlinks that loop: the walk does not follow them (and, finding no file, says that
    // nothing was checked); named directly, an I/O error.
    std::os::unix::fs::symlink("loop-b.eca.yaml", dir.join("walk/loop-a.eca.yaml")).unwrap();
    std::os::unix::fs::symlink("loop-a.eca.yaml", dir.join("walk/loop-b.eca.yaml")).unwrap();
    std::os::unix::fs::symlink(".", dir.join("walk/self")).unwrap();
    // A folder of nothing but symlinks has nothing to check, and says so.
    cargo_bin_cmd!("sfcheck")
        .arg(dir.join("walk"))
        .timeout(Duration::from_secs(60))
        .assert()
        .code(3)
        .stderr(predicates::str::contains("nothing to check in"));
    cargo_bin_cmd!("sfcheck")
        .arg(dir.join("walk/loop-a.eca.yaml"))
        .timeout(Duration::from_secs(60))
        .assert()
        .code(3);
    // A file larger than the limit is a finding, not a read.
    let big = dir.join("big.eca.yaml");
    std::fs::write(&big, "# x\n".repeat(300_000)).unwrap();
    cargo_bin_cmd!("sfcheck")
        .arg(&big)
        .assert()
        .code(1)
        .stdout(predicates::str::contains("SF004"));
    cargo_bin_cmd!("sfcheck")
        .args(["--max-file-size", "2000000"])
        .arg(&big)
        .assert()
        .code(1)
        .stdout(predicates::str::contains("SF003"));
}

#[test]
fn crlf_and_a_bom_keep_lines_and_columns_right() {
    for file in ["crlf.eca.yaml", "bom-and-error.eca.yaml"] {
        let (_, json) = common::run_json(&[format!("fixtures/hostile/{file}")]);
        let f = &json["findings"][0];
        // `    device: true` on line 16 in both, whatever the line endings or the BOM.
        assert_eq!(
            (f["code"].as_str(), f["line"].as_u64(), f["column"].as_u64()),
            (Some("SF205"), Some(16), Some(13)),
            "{file}"
        );
        assert_eq!(
            (f["endLine"].as_u64(), f["endColumn"].as_u64()),
            (Some(16), Some(17)),
            "{file}"
        );
    }
}

#[test]
fn the_size_limit_comes_from_the_config_too() {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("size-limit-config");
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("sfcheck.toml"), "max_file_size = 100\n").unwrap();
    std::fs::copy(
        "examples/deskpro-crm-sync.eca.yaml",
        dir.join("app.eca.yaml"),
    )
    .unwrap();
    cargo_bin_cmd!("sfcheck")
        .current_dir(&dir)
        .arg("app.eca.yaml")
        .assert()
        .code(1)
        .stdout(predicates::str::contains("SF004"));
    // The flag wins over the config.
    cargo_bin_cmd!("sfcheck")
        .current_dir(&dir)
        .args(["--max-file-size", "100000", "app.eca.yaml"])
        .assert()
        .code(0);
}
