//! Help in the words of the input. A help text (a profile's `x-sfcheck-help`, a rule's
//! help) names the setting it is about with placeholders, and the field table fills them
//! in: a YAML description is told the key to set, a metadata app the element to write.
//!
//! | placeholder | YAML | metadata |
//! |---|---|---|
//! | `{key}` | `` `oauth.security.requirePkce` `` | `` `<isPkceRequired>` `` |
//! | `{label}` | Require PKCE extension … (the Setup label) | the same |
//! | `{setup}` | Setup → External Client App Manager → your app → Settings → … → Security | the same |
//! | `{set:VALUE}` | set `` `oauth.security.requirePkce: true` `` | write `` `<isPkceRequired>true</isPkceRequired>` `` in the global OAuth settings |
//! | `{scope:NAME}` | `` `refresh_token` `` | `` `RefreshToken` `` |
//!
//! The setting is the finding's field (or the field that holds it: a scope's list). A
//! placeholder that starts a sentence starts with a capital. Anything else in braces is
//! left as written.

use crate::document::metadata::Kind;
use crate::model::fields::{self, Field, Source};
use crate::model::scopes::SCOPES;

/// The longest placeholder, braces aside (`{scope:offline_access}`), with room to spare.
const MAX_PLACEHOLDER: usize = 64;

/// The words of the input a finding is shown with.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Words {
    /// A YAML description: keys.
    Yaml,
    /// Salesforce metadata: elements.
    Metadata,
}

