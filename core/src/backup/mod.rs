//! Encrypted backups: one file per backup (`docs/backup-format.md`), written
//! from the open vault, verified completely without restoring, and restored
//! into a new vault folder with a new data key, a new recovery key and a new
//! passphrase.
//!
//! - [`Backups::write`] (`vault.backup().write(…)`): the database is copied
//!   with `sqlcipher_export` under a fresh random file key, checked, wrapped
//!   in the header and written to a temporary file in the target folder
//!   (O_EXCL, 0600), fsynced, read back and checked, renamed (never over an
//!   existing file), and the folder fsynced. A crash leaves no file under the
//!   final name unless it is complete.
//! - [`verify`]: header, key, digest, `cipher_integrity_check`,
//!   `integrity_check`, schema version and manifest counts; writes only a
//!   temporary copy of the (encrypted) database in a private temp folder.
//! - [`restore`]: into a new folder, staged beside it and renamed into place
//!   once complete; nothing is left behind on failure.
//! - [`replace_vault`]: restore beside the current vault, open it, then swap
//!   the folders (atomically where the system can), keeping the old vault
//!   aside as `<dir>.before-restore-<time>`.
//!
//! Every function takes a progress callback `(done, total)`.

pub mod auto;
mod format;
mod store;

use crate::capabilities::ALL;
use crate::error::{Error, Result};
use crate::files::{create_private, suffixed, sync_dir};
use crate::files::{remove_dead_restores, PrivateTemp};
use crate::keys::{self, KdfParams, RecoveryKey, SecretKey, NONCE_LEN, SALT_LEN};
use crate::keys::{hex, random_hex};
use crate::store::{latest_schema_version, Db};
use crate::vault::{NewKeys, SlotKek, Vault, VaultDir, VaultState};
use base64::engine::general_purpose::STANDARD as B64;
use base64::Engine;
use blake2::{Blake2b, Digest};
use format::{Header, Manifest, Parsed};
use serde::Serialize;
use std::collections::BTreeMap;
use std::fs::{self, File};
use std::io::{Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};
use zeroize::Zeroizing;

pub use format::{FORMAT_VERSION, MAGIC};

/// Called with (done, total) as work proceeds; `done == total` at the end.
pub type Progress<'a> = &'a mut dyn FnMut(u64, u64);

/// The passphrase a new backup opens with.
#[derive(Clone, Copy)]
pub enum BackupPassphrase<'a> {
    /// The vault's own passphrase, as this session knows it: no typing, so
    /// automatic backups use it.
    Vault,
    /// Another passphrase the person chose for this backup.
    Other(&'a str),
}

/// Where a backup's passphrase slot gets its KEK: this session's (for the
/// vault's passphrase), or a derivation from another passphrase, run while
/// the copy is made.
enum PassphraseSlot {
    Session(SlotKek),
    Derive { passphrase: Zeroizing<Vec<u8>>, params: KdfParams },
}

/// What opens a backup.
#[derive(Clone, Copy)]
pub enum BackupSecret<'a> {
    /// The backup's passphrase (by default the vault's passphrase when the
    /// backup was made).
    Passphrase(&'a str),
    /// The vault's recovery key, as typed.
    RecoveryKey(&'a str),
}

/// What a backup holds, once opened and checked.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct BackupInfo {
    pub format_version: u16,
    /// When the backup was made (UTC, RFC 3339).
    pub created_at: String,
    pub schema_version: i64,
    /// Rows per kind: reflections, checkins, boundary_events, plan_versions,
    /// supervision_days, meetings, meeting_events, records, groups,
    /// template_copies, settings.
    pub counts: BTreeMap<String, u64>,
    /// Whether the vault's recovery key opens it (else only its passphrase).
    pub recovery_slot: bool,
    /// The file's size in bytes.
    pub bytes: u64,
    /// Written from a vault whose database failed its integrity check: it
    /// may be the last copy, so it is made, and the person is told what it
    /// is. (Known only when it is written; the file format is unchanged, so
    /// every Enza can still open it.)
    pub from_damaged_vault: bool,
}

impl BackupInfo {
    /// What the person must hear about this backup, if anything: one made
    /// from a damaged vault may be the only copy of the latest entries.
    pub fn warning(&self, lang: crate::Lang) -> Option<&'static str> {
        self.from_damaged_vault.then_some(if lang == crate::Lang::Ja {
            "このバックアップは壊れた保管庫から作りました。読み出せた内容だけが入っていて、最近の記録の唯一の写しかもしれません。このバックアップも、以前のバックアップも消さずに残してください。"
        } else {
            "This backup was made from a damaged vault: it holds what could still be read, and may be the only copy of your latest entries. Keep it, and keep your earlier backups too."
        })
    }
}

/// What can be read from a backup without any key (nothing about its
/// content): for lists of backups.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct BackupHeader {
    pub format_version: u16,
    pub created_at: String,
    pub schema_version: i64,
    pub recovery_slot: bool,
    pub bytes: u64,
}

