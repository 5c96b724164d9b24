//! The human report, one snapshot per finding code (the first `trip-*` fixture of each).
//! Review changes with `cargo insta review`; never accept them unread.
//!
//! The report runs in-process and is written with `--output`, as the binary writes it
//! when standard output is not a terminal (100 columns, no colour), whatever terminal
//! runs the tests; `outputs` and `messages` check the binary's own standard output.

use std::path::Path;

use crate::common;

/// The human report of a run with `args`, as a file it writes.
fn human(name: &str, args: &[String]) -> String {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("snapshots");
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join(format!("{name}.txt"));
    let mut all = vec![
        "--color".to_owned(),
        "never".to_owned(),
        "--output".to_owned(),
    ];
    all.push(file.display().to_string());
    all.extend_from_slice(args);
    let (_, out, err) = common::run(&all);
    assert_eq!((out.as_str(), err.as_str()), ("", ""), "{name}");
    std::fs::read_to_string(&file).unwrap()
}

fn args_of(path: &std::path::Path) -> Vec<String> {
    let sidecar = format!("{}.args", path.display());
    let text = std::fs::read_to_string(&sidecar)
        .ok()
        .or_else(|| {
            let head = String::from_utf8_lossy(&std::fs::read(path).ok()?).into_owned();
            head.lines()
                .find_map(|l| l.strip_prefix("# args:").map(str::to_owned))
        })
        .unwrap_or_default();
    text.split_whitespace().map(str::to_owned).collect()
}

#[test]
fn human_report_per_code() {
    let mut dirs: Vec<_> = std::fs::read_dir("fixtures/rules")
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    dirs.sort();
    for dir in dirs {
        let mut trips: Vec<_> = std::fs::read_dir(&dir)
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| {
                let name = p.file_name().unwrap().to_str().unwrap();
                name.starts_with("trip-") && name.ends_with(".eca.yaml")
            })
            .collect();
        trips.sort();
        let file = &trips[0];
        let code = dir.file_name().unwrap().to_str().unwrap();
        let mut args = args_of(file);
        args.push(file.display().to_string());
        insta::assert_snapshot!(code, human(code, &args));
    }
}

#[test]
fn human_report_for_metadata() {
    for case in [
        "generic-retrieve",
        "global-missing",
        "consumer-secret",
        "oauth-names-as-scopes",
    ] {
        let name = format!("metadata-{case}");
        let report = human(&name, &[format!("fixtures/metadata/{case}")]);
        insta::assert_snapshot!(name, report);
    }
}
