//! SF107: hosts and email addresses under a domain reserved for examples, left over from
//! a template.

use serde_json::Value;

use crate::document::Document;
use crate::document::spans::lookup;
use crate::finding::{Finding, Rule};

/// `SF107`: see `docs/rules/SF107.md`.
pub static PLACEHOLDER_VALUE: Rule = crate::rule!("SF107", Warning);

/// Domains reserved for documentation and tests (RFC 2606, RFC 6761): a host that is one
/// of them or below one of them is a placeholder. `localhost` is reserved too, but it is
/// a real address a developer may mean; the https rule speaks of it.
const RESERVED: &[&str] = &[
    "example.com",
    "example.net",
    "example.org",
    "example",
    "test",
    "invalid",
];

/// The fields that hold a host or an address someone must fill in.
const URL_FIELDS: &[&str] = &["/oauth/callbackUrl", "/infoUrl", "/iconUrl", "/logoUrl"];
const EMAIL_FIELD: &str = "/contactEmail";

fn is_reserved(host: &str) -> bool {
    let host = host.trim_end_matches('.').to_ascii_lowercase();
    RESERVED
        .iter()
        .any(|r| host == *r || host.strip_suffix(r).is_some_and(|rest| rest.ends_with('.')))
}

/// Reports each placeholder host or address, at its value.
pub fn check(doc: &Document) -> Vec<Finding> {
    let mut findings = Vec::new();
    let mut report = |pointer: String, message: String, help: &str| {
        if let Some(span) = doc.spans.get(&pointer) {
            findings.push(
                Finding::new(&PLACEHOLDER_VALUE, span.value.clone(), pointer, message)
                    .label("a placeholder")
                    .help(help),
            );
        }
    };
    for field in URL_FIELDS {
        let values: Vec<(String, &str)> = match lookup(&doc.value, field) {
            Some(Value::String(s)) => vec![((*field).to_owned(), s.as_str())],
            Some(Value::Array(items)) => items
                .iter()
                .enumerate()
                .filter_map(|(i, v)| Some((format!("{field}/{i}"), v.as_str()?)))
                .collect(),
            _ => continue,
        };
        for (pointer, raw) in values {
            let Some(host) = url::Url::parse(raw)
                .ok()
                .and_then(|u| u.host_str().map(str::to_owned))
            else {
                continue;
            };
            if is_reserved(&host) {
                let help = if field.starts_with("/oauth/") {
                    "Put in the real callback URL, with the real host, as the integration shows it."
                } else {
                    "Put in the real address, or remove the key."
                };
                report(
                    pointer,
                    format!("`{host}` is a placeholder host (a domain reserved for examples)"),
                    help,
                );
            }
        }
    }
    if let Some(Value::String(email)) = lookup(&doc.value, EMAIL_FIELD)
        && let Some((_, domain)) = email.rsplit_once('@')
        && is_reserved(domain)
    {
        report(
            EMAIL_FIELD.to_owned(),
            format!("`{email}` is a placeholder address (a domain reserved for examples)"),
            "Put in the address of the person who looks after this app; Salesforce sends its notices there.",
        );
    }
    findings
}

#[cfg(test)]
mod tests {
    use super::is_reserved;

    #[test]
    fn reserved_domains() {
        for host in [
            "example.com",
            "helpdesk.example.com",
            "a.b.example.org",
            "x.test",
            "EXAMPLE.NET.",
        ] {
            assert!(is_reserved(host), "{host}");
        }
        for host in [
            "notexample.com",
            "example.com.au",
            "deskpro.com",
            "testing.io",
            "localhost",
        ] {
            assert!(!is_reserved(host), "{host}");
        }
    }
}
