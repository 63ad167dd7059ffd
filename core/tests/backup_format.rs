//! `docs/backup-format.md` is enough to open a backup: this test opens a
//! fresh one with the primitives alone (Argon2id, XChaCha20-Poly1305,
//! BLAKE2b, SQLCipher), not with enza-core's backup code; and a backup
//! written by the document alone (around a schema-4 database) restores, its
//! schema migrated, while one claiming a newer schema is refused.

mod common;

use enza_core::backup::BackupPassphrase;

use argon2::{Algorithm, Argon2, Params, Version};
use base64::engine::general_purpose::STANDARD as B64;
use base64::Engine;
use blake2::digest::consts::U32;
use blake2::digest::Mac;
use blake2::{Blake2b, Blake2bMac, Digest};
use chacha20poly1305::aead::{Aead, KeyInit, Payload};
use chacha20poly1305::{XChaCha20Poly1305, XNonce};
use common::FAST_PASS;
use enza_core::{Vault, VaultDir};
use serde_json::Value;

fn b64(v: &Value) -> Vec<u8> {
    B64.decode(v.as_str().unwrap()).unwrap()
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// docs/vault-format.md §4.2.
fn recovery_key_bytes(typed: &str) -> Vec<u8> {
    const ALPHABET: &str = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
    let mut n: u128 = 0;
    let mut bits = 0u32;
    let mut out = Vec::new();
    for c in typed.chars().filter(|c| !c.is_whitespace() && *c != '-') {
        let c = match c.to_ascii_uppercase() {
            'O' => '0',
            'I' | 'L' => '1',
            c => c,
        };
        n = (n << 5) | ALPHABET.find(c).unwrap() as u128;
        bits += 5;
        if bits >= 8 {
            bits -= 8;
            out.push((n >> bits) as u8);
            n &= (1 << bits) - 1;
        }
    }
    assert_eq!(out.len(), 20);
    out
}

/// §4.2: the file key from one slot.
fn file_key(header: &Value, kind: &str, secret: &[u8]) -> Option<Vec<u8>> {
    let slot = header["slots"].as_array().unwrap().iter().find(|s| s["kind"] == kind)?;
    let kdf = &slot["kdf"];
    assert_eq!((kdf["algorithm"].as_str(), kdf["version"].as_u64()), (Some("argon2id"), Some(19)));
    assert_eq!(slot["aead"], "xchacha20poly1305");
    let params = Params::new(
        kdf["memory_kib"].as_u64().unwrap() as u32,
        kdf["iterations"].as_u64().unwrap() as u32,
        kdf["parallelism"].as_u64().unwrap() as u32,
        Some(32),
    )
    .unwrap();
    let mut kek = [0u8; 32];
    Argon2::new(Algorithm::Argon2id, Version::V0x13, params)
        .hash_password_into(secret, &b64(&kdf["salt"]), &mut kek)
        .unwrap();
    let aad = format!("enza-backup/1/{kind}/{}", header["backup_id"].as_str().unwrap());
    XChaCha20Poly1305::new((&kek).into())
        .decrypt(
            XNonce::from_slice(&b64(&slot["nonce"])),
            Payload { msg: &b64(&slot["wrapped_key"]), aad: aad.as_bytes() },
        )
        .ok()
}

#[test]
fn a_backup_opens_by_following_the_document() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = VaultDir::new(tmp.path().join("vault"));
    let created = Vault::create_insecure_fast(&dir, FAST_PASS).unwrap();
    let recovery = created.recovery_key.to_string();
    created.vault.journal().add_reflection("format", "read back without enza-core's backup code").unwrap();
    let path = tmp.path().join("enza.backup");
    created.vault.backup().write(&path, BackupPassphrase::Vault, &mut |_, _| {}).unwrap();
    created.vault.lock();
    let data = std::fs::read(&path).unwrap();

    // §2: the prefix and the parts, ending exactly at the end of the file.
    assert_eq!(&data[..8], b"ENZA-BAK");
    assert_eq!(u16::from_be_bytes([data[8], data[9]]), 1);
    let h = u32::from_be_bytes(data[10..14].try_into().unwrap()) as usize;
    let (head, header_bytes) = (&data[..14 + h], &data[14..14 + h]);
    let header: Value = serde_json::from_slice(header_bytes).unwrap();
    // §3: compact JSON, members in the documented order.
    assert!(!header_bytes.contains(&b'\n') && !header_bytes.contains(&b' '));
    let order: Vec<&str> = header.as_object().unwrap().keys().map(String::as_str).collect();
    let mut sorted = order.clone();
    sorted.sort();
    let expected = ["backup_id", "created_at", "database", "format", "manifest", "schema_version", "slots"];
    assert_eq!(sorted, expected, "every member, no other");
    let text = std::str::from_utf8(header_bytes).unwrap();
    assert!(text.starts_with("{\"format\":\"enza-backup\",\"backup_id\":"));
    assert_eq!(b64(&header["backup_id"]).len(), 16);
    assert!(chrono::DateTime::parse_from_rfc3339(header["created_at"].as_str().unwrap()).is_ok());
    assert_eq!(header["database"]["cipher"], "sqlcipher4-raw-key");
    let m = header["manifest"]["length"].as_u64().unwrap() as usize;
    let n = header["database"]["length"].as_u64().unwrap() as usize;
    assert_eq!(data.len(), 14 + h + m + n);
    let (sealed, db) = (&data[14 + h..14 + h + m], &data[14 + h + m..]);
    assert_eq!(hex(&Blake2b::<U32>::digest(db)), header["database"]["blake2b_256"].as_str().unwrap());

    // §4.2: both slots give the same file key; a wrong secret gives none.
    let k = file_key(&header, "passphrase", FAST_PASS.as_bytes()).unwrap();
    assert_eq!(file_key(&header, "recovery", &recovery_key_bytes(&recovery)).unwrap(), k);
    assert!(file_key(&header, "passphrase", b"not the passphrase").is_none());

    // §4.3: the manifest, with the head as associated data.
    let mut mac = <Blake2bMac<U32> as Mac>::new_from_slice(&k).unwrap();
    mac.update(b"enza-backup/1/manifest");
    let mk = mac.finalize().into_bytes();
    let nonce = b64(&header["manifest"]["nonce"]);
    let manifest =
        XChaCha20Poly1305::new(&mk).decrypt(XNonce::from_slice(&nonce), Payload { msg: sealed, aad: head }).unwrap();
    let manifest: Value = serde_json::from_slice(&manifest).unwrap();
    assert_eq!(manifest["counts"]["reflections"], 1);
    assert_eq!(manifest.as_object().unwrap().len(), 1);

    // §6: the database section opens with the raw key and SQLCipher 4 defaults.
    let db_path = tmp.path().join("backup.db");
    std::fs::write(&db_path, db).unwrap();
    let conn = rusqlite::Connection::open(&db_path).unwrap();
    conn.execute_batch(&format!("PRAGMA key = \"x'{}'\";", hex(&k))).unwrap();
    let body: String = conn.query_row("SELECT body FROM reflection WHERE title = 'format'", [], |r| r.get(0)).unwrap();
    assert_eq!(body, "read back without enza-core's backup code");
    let version: i64 = conn.query_row("PRAGMA user_version", [], |r| r.get(0)).unwrap();
    assert_eq!(version, header["schema_version"].as_i64().unwrap());
    let mode: String = conn.query_row("PRAGMA journal_mode", [], |r| r.get(0)).unwrap();
    assert_eq!(mode, "delete");
}

