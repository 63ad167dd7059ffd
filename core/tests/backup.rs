//! Encrypted backups: a round trip keeps every row, damaged or foreign files
//! are refused with their own error and nothing written, and no mutation of
//! a backup gets through `verify` or `restore`.
//!
//! `ENZA_BACKUP_FUZZ_CASES` sets the number of mutated backups (default
//! 100 000); `ENZA_BACKUP_FUZZ_SEED` replays a run.

mod common;

use common::content::{fill_every_kind, MARKERS};
use common::FAST_PASS;
use enza_core::backup::{self, BackupPassphrase, BackupSecret};
use enza_core::vault::keyfile::KeyFile;
use enza_core::{Error, Vault, VaultDir};
use std::fs;
use std::io::Cursor;
use std::path::{Path, PathBuf};

const NEW_PASS: &str = "a new passphrase for the restore";

fn no_progress() -> impl FnMut(u64, u64) {
    |_, _| {}
}

/// A vault with content of every kind, locked; its recovery key.
fn full_vault(tmp: &Path) -> (VaultDir, String) {
    let dir = VaultDir::new(tmp.join("vault"));
    let created = Vault::create_insecure_fast(&dir, FAST_PASS).unwrap();
    fill_every_kind(&created.vault);
    let key = created.recovery_key.to_string();
    created.vault.lock();
    (dir, key)
}

fn write_backup(dir: &VaultDir, target: &Path) -> backup::BackupInfo {
    let vault = Vault::unlock(dir, FAST_PASS).unwrap();
    let mut seen = Vec::new();
    let info = vault.backup().write(target, BackupPassphrase::Vault, &mut |d, t| seen.push((d, t))).unwrap();
    let (done, total) = *seen.last().unwrap();
    assert_eq!(done, total, "progress ends at its total");
    assert!(seen.windows(2).all(|w| w[0].0 <= w[1].0 || w[1].1 != w[0].1), "progress never goes back");
    info
}

fn data_key(dir: &VaultDir, pass: &str) -> Vec<u8> {
    KeyFile::read(&dir.keys_path()).unwrap().open_with_passphrase(pass).unwrap().as_bytes().to_vec()
}

#[test]
fn round_trip_restores_every_row_under_new_keys() {
    let tmp = tempfile::tempdir().unwrap();
    let (dir, recovery) = full_vault(tmp.path());
    let before = Vault::unlock(&dir, FAST_PASS).unwrap().backup().dump_tables().unwrap();
    let out = tmp.path().join("out");
    fs::create_dir(&out).unwrap();
    let file = out.join("enza.backup");
    let info = write_backup(&dir, &file);
    for kind in [
        "reflections",
        "checkins",
        "boundary_events",
        "plan_versions",
        "supervision_days",
        "meetings",
        "meeting_events",
        "records",
        "groups",
        "template_copies",
        "settings",
    ] {
        assert!(info.counts[kind] > 0, "{kind} is counted: {:?}", info.counts);
    }
    assert!(info.recovery_slot);
    assert_eq!(info.counts["reflections"], 2);
    assert_eq!(info.counts["meetings"], 2);
    assert_eq!(info.counts["records"], 1);
    // Only the finished file is left in the folder, private.
    assert_eq!(fs::read_dir(&out).unwrap().count(), 1);
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        assert_eq!(fs::metadata(&file).unwrap().permissions().mode() & 0o777, 0o600);
    }

    // Verify with the passphrase and with the vault's (old) recovery key.
    let by_pass = backup::verify(&file, BackupSecret::Passphrase(FAST_PASS), &mut no_progress()).unwrap();
    assert_eq!(by_pass, info);
    let by_key =
        backup::verify(&file, BackupSecret::RecoveryKey(&recovery.to_lowercase()), &mut no_progress()).unwrap();
    assert_eq!(by_key, info);
    let header = backup::inspect(&file).unwrap();
    assert_eq!((header.created_at.as_str(), header.recovery_slot), (info.created_at.as_str(), true));

    // Restore into a new folder: every row of every table, new keys.
    let new_dir = VaultDir::new(tmp.path().join("restored"));
    let restored =
        backup::restore(&file, BackupSecret::Passphrase(FAST_PASS), &new_dir, NEW_PASS, &mut no_progress()).unwrap();
    assert_eq!(restored.info, info);
    let after = restored.vault.backup().dump_tables().unwrap();
    assert_eq!(after.keys().collect::<Vec<_>>(), before.keys().collect::<Vec<_>>());
    for (table, rows) in &before {
        assert_eq!(&after[table], rows, "table {table} differs after the round trip");
    }
    assert!(restored.vault.backups_have_recovery_slot());
    let new_recovery = restored.recovery_key.to_string();
    restored.vault.lock();
    assert_ne!(new_recovery, recovery, "a new recovery key");
    assert_ne!(data_key(&new_dir, NEW_PASS), data_key(&dir, FAST_PASS), "a new data key");
    assert!(matches!(Vault::unlock(&new_dir, FAST_PASS), Err(Error::WrongPassphrase)));
    assert!(matches!(Vault::recover(&new_dir, &recovery, NEW_PASS), Err(Error::WrongRecoveryKey)));
    Vault::recover(&new_dir, &new_recovery, NEW_PASS).unwrap().lock();
    // Restoring with the recovery key works too.
    let by_key_dir = VaultDir::new(tmp.path().join("restored-by-key"));
    let r = backup::restore(&file, BackupSecret::RecoveryKey(&recovery), &by_key_dir, NEW_PASS, &mut no_progress())
        .unwrap();
    assert_eq!(r.vault.backup().dump_tables().unwrap(), before);
    // The new vault's own backup opens with its own recovery key.
    let second = out.join("second.backup");
    r.vault.backup().write(&second, BackupPassphrase::Vault, &mut no_progress()).unwrap();
    let rk = r.recovery_key.to_string();
    assert!(backup::verify(&second, BackupSecret::RecoveryKey(&rk), &mut no_progress()).is_ok());
    assert!(matches!(
        backup::verify(&second, BackupSecret::RecoveryKey(&recovery), &mut no_progress()),
        Err(Error::BackupWrongSecret)
    ));
}

