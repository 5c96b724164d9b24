//! The metadata types an External Client App is made of, and what a file's name says
//! about it.

use std::path::Path;

use crate::finding::Rule;

/// `SF708`: see `docs/rules/SF708.md`.
pub static WRONG_METADATA_SUFFIX: Rule = crate::rule!("SF708", Error);

/// The metadata types sfcheck reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Kind {
    Header,
    Global,
    OauthSettings,
    Policies,
    OauthPolicies,
}

impl Kind {
    pub(super) const ALL: [Kind; 5] = [
        Kind::Header,
        Kind::Global,
        Kind::OauthSettings,
        Kind::Policies,
        Kind::OauthPolicies,
    ];

    /// The root element (the metadata type name).
    pub fn root(self) -> &'static str {
        match self {
            Kind::Header => "ExternalClientApplication",
            Kind::Global => "ExtlClntAppGlobalOauthSettings",
            Kind::OauthSettings => "ExtlClntAppOauthSettings",
            Kind::Policies => "ExtlClntAppConfigurablePolicies",
            Kind::OauthPolicies => "ExtlClntAppOauthConfigurablePolicies",
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
        }
    }

    /// The elements the Metadata API documents for the type.
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
                "isDeviceFlowEnabled",
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
        }
    }
}

/// Suffixes seen in guides written from memory, and the type each one meant.
const WRONG_SUFFIXES: &[(&str, &str)] = &[
    ("ecaGlobalOauth", "ecaGlblOauth"),
    ("ecaGlobalOAuth", "ecaGlblOauth"),
    ("ecaPolicy", "ecaPlcy"),
    ("ecaOauthPolicy", "ecaOauthPlcy"),
    ("ecaOAuth", "ecaOauth"),
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
        assert_eq!(c("x/App.ecaOauthSecurity-meta.xml"), Classified::Other);
    }
}
