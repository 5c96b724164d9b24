//! The parser counts characters; spans count bytes.

use std::ops::Range;

use saphyr_parser::Span;

/// saphyr-parser counts characters; miette and our spans want bytes.
pub(super) struct CharOffsets<'t> {
    /// Byte offset of each character, plus the text length; empty for ASCII text.
    bytes: Vec<usize>,
    len: usize,
    text: &'t str,
}

impl<'t> CharOffsets<'t> {
    pub(super) fn new(text: &'t str) -> Self {
        let bytes = if text.is_ascii() {
            Vec::new()
        } else {
            text.char_indices()
                .map(|(i, _)| i)
                .chain([text.len()])
                .collect()
        };
        Self {
            bytes,
            len: text.len(),
            text,
        }
    }

    pub(super) fn byte(&self, char_index: usize) -> usize {
        if self.bytes.is_empty() {
            char_index.min(self.len)
        } else {
            self.bytes.get(char_index).copied().unwrap_or(self.len)
        }
    }

    /// The end of `range` with trailing whitespace left out.
    pub(super) fn trimmed_end(&self, range: &Range<usize>) -> usize {
        let text = self.text.get(range.clone()).unwrap_or_default();
        range.start + text.trim_end().len()
    }

    pub(super) fn range(&self, span: Span) -> Range<usize> {
        let start = self.byte(span.start.index());
        start..self.byte(span.end.index()).max(start)
    }
}
