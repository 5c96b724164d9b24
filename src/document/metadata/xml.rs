//! Reading one metadata file: well-formed XML, the right root element, its elements
//! with their spans.

use std::ops::Range;

use super::{Kind, NAMESPACE};
use crate::document::TOO_DEEP;
use crate::finding::{Finding, Rule};

/// `SF701`: see `docs/rules/SF701.md`.
pub static XML_SYNTAX: Rule = crate::rule!("SF701", Error);

/// `SF702`: see `docs/rules/SF702.md`.
pub static WRONG_ROOT_ELEMENT: Rule = crate::rule!("SF702", Error);

/// The deepest element nesting read; metadata needs three levels.
const MAX_DEPTH: u32 = 32;

/// One direct child element of a metadata file's root, with its spans (file-local).
#[derive(Debug, Clone)]
pub(crate) struct Element {
    pub(crate) name: String,
    pub(crate) text: String,
    /// The element name in the start tag.
    pub(crate) name_span: Range<usize>,
    /// The text content, or the whole element when it has none.
    pub(crate) text_span: Range<usize>,
    /// Everything between the start and the end tag: text, comments, CDATA, elements.
    pub(crate) content: Range<usize>,
    pub(crate) children: Vec<Element>,
}

/// A parsed metadata file.
#[derive(Debug, Clone)]
pub struct MetaFile {
    pub path: String,
    pub text: String,
    pub kind: Kind,
    pub member: String,
    /// The app it belongs to: the header's member name, or a satellite's
    /// `externalClientApplication`.
    pub app: Option<String>,
    pub(crate) app_span: Range<usize>,
    /// The root element's name in its start tag (file-local).
    pub(crate) root_span: Range<usize>,
    pub(crate) elements: Vec<Element>,
    /// The elements nested deeper than `elements` and their children, without children
    /// of their own: no type defines one, but one may hold a secret.
    pub(crate) nested: Vec<Element>,
}

/// Parses one metadata file. A file that cannot be used comes back as a finding
/// (file-local span).
pub fn parse_file(
    path: &str,
    text: String,
    kind: Kind,
    member: String,
) -> Result<MetaFile, Box<Finding>> {
    if let Some((at, why)) = crate::document::xml_guard::attribute_flood(&text) {
        return Err(Box::new(
            Finding::new(&XML_SYNTAX, at, "", format!("{why}; checking stopped"))
                .help("Metadata elements carry no attributes but `xmlns`. Look for a generated or corrupted file."),
        ));
    }
    let options = roxmltree::ParsingOptions {
        allow_dtd: false,
        nodes_limit: 100_000,
        ..roxmltree::ParsingOptions::default()
    };
    let doc =
        match roxmltree::Document::parse_with_options(&text, options) {
            Ok(doc) => doc,
            Err(e) => {
                let pos = e.pos();
                let at = match e {
                    // Reported at the file's start: the element left open is the useful place.
                    roxmltree::Error::UnclosedRootNode => text.find(kind.root()).unwrap_or(0),
                    _ => offset_of(&text, pos.row as usize, pos.col as usize),
                };
                return Err(Box::new(Finding::new(&XML_SYNTAX, at..at,
                "",
                format!("the file is not well-formed XML: {e}"),
            )
            .help(
                "Fix the XML at this position; `sf project retrieve` writes well-formed files.",
            )));
            }
        };
    let root = doc.root_element();
    let root_span = name_span(&text, root.range());
    // Metadata nests three levels at most; depth is counted without recursion, in
    // document order, where a parent always comes before its children.
    let mut depth = vec![0u32; doc.descendants().count() + 1];
    for node in doc.descendants() {
        let d = node.parent().map_or(0, |p| depth[p.id().get_usize()] + 1);
        depth[node.id().get_usize()] = d;
        if d > MAX_DEPTH {
            let at = node.range().start;
            return Err(Box::new(
                Finding::new(
                    &TOO_DEEP,
                    at..at,
                    "",
                    format!("the XML nests deeper than {MAX_DEPTH} levels; checking stopped"),
                )
                .help(
                    "Metadata nests three levels at most. Look for unclosed or runaway elements.",
                ),
            ));
        }
    }
    let tag = root.tag_name();
    if tag.name() != kind.root() || tag.namespace() != Some(NAMESPACE) {
        let found = match tag.namespace() {
            Some(ns) if ns != NAMESPACE => format!("`{}` in namespace `{ns}`", tag.name()),
            None if tag.name() == kind.root() => {
                format!("`{}` without the metadata namespace", tag.name())
            }
            _ => format!("`{}`", tag.name()),
        };
        return Err(Box::new(
            Finding::new(
                &WRONG_ROOT_ELEMENT,
                root_span,
                "",
                format!(
                    "a `.{}` file must hold `{}`, found {found}",
                    kind.suffix(),
                    kind.root()
                ),
            )
            .help(format!(
                "Write `<{} xmlns=\"{NAMESPACE}\">` as the root element.",
                kind.root()
            )),
        ));
    }
    let elements: Vec<Element> = root
        .children()
        .filter(|n| n.is_element())
        .map(|n| element(&text, n, 0))
        .collect();
    let nested = doc
        .descendants()
        .filter(|n| n.is_element() && depth[n.id().get_usize()] > 3)
        .map(|n| element(&text, n, 1))
        .collect();
    let (app, app_span) = match kind {
        Kind::Header => (Some(member.clone()), root_span.clone()),
        _ => match elements
            .iter()
            .find(|e| e.name == "externalClientApplication")
        {
            Some(e) => (Some(e.text.trim().to_owned()), e.text_span.clone()),
            None => (None, root_span.clone()),
        },
    };
    Ok(MetaFile {
        path: path.to_owned(),
        text,
        kind,
        member,
        app,
        app_span,
        root_span,
        elements,
        nested,
    })
}

