//! Secrets known by their shape, wherever they stand and whether or not the file
//! parses: 64 hex digits (a consumer secret) and PEM private key blocks; and what an XML
//! entity declaration holds, which a reference elsewhere can put under any name.

use std::ops::Range;
use std::sync::LazyLock;

use memchr::memmem::Finder;

/// Which bytes are hex digits.
const HEX: [bool; 256] = {
    let mut table = [false; 256];
    let mut b = 0;
    while b < 256 {
        table[b] = (b as u8).is_ascii_hexdigit();
        b += 1;
    }
    table
};

/// Secrets found in the raw text, so a file that does not parse is masked too: runs of
/// exactly 64 hex digits, and PEM private key blocks.
pub fn spans(source: &str) -> Vec<Range<usize>> {
    let mut spans = Vec::new();
    let bytes = source.as_bytes();
    // Each maximal run of hex digits: 64 of them, between bytes that are not letters
    // or digits, are a secret. One pass, a table lookup a byte.
    let alnum = |i: usize| bytes.get(i).is_some_and(u8::is_ascii_alphanumeric);
    let mut run = 0;
    for (end, &b) in bytes.iter().chain([&0]).enumerate() {
        if HEX[usize::from(b)] {
            run += 1;
            continue;
        }
        if run == 64 && (end == 64 || !alnum(end - 65)) && !alnum(end) {
            spans.push(end - 64..end);
        }
        run = 0;
    }
    let mut from = 0;
    static BEGIN: LazyLock<Finder> = LazyLock::new(|| Finder::new("-----BEGIN"));
    while let Some(at) = BEGIN.find(&source.as_bytes()[from..]) {
        let start = from + at;
        let Some(body) = private_key_body(source, start) else {
            from = start + "-----BEGIN".len();
            continue;
        };
        let end = source[body..]
            .find("-----END")
            .map_or(source.len(), |n| body + n);
        spans.push(body..end);
        from = end.max(start + 1);
    }
    spans
}

/// Where the body of a PEM private key starts, for the `-----BEGIN` at `start`: after
/// the label's closing dashes, on this line or the next (a key written on one line has
/// its body there too). The label may wrap or space its words (`RSA PRIVATE\n  KEY`):
/// a folded YAML value or a wrapped XML text still holds the key.
pub fn private_key_body(source: &str, start: usize) -> Option<usize> {
    let label_start = start + "-----BEGIN".len();
    // A label is a few words; its dashes come within a short stretch or not at all.
    let mut window = (label_start + 128).min(source.len());
    while !source.is_char_boundary(window) {
        window -= 1;
    }
    let Some(close) = source[label_start..window]
        .find("-----")
        .map(|n| label_start + n)
    else {
        // No closing dashes: a header cut short still names the key on its line.
        let line_end = source[start..]
            .find('\n')
            .map_or(source.len(), |n| start + n);
        return source[start..line_end]
            .contains("PRIVATE KEY")
            .then_some(line_end);
    };
    // In XML that does not parse, the label may hold references (`PRIVATE&#32;KEY`)
    // or CDATA marks, which read as what they stand for.
    let label = &source[label_start..close];
    let decoded = if label.contains("<![CDATA[") || label.contains("]]>") {
        let plain = label.replace("<![CDATA[", "").replace("]]>", "");
        super::secrets::decoded(&plain).unwrap_or(plain)
    } else {
        super::secrets::decoded(label).unwrap_or_else(|| label.to_owned())
    };
    let words: Vec<&str> = decoded.split_whitespace().collect();
    if !words.ends_with(&["PRIVATE", "KEY"]) {
        return None;
    }
    Some(close + source[close..].len() - source[close..].trim_start_matches('-').len())
}

/// The name and text of every XML entity declaration (`<!ENTITY s "secret">`): a
/// reference (`&s;`) can put the text under a secret's element, and the file is refused
/// (SF701) before any element is read, so the declaration is all there is to mask.
pub fn entity_declarations(source: &str) -> Vec<Range<usize>> {
    static ENTITY: LazyLock<Finder> = LazyLock::new(|| Finder::new("<!ENTITY"));
    let mut spans = Vec::new();
    let mut from = 0;
    while let Some(n) = ENTITY.find(&source.as_bytes()[from..]) {
        let start = from + n + "<!ENTITY".len();
        // To the `>` after the last quoted literal: a literal may hold a `>`.
        let mut end = start;
        loop {
            let Some(m) = source[end..].find(['"', '\'', '>']) else {
                end = source.len();
                break;
            };
            let at = end + m;
            let quote = source.as_bytes()[at];
            if quote == b'>' {
                end = at;
                break;
            }
            end = source[at + 1..]
                .find(char::from(quote))
                .map_or(source.len(), |k| at + 1 + k + 1);
        }
        spans.push(start..end);
        from = end.max(start);
    }
    spans
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::check::rules::secrets::mask;

    #[test]
    fn a_private_key_is_masked_however_its_label_is_wrapped() {
        for text in [
            "-----BEGIN RSA PRIVATE KEY-----\nS3CRET\n-----END RSA PRIVATE KEY-----",
            "<certificate>-----BEGIN RSA PRIVATE\n    KEY-----\nS3CRET\n</certificate>",
            "k: \"-----BEGIN  PRIVATE   KEY-----S3CRET-----END PRIVATE KEY-----\"",
            "-----BEGIN PRIVATE KEY\nS3CRET",
            "<a>-----BEGIN PRIVATE&#32;KEY-----\nS3CRET\n</b>",
            "<a>-----BEGIN PRIV&#x41;TE KEY-----\nS3CRET\n</b>",
            "<a><![CDATA[-----BEGIN PRIVATE]]> KEY-----\nS3CRET\n</b>",
        ] {
            let masked = mask(text, &spans(text));
            assert!(!masked.contains("S3CRET"), "{masked}");
        }
        assert_eq!(
            super::super::secrets::secret_like(
                String::new,
                "-----BEGIN EC PRIVATE\n KEY-----\nAAAA"
            ),
            Some("a private key")
        );
        let public = "-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----";
        assert_eq!(mask(public, &spans(public)), public);
    }

    #[test]
    fn what_an_entity_declaration_holds_is_masked() {
        let text =
            "<!DOCTYPE x [<!ENTITY s \"S3>CRET\">\n<!ENTITY t SYSTEM 'S3CRET'>]>\n<a>&s;</a>";
        let masked = mask(text, &entity_declarations(text));
        assert_eq!(
            masked,
            "<!DOCTYPE x [<!ENTITY * *********>\n<!ENTITY * ****** ********>]>\n<a>&s;</a>"
        );
        let cut = "<!ENTITY s \"S3CRET";
        assert!(!mask(cut, &entity_declarations(cut)).contains("S3CRET"));
    }
}
