//! An interrupted write (SIGINT, SIGTERM) leaves no temporary file beside the user's:
//! each one is registered while it exists, and the first of those signals removes them
//! all before the process ends with the signal's usual code (128 + its number).

use std::path::{Path, PathBuf};
use std::sync::Mutex;

static PENDING: Mutex<Vec<PathBuf>> = Mutex::new(Vec::new());

/// Registers a temporary file about to be created; the signal handler is installed the
/// first time, so a run that writes nothing keeps the default handling.
pub fn register(temp: &Path) {
    install();
    lock().push(temp.to_path_buf());
}

/// Forgets a temporary file that was renamed into place or removed.
pub fn unregister(temp: &Path) {
    lock().retain(|p| p != temp);
}

fn lock() -> std::sync::MutexGuard<'static, Vec<PathBuf>> {
    // A panic elsewhere while holding the list leaves it usable.
    PENDING
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
}

#[cfg(unix)]
fn install() {
    use signal_hook::consts::{SIGINT, SIGTERM};
    static ONCE: std::sync::Once = std::sync::Once::new();
    ONCE.call_once(|| {
        let Ok(mut signals) = signal_hook::iterator::Signals::new([SIGINT, SIGTERM]) else {
            return;
        };
        std::thread::spawn(move || {
            if let Some(signal) = signals.forever().next() {
                for temp in lock().drain(..) {
                    let _ = std::fs::remove_file(temp);
                }
                std::process::exit(128 + signal);
            }
        });
    });
}

#[cfg(not(unix))]
fn install() {}
