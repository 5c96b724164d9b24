//! The words findings use for types and values.

use jsonschema::JsonType;
use jsonschema::error::TypeKind;
use serde_json::Value;

/// How a message names the JSON types a keyword expected.
pub(super) fn type_words(kind: &TypeKind) -> String {
    let word = |t: JsonType| match t {
        JsonType::Boolean => "true or false",
        JsonType::Object => "a mapping of keys",
        JsonType::Array => "a list",
        JsonType::String => "text",
        JsonType::Integer => "a whole number",
        JsonType::Number => "a number",
        JsonType::Null => "empty",
    };
    let names: Vec<&str> = match kind {
        TypeKind::Single(t) => vec![word(*t)],
        TypeKind::Multiple(set) => set.iter().map(word).collect(),
    };
    names.join(" or ")
}

pub(super) fn describe(value: &Value) -> String {
    match value {
        Value::Null => "empty".into(),
        Value::Bool(b) => format!("`{b}`"),
        Value::Number(n) => format!("the number `{n}`"),
        Value::String(s) => format!("the text `{}`", short_str(s)),
        Value::Array(_) => "a list".into(),
        Value::Object(_) => "a mapping".into(),
    }
}

pub(super) fn type_help(value: &Value, expected: &str) -> String {
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

pub(super) fn one_of(options: &[String]) -> String {
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

pub(super) fn short_str(s: &str) -> String {
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
