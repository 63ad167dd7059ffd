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
    let mut options = OpenOptions::new();
    options.create(true).append(true);
    // The log holds no content, but what a person did and when is still
    // theirs: the folder and the file are the owner's only.
    #[cfg(unix)]
    {
        use std::os::unix::fs::{OpenOptionsExt, PermissionsExt};
        let _ = fs::set_permissions(&dir, fs::Permissions::from_mode(0o700));
        options.mode(0o600);
        if let Ok(meta) = fs::metadata(dir.join("enza.log")) {
            if meta.permissions().mode() & 0o077 != 0 {
                let _ = fs::set_permissions(dir.join("enza.log"), fs::Permissions::from_mode(0o600));
            }
        }
    }
    let Ok(file) = options.open(dir.join("enza.log")) else { return };
    let _ = tracing_subscriber::fmt()
        .with_writer(Mutex::new(file))
        .with_ansi(false)
        .with_max_level(tracing::Level::INFO)
        .try_init();
}
