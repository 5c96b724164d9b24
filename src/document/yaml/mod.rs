//! YAML 1.2 → [`Document`], built iteratively from saphyr-parser's event stream.
//!
//! Building the tree here (rather than with a recursive loader) is what keeps the
//! limits honest: nesting depth and alias expansion are counted as events arrive, so a
//! hostile file stops with a finding instead of a stack overflow or an allocation storm.

use std::collections::HashMap;

use std::ops::Range;

use saphyr_parser::{Event, Parser, ScanError};
use serde_json::Map;

use super::spans::SpanMap;
use super::{Document, Limits};
use crate::finding::{Finding, Rule};

mod builder;
mod fast;
mod offsets;
mod scalars;

use builder::{Builder, Container};
pub use fast::agrees as fast_path_agrees;
use offsets::CharOffsets;
pub use scalars::plain_scalar;

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
    // The plain block style that descriptions are written in is read without the
    // scanner; anything else goes through saphyr-parser, and both feed one builder.
    // Every scalar (keys too) is a node: past twice the node limit, the builder has
    // certainly stopped.
    let fast = fast::events(text, limits.max_nodes.saturating_mul(2));
    let flow = match fast {
        Some(events) => events
            .into_iter()
            .map(|(event, range)| feed(&mut builder, &mut documents, event, range))
            .find(|flow| !matches!(flow, Flow::Go)),
        None => Parser::new_from_str(text)
            .map(|event| match event {
                Ok((event, span)) => feed(&mut builder, &mut documents, event, offsets.range(span)),
                Err(err) => {
                    builder.findings.push(*syntax_error(text, &offsets, &err));
                    Flow::Fail
                }
            })
            .find(|flow| !matches!(flow, Flow::Go)),
    };
    if matches!(flow, Some(Flow::Fail)) {
        return (None, builder.findings);
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

/// What to do after an event.
enum Flow {
    Go,
    /// The document is complete enough: the rest of the file is not read.
    Stop,
    /// A finding ended the parse; there is no document.
    Fail,
}

/// Hands one event, with its byte range, to the builder.
fn feed(builder: &mut Builder, documents: &mut usize, event: Event, range: Range<usize>) -> Flow {
    let step = match event {
        Event::DocumentStart(_) => {
            *documents += 1;
            if *documents > 1 {
                builder.findings.push(
                    Finding::new(&MULTIPLE_DOCUMENTS, range.start..range.start,
                        "",
                        "the file holds more than one YAML document",
                    )
                    .help("Keep one External Client App per file; only the first document was checked."),
                );
                return Flow::Stop;
            }
            Ok(())
        }
        Event::Scalar(value, style, anchor, tag) => {
            builder.scalar(&value, style, anchor, tag.as_deref(), range)
        }
        Event::SequenceStart(anchor, tag) => {
            builder.open(Container::Seq(Vec::new()), anchor, tag.as_deref(), range)
        }
        Event::MappingStart(anchor, tag) => {
            builder.open(Container::Map(Map::new()), anchor, tag.as_deref(), range)
        }
        Event::SequenceEnd | Event::MappingEnd => builder.close(range.start),
        Event::Alias(id) => builder.alias(id, range),
        Event::StreamStart | Event::StreamEnd | Event::DocumentEnd | Event::Nothing => Ok(()),
    };
    match step {
        Ok(()) => Flow::Go,
        Err(finding) => {
            builder.findings.push(*finding);
            Flow::Fail
        }
    }
}

/// The finding for a file saphyr-parser cannot read.
fn syntax_error(text: &str, offsets: &CharOffsets, err: &ScanError) -> Box<Finding> {
    let mut at = offsets.byte(err.marker().index());
    // The scanner reports a tab at the start of the token it was reading; the tab itself
    // is what the user has to find.
    if err.info().contains("tab")
        && let Some(tab) = text.get(at..).and_then(|rest| rest.find('\t'))
    {
        at += tab;
    }
    // The parser's own nesting guard (flow collections) is the same limit as ours.
    if err.info().contains("recursion limit") {
        return Box::new(
            Finding::new(
                &crate::document::TOO_DEEP,
                at..at,
                "",
                "the file nests too deeply; checking stopped",
            )
            .help("A description nests four levels at most. Look for unbalanced brackets."),
        );
    }
    Box::new(
        Finding::new(&YAML_SYNTAX, at..at,
            "",
            format!("the file is not valid YAML: {}", err.info()),
        )
        .help("Fix the YAML syntax at this position; indentation and unclosed quotes or brackets are the usual causes."),
    )
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
