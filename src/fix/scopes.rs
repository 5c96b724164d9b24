//! The scope list as the profile wants it: misspelt names corrected where the meaning
//! is unique, repeats and scopes the profile does not allow removed, missing ones added
//! in the scope table's order. One fix serves every finding on the list.

use serde_json::Value;

use super::plan::{Planner, put};
use super::{Target, indent_before, line_ending, line_start, next_line, xml, yaml};
use crate::document::Document;
use crate::document::spans::SpanMap;
use crate::finding::{Edit, Finding, Fix};
use crate::model::scopes::SCOPES;

const POINTER: &str = "/oauth/scopes";

/// The fix of the scope list, if it has one right form other than the present one.
pub(super) fn plan(p: &Planner) -> Option<Fix> {
    let items: Vec<Value> = match p.doc.value.pointer(POINTER) {
        // A list longer than every scope twice over is no list to correct item by item.
        Some(Value::Array(items)) if items.len() > 2 * SCOPES.len() => return None,
        Some(Value::Array(items)) => items.clone(),
        None => Vec::new(),
        Some(_) => return None,
    };
    let wanted = wanted(p, &items)?;
    match (p.target(), p.doc.value.pointer(POINTER)) {
        (Target::Metadata(app), _) => xml::set_scopes(p, app, &wanted),
        (Target::Yaml(_), _) if wanted == items => None,
        (Target::Yaml(text), None) => yaml::insert_key(text, p.doc, POINTER, &Value::Array(wanted)),
        (Target::Yaml(text), Some(_)) => edit_list(p, text, &items, &wanted),
    }
}

/// The list the profile accepts, or `None` when no list of known scopes is accepted.
fn wanted(p: &Planner, items: &[Value]) -> Option<Vec<Value>> {
    let names: Vec<String> = SCOPES.iter().map(|s| s.name.to_owned()).collect();
    let mut list: Vec<Value> = Vec::new();
    for item in items {
        let name = item.as_str()?;
        let meant = if names.iter().any(|n| n == name) {
            name.to_owned()
        } else {
            crate::suggest::scope(name, &names)?
        };
        let meant = Value::String(meant);
        if !list.contains(&meant) {
            list.push(meant);
        }
    }
    let findings = check(p, &list);
    let rejected = |i: usize| {
        let at = format!("{POINTER}/{i}");
        findings.iter().any(|f| f.pointer == at)
    };
    list = list
        .iter()
        .enumerate()
        .filter(|(i, _)| !rejected(*i))
        .map(|(_, v)| v.clone())
        .collect();
    // Findings say each code once per field; the schema's own errors count each
    // scope that is missing.
    for _ in 0..SCOPES.len() {
        let missing = count(p, &list);
        if missing == 0 {
            break;
        }
        let added = names.iter().find_map(|n| {
            let mut longer = list.clone();
            longer.push(Value::String(n.clone()));
            let after = check(p, &longer);
            let items_ok = !after
                .iter()
                .any(|f| f.pointer.starts_with(&format!("{POINTER}/")));
            (items_ok && count(p, &longer) < missing).then_some(longer)
        });
        list = added?;
    }
    let after = check(p, &list);
    after
        .iter()
        .all(|f| !super::plan::within(&f.pointer, POINTER))
        .then_some(list)
}

/// How many schema errors the list itself has (a missing scope is one each).
fn count(p: &Planner, list: &[Value]) -> usize {
    p.schemas.errors_at(&with_list(p, list), POINTER)
}

/// The schema findings on the document with `list` as its scopes.
fn check(p: &Planner, list: &[Value]) -> Vec<Finding> {
    let doc = Document {
        value: with_list(p, list),
        spans: SpanMap::default(),
    };
    let (mut structure, profile) = p.schemas.check(&doc);
    structure.extend(profile);
    structure
}

/// The document's value with `list` as its scopes.
fn with_list(p: &Planner, list: &[Value]) -> Value {
    let mut root = p.doc.value.clone();
    put(&mut root, POINTER, &Value::Array(list.to_vec()));
    root
}

