//! `sfcheck export`: a description → the Salesforce DX source files of its app, as
//! `sf project retrieve` writes them. Everything comes from the field table and the scope
//! table: which file and element holds a setting, inversions, presence, children; the
//! element order is the type's field order ([`Kind::fields`]).

mod write;

pub use write::export;

use std::path::PathBuf;

use serde_json::Value;

use crate::document::metadata::{Kind, NAMESPACE};
use crate::model::fields::{self, FIELDS, Field, SWITCHES, Source, ValueKind};
use crate::model::scopes::SCOPES;

/// Salesforce's documented default for "ID Token Valid for": written when Configure ID
/// token is ticked with no ID token setting, since an empty `<idTokenConfig>` reads as
/// unticked.
const DEFAULT_ID_TOKEN_VALIDITY: (&str, &str) = ("/oauth/idToken/validityMinutes", "2");

/// One file of the exported app.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExportFile {
    pub kind: Kind,
    /// The member name (`Deskpro_CRM_Sync_glbloauth`).
    pub member: String,
    /// The path under the package folder: `<folder>/<member>.<suffix>-meta.xml`.
    pub path: PathBuf,
    pub text: String,
}

/// An element's content: text, or child elements in order.
enum Node {
    Text(String),
    Children(Vec<(&'static str, String)>),
}

/// The app's files, header first. `value` is a description that checks clean under
/// `--profile none`; a value of the wrong shape is an `Err`, never a panic.
pub fn files(value: &Value) -> Result<Vec<ExportFile>, String> {
    let name = value
        .get("name")
        .and_then(Value::as_str)
        .ok_or("the description has no `name`")?;
    let mut out = Vec::new();
    for kind in Kind::DESCRIBED {
        let member = kind
            .member(name)
            .ok_or_else(|| format!("`export` writes no `{}` file", kind.root()))?;
        let mut elements = elements(kind, value)?;
        if kind != Kind::Header {
            // Not settings: the link to the app, and the label a retrieve gives the file.
            elements.push(("externalClientApplication", Node::Text(name.to_owned())));
            elements.push(("label", Node::Text(member.clone())));
        }
        if kind == Kind::Policies {
            // Required; false would switch every plugin off.
            elements.push(("isEnabled", Node::Text("true".into())));
        }
        let order = kind.fields();
        let position = |e: &str| order.iter().position(|f| *f == e);
        if let Some((e, _)) = elements.iter().find(|(e, _)| position(e).is_none()) {
            return Err(format!("`{}` does not define `<{e}>`", kind.root()));
        }
        elements.sort_by_key(|(e, _)| position(e));
        out.push(ExportFile {
            kind,
            path: PathBuf::from(kind.folder()).join(format!("{member}.{}-meta.xml", kind.suffix())),
            member,
            text: render(kind, &elements)?,
        });
    }
    Ok(out)
}

/// The elements of one type that the description's settings give.
fn elements(kind: Kind, value: &Value) -> Result<Vec<(&'static str, Node)>, String> {
    let mut out = Vec::new();
    for field in FIELDS.iter().filter(|f| f.source.kind() == Some(kind)) {
        let Some(v) = value.pointer(field.pointer) else {
            continue;
        };
        match field.source {
            // Never written: a description that holds one does not check clean.
            _ if field.value == ValueKind::Secret => {}
            Source::Element(_, e) => out.push((e, Node::Text(text(field, v)?))),
            Source::Inverted(_, e) => out.push((e, Node::Text((!flag(field, v)?).to_string()))),
            // The element another setting writes (the certificate) carries this one.
            Source::Present(k, e) if carried(k, e) => {}
            Source::Present(k, e) if flag(field, v)? => {
                let mut children = Vec::new();
                for child in FIELDS.iter() {
                    if let Source::Child(ck, parent, c) = child.source
                        && (ck, parent) == (k, e)
                        && let Some(cv) = value.pointer(child.pointer)
                    {
                        children.push((c, text(child, cv)?));
                    }
                }
                let (pointer, minutes) = DEFAULT_ID_TOKEN_VALIDITY;
                if children.is_empty()
                    && let Some(c) = fields::at(pointer).and_then(|f| f.source.element())
                {
                    children.push((c, minutes.into()));
                }
                // The Metadata API writes a subtype's fields in alphabetical order too.
                children.sort_by_key(|(c, _)| *c);
                out.push((e, Node::Children(children)));
            }
            Source::Present(..) | Source::Child(..) | Source::Member => {}
        }
    }
    // The plugin policies' `isEnabled` is written on its own (always true).
    for sw in SWITCHES
        .iter()
        .filter(|s| s.kind == kind && kind == Kind::OauthPolicies)
    {
        let field = FIELDS.iter().find(|f| f.pointer == sw.pointer);
        if let (Some(field), Some(v)) = (field, value.pointer(sw.pointer)) {
            out.push((sw.element, Node::Text(flag(field, v)?.to_string())));
        }
    }
    Ok(out)
}

/// Whether another setting writes the element whose presence this one means.
fn carried(kind: Kind, element: &'static str) -> bool {
    FIELDS
        .iter()
        .any(|f| f.source == Source::Element(kind, element))
}

fn flag(field: &Field, v: &Value) -> Result<bool, String> {
    v.as_bool().ok_or_else(|| wrong(field))
}

fn wrong(field: &Field) -> String {
    format!(
        "`{}` does not hold a {}",
        field.pointer,
        match field.value {
            ValueKind::Flag => "true or false",
            ValueKind::Integer => "whole number",
            ValueKind::Scopes => "list of scopes",
            ValueKind::CallbackUrls => "URL or list of URLs",
            ValueKind::Text | ValueKind::Secret => "text",
        }
    )
}

/// A setting's value as the element's text.
fn text(field: &Field, v: &Value) -> Result<String, String> {
    Ok(match (field.value, v) {
        (ValueKind::Flag, _) => flag(field, v)?.to_string(),
        (ValueKind::Integer, Value::Number(n)) if n.is_u64() => n.to_string(),
        // A YAML block scalar's final line break is no part of the value (a PEM block).
        (ValueKind::Text | ValueKind::Secret | ValueKind::CallbackUrls, Value::String(s)) => {
            s.trim_end_matches(['\r', '\n']).to_owned()
        }
        // Several callback URLs: one per line, as a retrieve writes them.
        (ValueKind::CallbackUrls, Value::Array(urls)) => urls
            .iter()
            .map(|u| u.as_str().ok_or_else(|| wrong(field)))
            .collect::<Result<Vec<_>, _>>()?
            .join("\n"),
        (ValueKind::Scopes, Value::Array(names)) => names
            .iter()
            .map(|n| {
                let n = n.as_str().ok_or_else(|| wrong(field))?;
                SCOPES
                    .iter()
                    .find(|s| s.name == n)
                    .map(|s| s.token)
                    .ok_or_else(|| format!("`{n}` is not an OAuth scope sfcheck knows"))
            })
            .collect::<Result<Vec<_>, _>>()?
            .join(", "),
        _ => return Err(wrong(field)),
    })
}

/// The file's text: the XML declaration, the root in Salesforce's namespace, and one
/// element per line indented by four spaces, as a retrieve writes it.
fn render(kind: Kind, elements: &[(&'static str, Node)]) -> Result<String, String> {
    let mut out = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<{} xmlns=\"{NAMESPACE}\">\n",
        kind.root()
    );
    for (name, node) in elements {
        match node {
            Node::Text(t) => out.push_str(&format!("    <{name}>{}</{name}>\n", escape(name, t)?)),
            Node::Children(children) => {
                out.push_str(&format!("    <{name}>\n"));
                for (c, t) in children {
                    out.push_str(&format!("        <{c}>{}</{c}>\n", escape(c, t)?));
                }
                out.push_str(&format!("    </{name}>\n"));
            }
        }
    }
    out.push_str(&format!("</{}>\n", kind.root()));
    Ok(out)
}

/// Escapes element text; a character XML 1.0 cannot hold at all is an `Err`.
fn escape(element: &str, text: &str) -> Result<String, String> {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            // Kept as a reference: a parser reads a raw one as a line break.
            '\r' => out.push_str("&#13;"),
            '\t' | '\n' => out.push(c),
            c if c.is_control() && (c as u32) < 0x20 || c == '\u{FFFE}' || c == '\u{FFFF}' => {
                return Err(format!(
                    "`<{element}>` would hold the control character U+{:04X}, which XML cannot hold",
                    c as u32
                ));
            }
            c => out.push(c),
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn writes_text_that_xml_cannot_misread() {
        assert_eq!(
            escape("d", "a & <b> \"c\"").unwrap(),
            "a &amp; &lt;b&gt; \"c\""
        );
        assert_eq!(escape("d", "a\r\nb").unwrap(), "a&#13;\nb");
        assert!(escape("d", "a\u{7}b").unwrap_err().contains("U+0007"));
    }

    #[test]
    fn a_value_of_the_wrong_shape_is_an_error() {
        let value = json!({"name": "A", "oauth": {"enabled": "yes"}});
        assert_eq!(
            files(&value).unwrap_err(),
            "`/oauth/enabled` does not hold a true or false"
        );
        assert!(files(&json!({})).is_err());
    }
}
