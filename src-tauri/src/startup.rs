//! The start-up mark: how long from the top of `main` until the UI's first
//! view has been drawn (reported by the UI after the frame that shows it).
//! A number only, never content: it goes to the log, and to stdout when
//! `ENZA_STARTUP_REPORT=1` (for `scripts/bench-app.sh`).

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::OnceLock;
use std::time::{Duration, Instant};

static START: OnceLock<Instant> = OnceLock::new();
static REPORTED: AtomicBool = AtomicBool::new(false);

/// The first thing `main` does.
pub fn mark_start() {
    START.get_or_init(Instant::now);
}

/// The UI's first view is on screen. Only the first report counts (a view
/// drawn again after a reload is not a start); returns the time it took.
pub fn first_view_drawn() -> Option<Duration> {
    if REPORTED.swap(true, Ordering::SeqCst) {
        return None;
    }
    let took = START.get()?.elapsed();
    let ms = took.as_secs_f64() * 1000.0;
    tracing::info!(ms = format!("{ms:.1}"), "first view drawn");
    if std::env::var_os("ENZA_STARTUP_REPORT").is_some_and(|v| v == "1") {
        println!("enza-startup-ms {ms:.1}");
    }
    Some(took)
}
