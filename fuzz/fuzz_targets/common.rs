//! Shared by the targets: one checker per process, and every output format rendered.

use std::sync::OnceLock;

use sfcheck::check::Checker;
use sfcheck::check::profile::{self, ProfileChoice};
use sfcheck::finding::FileReport;

pub fn checker() -> &'static Checker {
    static CHECKER: OnceLock<Checker> = OnceLock::new();
    CHECKER.get_or_init(|| {
        let profile = profile::load(&ProfileChoice::parse(profile::DEFAULT_PROFILE)).unwrap();
        Checker::new(profile.as_ref(), None, Default::default()).unwrap()
    })
}

/// Renders the reports in every format, after checking that no span leaves its file
/// (`sources[i]` is the text of `reports[i]`), and checks that none carries a hostile
/// character raw. SARIF comes without its rule
/// documentation, the same text in every run, which no input reaches.
pub fn render_all(sources: &[&str], reports: &[FileReport]) -> [String; 5] {
    for (source, report) in sources.iter().zip(reports) {
        for l in &report.findings {
            assert!(l.finding.span.end <= source.len());
            assert!(source.is_char_boundary(l.finding.span.start) && source.is_char_boundary(l.finding.span.end));
        }
    }
    let style = sfcheck::report::human::Style { color: false, unicode: true, width: 80 };
    let mut sarif: serde_json::Value = serde_json::from_str(&sfcheck::report::sarif::render(reports, &[])).unwrap();
    for run in sarif["runs"].as_array_mut().unwrap() {
        let rules = &mut run["tool"]["driver"]["rules"];
        assert!(rules.is_array(), "SARIF without its rules: {run}");
        *rules = serde_json::Value::Null;
    }
    let outputs = [
        sfcheck::report::human::render(reports, style, false),
        sfcheck::report::compact::render(reports),
        sfcheck::report::json::render(reports, &[]),
        // Written back as sfcheck writes JSON: serde_json leaves DEL, C1 and bidi raw.
        sfcheck::finding::escape_json(&sarif.to_string()).into_owned(),
        sfcheck::report::github::render(reports, &[]),
    ];
    // The escape oracle: no format carries a control, bidi or zero-width character
    // raw, but the line ends and tabs of its own layout.
    for output in &outputs {
        let raw = output.char_indices().find(|&(i, c)| {
            sfcheck::finding::hostile(c) && !matches!(c, '\n' | '\t') && !(c == '\r' && output[i + 1..].starts_with('\n'))
        });
        assert!(raw.is_none(), "raw {raw:?} in a report:\n{output}");
    }
    outputs
}

/// A valid header file, for targets that fuzz a satellite.
#[allow(dead_code)]
pub const HEADER: &str = r#"<ExternalClientApplication xmlns="http://soap.sforce.com/2006/04/metadata"><contactEmail>a@example.com</contactEmail><distributionState>Local</distributionState><label>App</label></ExternalClientApplication>"#;

/// Renders the reports in every format and fails if any shows 16 characters in a row
/// of `secret`.
#[allow(dead_code)]
pub fn assert_hidden(sources: &[&str], reports: &[FileReport], secret: &str) {
    let secret = secret.to_ascii_lowercase();
    for output in render_all(sources, reports) {
        let output = output.to_ascii_lowercase();
        for run in secret.as_bytes().windows(16) {
            let run = std::str::from_utf8(run).unwrap();
            assert!(!output.contains(run), "`{run}` of the secret is shown:\n{output}");
        }
    }
}
