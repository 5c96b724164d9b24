//! Help written for the YAML description, reworded for someone editing metadata: the
//! element to write instead of the key to set, the scope token instead of the scope name.
//! The field table says which element holds which key.

use crate::model::fields::{self, Source, ValueKind};
use crate::model::scopes::SCOPES;

/// The metadata element behind a model pointer, for messages about defaults.
pub fn element_for(pointer: &str) -> Option<&'static str> {
    fields::at(pointer)?.source.element()
}

/// Rewords `help`, written about the key at `pointer`, for metadata.
pub fn metadata_help(pointer: &str, help: &str) -> String {
    let mut help = help.to_owned();
    if let Some(field) = fields::at(pointer)
        && let Source::Element(kind, element) | Source::Inverted(kind, element) = field.source
    {
        let inverted = matches!(field.source, Source::Inverted(..));
        let write = |value: &str| {
            let value = match (inverted, value) {
                (true, "true") => "false",
                (true, "false") => "true",
                _ => value,
            };
            let place = match kind {
                super::Kind::Header => String::new(),
                _ => format!(" in the {}", kind.file_title()),
            };
            format!("rite `<{element}>{value}</{element}>`{place}")
        };
        if field.value == ValueKind::Flag {
            for value in ["true", "false"] {
                help = help.replace(
                    &format!("set this key to `{value}`"),
                    &format!("w{}", write(value)),
                );
            }
        }
        // "set `oauth.enabled: true`" / "Set `distributionState: Local`"
        let key = format!("et `{}: ", pointer[1..].replace('/', "."));
        if let Some(at) = help.find(&key)
            && at > 0
            && let Some(len) = help[at + key.len()..].find('`')
        {
            let value = help[at + key.len()..at + key.len() + len].to_owned();
            let w = if &help[at - 1..at] == "S" { "W" } else { "w" };
            help.replace_range(
                at - 1..at + key.len() + len + 1,
                &format!("{w}{}", write(&value)),
            );
        }
    }
    if pointer.starts_with("/oauth/scopes") {
        for s in SCOPES {
            help = help.replace(
                &format!("Add `{}` to `oauth.scopes`", s.name),
                &format!("Add `{}` to `<commaSeparatedOauthScopes>`", s.token),
            );
        }
        help = help.replace(
            "Remove it from `oauth.scopes`",
            "Remove its token from `<commaSeparatedOauthScopes>`",
        );
    }
    help
}
