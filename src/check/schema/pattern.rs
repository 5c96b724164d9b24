//! The `pattern` keyword, matched first by a small regex engine.
//!
//! jsonschema compiles each `pattern` with the `regex` crate, which builds UTF-8 automata
//! for the classes ECMA-262's `\s` and `\S` become, each time zeroing a 320 KiB table: on
//! one file that was a third of the run's instructions and page faults, for strings of a
//! few dozen characters. A pattern whose meaning is the same in `regex-lite` (literals,
//! classes, repetitions and text anchors, written out as codepoints and ranges; no word
//! boundaries, line anchors, look-around or back-references) is matched there, which
//! compiles in microseconds. `regex-lite` is slower per match, so after [`FULL_AFTER`]
//! matches, or on a string longer than [`LONG`], the same pattern is compiled once with
//! `regex` and used from then on. Any other pattern is jsonschema's own keyword, compiled
//! as before. The built-in schemas' patterns are spelt for both engines ahead of time
//! ([`known::SPELLINGS`]); any other is spelt at start-up.

use std::borrow::Cow;
use std::collections::HashMap;
use std::fmt::Write as _;
use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::{Arc, Mutex, OnceLock, PoisonError};

use fancy_regex::{Assertion, Expr};
use jsonschema::{Keyword, ValidationError, Validator, paths::Location};
use regex_syntax::hir::{Class, Hir, HirKind, Look};
use serde_json::{Map, Value};

/// Matches made with `regex-lite` before the pattern is compiled with `regex`: about
/// what one compile costs, so a run of many files pays for it once and a run of one
/// file never does.
const FULL_AFTER: u32 = 128;

/// Strings longer than this (bytes) go straight to `regex`, whose time does not grow
/// with the pattern's size for each character.
const LONG: usize = 1024;

/// The most a pattern may weigh on the small engine: each literal character, each range
/// of a class and each other part (a group, an anchor, a branch) counts once for every
/// copy counted repetitions (`{n}`, `{n,m}`) make. A heavier pattern is left to
/// jsonschema: `regex` may find it too big to compile (so the profile is an error), and
/// `regex-lite`'s time per character grows with it.
const MAX_WEIGHT: u32 = 1_000;

/// The factory for `with_keyword("pattern", …)`, one per schema: each pattern is
/// compiled once however often it appears (jsonschema's own keyword caches them the same
/// way).
pub(super) fn keyword()
-> impl for<'a> Fn(&'a Map<String, Value>, &'a Value, Location) -> Built<'a> + Send + Sync + 'static
{
    let patterns = Patterns::default();
    move |_, value, _| patterns.keyword(value)
}

/// A keyword built for one `pattern` value, or why the schema is unusable.
type Built<'a> = Result<Box<dyn for<'i> Keyword<'i>>, ValidationError<'a>>;

#[derive(Default)]
struct Patterns(Mutex<HashMap<String, Arc<Compiled>>>);

impl Patterns {
    /// What the keyword is for one `pattern` value.
    fn keyword<'a>(&self, value: &'a Value) -> Built<'a> {
        let Some(pattern) = value.as_str() else {
            return Ok(Box::new(Shared(Arc::new(Compiled::builtin(value)?))));
        };
        let mut compiled = self.0.lock().unwrap_or_else(PoisonError::into_inner);
        if let Some(known) = compiled.get(pattern) {
            return Ok(Box::new(Shared(Arc::clone(known))));
        }
        let new = Arc::new(match Small::new(pattern) {
            Some(small) => Compiled::Small(small),
            None => Compiled::builtin(value)?,
        });
        compiled.insert(pattern.to_owned(), Arc::clone(&new));
        Ok(Box::new(Shared(new)))
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
    cooked: Cow<'static, str>,
    uses: AtomicU32,
    full: OnceLock<Option<regex::Regex>>,
}

