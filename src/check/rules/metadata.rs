//! Rules only metadata can break: elements a type does not define, files in the wrong
//! folder, values that belong to one org, credentials that rotate on every deploy.

use std::ops::Range;
use std::path::Path;

use super::{secret_names, secrets};
use crate::document::metadata::{Element, Kind, MetaApp, MetaFile, WRONG_METADATA_SUFFIX};
use crate::document::sources::Sources;
use crate::finding::{Edit, Finding, Fix, Rule, Severity};
use crate::suggest;

/// `SF703`: see `docs/rules/SF703.md`.
pub static UNKNOWN_ELEMENT: Rule = crate::rule!("SF703", Error);

/// `SF709`: see `docs/rules/SF709.md`.
pub static ORG_SPECIFIC_VALUE: Rule = crate::rule!("SF709", Warning);

/// `SF710`: see `docs/rules/SF710.md`.
pub static ROTATES_ON_DEPLOY: Rule = crate::rule!("SF710", Warning);

/// Checks every file of an app; `sources` places each file in the app's offset space.
pub fn check(app: &MetaApp, sources: &Sources) -> Vec<Finding> {
    let mut findings = Vec::new();
    for (file, start) in app
        .files
        .iter()
        .zip(sources.files().iter().map(|f| f.start))
    {
        let shift = |r: &Range<usize>| start + r.start..start + r.end;
        if let Some(folder) = wrong_folder(file) {
            findings.push(
                Finding::new(&WRONG_METADATA_SUFFIX, shift(&file.root_span), "", format!("`{}` files belong in `{}/`, not `{folder}/`", file.kind.root(), file.kind.folder()))
                    .severity(Severity::Warning)
                    .help(format!("Move the file to `{}/`; the Salesforce CLI finds it by its suffix, but tools and people look in the usual folder.", file.kind.folder())),
            );
        }
        for e in &file.elements {
            if !file.kind.fields().contains(&e.name.as_str()) {
                let mut finding = unknown_element(file.kind, None, e, shift(&e.name_span));
                finding.fix = rename(file, e).map(|mut fix| {
                    for edit in &mut fix.edits {
                        edit.range = shift(&edit.range);
                    }
                    fix
                });
                findings.push(finding);
                findings.extend(secret_named(e, shift(&e.name_span)));
            } else if let Some(known) = file.kind.children(&e.name) {
                for c in e
                    .children
                    .iter()
                    .filter(|c| !known.contains(&c.name.as_str()))
                {
                    findings.push(unknown_element(
                        file.kind,
                        Some(&e.name),
                        c,
                        shift(&c.name_span),
                    ));
                    findings.extend(secret_named(c, shift(&c.name_span)));
                }
            }
            let value = e.text.trim();
            match e.name.as_str() {
                "oauthLink" | "orgScopedExternalApp" => findings.push(
                    Finding::new(&ORG_SPECIFIC_VALUE, shift(&e.name_span), "", format!("`{}` holds an org-specific value (`{}`)", e.name, short(value)))
                        .label("only valid in the org it came from")
                        .help("Remove it before deploying to another org; Salesforce generates it. A wrong one makes the deploy fail."),
                ),
                "shouldRotateConsumerKey" | "shouldRotateConsumerSecret" if value == "true" => findings.push(
                    Finding::new(&ROTATES_ON_DEPLOY, shift(&e.text_span), "", format!("`{}` is true: every deploy regenerates the credential", e.name))
                        .help("Set it to `false`; every deploy would otherwise break the integration's connection until it gets the new credential."),
                ),
                _ => {}
            }
        }
    }
    findings
}

/// An element no type defines whose name says it holds a secret (`<consumerSecre>`,
/// `<apiPassword>`), when it holds one: the secret is reported as a secret, not only as
/// an unknown element.
/// Else one whose text looks like a secret (64 hex digits, a private key) is reported as
/// that, as the same text under a YAML key is.
fn secret_named(e: &Element, span: Range<usize>) -> Option<Finding> {
    let Some(name) = secret_names::classify_holding(&e.name, Some(&e.text)) else {
        return secret_text(e).map(|why| secrets::looks_secret(why, span, ""));
    };
    let text = e.text.trim();
    let holds = !text.is_empty() && text != "true" && text != "false";
    holds.then(|| secrets::under_secret_name(name, span, ""))
}

/// Why an element's text, as parsed (references decoded, CDATA opened), looks like a
/// secret. A certificate is none: it is public, and has an element of its own.
fn secret_text(e: &Element) -> Option<&'static str> {
    secrets::secret_like(|| "/oauth/certificate".to_owned(), &e.text)
}

