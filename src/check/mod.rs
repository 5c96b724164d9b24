//! Checking: the schemas and rules compiled once per run, and the pipeline that runs
//! them over each input.

pub mod bundle;
pub mod expected_callback;
pub mod help;
pub mod metadata;
pub mod pipeline;
pub mod profile;
pub mod profile_size;
pub mod rules;
pub mod schema;
pub mod suppress;

use std::collections::BTreeMap;

use crate::config::Level;
use crate::document::Limits;
use crate::finding::{Counted, Finding, Severity};
use rules::RuleOptions;
use schema::Schemas;

/// Everything needed to check files, built once per run and shared by every worker.
pub struct Checker {
    schemas: Schemas,
    rules: RuleOptions,
    limits: Limits,
    /// Severity per code from the config; `Off` drops the finding.
    overrides: BTreeMap<String, Level>,
    /// Whether findings get the fixes `--fix` and `--diff` apply.
    fixing: bool,
}

impl Checker {
    /// Compiles the schemas. `expected_callback` is `--callback-url`; `overrides` is the
    /// config's `[severity]` table.
    pub fn new(
        profile: Option<&profile::Profile>,
        expected_callback: Option<url::Url>,
        overrides: BTreeMap<String, Level>,
    ) -> Result<Self, String> {
        let schemas = Schemas::compile(profile)?;
        let rules = RuleOptions {
            expected_callback,
            callback_path: profile.and_then(|p| p.callback_path.clone()),
            profile_title: profile.map(|p| p.title.clone()),
            callback_source: profile.and_then(|p| p.callback_source.clone()),
        };
        Ok(Self {
            schemas,
            rules,
            limits: Limits::default(),
            overrides,
            fixing: false,
        })
    }

    /// Whether a profile is in force (not `--profile none`).
    fn has_profile(&self) -> bool {
        self.rules.profile_title.is_some()
    }

    /// Whether this run can report `code` at all: a suppression of a code it cannot (a
    /// profile's, under `--profile none` as `export` checks) is not "unused" here.
    fn can_report(&self, code: &str) -> bool {
        let is = |rule: &crate::finding::Rule| rule.code.eq_ignore_ascii_case(code);
        if profile::ONLY_WITH_A_PROFILE.iter().any(|r| is(r)) {
            self.has_profile()
        } else if is(&rules::callback_url::PATH) {
            self.rules.callback_path.is_some()
        } else if is(&rules::callback_url::MISMATCH) {
            self.rules.expected_callback.is_some()
        } else {
            true
        }
    }

    /// Makes findings carry their fixes (see [`crate::fix`]).
    pub fn fixing(mut self) -> Self {
        self.fixing = true;
        self
    }

    /// Gives each finding the severity the configuration sets for its code, dropping
    /// those it turns off.
    pub(crate) fn override_severity(
        &self,
        findings: Vec<Finding>,
        counted: Vec<Counted>,
    ) -> (Vec<Finding>, Vec<Counted>) {
        if self.overrides.is_empty() {
            return (findings, counted);
        }
        let level = |code: &str, severity: Severity| match self.overrides.get(code) {
            Some(level) => level.severity(),
            None => Some(severity),
        };
        let findings = findings
            .into_iter()
            .filter_map(|mut f| {
                f.severity = level(&f.code, f.severity)?;
                Some(f)
            })
            .collect();
        let counted = counted
            .into_iter()
            .filter_map(|mut c| {
                c.severity = level(c.code, c.severity)?;
                Some(c)
            })
            .collect();
        (findings, counted)
    }
}
