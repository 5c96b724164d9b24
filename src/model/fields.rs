//! The field table: one line per ECA setting, saying where it lives in the YAML
//! description, in Salesforce metadata and in Setup, and what Salesforce assumes when
//! the metadata leaves it out. The metadata reader, `import`, `export`, `--fix`, the
//! structure schema's labels, help's placeholders (Setup breadcrumb, key or element) and
//! `sfcheck explain` read it; a test holds it to the structure schema. A new Salesforce
//! element is one line here.

use crate::document::metadata::Kind;

/// What kind of value a setting holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ValueKind {
    /// Free text (names, labels, PEM certificates).
    Text,
    /// A checkbox.
    Flag,
    /// A whole number.
    Integer,
    /// One callback URL, or several (one per line in metadata).
    CallbackUrls,
    /// OAuth scopes (metadata tokens, comma-separated in metadata).
    Scopes,
    /// A secret that never belongs in a description; read only to be reported.
    Secret,
}

/// Where a setting comes from in Salesforce metadata.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Source {
    /// The header file's member name (`<Name>.eca-meta.xml`).
    Member,
    /// An element's text, as is.
    Element(Kind, &'static str),
    /// An element that means the opposite of the setting (`isConsumerSecretOptional`
    /// is "Require secret for Web Server Flow" unticked).
    Inverted(Kind, &'static str),
    /// Ticked when the element is present (`idTokenConfig`; a `certificate` turns the
    /// JWT Bearer flow on).
    Present(Kind, &'static str),
    /// A child element of another element (`idTokenConfig/idTokenAudience`).
    Child(Kind, &'static str, &'static str),
}

impl Source {
    /// The metadata type, for every source but the member name.
    pub fn kind(self) -> Option<Kind> {
        match self {
            Source::Member => None,
            Source::Element(k, _)
            | Source::Inverted(k, _)
            | Source::Present(k, _)
            | Source::Child(k, _, _) => Some(k),
        }
    }

    /// The element that holds the setting (for a child, the child's name).
    pub fn element(self) -> Option<&'static str> {
        match self {
            Source::Member => None,
            Source::Element(_, e) | Source::Inverted(_, e) | Source::Present(_, e) => Some(e),
            Source::Child(_, _, e) => Some(e),
        }
    }
}

/// What Salesforce takes when the element is absent.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Absent {
    /// Nothing: the setting is optional, or its absence is reported.
    Nothing,
    /// Salesforce's documented value for the setting (already inverted where the
    /// element is).
    Documented(bool),
    /// A flag Salesforce documents no default for: a deploy without it is accepted and
    /// the next retrieve writes this value, so that is what the org holds.
    Assumed(bool),
}

/// One ECA setting.
#[derive(Debug, Clone, Copy)]
pub struct Field {
    /// The JSON pointer of its YAML key.
    pub pointer: &'static str,
    /// The label Setup shows.
    pub label: &'static str,
    /// Where Setup shows it, after [`APP`].
    pub section: &'static str,
    /// Where the metadata holds it.
    pub source: Source,
    /// Whether the description must state it.
    pub required: bool,
    /// Salesforce's value when the metadata leaves it out.
    pub absent: Absent,
    pub value: ValueKind,
}

impl Field {
    /// The YAML key (the pointer's last token).
    pub fn key(&self) -> &'static str {
        self.pointer.rsplit('/').next().unwrap_or_default()
    }

    /// The YAML key with its parents, as help names it: `oauth.security.requirePkce`.
    pub fn dotted(&self) -> String {
        self.pointer[1..].replace('/', ".")
    }

    /// The Setup breadcrumb of the page section that shows it.
    pub fn setup(&self) -> String {
        format!("Setup → {APP} → {}", self.section)
    }
}

/// Where an app's settings are in Setup; each field's section follows it.
pub const APP: &str = "External Client App Manager → your app";

use Absent::{Assumed, Documented, Nothing};
use Kind::{Global, Header, OauthSettings, Policies};
use Source::{Child, Element, Inverted, Member, Present};
use ValueKind::{CallbackUrls, Flag, Integer, Scopes, Secret, Text};

