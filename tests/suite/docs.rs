//! The book says what the tool does: its list of finding codes and its table of contents
//! are generated from the rule catalogue, never typed twice; every internal link lands;
//! and every `sfcheck` command the README and the book show runs.
//! `SFCHECK_BLESS=1 cargo test --test suite docs::` rewrites the generated parts.

use std::path::{Path, PathBuf};

/// Replaces what stands between `<!-- NAME:start -->` and `<!-- NAME:end -->` in `file`
/// with `expected` when blessing, or asserts that it is `expected`.
fn generated(file: &str, name: &str, expected: &str) {
    let start_marker = format!("<!-- {name}:start -->\n");
    let end_marker = format!("<!-- {name}:end -->");
    let text = std::fs::read_to_string(file).unwrap();
    let start = text
        .find(&start_marker)
        .unwrap_or_else(|| panic!("{file} has no {name}:start marker"))
        + start_marker.len();
    let end = text
        .find(&end_marker)
        .unwrap_or_else(|| panic!("{file} has no {name}:end marker"));
    if std::env::var_os("SFCHECK_BLESS").is_some() {
        std::fs::write(
            file,
            format!("{}{expected}{}", &text[..start], &text[end..]),
        )
        .unwrap();
        return;
    }
    assert!(
        text[start..end] == *expected,
        "{file}'s {name} list is out of date; run `SFCHECK_BLESS=1 cargo test --test suite docs::`"
    );
}

#[test]
fn the_code_table_matches_the_catalogue() {
    let mut table = String::from("| code | name | severity | what it finds |\n|---|---|---|---|\n");
    for c in sfcheck::catalogue::ALL {
        table.push_str(&format!(
            "| [{code}](rules/{code}.md) | {} | {} | {} |\n",
            c.name(),
            c.severity.as_str(),
            c.summary(),
            code = c.code,
        ));
    }
    generated("docs/codes.md", "codes", &table);
}

#[test]
fn the_book_lists_every_rule_page() {
    let mut list = String::new();
    for c in sfcheck::catalogue::ALL {
        list.push_str(&format!(
            "  - [{code} {}](rules/{code}.md)\n",
            c.name(),
            code = c.code
        ));
    }
    generated("docs/SUMMARY.md", "rules", &list);
}

/// The README and every page of the book.
fn pages() -> Vec<PathBuf> {
    let mut pages = vec![PathBuf::from("README.md")];
    for dir in ["docs", "docs/rules"] {
        let mut found: Vec<PathBuf> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.extension().is_some_and(|e| e == "md"))
            .collect();
        found.sort();
        pages.extend(found);
    }
    pages
}

/// A heading's anchor as mdBook and GitHub make it: lower case, punctuation dropped but
/// `-` and `_`, spaces as `-`.
fn slug(heading: &str) -> String {
    heading
        .trim()
        .to_lowercase()
        .chars()
        .filter(|c| c.is_alphanumeric() || matches!(c, '-' | '_' | ' '))
        .map(|c| if c == ' ' { '-' } else { c })
        .collect()
}

/// The lines of a page outside fenced code blocks, with their numbers.
fn prose(text: &str) -> Vec<(usize, &str)> {
    let mut fenced = false;
    let mut lines = Vec::new();
    for (i, line) in text.lines().enumerate() {
        if line.trim_start().starts_with("```") {
            fenced = !fenced;
            continue;
        }
        if !fenced {
            lines.push((i + 1, line));
        }
    }
    lines
}

fn anchors(page: &Path) -> Vec<String> {
    let text = std::fs::read_to_string(page).unwrap();
    prose(&text)
        .into_iter()
        .filter_map(|(_, l)| l.strip_prefix('#'))
        .map(|h| slug(h.trim_start_matches('#')))
        .collect()
}

/// Where the book links to a file of the repository outside the book: a relative link
/// out of `docs/` would name a page the built book does not have.
const REPOSITORY: &str = "https://github.com/sfcheck/sfcheck/";

/// Every link of the README and the book to a file of the repository or an anchor
/// resolves: a moved chapter or a renamed heading fails here, not in a reader's browser.
/// The book links out of `docs/` only through the repository's address.
#[test]
fn every_internal_link_lands() {
    let link = regex::Regex::new(r"\]\(([^)\s]+)\)").unwrap();
    let code = regex::Regex::new(r"`[^`]*`").unwrap();
    let mut broken = Vec::new();
    for page in pages() {
        let text = std::fs::read_to_string(&page).unwrap();
        for (number, line) in prose(&text) {
            // Inline code is not a link.
            let line = code.replace_all(line, "");
            for target in link.captures_iter(&line).map(|c| c[1].to_owned()) {
                if let Some(path) = target.strip_prefix(REPOSITORY) {
                    let file = path
                        .strip_prefix("blob/main/")
                        .or_else(|| path.strip_prefix("tree/main/"));
                    if !file.is_some_and(|f| Path::new(f).exists()) {
                        broken.push(format!("{}:{number}: {target}", page.display()));
                    }
                    continue;
                }
                if target.contains("://") || target.starts_with("mailto:") {
                    continue;
                }
                if page.starts_with("docs") && !inside_docs(&page, &target) {
                    broken.push(format!(
                        "{}:{number}: {target} (out of the book: link to {REPOSITORY}blob/main/…)",
                        page.display()
                    ));
                    continue;
                }
                let (file, anchor) = target.split_once('#').unwrap_or((&target, ""));
                let file = if file.is_empty() {
                    page.clone()
                } else {
                    page.parent().unwrap().join(file)
                };
                let ok = file.exists()
                    && (anchor.is_empty() || anchors(&file).iter().any(|a| a == anchor));
                if !ok {
                    broken.push(format!("{}:{number}: {target}", page.display()));
                }
            }
        }
    }
    assert!(broken.is_empty(), "broken links:\n{}", broken.join("\n"));
}

