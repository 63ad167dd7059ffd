//! A full or read-only disk is named as what it is, never as damage (that
//! advice could make a person restore a backup over a healthy vault), and
//! loses nothing that was saved. These tests mount a small tmpfs, which
//! needs root (as CI has); elsewhere they say so and stop.

mod common;

use common::{files_in, FAST_PASS};
use enza_core::backup::{self, BackupPassphrase, BackupSecret};
use enza_core::export::{Format, Selection};
use enza_core::journal::Range;
use enza_core::search::Query;
use enza_core::{Error, Lang, ReadOnlyBecause, Vault, VaultDir};
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

/// The states a vault folder can be in (`docs/hurt-disk.md`): closed
/// normally (`vault.db` only), killed after a checkpoint (an empty `-wal`
/// and a `-shm`), killed before one (committed frames still in the `-wal`).
#[derive(Debug, Clone, Copy)]
enum State {
    Clean,
    Persist,
    Crash,
}

const STATES: [State; 3] = [State::Clean, State::Persist, State::Crash];
const SAVED: usize = 12;
const WORD: &str = "蜜柑ひとつ";

/// Copies a vault in `state` into `to`: every kind of content, and
/// `SAVED` reflections holding `WORD`, the last ones still only in the
/// `-wal` in the crash state. Copying the files of an open vault is what a
/// kill leaves behind.
fn vault_in_state(state: State, to: &Path) -> VaultDir {
    let tmp = tempfile::tempdir().unwrap();
    let dir = VaultDir::new(tmp.path().join("vault"));
    let vault = Vault::create_insecure_fast(&dir, FAST_PASS).unwrap().vault;
    common::content::fill_every_kind(&vault);
    for i in 0..SAVED {
        if i == SAVED / 2 {
            vault.checkpoint().unwrap();
        }
        vault.journal().add_reflection("", &format!("{WORD} {i}")).unwrap();
    }
    if matches!(state, State::Persist) {
        vault.checkpoint().unwrap();
    }
    if !matches!(state, State::Clean) {
        copy_folder(dir.path(), to);
        assert!(to.join("vault.db-shm").exists(), "{state:?} has its -shm");
        let wal = std::fs::metadata(to.join("vault.db-wal")).unwrap().len();
        assert_eq!(wal > 0, matches!(state, State::Crash), "{state:?}: -wal of {wal} bytes");
    }
    vault.lock();
    if matches!(state, State::Clean) {
        copy_folder(dir.path(), to);
        assert!(!to.join("vault.db-wal").exists());
    }
    VaultDir::new(to)
}

fn copy_folder(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        std::fs::copy(entry.path(), to.join(entry.file_name())).unwrap();
    }
}

/// Fills the disk holding `dir` to the last byte.
fn fill_disk(dir: &Path) {
    use std::io::Write;
    let mut filler = std::fs::File::create(dir.join("filler")).unwrap();
    let block = vec![0x55u8; 64 * 1024];
    let mut small = false;
    loop {
        let chunk = if small { &block[..512] } else { &block[..] };
        match filler.write_all(chunk) {
            Ok(()) => {}
            Err(_) if !small => small = true,
            Err(_) => break,
        }
    }
    let _ = filler.sync_all();
}

/// Private copies of vaults on read-only disks left in the temporary
/// folders.
fn read_only_copies() -> Vec<std::path::PathBuf> {
    let mut found = Vec::new();
    let places = [std::env::var_os("XDG_RUNTIME_DIR").map(Into::into), Some(std::env::temp_dir())];
    for place in places.into_iter().flatten() {
        let Ok(entries) = std::fs::read_dir::<&Path>(&place) else { continue };
        for e in entries.flatten() {
            if e.file_name().to_string_lossy().starts_with("enza-read-only-") {
                found.push(e.path());
            }
        }
    }
    found
}

