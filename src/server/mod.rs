//! `sfcheck server`: a language server over standard input and output, a front end over
//! the command line's pipeline. One synchronous loop on the main thread answers the
//! client in order (a check takes milliseconds, so nothing needs to run concurrently);
//! a thread reads standard input. The settings and their compiled checker are kept for
//! the server's lifetime, per config file.

mod actions;
mod analysis;
mod completion;
mod config;
mod diagnostics;
mod documents;
mod hover;
mod protocol;
mod related;

use std::io::Write;

/// Serves the client on standard input and output until it says `exit` or goes away.
/// Gives the exit code: 0 after `shutdown`, 1 when the client left without it.
pub fn serve(out: &mut dyn Write, err: &mut dyn Write) -> std::io::Result<u8> {
    protocol::Server::start(out, err)
}
