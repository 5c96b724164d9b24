//! YAML 1.2 core-schema scalars: what a plain `yes`, `1e3` or `~` means.

use saphyr_parser::{ScalarStyle, Tag};
use serde_json::{Number, Value};

/// Resolves a scalar by the YAML 1.2 core schema: `yes`, `no`, `on` and `off` stay strings.
pub(super) fn resolve_scalar(
    text: &str,
    style: ScalarStyle,
    tag: Option<&Tag>,
) -> Result<Value, String> {
    if let Some(tag) = tag {
        if !tag.is_yaml_core_schema() {
            return Err(format!(
                "the YAML tag `{}{}` is not supported here",
                tag.handle, tag.suffix
            ));
        }
        return match tag.suffix.as_str() {
            "str" => Ok(Value::String(text.to_owned())),
            "null" => Ok(Value::Null),
            "bool" | "int" | "float" => match plain_scalar(text) {
                v @ (Value::Bool(_) | Value::Number(_)) => Ok(v),
                _ => Err(format!("`{}` is not a valid !!{}", short(text), tag.suffix)),
            },
            other => Err(format!(
                "the YAML tag `!!{other}` is not supported on a plain value"
            )),
        };
    }
    Ok(match style {
        ScalarStyle::Plain => plain_scalar(text),
        _ => Value::String(text.to_owned()),
    })
}

/// The value a plain (unquoted) scalar has under the YAML 1.2 core schema.
pub fn plain_scalar(text: &str) -> Value {
    match text {
        "" | "~" | "null" | "Null" | "NULL" => return Value::Null,
        "true" | "True" | "TRUE" => return Value::Bool(true),
        "false" | "False" | "FALSE" => return Value::Bool(false),
        _ => {}
    }
    let unsigned = text.strip_prefix(['-', '+']).unwrap_or(text);
    if !unsigned.is_empty() && unsigned.bytes().all(|b| b.is_ascii_digit()) {
        if let Ok(i) = text.parse::<i64>() {
            return Value::Number(i.into());
        }
        if let Ok(u) = text.parse::<u64>() {
            return Value::Number(u.into());
        }
    }
    let radix = |prefix: &str, radix: u32| {
        text.strip_prefix(prefix)
            .filter(|digits| !digits.is_empty())
            .and_then(|digits| u64::from_str_radix(digits, radix).ok())
    };
    if let Some(n) = radix("0o", 8).or_else(|| radix("0x", 16)) {
        return Value::Number(n.into());
    }
    if is_core_float(text)
        && let Some(n) = text.parse::<f64>().ok().and_then(Number::from_f64)
    {
        return Value::Number(n);
    }
    Value::String(text.to_owned())
}

/// `[-+]? ( \. [0-9]+ | [0-9]+ ( \. [0-9]* )? ) ( [eE] [-+]? [0-9]+ )?`
pub(super) fn is_core_float(text: &str) -> bool {
    let s = text.strip_prefix(['-', '+']).unwrap_or(text).as_bytes();
    let digits = |s: &[u8], i: &mut usize| {
        let from = *i;
        while *i < s.len() && s[*i].is_ascii_digit() {
            *i += 1;
        }
        *i - from
    };
    let mut i = 0;
    let int = digits(s, &mut i);
    let mut frac = 0;
    if i < s.len() && s[i] == b'.' {
        i += 1;
        frac = digits(s, &mut i);
    }
    if int == 0 && frac == 0 {
        return false;
    }
    if i < s.len() && (s[i] == b'e' || s[i] == b'E') {
        i += 1;
        if i < s.len() && (s[i] == b'-' || s[i] == b'+') {
            i += 1;
        }
        if digits(s, &mut i) == 0 {
            return false;
        }
    }
    i == s.len()
}

pub(super) fn short(text: &str) -> String {
    let mut s: String = text.chars().take(40).collect();
    if s.len() < text.len() {
        s.push('…');
    }
    s
}
