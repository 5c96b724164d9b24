//! Settings whose metadata text holds more than one value: callback URLs (one per line)
//! and scopes (comma-separated tokens).

use serde_json::Value;

use super::Element;
use super::map::Mapper;
use crate::check::rules::secret_runs::without_credentials;
use crate::finding::{Finding, Rule, Severity};
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
    // A URL whose credentials were wrapped onto the next line is one URL to a URL
    // parser: read as lines, the first would be quoted with half of the password.
    if lines.len() > 1
        && lines.iter().all(|(v, _)| without_credentials(v).is_none())
        && without_credentials(&e.text).is_some()
    {
        let span = lines[0].1.start..lines[lines.len() - 1].1.end;
        m.put_at(field, Value::String(e.text.trim().to_owned()), key, span);
        return;
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
        if let Some(s) = scopes::by_token(trimmed) {
            m.span(&pointer, None, span);
            names.push(Value::String(s.name.to_owned()));
            continue;
        }
        // An OAuth name or a mis-cased token is a known mistake: say which token was
        // meant, and read it as that scope so the profile's checks still make sense.
        let message = format!("`{trimmed}` is not a metadata scope token");
        if let Some(s) = SCOPES
            .iter()
            .find(|s| s.name == trimmed || s.token.eq_ignore_ascii_case(trimmed))
        {
            m.findings.push(
                Finding::new(&WRONG_SCOPE_TOKEN, span.clone(), pointer.clone(), message)
                    .label(format!("write `{}`", s.token))
                    .help(format!(
                        "Scopes in metadata are PascalCase tokens: write `{}`.",
                        s.token
                    )),
            );
            m.span(&pointer, None, span);
            names.push(Value::String(s.name.to_owned()));
            continue;
        }
        // A token sfcheck does not know may be one Salesforce added since: a warning,
        // and the token is left out of the check.
        let finding = Finding::new(
            &WRONG_SCOPE_TOKEN,
            span,
            field.pointer,
            format!("`{trimmed}` is not a scope token sfcheck knows; it was left out of the check"),
        )
        .severity(Severity::Warning);
        m.findings.push(match suggest::closest(trimmed, &tokens) {
            Some(t) => finding
                .label(format!("did you mean `{t}`?"))
                .help(format!("Did you mean `{t}`? If `{trimmed}` is a token Salesforce added after this sfcheck, the warning can stay; update sfcheck to have it checked.")),
            None => finding.help("If this is a token Salesforce added after this sfcheck, the warning can stay; update sfcheck to have it checked. Otherwise correct it: tokens are PascalCase, such as `Api, Web, RefreshToken`."),
        });
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