/// Everything a person reads or copies out works on a vault that takes no
/// writes; every write is refused with `refused`'s message; nothing is
/// left behind in the vault's folder.
fn reads_and_rescues(dir: &VaultDir, because: ReadOnlyBecause, refused: &str, elsewhere: &Path, state: State) {
    let before = files_in(dir.path());
    let vault = Vault::unlock(dir, FAST_PASS).unwrap_or_else(|e| panic!("{state:?}: {e:?}"));
    assert_eq!(vault.read_only(), Some(because), "{state:?}");
    // Read: the list, one entry, search, trends, the agenda, status.
    let listed = vault.journal().latest_reflections(100).unwrap();
    assert_eq!(listed.len(), SAVED + 2, "{state:?}: every reflection, the -wal's too");
    assert_eq!(vault.journal().reflection(listed[0].id).unwrap().body, format!("{WORD} {}", SAVED - 1));
    let query = Query { text: "蜜柑".into(), ..Query::default() };
    assert_eq!(vault.search().find(&query).unwrap().len(), SAVED, "{state:?}");
    let query = Query { text: "ひだまり".into(), ..Query::default() };
    assert_eq!(vault.search().find(&query).unwrap().len(), 1, "{state:?}");
    let today = "2026-11-23".parse().unwrap();
    assert_eq!(vault.journal().trends(Range::Weeks4, today).unwrap().checkin_days, 3, "{state:?}");
    vault.journal().agenda().unwrap();
    assert!(vault.health().unwrap().integrity_ok, "{state:?}");
    // Rescue: a backup and an export on another disk.
    let target = elsewhere.join(format!("{state:?}.enzabackup"));
    let info = vault.backup().write(&target, BackupPassphrase::Vault, &mut |_, _| {}).unwrap();
    assert_eq!(info.counts["reflections"], (SAVED + 2) as u64, "{state:?}");
    assert!(!info.from_damaged_vault);
    let checked = backup::verify(&target, BackupSecret::Passphrase(FAST_PASS), &mut |_, _| {}).unwrap();
    assert_eq!(checked.counts, info.counts);
    let out = elsewhere.join(format!("{state:?}-export"));
    vault.export().write(Format::Json, &Selection::all(), &out, Lang::Ja, &mut |_, _| {}).unwrap();
    let exported: String = files_in(&out).iter().map(|p| std::fs::read_to_string(p).unwrap()).collect();
    assert!(exported.contains(&format!("{WORD} {}", SAVED - 1)), "{state:?}");
    // Write: refused, each with the disk's own message.
    let error = vault.journal().add_reflection("", "not saved").unwrap_err();
    assert_eq!(error.code(), refused, "{state:?}: {error:?}");
    no_restore_advice(&error);
    let error = vault.settings().set(&enza_core::settings::STRAIN_NOTICE, &false).unwrap_err();
    assert_eq!(error.code(), refused, "{state:?}: {error:?}");
    assert_eq!(vault.journal().latest_reflections(100).unwrap().len(), SAVED + 2);
    vault.lock();
    let after = files_in(dir.path());
    assert!(after.iter().all(|f| before.contains(f)), "{state:?}: left behind: {after:?} (before: {before:?})");
    assert!(read_only_copies().is_empty(), "a private copy was left: {:?}", read_only_copies());
}

