//! A crash in the middle of a save loses nothing that was reported saved.
//!
//! The test runs itself as a child process that adds reflections in a loop,
//! printing each id once `add_reflection` has returned, and kills it with
//! SIGKILL at a random moment. Every printed id must be in the vault, and
//! SQLite's integrity check must pass. `ENZA_CRASH_TRIALS` sets the number
//! of trials (default 50).

mod common;

use common::FAST_PASS;
use enza_core::{Vault, VaultDir};
use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

const CHILD_ENV: &str = "ENZA_CRASH_CHILD_VAULT";

/// The child: not a test of its own; does nothing unless the parent asked.
#[test]
fn crash_child() {
    let Ok(dir) = std::env::var(CHILD_ENV) else { return };
    let vault = Vault::unlock(&VaultDir::new(dir), FAST_PASS).unwrap();
    let body = "A durable line of text, repeated to make the page fill. ".repeat(20);
    for i in 0.. {
        let r = vault.journal().add_reflection(&format!("crash {i}"), &body).unwrap();
        // Only after add returned: this id was reported saved.
        println!("saved {}", r.id);
    }
}

#[test]
fn killed_mid_save_keeps_every_reported_reflection() {
    let trials: usize = std::env::var("ENZA_CRASH_TRIALS").ok().and_then(|v| v.parse().ok()).unwrap_or(50);
    let tmp = tempfile::tempdir().unwrap();
    let dir = VaultDir::new(tmp.path().join("vault"));
    Vault::create_insecure_fast(&dir, FAST_PASS).unwrap().vault.lock();
    let mut rng = Lcg::seeded();
    let mut reported: Vec<i64> = Vec::new();

    for trial in 0..trials {
        let mut child = Command::new(std::env::current_exe().unwrap())
            .args(["--exact", "crash_child", "--nocapture", "--test-threads=1"])
            .env(CHILD_ENV, dir.path())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let (tx, rx) = mpsc::channel();
        let stdout = child.stdout.take().unwrap();
        let reader = std::thread::spawn(move || {
            for line in BufReader::new(stdout).lines().map_while(Result::ok) {
                if let Some(id) = line.strip_prefix("saved ") {
                    let _ = tx.send(id.trim().parse::<i64>().unwrap());
                }
            }
        });
        // Wait for the first save, so every trial kills a process mid-loop,
        // then a random 0–40 ms more.
        let first = rx.recv_timeout(Duration::from_secs(30)).expect("child saved nothing");
        reported.push(first);
        let until = Instant::now() + Duration::from_micros(rng.below(40_000));
        while Instant::now() < until {
            std::hint::spin_loop();
        }
        child.kill().unwrap(); // SIGKILL on Unix
        child.wait().unwrap();
        reader.join().unwrap();
        reported.extend(rx.try_iter());

        let vault = Vault::unlock(&dir, FAST_PASS).unwrap_or_else(|e| panic!("trial {trial}: {e}"));
        assert!(vault.health().unwrap().integrity_ok, "trial {trial}: integrity check failed");
        for id in &reported {
            vault.journal().reflection(*id).unwrap_or_else(|e| panic!("trial {trial}: reflection {id} lost: {e}"));
        }
        vault.lock();
    }
    assert!(reported.len() >= trials, "each trial saved at least one reflection");
}

/// A tiny deterministic generator, seeded from the clock (printed on failure
/// through the trial number and timings; no extra dependency needed).
struct Lcg(u64);

impl Lcg {
    fn seeded() -> Self {
        Lcg(std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_nanos() as u64 | 1)
    }
    fn below(&mut self, n: u64) -> u64 {
        self.0 = self.0.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
        (self.0 >> 33) % n
    }
}
