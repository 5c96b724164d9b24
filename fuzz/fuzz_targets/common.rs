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

/// Renders the reports in every format, and checks that no span leaves its file.
pub fn render_all(sources: &[&str], reports: &[FileReport]) {
    for (source, report) in sources.iter().zip(reports) {
        for l in &report.findings {
            assert!(l.finding.span.end <= source.len());
            assert!(source.is_char_boundary(l.finding.span.start) && source.is_char_boundary(l.finding.span.end));
        }
    }
    let style = sfcheck::report::human::Style { color: false, unicode: true, width: 80 };
    let _ = sfcheck::report::human::render(reports, style, false);
    let _ = sfcheck::report::compact::render(reports);
    let _ = sfcheck::report::json::render(reports);
    let _ = sfcheck::report::sarif::render(reports);
    let _ = sfcheck::report::github::render(reports);
}
