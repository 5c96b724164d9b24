//! JSON Schema validation, and each validation error turned into a finding at the
//! right place in the file.
//!
//! Two validators run on every document: the structure schema (the format of DESIGN §2)
//! and the profile (what one integration needs). The profile usually includes the
//! structure by `$ref`; errors that come from that part are left to the structure pass,
//! so nothing is said twice.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use jsonschema::Validator;
use serde_json::Value;

mod annotations;
mod compile;
mod errors;
mod pattern;
mod words;

use super::profile::{EMBEDDED_BASE, Profile, STRUCTURE_FILE, structure_schema};
use crate::document::Document;
use crate::document::spans::escape_token;
use crate::finding::{Finding, Rule};
use crate::suggest::Candidates;
use annotations::{Annotations, follow_ref, structure_node};
use compile::{compile, is_structure};
use errors::ErrorContext;
pub use words::short_value;

/// The most validation errors turned into findings per validator and file.
const MAX_ERRORS: usize = 1_000;

/// `SF101`: see `docs/rules/SF101.md`.
pub static UNKNOWN_KEY: Rule = crate::rule!("SF101", Error);

pub use crate::model::MISSING_KEY;

/// `SF103`: see `docs/rules/SF103.md`.
pub static WRONG_TYPE: Rule = crate::rule!("SF103", Error);

/// `SF104`: see `docs/rules/SF104.md`.
pub static INVALID_VALUE: Rule = crate::rule!("SF104", Error);

/// `SF105`: see `docs/rules/SF105.md`.
pub static UNKNOWN_SCOPE: Rule = crate::rule!("SF105", Error);

/// `SF501`: see `docs/rules/SF501.md`.
pub static INCONSISTENT_SETTINGS: Rule = crate::rule!("SF501", Error);

/// Which schema an error came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Layer {
    Structure,
    Profile,
}

/// A schema compiled once per run, with the resources needed to read its annotations.
pub struct Compiled {
    validator: Validator,
    layer: Layer,
    /// Whether it includes the structure schema by `$ref` (a profile usually does).
    includes_structure: bool,
    /// Every schema resource by URI (without fragment): the root and what `$ref` loaded.
    resources: HashMap<String, Arc<Value>>,
    /// The annotations read so far, by keyword location: the same few keywords fail in
    /// file after file. Bounded by the schema's size: jsonschema fixes every keyword's
    /// location when it compiles the schema (a `$ref` compiles at its target's place).
    annotations: Mutex<HashMap<String, Annotations>>,
}

impl Compiled {
    /// The annotations of the keyword at `location` (`resource#fragment`).
    fn annotations(&self, location: &str) -> Annotations {
        let lock = || self.annotations.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(found) = lock().get(location) {
            return found.clone();
        }
        let (resource, fragment) = location.split_once('#').unwrap_or(("", ""));
        let found = self
            .resources
            .get(resource)
            .map(|root| Annotations::at(root, fragment))
            .unwrap_or_default();
        lock().insert(location.to_owned(), found.clone());
        found
    }
}

/// Both validators and what the messages need to know about the profile.
pub struct Schemas {
    /// The structure alone; not compiled when the profile includes it (one pass serves both).
    structure: Option<Compiled>,
    pub profile: Option<Compiled>,
    /// The structure schema, to look up UI labels by instance pointer.
    structure_root: Arc<Value>,
    /// The profile's title, for messages.
    pub profile_title: Option<String>,
    /// Each property name of the structure and where it lives.
    homes: HashMap<String, String>,
    /// The labels found so far, by instance pointer: the walk to a label follows `$ref`s
    /// through maps and cost more than the rest of a finding, for the same few fields in
    /// file after file.
    labels: Mutex<HashMap<String, Option<String>>>,
    /// The names of each `enum` that failed, by the keyword's location, folded once for
    /// "did you mean": a profile's `enum` of 40,000 names and a list of 150 values not
    /// in it would fold every name for every value.
    choices: Mutex<HashMap<String, Arc<Candidates>>>,
}

/// How many `enum`s' names are kept folded: a profile has a few.
const MAX_CHOICES: usize = 64;

/// How many names one file's values are compared with for "did you mean", in all: a
/// profile's `enum` of 99,000 names and 1,000 values not in it would be 99 million
/// comparisons, up to half a microsecond each. Past it, the findings come without a
/// suggestion.
const SUGGESTION_WORK: usize = 1_000_000;

/// How many labels are remembered: a file of 90,000 list items has as many pointers.
const MAX_LABELS: usize = 4_096;

