//! "Did you mean": the closest allowed name to a misspelt one, or none when nothing is close.

use crate::model::scopes::SCOPES;

/// The candidate closest to `word`, if it is close enough to be the likely intent.
/// Ranking: same letters ignoring case and `_`/`-`, then Damerau-Levenshtein distance
/// relative to length.
pub fn closest(word: &str, candidates: &[String]) -> Option<String> {
    Candidates::new(candidates).closest(word)
}

/// Names folded once, for comparing many words with the same candidates (thousands of
/// unknown keys of one mapping, a profile's `enum` of thousands of names and hundreds
/// of values not in it): each word then costs a fold, a count of its letters and a
/// distance to the few candidates that could be close.
pub struct Candidates {
    names: Vec<String>,
    folded: Vec<Folded>,
}

/// A candidate folded, with what the cheap lower bounds of its distance need.
struct Folded {
    text: String,
    /// Length in characters of the folded text, and of the name as written.
    len: usize,
    name_len: usize,
    letters: Letters,
}

impl Candidates {
    /// Folds every name once.
    pub fn new(names: &[String]) -> Self {
        Self::owning(names.to_vec())
    }

    /// Like [`Candidates::new`], keeping `names`.
    pub fn owning(names: Vec<String>) -> Self {
        let folded = names
            .iter()
            .map(|n| {
                let text = fold(n);
                Folded {
                    len: text.chars().count(),
                    name_len: n.chars().count(),
                    letters: Letters::of(&text),
                    text,
                }
            })
            .collect();
        Self { names, folded }
    }

    /// The names, as given.
    pub fn names(&self) -> &[String] {
        &self.names
    }

    /// Like [`closest`]: the same ranking, against the folded names.
    pub fn closest(&self, word: &str) -> Option<String> {
        let folded = fold(word);
        if let Some(i) = self.folded.iter().position(|f| f.text == folded) {
            return Some(self.names[i].clone());
        }
        self.near(&folded)
            .min_by_key(|&(d, i)| (d, self.names[i].len()))
            .map(|(_, i)| self.names[i].clone())
    }

    /// Like [`unique`], in one pass over the names.
    pub fn unique(&self, word: &str) -> Option<String> {
        let folded = fold(word);
        let mut near: Vec<(usize, usize)> = self.near(&folded).collect();
        near.sort_by_key(|&(d, i)| (d, self.names[i].len()));
        match near.as_slice() {
            [] => None,
            [(d, best), rest @ ..] => {
                // Another name as close (a duplicate of the best is the best).
                let best = &self.names[*best];
                let tie = rest.iter().any(|&(e, i)| e <= *d && self.names[i] != *best);
                (!tie).then(|| best.clone())
            }
        }
    }

    /// Like [`scope`], against these names.
    pub fn scope(&self, word: &str) -> Option<String> {
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
            if self.names.iter().any(|c| c == inner) {
                return Some(inner.to_owned());
            }
        }
        self.closest(word)
    }

    /// The names close enough to `folded` to be meant by it, with their distance.
    fn near<'s>(&'s self, folded: &'s str) -> impl Iterator<Item = (usize, usize)> + 's {
        let len = folded.chars().count();
        let letters = Letters::of(folded);
        self.folded.iter().enumerate().filter_map(move |(i, f)| {
            let limit = 2.max(len.max(f.name_len) / 3);
            // Two lower bounds of the distance, each linear: the difference in
            // length, and the letters one has more of than the other. A word they
            // put out of reach skips the quadratic comparison.
            if len.abs_diff(f.len) > limit || letters.distance(&f.letters) > limit {
                return None;
            }
            let d = strsim::damerau_levenshtein(folded, &f.text);
            (d <= limit).then_some((d, i))
        })
    }
}

/// How many of each ASCII character a text holds, every other character counted as one
/// kind (which can only make the bound lower).
struct Letters([u32; 129]);

impl Letters {
    fn of(text: &str) -> Self {
        let mut counts = [0; 129];
        for c in text.chars() {
            counts[if c.is_ascii() { c as usize } else { 128 }] += 1;
        }
        Self(counts)
    }

    /// The bag distance: each edit (insertion, deletion, substitution, transposition)
    /// changes each side's surplus by at most one, so this never exceeds the
    /// Damerau-Levenshtein distance.
    fn distance(&self, other: &Self) -> usize {
        let (mut more, mut fewer) = (0, 0);
        for (a, b) in self.0.iter().zip(&other.0) {
            if a > b {
                more += a - b;
            } else {
                fewer += b - a;
            }
        }
        more.max(fewer) as usize
    }
}

/// The closest candidate, when no other is as close: a misspelling with one meaning,
/// which `--fix` may correct.
pub fn unique(word: &str, candidates: &[String]) -> Option<String> {
    Candidates::new(candidates).unique(word)
}

/// Like [`closest`], but first maps Salesforce metadata tokens (`Api`, `RefreshToken`)
/// and UI labels ("Manage user data via APIs (api)") to the scope name they stand for.
pub fn scope(word: &str, candidates: &[String]) -> Option<String> {
    Candidates::new(candidates).scope(word)
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
    fn the_lower_bounds_never_turn_away_a_close_name() {
        // Against the plain distance to every name: the same answer for near misses,
        // transpositions, non-ASCII letters and words far from every name.
        let keys = names(&[
            "callbackUrl",
            "scopes",
            "flows",
            "ünïcode",
            "ab",
            "name",
            "label",
        ]);
        let candidates = Candidates::new(&keys);
        let plain = |word: &str| {
            let folded = fold(word);
            keys.iter()
                .map(|c| (strsim::damerau_levenshtein(&folded, &fold(c)), c))
                .filter(|(d, c)| *d <= 2.max(folded.chars().count().max(c.chars().count()) / 3))
                .min_by_key(|(d, c)| (*d, c.len()))
                .map(|(_, c)| c.clone())
        };
        for word in [
            "callbakcUrl",
            "scpoes",
            "flwos",
            "unicode",
            "ünïcdoe",
            "ba",
            "x",
            "nmae",
            "lable",
            "k12345",
            "callbackUrlcallbackUrl",
            "é",
            "",
        ] {
            let fast = candidates.closest(word);
            let exact = keys.iter().find(|c| fold(c) == fold(word)).cloned();
            assert_eq!(fast, exact.or_else(|| plain(word)), "{word}");
        }
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
