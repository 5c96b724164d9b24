//! Helpers the integration tests share.

use serde_json::Value;

/// A finding's severity is its rule's declared one, or one the rule's documentation names
/// (SF703 and SF708 are warnings in the cases Salesforce still deploys); a profile's
/// `x-sfcheck-severity` may set another, and the built-in profile sets the documented one.
pub fn severity_mismatches(path: &str, json: &Value) -> Vec<String> {
    json["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|f| {
            let code = f["code"].as_str()?;
            let severity = f["severity"].as_str()?;
            let rule = sfcheck::catalogue::find(code)?;
            let ok = rule.severity.as_str() == severity
                || rule
                    .documented_severity()
                    .contains(&format!("a {severity}"));
            (!ok).then(|| {
                format!(
                    "{}: {code} is {severity}, documented `{}`",
                    path,
                    rule.documented_severity()
                )
            })
        })
        .collect()
}