fn structure_uri() -> String {
    format!("{EMBEDDED_BASE}{STRUCTURE_FILE}")
}

impl Schemas {
    /// Compiles the structure schema and the profile. Errors are usage errors (exit 2).
    pub fn compile(profile: Option<&Profile>) -> Result<Self, String> {
        let structure_root = structure_schema();
        let profile_compiled = profile
            .map(|p| {
                compile(&p.schema, &p.base_uri, Layer::Profile)
                    .map_err(|e| format!("profile `{}` is not a usable JSON Schema: {e}", p.name))
            })
            .transpose()?;
        let structure = match &profile_compiled {
            Some(p) if p.includes_structure => None,
            _ => Some(
                compile(&structure_root, &structure_uri(), Layer::Structure)
                    .map_err(|e| format!("the embedded structure schema does not compile: {e}"))?,
            ),
        };
        Ok(Self {
            homes: homes(&structure_root),
            structure,
            profile: profile_compiled,
            structure_root,
            profile_title: profile.map(|p| p.title.clone()),
            labels: Mutex::default(),
            choices: Mutex::default(),
        })
    }

    /// Validates `doc` against both schemas and returns the findings, structure first.
    pub fn check(&self, doc: &Document) -> (Vec<Finding>, Vec<Finding>) {
        let strip = |v: Vec<(Layer, Finding)>| v.into_iter().map(|(_, f)| f).collect::<Vec<_>>();
        match &self.profile {
            // The profile includes the structure by `$ref`: one pass gives both layers,
            // each error sorted by the schema it comes from.
            Some(profile) if profile.includes_structure => {
                if profile.validator.is_valid(&doc.value) {
                    return (Vec::new(), Vec::new());
                }
                let (structure, profile): (Vec<_>, Vec<_>) = self
                    .findings(profile, doc)
                    .into_iter()
                    .partition(|(layer, _)| *layer == Layer::Structure);
                (strip(structure), strip(profile))
            }
            profile => {
                let structure = match &self.structure {
                    Some(s) if !s.validator.is_valid(&doc.value) => strip(self.findings(s, doc)),
                    _ => Vec::new(),
                };
                let profile = profile
                    .as_ref()
                    .filter(|p| !p.validator.is_valid(&doc.value))
                    .map(|p| self.findings(p, doc))
                    .unwrap_or_default()
                    .into_iter()
                    .filter(|(layer, _)| *layer == Layer::Profile)
                    .map(|(_, f)| f)
                    .collect();
                (structure, profile)
            }
        }
    }

    /// The findings of one validator's errors, each with the layer it belongs to.
    fn findings(&self, compiled: &Compiled, doc: &Document) -> Vec<(Layer, Finding)> {
        let mut out = Vec::new();
        // A misspelt key is one mistake: the unknown key says which missing key it is, and
        // that key's own "missing" finding goes (the pointers of those missing keys).
        let mut twins = Vec::new();
        let suggestions = std::cell::Cell::new(SUGGESTION_WORK);
        let mut errors = compiled.validator.iter_errors(&doc.value);
        // Each error costs a lookup or two and a suggestion: a list of 90,000 bad items
        // would take seconds, and a report shows 200 findings per file anyway.
        for error in errors.by_ref().take(MAX_ERRORS) {
            let location = error
                .absolute_keyword_location()
                .map(|u| u.as_str().to_owned());
            let (resource, fragment) = location
                .as_deref()
                .and_then(|l| l.split_once('#'))
                .unwrap_or(("", ""));
            let layer = if compiled.layer == Layer::Structure || is_structure(resource) {
                Layer::Structure
            } else {
                Layer::Profile
            };
            let annotations = location
                .as_deref()
                .map(|l| compiled.annotations(l))
                .unwrap_or_default();
            let ctx = ErrorContext {
                schemas: self,
                layer,
                doc,
                pointer: error.instance_path().as_str().to_owned(),
                instance: error.instance().as_ref(),
                annotations,
                location: location.as_deref().unwrap_or_default(),
                suggestions: &suggestions,
            };
            // The schema object whose keyword failed: one requirement.
            let node = fragment.rsplit_once('/').map_or("", |(node, _)| node);
            out.extend(
                ctx.findings(error.kind(), &mut twins)
                    .into_iter()
                    .map(|f| (layer, node.to_owned(), f)),
            );
        }
        let skipped = errors.count();
        if skipped > 0 {
            let finding = Finding::new(
                &crate::finding::TRUNCATED,
                0..0,
                "",
                format!(
                    "the schema found {skipped} more problems than the {MAX_ERRORS} worked out; they are not shown"
                ),
            )
            .help("Fix the findings shown first, or check that this file is a description.");
            out.push((compiled.layer, String::new(), finding));
        }
        // One finding per field, code and requirement: a too-long API name that also
        // breaks the pattern is one finding (one schema object), while each scope missing
        // from a list is one of its own (one `contains` each).
        let mut seen = std::collections::HashSet::new();
        out.retain(|(_, node, f)| seen.insert((f.pointer.clone(), f.code.clone(), node.clone())));
        let twins: std::collections::HashSet<String> = twins.into_iter().collect();
        out.retain(|(_, _, f)| !(f.code == MISSING_KEY.code && twins.contains(&f.pointer)));
        out.into_iter().map(|(layer, _, f)| (layer, f)).collect()
    }