/// A restored vault: open, with its new recovery key to show once.
pub struct Restored {
    pub vault: Vault,
    pub recovery_key: Zeroizing<String>,
    pub info: BackupInfo,
}

/// The open vault replaced by a backup; the old one kept at `previous`.
pub struct Replaced {
    pub vault: Vault,
    pub recovery_key: Zeroizing<String>,
    pub info: BackupInfo,
    pub previous: PathBuf,
}

/// A checked copy of the database: (length, schema version, counts,
/// BLAKE2b-256 digest).
type Copied = (u64, i64, BTreeMap<String, u64>, [u8; 32]);

/// The backup handle of an unlocked vault: `vault.backup()`.
pub struct Backups<'v> {
    vault: &'v Vault,
}

const CHUNK: usize = 64 * 1024;

impl Vault {
    /// Backups: writing one of this vault (`vault.backup().write(…)`).
    /// Verifying and restoring need no open vault: `crate::backup`.
    pub fn backup(&self) -> Backups<'_> {
        Backups::new(self)
    }
}

impl<'v> Backups<'v> {
    pub(crate) fn new(vault: &'v Vault) -> Self {
        Backups { vault }
    }

    /// Writes a backup of the vault to `target`, which must not exist yet.
    /// `passphrase` opens it (by default the vault's own); the vault's
    /// recovery key opens it too when [`Vault::backups_have_recovery_slot`].
    /// A read-only, full or failing disk at `target` is named as that
    /// disk's trouble ([`Error::CannotWrite`]), never the vault's.
    pub fn write(&self, target: &Path, passphrase: BackupPassphrase, progress: Progress) -> Result<BackupInfo> {
        let (dir, name) = split(target)?;
        // The vault's side first, so its trouble is never named as the
        // destination's.
        let source = self.passphrase_slot_source(passphrase)?;
        // A folder that is not there is said as such, not as a failing disk.
        if !dir.is_dir() {
            return Err(Error::BackupFolderMissing(dir));
        }
        self.write_into(&dir, &name, source, progress).map_err(|e| e.writing_to(&dir))
    }

    /// For the vault's passphrase: this session's KEK₁, checked against
    /// `vault.keys` as it is now. The session's key opens only the
    /// passphrase of the moment it was derived: if another process (`enza
    /// passwd`) changed it since, a backup sealed with it would open with
    /// the old passphrase. For another passphrase: what to derive its KEK
    /// from, with the vault's KDF parameters but never below the
    /// recommended ones (the key file's are only bounded).
    fn passphrase_slot_source(&self, passphrase: BackupPassphrase) -> Result<PassphraseSlot> {
        if let BackupPassphrase::Other(p) = passphrase {
            keys::check_new_passphrase(p)?;
        }
        let key_file = crate::vault::keyfile::KeyFile::read(&self.vault.dir().keys_path())?;
        match passphrase {
            BackupPassphrase::Vault => {
                let slot = self.session_passphrase_slot()?;
                if key_file.passphrase_salt().as_deref() != Some(slot.salt.as_slice())
                    || key_file.passphrase_kdf() != slot.params
                {
                    return Err(Error::BackupNeedsPassphrase);
                }
                Ok(PassphraseSlot::Session(slot))
            }
            BackupPassphrase::Other(p) => Ok(PassphraseSlot::Derive {
                passphrase: keys::passphrase_bytes(p)?,
                params: at_least_recommended(key_file.passphrase_kdf()),
            }),
        }
    }

