//! Text the CLI reads from standard input (a reflection's body).

use crate::secrets::{CliError, Source};
use std::io::Read;

/// All of stdin as text. Bytes that are not UTF-8 are refused with a clear
/// message rather than a generic I/O error.
pub fn read_stdin() -> Result<String, CliError> {
    let mut bytes = Vec::new();
    std::io::stdin().lock().read_to_end(&mut bytes).map_err(|e| CliError::Stdin(e.kind()))?;
    String::from_utf8(bytes).map_err(|_| CliError::NotUtf8(Source::Stdin))
}
