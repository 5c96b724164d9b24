//! The committed schemas: generated from the model, and valid Draft 2020-12.
//!
//! After changing `src/model.rs`, rewrite the committed file with
//! `SFCHECK_BLESS=1 cargo test --test suite schemas::`.

use serde_json::Value;

const STRUCTURE: &str = "schemas/external-client-app.schema.json";

#[test]
fn committed_structure_schema_matches_the_model() {
    let generated = sfcheck::model::structure_schema();
    let text = sfcheck::model::schema_file_text(&generated);
    if std::env::var_os("SFCHECK_BLESS").is_some() {
        std::fs::write(STRUCTURE, &text).unwrap();
    }
    let committed = std::fs::read_to_string(STRUCTURE).unwrap();
    assert!(
        committed == text,
        "{STRUCTURE} is not what src/model.rs generates; run `SFCHECK_BLESS=1 cargo test --test suite schemas::` and commit the result"
    );
}

#[test]
fn every_schema_is_valid_draft_2020_12() {
    let mut files = vec![STRUCTURE.to_owned()];
    for entry in std::fs::read_dir("schemas/profiles").unwrap() {
        files.push(entry.unwrap().path().display().to_string());
    }
    for file in files {
        let schema: Value = serde_json::from_str(&std::fs::read_to_string(&file).unwrap()).unwrap();
        assert_eq!(
            schema["$schema"], "https://json-schema.org/draft/2020-12/schema",
            "{file}"
        );
        if let Err(e) = jsonschema::draft202012::meta::validate(&schema) {
            panic!("{file} is not a valid Draft 2020-12 schema: {e}");
        }
    }
}

#[test]
fn every_profile_code_is_documented() {
    for entry in std::fs::read_dir("schemas/profiles").unwrap() {
        let text = std::fs::read_to_string(entry.unwrap().path()).unwrap();
        for (i, _) in text.match_indices("\"x-sfcheck-code\": \"") {
            let code = &text[i + 19..i + 24];
            assert!(
                sfcheck::catalogue::find(code).is_some(),
                "{code} is not in docs/rules"
            );
        }
    }
}
