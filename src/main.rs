use std::process::ExitCode;

fn main() -> ExitCode {
    let cli = sfcheck::cli::Cli::try_parse_args(std::env::args_os()).unwrap_or_else(|e| e.exit());
    let code = sfcheck::run(
        cli,
        &mut std::io::stdout().lock(),
        &mut std::io::stderr().lock(),
    );
    ExitCode::from(code)
}
