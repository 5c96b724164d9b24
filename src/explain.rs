//! `sfcheck explain`: a finding code's documentation from the rule catalogue, or a
//! setting's card from the field table (its YAML key, metadata element, Setup place and
//! what Salesforce takes when the metadata leaves it out).

use std::io::Write;

use crate::exit;
use crate::model::fields::{self, Absent, Field, SWITCHES, Source, ValueKind};

/// `sfcheck explain CODE|SETTING`.
pub fn explain(query: &str, out: &mut dyn Write, err: &mut dyn Write) -> std::io::Result<u8> {
    if let Some(rule) = crate::catalogue::find(query) {
        out.write_all(rule.doc.as_bytes())?;
        return Ok(exit::OK);
    }
    if let Some(field) = fields::find(query) {
        out.write_all(card(field).as_bytes())?;
        return Ok(exit::OK);
    }
    writeln!(
        err,
        "error: no finding code or setting `{}`; `sfcheck rules` lists the codes, `sfcheck schema` the settings",
        crate::finding::Show::shown(query)
    )?;
    Ok(exit::USAGE)
}

/// A setting's card: one line per place it lives.
pub fn card(field: &Field) -> String {
    let required = if field.required {
        "required"
    } else {
        "optional"
    };
    let mut rows = vec![
        (
            "YAML key",
            format!("{} ({required}; {})", field.dotted(), value_words(field)),
        ),
        ("Metadata", metadata_words(field)),
        (
            "Setup",
            format!("{} → {} → “{}”", fields::APP, field.section, field.label),
        ),
        ("When absent", absent_words(field)),
    ];
    for sw in SWITCHES.iter().filter(|s| s.pointer == field.pointer) {
        let how = if sw.documented {
            "documented"
        } else {
            "not documented: a warning where a profile needs the setting"
        };
        rows.push((
            "Switched off by",
            format!(
                "<{e}>false</{e}> in the {} ({how})",
                sw.kind.file_title(),
                e = sw.element
            ),
        ));
    }
    let mut text = format!("# {}\n\n{}\n\n", field.dotted(), field.label);
    for (name, value) in rows {
        text.push_str(&format!("{name:<16}{value}\n"));
    }
    text
}

fn value_words(field: &Field) -> &'static str {
    match field.value {
        ValueKind::Text => "text",
        ValueKind::Flag => "true or false",
        ValueKind::Integer => "a whole number",
        ValueKind::CallbackUrls => "a URL, or a list of URLs",
        ValueKind::Scopes => "a list of OAuth scope names, such as api",
        ValueKind::Secret => "never written: a secret, reported wherever it appears",
    }
}

fn metadata_words(field: &Field) -> String {
    let (kind, element) = match field.source {
        Source::Member => {
            return "the header file's name: externalClientApps/<name>.eca-meta.xml".to_owned();
        }
        Source::Inverted(k, e) => (
            k,
            format!("<{e}>, inverted: true there means unticked here"),
        ),
        Source::Present(k, e) => (k, format!("<{e}>: ticked when the element is present")),
        Source::Child(k, parent, e) => (k, format!("<{e}> inside <{parent}>")),
        Source::Element(k, e) => match field.value {
            ValueKind::Scopes => (k, format!("<{e}>, comma-separated tokens such as Api, Web")),
            ValueKind::CallbackUrls => (k, format!("<{e}>, one URL a line")),
            _ => (k, format!("<{e}>")),
        },
    };
    format!(
        "{element}\n{:16}in {} ({}/*.{}-meta.xml)",
        "",
        kind.root(),
        kind.folder(),
        kind.suffix()
    )
}

fn absent_words(field: &Field) -> String {
    match field.absent {
        Absent::Documented(v) => format!("{v} (Salesforce's documented default)"),
        Absent::Assumed(v) => format!(
            "{v} (Salesforce documents no default; a deploy without it is accepted and a retrieve then writes {v})"
        ),
        Absent::Nothing if field.required => "no default: its absence is a finding".to_owned(),
        Absent::Nothing => "no default: the setting is optional".to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_setting_is_found_by_any_of_its_names() {
        for name in [
            "oauth.security.requirePkce",
            "/oauth/security/requirePkce",
            "requirePkce",
            "isPkceRequired",
            "ISPKCEREQUIRED",
        ] {
            assert_eq!(
                fields::find(name).map(|f| f.pointer),
                Some("/oauth/security/requirePkce"),
                "{name}"
            );
        }
        // A code wins over a setting; neither is a usage error.
        let (mut out, mut err) = (Vec::new(), Vec::new());
        assert_eq!(explain("sf205", &mut out, &mut err).unwrap(), exit::OK);
        assert!(out.starts_with(b"# SF205 "));
        let (mut out, mut err) = (Vec::new(), Vec::new());
        assert_eq!(explain("pkce", &mut out, &mut err).unwrap(), exit::USAGE);
        assert!(out.is_empty());
        assert_eq!(
            String::from_utf8(err).unwrap(),
            "error: no finding code or setting `pkce`; `sfcheck rules` lists the codes, `sfcheck schema` the settings\n"
        );
    }

    #[test]
    fn a_card_names_every_place() {
        let card = card(fields::find("isConsumerSecretOptional").unwrap());
        assert_eq!(
            card,
            "# oauth.security.requireSecretForWebServerFlow\n\n\
             Require secret for Web Server Flow\n\n\
             YAML key        oauth.security.requireSecretForWebServerFlow (required; true or false)\n\
             Metadata        <isConsumerSecretOptional>, inverted: true there means unticked here\n\
             \x20               in ExtlClntAppGlobalOauthSettings (extlClntAppGlobalOauthSets/*.ecaGlblOauth-meta.xml)\n\
             Setup           External Client App Manager → your app → Settings → OAuth Settings → Security → “Require secret for Web Server Flow”\n\
             When absent     true (Salesforce's documented default)\n"
        );
    }
}
