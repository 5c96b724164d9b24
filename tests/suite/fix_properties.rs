//! The property `--fix` promises: take a valid description or metadata project, break
//! fixable settings at random (values, missing, misspelt keys and elements, scopes), fix, and the result checks clean and is the original
//! again, byte for byte (so it differs from the broken file only where it was broken).

use std::path::Path;

use proptest::prelude::*;
use sfcheck::check::Checker;
use sfcheck::check::profile::{self, ProfileChoice};
use sfcheck::document::metadata::{self, Classified, MetaApp};
use sfcheck::fix::command::{fix_app, fix_yaml};
use sfcheck::model::fields::FIELDS;

use crate::common;

const VALID: &str = include_str!("../../fixtures/valid/deskpro-crm-sync.eca.yaml");
const CALLBACK: &str = "https://helpdesk.deskpro.com/admin-api/salesforce/auth";
const METADATA: &str = "fixtures/metadata/deskpro-valid/force-app/main/default";

fn checker() -> &'static Checker {
    static CHECKER: std::sync::OnceLock<Checker> = std::sync::OnceLock::new();
    CHECKER.get_or_init(|| {
        let profile = profile::load(&ProfileChoice::parse(profile::DEFAULT_PROFILE)).unwrap();
        let url = url::Url::parse(CALLBACK).unwrap();
        Checker::new(profile.as_ref(), Some(url), Default::default())
            .unwrap()
            .fixing()
    })
}

/// The checkbox keys of the example, each on its own line.
fn flag_lines() -> Vec<&'static str> {
    VALID
        .lines()
        .filter(|l| l.ends_with(": true") || l.ends_with(": false"))
        .collect()
}

/// One way to break a checkbox line.
#[derive(Debug, Clone, Copy)]
enum Break {
    Keep,
    Flip,
    Delete,
    Misspell,
    AsText,
}

fn break_line(line: &str, how: Break) -> Option<String> {
    let (key, value) = line.split_once(": ")?;
    let indent = &key[..key.len() - key.trim_start().len()];
    let name = key.trim_start();
    Some(match how {
        Break::Keep => format!("{line}\n"),
        Break::Flip => format!(
            "{key}: {}\n",
            if value == "true" { "false" } else { "true" }
        ),
        Break::Delete => String::new(),
        Break::Misspell => {
            // Two letters swapped: one edit away from the key, far from the others.
            let mut chars: Vec<char> = name.chars().collect();
            chars.swap(2, 3);
            format!(
                "{indent}{}: {value}\n",
                chars.into_iter().collect::<String>()
            )
        }
        Break::AsText => format!(
            "{key}: \"{}\"\n",
            if value == "true" { "no" } else { "yes" }
        ),
    })
}

fn any_break() -> impl Strategy<Value = Break> {
    prop_oneof![
        3 => Just(Break::Keep),
        2 => Just(Break::Flip),
        1 => Just(Break::Delete),
        1 => Just(Break::Misspell),
        1 => Just(Break::AsText),
    ]
}

/// The example with the given breaks; a mapping never loses every key (it would be
/// empty, and there is nothing to insert the keys beside).
fn broken(breaks: &[Break], scopes: &str, state: &str, host: &str) -> String {
    let flags = flag_lines();
    let mut deleted_in_a_row = 0;
    let mut out = String::new();
    for line in VALID.lines() {
        match flags.iter().position(|f| *f == line) {
            Some(i) => {
                let mut how = breaks[i];
                if matches!(how, Break::Delete) {
                    deleted_in_a_row += 1;
                    if deleted_in_a_row > 3 {
                        how = Break::Flip;
                    }
                } else {
                    deleted_in_a_row = 0;
                }
                out.push_str(&break_line(line, how).unwrap());
            }
            None => {
                deleted_in_a_row = 0;
                let line = line
                    .replace("[api, web, refresh_token]", scopes)
                    .replace(
                        "distributionState: Local",
                        &format!("distributionState: {state}"),
                    )
                    .replace("helpdesk.deskpro.com", host);
                out.push_str(&line);
                out.push('\n');
            }
        }
    }
    out
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(crate::proptest_cases(32)))]

    #[test]
    fn a_broken_description_is_fixed_back_to_the_original(
        breaks in proptest::collection::vec(any_break(), 14),
        scopes in prop_oneof![
            Just("[api, web, refresh_token]"),
            Just("[api, web]"),
            Just("[api, web, refresh_token, full]"),
            Just("[api, web, full, refresh_token]"),
            Just("[API, web, refresh_token]"),
            Just("[api, web, web, refresh_token]"),
        ],
        state in prop_oneof![Just("Local"), Just("Packaged"), Just("Locl")],
        host in prop_oneof![Just("helpdesk.deskpro.com"), Just("helpdesk.deskpro.org")],
        crlf in any::<bool>(),
        final_newline in any::<bool>(),
    ) {
        assert_eq!(flag_lines().len(), 14);
        let shape = |t: &str| {
            let t = if final_newline { t.to_owned() } else { t.trim_end().to_owned() };
            if crlf { t.replace('\n', "\r\n") } else { t }
        };
        let original = shape(VALID);
        let text = shape(&broken(&breaks, scopes, state, host));
        let (fixed, _, report) = fix_yaml(checker(), "app.eca.yaml", &text);
        let left: Vec<&str> = report.findings.iter().map(|f| f.finding.message.as_str()).collect();
        prop_assert!(left.is_empty(), "{left:?}\n{fixed}");
        prop_assert_eq!(fixed, original);
    }
}

