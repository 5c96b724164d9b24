//! Building the JSON value and its spans from the parser's events, within limits.

use std::collections::HashMap;
use std::ops::Range;

use saphyr_parser::{ScalarStyle, Tag};
use serde_json::{Map, Value};

use super::offsets::CharOffsets;
use super::scalars::resolve_scalar;
use super::{DUPLICATE_KEY, UNSUPPORTED_YAML};
use crate::document::spans::{NodeSpan, SpanMap, child_pointer, escape_token, item_pointer};
use crate::document::{Limits, NODE_LIMIT, TOO_DEEP};
use crate::finding::Finding;

pub(super) type Step = Result<(), Box<Finding>>;

pub(super) enum Container {
    Map(Map<String, Value>),
    Seq(Vec<Value>),
}

pub(super) struct Frame {
    pub(super) container: Container,
    pub(super) pointer: String,
    pub(super) start: usize,
    pub(super) end: usize,
    pub(super) anchor: usize,
    /// In a mapping: the key read and waiting for its value.
    pub(super) pending_key: Option<(String, Range<usize>)>,
    /// A duplicate key whose value is read but dropped (the first one wins).
    pub(super) skipping: bool,
}

pub(super) struct Builder<'a> {
    pub(super) limits: Limits,
    pub(super) offsets: &'a CharOffsets<'a>,
    pub(super) stack: Vec<Frame>,
    pub(super) spans: SpanMap,
    pub(super) anchors: HashMap<usize, Anchored>,
    pub(super) nodes: usize,
    /// Bytes of text copied by aliases so far: counting nodes alone would let one
    /// alias of a long string be repeated into gigabytes.
    pub(super) alias_bytes: usize,
    pub(super) findings: Vec<Finding>,
    pub(super) root: Option<(Value, Range<usize>)>,
}

