//! The time and memory oracle: the input drives a generator of the shapes that once cost
//! seconds or gigabytes (aliases of long values, runs of `#`, long lists, attribute
//! floods, deep nesting, many keys), up to 1 MiB; the check, and the rendering in every
//! format, must end within a budget of CPU time relative to the input's size. Memory is bounded by
//! libFuzzer's `-rss_limit_mb` and `-malloc_limit_mb` (see `scripts/fuzz.sh`).
#![no_main]

mod common;

use std::time::Duration;

use libfuzzer_sys::fuzz_target;
use sfcheck::document::metadata::{self, Kind};

const MAX: usize = 1 << 20;

fuzz_target!(|data: &[u8]| {
    if data.len() < 4 {
        return;
    }
    let n = |i: usize, scale: usize| (data[i] as usize * 256 + data[(i + 1) % data.len()] as usize) * scale;
    let tail = String::from_utf8_lossy(&data[4..]);
    let (text, xml) = match data[0] % 8 {
        0 => {
            let long = "x".repeat(n(1, 8).min(MAX / 2));
            let aliases = vec!["*a"; n(2, 1).min(MAX / 8)].join(", ");
            (format!("a: &a \"{long}\"\nb: [{aliases}]\n{tail}"), false)
        }
        1 => (format!("name: \"{}\"\n# {}{tail}\n", "#".repeat(n(1, 8)), "#".repeat(n(2, 8))), false),
        2 => {
            let items: Vec<String> = (0..n(1, 1)).map(|i| if data[3] % 2 == 0 { "api".into() } else { format!("s{i}") }).collect();
            (format!("oauth:\n  scopes: [{}]\n{tail}", items.join(", ")), false)
        }
        3 => {
            let attrs: String = (0..n(1, 1)).map(|i| format!(" a{i}=\"{tail}\"")).collect();
            (format!("<ExtlClntAppGlobalOauthSettings xmlns=\"http://soap.sforce.com/2006/04/metadata\"{attrs}><label>A</label></ExtlClntAppGlobalOauthSettings>"), true)
        }
        4 => (format!("<ExtlClntAppGlobalOauthSettings>{}{tail}", "<a x=\"1\">".repeat(n(1, 1))), true),
        5 => ("[".repeat(n(1, 4)) + &tail, false),
        6 => ((0..n(1, 1)).map(|i| format!("k{i}: {tail}\n")).collect(), false),
        _ => (format!("<!-- {} -->{tail}", "#".repeat(n(1, 16))), true),
    };
    if text.len() > MAX {
        return;
    }
    // Compiling the schemas is once per run, not part of any input's cost.
    let checker = common::checker();
    let start = cpu_time();
    // Checked and rendered in every format: a report of thousands of findings must be
    // as cheap to write as to find.
    let reports = if xml {
        match metadata::parse_file("G.ecaGlblOauth-meta.xml", text.clone(), Kind::Global, "G".into()) {
            Ok(file) => {
                let (apps, lone) = metadata::group(vec![file]);
                let mut reports: Vec<_> = apps.iter().flat_map(|a| checker.check_app(a)).collect();
                reports.extend(lone.iter().map(|l| checker.lone(l)));
                reports
            }
            Err(finding) => {
                vec![checker.lone(&metadata::Lone::unparsed("G".into(), text.clone(), vec![*finding]))]
            }
        }
    } else {
        vec![checker.check_yaml("fuzz.eca.yaml", &text)]
    };
    common::render_all(&vec![text.as_str(); reports.len()], &reports);
    // CPU time, not wall time: other work on the machine does not count. The release
    // build does the costliest linear shapes (tens of thousands of unknown keys or
    // scopes) in under 1 µs per byte (scripts/limits-times.sh); the fuzz build's
    // coverage counters and comparison hooks make it up to five times slower. Quadratic
    // work still ends far past this.
    let budget = Duration::from_millis(100) + Duration::from_micros(5 * text.len() as u64);
    let took = cpu_time() - start;
    assert!(took <= budget, "{} bytes (shape {}) took {took:?}, over {budget:?}", text.len(), data[0] % 8);
});

/// The CPU time this process has used, every thread counted.
fn cpu_time() -> Duration {
    let mut t = libc::timespec { tv_sec: 0, tv_nsec: 0 };
    // SAFETY: `t` is a valid, writable timespec; the clock id is a constant libc defines.
    unsafe { libc::clock_gettime(libc::CLOCK_PROCESS_CPUTIME_ID, &mut t) };
    Duration::new(t.tv_sec as u64, t.tv_nsec as u32)
}