/// What the elements named for a secret hold, or hold a secret-like text, at any depth,
/// as parsed (file-local): a closing tag inside a comment or CDATA, a name no text scan
/// reads as one word (`<db.password>`), or a reference inside 64 hex digits or a private
/// key's label (`&#102;`, `PRIVATE&#32;KEY`) ends no mask early and hides nothing.
pub(crate) fn secret_spans<'a>(
    elements: impl IntoIterator<Item = &'a Element>,
) -> Vec<Range<usize>> {
    elements
        .into_iter()
        .flat_map(|e| std::iter::once(e).chain(&e.children))
        .filter(|e| {
            !e.content.is_empty()
                && (secret_names::classify_holding(&e.name, Some(&e.text)).is_some()
                    || secret_text(e).is_some())
        })
        .map(|e| e.content.clone())
        .collect()
}

/// The folder a source-format file sits in, when it is not its type's folder.
fn wrong_folder(file: &MetaFile) -> Option<String> {
    if !file.path.ends_with("-meta.xml") {
        return None;
    }
    let folder = Path::new(&file.path).parent()?.file_name()?.to_str()?;
    (folder != file.kind.folder()).then(|| folder.to_owned())
}

/// An element the type (or, inside another element, that element) does not define.
fn unknown_element(kind: Kind, parent: Option<&str>, e: &Element, span: Range<usize>) -> Finding {
    let names = match parent {
        Some(p) => kind.children(p).unwrap_or_default(),
        None => kind.fields(),
    };
    let known: Vec<String> = names.iter().map(|s| (*s).to_owned()).collect();
    let suggestion =
        suggest::closest(&e.name, &known).filter(|s| secret_names::may_rename(&e.name, s));
    // Retrieves from newer orgs carry flags no document lists yet: an `is…` flag of
    // the global settings that is no typo of a known one is a warning, and so is any
    // element of a type whose elements no document lists.
    let undocumented = (kind == Kind::Global && parent.is_none() && e.name.starts_with("is"))
        || !kind.documented();
    let severity = if undocumented && suggestion.is_none() {
        Severity::Warning
    } else {
        Severity::Error
    };
    let within = match parent {
        Some(p) => format!("`<{p}>` in `{}`", kind.root()),
        None => format!("`{}`", kind.root()),
    };
    let message = format!("{within} does not define the element `<{}>`", e.name);
    let finding = Finding::new(&UNKNOWN_ELEMENT, span, "", message).severity(severity);
    match suggestion {
        Some(s) => finding.label(format!("did you mean `<{s}>`?")).help(format!("Did you mean `<{s}>`? Rename the element.")),
        None if e.name == "scopes" => finding.help("ECA OAuth settings list scopes in one `<commaSeparatedOauthScopes>`, such as `Api, Web, RefreshToken`; `<scopes>` belongs to the older Connected App type."),
        None if severity == Severity::Warning => finding.help("Salesforce documents no such element; if a newer org wrote it, this is only a notice, and sfcheck does not check it."),
        None => finding.help("Remove it; Salesforce rejects elements a type does not define."),
    }
}

/// Renames a misspelt element, start and end tag, when one element is meant and the
/// file does not have it already (file-local edits). An element named for a secret is
/// never renamed: `--fix` does not touch a secret.
fn rename(file: &MetaFile, e: &Element) -> Option<Fix> {
    if secret_names::classify_holding(&e.name, Some(&e.text)).is_some() {
        return None;
    }
    let known: Vec<String> = file.kind.fields().iter().map(|s| (*s).to_owned()).collect();
    let meant = suggest::unique(&e.name, &known)?;
    if file.elements.iter().any(|other| other.name == meant) {
        return None;
    }
    let text = file.text.as_str();
    let mut edits = vec![Edit {
        range: e.name_span.clone(),
        text: meant.clone(),
    }];
    let tag_end = e.name_span.end + text[e.name_span.end..].find('>')?;
    if !text[..tag_end].ends_with('/') {
        let close = format!("</{}", e.name);
        let at = tag_end + text[tag_end..].find(&close)? + 2;
        edits.push(Edit {
            range: at..at + e.name.len(),
            text: meant,
        });
    }
    Some(Fix { edits })
}

fn short(s: &str) -> String {
    if s.chars().count() > 40 {
        format!("{}…", s.chars().take(37).collect::<String>())
    } else {
        s.to_owned()
    }
}
