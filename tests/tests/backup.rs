//! Backups, restore and export in the real window. A backup made from
//! Settings with its progress bar shown to the end; an automatic backup
//! folder set, the vault locked, and the new backup found there; the folder
//! removed and the warning seen on the main screen and in Settings; a
//! Markdown export after the sentence that says it is readable, holding the
//! marker words (readable by design, written outside the scanned folders);
//! a restore from the unlock screen that replaces the vault (the
//! confirmation shows the date and counts) and brings the reflection back.
//! Then, on a second machine (an English system), the person picks 日本語
//! on the first screen and then restores: the first-run screen makes a
//! vault from the same backup opened with the first vault's recovery key,
//! and an automatic backup set for quitting is written as the window
//! closes. A third machine (a Japanese system) picks English, then
//! restores. After every action the focus is asserted: on its result, or
//! on the next thing to do, never on the page. The
//! vaults (old, kept aside, and new) and the backup files hold no marker.
//! Pictures at 1280×800 and 1024×700 in English and Japanese.

mod common;

use common::{key, poll, App, Machine, MARKER_EN, MARKER_JA};
use fantoccini::key::Key;
use std::fs;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;
use std::time::Duration;

const PASS: &str = "quiet river morning tea";
const NEW_PASS: &str = "lantern over the harbour";
const THIRD_PASS: &str = "a third passphrase, set in Settings";
const JA_PASS: &str = "しずかな川と朝のお茶";
const TITLE: &str = "After the Thursday circle";

/// Whether `enza verify` (the CLI built beside the app) opens `file` with
/// `passphrase`.
fn cli_verifies(file: &std::path::Path, passphrase: &str) -> bool {
    let cli = common::cli_binary();
    std::process::Command::new(&cli)
        .arg("verify")
        .arg(file)
        .env("ENZA_BACKUP_PASSPHRASE", passphrase)
        .stdin(std::process::Stdio::null())
        .output()
        .expect("the CLI runs")
        .status
        .success()
}

async fn enter(app: &App, css: &str) {
    app.press(css, &key(Key::Enter)).await;
}

/// Waits until the <progress> `css` is shown, full and marked done.
async fn progress_done(app: &App, css: &str) {
    app.wait(css).await;
    let script = format!(
        "const p = document.querySelector('{css}');
         return !!p && p.closest('.progress-row').dataset.state === 'done' && Number(p.value) === Number(p.max)
           && Number(p.max) >= 1;"
    );
    let failed = format!(
        "const p = document.querySelector('{css}');
         return p && p.closest('.progress-row').dataset.state === 'failed'
           ? [...document.querySelectorAll('.error:not([hidden])')].map((e) => e.textContent).join(' | ') : null;"
    );
    poll(&format!("{css} full"), Duration::from_secs(60), || async {
        if let Some(error) = app.js(&failed).await.as_str() {
            panic!("{css} stopped: {error}");
        }
        (app.js(&script).await == serde_json::Value::Bool(true)).then_some(())
    })
    .await;
    // Still shown once done.
    assert!(app.wait(css).await.is_displayed().await.unwrap());
}

/// The automatic backups in `dir` (complete ones: temp files start with a dot).
fn backups_in(dir: &Path) -> Vec<PathBuf> {
    let Ok(entries) = fs::read_dir(dir) else { return Vec::new() };
    entries
        .flatten()
        .map(|e| e.path())
        .filter(|p| {
            let name = p.file_name().unwrap().to_string_lossy().into_owned();
            name.starts_with("enza-backup-") && name.ends_with(".enzabackup")
        })
        .collect()
}

fn files_under(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in fs::read_dir(&d).unwrap().flatten() {
            if e.path().is_dir() {
                stack.push(e.path());
            } else {
                out.push(e.path());
            }
        }
    }
    out
}

async fn pictures(app: &App, name: &str) {
    for (w, h) in [(1280, 800), (1024, 700)] {
        app.set_viewport(w, h).await;
        app.screenshot(&format!("{name}-{w}x{h}")).await;
    }
    app.set_viewport(1280, 800).await;
}

