//! Reading the metadata files asked for, with the rest of their package folder, into
//! apps and files that stand alone.

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use super::{
    Classified, Lone, MetaApp, WRONG_METADATA_SUFFIX, classify, group, parse_file,
    root_element_span,
};
use crate::discover;
use crate::finding::Finding;
use crate::load::{Loaded, load};

/// The metadata apps around some files, read and grouped.
pub struct MetadataSet {
    /// Apps that hold a file that was asked for.
    pub apps: Vec<MetaApp>,
    /// Asked-for files reported on their own: unparsable, wrong suffix, orphan, duplicate.
    pub lone: Vec<Lone>,
    /// Asked-for files that are not text.
    pub unusable: Vec<(String, Finding)>,
}

/// Reads the metadata files `asked` names, and the rest of each one's package folder
/// (`<package>/<type folder>/<file>`), so that an app is always whole whichever of its
/// files was named. `Err` is an I/O failure.
pub fn read(asked: &[PathBuf], max: u64) -> Result<MetadataSet, String> {
    let canonical = |p: &Path| std::fs::canonicalize(p).unwrap_or_else(|_| p.to_path_buf());
    // Each package folder is walked once, however many of its files were asked for.
    let mut packages: Vec<&Path> = asked
        .iter()
        .filter_map(|p| p.parent().and_then(Path::parent))
        .map(|p| {
            if p.as_os_str().is_empty() {
                Path::new(".")
            } else {
                p
            }
        })
        .collect();
    packages.sort();
    packages.dedup();
    let mut all: Vec<PathBuf> = asked.to_vec();
    for package in packages {
        if let Ok(found) = discover::metadata_files(package) {
            all.extend(found);
        }
    }
    let asked_set: HashSet<PathBuf> = asked.iter().map(|p| canonical(p)).collect();
    let mut seen = HashSet::new();
    all.retain(|p| seen.insert(canonical(p)));
    let was_asked = |path: &str| asked_set.contains(&canonical(Path::new(path)));
    let mut parsed = Vec::new();
    let mut lone = Vec::new();
    let mut unusable = Vec::new();
    for path in &all {
        let shown = path.display().to_string();
        let text = match load(path, max).map_err(|e| format!("cannot read `{shown}`: {e}"))? {
            Loaded::Text(text) => text,
            Loaded::Unusable(finding) => {
                unusable.push((shown, finding));
                continue;
            }
        };
        match classify(path) {
            Classified::Meta(kind, member) => {
                match parse_file(&shown, text.clone(), kind, member) {
                    Ok(file) => parsed.push(file),
                    Err(finding) => lone.push(Lone {
                        path: shown,
                        text,
                        findings: vec![*finding],
                    }),
                }
            }
            Classified::WrongSuffix { wrong, right } => {
                let at = root_element_span(&text);
                let finding = Finding::new(&WRONG_METADATA_SUFFIX, at,
                    "",
                    format!("`.{wrong}` is not a Salesforce suffix; the CLI ignores this file (the suffix is `.{right}`)"),
                )
                .help(format!("Rename the file to end in `.{right}-meta.xml`."));
                lone.push(Lone {
                    path: shown,
                    text,
                    findings: vec![finding],
                });
            }
            Classified::Other => {}
        }
    }
    let (apps, orphans) = group(parsed);
    lone.extend(orphans);
    Ok(MetadataSet {
        apps: apps
            .into_iter()
            .filter(|a| a.files.iter().any(|f| was_asked(&f.path)))
            .collect(),
        lone: lone.into_iter().filter(|l| was_asked(&l.path)).collect(),
        unusable: unusable.into_iter().filter(|(p, _)| was_asked(p)).collect(),
    })
}
