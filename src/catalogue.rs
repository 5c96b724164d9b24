//! The rule catalogue: every finding code sfcheck can emit. Each rule is declared once,
//! beside the code that emits it (`rule!("SF102", Error)`), and named here once;
//! `sfcheck rules`, `explain`, the README's table and SARIF's rules read this list.

use crate::check::{self, profile, rules, schema, suppress};
use crate::document::{self, metadata, yaml};
use crate::finding::{self, Rule};
use crate::load;

/// Every rule, in code order.
pub static ALL: &[&Rule] = &[
    &yaml::YAML_SYNTAX,
    &yaml::DUPLICATE_KEY,
    &yaml::EMPTY_FILE,
    &load::FILE_TOO_LARGE,
    &document::TOO_DEEP,
    &document::NODE_LIMIT,
    &load::NOT_UTF8,
    &yaml::MULTIPLE_DOCUMENTS,
    &yaml::UNSUPPORTED_YAML,
    &finding::TRUNCATED,
    &schema::UNKNOWN_KEY,
    &crate::model::MISSING_KEY,
    &schema::WRONG_TYPE,
    &schema::INVALID_VALUE,
    &schema::UNKNOWN_SCOPE,
    &rules::scopes::DUPLICATE_SCOPE,
    &rules::placeholders::PLACEHOLDER_VALUE,
    &rules::token_validity::ZERO_ID_TOKEN_VALIDITY,
    &profile::PROFILE_MISMATCH,
    &profile::DISTRIBUTION_STATE,
    &profile::OAUTH_DISABLED,
    &profile::SCOPE_MISSING,
    &profile::SCOPE_EXTRA,
    &profile::CHECKBOX_MUST_BE_OFF,
    &profile::CHECKBOX_MUST_BE_ON,
    &profile::REFRESH_TOKEN_ROTATION,
    &rules::callback_url::INVALID,
    &rules::callback_url::NOT_HTTPS,
    &rules::callback_url::QUERY_FRAGMENT,
    &rules::callback_url::PATH,
    &rules::callback_url::MISMATCH,
    &rules::callback_url::EXTRA,
    &rules::secrets::LEAKED_SECRET,
    &rules::secrets::SECRET_LIKE_VALUE,
    &schema::INCONSISTENT_SETTINGS,
    &suppress::WITHOUT_REASON,
    &suppress::UNUSED,
    &metadata::XML_SYNTAX,
    &metadata::WRONG_ROOT_ELEMENT,
    &rules::metadata::UNKNOWN_ELEMENT,
    &metadata::DUPLICATE_METADATA,
    &metadata::ORPHAN_METADATA,
    &metadata::GLOBAL_SETTINGS_MISSING,
    &metadata::WRONG_METADATA_SUFFIX,
    &rules::metadata::ORG_SPECIFIC_VALUE,
    &rules::metadata::ROTATES_ON_DEPLOY,
    &metadata::WRONG_SCOPE_TOKEN,
    &check::metadata::POLICY_SWITCHED_OFF,
];

/// Looks a rule up by code (`SF102`, any case) or by name (`missing-key`). Codes are
/// tried first: every finding looks its code up, and a name is read from the rule's text.
pub fn find(query: &str) -> Option<&'static Rule> {
    let all = || ALL.iter().copied();
    all()
        .find(|c| c.code == query)
        .or_else(|| all().find(|c| c.code.eq_ignore_ascii_case(query)))
        .or_else(|| all().find(|c| c.name() == query))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::finding::Severity;

    #[test]
    fn every_doc_has_its_parts() {
        for c in ALL {
            assert!(c.doc.starts_with(&format!("# {} ", c.code)), "{}", c.code);
            assert!(
                !c.name().is_empty() && !c.summary().is_empty(),
                "{}",
                c.code
            );
            assert!(
                c.doc.contains("## Why it matters") && !c.fix().is_empty(),
                "{}",
                c.code
            );
        }
        assert_eq!(find("missing-key").unwrap().code, "SF102");
        assert_eq!(find("sf207").unwrap().severity, Severity::Warning);
    }

    #[test]
    fn codes_are_unique_and_in_order() {
        for pair in ALL.windows(2) {
            assert!(
                pair[0].code < pair[1].code,
                "{} {}",
                pair[0].code,
                pair[1].code
            );
        }
    }

    #[test]
    fn documented_severity_starts_with_the_declared_one() {
        for c in ALL {
            assert!(
                c.documented_severity().starts_with(c.severity.as_str()),
                "{}: declared {}, documented `{}`",
                c.code,
                c.severity.as_str(),
                c.documented_severity()
            );
        }
    }
}