    fn write_into(&self, dir: &Path, name: &str, source: PassphraseSlot, progress: Progress) -> Result<BackupInfo> {
        let target = dir.join(name);
        let started = std::time::Instant::now();
        if fs::symlink_metadata(&target).is_ok() {
            return Err(Error::FileExists(target));
        }
        remove_stale_temporaries(dir, name);
        let tag = random_hex()?;
        let tmp = dir.join(format!(".{name}.{tag}.tmp"));
        let tmp_db = dir.join(format!(".{name}.{tag}.db.tmp"));
        let guard = Cleanup(vec![tmp.clone(), tmp_db.clone(), suffixed(&tmp_db, "-journal")]);
        let estimate = file_len(&self.vault.dir().db_path()).max(1);
        let mut meter = Meter::new(progress, 4 * estimate);

        // 1. Copy the database under a fresh key, and check the copy.
        let file_key = SecretKey::random()?;
        // The passphrase slot: the session's own KEK₁ for the vault's
        // passphrase; for another passphrase a key derivation, which needs
        // nothing from the database, so it runs on another thread while the
        // copy is made and checked (about a quarter of a backup's time).
        let mut salt = [0u8; SALT_LEN];
        keys::fill_random(&mut salt)?;
        let (copied, pass_slot) = std::thread::scope(|scope| match source {
            PassphraseSlot::Session(slot) => (self.copy_database(&tmp_db, &file_key, &mut meter), Ok(slot)),
            PassphraseSlot::Derive { passphrase, params } => {
                let kdf = scope.spawn(move || keys::derive_kek(&passphrase, &salt, params));
                let copied = self.copy_database(&tmp_db, &file_key, &mut meter);
                let kek = kdf.join().unwrap_or_else(|_| Err(Error::Io(std::io::Error::other("key derivation failed"))));
                (copied, kek.map(|kek| SlotKek { kek, salt: salt.to_vec(), params }))
            }
        });
        let (db_len, schema_version, counts, digest) = copied?;
        let pass_slot = pass_slot?;

        // 2. The header: a slot per secret, the manifest sealed under the file key.
        let mut id = [0u8; 16];
        keys::fill_random(&mut id)?;
        let backup_id = B64.encode(id);
        let SlotKek { kek: pass_kek, salt, params } = pass_slot;
        let mut slots = vec![format::Slot::seal(format::PASSPHRASE, &backup_id, &pass_kek, &salt, params, &file_key)?];
        if let Some(r) = self.vault.recovery_kek() {
            slots.push(format::Slot::seal(format::RECOVERY, &backup_id, &r.kek, &r.salt, r.params, &file_key)?);
        }
        let mut nonce = [0u8; NONCE_LEN];
        keys::fill_random(&mut nonce)?;
        let manifest = Manifest { counts };
        let manifest_len = serde_json::to_vec(&manifest).expect("manifest serializes").len() + 16;
        let header = Header {
            format: format::FORMAT_NAME.into(),
            backup_id,
            created_at: chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Millis, true),
            schema_version,
            database: format::DatabaseInfo {
                cipher: "sqlcipher4-raw-key".into(),
                length: db_len,
                blake2b_256: hex(&digest),
            },
            manifest: format::ManifestInfo {
                aead: crate::keys::AEAD.into(),
                nonce: B64.encode(nonce),
                length: manifest_len as u32,
            },
            slots,
        };
        let head = header.to_head_bytes();
        let sealed = format::seal_manifest(&file_key, &nonce, &manifest, &head)?;
        debug_assert_eq!(sealed.len(), manifest_len);

        // 3. The file: temporary name, O_EXCL, 0600; fsync.
        {
            let mut out = create_private(&tmp)?;
            out.write_all(&head)?;
            out.write_all(&sealed)?;
            let mut db = File::open(&tmp_db)?;
            copy_exact(&mut db, &mut out, db_len, &mut meter)?;
            out.sync_all()?;
        }
        let _ = fs::remove_file(&tmp_db);

        // 4. Read it back: every byte as intended, and the slots open with
        //    the keys in hand (no second key derivation).
        let bytes = file_len(&tmp);
        let mut f = File::open(&tmp)?;
        let parsed = format::parse(&mut f, bytes);
        let read_back_failed = || copy_failed("the backup did not read back as written");
        let parsed = parsed.map_err(|_| read_back_failed())?;
        if parsed.header != header || hash_section(&mut f, &parsed, &mut meter)? != digest {
            return Err(read_back_failed());
        }
        let kek_for = |kind: &str| -> Option<&SecretKey> {
            if kind == format::PASSPHRASE {
                Some(&pass_kek)
            } else {
                self.vault.recovery_kek().map(|r| &r.kek)
            }
        };
        for slot in &parsed.header.slots {
            let opened = kek_for(&slot.kind).and_then(|kek| slot.open(kek, &parsed.header.backup_id));
            if opened.map(|k| *k.as_bytes() != *file_key.as_bytes()).unwrap_or(true) {
                return Err(read_back_failed());
            }
        }
        if parsed.open_manifest(&file_key).ok().as_ref() != Some(&manifest) {
            return Err(read_back_failed());
        }
        drop(f);

        // 5. Into place, never over an existing file; then the folder.
        rename_noreplace(&tmp, &target)?;
        sync_dir(dir)?;
        guard.disarm();
        meter.finish();
        tracing::info!(bytes, ms = started.elapsed().as_millis() as u64, "backup written");
        Ok(BackupInfo {
            format_version: FORMAT_VERSION,
            created_at: header.created_at.clone(),
            schema_version,
            counts: manifest.counts,
            recovery_slot: header.has_recovery_slot(),
            bytes,
            from_damaged_vault: self.vault.damaged(),
        })
    }

    /// The vault passphrase's slot for a new backup: this session's KEK₁
    /// with the vault's salt and parameters, so the backup opens with the
    /// vault's passphrase of this moment and nobody types it again.
    fn session_passphrase_slot(&self) -> Result<SlotKek> {
        self.vault.with_passphrase_kek(|k| match k {
            Some(k) => {
                let kek = SecretKey::from_slice(k.kek.as_bytes()).expect("a key is KEY_LEN bytes");
                Ok(SlotKek { kek, salt: k.salt.clone(), params: k.params })
            }
            None => Err(Error::BackupNeedsPassphrase),
        })
    }

    /// Exports the database under `file_key` to `tmp_db` and checks the copy.
    fn copy_database(&self, tmp_db: &Path, file_key: &SecretKey, meter: &mut Meter) -> Result<Copied> {
        self.vault.db().export_to(tmp_db, file_key)?;
        let db_len = file_len(tmp_db);
        meter.retotal(4 * db_len.max(1));
        meter.advance(db_len);
        // The copy was just written where the backup goes: if it does not
        // read back whole, that disk failed (the vault itself is not blamed).
        let (schema_version, counts) = {
            let copy = Db::open_as_is(tmp_db, file_key, ALL, false).map_err(written_copy_failed)?;
            if !copy.cipher_integrity_ok()? || !copy.integrity_ok()? {
                return Err(copy_failed("the copy did not check out"));
            }
            (copy.schema_version()?, store::counts(copy.conn(), ALL)?)
        };
        let digest = hash_file(tmp_db, meter)?;
        Ok((db_len, schema_version, counts, digest))
    }

    /// Rows per kind in the vault now (what a backup's manifest would say).
    pub fn counts(&self) -> Result<BTreeMap<String, u64>> {
        store::counts(self.vault.db().conn(), ALL)
    }

    /// Every row of every table, as sorted text: for tests that compare a
    /// restored vault with its original. Holds content: never log it.
    #[doc(hidden)]
    pub fn dump_tables(&self) -> Result<BTreeMap<String, Vec<Vec<String>>>> {
        store::dump(self.vault.db().conn())
    }
}

