//! Running a meeting in the real window with the keyboard only: the four
//! phases (every control reached with Tab at a person's pace), a sharing
//! round with a pass, the crisis card, → on the last phase, the record with
//! the personal-data prompt, and history. Also: the app killed mid-round
//! resumes where it was, and the gap shows; a lock on purpose is a pause, not
//! a gap; a meeting nobody touches locks by itself when the person asked for
//! that; the live screen fits a 1024×700 window.

mod common;

use common::{first_run, key, poll, App, Machine};
use fantoccini::key::Key;
use std::time::{Duration, Instant, SystemTime};

const PASS: &str = "quiet river morning tea";
const NOTE_MARKER: &str = "kingfisher-note-e2e";
const NOTE_MARKER_JA: &str = "あじさい色のメモ";
const NICK_1: &str = "ほたるいか";
const NICK_3: &str = "しらたま団子";
const KILL_NICK_1: &str = "Marmalade-e2e";
const KILL_NICK_2: &str = "Pumpernickel-e2e";

/// Presses a shortcut on the live screen.
async fn shortcut(app: &App, keys: &str) {
    app.press(".live", keys).await;
}

/// Ticks every item of the current phase with Space, checking each one.
async fn tick_all(app: &App) {
    let count = app.client.find_all(fantoccini::Locator::Css("#items li")).await.unwrap().len();
    for i in 0..count {
        if app.client.find(fantoccini::Locator::Css(&format!("#item-{i}:checked"))).await.is_ok() {
            continue;
        }
        shortcut(app, " ").await;
        app.wait(&format!("#item-{i}:checked")).await;
    }
}

/// Opens Meetings and starts `template` with the keyboard.
async fn start_meeting(app: &App, template: &str) {
    app.press("#nav-meetings", &key(Key::Enter)).await;
    app.wait("#template").await;
    app.choose("#template", &format!("builtin:{template}")).await;
    app.press("#start-meeting", &key(Key::Enter)).await;
    app.wait("#phase-strip").await;
}

/// Starts the sharing round for `present` people; `turn_minutes` sets both
/// the shortest and the longest turn (short turns let a test see overrun).
async fn start_round(app: &App, present: u32, turn_minutes: Option<&str>) {
    if let Some(minutes) = turn_minutes {
        app.type_into("#turn-min", minutes).await;
        app.type_into("#turn-max", minutes).await;
    }
    app.type_into("#present", &present.to_string()).await;
    app.press("#present", &key(Key::Enter)).await;
}

async fn next_phase(app: &App, expected_title: &str) {
    shortcut(app, &key(Key::Right)).await;
    app.wait_text("#phase-title", expected_title).await;
}

/// The live screen's own buttons, in the order Tab reaches them.
const CONTROLS: [&str; 5] = ["prev-phase", "next-phase", "open-crisis", "end-meeting", "open-help"];

/// The ids of the current phase's checkboxes.
async fn item_ids(app: &App) -> Vec<String> {
    let v = app
        .client
        .execute("return [...document.querySelectorAll('#items input')].map((i) => i.id);", vec![])
        .await
        .unwrap();
    v.as_array().unwrap().iter().map(|id| id.as_str().unwrap().to_string()).collect()
}

/// From the screen itself (it has the focus after a shortcut), Tab goes
/// through the phase's checklist, then `round`, then the screen's buttons.
async fn tab_phase(app: &App, round: &[&str]) {
    assert_eq!(app.focused().await, "section", "the live screen has the focus");
    let items = item_ids(app).await;
    let mut order: Vec<&str> = items.iter().map(String::as_str).collect();
    order.extend(round);
    order.extend(CONTROLS);
    app.tab_through(&order, false).await;
}

/// Replaces a short number in the focused field: the caret is at its end.
async fn retype_here(app: &App, text: &str) {
    let back = key(Key::Backspace);
    app.type_here(&format!("{back}{back}{back}{back}{text}")).await;
}

