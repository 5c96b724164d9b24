//! "Did you mean": the closest allowed name to a misspelt one, or none when nothing is close.

use crate::model::scopes::SCOPES;

/// The candidate closest to `word`, if it is close enough to be the likely intent.
/// Ranking: same letters ignoring case and `_`/`-`, then Damerau-Levenshtein distance
/// relative to length.
pub fn closest(word: &str, candidates: &[String]) -> Option<String> {
    let folded = fold(word);
    if let Some(exact) = candidates.iter().find(|c| fold(c) == folded) {
        return Some(exact.clone());
    }
    candidates
        .iter()
        .map(|c| (strsim::damerau_levenshtein(&folded, &fold(c)), c))
        .filter(|(d, c)| {
            let longest = folded.chars().count().max(c.chars().count());
            *d <= 2.max(longest / 3)
        })
        .min_by_key(|(d, c)| (*d, c.len()))
        .map(|(_, c)| c.clone())
}

/// The closest candidate, when no other is as close: a misspelling with one meaning,
/// which `--fix` may correct.
pub fn unique(word: &str, candidates: &[String]) -> Option<String> {
    let best = closest(word, candidates)?;
    let others: Vec<String> = candidates.iter().filter(|c| **c != best).cloned().collect();
    let distance = |c: &str| strsim::damerau_levenshtein(&fold(word), &fold(c));
    match closest(word, &others) {
        Some(second) if distance(&second) <= distance(&best) => None,
        _ => Some(best),
    }
}

/// Like [`closest`], but first maps Salesforce metadata tokens (`Api`, `RefreshToken`)
/// and UI labels ("Manage user data via APIs (api)") to the scope name they stand for.
pub fn scope(word: &str, candidates: &[String]) -> Option<String> {
    if let Some(s) = SCOPES.iter().find(|s| s.token.eq_ignore_ascii_case(word)) {
        return Some(s.name.to_owned());
    }
    if let (Some(open), Some(close)) = (word.rfind('('), word.rfind(')'))
        && open < close
    {
        let inner = word[open + 1..close]
            .split(',')
            .next()
            .unwrap_or_default()
            .trim();
        if candidates.iter().any(|c| c == inner) {
            return Some(inner.to_owned());
        }
    }
    closest(word, candidates)
}

fn fold(s: &str) -> String {
    s.chars()
        .filter(|c| !matches!(c, '_' | '-' | ' '))
        .flat_map(char::to_lowercase)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(v: &[&str]) -> Vec<String> {
        v.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn ranks_close_names() {
        let keys = names(&["callbackUrl", "scopes", "enabled", "flows", "security"]);
        assert_eq!(
            closest("callbackURL", &keys).as_deref(),
            Some("callbackUrl")
        );
        assert_eq!(
            closest("callback_url", &keys).as_deref(),
            Some("callbackUrl")
        );
        assert_eq!(closest("scope", &keys).as_deref(), Some("scopes"));
        assert_eq!(closest("flwos", &keys).as_deref(), Some("flows"));
        assert_eq!(closest("consumerSecret", &keys), None);
    }

    #[test]
    fn maps_scope_tokens_and_labels() {
        let scopes = names(&["api", "web", "refresh_token", "offline_access"]);
        assert_eq!(
            scope("RefreshToken", &scopes).as_deref(),
            Some("refresh_token")
        );
        assert_eq!(
            scope("Manage user data via APIs (api)", &scopes).as_deref(),
            Some("api")
        );
        assert_eq!(
            scope("refresh-token", &scopes).as_deref(),
            Some("refresh_token")
        );
        assert_eq!(scope("apii", &scopes).as_deref(), Some("api"));
    }
}