/// Issue 16 §1: a full disk, then a read-only one, in every state a vault
/// folder can be in; then space again, and every word is there.
#[test]
fn a_vault_on_a_full_or_read_only_disk_can_still_be_read_searched_and_backed_up() {
    let tmp = tempfile::tempdir().unwrap();
    let at = tmp.path().join("disk");
    let Some(disk) = SmallDisk::mount(&at, "16m") else { return };
    let elsewhere = tmp.path().join("elsewhere");
    std::fs::create_dir_all(elsewhere.join("full")).unwrap();
    std::fs::create_dir_all(elsewhere.join("ro")).unwrap();
    let dirs: Vec<_> = STATES.iter().map(|&s| (s, vault_in_state(s, &disk.0.join(format!("{s:?}"))))).collect();

    fill_disk(disk.0);
    for (state, dir) in &dirs {
        reads_and_rescues(dir, ReadOnlyBecause::DiskFull, "disk_full", &elsewhere.join("full"), *state);
    }
    let snapshots: Vec<_> = dirs.iter().map(|(_, d)| common::snapshot(d.path())).collect();
    disk.remount("ro");
    for (state, dir) in &dirs {
        reads_and_rescues(dir, ReadOnlyBecause::ReadOnlyDisk, "read_only", &elsewhere.join("ro"), *state);
    }
    for ((_, dir), snapshot) in dirs.iter().zip(&snapshots) {
        assert_eq!(&common::snapshot(dir.path()), snapshot, "a read-only vault's files changed");
    }

    disk.remount("rw");
    std::fs::remove_file(disk.0.join("filler")).unwrap();
    for (state, dir) in &dirs {
        let vault = Vault::unlock(dir, FAST_PASS).unwrap();
        assert_eq!(vault.read_only(), None, "{state:?}");
        vault.journal().add_reflection("", "saved once there was space").unwrap();
        assert_eq!(vault.journal().reflection_count().unwrap(), SAVED as u64 + 3);
        assert!(vault.health().unwrap().integrity_ok);
    }
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

/// A disk with a few KiB left: `statvfs` does not call it full, so the
/// ordinary open is tried; it fails to grow the WAL index (leaving a
/// 3-byte `-shm`, which the next opener rebuilds: docs/hurt-disk.md). The
/// vault opens read-only all the same, and with space again as usual.
#[test]
fn a_nearly_full_disk_opens_read_only_and_as_usual_once_there_is_space() {
    let tmp = tempfile::tempdir().unwrap();
    let at = tmp.path().join("disk");
    let Some(disk) = SmallDisk::mount(&at, "16m") else { return };
    let dir = vault_in_state(State::Clean, &disk.0.join("vault"));
    let before = files_in(dir.path());
    fill_disk(disk.0);
    let filler = std::fs::OpenOptions::new().write(true).open(disk.0.join("filler")).unwrap();
    let len = filler.metadata().unwrap().len();
    filler.set_len(len - 8192).unwrap();
    drop(filler);

    let vault = Vault::unlock(&dir, FAST_PASS).unwrap();
    assert_eq!(vault.read_only(), Some(ReadOnlyBecause::DiskFull));
    assert_eq!(vault.journal().latest_reflections(100).unwrap().len(), SAVED + 2);
    // A second opener while the first holds it: said, in both languages.
    let error = Vault::unlock(&dir, FAST_PASS).err().expect("one at a time on a full disk");
    assert!(matches!(error, Error::VaultInUse), "{error:?}");
    assert!(error.message(Lang::En).contains("only one Enza can open the vault"));
    assert!(error.message(Lang::Ja).contains("保管庫を開けるのは1つの円座だけです"));
    vault.lock();
    let sqlite_own =
        |f: &std::path::PathBuf| f.to_string_lossy().ends_with("-shm") || f.to_string_lossy().ends_with("-wal");
    assert!(files_in(dir.path()).iter().all(|f| before.contains(f) || sqlite_own(f)), "{:?}", files_in(dir.path()));

    std::fs::remove_file(disk.0.join("filler")).unwrap();
    let vault = Vault::unlock(&dir, FAST_PASS).unwrap();
    assert_eq!(vault.read_only(), None);
    vault.journal().add_reflection("", "space again").unwrap();
    assert!(vault.health().unwrap().integrity_ok);
}

/// Quick notes wait on a read-only disk: the vault opens and reads, says
/// how many wait, moves and imports nothing; on a writable disk they come in.
#[test]
fn quick_notes_wait_on_a_read_only_disk_and_come_in_once_it_can_be_written() {
    use enza_core::sealed::{capture, CaptureKey, CaptureKind};
    let tmp = tempfile::tempdir().unwrap();
    let at = tmp.path().join("disk");
    let Some(disk) = SmallDisk::mount(&at, "16m") else { return };
    let dir = vault_in_state(State::Clean, &disk.0.join("vault"));
    let now = chrono::DateTime::parse_from_rfc3339("2026-12-05T23:30:00-08:00").unwrap();
    capture::capture(dir.path(), CaptureKind::Reflection, "written on a stick", now).unwrap();
    // Someone else's key on disk too: it cannot be put back on a read-only disk.
    std::fs::write(dir.path().join(capture::PUBLIC_KEY_FILE), "age1qqqq\n").unwrap();
    disk.remount("ro");

    let vault = Vault::unlock(&dir, FAST_PASS).unwrap();
    assert_eq!(vault.read_only(), Some(ReadOnlyBecause::ReadOnlyDisk));
    let found = vault.sealed_at_unlock();
    assert_eq!((found.imported, found.waiting, found.capture_key), (0, 1, CaptureKey::Replaced));
    assert!(found.notices(Lang::En).iter().any(|n| n.contains("cannot be put back now")));
    assert_eq!(vault.journal().latest_reflections(100).unwrap().len(), SAVED + 2, "reads as before");
    assert_eq!(capture::waiting(dir.path()), (1, false));
    vault.lock();

    disk.remount("rw");
    let vault = Vault::unlock(&dir, FAST_PASS).unwrap();
    let found = vault.sealed_at_unlock();
    assert_eq!((found.imported, found.waiting, found.capture_key), (1, 0, CaptureKey::Restored));
    assert_eq!(vault.journal().latest_reflections(100).unwrap().len(), SAVED + 3);
}
