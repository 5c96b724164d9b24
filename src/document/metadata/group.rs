//! Grouping parsed files into apps by their `externalClientApplication` element.

use std::collections::BTreeMap;

use super::{Element, Kind, MetaFile};
use crate::finding::{Finding, Rule};
use crate::suggest;

/// `SF704`: see `docs/rules/SF704.md`.
pub static DUPLICATE_METADATA: Rule = crate::rule!("SF704", Error);

/// `SF705`: see `docs/rules/SF705.md`.
pub static ORPHAN_METADATA: Rule = crate::rule!("SF705", Error);

/// The files of one app, header first.
#[derive(Debug, Clone)]
pub struct MetaApp {
    pub name: String,
    pub files: Vec<MetaFile>,
}

/// A file that is reported on its own (not part of an app), with file-local findings.
#[derive(Debug, Clone)]
pub struct Lone {
    pub path: String,
    pub text: String,
    pub findings: Vec<Finding>,
    /// Its elements at every depth, when it parsed: what they hold is masked by name.
    pub(crate) elements: Vec<Element>,
}

impl Lone {
    /// A file that did not parse, or was never parsed.
    pub fn unparsed(path: String, text: String, findings: Vec<Finding>) -> Self {
        Self {
            path,
            text,
            findings,
            elements: Vec::new(),
        }
    }

    /// A parsed file reported on its own for `finding`.
    fn of(file: MetaFile, finding: Finding) -> Self {
        let mut elements = file.elements;
        elements.extend(file.nested);
        Self {
            path: file.path,
            text: file.text,
            findings: vec![finding],
            elements,
        }
    }
}

/// Groups parsed files into apps by `externalClientApplication`. Satellites that name no
/// header, and second files of one type for one app, are reported on their own.
pub fn group(files: Vec<MetaFile>) -> (Vec<MetaApp>, Vec<Lone>) {
    let mut apps: BTreeMap<String, MetaApp> = BTreeMap::new();
    let mut lone = Vec::new();
    let (headers, satellites): (Vec<MetaFile>, Vec<MetaFile>) =
        files.into_iter().partition(|f| f.kind == Kind::Header);
    for header in headers {
        let name = header.member.clone();
        match apps.get(&name) {
            Some(first) => {
                let finding = Finding::new(
                    &DUPLICATE_METADATA,
                    header.root_span.clone(),
                    "",
                    format!(
                        "a second header file for the app `{name}` (the first is {})",
                        first.files[0].path
                    ),
                )
                .help("Keep one header file per app.");
                lone.push(Lone::of(header, finding));
            }
            None => {
                apps.insert(
                    name.clone(),
                    MetaApp {
                        name,
                        files: vec![header],
                    },
                );
            }
        }
    }
    for file in satellites {
        let named = file.app.clone().unwrap_or_default();
        // In an org with a namespace, satellites name the app with its prefix
        // (`ns__App`) while the header is `App.eca-meta.xml`; API names cannot hold a
        // double underscore, so one marks the prefix.
        let app_name = match named.split_once("__") {
            Some((_, bare)) if !apps.contains_key(&named) && apps.contains_key(bare) => {
                bare.to_owned()
            }
            _ => named,
        };
        let Some(app) = apps.get_mut(&app_name) else {
            let known: Vec<String> = apps.keys().cloned().collect();
            let mut finding = if file.app.is_none() {
                Finding::new(&ORPHAN_METADATA, file.app_span.clone(),
                    "",
                    format!("`{}` has no `externalClientApplication` element, so it belongs to no app", file.kind.root()),
                )
                .help("Add `<externalClientApplication>` with the app's API name (its header file's name).")
            } else {
                Finding::new(&ORPHAN_METADATA, file.app_span.clone(),
                    "",
                    format!("`externalClientApplication` names `{app_name}`, but no header file `{app_name}.eca-meta.xml` was found"),
                )
                .help("Correct the name to the app's API name, or add the header file under `externalClientApps/`.")
            };
            if let Some(s) = suggest::closest(&app_name, &known) {
                finding = finding.label(format!("did you mean `{s}`?"));
            }
            lone.push(Lone::of(file, finding));
            continue;
        };
        if let Some(first) = app.files.iter().find(|f| f.kind == file.kind) {
            let finding = Finding::new(
                &DUPLICATE_METADATA,
                file.app_span.clone(),
                "",
                format!(
                    "the app `{app_name}` already has a `{}` file: {}",
                    file.kind.root(),
                    first.path
                ),
            )
            .help("Keep one file of each type per app.");
            lone.push(Lone::of(file, finding));
            continue;
        }
        app.files.push(file);
    }
    let mut apps: Vec<MetaApp> = apps.into_values().collect();
    for app in &mut apps {
        app.files.sort_by_key(|f| f.kind);
    }
    (apps, lone)
}
