//! The callback URL a run is given (`--callback-url`, `callback_url` in the config,
//! `init --callback-url`) is held to what the description's own would be: a URL the
//! profile cannot accept is a usage error, not advice to paste it into Setup.

use super::Checker;
use crate::finding::Severity;
use crate::finding::Show;

/// The starter description: the bundled example, which `init` writes.
pub const STARTER: &str = include_str!("../../examples/deskpro-crm-sync.eca.yaml");
/// The callback URL the starter holds, which a given URL replaces.
pub const STARTER_CALLBACK: &str = "https://helpdesk.example.com/admin-api/salesforce/auth";

/// Parses a given callback URL. One with a user name or password in it is refused, and
/// no message quotes the credentials: they would land in a terminal or a CI log.
pub fn parse(raw: &str) -> Result<url::Url, String> {
    if crate::check::rules::secret_runs::without_credentials(raw).is_some() {
        return Err("the callback URL given holds a user name or password: a callback URL never does, and Salesforce \
             would send the authorisation code to that address with them in it; give it without `user:password@`".to_owned());
    }
    url::Url::parse(raw).map_err(|e| format!("`{}` is not a URL: {e}", shown(raw)))
}

/// `raw` as a message may quote it: credentials masked, control characters escaped.
fn shown(raw: &str) -> String {
    let runs = crate::check::rules::secret_runs::Runs::of([]);
    runs.scrub(raw).shown().to_string()
}

/// Checks `raw` as the callback URL of the starter description, with `checker` (which
/// expects `raw`): any error on the callback URL is the reason `raw` cannot be right.
pub fn vet(checker: &Checker, raw: &str) -> Result<(), String> {
    let quoted = serde_json::to_string(raw).unwrap_or_default();
    let probe = STARTER.replacen(STARTER_CALLBACK, &quoted, 1);
    let report = checker.check_yaml("", &probe);
    match report.findings.iter().find(|l| {
        l.finding.severity == Severity::Error && l.finding.pointer.starts_with("/oauth/callbackUrl")
    }) {
        Some(l) => Err(format!(
            "`{}` cannot be the callback URL: {} ({})",
            shown(raw),
            l.finding.message,
            l.finding.code
        )),
        None => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::check::profile::{self, ProfileChoice};

    fn vet_default(raw: &str) -> Result<(), String> {
        let profile = profile::load(&ProfileChoice::parse(profile::DEFAULT_PROFILE)).unwrap();
        let checker = Checker::new(
            profile.as_ref(),
            url::Url::parse(raw).ok(),
            Default::default(),
        )
        .unwrap();
        vet(&checker, raw)
    }

    #[test]
    fn the_profile_decides() {
        assert!(vet_default("https://support.acme.com/admin-api/salesforce/auth").is_ok());
        for (raw, code) in [
            ("http://support.acme.com/admin-api/salesforce/auth", "SF302"),
            (
                "https://support.acme.com/admin-api/salesforce/auth/",
                "SF304",
            ),
            ("https://support.acme.com/callback", "SF304"),
            (
                "https://support.acme.com/admin-api/salesforce/auth?x=1",
                "SF303",
            ),
            ("http://x", "SF302"),
        ] {
            let err = vet_default(raw).unwrap_err();
            assert!(err.contains(code), "{raw}: {err}");
        }
    }
}