/// The valid metadata app, with `edit` made to each file's text.
fn app_with(edit: impl Fn(&str, &str) -> String) -> (MetaApp, Vec<(String, String)>) {
    let mut files = Vec::new();
    let mut originals = Vec::new();
    for entry in common::files_under(Path::new(METADATA)) {
        let Classified::Meta(kind, member) = metadata::classify(&entry) else {
            continue;
        };
        let path = entry.display().to_string();
        let text = std::fs::read_to_string(&entry).unwrap();
        originals.push((path.clone(), text.clone()));
        let text = edit(&path, &text);
        files.push(metadata::parse_file(&path, text, kind, member).unwrap());
    }
    let (mut apps, lone) = metadata::group(files);
    assert!(lone.is_empty());
    (apps.remove(0), originals)
}

/// The checkbox elements of the global OAuth settings, and whether leaving one out is
/// a finding (an absent element Salesforce defaults to the right value is not broken).
fn global_flags() -> &'static Vec<(String, bool)> {
    static FLAGS: std::sync::OnceLock<Vec<(String, bool)>> = std::sync::OnceLock::new();
    FLAGS.get_or_init(|| {
        let (_, originals) = app_with(|_, t| t.to_owned());
        let global = &originals
            .iter()
            .find(|(p, _)| p.contains("Glbl"))
            .unwrap()
            .1;
        global
            .lines()
            .filter(|l| l.contains(">true<") || l.contains(">false<"))
            .filter(|l| {
                // Settings of the field table; other flags have rules of their own.
                let name = l
                    .trim()
                    .trim_start_matches('<')
                    .split('>')
                    .next()
                    .unwrap_or_default();
                FIELDS.iter().any(|f| f.source.element() == Some(name))
            })
            .map(|line| {
                let (app, _) = app_with(|p, t| {
                    if p.contains("Glbl") {
                        t.replace(&format!("{line}\n"), "")
                    } else {
                        t.to_owned()
                    }
                });
                let findings: usize = checker()
                    .check_app(&app)
                    .iter()
                    .map(|r| r.findings.len())
                    .sum();
                (line.to_owned(), findings > 0)
            })
            .collect()
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(crate::proptest_cases(16)))]

    #[test]
    fn a_broken_metadata_app_is_fixed_back_to_the_original(
        breaks in proptest::collection::vec(0..4u8, 16),
        scopes in prop_oneof![
            Just("Api, Web, RefreshToken"),
            Just("api, Web, RefreshToken"),
            Just("Api, Web"),
            Just("Api, Web, RefreshToken, Full"),
        ],
        packaged in any::<bool>(),
    ) {
        let flags = global_flags();
        let (app, originals) = app_with(|path, text| {
            let mut text = text.replace("Api, Web, RefreshToken", scopes);
            if packaged {
                text = text.replace("<distributionState>Local", "<distributionState>Packaged");
            }
            if path.contains("Glbl") {
                for ((line, matters), how) in flags.iter().zip(&breaks) {
                    let new = match how {
                        1 if line.contains(">true<") => line.replace(">true<", ">false<"),
                        1 => line.replace(">false<", ">true<"),
                        2 if *matters => String::new(),
                        3 => {
                            // Two letters of the element's name swapped, in both tags.
                            let name = line.trim().trim_start_matches('<').split('>').next().unwrap();
                            let mut chars: Vec<char> = name.chars().collect();
                            chars.swap(2, 3);
                            let misspelt: String = chars.into_iter().collect();
                            line.replace(&format!("<{name}>"), &format!("<{misspelt}>"))
                                .replace(&format!("</{name}>"), &format!("</{misspelt}>"))
                        }
                        _ => continue,
                    };
                    let new = if new.is_empty() { new } else { format!("{new}\n") };
                    text = text.replace(&format!("{line}\n"), &new);
                }
            }
            text
        });
        let (fixed, reports) = fix_app(checker(), &app);
        let left: Vec<String> = reports
            .iter()
            .flat_map(|r| r.findings.iter().map(|f| format!("{}: {}", r.path, f.finding.message)))
            .collect();
        prop_assert!(left.is_empty(), "{left:?}");
        for f in fixed {
            let original = &originals.iter().find(|(p, _)| *p == f.path).unwrap().1;
            prop_assert_eq!(&f.after, original, "{}", f.path);
        }
    }
}
