//! Memory of the real app after use, beside what `scripts/bench-app.sh`
//! measures after start: PSS of the app and its WebKit processes after start
//! (unlock screen), after a whole meeting, after a year of journal trends,
//! and over 20 minutes on the live meeting screen, which redraws every
//! second (target: it grows by at most 5 MiB).
//!
//! A benchmark, not a test: it prints figures and is run by hand
//! (`ENZA_BENCH_MEMORY=1 bash scripts/bench-app.sh`), with ENZA_APP_BIN naming
//! the release build. Driving the window needs WebDriver, which needs a
//! webview that is not incognito; the figures are for that webview.

mod common;

use common::{key, App, Machine};
use fantoccini::key::Key;
use std::process::Command;
use std::time::{Duration, Instant};

const PASS: &str = "memory benchmark passphrase";
/// A year; ENZA_BENCH_DAYS makes it shorter for a quick try of the script.
fn days() -> i64 {
    std::env::var("ENZA_BENCH_DAYS").ok().and_then(|d| d.parse().ok()).unwrap_or(365)
}

fn mib(kib: u64) -> f64 {
    kib as f64 / 1024.0
}

/// Waits `secs` for memory to settle, then reads it.
async fn settled(machine: &Machine, secs: u64) -> u64 {
    tokio::time::sleep(Duration::from_secs(secs)).await;
    machine.app_pss_kib()
}

/// A year of daily check-ins, as a person who journals every day has.
fn seed_a_year(machine: &Machine) {
    machine.enza(PASS, &["init"]);
    let today = today();
    for k in 1..=days() {
        let date = day_before(&today, k);
        let (mood, stress) = ((k % 7 + 2).to_string(), (k % 5 + 3).to_string());
        let mut args = vec!["checkin", "add", "--mood", &mood, "--energy", "5", "--stress", &stress, "--date", &date];
        if k % 2 == 0 {
            args.extend(["--selfcare", "rest"]);
        }
        machine.enza(PASS, &args);
    }
}

fn today() -> String {
    let out = Command::new("date").arg("+%Y-%m-%d").output().unwrap();
    String::from_utf8(out.stdout).unwrap().trim().to_string()
}

fn day_before(today: &str, k: i64) -> String {
    let out = Command::new("date").args(["-d", &format!("{today} -{k} days"), "+%Y-%m-%d"]).output().unwrap();
    String::from_utf8(out.stdout).unwrap().trim().to_string()
}

async fn live_key(app: &App, keys: &str) {
    app.press(".live", keys).await;
}

/// A whole meeting with the standard template: every item ticked, a round
/// of six, the record saved.
async fn a_whole_meeting(app: &App) {
    start_meeting(app).await;
    for phase in 0..4 {
        let items = app.client.find_all(fantoccini::Locator::Css("#items li")).await.unwrap().len();
        for i in 0..items {
            live_key(app, " ").await;
            app.wait(&format!("#item-{i}:checked")).await;
        }
        if phase == 2 {
            app.type_into("#present", "6").await;
            app.press("#present", &key(Key::Enter)).await;
            app.wait_text("#current-speaker", "1").await;
            for _ in 0..6 {
                live_key(app, "n").await;
                tokio::time::sleep(Duration::from_millis(300)).await;
            }
            app.wait("#round-done").await;
        }
        if phase < 3 {
            live_key(app, &key(Key::Right)).await;
            tokio::time::sleep(Duration::from_millis(500)).await;
        }
    }
    live_key(app, "e").await;
    app.press("#confirm-end-yes", &key(Key::Enter)).await;
    app.type_into("#rec-attendance", "6").await;
    app.press("#save-record", &key(Key::Enter)).await;
    app.wait("#round-summary").await;
}

async fn start_meeting(app: &App) {
    app.click("#nav-meetings").await;
    app.wait("#template").await;
    app.choose("#template", "builtin:standard").await;
    app.press("#start-meeting", &key(Key::Enter)).await;
    app.wait("#phase-strip").await;
}

#[tokio::test(flavor = "current_thread")]
#[ignore = "a benchmark run by hand: ENZA_BENCH_MEMORY=1 bash scripts/bench-app.sh"]
async fn memory_after_use() {
    let machine = Machine::new("en_US.UTF-8");
    let seeding = Instant::now();
    seed_a_year(&machine);
    eprintln!("seeded {} check-ins in {:.0} s", days(), seeding.elapsed().as_secs_f64());

    let app = machine.launch().await;
    app.wait("#unlock-passphrase").await;
    let after_start = settled(&machine, 3).await;
    app.type_into("#unlock-passphrase", PASS).await;
    app.click("#unlock").await;
    // A real key derivation, on a machine that may be busy.
    // (The journal, for a vault of check-ins only.)
    app.wait_for("#new-reflection, #ci-mood", 60).await;

    a_whole_meeting(&app).await;
    let after_meeting = settled(&machine, 3).await;

    app.click("#nav-journal").await;
    app.click("#go-trends").await;
    app.click("#range-year").await;
    app.wait("#range-year[aria-pressed=true]").await;
    let after_trends = settled(&machine, 3).await;

    start_meeting(&app).await;
    let live_start = settled(&machine, 10).await;
    let mut samples = vec![(0, live_start)];
    for minute in (5..=20).step_by(5) {
        tokio::time::sleep(Duration::from_secs(300)).await;
        samples.push((minute, machine.app_pss_kib()));
    }
    app.quit().await;

    println!("\nPSS of the app and its WebKit processes (driven through WebDriver):");
    println!("  after start (unlock screen)   {:7.1} MiB", mib(after_start));
    println!("  after a whole meeting         {:7.1} MiB", mib(after_meeting));
    println!("  after a year of trends        {:7.1} MiB", mib(after_trends));
    for (minute, kib) in &samples {
        println!("  live meeting screen, {minute:2} min   {:7.1} MiB", mib(*kib));
    }
    let growth = mib(samples.last().unwrap().1) - mib(live_start);
    println!("  growth over 20 min on the live screen: {growth:+.1} MiB (target ≤ 5 MiB)");
}
