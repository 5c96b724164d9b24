//! Salesforce DX metadata (the XML `sf project retrieve` writes) → the same [`Document`]
//! as a YAML description, so the same schemas and rules apply.
//!
//! An app is a header file (`externalClientApps/<Name>.eca-meta.xml`) and satellites
//! linked to it by their `externalClientApplication` element, not by file name. The
//! app's files are laid end to end in one text, so every span is an offset into it and
//! the check layer needs no notion of several files; [`MetaApp::split`] hands each
//! finding back to its file.

use std::collections::BTreeMap;
use std::ops::Range;
use std::path::Path;

use serde_json::{Map, Value};

use super::Document;
use super::spans::{NodeSpan, SpanMap};
use crate::check::suggest;
use crate::codes;
use crate::model::SCOPE_TOKENS;
use crate::report::finding::{Finding, Severity};

/// The Metadata API namespace every ECA file uses.
pub const NAMESPACE: &str = "http://soap.sforce.com/2006/04/metadata";

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
    const ALL: [Kind; 5] = [
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
    fn fields(self) -> &'static [&'static str] {
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

/// The deepest element nesting read; metadata needs three levels.
const MAX_DEPTH: u32 = 32;

/// One direct child element of a metadata file's root, with its spans (file-local).
#[derive(Debug, Clone)]
struct Element {
    name: String,
    text: String,
    /// The element name in the start tag.
    name_span: Range<usize>,
    /// The text content, or the whole element when it has none.
    text_span: Range<usize>,
    children: Vec<Element>,
}

/// A parsed metadata file.
#[derive(Debug, Clone)]
pub struct MetaFile {
    pub path: String,
    pub text: String,
    pub kind: Kind,
    pub member: String,
    /// The app it belongs to: the header's member name, or a satellite's
    /// `externalClientApplication`.
    pub app: Option<String>,
    app_span: Range<usize>,
    /// The root element's name in its start tag (file-local).
    root_span: Range<usize>,
    elements: Vec<Element>,
}

/// Parses one metadata file. A file that cannot be used comes back as a finding
/// (file-local span).
pub fn parse_file(
    path: &str,
    text: String,
    kind: Kind,
    member: String,
) -> Result<MetaFile, Box<Finding>> {
    if let Some((at, why)) = super::xml_guard::attribute_flood(&text) {
        return Err(Box::new(
            Finding::new(codes::XML_SYNTAX, Severity::Error, at, "", format!("{why}; checking stopped"))
                .help("Metadata elements carry no attributes but `xmlns`. Look for a generated or corrupted file."),
        ));
    }
    let options = roxmltree::ParsingOptions {
        allow_dtd: false,
        nodes_limit: 100_000,
        ..roxmltree::ParsingOptions::default()
    };
    let doc =
        match roxmltree::Document::parse_with_options(&text, options) {
            Ok(doc) => doc,
            Err(e) => {
                let pos = e.pos();
                let at = match e {
                    // Reported at the file's start: the element left open is the useful place.
                    roxmltree::Error::UnclosedRootNode => text.find(kind.root()).unwrap_or(0),
                    _ => offset_of(&text, pos.row as usize, pos.col as usize),
                };
                return Err(Box::new(Finding::new(
                codes::XML_SYNTAX,
                Severity::Error,
                at..at,
                "",
                format!("the file is not well-formed XML: {e}"),
            )
            .help(
                "Fix the XML at this position; `sf project retrieve` writes well-formed files.",
            )));
            }
        };
    let root = doc.root_element();
    let root_span = name_span(&text, root.range());
    // Metadata nests three levels at most; depth is counted without recursion, in
    // document order, where a parent always comes before its children.
    let mut depth = vec![0u32; doc.descendants().count() + 1];
    for node in doc.descendants() {
        let d = node.parent().map_or(0, |p| depth[p.id().get_usize()] + 1);
        depth[node.id().get_usize()] = d;
        if d > MAX_DEPTH {
            let at = node.range().start;
            return Err(Box::new(
                Finding::new(
                    codes::TOO_DEEP,
                    Severity::Error,
                    at..at,
                    "",
                    format!("the XML nests deeper than {MAX_DEPTH} levels; checking stopped"),
                )
                .help(
                    "Metadata nests three levels at most. Look for unclosed or runaway elements.",
                ),
            ));
        }
    }
    let tag = root.tag_name();
    if tag.name() != kind.root() || tag.namespace() != Some(NAMESPACE) {
        let found = match tag.namespace() {
            Some(ns) if ns != NAMESPACE => format!("`{}` in namespace `{ns}`", tag.name()),
            None if tag.name() == kind.root() => {
                format!("`{}` without the metadata namespace", tag.name())
            }
            _ => format!("`{}`", tag.name()),
        };
        return Err(Box::new(
            Finding::new(
                codes::WRONG_ROOT_ELEMENT,
                Severity::Error,
                root_span,
                "",
                format!(
                    "a `.{}` file must hold `{}`, found {found}",
                    kind.suffix(),
                    kind.root()
                ),
            )
            .help(format!(
                "Write `<{} xmlns=\"{NAMESPACE}\">` as the root element.",
                kind.root()
            )),
        ));
    }
    let elements: Vec<Element> = root
        .children()
        .filter(|n| n.is_element())
        .map(|n| element(&text, n, 0))
        .collect();
    let (app, app_span) = match kind {
        Kind::Header => (Some(member.clone()), root_span.clone()),
        _ => match elements
            .iter()
            .find(|e| e.name == "externalClientApplication")
        {
            Some(e) => (Some(e.text.trim().to_owned()), e.text_span.clone()),
            None => (None, root_span.clone()),
        },
    };
    Ok(MetaFile {
        path: path.to_owned(),
        text,
        kind,
        member,
        app,
        app_span,
        root_span,
        elements,
    })
}

fn element(text: &str, node: roxmltree::Node, depth: u8) -> Element {
    let range = node.range();
    let text_node = node.children().find(|c| c.is_text());
    let content: String = node
        .children()
        .filter(|c| c.is_text())
        .filter_map(|c| c.text())
        .collect();
    let text_span = match text_node {
        Some(t) if !content.trim().is_empty() => {
            // The trimmed text, so an underline sits on the value, not on indentation.
            let r = t.range();
            let raw = &text[r.clone()];
            let start = r.start + (raw.len() - raw.trim_start().len());
            start..r.start + raw.trim_end().len()
        }
        _ => range.clone(),
    };
    Element {
        name: node.tag_name().name().to_owned(),
        text: content,
        name_span: name_span(text, range),
        text_span,
        // One level is all metadata uses (`idTokenConfig`); no recursion on deep input.
        children: if depth == 0 {
            node.children()
                .filter(|n| n.is_element())
                .map(|n| element(text, n, 1))
                .collect()
        } else {
            Vec::new()
        },
    }
}

/// The name of the root element in its start tag, found without parsing (for a file
/// that is reported but not read), or the file start.
pub fn root_element_span(text: &str) -> Range<usize> {
    let mut from = 0;
    while let Some(at) = text[from..].find('<') {
        let start = from + at + 1;
        if text[start..].starts_with(|c: char| c.is_alphabetic()) {
            let len = text[start..]
                .find(|c: char| c.is_whitespace() || c == '>' || c == '/')
                .unwrap_or(0);
            return start..start + len;
        }
        from = start;
    }
    0..0
}

/// The element name inside its start tag (`<name …>`), from the element's range.
fn name_span(text: &str, element: Range<usize>) -> Range<usize> {
    let start = element.start + 1;
    let rest = text.get(start..element.end).unwrap_or_default();
    let len = rest
        .find(|c: char| c.is_whitespace() || c == '>' || c == '/')
        .unwrap_or(rest.len());
    start..start + len
}

fn offset_of(text: &str, row: usize, col: usize) -> usize {
    let line_start: usize = text
        .split_inclusive('\n')
        .take(row.saturating_sub(1))
        .map(str::len)
        .sum();
    let line = text[line_start..].lines().next().unwrap_or_default();
    line_start
        + line
            .char_indices()
            .nth(col.saturating_sub(1))
            .map_or(line.len(), |(i, _)| i)
}

/// The files of one app, header first.
#[derive(Debug, Clone)]
pub struct MetaApp {
    pub name: String,
    pub files: Vec<MetaFile>,
}

/// A file that is reported on its own (not part of an app), with file-local findings.
#[derive(Debug, Clone)]
pub struct Lone {
    pub path: String,
    pub text: String,
    pub findings: Vec<Finding>,
}

/// The folder a source-format file sits in, when it is not its type's folder.
fn wrong_folder(file: &MetaFile) -> Option<String> {
    if !file.path.ends_with("-meta.xml") {
        return None;
    }
    let folder = Path::new(&file.path).parent()?.file_name()?.to_str()?;
    (folder != file.kind.folder()).then(|| folder.to_owned())
}

/// Groups parsed files into apps by `externalClientApplication`. Satellites that name no
/// header, and second files of one type for one app, are reported on their own.
pub fn group(files: Vec<MetaFile>) -> (Vec<MetaApp>, Vec<Lone>) {
    let mut apps: BTreeMap<String, MetaApp> = BTreeMap::new();
    let mut lone = Vec::new();
    let (headers, satellites): (Vec<MetaFile>, Vec<MetaFile>) =
        files.into_iter().partition(|f| f.kind == Kind::Header);
    for header in headers {
        let name = header.member.clone();
        match apps.get(&name) {
            Some(first) => {
                let finding = Finding::new(
                    codes::DUPLICATE_METADATA,
                    Severity::Error,
                    header.root_span.clone(),
                    "",
                    format!(
                        "a second header file for the app `{name}` (the first is {})",
                        first.files[0].path
                    ),
                )
                .help("Keep one header file per app.");
                lone.push(Lone {
                    path: header.path,
                    text: header.text,
                    findings: vec![finding],
                });
            }
            None => {
                apps.insert(
                    name.clone(),
                    MetaApp {
                        name,
                        files: vec![header],
                    },
                );
            }
        }
    }
    for file in satellites {
        let app_name = file.app.clone().unwrap_or_default();
        let Some(app) = apps.get_mut(&app_name) else {
            let known: Vec<String> = apps.keys().cloned().collect();
            let mut finding = if file.app.is_none() {
                Finding::new(
                    codes::ORPHAN_METADATA,
                    Severity::Error,
                    file.app_span.clone(),
                    "",
                    format!("`{}` has no `externalClientApplication` element, so it belongs to no app", file.kind.root()),
                )
                .help("Add `<externalClientApplication>` with the app's API name (its header file's name).")
            } else {
                Finding::new(
                    codes::ORPHAN_METADATA,
                    Severity::Error,
                    file.app_span.clone(),
                    "",
                    format!("`externalClientApplication` names `{app_name}`, but no header file `{app_name}.eca-meta.xml` was found"),
                )
                .help("Correct the name to the app's API name, or add the header file under `externalClientApps/`.")
            };
            if let Some(s) = suggest::closest(&app_name, &known) {
                finding = finding.label(format!("did you mean `{s}`?"));
            }
            lone.push(Lone {
                path: file.path,
                text: file.text,
                findings: vec![finding],
            });
            continue;
        };
        if let Some(first) = app.files.iter().find(|f| f.kind == file.kind) {
            let finding = Finding::new(
                codes::DUPLICATE_METADATA,
                Severity::Error,
                file.app_span.clone(),
                "",
                format!(
                    "the app `{app_name}` already has a `{}` file: {}",
                    file.kind.root(),
                    first.path
                ),
            )
            .help("Keep one file of each type per app.");
            lone.push(Lone {
                path: file.path,
                text: file.text,
                findings: vec![finding],
            });
            continue;
        }
        app.files.push(file);
    }
    let mut apps: Vec<MetaApp> = apps.into_values().collect();
    for app in &mut apps {
        app.files.sort_by_key(|f| f.kind);
    }
    (apps, lone)
}

/// The keys that only the global OAuth settings file can give.
pub const GLOBAL_POINTERS: &[&str] = &[
    "/oauth/callbackUrl",
    "/oauth/introspectAllTokens",
    "/oauth/configureIdToken",
    "/oauth/flows",
    "/oauth/security",
];

/// A checkbox read from a global settings element: its model key, its default when the
/// element is absent (`None`: no documented default), and whether the element means the
/// opposite of the checkbox.
struct Checkbox {
    pointer: &'static str,
    element: &'static str,
    default: Option<bool>,
    inverted: bool,
}

const CHECKBOXES: &[Checkbox] = &[
    Checkbox {
        pointer: "/oauth/introspectAllTokens",
        element: "isIntrospectAllTokens",
        default: Some(false),
        inverted: false,
    },
    Checkbox {
        pointer: "/oauth/flows/clientCredentials",
        element: "isClientCredentialsFlowEnabled",
        default: None,
        inverted: false,
    },
    Checkbox {
        pointer: "/oauth/flows/authorizationCodeAndCredentials",
        element: "isCodeCredFlowEnabled",
        default: Some(false),
        inverted: false,
    },
    Checkbox {
        pointer: "/oauth/flows/device",
        element: "isDeviceFlowEnabled",
        default: None,
        inverted: false,
    },
    Checkbox {
        pointer: "/oauth/flows/tokenExchange",
        element: "isTokenExchangeEnabled",
        default: None,
        inverted: false,
    },
    Checkbox {
        pointer: "/oauth/security/requireSecretForTokenExchange",
        element: "isSecretRequiredForTokenExchange",
        default: None,
        inverted: false,
    },
    Checkbox {
        pointer: "/oauth/security/requireSecretForWebServerFlow",
        element: "isConsumerSecretOptional",
        default: Some(false),
        inverted: true,
    },
    Checkbox {
        pointer: "/oauth/security/requireSecretForRefreshToken",
        element: "isSecretRequiredForRefreshToken",
        default: Some(true),
        inverted: false,
    },
    Checkbox {
        pointer: "/oauth/security/requirePkce",
        element: "isPkceRequired",
        default: Some(true),
        inverted: false,
    },
    Checkbox {
        pointer: "/oauth/security/refreshTokenRotation",
        element: "isRefreshTokenRotationEnabled",
        default: None,
        inverted: false,
    },
    Checkbox {
        pointer: "/oauth/security/jwtAccessTokens",
        element: "isNamedUserJwtEnabled",
        default: Some(false),
        inverted: false,
    },
];

/// The metadata element behind a model pointer, for messages about defaults.
pub fn element_for(pointer: &str) -> Option<&'static str> {
    if pointer == "/oauth/enabled" {
        return Some("isOauthPluginEnabled");
    }
    if pointer == "/oauth/configureIdToken" {
        return Some("idTokenConfig");
    }
    CHECKBOXES
        .iter()
        .find(|c| c.pointer == pointer)
        .map(|c| c.element)
}

