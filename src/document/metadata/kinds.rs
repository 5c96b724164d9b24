//! The metadata types an External Client App is made of, and what a file's name says
//! about it.

use std::path::Path;

use crate::finding::Rule;

/// `SF708`: see `docs/rules/SF708.md`.
pub static WRONG_METADATA_SUFFIX: Rule = crate::rule!("SF708", Error);

/// The metadata types of an External Client App, as the Salesforce CLI's registry lists
/// them. The first five feed the description; the others are read for their structure.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Kind {
    Header,
    Global,
    OauthSettings,
    Policies,
    OauthPolicies,
    OauthSecurity,
    SamlPolicies,
    Canvas,
    Mobile,
    MobilePolicies,
    Notifications,
    Push,
    PushPolicies,
}

impl Kind {
    /// The types a description maps onto, header first: the files `export` writes.
    pub const DESCRIBED: [Kind; 5] = [
        Kind::Header,
        Kind::Global,
        Kind::OauthSettings,
        Kind::Policies,
        Kind::OauthPolicies,
    ];

    /// Every type.
    pub const ALL: [Kind; 13] = [
        Kind::Header,
        Kind::Global,
        Kind::OauthSettings,
        Kind::Policies,
        Kind::OauthPolicies,
        Kind::OauthSecurity,
        Kind::SamlPolicies,
        Kind::Canvas,
        Kind::Mobile,
        Kind::MobilePolicies,
        Kind::Notifications,
        Kind::Push,
        Kind::PushPolicies,
    ];