fn element(text: &str, node: roxmltree::Node, depth: u8) -> Element {
    let range = node.range();
    let text_node = node.children().find(|c| c.is_text());
    let content: String = node
        .children()
        .filter(|c| c.is_text())
        .filter_map(|c| c.text())
        .collect();
    let text_span = match text_node {
        Some(t) if !content.trim().is_empty() => {
            // The trimmed text, so an underline sits on the value, not on indentation.
            let r = t.range();
            let raw = &text[r.clone()];
            let start = r.start + (raw.len() - raw.trim_start().len());
            start..r.start + raw.trim_end().len()
        }
        _ => range.clone(),
    };
    // Up to the closing tag: the range of a text node that CDATA was merged into ends
    // where its first piece does.
    let inner = match node.first_child() {
        Some(first) => {
            let close = text[range.clone()]
                .rfind("</")
                .map_or(range.end, |n| range.start + n);
            first.range().start..close.max(first.range().start)
        }
        None => range.end..range.end,
    };
    Element {
        name: node.tag_name().name().to_owned(),
        text: content,
        name_span: name_span(text, range),
        text_span,
        content: inner,
        // One level is all metadata uses (`idTokenConfig`); no recursion on deep input.
        children: if depth == 0 {
            node.children()
                .filter(|n| n.is_element())
                .map(|n| element(text, n, 1))
                .collect()
        } else {
            Vec::new()
        },
    }
}

/// The name of the root element in its start tag, found without parsing (for a file
/// that is reported but not read), or the file start.
pub fn root_element_span(text: &str) -> Range<usize> {
    let mut from = 0;
    while let Some(at) = text[from..].find('<') {
        let start = from + at + 1;
        if text[start..].starts_with(|c: char| c.is_alphabetic()) {
            let len = text[start..]
                .find(|c: char| c.is_whitespace() || c == '>' || c == '/')
                .unwrap_or(0);
            return start..start + len;
        }
        from = start;
    }
    0..0
}

/// The element name inside its start tag (`<name …>`), from the element's range.
fn name_span(text: &str, element: Range<usize>) -> Range<usize> {
    let start = element.start + 1;
    let rest = text.get(start..element.end).unwrap_or_default();
    let len = rest
        .find(|c: char| c.is_whitespace() || c == '>' || c == '/')
        .unwrap_or(rest.len());
    start..start + len
}

fn offset_of(text: &str, row: usize, col: usize) -> usize {
    let line_start: usize = text
        .split_inclusive('\n')
        .take(row.saturating_sub(1))
        .map(str::len)
        .sum();
    let line = text[line_start..].lines().next().unwrap_or_default();
    line_start
        + line
            .char_indices()
            .nth(col.saturating_sub(1))
            .map_or(line.len(), |(i, _)| i)
}
