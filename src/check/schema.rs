//! JSON Schema validation, and each validation error turned into a finding at the
//! right place in the file.
//!
//! Two validators run on every document: the structure schema (the format of DESIGN §2)
//! and the profile (what one integration needs). The profile usually includes the
//! structure by `$ref`; errors that come from that part are left to the structure pass,
//! so nothing is said twice.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use jsonschema::error::ValidationErrorKind;
use jsonschema::{Keyword, Retrieve, Uri, ValidationError, Validator};
use serde_json::{Map, Value};

use super::profile::{EMBEDDED_BASE, Profile, STRUCTURE_FILE, STRUCTURE_SCHEMA};
use crate::document::Document;
use crate::document::spans::{escape_token, last_token, parent_pointer};
use crate::finding::{Finding, Rule, Severity};
use crate::suggest;

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
}

fn structure_uri() -> String {
    format!("{EMBEDDED_BASE}{STRUCTURE_FILE}")
}

impl Schemas {
    /// Compiles the structure schema and the profile. Errors are usage errors (exit 2).
    pub fn compile(profile: Option<&Profile>) -> Result<Self, String> {
        let structure_root: Value =
            serde_json::from_str(STRUCTURE_SCHEMA).expect("the embedded structure schema is JSON");
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
            structure_root: Arc::new(structure_root),
            profile_title: profile.map(|p| p.title.clone()),
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
        for error in compiled.validator.iter_errors(&doc.value) {
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
            let annotations = compiled
                .resources
                .get(resource)
                .map(|root| Annotations::at(root, fragment))
                .unwrap_or_default();
            let ctx = ErrorContext {
                schemas: self,
                layer,
                doc,
                pointer: error.instance_path().as_str().to_owned(),
                instance: error.instance().as_ref(),
                annotations,
            };
            let mut found = Vec::new();
            ctx.push_findings(error.kind(), &mut found);
            out.extend(found.into_iter().map(|f| (layer, f)));
        }
        // One word per field and code: a too-long API name that also breaks the pattern
        // is one finding.
        let mut seen = std::collections::HashSet::new();
        out.retain(|(_, f)| seen.insert((f.pointer.clone(), f.code.clone())));
        out
    }

    /// How many validation errors lie exactly at `pointer` (findings say each code
    /// once per field; a fix needs to know how many things are wrong there).
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

    /// The UI label of the field at an instance pointer, from the structure schema.
    pub fn label(&self, pointer: &str) -> Option<String> {
        let node = structure_node(&self.structure_root, pointer)?;
        node.get("x-sfcheck-label")?.as_str().map(str::to_owned)
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

fn compile(schema: &Value, base_uri: &str, layer: Layer) -> Result<Compiled, String> {
    let retriever = LocalRetriever::default();
    let loaded = retriever.loaded.clone();
    let validator = jsonschema::draft202012::options()
        .with_base_uri(base_uri)
        .with_retriever(retriever)
        .with_keyword("x-sfcheck-should", should_keyword)
        .build(schema)
        .map_err(|e| e.to_string())?;
    let mut resources: HashMap<String, Arc<Value>> =
        loaded.lock().map(|m| m.clone()).unwrap_or_default();
    resources.insert(base_uri.to_owned(), Arc::new(schema.clone()));
    let includes_structure =
        layer == Layer::Profile && resources.keys().any(|uri| is_structure(uri));
    Ok(Compiled {
        validator,
        layer,
        includes_structure,
        resources,
    })
}

/// Whether a schema resource is the structure schema (embedded, or a copy on disk).
fn is_structure(uri: &str) -> bool {
    uri.ends_with(&format!("/{STRUCTURE_FILE}"))
}

/// Resolves `$ref`s offline: local files, and the embedded structure schema.
#[derive(Default)]
struct LocalRetriever {
    loaded: Arc<Mutex<HashMap<String, Arc<Value>>>>,
}

impl Retrieve for LocalRetriever {
    fn retrieve(
        &self,
        uri: &Uri<String>,
    ) -> Result<Value, Box<dyn std::error::Error + Send + Sync>> {
        let text = uri.as_str();
        let url = url::Url::parse(text)?;
        if url.scheme() != "file" {
            return Err(format!(
                "remote $ref `{text}` is refused: sfcheck never fetches over the network"
            )
            .into());
        }
        let path = url
            .to_file_path()
            .map_err(|()| format!("`{text}` is not a local path"))?;
        let value: Value = if text.starts_with(EMBEDDED_BASE) || !path.exists() {
            if path.file_name().and_then(|n| n.to_str()) != Some(STRUCTURE_FILE) {
                return Err(format!("cannot find `{}`", path.display()).into());
            }
            serde_json::from_str(STRUCTURE_SCHEMA)?
        } else {
            serde_json::from_str(&super::profile::read_schema_file(&path)?)?
        };
        if let Ok(mut loaded) = self.loaded.lock() {
            loaded.insert(text.to_owned(), Arc::new(value.clone()));
        }
        Ok(value)
    }
}

/// `x-sfcheck-should`: a subschema the value should match. A mismatch is an error the
/// annotations of the same schema object describe (usually a warning); standard
/// validators ignore the keyword, so for them the requirement is advice only.
fn should_keyword<'a>(
    _parent: &'a Map<String, Value>,
    value: &'a Value,
    _path: jsonschema::paths::Location,
) -> Result<Box<dyn for<'i> Keyword<'i>>, ValidationError<'a>> {
    let inner = jsonschema::draft202012::new(value)
        .map_err(|e| ValidationError::schema(format!("x-sfcheck-should is not a schema: {e}")))?;
    Ok(Box::new(Should(inner)))
}

