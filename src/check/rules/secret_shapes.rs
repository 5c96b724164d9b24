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
/// exactly 64 hex digits, PEM private key blocks, and bearer tokens.
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
    while let Some(start) = find_marker(source, from, b"begin") {
        let Some(body) = private_key_body(source, start) else {
            from = start + "-----BEGIN".len();
            continue;
        };
        let end = find_marker(source, body, b"end").unwrap_or(source.len());
        spans.push(body..end);
        from = end.max(start + 1);
    }
    spans.extend(bearer_tokens(source));
    spans
}

/// How base64 begins a JSON object: `{"` is `eyJ`, and a pretty-printed one opens with
/// a space (`eyA`), a line break (`ewo`, `ew0`) or a tab (`ewk`).
const JSON_OBJECT: [&[u8]; 5] = [b"eyJ", b"eyA", b"ewo", b"ew0", b"ewk"];

/// Bearer tokens, which act as whoever they were issued to: a JSON Web Token (three
/// base64url parts, the first two JSON objects, so `eyJ….eyJ….`) and a Salesforce
/// access or refresh token (an org id `00D…`, `!`, and 40 or more token characters).
pub fn bearer_tokens(source: &str) -> Vec<Range<usize>> {
    static JWT: LazyLock<aho_corasick::AhoCorasick> = LazyLock::new(|| {
        aho_corasick::AhoCorasick::new(JSON_OBJECT).expect("fixed patterns build")
    });
    static ORG: LazyLock<Finder> = LazyLock::new(|| Finder::new("00D"));
    let bytes = source.as_bytes();
    let json_object = |at: usize| JSON_OBJECT.iter().any(|p| bytes[at..].starts_with(p));
    let b64 = |b: u8| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_');
    let token = |b: u8| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'_');
    let run = |from: usize, ok: &dyn Fn(u8) -> bool| {
        from + bytes[from.min(bytes.len())..]
            .iter()
            .take_while(|&&b| ok(b))
            .count()
    };
    // A token starts a word, or follows an escape that ends in a letter or digit
    // (`%20`, `\n`, `\x20`, `\u0020`): what the escape stands for is a separator.
    let starts_word = |start: usize| {
        let hex = |r: Range<usize>| bytes[r].iter().all(u8::is_ascii_hexdigit);
        start == 0
            || !bytes[start - 1].is_ascii_alphanumeric()
            || (start >= 3 && bytes[start - 3] == b'%' && hex(start - 2..start))
            || (start >= 2 && bytes[start - 2] == b'\\')
            || (start >= 4 && bytes[start - 4..].starts_with(b"\\x") && hex(start - 2..start))
            || (start >= 6 && bytes[start - 6..].starts_with(b"\\u") && hex(start - 4..start))
    };
    let mut spans = Vec::new();
    let mut from = 0;
    while let Some(n) = JWT.find(&bytes[from..]) {
        let start = from + n.start();
        // Each failed try goes on from where its run ended: one pass.
        from = start + 3;
        if !starts_word(start) || (start > 0 && matches!(bytes[start - 1], b'-' | b'_')) {
            continue;
        }
        let dot = run(start, &b64);
        from = from.max(dot);
        let Some(after_dot) = spelt(bytes, dot, b'.').filter(|_| dot - start >= 10) else {
            continue;
        };
        if !json_object(after_dot) {
            continue;
        }
        let second = run(after_dot, &b64);
        from = second;
        let Some(signature) = spelt(bytes, second, b'.').filter(|_| second - after_dot >= 5) else {
            continue;
        };
        let end = run(signature, &b64);
        spans.push(start..end);
        from = end;
    }
    from = 0;
    while let Some(n) = ORG.find(&bytes[from..]) {
        let start = from + n;
        from = start + 3;
        if !starts_word(start) {
            continue;
        }
        let bang = run(start, &|b: u8| b.is_ascii_alphanumeric());
        from = from.max(bang);
        let Some(after_bang) = spelt(bytes, bang, b'!').filter(|_| matches!(bang - start, 15 | 18))
        else {
            continue;
        };
        let end = run(after_bang, &token);
        if end - after_bang >= 40 {
            spans.push(start..end);
            from = end;
        }
    }
    spans
}

/// Where the text after `c` at `at` starts, when `c` is written there as itself or as
/// an XML reference or YAML escape (`&#46;`, `&#x2E;`, `\\x2e`, `\\u002E`): a token's
/// separators, written so, still read as one to whoever decodes the file.
fn spelt(bytes: &[u8], at: usize, c: u8) -> Option<usize> {
    let rest = bytes.get(at..)?;
    match rest.first() {
        Some(&b) if b == c => return Some(at + 1),
        // Most candidates end here, before any form is built.
        Some(b'&' | b'\\') => {}
        _ => return None,
    }
    let forms = [
        format!("&#{c};"),
        format!("&#x{c:02x};"),
        format!("\\x{c:02x}"),
        format!("\\u{c:04x}"),
    ];
    forms
        .iter()
        .find(|f| rest.len() >= f.len() && rest[..f.len()].eq_ignore_ascii_case(f.as_bytes()))
        .map(|f| at + f.len())
}

