//! A linear pre-scan of XML text that refuses attribute floods before the parser sees
//! them: the XML parser checks each attribute against the element's earlier ones, so
//! tens of thousands of attributes on one element cost seconds.

use std::ops::Range;

/// Most attributes on one element; metadata elements carry one (`xmlns`).
pub const MAX_ATTRIBUTES_PER_ELEMENT: usize = 64;
/// Most attributes in one file.
pub const MAX_ATTRIBUTES_PER_FILE: usize = 1_000;

/// Where the text goes past an attribute limit, and which limit; `None` when it does not.
/// Comments, CDATA sections, processing instructions and quoted values are skipped,
/// so an `=` inside them is not counted.
pub fn attribute_flood(text: &str) -> Option<(Range<usize>, String)> {
    let bytes = text.as_bytes();
    let mut i = 0;
    let mut in_file = 0usize;
    while let Some(lt) = find_byte(b'<', bytes, i) {
        let rest = &text[lt..];
        let skip_to = |end: &str, from: usize| text[from..].find(end).map(|n| from + n + end.len());
        let next = if rest.starts_with("<!--") {
            skip_to("-->", lt + 4)
        } else if rest.starts_with("<![CDATA[") {
            skip_to("]]>", lt + 9)
        } else if rest.starts_with("<?") || rest.starts_with("<!") || rest.starts_with("</") {
            skip_to(">", lt + 1)
        } else {
            let (end, count) = tag_attributes(bytes, lt + 1);
            in_file += count;
            if count > MAX_ATTRIBUTES_PER_ELEMENT {
                return Some((
                    lt..lt,
                    format!("an element has more than {MAX_ATTRIBUTES_PER_ELEMENT} attributes"),
                ));
            }
            if in_file > MAX_ATTRIBUTES_PER_FILE {
                return Some((
                    lt..lt,
                    format!("the file has more than {MAX_ATTRIBUTES_PER_FILE} attributes"),
                ));
            }
            end
        };
        // An unterminated construct is the parser's to report.
        i = next?;
    }
    None
}

/// Counts the `=` signs outside quotes in the start tag from `from`; returns where the
/// tag ends (`None` if it does not) and the count.
fn tag_attributes(bytes: &[u8], from: usize) -> (Option<usize>, usize) {
    let mut count = 0;
    let mut quote = None;
    for (i, &b) in bytes.iter().enumerate().skip(from) {
        match (quote, b) {
            (Some(q), _) if b == q => quote = None,
            (Some(_), _) => {}
            (None, b'"' | b'\'') => quote = Some(b),
            (None, b'=') => count += 1,
            (None, b'>') => return (Some(i + 1), count),
            _ => {}
        }
    }
    (None, count)
}

fn find_byte(needle: u8, bytes: &[u8], from: usize) -> Option<usize> {
    bytes
        .get(from..)?
        .iter()
        .position(|&b| b == needle)
        .map(|n| from + n)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_attributes_outside_quotes_comments_and_cdata() {
        let ok = r#"<a xmlns="x"><!-- a=1 b=2 --><b c="=" d='='><![CDATA[<e f=1>]]></b></a>"#;
        assert_eq!(attribute_flood(ok), None);
        let attrs: String = (0..65).map(|i| format!(" a{i}=\"\"")).collect();
        let flood = format!("<r>\n<e{attrs}/></r>");
        let (at, why) = attribute_flood(&flood).unwrap();
        assert_eq!(
            (at, why.as_str()),
            (4..4, "an element has more than 64 attributes")
        );
        let many: String = (0..1001).map(|_| "<e a=\"\"/>").collect();
        let (_, why) = attribute_flood(&format!("<r>{many}</r>")).unwrap();
        assert_eq!(why, "the file has more than 1000 attributes");
    }
}