    /// The root element (the metadata type name).
    pub fn root(self) -> &'static str {
        match self {
            Kind::Header => "ExternalClientApplication",
            Kind::Global => "ExtlClntAppGlobalOauthSettings",
            Kind::OauthSettings => "ExtlClntAppOauthSettings",
            Kind::Policies => "ExtlClntAppConfigurablePolicies",
            Kind::OauthPolicies => "ExtlClntAppOauthConfigurablePolicies",
            Kind::OauthSecurity => "ExtlClntAppOauthSecuritySettings",
            Kind::SamlPolicies => "ExtlClntAppSamlConfigurablePolicies",
            Kind::Canvas => "ExtlClntAppCanvasSettings",
            Kind::Mobile => "ExtlClntAppMobileSettings",
            Kind::MobilePolicies => "ExtlClntAppMobileConfigurablePolicies",
            Kind::Notifications => "ExtlClntAppNotificationSettings",
            Kind::Push => "ExtlClntAppPushSettings",
            Kind::PushPolicies => "ExtlClntAppPushConfigurablePolicies",
        }
    }

    /// How help names a file of this type ("Add `<label>` to the header file").
    pub fn file_title(self) -> &'static str {
        match self {
            Kind::Header => "header file",
            Kind::Global => "global OAuth settings",
            Kind::OauthSettings => "OAuth settings",
            Kind::Policies => "app's policies",
            Kind::OauthPolicies => "app's OAuth policies",
            Kind::OauthSecurity => "OAuth security settings",
            Kind::SamlPolicies => "app's SAML policies",
            Kind::Canvas => "canvas settings",
            Kind::Mobile => "mobile settings",
            Kind::MobilePolicies => "app's mobile policies",
            Kind::Notifications => "notification settings",
            Kind::Push => "push settings",
            Kind::PushPolicies => "app's push policies",
        }
    }

    /// The file suffix, without `-meta.xml`.
    pub fn suffix(self) -> &'static str {
        match self {
            Kind::Header => "eca",
            Kind::Global => "ecaGlblOauth",
            Kind::OauthSettings => "ecaOauth",
            Kind::Policies => "ecaPlcy",
            Kind::OauthPolicies => "ecaOauthPlcy",
            Kind::OauthSecurity => "ecaOauthSecurity",
            Kind::SamlPolicies => "ecaSamlPlcy",
            Kind::Canvas => "ecaCanvas",
            Kind::Mobile => "ecaMobile",
            Kind::MobilePolicies => "ecaMobilePlcy",
            Kind::Notifications => "ecaNotifications",
            Kind::Push => "ecaPush",
            Kind::PushPolicies => "ecaPushPlcy",
        }
    }

    /// The source-format folder.
    pub fn folder(self) -> &'static str {
        match self {
            Kind::Header => "externalClientApps",
            Kind::Global => "extlClntAppGlobalOauthSets",
            Kind::OauthSettings => "extlClntAppOauthSettings",
            Kind::Policies => "extlClntAppPolicies",
            Kind::OauthPolicies => "extlClntAppOauthPolicies",
            Kind::OauthSecurity => "extlClntAppOauthSecuritySettings",
            Kind::SamlPolicies => "extlClntAppSamlConfigurablePolicies",
            Kind::Canvas => "extlClntAppCanvasSettings",
            Kind::Mobile => "extlClntAppMobileSettings",
            Kind::MobilePolicies => "extlClntAppMobilePolicies",
            Kind::Notifications => "extlClntAppNotifSettings",
            Kind::Push => "extlClntAppPushSettings",
            Kind::PushPolicies => "extlClntAppPushPolicies",
        }
    }

    /// The member name a retrieve gives this type's file for the app `app`: the header
    /// is the app itself; satellites are named after it (`App_glbloauth`, `App_oauth`,
    /// and the policies Salesforce creates, `App_defaultPolicy` and
    /// `App_oauth_defaultPolicy`). Only `export` uses it; the reader links files by
    /// their `externalClientApplication` element. `None` for the types a description
    /// does not map onto.
    pub fn member(self, app: &str) -> Option<String> {
        let tail = match self {
            Kind::Header => "",
            Kind::Global => "_glbloauth",
            Kind::OauthSettings => "_oauth",
            Kind::Policies => "_defaultPolicy",
            Kind::OauthPolicies => "_oauth_defaultPolicy",
            _ => return None,
        };
        Some(format!("{app}{tail}"))
    }

    /// The elements the Metadata API documents for the type, in the order a retrieve
    /// writes them (the Metadata API's field order, which for these types is
    /// alphabetical): `export` writes elements in this order.
    pub fn fields(self) -> &'static [&'static str] {
        match self {
            Kind::Header => &[
                "contactEmail",
                "contactPhone",
                "description",
                "distributionState",
                "fullName",
                "iconUrl",
                "infoUrl",
                "isProtected",
                "label",
                "logoUrl",
                "managedType",
                "orgScopedExternalApp",
            ],
            Kind::Global => &[
                "callbackUrl",
                "certificate",
                "consumerKey",
                "consumerSecret",
                "externalClientApplication",
                "fullName",
                "idTokenConfig",
                "isClientCredentialsFlowEnabled",
                "isCodeCredFlowEnabled",
                "isCodeCredPostOnly",
                "isConsumerSecretOptional",
                "isDPopEnabled",
                "isDeviceFlowEnabled",
                "isEnforceRefreshTokenTTL",
                "isIntrospectAllTokens",
                "isNamedUserJwtEnabled",
                "isPkceRequired",
                "isRefreshTokenRotationEnabled",
                "isSecretRequiredForRefreshToken",
                "isSecretRequiredForTokenExchange",
                "isTokenExchangeEnabled",
                "label",
                "shouldRotateConsumerKey",
                "shouldRotateConsumerSecret",
            ],
            Kind::OauthSettings => &[
                "areAttributesIncludedInAssetToken",
                "areCustomPermsIncludedInAssetToken",
                "assetTokenAudiences",
                "assetTokenSigningCertificate",
                "assetTokenValidity",
                "clientAssertionCertificate",
                "commaSeparatedCustomScopes",
                "commaSeparatedOauthScopes",
                "customAttributes",
                "externalClientApplication",
                "fullName",
                "isFirstPartyAppEnabled",
                "label",
                "oauthLink",
                "singleLogoutUrl",
                "trustedIpRanges",
            ],
            Kind::Policies => &[
                "externalClientApplication",
                "fullName",
                "isCanvasPluginEnabled",
                "isEnabled",
                "isMobilePluginEnabled",
                "isNotificationPluginEnabled",
                "isOauthPluginEnabled",
                "isPushPluginEnabled",
                "isSamlPluginEnabled",
                "label",
                "startPage",
                "startUrl",
            ],
            Kind::OauthPolicies => &[
                "apexHandler",
                "clientCredentialsFlowUser",
                "commaSeparatedCustomScopes",
                "commaSeparatedPermissionSet",
                "commaSeparatedProfile",
                "customAttributes",
                "executeHandlerAs",
                "externalClientApplication",
                "fullName",
                "guestJwtSessionTimeoutType",
                "guestJwtTimeout",
                "ipRelaxationPolicyType",
                "isClientCredentialsFlowEnabled",
                "isGuestCodeCredFlowEnabled",
                "isNamedUserJwtEnabled",
                "isTokenExchangeFlowEnabled",
                "label",
                "namedUserJwtSessionTimeoutType",
                "namedUserJwtTimeout",
                "permittedUsersPolicyType",
                "policyAction",
                "refreshTokenPolicyType",
                "refreshTokenValidityPeriod",
                "refreshTokenValidityUnit",
                "requiredSessionLevel",
                "sessionTimeoutInMinutes",
                "singleLogoutUrl",
                "startUrl",
            ],
            // No document lists this type's elements yet: the link to the app is all
            // sfcheck knows, and any other element is a warning (SF703).
            Kind::OauthSecurity => &["externalClientApplication", "fullName", "label"],
            Kind::SamlPolicies => &[
                "acsUrl",
                "certificate",
                "commaSeparatedPermissionSet",
                "commaSeparatedProfile",
                "customAttributes",
                "encryptionCertificate",
                "encryptionType",
                "entityUrl",
                "externalClientApplication",
                "fullName",
                "issuer",
                "label",
                "nameIdFormat",
                "signingAlgorithmType",
                "singleLogoutBindingType",
                "singleLogoutUrl",
                "startUrl",
                "subjectCustomAttribute",
                "subjectType",
            ],
            Kind::Canvas => &[
                "accessMethod",
                "canvasLocationOptions",
                "canvasOptions",
                "canvasUrl",
                "externalClientApplication",
                "fullName",
                "label",
                "lifeCycleHandler",
                "samlInitiationMethod",
            ],
            Kind::Mobile => &[
                "externalClientApplication",
                "fullName",
                "isScreenLockEnabled",
                "label",
            ],
            Kind::MobilePolicies => &[
                "externalClientApplication",
                "fullName",
                "label",
                "screenLockTimeout",
            ],
            Kind::Notifications => &[
                "externalClientApplication",
                "fullName",
                "label",
                "notificationTypes",
            ],
            Kind::Push => &[
                "androidPushConfig",
                "applePushConfig",
                "externalClientApplication",
                "fullName",
                "label",
                "pushConfigLink",
                "pushServiceType",
            ],
            Kind::PushPolicies => &[
                "externalClientApplication",
                "fullName",
                "isFullContent",
                "label",
            ],
        }
    }

    /// Whether the Metadata API documents this type's elements; for one it does not,
    /// an element sfcheck does not know is only a warning.
    pub fn documented(self) -> bool {
        self != Kind::OauthSecurity
    }

    /// The child elements of an element that holds others, such as `idTokenConfig`;
    /// `None` for an element of plain text.
    pub fn children(self, element: &str) -> Option<&'static [&'static str]> {
        Some(match (self, element) {
            (Kind::Global, "idTokenConfig") => &[
                "idTokenAudience",
                "idTokenIncludeAttributes",
                "idTokenIncludeCustomPermissions",
                "idTokenIncludeStandardClaims",
                "idTokenValidityInMinutes",
            ],
            (
                Kind::OauthSettings | Kind::OauthPolicies | Kind::SamlPolicies,
                "customAttributes",
            ) => &["formula", "key"],
            (Kind::OauthSettings, "trustedIpRanges") => {
                &["description", "endIpAddress", "startIpAddress"]
            }
            (Kind::Notifications, "notificationTypes") => &["notificationType", "pushByDefault"],
            (Kind::Push, "androidPushConfig") => &["fcmProject", "serviceAccount"],
            (Kind::Push, "applePushConfig") => &[
                "applicationBundle",
                "certificate",
                "environment",
                "keyIdentifier",
                "password",
                "signingKey",
                "teamIdentifier",
            ],
            _ => return None,
        })
    }
}