/// Waits until the live screen has been drawn again twice since now (it
/// asks the core every second), so a focus check after it has seen the
/// screen redraw under the focus.
async fn after_two_refreshes(app: &App) {
    let count = || async {
        let v = app.client.execute("return Number(document.querySelector('.live')?.dataset.refreshes ?? 0);", vec![]);
        v.await.unwrap().as_u64().unwrap_or(0)
    };
    let start = count().await;
    poll("two redraws of the live screen", Duration::from_secs(10), || async {
        (count().await >= start + 2).then_some(())
    })
    .await;
}

/// After the round starts from its button, the focus is on the round's
/// first button and stays there across refreshes; Tab goes on through the
/// round's buttons, then the screen's.
async fn round_buttons_by_tab(app: &App) {
    after_two_refreshes(app).await;
    assert_eq!(app.focused().await, "next-speaker", "the focus after starting the round");
    let mut order = vec!["pass", "skip", "late-arrival"];
    order.extend(CONTROLS);
    app.tab_through(&order, false).await;
}

/// → on the last phase says how to end, where errors are announced.
async fn last_phase_says_how_to_end(app: &App, message: &str) {
    shortcut(app, &key(Key::Right)).await;
    app.wait_text("#error", message).await;
    let error = app.wait("#error").await;
    assert_eq!(error.attr("role").await.unwrap().as_deref(), Some("alert"));
}

