//! One file, however it is reached: a metadata file named by two paths (`.`, `..`, a
//! symlinked folder, a symlink to it) is read and reported once, under the first path
//! given; the `.gitignore` note counts a file checked by another path as checked; symlink
//! loops are not walked; a missing file named twice is said twice.

use std::os::unix::fs::symlink;
use std::path::{Path, PathBuf};

use assert_cmd::cargo::cargo_bin_cmd;
use serde_json::Value;

use crate::common;

const HEADER: &str = "force-app/main/default/externalClientApps/Deskpro_CRM_Sync.eca-meta.xml";

/// What a run in `dir` says: exit code, the files reported, the findings as `CODE path`,
/// and standard error.
fn run(dir: &Path, args: &[&str]) -> (i32, Vec<String>, Vec<String>, String) {
    let out = cargo_bin_cmd!("sfcheck")
        .current_dir(dir)
        .args(["--no-config", "--format", "json"])
        .args(args)
        .output()
        .unwrap();
    let json: Value = serde_json::from_slice(&out.stdout).unwrap();
    let list = |key: &str, show: &dyn Fn(&Value) -> String| -> Vec<String> {
        json[key].as_array().unwrap().iter().map(show).collect()
    };
    (
        out.status.code().unwrap(),
        list("files", &|f| f["path"].as_str().unwrap().to_owned()),
        list("findings", &|f| {
            format!(
                "{} {}",
                f["code"].as_str().unwrap(),
                f["path"].as_str().unwrap()
            )
        }),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// The five files of the fixture app below `at`, in the report's order.
fn app(at: &str) -> Vec<String> {
    [
        "externalClientApps/Deskpro_CRM_Sync.eca-meta.xml",
        "extlClntAppGlobalOauthSets/Deskpro_CRM_Sync_glbloauth.ecaGlblOauth-meta.xml",
        "extlClntAppOauthSettings/Deskpro_CRM_Sync_oauth.ecaOauth-meta.xml",
        "extlClntAppPolicies/Deskpro_CRM_Sync_defaultPolicy.ecaPlcy-meta.xml",
        "extlClntAppOauthPolicies/Deskpro_CRM_Sync_oauth_defaultPolicy.ecaOauthPlcy-meta.xml",
    ]
    .iter()
    .map(|f| format!("{at}/force-app/main/default/{f}"))
    .collect()
}

/// A scratch folder holding a copy of the valid fixture project as `p`, and `q`, a
/// symlink to it.
fn scratch(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR"))
        .join("paths")
        .join(name);
    let _ = std::fs::remove_dir_all(&dir);
    let src = Path::new("fixtures/metadata/deskpro-valid");
    for entry in common::files_under(src) {
        let target = dir.join("p").join(entry.strip_prefix(src).unwrap());
        std::fs::create_dir_all(target.parent().unwrap()).unwrap();
        std::fs::copy(&entry, &target).unwrap();
    }
    symlink("p", dir.join("q")).unwrap();
    dir
}

#[test]
fn an_app_reached_by_two_paths_is_reported_once_under_the_first() {
    let dir = scratch("two-paths");
    let ok = |files: Vec<String>| (0, files, Vec::<String>::new(), String::new());
    // A folder and its symlink; a file of it named again with `.` or `..` in the path.
    assert_eq!(run(&dir, &["p", "q"]), ok(app("p")));
    assert_eq!(run(&dir, &["q", "p"]), ok(app("q")));
    let dotted = format!("p/./{HEADER}");
    assert_eq!(run(&dir, &["p", &dotted]), ok(app("p")));
    let up = format!("p/force-app/../{HEADER}");
    let plain = format!("p/{HEADER}");
    assert_eq!(run(&dir, &[&up, &plain]), ok(app("p/force-app/..")));
    let through_link = format!("q/{HEADER}");
    assert_eq!(run(&dir, &[&plain, &through_link]), ok(app("p")));
    // A symlink to the header, named after the folder, is the header already read.
    let alias = "p/force-app/main/default/externalClientApps/Alias.eca-meta.xml";
    symlink("Deskpro_CRM_Sync.eca-meta.xml", dir.join(alias)).unwrap();
    assert_eq!(run(&dir, &["p", alias]), ok(app("p")));
    // A folder that loops back on itself is not walked into.
    symlink(".", dir.join("p/force-app/main/default/self")).unwrap();
    assert_eq!(run(&dir, &["p"]), ok(app("p")));
}

#[test]
fn the_gitignore_note_counts_a_file_checked_by_another_path_as_checked() {
    let dir = scratch("gitignore-note");
    std::fs::write(dir.join("p/.gitignore"), "force-app/main/default/ext*/\n").unwrap();
    let nothing = |folder: &str| {
        format!(
            "error: nothing to check in `{folder}`: no `*.eca.yaml`, `*.eca.yml` or External Client App metadata file in this folder\n"
        )
    };
    let note = |folder: &str| {
        format!(
            "note: 5 ECA metadata files ignored by .gitignore were not checked (such as `{folder}/{HEADER}`); run with `--no-ignore` to check them\n"
        )
    };
    for folder in ["p", "q"] {
        assert_eq!(
            run(&dir, &[folder]),
            (3, vec![], vec![], nothing(folder) + &note(folder))
        );
    }
    // The app named through the symlink is checked: the note has nothing to count.
    let through_link = format!("q/{HEADER}");
    assert_eq!(
        run(&dir, &["p", &through_link]),
        (3, app("q"), vec![], nothing("p"))
    );
    assert_eq!(
        run(&dir, &["--no-ignore", "p"]),
        (0, app("p"), vec![], String::new())
    );
}

#[test]
fn a_missing_file_named_by_two_paths_is_said_twice() {
    let dir = scratch("missing-twice");
    let (code, files, findings, stderr) = run(&dir, &["./gone.eca-meta.xml", "gone.eca-meta.xml"]);
    assert_eq!((code, files, findings), (3, vec![], vec![]));
    assert_eq!(
        stderr,
        "error: cannot read `./gone.eca-meta.xml`: No such file or directory (os error 2)\n\
         error: cannot read `gone.eca-meta.xml`: No such file or directory (os error 2)\n"
    );
}
