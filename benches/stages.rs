//! Per-stage benchmarks of one description, so a regression shows where it is:
//! `cargo bench`. Whole-CLI comparisons with other tools are in `scripts/bench.sh`.

use divan::{Bencher, black_box};
use sfcheck::check::Checker;
use sfcheck::check::profile::{self, ProfileChoice};
use sfcheck::check::schema::Schemas;
use sfcheck::document::{Limits, yaml};
use sfcheck::finding::FileReport;

const VALID: &str = include_str!("../examples/deskpro-crm-sync.eca.yaml");

fn invalid() -> String {
    VALID
        .replace("device: false", "device: true")
        .replace("[api, web, refresh_token]", "[api, web, full]")
        .replace("callbackUrl: https", "callbackUrl: http")
}

fn profile() -> profile::Profile {
    profile::load(&ProfileChoice::parse(profile::DEFAULT_PROFILE))
        .unwrap()
        .unwrap()
}

fn main() {
    divan::main();
}

#[divan::bench]
fn compile_schemas() -> Schemas {
    Schemas::compile(Some(&profile())).unwrap()
}

#[divan::bench(args = ["valid", "invalid"])]
fn parse(bencher: Bencher, which: &str) {
    let text = if which == "valid" {
        VALID.to_owned()
    } else {
        invalid()
    };
    bencher.bench(|| yaml::parse(black_box(&text), Limits::default()));
}

#[divan::bench(args = ["valid", "invalid"])]
fn validate(bencher: Bencher, which: &str) {
    let schemas = Schemas::compile(Some(&profile())).unwrap();
    let text = if which == "valid" {
        VALID.to_owned()
    } else {
        invalid()
    };
    let doc = yaml::parse(&text, Limits::default()).0.unwrap();
    bencher.bench(|| schemas.check(black_box(&doc)));
}

#[divan::bench(args = ["valid", "invalid"])]
fn check_file(bencher: Bencher, which: &str) {
    let checker = Checker::new(Some(&profile()), None, Default::default()).unwrap();
    let text = if which == "valid" {
        VALID.to_owned()
    } else {
        invalid()
    };
    bencher.bench(|| checker.check_yaml("app.eca.yaml", black_box(&text)));
}

fn report() -> Vec<FileReport> {
    let checker = Checker::new(Some(&profile()), None, Default::default()).unwrap();
    vec![checker.check_yaml("app.eca.yaml", &invalid())]
}

#[divan::bench(args = ["human", "json", "sarif", "github", "compact"])]
fn render(bencher: Bencher, format: &str) {
    let reports = report();
    let style = sfcheck::report::human::Style {
        color: false,
        unicode: true,
        width: 100,
    };
    bencher.bench(|| match format {
        "human" => sfcheck::report::human::render(black_box(&reports), style, false),
        "json" => sfcheck::report::json::render(black_box(&reports)),
        "sarif" => sfcheck::report::sarif::render(black_box(&reports)),
        "github" => sfcheck::report::github::render(black_box(&reports)),
        _ => sfcheck::report::compact::render(black_box(&reports)),
    });
}
