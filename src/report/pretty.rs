//! One pretty-printed JSON document written a part at a time, byte for byte as
//! `serde_json::to_string_pretty` writes the whole: the JSON and SARIF reports stream a
//! file's findings as soon as it is checked, so memory does not grow with the run.

use serde::Serialize;

/// Appends `value` pretty-printed as it reads `depth` levels deep in a document: every
/// line after the first indented by two spaces a level.
pub(super) fn value_at(out: &mut String, value: &impl Serialize, depth: usize) {
    let text = serde_json::to_string_pretty(value).expect("reports serialise");
    // A JSON string holds no raw line break, so every `\n` is between tokens.
    let mut lines = text.split('\n');
    out.push_str(lines.next().unwrap_or_default());
    for line in lines {
        out.push('\n');
        push_indent(out, depth);
        out.push_str(line);
    }
}

/// Appends `,\n`, the indent of `depth`, and `"key": value`: one more member of an
/// object whose members are `depth` levels deep.
pub(super) fn member(out: &mut String, key: &str, value: &impl Serialize, depth: usize) {
    out.push_str(",\n");
    push_indent(out, depth);
    value_at(out, &key, depth);
    out.push_str(": ");
    value_at(out, value, depth);
}

fn push_indent(out: &mut String, depth: usize) {
    for _ in 0..depth {
        out.push_str("  ");
    }
}

/// An array whose elements come one at a time; its `[` is already written.
pub(super) struct Array {
    /// How deep the array itself is: its elements are one level deeper.
    depth: usize,
    len: usize,
}

impl Array {
    /// An array opened `depth` levels deep.
    pub(super) fn new(depth: usize) -> Self {
        Self { depth, len: 0 }
    }

    /// Appends one element.
    pub(super) fn push(&mut self, out: &mut String, value: &impl Serialize) {
        out.push_str(if self.len == 0 { "\n" } else { ",\n" });
        push_indent(out, self.depth + 1);
        value_at(out, value, self.depth + 1);
        self.len += 1;
    }

    /// Appends the closing `]` (`[]` when the array stayed empty).
    pub(super) fn close(self, out: &mut String) {
        if self.len > 0 {
            out.push('\n');
            push_indent(out, self.depth);
        }
        out.push(']');
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn parts_make_what_serde_json_makes_of_the_whole() {
        let items = [
            json!({"a": [1, {"b": "x\ny"}], "c": {}}),
            json!([]),
            json!(3),
        ];
        for n in 0..=items.len() {
            let whole = json!({"head": {"k": [true]}, "list": &items[..n], "tail": null});
            let mut out = String::from("{\n  \"head\": ");
            value_at(&mut out, &json!({"k": [true]}), 1);
            out.push_str(",\n  \"list\": [");
            let mut list = Array::new(1);
            for item in &items[..n] {
                list.push(&mut out, item);
            }
            list.close(&mut out);
            member(&mut out, "tail", &json!(null), 1);
            out.push_str("\n}");
            assert_eq!(
                out,
                serde_json::to_string_pretty(&whole).unwrap(),
                "{n} items"
            );
        }
    }
}
