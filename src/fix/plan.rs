//! Which findings have one right answer under the profile in force, and what it is.
//!
//! A value is the right answer when it is the only candidate the schemas accept at the
//! finding's field: a checkbox has two candidates, a picklist its allowed values, the
//! callback URL only the one `--callback-url` (or the config) gives. The answer is then
//! written as edits in the file's own format (see [`super::yaml`], [`super::xml`]).

use serde_json::Value;

use super::{Target, scopes, xml, yaml};
use crate::check::rules::metadata::UNKNOWN_ELEMENT;
use crate::check::rules::secrets::{LEAKED_SECRET, SECRET_LIKE_VALUE};
use crate::check::schema::{MISSING_KEY, Schemas, UNKNOWN_KEY};
use crate::document::Document;
use crate::document::metadata::MetaApp;
use crate::document::sources::Sources;
use crate::document::spans::{SpanMap, escape_token, last_token, parent_pointer};
use crate::finding::{Finding, Fix};
use crate::model::fields::{self, ValueKind};

/// What a fix is worked out from: the document as checked, and the requirement.
pub struct Planner<'a> {
    pub doc: &'a Document,
    pub sources: &'a Sources<'a>,
    /// The app, for metadata; `None` for a YAML description.
    pub app: Option<&'a MetaApp>,
    pub schemas: &'a Schemas,
    /// The callback URL the run was given.
    pub callback: Option<&'a url::Url>,
}

/// Where a finding about `inner` lies within the field at `outer`.
pub(super) fn within(inner: &str, outer: &str) -> bool {
    inner == outer
        || inner
            .strip_prefix(outer)
            .is_some_and(|rest| rest.starts_with('/'))
}

impl Planner<'_> {
    /// Attaches a fix to each finding that has one; a finding that needs a human choice
    /// says so in its help.
    pub fn attach(&self, findings: &mut [Finding]) {
        // More than a report shows is no description to fix; it also bounds the work
        // on hostile input.
        if findings.len() > crate::finding::MAX_FINDINGS {
            return;
        }
        let mut scope_fix: Option<Option<Fix>> = None;
        // A misspelt key renamed gives the missing key: that finding shares the rename,
        // and nothing is inserted.
        let mut renames: Vec<(String, Option<Fix>)> = findings
            .iter()
            .filter(|f| f.code == UNKNOWN_KEY.code)
            .filter_map(|f| Some((self.renamed_to(&f.pointer)?, self.rename_key(&f.pointer))))
            .collect();
        renames.extend(
            findings
                .iter()
                .filter(|f| f.code == UNKNOWN_ELEMENT.code)
                .filter_map(|f| Some((self.element_renamed_to(f.fix.as_ref()?)?, f.fix.clone()))),
        );
        for f in findings.iter_mut() {
            if f.fix.is_some() {
                continue; // made with the finding
            }
            let renamed = renames.iter().find(|(to, _)| *to == f.pointer);
            f.fix = if let Some((_, fix)) = renamed.filter(|_| f.code != UNKNOWN_KEY.code) {
                fix.clone()
            } else if self.waits_for(&renames, f) {
                // Its place depends on a key or element being renamed: next round.
                None
            } else if within(&f.pointer, "/oauth/scopes") {
                scope_fix.get_or_insert_with(|| scopes::plan(self)).clone()
            } else {
                self.fix_for(f)
            };
            if f.fix.is_none() {
                say_why(f);
            }
        }
    }

    pub(super) fn target(&self) -> Target<'_> {
        match self.app {
            Some(app) => Target::Metadata(app),
            None => Target::Yaml(self.sources.files()[0].text),
        }
    }

    fn fix_for(&self, f: &Finding) -> Option<Fix> {
        if f.code == UNKNOWN_KEY.code {
            return self.rename_key(&f.pointer);
        }
        let field = fields::at(&f.pointer)?;
        let value = self.desired(&f.pointer)?;
        if self.doc.value.pointer(&f.pointer) == Some(&value) {
            return None;
        }
        match self.target() {
            Target::Yaml(text) => match self.doc.spans.get(&f.pointer) {
                Some(span) if self.doc.value.pointer(&f.pointer).is_some() => {
                    yaml::replace_value(text, span, &value)
                }
                _ => yaml::insert_key(text, self.doc, &f.pointer, &value),
            },
            Target::Metadata(app) => xml::set(self, app, field, &value),
        }
    }

    /// The one value the schemas accept at `pointer`, if there is exactly one.
    fn desired(&self, pointer: &str) -> Option<Value> {
        let field = fields::at(pointer)?;
        let candidates: Vec<Value> = match field.value {
            ValueKind::Flag => vec![Value::Bool(true), Value::Bool(false)],
            ValueKind::Text => self.options(pointer),
            ValueKind::CallbackUrls => self
                .callback
                .map(|u| Value::String(u.as_str().to_owned()))
                .into_iter()
                .collect(),
            _ => Vec::new(),
        };
        let accepted: Vec<Value> = candidates
            .into_iter()
            .filter(|c| self.accepts(pointer, c))
            .collect();
        match accepted.as_slice() {
            [one] => Some(one.clone()),
            // Several allowed values (`--profile none`): a misspelling of exactly one.
            [_, _, ..] => {
                let current = self.doc.value.pointer(pointer)?.as_str()?;
                let names: Vec<String> = accepted
                    .iter()
                    .filter_map(|v| v.as_str().map(str::to_owned))
                    .collect();
                crate::suggest::unique(current, &names).map(Value::String)
            }
            [] => None,
        }
    }

    /// The allowed values of a text field the structure schema enumerates.
    fn options(&self, pointer: &str) -> Vec<Value> {
        self.schemas
            .structure_enum(pointer)
            .map(|o| o.into_iter().map(Value::String).collect())
            .unwrap_or_default()
    }

    /// Whether the schemas say nothing about `pointer` once it holds `value`.
    fn accepts(&self, pointer: &str, value: &Value) -> bool {
        let mut root = self.doc.value.clone();
        if !put(&mut root, pointer, value) {
            return false;
        }
        let doc = Document {
            value: root,
            spans: SpanMap::default(),
        };
        let (structure, profile) = self.schemas.check(&doc);
        !structure
            .iter()
            .chain(&profile)
            .any(|f| within(&f.pointer, pointer))
    }

    /// The pointer a misspelt key is renamed to: its suggestion is unique, and not
    /// already used beside it. A key named for a secret is never renamed: `--fix` does
    /// not touch a secret, and a guess could move it under a name that is not masked.
    fn renamed_to(&self, pointer: &str) -> Option<String> {
        let parent = parent_pointer(pointer)?;
        let key = last_token(pointer);
        let value = self.doc.value.pointer(pointer)?;
        if crate::check::rules::secret_names::classify_value(&key, value).is_some() {
            return None;
        }
        let known = self.schemas.known_keys(parent);
        let meant = crate::suggest::unique(&key, &known)?;
        let siblings = self.doc.value.pointer(parent)?.as_object()?;
        (!siblings.contains_key(&meant)).then(|| format!("{parent}/{}", escape_token(&meant)))
    }

    /// Whether a fix must wait for the renames of this round: a missing key goes beside
    /// its siblings, and one of them may be the misspelt one. In metadata, where an
    /// element's place is the type's order, everything waits for a rename in the app.
    fn waits_for(&self, renames: &[(String, Option<Fix>)], f: &Finding) -> bool {
        match self.app {
            Some(_) => renames.iter().any(|(_, fix)| fix.is_some()),
            None => {
                f.code == MISSING_KEY.code
                    && renames
                        .iter()
                        .any(|(to, _)| parent_pointer(to) == parent_pointer(&f.pointer))
            }
        }
    }

    /// The setting a misspelt metadata element is renamed to (by the fix made with its
    /// finding): the field whose element of the same type the new name is.
    fn element_renamed_to(&self, fix: &Fix) -> Option<String> {
        let app = self.app?;
        let first = fix.edits.first()?;
        let old = self.sources.get(first.range.clone())?;
        let kind = app.files[self.sources.file_of(first.range.start)].kind;
        fields::FIELDS
            .iter()
            .find(|f| {
                f.source.kind() == Some(kind)
                    && f.source.element() == Some(first.text.as_str())
                    && old != first.text
            })
            .map(|f| f.pointer.to_owned())
    }

    fn rename_key(&self, pointer: &str) -> Option<Fix> {
        let meant = last_token(&self.renamed_to(pointer)?);
        let span = self.doc.spans.get(pointer)?.key.clone()?;
        match self.target() {
            Target::Yaml(text) => yaml::rename_key(text, span, &meant),
            // Metadata elements are the field table's; an unknown one is reported by
            // the reader, not renamed here.
            Target::Metadata(_) => None,
        }
    }
}

