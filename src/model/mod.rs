//! The External Client App description (DESIGN §2), as Rust types.
//!
//! These types are the source of `schemas/external-client-app.schema.json`: run
//! `sfcheck schema --write` (or `SFCHECK_BLESS=1 cargo test`) after changing them. Doc
//! comments become the schema's descriptions, which editors show on hover, so each one
//! names the Setup label and the metadata field. `x-sfcheck-label` carries the bare UI
//! label that findings quote: a setting's comes from the field table, a section's is
//! written here.

use schemars::{JsonSchema, Schema, generate::SchemaSettings, transform::RecursiveTransform};
use serde::{Deserialize, Serialize};
use serde_json::Value;

pub mod fields;
pub mod scopes;

pub use scopes::Scope;

/// `SF102`: see `docs/rules/SF102.md`. A key the model requires is missing; the
/// structure schema and the metadata mapping both report it.
pub static MISSING_KEY: crate::finding::Rule = crate::rule!("SF102", Error);

/// A Salesforce External Client App, described as it is set up in Salesforce Setup
/// (External Client App Manager → New External Client App).
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[schemars(title = "Salesforce External Client App")]
pub struct ExternalClientApp {
    /// The JSON Schema this file follows; editors use it for completion and hover help.
    #[serde(rename = "$schema", default, skip_serializing_if = "Option::is_none")]
    pub schema: Option<String>,
    /// API Name (ExternalClientApplication member name): letters, digits and underscores,
    /// starting with a letter, with no double or trailing underscore.
    #[schemars(
        regex(pattern = r"^[A-Za-z][A-Za-z0-9]*(_[A-Za-z0-9]+)*$"),
        extend(
            "x-sfcheck-message" = "is not a valid API name: use letters, digits and single underscores, starting with a letter and not ending with an underscore",
            "x-sfcheck-help" = "Use the API Name shown in Setup, such as `Deskpro_CRM_Sync`."
        )
    )]
    pub name: String,
    /// External Client App Name (ExternalClientApplication.label): the name shown in Setup.
    #[schemars(length(min = 1))]
    pub label: String,
    /// Description (ExternalClientApplication.description).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Contact Email (ExternalClientApplication.contactEmail): where Salesforce reaches the
    /// app's admin.
    #[schemars(
        regex(pattern = r"^[^@\s]+@[^@\s]+\.[^@\s]+$"),
        extend(
            "x-sfcheck-message" = "is not an email address",
            "x-sfcheck-help" = "Write the address of the app's admin, such as `admin@example.com`."
        )
    )]
    pub contact_email: String,
    /// Contact Phone (ExternalClientApplication.contactPhone).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub contact_phone: Option<String>,
    /// Info URL (ExternalClientApplication.infoUrl).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(
        regex(pattern = r"^[hH][tT][tT][pP][sS]?://\S+$"),
        extend("x-sfcheck-message" = "is not an http(s) URL")
    )]
    pub info_url: Option<String>,
    /// Icon URL (ExternalClientApplication.iconUrl).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(
        regex(pattern = r"^[hH][tT][tT][pP][sS]?://\S+$"),
        extend("x-sfcheck-message" = "is not an http(s) URL")
    )]
    pub icon_url: Option<String>,
    /// Logo Image URL (ExternalClientApplication.logoUrl).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(
        regex(pattern = r"^[hH][tT][tT][pP][sS]?://\S+$"),
        extend("x-sfcheck-message" = "is not an http(s) URL")
    )]
    pub logo_url: Option<String>,
    /// Consumer Key (ExtlClntAppGlobalOauthSettings.consumerKey): the Client ID an
    /// integration asks for. Not a secret; the consumer secret never belongs in this file.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(length(min = 1))]
    pub consumer_key: Option<String>,
    /// Distribution State (ExternalClientApplication.distributionState): `Local` for an app
    /// used in this org, `Packaged` for one shipped in a package (`Managed` and
    /// `AutoInstalled` are written by Salesforce for installed apps).
    pub distribution_state: DistributionState,
    /// The OAuth Settings section of the app.
    #[schemars(extend("x-sfcheck-label" = "OAuth Settings"))]
    pub oauth: OAuth,
}

/// Distribution State values: Setup offers `Local` and `Packaged`; Salesforce writes
/// `Managed` and `AutoInstalled` (internal use) for apps that came with a package.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub enum DistributionState {
    Local,
    Packaged,
    Managed,
    AutoInstalled,
}

