//! The README's list of finding codes is generated from `docs/rules/`, never typed twice.
//! `SFCHECK_BLESS=1 cargo test --test suite docs::` rewrites it.

const START: &str = "<!-- codes:start -->\n";
const END: &str = "<!-- codes:end -->";

fn table() -> String {
    let mut text = String::from("| code | name | severity | what it finds |\n|---|---|---|---|\n");
    for c in sfcheck::catalogue::ALL {
        text.push_str(&format!(
            "| {} | {} | {} | {} |\n",
            c.code,
            c.name(),
            c.severity.as_str(),
            c.summary()
        ));
    }
    text
}

#[test]
fn readme_code_table_matches_the_catalogue() {
    let readme = std::fs::read_to_string("README.md").unwrap();
    let start = readme
        .find(START)
        .expect("README has the codes:start marker")
        + START.len();
    let end = readme.find(END).expect("README has the codes:end marker");
    let expected = table();
    if std::env::var_os("SFCHECK_BLESS").is_some() {
        std::fs::write(
            "README.md",
            format!("{}{expected}{}", &readme[..start], &readme[end..]),
        )
        .unwrap();
        return;
    }
    assert!(
        readme[start..end] == expected,
        "the README's code table is out of date; run `SFCHECK_BLESS=1 cargo test --test suite docs::`"
    );
}