/// Rewords help written for the YAML description for someone editing metadata: the
/// element to write instead of the key to set, the scope token instead of the scope name.
pub fn metadata_help(pointer: &str, help: &str) -> String {
    let mut help = help.to_owned();
    if let Some(cb) = CHECKBOXES.iter().find(|c| c.pointer == pointer) {
        for value in [true, false] {
            let written = value != cb.inverted;
            help = help.replace(
                &format!("set this key to `{value}`"),
                &format!(
                    "write `<{0}>{written}</{0}>` in the global OAuth settings",
                    cb.element
                ),
            );
        }
    }
    if pointer.starts_with("/oauth/scopes") {
        for (token, name) in SCOPE_TOKENS {
            help = help.replace(
                &format!("Add `{name}` to `oauth.scopes`"),
                &format!("Add `{token}` to `<commaSeparatedOauthScopes>`"),
            );
        }
        help = help.replace(
            "Remove it from `oauth.scopes`",
            "Remove its token from `<commaSeparatedOauthScopes>`",
        );
    }
    if pointer == "/oauth/enabled" {
        help = help.replace(
            "set `oauth.enabled: true`",
            "write `<isOauthPluginEnabled>true</isOauthPluginEnabled>` in the app's policies",
        );
    }
    if pointer == "/distributionState" {
        help = help.replace(
            "Set `distributionState: Local`",
            "Write `<distributionState>Local</distributionState>`",
        );
    }
    help
}