#[tokio::test(flavor = "current_thread")]
async fn a_whole_meeting_with_the_keyboard_in_english() {
    let machine = Machine::new("en_US.UTF-8");
    let app = machine.launch().await;
    first_run(&app, "en", PASS).await;
    start_meeting(&app, "standard").await;

    app.wait_text("#phase-title", "Safe space").await;
    app.wait_text("#current-item", "Room and seating").await;
    // Every control by Tab, at a person's pace, while the timer ticks.
    app.wait_text("#phase-timer", "left").await;
    assert_eq!(app.focused().await, "section", "the live screen has the focus from the start");
    tab_phase(&app, &[]).await;
    shortcut(&app, " ").await;
    app.wait_text("#script", "silence your phones").await;
    app.screenshot("en-20-live-safe-space").await;
    tick_all(&app).await;
    next_phase(&app, "Ground rules").await;
    app.screenshot("en-21-live-ground-rules").await;
    tick_all(&app).await;
    // Tab to the end, back with Shift+Tab to "Next phase", and Enter: the
    // focus stays on the button in the next phase.
    tab_phase(&app, &[]).await;
    app.tab_through(&["end-meeting", "open-crisis", "next-phase"], true).await;
    app.keys_here(&[Key::Enter]).await;
    app.wait_text("#phase-title", "Sharing").await;
    after_two_refreshes(&app).await;
    assert_eq!(app.focused().await, "next-phase", "the focus after the phase changed");
    tick_all(&app).await;

    // A round of 5, turns of 15 seconds (0.25 min) so the overrun can be
    // seen, with two nicknames the facilitator chooses to keep; all by Tab.
    let mut order = item_ids(&app).await;
    order.push("present".into());
    let order: Vec<&str> = order.iter().map(String::as_str).collect();
    app.tab_through(&order, false).await;
    app.type_here("5").await;
    app.tab_through(&["turn-min"], false).await;
    retype_here(&app, "0.25").await;
    app.tab_through(&["turn-max"], false).await;
    retype_here(&app, "0.25").await;
    app.tab_through(&["nicknames-toggle"], false).await;
    app.keys_here(&[Key::Space]).await; // Space opens it (and ticks nothing)
    app.tab_through(&["nicknames"], false).await;
    let enter = key(Key::Enter);
    app.type_here(&format!("Aki{enter}{enter}Ren")).await;
    app.tab_through(&["keep-nicknames"], false).await;
    app.keys_here(&[Key::Space]).await;
    app.tab_through(&["start-round"], false).await;
    app.keys_here(&[Key::Enter]).await;
    app.wait_text("#current-speaker", "Aki").await;
    round_buttons_by_tab(&app).await;
    app.wait_text("#current-speaker", "Seat 1").await;
    app.wait_text("#next-speaker", "Seat 2").await;
    app.screenshot("en-22-live-sharing").await;
    app.wait_text_for("#turn-timer", "over", 40).await;
    app.screenshot("en-23-live-overrun").await;
    shortcut(&app, "n").await;
    app.wait_text("#current-speaker", "Seat 2").await;
    shortcut(&app, "p").await;
    app.wait_text("#current-speaker", "Seat 3").await;
    // The one speaking now is neither finished nor waiting.
    app.wait_text("#turn-count", "1 spoke · 1 passed · 2 waiting").await;
    for seat in 4..=5 {
        shortcut(&app, "n").await;
        app.wait_text("#current-speaker", &format!("Seat {seat}")).await;
    }
    // The last turn ended from its button: the focus goes on to Late
    // arrival, the round's one button left.
    let mut order = item_ids(&app).await;
    order.push("next-speaker".into());
    app.tab_through(&order.iter().map(String::as_str).collect::<Vec<_>>(), false).await;
    app.keys_here(&[Key::Enter]).await;
    app.wait("#round-done").await;
    app.wait_text("#turn-count", "4 spoke · 1 passed · 0 waiting").await;
    after_two_refreshes(&app).await;
    assert_eq!(app.focused().await, "late-arrival", "the focus after the round ended");

    // The crisis card and the key help open from the keyboard.
    shortcut(&app, "c").await;
    app.wait_text("#crisis-card", "one exception").await;
    app.screenshot("en-24-crisis-card").await;
    app.press("#close-crisis", &key(Key::Enter)).await;
    shortcut(&app, "?").await;
    app.wait_text("#help", "late arrival").await;
    app.screenshot("en-25-keys-help").await;
    app.press("#close-help", &key(Key::Enter)).await;

    next_phase(&app, "Closing").await;
    tick_all(&app).await;
    tab_phase(&app, &["late-arrival"]).await;
    app.screenshot("en-26-live-closing").await;
    last_phase_says_how_to_end(&app, "This is the last phase. To end the meeting, press E.").await;
    app.screenshot("en-26b-live-last-phase").await;
    shortcut(&app, "e").await;
    app.press("#confirm-end-yes", &key(Key::Enter)).await;

    // The record, with a phone number in the notes: the prompt asks.
    app.wait("#rec-attendance").await;
    app.type_into("#rec-attendance", "5").await;
    app.type_into("#rec-newcomers", "1").await;
    app.type_into("#rec-notes", &format!("Call the venue on 03-1234-5678 about chairs. {NOTE_MARKER}")).await;
    app.screenshot("en-27-record").await;
    app.press("#save-record", &key(Key::Enter)).await;
    app.wait_text("#pii-prompt", "a phone number").await;
    app.screenshot("en-28-personal-data-prompt").await;
    app.press("#pii-keep", &key(Key::Enter)).await;

    app.wait_text("#round-summary", "5 present · 4 shared · 1 passed").await;
    app.wait_text("#items-done", "Checklist: 22 of 22 items done").await;
    app.press("#turns-details summary", &key(Key::Enter)).await;
    let turns = app.wait_text("#turns", "Ren (Seat 3)").await;
    assert!(turns.contains("Aki (Seat 1)") && turns.contains("passed"), "{turns}");
    let phases = app.text("#phase-log").await.unwrap();
    let order: Vec<usize> =
        ["Safe space", "Ground rules", "Sharing", "Closing"].iter().map(|p| phases.find(p).unwrap()).collect();
    assert!(order.windows(2).all(|w| w[0] < w[1]), "phases in order: {phases}");
    app.screenshot("en-29-session").await;

    app.press("#back-to-meetings", &key(Key::Enter)).await;
    app.wait_text("#history", "5 attended").await;
    app.screenshot("en-30-meetings").await;
    app.quit().await;
    machine.assert_no_file_contains(&[NOTE_MARKER, "about chairs"]);
}

