//! `docs/vault-format.md` against the code: its test vector must open with
//! enza-core, and a vault made by enza-core must open by following only the
//! document (Argon2id, XChaCha20-Poly1305 and SQLCipher driven directly here,
//! not through enza-core's own key code).

use argon2::{Algorithm, Argon2, Params, Version};
use base64::engine::general_purpose::STANDARD as B64;
use base64::Engine;
use chacha20poly1305::aead::{Aead, KeyInit, Payload};
use chacha20poly1305::{Key, XChaCha20Poly1305, XNonce};
use enza_core::keys::RecoveryKey;
use enza_core::vault::keyfile::KeyFile;
use enza_core::{Error, Vault, VaultDir};
use serde_json::Value;
use std::collections::HashMap;

fn doc() -> String {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../docs/vault-format.md");
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("reading {path}: {e}"))
}

/// The body of the one fenced block opened by exactly "```<info>".
fn fenced_block(doc: &str, info: &str) -> String {
    let fence = format!("```{info}");
    let mut found = Vec::new();
    let mut lines = doc.lines();
    while let Some(line) = lines.next() {
        if line.trim_end() == fence {
            let body: Vec<&str> = lines.by_ref().take_while(|l| l.trim_end() != "```").collect();
            found.push(body.join("\n") + "\n");
        }
    }
    assert_eq!(found.len(), 1, "expected exactly one {fence} block in the document");
    found.pop().unwrap()
}

/// `name: value` lines; the value is everything after the first ": ".
fn test_vector(doc: &str) -> HashMap<String, String> {
    fenced_block(doc, "text test-vector")
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| {
            let (k, v) = l.split_once(": ").unwrap_or_else(|| panic!("not `name: value`: {l:?}"));
            (k.trim().to_owned(), v.to_owned())
        })
        .collect()
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// Crockford base32 as the document describes it, written independently of
/// `RecoveryKey::parse`: 32 symbols, 5 bits each, most significant first.
fn recovery_key_bytes(typed: &str) -> Vec<u8> {
    const ALPHABET: &str = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
    let mut bits = String::new();
    for c in typed.chars().filter(|c| *c != '-' && !c.is_whitespace()) {
        let c = match c.to_ascii_uppercase() {
            'O' => '0',
            'I' | 'L' => '1',
            c => c,
        };
        let v = ALPHABET.find(c).unwrap_or_else(|| panic!("{c:?} is not Crockford base32"));
        bits.push_str(&format!("{v:05b}"));
    }
    assert_eq!(bits.len(), 160, "a recovery key is 32 symbols");
    bits.as_bytes().chunks(8).map(|b| u8::from_str_radix(std::str::from_utf8(b).unwrap(), 2).unwrap()).collect()
}

fn b64(v: &Value) -> Vec<u8> {
    B64.decode(v.as_str().expect("base64 string")).expect("standard padded base64")
}

/// One slot opened by following the document: Argon2id v0x13 → 32-byte KEK,
/// then XChaCha20-Poly1305 with AAD `enza-vault-keys/1/<slot>/<vault_id>`.
/// Returns (KEK, data key).
fn open_slot_by_the_doc(file: &Value, slot: &str, secret: &[u8]) -> Option<(Vec<u8>, Vec<u8>)> {
    assert_eq!(file["format"], "enza-vault-keys");
    assert_eq!(file["version"], 1);
    assert_eq!(file["database"]["cipher"], "sqlcipher4-raw-key");
    let s = &file[slot];
    let kdf = &s["kdf"];
    assert_eq!(kdf["algorithm"], "argon2id");
    assert_eq!(kdf["version"], 19);
    assert_eq!(s["aead"], "xchacha20poly1305");
    let n = |f: &str| u32::try_from(kdf[f].as_u64().expect("integer")).unwrap();
    let salt = b64(&kdf["salt"]);
    let nonce = b64(&s["nonce"]);
    let sealed = b64(&s["wrapped_key"]);
    assert_eq!((salt.len(), nonce.len(), sealed.len()), (16, 24, 48));
    assert_eq!(b64(&file["vault_id"]).len(), 16);

    let params = Params::new(n("memory_kib"), n("iterations"), n("parallelism"), Some(32)).unwrap();
    let mut kek = [0u8; 32];
    Argon2::new(Algorithm::Argon2id, Version::V0x13, params).hash_password_into(secret, &salt, &mut kek).unwrap();
    let aad = format!("enza-vault-keys/1/{slot}/{}", file["vault_id"].as_str().unwrap());
    let data_key = XChaCha20Poly1305::new(Key::from_slice(&kek))
        .decrypt(XNonce::from_slice(&nonce), Payload { msg: &sealed, aad: aad.as_bytes() })
        .ok()?;
    assert_eq!(data_key.len(), 32);
    Some((kek.to_vec(), data_key))
}