#[test]
fn a_backup_never_overwrites_and_holds_no_marker_words() {
    let tmp = tempfile::tempdir().unwrap();
    let (dir, _) = full_vault(tmp.path());
    let out = tmp.path().join("out");
    fs::create_dir(&out).unwrap();
    let file = out.join("enza.backup");
    write_backup(&dir, &file);
    common::no_file_contains(&out, MARKERS);
    common::no_file_contains(dir.path(), MARKERS);
    // The target exists: refused, the file untouched, no temporary left.
    let bytes = fs::read(&file).unwrap();
    let vault = Vault::unlock(&dir, FAST_PASS).unwrap();
    assert!(matches!(
        vault.backup().write(&file, BackupPassphrase::Other(FAST_PASS), &mut no_progress()),
        Err(Error::FileExists(_))
    ));
    assert_eq!(fs::read(&file).unwrap(), bytes);
    assert_eq!(fs::read_dir(&out).unwrap().count(), 1);
}

/// What `verify` and `restore` say about `bytes`, and a check that restore
/// wrote nothing.
fn both_refuse(work: &Path, bytes: &[u8], secret: BackupSecret) -> (&'static str, &'static str) {
    let file = work.join("candidate.backup");
    let _ = fs::remove_file(&file);
    fs::write(&file, bytes).unwrap();
    let listing = |p: &Path| {
        let mut v: Vec<PathBuf> = fs::read_dir(p).unwrap().map(|e| e.unwrap().path()).collect();
        v.sort();
        v
    };
    let before = listing(work);
    let verified = backup::verify(&file, secret, &mut no_progress()).map(|_| ()).unwrap_err();
    let target = VaultDir::new(work.join("target"));
    let restored = backup::restore(&file, secret, &target, NEW_PASS, &mut no_progress()).map(|_| ()).unwrap_err();
    assert!(!target.path().exists(), "restore wrote {}", target.path().display());
    assert_eq!(listing(work), before, "restore left something behind");
    (verified.code(), restored.code())
}