#[tokio::test(flavor = "current_thread")]
async fn a_listening_meeting_in_japanese() {
    let machine = Machine::new("ja_JP.UTF-8");
    let app = machine.launch().await;
    first_run(&app, "ja", PASS).await;

    // Contacts saved on the card's page: the script stays the built-in one,
    // in the interface language.
    app.press("#nav-meetings", &key(Key::Enter)).await;
    app.click("#crisis-edit").await;
    app.click("#add-contact").await;
    app.type_into("#service-0", "よりそいホットライン").await;
    app.type_into("#number-0", "0120-279-338").await;
    app.type_into("#hours-0", "24時間").await;
    app.press("#save-crisis", &key(Key::Enter)).await;
    app.wait_text("#crisis-status", "保存しました").await;
    start_meeting(&app, "iippanashi").await;

    app.wait_text("#phase-title", "安心できる場づくり").await;
    app.screenshot("ja-20-live-safe-space").await;
    app.wait_text("#phase-timer", "残り").await;
    assert_eq!(app.focused().await, "section", "the live screen has the focus from the start");
    tab_phase(&app, &[]).await;
    tick_all(&app).await;
    next_phase(&app, "グラウンドルール").await;
    app.screenshot("ja-21-live-ground-rules").await;
    tab_phase(&app, &[]).await;
    app.tab_through(&["end-meeting", "open-crisis", "next-phase"], true).await;
    app.keys_here(&[Key::Enter]).await;
    app.wait_text("#phase-title", "言いっぱなし・聞きっぱなし").await;
    app.wait_text("#script", "持ち時間").await;
    after_two_refreshes(&app).await;
    assert_eq!(app.focused().await, "next-phase", "the focus after the phase changed");
    // Back with Shift+Tab to the count, then on with Tab. Nicknames not
    // kept: shown on this screen, never saved.
    app.tab_through(&["prev-phase", "start-round", "nicknames-toggle", "turn-max", "turn-min", "present"], true).await;
    app.type_here("3").await;
    app.tab_through(&["turn-min"], false).await;
    retype_here(&app, "0.25").await;
    app.tab_through(&["turn-max"], false).await;
    retype_here(&app, "0.25").await;
    app.tab_through(&["nicknames-toggle"], false).await;
    app.keys_here(&[Key::Enter]).await;
    app.tab_through(&["nicknames"], false).await;
    let enter = key(Key::Enter);
    app.type_here(&format!("{NICK_1}{enter}{enter}{NICK_3}")).await;
    app.tab_through(&["keep-nicknames", "start-round"], false).await;
    app.keys_here(&[Key::Enter]).await;
    app.wait_text("#current-speaker", NICK_1).await;
    round_buttons_by_tab(&app).await;
    app.wait_text("#current-speaker", "1番の席").await;
    app.screenshot("ja-22-live-sharing").await;
    app.wait_text_for("#turn-timer", "超過", 40).await;
    app.screenshot("ja-23-live-overrun").await;
    shortcut(&app, "p").await;
    app.wait_text("#next-speaker", &format!("{NICK_3}（3番の席）")).await;
    app.wait_text("#turn-count", "話し終えた0人・パス1人・順番待ち1人").await;
    shortcut(&app, "n").await;
    app.wait_text("#current-speaker", NICK_3).await;
    shortcut(&app, "n").await;
    app.wait("#round-done").await;
    app.wait_text("#turn-count", "話し終えた2人・パス1人・順番待ち0人").await;
    shortcut(&app, "c").await;
    app.wait_text("#crisis-card", "0120-279-338").await;
    let script = app.wait_text("#crisis-script", "例外").await;
    assert!(!script.contains("exception"), "the built-in script in Japanese: {script}");
    app.screenshot("ja-24-crisis-card").await;
    app.press("#close-crisis", &key(Key::Enter)).await;
    shortcut(&app, "?").await;
    app.wait_text("#help", "途中参加").await;
    app.screenshot("ja-25-keys-help").await;
    app.press("#close-help", &key(Key::Enter)).await;
    next_phase(&app, "クロージング").await;
    tab_phase(&app, &["late-arrival"]).await;
    app.screenshot("ja-26-live-closing").await;
    last_phase_says_how_to_end(&app, "これが最後の段階です。ミーティングを終えるには E を押してください。").await;
    app.screenshot("ja-26b-live-last-phase").await;
    shortcut(&app, "e").await;
    app.press("#confirm-end-yes", &key(Key::Enter)).await;

    app.type_into("#rec-attendance", "3").await;
    app.type_into("#rec-follow_ups", &format!("山田さんに次回の案内 {NOTE_MARKER_JA}")).await;
    app.press("#save-record", &key(Key::Enter)).await;
    app.wait_text("#pii-prompt", "人の名前").await;
    app.screenshot("ja-28-personal-data-prompt").await;
    app.press("#pii-keep", &key(Key::Enter)).await;
    app.wait_text("#round-summary", "参加3人・話した2人・パス1人").await;
    app.click("#turns-details summary").await;
    let turns = app.wait_text("#turns", "3番の席").await;
    assert!(!turns.contains(NICK_1) && !turns.contains(NICK_3), "unkept nicknames are not in the record: {turns}");
    app.screenshot("ja-29-session").await;
    app.quit().await;
    machine.assert_no_file_contains(&[NOTE_MARKER_JA, "次回の案内", NICK_1, NICK_3]);
}