async fn unlock(app: &App, pass: &str) {
    app.type_into("#unlock-passphrase", pass).await;
    enter(app, "#unlock-passphrase").await;
}

/// The vault the tests start from, made once with the CLI: a reflection
/// holding the marker words and a check-in, its recovery key, and a backup
/// of it (with the vault's passphrase).
struct Template {
    machine: Machine,
    recovery_key: String,
    backup: PathBuf,
}

fn template() -> &'static Template {
    static TEMPLATE: OnceLock<Template> = OnceLock::new();
    TEMPLATE.get_or_init(|| {
        let machine = Machine::new("en_US.UTF-8");
        let shown = machine.enza_output(PASS, &["init"]);
        let recovery_key = shown
            .lines()
            .skip_while(|l| !l.starts_with("Recovery key"))
            .map(str::trim)
            .find(|l| l.split('-').count() == 8)
            .expect("the recovery key is shown")
            .to_owned();
        let body = format!("We talked about {MARKER_EN} and {MARKER_JA}.");
        machine.enza(PASS, &["reflection", "add", "--title", TITLE, &body]);
        machine.enza(PASS, &["checkin", "add", "--mood", "6", "--energy", "5", "--stress", "4"]);
        let backup = machine.root().join("circle.enzabackup");
        machine.enza(PASS, &["backup", backup.to_str().unwrap()]);
        Template { machine, recovery_key, backup }
    })
}

/// A machine of its own with the template's vault, unlocked in the window
/// (it opens on the reflections), and a folder for backups.
async fn seeded() -> (Machine, App, PathBuf) {
    let (machine, app) = Machine::unlocked_copy_of(&template().machine, PASS).await;
    let backups = machine.root().join("backups");
    fs::create_dir_all(&backups).unwrap();
    app.wait(".reflection-item").await;
    (machine, app, backups)
}

async fn done(machine: Machine, app: App) {
    app.quit().await;
    machine.assert_no_file_contains(&[MARKER_EN, MARKER_JA]);
}

#[tokio::test(flavor = "current_thread")]
async fn a_backup_from_settings_and_a_backup_file_checked() {
    let (machine, app, backups) = seeded().await;
    // 1. A backup from Settings, its progress bar shown to the end.
    app.click("#nav-settings").await;
    app.wait_text("#settings-backup-status", "Automatic backups are off").await;
    enter(&app, "#open-backup").await;
    let suggested = app.value("#backup-path").await;
    assert!(suggested.ends_with(".enzabackup") && suggested.contains("/enza-"), "{suggested}");
    let manual = backups.join("circle.enzabackup");
    app.type_into("#backup-path", manual.to_str().unwrap()).await;
    enter(&app, "#backup-path").await;
    progress_done(&app, "#backup-progress").await;
    let result = app.wait_text("#backup-result", "1 reflection").await;
    assert!(result.contains("1 check-in") && result.contains("Backup made on"), "{result}");
    assert_eq!(app.focused().await, "backup-result", "the focus is on what was written");
    assert!(manual.is_file(), "the backup file is where it was asked for");
    pictures(&app, "en-backup-written").await;

    // The same path again: refused, nothing overwritten.
    let size = fs::metadata(&manual).unwrap().len();
    enter(&app, "#backup-write").await;
    app.wait("#backup-error").await;
    assert_eq!(fs::metadata(&manual).unwrap().len(), size);
    assert_eq!(app.focused().await, "backup-write");

    // "Check a backup file": the one just written opens and is whole; the
    // wrong passphrase says so; nothing is written either way.
    let before = files_under(&backups);
    app.type_into("#check-path", manual.to_str().unwrap()).await;
    app.type_into("#check-secret", "not the passphrase").await;
    enter(&app, "#check-secret").await;
    app.wait("#check-error").await;
    assert_eq!(app.focused().await, "check-secret");
    app.type_into("#check-secret", PASS).await;
    enter(&app, "#check-secret").await;
    app.wait_text("#check-ok", "The backup is complete and opens.").await;
    app.wait_text("#check-counts", "1 reflection").await;
    assert_eq!(app.focused().await, "check-result");
    assert_eq!(files_under(&backups), before, "checking wrote nothing");
    pictures(&app, "en-backup-checked").await;

    done(machine, app).await;
}

