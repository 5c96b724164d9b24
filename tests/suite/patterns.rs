//! A profile's `pattern`s: the same verdicts whichever engine matches them (a small one
//! for most patterns, jsonschema's own for look-around and the like), and a pattern that
//! is no regular expression makes the profile unusable.

use crate::cli_support::{VALID, findings, json_of, run, scratch, valid_with};

/// A profile that asks the top-level `key`s to match their patterns.
fn profile(name: &str, patterns: &[(&str, &str)]) -> String {
    let properties: serde_json::Map<String, serde_json::Value> = patterns
        .iter()
        .map(|(key, pattern)| ((*key).to_owned(), serde_json::json!({ "pattern": pattern })))
        .collect();
    let schema = serde_json::json!({
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": "Patterns",
        "properties": properties,
    });
    let path = scratch(name).join("patterns.schema.json");
    std::fs::write(&path, schema.to_string()).unwrap();
    path.to_str().unwrap().to_owned()
}

#[test]
fn patterns_on_either_engine_point_at_the_values_that_break_them() {
    let profile = profile(
        "either_engine",
        &[
            // The small engine: ECMA-262's `\s` includes the no-break space.
            ("label", r"^\S+$"),
            ("contactEmail", r"^[^@\s]+@[^@\s]+$"),
            // jsonschema's own: a look-ahead.
            ("name", "^(?!Deskpro)"),
        ],
    );
    let dir = scratch("either_engine_file");
    let file = dir.join("app.eca.yaml");
    let text = valid_with("admin@deskpro.com", "admin\u{a0}x@deskpro.com");
    std::fs::write(&file, text).unwrap();
    let (code, json) = json_of(&["--profile", &profile, file.to_str().unwrap()], None);
    assert_eq!(code, 1);
    assert_eq!(
        findings(&json),
        [
            "SF200@3:7-3:23 /name",
            "SF200@4:8-4:24 /label",
            // The structure's own e-mail pattern says it first.
            "SF104@5:15-5:34 /contactEmail",
        ]
    );
}

#[test]
fn patterns_the_values_match_give_no_finding() {
    let profile = profile(
        "matched",
        &[
            ("label", r"^[\s\S]+$"),
            ("name", "^(?!Acme)"),
            ("contactEmail", "@"),
        ],
    );
    let (code, json) = json_of(&["--profile", &profile, VALID], None);
    assert_eq!((code, findings(&json)), (0, Vec::<String>::new()));
}

#[test]
fn a_pattern_that_is_no_regular_expression_makes_the_profile_unusable() {
    let profile = profile("unusable", &[("label", "[")]);
    let r = run(&["--profile", &profile, VALID], None);
    assert_eq!(r.code, 2);
    assert!(
        r.stderr
            .contains(r#"is not a usable JSON Schema: "[" is not a "regex""#),
        "{}",
        r.stderr
    );
}
