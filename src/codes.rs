//! Every finding code sfcheck can emit, with its documentation.
//!
//! Each code's text lives once, in `docs/rules/<CODE>.md`: `sfcheck explain`, `sfcheck rules`
//! and the README's list all read it from here.

use crate::report::finding::Severity;

/// `SF001`: see `docs/rules/SF001.md`.
pub const YAML_SYNTAX: &str = "SF001";
/// `SF002`: see `docs/rules/SF002.md`.
pub const DUPLICATE_KEY: &str = "SF002";
/// `SF003`: see `docs/rules/SF003.md`.
pub const EMPTY_FILE: &str = "SF003";
/// `SF004`: see `docs/rules/SF004.md`.
pub const FILE_TOO_LARGE: &str = "SF004";
/// `SF005`: see `docs/rules/SF005.md`.
pub const TOO_DEEP: &str = "SF005";
/// `SF006`: see `docs/rules/SF006.md`.
pub const NODE_LIMIT: &str = "SF006";
/// `SF007`: see `docs/rules/SF007.md`.
pub const NOT_UTF8: &str = "SF007";
/// `SF008`: see `docs/rules/SF008.md`.
pub const MULTIPLE_DOCUMENTS: &str = "SF008";
/// `SF009`: see `docs/rules/SF009.md`.
pub const UNSUPPORTED_YAML: &str = "SF009";
/// `SF010`: see `docs/rules/SF010.md`.
pub const FINDINGS_TRUNCATED: &str = "SF010";
/// `SF101`: see `docs/rules/SF101.md`.
pub const UNKNOWN_KEY: &str = "SF101";
/// `SF102`: see `docs/rules/SF102.md`.
pub const MISSING_KEY: &str = "SF102";
/// `SF103`: see `docs/rules/SF103.md`.
pub const WRONG_TYPE: &str = "SF103";
/// `SF104`: see `docs/rules/SF104.md`.
pub const INVALID_VALUE: &str = "SF104";
/// `SF105`: see `docs/rules/SF105.md`.
pub const UNKNOWN_SCOPE: &str = "SF105";
/// `SF106`: see `docs/rules/SF106.md`.
pub const DUPLICATE_SCOPE: &str = "SF106";
/// `SF107`: see `docs/rules/SF107.md`.
pub const PLACEHOLDER_VALUE: &str = "SF107";
/// `SF200`: see `docs/rules/SF200.md`.
pub const PROFILE_MISMATCH: &str = "SF200";
/// `SF201`: see `docs/rules/SF201.md`.
pub const DISTRIBUTION_STATE: &str = "SF201";
/// `SF202`: see `docs/rules/SF202.md`.
pub const OAUTH_DISABLED: &str = "SF202";
/// `SF203`: see `docs/rules/SF203.md`.
pub const SCOPE_MISSING: &str = "SF203";
/// `SF204`: see `docs/rules/SF204.md`.
pub const SCOPE_EXTRA: &str = "SF204";
/// `SF205`: see `docs/rules/SF205.md`.
pub const CHECKBOX_MUST_BE_OFF: &str = "SF205";
/// `SF206`: see `docs/rules/SF206.md`.
pub const CHECKBOX_MUST_BE_ON: &str = "SF206";
/// `SF207`: see `docs/rules/SF207.md`.
pub const REFRESH_TOKEN_ROTATION: &str = "SF207";
/// `SF301`: see `docs/rules/SF301.md`.
pub const CALLBACK_URL_INVALID: &str = "SF301";
/// `SF302`: see `docs/rules/SF302.md`.
pub const CALLBACK_URL_NOT_HTTPS: &str = "SF302";
/// `SF303`: see `docs/rules/SF303.md`.
pub const CALLBACK_URL_QUERY_FRAGMENT: &str = "SF303";
/// `SF304`: see `docs/rules/SF304.md`.
pub const CALLBACK_URL_PATH: &str = "SF304";
/// `SF305`: see `docs/rules/SF305.md`.
pub const CALLBACK_URL_MISMATCH: &str = "SF305";
/// `SF306`: see `docs/rules/SF306.md`.
pub const CALLBACK_URL_EXTRA: &str = "SF306";
/// `SF401`: see `docs/rules/SF401.md`.
pub const LEAKED_SECRET: &str = "SF401";
/// `SF402`: see `docs/rules/SF402.md`.
pub const SECRET_LIKE_VALUE: &str = "SF402";
/// `SF501`: see `docs/rules/SF501.md`.
pub const INCONSISTENT_SETTINGS: &str = "SF501";
/// `SF601`: see `docs/rules/SF601.md`.
pub const SUPPRESSION_WITHOUT_REASON: &str = "SF601";
/// `SF602`: see `docs/rules/SF602.md`.
pub const UNUSED_SUPPRESSION: &str = "SF602";
/// `SF701`: see `docs/rules/SF701.md`.
pub const XML_SYNTAX: &str = "SF701";
/// `SF702`: see `docs/rules/SF702.md`.
pub const WRONG_ROOT_ELEMENT: &str = "SF702";
/// `SF703`: see `docs/rules/SF703.md`.
pub const UNKNOWN_ELEMENT: &str = "SF703";
/// `SF704`: see `docs/rules/SF704.md`.
pub const DUPLICATE_METADATA: &str = "SF704";
/// `SF705`: see `docs/rules/SF705.md`.
pub const ORPHAN_METADATA: &str = "SF705";
/// `SF706`: see `docs/rules/SF706.md`.
pub const GLOBAL_SETTINGS_MISSING: &str = "SF706";
/// `SF707`: see `docs/rules/SF707.md`.
pub const NO_DOCUMENTED_DEFAULT: &str = "SF707";
/// `SF708`: see `docs/rules/SF708.md`.
pub const WRONG_METADATA_SUFFIX: &str = "SF708";
/// `SF709`: see `docs/rules/SF709.md`.
pub const ORG_SPECIFIC_VALUE: &str = "SF709";
/// `SF710`: see `docs/rules/SF710.md`.
pub const ROTATES_ON_DEPLOY: &str = "SF710";
/// `SF711`: see `docs/rules/SF711.md`.
pub const WRONG_SCOPE_TOKEN: &str = "SF711";