#[tokio::test(flavor = "current_thread")]
async fn automatic_backups_on_lock_and_the_warning_when_their_folder_goes() {
    let (machine, app, _) = seeded().await;
    let auto = machine.root().join("auto");
    app.click("#nav-settings").await;
    enter(&app, "#open-backup").await;
    // 2. Automatic backups into a folder, on lock. The folder is not there
    // yet (its disk is): Enza offers to make it.
    app.type_into("#auto-folder", auto.to_str().unwrap()).await;
    app.type_into("#auto-keep", "10").await;
    app.choose("#auto-schedule", "on_lock").await;
    enter(&app, "#auto-folder").await;
    app.wait_text("#make-folder p", "is not there yet").await;
    assert_eq!(app.focused().await, "make-folder-no", "the safe answer has the focus");
    app.screenshot("en-backup-make-folder-1280x800").await;
    app.click("#make-folder-yes").await;
    app.wait_text("#auto-saved", "Automatic backups are on").await;
    assert_eq!(app.focused().await, "auto-saved");
    assert!(auto.is_dir(), "the folder was made");
    app.wait_text("#auto-status", "No automatic backup has been made yet").await;
    pictures(&app, "en-backup-auto").await;
    assert!(backups_in(&auto).is_empty());
    // "Back up now" into it; the focus on what was written.
    app.click("#auto-run").await;
    progress_done(&app, "#auto-progress").await;
    app.wait_text("#auto-result", "Backup made on").await;
    assert_eq!(app.focused().await, "auto-result");
    assert_eq!(backups_in(&auto).len(), 1);
    for made in backups_in(&auto) {
        fs::remove_file(made).unwrap();
    }
    app.press_ctrl("l").await;
    app.wait("#unlock-passphrase").await;
    let made = poll("an automatic backup on lock", Duration::from_secs(60), || async {
        let found = backups_in(&auto);
        (!found.is_empty()).then_some(found)
    })
    .await;
    assert_eq!(made.len(), 1, "{made:?}");

    // Unlocking lands where the person was (Settings); it shows when the
    // backup was made; the main screen has no warning while backups work.
    unlock(&app, PASS).await;
    app.wait_text("#settings-backup-status", "Last backup:").await;
    app.wait("#nav-settings[aria-current=page]").await;
    app.click("#nav-reflections").await;
    app.wait("#reflection-list").await;
    assert!(
        app.js("return !document.querySelector('#backup-warning');").await == serde_json::Value::Bool(true),
        "no warning while backups work"
    );

    // 3. The folder goes (a stick unplugged): a plain warning, on the main
    // screen after unlocking and in Settings.
    app.press_ctrl("l").await;
    app.wait("#unlock-passphrase").await;
    poll("the second automatic backup", Duration::from_secs(60), || async {
        (backups_in(&auto).len() == 2).then_some(())
    })
    .await;
    fs::remove_dir_all(&auto).unwrap();
    unlock(&app, PASS).await;
    let warning = app.wait_text("#backup-warning", "is not there").await;
    assert!(warning.contains(auto.to_str().unwrap()), "{warning}");
    assert_eq!(
        app.js("return document.querySelector('#backup-warning').getAttribute('role');").await,
        serde_json::json!("alert")
    );
    pictures(&app, "en-backup-warning-main").await;
    app.click("#nav-settings").await;
    app.wait_text("#settings-backup-warning", "is not there").await;
    enter(&app, "#open-backup").await;
    app.wait_text("#auto-warning", "is not there").await;
    pictures(&app, "en-backup-settings-warning").await;
    // Its disk is there (only the folder went): it can be made again.
    app.click("#auto-make-folder").await;
    app.wait_text("#auto-status", "Last backup:").await;
    assert_eq!(app.focused().await, "auto-status");
    assert!(auto.is_dir());

    done(machine, app).await;
}

