//! Parsed documents: a JSON value plus the source span of every key and value.

pub mod emit;
pub mod metadata;
pub mod sources;
pub mod spans;
pub mod xml_guard;
pub mod yaml;

use serde_json::Value;

pub use crate::finding::{LineCol, LineIndex};
pub use spans::{NodeSpan, SpanMap};

use crate::finding::Rule;

/// `SF005`: see `docs/rules/SF005.md`.
pub static TOO_DEEP: Rule = crate::rule!("SF005", Error);

/// `SF006`: see `docs/rules/SF006.md`.
pub static NODE_LIMIT: Rule = crate::rule!("SF006", Error);

/// One parsed description: its value as JSON and where each part of it came from.
#[derive(Debug, Clone, Default)]
pub struct Document {
    /// The description as a JSON value, in the key order of the file.
    pub value: Value,
    /// Spans keyed by JSON pointer.
    pub spans: SpanMap,
}

/// Bounds on what a parser builds, so hostile input ends quickly with a finding.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    /// Deepest nesting of mappings and lists.
    pub max_depth: usize,
    /// Most nodes built in all, aliases expanded.
    pub max_nodes: usize,
    /// Most bytes of text that aliases may copy, in all.
    pub max_alias_bytes: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Self {
            max_depth: 64,
            max_nodes: 100_000,
            max_alias_bytes: 1024 * 1024,
        }
    }
}
