//! The human report, one snapshot per finding code (the first `trip-*` fixture of each).
//! Review changes with `cargo insta review`; never accept them unread.

use assert_cmd::cargo::cargo_bin_cmd;

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
        let out = cargo_bin_cmd!("sfcheck")
            .args(args_of(file))
            .args(["--color", "never"])
            .arg(file)
            .env_remove("NO_COLOR")
            .output()
            .unwrap();
        let code = dir.file_name().unwrap().to_str().unwrap();
        insta::assert_snapshot!(code, String::from_utf8(out.stdout).unwrap());
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
        let out = cargo_bin_cmd!("sfcheck")
            .args(["--color", "never"])
            .arg(format!("fixtures/metadata/{case}"))
            .output()
            .unwrap();
        insta::assert_snapshot!(
            format!("metadata-{case}"),
            String::from_utf8(out.stdout).unwrap()
        );
    }
}
