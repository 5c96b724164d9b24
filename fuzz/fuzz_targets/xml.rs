//! The metadata path: bytes split into a header and a global OAuth settings file →
//! parse → link → map onto the model → check → render in every format.
#![no_main]

mod common;

use libfuzzer_sys::fuzz_target;
use sfcheck::document::metadata::{self, Kind};
use sfcheck::load::{Loaded, decode};

fuzz_target!(|data: &[u8]| {
    // A NUL byte, if any, separates the two files; else the input is the global file and
    // the header is a fixed, valid one.
    let (header, global) = match data.iter().position(|&b| b == 0) {
        Some(i) => (data[..i].to_vec(), data[i + 1..].to_vec()),
        None => (HEADER.as_bytes().to_vec(), data.to_vec()),
    };
    let (Loaded::Text(header), Loaded::Text(global)) = (decode(header, 1 << 20), decode(global, 1 << 20)) else {
        return;
    };
    let mut files = Vec::new();
    for (text, kind, member) in [(header, Kind::Header, "App"), (global, Kind::Global, "App_glbloauth")] {
        if let Ok(file) = metadata::parse_file(member, text, kind, member.to_owned()) {
            files.push(file);
        }
    }
    let (apps, _) = metadata::group(files);
    for app in &apps {
        let reports = common::checker().check_app(app);
        let sources: Vec<&str> = app.files.iter().map(|f| f.text.as_str()).collect();
        common::render_all(&sources, &reports);
    }
});

const HEADER: &str = r#"<ExternalClientApplication xmlns="http://soap.sforce.com/2006/04/metadata"><contactEmail>a@example.com</contactEmail><distributionState>Local</distributionState><label>App</label></ExternalClientApplication>"#;
