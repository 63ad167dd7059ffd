//! The one progress bar: `label [######......] 42%` on stderr, for long work
//! (a backup, a restore, an export, the search index of an upgraded vault).
//! Drawn only at a terminal and only when it moves, so logs and pipes stay
//! clean; cleared when the work ends.

use crate::secrets::CliError;
use std::io::{IsTerminal, Write};

const WIDTH: u64 = 30;

/// Runs `work` with a progress callback that draws the bar.
pub fn with_bar<T>(
    label: &str,
    work: impl FnOnce(&mut dyn FnMut(u64, u64)) -> enza_core::Result<T>,
) -> Result<T, CliError> {
    let on = std::io::stderr().is_terminal();
    let mut drawn = None;
    let out = work(&mut |done, total| {
        if !on || total == 0 {
            return;
        }
        let percent = done.min(total) * 100 / total;
        if drawn == Some(percent) {
            return;
        }
        drawn = Some(percent);
        let filled = (percent * WIDTH / 100) as usize;
        let line = format!("\r{label} [{}{}] {percent:3}%", "#".repeat(filled), ".".repeat(WIDTH as usize - filled));
        let _ = std::io::stderr().lock().write_all(line.as_bytes());
    });
    if drawn.is_some() {
        let _ = std::io::stderr().lock().write_all(b"\r\x1b[2K");
    }
    Ok(out?)
}