/// Suffixes seen in guides written from memory, and the type each one meant.
const WRONG_SUFFIXES: &[(&str, &str)] = &[
    ("ecaGlobalOauth", "ecaGlblOauth"),
    ("ecaGlobalOAuth", "ecaGlblOauth"),
    ("ecaPolicy", "ecaPlcy"),
    ("ecaOauthPolicy", "ecaOauthPlcy"),
    ("ecaOAuth", "ecaOauth"),
    ("ecaSecurity", "ecaOauthSecurity"),
    ("externalClientApp", "eca"),
    ("externalClientApplication", "eca"),
];

/// What a file's name says it is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Classified {
    /// An ECA metadata file: its type and member name.
    Meta(Kind, String),
    /// A suffix Salesforce does not use, and the one it should be.
    WrongSuffix { wrong: String, right: &'static str },
    /// Not ECA metadata.
    Other,
}

/// Classifies a path by its file name: `<member>.<suffix>-meta.xml`, or the bare
/// Metadata API form `<member>.<suffix>`.
pub fn classify(path: &Path) -> Classified {
    let Some(name) = path.file_name().and_then(|n| n.to_str()) else {
        return Classified::Other;
    };
    let stem = name.strip_suffix("-meta.xml").unwrap_or(name);
    let Some((member, suffix)) = stem.rsplit_once('.') else {
        return Classified::Other;
    };
    if member.is_empty() {
        return Classified::Other;
    }
    if let Some(kind) = Kind::ALL.iter().find(|k| k.suffix() == suffix) {
        return Classified::Meta(*kind, member.to_owned());
    }
    // A wrong suffix only counts in a `-meta.xml` file, or in an ECA folder.
    let in_eca_folder = path
        .parent()
        .and_then(|p| p.file_name())
        .and_then(|f| f.to_str())
        .is_some_and(is_type_folder);
    if (name.ends_with("-meta.xml") || in_eca_folder)
        && let Some((wrong, right)) = WRONG_SUFFIXES.iter().find(|(w, _)| *w == suffix)
    {
        return Classified::WrongSuffix {
            wrong: (*wrong).to_owned(),
            right,
        };
    }
    Classified::Other
}