/// Fills in the placeholders of `help`, written about the setting at `pointer`.
pub fn render(help: &str, pointer: &str, words: Words) -> String {
    if !help.contains('{') {
        return help.to_owned();
    }
    let field = fields::containing(pointer);
    let mut out = String::with_capacity(help.len() + 64);
    let mut rest = help;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        // A placeholder is short: looking no further keeps a help that quotes a long
        // run of braces from the input linear.
        let filled = after
            .bytes()
            .take(MAX_PLACEHOLDER)
            .position(|b| b == b'}')
            .and_then(|close| Some((fill(&after[..close], pointer, field, words)?, close)));
        match filled {
            Some((text, close)) => {
                let starts_sentence = out.is_empty() || out.ends_with(". ");
                if starts_sentence {
                    out.push_str(&capitalised(&text));
                } else {
                    out.push_str(&text);
                }
                rest = &after[close + 1..];
            }
            None => {
                out.push('{');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

/// One placeholder's text, or `None` for braces that are not a placeholder.
fn fill(inner: &str, pointer: &str, field: Option<&Field>, words: Words) -> Option<String> {
    let (name, arg) = inner.split_once(':').unwrap_or((inner, ""));
    let dotted = || match field {
        Some(f) => f.dotted(),
        None => pointer.trim_start_matches('/').replace('/', "."),
    };
    Some(match (name, words) {
        ("key", Words::Yaml) => format!("`{}`", dotted()),
        ("key", Words::Metadata) => match field.map(|f| f.source) {
            Some(Source::Member) => "the header file's name".to_owned(),
            Some(source) => format!("`<{}>`", source.element().unwrap_or_default()),
            // A mapping of settings that metadata keeps in one element (`idTokenConfig`).
            None => match fields::parent_element(pointer) {
                Some(element) => format!("`<{element}>`"),
                None => format!("`{}`", dotted()),
            },
        },
        ("label", _) => field.map_or_else(dotted, |f| f.label.to_owned()),
        ("setup", _) => field.map_or_else(|| format!("Setup → {}", fields::APP), Field::setup),
        ("set", Words::Yaml) if !arg.is_empty() => format!("set `{}: {arg}`", dotted()),
        ("set", Words::Metadata) if !arg.is_empty() => match field {
            Some(f) => write_element(f, arg),
            None => format!("set `{}: {arg}`", dotted()),
        },
        ("scope", Words::Yaml) if !arg.is_empty() => format!("`{arg}`"),
        ("scope", Words::Metadata) if !arg.is_empty() => {
            let token = SCOPES
                .iter()
                .find(|s| s.name == arg)
                .map_or(arg, |s| s.token);
            format!("`{token}`")
        }
        _ => return None,
    })
}

/// "write `<element>value</element>` in the global OAuth settings", for a metadata app.
fn write_element(field: &Field, value: &str) -> String {
    let file = match field.source.kind() {
        None | Some(Kind::Header) => None,
        Some(kind) => Some(kind.file_title()),
    };
    let (within, from) = match file {
        Some(title) => (format!(" in the {title}"), format!(" from the {title}")),
        None => (String::new(), String::new()),
    };
    match field.source {
        Source::Member => format!("name the header file `{value}.eca-meta.xml`"),
        Source::Present(_, e) if value == "false" => format!("remove `<{e}>`{from}"),
        Source::Present(_, e) => format!("add `<{e}>`{within}"),
        Source::Child(_, parent, e) => {
            format!("write `<{e}>{value}</{e}>` inside `<{parent}>`{within}")
        }
        Source::Inverted(_, e) => {
            let value = match value {
                "true" => "false",
                "false" => "true",
                other => other,
            };
            format!("write `<{e}>{value}</{e}>`{within}")
        }
        Source::Element(_, e) => format!("write `<{e}>{value}</{e}>`{within}"),
    }
}

fn capitalised(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const UNTICK: &str = "In {setup}, untick “{label}”, then {set:false}.";

    #[test]
    fn a_checkbox_in_each_words() {
        let pointer = "/oauth/security/requirePkce";
        assert_eq!(
            render(UNTICK, pointer, Words::Yaml),
            "In Setup → External Client App Manager → your app → Settings → OAuth Settings → \
             Security, untick “Require PKCE extension for Supported Authorization Flows”, then \
             set `oauth.security.requirePkce: false`."
        );
        assert_eq!(
            render("{set:true}", pointer, Words::Metadata),
            "Write `<isPkceRequired>true</isPkceRequired>` in the global OAuth settings"
        );
    }

    #[test]
    fn inverted_present_and_header_elements() {
        let web = "/oauth/security/requireSecretForWebServerFlow";
        assert_eq!(
            render("then {set:false}", web, Words::Metadata),
            "then write `<isConsumerSecretOptional>true</isConsumerSecretOptional>` in the global OAuth settings"
        );
        assert_eq!(
            render(
                "then {set:false}",
                "/oauth/configureIdToken",
                Words::Metadata
            ),
            "then remove `<idTokenConfig>` from the global OAuth settings"
        );
        assert_eq!(
            render(
                "{set:Local}; used here",
                "/distributionState",
                Words::Metadata
            ),
            "Write `<distributionState>Local</distributionState>`; used here"
        );
    }

    #[test]
    fn scopes_keys_and_other_braces() {
        let scopes = "/oauth/scopes/2";
        let help = "Add {scope:refresh_token} to {key}. Remove it from {key}; {unknown} {";
        assert_eq!(
            render(help, scopes, Words::Yaml),
            "Add `refresh_token` to `oauth.scopes`. Remove it from `oauth.scopes`; {unknown} {"
        );
        assert_eq!(
            render(help, scopes, Words::Metadata),
            "Add `RefreshToken` to `<commaSeparatedOauthScopes>`. Remove it from \
             `<commaSeparatedOauthScopes>`; {unknown} {"
        );
        assert_eq!(
            render("Remove {key}.", "/oauth/idToken", Words::Metadata),
            "Remove `<idTokenConfig>`."
        );
        assert_eq!(
            render("Remove {key}.", "/oauth/idToken", Words::Yaml),
            "Remove `oauth.idToken`."
        );
    }

    #[test]
    fn braces_from_the_input_are_kept_in_linear_time() {
        let quoted = format!("Did you mean `Api`? `{}{}`", "{".repeat(20_000), "}");
        assert_eq!(render(&quoted, "/oauth/scopes", Words::Metadata), quoted);
        let far = format!("{{{}key}}", "x".repeat(100));
        assert_eq!(render(&far, "/oauth/scopes", Words::Yaml), far);
    }
}
