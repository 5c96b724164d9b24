//! Compiling a schema once per run: offline `$ref`s, the `x-sfcheck-should` keyword, and
//! `pattern` on a small regex engine.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use jsonschema::{Keyword, Retrieve, Uri, ValidationError, Validator};
use serde_json::{Map, Value};

use super::pattern;
use super::{Compiled, Layer};
use crate::check::profile::STRUCTURE_FILE;

pub(super) fn compile(
    schema: &Arc<Value>,
    base_uri: &str,
    layer: Layer,
) -> Result<Compiled, String> {
    let retriever = LocalRetriever {
        loaded: Arc::default(),
        root: crate::check::profile::ref_root(base_uri),
    };
    let loaded = retriever.loaded.clone();
    let validator = jsonschema::draft202012::options()
        .with_base_uri(base_uri)
        .with_retriever(retriever)
        .with_keyword("x-sfcheck-should", should_keyword)
        .with_keyword("pattern", pattern::keyword())
        .build(schema)
        .map_err(|e| e.to_string())?;
    let mut resources: HashMap<String, Arc<Value>> =
        loaded.lock().map(|m| m.clone()).unwrap_or_default();
    resources.insert(base_uri.to_owned(), Arc::clone(schema));
    let includes_structure =
        layer == Layer::Profile && resources.keys().any(|uri| is_structure(uri));
    Ok(Compiled {
        validator,
        layer,
        includes_structure,
        resources,
        annotations: Mutex::default(),
    })
}

/// Whether a schema resource is the structure schema (embedded, or a copy on disk).
pub(super) fn is_structure(uri: &str) -> bool {
    uri.ends_with(&format!("/{STRUCTURE_FILE}"))
}

/// Resolves `$ref`s offline: local files, and the embedded structure schema.
struct LocalRetriever {
    loaded: Arc<Mutex<HashMap<String, Arc<Value>>>>,
    /// The folder `$ref`s may read from.
    root: Option<std::path::PathBuf>,
}

impl Retrieve for LocalRetriever {
    fn retrieve(
        &self,
        uri: &Uri<String>,
    ) -> Result<Value, Box<dyn std::error::Error + Send + Sync>> {
        let text = uri.as_str();
        let value =
            crate::check::profile::local_schema(&url::Url::parse(text)?, self.root.as_deref())?;
        if let Ok(mut loaded) = self.loaded.lock() {
            loaded.insert(text.to_owned(), Arc::clone(&value));
        }
        Ok(Value::clone(&value))
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
    let inner = jsonschema::draft202012::options()
        .with_keyword("pattern", pattern::keyword())
        .build(value)
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
