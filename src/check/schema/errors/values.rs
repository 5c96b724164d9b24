//! Values of the wrong type or form, and values a profile does not want.

use jsonschema::error::{TypeKind, ValidationErrorKind};
use serde_json::Value;

use super::ErrorContext;
use crate::check::profile::PROFILE_MISMATCH;
use crate::check::schema::words::{describe, one_of, short_value, type_help, type_words};
use crate::check::schema::{INVALID_VALUE, Layer, UNKNOWN_SCOPE, WRONG_TYPE};
use crate::finding::Finding;

impl ErrorContext<'_> {
    /// `type`: the value is not of the expected JSON type.
    pub(super) fn wrong_type(&self, kind: &TypeKind) -> Finding {
        let expected = type_words(kind);
        let found = describe(self.instance);
        let mut finding = self.finding(
            WRONG_TYPE.code,
            self.value_span(),
            self.pointer.clone(),
            format!(
                "{} must be {expected}, not {found}",
                self.label(&self.pointer)
            ),
        );
        if finding.help.is_none() {
            finding.help = Some(type_help(self.instance, &expected));
        }
        finding.label(format!("expected {expected}"))
    }

    /// `enum`: a value not in the list (for scopes, SF105 with "did you mean").
    pub(super) fn not_one_of(&self, options: &Value) -> Finding {
        let choices = self.schemas.choices(self.location, options);
        let options = choices.names();
        let value = self.instance.as_str().unwrap_or_default();
        let is_scope = self.layer == Layer::Structure && self.pointer.starts_with("/oauth/scopes/");
        let left = self.suggestions.get();
        let affordable = left >= options.len();
        if affordable {
            self.suggestions.set(left - options.len());
        }
        let suggestion = match (affordable, is_scope) {
            (false, _) => None,
            (true, true) => choices.scope(value),
            (true, false) => choices.closest(value),
        };
        let fallback = if is_scope {
            format!(
                "`{}` is not an OAuth scope name",
                short_value(self.instance)
            )
        } else {
            format!(
                "{} is `{}`; expected {}",
                self.label(&self.pointer),
                short_value(self.instance),
                one_of(options)
            )
        };
        let code = if is_scope {
            UNKNOWN_SCOPE.code
        } else {
            INVALID_VALUE.code
        };
        let mut finding = self.finding(code, self.value_span(), self.pointer.clone(), fallback);
        if let Some(s) = suggestion {
            finding = finding.label(format!("did you mean `{s}`?"));
            if finding.help.is_none() {
                finding.help = Some(if is_scope {
                    format!(
                        "Did you mean `{s}`? Scopes are written by the OAuth name Setup shows in brackets, as in “Manage user data via APIs (api)”."
                    )
                } else {
                    format!("Did you mean `{s}`? Write {}.", one_of(options))
                });
            }
        } else if finding.help.is_none() {
            finding.help = Some(format!("Write {}.", one_of(options)));
        }
        finding
    }

    /// `const`: a value the profile does not want (ticked where it must be unticked).
    pub(super) fn not_the_constant(&self, expected_value: &Value) -> Finding {
        let fallback = match (expected_value.as_bool(), self.instance.as_bool()) {
            (Some(false), Some(true)) => format!(
                "{} is ticked; {} needs it unticked",
                self.label(&self.pointer),
                self.who()
            ),
            (Some(true), Some(false)) => format!(
                "{} is unticked; {} needs it ticked",
                self.label(&self.pointer),
                self.who()
            ),
            _ => format!(
                "{} is `{}`; {} needs `{}`",
                self.label(&self.pointer),
                short_value(self.instance),
                self.who(),
                short_value(expected_value)
            ),
        };
        self.finding(
            INVALID_VALUE.code,
            self.value_span(),
            self.pointer.clone(),
            fallback,
        )
    }

    /// `false` / `not`: a value that must not be set.
    pub(super) fn forbidden(&self) -> Finding {
        let fallback = format!("{} must not be set", self.label(&self.pointer));
        self.finding(
            INVALID_VALUE.code,
            self.value_span(),
            self.pointer.clone(),
            fallback,
        )
    }

    /// `anyOf` / `oneOf`: a value in none of the allowed forms (a callback URL that is neither text nor a list).
    pub(super) fn no_allowed_form(&self) -> Finding {
        let code = match (self.layer, self.instance) {
            (Layer::Structure, Value::String(_) | Value::Array(_)) => INVALID_VALUE.code,
            _ => WRONG_TYPE.code,
        };
        let label = self.label(&self.pointer);
        // The field's own words ("must be a URL or a list of URLs") live on the
        // property, which the failed keyword (inside a `$ref`) does not reach.
        let what = self
            .schemas
            .structure_annotation(&self.pointer, "x-sfcheck-message")
            .unwrap_or_else(|| "does not have an allowed form".into());
        let empty = match self.instance {
            Value::Null => true,
            Value::String(s) => s.is_empty(),
            Value::Array(a) => a.is_empty(),
            _ => false,
        };
        let fallback = if empty {
            format!("{label} is empty; it {what}")
        } else {
            format!("{label} {what}")
        };
        let mut finding = self.finding(code, self.value_span(), self.pointer.clone(), fallback);
        if finding.help.is_none() {
            finding.help = self
                .schemas
                .structure_annotation(&self.pointer, "x-sfcheck-help");
        }
        finding
    }

    /// `pattern`: text not in the expected form.
    pub(super) fn pattern(&self) -> Finding {
        let fallback = format!(
            "{} `{}` is not in the expected form",
            self.label(&self.pointer),
            short_value(self.instance)
        );
        let mut finding = self.finding(
            INVALID_VALUE.code,
            self.value_span(),
            self.pointer.clone(),
            fallback,
        );
        if self.annotations.code.is_none()
            && let Some(m) = &self.annotations.message
        {
            finding.message = format!(
                "{} `{}` {m}",
                self.label(&self.pointer),
                short_value(self.instance)
            );
        }
        finding
    }

    /// `x-sfcheck-should`: not the value the profile advises.
    pub(super) fn not_advised(&self) -> Finding {
        let fallback = format!("{} is not the advised value", self.label(&self.pointer));
        self.finding(
            PROFILE_MISMATCH.code,
            self.value_span(),
            self.pointer.clone(),
            fallback,
        )
    }

    /// Lengths, ranges, item counts: the validator's own words are clear, but they quote
    /// the value, so say it with the label instead.
    pub(super) fn out_of_bounds(&self, kind: &ValidationErrorKind) -> Finding {
        let what = match kind {
            ValidationErrorKind::MinLength { .. } => "is empty".to_owned(),
            ValidationErrorKind::MinItems { limit } => {
                format!("needs at least {limit} item(s)")
            }
            ValidationErrorKind::Maximum { limit } => format!("must be at most {limit}"),
            ValidationErrorKind::Minimum { limit } => format!("must be at least {limit}"),
            ValidationErrorKind::MaxLength { limit } => {
                format!("must be at most {limit} characters")
            }
            _ => format!("is not allowed ({})", kind.keyword()),
        };
        let fallback = format!("{} {what}", self.label(&self.pointer));
        self.finding(
            INVALID_VALUE.code,
            self.value_span(),
            self.pointer.clone(),
            fallback,
        )
    }
}