#[tokio::test(flavor = "current_thread")]
async fn a_markdown_export_only_after_the_sentence_that_it_is_readable() {
    let (machine, app, _) = seeded().await;
    // The export is readable by design: outside every folder the leak scan reads.
    let outside = tempfile::Builder::new().prefix("enza-e2e-export-").tempdir().unwrap();
    let export_dir = outside.path().join("enza-export");
    // 4. Export Markdown, after the sentence that the files are readable.
    app.click("#nav-settings").await;
    enter(&app, "#open-export").await;
    assert_eq!(app.value("#export-format").await, "markdown");
    // A folder with something in it is refused before any question.
    let full = outside.path().join("full");
    fs::create_dir_all(&full).unwrap();
    fs::write(full.join("mine.txt"), "mine").unwrap();
    app.type_into("#export-folder", full.to_str().unwrap()).await;
    enter(&app, "#export-submit").await;
    app.wait_text("#export-error", "already holds something").await;
    assert!(app.js("return !document.querySelector('#export-confirm');").await == serde_json::Value::Bool(true));
    assert_eq!(app.focused().await, "export-folder");
    app.type_into("#export-folder", export_dir.to_str().unwrap()).await;
    pictures(&app, "en-export-form").await;
    enter(&app, "#export-submit").await;
    let question = app.wait_text("#export-confirm p", "not encrypted").await;
    assert_eq!(question, "These files are not encrypted: anyone with access to this disk can read them.");
    assert_eq!(app.focused().await, "export-cancel", "the safe answer has the focus");
    app.screenshot("en-export-confirm-1280x800").await;
    app.keys_here(&[Key::Enter]).await; // Cancel
    poll("the question closes", Duration::from_secs(5), || async {
        (app.js("return !document.querySelector('#export-confirm');").await == serde_json::Value::Bool(true))
            .then_some(())
    })
    .await;
    assert!(!export_dir.exists(), "nothing written after Cancel");
    // The focus back where the person was.
    app.wait_focus("export-submit").await;
    enter(&app, "#export-submit").await;
    app.click("#export-confirm-yes").await;
    progress_done(&app, "#export-progress").await;
    app.wait("#export-files").await;
    assert_eq!(app.focused().await, "export-result");
    let next = app.value("#export-folder").await;
    assert!(next.contains("enza-export-") && !std::path::Path::new(&next).exists(), "a new folder is offered: {next}");
    pictures(&app, "en-export-done").await;
    let written = files_under(&export_dir);
    assert!(written.iter().any(|p| p.extension().is_some_and(|e| e == "md")), "{written:?}");
    assert!(
        written.iter().any(|p| fs::read_to_string(p).is_ok_and(|s| s.contains(MARKER_EN))),
        "a Markdown file holds the reflection's words: {written:?}"
    );

    done(machine, app).await;
}

