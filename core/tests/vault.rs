//! The vault as a person relies on it: what is written is there after a
//! restart, wrong secrets change nothing, damaged or foreign files get a clear
//! error, and no file on disk holds the words.

mod common;

use common::{files_in, new_vault, no_file_contains, snapshot, FAST_PASS};
use enza_core::{Error, Vault, VaultDir, VaultState};
use std::fs;

#[test]
fn a_reflection_survives_lock_and_reopen() {
    let (_tmp, dir, _) = new_vault();
    let v = Vault::unlock(&dir, FAST_PASS).unwrap();
    let r = v.journal().add_reflection("  After group  ", "Felt heavy after the share.\n今日はよく聞けた。").unwrap();
    v.lock();

    let v = Vault::unlock(&dir, FAST_PASS).unwrap();
    let list = v.journal().latest_reflections(50).unwrap();
    assert_eq!(list.len(), 1);
    assert_eq!(list[0].title, "After group");
    let back = v.journal().reflection(r.id).unwrap();
    assert_eq!(back.body, "Felt heavy after the share.\n今日はよく聞けた。");
    assert_eq!(back, r);
}

#[test]
fn list_is_newest_first_and_edit_and_delete_work() {
    let (_tmp, dir, _) = new_vault();
    let v = Vault::unlock(&dir, FAST_PASS).unwrap();
    let a = v.journal().add_reflection("", "first").unwrap();
    let b = v.journal().add_reflection("", "second").unwrap();
    let ids: Vec<i64> = v.journal().latest_reflections(50).unwrap().iter().map(|r| r.id).collect();
    assert_eq!(ids, vec![b.id, a.id]);

    let edited = v.journal().update_reflection(a.id, "t", "first, edited").unwrap();
    assert_eq!(edited.created_at, a.created_at);
    assert!(edited.updated_at >= a.updated_at);
    v.journal().delete_reflection(b.id).unwrap();
    assert!(matches!(v.journal().reflection(b.id), Err(Error::NotFound)));
    assert!(matches!(v.journal().delete_reflection(b.id), Err(Error::NotFound)));
    assert_eq!(v.journal().reflection_count().unwrap(), 1);
}

#[test]
fn empty_and_oversized_text_is_refused_and_nothing_is_written() {
    let (_tmp, dir, _) = new_vault();
    let v = Vault::unlock(&dir, FAST_PASS).unwrap();
    assert!(matches!(v.journal().add_reflection("t", "   "), Err(Error::EmptyText)));
    let huge = "x".repeat(enza_core::journal::MAX_BODY_CHARS + 1);
    assert!(matches!(v.journal().add_reflection("t", &huge), Err(Error::TooLong { .. })));
    assert_eq!(v.journal().reflection_count().unwrap(), 0);
}

#[test]
fn strange_text_round_trips_exactly() {
    let (_tmp, dir, _) = new_vault();
    let v = Vault::unlock(&dir, FAST_PASS).unwrap();
    let strange = "quote'\"; DROP TABLE reflection;--\u{202e}rtl 👩‍👩‍👧 \r\n\t<script>x</script> ｶﾀｶﾅ";
    let r = v.journal().add_reflection("<b>", strange).unwrap();
    v.lock();
    let v = Vault::unlock(&dir, FAST_PASS).unwrap();
    assert_eq!(v.journal().reflection(r.id).unwrap().body, strange);
}

#[test]
fn nul_and_terminal_escapes_are_refused_and_nothing_is_written() {
    let (_tmp, dir, _) = new_vault();
    let v = Vault::unlock(&dir, FAST_PASS).unwrap();
    assert!(matches!(v.journal().add_reflection("", "before\u{0}after"), Err(Error::ControlCharacters)));
    assert!(matches!(v.journal().add_reflection("\u{1b}[31mred", "body"), Err(Error::ControlCharacters)));
    assert_eq!(v.journal().reflection_count().unwrap(), 0);
    let kept = v.journal().add_reflection("", "tabs\tand\nlines stay").unwrap();
    assert_eq!(v.journal().reflection(kept.id).unwrap().body, "tabs\tand\nlines stay");
}

