//! SF106: the same OAuth scope listed twice, under one name or under two names that
//! Setup shows as one scope.

use std::collections::HashMap;

use serde_json::Value;

use crate::document::Document;
use crate::document::spans::lookup;
use crate::finding::{Counted, Finding, MAX_FINDINGS, Rule};
use crate::model::scopes::SCOPES;

/// `SF106`: see `docs/rules/SF106.md`.
pub static DUPLICATE_SCOPE: Rule = crate::rule!("SF106", Warning);

/// What a scope name selects in Setup: its label in the scope table, which names that
/// share one UI scope (`refresh_token` and `offline_access`) have in common.
fn ui_scope(name: &str) -> &str {
    SCOPES
        .iter()
        .find(|s| s.name == name)
        .map_or(name, |s| s.label)
}

/// Reports each scope that repeats an earlier one, at the repeat. Past the most a report
/// shows, a repeat is counted, not built: a list of 90,000 `api` would otherwise cost
/// hundreds of megabytes of findings no one sees.
pub fn check(doc: &Document) -> (Vec<Finding>, Vec<Counted>) {
    let (mut findings, mut counted) = (Vec::new(), Vec::new());
    let Some(Value::Array(items)) = lookup(&doc.value, "/oauth/scopes") else {
        return (findings, counted);
    };
    // The first index of each UI scope: one pass, however long the list.
    let mut seen: HashMap<&str, usize> = HashMap::new();
    for (i, item) in items.iter().enumerate() {
        let Some(name) = item.as_str() else { continue };
        let Some(&first) = seen.get(ui_scope(name)) else {
            seen.insert(ui_scope(name), i);
            continue;
        };
        let pointer = format!("/oauth/scopes/{i}");
        let Some(span) = doc.spans.nearest(&pointer) else {
            continue;
        };
        if findings.len() == MAX_FINDINGS {
            counted.push(Counted {
                code: DUPLICATE_SCOPE.code,
                severity: DUPLICATE_SCOPE.severity,
                start: span.value.start,
            });
            continue;
        }
        let first_name = items[first].as_str().unwrap_or(name);
        let (message, help) = if first_name == name {
            (
                format!("the OAuth scope `{name}` is listed twice"),
                "Remove the repeated entry.".to_owned(),
            )
        } else {
            (
                format!(
                    "the OAuth scope `{name}` is `{first_name}` again: Setup shows the two as one scope"
                ),
                format!("Remove `{name}`; `{first_name}` already selects that scope in Setup."),
            )
        };
        let mut finding = Finding::new(&DUPLICATE_SCOPE, span.value.clone(), pointer, message)
            .label("listed again here")
            .help(help);
        if let Some(first_span) = doc.spans.get(&format!("/oauth/scopes/{first}")) {
            finding = finding.related(first_span.value.clone(), "first listed here");
        }
        findings.push(finding);
    }
    (findings, counted)
}