const BASIC: &str = "Basic Information";
const SETTINGS: &str = "Settings";
const OAUTH: &str = "Settings → OAuth Settings";
const FLOWS: &str = "Settings → OAuth Settings → Flow Enablement";
const SECURITY: &str = "Settings → OAuth Settings → Security";

const fn field(
    pointer: &'static str,
    label: &'static str,
    section: &'static str,
    source: Source,
    required: bool,
    absent: Absent,
    value: ValueKind,
) -> Field {
    Field {
        pointer,
        label,
        section,
        source,
        required,
        absent,
        value,
    }
}

/// Every setting, in the description's key order.
#[rustfmt::skip]
pub const FIELDS: &[Field] = &[
    field("/name", "API Name", BASIC, Member, true, Nothing, Text),
    field("/label", "External Client App Name", BASIC, Element(Header, "label"), true, Nothing, Text),
    field("/description", "Description", BASIC, Element(Header, "description"), false, Nothing, Text),
    field("/contactEmail", "Contact Email", BASIC, Element(Header, "contactEmail"), true, Nothing, Text),
    field("/contactPhone", "Contact Phone", BASIC, Element(Header, "contactPhone"), false, Nothing, Text),
    field("/infoUrl", "Info URL", BASIC, Element(Header, "infoUrl"), false, Nothing, Text),
    field("/iconUrl", "Icon URL", BASIC, Element(Header, "iconUrl"), false, Nothing, Text),
    field("/logoUrl", "Logo Image URL", BASIC, Element(Header, "logoUrl"), false, Nothing, Text),
    field("/distributionState", "Distribution State", BASIC, Element(Header, "distributionState"), true, Nothing, Text),
    field("/consumerKey", "Consumer Key", OAUTH, Element(Global, "consumerKey"), false, Nothing, Text),
    field("/consumerSecret", "Consumer Secret", OAUTH, Element(Global, "consumerSecret"), false, Nothing, Secret),
    field("/oauth/enabled", "Enable OAuth", SETTINGS, Element(Policies, "isOauthPluginEnabled"), true, Documented(true), Flag),
    field("/oauth/callbackUrl", "Callback URL", OAUTH, Element(Global, "callbackUrl"), true, Nothing, CallbackUrls),
    field("/oauth/scopes", "Selected OAuth Scopes", OAUTH, Element(OauthSettings, "commaSeparatedOauthScopes"), true, Nothing, Scopes),
    field("/oauth/introspectAllTokens", "Introspect all Tokens", OAUTH, Element(Global, "isIntrospectAllTokens"), true, Documented(false), Flag),
    field("/oauth/configureIdToken", "Configure ID token", SECURITY, Present(Global, "idTokenConfig"), true, Documented(false), Flag),
    field("/oauth/idToken/audience", "ID Token Audience", SECURITY, Child(Global, "idTokenConfig", "idTokenAudience"), false, Nothing, Text),
    field("/oauth/idToken/includeStandardClaims", "Include Standard Claims", SECURITY, Child(Global, "idTokenConfig", "idTokenIncludeStandardClaims"), false, Nothing, Flag),
    field("/oauth/idToken/includeCustomAttributes", "Include Custom Attributes", SECURITY, Child(Global, "idTokenConfig", "idTokenIncludeAttributes"), false, Nothing, Flag),
    field("/oauth/idToken/validityMinutes", "ID Token Valid for", SECURITY, Child(Global, "idTokenConfig", "idTokenValidityInMinutes"), false, Nothing, Integer),
    field("/oauth/certificate", "Certificate", FLOWS, Element(Global, "certificate"), false, Nothing, Text),
    field("/oauth/flows/clientCredentials", "Enable Client Credentials Flow", FLOWS, Element(Global, "isClientCredentialsFlowEnabled"), true, Assumed(false), Flag),
    field("/oauth/flows/authorizationCodeAndCredentials", "Enable Authorization Code and Credentials Flow", FLOWS, Element(Global, "isCodeCredFlowEnabled"), true, Documented(false), Flag),
    field("/oauth/flows/device", "Enable Device Flow", FLOWS, Element(Global, "isDeviceFlowEnabled"), true, Assumed(false), Flag),
    field("/oauth/flows/jwtBearer", "Enable JWT Bearer Flow", FLOWS, Present(Global, "certificate"), true, Documented(false), Flag),
    field("/oauth/flows/tokenExchange", "Enable Token Exchange Flow", FLOWS, Element(Global, "isTokenExchangeEnabled"), true, Assumed(false), Flag),
    field("/oauth/security/requireSecretForTokenExchange", "Require secret for Token Exchange Flow", SECURITY, Element(Global, "isSecretRequiredForTokenExchange"), true, Assumed(false), Flag),
    field("/oauth/security/requireSecretForWebServerFlow", "Require secret for Web Server Flow", SECURITY, Inverted(Global, "isConsumerSecretOptional"), true, Documented(true), Flag),
    field("/oauth/security/requireSecretForRefreshToken", "Require secret for Refresh Token Flow", SECURITY, Element(Global, "isSecretRequiredForRefreshToken"), true, Documented(true), Flag),
    field("/oauth/security/requirePkce", "Require PKCE extension for Supported Authorization Flows", SECURITY, Element(Global, "isPkceRequired"), true, Documented(true), Flag),
    field("/oauth/security/refreshTokenRotation", "Enable Refresh Token Rotation", SECURITY, Element(Global, "isRefreshTokenRotationEnabled"), true, Assumed(false), Flag),
    field("/oauth/security/jwtAccessTokens", "Issue JWT-based access tokens for named users", SECURITY, Element(Global, "isNamedUserJwtEnabled"), true, Documented(false), Flag),
];

