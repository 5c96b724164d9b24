//! The one scope table: each OAuth scope's name (as YAML writes it and Setup shows it in
//! brackets), its metadata token (as `commaSeparatedOauthScopes` writes it) and its
//! Setup label.

use std::borrow::Cow;

use schemars::{JsonSchema, Schema, SchemaGenerator, json_schema};
use serde::{Deserialize, Serialize};

/// One OAuth scope.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ScopeDef {
    /// The OAuth name: `api`, `refresh_token`.
    pub name: &'static str,
    /// The metadata token: `Api`, `RefreshToken`.
    pub token: &'static str,
    /// The label in Setup's Available/Selected OAuth Scopes.
    pub label: &'static str,
}

const fn scope(name: &'static str, token: &'static str, label: &'static str) -> ScopeDef {
    ScopeDef { name, token, label }
}

/// Every scope a description may name, in the structure schema's order.
pub const SCOPES: &[ScopeDef] = &[
    scope("api", "Api", "Manage user data via APIs (api)"),
    scope("web", "Web", "Manage user data via Web browsers (web)"),
    scope(
        "refresh_token",
        "RefreshToken",
        "Perform requests at any time (refresh_token, offline_access)",
    ),
    scope(
        "offline_access",
        "OfflineAccess",
        "Perform requests at any time (refresh_token, offline_access)",
    ),
    scope("full", "Full", "Full access (full)"),
    scope(
        "id",
        "Basic",
        "Access the identity URL service (id, profile, email, address, phone)",
    ),
    scope(
        "profile",
        "Profile",
        "Access the identity URL service (id, profile, email, address, phone)",
    ),
    scope(
        "email",
        "Email",
        "Access the identity URL service (id, profile, email, address, phone)",
    ),
    scope(
        "address",
        "Address",
        "Access the identity URL service (id, profile, email, address, phone)",
    ),
    scope(
        "phone",
        "Phone",
        "Access the identity URL service (id, profile, email, address, phone)",
    ),
    scope(
        "openid",
        "OpenID",
        "Access unique user identifiers (openid)",
    ),
    scope(
        "chatter_api",
        "Chatter",
        "Access Connect REST API resources (chatter_api)",
    ),
    scope(
        "custom_permissions",
        "CustomPermissions",
        "Access custom permissions (custom_permissions)",
    ),
    scope(
        "wave_api",
        "Wave",
        "Access Analytics REST API resources (wave_api)",
    ),
    scope(
        "eclair_api",
        "Eclair",
        "Access Analytics REST API Charts Geodata resources (eclair_api)",
    ),
    scope(
        "pardot_api",
        "Pardot",
        "Manage Pardot services (pardot_api)",
    ),
    scope(
        "lightning",
        "Lightning",
        "Access Lightning applications (lightning)",
    ),
    scope("content", "Content", "Access content resources (content)"),
    scope(
        "visualforce",
        "CustomApplications",
        "Access Visualforce applications (visualforce)",
    ),
    scope(
        "cdp_ingest_api",
        "CDPIngest",
        "Manage Data Cloud Ingestion API data (cdp_ingest_api)",
    ),
    scope(
        "cdp_profile_api",
        "CDPProfile",
        "Manage Data Cloud profile data (cdp_profile_api)",
    ),
    scope(
        "cdp_query_api",
        "CDPQuery",
        "Perform ANSI SQL queries on Data Cloud data (cdp_query_api)",
    ),
    scope(
        "cdp_segment_api",
        "CDPSegment",
        "Perform segmentation on Data Cloud data (cdp_segment_api)",
    ),
    scope(
        "cdp_identityresolution_api",
        "CDPIdentityResolution",
        "Manage Data Cloud Identity Resolution (cdp_identityresolution_api)",
    ),
    scope(
        "cdp_calculated_insight_api",
        "CDPCalculatedInsight",
        "Manage Data Cloud Calculated Insight data (cdp_calculated_insight_api)",
    ),
    scope(
        "cdp_api",
        "CDP",
        "Access all Data Cloud API resources (cdp_api)",
    ),
    scope(
        "chatbot_api",
        "Chatbot",
        "Access chatbot services (chatbot_api)",
    ),
    scope(
        "sfap_api",
        "SFApiPlatform",
        "Access the Salesforce API Platform (sfap_api)",
    ),
    scope(
        "interaction_api",
        "Interaction",
        "Access Interaction API resources (interaction_api)",
    ),
    scope(
        "einstein_gpt_api",
        "EinsteinGPT",
        "Access Einstein GPT services (einstein_gpt_api)",
    ),
    scope(
        "pwdless_login_api",
        "PwdlessLogin",
        "Access Headless Passwordless Login API",
    ),
    scope(
        "forgot_password",
        "ForgotPassword",
        "Access Headless Forgot Password API (forgot_password)",
    ),
    scope(
        "user_registration_api",
        "UserRegistration",
        "Access Headless Registration API (user_registration_api)",
    ),
    scope(
        "mcp_api",
        "MCP",
        "Access Salesforce hosted MCP servers (mcp_api)",
    ),
];

/// The scope a metadata token stands for (exact case, as Salesforce writes it).
pub fn by_token(token: &str) -> Option<&'static ScopeDef> {
    SCOPES.iter().find(|s| s.token == token)
}

/// An OAuth scope, by the name Salesforce shows in brackets in Setup
/// ("Manage user data via APIs (api)" is `api`). Its schema lists [`SCOPES`].
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Scope(pub String);

impl JsonSchema for Scope {
    fn schema_name() -> Cow<'static, str> {
        "Scope".into()
    }

    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        let names: Vec<&str> = SCOPES.iter().map(|s| s.name).collect();
        json_schema!({
            "type": "string",
            "enum": names,
            "description": "An OAuth scope, by the name Salesforce shows in brackets in Setup (\"Manage user data via APIs (api)\" is `api`).",
            "x-sfcheck-label": "OAuth scope"
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_and_tokens_are_unique() {
        for (i, a) in SCOPES.iter().enumerate() {
            for b in &SCOPES[i + 1..] {
                assert_ne!(a.name, b.name);
                assert!(!a.token.eq_ignore_ascii_case(b.token), "{}", a.token);
            }
        }
        assert_eq!(by_token("RefreshToken").unwrap().name, "refresh_token");
    }
}