/// What building an app's document gave.
pub struct Built {
    pub document: Document,
    /// The app's files laid end to end, in the order of `MetaApp::files`.
    pub text: String,
    /// Where each file starts in `text`.
    pub starts: Vec<usize>,
    /// Findings of the mapping itself (unknown elements, scope tokens, defaults).
    pub findings: Vec<Finding>,
    /// Pointers whose value is Salesforce's default for an absent element.
    pub defaulted: Vec<(String, bool)>,
    /// Whether the global OAuth settings file is missing.
    pub global_missing: bool,
}

impl MetaApp {
    /// Maps the app onto the description model.
    pub fn build(&self) -> Built {
        let mut starts = Vec::new();
        let mut text = String::new();
        for file in &self.files {
            starts.push(text.len());
            text.push_str(&file.text);
            text.push('\n');
        }
        let mut b = Builder {
            spans: SpanMap::default(),
            findings: Vec::new(),
            defaulted: Vec::new(),
        };
        let shift = |i: usize, r: &Range<usize>| starts[i] + r.start..starts[i] + r.end;
        let find = |kind: Kind| self.files.iter().position(|f| f.kind == kind);
        let header = 0;
        let global = find(Kind::Global);
        let oauth_settings = find(Kind::OauthSettings);
        let policies = find(Kind::Policies);
        let get = |i: usize, name: &str| self.files[i].elements.iter().find(|e| e.name == name);

        // Unknown elements and values that belong to one org, in every file.
        for (i, file) in self.files.iter().enumerate() {
            if let Some(folder) = wrong_folder(file) {
                b.findings.push(
                    Finding::new(
                        codes::WRONG_METADATA_SUFFIX,
                        Severity::Warning,
                        shift(i, &file.root_span),
                        "",
                        format!("`{}` files belong in `{}/`, not `{folder}/`", file.kind.root(), file.kind.folder()),
                    )
                    .help(format!("Move the file to `{}/`; the Salesforce CLI finds it by its suffix, but tools and people look in the usual folder.", file.kind.folder())),
                );
            }
            for e in &file.elements {
                if !file.kind.fields().contains(&e.name.as_str()) {
                    b.unknown_element(file.kind, e, shift(i, &e.name_span));
                }
                let value = e.text.trim();
                match e.name.as_str() {
                    "oauthLink" | "orgScopedExternalApp" => b.findings.push(
                        Finding::new(codes::ORG_SPECIFIC_VALUE, Severity::Warning, shift(i, &e.name_span), "", format!("`{}` holds an org-specific value (`{}`)", e.name, short(value)))
                            .label("only valid in the org it came from")
                            .help("Remove it before deploying to another org; Salesforce generates it. A wrong one makes the deploy fail."),
                    ),
                    "shouldRotateConsumerKey" | "shouldRotateConsumerSecret" if value == "true" => b.findings.push(
                        Finding::new(codes::ROTATES_ON_DEPLOY, Severity::Warning, shift(i, &e.text_span), "", format!("`{}` is true: every deploy regenerates the credential", e.name))
                            .help("Set it to `false`; every deploy would otherwise break Deskpro's connection until it gets the new credential."),
                    ),
                    _ => {}
                }
            }
        }

        let mut root = Map::new();
        let root_span = shift(header, &self.files[header].root_span);
        b.spans.insert(
            String::new(),
            NodeSpan {
                key: None,
                value: root_span.clone(),
            },
        );
        root.insert("name".into(), Value::String(self.name.clone()));
        b.spans.insert(
            "/name".into(),
            NodeSpan {
                key: Some(root_span.clone()),
                value: root_span.clone(),
            },
        );
        // Text elements whose model key is their own name.
        for key in [
            "label",
            "description",
            "contactEmail",
            "contactPhone",
            "infoUrl",
            "iconUrl",
            "logoUrl",
            "distributionState",
        ] {
            match get(header, key) {
                Some(e) => b.text(&mut root, key, e, starts[header]),
                None if matches!(key, "label" | "contactEmail" | "distributionState") => {
                    b.findings.push(
                        Finding::new(
                            codes::MISSING_KEY,
                            Severity::Error,
                            root_span.clone(),
                            format!("/{key}"),
                            format!("missing element `<{key}>` in `ExternalClientApplication`"),
                        )
                        .label(format!("`<{key}>` is missing in here"))
                        .help(format!(
                            "Add `<{key}>` to the header file, as Setup shows it."
                        )),
                    )
                }
                None => {}
            }
        }
        for (g, key) in global
            .into_iter()
            .flat_map(|g| [(g, "consumerKey"), (g, "consumerSecret")])
        {
            if let Some(e) = get(g, key) {
                b.text(&mut root, key, e, starts[g]);
            }
        }

        let mut oauth = Map::new();
        let oauth_key = global
            .or(oauth_settings)
            .map(|i| shift(i, &self.files[i].root_span))
            .unwrap_or(root_span.clone());
        b.spans.insert(
            "/oauth".into(),
            NodeSpan {
                key: Some(oauth_key.clone()),
                value: oauth_key.clone(),
            },
        );
        match policies.and_then(|p| get(p, "isOauthPluginEnabled").map(|e| (p, e))) {
            Some((p, e)) => b.put(
                &mut oauth,
                "enabled",
                "/oauth/enabled",
                boolean(&e.text),
                shift(p, &e.name_span),
                shift(p, &e.text_span),
            ),
            None => {
                oauth.insert("enabled".into(), Value::Bool(true));
                b.defaulted.push(("/oauth/enabled".into(), true));
            }
        }
        if let Some(g) = global
            && let Some(e) = get(g, "callbackUrl")
        {
            b.callback_urls(&mut oauth, e, starts[g]);
        }
        match oauth_settings.and_then(|o| get(o, "commaSeparatedOauthScopes").map(|e| (o, e))) {
            Some((o, e)) => b.scopes(&mut oauth, e, starts[o]),
            None => {
                let at = oauth_settings
                    .map(|o| shift(o, &self.files[o].root_span))
                    .unwrap_or(root_span.clone());
                let message = if oauth_settings.is_some() {
                    "missing element `<commaSeparatedOauthScopes>` in `ExtlClntAppOauthSettings`: the app selects no OAuth scope".to_owned()
                } else {
                    format!(
                        "no OAuth settings file (`extlClntAppOauthSettings/*.ecaOauth-meta.xml`) names the app `{}`, so it has no OAuth scopes",
                        self.name
                    )
                };
                b.findings.push(
                    Finding::new(codes::MISSING_KEY, Severity::Error, at, "/oauth/scopes", message)
                        .help("Add the OAuth settings with `<commaSeparatedOauthScopes>Api, Web, RefreshToken</commaSeparatedOauthScopes>`."),
                );
            }
        }
        let mut flows = Map::new();
        let mut security = Map::new();
        if let Some(g) = global {
            let groot = shift(g, &self.files[g].root_span);
            for (p, key) in [("/oauth/flows", &groot), ("/oauth/security", &groot)] {
                b.spans.insert(
                    p.into(),
                    NodeSpan {
                        key: Some(key.clone()),
                        value: key.clone(),
                    },
                );
            }
            for cb in CHECKBOXES {
                let (parent, key) = cb.pointer.rsplit_once('/').unwrap_or_default();
                let target = match parent {
                    "/oauth/flows" => &mut flows,
                    "/oauth/security" => &mut security,
                    _ => &mut oauth,
                };
                match get(g, cb.element) {
                    Some(e) => {
                        let mut value = boolean(&e.text);
                        if cb.inverted && let Value::Bool(v) = value {
                            value = Value::Bool(!v);
                        }
                        b.put(target, key, cb.pointer, value, shift(g, &e.name_span), shift(g, &e.text_span));
                    }
                    None => match cb.default {
                        Some(default) => {
                            let value = default != cb.inverted;
                            target.insert(key.into(), Value::Bool(value));
                            b.defaulted.push((cb.pointer.into(), value));
                        }
                        None => b.findings.push(
                            Finding::new(codes::NO_DOCUMENTED_DEFAULT, Severity::Error, groot.clone(), cb.pointer, format!("`<{}>` is absent, and Salesforce documents no default for it", cb.element))
                                .label(format!("`<{}>` is missing in here", cb.element))
                                .help(format!("Write `<{}>true</{}>` or `false` as you mean it; a retrieve writes every flag out.", cb.element, cb.element)),
                        ),
                    },
                }
            }
            let certificate = get(g, "certificate").filter(|e| !e.text.trim().is_empty());
            if let Some(e) = certificate {
                b.put(
                    &mut oauth,
                    "certificate",
                    "/oauth/certificate",
                    Value::String(e.text.trim().to_owned()),
                    shift(g, &e.name_span),
                    shift(g, &e.text_span),
                );
                b.spans.insert(
                    "/oauth/flows/jwtBearer".into(),
                    NodeSpan {
                        key: Some(shift(g, &e.name_span)),
                        value: shift(g, &e.name_span),
                    },
                );
            }
            // In the model's order: jwtBearer comes before tokenExchange.
            let token_exchange = flows.shift_remove("tokenExchange");
            flows.insert("jwtBearer".into(), Value::Bool(certificate.is_some()));
            if let Some(v) = token_exchange {
                flows.insert("tokenExchange".into(), v);
            }
            match get(g, "idTokenConfig") {
                Some(e) => {
                    b.put(
                        &mut oauth,
                        "configureIdToken",
                        "/oauth/configureIdToken",
                        Value::Bool(true),
                        shift(g, &e.name_span),
                        shift(g, &e.name_span),
                    );
                    let mut id = Map::new();
                    b.spans.insert(
                        "/oauth/idToken".into(),
                        NodeSpan {
                            key: Some(shift(g, &e.name_span)),
                            value: shift(g, &e.name_span),
                        },
                    );
                    for c in &e.children {
                        let (key, value) = match c.name.as_str() {
                            "idTokenAudience" => {
                                ("audience", Value::String(c.text.trim().to_owned()))
                            }
                            "idTokenIncludeStandardClaims" => {
                                ("includeStandardClaims", boolean(&c.text))
                            }
                            "idTokenIncludeAttributes" => {
                                ("includeCustomAttributes", boolean(&c.text))
                            }
                            "idTokenValidityInMinutes" => (
                                "validityMinutes",
                                c.text
                                    .trim()
                                    .parse::<u64>()
                                    .map(Value::from)
                                    .unwrap_or_else(|_| Value::String(c.text.trim().to_owned())),
                            ),
                            _ => continue,
                        };
                        b.put(
                            &mut id,
                            key,
                            &format!("/oauth/idToken/{key}"),
                            value,
                            shift(g, &c.name_span),
                            shift(g, &c.text_span),
                        );
                    }
                    oauth.insert("idToken".into(), Value::Object(id));
                }
                None => {
                    oauth.insert("configureIdToken".into(), Value::Bool(false));
                    b.defaulted.push(("/oauth/configureIdToken".into(), false));
                }
            }
            oauth.insert("flows".into(), Value::Object(flows));
            oauth.insert("security".into(), Value::Object(security));
        } else {
            let listed = "the callback URL, Introspect all Tokens, Configure ID token, every flow and every security checkbox";
            b.findings.push(
                Finding::new(codes::GLOBAL_SETTINGS_MISSING, Severity::Warning, root_span.clone(), "", format!("no global OAuth settings file for `{}`: {listed} could not be checked", self.name))
                    .label("no `extlClntAppGlobalOauthSets/*.ecaGlblOauth-meta.xml` names this app")
                    .help("Fine if the file is kept out of git on purpose (it holds the consumer key); check the app where the file exists, e.g. after `sf project retrieve`."),
            );
        }
        root.insert("oauth".into(), Value::Object(order(oauth)));
        Built {
            document: Document {
                value: Value::Object(root),
                spans: b.spans,
            },
            text,
            starts,
            findings: b.findings,
            defaulted: b.defaulted,
            global_missing: global.is_none(),
        }
    }

