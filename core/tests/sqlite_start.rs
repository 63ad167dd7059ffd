//! SQLite counts itself started before SQLCipher's start-up has registered
//! `sqlcipher_export` (an auto-extension), so threads that open their first
//! connections at the same moment can get one without it: "no such
//! function: sqlcipher_export", seen once in a test run. Without
//! `process::start_storage`, 20 of 200 processes of the child below got
//! such a connection. The app and the CLI call it first thing in `main`, and
//! every connection the core opens calls it first. Only the first
//! connections of a process can race, so each trial is a new process.

use std::process::{Command, Stdio};
use std::sync::{Arc, Barrier};

const THREADS: usize = 16;
const TRIALS: usize = 100;

/// The child: after `start_storage`, sixteen threads open their first
/// connections together; each must have `sqlcipher_export`.
#[test]
#[ignore = "run by every_first_connection_has_sqlcipher_export, one process a trial"]
fn child_threads_open_their_first_connections_together() {
    enza_core::process::start_storage();
    let start = Arc::new(Barrier::new(THREADS));
    let threads: Vec<_> = (0..THREADS)
        .map(|_| {
            let start = Arc::clone(&start);
            std::thread::spawn(move || {
                start.wait();
                let conn = rusqlite::Connection::open_in_memory().unwrap();
                // Exporting a database onto itself is refused, but only by a
                // function that exists.
                let prepared = conn.prepare("SELECT sqlcipher_export('main')").map(|_| ());
                !matches!(prepared, Err(e) if e.to_string().contains("no such function"))
            })
        })
        .collect();
    for t in threads {
        assert!(t.join().unwrap(), "a connection without sqlcipher_export");
    }
}

#[test]
fn every_first_connection_has_sqlcipher_export() {
    let exe = std::env::current_exe().unwrap();
    for trial in 0..TRIALS {
        let out = Command::new(&exe)
            .args(["--ignored", "--exact", "child_threads_open_their_first_connections_together"])
            .stdin(Stdio::null())
            .output()
            .unwrap();
        let stdout = String::from_utf8_lossy(&out.stdout);
        assert!(out.status.success(), "trial {trial}: {stdout}");
        assert!(stdout.contains("1 passed"), "trial {trial}: the child did not run: {stdout}");
    }
}
