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

use super::keys::{self, SecretKey, KEY_LEN, NONCE_LEN};
use crate::error::{Error, Result};
use base64::engine::general_purpose::STANDARD as B64;
use base64::Engine;
use serde::{Deserialize, Serialize};
use std::fs::{self, File};
use std::io::Read;
use std::path::Path;

pub const FORMAT: &str = "enza-recovery-kek";
pub const VERSION: u32 = 1;
const MAX_FILE_BYTES: u64 = 4096;

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RecoveryKekFile {
    format: String,
    version: u32,
    /// The `vault_id` of `vault.keys`, as written there.
    vault_id: String,
    aead: String,
    nonce: String,
    wrapped_key: String,
}

/// Associated data of the wrap: `enza-recovery-kek/1/<vault_id>`.
fn aad(vault_id: &str) -> String {
    format!("{FORMAT}/{VERSION}/{vault_id}")
}

impl RecoveryKekFile {
    pub(crate) fn seal(vault_id: &str, data_key: &SecretKey, kek: &SecretKey) -> Result<Self> {
        let (nonce, sealed) = keys::wrap(data_key, kek, aad(vault_id).as_bytes())?;
        Ok(RecoveryKekFile {
            format: FORMAT.into(),
            version: VERSION,
            vault_id: vault_id.into(),
            aead: "xchacha20poly1305".into(),
            nonce: B64.encode(nonce),
            wrapped_key: B64.encode(sealed),
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
        if parsed.format != FORMAT || parsed.version != VERSION || parsed.aead != "xchacha20poly1305" {
            return Err(damaged());
        }
        Ok(Some(parsed))
    }

    /// KEK₂, if this file belongs to `vault_id` and opens with `data_key`.
    pub(crate) fn open(&self, vault_id: &str, data_key: &SecretKey) -> Option<SecretKey> {
        if self.vault_id != vault_id {
            return None;
        }
        let nonce = B64.decode(&self.nonce).ok().filter(|n| n.len() == NONCE_LEN)?;
        let sealed = B64.decode(&self.wrapped_key).ok().filter(|s| s.len() == KEY_LEN + 16)?;
        keys::unwrap(data_key, &nonce, &sealed, aad(vault_id).as_bytes())
    }

    /// Writes the file through a fresh temporary name (O_EXCL, 0600), fsync,
    /// rename, fsync of the folder.
    pub(crate) fn write_atomic(&self, path: &Path) -> Result<()> {
        let dir = path.parent().filter(|d| !d.as_os_str().is_empty()).unwrap_or(Path::new("."));
        let mut suffix = [0u8; 8];
        keys::fill_random(&mut suffix)?;
        let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("vault.recovery-kek");
        let tmp = dir.join(format!("{name}.{}.tmp", super::keyfile::hex(&suffix)));
        let json = serde_json::to_string_pretty(self).expect("serializes") + "\n";
        let written = super::write_private(&tmp, json.as_bytes()).and_then(|()| Ok(fs::rename(&tmp, path)?));
        if let Err(e) = written {
            let _ = fs::remove_file(&tmp);
            return Err(e);
        }
        File::open(dir)?.sync_all()?;
        Ok(())
    }
}