    /// Splits findings on the app's combined text back into one list per file, with
    /// file-local spans; a related label in another file is dropped.
    pub fn split(&self, starts: &[usize], findings: Vec<Finding>) -> Vec<Vec<Finding>> {
        let mut per_file: Vec<Vec<Finding>> = vec![Vec::new(); self.files.len()];
        for mut f in findings {
            let i = starts
                .partition_point(|&s| s <= f.span.start)
                .saturating_sub(1);
            let base = starts[i];
            let end = base + self.files[i].text.len();
            f.span = f.span.start - base..f.span.end.min(end).max(f.span.start) - base;
            f.related
                .retain(|l| l.span.start >= base && l.span.end <= end);
            for l in &mut f.related {
                l.span = l.span.start - base..l.span.end - base;
            }
            per_file[i].push(f);
        }
        per_file
    }
}

/// The model's key order for `oauth`, so an import reads like a hand-written description.
fn order(mut oauth: Map<String, Value>) -> Map<String, Value> {
    let mut out = Map::new();
    for key in [
        "enabled",
        "callbackUrl",
        "scopes",
        "introspectAllTokens",
        "configureIdToken",
        "idToken",
        "certificate",
        "flows",
        "security",
    ] {
        if let Some(v) = oauth.remove(key) {
            out.insert(key.into(), v);
        }
    }
    out.extend(oauth);
    out
}