#[test]
fn the_documented_test_vector_opens() {
    let doc = doc();
    let json = fenced_block(&doc, "json vault.keys");
    let v = test_vector(&doc);
    let passphrase = &v["passphrase"];
    let recovery = &v["recovery key"];
    let data_key = &v["data key"];
    assert_eq!(data_key.len(), 64);
    assert!(data_key.bytes().all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b)), "lowercase hex");

    // The vector is exactly what the code writes, byte for byte.
    let kf = KeyFile::parse(json.as_bytes()).expect("the documented key file parses");
    assert_eq!(kf.to_json(), json, "the documented JSON is not what KeyFile::to_json writes");

    // enza-core opens both slots to the documented data key.
    assert_eq!(hex(kf.open_with_passphrase(passphrase).unwrap().as_bytes()), *data_key);
    let rk = RecoveryKey::parse(recovery).unwrap();
    assert_eq!(*rk.display(), *recovery, "the recovery key is shown in its canonical form");
    assert_eq!(hex(kf.open_with_recovery(&rk).unwrap().as_bytes()), *data_key);
    let sloppy = recovery.to_lowercase().replace('-', " ").replace('0', "o").replace('1', "l");
    assert_eq!(hex(kf.open_with_recovery(&RecoveryKey::parse(&sloppy).unwrap()).unwrap().as_bytes()), *data_key);

    assert!(matches!(kf.open_with_passphrase("correct horse cafe 1"), Err(Error::WrongPassphrase)));
    assert!(matches!(kf.open_with_passphrase(""), Err(Error::WrongPassphrase)));
    let other = RecoveryKey::parse(&"0".repeat(32)).unwrap();
    assert!(matches!(kf.open_with_recovery(&other), Err(Error::WrongRecoveryKey)));

    // The intermediate values of the vector, derived independently.
    let file: Value = serde_json::from_str(&json).unwrap();
    assert_eq!(hex(passphrase.as_bytes()), v["passphrase bytes"], "the vector's passphrase is NFC UTF-8");
    let rk_bytes = recovery_key_bytes(recovery);
    assert_eq!(hex(&rk_bytes), v["recovery key bytes"]);
    let (kek, dk) = open_slot_by_the_doc(&file, "passphrase", passphrase.as_bytes()).expect("passphrase slot");
    assert_eq!((hex(&kek), hex(&dk)), (v["passphrase kek"].clone(), data_key.clone()));
    let (kek, dk) = open_slot_by_the_doc(&file, "recovery", &rk_bytes).expect("recovery slot");
    assert_eq!((hex(&kek), hex(&dk)), (v["recovery kek"].clone(), data_key.clone()));
}

#[test]
fn the_documented_reading_rules_hold() {
    let json = fenced_block(&doc(), "json vault.keys");
    let passphrase = test_vector(&doc())["passphrase"].clone();

    // Changing an unauthenticated KDF parameter (within bounds) only makes unlocking fail.
    let weaker = json.replacen("\"iterations\": 3,", "\"iterations\": 1,", 1);
    assert_ne!(weaker, json);
    let kf = KeyFile::parse(weaker.as_bytes()).unwrap();
    assert!(matches!(kf.open_with_passphrase(&passphrase), Err(Error::WrongPassphrase)));

    // The associated data binds each wrap to its vault_id: another (valid) id does not open.
    let moved =
        json.replacen("\"vault_id\": \"oKGio6SlpqeoqaqrrK2urw==\"", "\"vault_id\": \"AAAAAAAAAAAAAAAAAAAAAA==\"", 1);
    assert_ne!(moved, json);
    let kf = KeyFile::parse(moved.as_bytes()).unwrap();
    assert!(matches!(kf.open_with_passphrase(&passphrase), Err(Error::WrongPassphrase)));

    // A newer version is reported as such, before anything else is looked at.
    let newer = r#"{"format": "enza-vault-keys", "version": 2, "anything": "else"}"#;
    assert!(matches!(KeyFile::parse(newer.as_bytes()), Err(Error::UnsupportedVersion(2))));

    // Unknown fields, bad bounds and wrong constants are damage.
    let damaged = [
        json.replacen("\"format\"", "\"extra\": 0,\n  \"format\"", 1),
        json.replacen("\"aead\": \"xchacha20poly1305\",", "\"aead\": \"xchacha20poly1305\", \"x\": 1,", 1),
        json.replacen("\"version\": 1,", "\"version\": 0,", 1),
        json.replacen("\"version\": 1,", "\"version\": 1.0,", 1),
        json.replacen("\"memory_kib\": 65536,", "\"memory_kib\": 4194305,", 1),
        json.replacen("\"memory_kib\": 65536,", "\"memory_kib\": 7,", 1),
        json.replacen("\"iterations\": 3,", "\"iterations\": 65,", 1),
        json.replacen("\"parallelism\": 1,", "\"parallelism\": 17,", 1),
        json.replacen("\"version\": 19,", "\"version\": 16,", 1),
        json.replacen("argon2id", "argon2i", 1),
        json.replacen("sqlcipher4-raw-key", "sqlcipher3", 1),
        json.replacen("\"vault_id\": \"", "\"vault_id\": \"AAAA", 1),
        json.replacen("\"format\": \"enza-vault-keys\"", "\"format\": \"enza\"", 1),
    ];
    for bad in &damaged {
        assert_ne!(bad, &json);
        assert!(matches!(KeyFile::parse(bad.as_bytes()), Err(Error::KeyFileDamaged(_))), "{bad}");
    }
}

