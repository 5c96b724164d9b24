//! The command line, as clap definitions.

use std::path::PathBuf;
use std::sync::OnceLock;

use clap::parser::ValueSource;
use clap::{ArgMatches, Args, CommandFactory, FromArgMatches, Parser, Subcommand, ValueEnum};

use crate::check::profile;

/// Lint a Salesforce External Client App description against what an integration needs.
///
/// Reads `*.eca.yaml` descriptions or Salesforce DX metadata (`*.eca-meta.xml` and its
/// satellites), as files or folders, and reports every missing, extra or wrong setting
/// with its line, a snippet, and what to tick in Salesforce Setup.
/// The default profile is Deskpro's Salesforce CRM Sync.
#[derive(Debug, Parser)]
#[command(
    name = "sfcheck",
    version,
    long_version = long_version(),
    subcommand_negates_reqs = true,
    after_help = "Exit codes: 0 nothing at the fail level, every path checked; 1 findings at the fail level (errors, or warnings too with --fail-level warning); 2 bad usage or config; 3 a path that could not be read or gave nothing to check, or an internal failure.\n\nExamples:\n  sfcheck app.eca.yaml\n  sfcheck --callback-url https://support.acme.com/admin-api/salesforce/auth config/\n  sfcheck --format sarif --output sfcheck.sarif .\n  sfcheck explain SF205"
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Option<Command>,
    #[command(flatten)]
    pub check: CheckArgs,
}

impl Cli {
    /// Parses a command line as `parse` does, and refuses an option that the subcommand
    /// given does not use (`sfcheck --format json explain SF205`), naming it.
    ///
    /// The options of a check (`--format`, `--profile`, `--config`, ...) are global, as
    /// cargo's and ruff's are: they may stand before or after a subcommand. `--config`,
    /// `--no-config`, `--color` and `-q` mean the same everywhere and are taken by every
    /// subcommand, even one that reads no config; the others only where they mean something.
    pub fn try_parse_args<I, T>(argv: I) -> Result<Self, clap::Error>
    where
        I: IntoIterator<Item = T>,
        T: Into<std::ffi::OsString> + Clone,
    {
        let argv: Vec<std::ffi::OsString> = argv.into_iter().map(Into::into).collect();
        let mut command = hide_what_does_not_apply(Self::command());
        let matches = match command.try_get_matches_from_mut(&argv) {
            Ok(matches) => matches,
            Err(e) => return Err(misplaced(&mut command, &argv, &e).unwrap_or(e)),
        };
        let cli = Self::from_arg_matches(&matches).map_err(|e| e.format(&mut command))?;
        let Some((name, sub)) = matches.subcommand() else {
            return Ok(cli);
        };
        let refused = command.get_arguments().find_map(|arg| {
            let id = arg.get_id().as_str();
            let global = arg.is_global_set();
            if id == "paths"
                || !given(&matches, global.then_some(sub), id)
                || global && applies(id, name)
            {
                return None;
            }
            let flag = arg
                .get_long()
                .map_or_else(|| id.to_owned(), |long| format!("--{long}"));
            let own = command.find_subcommand(name).is_some_and(|c| {
                c.get_arguments()
                    .any(|a| !a.is_global_set() && a.get_long() == arg.get_long())
            });
            Some(if own {
                format!("`{flag}` of `sfcheck {name}` goes after it: `sfcheck {name} {flag} …`")
            } else {
                format!(
                    "`{flag}` does not apply to `sfcheck {name}`; it applies to {}",
                    where_applies(id)
                )
            })
        });
        match refused {
            Some(message) => {
                let sub_command = command.find_subcommand_mut(name).expect("it was parsed");
                Err(sub_command.error(clap::error::ErrorKind::ArgumentConflict, message))
            }
            None => Ok(cli),
        }
    }
}

/// The command with each global option hidden from the help of the subcommands it does
/// not apply to: `sfcheck explain --help` does not offer `--callback-url`, which it
/// refuses.
fn hide_what_does_not_apply(mut command: clap::Command) -> clap::Command {
    // A subcommand that has an argument of a global option's id is not given the
    // global one when the command is built: a hidden copy takes its place.
    let globals: Vec<clap::Arg> = command
        .get_arguments()
        .filter(|a| a.is_global_set())
        .cloned()
        .collect();
    let names: Vec<String> = command
        .get_subcommands()
        .map(|c| c.get_name().to_owned())
        .collect();
    for name in names {
        command = command.mut_subcommand(&name, |mut sub| {
            for arg in globals
                .iter()
                .filter(|a| !applies(a.get_id().as_str(), &name))
            {
                sub = sub.arg(arg.clone().hide(true));
            }
            sub
        });
    }
    command
}

