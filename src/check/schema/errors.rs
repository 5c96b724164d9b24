//! Each validation error turned into a finding at the right place in the file: one
//! function per error kind (keys.rs: unknown and missing keys; values.rs: the rest),
//! reading jsonschema's own error accessors.

mod keys;
mod values;

use jsonschema::error::ValidationErrorKind;
use serde_json::Value;

use super::annotations::Annotations;
use super::words::short_value;
use super::{Layer, Schemas};
use crate::document::Document;
use crate::document::spans::escape_token;
use crate::finding::{Finding, Severity};

/// One validation error with what is needed to say it well.
pub(super) struct ErrorContext<'a> {
    pub(super) schemas: &'a Schemas,
    pub(super) layer: Layer,
    pub(super) doc: &'a Document,
    pub(super) pointer: String,
    pub(super) instance: &'a Value,
    pub(super) annotations: Annotations,
    /// The failed keyword's absolute location in its schema.
    pub(super) location: &'a str,
    /// How many more names this file's values may be compared with for "did you mean".
    pub(super) suggestions: &'a std::cell::Cell<usize>,
}

impl ErrorContext<'_> {
    /// `oauth.flows.device` for `/oauth/flows/device`; `the top level` for the root.
    fn dotted(pointer: &str) -> String {
        if pointer.is_empty() {
            return "the top level".into();
        }
        pointer
            .split('/')
            .skip(1)
            .map(crate::document::spans::unescape_token)
            .collect::<Vec<_>>()
            .join(".")
    }

    fn label(&self, pointer: &str) -> String {
        if pointer.is_empty() {
            return "the description".into();
        }
        self.schemas
            .label(pointer)
            .map(|l| format!("“{l}”"))
            .unwrap_or_else(|| format!("`{}`", Self::dotted(pointer)))
    }

    fn value_span(&self) -> std::ops::Range<usize> {
        self.doc
            .spans
            .nearest(&self.pointer)
            .map(|s| s.value_or_key())
            .unwrap_or(0..0)
    }

    /// For a missing key: the key of the mapping it belongs in, or the first key of the
    /// file for a key missing at the top level.
    fn parent_key_span(&self) -> std::ops::Range<usize> {
        if let Some(span) = self.doc.spans.nearest(&self.pointer)
            && let Some(key) = &span.key
        {
            return key.clone();
        }
        if let Value::Object(map) = &self.doc.value
            && let Some(first) = map.keys().next()
            && let Some(span) = self.doc.spans.get(&format!("/{}", escape_token(first)))
        {
            return span.key_or_value();
        }
        0..0
    }

    fn code(&self, default: &str) -> String {
        self.annotations
            .code
            .clone()
            .unwrap_or_else(|| match self.layer {
                Layer::Structure => default.to_owned(),
                Layer::Profile => crate::check::profile::PROFILE_MISMATCH.code.to_owned(),
            })
    }

    fn severity(&self, code: &str) -> Severity {
        self.annotations
            .severity
            .or_else(|| crate::catalogue::find(code).map(|c| c.severity))
            .unwrap_or(Severity::Error)
    }

    /// The annotation's message where it is a whole sentence: in a profile, or on a
    /// structure requirement with a code of its own. The structure's other messages are
    /// phrases about one keyword (a pattern), used where that keyword fails.
    fn message(&self, fallback: String) -> String {
        let whole = self.layer == Layer::Profile || self.annotations.code.is_some();
        match self.annotations.message.as_ref().filter(|_| whole) {
            Some(m) => m
                .replace("{value}", &short_value(self.instance))
                .replace("{label}", &self.label(&self.pointer)),
            None => fallback,
        }
    }

    fn finding(
        &self,
        default_code: &str,
        span: std::ops::Range<usize>,
        pointer: String,
        fallback: String,
    ) -> Finding {
        let code = self.code(default_code);
        let severity = self.severity(&code);
        Finding::coded(code, severity, span, pointer, self.message(fallback))
            .help_opt(self.annotations.help.clone())
    }

    /// The findings one error gives; an unknown key that misspells a missing key adds
    /// that key's pointer to `twins`.
    pub(super) fn findings(
        &self,
        kind: &ValidationErrorKind,
        twins: &mut Vec<String>,
    ) -> Vec<Finding> {
        use ValidationErrorKind as K;
        let finding = match kind {
            K::AdditionalProperties { unexpected } | K::UnevaluatedProperties { unexpected } => {
                return self.unknown_keys(unexpected, twins);
            }
            K::Required { property } => self.required(property),
            K::Type { kind } => self.wrong_type(kind),
            K::Enum { options } => self.not_one_of(options),
            K::Constant { expected_value } => self.not_the_constant(expected_value),
            K::FalseSchema | K::Not { .. } => self.forbidden(),
            K::AnyOf { .. } | K::OneOfNotValid { .. } | K::OneOfMultipleValid { .. } => {
                self.no_allowed_form()
            }
            // sfcheck compiles `pattern` itself (`pattern.rs`), in every validator it
            // builds: its errors are custom ones, never jsonschema's `Pattern` kind.
            K::Custom { keyword, .. } if keyword == "pattern" => self.pattern(),
            K::Custom { .. } => self.not_advised(),
            K::Referencing(_) => return Vec::new(),
            other => self.out_of_bounds(other),
        };
        vec![finding]
    }

    fn who(&self) -> String {
        self.schemas
            .profile_title
            .clone()
            .unwrap_or_else(|| "the profile".into())
    }
}