#[test]
fn a_missing_key_file_is_named() {
    let (_tmp, dir, _) = new_vault();
    fs::rename(dir.keys_path(), dir.path().join("moved.keys")).unwrap();
    match Vault::unlock(&dir, FAST_PASS) {
        Err(Error::MissingFile(p)) => assert_eq!(p, dir.keys_path()),
        other => panic!("expected the missing key file to be named, got {:?}", other.err()),
    }
    let message = Error::MissingFile(dir.keys_path()).message(enza_core::Lang::En);
    assert!(message.contains("vault.keys") && !message.to_lowercase().contains("backup"), "{message}");
}

#[test]
fn wrong_passphrase_is_a_typed_error_and_every_file_is_unchanged() {
    let (_tmp, dir, _) = new_vault();
    let v = Vault::unlock(&dir, FAST_PASS).unwrap();
    v.journal().add_reflection("", "kept").unwrap();
    v.lock();
    let before = snapshot(dir.path());
    for wrong in ["wrong passphrase", "", "correct horse battery staple!"] {
        assert!(matches!(Vault::unlock(&dir, wrong), Err(Error::WrongPassphrase)), "{wrong:?}");
    }
    assert_eq!(snapshot(dir.path()), before);
    assert_eq!(Vault::unlock(&dir, FAST_PASS).unwrap().journal().reflection_count().unwrap(), 1);
}

#[test]
fn a_damaged_key_file_is_reported_and_nothing_is_overwritten() {
    let (_tmp, dir, _) = new_vault();
    let keys = dir.keys_path();
    let mut bytes = fs::read(&keys).unwrap();
    let mid = bytes.len() / 2;
    bytes[mid] ^= 0x55;
    fs::write(&keys, &bytes).unwrap();
    let before = snapshot(dir.path());
    let err = Vault::unlock(&dir, FAST_PASS).err().expect("must fail");
    assert!(matches!(err, Error::KeyFileDamaged(_) | Error::KeyFileAltered), "{err:?}");
    assert!(matches!(Vault::create_insecure_fast(&dir, FAST_PASS).err(), Some(Error::VaultExists(_))));
    assert_eq!(snapshot(dir.path()), before);

    fs::write(&keys, b"").unwrap();
    assert!(matches!(Vault::unlock(&dir, FAST_PASS), Err(Error::KeyFileDamaged(_))));
}

#[test]
fn a_damaged_database_is_reported_and_nothing_is_overwritten() {
    let (_tmp, dir, _) = new_vault();
    let db = dir.db_path();
    let mut bytes = fs::read(&db).unwrap();
    for b in &mut bytes[100..200] {
        *b ^= 0xff;
    }
    fs::write(&db, &bytes).unwrap();
    let before = snapshot(dir.path());
    assert!(matches!(Vault::unlock(&dir, FAST_PASS), Err(Error::DatabaseDamaged)));
    assert_eq!(snapshot(dir.path()), before);
    let msg = Error::DatabaseDamaged.message(enza_core::Lang::En);
    assert!(msg.contains("damaged") && !msg.contains("SQL"));
}

#[test]
fn a_database_from_another_vault_does_not_open() {
    let (_a, dir_a, _) = new_vault();
    let (_b, dir_b, _) = new_vault();
    fs::copy(dir_b.db_path(), dir_a.db_path()).unwrap();
    let before = snapshot(dir_a.path());
    assert!(matches!(Vault::unlock(&dir_a, FAST_PASS), Err(Error::DatabaseDamaged)));
    assert_eq!(snapshot(dir_a.path()), before);
}

#[test]
fn foreign_files_where_the_vault_should_be_are_left_alone() {
    let tmp = tempfile::tempdir().unwrap();

    // A plain file where the vault folder should be.
    let file = tmp.path().join("vault");
    fs::write(&file, b"my tax return").unwrap();
    let dir = VaultDir::new(&file);
    assert_eq!(dir.state(), VaultState::Foreign);
    assert!(matches!(Vault::create_insecure_fast(&dir, FAST_PASS).err(), Some(Error::NotAVault(_))));
    assert!(matches!(Vault::unlock(&dir, FAST_PASS), Err(Error::NotAVault(_))));
    assert_eq!(fs::read(&file).unwrap(), b"my tax return");

    // Somebody else's SQLite database named vault.db, with no key file.
    let other = tmp.path().join("other");
    fs::create_dir(&other).unwrap();
    fs::write(other.join("vault.db"), b"SQLite format 3\0not ours").unwrap();
    let dir = VaultDir::new(&other);
    let before = snapshot(&other);
    assert_eq!(dir.state(), VaultState::Foreign);
    assert!(matches!(Vault::create_insecure_fast(&dir, FAST_PASS).err(), Some(Error::NotAVault(_))));
    assert!(matches!(Vault::unlock(&dir, FAST_PASS), Err(Error::NotAVault(_))));
    assert_eq!(snapshot(&other), before);

    // A key file that is really a picture.
    let pic = tmp.path().join("pic");
    fs::create_dir(&pic).unwrap();
    fs::write(pic.join("vault.keys"), b"\x89PNG\r\n\x1a\n....").unwrap();
    fs::write(pic.join("vault.db"), b"....").unwrap();
    let before = snapshot(&pic);
    assert!(matches!(Vault::unlock(&VaultDir::new(&pic), FAST_PASS), Err(Error::KeyFileDamaged(_))));
    assert_eq!(snapshot(&pic), before);
}

