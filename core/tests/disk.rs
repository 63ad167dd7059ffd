//! A full or read-only disk is named as what it is, never as damage (that
//! advice could make a person restore a backup over a healthy vault), and
//! loses nothing that was saved. These tests mount a small tmpfs, which
//! needs root (as CI has); elsewhere they say so and stop.

mod common;

use common::{files_in, FAST_PASS};
use enza_core::backup::BackupPassphrase;
use enza_core::export::{Format, Selection};
use enza_core::{Error, Lang, Vault, VaultDir};
use std::path::Path;
use std::process::Command;

/// A tmpfs of `size` at `at`, unmounted when dropped.
struct SmallDisk<'a>(&'a Path);

impl<'a> SmallDisk<'a> {
    fn mount(at: &'a Path, size: &str) -> Option<SmallDisk<'a>> {
        std::fs::create_dir_all(at).unwrap();
        let ok = Command::new("mount")
            .args(["-t", "tmpfs", "-o", &format!("size={size},mode=0700"), "tmpfs"])
            .arg(at)
            .stderr(std::process::Stdio::null())
            .status()
            .is_ok_and(|s| s.success());
        if !ok {
            eprintln!("not run: mounting a small tmpfs needs root");
        }
        ok.then_some(SmallDisk(at))
    }

    fn remount(&self, options: &str) {
        let status = Command::new("mount").args(["-o", &format!("remount,{options}")]).arg(self.0).status().unwrap();
        assert!(status.success(), "remount {options}");
    }
}

impl Drop for SmallDisk<'_> {
    fn drop(&mut self) {
        let _ = Command::new("umount").arg("-l").arg(self.0).status();
    }
}

fn no_restore_advice(e: &Error) {
    for lang in [Lang::En, Lang::Ja] {
        let m = e.message(lang);
        assert!(!m.to_lowercase().contains("backup") && !m.contains("バックアップ"), "{m}");
    }
}

#[test]
fn a_full_disk_is_named_and_loses_nothing_saved() {
    let tmp = tempfile::tempdir().unwrap();
    let at = tmp.path().join("disk");
    let Some(disk) = SmallDisk::mount(&at, "2m") else { return };
    let dir = VaultDir::new(disk.0.join("vault"));
    let vault = Vault::create_insecure_fast(&dir, FAST_PASS).unwrap().vault;
    let body = "Full disk, every word kept. ".repeat(2000);
    let mut saved = Vec::new();
    let error = loop {
        match vault.journal().add_reflection("", &body) {
            Ok(r) => saved.push(r.id),
            Err(e) => break e,
        }
        assert!(saved.len() < 1000, "a 2 MiB disk never filled");
    };
    assert!(matches!(error, Error::DiskFull), "got {error:?}");
    assert_eq!(error.code(), "disk_full");
    no_restore_advice(&error);
    assert!(!saved.is_empty());
    drop(vault);

    disk.remount("size=64m");
    let vault = Vault::unlock(&dir, FAST_PASS).unwrap();
    assert!(vault.health().unwrap().integrity_ok);
    for id in &saved {
        assert_eq!(vault.journal().reflection(*id).unwrap().body, body);
    }
}

#[test]
fn a_read_only_disk_is_named_not_called_damaged() {
    let tmp = tempfile::tempdir().unwrap();
    let at = tmp.path().join("disk");
    let Some(disk) = SmallDisk::mount(&at, "16m") else { return };
    let dir = VaultDir::new(disk.0.join("vault"));
    let vault = Vault::create_insecure_fast(&dir, FAST_PASS).unwrap().vault;
    vault.journal().add_reflection("", "written before the disk went read-only").unwrap();
    vault.lock();

    disk.remount("ro");
    let error = Vault::unlock(&dir, FAST_PASS).err().expect("a read-only vault cannot be opened for writing");
    assert!(matches!(error, Error::ReadOnly), "got {error:?}");
    no_restore_advice(&error);

    disk.remount("rw");
    let vault = Vault::unlock(&dir, FAST_PASS).unwrap();
    assert_eq!(vault.journal().reflection_count().unwrap(), 1);
}

/// The message names `place` in both languages and advises no restore.
fn names_the_place(e: &Error, place: &Path) {
    for lang in [Lang::En, Lang::Ja] {
        let m = e.message(lang);
        assert!(m.contains(place.to_str().unwrap()), "{m}");
        assert!(!m.contains("vault") && !m.contains("保管庫"), "blames the vault: {m}");
    }
    no_restore_advice(e);
}

/// A USB stick too small for the backup or the export: the stick is named,
/// nothing is left on it, and the vault (on another disk) is as it was.
#[test]
fn a_full_backup_disk_is_named_as_that_disk_and_nothing_is_left_on_it() {
    let tmp = tempfile::tempdir().unwrap();
    let at = tmp.path().join("stick");
    let Some(stick) = SmallDisk::mount(&at, "512k") else { return };
    let dir = VaultDir::new(tmp.path().join("vault"));
    let vault = Vault::create_insecure_fast(&dir, FAST_PASS).unwrap().vault;
    let body = "A backup larger than the stick. ".repeat(1500);
    for _ in 0..40 {
        vault.journal().add_reflection("", &body).unwrap();
    }

    let target = stick.0.join("enza.enzabackup");
    let error = vault.backup().write(&target, BackupPassphrase::Vault, &mut |_, _| {}).unwrap_err();
    assert_eq!(error.code(), "cannot_write_disk_full", "got {error:?}");
    names_the_place(&error, stick.0);
    assert_eq!(files_in(stick.0), Vec::<std::path::PathBuf>::new(), "a half-written backup was left");

    let out = stick.0.join("export");
    let error = vault.export().write(Format::Markdown, &Selection::all(), &out, Lang::En, &mut |_, _| {}).unwrap_err();
    assert_eq!(error.code(), "cannot_write_disk_full", "got {error:?}");
    names_the_place(&error, &out);
    assert_eq!(files_in(stick.0), Vec::<std::path::PathBuf>::new(), "a half-written export was left");

    assert_eq!(vault.journal().reflection_count().unwrap(), 40);
    assert!(vault.health().unwrap().integrity_ok);
}

#[test]
fn a_read_only_backup_disk_is_named_as_that_disk() {
    let tmp = tempfile::tempdir().unwrap();
    let at = tmp.path().join("stick");
    let Some(stick) = SmallDisk::mount(&at, "16m") else { return };
    let dir = VaultDir::new(tmp.path().join("vault"));
    let vault = Vault::create_insecure_fast(&dir, FAST_PASS).unwrap().vault;
    vault.journal().add_reflection("", "kept whatever the stick does").unwrap();
    stick.remount("ro");

    let error =
        vault.backup().write(&stick.0.join("b.enzabackup"), BackupPassphrase::Vault, &mut |_, _| {}).unwrap_err();
    assert_eq!(error.code(), "cannot_write_read_only", "got {error:?}");
    names_the_place(&error, stick.0);
    let out = stick.0.join("export");
    let error = vault.export().write(Format::Json, &Selection::all(), &out, Lang::En, &mut |_, _| {}).unwrap_err();
    assert_eq!(error.code(), "cannot_write_read_only", "got {error:?}");
    names_the_place(&error, &out);
    assert_eq!(vault.journal().reflection_count().unwrap(), 1);
}
