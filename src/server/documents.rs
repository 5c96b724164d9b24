//! The open documents, keyed by URI, with their versions, and the conversion between
//! byte offsets and the client's positions (UTF-16 code units by default, UTF-8 bytes
//! when the client offers it).

use std::collections::HashMap;
use std::path::PathBuf;

use lsp_types::{Position, Range, Uri};

use crate::document::metadata;
use crate::finding::Finding;

/// How the client counts columns.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Encoding {
    Utf8,
    Utf16,
}

/// What a document is to sfcheck, by its name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// A `*.eca.yaml` or `*.eca.yml` description.
    Yaml,
    /// A file of an app's Salesforce metadata.
    Metadata,
}

impl Kind {
    /// The kind of the file at `path`, or `None` when sfcheck does not read it.
    pub fn of(path: &std::path::Path) -> Option<Self> {
        if metadata::is_metadata(path) {
            Some(Kind::Metadata)
        } else if crate::discover::is_description(path) {
            Some(Kind::Yaml)
        } else {
            None
        }
    }
}

/// One open document.
pub struct Doc {
    pub text: String,
    pub version: i32,
    pub path: PathBuf,
    pub kind: Kind,
    /// The findings of its last check (spans into `text`), for code actions and hovers.
    pub findings: Vec<Finding>,
}

/// Every open document sfcheck reads.
#[derive(Default)]
pub struct Store {
    docs: HashMap<String, (Uri, Doc)>,
}

impl Store {
    /// Opens or replaces a document; `None` when sfcheck does not read it.
    pub fn open(&mut self, uri: &Uri, text: String, version: i32) -> Option<&Doc> {
        let path = path_of(uri)?;
        let kind = Kind::of(&path)?;
        let doc = Doc {
            text,
            version,
            path,
            kind,
            findings: Vec::new(),
        };
        let key = uri.as_str().to_owned();
        self.docs.insert(key.clone(), (uri.clone(), doc));
        self.docs.get(&key).map(|(_, d)| d)
    }

    pub fn close(&mut self, uri: &Uri) {
        self.docs.remove(uri.as_str());
    }

    pub fn get(&self, uri: &Uri) -> Option<&Doc> {
        self.docs.get(uri.as_str()).map(|(_, d)| d)
    }

    pub fn get_mut(&mut self, uri: &Uri) -> Option<&mut Doc> {
        self.docs.get_mut(uri.as_str()).map(|(_, d)| d)
    }

    /// Every open document with its URI.
    pub fn iter(&self) -> impl Iterator<Item = (&Uri, &Doc)> {
        self.docs.values().map(|(u, d)| (u, d))
    }

    /// The URI of the open document at `path`.
    pub fn uri_at(&self, path: &std::path::Path) -> Option<Uri> {
        self.docs
            .values()
            .find(|(_, d)| d.path == path)
            .map(|(u, _)| u.clone())
    }
}

/// The file a `file:` URI names.
pub fn path_of(uri: &Uri) -> Option<PathBuf> {
    url::Url::parse(uri.as_str()).ok()?.to_file_path().ok()
}

/// Line starts of a text, for offset ↔ position in either encoding. A line ends at
/// LF, CR LF or a lone CR, as the protocol counts lines.
pub struct Lines<'a> {
    text: &'a str,
    starts: Vec<usize>,
    encoding: Encoding,
}

impl<'a> Lines<'a> {
    pub fn new(text: &'a str, encoding: Encoding) -> Self {
        let bytes = text.as_bytes();
        let mut starts = vec![0];
        for i in memchr::memchr2_iter(b'\n', b'\r', bytes) {
            let crlf = bytes[i] == b'\r' && bytes.get(i + 1) == Some(&b'\n');
            if !crlf {
                starts.push(i + 1);
            }
        }
        Self {
            text,
            starts,
            encoding,
        }
    }

    /// The position of byte `offset` (clamped into the text, onto a character).
    pub fn position(&self, offset: usize) -> Position {
        let offset = crate::finding::floor_char_boundary(self.text, offset);
        let line = self.starts.partition_point(|&s| s <= offset) - 1;
        let before = &self.text[self.starts[line]..offset];
        let column = match self.encoding {
            Encoding::Utf8 => before.len(),
            Encoding::Utf16 => before.encode_utf16().count(),
        };
        Position::new(to_u32(line), to_u32(column))
    }

    pub fn range(&self, span: &std::ops::Range<usize>) -> Range {
        Range::new(self.position(span.start), self.position(span.end))
    }

    /// The byte offset of a position; a column past the line's end is its end.
    pub fn offset(&self, position: Position) -> usize {
        let Some(&start) = self.starts.get(position.line as usize) else {
            return self.text.len();
        };
        let end = self
            .starts
            .get(position.line as usize + 1)
            .copied()
            .unwrap_or(self.text.len());
        let line = &self.text[start..end];
        let line = line.trim_end_matches(['\n', '\r']);
        let want = position.character as usize;
        let mut units = 0;
        for (i, c) in line.char_indices() {
            if units >= want {
                return start + i;
            }
            units += match self.encoding {
                Encoding::Utf8 => c.len_utf8(),
                Encoding::Utf16 => c.len_utf16(),
            };
        }
        start + line.len()
    }
}

fn to_u32(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_count_the_clients_units_across_crlf_and_cr() {
        let text = "a: é😀x\r\nb\rc\n";
        let x = text.find('x').unwrap();
        let utf16 = Lines::new(text, Encoding::Utf16);
        assert_eq!(utf16.position(x), Position::new(0, 6));
        assert_eq!(utf16.offset(Position::new(0, 6)), x);
        let utf8 = Lines::new(text, Encoding::Utf8);
        assert_eq!(utf8.position(x), Position::new(0, 9));
        assert_eq!(utf8.offset(Position::new(0, 9)), x);
        let c = text.find('c').unwrap();
        assert_eq!(utf16.position(c), Position::new(2, 0));
        assert_eq!(
            utf16.offset(Position::new(1, 99)),
            text.find("\rc").unwrap()
        );
    }
}