/// Edits a YAML list into `wanted`: a flow list has its items rewritten between the
/// brackets (each kept item as written); a block list loses and gains whole lines.
fn edit_list(p: &Planner, text: &str, items: &[Value], wanted: &[Value]) -> Option<Fix> {
    let list = p.doc.spans.get(POINTER)?;
    let spans: Option<Vec<_>> = (0..items.len())
        .map(|i| {
            p.doc
                .spans
                .get(&format!("{POINTER}/{i}"))
                .map(|s| s.value.clone())
        })
        .collect();
    let spans = spans?;
    let written = |i: usize| -> Option<String> {
        let old = text.get(spans[i].clone())?;
        if items[i] == wanted_for(&items[i]) {
            Some(old.to_owned())
        } else {
            let quote = old.chars().next().filter(|c| matches!(c, '"' | '\''));
            yaml::scalar(&wanted_for(&items[i]), quote)
        }
    };
    // Which old item each wanted item comes from (a misspelling counts as its meaning).
    let source = |w: &Value| items.iter().position(|v| wanted_for(v) == *w);
    // A container's span runs from its first child to its last: the bracket of a flow
    // list lies between the key and the first item.
    let key_end = list.key.as_ref()?.end;
    let lead = text.get(key_end..list.value.start.max(key_end))?;
    let flow = lead.contains('[') || text.get(list.value.clone())?.starts_with('[');
    if flow {
        let value_text = text.get(key_end..)?;
        let sep = if items.len() < 2 || text.get(list.value.clone())?.contains(", ") {
            ", "
        } else {
            ","
        };
        let open = key_end + value_text.find('[')? + 1;
        let mut parts = Vec::new();
        let mut used = Vec::new();
        for w in wanted {
            match source(w).filter(|i| !used.contains(i)) {
                Some(i) => {
                    used.push(i);
                    parts.push(written(i)?);
                }
                None => parts.push(yaml::scalar(w, None)?),
            }
        }
        let range = match (spans.first(), spans.last()) {
            (Some(a), Some(b)) => a.start..b.end,
            _ => open..open,
        };
        return Some(Fix {
            edits: vec![Edit {
                range,
                text: parts.join(sep),
            }],
        });
    }
    block_edits(text, items, wanted, &spans, written)
}

/// The scope a list item stands for, misspellings read as their meaning.
fn wanted_for(item: &Value) -> Value {
    let names: Vec<String> = SCOPES.iter().map(|s| s.name.to_owned()).collect();
    match item.as_str() {
        Some(s) if !names.iter().any(|n| n == s) => crate::suggest::scope(s, &names)
            .map(Value::String)
            .unwrap_or_else(|| item.clone()),
        _ => item.clone(),
    }
}

fn block_edits(
    text: &str,
    items: &[Value],
    wanted: &[Value],
    spans: &[std::ops::Range<usize>],
    written: impl Fn(usize) -> Option<String>,
) -> Option<Fix> {
    let mut edits = Vec::new();
    let mut kept: Vec<Value> = Vec::new();
    for (i, item) in items.iter().enumerate() {
        let meant = wanted_for(item);
        if wanted.contains(&meant) && !kept.contains(&meant) {
            kept.push(meant.clone());
            if meant != *item {
                edits.push(Edit {
                    range: spans[i].clone(),
                    text: written(i)?,
                });
            }
        } else {
            let start = line_start(text, spans[i].start);
            // Only an item alone on its line (`  - full`) is removed as a line.
            if !text[start..spans[i].start].trim_start().starts_with('-')
                || text[start..spans[i].start].trim() != "-"
            {
                return None;
            }
            edits.push(Edit {
                range: start..next_line(text, spans[i].end),
                text: String::new(),
            });
        }
    }
    let last = spans.last()?;
    let dash = line_start(text, last.start) + text[line_start(text, last.start)..].find('-')?;
    let indent = indent_before(text, dash)?;
    let eol = line_ending(text);
    let pos = next_line(text, last.end);
    let missing_eol = pos == text.len() && !text.ends_with('\n');
    let lines: Option<Vec<String>> = wanted
        .iter()
        .filter(|w| !kept.contains(w))
        .map(|w| Some(format!("{indent}- {}", yaml::scalar(w, None)?)))
        .collect();
    let lines = lines?;
    if !lines.is_empty() {
        let text = if missing_eol {
            format!("{eol}{}", lines.join(eol))
        } else {
            format!("{}{eol}", lines.join(eol))
        };
        edits.push(Edit {
            range: pos..pos,
            text,
        });
    }
    edits.sort_by_key(|e| (e.range.start, e.range.end));
    (!edits.is_empty()).then_some(Fix { edits })
}