#[test]
fn no_vault_yet_says_so() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = VaultDir::new(tmp.path().join("none"));
    assert_eq!(dir.state(), VaultState::Missing);
    assert!(matches!(Vault::unlock(&dir, FAST_PASS), Err(Error::NoVault(_))));
}

#[test]
fn creating_over_an_existing_vault_is_refused() {
    let (_tmp, dir, _) = new_vault();
    let before = snapshot(dir.path());
    assert!(matches!(Vault::create_insecure_fast(&dir, "another passphrase").err(), Some(Error::VaultExists(_))));
    assert_eq!(snapshot(dir.path()), before);
}

#[test]
fn changing_the_passphrase_rewraps_and_keeps_the_data() {
    let (_tmp, dir, recovery) = new_vault();
    Vault::unlock(&dir, FAST_PASS).unwrap().journal().add_reflection("", "still here").unwrap();
    let v = Vault::unlock(&dir, FAST_PASS).unwrap();
    let db_before = fs::read(dir.db_path()).unwrap();

    assert!(matches!(v.change_passphrase("not the old one", "new passphrase 2"), Err(Error::WrongPassphrase)));
    assert!(matches!(v.change_passphrase(FAST_PASS, "short"), Err(Error::PassphraseTooShort { .. })));
    v.change_passphrase(FAST_PASS, "new passphrase 2").unwrap();
    v.lock();

    assert!(matches!(Vault::unlock(&dir, FAST_PASS), Err(Error::WrongPassphrase)));
    let v = Vault::unlock(&dir, "new passphrase 2").unwrap();
    assert_eq!(v.journal().latest_reflections(10).unwrap()[0].excerpt, "still here");
    v.lock();
    // Only the key was rewrapped: the database was not re-encrypted.
    assert_eq!(fs::read(dir.db_path()).unwrap(), db_before);
    // The recovery key still works after a passphrase change.
    Vault::recover(&dir, &recovery, "third passphrase").unwrap().lock();
    assert!(Vault::unlock(&dir, "third passphrase").is_ok());
}

#[test]
fn the_recovery_key_opens_the_vault_and_sets_a_new_passphrase() {
    let (_tmp, dir, recovery) = new_vault();
    Vault::unlock(&dir, FAST_PASS).unwrap().journal().add_reflection("", "remember me").unwrap();

    let before = snapshot(dir.path());
    let mut wrong = recovery.clone().into_bytes();
    wrong[0] = if wrong[0] == b'2' { b'3' } else { b'2' };
    let wrong = String::from_utf8(wrong).unwrap();
    assert!(matches!(Vault::recover(&dir, &wrong, "brand new pass"), Err(Error::WrongRecoveryKey)));
    assert!(matches!(Vault::recover(&dir, "ABCD-EFGH", "brand new pass"), Err(Error::MalformedRecoveryKey)));
    assert!(matches!(Vault::recover(&dir, &recovery, "short"), Err(Error::PassphraseTooShort { .. })));
    assert_eq!(snapshot(dir.path()), before);

    let typed_sloppily = recovery.to_lowercase().replace('-', " ");
    let v = Vault::recover(&dir, &typed_sloppily, "brand new pass").unwrap();
    assert_eq!(v.journal().latest_reflections(10).unwrap()[0].excerpt, "remember me");
    v.lock();
    assert!(matches!(Vault::unlock(&dir, FAST_PASS), Err(Error::WrongPassphrase)));
    assert!(Vault::unlock(&dir, "brand new pass").is_ok());
}