/// Sets the value at a pointer of plain keys and list indexes; `false` when the way
/// there does not exist.
pub(super) fn put(root: &mut Value, pointer: &str, value: &Value) -> bool {
    let Some(parent) = parent_pointer(pointer) else {
        return false;
    };
    let key = last_token(pointer);
    match root.pointer_mut(parent) {
        Some(Value::Object(map)) => {
            map.insert(key, value.clone());
            true
        }
        Some(Value::Array(items)) => match key.parse::<usize>() {
            Ok(i) if i < items.len() => {
                items[i] = value.clone();
                true
            }
            _ => false,
        },
        _ => false,
    }
}

/// A finding `--fix` leaves alone says why, so the user knows it is theirs to decide.
fn say_why(f: &mut Finding) {
    let why = if f.code == UNKNOWN_KEY.code {
        "`--fix` leaves this key: no single known key is meant by it."
    } else if f.code == UNKNOWN_ELEMENT.code {
        "`--fix` leaves this element: no single known element is meant by it."
    } else if [LEAKED_SECRET.code, SECRET_LIKE_VALUE.code].contains(&f.code.as_str()) {
        "`--fix` never touches a secret: remove it yourself, then rotate it in Setup."
    } else if f.code == MISSING_KEY.code && f.pointer == "/oauth/callbackUrl" {
        "`--fix` adds it only when `--callback-url` (or `callback_url` in `sfcheck.toml`) says what it must be."
    } else if f.code == MISSING_KEY.code {
        "`--fix` leaves this: the profile does not say what it must be."
    } else {
        return;
    };
    f.help = Some(match f.help.take() {
        Some(h) => format!("{h} {why}"),
        None => why.to_owned(),
    });
}
