//! One pipeline for every input. A YAML file and a metadata app go through the same
//! steps: parse → model (a document whose spans name their file) → structure → profile
//! → rules → help in the input's words → suppressions → findings, each step returning
//! early when it cannot go on.

use std::ops::Range;

use crate::document::metadata::{self, Built, Lone, MetaApp};
use crate::document::sources::Sources;
use crate::document::{Document, yaml};
use crate::finding::{Counted, FileReport, Finding, Identity, Severity};
use crate::fix::Planner;
use crate::model::MISSING_KEY;

use super::help::{self, Words};
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
            None => self.finish(&sources, findings, Vec::new(), None, &[]),
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
        let reports = self.check_document(
            &sources,
            Parsed {
                doc,
                parse: Vec::new(),
                model,
                metadata: Some((app, &built)),
            },
        );
        reports
            .into_iter()
            .zip(&app.files)
            .map(|(report, file)| {
                report.with_identity(Some(Identity {
                    metadata_type: file.kind.root(),
                    full_name: file.member.clone(),
                    app: Some(app.name.clone()),
                }))
            })
            .collect()
    }

    /// The report for a metadata file checked on its own (it belongs to no app, or is
    /// one of two of a kind).
    pub fn lone(&self, lone: &Lone) -> FileReport {
        let sources = Sources::one(&lone.path, &lone.text);
        let named = rules::metadata::secret_spans(&lone.elements);
        let reports = self.finish(&sources, lone.findings.clone(), Vec::new(), None, &named);
        let report = reports.into_iter().next().expect("one report per file");
        report.with_identity(identity_of(&lone.path))
    }

    /// The report for a file that could not be read as text (too large, not UTF-8).
    pub fn unusable(&self, path: &str, finding: Finding) -> FileReport {
        let sources = Sources::one(path, "");
        let reports = self.finish(&sources, vec![finding], Vec::new(), None, &[]);
        let report = reports.into_iter().next().expect("one report per file");
        report.with_identity(identity_of(path))
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
        let (rules, counted) = rules::run(&doc, sources, &self.rules, &scan);
        rule_findings.extend(rules);
        let mut merged = merge(structure, profile, rule_findings);
        if let Some((_, built)) = metadata {
            self.for_metadata(&mut merged, &doc, built);
        }
        let words = match metadata {
            Some(_) => Words::Metadata,
            None => Words::Yaml,
        };
        for f in &mut merged {
            if let Some(help) = &f.help {
                f.help = Some(help::render(help, &f.pointer, words));
            }
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
        // In metadata, what an element named for a secret holds, as parsed.
        let named: Vec<Range<usize>> = metadata.map_or_else(Vec::new, |(app, _)| {
            app.files
                .iter()
                .zip(sources.files())
                .flat_map(|(f, s)| {
                    rules::metadata::secret_spans(f.elements.iter().chain(&f.nested))
                        .into_iter()
                        .map(|r| s.start + r.start..s.start + r.end)
                })
                .collect()
        });
        self.finish(sources, findings, counted, Some((&doc, &scan)), &named)
    }

    /// Hands each finding, built or counted, to its file, applies the file's
    /// suppressions and the configured severities, and masks secrets in the text a
    /// report may quote: `named` is more to mask, in the sources' offsets.
    fn finish(
        &self,
        sources: &Sources,
        findings: Vec<Finding>,
        counted: Vec<Counted>,
        secrets: Option<(&Document, &secrets::Scan)>,
        named: &[Range<usize>],
    ) -> Vec<FileReport> {
        let mut per_file: Vec<Vec<Finding>> = vec![Vec::new(); sources.files().len()];
        let mut counted_per_file: Vec<Vec<Counted>> = vec![Vec::new(); sources.files().len()];
        for mut c in counted {
            let i = sources.file_of(c.start);
            c.start -= sources.files()[i].start;
            counted_per_file[i].push(c);
        }
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
        // The document's secret values as parsed (an escape or an alias makes them differ
        // from the text), for every file's words.
        let parsed =
            secrets.map_or_else(Vec::new, |(doc, scan)| secrets::secret_strings(doc, scan));
        sources
            .files()
            .iter()
            .zip(per_file.into_iter().zip(counted_per_file))
            .map(|(file, (findings, counted))| {
                let mut spans = secrets::mask_spans(*file, secrets);
                spans.extend(
                    named
                        .iter()
                        .filter(|r| file.holds(r))
                        .map(|r| r.start - file.start..r.end - file.start),
                );
                let masked = secrets::mask(file.text, &spans);
                let (mut findings, counted) =
                    suppress::apply(file.text, findings, counted, &|c| self.can_report(c));
                // A message can quote the file's text too (a namespace, a parse error's
                // token, the codes a suppression names, whose findings are made only
                // now): what the snippet masks, the words hide, with the parsed values.
                let mut hidden = secrets::strings_at(file.text, &spans);
                hidden.extend(parsed.iter().cloned());
                // Longest first, so that no shorter secret cuts a longer one in two.
                hidden.sort_by_key(|h| std::cmp::Reverse(h.len()));
                secrets::scrub(&mut findings, &hidden);
                let (findings, counted) = self.override_severity(findings, counted);
                FileReport::new(file.path.to_owned(), file.text, masked, findings, &counted)
            })
            .collect()
    }
}

/// What a file is by its name alone, as `sf` resolves it; a lone file is in no app.
fn identity_of(path: &str) -> Option<Identity> {
    match metadata::classify(std::path::Path::new(path)) {
        metadata::Classified::Meta(kind, member) => Some(Identity {
            metadata_type: kind.root(),
            full_name: member,
            app: None,
        }),
        _ => None,
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
    use std::collections::{BTreeSet, HashSet};
    // A finding on no field (an unknown XML element, a value of one org) owns nothing.
    let owned: BTreeSet<&str> = rules
        .iter()
        .filter(|f| f.severity == Severity::Error && !f.pointer.is_empty())
        .map(|f| f.pointer.as_str())
        .collect();
    structure.retain(|f| !owned.contains(f.pointer.as_str()));
    let structural: HashSet<&str> = structure
        .iter()
        .filter(|s| s.code != MISSING_KEY.code)
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