#[test]
fn each_kind_of_bad_backup_has_its_own_error_and_writes_nothing() {
    let tmp = tempfile::tempdir().unwrap();
    let (dir, recovery) = full_vault(tmp.path());
    let good_path = tmp.path().join("good.backup");
    write_backup(&dir, &good_path);
    let good = fs::read(&good_path).unwrap();
    let work = tmp.path().join("work");
    fs::create_dir(&work).unwrap();
    let pass = BackupSecret::Passphrase(FAST_PASS);
    let header_end = 14 + u32::from_be_bytes(good[10..14].try_into().unwrap()) as usize;
    let flip = |at: usize| {
        let mut b = good.clone();
        b[at] ^= 0x01;
        b
    };
    let png: &[u8] =
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\x0dIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89";
    let mut newer = good.clone();
    newer[9] = 2;
    let mut trailing = good.clone();
    trailing.push(0);
    let cases: Vec<(&str, Vec<u8>, BackupSecret, &str)> = vec![
        ("empty", vec![], pass, "backup_empty"),
        ("magic only, cut", good[..5].to_vec(), pass, "backup_truncated"),
        ("cut in the header", good[..header_end - 10].to_vec(), pass, "backup_truncated"),
        ("cut in the database", good[..good.len() / 2].to_vec(), pass, "backup_truncated"),
        ("last byte missing", good[..good.len() - 1].to_vec(), pass, "backup_truncated"),
        ("a bit flipped in the database", flip(good.len() - 100), pass, "backup_damaged"),
        ("a bit flipped in the first page", flip(header_end + 300), pass, "backup_damaged"),
        ("a bit flipped in the header", flip(14 + 11), pass, "backup_damaged"),
        ("a bit flipped in the sealed manifest", flip(header_end + 3), pass, "backup_damaged"),
        ("a byte added at the end", trailing, pass, "backup_damaged"),
        ("a PNG", png.to_vec(), pass, "not_a_backup"),
        ("a text file", b"hello, this is not a backup\n".to_vec(), pass, "not_a_backup"),
        ("a newer format", newer, pass, "backup_too_new"),
        ("the wrong passphrase", good.clone(), BackupSecret::Passphrase("not the passphrase"), "backup_wrong_secret"),
    ];
    let wrong_key = "0000-0000-0000-0000-0000-0000-0000-0000";
    let mut cases = cases;
    cases.push(("the wrong recovery key", good.clone(), BackupSecret::RecoveryKey(wrong_key), "backup_wrong_secret"));
    cases.push(("a malformed recovery key", good.clone(), BackupSecret::RecoveryKey("ABCD"), "malformed_recovery_key"));
    for (what, bytes, secret, code) in cases {
        let (v, r) = both_refuse(&work, &bytes, secret);
        assert_eq!((v, r), (code, code), "{what}");
    }
    // The genuine file still verifies with either secret, so the cases above
    // failed for what was done to them.
    backup::verify(&good_path, BackupSecret::RecoveryKey(&recovery), &mut no_progress()).unwrap();
    // Every message is a sentence in both languages, distinct per error.
    let errors = [
        Error::BackupEmpty,
        Error::BackupTruncated,
        Error::BackupDamaged("x"),
        Error::NotABackup,
        Error::BackupTooNew("x"),
        Error::BackupWrongSecret,
        Error::BackupNoRecoverySlot,
        Error::BackupNotFound(work.join("x")),
        Error::BackupUnreadable,
    ];
    // A file that is not there is named, not called damaged or foreign.
    let missing = work.join("no such file.enzabackup");
    let e = backup::verify(&missing, pass, &mut no_progress()).unwrap_err();
    assert_eq!(e.code(), "backup_not_found");
    assert!(e.message(enza_core::Lang::Ja).contains(missing.to_str().unwrap()));
    let e = backup::restore(&missing, pass, &VaultDir::new(work.join("target")), NEW_PASS, &mut no_progress())
        .err()
        .expect("nothing to restore");
    assert_eq!(e.code(), "backup_not_found");
    assert!(!work.join("target").exists(), "restore wrote something");
    for lang in [enza_core::Lang::En, enza_core::Lang::Ja] {
        let messages: std::collections::BTreeSet<String> = errors.iter().map(|e| e.message(lang)).collect();
        assert_eq!(messages.len(), errors.len());
        for m in &messages {
            assert!(!m.to_lowercase().contains("restore it") && !m.contains("バックアップから戻して"), "{m}");
        }
    }
}

