//! The small engine held to jsonschema's own `pattern` keyword.

use super::*;
use proptest::prelude::*;

/// What jsonschema's own `pattern` keyword says: the reference.
fn builtin(pattern: &str, text: &str) -> bool {
    let schema = serde_json::json!({ "pattern": pattern });
    jsonschema::draft202012::new(&schema)
        .expect("a valid pattern")
        .is_valid(&Value::from(text))
}

/// Both engines of a small pattern, each forced.
fn small_both(pattern: &str, text: &str) -> (bool, bool) {
    let small = Small::new(pattern).unwrap_or_else(|| panic!("{pattern:?} is not small"));
    let lite = small.lite.is_match(text);
    small.uses.store(FULL_AFTER, Ordering::Relaxed);
    (lite, small.is_match(text))
}

/// Every ECMA-262 white space and line terminator, its neighbours, and other text.
const TEXTS: &[&str] = &[
    "",
    "a",
    "ab",
    "abb",
    "aba",
    "a-",
    "5",
    "5.5",
    "abc",
    "a b",
    "a\tb",
    "a\u{b}b",
    "a\u{c}b",
    "a\rb",
    "a\nb",
    "a\u{1f}b",
    "a\u{a0}b",
    "a\u{1680}b",
    "a\u{2000}b",
    "a\u{200a}b",
    "a\u{200b}b",
    "a\u{2028}b",
    "a\u{2029}b",
    "a\u{202f}b",
    "a\u{205f}b",
    "a\u{3000}b",
    "a\u{feff}b",
    "a\u{85}b",
    "é",
    "日本",
    "💡",
    "x@y.z",
    "x@@y.z",
    "https://h.example.com/admin-api/salesforce/auth",
    "HTTPS://h/admin-api/salesforce/auth",
    "https://h\u{a0}x/a",
    "http://",
    "123-ab_",
    "-",
    "]",
    "\\",
    "^",
    "$",
    ".",
    "\n",
    "a\n",
    "\na",
];

const PATTERNS: &[&str] = &[
    r"^[A-Za-z][A-Za-z0-9]*(_[A-Za-z0-9]+)*$",
    r"^[^@\s]+@[^@\s]+\.[^@\s]+$",
    r"^[hH][tT][tT][pP][sS]?://\S+$",
    r"^[hH][tT][tT][pP][sS]://[^/?#@\s]+/admin-api/salesforce/auth$",
    r"\s",
    r"\S",
    r"^\S*$",
    r"^[\s\S]$",
    r"^\d{3}-\w+$",
    r"^\D\W$",
    r"^.{2,3}$",
    r"^(a|b)+$",
    r"^(?:ab|)$",
    r"a|",
    r"^$",
    r"^[-a\]]+$",
    r"^\.$",
    r"\/",
    r"^\t$",
    r"\cJ",
    r"[\w--z]",
    r"^a{2,}$",
    r"^a*?b??$",
    r"^[é-ü]$",
    r"^\u00e9$",
    r"^\x41",
    r"[^\d\s]",
    r"^(?<n>a)b$",
    r"^$|^a$",
    r"[[:alpha:]]",
    r"\p{Lu}",
    r"(?i)straße",
    r"(?i:k)",
    r"[^[^a]]",
    r"[a&&b]",
    r"^[\w&&\D]$",
    // fancy-regex rewrites these before `regex` sees them.
    r"a*{2}",
    r"a{ 2 }",
    // fancy-regex's rewriting of repetitions, which changes what they match.
    r"^\d+\.?\d+$",
    r"^[a-z]+-?[a-z]+$",
    r"^(?:a+b?a*)+$",
];

#[test]
fn the_small_engine_agrees_with_jsonschemas_pattern_keyword() {
    for pattern in PATTERNS {
        for text in TEXTS {
            let want = builtin(pattern, text);
            assert_eq!(
                small_both(pattern, text),
                (want, want),
                "{pattern:?} on {text:?}"
            );
        }
    }
}

