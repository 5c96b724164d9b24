//! Which key names hold a secret: the consumer secret's (`consumerSecret`,
//! `client_secret`) and their misspellings, and any other whose name says secret,
//! password, private key, API key or token. Known settings that only mention one
//! (`isConsumerSecretOptional`, `refreshTokenRotation`) and their misspellings do not.

use std::collections::HashSet;
use std::sync::LazyLock;

use crate::document::metadata::Kind;
use crate::model::fields::{FIELDS, SWITCHES};

/// What a secret key name is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum SecretName {
    /// The consumer secret, spelt right or nearly (`consumerSecrt`): SF401.
    Consumer,
    /// Another name that says it holds a secret (`password`, `apiToken`): SF402.
    Named,
}

/// The consumer secret's names, folded.
const CONSUMER: &[&str] = &["consumersecret", "clientsecret"];

/// Words that make a name a secret's, wherever they stand in it (folded).
const WORDS: &[&str] = &[
    "secret",
    "password",
    "passwd",
    "passphrase",
    "privatekey",
    "apikey",
    "credential",
];

/// Longer names are no key anyone types; they are not looked at.
const LONGEST: usize = 64;

/// What `key` names, if a secret: compared ignoring case, `_`, `-`, `.` and spaces.
pub fn classify(key: &str) -> Option<SecretName> {
    if key.len() > LONGEST || key.len() < 5 {
        return None;
    }
    let folded = fold(key);
    if CONSUMER.contains(&folded.as_str()) {
        return Some(SecretName::Consumer);
    }
    if KNOWN.contains(&folded) {
        return None;
    }
    if CONSUMER.iter().any(|c| near(&folded, c)) {
        return Some(SecretName::Consumer);
    }
    let says = WORDS.iter().any(|w| folded.contains(w))
        || folded.ends_with("token")
        || folded.ends_with("pwd");
    // A misspelt known setting (`isConsumerSecretOptinal`) is that setting, not a secret.
    (says && !KNOWN.iter().any(|k| near(&folded, k))).then_some(SecretName::Named)
}

/// Whether renaming key `from` to `to` keeps a secret's value under a secret's name: a
/// misspelt `consumerSecret` may become `consumerSecret`, never `consumerKey`.
pub fn may_rename(from: &str, to: &str) -> bool {
    classify(from).is_none() || classify(to).is_some()
}

/// The names of the settings and elements sfcheck knows, folded, except those that are
/// secrets themselves (the consumer secret, a push certificate's password).
static KNOWN: LazyLock<HashSet<String>> = LazyLock::new(|| {
    let yaml = FIELDS.iter().flat_map(|f| f.pointer.split('/'));
    let elements = Kind::ALL.iter().flat_map(|kind| {
        let fields = kind.fields();
        let children = fields
            .iter()
            .filter_map(move |f| kind.children(f))
            .flatten();
        fields.iter().chain(children).copied()
    });
    yaml.chain(elements)
        .chain(SWITCHES.iter().map(|s| s.element))
        .map(fold)
        .filter(|k| !k.is_empty() && !CONSUMER.contains(&k.as_str()) && k != "password")
        .collect()
});

fn fold(s: &str) -> String {
    s.chars()
        .filter(|c| !matches!(c, '_' | '-' | '.' | ' '))
        .map(|c| c.to_ascii_lowercase())
        .collect()
}

/// Within two edits (insertion, deletion, substitution, transposition) of `name`, for a
/// name long enough that two edits leave it recognisable.
fn near(word: &str, name: &str) -> bool {
    name.len() >= 10
        && word.len().abs_diff(name.len()) <= 2
        && strsim::damerau_levenshtein(word, name) <= 2
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_consumer_secret_and_its_misspellings() {
        for key in [
            "consumerSecret",
            "consumer_secret",
            "ClientSecret",
            "client-secret",
            "consumerSecrt",
            "consumerSecre",
            "consumerScret",
            "consumerSecert",
            "consmerSecret",
            "clientSecrte",
            "consumerSecrets",
        ] {
            assert_eq!(classify(key), Some(SecretName::Consumer), "{key}");
        }
    }

    #[test]
    fn other_names_that_say_secret() {
        for key in [
            "password",
            "db_password",
            "passwd",
            "privateKey",
            "private_key",
            "apiKey",
            "accessToken",
            "refresh_token",
            "sharedSecret",
            "customerSecret",
            "credentials",
        ] {
            assert_eq!(classify(key), Some(SecretName::Named), "{key}");
        }
    }

    #[test]
    fn settings_that_mention_a_secret_are_not_one() {
        for key in [
            "consumerKey",
            "isConsumerSecretOptional",
            "isConsumerSecretOptinal",
            "shouldRotateConsumerSecret",
            "isSecretRequiredForRefreshToken",
            "isSecretRequiredForTokenExchange",
            "requireSecretForWebServerFlow",
            "requireSecretForWebServerFow",
            "requireSecretForTokenExchange",
            "tokenExchange",
            "idToken",
            "refreshTokenRotation",
            "jwtAccessTokens",
            "introspectAllTokens",
            "isIntrospectAllTokens",
            "callbackUrl",
            "name",
            "key",
            "tokens",
        ] {
            assert_eq!(classify(key), None, "{key}");
        }
    }

    #[test]
    fn a_secret_is_never_renamed_into_a_plain_key() {
        assert!(!may_rename("consumerSecrt", "consumerKey"));
        assert!(may_rename("consumerSecrt", "consumerSecret"));
        assert!(may_rename("callbakUrl", "callbackUrl"));
    }
}
