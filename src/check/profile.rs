//! Profiles: an integration's requirements, as a JSON Schema file.
//!
//! The built-in profile and the structure schema are embedded, so sfcheck never needs
//! the network. A user profile is read from disk; its `$ref`s may name local files,
//! and a remote `$ref` is refused before anything could fetch it.

use crate::finding::Show;
use std::path::{Path, PathBuf};
use std::sync::{Arc, LazyLock};

use serde_json::Value;

use crate::finding::Rule;

/// `SF200`: see `docs/rules/SF200.md`.
pub static PROFILE_MISMATCH: Rule = crate::rule!("SF200", Error);

/// `SF201`: see `docs/rules/SF201.md`.
pub static DISTRIBUTION_STATE: Rule = crate::rule!("SF201", Error);

/// `SF202`: see `docs/rules/SF202.md`.
pub static OAUTH_DISABLED: Rule = crate::rule!("SF202", Error);

/// `SF203`: see `docs/rules/SF203.md`.
pub static SCOPE_MISSING: Rule = crate::rule!("SF203", Error);

/// `SF204`: see `docs/rules/SF204.md`.
pub static SCOPE_EXTRA: Rule = crate::rule!("SF204", Error, security);

/// `SF205`: see `docs/rules/SF205.md`.
pub static CHECKBOX_MUST_BE_OFF: Rule = crate::rule!("SF205", Error, security);

/// `SF206`: see `docs/rules/SF206.md`.
pub static CHECKBOX_MUST_BE_ON: Rule = crate::rule!("SF206", Error);

/// `SF207`: see `docs/rules/SF207.md`.
pub static REFRESH_TOKEN_ROTATION: Rule = crate::rule!("SF207", Warning);

/// The rules only a profile reports: under `--profile none` none of them can be found.
pub static ONLY_WITH_A_PROFILE: [&Rule; 8] = [
    &PROFILE_MISMATCH,
    &DISTRIBUTION_STATE,
    &OAUTH_DISABLED,
    &SCOPE_MISSING,
    &SCOPE_EXTRA,
    &CHECKBOX_MUST_BE_OFF,
    &CHECKBOX_MUST_BE_ON,
    &REFRESH_TOKEN_ROTATION,
];

/// Where the embedded schemas live, as far as `$ref` resolution is concerned.
pub const EMBEDDED_BASE: &str = "file:///sfcheck/schemas/";
/// The structure schema's file name; a `$ref` to a file of this name that does not exist
/// on disk is served from the embedded copy.
pub const STRUCTURE_FILE: &str = "external-client-app.schema.json";
/// The structure schema (DESIGN §2), as committed in `schemas/`.
pub const STRUCTURE_SCHEMA: &str = include_str!("../../schemas/external-client-app.schema.json");
/// The structure schema, parsed once per run: the size count, the `$ref` retriever and
/// the messages all read this one value.
pub(crate) fn structure_schema() -> Arc<Value> {
    static PARSED: LazyLock<Arc<Value>> = LazyLock::new(|| {
        Arc::new(
            serde_json::from_str(STRUCTURE_SCHEMA).expect("the embedded structure schema is JSON"),
        )
    });
    Arc::clone(&PARSED)
}
/// The name of the default profile.
pub const DEFAULT_PROFILE: &str = "deskpro-crm-sync";

/// Profiles built into the binary: name and schema text.
pub const BUILTIN: &[(&str, &str)] = &[(
    DEFAULT_PROFILE,
    include_str!("../../schemas/profiles/deskpro-crm-sync.schema.json"),
)];

/// A loaded profile schema.
#[derive(Debug, Clone)]
pub struct Profile {
    /// Its name: the built-in name, or the file path.
    pub name: String,
    /// The profile's `title`, used in messages ("Deskpro CRM Sync needs ...").
    pub title: String,
    pub schema: Arc<Value>,
    /// The URI that relative `$ref`s resolve against.
    pub base_uri: String,
    /// The callback URL path the integration uses (`x-sfcheck-callback-path`).
    pub callback_path: Option<String>,
    /// Where the integration shows its callback URL, for help texts
    /// (`x-sfcheck-callback-source`, such as "Deskpro's Salesforce CRM Sync setup page").
    pub callback_source: Option<String>,
}

/// How a profile was asked for on the command line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ProfileChoice {
    /// `--profile none`: structure only.
    None,
    /// A built-in profile by name.
    Builtin(String),
    /// A schema file.
    File(PathBuf),
}

impl ProfileChoice {
    /// Reads `--profile VALUE`: `none`, a built-in name, or a path.
    pub fn parse(value: &str) -> Self {
        if value == "none" {
            ProfileChoice::None
        } else if BUILTIN.iter().any(|(name, _)| *name == value) {
            ProfileChoice::Builtin(value.to_owned())
        } else {
            ProfileChoice::File(value.into())
        }
    }
}