/// What the header says, without any key: for a list of backups.
pub fn inspect(path: &Path) -> Result<BackupHeader> {
    let (mut f, len) = open_file(path)?;
    let parsed = format::parse(&mut f, len).map_err(reading_backup)?;
    Ok(BackupHeader {
        format_version: FORMAT_VERSION,
        created_at: parsed.header.created_at.clone(),
        schema_version: parsed.header.schema_version,
        recovery_slot: parsed.header.has_recovery_slot(),
        bytes: len,
    })
}

/// Checks a backup completely without restoring it.
pub fn verify(path: &Path, secret: BackupSecret, progress: Progress) -> Result<BackupInfo> {
    let (mut f, len) = open_file(path)?;
    verify_reader(&mut f, len, secret, progress)
}

/// [`verify`] over any reader of `len` bytes (the tests feed mutated
/// backups from memory).
#[doc(hidden)]
pub fn verify_reader<R: Read + Seek>(
    r: &mut R,
    len: u64,
    secret: BackupSecret,
    progress: Progress,
) -> Result<BackupInfo> {
    let opened = open_checked(r, len, secret, progress)?;
    let work = PrivateTemp::new(&std::env::temp_dir(), "enza-verify")?;
    let db_path = work.path.join("backup.db");
    extract(r, &opened, &db_path)?;
    let db = open_copy(&db_path, &opened, false)?;
    check_database(&db, &opened)?;
    drop(db);
    let info = opened.info.clone();
    opened.finish_progress();
    tracing::info!(bytes = len, "backup verified");
    Ok(info)
}

/// Restores a backup into `new_dir`, which must not hold anything yet: a
/// new data key, a new recovery key (in the result, to show once) and the
/// new passphrase. An older schema is migrated. On failure nothing is left.
pub fn restore(
    path: &Path,
    secret: BackupSecret,
    new_dir: &VaultDir,
    new_passphrase: &str,
    progress: Progress,
) -> Result<Restored> {
    let (mut f, len) = open_file(path)?;
    restore_reader(&mut f, len, secret, new_dir, new_passphrase, progress)
}

/// [`restore`] over any reader of `len` bytes.
#[doc(hidden)]
pub fn restore_reader<R: Read + Seek>(
    r: &mut R,
    len: u64,
    secret: BackupSecret,
    new_dir: &VaultDir,
    new_passphrase: &str,
    progress: Progress,
) -> Result<Restored> {
    let (data_key, recovery_key, info) = restore_into(r, len, secret, new_dir, new_passphrase, progress)?;
    let vault = Vault::open_with_data_key(new_dir, &data_key)?;
    vault.remember_passphrase(new_passphrase);
    Ok(Restored { vault, recovery_key, info })
}

/// Everything of a restore but the final open; returns the new data key.
fn restore_into<R: Read + Seek>(
    r: &mut R,
    len: u64,
    secret: BackupSecret,
    new_dir: &VaultDir,
    new_passphrase: &str,
    progress: Progress,
) -> Result<(SecretKey, Zeroizing<String>, BackupInfo)> {
    keys::check_new_passphrase(new_passphrase)?;
    match new_dir.state() {
        VaultState::Missing => {}
        VaultState::Present => return Err(Error::VaultExists(new_dir.path().to_path_buf())),
        VaultState::Foreign => return Err(Error::NotAVault(new_dir.path().to_path_buf())),
        VaultState::Unreadable => return Err(Error::FolderUnreadable(new_dir.path().to_path_buf())),
    }
    // Empty, or holding only what Enza wrote before a vault existed (the
    // language chosen on the first screen): a new laptop's first run.
    if !new_dir.holds_only_pre_vault_files()? {
        return Err(Error::NotAVault(new_dir.path().to_path_buf()));
    }
    // Everything that can be checked before writing is checked here.
    let opened = open_checked(r, len, secret, progress)?;
    let (parent, name) = split(new_dir.path())?;
    // The folders made here (`a/b/c` of `a/b/c/vault`) are removed again,
    // deepest first, if the restore fails.
    let made: Vec<PathBuf> =
        parent.ancestors().take_while(|p| !p.as_os_str().is_empty() && !p.exists()).map(Path::to_path_buf).collect();
    if !made.is_empty() {
        fs::create_dir_all(&parent).map_err(|e| Error::from(e).writing_to(&parent))?;
    }
    remove_dead_restores(&parent);
    let out = stage_restore(r, opened, new_dir, &parent, &name, new_passphrase).map_err(|e| e.writing_to(&parent));
    if out.is_err() {
        for dir in &made {
            let _ = fs::remove_dir(dir);
        }
    }
    out
}