#[tokio::test(flavor = "current_thread")]
async fn a_restore_from_the_unlock_screen_replaces_the_vault_and_keeps_the_old_aside() {
    let (machine, app, backups) = seeded().await;
    let manual = backups.join("circle.enzabackup");
    fs::copy(&template().backup, &manual).unwrap();
    // 5. Restore from the unlock screen, replacing this vault.
    app.press_ctrl("l").await;
    app.wait("#unlock-passphrase").await;
    enter(&app, "#restore-link").await;
    app.type_into("#restore-path", manual.to_str().unwrap()).await;
    enter(&app, "#restore-path").await;
    app.wait_text("#restore-header", "A backup made on").await;
    assert_eq!(app.focused().await, "restore-secret");
    app.type_here("not the passphrase").await;
    enter(&app, "#restore-secret").await;
    app.wait("#restore-open-error").await;
    app.type_into("#restore-secret", PASS).await;
    enter(&app, "#restore-secret").await;
    progress_done(&app, "#restore-open-progress").await;
    let counts = app.wait_text("#restore-counts", "1 reflection").await;
    assert!(counts.contains("1 check-in"), "{counts}");
    app.wait_text("#restore-summary", "The backup from").await;
    app.wait_text("#restore-replace-warning", "will be replaced").await;
    app.wait_text("#restore-replace-warning", "before-restore").await;
    pictures(&app, "en-restore-confirm").await;
    // Not without the explicit yes.
    app.type_into("#restore-new-passphrase", NEW_PASS).await;
    app.type_into("#restore-new-confirm", NEW_PASS).await;
    enter(&app, "#restore-new-confirm").await;
    app.wait_text("#restore-error", "Tick the box").await;
    assert_eq!(app.focused().await, "restore-confirm");
    app.keys_here(&[Key::Space]).await;
    enter(&app, "#restore-new-confirm").await;
    // The new recovery key takes the form's place once restored.
    app.wait_for("#recovery-key", 60).await;
    assert_eq!(app.focused().await, "written-down", "the next thing to do");
    let previous = app.wait_text("#restore-previous", "before-restore").await;
    app.screenshot("en-restore-recovery-key-1280x800").await;
    app.click("#written-down").await;
    app.click("#continue").await;
    app.wait_text(".reflection-item", TITLE).await;
    app.wait_focus("new-reflection").await;
    assert!(app.text_content("#reflection-list").await.contains(MARKER_EN));
    let kept: Vec<_> = fs::read_dir(machine.root())
        .unwrap()
        .flatten()
        .filter(|e| e.file_name().to_string_lossy().starts_with("vault.before-restore-"))
        .collect();
    assert_eq!(kept.len(), 1, "the replaced vault is kept aside ({previous})");
    // The restored vault opens with the new passphrase.
    app.press_ctrl("l").await;
    app.wait("#unlock-passphrase").await;
    unlock(&app, NEW_PASS).await;
    app.wait_text(".reflection-item", TITLE).await;

    // The passphrase changed in Settings: the next backup opens with the
    // new passphrase, not with the old one.
    app.click("#nav-settings").await;
    app.type_into("#old-passphrase", NEW_PASS).await;
    app.type_into("#change-new-passphrase", THIRD_PASS).await;
    app.type_into("#change-confirm", THIRD_PASS).await;
    enter(&app, "#change-confirm").await;
    app.wait_text("#passphrase-status", "Passphrase changed").await;
    enter(&app, "#open-backup").await;
    let after_change = backups.join("after-change.enzabackup");
    app.type_into("#backup-path", after_change.to_str().unwrap()).await;
    enter(&app, "#backup-path").await;
    progress_done(&app, "#backup-progress").await;
    app.wait_text("#backup-result", "Backup made on").await;
    assert!(cli_verifies(&after_change, THIRD_PASS), "the new passphrase opens the backup");
    assert!(!cli_verifies(&after_change, NEW_PASS), "the old passphrase does not");

    assert!(manual.is_file());
    // Nothing readable anywhere on this machine: the vault, the one kept
    // aside, the backup files.
    done(machine, app).await;
}

