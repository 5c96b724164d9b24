//! Which key names hold a secret: the consumer secret's (`consumerSecret`,
//! `client_secret`) and their misspellings, and any other whose name says secret,
//! password, private key, API key or token. Known settings that only mention one
//! (`isConsumerSecretOptional`, `refreshTokenRotation`) and their misspellings do not.

use std::collections::HashSet;
use std::hash::{BuildHasherDefault, Hasher};
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

/// Whether a folded name holds a word that makes it a secret's, wherever it stands:
/// secret, password, passwd, passphrase, privatekey, apikey, credential. One pass,
/// looking further only at the words' first letters: every key of every file comes here.
fn says_secret(name: &[u8]) -> bool {
    (0..name.len()).any(|i| {
        let rest = &name[i..];
        match name[i] {
            b's' => rest.starts_with(b"secret"),
            b'p' => {
                rest.starts_with(b"passw")
                    || rest.starts_with(b"passphrase")
                    || rest.starts_with(b"privatekey")
            }
            b'a' => rest.starts_with(b"apikey"),
            b'c' => rest.starts_with(b"credential"),
            _ => false,
        }
    })
}

/// Longer names are no setting's, nor within two edits of one: they are only asked
/// whether they say secret.
const LONGEST: usize = 64;

/// What `key` names, if a secret: compared ignoring case, `_`, `-`, `.` and spaces.
pub fn classify(key: &str) -> Option<SecretName> {
    if key.len() < 5 {
        return None;
    }
    if key.len() > LONGEST {
        return says_secret(fold(key).as_bytes()).then_some(SecretName::Named);
    }
    // Folded on the stack: every key of every file comes here, twice.
    let mut buffer = [0u8; LONGEST];
    let folded = fold_into(key, &mut buffer);
    let says = says(folded);
    // Most names are neither within two edits of a consumer secret's (12 and 14 letters)
    // nor say a secret.
    if !says && !(10..=16).contains(&folded.len()) {
        return None;
    }
    if CONSUMER.contains(&folded) {
        return Some(SecretName::Consumer);
    }
    if KNOWN.contains(folded) {
        return None;
    }
    if CONSUMER.iter().any(|c| near(folded, c)) {
        return Some(SecretName::Consumer);
    }
    // A misspelt known setting (`isConsumerSecretOptinal`) is that setting, not a secret.
    (says && !KNOWN.iter().any(|k| near(folded, k))).then_some(SecretName::Named)
}

/// What `key` names, knowing what it holds (`text`: a scalar's text, or an item of a
/// list): a name within two edits of a setting that says secret or token
/// (`jwtAccessToken`, `clientCredential`) is that setting while it holds what settings
/// hold (a flag, a number), and a secret's while it holds any other text.
pub fn classify_holding(key: &str, text: Option<&str>) -> Option<SecretName> {
    classify(key).or_else(|| {
        let holds_text = text.is_some_and(|t| !is_setting_value(t));
        (holds_text && mentions_secret(key)).then_some(SecretName::Named)
    })
}

/// [`classify_holding`] for a parsed value: a string, or the first text among the items
/// of a list or the values of a mapping.
pub fn classify_value(key: &str, value: &serde_json::Value) -> Option<SecretName> {
    use serde_json::Value;
    let text = match value {
        Value::String(s) => Some(s.as_str()),
        Value::Array(items) => items
            .iter()
            .filter_map(Value::as_str)
            .find(|t| !is_setting_value(t)),
        Value::Object(map) => map
            .values()
            .filter_map(Value::as_str)
            .find(|t| !is_setting_value(t)),
        _ => None,
    };
    classify_holding(key, text)
}

/// Whether the folded name says secret or token, and is no setting's own name.
pub fn mentions_secret(key: &str) -> bool {
    if key.len() < 5 || key.len() > LONGEST {
        return false;
    }
    let mut buffer = [0u8; LONGEST];
    let folded = fold_into(key, &mut buffer);
    says(folded) && !KNOWN.contains(folded)
}

