//! Properties over generated input: random edits of a valid description never panic, and
//! every span a finding carries lies inside the file and on character boundaries.

use proptest::prelude::*;
use sfcheck::check::Checker;
use sfcheck::check::profile::{self, ProfileChoice};

const VALID: &str = include_str!("../../fixtures/valid/deskpro-crm-sync.eca.yaml");

fn checker() -> &'static Checker {
    static CHECKER: std::sync::OnceLock<Checker> = std::sync::OnceLock::new();
    CHECKER.get_or_init(|| {
        let profile = profile::load(&ProfileChoice::parse(profile::DEFAULT_PROFILE)).unwrap();
        Checker::new(profile.as_ref(), None, Default::default()).unwrap()
    })
}

/// One edit of the text: delete, insert or replace a range, at character boundaries.
#[derive(Debug, Clone)]
enum Edit {
    Delete(usize, usize),
    Insert(usize, String),
    Replace(usize, usize, String),
}

fn edit() -> impl Strategy<Value = Edit> {
    let snippet = prop_oneof![
        Just(": ".to_owned()),
        Just("\n".to_owned()),
        Just("- ".to_owned()),
        Just("[".to_owned()),
        Just("]".to_owned()),
        Just("{".to_owned()),
        Just("\"".to_owned()),
        Just("'".to_owned()),
        Just("&a ".to_owned()),
        Just("*a".to_owned()),
        Just("\t".to_owned()),
        Just("#".to_owned()),
        Just("é".to_owned()),
        Just("consumerSecret: x\n".to_owned()),
        "[a-zA-Z_:/. -]{0,12}",
        any::<String>(),
    ];
    prop_oneof![
        (0..VALID.len(), 0..40usize).prop_map(|(a, n)| Edit::Delete(a, n)),
        (0..VALID.len(), snippet.clone()).prop_map(|(a, s)| Edit::Insert(a, s)),
        (0..VALID.len(), 0..20usize, snippet).prop_map(|(a, n, s)| Edit::Replace(a, n, s)),
    ]
}

fn boundary(text: &str, mut at: usize) -> usize {
    at = at.min(text.len());
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    at
}

fn apply(text: &str, edits: &[Edit]) -> String {
    let mut out = text.to_owned();
    for e in edits {
        match e {
            Edit::Delete(a, n) => {
                let a = boundary(&out, *a);
                let b = boundary(&out, a + n);
                out.replace_range(a..b, "");
            }
            Edit::Insert(a, s) => {
                let a = boundary(&out, *a);
                out.insert_str(a, s);
            }
            Edit::Replace(a, n, s) => {
                let a = boundary(&out, *a);
                let b = boundary(&out, a + n);
                out.replace_range(a..b, s);
            }
        }
    }
    out
}

fn assert_spans_inside(text: &str, report: &sfcheck::finding::FileReport) {
    for l in &report.findings {
        let f = &l.finding;
        assert!(
            f.span.start <= f.span.end && f.span.end <= text.len(),
            "{f:?}"
        );
        assert!(
            text.is_char_boundary(f.span.start) && text.is_char_boundary(f.span.end),
            "{f:?}"
        );
        for r in &f.related {
            assert!(
                r.span.end <= text.len()
                    && text.is_char_boundary(r.span.start)
                    && text.is_char_boundary(r.span.end)
            );
        }
        assert!(
            l.start.line >= 1
                && l.start.column >= 1
                && (l.start.line, l.start.column) <= (l.end.line, l.end.column)
        );
        assert!(l.start.line <= text.lines().count().max(1) + 1);
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(crate::proptest_cases(64)))]

    #[test]
    fn random_edits_never_panic_and_spans_stay_inside(edits in prop::collection::vec(edit(), 1..6)) {
        let text = apply(VALID, &edits);
        let report = checker().check_yaml("fuzz.eca.yaml", &text);
        assert_spans_inside(&text, &report);
        // Every output format renders whatever was found.
        let reports = [report];
        let style = sfcheck::report::human::Style { color: false, unicode: true, width: 80 };
        let _ = sfcheck::report::human::render(&reports, style, false);
        let _ = sfcheck::report::sarif::render(&reports, &[]);
        let _ = sfcheck::report::github::render(&reports, &[]);
        let _ = sfcheck::report::json::render(&reports, &[]);
        let _ = sfcheck::report::compact::render(&reports);
    }

    #[test]
    fn arbitrary_text_never_panics(text in any::<String>()) {
        let report = checker().check_yaml("any.eca.yaml", &text);
        assert_spans_inside(&text, &report);
    }
}