impl Small {
    fn new(pattern: &str) -> Option<Self> {
        let (cooked, lite) = match known::SPELLINGS.iter().find(|(p, ..)| *p == pattern) {
            Some(&(_, cooked, lite)) => (Cow::Borrowed(cooked), Cow::Borrowed(lite)),
            None => {
                let (cooked, lite) = translate(pattern)?;
                (Cow::Owned(cooked), Cow::Owned(lite))
            }
        };
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

/// [`spellings`] of `pattern` after jsonschema's ECMA-262 translation, which re-parses
/// the classes `\s` and `\S` become: worked out ahead for the built-in schemas'
/// patterns ([`known::SPELLINGS`]), which spares one file a fifth of its instructions.
fn translate(pattern: &str) -> Option<(String, String)> {
    let translated = jsonschema_regex::to_rust_regex(pattern).ok()?;
    spellings(&translated)
}

/// The pattern as jsonschema's engine hands it to `regex`, and its `regex-lite`
/// spelling, when the two engines agree on it.
///
/// jsonschema compiles patterns with `fancy-regex`, which parses them itself and gives
/// `regex` its own rewriting of a pattern that needs no look-around or back-reference
/// (`a*{2}` becomes `a*\{2\}`, `a{,3}` becomes `a{0,3}`). That rewriting is read as
/// `regex` reads it (flags applied, nested and negated classes worked out into codepoint
/// ranges) and written back with every character but an ASCII letter or digit as
/// `\x{…}`, so no escaping rule of either engine matters and no class is nested, which
/// `regex-lite` needs.
///
/// `fancy-regex` also rewrites nested and adjacent repetitions before it compiles, not
/// always to the same language (`^[0-9]+\.?[0-9]+$` matches `5` there): the rewritten
/// tree is the one written out, so both engines match what jsonschema's does.
fn spellings(translated: &str) -> Option<(String, String)> {
    let mut tree = fancy_regex::Expr::parse_tree(translated).ok()?;
    // `true`: a look-ahead or `\K` moved into an explicit group 0; not for `regex`.
    if fancy_regex::internal::optimize(&mut tree) || !delegated(&tree.expr) {
        return None;
    }
    let mut cooked = String::with_capacity(translated.len());
    tree.expr.to_str(&mut cooked, 0);
    let hir = regex_syntax::Parser::new().parse(&cooked).ok()?;
    let mut lite = Lite {
        out: String::with_capacity(cooked.len() * 2),
        weight_left: MAX_WEIGHT,
    };
    lite.write(&hir, 1)?;
    Some((cooked, lite.out))
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

/// A pattern written out for `regex-lite`, within [`MAX_WEIGHT`].
struct Lite {
    out: String,
    weight_left: u32,
}

impl Lite {
    /// Writes `hir`, each part of it made `copies` times by the repetitions around it.
    fn write(&mut self, hir: &Hir, copies: u32) -> Option<()> {
        if !matches!(hir.kind(), HirKind::Literal(_) | HirKind::Class(_)) {
            self.weigh(copies)?;
        }
        match hir.kind() {
            HirKind::Empty => {}
            HirKind::Literal(literal) => {
                for c in std::str::from_utf8(&literal.0).ok()?.chars() {
                    self.weigh(copies)?;
                    self.char(c);
                }
            }
            HirKind::Class(Class::Unicode(class)) if !class.ranges().is_empty() => {
                let ranges = u32::try_from(class.ranges().len()).ok()?;
                self.weigh(copies.checked_mul(ranges)?)?;
                self.out.push('[');
                for range in class.ranges() {
                    self.char(range.start());
                    self.out.push('-');
                    self.char(range.end());
                }
                self.out.push(']');
            }
            HirKind::Look(Look::Start) => self.out.push_str(r"\A"),
            HirKind::Look(Look::End) => self.out.push_str(r"\z"),
            HirKind::Repetition(repetition) => {
                let times = repetition.max.unwrap_or(repetition.min).max(1);
                self.out.push_str("(?:");
                self.write(&repetition.sub, copies.checked_mul(times)?)?;
                self.out.push(')');
                match repetition.max {
                    Some(max) => write!(self.out, "{{{},{max}}}", repetition.min),
                    None => write!(self.out, "{{{},}}", repetition.min),
                }
                .ok()?;
                if !repetition.greedy {
                    self.out.push('?');
                }
            }
            HirKind::Capture(capture) => {
                self.out.push_str("(?:");
                self.write(&capture.sub, copies)?;
                self.out.push(')');
            }
            HirKind::Concat(parts) => {
                for part in parts {
                    self.write(part, copies)?;
                }
            }
            HirKind::Alternation(branches) => {
                self.out.push_str("(?:");
                for (i, branch) in branches.iter().enumerate() {
                    if i > 0 {
                        self.out.push('|');
                    }
                    self.write(branch, copies)?;
                }
                self.out.push(')');
            }
            // Word boundaries and line anchors differ between the engines, byte classes
            // cannot occur in a `&str` pattern, and an empty class is rare enough to leave.
            HirKind::Class(_) | HirKind::Look(_) => return None,
        }
        Some(())
    }

    fn weigh(&mut self, weight: u32) -> Option<()> {
        self.weight_left = self.weight_left.checked_sub(weight)?;
        Some(())
    }

    /// A character as itself when it means itself to both engines, or else as `\x{…}`.
    fn char(&mut self, c: char) {
        if c.is_ascii_alphanumeric() {
            self.out.push(c);
        } else {
            // Writing to a `String` cannot fail.
            let _ = write!(self.out, r"\x{{{:x}}}", u32::from(c));
        }
    }
}

mod known;
#[cfg(test)]
mod tests;