#[test]
fn a_vault_without_the_recovery_kek_file_says_so_until_the_recovery_key_is_given() {
    let tmp = tempfile::tempdir().unwrap();
    let (dir, recovery) = full_vault(tmp.path());
    // What a vault made before backups existed looks like.
    fs::remove_file(dir.recovery_kek_path()).unwrap();
    let mut vault = Vault::unlock(&dir, FAST_PASS).unwrap();
    assert!(!vault.backups_have_recovery_slot());
    let file = tmp.path().join("old.backup");
    let info = vault.backup().write(&file, BackupPassphrase::Vault, &mut no_progress()).unwrap();
    assert!(!info.recovery_slot);
    assert!(!backup::inspect(&file).unwrap().recovery_slot);
    assert!(matches!(
        backup::verify(&file, BackupSecret::RecoveryKey(&recovery), &mut no_progress()),
        Err(Error::BackupNoRecoverySlot)
    ));
    assert!(backup::verify(&file, BackupSecret::Passphrase(FAST_PASS), &mut no_progress()).is_ok());
    assert!(matches!(
        vault.enable_backup_recovery("0000-0000-0000-0000-0000-0000-0000-0000"),
        Err(Error::WrongRecoveryKey)
    ));
    assert!(vault.enable_backup_recovery(&recovery).unwrap());
    let file2 = tmp.path().join("new.backup");
    assert!(vault.backup().write(&file2, BackupPassphrase::Vault, &mut no_progress()).unwrap().recovery_slot);
    vault.lock();
    assert!(Vault::unlock(&dir, FAST_PASS).unwrap().backups_have_recovery_slot());
    backup::verify(&file2, BackupSecret::RecoveryKey(&recovery), &mut no_progress()).unwrap();
    // Recovery writes the file as well, for a vault that lost it.
    fs::remove_file(dir.recovery_kek_path()).unwrap();
    assert!(Vault::recover(&dir, &recovery, FAST_PASS).unwrap().backups_have_recovery_slot());
    assert!(dir.recovery_kek_path().is_file());
}

#[test]
fn replacing_the_vault_keeps_the_old_one_aside() {
    let tmp = tempfile::tempdir().unwrap();
    let (dir, _) = full_vault(tmp.path());
    let vault = Vault::unlock(&dir, FAST_PASS).unwrap();
    let at_backup = vault.backup().dump_tables().unwrap();
    let file = tmp.path().join("b.backup");
    vault.backup().write(&file, BackupPassphrase::Vault, &mut no_progress()).unwrap();
    vault.journal().add_reflection("after the backup", "written later").unwrap();
    let later = vault.backup().dump_tables().unwrap();
    vault.lock();
    let replaced =
        backup::replace_vault(&dir, &file, BackupSecret::Passphrase(FAST_PASS), NEW_PASS, &mut no_progress()).unwrap();
    assert_eq!(replaced.vault.dir().path(), dir.path());
    assert_eq!(replaced.vault.backup().dump_tables().unwrap(), at_backup);
    replaced.vault.lock();
    let previous = VaultDir::new(&replaced.previous);
    assert!(replaced.previous.file_name().unwrap().to_str().unwrap().starts_with("vault.before-restore-"));
    assert_eq!(Vault::unlock(&previous, FAST_PASS).unwrap().backup().dump_tables().unwrap(), later);
    assert!(Vault::unlock(&dir, NEW_PASS).is_ok());
    // Only the two vaults and the backup are left beside each other.
    let mut names: Vec<String> =
        fs::read_dir(tmp.path()).unwrap().map(|e| e.unwrap().file_name().into_string().unwrap()).collect();
    names.sort();
    assert_eq!(names.len(), 3, "{names:?}");
}

/// Mutations of a genuine backup: every one is refused by `verify` and by
/// `restore`, none panics, and restore writes nothing.
#[test]
fn mutated_backups_are_all_refused_without_writing() {
    let cases: u64 = std::env::var("ENZA_BACKUP_FUZZ_CASES").ok().and_then(|v| v.parse().ok()).unwrap_or(100_000);
    let seed: u64 = std::env::var("ENZA_BACKUP_FUZZ_SEED").ok().and_then(|v| v.parse().ok()).unwrap_or_else(|| {
        std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_nanos() as u64 | 1
    });
    eprintln!("ENZA_BACKUP_FUZZ_SEED={seed} ENZA_BACKUP_FUZZ_CASES={cases}");
    let tmp = tempfile::tempdir().unwrap();
    let dir = VaultDir::new(tmp.path().join("vault"));
    let created = Vault::create_insecure_fast(&dir, FAST_PASS).unwrap();
    let recovery = created.recovery_key.to_string();
    created.vault.journal().add_reflection("fuzz", "a small vault").unwrap();
    let file = tmp.path().join("fuzz.backup");
    created.vault.backup().write(&file, BackupPassphrase::Vault, &mut no_progress()).unwrap();
    created.vault.lock();
    let good = fs::read(&file).unwrap();
    let work = tmp.path().join("work");
    fs::create_dir(&work).unwrap();
    let target = VaultDir::new(work.join("target"));
    let mut rng = Lcg(seed);
    let started = std::time::Instant::now();
    let mut codes = std::collections::BTreeMap::<&str, u64>::new();
    let mut unchanged = 0u64;
    for case in 0..cases {
        let bytes = mutate(&good, &mut rng);
        if bytes == good {
            unchanged += 1;
            continue;
        }
        let secret =
            if case % 8 == 0 { BackupSecret::RecoveryKey(&recovery) } else { BackupSecret::Passphrase(FAST_PASS) };
        let len = bytes.len() as u64;
        let v = backup::verify_reader(&mut Cursor::new(&bytes), len, secret, &mut no_progress());
        let e = match v {
            Ok(_) => panic!("seed {seed}, case {case}: a mutated backup verified"),
            Err(e) => e,
        };
        *codes.entry(e.code()).or_default() += 1;
        let r = backup::restore_reader(&mut Cursor::new(&bytes), len, secret, &target, NEW_PASS, &mut no_progress());
        assert!(r.is_err(), "seed {seed}, case {case}: a mutated backup restored");
        assert!(!target.path().exists(), "seed {seed}, case {case}: restore wrote the target");
        if case % 256 == 0 {
            assert_eq!(fs::read_dir(&work).unwrap().count(), 0, "seed {seed}, case {case}: restore left files");
        }
    }
    assert_eq!(fs::read_dir(&work).unwrap().count(), 0, "seed {seed}: restore left files");
    eprintln!(
        "{cases} mutated backups ({} bytes each, {unchanged} mutations were no-ops) refused in {:.1} s: {codes:?}",
        good.len(),
        started.elapsed().as_secs_f64()
    );
    // The original still verifies and restores.
    backup::verify_reader(
        &mut Cursor::new(&good),
        good.len() as u64,
        BackupSecret::Passphrase(FAST_PASS),
        &mut no_progress(),
    )
    .unwrap();
}