/// The local wall-clock time as "HH:MM", as the app shows times (en-GB).
fn local_hhmm(at: SystemTime) -> String {
    let secs = at.duration_since(SystemTime::UNIX_EPOCH).unwrap().as_secs() as libc::time_t;
    let mut tm: libc::tm = unsafe { std::mem::zeroed() };
    unsafe {
        libc::localtime_r(&secs, &mut tm);
    }
    format!("{:02}:{:02}", tm.tm_hour, tm.tm_min)
}

/// Every local "HH:MM" from `from` until a minute from now: what a page may
/// show for a moment in that span, to the minute.
fn minutes_since(from: SystemTime) -> Vec<String> {
    let mut list = vec![];
    let mut at = from;
    while at <= SystemTime::now() + Duration::from_secs(60) {
        list.push(local_hhmm(at));
        at += Duration::from_secs(60);
    }
    list
}

/// "M:SS" as the session page shows a turn's length, in seconds.
fn mmss_secs(text: &str) -> u64 {
    let (m, s) = text.trim().split_once(':').unwrap_or_else(|| panic!("not M:SS: {text:?}"));
    m.parse::<u64>().unwrap() * 60 + s.parse::<u64>().unwrap()
}

/// The cells of row `n` (from 1) of the session page's turns table.
async fn turn_row(app: &App, n: usize) -> Vec<String> {
    let css = format!("#turns tbody tr:nth-child({n}) td");
    let mut cells = Vec::new();
    for cell in app.client.find_all(fantoccini::Locator::Css(&css)).await.unwrap() {
        cells.push(cell.prop("textContent").await.unwrap().unwrap_or_default());
    }
    cells
}

