//! What only an app read from metadata needs after the checks: one finding per setting,
//! the elements left out, what the app's policies switch off, and, without
//! a profile, silence on the files an app may leave out.

use serde_json::Value;

use super::Checker;
use crate::document::Document;
use crate::document::metadata::{self, Built, GLOBAL_SETTINGS_MISSING};
use crate::finding::{Finding, Rule};
use crate::model::fields::{self, Source};

/// `SF712`: see `docs/rules/SF712.md`.
pub static POLICY_SWITCHED_OFF: Rule = crate::rule!("SF712", Warning);

impl Checker {
    /// Dedupes and completes the findings on an app read from metadata.
    pub(super) fn for_metadata(&self, findings: &mut Vec<Finding>, doc: &Document, built: &Built) {
        if built.global_missing {
            // Said once by SF706: the checks that need the file did not run.
            findings.retain(|f| !metadata::from_global(&f.pointer));
        }
        if !self.has_profile() {
            // Salesforce accepts an app without global settings (kept out of git) or
            // without OAuth (a packaged app can be a header alone); only a profile that
            // needs those settings has something to say.
            findings.retain(|f| f.code != GLOBAL_SETTINGS_MISSING.code);
            if built.oauth_settings_missing {
                findings.retain(|f| !within(&f.pointer, "/oauth/scopes"));
            }
        }
        one_per_setting(findings);
        findings.extend(self.switched_off(doc, built));
        for f in findings {
            if let Some(d) = built.defaulted.iter().find(|d| d.pointer == f.pointer)
                && let Some(element) = fields::at(&f.pointer).and_then(|f| f.source.element())
            {
                f.message.push_str(&if d.documented {
                    format!(" (`<{element}>` is absent; Salesforce's default is {})", d.value)
                } else {
                    format!(
                        " (`<{element}>` is absent: Salesforce takes it as {}, as a retrieve then writes)",
                        d.value
                    )
                });
            }
        }
    }

    /// An undocumented switch that is off is worth a warning where the profile needs the
    /// setting on: the profile is asked about the app with the setting off.
    fn switched_off(&self, doc: &Document, built: &Built) -> Vec<Finding> {
        let mut out = Vec::new();
        for (sw, span) in &built.switched_off {
            let mut probe = doc.clone();
            let Some(slot) = probe.value.pointer_mut(sw.pointer) else {
                continue;
            };
            *slot = Value::Bool(false);
            let (_, profile) = self.schemas.check(&probe);
            if !profile.iter().any(|f| f.pointer == sw.pointer) {
                continue;
            }
            let label = fields::at(sw.pointer).map_or(sw.pointer, |f| f.label);
            let who = self.rules.profile_title.as_deref().unwrap_or("the profile");
            let element = sw.element;
            out.push(
                Finding::new(
                    &POLICY_SWITCHED_OFF,
                    span.clone(),
                    sw.pointer,
                    format!("the app's {} turn “{label}” off here, and {who} needs it on", sw.kind.file_title().trim_start_matches("app's ")),
                )
                .label(format!("write `<{element}>true</{element}>`"))
                .help(format!("Write `<{element}>true</{element}>` (Setup: {} → Policies: tick “{label}”). Salesforce does not document what an org does when this and the app's settings disagree, so this is a warning.", fields::APP)),
            );
        }
        out
    }
}

/// One setting, one finding. In metadata two settings can live in one element (a
/// `certificate` is the certificate and ticks the JWT Bearer flow; `idTokenConfig` is
/// Configure ID token and the ID token settings): a finding on the element's presence
/// says it, and a second one of the same code at the same place goes.
fn one_per_setting(findings: &mut Vec<Finding>) {
    let presence_of = |pointer: &str| {
        let field = fields::at(pointer)?;
        let Source::Element(kind, element) = field.source else {
            return None;
        };
        fields::FIELDS
            .iter()
            .find(|f| f.source == Source::Present(kind, element))
            .map(|f| f.pointer)
    };
    let before = findings.clone();
    let mut seen = Vec::new();
    findings.retain(|f| {
        let covered = presence_of(&f.pointer)
            .is_some_and(|p| before.iter().any(|g| g.pointer == p && g.code == f.code));
        let repeat = seen.contains(&(f.code.clone(), f.span.clone()));
        seen.push((f.code.clone(), f.span.clone()));
        !covered && !repeat
    });
}

fn within(pointer: &str, outer: &str) -> bool {
    pointer == outer
        || pointer
            .strip_prefix(outer)
            .is_some_and(|rest| rest.starts_with('/'))
}
