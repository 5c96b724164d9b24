//! The subcommands besides checking and explaining: rules, schema, init, completions.

use crate::finding::Show;
use std::io::Write;
use std::path::Path;

use clap::ValueEnum;

use crate::check::expected_callback::{self, STARTER, STARTER_CALLBACK};
use crate::check::{Checker, bundle, profile};
use crate::cli::Format;
use crate::{exit, output};

/// `sfcheck rules`: one line per code, or with `--format json` one array of
/// `{code, name, severity, summary}`, for a script.
pub fn rules(format: Format, out: &mut dyn Write, err: &mut dyn Write) -> std::io::Result<u8> {
    match format {
        Format::Human => {}
        Format::Json => {
            let list: Vec<_> = crate::catalogue::ALL
                .iter()
                .map(|c| {
                    serde_json::json!({
                        "code": c.code,
                        "name": c.name(),
                        "severity": c.severity.as_str(),
                        "summary": c.summary(),
                    })
                })
                .collect();
            let text = serde_json::to_string_pretty(&list).expect("the catalogue serialises");
            writeln!(out, "{text}")?;
            return Ok(exit::OK);
        }
        other => {
            let name = other.to_possible_value().expect("no format is skipped");
            writeln!(
                err,
                "error: `--format {}` does not apply to `sfcheck rules`; it prints `human` or `json`",
                name.get_name()
            )?;
            return Ok(exit::USAGE);
        }
    }
    for c in crate::catalogue::ALL {
        writeln!(
            out,
            "{}  {:<28} {:<8} {}",
            c.code,
            c.name(),
            c.severity.as_str(),
            c.summary()
        )?;
    }
    Ok(exit::OK)
}

/// `sfcheck schema [--profile NAME|none]`: an embedded schema, as committed in `schemas/`.
pub fn schema(
    profile_name: Option<&str>,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> std::io::Result<u8> {
    let text = match profile_name {
        None | Some("none") => profile::STRUCTURE_SCHEMA.to_owned(),
        Some(name) => match profile::BUILTIN.iter().find(|(n, _)| *n == name) {
            // Bundled, so that the file saved from this works on its own.
            Some((_, text)) => {
                let parse = |t: &str| serde_json::from_str(t).expect("embedded schemas are JSON");
                let bundled = bundle::bundle(&parse(text), &parse(profile::STRUCTURE_SCHEMA));
                let mut text = serde_json::to_string_pretty(&bundled).expect("a schema serialises");
                text.push('\n');
                text
            }
            None => {
                let names: Vec<&str> = profile::BUILTIN.iter().map(|(n, _)| *n).collect();
                writeln!(
                    err,
                    "error: no built-in profile `{}`; there is {} (`sfcheck schema` prints built-in profiles only)",
                    crate::finding::escape_controls(name),
                    names.join(", ")
                )?;
                return Ok(exit::USAGE);
            }
        },
    };
    out.write_all(text.as_bytes())?;
    Ok(exit::OK)
}

/// The config's `callback_url`, if the config in force gives one.
fn init_config(choice: &crate::settings::ConfigChoice) -> Result<Option<String>, String> {
    use crate::settings::ConfigChoice;
    let loaded = match choice {
        ConfigChoice::Ignore => return Ok(None),
        ConfigChoice::File(path) => crate::config::load_from(Some(path), Path::new("."))?,
        ConfigChoice::Nearest(start) => crate::config::load_from(None, start)?,
    };
    Ok(loaded.config.callback_url)
}

/// `sfcheck init`: writes a valid starter description, never over a file without `--force`.
/// Its callback URL is `--callback-url`'s, else the config's `callback_url`.
pub fn init(
    path: &Path,
    asked: &crate::settings::Asked,
    force: bool,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> std::io::Result<u8> {
    // `--callback-url`, else the config's `callback_url`, as a check takes them.
    let (whence, callback_url) = match &asked.callback_url {
        Some(url) => ("--callback-url", Some(url.clone())),
        None => match init_config(&asked.config) {
            Ok(url) => ("callback_url in the config", url),
            Err(message) => {
                writeln!(err, "error: {message}")?;
                return Ok(exit::USAGE);
            }
        },
    };
    let callback_url = callback_url.as_deref();
    let mut text = STARTER.replace(
        "$schema=../schemas/external-client-app.schema.json",
        "$schema=https://json-schema.org/draft/2020-12/schema",
    );
    // The editor line only helps where the schema file is; sfcheck prints it with `sfcheck schema`.
    text = text
        .lines()
        .filter(|l| !l.starts_with("# yaml-language-server"))
        .collect::<Vec<_>>()
        .join("\n")
        + "\n";
    if let Some(url) = callback_url {
        if let Err(e) = vet_for_init(url) {
            writeln!(err, "error: {whence}: {e}")?;
            return Ok(exit::USAGE);
        }
        text = text.replace(STARTER_CALLBACK, url);
    }
    if path.as_os_str() == "-" {
        out.write_all(text.as_bytes())?;
        return Ok(exit::OK);
    }
    if path.exists() && !force {
        writeln!(
            err,
            "error: `{}` exists; pass --force to overwrite it",
            path.shown()
        )?;
        return Ok(exit::USAGE);
    }
    if let Err(message) = output::write(path, text.as_bytes()) {
        writeln!(err, "error: {message}")?;
        return Ok(exit::FAILURE);
    }
    writeln!(
        out,
        "wrote {}; check it with `sfcheck {}`",
        path.shown(),
        path.shown()
    )?;
    Ok(exit::OK)
}

/// Holds a URL given to `init` to what the default profile accepts, so that the starter
/// it writes passes.
fn vet_for_init(raw: &str) -> Result<(), String> {
    let expected = expected_callback::parse(raw)?;
    let profile = profile::load(&profile::ProfileChoice::parse(profile::DEFAULT_PROFILE))?;
    let checker = Checker::new(profile.as_ref(), Some(expected), Default::default())?;
    expected_callback::vet(&checker, raw)
}

/// `sfcheck completions SHELL`.
pub fn completions(shell: clap_complete::Shell, out: &mut dyn Write) -> std::io::Result<u8> {
    use clap::CommandFactory;
    clap_complete::generate(shell, &mut crate::cli::Cli::command(), "sfcheck", out);
    Ok(exit::OK)
}
