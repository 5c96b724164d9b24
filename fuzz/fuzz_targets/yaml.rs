//! The YAML path: bytes → load → parse → check → render in every format.
#![no_main]

mod common;

use libfuzzer_sys::fuzz_target;
use sfcheck::load::{Loaded, decode};

fuzz_target!(|data: &[u8]| {
    let Loaded::Text(text) = decode(data.to_vec(), 1 << 20) else {
        return;
    };
    let report = common::checker().check_yaml("fuzz.eca.yaml", &text);
    common::render_all(&[&text], &[report]);
});