/// Writes a backup by the document alone around a database made at schema
/// version 4 (before the journal's tables), claiming `schema_version`.
/// With `tamper`, one byte of the database's second page is changed before
/// the digest is taken: the header is consistent, only SQLCipher's page
/// HMAC can notice.
fn backup_by_the_document(dir: &std::path::Path, claimed_schema: i64, tamper: bool) -> Vec<u8> {
    let k: Vec<u8> = (0x20u8..0x40).collect();
    let db_path = dir.join(format!("schema4-{claimed_schema}-{tamper}.db"));
    let conn = rusqlite::Connection::open(&db_path).unwrap();
    conn.execute_batch(&format!("PRAGMA key = \"x'{}'\";", hex(&k))).unwrap();
    for sql in [
        include_str!("../src/store/migrations/0001_initial.sql"),
        include_str!("../src/store/migrations/0002_meetings.sql"),
        include_str!("../src/store/migrations/0003_session_lists.sql"),
        include_str!("../src/store/migrations/0004_session_template_key.sql"),
    ] {
        conn.execute_batch(sql).unwrap();
    }
    conn.execute_batch(
        "PRAGMA user_version = 4;
         INSERT INTO reflection (title, body, created_at, updated_at)
         VALUES ('old', 'kept since schema 4', '2025-01-01T10:00:00.000Z', '2025-01-01T10:00:00.000Z');
         INSERT INTO setting (key, value) VALUES ('auto_lock_minutes', '20');",
    )
    .unwrap();
    drop(conn);
    let mut db = std::fs::read(&db_path).unwrap();
    if tamper {
        db[4096 + 200] ^= 0x40;
    }

    let (salt, slot_nonce, manifest_nonce) = ([0x60u8; 16], [0x70u8; 24], [0x80u8; 24]);
    let backup_id = B64.encode([0xa0u8; 16]);
    let params = Params::new(64, 1, 1, Some(32)).unwrap();
    let mut kek = [0u8; 32];
    Argon2::new(Algorithm::Argon2id, Version::V0x13, params)
        .hash_password_into(FAST_PASS.as_bytes(), &salt, &mut kek)
        .unwrap();
    let aad = format!("enza-backup/1/passphrase/{backup_id}");
    let wrapped = XChaCha20Poly1305::new((&kek).into())
        .encrypt(XNonce::from_slice(&slot_nonce), Payload { msg: &k, aad: aad.as_bytes() })
        .unwrap();
    let counts = serde_json::json!({"counts": {
        "reflections": 1, "checkins": 0, "boundary_events": 0, "plan_versions": 0, "supervision_days": 0,
        "meetings": 0, "meeting_events": 0, "records": 0, "groups": 0, "template_copies": 0, "settings": 1}});
    let plain = serde_json::to_vec(&counts).unwrap();
    let header = serde_json::json!({
        "format": "enza-backup",
        "backup_id": backup_id,
        "created_at": "2025-01-02T03:04:05.678Z",
        "schema_version": claimed_schema,
        "database": {"cipher": "sqlcipher4-raw-key", "length": db.len(), "blake2b_256": hex(&Blake2b::<U32>::digest(&db))},
        "manifest": {"aead": "xchacha20poly1305", "nonce": B64.encode(manifest_nonce), "length": plain.len() + 16},
        "slots": [{"kind": "passphrase",
                   "kdf": {"algorithm": "argon2id", "version": 19, "memory_kib": 64, "iterations": 1, "parallelism": 1,
                           "salt": B64.encode(salt)},
                   "aead": "xchacha20poly1305", "nonce": B64.encode(slot_nonce), "wrapped_key": B64.encode(wrapped)}],
    });
    let header = serde_json::to_vec(&header).unwrap();
    let mut file = b"ENZA-BAK".to_vec();
    file.extend_from_slice(&1u16.to_be_bytes());
    file.extend_from_slice(&(header.len() as u32).to_be_bytes());
    file.extend_from_slice(&header);
    let mut mac = <Blake2bMac<U32> as Mac>::new_from_slice(&k).unwrap();
    mac.update(b"enza-backup/1/manifest");
    let mk = mac.finalize().into_bytes();
    let sealed = XChaCha20Poly1305::new(&mk)
        .encrypt(XNonce::from_slice(&manifest_nonce), Payload { msg: &plain, aad: &file })
        .unwrap();
    file.extend_from_slice(&sealed);
    file.extend_from_slice(&db);
    file
}

