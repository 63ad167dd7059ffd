//! Logs go to `enza.log` in the app's log folder. They carry ids, counts and
//! durations, never user content: no command logs its arguments.

use std::fs::{self, OpenOptions};
use std::path::PathBuf;
use std::sync::Mutex;

pub fn init(dir: Option<PathBuf>) {
    let Some(dir) = dir else { return };
    if fs::create_dir_all(&dir).is_err() {
        return;
    }
    let Ok(file) = OpenOptions::new().create(true).append(true).open(dir.join("enza.log")) else { return };
    let _ = tracing_subscriber::fmt()
        .with_writer(Mutex::new(file))
        .with_ansi(false)
        .with_max_level(tracing::Level::INFO)
        .try_init();
}
