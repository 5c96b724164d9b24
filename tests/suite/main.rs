//! The integration tests, one module per subject, in one test binary: one link instead
//! of one per file, and every test shares one thread pool instead of binaries running
//! one after the other. `cargo test --test suite metadata::` runs one module.

#[path = "../cli_support/mod.rs"]
mod cli_support;
#[path = "../common/mod.rs"]
mod common;

mod cli;
mod docs;
mod export;
mod fix;
mod fix_metadata;
mod fix_properties;
mod fixtures;
mod globals;
mod hostile;
mod hostile_faults;
mod hostile_generated;
mod hostile_output;
mod hostile_patterns;
mod hostile_secret_names;
mod hostile_secrets;
mod hostile_secrets_gaps;
mod hostile_settings;
mod hostile_urls;
mod integration;
#[path = "lsp_client.rs"]
mod lsp_client;
mod messages;
mod metadata;
mod outputs;
mod paths;
mod patterns;
mod profiles;
mod properties;
mod repository;
mod schemas;
mod server;
mod server_metadata;
mod snapshots;
mod verdicts;
mod version;
mod writers;

/// How many cases a property test runs: `default`, small enough to keep `cargo test`
/// quick, or `PROPTEST_CASES` to search harder (`PROPTEST_CASES=10000 cargo test --test
/// suite properties`).
pub fn proptest_cases(default: u32) -> u32 {
    std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(default)
}
