//! The real Enza window, used as a person would: first run, writing, locking,
//! a wrong passphrase, restarting, recovering; in English and in Japanese.
//! Every screen is saved to target/screenshots/ for a person to look at.

mod common;

use common::{first_run, key, poll, App, Machine, MARKER_EN, MARKER_JA};
use fantoccini::key::Key;
use std::time::Duration;

const PASS: &str = "quiet river morning tea";
const NEW_PASS: &str = "a brand new passphrase";

async fn write_reflection(app: &App, lang: &str, title: &str, body: &str) {
    app.click("#new-reflection").await;
    app.type_into("#title", title).await;
    app.type_into("#body", body).await;
    app.click("#save").await;
    app.wait_text("#save-status", if lang == "ja" { "保存しました" } else { "Saved" }).await;
    app.screenshot(&format!("{lang}-04-editor")).await;
    app.click("#back").await;
    let list = app.wait_text("#reflection-list", title).await;
    // One date format per language: "Written 23 Nov 2026, 14:02", "2026年11月23日 14:02に記入".
    let written = if lang == "ja" {
        regex_lite_match(&list, &["年", "月", "日 ", ":", "に記入"])
    } else {
        regex_lite_match(&list, &["Written ", " 20", ", ", ":"])
    };
    assert!(written, "{lang} date as the language writes it: {list}");
    app.screenshot(&format!("{lang}-05-reflections")).await;
}

/// The list at 200% text size, as a person with large text sees it.
async fn reflections_at_200_percent(app: &App, lang: &str, title: &str) {
    app.set_text_scale(200).await;
    app.click("#nav-reflections").await;
    app.wait_text("#reflection-list", title).await;
    app.screenshot(&format!("{lang}-07-reflections-200pct")).await;
    app.set_text_scale(100).await;
}

async fn unlock(app: &App, pass: &str) {
    app.type_into("#unlock-passphrase", pass).await;
    app.click("#unlock").await;
    app.wait("#reflection-list").await;
}

/// Whether `text` holds each of `parts`, in this order.
fn regex_lite_match(text: &str, parts: &[&str]) -> bool {
    let mut rest = text;
    for part in parts {
        match rest.find(part) {
            Some(at) => rest = &rest[at + part.len()..],
            None => return false,
        }
    }
    true
}

/// A screenshot at 1280×800 and another at 1024×700 (`NAME-1024`).
async fn two_sizes(app: &App, name: &str) {
    app.screenshot(name).await;
    app.client.set_window_size(1024, 700).await.unwrap();
    app.screenshot(&format!("{name}-1024")).await;
    app.client.set_window_size(1280, 800).await.unwrap();
}

#[tokio::test(flavor = "current_thread")]
async fn english_first_run_write_lock_unlock_restart_recover() {
    let machine = Machine::new("en_US.UTF-8");
    let app = machine.launch().await;
    app.wait_text("h1", "Welcome to Enza").await;
    let recovery_key = first_run(&app, "en", PASS).await;

    let title = format!("After Tuesday group {MARKER_EN}");
    write_reflection(&app, "en", &title, &format!("I noticed I wanted to fix things. {MARKER_EN}")).await;

    app.click("#nav-settings").await;
    app.wait("#auto-lock").await;
    // One minute is "minute", more are "minutes".
    for (minutes, says) in [("1", "after 1 idle minute."), ("5", "after 5 idle minutes.")] {
        app.type_into("#auto-lock", minutes).await;
        app.press("#save-auto-lock", &key(Key::Enter)).await;
        app.wait_text("#auto-lock-status", says).await;
    }
    two_sizes(&app, "en-06-settings").await;
    // A setting kept in the vault: notes allowed during meetings.
    app.click("#notes-during").await;
    app.click("#nav-reflections").await;
    app.click("#nav-settings").await;
    app.wait("#notes-during:checked").await;

    reflections_at_200_percent(&app, "en", &title).await;

    // Lock now, then a wrong passphrase: a clear message, still locked.
    app.click("#lock-now").await;
    app.wait("#unlock-passphrase").await;
    app.screenshot("en-08-unlock").await;
    app.type_into("#unlock-passphrase", "wrong passphrase").await;
    app.click("#unlock").await;
    app.wait_text("#error", "does not open this vault").await;
    app.screenshot("en-09-unlock-wrong").await;
    unlock(&app, PASS).await;
    app.wait_text("#reflection-list", &title).await;
    app.quit().await;

    // Restart the app: the reflection is there after unlocking.
    let app = machine.launch().await;
    app.wait_text("h1", "Unlock Enza").await;
    unlock(&app, PASS).await;
    app.wait_text("#reflection-list", &title).await;
    app.click(".reflection-item").await;
    let body = app.wait("#body").await;
    assert!(body.prop("value").await.unwrap().unwrap().contains(MARKER_EN));

    // Lock from the keyboard (Ctrl+L), then: forgot the passphrase; the
    // recovery key opens the vault and sets a new one.
    app.press_ctrl("l").await;
    app.wait("#unlock-passphrase").await;
    app.click("#forgot").await;
    // The key field has the focus, not the language buttons above it.
    app.wait("#recovery-input:focus").await;
    two_sizes(&app, "en-10-recover").await;
    app.type_into("#recovery-input", "0000-1111-2222-3333-4444-5555-6666-7777").await;
    app.type_into("#new-passphrase", NEW_PASS).await;
    app.type_into("#new-passphrase-confirm", NEW_PASS).await;
    app.click("#recover-submit").await;
    app.wait_text("#error", "does not open this vault").await;
    app.type_into("#recovery-input", &recovery_key.to_lowercase()).await;
    app.click("#recover-submit").await;
    app.wait_text("#reflection-list", &title).await;

    app.click("#lock-now").await;
    app.type_into("#unlock-passphrase", PASS).await;
    app.click("#unlock").await;
    app.wait_text("#error", "does not open").await;
    unlock(&app, NEW_PASS).await;
    app.quit().await;

    machine.assert_no_file_contains(&[MARKER_EN, "I noticed I wanted to fix things", PASS, NEW_PASS]);
}

