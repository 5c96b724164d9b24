//! Checking one file: parse, structure schema, profile schema, Rust rules.

pub mod profile;
pub mod profile_size;
pub mod rules;
pub mod schema;
pub mod suppress;

use std::collections::BTreeMap;

use crate::config::Level;
use crate::document::{Limits, metadata, yaml};
use crate::finding::{FileReport, Finding};
use rules::RuleOptions;
use schema::Schemas;

/// Everything needed to check files, built once per run and shared by every worker.
pub struct Checker {
    schemas: Schemas,
    rules: RuleOptions,
    limits: Limits,
    /// Severity per code from the config; `Off` drops the finding.
    overrides: BTreeMap<String, Level>,
}

impl Checker {
    /// Compiles the schemas. `expected_callback` is `--callback-url`; `overrides` is the
    /// config's `[severity]` table.
    pub fn new(
        profile: Option<&profile::Profile>,
        expected_callback: Option<url::Url>,
        overrides: BTreeMap<String, Level>,
    ) -> Result<Self, String> {
        let schemas = Schemas::compile(profile)?;
        let rules = RuleOptions {
            expected_callback,
            callback_path: profile.and_then(|p| p.callback_path.clone()),
            profile_title: profile.map(|p| p.title.clone()),
        };
        Ok(Self {
            schemas,
            rules,
            limits: Limits::default(),
            overrides,
        })
    }

    /// Checks one YAML description. Reads top to bottom like the pipeline: each step
    /// that cannot go on returns what it found.
    pub fn check_yaml(&self, path: &str, source: &str) -> FileReport {
        let (doc, mut findings) = yaml::parse(source, self.limits);
        let scan = doc.as_ref().map(|d| rules::secrets::scan(&d.value));
        let secrets = doc.as_ref().zip(scan.as_ref());
        let display = rules::secrets::mask(source, &rules::secrets::mask_spans(source, secrets));
        if let Some((doc, scan)) = secrets {
            let (structure, profile) = self.schemas.check(doc);
            let rules = rules::run(doc, source, &self.rules, scan);
            findings.extend(merge(structure, profile, rules));
            rules::secrets::scrub(&mut findings, &rules::secrets::secret_strings(doc, scan));
        }
        let findings = self.override_severity(suppress::apply(source, findings));
        FileReport::new(path.to_owned(), source, display, findings)
    }

    /// Checks one app given as Salesforce metadata: one report per file of the app.
    pub fn check_app(&self, app: &metadata::MetaApp) -> Vec<FileReport> {
        let built = app.build();
        let doc = &built.document;
        let scan = rules::secrets::scan(&doc.value);
        let masked = rules::secrets::mask(
            &built.text,
            &rules::secrets::mask_spans(&built.text, Some((doc, &scan))),
        );
        let (structure, profile) = self.schemas.check(doc);
        // The mapping's own findings (a scope token, an absent element) are the most
        // specific word on their field, like a rule's.
        let mut rule_findings = built.findings;
        rule_findings.extend(rules::metadata::check(app, &built.starts));
        rule_findings.extend(rules::run(doc, &built.text, &self.rules, &scan));
        let mut findings = merge(structure, profile, rule_findings);
        if built.global_missing {
            // Said once by SF706: the checks that need the file did not run.
            findings.retain(|f| !metadata::from_global(&f.pointer));
        }
        for f in &mut findings {
            if let Some(help) = &f.help {
                f.help = Some(metadata::metadata_help(&f.pointer, help));
            }
            if let Some((_, value)) = built.defaulted.iter().find(|(p, _)| *p == f.pointer)
                && let Some(element) = metadata::element_for(&f.pointer)
            {
                f.message.push_str(&format!(
                    " (`<{element}>` is absent; Salesforce's default is {value})"
                ));
            }
        }
        rules::secrets::scrub(&mut findings, &rules::secrets::secret_strings(doc, &scan));
        let per_file = app.split(&built.starts, findings);
        app.files
            .iter()
            .zip(per_file)
            .enumerate()
            .map(|(i, (file, findings))| {
                let start = built.starts[i];
                let display = masked[start..start + file.text.len()].to_owned();
                let findings = self.override_severity(suppress::apply(&file.text, findings));
                FileReport::new(file.path.clone(), &file.text, display, findings)
            })
            .collect()
    }

    /// The report for a metadata file checked on its own (it belongs to no app, or is
    /// one of two of a kind).
    pub fn lone(&self, lone: &metadata::Lone) -> FileReport {
        let masked =
            rules::secrets::mask(&lone.text, &rules::secrets::mask_spans(&lone.text, None));
        let findings = self.override_severity(suppress::apply(&lone.text, lone.findings.clone()));
        FileReport::new(lone.path.clone(), &lone.text, masked, findings)
    }

    /// The report for a file that could not be read as text (too large, not UTF-8).
    pub fn unusable(&self, path: &str, finding: Finding) -> FileReport {
        FileReport::new(
            path.to_owned(),
            "",
            String::new(),
            self.override_severity(vec![finding]),
        )
    }

    fn override_severity(&self, findings: Vec<Finding>) -> Vec<Finding> {
        if self.overrides.is_empty() {
            return findings;
        }
        findings
            .into_iter()
            .filter_map(|mut f| {
                if let Some(level) = self.overrides.get(&f.code) {
                    f.severity = level.severity()?;
                }
                Some(f)
            })
            .collect()
    }
}

/// Says each thing once. A rule finding is the most specific word on its field, so it
/// replaces schema findings on the same field; a structure finding (wrong type, unknown
/// key) makes profile findings on that field or inside it moot. Pointers are looked up in
/// sets, so a list of thousands of items costs no more than its length.
fn merge(
    mut structure: Vec<Finding>,
    mut profile: Vec<Finding>,
    rules: Vec<Finding>,
) -> Vec<Finding> {
    use crate::finding::Severity;
    use std::collections::{BTreeSet, HashSet};
    let owned: BTreeSet<&str> = rules
        .iter()
        .filter(|f| f.severity == Severity::Error)
        .map(|f| f.pointer.as_str())
        .collect();
    structure.retain(|f| !owned.contains(f.pointer.as_str()));
    let structural: HashSet<&str> = structure
        .iter()
        .filter(|s| s.code != crate::check::schema::MISSING_KEY.code)
        .map(|s| s.pointer.as_str())
        .collect();
    // A rule error inside a field (one bad URL of a list) also explains the profile's
    // verdict on the whole field.
    profile.retain(|f| {
        !ancestors(&f.pointer).any(|a| owned.contains(a) || structural.contains(a))
            && !has_descendant(&owned, &f.pointer)
    });
    structure.extend(profile);
    structure.extend(rules);
    structure
}

/// `pointer` and every pointer above it, up to the root `""`.
fn ancestors(pointer: &str) -> impl Iterator<Item = &str> {
    std::iter::once(pointer).chain(
        pointer
            .char_indices()
            .rev()
            .filter(|&(_, c)| c == '/')
            .map(|(i, _)| &pointer[..i]),
    )
}

/// Whether the set holds a pointer strictly inside `pointer`.
fn has_descendant(set: &std::collections::BTreeSet<&str>, pointer: &str) -> bool {
    // Pointers inside `p` sort between `p/` and `p0` (`0` follows `/`).
    let (low, high) = (format!("{pointer}/"), format!("{pointer}0"));
    set.range::<str, _>((
        std::ops::Bound::Included(low.as_str()),
        std::ops::Bound::Excluded(high.as_str()),
    ))
    .next()
    .is_some()
}