#[test]
fn the_built_in_schemas_patterns_all_take_the_small_engine() {
    fn patterns(value: &Value, out: &mut Vec<String>) {
        match value {
            Value::Object(map) => {
                if let Some(Value::String(p)) = map.get("pattern") {
                    out.push(p.clone());
                }
                map.values().for_each(|v| patterns(v, out));
            }
            Value::Array(items) => items.iter().for_each(|v| patterns(v, out)),
            _ => {}
        }
    }
    let mut found = Vec::new();
    for text in [
        include_str!("../../../../schemas/external-client-app.schema.json"),
        include_str!("../../../../schemas/profiles/deskpro-crm-sync.schema.json"),
    ] {
        patterns(&serde_json::from_str(text).expect("a schema"), &mut found);
    }
    assert_eq!(found.len(), 7);
    for pattern in found {
        assert!(Small::new(&pattern).is_some(), "{pattern}");
    }
}

#[test]
fn patterns_the_engines_could_read_differently_are_left_to_jsonschema() {
    for pattern in [
        r"\bword\b",
        r"(?m)^a",
        r"^(?!x)",
        r"(a)\1",
        r"a{1000}",
        r"(?:a{10}){100}",
        r"^\p{L}{2}$",
        r"(?:a{40}){40}",
        r"[",
        r"a**",
        r"a{,3}",
    ] {
        assert!(Small::new(pattern).is_none(), "{pattern}");
    }
    // Empty groups cost `regex` states though they match nothing: they are weighed too.
    let empty_groups = format!("(?:a{}){{1000}}", "()".repeat(120));
    assert!(Small::new(&empty_groups).is_none());
    assert!(Small::new(r"a{999}").is_some());
    assert!(Small::new(r"(?:a{8}){100}").is_some());
    assert!(Small::new(r"^\p{Greek}{2}$").is_some());
}

#[test]
fn long_strings_and_many_matches_move_to_the_full_engine() {
    let small = Small::new(r"^\S+$").expect("small");
    assert!(small.is_match("abc"));
    assert!(small.full.get().is_none());
    assert!(!small.is_match(&format!("{} b", "a".repeat(LONG))));
    assert!(small.full.get().is_some_and(Option::is_some));

    let small = Small::new(r"^\S+$").expect("small");
    for _ in 0..FULL_AFTER {
        assert!(small.is_match("abc"));
    }
    assert!(small.full.get().is_none());
    assert!(!small.is_match("a b"));
    assert!(small.full.get().is_some_and(Option::is_some));
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(5_000))]

    /// Random patterns and strings from pieces that meet at the engines' edges.
    #[test]
    fn any_small_pattern_matches_as_jsonschemas_does(
        pieces in prop::collection::vec(prop::sample::select(vec![
            "a", "b", "é", " ", "\u{a0}", ".", "^", "$", "*", "+", "?", "{2}", "{1,3}", "|",
            "(", ")", "(?:", r"\s", r"\S", r"\d", r"\w", r"\W", "[", "]", "[^", "-", r"\.",
            r"\t", r"\n", r"\x{2028}", "[a-c]", r"[^@\s]", r"[\s\S]",
        ]), 1..8),
        text in prop::collection::vec(prop::sample::select(vec![
            "a", "b", "c", "é", " ", "\t", "\n", "\u{a0}", "\u{2028}", "\u{feff}", "@", ".",
            "-", "1", "_", "\u{85}",
        ]), 0..8),
    ) {
        let pattern = pieces.concat();
        let text = text.concat();
        if let Some(small) = Small::new(&pattern) {
            let want = builtin(&pattern, &text);
            prop_assert_eq!(small.lite.is_match(&text), want, "{:?} on {:?}", pattern, text);
            small.uses.store(FULL_AFTER, Ordering::Relaxed);
            prop_assert_eq!(small.is_match(&text), want, "{:?} on {:?}", pattern, text);
        }
    }
}