struct Should(Validator);

impl<'i> Keyword<'i> for Should {
    fn validate(&self, instance: &'i Value) -> Result<(), ValidationError<'i>> {
        if self.0.is_valid(instance) {
            Ok(())
        } else {
            Err(ValidationError::custom("the value is not the advised one"))
        }
    }

    fn is_valid(&self, instance: &'i Value) -> bool {
        self.0.is_valid(instance)
    }
}

/// The `x-sfcheck-*` annotations that describe a failed keyword, read from the schema
/// object that holds it and, failing that, its ancestors.
#[derive(Debug, Default, Clone)]
struct Annotations {
    code: Option<String>,
    message: Option<String>,
    help: Option<String>,
    severity: Option<Severity>,
}

impl Annotations {
    fn at(root: &Value, fragment: &str) -> Self {
        let mut chain = vec![root];
        let mut node = root;
        for token in fragment.split('/').skip(1) {
            let token = jsonschema_unescape(token);
            let next = match node {
                Value::Object(m) => m.get(&token),
                Value::Array(a) => token.parse::<usize>().ok().and_then(|i| a.get(i)),
                _ => None,
            };
            match next {
                Some(n) => {
                    chain.push(n);
                    node = n;
                }
                None => break,
            }
        }
        let find = |key: &str| {
            chain
                .iter()
                .rev()
                .find_map(|n| n.get(key).and_then(Value::as_str).map(str::to_owned))
        };
        Self {
            code: find("x-sfcheck-code"),
            message: find("x-sfcheck-message"),
            help: find("x-sfcheck-help"),
            severity: find("x-sfcheck-severity").and_then(|s| match s.as_str() {
                "warning" => Some(Severity::Warning),
                "error" => Some(Severity::Error),
                _ => None,
            }),
        }
    }
}

fn jsonschema_unescape(token: &str) -> String {
    let decoded = percent_decode(token);
    crate::document::spans::unescape_token(&decoded)
}

fn percent_decode(s: &str) -> String {
    if !s.contains(['%', '+']) {
        return s.to_owned();
    }
    url::form_urlencoded::parse(s.replace('+', "%2B").as_bytes())
        .map(|(k, v)| {
            if v.is_empty() {
                k.into_owned()
            } else {
                format!("{k}={v}")
            }
        })
        .collect()
}

/// Walks the structure schema along an instance pointer, returning the property schema
/// (before its `$ref` is followed, where the label lives).
fn structure_node<'a>(root: &'a Value, pointer: &str) -> Option<&'a Value> {
    let mut node = root;
    for token in pointer.split('/').skip(1) {
        let token = crate::document::spans::unescape_token(token);
        let container = follow_ref(root, node);
        node = if let Some(child) = container.get("properties").and_then(|p| p.get(&token)) {
            child
        } else if token.parse::<usize>().is_ok() {
            container.get("items").or_else(|| {
                // CallbackUrl: a string or a list; its list branch holds the items.
                container
                    .get("anyOf")?
                    .as_array()?
                    .iter()
                    .find_map(|b| b.get("items"))
            })?
        } else {
            return None;
        };
    }
    Some(node)
}