fn boolean(text: &str) -> Value {
    match text.trim() {
        "true" => Value::Bool(true),
        "false" => Value::Bool(false),
        other => Value::String(other.to_owned()),
    }
}

fn short(s: &str) -> String {
    if s.chars().count() > 40 {
        format!("{}…", s.chars().take(37).collect::<String>())
    } else {
        s.to_owned()
    }
}

struct Builder {
    spans: SpanMap,
    findings: Vec<Finding>,
    defaulted: Vec<(String, bool)>,
}

impl Builder {
    fn put(
        &mut self,
        map: &mut Map<String, Value>,
        key: &str,
        pointer: &str,
        value: Value,
        key_span: Range<usize>,
        value_span: Range<usize>,
    ) {
        map.insert(key.into(), value);
        self.spans.insert(
            pointer.into(),
            NodeSpan {
                key: Some(key_span),
                value: value_span,
            },
        );
    }

    /// Puts an element's trimmed text at `/<key>` of `map`, with spans in the app's text.
    fn text(&mut self, map: &mut Map<String, Value>, key: &str, e: &Element, base: usize) {
        let shift = |r: &Range<usize>| base + r.start..base + r.end;
        let value = Value::String(e.text.trim().to_owned());
        self.put(
            map,
            key,
            &format!("/{key}"),
            value,
            shift(&e.name_span),
            shift(&e.text_span),
        );
    }