/// The writing half of a restore: stage beside the target, check, export
/// under a new data key, write the key files, rename into place.
fn stage_restore<R: Read + Seek>(
    r: &mut R,
    mut opened: Opened,
    new_dir: &VaultDir,
    parent: &Path,
    name: &str,
    new_passphrase: &str,
) -> Result<(SecretKey, Zeroizing<String>, BackupInfo)> {
    let len = opened.info.bytes;
    let stage = PrivateTemp::new(parent, &format!(".{name}.restore"))?;
    let backup_db = stage.path.join("backup.db");
    extract(r, &opened, &backup_db)?;
    let data_key = SecretKey::random()?;
    let staged = VaultDir::new(&stage.path);
    let kdf = opened.new_vault_kdf();
    // The new vault's two key derivations run on another thread while the
    // database is checked and copied: they need nothing from it.
    let (copied, new_keys) = std::thread::scope(|scope| {
        let new_keys = scope.spawn(|| NewKeys::derive(&data_key, new_passphrase, kdf));
        let copied = (|| -> Result<Db> {
            {
                let source = open_copy(&backup_db, &opened, true)?;
                check_database(&source, &opened)?;
                source.export_to(&staged.db_path(), &data_key)?;
            }
            for suffix in ["", "-journal", "-wal", "-shm"] {
                let _ = fs::remove_file(suffixed(&backup_db, suffix));
            }
            opened.meter.advance(opened.db_len);
            // Opening runs the migrations (an older backup is brought up to
            // date). The copy was checked before it was written here, so one
            // that does not open is this disk's failure.
            Db::open(&staged.db_path(), &data_key, ALL).map_err(written_copy_failed)
        })();
        (copied, new_keys.join())
    });
    let db = copied?;
    let new_keys = new_keys.map_err(|_| Error::Io(std::io::Error::other("key derivation failed")))??;
    let created = Vault::finish_with_keys(&staged, db, &data_key, new_keys)?;
    let recovery_key = created.recovery_key;
    created.vault.lock();
    // Complete: into place. rename(2) replaces only an empty folder, so
    // the language chosen before the restore moves into the new vault first.
    new_dir.hand_pre_vault_files_to(&staged)?;
    fs::rename(&stage.path, new_dir.path())?;
    stage.disarm();
    sync_dir(parent)?;
    let info = opened.info.clone();
    opened.finish_progress();
    tracing::info!(bytes = len, "backup restored into a new vault");
    Ok((data_key, recovery_key, info))
}

/// Replaces the vault at `dir` (which must be locked: no `Vault` open on it)
/// with a restore of the backup. The backup is restored into a sibling
/// folder, verified and opened first; then the folders are swapped, with one
/// atomic exchange where the system has it (Linux `renameat2`), so `dir`
/// always holds a complete vault. The old vault is kept as
/// `<dir>.before-restore-<UTC time>` and returned as `previous`.
pub fn replace_vault(
    dir: &VaultDir,
    path: &Path,
    secret: BackupSecret,
    new_passphrase: &str,
    progress: Progress,
) -> Result<Replaced> {
    dir.require_present()?;
    let stamp = chrono::Utc::now().format("%Y%m%dT%H%M%S%.3fZ").to_string();
    let (parent, name) = split(dir.path())?;
    let restored = VaultDir::new(parent.join(format!("{name}.restored-{stamp}")));
    let previous = parent.join(format!("{name}.before-restore-{stamp}"));
    if fs::symlink_metadata(&previous).is_ok() {
        return Err(Error::FileExists(previous));
    }
    let (mut f, len) = open_file(path)?;
    let (data_key, recovery_key, info) = restore_into(&mut f, len, secret, &restored, new_passphrase, progress)?;
    // Opened once where it is: the restored vault must open before it
    // takes the old one's place.
    // Until the swap nothing has changed, so a failure is the parent
    // folder's trouble; after it, the error is passed on as it is (the
    // vaults are where the comments below say).
    let before_swap = |e: Error| e.writing_to(&parent);
    Vault::open_with_data_key(&restored, &data_key).map_err(written_copy_failed).map_err(before_swap)?.lock();
    match exchange(dir.path(), restored.path()) {
        Ok(()) => {
            sync_dir(&parent)?;
            fs::rename(restored.path(), &previous)?;
        }
        Err(e) if e.raw_os_error() == Some(libc::EINVAL) || e.raw_os_error() == Some(libc::ENOSYS) => {
            // No atomic exchange on this file system: two renames. Between
            // them `dir` is missing and the old vault is at `previous`.
            fs::rename(dir.path(), &previous).map_err(|e| before_swap(e.into()))?;
            sync_dir(&parent)?;
            fs::rename(restored.path(), dir.path())?;
        }
        Err(e) => return Err(before_swap(e.into())),
    }
    sync_dir(&parent)?;
    tracing::info!("vault replaced by a restored backup; the previous one kept aside");
    let vault = Vault::open_with_data_key(dir, &data_key)?;
    vault.remember_passphrase(new_passphrase);
    Ok(Replaced { vault, recovery_key, info, previous })
}

