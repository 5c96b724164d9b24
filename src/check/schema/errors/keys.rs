//! Keys the schema does not know, and keys it requires.

use serde_json::Value;

use super::ErrorContext;
use crate::check::schema::UNKNOWN_KEY;
use crate::check::schema::words::short_str;
use crate::document::spans::{escape_token, last_token, parent_pointer};
use crate::finding::Finding;
use crate::model::MISSING_KEY;
use crate::suggest;

impl ErrorContext<'_> {
    /// `additionalProperties` / `unevaluatedProperties`: one finding per unknown key.
    pub(super) fn unknown_keys(&self, unexpected: &[String]) -> Vec<Finding> {
        let known = self.schemas.known_keys(&self.pointer);
        unexpected
            .iter()
            .map(|key| self.unknown_key(key, &known))
            .collect()
    }

    /// `required`: at the key of the mapping the key belongs in.
    pub(super) fn required(&self, property: &Value) -> Finding {
        let here = Self::dotted(&self.pointer);
        let key = property.as_str().unwrap_or_default();
        let pointer = format!("{}/{}", self.pointer, escape_token(key));
        let label = self.schemas.label(&pointer);
        let within = if self.pointer.is_empty() {
            "at the top level".to_owned()
        } else {
            format!("under `{here}`")
        };
        let fallback = match &label {
            Some(l) => format!("missing key `{key}` {within} (“{l}”)"),
            None => format!("missing key `{key}` {within}"),
        };
        let help = match &label {
            Some(l) => format!(
                "Add `{key}:` {within}. It states the “{l}” setting; every Setup setting is written out, even when it is off."
            ),
            None => format!("Add `{key}:` {within}."),
        };
        let mut finding = self.finding(MISSING_KEY.code, self.parent_key_span(), pointer, fallback);
        if finding.help.is_none() {
            finding.help = Some(help);
        }
        finding.label(format!("`{key}` is missing in here"))
    }

    fn unknown_key(&self, key: &str, known: &[String]) -> Finding {
        let pointer = format!("{}/{}", self.pointer, escape_token(key));
        let span = self
            .doc
            .spans
            .get(&pointer)
            .map(|s| s.key_or_value())
            .unwrap_or_else(|| self.value_span());
        let within = if self.pointer.is_empty() {
            "at the top level".to_owned()
        } else {
            format!("under `{}`", Self::dotted(&self.pointer))
        };
        let mut finding = Finding::new(
            &UNKNOWN_KEY,
            span,
            pointer,
            format!("unknown key `{}` {within}", short_str(key)),
        );
        if let Some(s) = suggest::closest(key, known) {
            finding = finding.label(format!("did you mean `{s}`?")).help(format!(
                "Did you mean `{s}`? Rename the key; `sfcheck schema` lists every key."
            ));
        } else if let Some(home) = self
            .schemas
            .home_of(key)
            .filter(|h| parent_pointer(h) != Some(&self.pointer))
        {
            let parent = parent_pointer(home).map(Self::dotted).unwrap_or_default();
            finding = finding
                .label(format!("belongs under `{parent}`"))
                .help(format!("Move `{}` under `{parent}`.", last_token(home)));
        } else {
            finding = finding.help(format!(
                "Remove the key. The keys allowed {within} are: {}.",
                known
                    .iter()
                    .map(|k| format!("`{k}`"))
                    .collect::<Vec<_>>()
                    .join(", ")
            ));
        }
        finding
    }
}