/// OAuth Settings (ExtlClntAppGlobalOauthSettings and ExtlClntAppOauthSettings).
///
/// Two pairs of settings only mean something together (SF501): ID token settings need
/// Configure ID token, and the JWT Bearer flow and its certificate come as a pair.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[schemars(extend(
    "dependentSchemas" = {
        "idToken": {"properties": {"configureIdToken": {
            "const": true,
            "x-sfcheck-code": "SF501",
            "x-sfcheck-message": "ID token settings are given but “Configure ID token” is unticked",
            "x-sfcheck-help": "Set `configureIdToken: true` to use them, or remove `idToken`."
        }}},
        "certificate": {"properties": {"flows": {"properties": {"jwtBearer": {
            "const": true,
            "x-sfcheck-code": "SF501",
            "x-sfcheck-message": "a certificate is given but “Enable JWT Bearer Flow” is unticked; in Salesforce the certificate turns the flow on",
            "x-sfcheck-help": "Remove `certificate`, or set `flows.jwtBearer: true` if the app uses the JWT Bearer flow."
        }}}}}
    },
    "if" = {"properties": {"flows": {"properties": {"jwtBearer": {"const": true}}, "required": ["jwtBearer"]}}, "required": ["flows"]},
    "then" = {
        "required": ["certificate"],
        "x-sfcheck-code": "SF501",
        "x-sfcheck-message": "“Enable JWT Bearer Flow” is ticked but no certificate is given",
        "x-sfcheck-help": "Add the PEM certificate as `certificate`, or set `flows.jwtBearer: false`."
    }
))]
pub struct OAuth {
    /// Enable OAuth (ExtlClntAppConfigurablePolicies.isOauthPluginEnabled).
    pub enabled: bool,
    /// Callback URL (ExtlClntAppGlobalOauthSettings.callbackUrl): one URL, or a list of URLs.
    #[schemars(extend(
        "x-sfcheck-message" = "must be a URL or a list of URLs",
        "x-sfcheck-help" = "Write the callback URL the integration shows, such as `https://helpdesk.example.com/admin-api/salesforce/auth`."
    ))]
    pub callback_url: CallbackUrl,
    /// Selected OAuth Scopes (ExtlClntAppOauthSettings.commaSeparatedOauthScopes), by their
    /// OAuth names: `api`, `web`, `refresh_token`, ...
    #[schemars(length(min = 1))]
    pub scopes: Vec<Scope>,
    /// Introspect all Tokens (ExtlClntAppGlobalOauthSettings.isIntrospectAllTokens).
    pub introspect_all_tokens: bool,
    /// Configure ID token (an ExtlClntAppGlobalOauthSettings.idTokenConfig is present).
    pub configure_id_token: bool,
    /// ID token settings, used with Configure ID token (ExtlClntAppGlobalOauthSettings.idTokenConfig).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(extend("x-sfcheck-label" = "ID Token"))]
    pub id_token: Option<IdToken>,
    /// Certificate for the JWT Bearer flow, PEM (ExtlClntAppGlobalOauthSettings.certificate);
    /// its presence is what enables the flow in metadata.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub certificate: Option<String>,
    /// Flow Enablement.
    #[schemars(extend("x-sfcheck-label" = "Flow Enablement"))]
    pub flows: Flows,
    /// Security.
    #[schemars(extend("x-sfcheck-label" = "Security"))]
    pub security: Security,
}

/// Callback URL: Salesforce accepts several.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(untagged)]
pub enum CallbackUrl {
    One(#[schemars(length(min = 1))] String),
    Many(#[schemars(length(min = 1))] Vec<String>),
}

/// Flow Enablement checkboxes.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Flows {
    /// Enable Client Credentials Flow (ExtlClntAppGlobalOauthSettings.isClientCredentialsFlowEnabled).
    pub client_credentials: bool,
    /// Enable Authorization Code and Credentials Flow (ExtlClntAppGlobalOauthSettings.isCodeCredFlowEnabled).
    pub authorization_code_and_credentials: bool,
    /// Enable Device Flow (ExtlClntAppGlobalOauthSettings.isDeviceFlowEnabled).
    pub device: bool,
    /// Enable JWT Bearer Flow (a certificate in ExtlClntAppGlobalOauthSettings.certificate).
    pub jwt_bearer: bool,
    /// Enable Token Exchange Flow (ExtlClntAppGlobalOauthSettings.isTokenExchangeEnabled).
    pub token_exchange: bool,
}

/// Security checkboxes.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Security {
    /// Require secret for Token Exchange Flow (ExtlClntAppGlobalOauthSettings.isSecretRequiredForTokenExchange).
    pub require_secret_for_token_exchange: bool,
    /// Require secret for Web Server Flow (the inverse of ExtlClntAppGlobalOauthSettings.isConsumerSecretOptional).
    pub require_secret_for_web_server_flow: bool,
    /// Require secret for Refresh Token Flow (ExtlClntAppGlobalOauthSettings.isSecretRequiredForRefreshToken).
    pub require_secret_for_refresh_token: bool,
    /// Require PKCE extension for Supported Authorization Flows (ExtlClntAppGlobalOauthSettings.isPkceRequired).
    pub require_pkce: bool,
    /// Enable Refresh Token Rotation (ExtlClntAppGlobalOauthSettings.isRefreshTokenRotationEnabled).
    pub refresh_token_rotation: bool,
    /// Issue JWT-based access tokens for named users (ExtlClntAppGlobalOauthSettings.isNamedUserJwtEnabled).
    pub jwt_access_tokens: bool,
}

