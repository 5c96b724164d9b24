//! Reading a file's bytes into text, within a size limit.

use std::io::Read;
use std::path::Path;

use crate::finding::{Finding, Rule, Show};

/// `SF004`: see `docs/rules/SF004.md`.
pub static FILE_TOO_LARGE: Rule = crate::rule!("SF004", Error);

/// `SF007`: see `docs/rules/SF007.md`.
pub static NOT_UTF8: Rule = crate::rule!("SF007", Error);

/// The default size limit: a description is a few hundred bytes.
pub const DEFAULT_MAX_FILE_SIZE: u64 = 1024 * 1024;

/// The highest size limit accepted (1 GiB): a file is read whole into memory, and a
/// larger value is a typo or an attempt to turn the limit off.
pub const MAX_MAX_FILE_SIZE: u64 = 1024 * 1024 * 1024;

/// Reads a settings file (config, profile) of at most `max` bytes: a regular file only,
/// so a FIFO cannot hang the run and `/dev/zero` cannot fill memory. `what` names the
/// file in the error, which is a usage error.
pub fn read_settings_file(path: &Path, max: u64, what: &str) -> Result<String, String> {
    let shown = path.shown();
    let meta = std::fs::metadata(path).map_err(|e| format!("cannot read {what} `{shown}`: {e}"))?;
    if !meta.is_file() {
        return Err(format!(
            "{what} `{shown}` is not a regular file (a folder, FIFO, socket or device)"
        ));
    }
    let too_large = || format!("{what} `{shown}` is larger than {max} bytes");
    if meta.len() > max {
        return Err(too_large());
    }
    let mut bytes = Vec::new();
    std::fs::File::open(path)
        .and_then(|f| f.take(max + 1).read_to_end(&mut bytes))
        .map_err(|e| format!("cannot read {what} `{shown}`: {e}"))?;
    if bytes.len() as u64 > max {
        return Err(too_large());
    }
    String::from_utf8(bytes).map_err(|_| format!("{what} `{shown}` is not UTF-8 text"))
}

/// What reading a file gave.
pub enum Loaded {
    /// The text, without a UTF-8 byte-order mark.
    Text(String),
    /// The file can be read but not checked; the finding says why.
    Unusable(Finding),
}

/// Reads `path` (or standard input for `-`), refusing more than `max` bytes.
/// An `Err` is an I/O failure (exit 3).
pub fn load(path: &Path, max: u64) -> std::io::Result<Loaded> {
    let mut bytes = Vec::new();
    if path.as_os_str() == "-" {
        std::io::stdin()
            .lock()
            .take(max.saturating_add(1))
            .read_to_end(&mut bytes)?;
    } else {
        // Checked before opening: opening a FIFO would wait for a writer forever.
        let meta = std::fs::metadata(path)?;
        if meta.is_dir() {
            return Err(std::io::Error::other("is a folder, not a file"));
        }
        if !meta.is_file() {
            return Err(std::io::Error::other(
                "is not a regular file (a FIFO, socket or device)",
            ));
        }
        // Room for the whole file and one byte more: one read takes it all, and a second
        // finds its end (a growing buffer would take seven reads for a description).
        let room = meta.len().min(max).saturating_add(1);
        bytes.reserve_exact(usize::try_from(room).unwrap_or(0));
        let file = std::fs::File::open(path)?;
        file.take(max.saturating_add(1)).read_to_end(&mut bytes)?;
    }
    Ok(decode(bytes, max))
}

/// Turns bytes into text, or into the finding that says why they are not text.
pub fn decode(bytes: Vec<u8>, max: u64) -> Loaded {
    if bytes.len() as u64 > max {
        return Loaded::Unusable(
            Finding::new(&FILE_TOO_LARGE, 0..0, "", format!("the file is larger than {max} bytes; it was not checked"))
                .help("Check that this is a description; raise the limit with `--max-file-size` if it really is one."),
        );
    }
    if is_utf16(&bytes) {
        return Loaded::Unusable(
            Finding::new(&NOT_UTF8, 0..0, "", "the file is UTF-16 text, not UTF-8")
                .help("UTF-16: save it as UTF-8 (in most editors: Save with Encoding → UTF-8)."),
        );
    }
    if bytes.contains(&0) {
        return Loaded::Unusable(
            Finding::new(
                &NOT_UTF8,
                0..0,
                "",
                "the file contains NUL bytes: it is binary, not a description",
            )
            .help("Check the path; a description is UTF-8 text."),
        );
    }
    match String::from_utf8(bytes) {
        Ok(mut text) => {
            if text.starts_with('\u{feff}') {
                text.drain(..3);
            }
            Loaded::Text(text)
        }
        Err(e) => {
            let at = e.utf8_error().valid_up_to();
            Loaded::Unusable(
                Finding::new(
                    &NOT_UTF8,
                    0..0,
                    "",
                    format!("the file is not UTF-8 text (invalid byte at offset {at})"),
                )
                .help("Save the file as UTF-8."),
            )
        }
    }
}

/// Whether `bytes` look like UTF-16: a UTF-16 byte-order mark, or text whose every other
/// byte is NUL (UTF-16 without a mark, as some Windows tools write it).
fn is_utf16(bytes: &[u8]) -> bool {
    if bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]) {
        return true;
    }
    let head = &bytes[..bytes.len().min(64) & !1];
    let zeros = |parity: usize| {
        head.iter()
            .enumerate()
            .filter(|(i, b)| i % 2 == parity && **b == 0)
            .count()
    };
    head.len() >= 4
        && [0, 1]
            .iter()
            .any(|&p| zeros(p) == head.len() / 2 && zeros(1 - p) == 0)
}