/// A backup whose header, key, manifest and database digest checked out.
struct Opened<'p> {
    header: Header,
    file_key: SecretKey,
    manifest: Manifest,
    db_offset: u64,
    db_len: u64,
    /// KDF parameters of the slot that opened it.
    kdf: KdfParams,
    info: BackupInfo,
    meter: Meter<'p>,
}

impl Opened<'_> {
    /// The new vault's KDF cost: the backup's, but never below the
    /// recommended cost in a real build (a backup's parameters are only
    /// bounded, not trusted to be strong).
    fn new_vault_kdf(&self) -> KdfParams {
        at_least_recommended(self.kdf)
    }

    fn finish_progress(mut self) {
        self.meter.finish();
    }
}

/// Parse, digest, key and manifest: everything short of SQLite. Nothing is
/// written. The digest comes before the key derivation, so a damaged file
/// costs no Argon2 work and says "damaged" whatever secret was given.
fn open_checked<'p, R: Read + Seek>(
    r: &mut R,
    len: u64,
    secret: BackupSecret,
    progress: Progress<'p>,
) -> Result<Opened<'p>> {
    let parsed = format::parse(r, len).map_err(reading_backup)?;
    let db_len = parsed.db_len();
    let mut meter = Meter::new(progress, 4 * db_len);
    let digest = hash_section(r, &parsed, &mut meter).map_err(reading_backup)?;
    if hex(&digest) != parsed.header.database.blake2b_256 {
        return Err(Error::BackupDamaged("database digest"));
    }
    let (slot, secret_bytes) = match secret {
        BackupSecret::Passphrase(p) => {
            let slot = parsed.header.slot(format::PASSPHRASE).ok_or(Error::BackupWrongSecret)?;
            (slot, keys::passphrase_bytes(p).map_err(|_| Error::BackupWrongSecret)?)
        }
        BackupSecret::RecoveryKey(k) => {
            let key = RecoveryKey::parse(k)?;
            let slot = parsed.header.slot(format::RECOVERY).ok_or(Error::BackupNoRecoverySlot)?;
            (slot, Zeroizing::new(key.as_bytes().to_vec()))
        }
    };
    let kek = slot.derive(&secret_bytes)?;
    let file_key = slot.open(&kek, &parsed.header.backup_id).ok_or(Error::BackupWrongSecret)?;
    let manifest = parsed.open_manifest(&file_key)?;
    let kdf = slot.kdf.params();
    if parsed.header.schema_version > latest_schema_version(ALL) {
        return Err(Error::BackupTooNew("schema version"));
    }
    let Parsed { header, db_offset, .. } = parsed;
    let info = BackupInfo {
        format_version: FORMAT_VERSION,
        created_at: header.created_at.clone(),
        schema_version: header.schema_version,
        counts: manifest.counts.clone(),
        recovery_slot: header.has_recovery_slot(),
        bytes: len,
        from_damaged_vault: false,
    };
    Ok(Opened { header, file_key, manifest, db_offset, db_len, kdf, info, meter })
}

/// Opens a backup's database copy: a damaged one is a damaged *backup*.
fn open_copy(path: &Path, opened: &Opened, writable: bool) -> Result<Db> {
    Db::open_as_is(path, &opened.file_key, ALL, writable).map_err(|e| match e {
        Error::DatabaseDamaged => Error::BackupDamaged("database"),
        other => other,
    })
}

/// SQLCipher's page check, SQLite's integrity check, the schema version the
/// header promised, and the manifest's counts.
fn check_database(db: &Db, opened: &Opened) -> Result<()> {
    check_database_inner(db, opened).map_err(|e| match e {
        Error::DatabaseDamaged => Error::BackupDamaged("database"),
        other => other,
    })
}

fn check_database_inner(db: &Db, opened: &Opened) -> Result<()> {
    if !db.cipher_integrity_ok()? {
        return Err(Error::BackupDamaged("cipher_integrity_check"));
    }
    if !db.integrity_ok()? {
        return Err(Error::BackupDamaged("integrity_check"));
    }
    let version = db.schema_version()?;
    if version > latest_schema_version(ALL) {
        return Err(Error::BackupTooNew("schema version"));
    }
    if version != opened.header.schema_version {
        return Err(Error::BackupDamaged("schema version differs from the header"));
    }
    if !store::counts_agree(db.conn(), ALL, &opened.manifest.counts)? {
        return Err(Error::BackupDamaged("counts differ from the manifest"));
    }
    Ok(())
}

