//! Settings whose metadata text holds more than one value: callback URLs (one per line)
//! and scopes (comma-separated tokens).

use serde_json::Value;

use super::Element;
use super::map::Mapper;
use crate::finding::{Finding, Rule};
use crate::model::MISSING_KEY;
use crate::model::fields::Field;
use crate::model::scopes::{self, SCOPES};
use crate::suggest;

/// `SF711`: see `docs/rules/SF711.md`.
pub static WRONG_SCOPE_TOKEN: Rule = crate::rule!("SF711", Error);

/// `callbackUrl` holds one URL, or several on separate lines.
pub(super) fn callback_urls(m: &mut Mapper, field: &Field, file: usize, e: &Element) {
    let key = m.shift(file, &e.name_span);
    let whole = m.shift(file, &e.text_span);
    let mut lines = Vec::new();
    let mut offset = 0;
    for line in e.text.trim().split_inclusive('\n') {
        let trimmed = line.trim();
        if !trimmed.is_empty() {
            let start = whole.start + offset + (line.len() - line.trim_start().len());
            lines.push((trimmed.to_owned(), start..start + trimmed.len()));
        }
        offset += line.len();
    }
    if lines.len() < 2 {
        let (value, span) = lines.pop().unwrap_or((String::new(), whole));
        m.put_at(field, Value::String(value), key, span);
        return;
    }
    let whole = lines[0].1.start..lines[lines.len() - 1].1.end;
    for (i, (_, span)) in lines.iter().enumerate() {
        m.span(&format!("{}/{i}", field.pointer), None, span.clone());
    }
    let list = lines.into_iter().map(|(v, _)| Value::String(v)).collect();
    m.put_at(field, Value::Array(list), key, whole);
}

/// `commaSeparatedOauthScopes`: metadata tokens, read as OAuth scope names.
pub(super) fn scopes(m: &mut Mapper, field: &Field, file: usize, e: &Element) {
    let key = m.shift(file, &e.name_span);
    let whole = m.shift(file, &e.text_span);
    let tokens: Vec<String> = SCOPES.iter().map(|s| s.token.to_owned()).collect();
    let mut names = Vec::new();
    let mut offset = 0;
    for part in e.text.trim().split(',') {
        let trimmed = part.trim();
        let start = whole.start + offset + (part.len() - part.trim_start().len());
        let span = start..start + trimmed.len();
        offset += part.len() + 1;
        if trimmed.is_empty() {
            continue;
        }
        let pointer = format!("{}/{}", field.pointer, names.len());
        m.span(&pointer, None, span.clone());
        if let Some(s) = scopes::by_token(trimmed) {
            names.push(Value::String(s.name.to_owned()));
            continue;
        }
        // An OAuth name or a mis-cased token: say which token was meant, and read it
        // as that scope so the profile's checks still make sense.
        let meant = SCOPES
            .iter()
            .find(|s| s.name == trimmed || s.token.eq_ignore_ascii_case(trimmed))
            .or_else(|| scopes::by_token(&suggest::closest(trimmed, &tokens)?));
        let message = format!("`{trimmed}` is not a metadata scope token");
        let finding = match meant {
            Some(s) => Finding::new(&WRONG_SCOPE_TOKEN, span, pointer, message)
                .label(format!("write `{}`", s.token))
                .help(format!(
                    "Scopes in metadata are PascalCase tokens: write `{}`.",
                    s.token
                )),
            None => Finding::new(&WRONG_SCOPE_TOKEN, span, pointer, message)
                .help("Scopes in metadata are PascalCase tokens such as `Api, Web, RefreshToken`."),
        };
        m.findings.push(finding);
        names.push(Value::String(meant.map_or(trimmed, |s| s.name).to_owned()));
    }
    m.put_at(field, Value::Array(names), key, whole);
}

/// No scopes element, or no OAuth settings file at all.
pub(super) fn no_scopes(m: &mut Mapper, field: &Field, file: Option<usize>) {
    let message = match file {
        Some(_) => "missing element `<commaSeparatedOauthScopes>` in `ExtlClntAppOauthSettings`: the app selects no OAuth scope".to_owned(),
        None => format!(
            "no OAuth settings file (`extlClntAppOauthSettings/*.ecaOauth-meta.xml`) names the app `{}`, so it has no OAuth scopes",
            m.app_name()
        ),
    };
    let at = m.file_root(file).unwrap_or_else(|| m.header_root());
    m.findings.push(
        Finding::new(&MISSING_KEY, at, field.pointer, message)
            .help("Add the OAuth settings with `<commaSeparatedOauthScopes>Api, Web, RefreshToken</commaSeparatedOauthScopes>`."),
    );
}
