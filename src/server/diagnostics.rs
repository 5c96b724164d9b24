//! Findings as the protocol's diagnostics: sfcheck's code, severity, range, message and
//! help, the rule's page, and the finding's other places.

use lsp_types::{
    CodeDescription, Diagnostic, DiagnosticRelatedInformation, DiagnosticSeverity, Location,
    NumberOrString, Uri,
};

use super::documents::Lines;
use crate::finding::{Finding, Severity};

/// Where a rule's page is: the book's rule chapter, one page per code.
pub const RULE_PAGES: &str = "https://sfcheck.dev/rules/";

/// One finding's diagnostic; its help, when it has one, is the message's second line.
/// `elsewhere` is what it points at in other files.
pub fn diagnostic(
    uri: &Uri,
    lines: &Lines,
    f: &Finding,
    elsewhere: Vec<DiagnosticRelatedInformation>,
) -> Diagnostic {
    let message = match &f.help {
        Some(help) => format!("{}\n{help}", f.message),
        None => f.message.clone(),
    };
    let mut related: Vec<DiagnosticRelatedInformation> = f
        .related
        .iter()
        .map(|l| DiagnosticRelatedInformation {
            location: Location::new(uri.clone(), lines.range(&l.span)),
            message: l.text.clone(),
        })
        .collect();
    related.extend(elsewhere);
    Diagnostic {
        range: lines.range(&f.span),
        severity: Some(match f.severity {
            Severity::Error => DiagnosticSeverity::ERROR,
            Severity::Warning => DiagnosticSeverity::WARNING,
        }),
        code: Some(NumberOrString::String(f.code.clone())),
        code_description: rule_page(&f.code).map(|href| CodeDescription { href }),
        source: Some("sfcheck".to_owned()),
        message,
        related_information: (!related.is_empty()).then_some(related),
        tags: None,
        data: None,
    }
}

/// The page of the rule `code`.
pub fn rule_page(code: &str) -> Option<Uri> {
    format!("{RULE_PAGES}{code}.html").parse().ok()
}