    fn unknown_element(&mut self, kind: Kind, e: &Element, span: Range<usize>) {
        let known: Vec<String> = kind.fields().iter().map(|s| (*s).to_owned()).collect();
        let suggestion = suggest::closest(&e.name, &known);
        // Retrieves from newer orgs carry flags no document lists yet: an `is…` flag of
        // the global settings that is no typo of a known one is a warning.
        let severity = if kind == Kind::Global && e.name.starts_with("is") && suggestion.is_none() {
            Severity::Warning
        } else {
            Severity::Error
        };
        let mut finding = Finding::new(
            codes::UNKNOWN_ELEMENT,
            severity,
            span,
            "",
            format!(
                "`{}` does not define the element `<{}>`",
                kind.root(),
                e.name
            ),
        );
        finding = match suggestion {
            Some(s) => finding.label(format!("did you mean `<{s}>`?")).help(format!("Did you mean `<{s}>`? Rename the element.")),
            None if e.name == "scopes" => finding.help("ECA OAuth settings list scopes in one `<commaSeparatedOauthScopes>`, such as `Api, Web, RefreshToken`; `<scopes>` belongs to the older Connected App type."),
            None if severity == Severity::Warning => finding.help("Salesforce documents no such flag; if a newer org wrote it, this is only a notice, and sfcheck does not check it."),
            None => finding.help("Remove it; Salesforce rejects elements a type does not define."),
        };
        self.findings.push(finding);
    }

