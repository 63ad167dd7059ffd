//! The backup file's layout (`docs/backup-format.md`): a 14-byte prefix,
//! a JSON header, the sealed manifest, the SQLCipher database. Parsing reads
//! every length from an untrusted file, so each one is bounded before use.

use crate::error::{Error, Result};
use crate::keys::{self, Kdf, KdfParams, SecretKey, KEY_LEN, NONCE_LEN, SALT_LEN};
use crate::vault::keyfile::json_without_duplicate_keys;
use base64::engine::general_purpose::STANDARD as B64;
use base64::Engine;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::io::{Read, Seek, SeekFrom};
use zeroize::Zeroizing;

pub const MAGIC: &[u8; 8] = b"ENZA-BAK";
pub const FORMAT_VERSION: u16 = 1;
pub const FORMAT_NAME: &str = "enza-backup";
/// magic (8) ‖ format version (u16 BE) ‖ header length (u32 BE).
pub const PREFIX_LEN: usize = 14;
/// A real header is under 1 KiB.
pub const MAX_HEADER_LEN: u32 = 16 * 1024;
/// A real sealed manifest is a few hundred bytes.
pub const MAX_MANIFEST_LEN: u32 = 16 * 1024;
const TAG_LEN: usize = 16;
const BACKUP_ID_LEN: usize = 16;
/// The smallest SQLCipher file is one 4096-byte page; the largest backup
/// this code reads is 1 TiB.
const MIN_DB_LEN: u64 = 512;
const MAX_DB_LEN: u64 = 1 << 40;

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub(crate) struct Header {
    pub format: String,
    pub backup_id: String,
    pub created_at: String,
    pub schema_version: i64,
    pub database: DatabaseInfo,
    pub manifest: ManifestInfo,
    pub slots: Vec<Slot>,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub(crate) struct DatabaseInfo {
    pub cipher: String,
    pub length: u64,
    pub blake2b_256: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub(crate) struct ManifestInfo {
    pub aead: String,
    pub nonce: String,
    pub length: u32,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub(crate) struct Slot {
    pub kind: String,
    pub kdf: Kdf,
    pub aead: String,
    pub nonce: String,
    pub wrapped_key: String,
}

/// What the sealed manifest holds.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub(crate) struct Manifest {
    pub counts: BTreeMap<String, u64>,
}

pub(crate) const PASSPHRASE: &str = "passphrase";
pub(crate) const RECOVERY: &str = "recovery";

/// Associated data of a slot's wrap: `enza-backup/1/<kind>/<backup_id>`.
pub(crate) fn slot_aad(kind: &str, backup_id: &str) -> String {
    format!("{FORMAT_NAME}/{FORMAT_VERSION}/{kind}/{backup_id}")
}

/// The manifest's key: BLAKE2b-256 keyed with the file key, of this label.
pub(crate) const MANIFEST_KEY_LABEL: &[u8] = b"enza-backup/1/manifest";

fn damaged(what: &'static str) -> Error {
    Error::BackupDamaged(what)
}

fn b64_len(s: &str, len: usize) -> bool {
    B64.decode(s).map(|v| v.len() == len).unwrap_or(false)
}

impl Slot {
    pub(crate) fn seal(
        kind: &str,
        backup_id: &str,
        kek: &SecretKey,
        salt: &[u8],
        params: KdfParams,
        file_key: &SecretKey,
    ) -> Result<Slot> {
        let wrapped = keys::wrap_for_slot(kek, file_key, slot_aad(kind, backup_id).as_bytes())?;
        Ok(Slot {
            kind: kind.into(),
            kdf: Kdf::argon2id(salt, params),
            aead: wrapped.aead,
            nonce: wrapped.nonce,
            wrapped_key: wrapped.wrapped_key,
        })
    }

    fn check(&self) -> Result<()> {
        if self.kind != PASSPHRASE && self.kind != RECOVERY {
            return Err(damaged("slot kind"));
        }
        if !keys::known_algorithms(&self.kdf, &self.aead) {
            return Err(damaged("slot algorithm"));
        }
        if !self.kdf.params().within_bounds() {
            return Err(damaged("KDF parameters out of range"));
        }
        if !b64_len(&self.kdf.salt, SALT_LEN) || !b64_len(&self.nonce, NONCE_LEN) {
            return Err(damaged("slot salt or nonce"));
        }
        if !b64_len(&self.wrapped_key, KEY_LEN + TAG_LEN) {
            return Err(damaged("slot wrapped key"));
        }
        Ok(())
    }

    pub(crate) fn salt(&self) -> Vec<u8> {
        B64.decode(&self.kdf.salt).unwrap_or_default()
    }

    /// The file key, if `kek` opens this slot.
    pub(crate) fn open(&self, kek: &SecretKey, backup_id: &str) -> Option<SecretKey> {
        let nonce = B64.decode(&self.nonce).ok()?;
        let sealed = B64.decode(&self.wrapped_key).ok()?;
        keys::unwrap(kek, &nonce, &sealed, slot_aad(&self.kind, backup_id).as_bytes())
    }

    /// Derives this slot's key-encryption key from `secret` (bounded KDF).
    pub(crate) fn derive(&self, secret: &[u8]) -> Result<SecretKey> {
        keys::derive_kek(secret, &self.salt(), self.kdf.params()).map_err(|e| match e {
            Error::KeyFileDamaged(_) => damaged("KDF parameters"),
            other => other,
        })
    }
}

impl Header {
    fn check(&self) -> Result<()> {
        if self.format != FORMAT_NAME {
            return Err(damaged("format name"));
        }
        if !b64_len(&self.backup_id, BACKUP_ID_LEN) {
            return Err(damaged("backup_id"));
        }
        if self.created_at.len() > 64 || chrono::DateTime::parse_from_rfc3339(&self.created_at).is_err() {
            return Err(damaged("created_at"));
        }
        if self.schema_version < 1 {
            return Err(damaged("schema version"));
        }
        let db = &self.database;
        if db.cipher != "sqlcipher4-raw-key"
            || !(MIN_DB_LEN..=MAX_DB_LEN).contains(&db.length)
            || db.blake2b_256.len() != 64
            || !db.blake2b_256.bytes().all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
        {
            return Err(damaged("database fields"));
        }
        let m = &self.manifest;
        if m.aead != keys::AEAD
            || !b64_len(&m.nonce, NONCE_LEN)
            || !(TAG_LEN as u32 + 2..=MAX_MANIFEST_LEN).contains(&m.length)
        {
            return Err(damaged("manifest fields"));
        }
        if self.slots.is_empty() || self.slots.len() > 2 {
            return Err(damaged("slot count"));
        }
        if self.slots.len() == 2 && self.slots[0].kind == self.slots[1].kind {
            return Err(damaged("slot kinds"));
        }
        self.slots.iter().try_for_each(Slot::check)
    }

    pub(crate) fn slot(&self, kind: &str) -> Option<&Slot> {
        self.slots.iter().find(|s| s.kind == kind)
    }

    pub(crate) fn has_recovery_slot(&self) -> bool {
        self.slot(RECOVERY).is_some()
    }

    /// Serializes the prefix and the header: the manifest's associated data.
    pub(crate) fn to_head_bytes(&self) -> Vec<u8> {
        let json = serde_json::to_vec(self).expect("header serializes");
        let mut out = Vec::with_capacity(PREFIX_LEN + json.len());
        out.extend_from_slice(MAGIC);
        out.extend_from_slice(&FORMAT_VERSION.to_be_bytes());
        out.extend_from_slice(&(json.len() as u32).to_be_bytes());
        out.extend_from_slice(&json);
        out
    }
}

/// Seals the manifest under the file key; the associated data is `head`.
pub(crate) fn seal_manifest(
    file_key: &SecretKey,
    nonce: &[u8; NONCE_LEN],
    manifest: &Manifest,
    head: &[u8],
) -> Result<Vec<u8>> {
    let plain = Zeroizing::new(serde_json::to_vec(manifest).expect("manifest serializes"));
    keys::seal_with(&file_key.subkey(MANIFEST_KEY_LABEL), nonce, &plain, head)
}

/// The prefix and header of a backup, checked; where its parts lie.
pub(crate) struct Parsed {
    pub header: Header,
    /// Prefix and header bytes, as read: the manifest's associated data.
    pub head: Vec<u8>,
    pub sealed_manifest: Vec<u8>,
    pub db_offset: u64,
}

impl Parsed {
    pub(crate) fn db_len(&self) -> u64 {
        self.header.database.length
    }

    /// Opens the manifest with the file key (`BackupDamaged` if the header
    /// or the manifest was altered).
    pub(crate) fn open_manifest(&self, file_key: &SecretKey) -> Result<Manifest> {
        let nonce = B64.decode(&self.header.manifest.nonce).map_err(|_| damaged("manifest nonce"))?;
        let plain = keys::open_with(&file_key.subkey(MANIFEST_KEY_LABEL), &nonce, &self.sealed_manifest, &self.head)
            .ok_or(damaged("header or manifest altered"))?;
        serde_json::from_slice(&plain).map_err(|_| damaged("manifest"))
    }
}

/// Reads and checks everything before the database, without a key:
/// magic, version, bounded lengths, the header's fields and the file's exact
/// length. Each failure has its own error (empty, not a backup, too new,
/// truncated, damaged).
pub(crate) fn parse<R: Read + Seek>(r: &mut R, file_len: u64) -> Result<Parsed> {
    if file_len == 0 {
        return Err(Error::BackupEmpty);
    }
    r.seek(SeekFrom::Start(0))?;
    let mut prefix = [0u8; PREFIX_LEN];
    let have = file_len.min(PREFIX_LEN as u64) as usize;
    r.read_exact(&mut prefix[..have])?;
    let magic_seen = have.min(MAGIC.len());
    if prefix[..magic_seen] != MAGIC[..magic_seen] {
        return Err(Error::NotABackup);
    }
    if have < PREFIX_LEN {
        return Err(Error::BackupTruncated);
    }
    let version = u16::from_be_bytes([prefix[8], prefix[9]]);
    match version {
        FORMAT_VERSION => {}
        0 => return Err(damaged("format version 0")),
        _ => return Err(Error::BackupTooNew("format version")),
    }
    let header_len = u32::from_be_bytes([prefix[10], prefix[11], prefix[12], prefix[13]]);
    if !(2..=MAX_HEADER_LEN).contains(&header_len) {
        return Err(damaged("header length"));
    }
    if file_len < PREFIX_LEN as u64 + header_len as u64 {
        return Err(Error::BackupTruncated);
    }
    let mut head = vec![0u8; PREFIX_LEN + header_len as usize];
    head[..PREFIX_LEN].copy_from_slice(&prefix);
    r.read_exact(&mut head[PREFIX_LEN..])?;
    let json = &head[PREFIX_LEN..];
    if !json_without_duplicate_keys(json) {
        return Err(damaged("header is not JSON"));
    }
    let header: Header = serde_json::from_slice(json).map_err(|_| damaged("header fields"))?;
    header.check()?;
    let db_offset = head.len() as u64 + header.manifest.length as u64;
    let total = db_offset + header.database.length;
    if file_len < total {
        return Err(Error::BackupTruncated);
    }
    if file_len > total {
        return Err(damaged("bytes after the end"));
    }
    let mut sealed_manifest = vec![0u8; header.manifest.length as usize];
    r.read_exact(&mut sealed_manifest)?;
    Ok(Parsed { header, head, sealed_manifest, db_offset })
}