/// One random change: bit flips and byte changes (half of them in the first
/// KiB, where the prefix, header and manifest are), cuts, insertions,
/// deletions, appended bytes, a random header length.
fn mutate(good: &[u8], rng: &mut Lcg) -> Vec<u8> {
    let mut b = good.to_vec();
    let len = b.len() as u64;
    let pos = |rng: &mut Lcg| -> usize {
        if rng.below(2) == 0 {
            rng.below(len.min(1024)) as usize
        } else {
            rng.below(len) as usize
        }
    };
    match rng.below(9) {
        0 | 1 => {
            let at = pos(rng);
            b[at] ^= 1 << rng.below(8);
        }
        2 => {
            let at = pos(rng);
            b[at] = rng.below(256) as u8;
        }
        3 => b.truncate(rng.below(len) as usize),
        4 => {
            let at = pos(rng);
            b.insert(at, rng.below(256) as u8);
        }
        5 => {
            let at = pos(rng);
            let n = (1 + rng.below(64) as usize).min(b.len() - at);
            b.drain(at..at + n);
        }
        6 => {
            for _ in 0..1 + rng.below(32) {
                b.push(rng.below(256) as u8);
            }
        }
        7 => {
            let v = rng.below(1 << 32) as u32;
            b[10..14].copy_from_slice(&v.to_be_bytes());
        }
        _ => {
            for _ in 0..1 + rng.below(8) {
                let at = pos(rng);
                b[at] = rng.below(256) as u8;
            }
        }
    }
    b
}

struct Lcg(u64);

impl Lcg {
    fn below(&mut self, n: u64) -> u64 {
        self.0 = self.0.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
        (((self.0 >> 16) as u128 * n as u128) >> 48) as u64
    }
}

/// A full-text index as the main branch adds it (a contentless FTS5 table,
/// an entry table, a trigger calling a function the core registers on its
/// connections) is copied whole: rows, shadow tables, schema and trigger.
#[test]
fn the_search_index_survives_a_round_trip() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = VaultDir::new(tmp.path().join("vault"));
    let created = Vault::create_insecure_fast(&dir, FAST_PASS).unwrap();
    created.vault.journal().add_reflection("indexed", "職場の境界線 words to find").unwrap();
    let before = created.vault.backup().dump_tables().unwrap();
    assert!(before.contains_key("search_index_data") && before.contains_key("search_entry"));
    let file = tmp.path().join("fts.backup");
    created.vault.backup().write(&file, BackupPassphrase::Vault, &mut no_progress()).unwrap();
    created.vault.lock();
    let new_dir = VaultDir::new(tmp.path().join("restored"));
    let restored =
        backup::restore(&file, BackupSecret::Passphrase(FAST_PASS), &new_dir, NEW_PASS, &mut no_progress()).unwrap();
    assert_eq!(restored.vault.backup().dump_tables().unwrap(), before, "rows, shadow tables and schema");
    let find = |q: &str| {
        let query = enza_core::search::Query { text: q.into(), ..Default::default() };
        restored.vault.search().find(&query).unwrap().len()
    };
    assert_eq!(find("境界"), 1);
    assert_eq!(find("find"), 1);
    // The triggers came along: a new entry is indexed in the restored vault.
    restored.vault.journal().add_reflection("", "新しい言葉").unwrap();
    assert_eq!(find("言葉"), 1);
}

