//! The other files of an app in a finding: a finding in one metadata file about a
//! setting another file of the app holds (the OAuth policies switching off a flow the
//! global settings tick) points there too, as the diagnostic's related information.

use lsp_types::{DiagnosticRelatedInformation, Location};

use super::documents::{Encoding, Lines};
use crate::document::metadata::{MetaApp, MetaFile};
use crate::finding::Finding;
use crate::model::fields::{self, Source};

/// For each finding of the app's file at `path`, the places in the app's other files
/// that hold the setting it is about.
pub fn elsewhere(
    app: &MetaApp,
    path: &str,
    findings: &[Finding],
    encoding: Encoding,
) -> Vec<Vec<DiagnosticRelatedInformation>> {
    let Some(own) = app.files.iter().find(|f| f.path == path) else {
        return vec![Vec::new(); findings.len()];
    };
    findings
        .iter()
        .map(|f| {
            let Some(field) = fields::containing(&f.pointer) else {
                return Vec::new();
            };
            let Some(kind) = field.source.kind().filter(|k| *k != own.kind) else {
                return Vec::new();
            };
            let Some(other) = app.files.iter().find(|file| file.kind == kind) else {
                return Vec::new();
            };
            let (Some(span), Some(uri)) = (element_span(other, field.source), uri_of(&other.path))
            else {
                return Vec::new();
            };
            let lines = Lines::new(&other.text, encoding);
            vec![DiagnosticRelatedInformation {
                location: Location::new(uri, lines.range(&span)),
                message: format!(
                    "“{}” is set here, in the {}",
                    field.label,
                    kind.file_title()
                ),
            }]
        })
        .collect()
}

/// Where the file holds the setting's element (its name in the start tag).
fn element_span(file: &MetaFile, source: Source) -> Option<std::ops::Range<usize>> {
    let (parent, element) = match source {
        Source::Child(_, parent, child) => (Some(parent), child),
        _ => (None, source.element()?),
    };
    let top = &file.elements;
    match parent {
        Some(parent) => top
            .iter()
            .find(|e| e.name == parent)?
            .children
            .iter()
            .find(|e| e.name == element)
            .map(|e| e.name_span.clone()),
        None => top
            .iter()
            .find(|e| e.name == element)
            .map(|e| e.name_span.clone()),
    }
}

fn uri_of(path: &str) -> Option<lsp_types::Uri> {
    url::Url::from_file_path(path).ok()?.as_str().parse().ok()
}