/// An element of another file that switches a setting off, whatever the setting's own
/// element says.
#[derive(Debug, Clone, Copy)]
pub struct Switch {
    /// The setting it switches off.
    pub pointer: &'static str,
    pub kind: Kind,
    pub element: &'static str,
    /// Whether Salesforce documents the effect. A documented switch makes the setting
    /// off; an undocumented one is said as a warning when a profile needs the setting.
    pub documented: bool,
}

/// The switches. `isEnabled` false in the app's policies disables every plugin, OAuth
/// included ("If false, all plugins are disabled"). The OAuth policies'
/// `isTokenExchangeFlowEnabled` sits beside the global `isTokenExchangeEnabled`, and real
/// retrieves show the first off and the second on; what the org does then is not
/// documented. `export` writes the OAuth policies' switches as the settings say, so the
/// deployed app allows the flows the description asks for.
pub const SWITCHES: &[Switch] = &[
    Switch {
        pointer: "/oauth/enabled",
        kind: Policies,
        element: "isEnabled",
        documented: true,
    },
    Switch {
        pointer: "/oauth/flows/clientCredentials",
        kind: Kind::OauthPolicies,
        element: "isClientCredentialsFlowEnabled",
        documented: false,
    },
    Switch {
        pointer: "/oauth/flows/tokenExchange",
        kind: Kind::OauthPolicies,
        element: "isTokenExchangeFlowEnabled",
        documented: false,
    },
];

/// The setting at `pointer`.
pub fn at(pointer: &str) -> Option<&'static Field> {
    FIELDS.iter().find(|f| f.pointer == pointer)
}

/// The setting at `pointer` or the nearest one above it (a scope is in `/oauth/scopes`).
pub fn containing(pointer: &str) -> Option<&'static Field> {
    let mut at_or_above = pointer;
    loop {
        if let Some(field) = at(at_or_above) {
            return Some(field);
        }
        at_or_above = &at_or_above[..at_or_above.rfind('/')?];
    }
}

/// The metadata element of a mapping whose settings metadata keeps inside one element
/// (`/oauth/idToken` is `idTokenConfig`).
pub fn parent_element(pointer: &str) -> Option<&'static str> {
    FIELDS.iter().find_map(|f| match f.source {
        Source::Child(_, parent, _)
            if f.pointer
                .strip_prefix(pointer)
                .is_some_and(|rest| rest.starts_with('/')) =>
        {
            Some(parent)
        }
        _ => None,
    })
}