/// ID token settings (ExternalAppIdTokenConfig).
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct IdToken {
    /// ID Token Audience (idTokenAudience).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub audience: Option<String>,
    /// Include Standard Claims (idTokenIncludeStandardClaims).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub include_standard_claims: Option<bool>,
    /// Include Custom Attributes (idTokenIncludeAttributes).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub include_custom_attributes: Option<bool>,
    /// ID Token Valid for (idTokenValidityInMinutes), 1 to 720 minutes; 0, as the
    /// Metadata API's own sample writes it, is a warning (SF108), not an error.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(range(min = 0, max = 720))]
    pub validity_minutes: Option<u32>,
}

/// Generates the structure schema from these types: Draft 2020-12, no `null` for optional
/// keys (an optional key is left out, not written empty).
pub fn structure_schema() -> Value {
    let generator = SchemaSettings::draft2020_12()
        .with_transform(RecursiveTransform(tidy))
        .into_generator();
    let generated = generator
        .into_root_schema_for::<ExternalClientApp>()
        .to_value();
    // The root reads best with its identity first; the rest keeps the generated order.
    let mut root = serde_json::Map::new();
    for key in ["$schema", "title"] {
        if let Some(v) = generated.get(key) {
            root.insert(key.into(), v.clone());
        }
    }
    root.insert(
        "description".into(),
        "The description of a Salesforce External Client App that sfcheck reads. \
         Each key names its Setup label and metadata field."
            .into(),
    );
    if let Value::Object(rest) = generated {
        for (k, v) in rest {
            root.entry(k).or_insert(v);
        }
    }
    let mut schema = Value::Object(root);
    for field in fields::FIELDS {
        if let Some(node) = node_at(&mut schema, field.pointer) {
            label(node, field.label);
        }
    }
    schema
}

/// The schema node of the setting at `pointer` (a `$ref` is followed into `$defs`; the
/// node returned is the property itself, which keeps its own annotations beside a `$ref`).
fn node_at<'a>(schema: &'a mut Value, pointer: &str) -> Option<&'a mut Value> {
    let mut at = String::new();
    for key in pointer.strip_prefix('/')?.split('/') {
        let node = schema.pointer(&at)?;
        let parent = match node.get("$ref").and_then(Value::as_str) {
            Some(target) => target.strip_prefix('#')?.to_owned(),
            None => at,
        };
        at = format!("{parent}/properties/{key}");
    }
    schema.pointer_mut(&at)
}

/// Gives a setting's node its Setup label from the field table, first among its
/// `x-sfcheck-*` annotations.
fn label(node: &mut Value, label: &str) {
    let Value::Object(map) = node else {
        return;
    };
    let mut placed = false;
    for (key, value) in std::mem::take(map) {
        if !placed && key.starts_with("x-sfcheck-") {
            map.insert("x-sfcheck-label".into(), label.into());
            placed = true;
        }
        map.insert(key, value);
    }
    if !placed {
        map.insert("x-sfcheck-label".into(), label.into());
    }
}

/// Drops `null` from optional keys, and joins the lines of wrapped doc comments.
fn tidy(schema: &mut Schema) {
    if let Some(Value::String(text)) = schema.get_mut("description") {
        *text = text.replace('\n', " ");
    }
    if let Some(Value::Array(types)) = schema.get_mut("type") {
        types.retain(|t| t != "null");
        if types.len() == 1 {
            let only = types.remove(0);
            schema.insert("type".into(), only);
        }
    }
    if let Some(Value::Array(branches)) = schema.get("anyOf")
        && branches
            .iter()
            .any(|b| b.get("type").is_some_and(|t| t == "null"))
    {
        let rest: Vec<Value> = branches
            .iter()
            .filter(|b| b.get("type").is_none_or(|t| t != "null"))
            .cloned()
            .collect();
        schema.remove("anyOf");
        if let [Value::Object(only)] = rest.as_slice() {
            for (k, v) in only {
                schema.insert(k.clone(), v.clone());
            }
        } else {
            schema.insert("anyOf".into(), Value::Array(rest));
        }
    }
}

/// Serialises a value as the JSON of a committed schema file: pretty, with a final newline.
pub fn schema_file_text(schema: &Value) -> String {
    let mut text = serde_json::to_string_pretty(schema).expect("a JSON value serialises");
    text.push('\n');
    text
}