/// Whether a relative link of a page of the book names a file of the book.
fn inside_docs(page: &Path, target: &str) -> bool {
    let mut depth = page.components().count() - 1;
    for part in target.split('#').next().unwrap_or_default().split('/') {
        match part {
            ".." if depth <= 1 => return false,
            ".." => depth -= 1,
            "" | "." => {}
            _ => depth += 1,
        }
    }
    true
}

/// The commands shown in `sh` and `console` blocks of the README and the book's usage
/// chapters: (page, line number, block number, command).
fn documented_commands() -> Vec<(String, usize, usize, String)> {
    let mut commands = Vec::new();
    for page in pages().into_iter().filter(|p| !p.starts_with("docs/rules")) {
        let text = std::fs::read_to_string(&page).unwrap();
        let mut block: Option<bool> = None;
        let mut blocks = 0;
        for (i, line) in text.lines().enumerate() {
            if let Some(info) = line.trim_start().strip_prefix("```") {
                block = match block {
                    Some(_) => None,
                    None => {
                        blocks += 1;
                        Some(matches!(info.trim(), "sh" | "console"))
                    }
                };
                continue;
            }
            let command = line.strip_prefix("$ ").unwrap_or(line);
            if block == Some(true) && command.starts_with("sfcheck ") {
                commands.push((
                    page.display().to_string(),
                    i + 1,
                    blocks,
                    command.to_owned(),
                ));
            }
        }
    }
    commands
}

/// A project as a newcomer has one: the bundled example as `app.eca.yaml` (and below
/// `config/` and `apps/`), a Salesforce DX project's `force-app/` with the app's metadata,
/// a custom profile, and an `sfcheck.toml`-free root.
fn workspace(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("sfcheck-docs-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let copy = |from: &str, to: &str| {
        let to = dir.join(to);
        std::fs::create_dir_all(to.parent().unwrap()).unwrap();
        std::fs::copy(from, to).unwrap();
    };
    let example = "examples/deskpro-crm-sync.eca.yaml";
    for to in [
        "app.eca.yaml",
        "config/app.eca.yaml",
        "apps/crm/app.eca.yaml",
    ] {
        copy(example, to);
    }
    copy(
        "fixtures/profiles/acme-portal/acme-portal.schema.json",
        "my-integration.schema.json",
    );
    let project = Path::new("fixtures/metadata/deskpro-valid");
    for entry in walk(project) {
        let rel = entry.strip_prefix(project).unwrap();
        if !rel.starts_with("expect") {
            copy(entry.to_str().unwrap(), rel.to_str().unwrap());
        }
    }
    dir
}

fn walk(dir: &Path) -> Vec<PathBuf> {
    let mut files = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            files.extend(walk(&path));
        } else {
            files.push(path);
        }
    }
    files
}

/// Every `sfcheck` command the README and the book show runs against the bundled
/// example, through a shell as a reader would type it: a usage error (exit 2) fails
/// unless the line's comment says `exit 2`, so a renamed option or subcommand cannot stay
/// in the docs. A `console` block is a session, run in order in one folder; each line of
/// an `sh` block is an example of its own, run in a fresh folder.
#[test]
fn every_documented_command_runs() {
    let bin = Path::new(env!("CARGO_BIN_EXE_sfcheck")).parent().unwrap();
    let path = format!(
        "{}:{}",
        bin.display(),
        std::env::var("PATH").unwrap_or_default()
    );
    let commands = documented_commands();
    assert!(commands.len() > 20, "found only {commands:?}");
    let mut failures = Vec::new();
    let mut session: Option<(String, usize, PathBuf)> = None;
    for (n, (page, line, block, command)) in commands.iter().enumerate() {
        let key = (page.clone(), *block);
        let dir = match &session {
            Some((p, b, dir)) if (p, b) == (&key.0, &key.1) && command_is_session(page, *line) => {
                dir.clone()
            }
            _ => {
                if let Some((_, _, old)) = &session {
                    let _ = std::fs::remove_dir_all(old);
                }
                let dir = workspace(&n.to_string());
                session = Some((key.0, key.1, dir.clone()));
                dir
            }
        };
        let output = std::process::Command::new("sh")
            .arg("-c")
            .arg(command)
            .current_dir(&dir)
            .env("PATH", &path)
            .env("NO_COLOR", "1")
            .stdin(std::process::Stdio::null())
            .output()
            .unwrap();
        let announced = command
            .split_once(" # ")
            .is_some_and(|(_, c)| c.contains("exit 2"));
        if output.status.code() == Some(2) && !announced {
            failures.push(format!(
                "{page}:{line}: `{command}` exits 2:\n{}",
                String::from_utf8_lossy(&output.stderr)
            ));
        }
    }
    if let Some((_, _, dir)) = session {
        let _ = std::fs::remove_dir_all(dir);
    }
    assert!(failures.is_empty(), "\n{}", failures.join("\n"));
}

/// Whether the line at `line` of `page` is in a `console` block (a session).
fn command_is_session(page: &str, line: usize) -> bool {
    let text = std::fs::read_to_string(page).unwrap();
    let before: Vec<&str> = text.lines().take(line).collect();
    before
        .iter()
        .rev()
        .find(|l| l.trim_start().starts_with("```"))
        .is_some_and(|l| l.trim() == "```console")
}
