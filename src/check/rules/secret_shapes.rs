//! Secrets known by their shape, wherever they stand and whether or not the file
//! parses: 64 hex digits (a consumer secret) and PEM private key blocks.

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
    let words: Vec<&str> = source[label_start..close].split_whitespace().collect();
    if !words.ends_with(&["PRIVATE", "KEY"]) {
        return None;
    }
    Some(close + source[close..].len() - source[close..].trim_start_matches('-').len())
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
}
