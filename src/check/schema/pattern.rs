//! The `pattern` keyword, matched first by a small regex engine.
//!
//! jsonschema compiles each `pattern` with the `regex` crate, which builds UTF-8 automata
//! for the classes ECMA-262's `\s` and `\S` become, each time zeroing a 320 KiB table: on
//! one file that was a third of the run's instructions and page faults, for strings of a
//! few dozen characters. A pattern whose meaning is the same in `regex-lite` (codepoint
//! classes and literals; no Unicode properties, flags, word boundaries, look-around or
//! back-references) is matched there, which compiles in microseconds. `regex-lite` is
//! slower per match, so after [`FULL_AFTER`] matches, or on a string longer than
//! [`LONG`], the same pattern is compiled once with `regex` and used from then on. Any
//! other pattern is jsonschema's own keyword, compiled as before.

use std::collections::HashMap;
use std::fmt::Write as _;
use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::{Arc, Mutex, OnceLock, PoisonError};

use fancy_regex::{Assertion, Expr};
use jsonschema::{Keyword, ValidationError, Validator};
use regex_syntax::hir::{Class, Hir, HirKind, Look};
use serde_json::Value;

/// Matches made with `regex-lite` before the pattern is compiled with `regex`: about
/// what one compile costs, so a run of many files pays for it once and a run of one
/// file never does.
const FULL_AFTER: u32 = 128;

/// Strings longer than this (bytes) go straight to `regex`, whose time does not grow
/// with the pattern's size for each character.
const LONG: usize = 1024;

/// Counted repetitions (`{n}`, `{n,m}`) may multiply a pattern up to this many copies on
/// the small engine; anything larger is left to jsonschema, so a pattern too big for it
/// stays an error in the profile.
const MAX_COPIES: u32 = 1_000;

/// The `pattern` keywords of one schema, each pattern compiled once however often it
/// appears (jsonschema's own keyword caches them the same way).
#[derive(Default)]
pub(super) struct Patterns(Mutex<HashMap<String, Arc<Compiled>>>);

impl Patterns {
    /// What `with_keyword("pattern", …)` builds for one `pattern` value.
    pub(super) fn keyword<'a>(
        &self,
        value: &'a Value,
    ) -> Result<Box<dyn for<'i> Keyword<'i>>, ValidationError<'a>> {
        let Some(pattern) = value.as_str() else {
            return Ok(Box::new(Shared(Arc::new(Compiled::builtin(value)?))));
        };
        let lock = || self.0.lock().unwrap_or_else(PoisonError::into_inner);
        if let Some(compiled) = lock().get(pattern) {
            return Ok(Box::new(Shared(Arc::clone(compiled))));
        }
        let compiled = Arc::new(match Small::new(pattern) {
            Some(small) => Compiled::Small(small),
            None => Compiled::builtin(value)?,
        });
        lock().insert(pattern.to_owned(), Arc::clone(&compiled));
        Ok(Box::new(Shared(compiled)))
    }
}

/// One compiled pattern.
enum Compiled {
    Small(Small),
    /// jsonschema's own keyword, for a pattern the small engine could read differently.
    Builtin(Validator),
}

impl Compiled {
    fn builtin(value: &Value) -> Result<Self, ValidationError<'static>> {
        let schema = serde_json::json!({ "pattern": value });
        let full = jsonschema::draft202012::new(&schema).map_err(ValidationError::to_owned)?;
        Ok(Self::Builtin(full))
    }
}

/// A compiled pattern where it appears in the schema.
struct Shared(Arc<Compiled>);

impl<'i> Keyword<'i> for Shared {
    fn validate(&self, instance: &'i Value) -> Result<(), ValidationError<'i>> {
        if self.is_valid(instance) {
            Ok(())
        } else {
            // `errors.rs` words the finding.
            Err(ValidationError::custom("does not match the pattern"))
        }
    }

    fn is_valid(&self, instance: &'i Value) -> bool {
        match &*self.0 {
            Compiled::Small(small) => instance.as_str().is_none_or(|text| small.is_match(text)),
            Compiled::Builtin(full) => full.is_valid(instance),
        }
    }
}

/// A pattern `regex-lite` matches as `regex` does.
struct Small {
    lite: regex_lite::Regex,
    /// The pattern as jsonschema's engine gives it to `regex`.
    cooked: String,
    uses: AtomicU32,
    full: OnceLock<Option<regex::Regex>>,
}

impl Small {
    fn new(pattern: &str) -> Option<Self> {
        let translated = jsonschema_regex::to_rust_regex(pattern).ok()?;
        let (cooked, lite) = spellings(&translated)?;
        Some(Self {
            lite: regex_lite::Regex::new(&lite).ok()?,
            cooked,
            uses: AtomicU32::new(0),
            full: OnceLock::new(),
        })
    }

