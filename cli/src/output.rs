//! Everything the CLI writes to stdout goes through [`write_stdout`].
//!
//! Two things are handled here once, instead of at every `println!`:
//!
//! - A closed pipe (`enza reflection list | head -1`) is not a crash: the
//!   write fails with `BrokenPipe`, which becomes [`CliError::StdoutClosed`],
//!   and `main` stops quietly with the exit status a shell reports for
//!   SIGPIPE (141), like other Unix tools. Other write errors (a full disk
//!   behind `>`) are one clear line on stderr.
//! - Text that people typed (titles, names, excerpts) can hold control
//!   characters. [`one_line`] makes them visible (`\n`, `\u{1b}`, `\u{202e}`)
//!   so a title cannot move the cursor, recolour the terminal, reorder what
//!   follows (bidi controls) or split a list row. JSON is escaped the same way
//!   by [`json`], so it can be shown on a terminal too and stays valid JSON.

use crate::secrets::CliError;
use std::borrow::Cow;
use std::fmt::Write as _;
use std::io::{self, Write};

/// The exit status for "stopped because the reader went away": 128 + SIGPIPE,
/// what a shell shows for `seq 1000000 | head -1` under `set -o pipefail`.
pub const STDOUT_CLOSED_STATUS: u8 = 141;

/// The one writer to stdout. Each call is one `write_all`, so a whole line
/// reaches the descriptor at once (stdout is line-buffered).
pub fn write_stdout(bytes: &[u8]) -> io::Result<()> {
    io::stdout().lock().write_all(bytes)
}

/// Writes `text` and a newline.
pub fn line(text: &str) -> Result<(), CliError> {
    let mut buf = String::with_capacity(text.len() + 1);
    buf.push_str(text);
    buf.push('\n');
    write_stdout(buf.as_bytes()).map_err(stdout_error)
}

/// Writes `text` as it is (no newline added).
pub fn text(text: &str) -> Result<(), CliError> {
    write_stdout(text.as_bytes()).map_err(stdout_error)
}

/// Pushes out anything still buffered, so a late write error is reported
/// instead of being lost at exit.
pub fn flush() -> Result<(), CliError> {
    io::stdout().lock().flush().map_err(stdout_error)
}

/// `value` as pretty JSON and a newline. serde_json already writes C0
/// controls as `\u00XX`; the controls it leaves raw (DEL, C1, bidi, line and
/// paragraph separators) are written as `\uXXXX` too. Outside strings JSON
/// holds only ASCII, so this never changes what the JSON means.
pub fn json(value: &impl serde::Serialize) -> Result<(), CliError> {
    let raw = serde_json::to_string_pretty(value).expect("plain data serializes");
    let mut out = String::with_capacity(raw.len() + 1);
    for c in raw.chars() {
        if c > '\u{1f}' && needs_escape(c) {
            // Every such character is in the Basic Multilingual Plane.
            let _ = write!(out, "\\u{:04x}", c as u32);
        } else {
            out.push(c);
        }
    }
    line(&out)
}

/// `s` made safe to show as one line of a terminal: control characters and
/// bidi controls written as visible escapes. Everything else, including
/// Japanese and emoji, is left as it is.
pub fn one_line(s: &str) -> Cow<'_, str> {
    if !s.chars().any(needs_escape) {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 16);
    for c in s.chars() {
        match c {
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if needs_escape(c) => {
                let _ = write!(out, "\\u{{{:x}}}", c as u32);
            }
            c => out.push(c),
        }
    }
    Cow::Owned(out)
}

/// C0, DEL and C1 controls (`char::is_control`), the Unicode bidi controls,
/// and the line and paragraph separators (line breaks to some terminals).
fn needs_escape(c: char) -> bool {
    let bidi = matches!(c, '\u{061c}' | '\u{200e}' | '\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}');
    c.is_control() || bidi || matches!(c, '\u{2028}' | '\u{2029}')
}

fn stdout_error(e: io::Error) -> CliError {
    if e.kind() == io::ErrorKind::BrokenPipe {
        CliError::StdoutClosed
    } else {
        CliError::Stdout(e.kind())
    }
}

/// Prints a line on stderr; never panics (stderr may be a closed pipe too).
pub fn error_line(text: &str) {
    let mut buf = String::with_capacity(text.len() + 1);
    buf.push_str(text);
    buf.push('\n');
    let _ = io::stderr().lock().write_all(buf.as_bytes());
}

/// Prints the block `enza init` ends with. The recovery key is shown only
/// here and only once, so failing to write it is an error with its own
/// message, never a quiet stop; the key's line is built in wiped memory and
/// written in one call, so it does not stay behind in stdout's buffer.
/// Whether standard output goes anywhere a person could read. Closed
/// (`>&-`, which Rust's start-up turns into /dev/null) or /dev/null itself,
/// a recovery key "shown" there is lost without an error. Asked before a
/// vault that needs one is made.
pub fn stdout_is_open() -> bool {
    use std::os::fd::AsFd;
    use std::os::unix::fs::MetadataExt;
    let Ok(fd) = std::io::stdout().as_fd().try_clone_to_owned() else { return false };
    let Ok(out) = std::fs::File::from(fd).metadata() else { return false };
    let null = std::fs::metadata("/dev/null");
    !null.is_ok_and(|null| null.dev() == out.dev() && null.ino() == out.ino())
}

pub fn recovery_key(vault: &std::path::Path, key: &str) -> Result<(), CliError> {
    let not_shown = |e: CliError| match e {
        CliError::StdoutClosed | CliError::Stdout(_) => CliError::RecoveryKeyNotShown(vault.to_path_buf()),
        e => e,
    };
    line(&format!("Vault created at {}", one_line(&vault.display().to_string()))).map_err(not_shown)?;
    line("").map_err(not_shown)?;
    line("Recovery key (shown once; write it down and keep it safe):").map_err(not_shown)?;
    line("").map_err(not_shown)?;
    let mut key_line = zeroize::Zeroizing::new(String::with_capacity(4 + key.len() + 1));
    key_line.push_str("    ");
    key_line.push_str(key);
    key_line.push('\n');
    write_stdout(key_line.as_bytes()).map_err(stdout_error).map_err(not_shown)?;
    flush().map_err(not_shown)?;
    line("")
}

/// `println!` through [`line`]: evaluates to `Result<(), CliError>`.
macro_rules! outln {
    () => {
        $crate::output::line("")
    };
    ($($arg:tt)*) => {
        $crate::output::line(&format!($($arg)*))
    };
}
pub(crate) use outln;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn controls_and_bidi_become_visible_escapes() {
        assert_eq!(one_line("夜 🌙 plain"), "夜 🌙 plain");
        assert_eq!(one_line("a\tb\nc\r"), "a\\tb\\nc\\r");
        assert_eq!(one_line("\x1b[31mRED\x1b[0m"), "\\u{1b}[31mRED\\u{1b}[0m");
        assert_eq!(
            one_line("x\u{7f}\u{9b}\u{202e}\u{2066}\u{200f}\u{61c}\u{2028}"),
            "x\\u{7f}\\u{9b}\\u{202e}\\u{2066}\\u{200f}\\u{61c}\\u{2028}"
        );
        assert!(!one_line("\u{0}\u{1f}\u{85}").chars().any(needs_escape));
    }
}