/// What a killed backup leaves beside its target (hidden temporaries) is
/// removed by the next backup to the same name, and nothing else is.
#[test]
fn a_later_backup_to_the_same_name_removes_a_killed_ones_temporaries() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = VaultDir::new(tmp.path().join("vault"));
    let vault = Vault::create_insecure_fast(&dir, FAST_PASS).unwrap().vault;
    let out = tmp.path().join("out");
    fs::create_dir(&out).unwrap();
    for stale in [
        ".b.backup.0123456789abcdef.tmp",
        ".b.backup.0123456789abcdef.db.tmp",
        ".b.backup.0123456789abcdef.db.tmp-journal",
    ] {
        fs::write(out.join(stale), b"left by a killed backup").unwrap();
    }
    fs::write(out.join(".other.backup.0123456789abcdef.tmp"), b"another name's").unwrap();
    fs::write(out.join(".b.backup.notes"), b"not ours").unwrap();
    fs::write(out.join(".b.backup.日本語のメモ.tmp"), b"not ours either").unwrap();
    vault.backup().write(&out.join("b.backup"), BackupPassphrase::Vault, &mut no_progress()).unwrap();
    let mut names: Vec<String> =
        fs::read_dir(&out).unwrap().map(|e| e.unwrap().file_name().into_string().unwrap()).collect();
    names.sort();
    assert_eq!(
        names,
        [".b.backup.notes", ".b.backup.日本語のメモ.tmp", ".other.backup.0123456789abcdef.tmp", "b.backup"]
    );
}

/// A passphrase changed by another process (`enza passwd` beside the open
/// app): the session's key no longer matches the passphrase on disk, so a
/// backup "with the vault's passphrase" asks for it again instead of
/// sealing the backup to the old one.
#[test]
fn a_passphrase_changed_elsewhere_is_not_sealed_into_a_backup() {
    let tmp = tempfile::tempdir().unwrap();
    let (dir, _) = full_vault(tmp.path());
    let app = Vault::unlock(&dir, FAST_PASS).unwrap();
    let other = Vault::unlock(&dir, FAST_PASS).unwrap();
    other.change_passphrase(FAST_PASS, NEW_PASS).unwrap();
    other.lock();

    let file = tmp.path().join("after-passwd.backup");
    let e = app.backup().write(&file, BackupPassphrase::Vault, &mut no_progress()).unwrap_err();
    assert_eq!(e.code(), "backup_needs_passphrase");
    assert!(!file.exists());
    app.lock();

    // Unlocked with the new passphrase, the backup opens with it.
    let app = Vault::unlock(&dir, NEW_PASS).unwrap();
    app.backup().write(&file, BackupPassphrase::Vault, &mut no_progress()).unwrap();
    backup::verify(&file, BackupSecret::Passphrase(NEW_PASS), &mut no_progress()).unwrap();
    let e = backup::verify(&file, BackupSecret::Passphrase(FAST_PASS), &mut no_progress()).unwrap_err();
    assert_eq!(e.code(), "backup_wrong_secret");
}

/// A file that changes between the digest and the copy SQLite reads (a
/// shared folder, a flaky stick): the bytes read the second time differ
/// in one bit of the database section.
struct ChangesOnSecondRead {
    bytes: Vec<u8>,
    pos: u64,
    served: u64,
    flip_at: usize,
}

impl std::io::Read for ChangesOnSecondRead {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let start = self.pos as usize;
        let n = buf.len().min(self.bytes.len().saturating_sub(start));
        buf[..n].copy_from_slice(&self.bytes[start..start + n]);
        // After one whole pass over the file, the bit at flip_at reads
        // otherwise.
        if self.served >= self.bytes.len() as u64 && (start..start + n).contains(&self.flip_at) {
            buf[self.flip_at - start] ^= 0x04;
        }
        self.pos += n as u64;
        self.served += n as u64;
        Ok(n)
    }
}

impl std::io::Seek for ChangesOnSecondRead {
    fn seek(&mut self, to: std::io::SeekFrom) -> std::io::Result<u64> {
        self.pos = match to {
            std::io::SeekFrom::Start(p) => p,
            std::io::SeekFrom::End(d) => (self.bytes.len() as i64 + d) as u64,
            std::io::SeekFrom::Current(d) => (self.pos as i64 + d) as u64,
        };
        Ok(self.pos)
    }
}