/// A documented finding code.
#[derive(Debug, Clone, Copy)]
pub struct CodeDoc {
    /// The code, such as `SF102`.
    pub code: &'static str,
    /// The whole markdown documentation.
    pub doc: &'static str,
}

/// All codes, in order.
pub const ALL: &[CodeDoc] = &[
    CodeDoc {
        code: YAML_SYNTAX,
        doc: include_str!("../docs/rules/SF001.md"),
    },
    CodeDoc {
        code: DUPLICATE_KEY,
        doc: include_str!("../docs/rules/SF002.md"),
    },
    CodeDoc {
        code: EMPTY_FILE,
        doc: include_str!("../docs/rules/SF003.md"),
    },
    CodeDoc {
        code: FILE_TOO_LARGE,
        doc: include_str!("../docs/rules/SF004.md"),
    },
    CodeDoc {
        code: TOO_DEEP,
        doc: include_str!("../docs/rules/SF005.md"),
    },
    CodeDoc {
        code: NODE_LIMIT,
        doc: include_str!("../docs/rules/SF006.md"),
    },
    CodeDoc {
        code: NOT_UTF8,
        doc: include_str!("../docs/rules/SF007.md"),
    },
    CodeDoc {
        code: MULTIPLE_DOCUMENTS,
        doc: include_str!("../docs/rules/SF008.md"),
    },
    CodeDoc {
        code: UNSUPPORTED_YAML,
        doc: include_str!("../docs/rules/SF009.md"),
    },
    CodeDoc {
        code: FINDINGS_TRUNCATED,
        doc: include_str!("../docs/rules/SF010.md"),
    },
    CodeDoc {
        code: UNKNOWN_KEY,
        doc: include_str!("../docs/rules/SF101.md"),
    },
    CodeDoc {
        code: MISSING_KEY,
        doc: include_str!("../docs/rules/SF102.md"),
    },
    CodeDoc {
        code: WRONG_TYPE,
        doc: include_str!("../docs/rules/SF103.md"),
    },
    CodeDoc {
        code: INVALID_VALUE,
        doc: include_str!("../docs/rules/SF104.md"),
    },
    CodeDoc {
        code: UNKNOWN_SCOPE,
        doc: include_str!("../docs/rules/SF105.md"),
    },
    CodeDoc {
        code: DUPLICATE_SCOPE,
        doc: include_str!("../docs/rules/SF106.md"),
    },
    CodeDoc {
        code: PLACEHOLDER_VALUE,
        doc: include_str!("../docs/rules/SF107.md"),
    },
    CodeDoc {
        code: PROFILE_MISMATCH,
        doc: include_str!("../docs/rules/SF200.md"),
    },
    CodeDoc {
        code: DISTRIBUTION_STATE,
        doc: include_str!("../docs/rules/SF201.md"),
    },
    CodeDoc {
        code: OAUTH_DISABLED,
        doc: include_str!("../docs/rules/SF202.md"),
    },
    CodeDoc {
        code: SCOPE_MISSING,
        doc: include_str!("../docs/rules/SF203.md"),
    },
    CodeDoc {
        code: SCOPE_EXTRA,
        doc: include_str!("../docs/rules/SF204.md"),
    },
    CodeDoc {
        code: CHECKBOX_MUST_BE_OFF,
        doc: include_str!("../docs/rules/SF205.md"),
    },
    CodeDoc {
        code: CHECKBOX_MUST_BE_ON,
        doc: include_str!("../docs/rules/SF206.md"),
    },
    CodeDoc {
        code: REFRESH_TOKEN_ROTATION,
        doc: include_str!("../docs/rules/SF207.md"),
    },
    CodeDoc {
        code: CALLBACK_URL_INVALID,
        doc: include_str!("../docs/rules/SF301.md"),
    },
    CodeDoc {
        code: CALLBACK_URL_NOT_HTTPS,
        doc: include_str!("../docs/rules/SF302.md"),
    },
    CodeDoc {
        code: CALLBACK_URL_QUERY_FRAGMENT,
        doc: include_str!("../docs/rules/SF303.md"),
    },
    CodeDoc {
        code: CALLBACK_URL_PATH,
        doc: include_str!("../docs/rules/SF304.md"),
    },
    CodeDoc {
        code: CALLBACK_URL_MISMATCH,
        doc: include_str!("../docs/rules/SF305.md"),
    },
    CodeDoc {
        code: CALLBACK_URL_EXTRA,
        doc: include_str!("../docs/rules/SF306.md"),
    },
    CodeDoc {
        code: LEAKED_SECRET,
        doc: include_str!("../docs/rules/SF401.md"),
    },
    CodeDoc {
        code: SECRET_LIKE_VALUE,
        doc: include_str!("../docs/rules/SF402.md"),
    },
    CodeDoc {
        code: INCONSISTENT_SETTINGS,
        doc: include_str!("../docs/rules/SF501.md"),
    },
    CodeDoc {
        code: SUPPRESSION_WITHOUT_REASON,
        doc: include_str!("../docs/rules/SF601.md"),
    },
    CodeDoc {
        code: UNUSED_SUPPRESSION,
        doc: include_str!("../docs/rules/SF602.md"),
    },
    CodeDoc {
        code: XML_SYNTAX,
        doc: include_str!("../docs/rules/SF701.md"),
    },
    CodeDoc {
        code: WRONG_ROOT_ELEMENT,
        doc: include_str!("../docs/rules/SF702.md"),
    },
    CodeDoc {
        code: UNKNOWN_ELEMENT,
        doc: include_str!("../docs/rules/SF703.md"),
    },
    CodeDoc {
        code: DUPLICATE_METADATA,
        doc: include_str!("../docs/rules/SF704.md"),
    },
    CodeDoc {
        code: ORPHAN_METADATA,
        doc: include_str!("../docs/rules/SF705.md"),
    },
    CodeDoc {
        code: GLOBAL_SETTINGS_MISSING,
        doc: include_str!("../docs/rules/SF706.md"),
    },
    CodeDoc {
        code: NO_DOCUMENTED_DEFAULT,
        doc: include_str!("../docs/rules/SF707.md"),
    },
    CodeDoc {
        code: WRONG_METADATA_SUFFIX,
        doc: include_str!("../docs/rules/SF708.md"),
    },
    CodeDoc {
        code: ORG_SPECIFIC_VALUE,
        doc: include_str!("../docs/rules/SF709.md"),
    },
    CodeDoc {
        code: ROTATES_ON_DEPLOY,
        doc: include_str!("../docs/rules/SF710.md"),
    },
    CodeDoc {
        code: WRONG_SCOPE_TOKEN,
        doc: include_str!("../docs/rules/SF711.md"),
    },
];
impl CodeDoc {
    /// The kebab-case name from the title line (`# SF102 missing-key`).
    pub fn name(&self) -> &'static str {
        self.doc
            .lines()
            .next()
            .and_then(|l| l.split_whitespace().nth(2))
            .unwrap_or("")
    }

    /// The default severity, from the `Severity:` line.
    pub fn severity(&self) -> Severity {
        if self.doc.contains("\nSeverity: warning\n") {
            Severity::Warning
        } else {
            Severity::Error
        }
    }

    /// The one-line summary: the first paragraph after the severity line.
    pub fn summary(&self) -> &'static str {
        self.doc.split("\n\n").nth(2).map(str::trim).unwrap_or("")
    }

    /// The text after the `## Why it matters` heading: SARIF's full description.
    pub fn why(&self) -> &'static str {
        section(self.doc, "## Why it matters").unwrap_or(self.summary())
    }

    /// The text after a `## Fix` heading: SARIF help and the README use it.
    pub fn fix(&self) -> &'static str {
        section(self.doc, "## Fix").unwrap_or("")
    }
}

fn section<'a>(doc: &'a str, heading: &str) -> Option<&'a str> {
    let start = doc.find(heading)? + heading.len();
    let rest = &doc[start..];
    Some(rest[..rest.find("\n## ").unwrap_or(rest.len())].trim())
}

/// Looks a code up by code (`SF102`, any case) or by name (`missing-key`).
pub fn find(query: &str) -> Option<&'static CodeDoc> {
    ALL.iter()
        .find(|c| c.code.eq_ignore_ascii_case(query) || c.name() == query)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_doc_has_its_parts() {
        for c in ALL {
            assert!(c.doc.starts_with(&format!("# {} ", c.code)), "{}", c.code);
            assert!(
                !c.name().is_empty() && !c.summary().is_empty(),
                "{}",
                c.code
            );
            assert!(
                c.doc.contains("## Why it matters") && !c.fix().is_empty(),
                "{}",
                c.code
            );
        }
        assert_eq!(find("missing-key").unwrap().code, "SF102");
        assert_eq!(find("sf207").unwrap().severity(), Severity::Warning);
    }
}