    /// `callbackUrl` holds one URL, or several on separate lines.
    fn callback_urls(&mut self, oauth: &mut Map<String, Value>, e: &Element, base: usize) {
        let key = base + e.name_span.start..base + e.name_span.end;
        let raw_start = base + e.text_span.start;
        let text = e.text.trim();
        let mut lines = Vec::new();
        let mut offset = 0;
        for line in text.split_inclusive('\n') {
            let trimmed = line.trim();
            if !trimmed.is_empty() {
                let lead = line.len() - line.trim_start().len();
                lines.push((
                    trimmed.to_owned(),
                    raw_start + offset + lead..raw_start + offset + lead + trimmed.len(),
                ));
            }
            offset += line.len();
        }
        match lines.len() {
            0 | 1 => {
                let (value, span) = lines.pop().unwrap_or((
                    String::new(),
                    base + e.text_span.start..base + e.text_span.end,
                ));
                self.put(
                    oauth,
                    "callbackUrl",
                    "/oauth/callbackUrl",
                    Value::String(value),
                    key,
                    span,
                );
            }
            _ => {
                let whole = lines[0].1.start..lines[lines.len() - 1].1.end;
                for (i, (_, span)) in lines.iter().enumerate() {
                    self.spans.insert(
                        format!("/oauth/callbackUrl/{i}"),
                        NodeSpan {
                            key: None,
                            value: span.clone(),
                        },
                    );
                }
                let list = lines.into_iter().map(|(v, _)| Value::String(v)).collect();
                self.put(
                    oauth,
                    "callbackUrl",
                    "/oauth/callbackUrl",
                    Value::Array(list),
                    key,
                    whole,
                );
            }
        }
    }

