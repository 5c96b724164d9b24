//! Writers stay where they were told and leave nothing behind: no write through a link
//! out of its folder, a read-only file left as it is, owner and group kept, a name near
//! the length limit still fixed, no temporary file after SIGTERM, an export whole or not
//! at all.

use std::path::PathBuf;

use assert_cmd::cargo::cargo_bin_cmd;

fn scratch(name: &str) -> PathBuf {
    let dir = std::path::Path::new(env!("CARGO_TARGET_TMPDIR"))
        .join("writers")
        .join(name);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// The bundled example with PKCE off: one fix to make.
fn broken() -> String {
    std::fs::read_to_string("examples/deskpro-crm-sync.eca.yaml")
        .unwrap()
        .replacen("requirePkce: true", "requirePkce: false", 1)
}

fn fix(dir: &std::path::Path, args: &[&str]) -> (i32, String) {
    let out = cargo_bin_cmd!("sfcheck")
        .current_dir(dir)
        .args(["--no-config", "-q", "--color", "never"])
        .args(args)
        .timeout(std::time::Duration::from_secs(60))
        .output()
        .unwrap();
    (
        out.status.code().unwrap(),
        String::from_utf8(out.stderr).unwrap(),
    )
}

fn leftovers(dir: &std::path::Path) -> Vec<String> {
    std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains("sfcheck-"))
        .collect()
}

#[test]
fn a_report_is_not_written_through_a_link_out_of_its_folder() {
    let dir = scratch("report-link");
    std::fs::create_dir_all(dir.join("outside")).unwrap();
    std::fs::write(dir.join("outside/report.txt"), "kept").unwrap();
    std::fs::create_dir_all(dir.join("here")).unwrap();
    std::os::unix::fs::symlink("../outside/report.txt", dir.join("here/report.txt")).unwrap();
    std::fs::write(dir.join("app.eca.yaml"), broken()).unwrap();
    let (code, stderr) = fix(&dir, &["-o", "here/report.txt", "app.eca.yaml"]);
    assert_eq!(code, 3, "{stderr}");
    assert!(
        stderr.contains("error: cannot write `here/report.txt`: it is a symbolic link to a file outside its folder"),
        "{stderr}"
    );
    assert_eq!(
        std::fs::read_to_string(dir.join("outside/report.txt")).unwrap(),
        "kept"
    );
    assert!(leftovers(&dir.join("here")).is_empty());
}

#[test]
fn a_read_only_file_is_left_as_it_is() {
    use std::os::unix::fs::PermissionsExt;
    let dir = scratch("read-only");
    let file = dir.join("app.eca.yaml");
    std::fs::write(&file, broken()).unwrap();
    std::fs::set_permissions(&file, std::fs::Permissions::from_mode(0o444)).unwrap();
    let (code, stderr) = fix(&dir, &["--fix", "app.eca.yaml"]);
    assert_eq!(code, 3, "{stderr}");
    assert!(
        stderr.contains("error: cannot write `app.eca.yaml`: it is read-only; it is left as it is"),
        "{stderr}"
    );
    assert_eq!(std::fs::read_to_string(&file).unwrap(), broken());
    assert!(leftovers(&dir).is_empty());
    // The report is of the file as it is: the finding not fixed is still shown.
    let path = file.display().to_string();
    let (code, out, err) = crate::common::run(&["--no-config", "-f", "compact", "--fix", &path]);
    assert_eq!(code, 3, "{err}");
    assert_eq!(
        out,
        format!(
            "{path}:5:15: warning[SF107] `admin@example.com` is a placeholder address (a domain reserved for examples)\n{path}:9:16: warning[SF107] `helpdesk.example.com` is a placeholder host (a domain reserved for examples)\n{path}:23:18: error[SF206] “Require PKCE extension for Supported Authorization Flows” is unticked; Deskpro CRM Sync needs it ticked\n"
        )
    );
    assert!(err.ends_with("0 fixed, 3 remaining.\n"), "{err}");
}

