//! Inline suppressions: `# sfcheck: ignore[CODE] reason` (in XML,
//! `<!-- sfcheck: ignore[CODE] reason -->`) covers findings that start on its line, or
//! on the next line when the comment stands alone on its line;
//! `# sfcheck: ignore-file[CODE] reason` covers the whole file. A suppression without a
//! reason (SF601) or one that suppresses nothing (SF602) is itself reported.

use std::ops::Range;

use crate::document::LineIndex;
use crate::finding::{Counted, Finding, Rule};

/// `SF601`: see `docs/rules/SF601.md`.
pub static WITHOUT_REASON: Rule = crate::rule!("SF601", Warning);

/// `SF602`: see `docs/rules/SF602.md`.
pub static UNUSED: Rule = crate::rule!("SF602", Warning);

struct Suppression {
    codes: Vec<String>,
    /// The 1-based line it covers; `None` for the whole file.
    line: Option<usize>,
    span: Range<usize>,
    has_reason: bool,
    used: bool,
}

/// Drops the findings, built or counted, the file's suppressions cover and adds findings
/// about the suppressions themselves. A suppression naming a code this run cannot report
/// (`can_report`) is not said to suppress nothing: another run may need it.
pub fn apply(
    source: &str,
    findings: Vec<Finding>,
    counted: Vec<Counted>,
    can_report: &dyn Fn(&str) -> bool,
) -> (Vec<Finding>, Vec<Counted>) {
    let (mut suppressions, mut out) = parse(source);
    if suppressions.is_empty() && out.is_empty() {
        return (findings, counted);
    }
    let index = LineIndex::new(source);
    // Whether a suppression covers a finding of `code` starting at `start`, marking it used.
    let mut covered = |code: &str, start: usize| {
        let line = index.line(start);
        let cover = suppressions.iter_mut().find(|s| {
            s.codes.iter().any(|c| c.eq_ignore_ascii_case(code)) && s.line.is_none_or(|l| l == line)
        });
        cover.map(|s| s.used = true).is_some()
    };
    for finding in findings {
        if !covered(&finding.code, finding.span.start) {
            out.push(finding);
        }
    }
    let counted = counted
        .into_iter()
        .filter(|c| !covered(c.code, c.start))
        .collect();
    for s in &suppressions {
        if !s.has_reason {
            out.push(
                Finding::new(&WITHOUT_REASON, s.span.clone(), "", "this suppression gives no reason")
                    .label("add a reason after `]`")
                    .help("Say why the finding is acceptable here, so a later reader can tell whether the suppression is still needed."),
            );
        }
        let elsewhere = s
            .codes
            .iter()
            .any(|c| crate::catalogue::find(c).is_some() && !can_report(c));
        if !s.used && !elsewhere {
            let unknown: Vec<&String> = s
                .codes
                .iter()
                .filter(|c| crate::catalogue::find(c).is_none())
                .collect();
            let message = if unknown.is_empty() {
                format!(
                    "this suppression of {} suppresses nothing",
                    s.codes.join(", ")
                )
            } else {
                format!(
                    "this suppression names unknown code(s): {}",
                    unknown
                        .iter()
                        .map(|c| c.as_str())
                        .collect::<Vec<_>>()
                        .join(", ")
                )
            };
            out.push(
                Finding::new(&UNUSED, s.span.clone(), "", message)
                    .label("suppresses nothing")
                    .help("Remove it, or correct its code; `sfcheck rules` lists the codes."),
            );
        }
    }
    (out, counted)
}

/// Finds every `sfcheck:` comment; one that cannot be read becomes an SF602 finding.
fn parse(source: &str) -> (Vec<Suppression>, Vec<Finding>) {
    let mut suppressions = Vec::new();
    let mut malformed = Vec::new();
    // Every comment sfcheck reads holds `sfcheck:`; most files hold none, and one search
    // of the text costs less than looking at each line.
    if !source.contains("sfcheck:") {
        return (suppressions, malformed);
    }
    let mut offset = 0;
    for (number, line) in source.split_inclusive('\n').enumerate() {
        let line_start = offset;
        offset += line.len();
        let Some(Marker {
            at: hash,
            text,
            body,
            xml,
        }) = find_marker(line)
        else {
            continue;
        };
        let span = line_start + hash..line_start + hash + text.len();
        let body = body["sfcheck:".len()..].trim_start();
        let form = if xml {
            "`<!-- sfcheck: ignore[CODE] reason -->`"
        } else {
            "`# sfcheck: ignore[CODE] reason`"
        };
        let (file_wide, rest) = if let Some(r) = body.strip_prefix("ignore-file[") {
            (true, r)
        } else if let Some(r) = body.strip_prefix("ignore[") {
            (false, r)
        } else {
            malformed.push(
                Finding::new(
                    &UNUSED,
                    span,
                    "",
                    "this `sfcheck:` comment is not a suppression sfcheck understands",
                )
                .help(format!(
                    "Write {form}, or `ignore-file[CODE]` for the whole file."
                )),
            );
            continue;
        };
        let Some(close) = rest.find(']') else {
            malformed.push(
                Finding::new(&UNUSED, span, "", "this suppression has no closing `]`")
                    .help(format!("Write {form}.")),
            );
            continue;
        };
        let codes: Vec<String> = rest[..close]
            .split(',')
            .map(|c| c.trim().to_owned())
            .filter(|c| !c.is_empty())
            .collect();
        let alone = line[..hash].trim().is_empty();
        suppressions.push(Suppression {
            codes,
            line: if file_wide {
                None
            } else {
                Some(number + 1 + usize::from(alone))
            },
            span,
            has_reason: !rest[close + 1..].trim().is_empty(),
            used: false,
        });
    }
    (suppressions, malformed)
}