#[tokio::test(flavor = "current_thread")]
async fn japanese_first_run_shows_japanese_everywhere() {
    let machine = Machine::new("ja_JP.UTF-8");
    let app = machine.launch().await;
    // The OS language is Japanese, so the first screen is too.
    app.wait_text("h1", "円座へようこそ").await;
    app.wait_text("label[for=passphrase]", "パスフレーズ").await;
    // Switching to English and back works before anything exists.
    app.click("#lang-en").await;
    app.wait_text("h1", "Welcome to Enza").await;
    app.click("#lang-ja").await;
    app.wait_text("h1", "円座へようこそ").await;

    first_run(&app, "ja", PASS).await;
    app.wait_text("#nav-reflections", "振り返り").await;
    app.wait_text("#lock-now", "今すぐロック").await;
    let title = format!("月曜の会のあと {MARKER_JA}");
    write_reflection(&app, "ja", &title, &format!("境界線を守れた。{MARKER_JA}")).await;

    app.click("#nav-settings").await;
    app.wait_text("h1", "設定").await;
    app.wait_text("label[for=auto-lock]", "自動ロックまでの時間（分）").await;
    app.type_into("#auto-lock", "5").await;
    app.press("#save-auto-lock", &key(Key::Enter)).await;
    app.wait_text("#auto-lock-status", "操作がないまま5分たつとロックします").await;
    two_sizes(&app, "ja-06-settings").await;

    reflections_at_200_percent(&app, "ja", &title).await;

    app.click("#lock-now").await;
    app.wait_text("h1", "ロックを解除").await;
    app.screenshot("ja-08-unlock").await;
    app.type_into("#unlock-passphrase", "まちがったパスフレーズ").await;
    app.click("#unlock").await;
    app.wait_text("#error", "パスフレーズが違います").await;
    app.screenshot("ja-09-unlock-wrong").await;
    app.click("#forgot").await;
    app.wait_text("h1", "回復キーを使う").await;
    app.wait("#recovery-input:focus").await;
    two_sizes(&app, "ja-10-recover").await;
    app.click("#back-to-unlock").await;
    unlock(&app, PASS).await;
    app.wait_text("#reflection-list", &title).await;
    app.quit().await;

    // The language chosen survives a restart.
    let app = machine.launch().await;
    app.wait_text("h1", "ロックを解除").await;
    app.quit().await;

    machine.assert_no_file_contains(&[MARKER_JA, "境界線を守れた", PASS]);
}

