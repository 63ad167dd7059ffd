//! `vault.recovery-kek`: the recovery slot's key-encryption key, wrapped
//! under the data key, so that an unlocked vault can give every backup a
//! slot that the paper recovery key opens (`docs/vault-format.md` §10).
//!
//! An unlocked vault does not know its recovery key. It does not need to:
//! the recovery slot of `vault.keys` wraps the data key under
//! KEK₂ = Argon2id(recovery key, salt₂). This file keeps KEK₂ wrapped under
//! the data key; unlocking unwraps it, and a backup wraps its own fresh key
//! under the same KEK₂, writing salt₂ and the KDF parameters beside it. The
//! recovery key then opens the backup by the same derivation as the vault.
//!
//! `vault.keys` stays at version 1, byte for byte: an older Enza opens a
//! vault made by this one (it ignores the extra file). A vault made before
//! this file existed has none until it is opened with its recovery key
//! (`Vault::recover`, or `Vault::enable_backup_recovery`); until then its
//! backups carry only a passphrase slot, and `enza status` says so.

use crate::error::{Error, Result};
use crate::keys::{self, KdfParams, SecretKey, KEY_LEN, NONCE_LEN};
use base64::engine::general_purpose::STANDARD as B64;
use base64::Engine;
use serde::{Deserialize, Serialize};
use std::fs::File;
use std::io::Read;
use std::path::Path;

