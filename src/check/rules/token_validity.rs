//! SF108: an ID token valid for 0 minutes, as the Metadata API's own sample writes it.

use serde_json::Value;

use crate::document::Document;
use crate::document::spans::lookup;
use crate::finding::{Finding, Rule};

/// `SF108`: see `docs/rules/SF108.md`.
pub static ZERO_ID_TOKEN_VALIDITY: Rule = crate::rule!("SF108", Warning);

const FIELD: &str = "/oauth/idToken/validityMinutes";

/// Reports `idTokenValidityInMinutes` 0 at its value. Any other value out of 1 to 720 is
/// the structure schema's error (SF104): only 0 is written by Salesforce itself.
pub fn check(doc: &Document) -> Vec<Finding> {
    let zero = matches!(lookup(&doc.value, FIELD), Some(Value::Number(n)) if n.as_u64() == Some(0));
    let Some(span) = doc.spans.get(FIELD).filter(|_| zero) else {
        return Vec::new();
    };
    vec![
        Finding::new(
            &ZERO_ID_TOKEN_VALIDITY,
            span.value.clone(),
            FIELD.to_owned(),
            "“ID Token Valid for” is 0 minutes; Setup takes 1 to 720".to_owned(),
        )
        .label("0 minutes")
        .help("Set “ID Token Valid for” to the minutes an ID token should last (Setup's default is 2), or leave the setting out."),
    ]
}
