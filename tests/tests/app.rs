//! The real Enza window, used as a person would: first run, writing, locking,
//! a wrong passphrase, restarting, recovering; in English and in Japanese.
//! Every screen is saved to target/screenshots/ for a person to look at.

mod common;

use common::{first_run, App, Machine, MARKER_EN, MARKER_JA};

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
    app.wait_text("#reflection-list", title).await;
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
    app.screenshot("en-06-settings").await;
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
    app.wait("#recovery-input").await;
    app.screenshot("en-10-recover").await;
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
    app.wait_text("#nav-reflections", "ふりかえり").await;
    app.wait_text("#lock-now", "今すぐロック").await;
    let title = format!("月曜の会のあと {MARKER_JA}");
    write_reflection(&app, "ja", &title, &format!("境界線を守れた。{MARKER_JA}")).await;

    app.click("#nav-settings").await;
    app.wait_text("h1", "設定").await;
    app.screenshot("ja-06-settings").await;

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
    app.screenshot("ja-10-recover").await;
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