pub const FORMAT: &str = "enza-recovery-kek";
/// Version 2 records the recovery slot's salt and KDF parameters under the
/// wrap's tag; version 1 (read, upgraded at unlock) did not.
pub const VERSION: u32 = 2;
const MAX_FILE_BYTES: u64 = 4096;

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RecoveryKekFile {
    format: String,
    version: u32,
    /// The `vault_id` of `vault.keys`, as written there.
    vault_id: String,
    /// Version 2: the salt and parameters KEK₂ was derived with. They are
    /// in the associated data, so a backup's recovery slot takes them from
    /// here, where they are authenticated, and not from `vault.keys`, where
    /// they are not.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    kdf: Option<RecordedKdf>,
    aead: String,
    nonce: String,
    wrapped_key: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct RecordedKdf {
    salt: String,
    memory_kib: u32,
    iterations: u32,
    parallelism: u32,
}

impl RecordedKdf {
    fn new(salt: &[u8], p: KdfParams) -> Self {
        RecordedKdf {
            salt: B64.encode(salt),
            memory_kib: p.memory_kib,
            iterations: p.iterations,
            parallelism: p.parallelism,
        }
    }

    /// The salt and parameters, if the salt is 16 bytes and the parameters
    /// lie within the bounds every key file keeps.
    fn checked(&self) -> Option<(Vec<u8>, KdfParams)> {
        let salt = B64.decode(&self.salt).ok().filter(|s| s.len() == keys::SALT_LEN)?;
        let p = KdfParams { memory_kib: self.memory_kib, iterations: self.iterations, parallelism: self.parallelism };
        Some((salt, p.within_bounds().then_some(p)?))
    }
}

/// Associated data of the wrap: `enza-recovery-kek/1/<vault_id>`, or for
/// version 2 `enza-recovery-kek/2/<vault_id>/<salt>/<memory_kib>/<iterations>/<parallelism>`
/// (the fields as written in the file).
fn aad(version: u32, vault_id: &str, kdf: Option<&RecordedKdf>) -> String {
    match kdf {
        None => format!("{FORMAT}/{version}/{vault_id}"),
        Some(k) => {
            format!("{FORMAT}/{version}/{vault_id}/{}/{}/{}/{}", k.salt, k.memory_kib, k.iterations, k.parallelism)
        }
    }
}

/// The key that wraps KEK₂. Version 2 wraps under a subkey of the data key
/// (BLAKE2b-256 keyed with it, of `enza-recovery-kek/2/wrap`), so the key
/// SQLCipher uses for pages is used for nothing else; version 1 wrapped
/// under the data key itself.
fn wrapping_key(version: u32, data_key: &SecretKey) -> SecretKey {
    match version {
        1 => SecretKey::from_slice(data_key.as_bytes()).expect("a key is KEY_LEN bytes"),
        _ => data_key.subkey(format!("{FORMAT}/{version}/wrap").as_bytes()),
    }
}

/// What opening the file gives: KEK₂, and the salt and parameters recorded
/// with it (version 2 only).
pub(crate) struct Opened {
    pub(crate) kek: SecretKey,
    pub(crate) kdf: Option<(Vec<u8>, KdfParams)>,
}

impl RecoveryKekFile {
    /// A version 2 file for KEK₂ and the salt and parameters it was derived
    /// with (known good: they just opened the recovery slot, or made it).
    pub(crate) fn seal(
        vault_id: &str,
        data_key: &SecretKey,
        kek: &SecretKey,
        salt: &[u8],
        params: KdfParams,
    ) -> Result<Self> {
        let kdf = RecordedKdf::new(salt, params);
        let wrapped =
            keys::wrap_for_slot(&wrapping_key(VERSION, data_key), kek, aad(VERSION, vault_id, Some(&kdf)).as_bytes())?;
        Ok(RecoveryKekFile {
            format: FORMAT.into(),
            version: VERSION,
            vault_id: vault_id.into(),
            kdf: Some(kdf),
            aead: wrapped.aead,
            nonce: wrapped.nonce,
            wrapped_key: wrapped.wrapped_key,
        })
    }

    /// The file at `path`: `Ok(None)` if there is none; `Err` if it is there
    /// but not a small, well-formed file of a version this code reads.
    pub(crate) fn read(path: &Path) -> Result<Option<Self>> {
        let file = match File::open(path) {
            Ok(f) => f,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
            Err(e) => return Err(e.into()),
        };
        let damaged = || Error::KeyFileDamaged("recovery-kek file".into());
        if !file.metadata()?.is_file() {
            return Err(damaged());
        }
        let mut bytes = Vec::new();
        file.take(MAX_FILE_BYTES + 1).read_to_end(&mut bytes)?;
        if bytes.len() as u64 > MAX_FILE_BYTES {
            return Err(damaged());
        }
        let parsed: RecoveryKekFile = serde_json::from_slice(&bytes).map_err(|_| damaged())?;
        let version_ok = match parsed.version {
            1 => parsed.kdf.is_none(),
            2 => parsed.kdf.is_some(),
            _ => false,
        };
        if parsed.format != FORMAT || !version_ok || parsed.aead != keys::AEAD {
            return Err(damaged());
        }
        Ok(Some(parsed))
    }

    /// KEK₂ (and, from version 2, its salt and parameters), if this file
    /// belongs to `vault_id`, opens with `data_key` and records parameters
    /// within the bounds every key file keeps.
    pub(crate) fn open(&self, vault_id: &str, data_key: &SecretKey) -> Option<Opened> {
        if self.vault_id != vault_id {
            return None;
        }
        let nonce = B64.decode(&self.nonce).ok().filter(|n| n.len() == NONCE_LEN)?;
        let sealed = B64.decode(&self.wrapped_key).ok().filter(|s| s.len() == KEY_LEN + 16)?;
        let key = wrapping_key(self.version, data_key);
        let kek = keys::unwrap(&key, &nonce, &sealed, aad(self.version, vault_id, self.kdf.as_ref()).as_bytes())?;
        let kdf = match &self.kdf {
            None => None,
            Some(k) => Some(k.checked()?),
        };
        Some(Opened { kek, kdf })
    }

    /// Writes the file through a fresh temporary name (O_EXCL, 0600), fsync,
    /// rename, fsync of the folder.
    pub(crate) fn write_atomic(&self, path: &Path) -> Result<()> {
        let json = serde_json::to_string_pretty(self).expect("serializes") + "\n";
        crate::files::replace(path, &crate::files::temporary_beside(path)?, json.as_bytes())
    }
}

#[cfg(test)]
impl RecoveryKekFile {
    /// A file as the first version wrote it (no record, wrapped under the
    /// data key itself), for the tests of reading and upgrading one.
    pub(crate) fn seal_version_1(vault_id: &str, data_key: &SecretKey, kek: &SecretKey) -> Self {
        let (nonce, sealed) = keys::wrap(&wrapping_key(1, data_key), kek, aad(1, vault_id, None).as_bytes()).unwrap();
        RecoveryKekFile {
            format: FORMAT.into(),
            version: 1,
            vault_id: vault_id.into(),
            kdf: None,
            aead: "xchacha20poly1305".into(),
            nonce: B64.encode(nonce),
            wrapped_key: B64.encode(sealed),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::fs;

    fn key(byte: u8) -> SecretKey {
        SecretKey::from_slice(&[byte; KEY_LEN]).unwrap()
    }

    const PARAMS: KdfParams = KdfParams { memory_kib: 65536, iterations: 3, parallelism: 1 };

    #[test]
    fn version_2_records_the_salt_and_parameters_under_the_tag() {
        let (data, kek, salt) = (key(1), key(2), [7u8; keys::SALT_LEN]);
        let file = RecoveryKekFile::seal("vid", &data, &kek, &salt, PARAMS).unwrap();
        let opened = file.open("vid", &data).unwrap();
        assert_eq!(opened.kek.as_bytes(), kek.as_bytes());
        assert_eq!(opened.kdf, Some((salt.to_vec(), PARAMS)));
        assert!(file.open("other vault", &data).is_none());
        assert!(file.open("vid", &key(3)).is_none());

        // Any recorded field changed: the tag no longer holds.
        let mut salted = file.clone();
        salted.kdf.as_mut().unwrap().salt = B64.encode([8u8; keys::SALT_LEN]);
        assert!(salted.open("vid", &data).is_none());
        let mut cheaper = file.clone();
        cheaper.kdf.as_mut().unwrap().iterations = 1;
        assert!(cheaper.open("vid", &data).is_none());
        // Not wrapped under the data key itself, which SQLCipher uses.
        let nonce = B64.decode(&file.nonce).unwrap();
        let sealed = B64.decode(&file.wrapped_key).unwrap();
        let ad = aad(2, "vid", file.kdf.as_ref());
        assert!(keys::unwrap(&data, &nonce, &sealed, ad.as_bytes()).is_none());
        // Dropping the record (posing as version 1) does not hold either.
        let mut stripped = file.clone();
        stripped.kdf = None;
        assert!(stripped.open("vid", &data).is_none());
    }

    #[test]
    fn version_1_still_opens_without_a_record() {
        let (data, kek) = (key(1), key(2));
        let file = RecoveryKekFile::seal_version_1("vid", &data, &kek);
        let opened = file.open("vid", &data).unwrap();
        assert_eq!(opened.kek.as_bytes(), kek.as_bytes());
        assert!(opened.kdf.is_none());
    }

    #[test]
    fn a_version_and_its_record_must_agree() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("vault.recovery-kek");
        let file = RecoveryKekFile::seal("vid", &key(1), &key(2), &[7u8; keys::SALT_LEN], PARAMS).unwrap();
        file.write_atomic(&path).unwrap();
        assert!(RecoveryKekFile::read(&path).unwrap().is_some());
        let mut v1 = file.clone();
        v1.version = 1;
        fs::write(&path, serde_json::to_string(&v1).unwrap()).unwrap();
        assert_eq!(RecoveryKekFile::read(&path).unwrap_err().code(), "key_file_damaged");
        let mut v3 = file;
        v3.version = 3;
        fs::write(&path, serde_json::to_string(&v3).unwrap()).unwrap();
        assert_eq!(RecoveryKekFile::read(&path).unwrap_err().code(), "key_file_damaged");
    }
}