/// Loads the profile; errors are usage errors (exit 2), said in one line.
pub fn load(choice: &ProfileChoice) -> Result<Option<Profile>, String> {
    let (name, text, base_uri) = match choice {
        ProfileChoice::None => return Ok(None),
        ProfileChoice::Builtin(name) => {
            let text = BUILTIN
                .iter()
                .find(|(n, _)| n == name)
                .map(|(_, t)| (*t).to_owned())
                .ok_or_else(|| format!("unknown built-in profile `{name}`"))?;
            (name.clone(), text, builtin_base(name))
        }
        ProfileChoice::File(path) if !path.exists() => return Err(no_such_profile(path)),
        ProfileChoice::File(path) => {
            let text = read_schema_file(path)?;
            let base = file_uri(path)?;
            (path.shown().to_string(), text, base)
        }
    };
    let schema: Value = serde_json::from_str(&text)
        .map_err(|e| format!("profile `{name}` is not valid JSON: {e}"))?;
    if !schema.is_object() {
        return Err(format!("profile `{name}` is not a JSON Schema object"));
    }
    refuse_unsafe(&name, &schema)?;
    // A built-in profile's size is known (a test measures it); counting it would cost a
    // run on one file a tenth of its instructions.
    if matches!(choice, ProfileChoice::File(_)) {
        refuse_oversized(&name, &schema, &base_uri)?;
    }
    let title = schema
        .get("title")
        .and_then(Value::as_str)
        .unwrap_or(&name)
        .to_owned();
    let annotation = |key: &str| schema.get(key).and_then(Value::as_str).map(str::to_owned);
    let callback_path = annotation("x-sfcheck-callback-path");
    let callback_source = annotation("x-sfcheck-callback-source");
    Ok(Some(Profile {
        name,
        title,
        schema: Arc::new(schema),
        base_uri,
        callback_path,
        callback_source,
    }))
}

/// Where a built-in profile's relative `$ref`s resolve: beside the embedded structure schema.
fn builtin_base(name: &str) -> String {
    format!("{EMBEDDED_BASE}profiles/{name}.schema.json")
}

/// Refuses a profile that expands to too many schema nodes through its `$ref`s.
fn refuse_oversized(name: &str, schema: &Value, base_uri: &str) -> Result<(), String> {
    let max = super::profile_size::MAX_EXPANDED_NODES;
    let size = super::profile_size::expanded_size(schema, base_uri).map_err(|why| {
        format!(
            "profile `{name}` is refused: its size with every $ref expanded cannot be measured ({why})"
        )
    })?;
    if size > max {
        return Err(format!(
            "profile `{name}` expands to more than {max} schema nodes through its $refs; \
             it is refused, as checking against it would take too long"
        ));
    }
    Ok(())
}

/// A profile that is neither built in nor a file: name the built-in ones.
fn no_such_profile(path: &Path) -> String {
    let mut names: Vec<String> = BUILTIN.iter().map(|(n, _)| (*n).to_owned()).collect();
    names.push("none".into());
    let word = path.to_str().unwrap_or_default();
    let meant = names
        .iter()
        .find(|n| n.starts_with(word))
        .cloned()
        .or_else(|| crate::suggest::closest(word, &names))
        .map(|m| format!("did you mean `{m}`? "))
        .unwrap_or_default();
    let what = if word.contains(['/', '\\', '.']) {
        format!("the profile file `{}` does not exist", path.shown())
    } else {
        format!("no built-in profile `{word}` and no file of that name")
    };
    format!(
        "{what}; {meant}the built-in profiles are {}",
        names
            .iter()
            .map(|n| format!("`{n}`"))
            .collect::<Vec<_>>()
            .join(", ")
    )
}

/// The folder a profile's `$ref`s may read from: the profile file's own (its base URI is
/// canonical), or none for a built-in profile, which only refers to embedded schemas.
pub(crate) fn ref_root(base_uri: &str) -> Option<PathBuf> {
    if base_uri.starts_with(EMBEDDED_BASE) {
        return None;
    }
    let path = url::Url::parse(base_uri).ok()?.to_file_path().ok()?;
    path.parent().map(Path::to_path_buf)
}

/// The schema a `$ref` names by URI, offline: a local file in `root` (the profile's
/// folder) or below it, or the embedded structure schema when a file of its name is asked
/// for and none is on disk. A file elsewhere is refused before it is read, so that no
/// message can quote it.
pub(crate) fn local_schema(uri: &url::Url, root: Option<&Path>) -> Result<Arc<Value>, String> {
    if uri.scheme() != "file" {
        return Err(format!(
            "`{}` is not a local file: sfcheck never fetches over the network",
            uri.as_str().shown()
        ));
    }
    let path = uri
        .to_file_path()
        .map_err(|()| format!("`{}` is not a local path", uri.as_str().shown()))?;
    if uri.as_str().starts_with(EMBEDDED_BASE) || !path.exists() {
        if path.file_name().and_then(|n| n.to_str()) != Some(STRUCTURE_FILE) {
            return Err(format!("cannot find `{}`", path.shown()));
        }
        return Ok(structure_schema());
    }
    let inside = root.zip(std::fs::canonicalize(&path).ok());
    if !inside.is_some_and(|(root, real)| real.starts_with(root)) {
        return Err(format!(
            "`{}` is outside the profile's folder: a profile may only refer to files in its \
             own folder or below, and this one is not read",
            path.shown()
        ));
    }
    serde_json::from_str(&read_schema_file(&path)?)
        .map(Arc::new)
        .map_err(|e| format!("`{}` is not JSON: {e}", path.shown()))
}

