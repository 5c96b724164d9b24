//! One pipeline for every input. A YAML file and a metadata app go through the same
//! steps: parse → model (a document whose spans name their file) → structure → profile
//! → rules → suppressions → findings, each step returning early when it cannot go on.

use crate::document::metadata::{self, Built, Lone, MetaApp};
use crate::document::sources::Sources;
use crate::document::{Document, yaml};
use crate::finding::{FileReport, Finding, Severity};
use crate::fix::Planner;
use crate::model::MISSING_KEY;

use super::rules::{self, secrets};
use super::{Checker, suppress};

/// What a parser made of its input: the model, and the findings that came with it.
struct Parsed<'a> {
    doc: Document,
    /// Findings of the parse itself (a duplicate key): said whatever the schemas say.
    parse: Vec<Finding>,
    /// Findings of the mapping onto the model: the most specific word on their field.
    model: Vec<Finding>,
    /// What the metadata left out and Salesforce fills in.
    metadata: Option<(&'a MetaApp, &'a Built)>,
}

impl Checker {
    /// Checks one YAML description.
    pub fn check_yaml(&self, path: &str, source: &str) -> FileReport {
        let sources = Sources::one(path, source);
        let (doc, findings) = yaml::parse(source, self.limits);
        let reports = match doc {
            Some(doc) => self.check_document(
                &sources,
                Parsed {
                    doc,
                    parse: findings,
                    model: Vec::new(),
                    metadata: None,
                },
            ),
            None => self.finish(&sources, findings, None),
        };
        reports.into_iter().next().expect("one report per file")
    }

    /// Checks one app given as Salesforce metadata: one report per file of the app.
    pub fn check_app(&self, app: &MetaApp) -> Vec<FileReport> {
        let sources = app.sources();
        let mut built = app.build(&sources);
        let doc = std::mem::take(&mut built.document);
        let model = std::mem::take(&mut built.findings);
        let mut model = model;
        model.extend(rules::metadata::check(app, &sources));
        self.check_document(
            &sources,
            Parsed {
                doc,
                parse: Vec::new(),
                model,
                metadata: Some((app, &built)),
            },
        )
    }

    /// The report for a metadata file checked on its own (it belongs to no app, or is
    /// one of two of a kind).
    pub fn lone(&self, lone: &Lone) -> FileReport {
        let sources = Sources::one(&lone.path, &lone.text);
        let reports = self.finish(&sources, lone.findings.clone(), None);
        reports.into_iter().next().expect("one report per file")
    }

    /// The report for a file that could not be read as text (too large, not UTF-8).
    pub fn unusable(&self, path: &str, finding: Finding) -> FileReport {
        let sources = Sources::one(path, "");
        let reports = self.finish(&sources, vec![finding], None);
        reports.into_iter().next().expect("one report per file")
    }

    fn check_document(&self, sources: &Sources, parsed: Parsed) -> Vec<FileReport> {
        let Parsed {
            doc,
            parse,
            model,
            metadata,
        } = parsed;
        let scan = secrets::scan(&doc.value);
        let (structure, profile) = self.schemas.check(&doc);
        let mut rule_findings = model;
        rule_findings.extend(rules::run(&doc, sources, &self.rules, &scan));
        let mut merged = merge(structure, profile, rule_findings);
        if let Some((_, built)) = metadata {
            for_metadata(&mut merged, built);
        }
        if self.fixing {
            let planner = Planner {
                doc: &doc,
                sources,
                app: metadata.map(|(app, _)| app),
                schemas: &self.schemas,
                callback: self.rules.expected_callback.as_ref(),
            };
            planner.attach(&mut merged);
        }
        let mut findings = parse;
        findings.extend(merged);
        secrets::scrub(&mut findings, &secrets::secret_strings(&doc, &scan));
        self.finish(sources, findings, Some((&doc, &scan)))
    }

    /// Hands each finding to its file, applies the file's suppressions and the
    /// configured severities, and masks secrets in the text a report may quote.
    fn finish(
        &self,
        sources: &Sources,
        findings: Vec<Finding>,
        secrets: Option<(&Document, &secrets::Scan)>,
    ) -> Vec<FileReport> {
        let mut per_file: Vec<Vec<Finding>> = vec![Vec::new(); sources.files().len()];
        for mut f in findings {
            let i = sources.file_of(f.span.start);
            let file = sources.files()[i];
            let (base, end) = (file.start, file.start + file.text.len());
            f.span = f.span.start - base..f.span.end.min(end).max(f.span.start) - base;
            // A label in another file cannot be drawn in this file's snippet.
            f.related.retain(|l| file.holds(&l.span));
            for l in &mut f.related {
                l.span = l.span.start - base..l.span.end - base;
            }
            // A fix is for one file: its edits move with the file, or it is dropped.
            if let Some(fix) = &mut f.fix {
                if fix.edits.iter().all(|e| file.holds(&e.range)) {
                    for e in &mut fix.edits {
                        e.range = e.range.start - base..e.range.end - base;
                    }
                } else {
                    f.fix = None;
                }
            }
            per_file[i].push(f);
        }
        sources
            .files()
            .iter()
            .zip(per_file)
            .map(|(file, findings)| {
                let masked = secrets::mask(file.text, &secrets::mask_spans(*file, secrets));
                let findings = self.override_severity(suppress::apply(file.text, findings));
                FileReport::new(file.path.to_owned(), file.text, masked, findings)
            })
            .collect()
    }
}

/// Metadata wording: the checks that need a missing global settings file are said once
/// by SF706; help names elements, not keys; a default Salesforce fills in is named.
fn for_metadata(findings: &mut Vec<Finding>, built: &Built) {
    if built.global_missing {
        findings.retain(|f| !metadata::from_global(&f.pointer));
    }
    for f in findings {
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
}

/// Says each thing once. A rule finding is the most specific word on its field, so it
/// replaces schema findings on the same field; a structure finding (wrong type, unknown
/// key) makes profile findings on that field or inside it moot.
fn merge(
    mut structure: Vec<Finding>,
    mut profile: Vec<Finding>,
    rules: Vec<Finding>,
) -> Vec<Finding> {
    let owned: Vec<&str> = rules
        .iter()
        .filter(|f| f.severity == Severity::Error)
        .map(|f| f.pointer.as_str())
        .collect();
    structure.retain(|f| !owned.contains(&f.pointer.as_str()));
    let within = |pointer: &str, outer: &str| {
        pointer == outer
            || pointer
                .strip_prefix(outer)
                .is_some_and(|rest| rest.starts_with('/'))
    };
    // A rule error inside a field (one bad URL of a list) also explains the profile's
    // verdict on the whole field.
    profile.retain(|f| {
        !owned
            .iter()
            .any(|o| within(&f.pointer, o) || within(o, &f.pointer))
            && !structure
                .iter()
                .any(|s| s.code != MISSING_KEY.code && within(&f.pointer, &s.pointer))
    });
    structure.extend(profile);
    structure.extend(rules);
    structure
}
