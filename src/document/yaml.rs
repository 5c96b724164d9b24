//! YAML 1.2 → [`Document`], built iteratively from saphyr-parser's event stream.
//!
//! Building the tree here (rather than with a recursive loader) is what keeps the
//! limits honest: nesting depth and alias expansion are counted as events arrive, so a
//! hostile file stops with a finding instead of a stack overflow or an allocation storm.

use std::collections::HashMap;
use std::ops::Range;

use saphyr_parser::{Event, Parser, ScalarStyle, Span, Tag};
use serde_json::{Map, Number, Value};

use super::spans::{NodeSpan, SpanMap, escape_token};
use super::{Document, Limits};
use crate::finding::{Finding, Rule};

/// `SF001`: see `docs/rules/SF001.md`.
pub static YAML_SYNTAX: Rule = crate::rule!("SF001", Error);

/// `SF002`: see `docs/rules/SF002.md`.
pub static DUPLICATE_KEY: Rule = crate::rule!("SF002", Error);

/// `SF003`: see `docs/rules/SF003.md`.
pub static EMPTY_FILE: Rule = crate::rule!("SF003", Error);

/// `SF008`: see `docs/rules/SF008.md`.
pub static MULTIPLE_DOCUMENTS: Rule = crate::rule!("SF008", Error);

/// `SF009`: see `docs/rules/SF009.md`.
pub static UNSUPPORTED_YAML: Rule = crate::rule!("SF009", Error);

/// Parses `text` into a document. Problems that still leave a usable document (duplicate
/// keys, a second document) come back beside it; a fatal problem leaves no document.
pub fn parse(text: &str, limits: Limits) -> (Option<Document>, Vec<Finding>) {
    let offsets = CharOffsets::new(text);
    let mut builder = Builder {
        limits,
        offsets: &offsets,
        stack: Vec::new(),
        spans: SpanMap::default(),
        anchors: HashMap::new(),
        nodes: 0,
        alias_bytes: 0,
        findings: Vec::new(),
        root: None,
    };
    let mut documents = 0usize;
    for event in Parser::new_from_str(text) {
        let (event, span) = match event {
            Ok(ok) => ok,
            Err(err) => {
                let mut at = offsets.byte(err.marker().index());
                // The scanner reports a tab at the start of the token it was reading;
                // the tab itself is what the user has to find.
                if err.info().contains("tab")
                    && let Some(tab) = text.get(at..).and_then(|rest| rest.find('\t'))
                {
                    at += tab;
                }
                // The parser's own nesting guard (flow collections) is the same limit as ours.
                if err.info().contains("recursion limit") {
                    builder.findings.push(
                        Finding::new(&crate::document::TOO_DEEP, at..at, "", "the file nests too deeply; checking stopped")
                            .help("A description nests four levels at most. Look for unbalanced brackets."),
                    );
                    return (None, builder.findings);
                }
                builder.findings.push(
                    Finding::new(&YAML_SYNTAX, at..at,
                        "",
                        format!("the file is not valid YAML: {}", err.info()),
                    )
                    .help("Fix the YAML syntax at this position; indentation and unclosed quotes or brackets are the usual causes."),
                );
                return (None, builder.findings);
            }
        };
        let step = match event {
            Event::DocumentStart(_) => {
                documents += 1;
                if documents > 1 {
                    let at = offsets.range(span);
                    builder.findings.push(
                        Finding::new(&MULTIPLE_DOCUMENTS, at.start..at.start,
                            "",
                            "the file holds more than one YAML document",
                        )
                        .help("Keep one External Client App per file; only the first document was checked."),
                    );
                    break;
                }
                Ok(())
            }
            Event::Scalar(value, style, anchor, tag) => {
                builder.scalar(&value, style, anchor, tag.as_deref(), span)
            }
            Event::SequenceStart(anchor, tag) => {
                builder.open(Container::Seq(Vec::new()), anchor, tag.as_deref(), span)
            }
            Event::MappingStart(anchor, tag) => {
                builder.open(Container::Map(Map::new()), anchor, tag.as_deref(), span)
            }
            Event::SequenceEnd | Event::MappingEnd => builder.close(),
            Event::Alias(id) => builder.alias(id, span),
            Event::StreamStart | Event::StreamEnd | Event::DocumentEnd | Event::Nothing => Ok(()),
        };
        if let Err(finding) = step {
            builder.findings.push(*finding);
            return (None, builder.findings);
        }
    }
    match builder.root.take() {
        Some((value, _)) => {
            let document = Document {
                value,
                spans: builder.spans,
            };
            (Some(document), builder.findings)
        }
        None => {
            builder.findings.push(
                Finding::new(
                    &EMPTY_FILE,
                    0..0,
                    "",
                    if text.trim().is_empty() {
                        "the file is empty"
                    } else {
                        "the file holds only comments, no description"
                    },
                )
                .help(
                    "Start from `sfcheck init`, or copy the example description from the README.",
                ),
            );
            (None, builder.findings)
        }
    }
}