/// Whether a folder name is one of the ECA types' source-format folders.
pub fn is_type_folder(name: &str) -> bool {
    Kind::ALL.iter().any(|k| k.folder() == name)
}

/// Whether discovery should pick this file up.
pub fn is_metadata(path: &Path) -> bool {
    classify(path) != Classified::Other
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn classifies_by_suffix() {
        let c = |p: &str| classify(Path::new(p));
        assert_eq!(
            c("externalClientApps/App.eca-meta.xml"),
            Classified::Meta(Kind::Header, "App".into())
        );
        assert_eq!(
            c("extlClntAppGlobalOauthSets/App_glbloauth.ecaGlblOauth"),
            Classified::Meta(Kind::Global, "App_glbloauth".into())
        );
        assert_eq!(
            c("x/App.ecaGlobalOauth-meta.xml"),
            Classified::WrongSuffix {
                wrong: "ecaGlobalOauth".into(),
                right: "ecaGlblOauth"
            }
        );
        assert_eq!(c("app.eca.yaml"), Classified::Other);
        assert_eq!(
            c("x/App_security.ecaOauthSecurity-meta.xml"),
            Classified::Meta(Kind::OauthSecurity, "App_security".into())
        );
        assert_eq!(
            c("x/App.ecaSecurity-meta.xml"),
            Classified::WrongSuffix {
                wrong: "ecaSecurity".into(),
                right: "ecaOauthSecurity"
            }
        );
    }

    #[test]
    fn fields_are_in_retrieve_order() {
        for kind in Kind::DESCRIBED {
            let fields = kind.fields();
            for pair in fields.windows(2) {
                assert!(
                    pair[0] < pair[1],
                    "{:?}: {} before {}",
                    kind,
                    pair[0],
                    pair[1]
                );
            }
        }
    }
}