#[test]
fn a_backup_written_by_the_document_restores_and_its_older_schema_is_migrated() {
    use enza_core::backup::{self, BackupSecret};
    let tmp = tempfile::tempdir().unwrap();
    let path = tmp.path().join("schema4.backup");
    std::fs::write(&path, backup_by_the_document(tmp.path(), 4, false)).unwrap();
    let info = backup::verify(&path, BackupSecret::Passphrase(FAST_PASS), &mut |_, _| {}).unwrap();
    assert_eq!((info.schema_version, info.counts["reflections"], info.recovery_slot), (4, 1, false));
    let dir = VaultDir::new(tmp.path().join("restored"));
    let restored =
        backup::restore(&path, BackupSecret::Passphrase(FAST_PASS), &dir, "the restored passphrase", &mut |_, _| {})
            .unwrap();
    let v = restored.vault;
    assert_eq!(v.pragma_for_tests("user_version").unwrap(), "9", "migrated on open");
    let list = v.journal().latest_reflections(10).unwrap();
    assert_eq!((list.len(), list[0].title.as_str()), (1, "old"));
    // Its search index was built by the migration.
    let query = enza_core::search::Query { text: "old".into(), ..Default::default() };
    assert_eq!(v.search().find(&query).unwrap().len(), 1);
    assert_eq!(v.settings().get(&enza_core::settings::AUTO_LOCK_MINUTES).unwrap(), 20);
    // The journal's tables, added by the migration, work.
    v.journal().record_supervision("2026-01-05".parse().unwrap(), "2026-01-06".parse().unwrap()).unwrap();

    // A backup claiming a newer schema is refused as such; nothing written.
    let newer = tmp.path().join("newer.backup");
    std::fs::write(&newer, backup_by_the_document(tmp.path(), 99, false)).unwrap();
    let e = backup::verify(&newer, BackupSecret::Passphrase(FAST_PASS), &mut |_, _| {}).map(|_| ()).unwrap_err();
    assert_eq!(e.code(), "backup_too_new");
    let target = VaultDir::new(tmp.path().join("never"));
    let e = backup::restore(
        &newer,
        BackupSecret::Passphrase(FAST_PASS),
        &target,
        "the restored passphrase",
        &mut |_, _| {},
    )
    .map(|_| ())
    .unwrap_err();
    assert_eq!(e.code(), "backup_too_new");
    assert!(!target.path().exists());

    // A consistent header around a changed page: SQLCipher's page HMAC
    // catches it, in verify and in restore, and restore leaves nothing.
    let tampered = tmp.path().join("tampered.backup");
    std::fs::write(&tampered, backup_by_the_document(tmp.path(), 4, true)).unwrap();
    let e = backup::verify(&tampered, BackupSecret::Passphrase(FAST_PASS), &mut |_, _| {}).map(|_| ()).unwrap_err();
    assert_eq!(e.code(), "backup_damaged");
    let before: Vec<_> = std::fs::read_dir(tmp.path()).unwrap().map(|e| e.unwrap().file_name()).collect();
    let e = backup::restore(
        &tampered,
        BackupSecret::Passphrase(FAST_PASS),
        &target,
        "the restored passphrase",
        &mut |_, _| {},
    )
    .map(|_| ())
    .unwrap_err();
    assert_eq!(e.code(), "backup_damaged");
    assert!(!target.path().exists());
    let after: Vec<_> = std::fs::read_dir(tmp.path()).unwrap().map(|e| e.unwrap().file_name()).collect();
    assert_eq!(before.len(), after.len(), "no staging folder left behind");
}

/// The BLAKE2b of §3 and §4.3 is the RFC 7693 one that other languages
/// have: these values come from Python's `hashlib.blake2b`.
#[test]
fn blake2b_is_the_one_hashlib_computes() {
    assert_eq!(
        hex(&Blake2b::<U32>::digest(b"abc")),
        "bddd813c634239723171ef3fee98579b94964e3bb1cb3e427262c8c068d52319"
    );
    let k: Vec<u8> = (0x20u8..0x40).collect();
    let mut mac = <Blake2bMac<U32> as Mac>::new_from_slice(&k).unwrap();
    mac.update(b"enza-backup/1/manifest");
    // hashlib.blake2b(b"enza-backup/1/manifest", key=bytes(range(0x20, 0x40)), digest_size=32)
    assert_eq!(hex(&mac.finalize().into_bytes()), "17cd6684a95557965d0bffac2c47b936a5fb2f16e1172712f0309aece7cde754");
}