/// The setting a user names: its YAML key with or without its parents
/// (`oauth.security.requirePkce`, `requirePkce`), its pointer, or its metadata element
/// (`isPkceRequired`), in any case.
pub fn find(query: &str) -> Option<&'static Field> {
    let query = query.trim();
    FIELDS.iter().find(|f| {
        f.dotted().eq_ignore_ascii_case(query)
            || f.pointer.eq_ignore_ascii_case(query)
            || f.key().eq_ignore_ascii_case(query)
            || f.source
                .element()
                .is_some_and(|e| e.eq_ignore_ascii_case(query))
    })
}

#[cfg(test)]
mod tests {
    use serde_json::Value;

    use super::*;

    /// The structure schema's node for a pointer into the description.
    fn schema_at<'a>(root: &'a Value, pointer: &str) -> (&'a Value, bool) {
        let resolve = |node: &'a Value| match node.get("$ref").and_then(Value::as_str) {
            Some(r) => root.pointer(&r[1..]).unwrap(),
            None => node,
        };
        let mut node = root;
        let mut required = true;
        for key in pointer[1..].split('/') {
            let parent = resolve(node);
            let in_list = parent["required"]
                .as_array()
                .is_some_and(|r| r.iter().any(|k| k == key));
            required &= in_list;
            node = &parent["properties"][key];
        }
        // A `$ref` keeps its own annotations beside it.
        (
            if node.get("x-sfcheck-label").is_some() {
                node
            } else {
                resolve(node)
            },
            required,
        )
    }

    /// Every setting lands on a node of the structure schema, with its label, and is
    /// required there exactly when the table says so.
    #[test]
    fn the_table_agrees_with_the_structure_schema() {
        let schema = crate::model::structure_schema();
        for f in FIELDS.iter().filter(|f| f.value != ValueKind::Secret) {
            let (node, required) = schema_at(&schema, f.pointer);
            assert_eq!(node["x-sfcheck-label"], f.label, "{}", f.pointer);
            assert_eq!(required, f.required, "{}", f.pointer);
        }
    }

    #[test]
    fn every_schema_setting_is_in_the_table() {
        fn leaves(schema: &Value, node: &Value, at: String, out: &mut Vec<String>) {
            let node = match node.get("$ref").and_then(Value::as_str) {
                Some(r) => schema.pointer(&r[1..]).unwrap(),
                None => node,
            };
            match node.get("properties").and_then(Value::as_object) {
                Some(props) if at != "/oauth/callbackUrl" => {
                    for (k, v) in props {
                        leaves(schema, v, format!("{at}/{k}"), out);
                    }
                }
                _ => out.push(at),
            }
        }
        let schema = crate::model::structure_schema();
        let mut all = Vec::new();
        leaves(&schema, &schema, String::new(), &mut all);
        for pointer in all.iter().filter(|p| *p != "/$schema") {
            assert!(at(pointer).is_some(), "{pointer} is not in the field table");
        }
    }

    #[test]
    fn every_switch_is_an_element_its_type_documents() {
        for sw in SWITCHES {
            assert!(sw.kind.fields().contains(&sw.element), "{}", sw.element);
            assert!(at(sw.pointer).is_some(), "{}", sw.pointer);
        }
    }

    #[test]
    fn every_element_is_one_its_type_documents() {
        for f in FIELDS {
            if let Source::Child(kind, parent, _) = f.source {
                assert!(kind.fields().contains(&parent), "{}", f.pointer);
            } else if let (Some(kind), Some(element)) = (f.source.kind(), f.source.element()) {
                assert!(kind.fields().contains(&element), "{}", f.pointer);
                let same = FIELDS.iter().filter(|g| g.source == f.source).count();
                assert_eq!(same, 1, "{} shares its element", f.pointer);
            }
        }
    }
}
