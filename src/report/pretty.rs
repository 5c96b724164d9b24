//! One pretty-printed JSON document written a part at a time, byte for byte as
//! `serde_json::to_string_pretty` writes the whole: the JSON and SARIF reports stream a
//! file's findings as soon as it is checked, so memory does not grow with the run.

use serde::Serialize;

/// Appends `value` pretty-printed as it reads `depth` levels deep in a document: every
/// line after the first indented by two spaces a level.
pub(super) fn value_at(out: &mut String, value: &impl Serialize, depth: usize) {
    let mut bytes = Vec::new();
    let mut serializer = serde_json::Serializer::with_formatter(&mut bytes, Nested::at(depth));
    value.serialize(&mut serializer).expect("reports serialise");
    out.push_str(std::str::from_utf8(&bytes).expect("serde_json writes UTF-8"));
}

/// serde_json's `PrettyFormatter` (two spaces a level) for a value that starts `depth`
/// levels deep, so a part is written as the whole document would hold it.
struct Nested {
    indent: usize,
    has_value: bool,
}

impl Nested {
    fn at(depth: usize) -> Self {
        Self {
            indent: depth,
            has_value: false,
        }
    }

    fn line<W: ?Sized + std::io::Write>(&self, writer: &mut W) -> std::io::Result<()> {
        writer.write_all(b"\n")?;
        for _ in 0..self.indent {
            writer.write_all(b"  ")?;
        }
        Ok(())
    }

    fn open<W: ?Sized + std::io::Write>(
        &mut self,
        writer: &mut W,
        bracket: &[u8],
    ) -> std::io::Result<()> {
        self.indent += 1;
        self.has_value = false;
        writer.write_all(bracket)
    }

    fn close<W: ?Sized + std::io::Write>(
        &mut self,
        writer: &mut W,
        bracket: &[u8],
    ) -> std::io::Result<()> {
        self.indent -= 1;
        if self.has_value {
            self.line(writer)?;
        }
        writer.write_all(bracket)
    }

    fn item<W: ?Sized + std::io::Write>(&self, writer: &mut W, first: bool) -> std::io::Result<()> {
        if !first {
            writer.write_all(b",")?;
        }
        self.line(writer)
    }
}

impl serde_json::ser::Formatter for Nested {
    fn begin_array<W: ?Sized + std::io::Write>(&mut self, writer: &mut W) -> std::io::Result<()> {
        self.open(writer, b"[")
    }

    fn end_array<W: ?Sized + std::io::Write>(&mut self, writer: &mut W) -> std::io::Result<()> {
        self.close(writer, b"]")
    }

    fn begin_array_value<W: ?Sized + std::io::Write>(
        &mut self,
        writer: &mut W,
        first: bool,
    ) -> std::io::Result<()> {
        self.item(writer, first)
    }

    fn end_array_value<W: ?Sized + std::io::Write>(
        &mut self,
        _writer: &mut W,
    ) -> std::io::Result<()> {
        self.has_value = true;
        Ok(())
    }

    fn begin_object<W: ?Sized + std::io::Write>(&mut self, writer: &mut W) -> std::io::Result<()> {
        self.open(writer, b"{")
    }

    fn end_object<W: ?Sized + std::io::Write>(&mut self, writer: &mut W) -> std::io::Result<()> {
        self.close(writer, b"}")
    }

    fn begin_object_key<W: ?Sized + std::io::Write>(
        &mut self,
        writer: &mut W,
        first: bool,
    ) -> std::io::Result<()> {
        self.item(writer, first)
    }

    fn begin_object_value<W: ?Sized + std::io::Write>(
        &mut self,
        writer: &mut W,
    ) -> std::io::Result<()> {
        writer.write_all(b": ")
    }

    fn end_object_value<W: ?Sized + std::io::Write>(
        &mut self,
        _writer: &mut W,
    ) -> std::io::Result<()> {
        self.has_value = true;
        Ok(())
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

    /// Appends elements made apart from the array, in their order.
    pub(super) fn append(&mut self, out: &mut String, elements: &Elements) {
        debug_assert_eq!(elements.depth, self.depth, "elements made for this array");
        if elements.len == 0 {
            return;
        }
        if self.len > 0 {
            out.push(',');
        }
        out.push_str(&elements.text);
        self.len += elements.len;
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

/// Elements of an array written apart from it, as they will read in it: one file's
/// part of a report, made on the thread that checked the file.
pub struct Elements {
    text: String,
    len: usize,
    /// How deep the array they go in is.
    depth: usize,
}

impl Elements {
    /// No elements yet, for an array `depth` levels deep.
    pub(super) fn new(depth: usize) -> Self {
        Self {
            text: String::new(),
            len: 0,
            depth,
        }
    }

    /// Adds one element.
    pub(super) fn push(&mut self, value: &impl Serialize) {
        if self.len > 0 {
            self.text.push(',');
        }
        self.text.push('\n');
        push_indent(&mut self.text, self.depth + 1);
        value_at(&mut self.text, value, self.depth + 1);
        self.len += 1;
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
            json!([{"d": ["é", []]}]),
        ];
        for n in 0..=items.len() {
            let whole = json!({"head": {"k": [true]}, "list": &items[..n], "tail": null});
            let mut out = String::from("{\n  \"head\": ");
            value_at(&mut out, &json!({"k": [true]}), 1);
            out.push_str(",\n  \"list\": [");
            let mut list = Array::new(1);
            // The first item alone, the rest in twos, as files' parts are.
            if let Some((first, rest)) = items[..n].split_first() {
                let mut one = Elements::new(1);
                one.push(first);
                list.append(&mut out, &one);
                for two in rest.chunks(2) {
                    let mut part = Elements::new(1);
                    two.iter().for_each(|item| part.push(item));
                    list.append(&mut out, &part);
                    list.append(&mut out, &Elements::new(1));
                }
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