impl Builder<'_> {
    /// Where the next node goes: its pointer and the key that holds it.
    /// In a mapping with no pending key, the node *is* a key, and `None` is returned.
    pub(super) fn slot(&self) -> Option<(String, Option<Range<usize>>)> {
        match self.stack.last() {
            None => Some((String::new(), None)),
            Some(frame) => match &frame.container {
                Container::Seq(items) => Some((item_pointer(&frame.pointer, items.len()), None)),
                // A duplicate key's value is dropped; its spans go under a pointer no
                // lookup uses, so they cannot overwrite the first value's.
                Container::Map(_) => frame.pending_key.as_ref().map(|(k, span)| {
                    let pointer = child_pointer(&frame.pointer, k);
                    let pointer = if frame.skipping {
                        format!("#dropped{pointer}")
                    } else {
                        pointer
                    };
                    (pointer, Some(span.clone()))
                }),
            },
        }
    }

    pub(super) fn count_nodes(&mut self, n: usize, span: &Range<usize>) -> Step {
        self.nodes = self.nodes.saturating_add(n);
        if self.nodes > self.limits.max_nodes {
            return Err(Box::new(
                Finding::new(&NODE_LIMIT, span.clone(),
                    "",
                    format!(
                        "the file expands to more than {} nodes (aliases included); checking stopped",
                        self.limits.max_nodes
                    ),
                )
                .help("A description needs a few dozen nodes. Remove the anchors and aliases that multiply the document."),
            ));
        }
        Ok(())
    }

    fn count_alias_bytes(&mut self, n: usize, span: &Range<usize>) -> Step {
        self.alias_bytes = self.alias_bytes.saturating_add(n);
        if self.alias_bytes > self.limits.max_alias_bytes {
            return Err(Box::new(
                Finding::new(
                    &NODE_LIMIT,
                    span.clone(),
                    "",
                    format!(
                        "the file's aliases copy more than {} bytes of text; checking stopped",
                        self.limits.max_alias_bytes
                    ),
                )
                .help("A description needs a few dozen nodes. Remove the anchors and aliases that multiply the document."),
            ));
        }
        Ok(())
    }

    pub(super) fn scalar(
        &mut self,
        text: &str,
        style: ScalarStyle,
        anchor: usize,
        tag: Option<&Tag>,
        mut range: Range<usize>,
    ) -> Step {
        if matches!(style, ScalarStyle::Literal | ScalarStyle::Folded) {
            // A block scalar's span runs to the next token; end it at its last character.
            let source_end = self.offsets.trimmed_end(&range);
            range.end = source_end.max(range.start);
        }
        self.count_nodes(1, &range)?;
        let value = resolve_scalar(text, style, tag).map_err(|message| {
            Box::new(
                Finding::new(&UNSUPPORTED_YAML, range.clone(), "", message)
                    .help("Write plain values: the description uses strings, booleans, numbers, lists and mappings only."),
            )
        })?;
        if let Some(frame) = self.stack.last_mut()
            && matches!(frame.container, Container::Map(_))
            && frame.pending_key.is_none()
        {
            let key = match value {
                Value::String(s) => s,
                Value::Null => String::new(),
                other => other.to_string(),
            };
            frame.end = range.end;
            // The first value of a key is placed before the next key arrives, so the
            // mapping being built knows every key written so far.
            let repeated =
                matches!(&frame.container, Container::Map(map) if map.contains_key(&key));
            frame.skipping = repeated;
            if repeated {
                let pointer = format!("{}/{}", frame.pointer, escape_token(&key));
                let first = self
                    .spans
                    .get(&pointer)
                    .and_then(|s| s.key.clone())
                    .unwrap_or(range.clone());
                self.findings.push(
                    Finding::new(
                        &DUPLICATE_KEY,
                        range.clone(),
                        pointer,
                        format!("the key `{key}` appears twice in the same mapping"),
                    )
                    .label("written again here")
                    .related(first, "first written here")
                    .help("Remove one of the two; sfcheck checked the first one."),
                );
            }
            frame.pending_key = Some((key, range));
            return Ok(());
        }
        if anchor != 0 {
            self.anchors.insert(anchor, Anchored::new(value.clone()));
        }
        self.place(value, range);
        Ok(())
    }

    pub(super) fn open(
        &mut self,
        container: Container,
        anchor: usize,
        tag: Option<&Tag>,
        range: Range<usize>,
    ) -> Step {
        if let Some(tag) = tag
            && !(tag.is_yaml_core_schema() && matches!(tag.suffix.as_str(), "map" | "seq"))
        {
            return Err(Box::new(
                Finding::new(
                    &UNSUPPORTED_YAML,
                    range,
                    "",
                    format!(
                        "the YAML tag `{}{}` is not supported here",
                        tag.handle, tag.suffix
                    ),
                )
                .help("Remove the tag; the description uses plain mappings and lists."),
            ));
        }
        self.count_nodes(1, &range)?;
        let Some((pointer, _)) = self.slot() else {
            return Err(Box::new(
                Finding::new(
                    &UNSUPPORTED_YAML,
                    range,
                    "",
                    "a mapping key must be a plain value, not a list or mapping",
                )
                .help("Write each key as a plain name, such as `callbackUrl:`."),
            ));
        };
        if self.stack.len() >= self.limits.max_depth {
            return Err(Box::new(
                Finding::new(&TOO_DEEP, range,
                    "",
                    format!("the file nests deeper than {} levels; checking stopped", self.limits.max_depth),
                )
                .help("A description nests four levels at most. Look for unbalanced brackets or runaway indentation."),
            ));
        }
        self.stack.push(Frame {
            container,
            pointer,
            start: range.start,
            end: range.end,
            anchor,
            pending_key: None,
            skipping: false,
        });
        Ok(())
    }

    /// Ends the innermost mapping or list; `at` is where its end event starts, which for
    /// a flow collection is the closing bracket, part of the node.
    pub(super) fn close(&mut self, at: usize) -> Step {
        let Some(mut frame) = self.stack.pop() else {
            return Ok(());
        };
        if self.offsets.is_closing_bracket(at) && at >= frame.end {
            frame.end = at + 1;
        }
        let value = match frame.container {
            Container::Map(map) => Value::Object(map),
            Container::Seq(items) => Value::Array(items),
        };
        if frame.anchor != 0 {
            self.anchors
                .insert(frame.anchor, Anchored::new(value.clone()));
        }
        self.place(value, frame.start..frame.end);
        Ok(())
    }

    pub(super) fn alias(&mut self, id: usize, range: Range<usize>) -> Step {
        let (nodes, bytes) = self.anchors.get(&id).map_or((1, 0), |a| (a.nodes, a.bytes));
        // Both counts are checked before the value is copied.
        self.count_nodes(nodes, &range)?;
        self.count_alias_bytes(bytes, &range)?;
        let value = self
            .anchors
            .get(&id)
            .map_or(Value::Null, |a| a.value.clone());
        if self.slot().is_none() {
            return Err(Box::new(
                Finding::new(
                    &UNSUPPORTED_YAML,
                    range,
                    "",
                    "an alias cannot be used as a mapping key",
                )
                .help("Write the key out in full."),
            ));
        }
        self.place(value, range);
        Ok(())
    }

    /// Puts a finished node where it belongs, recording its span.
    pub(super) fn place(&mut self, value: Value, range: Range<usize>) {
        let Some((pointer, key)) = self.slot() else {
            return;
        };
        let Some(frame) = self.stack.last_mut() else {
            self.spans.insert(
                pointer,
                NodeSpan {
                    key: None,
                    value: range.clone(),
                },
            );
            self.root = Some((value, range));
            return;
        };
        frame.end = frame.end.max(range.end);
        match &mut frame.container {
            Container::Seq(items) => {
                items.push(value);
                self.spans.insert(pointer, NodeSpan { key, value: range });
            }
            Container::Map(map) => {
                let (name, _) = frame.pending_key.take().unwrap_or_default();
                if !frame.skipping {
                    map.insert(name, value);
                    self.spans.insert(pointer, NodeSpan { key, value: range });
                }
            }
        }
    }
}

/// An anchored value with what one alias of it costs.
pub(super) struct Anchored {
    value: Value,
    nodes: usize,
    /// Bytes of its strings and keys.
    bytes: usize,
}

impl Anchored {
    fn new(value: Value) -> Self {
        // Iterative: an anchor may hold a deep (but depth-limited) tree.
        let (mut nodes, mut bytes) = (0usize, 0usize);
        let mut todo = vec![&value];
        while let Some(v) = todo.pop() {
            nodes += 1;
            match v {
                Value::Array(items) => todo.extend(items),
                Value::Object(map) => {
                    bytes = bytes.saturating_add(map.keys().map(String::len).sum());
                    todo.extend(map.values());
                }
                Value::String(s) => bytes = bytes.saturating_add(s.len()),
                _ => bytes += 8,
            }
        }
        Self {
            value,
            nodes,
            bytes,
        }
    }
}