/// Whether a folded name of at most [`LONGEST`] bytes says secret, or ends as a token's
/// or a password's does.
fn says(folded: &str) -> bool {
    says_secret(folded.as_bytes()) || folded.ends_with("token") || folded.ends_with("pwd")
}

/// Whether a value's text is what a setting holds: empty, a flag or a number.
fn is_setting_value(text: &str) -> bool {
    let t = text.trim().trim_matches(['"', '\'']);
    t.is_empty()
        || t.eq_ignore_ascii_case("true")
        || t.eq_ignore_ascii_case("false")
        || t.bytes().all(|b| b.is_ascii_digit())
}

/// Whether renaming key `from` to `to` keeps a secret's value under a secret's name: a
/// misspelt `consumerSecret` may become `consumerSecret`, never `consumerKey`.
pub fn may_rename(from: &str, to: &str) -> bool {
    classify(from).is_none() || classify(to).is_some()
}

/// The names of the settings and elements sfcheck knows, folded, except those that are
/// secrets themselves (the consumer secret, a push certificate's password). Most keys
/// of a file are looked up here: FNV-1a hashes a short name for a fraction of what
/// SipHash or a binary search of strings cost.
static KNOWN: LazyLock<HashSet<String, BuildHasherDefault<Fnv>>> = LazyLock::new(|| {
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

/// The FNV-1a hash, for [`KNOWN`]'s short names (no untrusted input chooses what the
/// set holds, so a hash that collisions could be aimed at is harmless here).
struct Fnv(u64);

impl Default for Fnv {
    fn default() -> Self {
        Self(0xcbf2_9ce4_8422_2325)
    }
}

impl Hasher for Fnv {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = (self.0 ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3);
        }
    }
}

fn fold(s: &str) -> String {
    let mut buffer = vec![0u8; s.len()];
    fold_into(s, &mut buffer).to_owned()
}

/// `s` without `_`, `-`, `.` and spaces, its ASCII letters lowered, written into
/// `buffer` (at least as long as `s`). Only ASCII bytes are dropped or changed, so the
/// result is UTF-8.
fn fold_into<'b>(s: &str, buffer: &'b mut [u8]) -> &'b str {
    let mut len = 0;
    for &b in s.as_bytes() {
        if !matches!(b, b'_' | b'-' | b'.' | b' ') {
            buffer[len] = b.to_ascii_lowercase();
            len += 1;
        }
    }
    std::str::from_utf8(&buffer[..len]).unwrap_or_default()
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
    fn a_near_setting_is_a_secret_while_it_holds_text() {
        for key in [
            "jwtAccessToken",
            "clientCredential",
            "isConsumerSecretOptinal",
        ] {
            assert_eq!(classify(key), None, "{key}");
            assert_eq!(
                classify_holding(key, Some("S3CRETVALUE")),
                Some(SecretName::Named),
                "{key}"
            );
            for plain in [Some("true"), Some("False"), Some("15"), Some(""), None] {
                assert_eq!(classify_holding(key, plain), None, "{key}: {plain:?}");
            }
        }
        assert_eq!(classify_holding("callbackUrl", Some("https://h/x")), None);
        assert_eq!(
            classify_holding("refreshTokenRotation", Some("S3CRET")),
            None
        );
        let long = format!("{}_password", "x".repeat(80));
        assert_eq!(classify(&long), Some(SecretName::Named));
        assert_eq!(classify(&"x".repeat(100)), None);
    }

    #[test]
    fn a_secret_is_never_renamed_into_a_plain_key() {
        assert!(!may_rename("consumerSecrt", "consumerKey"));
        assert!(may_rename("consumerSecrt", "consumerSecret"));
        assert!(may_rename("callbakUrl", "callbackUrl"));
    }
}