    fn is_match(&self, text: &str) -> bool {
        let full = if text.len() > LONG || self.uses.load(Ordering::Relaxed) >= FULL_AFTER {
            self.full
                .get_or_init(|| regex::Regex::new(&self.cooked).ok())
                .as_ref()
        } else {
            self.uses.fetch_add(1, Ordering::Relaxed);
            None
        };
        match full {
            Some(full) => full.is_match(text),
            None => self.lite.is_match(text),
        }
    }
}

/// The pattern as jsonschema's engine hands it to `regex`, and its `regex-lite`
/// spelling, when the two engines agree on it.
///
/// jsonschema compiles patterns with `fancy-regex`, which parses them itself and gives
/// `regex` its own rewriting of a pattern that needs no look-around or back-reference
/// (`a*{2}` becomes `a*\{2\}`, `a{,3}` becomes `a{0,3}`). That rewriting is read as
/// `regex` reads it (flags applied, nested and negated classes worked out into codepoint
/// ranges) and written back with every character as `\x{…}`, so no escaping rule of
/// either engine matters and no class is nested, which `regex-lite` needs.
fn spellings(translated: &str) -> Option<(String, String)> {
    let tree = fancy_regex::Expr::parse_tree(translated).ok()?;
    if !delegated(&tree.expr) {
        return None;
    }
    let mut cooked = String::with_capacity(translated.len());
    tree.expr.to_str(&mut cooked, 0);
    let hir = regex_syntax::Parser::new().parse(&cooked).ok()?;
    let mut lite = String::with_capacity(cooked.len() * 2);
    write_hir(&hir, 1, &mut lite)?;
    Some((cooked, lite))
}

/// Whether `fancy-regex` hands the whole expression to `regex` (and can write it out).
fn delegated(expr: &Expr) -> bool {
    match expr {
        Expr::Empty | Expr::Any { .. } | Expr::Literal { .. } | Expr::Delegate { .. } => true,
        Expr::Assertion(assertion) => matches!(
            assertion,
            Assertion::StartText
                | Assertion::EndText
                | Assertion::StartLine { .. }
                | Assertion::StartLineOniguruma { .. }
                | Assertion::EndLine { .. }
        ),
        Expr::Concat(children) | Expr::Alt(children) => children.iter().all(delegated),
        Expr::Group(child) => delegated(child),
        Expr::Repeat { child, .. } => delegated(child),
        _ => false,
    }
}

fn write_hir(hir: &Hir, copies: u32, out: &mut String) -> Option<()> {
    match hir.kind() {
        HirKind::Empty => {}
        HirKind::Literal(literal) => std::str::from_utf8(&literal.0)
            .ok()?
            .chars()
            .for_each(|c| write_char(c, out)),
        HirKind::Class(Class::Unicode(class)) if !class.ranges().is_empty() => {
            out.push('[');
            for range in class.ranges() {
                write_char(range.start(), out);
                out.push('-');
                write_char(range.end(), out);
            }
            out.push(']');
        }
        HirKind::Look(Look::Start) => out.push_str(r"\A"),
        HirKind::Look(Look::End) => out.push_str(r"\z"),
        HirKind::Repetition(repetition) => {
            let times = repetition.max.unwrap_or(repetition.min).max(1);
            let copies = copies.checked_mul(times).filter(|c| *c <= MAX_COPIES)?;
            out.push_str("(?:");
            write_hir(&repetition.sub, copies, out)?;
            out.push(')');
            match repetition.max {
                Some(max) => write!(out, "{{{},{max}}}", repetition.min),
                None => write!(out, "{{{},}}", repetition.min),
            }
            .ok()?;
            if !repetition.greedy {
                out.push('?');
            }
        }
        HirKind::Capture(capture) => {
            out.push_str("(?:");
            write_hir(&capture.sub, copies, out)?;
            out.push(')');
        }
        HirKind::Concat(parts) => {
            for part in parts {
                write_hir(part, copies, out)?;
            }
        }
        HirKind::Alternation(branches) => {
            out.push_str("(?:");
            for (i, branch) in branches.iter().enumerate() {
                if i > 0 {
                    out.push('|');
                }
                write_hir(branch, copies, out)?;
            }
            out.push(')');
        }
        // Word boundaries and line anchors differ between the engines, byte classes
        // cannot occur in a `&str` pattern, and an empty class is rare enough to leave.
        HirKind::Class(_) | HirKind::Look(_) => return None,
    }
    Some(())
}

/// A character as itself when it means itself to both engines, or else as `\x{…}`.
fn write_char(c: char, out: &mut String) {
    if c.is_ascii_alphanumeric() {
        out.push(c);
    } else {
        // Writing to a `String` cannot fail.
        let _ = write!(out, r"\x{{{:x}}}", u32::from(c));
    }
}

#[cfg(test)]
mod tests {
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
            include_str!("../../../schemas/external-client-app.schema.json"),
            include_str!("../../../schemas/profiles/deskpro-crm-sync.schema.json"),
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
            r"a{2000}",
            r"(?:a{40}){40}",
            r"[",
            r"a**",
            r"a{,3}",
        ] {
            assert!(Small::new(pattern).is_none(), "{pattern}");
        }
        assert!(Small::new(r"(?:a{10}){100}").is_some());
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
}
