//! A progress bar on stderr, for long work (building the search index of a
//! large vault made by an older version). Shown only on a terminal, so logs
//! and pipes stay clean.

use std::io::{IsTerminal, Write};

/// A `progress(done, total)` callback that draws `label [####    ] 42%`.
pub fn bar(label: &'static str) -> impl FnMut(u64, u64) {
    let shown = std::io::stderr().is_terminal();
    let mut last = None;
    move |done, total| {
        if !shown || total == 0 {
            return;
        }
        let percent = (done.min(total) * 100 / total) as usize;
        if last == Some(percent) {
            return;
        }
        last = Some(percent);
        let filled = percent / 5;
        let mut err = std::io::stderr().lock();
        let _ = write!(err, "\r{label} [{}{}] {percent:3}%", "#".repeat(filled), " ".repeat(20 - filled));
        if done >= total {
            let _ = writeln!(err);
        }
        let _ = err.flush();
    }
}