/// An option of a check typed after a subcommand that does not take it (`sfcheck import
/// DIR --fail-level warning`): clap knows it only as unknown; it is named as before the
/// subcommand, with where it applies.
fn misplaced(
    command: &mut clap::Command,
    argv: &[std::ffi::OsString],
    error: &clap::Error,
) -> Option<clap::Error> {
    use clap::error::{ContextKind, ContextValue, ErrorKind};
    if error.kind() != ErrorKind::UnknownArgument {
        return None;
    }
    let Some(ContextValue::String(typed)) = error.get(ContextKind::InvalidArg) else {
        return None;
    };
    let typed = typed.split('=').next().unwrap_or_default();
    let arg = command.get_arguments().find(|a| {
        a.get_long().is_some_and(|l| typed == format!("--{l}"))
            || a.get_short().is_some_and(|c| typed == format!("-{c}"))
    })?;
    let id = arg.get_id().as_str().to_owned();
    let name = argv.iter().skip(1).find_map(|a| {
        let a = a.to_str()?;
        command.find_subcommand(a).map(|c| c.get_name().to_owned())
    })?;
    let message = format!(
        "`{typed}` does not apply to `sfcheck {name}`; it applies to {}",
        where_applies(&id)
    );
    let sub = command.find_subcommand_mut(&name)?;
    Some(sub.error(ErrorKind::ArgumentConflict, message))
}

/// Whether the option was typed: before the subcommand, or (a global one) after it.
fn given(top: &ArgMatches, sub: Option<&ArgMatches>, id: &str) -> bool {
    std::iter::once(top)
        .chain(sub)
        .any(|m| m.value_source(id) == Some(ValueSource::CommandLine))
}

/// Whether a subcommand uses a global option: those that mean the same everywhere are
/// taken by all; the others by a check and the subcommand named.
fn applies(id: &str, subcommand: &str) -> bool {
    matches!(
        (id, subcommand),
        ("config" | "no_config" | "color" | "quiet", _)
            | ("format", "rules")
            | ("profile", "schema")
            | ("callback_url", "init")
    )
}

/// Where an option applies, for the error that refuses it elsewhere.
fn where_applies(id: &str) -> &'static str {
    match id {
        "format" => "a check (`sfcheck PATH`) and `sfcheck rules`",
        "profile" => "a check (`sfcheck PATH`) and `sfcheck schema`",
        "callback_url" => "a check (`sfcheck PATH`) and `sfcheck init`",
        _ => "a check (`sfcheck PATH`) only",
    }
}

/// What `--version` prints after the name: sfcheck's version, then each built-in profile
/// with the version its schema declares (`x-sfcheck-version`), so that a result can be
/// traced to the requirement it was checked against.
fn long_version() -> &'static str {
    static TEXT: OnceLock<String> = OnceLock::new();
    TEXT.get_or_init(|| {
        let mut text = env!("CARGO_PKG_VERSION").to_owned();
        for (name, schema) in profile::BUILTIN {
            let version = serde_json::from_str::<serde_json::Value>(schema)
                .ok()
                .and_then(|v| v.get("x-sfcheck-version")?.as_str().map(str::to_owned))
                .unwrap_or_else(|| "(no version)".to_owned());
            text.push_str(&format!("\nprofile {name} {version}"));
        }
        text
    })
}