#[tokio::test(flavor = "current_thread")]
async fn killed_during_the_sharing_round_the_meeting_resumes() {
    let machine = Machine::new("en_US.UTF-8");
    let app = machine.launch().await;
    first_run(&app, "en", PASS).await;
    start_meeting(&app, "standard").await;
    next_phase(&app, "Ground rules").await;
    next_phase(&app, "Sharing").await;
    // Nicknames not kept: on the screen only, so not on the disk even when
    // the app dies with them shown.
    app.click(".nicknames summary").await;
    app.type_into("#nicknames", &format!("{KILL_NICK_1}{}{KILL_NICK_2}", key(Key::Enter))).await;
    start_round(&app, 4, None).await;
    app.wait_text("#current-speaker", KILL_NICK_1).await;
    shortcut(&app, "n").await;
    app.wait_text("#current-speaker", KILL_NICK_2).await;
    app.wait_text("#current-speaker", "Seat 2").await;

    // The laptop dies: SIGKILL, no chance to save anything more. quit()
    // returns once the app and WebKit's helpers are gone.
    let killed_at = SystemTime::now();
    let killed = Instant::now();
    machine.kill_app();
    app.quit().await;
    // Real time must pass while the app is down, enough that a turn holding
    // the gap (below) cannot be mistaken for one that left it out.
    if let Some(rest) = Duration::from_secs(6).checked_sub(killed.elapsed()) {
        tokio::time::sleep(rest).await;
    }

    let app = machine.launch().await;
    app.type_into("#unlock-passphrase", PASS).await;
    app.press("#unlock-passphrase", &key(Key::Enter)).await;
    app.wait("#resume-meeting").await;
    app.screenshot("en-31-resume").await;
    app.press("#resume-meeting", &key(Key::Enter)).await;
    let away = killed.elapsed();
    app.wait_text("#phase-title", "Sharing").await;
    app.wait_text("#current-speaker", "Seat 2").await;
    app.wait_text("#resumed", "Resumed after a gap: the time away is recorded.").await;
    let speaker = app.text("#current-speaker").await.unwrap();
    assert!(!speaker.contains(KILL_NICK_2), "a nickname not kept outlived the app: {speaker}");
    app.wait_text("#turn-count", "1 spoke · 0 passed · 2 waiting").await;
    for seat in 3..=4 {
        shortcut(&app, "n").await;
        app.wait_text("#current-speaker", &format!("Seat {seat}")).await;
    }
    shortcut(&app, "n").await;
    app.wait("#round-done").await;
    app.wait_text("#turn-count", "4 spoke · 0 passed · 0 waiting").await;
    shortcut(&app, "e").await;
    app.press("#confirm-end-yes", &key(Key::Enter)).await;
    app.type_into("#rec-attendance", "4").await;
    app.press("#save-record", &key(Key::Enter)).await;
    app.wait_text("#round-summary", "4 present · 4 shared · 0 passed").await;

    // The session page names the gap and when the meeting resumed: a time
    // between the kill and now (to the minute, as the page shows it).
    let gap = app.wait_text(".page .card p.notice", "Resumed after a gap at ").await;
    let minutes = minutes_since(killed_at);
    assert!(
        minutes.iter().any(|hhmm| gap.ends_with(hhmm.as_str())),
        "the gap's time {gap:?} is not one of the minutes since the kill {minutes:?}"
    );
    let notices = app.client.find_all(fantoccini::Locator::Css(".page .card p.notice")).await.unwrap();
    assert_eq!(notices.len(), 1, "one gap, one notice");

    // Seat 2's turn holds the time the app was down: honest, not hidden.
    app.press("#turns-details summary", &key(Key::Enter)).await;
    app.wait_text("#turns", "Seat 2").await;
    let row = turn_row(&app, 2).await;
    assert_eq!(row[1], "Seat 2", "{row:?}");
    let length = mmss_secs(&row[2]);
    assert!(away >= Duration::from_secs(6), "{away:?}");
    assert!(
        length >= away.as_secs(),
        "Seat 2's turn lasted {length} s but the app was away {} s: {row:?}",
        away.as_secs()
    );
    app.screenshot("en-32-session-with-gap").await;
    app.quit().await;
    machine.assert_no_file_contains(&[PASS, KILL_NICK_1, KILL_NICK_2]);
}

/// Sets auto-lock to `minutes` and "lock even while a meeting runs" to `on`
/// on the Settings screen, as a person would.
async fn lock_settings(app: &App, minutes: u32, on: bool) {
    app.press("#nav-settings", &key(Key::Enter)).await;
    app.type_into("#auto-lock", &minutes.to_string()).await;
    app.press("#auto-lock", &key(Key::Enter)).await;
    app.wait_text("#auto-lock-status", &format!("after {minutes} idle minute")).await;
    let checked = app.client.find(fantoccini::Locator::Css("#lock-during:checked")).await.is_ok();
    if checked != on {
        app.press("#lock-during", " ").await;
    }
    // Saved in the vault: the screen drawn again shows it.
    app.press("#nav-reflections", &key(Key::Enter)).await;
    app.wait("#new-reflection").await;
    app.press("#nav-settings", &key(Key::Enter)).await;
    app.wait(if on { "#lock-during:checked" } else { "#lock-during:not(:checked)" }).await;
    assert_eq!(app.value("#auto-lock").await, minutes.to_string());
}

