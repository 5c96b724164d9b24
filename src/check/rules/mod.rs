//! Checks that JSON Schema says badly: URL parsing, secrets, repeated list items.
//! They run on every profile; one family per file.

pub mod callback_url;
pub mod metadata;
pub mod placeholders;
pub mod scopes;
pub mod secret_names;
pub mod secret_runs;
pub mod secret_shapes;
pub mod secret_text;
pub mod secret_yaml;
pub mod secrets;
pub mod token_validity;

use crate::document::Document;
use crate::document::sources::Sources;
use crate::finding::{Counted, Finding};

/// What the rules need besides the document.
#[derive(Debug, Clone, Default)]
pub struct RuleOptions {
    /// The callback URL the description must have exactly (`--callback-url`).
    pub expected_callback: Option<url::Url>,
    /// The callback path the profile requires (`x-sfcheck-callback-path`).
    pub callback_path: Option<String>,
    /// The profile's title, for messages.
    pub profile_title: Option<String>,
    /// Where the integration shows its callback URL (`x-sfcheck-callback-source`).
    pub callback_source: Option<String>,
}

/// Runs every rule over one document; `secrets` is the document's secret scan. Gives
/// the findings, and those counted but not built (see [`Counted`]).
pub fn run(
    doc: &Document,
    sources: &Sources,
    options: &RuleOptions,
    secrets: &secrets::Scan,
) -> (Vec<Finding>, Vec<Counted>) {
    let mut findings = secrets::check(doc, secrets);
    findings.extend(callback_url::check(doc, sources, options));
    let (repeats, counted) = scopes::check(doc);
    findings.extend(repeats);
    findings.extend(placeholders::check(doc));
    findings.extend(token_validity::check(doc));
    (findings, counted)
}