#[test]
fn settings_live_in_the_vault() {
    let (_tmp, dir, _) = new_vault();
    let v = Vault::unlock(&dir, FAST_PASS).unwrap();
    assert_eq!(v.settings().get(&enza_core::settings::AUTO_LOCK_MINUTES).unwrap(), 10);
    v.settings().set(&enza_core::settings::AUTO_LOCK_MINUTES, &3).unwrap();
    assert!(v.settings().set(&enza_core::settings::AUTO_LOCK_MINUTES, &0).is_err());
    v.lock();
    assert_eq!(
        Vault::unlock(&dir, FAST_PASS).unwrap().settings().get(&enza_core::settings::AUTO_LOCK_MINUTES).unwrap(),
        3
    );
}

#[test]
fn the_vault_folder_is_private_to_its_owner() {
    use std::os::unix::fs::PermissionsExt;
    let (_tmp, dir, _) = new_vault();
    assert_eq!(fs::metadata(dir.path()).unwrap().permissions().mode() & 0o777, 0o700);
    assert_eq!(fs::metadata(dir.keys_path()).unwrap().permissions().mode() & 0o777, 0o600);
}

#[test]
fn no_file_holds_the_words_before_or_after_a_checkpoint() {
    let (_tmp, dir, _) = new_vault();
    let markers = ["zebracrossing", "ひまわり畑の約束", "Xylophone-42"];
    let v = Vault::unlock(&dir, FAST_PASS).unwrap();
    for m in markers {
        v.journal().add_reflection(m, &format!("{m} {m} {m}")).unwrap();
    }
    // Before a checkpoint the words are in the WAL (if anywhere).
    assert!(files_in(dir.path()).iter().any(|p| p.to_string_lossy().ends_with("-wal")));
    no_file_contains(dir.path(), &markers);
    v.checkpoint().unwrap();
    no_file_contains(dir.path(), &markers);
    // Deleted words are overwritten too (secure_delete), not left in free pages.
    let id = v.journal().add_reflection("", "quetzalcoatl-deleted").unwrap().id;
    v.journal().delete_reflection(id).unwrap();
    v.checkpoint().unwrap();
    v.lock();
    no_file_contains(dir.path(), &markers);
    no_file_contains(dir.path(), &["quetzalcoatl-deleted"]);
}

/// Every way of opening a vault gives a connection with the durability and
/// secrecy settings the format promises.
#[test]
fn every_opened_connection_has_the_promised_pragmas() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = VaultDir::new(tmp.path().join("v"));
    let created = Vault::create_insecure_fast(&dir, FAST_PASS).unwrap();
    let recovery = created.recovery_key.to_string();
    let check = |v: &Vault, how: &str| {
        for (pragma, want) in [
            ("journal_mode", "wal"),
            ("synchronous", "2"),
            ("secure_delete", "1"),
            ("temp_store", "2"),
            ("foreign_keys", "1"),
            ("cipher_memory_security", "0"),
        ] {
            assert_eq!(v.pragma_for_tests(pragma).unwrap().to_lowercase(), want, "{pragma} after {how}");
        }
    };
    check(&created.vault, "create");
    created.vault.lock();
    let v = Vault::unlock(&dir, FAST_PASS).unwrap();
    check(&v, "unlock");
    v.lock();
    let v = Vault::recover(&dir, &recovery, "another long passphrase").unwrap();
    check(&v, "recover");
}

/// The database, its WAL and shared-memory files are the owner's only,
/// whatever the folder's mode or the process's umask.
#[cfg(unix)]
#[test]
fn vault_files_are_private() {
    use std::os::unix::fs::PermissionsExt;
    let (_tmp, dir, _) = new_vault();
    let v = Vault::unlock(&dir, FAST_PASS).unwrap();
    v.journal().add_reflection("", "private").unwrap();
    fs::set_permissions(dir.path(), fs::Permissions::from_mode(0o755)).unwrap();
    for file in files_in(dir.path()) {
        let mode = fs::metadata(&file).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode & 0o077, 0, "{} is {:o}", file.display(), mode);
    }
    // A vault made before this rule, with a 0644 database, is tightened on open.
    v.lock();
    fs::set_permissions(dir.db_path(), fs::Permissions::from_mode(0o644)).unwrap();
    Vault::unlock(&dir, FAST_PASS).unwrap().lock();
    assert_eq!(fs::metadata(dir.db_path()).unwrap().permissions().mode() & 0o077, 0);
}