/// Copies the backup's database section to a new private file at `to`.
fn extract<R: Read + Seek>(r: &mut R, opened: &Opened, to: &Path) -> Result<()> {
    // The meter is not borrowed mutably here: extraction is reported by the
    // caller's later steps.
    r.seek(SeekFrom::Start(opened.db_offset)).map_err(|e| reading_backup(e.into()))?;
    let mut out = create_private(to)?;
    let mut left = opened.db_len;
    let mut buf = vec![0u8; CHUNK];
    // Digested again as it is copied: the file may have changed since the
    // first pass (a shared folder, a flaky stick), and SQLite reads only
    // the copy.
    let mut hasher = Blake2b::<blake2::digest::consts::U32>::new();
    while left > 0 {
        let n = left.min(CHUNK as u64) as usize;
        r.read_exact(&mut buf[..n]).map_err(|e| reading_backup(e.into()))?;
        hasher.update(&buf[..n]);
        out.write_all(&buf[..n])?;
        left -= n as u64;
    }
    out.flush()?;
    let digest: [u8; 32] = hasher.finalize().into();
    if hex(&digest) != opened.header.database.blake2b_256 {
        return Err(Error::BackupDamaged("database changed while being read"));
    }
    Ok(())
}

fn hash_section<R: Read + Seek>(r: &mut R, parsed: &Parsed, meter: &mut Meter) -> Result<[u8; 32]> {
    r.seek(SeekFrom::Start(parsed.db_offset))?;
    hash_reader(r, parsed.db_len(), meter)
}

fn hash_file(path: &Path, meter: &mut Meter) -> Result<[u8; 32]> {
    let len = file_len(path);
    hash_reader(&mut File::open(path)?, len, meter)
}

fn hash_reader<R: Read>(r: &mut R, len: u64, meter: &mut Meter) -> Result<[u8; 32]> {
    let mut hasher = Blake2b::<blake2::digest::consts::U32>::new();
    let mut left = len;
    let mut buf = vec![0u8; CHUNK];
    while left > 0 {
        let n = left.min(CHUNK as u64) as usize;
        r.read_exact(&mut buf[..n])?;
        hasher.update(&buf[..n]);
        left -= n as u64;
        meter.advance(n as u64);
    }
    Ok(hasher.finalize().into())
}

fn copy_exact(from: &mut File, to: &mut File, len: u64, meter: &mut Meter) -> Result<()> {
    let mut left = len;
    let mut buf = vec![0u8; CHUNK];
    while left > 0 {
        let n = left.min(CHUNK as u64) as usize;
        from.read_exact(&mut buf[..n])?;
        to.write_all(&buf[..n])?;
        left -= n as u64;
        meter.advance(n as u64);
    }
    Ok(())
}

/// Progress in bytes of database handled, over a total set up front.
struct Meter<'p> {
    report: Progress<'p>,
    done: u64,
    total: u64,
}

impl<'p> Meter<'p> {
    fn new(report: Progress<'p>, total: u64) -> Self {
        let m = Meter { report, done: 0, total: total.max(1) };
        (m.report)(0, m.total);
        m
    }
    fn retotal(&mut self, total: u64) {
        self.total = total.max(self.done + 1);
    }
    fn advance(&mut self, n: u64) {
        self.done = (self.done + n).min(self.total.saturating_sub(1));
        (self.report)(self.done, self.total);
    }
    fn finish(&mut self) {
        self.done = self.total;
        (self.report)(self.total, self.total);
    }
}

/// Removes its paths when dropped, unless disarmed.
struct Cleanup(Vec<PathBuf>);

impl Cleanup {
    fn disarm(mut self) {
        self.0.clear();
    }
}

impl Drop for Cleanup {
    fn drop(&mut self) {
        for p in &self.0 {
            let _ = fs::remove_file(p);
        }
    }
}

/// Removes what an earlier, killed backup to the same name left beside it:
/// `.<name>.<16 hex>.tmp`, `.db.tmp` and `.db.tmp-journal` (encrypted bytes
/// only, never under the final name).
fn remove_stale_temporaries(dir: &Path, name: &str) {
    let Ok(entries) = fs::read_dir(dir) else { return };
    let prefix = format!(".{name}.");
    let mut removed = 0u32;
    for entry in entries.flatten() {
        let file_name = entry.file_name();
        let Some(rest) = file_name.to_str().and_then(|n| n.strip_prefix(&prefix)) else { continue };
        let (Some(tag), Some(kind)) = (rest.get(..16), rest.get(16..)) else { continue };
        let is_tag = tag.bytes().all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b));
        if is_tag && [".tmp", ".db.tmp", ".db.tmp-journal"].contains(&kind) && fs::remove_file(entry.path()).is_ok() {
            removed += 1;
        }
    }
    if removed > 0 {
        tracing::info!(count = removed, "removed temporaries of an interrupted backup");
    }
}