/// The first `-----BEGIN` (`word` is `begin`) or `-----END` at or after `from`, in any
/// case: a label written in lower case still reads as one to a person.
pub fn find_marker(source: &str, from: usize, word: &[u8]) -> Option<usize> {
    static DASHES: LazyLock<Finder> = LazyLock::new(|| Finder::new("-----"));
    let bytes = source.as_bytes();
    let mut at = from;
    while let Some(n) = DASHES.find(&bytes[at.min(bytes.len())..]) {
        let dashes = at + n;
        if bytes[dashes + 5..]
            .get(..word.len())
            .is_some_and(|w| w.eq_ignore_ascii_case(word))
        {
            return Some(dashes);
        }
        at = dashes + 1;
    }
    None
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
        let upper = source[start..window.max(start)].to_ascii_uppercase();
        let named = upper.contains("PRIVATE KEY") || upper.contains("SECRET KEY");
        return named.then(|| {
            source[start..]
                .find('\n')
                .map_or(source.len(), |n| start + n)
        });
    };
    // In XML that does not parse, the label may hold references (`PRIVATE&#32;KEY`)
    // or CDATA marks, which read as what they stand for.
    let label = &source[label_start..close];
    let decoded = if label.contains("<![CDATA[") || label.contains("]]>") {
        let plain = label.replace("<![CDATA[", "").replace("]]>", "");
        decoded(&plain).unwrap_or(plain)
    } else {
        decoded(label).unwrap_or_else(|| label.to_owned())
    };
    // PEM names a `PRIVATE KEY`; OpenPGP a `PRIVATE KEY BLOCK` or `SECRET KEY BLOCK`.
    let mut words: Vec<&str> = decoded.split_whitespace().collect();
    if words
        .last()
        .is_some_and(|w| w.eq_ignore_ascii_case("block"))
    {
        words.pop();
    }
    let named = |i: usize, word: &str| words.get(i).is_some_and(|w| w.eq_ignore_ascii_case(word));
    let n = words.len();
    if n < 2 || !(named(n - 2, "private") || named(n - 2, "secret")) || !named(n - 1, "key") {
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

/// Masked text as it reads when it holds escapes: YAML's `\x53`, `\u0053` and XML's
/// `&#83;`, `&#x53;` decoded. `None` when it holds neither.
pub(super) fn decoded(text: &str) -> Option<String> {
    let yaml = text.contains('\\');
    let xml = text.contains("&#");
    if !yaml && !xml {
        return None;
    }
    let text = if yaml {
        super::secret_text::decode_escapes(text)
    } else {
        text.to_owned()
    };
    if !xml {
        return Some(text);
    }
    let mut out = String::with_capacity(text.len());
    let mut rest = text.as_str();
    while let Some(at) = rest.find("&#") {
        out.push_str(&rest[..at]);
        rest = &rest[at..];
        // A reference is short: looking no further keeps a run of `&#` linear.
        let semicolon = rest.as_bytes()[2..]
            .iter()
            .take(10)
            .position(|&b| b == b';');
        let reference = semicolon.and_then(|n| {
            let digits = &rest[2..2 + n];
            let code = match digits.strip_prefix(['x', 'X']) {
                Some(hex) => u32::from_str_radix(hex, 16),
                None => digits.parse(),
            };
            Some((digits.len(), char::from_u32(code.ok()?)?))
        });
        match reference {
            Some((len, c)) => {
                out.push(c);
                rest = &rest[2 + len + 1..];
            }
            None => {
                out.push_str("&#");
                rest = &rest[2..];
            }
        }
    }
    out.push_str(rest);
    Some(out)
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
            "-----begin Private Key-----\nS3CRET\n-----end private key-----",
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
        assert_eq!(
            super::super::secrets::secret_like(String::new, "-----begin private key-----\nAAAA"),
            Some("a private key")
        );
        let public = "-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----";
        assert_eq!(mask(public, &spans(public)), public);
    }

    #[test]
    fn bearer_tokens_are_found_by_shape() {
        const PRETTY: &str = "ewogICJhbGciOiAiSFMyNTYiLAogICJ0eXAiOiAiSldUIgp9.ewogICJzdWIiOiAiMTIzNDU2Nzg5MCIKfQ.SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c";
        const TABBED: &str = "eyJ0eXAiOiJKV1QiLCJhbGciOiJIUzI1NiJ9.ewkic3ViIjogIjEifQ.c2lnbmF0dXJl";
        let jwt = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U";
        let org = format!("00D5g000004XyZa!{}", "AQ0AQK9.x_".repeat(10));
        for (text, token) in [
            (format!("a: {jwt}\n"), jwt),
            (format!("u: https://h/x?t={jwt}&y"), jwt),
            (format!("<t>{org}</t>"), org.as_str()),
            (format!("u: https://h/x?auth=Bearer%20{jwt}"), jwt),
            (format!("u: \"Bearer\\x20{jwt}\""), jwt),
            (format!("u: \"Bearer\\n{org}\""), org.as_str()),
            (
                jwt.replace('.', "&#46;"),
                jwt.replace('.', "&#46;").as_str(),
            ),
            (
                org.replacen('!', "&#x21;", 1),
                org.replacen('!', "&#x21;", 1).as_str(),
            ),
            (
                jwt.replace('.', "\\u002E"),
                jwt.replace('.', "\\u002E").as_str(),
            ),
            // Pretty-printed JSON: a header or payload that opens with a line break or tab.
            (format!("k: {PRETTY}"), PRETTY),
            (format!("<t a=\"{TABBED}\"/>"), TABBED),
        ] {
            let found: Vec<&str> = bearer_tokens(&text).into_iter().map(|r| &text[r]).collect();
            assert_eq!(found, [token], "{text}");
        }
        for text in [
            "eyJhbGciOiJIUzI1NiJ9 only one part",
            "xeyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIx.sig",
            "00D5g000004XyZa!short",
            "id 00D5g000004XyZaEAK is an org id",
        ] {
            assert!(bearer_tokens(text).is_empty(), "{text}");
        }
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