/// A `sfcheck:` comment found in a line.
struct Marker<'a> {
    /// Its byte offset in the line.
    at: usize,
    /// The whole comment, for the span.
    text: &'a str,
    /// From `sfcheck:` to the comment's end (without `-->`).
    body: &'a str,
    xml: bool,
}

/// The `# sfcheck:` (YAML) or `<!-- sfcheck: -->` (XML) comment in a line, if any.
fn find_marker(line: &str) -> Option<Marker<'_>> {
    if let Some(at) = line.find("<!--") {
        let inner = line[at + 4..].trim_start();
        if inner.starts_with("sfcheck:") {
            let text = match line[at..].find("-->") {
                Some(end) => &line[at..at + end + 3],
                None => line[at..].trim_end(),
            };
            let body = text.strip_suffix("-->").unwrap_or(text)[4..].trim();
            return Some(Marker {
                at,
                text,
                body,
                xml: true,
            });
        }
    }
    let mut from = 0;
    while let Some(at) = line[from..].find('#') {
        let hash = from + at;
        // The whole run of `#` is stepped over at once: only its first `#` can start a
        // comment, and trimming the run again at each `#` would be quadratic.
        let run_end = line[hash..]
            .find(|c| c != '#')
            .map_or(line.len(), |n| hash + n);
        let after = line[run_end..].trim_start();
        // A comment starts the line or follows whitespace; `a#b` is part of a value.
        let starts_comment = hash == 0 || line[..hash].ends_with([' ', '\t']);
        if starts_comment && after.starts_with("sfcheck:") {
            let text = line[hash..].trim_end();
            return Some(Marker {
                at: hash,
                text,
                body: after.trim_end(),
                xml: false,
            });
        }
        from = run_end;
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A run that can report every code.
    const ALL: fn(&str) -> bool = |_| true;

    fn finding(code: &str, at: usize) -> Finding {
        Finding::coded(code, crate::finding::Severity::Error, at..at + 1, "", "m")
    }

    #[test]
    fn same_line_line_above_and_file_wide() {
        let src =
            "a: 1  # sfcheck: ignore[SF205] ok\n# sfcheck: ignore[SF206] because\nb: 2\nc: 3\n";
        let b = src.find("b:").unwrap();
        let c = src.find("c:").unwrap();
        let out = apply(
            src,
            vec![
                finding("SF205", 0),
                finding("SF206", b),
                finding("SF206", c),
            ],
            Vec::new(),
            &ALL,
        )
        .0;
        assert_eq!(out.len(), 1);
        assert_eq!(out[0].span.start, c);
        let src = "# sfcheck: ignore-file[SF401] test fixture\nx: 1\n";
        assert!(
            apply(src, vec![finding("SF401", 44)], Vec::new(), &ALL)
                .0
                .is_empty()
        );
    }

    #[test]
    fn counted_findings_are_suppressed_and_use_the_suppression() {
        let src = "a: [x, x, x]  # sfcheck: ignore[SF106] repeated on purpose\nb: [y, y]\n";
        let b = src.find("b:").unwrap();
        let counted = |start| Counted {
            code: "SF106",
            severity: crate::finding::Severity::Warning,
            start,
        };
        let (findings, counted) = apply(src, Vec::new(), vec![counted(7), counted(b + 7)], &ALL);
        assert!(findings.is_empty(), "the suppression is used: {findings:?}");
        assert_eq!(
            counted,
            [Counted {
                code: "SF106",
                severity: crate::finding::Severity::Warning,
                start: b + 7
            }]
        );
    }

    #[test]
    fn reasonless_unused_and_malformed_are_reported() {
        let src = "a: 1  # sfcheck: ignore[SF205]\nb: 2  # sfcheck: ignore[SF999] why\nc: 3 # sfcheck: ignroe[SF205]\n";
        let codes: Vec<String> = apply(src, vec![finding("SF205", 0)], Vec::new(), &ALL)
            .0
            .into_iter()
            .map(|f| f.code)
            .collect();
        assert_eq!(codes, ["SF602", "SF601", "SF602"]);
        // A code this run cannot report (a profile's, under `--profile none`) is not
        // called unused: the check with the profile needs the suppression.
        let src = "a: 1  # sfcheck: ignore[SF207] rotation is forced on us\n";
        let none = |c: &str| c != "SF207";
        assert!(apply(src, Vec::new(), Vec::new(), &none).0.is_empty());
        assert_eq!(apply(src, Vec::new(), Vec::new(), &ALL).0[0].code, "SF602");
        // `#` inside a value is not a comment.
        assert!(
            apply("url: a#sfcheck:x\n", vec![], Vec::new(), &ALL)
                .0
                .is_empty()
        );
    }

    #[test]
    fn xml_comments_suppress_too() {
        let src = "<A>\n    <!-- sfcheck: ignore[SF709] copied on purpose -->\n    <oauthLink>x</oauthLink>\n    <b>1</b> <!-- sfcheck: ignore[SF703] -->\n    <c>2</c> <!-- sfcheck: ignroe[SF703] -->\n</A>\n";
        let link = src.find("<oauthLink>").unwrap();
        let b = src.find("<b>").unwrap();
        let out = apply(
            src,
            vec![finding("SF709", link), finding("SF703", b)],
            Vec::new(),
            &ALL,
        )
        .0;
        let got: Vec<(&str, &str)> = out
            .iter()
            .map(|f| (f.code.as_str(), &src[f.span.clone()]))
            .collect();
        assert_eq!(
            got,
            [
                ("SF602", "<!-- sfcheck: ignroe[SF703] -->"),
                ("SF601", "<!-- sfcheck: ignore[SF703] -->"),
            ]
        );
        assert!(out[0].help.as_deref().unwrap().contains("<!-- sfcheck:"));
    }
}
