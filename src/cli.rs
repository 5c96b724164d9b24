//! The command line, as clap definitions.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

/// Lint a Salesforce External Client App description against what an integration needs.
///
/// Reads `*.eca.yaml` files (or folders holding them) and reports every missing, extra
/// or wrong setting with its line, a snippet, and what to tick in Salesforce Setup.
/// The default profile is Deskpro's Salesforce CRM Sync.
#[derive(Debug, Parser)]
#[command(
    name = "sfcheck",
    version,
    args_conflicts_with_subcommands = true,
    subcommand_negates_reqs = true,
    after_help = "Exit codes: 0 no errors, 1 errors found, 2 bad usage or profile, 3 I/O or internal failure.\nExamples:\n  sfcheck app.eca.yaml\n  sfcheck --callback-url https://support.acme.com/admin-api/salesforce/auth config/\n  sfcheck --format json app.eca.yaml\n  sfcheck explain SF205"
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Option<Command>,
    #[command(flatten)]
    pub check: CheckArgs,
}

/// Options of a check run (the default command).
#[derive(Debug, Args)]
pub struct CheckArgs {
    /// Files or folders to check; `-` reads standard input.
    #[arg(value_name = "PATH", required = true)]
    pub paths: Vec<PathBuf>,
    /// The requirement to check against: a built-in profile name, a JSON Schema file, or
    /// `none` for the structure only.
    #[arg(long, value_name = "NAME|FILE|none", default_value = crate::check::profile::DEFAULT_PROFILE)]
    pub profile: String,
    /// The exact callback URL the app must have (scheme and host ignore case).
    #[arg(long, value_name = "URL")]
    pub callback_url: Option<String>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Human)]
    pub format: Format,
    /// When to use colour in the human format (`NO_COLOR` is honoured).
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto)]
    pub color: ColorChoice,
    /// Files larger than this many bytes are reported, not read.
    #[arg(long, value_name = "BYTES", default_value_t = crate::load::DEFAULT_MAX_FILE_SIZE)]
    pub max_file_size: u64,
    /// The name to report for standard input.
    #[arg(long, value_name = "NAME", default_value = "<stdin>")]
    pub stdin_filename: String,
}

/// Output formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// Diagnostics with source snippets, for a terminal.
    Human,
    /// One JSON object with a summary and every finding.
    Json,
}

/// Colour choice.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ColorChoice {
    Auto,
    Always,
    Never,
}

/// Subcommands besides checking.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Explain a finding code: why the rule exists, an example, the fix.
    Explain {
        /// A code such as `SF205`, or its name such as `checkbox-must-be-off`.
        code: String,
    },
    /// List every finding code.
    Rules,
    /// Print the structure schema, or a profile's schema.
    Schema {
        /// Print this built-in profile instead of the structure schema.
        #[arg(long, value_name = "NAME")]
        profile: Option<String>,
    },
}
