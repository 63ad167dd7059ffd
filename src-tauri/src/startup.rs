//! The start-up mark: how long from the top of `main` until the UI's first
//! view has been drawn (reported by the UI after the frame that shows it),
//! and where that time went. Numbers only, never content: they go to the
//! log, and to stdout when `ENZA_STARTUP_REPORT=1` (for `scripts/bench-app.sh`).

use serde::Deserialize;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::OnceLock;
use std::time::{Instant, SystemTime, UNIX_EPOCH};

/// When `main` began, on the monotonic clock and on the wall clock (the
/// page's own times count from its navigation start, a wall-clock time).
static START: OnceLock<(Instant, SystemTime)> = OnceLock::new();
static REPORTED: AtomicBool = AtomicBool::new(false);

/// The page's marks, in milliseconds from its navigation start (`origin` is
/// that start, in milliseconds since the Unix epoch): app.js running (its
/// modules loaded), the app's state answered, the strings and the first
/// view's module loaded, the view rendered, and the frame after it drawn.
#[derive(Debug, Clone, Copy, Deserialize)]
pub struct PageMarks {
    origin: f64,
    script: f64,
    status: f64,
    ready: f64,
    rendered: f64,
    drawn: f64,
}

/// The first thing `main` does.
pub fn mark_start() {
    START.get_or_init(|| (Instant::now(), SystemTime::now()));
}

/// The UI's first view is on screen. Only the first report counts (a view
/// drawn again after a reload is not a start).
pub fn first_view_drawn(marks: PageMarks) {
    if REPORTED.swap(true, Ordering::SeqCst) {
        return;
    }
    let Some((start, wall)) = START.get() else { return };
    let total = start.elapsed().as_secs_f64() * 1000.0;
    let main_ms = wall.duration_since(UNIX_EPOCH).map_or(0.0, |d| d.as_secs_f64() * 1000.0);
    let line = report_line(total, marks.origin - main_ms, &marks);
    tracing::info!(report = line.as_str(), "first view drawn");
    if std::env::var_os("ENZA_STARTUP_REPORT").is_some_and(|v| v == "1") {
        println!("enza-startup-ms {line}");
    }
}

/// `TOTAL webview=… modules=… status=… load=… render=… paint=…`: the
/// total, then each phase's share, in milliseconds.
fn report_line(total: f64, webview: f64, m: &PageMarks) -> String {
    let phases = [
        ("webview", webview),
        ("modules", m.script),
        ("status", m.status - m.script),
        ("load", m.ready - m.status),
        ("render", m.rendered - m.ready),
        ("paint", m.drawn - m.rendered),
    ];
    let mut line = format!("{total:.1}");
    for (name, ms) in phases {
        line.push_str(&format!(" {name}={ms:.1}"));
    }
    line
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_report_starts_with_the_total_and_names_each_phase() {
        let marks =
            PageMarks { origin: 0.0, script: 120.0, status: 130.0, ready: 160.0, rendered: 180.0, drawn: 220.0 };
        assert_eq!(
            report_line(400.0, 175.5, &marks),
            "400.0 webview=175.5 modules=120.0 status=10.0 load=30.0 render=20.0 paint=40.0"
        );
    }
}
