//! A crash in the middle of a save loses nothing that was reported saved.
//!
//! Each test runs a child copy of this test binary that saves in a loop,
//! printing what it saved once the save has returned, and kills it with
//! SIGKILL at a random moment. Everything printed must be in the vault,
//! exactly, and SQLite's integrity check must pass. `ENZA_CRASH_TRIALS` sets
//! the number of trials (default 50); `ENZA_CRASH_SEED` replays a run (the
//! seed is printed at the start and in every failure).

mod common;

use common::FAST_PASS;
use enza_core::meeting::{Command, TurnPolicy};
use enza_core::{Lang, Vault, VaultDir};
use std::io::{BufRead, BufReader};
use std::process::{Command as Process, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

const CHILD_ENV: &str = "ENZA_CRASH_CHILD_VAULT";
const SEED_ENV: &str = "ENZA_CRASH_CHILD_SEED";

/// What a child saves as reflection `i`: its content depends on `i`, so the
/// parent can check every byte of what survived.
fn reflection_text(i: u64) -> (String, String) {
    (format!("crash {i}"), format!("{i}: {}", "A durable line of text, repeated to fill the page. ".repeat(20)))
}

/// The reflection-saving child. Ignored, so it never counts as a passing
/// test; the parent runs it with `--ignored`.
#[test]
#[ignore = "child process of killed_mid_save_keeps_every_reported_reflection"]
fn reflection_child() {
    let dir = std::env::var(CHILD_ENV).expect("run by the parent test");
    let journal_vault = Vault::unlock(&VaultDir::new(dir), FAST_PASS).unwrap();
    let journal = journal_vault.journal();
    let start: u64 = std::env::var(SEED_ENV).unwrap().parse().unwrap();
    for i in start.. {
        let (title, body) = reflection_text(i);
        let r = journal.add_reflection(&title, &body).unwrap();
        // Only after add returned: this one was reported saved.
        println!("saved {} {i}", r.id);
    }
}

/// The meeting child: resumes the running meeting and sends random sharing
/// round commands, printing how many turns the round has after each.
#[test]
#[ignore = "child process of killed_mid_transition_keeps_every_reported_turn"]
fn meeting_child() {
    let dir = std::env::var(CHILD_ENV).expect("run by the parent test");
    let vault = Vault::unlock(&VaultDir::new(dir), FAST_PASS).unwrap();
    let meetings = vault.meetings();
    let id = meetings.unfinished().unwrap().expect("the parent started a meeting");
    let mut live = meetings.resume(id).unwrap();
    let mut rng = Lcg(std::env::var(SEED_ENV).unwrap().parse().unwrap());
    loop {
        // Somebody always arrives before the queue runs dry, so the round
        // never ends however many trials run.
        let waiting = live.meeting.round.as_ref().unwrap().queue.len();
        let cmd = match rng.below(4) {
            _ if waiting < 3 => Command::LateArrival,
            0 => Command::Pass,
            1 => Command::Skip,
            2 => Command::LateArrival,
            _ => Command::NextSpeaker,
        };
        live = meetings.command(id, &cmd).unwrap();
        println!("saved {}", live.meeting.round.as_ref().unwrap().turns.len());
    }
}

/// Runs `child` until it has reported its first save, then a random 0–40 ms
/// more, kills it, and returns every line it reported saved.
fn run_and_kill(child: &str, dir: &VaultDir, child_seed: u64, rng: &mut Lcg) -> Vec<String> {
    let mut process = Process::new(std::env::current_exe().unwrap())
        .args(["--exact", child, "--ignored", "--nocapture", "--test-threads=1"])
        .env(CHILD_ENV, dir.path())
        .env(SEED_ENV, child_seed.to_string())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let (tx, rx) = mpsc::channel();
    let stdout = process.stdout.take().unwrap();
    let reader = std::thread::spawn(move || {
        for line in BufReader::new(stdout).lines().map_while(Result::ok) {
            if let Some(saved) = line.strip_prefix("saved ") {
                let _ = tx.send(saved.to_owned());
            }
        }
    });
    let mut reported = vec![rx.recv_timeout(Duration::from_secs(60)).expect("the child saved nothing")];
    let until = Instant::now() + Duration::from_micros(rng.below(40_000));
    while Instant::now() < until {
        std::hint::spin_loop();
    }
    process.kill().unwrap(); // SIGKILL on Unix
    process.wait().unwrap();
    reader.join().unwrap();
    reported.extend(rx.try_iter());
    reported
}

fn trials() -> usize {
    std::env::var("ENZA_CRASH_TRIALS").ok().and_then(|v| v.parse().ok()).unwrap_or(50)
}

#[test]
fn killed_mid_save_keeps_every_reported_reflection() {
    let mut rng = Lcg::seeded("reflections");
    let seed = rng.0;
    let tmp = tempfile::tempdir().unwrap();
    let dir = VaultDir::new(tmp.path().join("vault"));
    Vault::create_insecure_fast(&dir, FAST_PASS).unwrap().vault.lock();
    let mut next = 0u64;
    let mut kept = 0;
    for trial in 0..trials() {
        let reported = run_and_kill("reflection_child", &dir, next, &mut rng);
        let vault = Vault::unlock(&dir, FAST_PASS).unwrap_or_else(|e| panic!("seed {seed}, trial {trial}: {e}"));
        assert!(vault.health().unwrap().integrity_ok, "seed {seed}, trial {trial}: integrity check failed");
        for line in &reported {
            let (id, i) = line.split_once(' ').unwrap();
            let (id, i): (i64, u64) = (id.parse().unwrap(), i.parse().unwrap());
            let r = vault
                .journal()
                .reflection(id)
                .unwrap_or_else(|e| panic!("seed {seed}, trial {trial}: reflection {id} lost: {e}"));
            assert_eq!((r.title, r.body), reflection_text(i), "seed {seed}, trial {trial}: reflection {id} changed");
            next = next.max(i + 1);
        }
        kept += reported.len();
        vault.lock();
    }
    eprintln!("seed {seed}: {kept} reported reflections all kept over {} trials", trials());
}

#[test]
fn killed_mid_transition_keeps_every_reported_turn() {
    let mut rng = Lcg::seeded("meetings");
    let seed = rng.0;
    let tmp = tempfile::tempdir().unwrap();
    let dir = VaultDir::new(tmp.path().join("vault"));
    let vault = Vault::create_insecure_fast(&dir, FAST_PASS).unwrap().vault;
    let id = vault.meetings().start(None, "builtin:standard", Lang::Ja).unwrap().id;
    for cmd in [
        Command::NextPhase,
        Command::NextPhase,
        Command::StartRound { present: 400, policy: TurnPolicy::default(), nicknames: vec![] },
    ] {
        vault.meetings().command(id, &cmd).unwrap();
    }
    vault.lock();
    for trial in 0..trials() {
        let reported = run_and_kill("meeting_child", &dir, rng.below(u64::MAX >> 1) | 1, &mut rng);
        let most: usize = reported.iter().map(|n| n.parse().unwrap()).max().unwrap();
        let vault = Vault::unlock(&dir, FAST_PASS).unwrap_or_else(|e| panic!("seed {seed}, trial {trial}: {e}"));
        assert!(vault.health().unwrap().integrity_ok, "seed {seed}, trial {trial}: integrity check failed");
        let meeting = vault.meetings().get(id).unwrap_or_else(|e| panic!("seed {seed}, trial {trial}: {e}"));
        let turns = meeting.round.as_ref().unwrap().turns.len();
        assert!(turns >= most, "seed {seed}, trial {trial}: {most} turns were reported saved, {turns} replayed");
        assert_eq!(meeting.resumed_at.len(), trial + 1, "seed {seed}, trial {trial}: each restart is recorded");
        vault.lock();
    }
}

/// A tiny deterministic generator: seeded from `ENZA_CRASH_SEED` or the
/// clock, and printed so that a failure can be replayed.
struct Lcg(u64);

impl Lcg {
    fn seeded(test: &str) -> Self {
        let seed = std::env::var("ENZA_CRASH_SEED").ok().and_then(|s| s.parse().ok()).unwrap_or_else(|| {
            std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_nanos() as u64 | 1
        });
        eprintln!("{test}: ENZA_CRASH_SEED={seed}");
        Lcg(seed)
    }
    fn below(&mut self, n: u64) -> u64 {
        self.0 = self.0.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
        (self.0 >> 33) % n
    }
}