#[tokio::test(flavor = "current_thread")]
async fn a_new_laptop_restores_in_japanese_with_the_recovery_key_and_backs_up_on_quit() {
    let template = template();
    // 6. A new laptop with an English system: the person picks 日本語 on
    // the first screen (written beside the vault-to-be), then restores from
    // the backup, opened with the first vault's recovery key.
    let second = Machine::new("en_US.UTF-8");
    let copy = second.root().join("home").join("circle.enzabackup");
    fs::copy(&template.backup, &copy).unwrap();
    let app = second.launch().await;
    app.wait_text("#create", "Create my vault").await;
    app.click("#lang-ja").await;
    app.wait_text("#create", "保管庫を作る").await;
    app.click("#restore-link").await;
    app.type_into("#restore-path", copy.to_str().unwrap()).await;
    enter(&app, "#restore-path").await;
    app.wait_text("#restore-header", "に作成されたバックアップ").await;
    app.choose("#restore-secret-kind", "recovery_key").await;
    app.type_into("#restore-secret", &template.recovery_key).await;
    enter(&app, "#restore-secret").await;
    let counts = app.wait_text("#restore-counts", "振り返り1件").await;
    assert!(counts.contains("チェックイン1件"), "{counts}");
    app.wait_text("#restore-replace-warning", "新しい保管庫を作ります").await;
    app.click("#restore-confirm").await;
    app.type_into("#restore-new-passphrase", JA_PASS).await;
    app.type_into("#restore-new-confirm", JA_PASS).await;
    pictures(&app, "ja-restore-confirm").await;
    enter(&app, "#restore-new-confirm").await;
    // The new recovery key takes the form's place once restored.
    app.wait_for("#recovery-key", 60).await;
    assert_eq!(app.focused().await, "written-down");
    assert!(app.text("#restore-previous").await.is_none(), "nothing was replaced");
    app.click("#written-down").await;
    app.click("#continue").await;
    app.wait_text(".reflection-item", TITLE).await;
    assert_eq!(app.text("#nav-journal").await.as_deref(), Some("ジャーナル"), "still in the language chosen first");

    // The backup and export screens in Japanese.
    app.click("#nav-settings").await;
    app.wait_text("#settings-backup-status", "自動バックアップはオフです").await;
    enter(&app, "#open-backup").await;
    app.type_into("#backup-path", second.root().join("backups-ja.enzabackup").to_str().unwrap()).await;
    enter(&app, "#backup-write").await;
    progress_done(&app, "#backup-progress").await;
    app.wait_text("#backup-result", "振り返り1件").await;
    assert_eq!(app.focused().await, "backup-result");
    pictures(&app, "ja-backup-written").await;
    app.click("#nav-settings").await;
    enter(&app, "#open-export").await;
    app.wait("#export-folder").await;
    pictures(&app, "ja-export-form").await;
    enter(&app, "#export-submit").await;
    app.wait_text(
        "#export-confirm p",
        "書き出したファイルは暗号化されません。このディスクを見られる人は誰でも読めます。",
    )
    .await;
    app.screenshot("ja-export-confirm-1280x800").await;
    app.click("#export-cancel").await;

    // Automatic backups when the app closes: closing the window writes one.
    let auto_ja = second.root().join("auto-ja");
    fs::create_dir_all(&auto_ja).unwrap();
    app.click("#nav-settings").await;
    enter(&app, "#open-backup").await;
    app.type_into("#auto-folder", auto_ja.to_str().unwrap()).await;
    app.choose("#auto-schedule", "on_quit").await;
    enter(&app, "#auto-save").await;
    app.wait_text("#auto-saved", "自動バックアップはオンです").await;
    assert_eq!(app.focused().await, "auto-saved");
    pictures(&app, "ja-backup-auto").await;
    app.press_ctrl("l").await;
    app.wait("#unlock-passphrase").await;
    unlock(&app, JA_PASS).await;
    app.wait("#nav-settings[aria-current=page]").await;
    assert!(backups_in(&auto_ja).is_empty(), "not on lock when set to quit");
    // Closed as a person closes it (a WebDriver session's end kills the app).
    app.js("window.__TAURI__.window.getCurrentWindow().close(); return true;").await;
    poll("a backup as the window closes", Duration::from_secs(60), || async {
        (!backups_in(&auto_ja).is_empty()).then_some(())
    })
    .await;
    app.quit().await;
    assert_eq!(backups_in(&auto_ja).len(), 1, "one backup written as the window closed");
    second.assert_no_file_contains(&[MARKER_EN, MARKER_JA]);
}

#[tokio::test(flavor = "current_thread")]
async fn a_japanese_laptop_restores_in_english_with_the_backups_passphrase() {
    let template = template();
    // 7. A third laptop, a Japanese system: English picked first, then the
    // restore, with the backup's own passphrase.
    let third = Machine::new("ja_JP.UTF-8");
    let copy = third.root().join("home").join("circle.enzabackup");
    fs::copy(&template.backup, &copy).unwrap();
    let app = third.launch().await;
    app.wait_text("#create", "保管庫を作る").await;
    app.click("#lang-en").await;
    app.wait_text("#create", "Create my vault").await;
    app.click("#restore-link").await;
    app.type_into("#restore-path", copy.to_str().unwrap()).await;
    enter(&app, "#restore-path").await;
    app.wait_text("#restore-header", "A backup made on").await;
    app.type_into("#restore-secret", PASS).await;
    enter(&app, "#restore-secret").await;
    app.wait_text("#restore-counts", "1 reflection").await;
    assert_eq!(app.focused().await, "restore-confirm");
    app.keys_here(&[Key::Space]).await;
    app.type_into("#restore-new-passphrase", NEW_PASS).await;
    app.type_into("#restore-new-confirm", NEW_PASS).await;
    enter(&app, "#restore-new-confirm").await;
    app.wait_for("#recovery-key", 60).await;
    assert_eq!(app.focused().await, "written-down");
    app.click("#written-down").await;
    app.click("#continue").await;
    app.wait_text(".reflection-item", TITLE).await;
    assert_eq!(app.text("#nav-journal").await.as_deref(), Some("Journal"));
    app.quit().await;
    third.assert_no_file_contains(&[MARKER_EN, MARKER_JA]);
}

