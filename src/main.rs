use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    let cli = sfcheck::cli::Cli::parse();
    let code = sfcheck::run(
        cli,
        &mut std::io::stdout().lock(),
        &mut std::io::stderr().lock(),
    );
    ExitCode::from(code)
}