/// Options of a check run (the default command).
#[derive(Debug, Args)]
pub struct CheckArgs {
    /// Files, folders or globs to check; `-` reads standard input.
    #[arg(value_name = "PATH", required = true)]
    pub paths: Vec<PathBuf>,
    /// The requirement: a built-in profile name, a JSON Schema file, or `none` for the
    /// structure only [default: deskpro-crm-sync].
    #[arg(long, value_name = "NAME|FILE|none", global = true)]
    pub profile: Option<String>,
    /// The exact callback URL the app must have (scheme and host ignore case).
    #[arg(long, value_name = "URL", global = true)]
    pub callback_url: Option<String>,
    /// Output format.
    #[arg(long, short = 'f', value_enum, default_value_t = Format::Human, global = true)]
    pub format: Format,
    /// Write the report to this file instead of standard output.
    #[arg(long, short = 'o', value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// When to use colour in the human format (`NO_COLOR` is honoured).
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto, global = true)]
    pub color: ColorChoice,
    /// Print findings only: no summary line, nothing when all is well.
    #[arg(long, short = 'q', global = true)]
    pub quiet: bool,
    /// The lowest severity that makes the run fail (exit 1) [default: error].
    #[arg(long, value_enum, value_name = "LEVEL")]
    pub fail_level: Option<FailLevel>,
    /// Use this config file instead of the nearest `sfcheck.toml`.
    #[arg(long, value_name = "FILE", conflicts_with = "no_config", global = true)]
    pub config: Option<PathBuf>,
    /// Ignore any `sfcheck.toml`.
    #[arg(long, global = true)]
    pub no_config: bool,
    /// Walk folders without `.gitignore`: check the files git ignores too (such as an
    /// ignored `extlClntAppGlobalOauthSets/` folder).
    #[arg(long)]
    pub no_ignore: bool,
    /// Files larger than this many bytes are reported, not read [default: 1048576].
    #[arg(long, value_name = "BYTES", value_parser = clap::value_parser!(u64).range(..=crate::load::MAX_MAX_FILE_SIZE))]
    pub max_file_size: Option<u64>,
    /// Fix, in place, every finding that has one right answer under the profile;
    /// with `-`, read standard input and print the fixed text.
    #[arg(long, conflicts_with = "diff")]
    pub fix: bool,
    /// Print what `--fix` would change as a unified diff, and change nothing
    /// (exit 1 when there is something to fix).
    #[arg(long)]
    pub diff: bool,
    /// The name to report for standard input.
    #[arg(long, value_name = "NAME", default_value = "<stdin>")]
    pub stdin_filename: String,
}

/// Output formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// Diagnostics with source snippets, for a terminal.
    Human,
    /// One line per finding: `path:line:column: severity[code] message`.
    Compact,
    /// One JSON object with a summary and every finding.
    Json,
    /// SARIF 2.1.0, for GitHub code scanning.
    Sarif,
    /// GitHub Actions annotations (`::error file=…::message`).
    Github,
}

/// Colour choice.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ColorChoice {
    Auto,
    Always,
    Never,
}

/// The lowest severity that fails a run.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum FailLevel {
    Error,
    Warning,
}

/// Subcommands besides checking.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Explain a finding code (why the rule exists, an example, the fix) or a setting (its
    /// YAML key, metadata element, place in Setup and default).
    Explain {
        /// A code such as `SF205`, its name such as `checkbox-must-be-off`, or a setting
        /// such as `oauth.security.requirePkce`, `requirePkce` or `isPkceRequired`.
        code: String,
    },
    /// List every finding code.
    Rules,
    /// Print the structure schema, or a built-in profile's schema.
    ///
    /// `--profile NAME` prints that built-in profile instead; `--profile none` the structure.
    Schema,
    /// Write a valid starter description; `--callback-url` puts in the callback URL
    /// Deskpro shows for your helpdesk.
    Init {
        /// Where to write it; `-` prints it.
        #[arg(default_value = "deskpro-crm-sync.eca.yaml")]
        path: PathBuf,
        /// Overwrite the file if it exists.
        #[arg(long)]
        force: bool,
    },
    /// Write the YAML description of each External Client App found in Salesforce DX
    /// metadata (a project, a package folder, or any folder).
    Import {
        /// The folder to search.
        path: PathBuf,
        /// Write to this file instead of standard output; with several apps, a folder
        /// (made if it does not exist) that gets one `<App>.eca.yaml` per app.
        #[arg(long, short = 'o', value_name = "PATH")]
        output: Option<PathBuf>,
        /// Overwrite files that exist.
        #[arg(long)]
        force: bool,
    },
    /// Write the Salesforce DX source files of the app a description describes, ready for
    /// `sf project deploy start`.
    Export {
        /// The description (`*.eca.yaml`).
        path: PathBuf,
        /// The package folder to write into.
        #[arg(long, value_name = "DIR", default_value = "force-app/main/default")]
        output_dir: PathBuf,
        /// Overwrite files that exist.
        #[arg(long)]
        force: bool,
    },
    /// Serve diagnostics, fixes, hovers and completions to an editor (the Language
    /// Server Protocol over standard input and output).
    Server,
    /// Print a shell completion script.
    Completions {
        /// The shell.
        shell: clap_complete::Shell,
    },
}