fn open_file(path: &Path) -> Result<(File, u64)> {
    use std::os::unix::fs::OpenOptionsExt;
    // Not blocking: opening a FIFO for reading would wait for a writer
    // forever. What was opened is checked, not what the path said a moment
    // before.
    let f =
        fs::OpenOptions::new().read(true).custom_flags(libc::O_NONBLOCK).open(path).map_err(|e| match e.kind() {
            std::io::ErrorKind::NotFound => Error::BackupNotFound(path.to_path_buf()),
            _ => reading_backup(e.into()),
        })?;
    let meta = f.metadata().map_err(|e| reading_backup(e.into()))?;
    if !meta.is_file() {
        return Err(Error::BackupNotAFile(path.to_path_buf()));
    }
    Ok((f, meta.len()))
}

/// `p`, raised to the recommended cost where it is below it (tests with the
/// fast KDF keep theirs).
fn at_least_recommended(p: KdfParams) -> KdfParams {
    #[cfg(feature = "insecure-fast-kdf")]
    {
        p
    }
    #[cfg(not(feature = "insecure-fast-kdf"))]
    {
        let r = KdfParams::RECOMMENDED;
        let k = KdfParams {
            memory_kib: p.memory_kib.max(r.memory_kib),
            iterations: p.iterations.max(r.iterations),
            parallelism: p.parallelism.max(r.parallelism),
        };
        if k.within_bounds() {
            k
        } else {
            r
        }
    }
}

/// A copy just written where a backup or a restored vault goes did not
/// read back as written: that disk failed, which [`Error::writing_to`] then
/// names as the place's trouble. The vault is not blamed.
fn copy_failed(what: &'static str) -> Error {
    Error::Io(std::io::Error::other(what))
}

/// A written copy that does not open as a database: see [`copy_failed`].
fn written_copy_failed(e: Error) -> Error {
    match e {
        Error::DatabaseDamaged => copy_failed("the written copy does not open"),
        other => other,
    }
}

/// A failure to read the backup file (not a writing place's, not the
/// vault's): no permission, or its disk went away.
fn reading_backup(e: Error) -> Error {
    match e {
        Error::Io(_) | Error::PermissionDenied => Error::BackupUnreadable,
        other => other,
    }
}

fn file_len(path: &Path) -> u64 {
    fs::metadata(path).map(|m| m.len()).unwrap_or(0)
}

/// (folder, file name) of a path; the folder of a bare name is `.`.
fn split(path: &Path) -> Result<(PathBuf, String)> {
    let name = path
        .file_name()
        .and_then(|n| n.to_str())
        .ok_or_else(|| Error::Io(std::io::Error::from(std::io::ErrorKind::InvalidInput)))?;
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => PathBuf::from("."),
    };
    Ok((dir, name.to_owned()))
}

#[cfg(target_os = "linux")]
fn renameat2(from: &Path, to: &Path, flags: libc::c_uint) -> std::io::Result<()> {
    use std::os::unix::ffi::OsStrExt;
    let from = std::ffi::CString::new(from.as_os_str().as_bytes())?;
    let to = std::ffi::CString::new(to.as_os_str().as_bytes())?;
    // SAFETY: two valid NUL-terminated paths, relative to the working folder.
    let rc = unsafe {
        libc::syscall(libc::SYS_renameat2, libc::AT_FDCWD, from.as_ptr(), libc::AT_FDCWD, to.as_ptr(), flags)
    };
    if rc == 0 {
        Ok(())
    } else {
        Err(std::io::Error::last_os_error())
    }
}

/// Renames `from` to `to` unless `to` exists (then `FileExists`).
fn rename_noreplace(from: &Path, to: &Path) -> Result<()> {
    #[cfg(target_os = "linux")]
    match renameat2(from, to, libc::RENAME_NOREPLACE) {
        Ok(()) => return Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => return Err(Error::FileExists(to.to_path_buf())),
        Err(e) if e.raw_os_error() == Some(libc::EINVAL) || e.raw_os_error() == Some(libc::ENOSYS) => {}
        Err(e) => return Err(e.into()),
    }
    // No RENAME_NOREPLACE here (e.g. some USB file systems): a hard link
    // fails if the name is taken; where links are not supported either,
    // check and rename.
    match fs::hard_link(from, to) {
        Ok(()) => {
            fs::remove_file(from)?;
            Ok(())
        }
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => Err(Error::FileExists(to.to_path_buf())),
        Err(_) if fs::symlink_metadata(to).is_err() => Ok(fs::rename(from, to)?),
        Err(_) => Err(Error::FileExists(to.to_path_buf())),
    }
}

/// Swaps two folders atomically (Linux `RENAME_EXCHANGE`).
fn exchange(a: &Path, b: &Path) -> std::io::Result<()> {
    #[cfg(target_os = "linux")]
    {
        renameat2(a, b, libc::RENAME_EXCHANGE)
    }
    #[cfg(not(target_os = "linux"))]
    {
        let _ = (a, b);
        Err(std::io::Error::from_raw_os_error(libc::ENOSYS))
    }
}