fn follow_ref<'a>(root: &'a Value, node: &'a Value) -> &'a Value {
    let mut node = node;
    // Local refs only; a chain longer than a few hops is a cycle.
    for _ in 0..8 {
        match node
            .get("$ref")
            .and_then(Value::as_str)
            .and_then(|r| r.strip_prefix('#'))
        {
            Some(fragment) => match root.pointer(fragment) {
                Some(target) => node = target,
                None => break,
            },
            None => break,
        }
    }
    node
}

struct ErrorContext<'a> {
    schemas: &'a Schemas,
    layer: Layer,
    doc: &'a Document,
    pointer: String,
    instance: &'a Value,
    annotations: Annotations,
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

    fn push_findings(&self, kind: &ValidationErrorKind, out: &mut Vec<Finding>) {
        let here = Self::dotted(&self.pointer);
        match kind {
            ValidationErrorKind::AdditionalProperties { unexpected }
            | ValidationErrorKind::UnevaluatedProperties { unexpected } => {
                let known = self.schemas.known_keys(&self.pointer);
                for key in unexpected {
                    out.push(self.unknown_key(key, &known));
                }
            }
            ValidationErrorKind::Required { property } => {
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
                let mut finding =
                    self.finding(MISSING_KEY.code, self.parent_key_span(), pointer, fallback);
                if finding.help.is_none() {
                    finding.help = Some(help);
                }
                out.push(finding.label(format!("`{key}` is missing in here")));
            }
            ValidationErrorKind::Type { kind } => {
                let expected = type_words(&format!("{kind:?}"));
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
                out.push(finding.label(format!("expected {expected}")));
            }
            ValidationErrorKind::Enum { options } => {
                let options: Vec<String> = options
                    .as_array()
                    .map(|a| {
                        a.iter()
                            .filter_map(|v| v.as_str().map(str::to_owned))
                            .collect()
                    })
                    .unwrap_or_default();
                let value = self.instance.as_str().unwrap_or_default();
                let is_scope =
                    self.layer == Layer::Structure && self.pointer.starts_with("/oauth/scopes/");
                let suggestion = if is_scope {
                    suggest::scope(value, &options)
                } else {
                    suggest::closest(value, &options)
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
                        one_of(&options)
                    )
                };
                let code = if is_scope {
                    UNKNOWN_SCOPE.code
                } else {
                    INVALID_VALUE.code
                };
                let mut finding =
                    self.finding(code, self.value_span(), self.pointer.clone(), fallback);
                if let Some(s) = suggestion {
                    finding = finding.label(format!("did you mean `{s}`?"));
                    if finding.help.is_none() {
                        finding.help = Some(if is_scope {
                            format!(
                                "Did you mean `{s}`? Scopes are written by the OAuth name Setup shows in brackets, as in “Manage user data via APIs (api)”."
                            )
                        } else {
                            format!("Did you mean `{s}`? Write {}.", one_of(&options))
                        });
                    }
                } else if finding.help.is_none() {
                    finding.help = Some(format!("Write {}.", one_of(&options)));
                }
                out.push(finding);
            }
            ValidationErrorKind::Constant { expected_value } => {
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
                out.push(self.finding(
                    INVALID_VALUE.code,
                    self.value_span(),
                    self.pointer.clone(),
                    fallback,
                ));
            }
            ValidationErrorKind::FalseSchema | ValidationErrorKind::Not { .. } => {
                let fallback = format!("{} must not be set", self.label(&self.pointer));
                out.push(self.finding(
                    INVALID_VALUE.code,
                    self.value_span(),
                    self.pointer.clone(),
                    fallback,
                ));
            }
            ValidationErrorKind::AnyOf { .. }
            | ValidationErrorKind::OneOfNotValid { .. }
            | ValidationErrorKind::OneOfMultipleValid { .. } => {
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
                let mut finding =
                    self.finding(code, self.value_span(), self.pointer.clone(), fallback);
                if finding.help.is_none() {
                    finding.help = self
                        .schemas
                        .structure_annotation(&self.pointer, "x-sfcheck-help");
                }
                out.push(finding);
            }
            ValidationErrorKind::Pattern { .. } => {
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
                out.push(finding);
            }
            ValidationErrorKind::Custom { .. } => {
                let fallback = format!("{} is not the advised value", self.label(&self.pointer));
                out.push(self.finding(
                    crate::check::profile::PROFILE_MISMATCH.code,
                    self.value_span(),
                    self.pointer.clone(),
                    fallback,
                ));
            }
            ValidationErrorKind::Referencing(_) => {}
            _ => {
                // Lengths, ranges, item counts: the validator's own words are clear, but
                // they quote the value, so say it with the label instead.
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
                out.push(self.finding(
                    INVALID_VALUE.code,
                    self.value_span(),
                    self.pointer.clone(),
                    fallback,
                ));
            }
        }
    }

    fn who(&self) -> String {
        self.schemas
            .profile_title
            .clone()
            .unwrap_or_else(|| "the profile".into())
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

fn type_words(kind: &str) -> String {
    let word = |t: &str| match t.to_ascii_lowercase().as_str() {
        "boolean" => "true or false".to_owned(),
        "object" => "a mapping of keys".to_owned(),
        "array" => "a list".to_owned(),
        "string" => "text".to_owned(),
        "integer" => "a whole number".to_owned(),
        "number" => "a number".to_owned(),
        "null" => "empty".to_owned(),
        other => other.to_owned(),
    };
    // `Single(Boolean)` or `Multiple(...)` from the Debug form of the type set.
    let names: Vec<String> = kind
        .split(|c: char| !c.is_ascii_alphabetic())
        .filter(|t| !t.is_empty() && !matches!(*t, "Single" | "Multiple" | "JsonTypeSet"))
        .map(word)
        .collect();
    if names.is_empty() {
        kind.to_owned()
    } else {
        names.join(" or ")
    }
}

fn describe(value: &Value) -> String {
    match value {
        Value::Null => "empty".into(),
        Value::Bool(b) => format!("`{b}`"),
        Value::Number(n) => format!("the number `{n}`"),
        Value::String(s) => format!("the text `{}`", short_str(s)),
        Value::Array(_) => "a list".into(),
        Value::Object(_) => "a mapping".into(),
    }
}

fn type_help(value: &Value, expected: &str) -> String {
    if value.is_null() {
        return format!("The key has no value: write {expected} after the colon.");
    }
    match value.as_str().map(str::to_ascii_lowercase).as_deref() {
        Some("yes" | "on" | "y") if expected == "true or false" => {
            "YAML 1.2 reads this as text, not a boolean. Write `true` for a ticked box.".into()
        }
        Some("no" | "off" | "n") if expected == "true or false" => {
            "YAML 1.2 reads this as text, not a boolean. Write `false` for an unticked box.".into()
        }
        _ if expected == "true or false" => "Write `true` (ticked) or `false` (unticked).".into(),
        _ => format!("Write {expected} here."),
    }
}

fn one_of(options: &[String]) -> String {
    match options {
        [] => "an allowed value".into(),
        [one] => format!("`{one}`"),
        _ if options.len() > 8 => "one of the allowed values (`sfcheck schema` lists them)".into(),
        _ => {
            let quoted: Vec<String> = options.iter().map(|o| format!("`{o}`")).collect();
            format!("one of {}", quoted.join(", "))
        }
    }
}

/// A value quoted in a message: short, on one line.
pub fn short_value(value: &Value) -> String {
    match value {
        Value::String(s) => short_str(s),
        other => short_str(&other.to_string()),
    }
}

fn short_str(s: &str) -> String {
    let one_line: String = s
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect();
    if one_line.chars().count() > 60 {
        format!("{}…", one_line.chars().take(57).collect::<String>())
    } else {
        one_line
    }
}