    /// `commaSeparatedOauthScopes`: metadata tokens, mapped to OAuth scope names.
    fn scopes(&mut self, oauth: &mut Map<String, Value>, e: &Element, base: usize) {
        let key = base + e.name_span.start..base + e.name_span.end;
        let raw_start = base + e.text_span.start;
        let text = e.text.trim();
        let tokens: Vec<String> = SCOPE_TOKENS.iter().map(|(t, _)| (*t).to_owned()).collect();
        let mut names = Vec::new();
        let mut offset = 0;
        for part in text.split(',') {
            let trimmed = part.trim();
            let lead = part.len() - part.trim_start().len();
            let span = raw_start + offset + lead..raw_start + offset + lead + trimmed.len();
            offset += part.len() + 1;
            if trimmed.is_empty() {
                continue;
            }
            let pointer = format!("/oauth/scopes/{}", names.len());
            self.spans.insert(
                pointer.clone(),
                NodeSpan {
                    key: None,
                    value: span.clone(),
                },
            );
            if let Some((_, name)) = SCOPE_TOKENS.iter().find(|(t, _)| *t == trimmed) {
                names.push(Value::String((*name).to_owned()));
                continue;
            }
            // An OAuth name or a mis-cased token: say which token was meant, and read it
            // as that scope so the profile's checks still make sense.
            let meant = SCOPE_TOKENS
                .iter()
                .find(|(t, n)| *n == trimmed || t.eq_ignore_ascii_case(trimmed))
                .map(|(t, n)| ((*t).to_owned(), (*n).to_owned()))
                .or_else(|| {
                    let t = suggest::closest(trimmed, &tokens)?;
                    let n = SCOPE_TOKENS.iter().find(|(x, _)| *x == t)?.1;
                    Some((t, n.to_owned()))
                });
            let message = format!("`{trimmed}` is not a metadata scope token");
            let finding = match &meant {
                Some((token, _)) => Finding::new(codes::WRONG_SCOPE_TOKEN, Severity::Error, span, pointer, message)
                    .label(format!("write `{token}`"))
                    .help(format!("Scopes in metadata are PascalCase tokens: write `{token}`. Deskpro CRM Sync needs `Api, Web, RefreshToken`.")),
                None => Finding::new(codes::WRONG_SCOPE_TOKEN, Severity::Error, span, pointer, message)
                    .help("Scopes in metadata are PascalCase tokens such as `Api, Web, RefreshToken`."),
            };
            self.findings.push(finding);
            names.push(Value::String(
                meant.map_or_else(|| trimmed.to_owned(), |(_, n)| n),
            ));
        }
        let whole = base + e.text_span.start..base + e.text_span.end;
        self.put(
            oauth,
            "scopes",
            "/oauth/scopes",
            Value::Array(names),
            key,
            whole,
        );
    }
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