/// A tmpfs mounted over `at` (root only), unmounted when dropped.
struct SmallDisk(PathBuf);

impl SmallDisk {
    fn mount(at: &Path, size: &str) -> Option<SmallDisk> {
        fs::create_dir_all(at).unwrap();
        let mounted = std::process::Command::new("mount")
            .args(["-t", "tmpfs", "-o", &format!("size={size},mode=0700"), "tmpfs"])
            .arg(at)
            .stderr(std::process::Stdio::null())
            .status()
            .is_ok_and(|s| s.success());
        if !mounted {
            eprintln!("not run: mounting a small tmpfs needs root");
        }
        mounted.then(|| SmallDisk(at.to_path_buf()))
    }

    /// Writes a file that takes every byte left.
    fn fill(&self) {
        use std::io::Write;
        let mut filler = fs::File::create(self.0.join("filler")).unwrap();
        for size in [64 * 1024, 512] {
            while filler.write_all(&vec![0x55; size]).is_ok() {}
        }
    }
}

impl Drop for SmallDisk {
    fn drop(&mut self) {
        let _ = std::process::Command::new("umount").arg("-l").arg(&self.0).status();
    }
}

/// Issue 16 §1: on a full disk the app opens the vault read-only, with a
/// banner on every screen instead of an error screen; reading works, saving
/// is refused with the disk's own message, and a backup to another disk is
/// made from it. Nothing is left on the full disk.
#[tokio::test(flavor = "current_thread")]
async fn a_vault_on_a_full_disk_opens_read_only_and_backs_up() {
    let machine = Machine::new("ja_JP.UTF-8");
    let Some(disk) = SmallDisk::mount(&machine.vault_dir(), "8m") else { return };
    machine.enza(JA_PASS, &["init"]);
    machine.enza(JA_PASS, &["reflection", "add", "--title", "木曜の会のあと", "満月の夜に、境界線の話をした。"]);
    disk.fill();
    let mut before = files_under(&disk.0);
    before.sort();
    let backups = machine.root().join("backups");
    fs::create_dir_all(&backups).unwrap();

    let app = machine.launch().await;
    unlock(&app, JA_PASS).await;
    let notice = app.wait_text("#read-only-text", "ディスクの空き容量がない").await;
    assert!(notice.contains("バックアップ"), "{notice}");
    assert!(app.text("#app-error").await.unwrap_or_default().is_empty(), "an error, not a read-only state");
    app.wait_text("#view", "木曜の会のあと").await;
    pictures(&app, "ja-read-only-full-disk").await;

    // Saving is refused with the full disk's message; the banner stays.
    app.click("#new-reflection").await;
    app.type_into("#title", "保存されない").await;
    app.type_into("#body", "空き容量がないので、これは残らない。").await;
    enter(&app, "#save").await;
    app.wait_text("#error", "ディスクの空き容量がないため、保存できませんでした").await;
    assert!(app.wait("#read-only").await.is_displayed().await.unwrap());

    // A backup to another disk, from Settings, as on any day.
    app.click("#nav-settings").await;
    app.click("#confirm-leave-yes").await;
    enter(&app, "#open-backup").await;
    assert!(app.wait("#read-only").await.is_displayed().await.unwrap(), "the banner is on every screen");
    let file = backups.join("満杯のディスクから.enzabackup");
    app.type_into("#backup-path", file.to_str().unwrap()).await;
    enter(&app, "#backup-path").await;
    progress_done(&app, "#backup-progress").await;
    app.wait_text("#backup-result", "バックアップを作成しました").await;
    pictures(&app, "ja-read-only-backup").await;
    assert!(cli_verifies(&file, JA_PASS), "the backup opens with the passphrase");

    // In English, the banner says the same in English (the core's words).
    app.click("#nav-settings").await;
    app.choose("#language", "en").await;
    app.wait_text("#read-only-text", "Your disk is full, so the vault is open read-only").await;
    app.click("#nav-reflections").await;
    app.wait_text("#view", "木曜の会のあと").await;
    pictures(&app, "en-read-only-full-disk").await;

    // Locked, as a person leaves it: nothing is left on the full disk.
    app.click("#lock-now").await;
    app.wait("#unlock-passphrase").await;
    let hidden = app.js("return document.getElementById('read-only').hidden;").await;
    assert_eq!(hidden, serde_json::Value::Bool(true), "the banner goes with the lock");
    let mut after = files_under(&disk.0);
    after.sort();
    assert_eq!(after, before, "files left on the full disk");
    app.quit().await;
}

