//! The YAML path: bytes → load → parse → check → render in every format; and the
//! events of the fast path for plain block YAML are the parser's, whenever it is taken.
#![no_main]

mod common;

use libfuzzer_sys::fuzz_target;
use sfcheck::load::{Loaded, decode};

fuzz_target!(|data: &[u8]| {
    let Loaded::Text(text) = decode(data.to_vec(), 1 << 20) else {
        return;
    };
    if let Err(diff) = sfcheck::document::yaml::fast_path_agrees(&text) {
        panic!("the fast path differs from the parser on {text:?}:\n{diff}");
    }
    let report = common::checker().check_yaml("fuzz.eca.yaml", &text);
    common::render_all(&[&text], &[report]);
});