#[test]
fn a_metadata_file_not_written_is_reported_as_it_is() {
    use std::os::unix::fs::PermissionsExt;
    let dir = scratch("read-only-metadata");
    crate::cli_support::copy_dir(std::path::Path::new(crate::cli_support::META), &dir);
    let global = dir.join(crate::cli_support::GLOBAL);
    let text = std::fs::read_to_string(&global).unwrap().replacen(
        "<isPkceRequired>true",
        "<isPkceRequired>false",
        1,
    );
    std::fs::write(&global, &text).unwrap();
    std::fs::set_permissions(&global, std::fs::Permissions::from_mode(0o444)).unwrap();
    let path = dir.display().to_string();
    let (code, out, err) = crate::common::run(&["--no-config", "-f", "compact", "--fix", &path]);
    assert_eq!(code, 3, "{err}");
    assert_eq!(std::fs::read_to_string(&global).unwrap(), text);
    assert_eq!(
        out,
        format!(
            "{}:13:21: error[SF206] “Require PKCE extension for Supported Authorization Flows” is unticked; Deskpro CRM Sync needs it ticked\n",
            global.display()
        )
    );
    assert!(err.ends_with("0 fixed, 1 remaining.\n"), "{err}");
}

#[test]
fn a_name_near_the_length_limit_is_fixed() {
    let dir = scratch("long-name");
    let name = format!("{}.eca.yaml", "x".repeat(246));
    std::fs::write(dir.join(&name), broken()).unwrap();
    let (code, stderr) = fix(&dir, &["--fix", &name]);
    assert_eq!(code, 0, "{stderr}");
    let fixed = std::fs::read_to_string(dir.join(&name)).unwrap();
    assert!(fixed.contains("requirePkce: true"));
    assert!(leftovers(&dir).is_empty());
}

#[test]
fn a_fixed_file_keeps_its_owner_and_group() {
    use std::os::unix::fs::MetadataExt;
    let dir = scratch("owner");
    let file = dir.join("app.eca.yaml");
    std::fs::write(&file, broken()).unwrap();
    // Only root may give a file away; elsewhere there is nothing to keep.
    if std::os::unix::fs::chown(&file, Some(4321), Some(4322)).is_err() {
        return;
    }
    let (code, stderr) = fix(&dir, &["--fix", "app.eca.yaml"]);
    assert_eq!(code, 0, "{stderr}");
    let meta = std::fs::metadata(&file).unwrap();
    assert_eq!((meta.uid(), meta.gid()), (4321, 4322));
    assert!(
        std::fs::read_to_string(&file)
            .unwrap()
            .contains("requirePkce: true")
    );
}

#[test]
fn sigterm_during_fix_leaves_no_temporary_file() {
    // Files large enough that the run is still writing when the signal comes.
    let dir = scratch("sigterm");
    let padding = format!("# {}\n", "x".repeat(70)).repeat(12_000);
    for i in 0..200 {
        std::fs::write(dir.join(format!("a{i:03}.eca.yaml")), broken() + &padding).unwrap();
    }
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_sfcheck"))
        .args(["--no-config", "-q", "--fix"])
        .arg(&dir)
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    // Once the first file is fixed, the handler is in place and writes go on.
    let first = dir.join("a000.eca.yaml");
    let started = std::time::Instant::now();
    while !std::fs::read_to_string(&first).is_ok_and(|t| t.contains("requirePkce: true")) {
        assert!(
            started.elapsed() < std::time::Duration::from_secs(60),
            "no file was fixed"
        );
        std::thread::sleep(std::time::Duration::from_millis(1));
    }
    let killed = std::process::Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(killed.success());
    let status = child.wait().unwrap();
    // The handler ends the run with the shell's code for SIGTERM, after removing what
    // it was writing; the default handling would end it by the signal, with no code.
    assert_eq!(status.code(), Some(143), "{status:?}");
    assert!(leftovers(&dir).is_empty(), "{:?}", leftovers(&dir));
    let fixed = (0..200)
        .filter(|i| {
            std::fs::read_to_string(dir.join(format!("a{i:03}.eca.yaml")))
                .unwrap()
                .contains("requirePkce: true")
        })
        .count();
    assert!(fixed < 200, "the run ended before the signal");
}

#[test]
fn an_export_that_cannot_write_one_file_writes_none() {
    let dir = scratch("export-all-or-nothing");
    let out = dir.join("out");
    std::fs::create_dir_all(&out).unwrap();
    // A file where a folder of the export must go: that one file cannot be written.
    std::fs::write(out.join("extlClntAppPolicies"), "in the way").unwrap();
    let (code, stderr) = fix(
        &dir,
        &[
            "export",
            &std::fs::canonicalize(crate::cli_support::VALID)
                .unwrap()
                .display()
                .to_string(),
            "--output-dir",
            "out",
        ],
    );
    assert_eq!(code, 3, "{stderr}");
    let mut left: Vec<String> = std::fs::read_dir(&out)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    left.sort();
    assert_eq!(left, ["extlClntAppPolicies"], "{stderr}");
    assert_eq!(
        std::fs::read_to_string(out.join("extlClntAppPolicies")).unwrap(),
        "in the way"
    );
}