#[test]
fn a_backup_that_changes_while_it_is_read_is_refused() {
    let tmp = tempfile::tempdir().unwrap();
    let (dir, _) = full_vault(tmp.path());
    let file = tmp.path().join("b.backup");
    write_backup(&dir, &file);
    let bytes = fs::read(&file).unwrap();
    let len = bytes.len() as u64;
    let flip_at = bytes.len() - 2000;
    let reader = || ChangesOnSecondRead { bytes: bytes.clone(), pos: 0, served: 0, flip_at };
    let pass = BackupSecret::Passphrase(FAST_PASS);
    // Caught by the second digest, before SQLite reads the copy (SQLCipher's
    // page HMACs would catch it too, later and less plainly).
    let e = backup::verify_reader(&mut reader(), len, pass, &mut no_progress()).unwrap_err();
    assert_eq!(e.code(), "backup_damaged", "{e:?}");
    assert!(e.to_string().contains("changed while being read"), "{e}");
    let target = VaultDir::new(tmp.path().join("restored"));
    let e = backup::restore_reader(&mut reader(), len, pass, &target, NEW_PASS, &mut no_progress()).err().unwrap();
    assert_eq!(e.code(), "backup_damaged", "{e:?}");
    assert!(!target.path().exists());
    // Read as it was written, the same bytes restore.
    backup::restore_reader(&mut Cursor::new(&bytes), len, pass, &target, NEW_PASS, &mut no_progress()).unwrap();
}

/// `vault.keys` does not authenticate its slots' salts. A recovery salt
/// changed there after the vault was made (a stray edit, a bad sector that
/// still decodes) must not reach the recovery slot of later backups: the
/// paper key derives with the salt recorded, under the data key's tag, in
/// `vault.recovery-kek`.
#[test]
fn a_changed_recovery_salt_in_the_key_file_does_not_reach_backups() {
    let tmp = tempfile::tempdir().unwrap();
    let (dir, recovery) = full_vault(tmp.path());
    let text = fs::read_to_string(dir.keys_path()).unwrap();
    let mut json: serde_json::Value = serde_json::from_str(&text).unwrap();
    json["recovery"]["kdf"]["salt"] = serde_json::Value::String("AAAAAAAAAAAAAAAAAAAAAA==".into());
    fs::write(dir.keys_path(), serde_json::to_string_pretty(&json).unwrap() + "\n").unwrap();

    let vault = Vault::unlock(&dir, FAST_PASS).unwrap();
    assert!(vault.backups_have_recovery_slot());
    let file = tmp.path().join("after-edit.backup");
    vault.backup().write(&file, BackupPassphrase::Vault, &mut no_progress()).unwrap();
    backup::verify(&file, BackupSecret::RecoveryKey(&recovery), &mut no_progress()).unwrap();
}

/// The app changes the passphrase on the vault's folder (Argon2 outside
/// its session lock), then hands the result to the open vault: backups
/// with the vault's passphrase open with the new one, and not the old.
#[test]
fn a_passphrase_changed_for_the_open_vault_seals_its_next_backups() {
    let tmp = tempfile::tempdir().unwrap();
    let (dir, _) = full_vault(tmp.path());
    let vault = Vault::unlock(&dir, FAST_PASS).unwrap();
    let changed = dir.change_passphrase(FAST_PASS, NEW_PASS, vault.seen().as_ref()).unwrap();
    vault.passphrase_changed(changed);
    let file = tmp.path().join("after-settings.backup");
    vault.backup().write(&file, BackupPassphrase::Vault, &mut no_progress()).unwrap();
    backup::verify(&file, BackupSecret::Passphrase(NEW_PASS), &mut no_progress()).unwrap();
    let e = backup::verify(&file, BackupSecret::Passphrase(FAST_PASS), &mut no_progress()).unwrap_err();
    assert_eq!(e.code(), "backup_wrong_secret");
}

