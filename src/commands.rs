//! The subcommands besides checking: explain, rules, schema, init, completions.

use std::io::Write;
use std::path::Path;

use crate::check::profile;
use crate::document::emit;
use crate::exit;

/// `sfcheck explain CODE`: the code's whole documentation.
pub fn explain(query: &str, out: &mut dyn Write, err: &mut dyn Write) -> std::io::Result<u8> {
    match crate::catalogue::find(query) {
        Some(doc) => {
            out.write_all(doc.doc.as_bytes())?;
            Ok(exit::OK)
        }
        None => {
            writeln!(
                err,
                "error: no finding code `{query}`; `sfcheck rules` lists them all"
            )?;
            Ok(exit::USAGE)
        }
    }
}

/// `sfcheck rules`: one line per code.
pub fn rules(out: &mut dyn Write) -> std::io::Result<u8> {
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

/// `sfcheck schema [--profile NAME]`: an embedded schema, as committed in `schemas/`.
pub fn schema(
    profile_name: Option<&str>,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> std::io::Result<u8> {
    let text = match profile_name {
        None => profile::STRUCTURE_SCHEMA,
        Some(name) => match profile::BUILTIN.iter().find(|(n, _)| *n == name) {
            Some((_, text)) => text,
            None => {
                let names: Vec<&str> = profile::BUILTIN.iter().map(|(n, _)| *n).collect();
                writeln!(
                    err,
                    "error: no built-in profile `{name}`; there is {}",
                    names.join(", ")
                )?;
                return Ok(exit::USAGE);
            }
        },
    };
    out.write_all(text.as_bytes())?;
    Ok(exit::OK)
}

/// The starter description `init` writes: the bundled example, with the callback URL
/// given.
const STARTER: &str = include_str!("../examples/deskpro-crm-sync.eca.yaml");
const EXAMPLE_CALLBACK: &str = "https://helpdesk.example.com/admin-api/salesforce/auth";

/// `sfcheck init`: writes a valid starter description, never over a file without `--force`.
pub fn init(
    path: &Path,
    callback_url: Option<&str>,
    force: bool,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> std::io::Result<u8> {
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
        if url.chars().any(|c| c.is_whitespace() || c.is_control()) || url::Url::parse(url).is_err()
        {
            writeln!(err, "error: --callback-url `{url}` is not a URL")?;
            return Ok(exit::USAGE);
        }
        text = text.replace(EXAMPLE_CALLBACK, url);
    }
    if path.as_os_str() == "-" {
        out.write_all(text.as_bytes())?;
        return Ok(exit::OK);
    }
    if path.exists() && !force {
        writeln!(
            err,
            "error: `{}` exists; pass --force to overwrite it",
            path.display()
        )?;
        return Ok(exit::USAGE);
    }
    std::fs::write(path, text)?;
    writeln!(
        out,
        "wrote {}; check it with `sfcheck {}`",
        path.display(),
        path.display()
    )?;
    Ok(exit::OK)
}

/// `sfcheck import DIR`: the YAML description of each app found in the metadata. The
/// consumer secret is never copied; what the YAML cannot hold is said on standard error.
pub fn import(
    dir: &Path,
    output: Option<&Path>,
    force: bool,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> std::io::Result<u8> {
    // Git-ignored files count: the global OAuth settings are often ignored on purpose.
    let (files, mut unreadable) = crate::discover::metadata_files(dir, None);
    let set = crate::document::metadata::read(&files, crate::load::DEFAULT_MAX_FILE_SIZE);
    // An app read in part would be imported wrong: nothing is written.
    unreadable.extend(set.unreadable.iter().cloned());
    if !unreadable.is_empty() {
        for message in &unreadable {
            writeln!(err, "error: {message}")?;
        }
        return Ok(exit::FAILURE);
    }
    for lone in &set.lone {
        for f in &lone.findings {
            writeln!(
                err,
                "warning: {} was not imported: {} [{}]",
                lone.path, f.message, f.code
            )?;
        }
    }
    if set.apps.is_empty() {
        writeln!(
            err,
            "error: no External Client App (`externalClientApps/*.eca-meta.xml`) under `{}`",
            dir.display()
        )?;
        return Ok(exit::FINDINGS);
    }
    let mut documents = Vec::new();
    for app in &set.apps {
        let built = app.build(&app.sources());
        let mut value = built.document.value;
        if let Some(map) = value.as_object_mut()
            && map.remove("consumerSecret").is_some()
        {
            writeln!(
                err,
                "warning: {}: the consumer secret was not copied; remove it from the metadata and rotate it",
                app.name
            )?;
        }
        for (pointer, why) in crate::check::rules::secrets::remove_secret_like(&mut value) {
            writeln!(
                err,
                "warning: {}: `{pointer}` holds {why}; it was not copied: remove it from the metadata and rotate it",
                app.name
            )?;
        }
        if built.global_missing {
            writeln!(
                err,
                "warning: {}: no global OAuth settings file, so the callback URL, flows and security checkboxes are missing from the description; add them by hand",
                app.name
            )?;
        }
        let text = format!(
            "# Imported by sfcheck from {}\n{}",
            app.files[0].path,
            emit::to_yaml(&value)
        );
        documents.push((app.name.clone(), text));
    }
    match output {
        None => {
            let joined: Vec<String> = documents.into_iter().map(|(_, t)| t).collect();
            out.write_all(joined.join("---\n").as_bytes())?;
        }
        Some(path) => {
            let targets: Vec<(std::path::PathBuf, String)> = if documents.len() == 1 {
                vec![(path.to_path_buf(), documents.remove(0).1)]
            } else {
                std::fs::create_dir_all(path)?;
                documents
                    .into_iter()
                    .map(|(name, t)| (path.join(format!("{name}.eca.yaml")), t))
                    .collect()
            };
            for (target, _) in &targets {
                if target.exists() && !force {
                    writeln!(
                        err,
                        "error: `{}` exists; pass --force to overwrite it",
                        target.display()
                    )?;
                    return Ok(exit::USAGE);
                }
            }
            for (target, text) in targets {
                std::fs::write(&target, text)?;
                writeln!(out, "wrote {}", target.display())?;
            }
        }
    }
    Ok(exit::OK)
}

/// `sfcheck completions SHELL`.
pub fn completions(shell: clap_complete::Shell, out: &mut dyn Write) -> std::io::Result<u8> {
    use clap::CommandFactory;
    clap_complete::generate(shell, &mut crate::cli::Cli::command(), "sfcheck", out);
    Ok(exit::OK)
}