#[tokio::test(flavor = "current_thread")]
async fn a_meeting_nobody_touches_locks_when_asked_to() {
    let machine = Machine::new("en_US.UTF-8");
    let app = machine.launch().await;
    first_run(&app, "en", PASS).await;
    lock_settings(&app, 1, true).await;
    start_meeting(&app, "standard").await;
    next_phase(&app, "Ground rules").await;
    next_phase(&app, "Sharing").await;
    // Taken before the round's keys, so that all of them come after it.
    let last_touch = Instant::now();
    start_round(&app, 3, None).await;
    app.wait_text("#current-speaker", "Seat 1").await;

    // Nobody touches anything. The live screen polls the core every second,
    // which is not a person's activity. The UI reports keys at most every
    // 20 s, so the last report was 0-20 s before the last key: the lock is
    // due 40-60 s after that key, and the watch looks every 2 s.
    app.wait_for("#unlock-passphrase", 90).await;
    let idle = last_touch.elapsed();
    eprintln!("locked after {idle:?} without a touch");
    assert!(
        idle >= Duration::from_secs(39) && idle <= Duration::from_secs(75),
        "locked after {idle:?} without a touch, not about a minute"
    );
    app.wait_text("#notice", "locked itself after a while without use").await;
    app.screenshot("en-33-locked-during-meeting").await;

    // Unlocking goes back to the meeting where it was.
    app.type_into("#unlock-passphrase", PASS).await;
    app.press("#unlock-passphrase", &key(Key::Enter)).await;
    app.wait_text("#phase-title", "Sharing").await;
    app.wait_text("#current-speaker", "Seat 1").await;
    app.wait_text("#turn-count", "0 spoke · 0 passed · 2 waiting").await;
    shortcut(&app, "n").await;
    app.wait_text("#current-speaker", "Seat 2").await;
    app.wait_text("#turn-count", "1 spoke · 0 passed · 1 waiting").await;
    app.quit().await;
}

#[tokio::test(flavor = "current_thread")]
async fn locking_during_a_meeting_is_a_pause() {
    let machine = Machine::new("en_US.UTF-8");
    let app = machine.launch().await;
    first_run(&app, "en", PASS).await;
    start_meeting(&app, "standard").await;
    next_phase(&app, "Ground rules").await;
    next_phase(&app, "Sharing").await;
    start_round(&app, 3, None).await;
    app.wait_text("#current-speaker", "Seat 1").await;
    shortcut(&app, "n").await;
    app.wait_text("#current-speaker", "Seat 2").await;

    // Locked on purpose (Ctrl+L), then unlocked: straight back to the
    // meeting, same phase and speaker, and no word of a gap.
    let locked_at = SystemTime::now();
    app.press_ctrl("l").await;
    app.type_into("#unlock-passphrase", PASS).await;
    app.press("#unlock-passphrase", &key(Key::Enter)).await;
    app.wait_text("#phase-title", "Sharing").await;
    app.wait_text("#current-speaker", "Seat 2").await;
    app.wait_text("#turn-count", "1 spoke · 0 passed · 1 waiting").await;
    assert!(app.client.find(fantoccini::Locator::Css("#resumed")).await.is_err(), "a lock is no gap");
    app.screenshot("en-34-live-after-lock").await;
    shortcut(&app, "n").await;
    app.wait_text("#current-speaker", "Seat 3").await;
    shortcut(&app, "e").await;
    app.press("#confirm-end-yes", &key(Key::Enter)).await;
    app.type_into("#rec-attendance", "3").await;
    app.press("#save-record", &key(Key::Enter)).await;
    app.wait_text("#round-summary", "3 present").await;

    // The session page shows the pause with its times, and no gap.
    let line = app.wait_text(".session-lock", "(a pause, not an interruption)").await;
    let minutes = minutes_since(locked_at - Duration::from_secs(60));
    let times = line.strip_prefix("Locked ").and_then(|l| l.strip_suffix(" (a pause, not an interruption)"));
    let (from, to) =
        times.and_then(|t| t.split_once('–')).unwrap_or_else(|| panic!("not Locked HH:MM–HH:MM: {line:?}"));
    assert!(minutes.iter().any(|m| m == from) && minutes.iter().any(|m| m == to), "{line:?} vs {minutes:?}");
    let notices = app.client.find_all(fantoccini::Locator::Css(".page .card p.notice")).await.unwrap();
    assert!(notices.is_empty(), "a lock is not a gap on the session page");
    app.screenshot("en-35-session-with-lock").await;
    app.quit().await;
}

/// The timer and the screen's buttons, which must be seen without scrolling.
const ALWAYS_SEEN: [&str; 5] = ["#phase-timer", "#prev-phase", "#next-phase", "#open-crisis", "#end-meeting"];