#[tokio::test(flavor = "current_thread")]
async fn a_foreign_file_where_the_vault_should_be_is_left_alone() {
    let machine = Machine::new("en_US.UTF-8");
    std::fs::write(machine.vault_dir(), b"somebody's notes, not a vault").unwrap();
    let app = machine.launch().await;
    app.wait_text("h1", "Enza cannot use this folder").await;
    app.screenshot("en-11-foreign-folder").await;
    app.click("#lang-ja").await;
    app.wait_text("h1", "このフォルダは使えません").await;
    app.screenshot("ja-11-foreign-folder").await;
    app.quit().await;
    assert_eq!(std::fs::read(machine.vault_dir()).unwrap(), b"somebody's notes, not a vault");
}

/// WebKit draws the page in a process of its own. When that process ends
/// (a crash, the memory killer), the window is drawn again: the vault is
/// still open, the page says what happened, and the log names it. Never a
/// blank window without a word. WebDriver ends its session with a crashed
/// page, so the app runs as a person starts it, and the app's log tells:
/// the ending, and the new page saying so to the person.
#[tokio::test(flavor = "current_thread")]
async fn a_web_process_that_ends_is_drawn_again() {
    let machine = Machine::new("en_US.UTF-8");
    let app = machine.launch().await;
    first_run(&app, "en", PASS).await;
    app.quit().await;

    // The log so far is the first run's; what follows is this start's.
    let before = machine.app_log().len();
    let mut plain = machine.start_plain();
    let log_says = |what: &'static str| {
        let machine = &machine;
        async move {
            poll(what, Duration::from_secs(60), || async { machine.app_log()[before..].contains(what).then_some(()) })
                .await;
        }
    };
    log_says("first view drawn").await;
    let web = poll("the window's web process", Duration::from_secs(30), || async {
        let n = machine.kill_web_process(plain.id());
        (n >= 1).then_some(n)
    })
    .await;
    assert_eq!(web, 1, "one web process for the one window");
    log_says("the window's web process ended").await;
    log_says("the page said the window was drawn again").await;
    assert!(plain.try_wait().unwrap().is_none(), "the app is still running");
    // A page that keeps ending is given up after 3 tries a minute, and said.
    let count = |what: &str| machine.app_log()[before..].matches(what).count();
    for k in 1..=3 {
        // The page is up again (it said so) before its process is ended.
        poll("the page drawn again", Duration::from_secs(30), || async { (count("drawn again") >= k).then_some(()) })
            .await;
        assert_eq!(machine.kill_web_process(plain.id()), 1);
        poll("its ending logged", Duration::from_secs(30), || async { (count("web process ended") > k).then_some(()) })
            .await;
    }
    assert!(machine.app_log()[before..].contains("again=false"), "the fourth ending in a minute is not started again");
    plain.kill().unwrap();
    plain.wait().unwrap();
}

/// A recovery slot that is well formed but wrong is found at unlock and
/// rebuilt from the open vault; the window says so, once.
#[tokio::test(flavor = "current_thread")]
async fn a_wrong_recovery_slot_is_rebuilt_and_said() {
    let machine = Machine::new("ja_JP.UTF-8");
    let app = machine.launch().await;
    first_run(&app, "ja", PASS).await;
    app.quit().await;
    let path = machine.vault_dir().join("vault.keys");
    let mut json: serde_json::Value = serde_json::from_slice(&std::fs::read(&path).unwrap()).unwrap();
    let wrapped = json["recovery"]["wrapped_key"].as_str().unwrap().to_string();
    // One character of the base64 changed: still well formed, no longer right.
    let flipped = match wrapped.strip_prefix('A') {
        Some(rest) => format!("B{rest}"),
        None => format!("A{}", &wrapped[1..]),
    };
    json["recovery"]["wrapped_key"] = flipped.into();
    std::fs::write(&path, serde_json::to_string_pretty(&json).unwrap()).unwrap();

    let app = machine.launch().await;
    app.type_into("#unlock-passphrase", PASS).await;
    app.click("#unlock").await;
    app.wait("#reflection-empty").await;
    let said = app.wait_text("#app-error", "作り直した").await;
    assert!(said.contains("回復キーで再び開けます"), "{said}");
    app.screenshot("ja-recovery-slot-rebuilt").await;
    app.click("#nav-journal").await;
    app.wait("#ci-mood").await;
    app.click("#lock-now").await;
    app.type_into("#unlock-passphrase", PASS).await;
    app.click("#unlock").await;
    app.wait("#ci-mood").await;
    assert_eq!(app.text("#app-error").await.unwrap_or_default(), "", "said once: it is whole now");
    app.quit().await;
}