type Step = Result<(), Box<Finding>>;

enum Container {
    Map(Map<String, Value>),
    Seq(Vec<Value>),
}

struct Frame {
    container: Container,
    pointer: String,
    start: usize,
    end: usize,
    anchor: usize,
    /// In a mapping: the key read and waiting for its value.
    pending_key: Option<(String, Range<usize>)>,
    /// A duplicate key whose value is read but dropped (the first one wins).
    skipping: bool,
}

struct Builder<'a> {
    limits: Limits,
    offsets: &'a CharOffsets<'a>,
    stack: Vec<Frame>,
    spans: SpanMap,
    anchors: HashMap<usize, Anchored>,
    nodes: usize,
    /// Bytes of text copied by aliases so far: counting nodes alone would let one
    /// alias of a long string be repeated into gigabytes.
    alias_bytes: usize,
    findings: Vec<Finding>,
    root: Option<(Value, Range<usize>)>,
}

impl Builder<'_> {
    /// Where the next node goes: its pointer and the key that holds it.
    /// In a mapping with no pending key, the node *is* a key, and `None` is returned.
    fn slot(&self) -> Option<(String, Option<Range<usize>>)> {
        match self.stack.last() {
            None => Some((String::new(), None)),
            Some(frame) => match &frame.container {
                Container::Seq(items) => Some((format!("{}/{}", frame.pointer, items.len()), None)),
                // A duplicate key's value is dropped; its spans go under a pointer no
                // lookup uses, so they cannot overwrite the first value's.
                Container::Map(_) => frame.pending_key.as_ref().map(|(k, span)| {
                    let dropped = if frame.skipping { "#dropped" } else { "" };
                    (
                        format!("{dropped}{}/{}", frame.pointer, escape_token(k)),
                        Some(span.clone()),
                    )
                }),
            },
        }
    }

    fn count_nodes(&mut self, n: usize, span: &Range<usize>) -> Step {
        self.nodes = self.nodes.saturating_add(n);
        if self.nodes > self.limits.max_nodes {
            return Err(Box::new(
                Finding::new(&crate::document::NODE_LIMIT, span.clone(),
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
                    &crate::document::NODE_LIMIT,
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

    fn scalar(
        &mut self,
        text: &str,
        style: ScalarStyle,
        anchor: usize,
        tag: Option<&Tag>,
        span: Span,
    ) -> Step {
        let mut range = self.offsets.range(span);
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

    fn open(&mut self, container: Container, anchor: usize, tag: Option<&Tag>, span: Span) -> Step {
        let range = self.offsets.range(span);
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
                Finding::new(&crate::document::TOO_DEEP, range,
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

    fn close(&mut self) -> Step {
        let Some(frame) = self.stack.pop() else {
            return Ok(());
        };
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

    fn alias(&mut self, id: usize, span: Span) -> Step {
        let range = self.offsets.range(span);
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
    fn place(&mut self, value: Value, range: Range<usize>) {
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
struct Anchored {
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

/// Resolves a scalar by the YAML 1.2 core schema: `yes`, `no`, `on` and `off` stay strings.
fn resolve_scalar(text: &str, style: ScalarStyle, tag: Option<&Tag>) -> Result<Value, String> {
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
fn is_core_float(text: &str) -> bool {
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

fn short(text: &str) -> String {
    let mut s: String = text.chars().take(40).collect();
    if s.len() < text.len() {
        s.push('…');
    }
    s
}

/// saphyr-parser counts characters; miette and our spans want bytes.
struct CharOffsets<'t> {
    /// Byte offset of each character, plus the text length; empty for ASCII text.
    bytes: Vec<usize>,
    len: usize,
    text: &'t str,
}

impl<'t> CharOffsets<'t> {
    fn new(text: &'t str) -> Self {
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

    fn byte(&self, char_index: usize) -> usize {
        if self.bytes.is_empty() {
            char_index.min(self.len)
        } else {
            self.bytes.get(char_index).copied().unwrap_or(self.len)
        }
    }

    /// The end of `range` with trailing whitespace left out.
    fn trimmed_end(&self, range: &Range<usize>) -> usize {
        let text = self.text.get(range.clone()).unwrap_or_default();
        range.start + text.trim_end().len()
    }

    fn range(&self, span: Span) -> Range<usize> {
        let start = self.byte(span.start.index());
        start..self.byte(span.end.index()).max(start)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn doc(text: &str) -> Document {
        let (doc, findings) = parse(text, Limits::default());
        assert!(findings.is_empty(), "{findings:?}");
        doc.unwrap()
    }

    #[test]
    fn yaml_1_2_scalars() {
        let d = doc("a: yes\nb: on\nc: NO\nd: true\ne: 0755\nf: 1.5\ng: ~\nh: '1'\ni: 0x1F\n");
        assert_eq!(
            d.value,
            json!({"a":"yes","b":"on","c":"NO","d":true,"e":755,"f":1.5,"g":null,"h":"1","i":31})
        );
    }

    #[test]
    fn spans_of_keys_and_values() {
        let text = "oauth:\n  scopes: [api, wéb]\n  x: \"q\"\n";
        let d = doc(text);
        let s = d.spans.get("/oauth/scopes/1").unwrap();
        assert_eq!(&text[s.value.clone()], "wéb");
        let s = d.spans.get("/oauth/x").unwrap();
        assert_eq!(&text[s.key.clone().unwrap()], "x");
        assert_eq!(&text[s.value.clone()], "\"q\"");
        let s = d.spans.get("/oauth").unwrap();
        assert_eq!(&text[s.key.clone().unwrap()], "oauth");
    }

    #[test]
    fn duplicate_key_keeps_first_and_reports_both_places() {
        let (doc, findings) = parse("a: 1\nb: 2\na: 3\n", Limits::default());
        assert_eq!(doc.unwrap().value, json!({"a": 1, "b": 2}));
        assert_eq!(findings.len(), 1);
        assert_eq!(findings[0].code, DUPLICATE_KEY.code);
        assert_eq!(findings[0].span, 10..11);
        assert_eq!(findings[0].related[0].span, 0..1);
    }

    #[test]
    fn aliases_are_bounded() {
        let mut text = String::from("a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
        for i in 1..9 {
            let refs = vec![format!("*a{}", i - 1); 10].join(", ");
            text.push_str(&format!("a{i}: &a{i} [{refs}]\n"));
        }
        let (doc, findings) = parse(&text, Limits::default());
        assert!(doc.is_none());
        assert_eq!(findings[0].code, crate::document::NODE_LIMIT.code);
    }

    #[test]
    fn depth_is_bounded() {
        let text = format!("{}{}", "[".repeat(100), "]".repeat(100));
        let (doc, findings) = parse(&text, Limits::default());
        assert!(doc.is_none());
        assert_eq!(findings[0].code, crate::document::TOO_DEEP.code);
    }
}
