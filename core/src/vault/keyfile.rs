//! `vault.keys`: the versioned JSON file that holds the data key, wrapped
//! once under the passphrase and once under the recovery key.
//!
//! The format is specified in `docs/vault-format.md`; keep the two in step.

use super::keys::{self, KdfParams, RecoveryKey, SecretKey, SALT_LEN};
use crate::error::{Error, Result};
use base64::engine::general_purpose::STANDARD as B64;
use base64::Engine;
use serde::{Deserialize, Serialize};
use std::fs::{self, File};
use std::io::Write;
use std::path::Path;

pub const FORMAT: &str = "enza-vault-keys";
pub const VERSION: u32 = 1;
/// Refuse to parse anything larger: a real key file is under 1 KiB.
const MAX_FILE_BYTES: u64 = 64 * 1024;

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct KeyFile {
    pub format: String,
    pub version: u32,
    /// 16 random bytes, base64: binds each wrap to this vault.
    pub vault_id: String,
    pub database: DatabaseInfo,
    pub passphrase: Slot,
    pub recovery: Slot,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DatabaseInfo {
    /// Always "sqlcipher4-raw-key" in version 1.
    pub cipher: String,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Slot {
    pub kdf: Kdf,
    /// Always "xchacha20poly1305" in version 1.
    pub aead: String,
    pub nonce: String,
    pub wrapped_key: String,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Kdf {
    /// Always "argon2id" in version 1.
    pub algorithm: String,
    /// Argon2 version number: 19 (0x13).
    pub version: u32,
    pub memory_kib: u32,
    pub iterations: u32,
    pub parallelism: u32,
    pub salt: String,
}

impl Kdf {
    fn params(&self) -> KdfParams {
        KdfParams { memory_kib: self.memory_kib, iterations: self.iterations, parallelism: self.parallelism }
    }
}

#[derive(Clone, Copy)]
enum SlotKind {
    Passphrase,
    Recovery,
}

impl SlotKind {
    fn name(self) -> &'static str {
        match self {
            SlotKind::Passphrase => "passphrase",
            SlotKind::Recovery => "recovery",
        }
    }
}

impl KeyFile {
    /// A new key file for `data_key`, wrapped under both secrets.
    pub fn new(data_key: &SecretKey, passphrase: &str, recovery: &RecoveryKey, kdf: KdfParams) -> Result<Self> {
        let mut id = [0u8; 16];
        keys::fill_random(&mut id)?;
        let vault_id = B64.encode(id);
        let pass = keys::passphrase_bytes(passphrase)?;
        Ok(KeyFile {
            format: FORMAT.into(),
            version: VERSION,
            database: DatabaseInfo { cipher: "sqlcipher4-raw-key".into() },
            passphrase: Slot::seal(&vault_id, SlotKind::Passphrase, &pass, data_key, kdf)?,
            recovery: Slot::seal(&vault_id, SlotKind::Recovery, recovery.as_bytes(), data_key, kdf)?,
            vault_id,
        })
    }

    pub fn open_with_passphrase(&self, passphrase: &str) -> Result<SecretKey> {
        let pass = keys::passphrase_bytes(passphrase).map_err(|_| Error::WrongPassphrase)?;
        self.passphrase.open(&self.vault_id, SlotKind::Passphrase, &pass)?.ok_or(Error::WrongPassphrase)
    }

    pub fn open_with_recovery(&self, recovery: &RecoveryKey) -> Result<SecretKey> {
        self.recovery.open(&self.vault_id, SlotKind::Recovery, recovery.as_bytes())?.ok_or(Error::WrongRecoveryKey)
    }

    /// Rewraps the data key under a new passphrase; the recovery slot stays.
    pub fn with_new_passphrase(&self, data_key: &SecretKey, new_passphrase: &str) -> Result<Self> {
        let pass = keys::passphrase_bytes(new_passphrase)?;
        let mut next = self.clone();
        next.passphrase =
            Slot::seal(&self.vault_id, SlotKind::Passphrase, &pass, data_key, self.passphrase.kdf.params())?;
        Ok(next)
    }

    pub fn parse(bytes: &[u8]) -> Result<Self> {
        // Read the version first, so a newer file says "update" rather than "damaged".
        let probe: serde_json::Value =
            serde_json::from_slice(bytes).map_err(|_| Error::KeyFileDamaged("not JSON".into()))?;
        if probe.get("format").and_then(|f| f.as_str()) != Some(FORMAT) {
            return Err(Error::KeyFileDamaged("not an Enza key file".into()));
        }
        match probe.get("version").and_then(|v| v.as_u64()) {
            Some(v) if v == VERSION as u64 => {}
            Some(v) if v > VERSION as u64 => return Err(Error::UnsupportedVersion(v.min(u32::MAX as u64) as u32)),
            _ => return Err(Error::KeyFileDamaged("bad version".into())),
        }
        let file: KeyFile = serde_json::from_value(probe).map_err(|e| Error::KeyFileDamaged(format!("fields: {e}")))?;
        file.check()?;
        Ok(file)
    }

    fn check(&self) -> Result<()> {
        let bad = |what: &str| Err(Error::KeyFileDamaged(what.into()));
        if self.database.cipher != "sqlcipher4-raw-key" {
            return bad("unknown database cipher");
        }
        if B64.decode(&self.vault_id).map(|v| v.len()) != Ok(16) {
            return bad("vault_id");
        }
        for slot in [&self.passphrase, &self.recovery] {
            if slot.aead != "xchacha20poly1305" || slot.kdf.algorithm != "argon2id" || slot.kdf.version != 0x13 {
                return bad("unknown algorithm");
            }
            slot.kdf.params().check_readable()?;
        }
        Ok(())
    }

    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(self).expect("key file serializes") + "\n"
    }

    pub fn read(path: &Path) -> Result<Self> {
        let meta = fs::metadata(path)?;
        if !meta.is_file() || meta.len() > MAX_FILE_BYTES {
            return Err(Error::KeyFileDamaged("not a small regular file".into()));
        }
        Self::parse(&fs::read(path)?)
    }

    /// Replaces the file atomically: write a temporary file beside it, fsync,
    /// rename over the old one, fsync the directory. A crash at any point
    /// leaves either the old file or the new one, never a mix.
    pub fn write_atomic(&self, path: &Path) -> Result<()> {
        let dir = path.parent().ok_or_else(|| Error::Io(std::io::Error::other("key file has no folder")))?;
        let tmp = path.with_extension("keys.tmp");
        {
            let mut options = fs::OpenOptions::new();
            options.write(true).create(true).truncate(true);
            #[cfg(unix)]
            std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
            let mut f = options.open(&tmp)?;
            f.write_all(self.to_json().as_bytes())?;
            f.sync_all()?;
        }
        fs::rename(&tmp, path)?;
        File::open(dir)?.sync_all()?;
        Ok(())
    }
}

impl Slot {
    fn seal(vault_id: &str, kind: SlotKind, secret: &[u8], data_key: &SecretKey, kdf: KdfParams) -> Result<Self> {
        let mut salt = [0u8; SALT_LEN];
        keys::fill_random(&mut salt)?;
        let kek = keys::derive_kek(secret, &salt, kdf)?;
        let (nonce, sealed) = keys::wrap(&kek, data_key, aad(vault_id, kind).as_bytes())?;
        Ok(Slot {
            kdf: Kdf {
                algorithm: "argon2id".into(),
                version: 0x13,
                memory_kib: kdf.memory_kib,
                iterations: kdf.iterations,
                parallelism: kdf.parallelism,
                salt: B64.encode(salt),
            },
            aead: "xchacha20poly1305".into(),
            nonce: B64.encode(nonce),
            wrapped_key: B64.encode(sealed),
        })
    }

    /// `Ok(None)` when the secret is wrong; `Err` when the slot is malformed.
    fn open(&self, vault_id: &str, kind: SlotKind, secret: &[u8]) -> Result<Option<SecretKey>> {
        let decode = |s: &str| B64.decode(s).map_err(|_| Error::KeyFileDamaged("base64".into()));
        let salt = decode(&self.kdf.salt)?;
        let nonce = decode(&self.nonce)?;
        let sealed = decode(&self.wrapped_key)?;
        let kek = keys::derive_kek(secret, &salt, self.kdf.params())?;
        Ok(keys::unwrap(&kek, &nonce, &sealed, aad(vault_id, kind).as_bytes()))
    }
}

/// Associated data of a wrap: `enza-vault-keys/1/<slot>/<vault_id>`.
fn aad(vault_id: &str, kind: SlotKind) -> String {
    format!("{FORMAT}/{VERSION}/{}/{vault_id}", kind.name())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> (KeyFile, SecretKey, RecoveryKey) {
        let dk = SecretKey::random().unwrap();
        let rk = RecoveryKey::random().unwrap();
        let kf = KeyFile::new(&dk, "correct horse battery", &rk, KdfParams::INSECURE_FAST).unwrap();
        (kf, dk, rk)
    }

    #[test]
    fn both_slots_open_to_the_same_data_key() {
        let (kf, dk, rk) = sample();
        let kf = KeyFile::parse(kf.to_json().as_bytes()).unwrap();
        assert_eq!(kf.open_with_passphrase("correct horse battery").unwrap().as_bytes(), dk.as_bytes());
        assert_eq!(kf.open_with_recovery(&rk).unwrap().as_bytes(), dk.as_bytes());
        assert!(matches!(kf.open_with_passphrase("wrong horse battery"), Err(Error::WrongPassphrase)));
    }

    #[test]
    fn a_slot_moved_to_another_vault_does_not_open() {
        let (mut a, _, _) = sample();
        let (b, _, _) = sample();
        a.passphrase = b.passphrase.clone();
        assert!(matches!(a.open_with_passphrase("correct horse battery"), Err(Error::WrongPassphrase)));
    }

    #[test]
    fn newer_versions_ask_for_an_update() {
        let (kf, _, _) = sample();
        let json = kf.to_json().replace("\"version\": 1,", "\"version\": 2,");
        assert!(matches!(KeyFile::parse(json.as_bytes()), Err(Error::UnsupportedVersion(2))));
    }

    #[test]
    fn hostile_kdf_parameters_are_refused_before_allocating() {
        let (kf, _, _) = sample();
        let json = kf.to_json().replacen("\"memory_kib\": 64,", "\"memory_kib\": 4294967295,", 1);
        assert!(matches!(KeyFile::parse(json.as_bytes()), Err(Error::KeyFileDamaged(_))));
    }

    #[test]
    fn garbage_is_damaged_not_a_panic() {
        for junk in [&b""[..], b"{}", b"\x89PNG\r\n", b"{\"format\":\"enza-vault-keys\",\"version\":1}"] {
            assert!(matches!(KeyFile::parse(junk), Err(Error::KeyFileDamaged(_))));
        }
    }
}