/// Reads a schema file from disk, bounded in size.
pub fn read_schema_file(path: &Path) -> Result<String, String> {
    crate::load::read_settings_file(path, 4 * 1024 * 1024, "profile")
}

fn file_uri(path: &Path) -> Result<String, String> {
    let absolute = std::fs::canonicalize(path)
        .map_err(|e| format!("cannot read profile `{}`: {e}", path.shown()))?;
    url::Url::from_file_path(&absolute)
        .map(String::from)
        .map_err(|()| format!("cannot make a file URI of `{}`", absolute.shown()))
}

/// Refuses, in one walk of the profile, what it may not hold: a `$ref` with a scheme
/// other than `file:` (a fetch), and a finding code or severity that is not one.
fn refuse_unsafe(name: &str, schema: &Value) -> Result<(), String> {
    let mut todo = vec![schema];
    while let Some(node) = todo.pop() {
        match node {
            Value::Object(map) => {
                refuse_remote_ref(name, map)?;
                refuse_bad_annotations(name, map)?;
                todo.extend(map.values());
            }
            Value::Array(items) => todo.extend(items),
            _ => {}
        }
    }
    Ok(())
}

/// A `$ref` with a scheme other than `file:` would mean a fetch: refuse it by name.
fn refuse_remote_ref(name: &str, map: &serde_json::Map<String, Value>) -> Result<(), String> {
    for key in ["$ref", "$dynamicRef"] {
        if let Some(Value::String(target)) = map.get(key)
            && let Ok(url) = url::Url::parse(target)
            && url.scheme() != "file"
            && !url.scheme().eq_ignore_ascii_case("urn")
        {
            return Err(format!(
                "profile `{name}` refers to `{target}`: remote $ref is refused, \
                 sfcheck never fetches over the network; save that schema next to the \
                 profile and refer to it by a relative path"
            ));
        }
    }
    Ok(())
}

/// A finding code or severity a profile gives is printed in every report, the code
/// unquoted (`error[SF200]`, a SARIF rule id, a `::error` title): a code is letters,
/// digits, `_` and `-`, at most 32, starting with a letter; a severity is `error` or
/// `warning`. Anything else is refused, quoted escaped, before any file is checked.
fn refuse_bad_annotations(name: &str, map: &serde_json::Map<String, Value>) -> Result<(), String> {
    if let Some(code) = map.get("x-sfcheck-code")
        && !code.as_str().is_some_and(is_code)
    {
        return Err(format!(
            "profile `{name}` gives `x-sfcheck-code` {}: a finding code is up to 32 letters, digits, `_` or `-`, starting with a letter (such as `SF200` or `ACME1`)",
            quoted(code)
        ));
    }
    if let Some(severity) = map.get("x-sfcheck-severity")
        && !matches!(severity.as_str(), Some("error" | "warning"))
    {
        return Err(format!(
            "profile `{name}` gives `x-sfcheck-severity` {}: it is `error` or `warning`",
            quoted(severity)
        ));
    }
    Ok(())
}

fn is_code(code: &str) -> bool {
    code.len() <= 32
        && code.starts_with(|c: char| c.is_ascii_alphabetic())
        && code
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '-'))
}

/// A JSON value from a profile as a message may quote it: escaped, and cut short.
fn quoted(value: &Value) -> String {
    let text = value.to_string();
    let short: String = text.chars().take(40).collect();
    let more = if short.len() < text.len() { "…" } else { "" };
    format!("`{}{more}`", short.shown())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builtin_profile_loads() {
        let p = load(&ProfileChoice::parse(DEFAULT_PROFILE))
            .unwrap()
            .unwrap();
        assert_eq!(p.title, "Deskpro CRM Sync");
        assert_eq!(
            p.callback_path.as_deref(),
            Some("/admin-api/salesforce/auth")
        );
        assert!(load(&ProfileChoice::parse("none")).unwrap().is_none());
    }

    #[test]
    fn builtin_profiles_are_within_the_size_limit() {
        // `load` does not count a built-in profile: this is the count it would make.
        for (name, text) in BUILTIN {
            let schema: Value = serde_json::from_str(text).unwrap();
            assert!(refuse_oversized(name, &schema, &builtin_base(name)).is_ok());
        }
    }

    #[test]
    fn remote_ref_is_refused() {
        let schema = serde_json::json!({"allOf": [{"$ref": "https://example.com/x.json"}]});
        let err = refuse_unsafe("p", &schema).unwrap_err();
        assert!(err.contains("remote $ref is refused"), "{err}");
        let local = serde_json::json!({"$ref": "../external-client-app.schema.json#/$defs/Flows"});
        assert!(refuse_unsafe("p", &local).is_ok());
    }
}