/// Issue 16 §3 in the app: a database that fails its integrity check opens
/// read-only with its own banner; a backup made from it says what it is;
/// "Save anyway…" asks first, then lets this session save.
#[tokio::test(flavor = "current_thread")]
async fn a_damaged_vault_is_read_only_until_the_person_accepts_the_risk() {
    let machine = Machine::new("ja_JP.UTF-8");
    machine.enza(JA_PASS, &["init"]);
    for i in 0..20 {
        machine.enza(JA_PASS, &["reflection", "add", "--title", &format!("記録 {i}"), &"残したい言葉。".repeat(40)]);
    }
    // One bit of page 8 (the session_newest index of a new vault) flipped:
    // its HMAC fails; no reflection is read through it.
    let db = machine.vault_dir().join("vault.db");
    let mut bytes = fs::read(&db).unwrap();
    bytes[7 * 4096 + 200] ^= 1;
    fs::write(&db, &bytes).unwrap();
    let backups = machine.root().join("backups");
    fs::create_dir_all(&backups).unwrap();

    let app = machine.launch().await;
    unlock(&app, JA_PASS).await;
    app.wait_text("#read-only-text", "整合性検査で破損が見つかった").await;
    app.wait_text("#view", "記録 19").await;
    pictures(&app, "ja-read-only-damaged").await;

    // Saving is refused, with the damaged vault's message.
    app.click("#new-reflection").await;
    app.type_into("#title", "保存されない").await;
    app.type_into("#body", "壊れた保管庫には書き込まない。").await;
    enter(&app, "#save").await;
    app.wait_text("#error", "読み取り専用で開きました").await;
    assert_eq!(fs::read(&db).unwrap(), bytes, "a refused save changed vault.db");

    // The backup is made, and marked.
    app.click("#nav-settings").await;
    app.click("#confirm-leave-yes").await;
    enter(&app, "#open-backup").await;
    let file = backups.join("最後の写し.enzabackup");
    app.type_into("#backup-path", file.to_str().unwrap()).await;
    enter(&app, "#backup-path").await;
    progress_done(&app, "#backup-progress").await;
    app.wait_text("#backup-damaged", "壊れた保管庫から作りました").await;
    assert!(cli_verifies(&file, JA_PASS));

    // "Save anyway…": a question first; "keep it read-only" changes nothing.
    app.click("#write-anyway").await;
    app.wait_focus("keep-read-only").await;
    app.click("#keep-read-only").await;
    assert!(app.wait("#read-only").await.is_displayed().await.unwrap());
    app.click("#write-anyway").await;
    app.click("#confirm-write-anyway-yes").await;
    poll("the banner gone", Duration::from_secs(10), || async {
        (app.js("return document.getElementById('read-only').hidden;").await == serde_json::Value::Bool(true))
            .then_some(())
    })
    .await;
    app.click("#nav-reflections").await;
    app.click("#new-reflection").await;
    app.type_into("#title", "危険を承知で").await;
    app.type_into("#body", "それでも書いておく。").await;
    enter(&app, "#save").await;
    app.wait_text("#save-status", "保存").await;
    app.quit().await;
}