/// Goes through a meeting in a 1024×700 window: each phase and the round
/// fit, and a picture of each is taken.
async fn fits_a_small_window(lang: &'static str, locale: &'static str, template: &str) {
    let machine = Machine::new(locale);
    let app = machine.launch().await;
    first_run(&app, lang, PASS).await;
    app.set_viewport(1024, 700).await;
    start_meeting(&app, template).await;
    let phases = app.client.find_all(fantoccini::Locator::Css("#phase-strip li")).await.unwrap().len();
    for n in 1..=phases {
        app.wait(&format!("#phase-strip li:nth-child({n}).current")).await;
        let what = format!("{lang} phase {n} at 1024×700");
        app.assert_in_view(&ALWAYS_SEEN, &what).await;
        if app.client.find(fantoccini::Locator::Css("#present")).await.is_ok() {
            app.assert_in_view(&["#present", "#turn-max", "#start-round"], &what).await;
        }
        app.screenshot(&format!("{lang}-live-1024-phase{n}")).await;
        if app.client.find(fantoccini::Locator::Css("#present")).await.is_ok() {
            start_round(&app, 12, None).await;
            app.wait("#current-speaker").await;
            let round =
                ["#turn-timer", "#current-speaker", "#next-speaker", "#pass", "#skip", "#late-arrival", "#turn-count"];
            app.assert_in_view(&round, &format!("{lang} round at 1024×700")).await;
            app.assert_in_view(&ALWAYS_SEEN, &format!("{lang} round at 1024×700")).await;
            app.screenshot(&format!("{lang}-live-1024-round")).await;
            app.set_text_scale(200).await;
            app.screenshot(&format!("{lang}-live-1024-round-200")).await;
            app.assert_in_view(&ALWAYS_SEEN, &format!("{lang} round at 1024×700, 200% text")).await;
            app.set_text_scale(100).await;
        }
        if n < phases {
            shortcut(&app, &key(Key::Right)).await;
        }
    }
    // The round left with seats waiting is not over: the next one is named.
    app.wait_text("#next-speaker", if lang == "ja" { "2番の席" } else { "Seat 2" }).await;
    assert!(!app.wait("#round").await.text().await.unwrap().contains(if lang == "ja" { "全員" } else { "Everyone" }));
    app.assert_in_view(&["#next-speaker", "#late-arrival"], &format!("{lang} last phase, round waiting")).await;
    app.quit().await;
}

#[tokio::test(flavor = "current_thread")]
async fn the_live_screen_fits_1024_by_700_in_english() {
    fits_a_small_window("en", "en_US.UTF-8", "standard").await;
}

#[tokio::test(flavor = "current_thread")]
async fn the_live_screen_fits_1024_by_700_in_japanese() {
    fits_a_small_window("ja", "ja_JP.UTF-8", "iippanashi").await;
}

/// The local date in `zone`, as the system's own `date` gives it.
fn date_in(zone: &str) -> String {
    let out = std::process::Command::new("date").arg("+%F").env("TZ", zone).output().unwrap();
    String::from_utf8(out.stdout).unwrap().trim().to_owned()
}

/// Issue 18: "checked today" is the person's local day, not the UTC date
/// (in Japan, UTC is still yesterday until 09:00). Run in a zone whose date
/// differs from UTC's right now: UTC+14 from 10:00 UTC, UTC−11 before 11:00.
#[tokio::test(flavor = "current_thread")]
async fn a_new_crisis_contact_is_checked_on_the_local_day() {
    let utc = date_in("UTC");
    let zone = ["Asia/Tokyo", "Pacific/Kiritimati", "Pacific/Pago_Pago"]
        .into_iter()
        .find(|z| date_in(z) != utc)
        .expect("some zone is on another day");
    let machine = Machine::new("ja_JP.UTF-8").in_zone(zone);
    let app = machine.launch().await;
    first_run(&app, "ja", PASS).await;
    app.press("#nav-meetings", &key(Key::Enter)).await;
    app.click("#crisis-edit").await;
    app.click("#add-contact").await;
    app.wait("#checked-0").await;
    let local = date_in(zone);
    assert_eq!(app.value("#checked-0").await, local, "TZ={zone}: the local day, not UTC's {utc}");
    app.quit().await;
}
