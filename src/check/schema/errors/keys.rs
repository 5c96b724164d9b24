//! Keys the schema does not know, and keys it requires.

use std::ops::Range;

use serde_json::Value;

use super::ErrorContext;
use crate::check::rules::secret_names;
use crate::check::schema::UNKNOWN_KEY;
use crate::check::schema::words::short_str;
use crate::document::spans::{escape_token, last_token, lookup, parent_pointer};
use crate::finding::{Finding, MAX_FINDINGS};
use crate::model::MISSING_KEY;
use crate::suggest;

impl ErrorContext<'_> {
    /// `additionalProperties` / `unevaluatedProperties`: one finding per unknown key.
    /// What the keys are compared with is worked out once for the mapping, so each of
    /// thousands of unknown keys costs one cheap comparison. A key that misspells a
    /// missing known key (its twin) is pushed onto `twins`, as the pointer of that
    /// missing key.
    pub(super) fn unknown_keys(
        &self,
        unexpected: &[String],
        twins: &mut Vec<String>,
    ) -> Vec<Finding> {
        let known = self.schemas.known_keys(&self.pointer);
        let present = lookup(&self.doc.value, &self.pointer).and_then(Value::as_object);
        let mapping = Mapping {
            candidates: suggest::Candidates::new(&known),
            present,
            any_missing: present.is_some_and(|map| known.iter().any(|k| !map.contains_key(k))),
            within: if self.pointer.is_empty() {
                "at the top level".to_owned()
            } else {
                format!("under `{}`", Self::dotted(&self.pointer))
            },
            allowed: known
                .iter()
                .map(|k| format!("`{k}`"))
                .collect::<Vec<_>>()
                .join(", "),
        };
        let mut keys: Vec<(&String, String, Range<usize>)> = unexpected
            .iter()
            .map(|key| {
                let pointer = format!("{}/{}", self.pointer, escape_token(key));
                let span = self
                    .doc
                    .spans
                    .get(&pointer)
                    .map(|s| s.key_or_value())
                    .unwrap_or_else(|| self.value_span());
                (key, pointer, span)
            })
            .collect();
        // A report shows the first MAX_FINDINGS findings of a file by position (then
        // pointer): a key after that many unknown keys of its own mapping is counted,
        // never shown, and gets no "did you mean" or list of the allowed keys.
        keys.sort_by(|a, b| (a.2.start, &a.1).cmp(&(b.2.start, &b.1)));
        keys.into_iter()
            .enumerate()
            .map(|(i, (key, pointer, span))| {
                let shown = i < MAX_FINDINGS;
                self.unknown_key(key, pointer, span, shown, &mapping, twins)
            })
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

    fn unknown_key(
        &self,
        key: &str,
        pointer: String,
        span: Range<usize>,
        shown: bool,
        mapping: &Mapping,
        twins: &mut Vec<String>,
    ) -> Finding {
        let within = &mapping.within;
        // Only a missing key has a twin: with none missing, a key never shown needs no
        // comparison at all.
        // A secret's key is never said to mean a plain one: `--fix` would move the
        // secret where nothing masks it.
        let meant = if shown || mapping.any_missing {
            mapping
                .candidates
                .closest(key)
                .filter(|m| secret_names::may_rename(key, m))
        } else {
            None
        };
        if let Some(s) = meant
            .as_ref()
            .filter(|m| mapping.present.is_some_and(|map| !map.contains_key(*m)))
        {
            twins.push(format!("{}/{}", self.pointer, escape_token(s)));
            return Finding::new(
                &UNKNOWN_KEY,
                span,
                pointer,
                format!(
                    "unknown key `{}` {within}: did you mean `{s}`, which is missing?",
                    short_str(key)
                ),
            )
            .label(format!("did you mean `{s}`?"))
            .help(format!(
                "Rename the key to `{s}`; `sfcheck schema` lists every key."
            ));
        }
        let mut finding = Finding::new(
            &UNKNOWN_KEY,
            span,
            pointer,
            format!("unknown key `{}` {within}", short_str(key)),
        );
        if !shown {
            return finding;
        }
        if let Some(s) = meant {
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
                mapping.allowed
            ));
        }
        finding
    }
}

/// What the unknown keys of one mapping are compared with.
struct Mapping<'a> {
    /// The keys the structure allows here, folded once.
    candidates: suggest::Candidates,
    /// The mapping as written, to tell whether the key a misspelling means is missing.
    present: Option<&'a serde_json::Map<String, Value>>,
    /// Whether any key the structure allows here is missing from the mapping.
    any_missing: bool,
    /// `at the top level`, or `under `oauth``.
    within: String,
    /// The allowed keys, quoted and listed.
    allowed: String,
}
