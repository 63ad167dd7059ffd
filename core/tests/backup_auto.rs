//! Automatic backups: off until a folder is chosen; then made when the
//! schedule says, the newest N kept, other files never touched, and a
//! missing folder or a failure recorded for the screens to show.

mod common;

use common::{new_vault, FAST_PASS};
use enza_core::backup::auto::{AutoSettings, Schedule, Trigger};
use enza_core::backup::{self, BackupSecret};
use enza_core::{Error, Lang, Vault};
use std::collections::BTreeSet;
use std::fs;
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};

fn backups_in(folder: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = fs::read_dir(folder)
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "enzabackup"))
        .collect();
    files.sort();
    files
}

#[test]
fn off_until_a_folder_is_chosen_then_on_each_lock() {
    let (tmp, dir, _) = new_vault();
    let v = Vault::unlock(&dir, FAST_PASS).unwrap();
    v.journal().add_reflection("", "自動バックアップの日").unwrap();
    assert_eq!(v.backup().run_auto(Trigger::Lock, &mut |_, _| {}).unwrap(), None, "off by default");
    let status = v.backup().auto_status(Lang::En).unwrap();
    assert!(status.settings.folder.is_none() && !status.needs_attention);

    let usb = tmp.path().join("usb");
    fs::create_dir(&usb).unwrap();
    v.backup().set_auto(&AutoSettings { folder: Some(usb.clone()), ..Default::default() }, false).unwrap();
    assert_eq!(v.backup().run_auto(Trigger::Unlock, &mut |_, _| {}).unwrap(), None, "on lock only");
    let info = v.backup().run_auto(Trigger::Lock, &mut |_, _| {}).unwrap().expect("due on lock");
    assert_eq!(info.counts["reflections"], 1);
    let files = backups_in(&usb);
    assert_eq!(files.len(), 1);
    // It opens with the vault's passphrase, which nobody typed for it.
    backup::verify(&files[0], BackupSecret::Passphrase(FAST_PASS), &mut |_, _| {}).unwrap();
    let status = v.backup().auto_status(Lang::Ja).unwrap();
    assert!(status.last_ok.is_some() && status.last_error.is_none() && !status.needs_attention);
    assert_eq!(status.last_file.as_deref(), files[0].file_name().and_then(|n| n.to_str()));
}

#[test]
fn only_the_newest_are_kept_and_nothing_else_is_touched() {
    let (tmp, dir, _) = new_vault();
    let v = Vault::unlock(&dir, FAST_PASS).unwrap();
    let usb = tmp.path().join("usb");
    fs::create_dir(&usb).unwrap();
    let theirs = [usb.join("notes.txt"), usb.join("enza-backup-not-really.enzabackup")];
    for f in &theirs {
        fs::write(f, "someone else's file").unwrap();
    }
    v.backup()
        .set_auto(&AutoSettings { folder: Some(usb.clone()), keep: 2, schedule: Schedule::OnQuit }, false)
        .unwrap();
    assert_eq!(v.backup().run_auto(Trigger::Lock, &mut |_, _| {}).unwrap(), None);
    let mut made = Vec::new();
    for _ in 0..4 {
        v.backup().run_auto(Trigger::Quit, &mut |_, _| {}).unwrap().expect("due on quit");
        made.push(v.backup().auto_status(Lang::En).unwrap().last_file.unwrap());
    }
    // Four backups can share a second ("…-030632.enzabackup", "…-030632-2…"),
    // so this compares which files stay, not how their names sort.
    let left: BTreeSet<String> = backups_in(&usb)
        .iter()
        .map(|p| p.file_name().unwrap().to_string_lossy().into_owned())
        .filter(|n| n != "enza-backup-not-really.enzabackup")
        .collect();
    assert_eq!(left, made[2..].iter().cloned().collect(), "the two newest stay");
    for f in &theirs {
        assert_eq!(fs::read_to_string(f).unwrap(), "someone else's file");
    }
}

#[test]
fn a_missing_folder_is_reported_not_skipped() {
    let (tmp, dir, _) = new_vault();
    let v = Vault::unlock(&dir, FAST_PASS).unwrap();
    let usb = tmp.path().join("usb");
    fs::create_dir(&usb).unwrap();
    v.backup().set_auto(&AutoSettings { folder: Some(usb.clone()), ..Default::default() }, false).unwrap();
    v.backup().run_auto(Trigger::Lock, &mut |_, _| {}).unwrap().unwrap();
    fs::remove_dir_all(&usb).unwrap();

    let status = v.backup().auto_status(Lang::En).unwrap();
    assert!(status.folder_missing && status.needs_attention);
    let err = v.backup().run_auto(Trigger::Lock, &mut |_, _| {}).unwrap_err();
    assert!(matches!(err, Error::BackupFolderMissing(_)));
    let status = v.backup().auto_status(Lang::Ja).unwrap();
    let failure = status.last_error.expect("the failure is kept");
    assert_eq!(failure.code, "backup_folder_missing");
    assert!(failure.message.contains("見つかりません"), "{}", failure.message);
    assert!(status.last_ok.is_some(), "the last good backup is still shown");
    assert!(status.folder_can_be_made, "its disk (here the temporary folder) is there");
    // Choosing a folder whose disk is not there is refused at once.
    let unplugged = AutoSettings { folder: Some(tmp.path().join("stick").join("enza")), ..Default::default() };
    assert!(matches!(v.backup().set_auto(&unplugged, true), Err(Error::BackupFolderMissing(_))));
    assert!(!tmp.path().join("stick").exists(), "nothing made for a disk not plugged in");
    // A folder not made yet on a disk that is there: asked, then made (0700).
    let new = AutoSettings { folder: Some(tmp.path().join("new-folder")), ..Default::default() };
    assert!(matches!(v.backup().set_auto(&new, false), Err(Error::BackupFolderNotMade(_))));
    assert!(!tmp.path().join("new-folder").exists(), "not without the person's word");
    v.backup().set_auto(&new, true).unwrap();
    let mode = fs::metadata(tmp.path().join("new-folder")).unwrap().permissions().mode();
    assert_eq!(mode & 0o777, 0o700);
    // "Create the folder" from the warning: the next lock works and clears it.
    v.backup().set_auto(&AutoSettings { folder: Some(usb.clone()), ..Default::default() }, true).unwrap();
    fs::remove_dir(&usb).unwrap();
    v.backup().make_auto_folder().unwrap();
    assert!(usb.is_dir());
    v.backup().run_auto(Trigger::Lock, &mut |_, _| {}).unwrap().unwrap();
    assert!(!v.backup().auto_status(Lang::En).unwrap().needs_attention);
}

#[test]
fn backups_follow_a_changed_passphrase() {
    let (tmp, dir, _) = new_vault();
    let v = Vault::unlock(&dir, FAST_PASS).unwrap();
    let usb = tmp.path().join("usb");
    fs::create_dir(&usb).unwrap();
    v.backup().set_auto(&AutoSettings { folder: Some(usb.clone()), ..Default::default() }, false).unwrap();
    let new_pass = "a brand new passphrase";
    v.change_passphrase(FAST_PASS, new_pass).unwrap();
    v.backup().run_auto_now(&mut |_, _| {}).unwrap();
    let file = &backups_in(&usb)[0];
    backup::verify(file, BackupSecret::Passphrase(new_pass), &mut |_, _| {}).unwrap();
    assert!(matches!(
        backup::verify(file, BackupSecret::Passphrase(FAST_PASS), &mut |_, _| {}),
        Err(Error::BackupWrongSecret)
    ));
}
