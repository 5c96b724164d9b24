//! sfcheck: lint Salesforce External Client App descriptions against an integration's
//! requirements. The pipeline runs one way:
//! discover → load → parse → check → report, then the exit code.

pub mod catalogue;
pub mod check;
pub mod cli;
pub mod commands;
pub mod config;
pub mod discover;
pub mod document;
pub mod explain;
pub mod export;
pub mod finding;
pub mod fix;
pub mod import;
pub mod load;
pub mod model;
pub mod output;
pub mod report;
pub mod resolve;
pub mod run;
pub mod server;
pub mod settings;
pub mod suggest;

use std::io::Write;

use cli::{Cli, Command};

/// Exit codes (DESIGN §6).
pub mod exit {
    /// Nothing at error level.
    pub const OK: u8 = 0;
    /// Findings at error level.
    pub const FINDINGS: u8 = 1;
    /// Bad usage or configuration.
    pub const USAGE: u8 = 2;
    /// An I/O or internal failure.
    pub const FAILURE: u8 = 3;
}

/// Runs the command line; returns the exit code. Reports go to `out`, failures to `err`,
/// through [`finding::Guard`]: no message can carry a control character to the terminal.
pub fn run(cli: Cli, out: &mut dyn Write, err: &mut dyn Write) -> u8 {
    let err = &mut finding::Guard::new(err);
    let result = match cli.command {
        Some(Command::Explain { code }) => explain::explain(&code, out, err),
        Some(Command::Rules) => commands::rules(cli.check.format, out, err),
        Some(Command::Schema) => commands::schema(cli.check.profile.as_deref(), out, err),
        Some(Command::Init { path, force }) => {
            let asked = settings::Asked::from_args(&cli.check);
            commands::init(&path, &asked, force, out, err)
        }
        Some(Command::Import {
            path,
            output,
            force,
        }) => import::import(&path, output.as_deref(), force, out, err),
        Some(Command::Export {
            path,
            output_dir,
            force,
        }) => export::export(&path, &output_dir, force, out, err),
        Some(Command::Completions { shell }) => commands::completions(shell, out),
        Some(Command::Server) => server::serve(out, err),
        None => run::check(&cli.check, out, err),
    };
    match result {
        Ok(code) => code,
        // A closed pipe (`sfcheck … | head`) is the reader's choice, not a failure.
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => exit::OK,
        Err(e) => {
            let _ = writeln!(err, "error: {}", finding::escape_controls(&e.to_string()));
            exit::FAILURE
        }
    }
}
