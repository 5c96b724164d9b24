//! SF106: the same OAuth scope listed twice.

use std::collections::HashMap;

use serde_json::Value;

use crate::document::Document;
use crate::finding::{Finding, Rule};

/// `SF106`: see `docs/rules/SF106.md`.
pub static DUPLICATE_SCOPE: Rule = crate::rule!("SF106", Warning);

/// Reports each scope that repeats an earlier one, at the repeat.
pub fn check(doc: &Document) -> Vec<Finding> {
    let Some(Value::Array(items)) = doc.value.pointer("/oauth/scopes") else {
        return Vec::new();
    };
    let mut findings = Vec::new();
    // The first index of each name: one pass, however long the list.
    let mut firsts: HashMap<&str, usize> = HashMap::new();
    for (i, item) in items.iter().enumerate() {
        let Some(name) = item.as_str() else { continue };
        let first = *firsts.entry(name).or_insert(i);
        if first == i {
            continue;
        }
        let pointer = format!("/oauth/scopes/{i}");
        let Some(span) = doc.spans.nearest(&pointer) else {
            continue;
        };
        let mut finding = Finding::new(
            &DUPLICATE_SCOPE,
            span.value.clone(),
            pointer,
            format!("the OAuth scope `{name}` is listed twice"),
        )
        .label("listed again here")
        .help("Remove the repeated entry.");
        if let Some(first_span) = doc.spans.get(&format!("/oauth/scopes/{first}")) {
            finding = finding.related(first_span.value.clone(), "first listed here");
        }
        findings.push(finding);
    }
    findings
}
