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
        other => short_str(&json_start(other)),
    }
}

pub(super) fn short_str(s: &str) -> String {
    let mut chars = s.chars().map(|c| if c.is_control() { ' ' } else { c });
    let head: String = chars.by_ref().take(60).collect();
    if chars.next().is_some() {
        format!("{}…", head.chars().take(57).collect::<String>())
    } else {
        head
    }
}

/// The start of a value's compact JSON, whole when it is short: enough for
/// [`short_str`], which shows 60 characters at most, without writing out the whole
/// document that a failed `required` at the top holds.
fn json_start(value: &Value) -> String {
    // 64 characters of at most 4 bytes each, cut below to a whole character.
    const ROOM: usize = 64 * 4;
    struct Capped(Vec<u8>);
    impl std::io::Write for Capped {
        fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
            let room = ROOM - self.0.len();
            if room == 0 {
                return Err(std::io::Error::other("enough for a message"));
            }
            let n = buf.len().min(room);
            self.0.extend_from_slice(&buf[..n]);
            Ok(n)
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }
    let mut out = Capped(Vec::new());
    // An error means only that the room is full.
    let _ = serde_json::to_writer(&mut out, value);
    match String::from_utf8(out.0) {
        Ok(text) => text,
        Err(cut) => {
            let whole = cut.utf8_error().valid_up_to();
            let mut bytes = cut.into_bytes();
            bytes.truncate(whole);
            String::from_utf8(bytes).unwrap_or_default()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    /// What the messages quoted when the whole value was written out first.
    fn whole(value: &Value) -> String {
        let text = match value {
            Value::String(s) => s.clone(),
            other => other.to_string(),
        };
        let one_line: String = text
            .chars()
            .map(|c| if c.is_control() { ' ' } else { c })
            .collect();
        if one_line.chars().count() > 60 {
            format!("{}…", one_line.chars().take(57).collect::<String>())
        } else {
            one_line
        }
    }

    #[test]
    fn a_value_is_quoted_as_its_whole_text_would_be() {
        let long = "é€😀x".repeat(100);
        let values = [
            json!(null),
            json!(true),
            json!(12.5),
            json!("short"),
            json!("a\u{1b}[31mred\nline"),
            json!(long),
            json!([1, 2, 3]),
            json!({"k": long}),
            json!({"a": {"b": [long, "x"]}, "c": "€".repeat(70)}),
            json!(["€€€€€€€€€€€€€€€€€€€€€€€€€€€€€€€€€€€€€€€€€€€€€€€€€€€€€€€€€€€€€€€€"]),
            json!({"exactly": "forty-nine characters of text in all, just so"}),
        ];
        // Around 60 characters and around the room's 256 bytes, in one- and four-byte
        // characters.
        let edges = (50..70)
            .chain(250..262)
            .flat_map(|n| [json!(["x".repeat(n)]), json!(["😀".repeat(n)])]);
        for value in values.iter().cloned().chain(edges) {
            assert_eq!(short_value(&value), whole(&value), "{value}");
        }
    }
}