#[test]
fn a_real_vault_opens_by_following_the_document() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = VaultDir::new(tmp.path().join("vault"));
    let passphrase = "a passphrase for the format test";
    let created = Vault::create_insecure_fast(&dir, passphrase).unwrap();
    let recovery = created.recovery_key.to_string();
    created.vault.journal().add_reflection("format", "read back without enza-core's key code").unwrap();
    created.vault.lock();

    let keys_path = tmp.path().join("vault/vault.keys");
    let db_path = tmp.path().join("vault/vault.db");
    assert!(!tmp.path().join("vault/vault.keys.tmp").exists());
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = |p: &std::path::Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode(&tmp.path().join("vault")), 0o700);
        assert_eq!(mode(&keys_path) & 0o077, 0, "vault.keys is private");
    }

    // The recovery key as displayed: 8 groups of 4, joined by '-'.
    assert_eq!(recovery.len(), 39);
    assert!(recovery.split('-').all(|g| g.len() == 4));

    // Both slots unwrap to the same data key, by the document alone.
    let json = std::fs::read_to_string(&keys_path).unwrap();
    let file: Value = serde_json::from_str(&json).unwrap();
    let (_, dk) = open_slot_by_the_doc(&file, "passphrase", passphrase.as_bytes()).unwrap();
    let (_, dk2) = open_slot_by_the_doc(&file, "recovery", &recovery_key_bytes(&recovery)).unwrap();
    assert_eq!(dk, dk2);
    assert!(open_slot_by_the_doc(&file, "passphrase", b"not the passphrase").is_none());

    // The database opens with the raw key and SQLCipher 4 defaults.
    let read_db = |dk: &[u8]| {
        let conn = rusqlite::Connection::open(&db_path).unwrap();
        conn.execute_batch(&format!("PRAGMA key = \"x'{}'\";", hex(dk))).unwrap();
        let tables: i64 = conn.query_row("SELECT count(*) FROM sqlite_master", [], |r| r.get(0)).unwrap();
        assert!(tables > 0);
        let mode: String = conn.query_row("PRAGMA journal_mode", [], |r| r.get(0)).unwrap();
        assert_eq!(mode, "wal");
        let schema: i64 = conn.query_row("PRAGMA user_version", [], |r| r.get(0)).unwrap();
        assert!(schema >= 1);
        conn.query_row("SELECT body FROM reflection WHERE title = 'format'", [], |r| r.get::<_, String>(0)).unwrap()
    };
    assert_eq!(read_db(&dk), "read back without enza-core's key code");

    // A passphrase change rewraps only the passphrase slot: fresh salt and
    // nonce, same KDF parameters, same vault_id, recovery slot untouched.
    let vault = Vault::unlock(&dir, passphrase).unwrap();
    vault.change_passphrase(passphrase, "the second passphrase").unwrap();
    vault.lock();
    let after: Value = serde_json::from_str(&std::fs::read_to_string(&keys_path).unwrap()).unwrap();
    assert_eq!(after["vault_id"], file["vault_id"]);
    assert_eq!(after["recovery"], file["recovery"]);
    assert_ne!(after["passphrase"]["kdf"]["salt"], file["passphrase"]["kdf"]["salt"]);
    assert_ne!(after["passphrase"]["nonce"], file["passphrase"]["nonce"]);
    for p in ["memory_kib", "iterations", "parallelism"] {
        assert_eq!(after["passphrase"]["kdf"][p], file["passphrase"]["kdf"][p]);
    }
    assert!(open_slot_by_the_doc(&after, "passphrase", passphrase.as_bytes()).is_none());
    let (_, dk3) = open_slot_by_the_doc(&after, "passphrase", b"the second passphrase").unwrap();
    assert_eq!(dk3, dk, "the data key never changes");

    // Recovery opens the recovery slot and rewraps the passphrase slot the same way.
    Vault::recover(&dir, &recovery.to_lowercase(), "the third passphrase").unwrap().lock();
    let recovered: Value = serde_json::from_str(&std::fs::read_to_string(&keys_path).unwrap()).unwrap();
    assert_eq!(recovered["recovery"], file["recovery"]);
    let (_, dk4) = open_slot_by_the_doc(&recovered, "passphrase", b"the third passphrase").unwrap();
    assert_eq!(dk4, dk);
    assert_eq!(read_db(&dk4), "read back without enza-core's key code");
}