/// A new laptop: the person chooses 日本語 on the first screen (Enza writes
/// `prefs.json` into the empty vault folder), then restores. The restore
/// goes through and the chosen language stays; anything else in the folder
/// still refuses it, untouched.
#[test]
fn a_language_chosen_before_a_restore_does_not_block_it() {
    let tmp = tempfile::tempdir().unwrap();
    let (dir, _) = full_vault(tmp.path());
    let file = tmp.path().join("enza.backup");
    write_backup(&dir, &file);

    let laptop = VaultDir::new(tmp.path().join("new-laptop"));
    laptop.set_language(enza_core::Lang::Ja).unwrap();
    laptop.set_appearance(enza_core::Appearance::Dark).unwrap();
    let restored =
        backup::restore(&file, BackupSecret::Passphrase(FAST_PASS), &laptop, NEW_PASS, &mut no_progress()).unwrap();
    assert_eq!(restored.vault.journal().reflection_count().unwrap(), 2, "the backup's reflections are there");
    restored.vault.lock();
    assert_eq!(laptop.language(), Some(enza_core::Lang::Ja), "the language chosen first is kept");
    assert_eq!(laptop.appearance(), enza_core::Appearance::Dark);
    Vault::unlock(&laptop, NEW_PASS).unwrap().lock();

    // A file the person put there is theirs: refused, nothing written.
    let other = VaultDir::new(tmp.path().join("someone-elses"));
    other.set_language(enza_core::Lang::En).unwrap();
    fs::write(other.path().join("notes.txt"), b"mine").unwrap();
    let refused = backup::restore(&file, BackupSecret::Passphrase(FAST_PASS), &other, NEW_PASS, &mut no_progress());
    assert!(matches!(refused, Err(Error::NotAVault(_))), "{:?}", refused.err());
    let mut left: Vec<_> = fs::read_dir(other.path()).unwrap().map(|e| e.unwrap().file_name()).collect();
    left.sort();
    assert_eq!(left, ["notes.txt", "prefs.json"]);
    assert_eq!(fs::read(other.path().join("notes.txt")).unwrap(), b"mine");
}

/// A restore that fails after making the folders of its target's path
/// (here: a staging name too long for the file system) removes every folder
/// it made, not only the last.
#[test]
fn a_failed_restore_removes_every_folder_it_made() {
    let tmp = tempfile::tempdir().unwrap();
    let (dir, _) = full_vault(tmp.path());
    let file = tmp.path().join("enza.backup");
    write_backup(&dir, &file);
    // 240 bytes: a valid name, but ".<name>.restore-<16 hex>.tmp" is not.
    let target = tmp.path().join("a").join("b").join("c").join("v".repeat(240));
    let out = backup::restore(
        &file,
        BackupSecret::Passphrase(FAST_PASS),
        &VaultDir::new(&target),
        NEW_PASS,
        &mut no_progress(),
    );
    assert!(out.is_err());
    assert!(!tmp.path().join("a").exists(), "a/b/c made for the restore was left");
}

/// `verify` and `restore` of a folder say it is a folder; of a FIFO they do
/// not wait forever for a writer. Both in their own words, both languages.
#[test]
fn a_folder_or_a_fifo_given_as_a_backup_is_named_and_never_waited_on() {
    let tmp = tempfile::tempdir().unwrap();
    let fifo = tmp.path().join("pipe");
    let made = std::process::Command::new("mkfifo").arg(&fifo).status().unwrap();
    assert!(made.success());
    for path in [tmp.path().to_path_buf(), fifo] {
        let started = std::time::Instant::now();
        let e = backup::verify(&path, BackupSecret::Passphrase(FAST_PASS), &mut no_progress()).unwrap_err();
        assert!(started.elapsed() < std::time::Duration::from_secs(5), "waited on {}", path.display());
        assert!(matches!(e, Error::BackupNotAFile(_)), "{e:?}");
        let en = e.message(enza_core::Lang::En);
        assert!(en.contains("is not a file") && en.contains(&path.display().to_string()), "{en}");
        assert!(e.message(enza_core::Lang::Ja).contains("はファイルではありません"));
    }
}

/// A backup into a folder that is not there names the missing folder (as
/// automatic backups do), never a failing disk; nothing is made.
#[test]
fn a_backup_into_a_missing_folder_says_the_folder_is_not_there() {
    let tmp = tempfile::tempdir().unwrap();
    let (dir, _) = full_vault(tmp.path());
    let vault = Vault::unlock(&dir, FAST_PASS).unwrap();
    let target = tmp.path().join("usb-stick").join("enza.backup");
    let e = vault.backup().write(&target, BackupPassphrase::Vault, &mut no_progress()).unwrap_err();
    assert!(matches!(&e, Error::BackupFolderMissing(p) if p == &tmp.path().join("usb-stick")), "{e:?}");
    let en = e.message(enza_core::Lang::En);
    assert!(en.contains("is not there") && !en.contains("failing"), "{en}");
    assert!(e.message(enza_core::Lang::Ja).contains("見つかりません"));
    assert!(!tmp.path().join("usb-stick").exists());
}
