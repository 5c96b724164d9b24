//! The texts a document was read from, in one offset space: byte `b` of file `i` is at
//! `start(i) + b`, and files lie one byte apart, so a span names its file without a
//! separate id (rustc's source map works the same way). No text is copied.

use std::ops::Range;

/// One file of a document.
#[derive(Debug, Clone, Copy)]
pub struct SourceFile<'a> {
    /// The path as the user gave it.
    pub path: &'a str,
    pub text: &'a str,
    /// Where the file begins in the shared offset space.
    pub start: usize,
}

impl SourceFile<'_> {
    /// Whether `range` lies within this file.
    pub fn holds(&self, range: &Range<usize>) -> bool {
        range.start >= self.start && range.end <= self.start + self.text.len()
    }
}

/// The files of one document: one for a YAML description, several for a metadata app.
#[derive(Debug, Clone, Default)]
pub struct Sources<'a> {
    files: Vec<SourceFile<'a>>,
}

impl<'a> Sources<'a> {
    /// A document read from one file.
    pub fn one(path: &'a str, text: &'a str) -> Self {
        let mut sources = Self::default();
        sources.add(path, text);
        sources
    }

    /// Adds a file; returns where it begins.
    pub fn add(&mut self, path: &'a str, text: &'a str) -> usize {
        let start = self.files.last().map_or(0, |f| f.start + f.text.len() + 1);
        self.files.push(SourceFile { path, text, start });
        start
    }

    /// The files, in order.
    pub fn files(&self) -> &[SourceFile<'a>] {
        &self.files
    }

    /// Where file `i` begins.
    pub fn start(&self, i: usize) -> usize {
        self.files[i].start
    }

    /// The index of the file that holds `offset` (an offset between two files belongs
    /// to the first).
    pub fn file_of(&self, offset: usize) -> usize {
        self.files
            .partition_point(|f| f.start <= offset)
            .saturating_sub(1)
    }

    /// The text at `range`, when it lies within one file.
    pub fn get(&self, range: Range<usize>) -> Option<&'a str> {
        let file = self.files.get(self.file_of(range.start))?;
        if !file.holds(&range) {
            return None;
        }
        file.text
            .get(range.start - file.start..range.end - file.start)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn offsets_name_their_file() {
        let mut s = Sources::one("a", "abc");
        let b = s.add("b", "xyz");
        assert_eq!(b, 4);
        assert_eq!(s.file_of(2), 0);
        assert_eq!(s.file_of(4), 1);
        assert_eq!(s.get(4..6), Some("xy"));
        assert_eq!(s.get(2..5), None);
    }
}
