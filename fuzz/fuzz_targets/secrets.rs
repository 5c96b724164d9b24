//! The secret oracle: plants a secret made from the input in the input (as 64 hex
//! digits, as the value of a secret key in one of its spellings or misspellings, parsed
//! or broken, as a URL's password, or quoted across two lines), checks it as YAML and as metadata XML, and
//! fails if any format shows 16 characters in a row of it.
#![no_main]

mod common;

use libfuzzer_sys::fuzz_target;
use sfcheck::document::metadata::{self, Kind};

/// What stands before and after the planted word: a secret key in one of its spellings,
/// or a URL whose credentials a parser reads past a stop.
const KEYS: [(&str, &str); 15] = [
    ("consumerSecret: ", ""),
    ("consumer-secret: ", ""),
    ("Client_Secret: ", ""),
    ("consumerSecret:\n  ", ""),
    ("consumerSecret: |\n  ", ""),
    ("<consumerSecret>", ""),
    ("consumerSecrt: ", ""),
    ("db_password: ", ""),
    ("<consumerSecre>", ""),
    ("? consumerSecret\n# c\n: ", ""),
    ("? |\n  consumer\n  Secret\n: ", ""),
    ("x: &k db_password\n*k : ", ""),
    ("x: 'https://u:", " x@h/x'"),
    ("callbackUrl: \"https:\\t//u:", "@h/x\""),
    ("<callbackUrl>https://u:", "\n@h/x</callbackUrl>"),
];

fuzz_target!(|data: &[u8]| {
    if data.len() < 4 {
        return;
    }
    let (head, rest) = data.split_at(4);
    let Ok(text) = std::str::from_utf8(rest) else {
        return;
    };
    // The secret: 64 hex digits, or a 24-character word, from the input's first bytes.
    let seed = u32::from_le_bytes([head[0], head[1], head[2], head[3]]);
    let hex: String = (0..64).map(|i| char::from(b"0123456789abcdef"[((seed >> (i % 29)) as usize + i) % 16])).collect();
    let word: String = (0..24).map(|i| char::from(b"ABCDEFGHJKLMNPQRSTUVWXYZ23456789"[((seed >> (i % 27)) as usize + 7 * i) % 32])).collect();
    let kind = head[0] as usize % (KEYS.len() + 2);
    let (secret, planted) = match KEYS.get(kind) {
        Some((key, after)) => (word.clone(), format!("\n{key}{word}{after}\n")),
        // Each half of the 64 digits is longer than the 16 the oracle looks for.
        None if kind == KEYS.len() => (hex.clone(), format!("\nconsumerSecret: \"{}\n  {}\"\n", &hex[..32], &hex[32..])),
        None => (hex.clone(), format!(" {hex}\n")),
    };
    let mut at = (head[1] as usize * 256 + head[2] as usize) % (text.len() + 1);
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    let source = format!("{}{planted}{}", &text[..at], &text[at..]);
    let checker = common::checker();
    let yaml = checker.check_yaml("fuzz.eca.yaml", &source);
    common::assert_hidden(&[&source], &[yaml], &secret);
    // The same text as a global OAuth settings file, beside a valid header.
    let header = metadata::parse_file("App.eca-meta.xml", common::HEADER.into(), Kind::Header, "App".into());
    let global = metadata::parse_file("G.ecaGlblOauth-meta.xml", source.clone(), Kind::Global, "G".into());
    let (sources, reports): (Vec<&str>, Vec<_>) = match global {
        Ok(global) => {
            let (apps, lone) = metadata::group(header.into_iter().chain([global]).collect());
            let mut pairs: Vec<(&str, _)> = Vec::new();
            for app in &apps {
                let texts = app.files.iter().map(|f| if f.kind == Kind::Header { common::HEADER } else { source.as_str() });
                pairs.extend(texts.zip(checker.check_app(app)));
            }
            for l in &lone {
                let text = if l.path.ends_with(".eca-meta.xml") { common::HEADER } else { source.as_str() };
                pairs.push((text, checker.lone(l)));
            }
            pairs.into_iter().unzip()
        }
        Err(finding) => (
            vec![source.as_str()],
            vec![checker.lone(&metadata::Lone::unparsed(
                "G.ecaGlblOauth-meta.xml".into(),
                source.clone(),
                vec![*finding],
            ))],
        ),
    };
    common::assert_hidden(&sources, &reports, &secret);
});