    /// The UI label of the field at an instance pointer, from the structure schema.
    pub fn label(&self, pointer: &str) -> Option<String> {
        let lock = || self.labels.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(label) = lock().get(pointer) {
            return label.clone();
        }
        let label = structure_node(&self.structure_root, pointer)
            .and_then(|node| node.get("x-sfcheck-label")?.as_str())
            .map(str::to_owned);
        let mut labels = lock();
        // Pointers hold the file's key names: only short ones are kept.
        if labels.len() < MAX_LABELS && pointer.len() <= 256 {
            labels.insert(pointer.to_owned(), label.clone());
        }
        label
    }

    /// The string names of the `enum` at keyword location `location`, folded.
    pub(super) fn choices(&self, location: &str, options: &Value) -> Arc<Candidates> {
        let lock = || self.choices.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(c) = lock().get(location) {
            return Arc::clone(c);
        }
        let names = options
            .as_array()
            .map(|a| {
                a.iter()
                    .filter_map(|v| v.as_str().map(str::to_owned))
                    .collect()
            })
            .unwrap_or_default();
        let candidates = Arc::new(Candidates::owning(names));
        let mut choices = lock();
        if !location.is_empty() && choices.len() < MAX_CHOICES {
            choices.insert(location.to_owned(), Arc::clone(&candidates));
        }
        candidates
    }

    /// How many validation errors lie exactly at `pointer` (a fix needs to know how many
    /// things are wrong there).
    pub fn errors_at(&self, value: &Value, pointer: &str) -> usize {
        [self.structure.as_ref(), self.profile.as_ref()]
            .into_iter()
            .flatten()
            .map(|c| {
                c.validator
                    .iter_errors(value)
                    .filter(|e| e.instance_path().as_str() == pointer)
                    .count()
            })
            .sum()
    }

    /// The values the structure schema allows at an instance pointer, when it lists them.
    pub fn structure_enum(&self, pointer: &str) -> Option<Vec<String>> {
        let node = structure_node(&self.structure_root, pointer)?;
        let node = follow_ref(&self.structure_root, node);
        let options = node.get("enum")?.as_array()?;
        Some(
            options
                .iter()
                .filter_map(|v| v.as_str().map(str::to_owned))
                .collect(),
        )
    }

    /// An annotation of the structure schema's property at an instance pointer.
    pub fn structure_annotation(&self, pointer: &str, key: &str) -> Option<String> {
        let node = structure_node(&self.structure_root, pointer)?;
        node.get(key)?.as_str().map(str::to_owned)
    }

    /// The property names the structure schema allows in the object at `pointer`.
    pub fn known_keys(&self, pointer: &str) -> Vec<String> {
        let Some(node) = structure_node(&self.structure_root, pointer) else {
            return Vec::new();
        };
        let node = follow_ref(&self.structure_root, node);
        node.get("properties")
            .and_then(Value::as_object)
            .map(|p| p.keys().cloned().collect())
            .unwrap_or_default()
    }

    /// Where else in the format a key of this name exists (`/oauth/scopes` for `scopes`).
    fn home_of(&self, key: &str) -> Option<&str> {
        self.homes.get(key).map(String::as_str)
    }
}

/// Every property of the structure schema by name, with its pointer: built once, so an
/// unknown key's "belongs under" costs a lookup.
fn homes(root: &Value) -> HashMap<String, String> {
    let mut homes = HashMap::new();
    let mut todo = vec![(String::new(), root)];
    while let Some((pointer, node)) = todo.pop() {
        let node = follow_ref(root, node);
        if let Some(props) = node.get("properties").and_then(Value::as_object) {
            for (name, child) in props {
                let child_pointer = format!("{pointer}/{}", escape_token(name));
                homes
                    .entry(name.clone())
                    .or_insert_with(|| child_pointer.clone());
                todo.push((child_pointer, child));
            }
        }
    }
    homes
}
