//! A vault: one folder holding `vault.db` (SQLCipher) and `vault.keys` (the
//! wrapped data key), plus `prefs.json` (the interface language and the
//! appearance, which must be readable while locked and are not secret).
//!
//! An unlocked vault is a `Vault` value; locking is dropping it. The data key
//! is not kept: it is handed to SQLCipher and wiped, and the operations that
//! need it again (passphrase change, recovery) unwrap it afresh.
//!
//! `Vault` itself is the lifecycle only (create, unlock, recover, change the
//! passphrase, lock). Everything kept inside is reached through a handle per
//! capability: `vault.journal()`, `vault.meetings()`, `vault.groups()`,
//! `vault.library()`, `vault.settings()`, `vault.search()`.

pub mod keyfile;

mod recovery_kek;

use crate::capabilities::ALL;
use crate::error::{Error, Result};
use crate::i18n::Lang;
use crate::keys::{self, KdfParams, RecoveryKey, SecretKey};
use crate::store::{Db, ReadOnlyBecause};
use keyfile::KeyFile;
use recovery_kek::RecoveryKekFile;
use serde::{Deserialize, Serialize};
use std::fs;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use zeroize::Zeroizing;

const DB_FILE: &str = "vault.db";
const KEYS_FILE: &str = "vault.keys";
const PREFS_FILE: &str = "prefs.json";
const RECOVERY_KEK_FILE: &str = "vault.recovery-kek";
/// What Enza itself may write into the folder before a vault exists (the
/// language and appearance chosen on the first screen). Such a folder is
/// still an empty place for a restore.
const PRE_VAULT_FILES: [&str; 2] = [PREFS_FILE, "prefs.json.tmp"];

/// Where a vault lives, and what is there now.
#[derive(Debug, Clone)]
pub struct VaultDir {
    dir: PathBuf,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum VaultState {
    /// Nothing there yet: first run.
    Missing,
    /// A key file and a database: can be unlocked.
    Present,
    /// Something else is in the way; creating or opening would be unsafe.
    Foreign,
    /// The folder (or one above it) cannot be read by this user: whether a
    /// vault is there cannot be known, so nothing is made over it.
    Unreadable,
}

#[derive(Debug, Default, Serialize, Deserialize)]
struct Prefs {
    language: Option<Lang>,
    #[serde(default)]
    appearance: Appearance,
}

/// Light or dark, or as the system says. Kept beside the language, outside
/// the vault: the unlock screen needs it, and it says nothing about anyone.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Appearance {
    #[default]
    System,
    Light,
    Dark,
}

impl VaultDir {
    pub fn new(dir: impl Into<PathBuf>) -> Self {
        VaultDir { dir: dir.into() }
    }

    pub fn path(&self) -> &Path {
        &self.dir
    }

    pub fn db_path(&self) -> PathBuf {
        self.dir.join(DB_FILE)
    }

    pub fn keys_path(&self) -> PathBuf {
        self.dir.join(KEYS_FILE)
    }

    /// `vault.recovery-kek` (`docs/vault-format.md` §10).
    pub fn recovery_kek_path(&self) -> PathBuf {
        self.dir.join(RECOVERY_KEK_FILE)
    }

    pub fn state(&self) -> VaultState {
        let denied = |e: &std::io::Error| e.kind() == std::io::ErrorKind::PermissionDenied;
        match fs::metadata(&self.dir) {
            Err(e) if denied(&e) => return VaultState::Unreadable,
            Ok(meta) if !meta.is_dir() => return VaultState::Foreign,
            Ok(_) if fs::read_dir(&self.dir).is_err_and(|e| denied(&e)) => return VaultState::Unreadable,
            _ => {}
        }
        let (keys, db) = match (self.keys_path().try_exists(), self.db_path().try_exists()) {
            (Ok(keys), Ok(db)) => (keys, db),
            (Err(e), _) | (_, Err(e)) if denied(&e) => return VaultState::Unreadable,
            _ => return VaultState::Foreign,
        };
        match (keys, db) {
            (false, false) => VaultState::Missing,
            (true, true) if self.keys_path().is_file() && self.db_path().is_file() => VaultState::Present,
            _ => VaultState::Foreign,
        }
    }

    /// The language chosen at first run or in settings, readable while locked.
    pub fn language(&self) -> Option<Lang> {
        self.prefs().language
    }

    pub fn appearance(&self) -> Appearance {
        self.prefs().appearance
    }

    pub fn set_language(&self, lang: Lang) -> Result<()> {
        self.write_prefs(&Prefs { language: Some(lang), ..self.prefs() })
    }

    pub fn set_appearance(&self, appearance: Appearance) -> Result<()> {
        self.write_prefs(&Prefs { appearance, ..self.prefs() })
    }

    /// What prefs.json says; a missing or unreadable file is the defaults
    /// (it holds nothing that matters more than a language and a colour).
    fn prefs(&self) -> Prefs {
        fs::read(self.dir.join(PREFS_FILE))
            .ok()
            .filter(|bytes| bytes.len() < 4096)
            .and_then(|bytes| serde_json::from_slice(&bytes).ok())
            .unwrap_or_default()
    }

    fn write_prefs(&self, prefs: &Prefs) -> Result<()> {
        fs::create_dir_all(&self.dir)?;
        let json = serde_json::to_vec(prefs).expect("prefs serialize");
        // A fixed temporary name: a restore knows it as Enza's own.
        let tmp = self.dir.join("prefs.json.tmp");
        let _ = fs::remove_file(&tmp);
        crate::files::replace(&self.dir.join(PREFS_FILE), &tmp, &json)
    }

    /// Whether nothing is here but what Enza writes before a vault exists
    /// (or nothing at all): a restore may put a vault here.
    pub(crate) fn holds_only_pre_vault_files(&self) -> Result<bool> {
        if !self.dir.is_dir() {
            return Ok(!self.dir.exists());
        }
        for entry in fs::read_dir(&self.dir)? {
            let entry = entry?;
            let own = PRE_VAULT_FILES.iter().any(|f| entry.file_name() == *f);
            if !own || !entry.file_type()?.is_file() {
                return Ok(false);
            }
        }
        Ok(true)
    }

    /// Moves the pre-vault files into `staged` (a complete vault about to be
    /// renamed here), leaving this folder empty for the rename. The
    /// preferences travel with it, so the language chosen first is kept.
    pub(crate) fn hand_pre_vault_files_to(&self, staged: &VaultDir) -> Result<()> {
        for name in PRE_VAULT_FILES {
            let from = self.dir.join(name);
            if !from.is_file() {
                continue;
            }
            if name == PREFS_FILE {
                fs::rename(&from, staged.dir.join(name))?;
            } else {
                fs::remove_file(&from)?;
            }
        }
        Ok(())
    }

    /// Seals a quick note to this vault's capture key, into its inbox:
    /// needs no passphrase, and nothing sealed is readable until unlock.
    pub fn capture(&self, kind: crate::sealed::CaptureKind, text: &str) -> Result<PathBuf> {
        self.require_present()?;
        crate::sealed::capture::capture(&self.dir, kind, text, chrono::Local::now().fixed_offset())
    }

    /// How many quick notes wait for the next unlock (counted up to a
    /// bound): `(count, more)`.
    pub fn captures_waiting(&self) -> (usize, bool) {
        crate::sealed::capture::waiting(&self.dir)
    }

    /// Rewraps the data key under a new passphrase; the old one must open
    /// the key file. Needs only the key file, so a front end can run it
    /// without holding the open vault; it then hands what this returns to
    /// the open vault ([`Vault::passphrase_changed`]).
    ///
    /// `seen` is what the open vault was unlocked with ([`Vault::seen`]): if
    /// the passphrase was changed elsewhere since, `old` failing is said as
    /// that, not as a typing slip.
    pub fn change_passphrase(&self, old: &str, new: &str, seen: Option<&Seen>) -> Result<PassphraseChanged> {
        keys::check_new_passphrase(new)?;
        self.require_present()?;
        let mut kept = None;
        let path = self.keys_path();
        KeyFile::update(&path, |current| {
            let data_key = current.open_with_passphrase(old).map_err(|e| match e {
                // A slot changed outside Enza first; then one another Enza
                // wrote since this vault was unlocked.
                Error::WrongPassphrase => match current.why_passphrase_failed(&path) {
                    Error::WrongPassphrase
                        if seen.is_some_and(|s| current.passphrase_salt().as_ref() != Some(&s.0)) =>
                    {
                        Error::KeyFileChanged
                    }
                    why => why,
                },
                other => other,
            })?;
            let (next, kek) = current.with_new_passphrase_kek(&data_key, new)?;
            kept = Some(kek);
            Ok(next)
        })?;
        tracing::info!("key file rewrapped");
        Ok(PassphraseChanged(kept.expect("update ran the closure")))
    }

    /// Whether the recovery slot of the key file would open with the right
    /// recovery key: it is the person's only way back, so `enza status`
    /// warns when it is damaged even while the passphrase still works.
    pub fn recovery_slot_ok(&self) -> Result<bool> {
        Ok(KeyFile::read(&self.keys_path())?.recovery_slot_ok())
    }

    /// Fails with what stands in the way unless a complete vault is here.
    pub fn require_present(&self) -> Result<()> {
        match self.state() {
            VaultState::Present => Ok(()),
            VaultState::Missing => Err(Error::NoVault(self.dir.clone())),
            // Name the one file that is missing: it may have been moved by
            // hand, and the person can look for it.
            VaultState::Foreign
                if self.db_path().is_file() && !self.keys_path().exists() && !is_plain_sqlite(&self.db_path()) =>
            {
                Err(Error::MissingFile(self.keys_path()))
            }
            VaultState::Foreign if self.keys_path().is_file() && !self.db_path().exists() => {
                Err(Error::MissingFile(self.db_path()))
            }
            VaultState::Foreign => Err(Error::NotAVault(self.dir.clone())),
            VaultState::Unreadable => Err(Error::FolderUnreadable(self.dir.clone())),
        }
    }
}

/// What unlocking found of the recovery slot in `vault.keys`, which only
/// the paper recovery key opens (and so is otherwise checked only when it
/// is needed, too late).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum RecoverySlot {
    /// It holds the data key as the paper key opens it.
    Whole,
    /// It was damaged and has been sealed again from `vault.recovery-kek`:
    /// the same paper key works again.
    Repaired,
    /// It is damaged and could not be rebuilt now (say, a read-only disk):
    /// the paper key will not open the vault.
    Damaged,
    /// Not known: a vault made before `vault.recovery-kek`, or that file
    /// does not open.
    Unknown,
}

pub struct Vault {
    dir: VaultDir,
    db: Db,
    recovery_slot: RecoverySlot,
    /// Why this vault takes no writes, if it does not.
    read_only: Option<ReadOnlyBecause>,
    /// The vault's disk takes no writes (full, read-only), if so: what is
    /// left of `read_only` once the person accepts a damaged database.
    disk: Option<ReadOnlyBecause>,
    /// The database failed its integrity check at unlock (writes may have
    /// been allowed since, on the person's word).
    damaged: bool,
    /// The recovery slot's key-encryption key, for backups' recovery slots;
    /// `None` for a vault without a usable `vault.recovery-kek`.
    recovery: Option<SlotKek>,
    /// What unlocking did with the quick notes and the capture key.
    sealed_at_unlock: crate::sealed::AtUnlock,
    /// The passphrase slot's key-encryption key, kept while unlocked so that
    /// backups "with the vault's passphrase" (automatic ones) need no
    /// typing; replaced when the passphrase changes. Never written anywhere.
    passphrase: Mutex<Option<SlotKek>>,
}

/// A new vault's keys: its recovery key and its key file for a data key,
/// and KEK₂. Deriving them is the slow part of making a vault (two Argon2id
/// runs), and needs nothing from the database, so a restore derives them
/// while it copies.
pub(crate) struct NewKeys {
    recovery: RecoveryKey,
    key_file: KeyFile,
    kek: SecretKey,
    passphrase_kek: SlotKek,
}

impl NewKeys {
    pub(crate) fn derive(data_key: &SecretKey, passphrase: &str, kdf: KdfParams) -> Result<NewKeys> {
        keys::check_new_passphrase(passphrase)?;
        let recovery = RecoveryKey::random()?;
        let (key_file, kek, passphrase_kek) = KeyFile::new_with_recovery_kek(data_key, passphrase, &recovery, kdf)?;
        Ok(NewKeys { recovery, key_file, kek, passphrase_kek })
    }
}

/// A key-slot's key-encryption key with its salt and parameters: KEK₂ =
/// Argon2id(recovery key, salt₂) for the recovery slot, KEK₁ for the
/// passphrase slot. With it a backup adds a slot that the same secret opens,
/// without asking for the secret again.
pub(crate) struct SlotKek {
    pub(crate) kek: SecretKey,
    pub(crate) salt: Vec<u8>,
    pub(crate) params: KdfParams,
}

/// Which passphrase slot an open vault was unlocked with (its salt):
/// enough to tell, when a passphrase change fails, that the slot was
/// replaced elsewhere since.
pub struct Seen(Vec<u8>);

/// A passphrase just changed in the key file: its slot's key-encryption
/// key, for the open vault to keep ([`Vault::passphrase_changed`]). Wiped
/// when dropped.
pub struct PassphraseChanged(SlotKek);

/// What creating a vault hands back: the open vault, and the recovery key to
/// show the person exactly once.
pub struct Created {
    pub vault: Vault,
    pub recovery_key: Zeroizing<String>,
}

impl Vault {
    /// Creates a vault with the recommended KDF cost.
    pub fn create(dir: &VaultDir, passphrase: &str) -> Result<Created> {
        Self::create_with(dir, passphrase, KdfParams::RECOMMENDED)
    }

    /// Creates a vault with cheap KDF parameters. Tests only.
    #[cfg(feature = "insecure-fast-kdf")]
    pub fn create_insecure_fast(dir: &VaultDir, passphrase: &str) -> Result<Created> {
        Self::create_with(dir, passphrase, KdfParams::INSECURE_FAST)
    }

    fn create_with(dir: &VaultDir, passphrase: &str, kdf: KdfParams) -> Result<Created> {
        keys::check_new_passphrase(passphrase)?;
        match dir.state() {
            VaultState::Missing => {}
            VaultState::Present => return Err(Error::VaultExists(dir.dir.clone())),
            VaultState::Foreign => return Err(Error::NotAVault(dir.dir.clone())),
            VaultState::Unreadable => return Err(Error::FolderUnreadable(dir.dir.clone())),
        }
        crate::files::create_private_dir(&dir.dir)?;
        let data_key = SecretKey::random()?;
        let db = Db::create(&dir.db_path(), &data_key, ALL)?;
        Self::finish_new(dir, db, &data_key, passphrase, kdf)
    }

    /// Writes the key files of a vault whose database is in place (made by
    /// `create` or by a restore), removing the database if that fails. The
    /// database first, the key file last: a vault exists only once its key
    /// file is in place. A crash in between leaves a lone vault.db, which
    /// `state()` reports as foreign rather than guessing about it.
    pub(crate) fn finish_new(
        dir: &VaultDir,
        db: Db,
        data_key: &SecretKey,
        passphrase: &str,
        kdf: KdfParams,
    ) -> Result<Created> {
        match NewKeys::derive(data_key, passphrase, kdf) {
            Ok(keys) => Self::finish_with_keys(dir, db, data_key, keys),
            Err(e) => {
                drop(db);
                remove_new_database(&dir.db_path());
                Err(e)
            }
        }
    }

    /// [`Vault::finish_new`] with the keys already derived.
    pub(crate) fn finish_with_keys(dir: &VaultDir, db: Db, data_key: &SecretKey, keys: NewKeys) -> Result<Created> {
        let NewKeys { recovery, key_file, kek, passphrase_kek } = keys;
        let written = (|| {
            let (salt, params) = key_file.recovery_kdf().expect("a new recovery slot is well formed");
            RecoveryKekFile::seal(&key_file.vault_id, data_key, &kek, &salt, params)?
                .write_atomic(&dir.recovery_kek_path())?;
            key_file.write_atomic(&dir.keys_path())?;
            Ok(SlotKek { kek, salt, params })
        })();
        let recovery_kek = match written {
            Ok(r) => r,
            Err(e) => {
                drop(db);
                remove_new_database(&dir.db_path());
                let _ = fs::remove_file(dir.recovery_kek_path());
                return Err(e);
            }
        };
        tracing::info!("vault created");
        let sealed_at_unlock = crate::sealed::at_unlock(&db, dir.path(), true);
        Ok(Created {
            vault: Vault {
                dir: dir.clone(),
                db,
                sealed_at_unlock,
                recovery_slot: RecoverySlot::Whole,
                read_only: None,
                disk: None,
                damaged: false,
                recovery: Some(recovery_kek),
                passphrase: Mutex::new(Some(passphrase_kek)),
            },
            recovery_key: recovery.display(),
        })
    }

    /// Opens a vault whose data key is already in hand (a restore that just
    /// wrote it): no key derivation.
    pub(crate) fn open_with_data_key(dir: &VaultDir, data_key: &SecretKey) -> Result<Vault> {
        dir.require_present()?;
        let key_file = KeyFile::read(&dir.keys_path())?;
        let db = Db::open(&dir.db_path(), data_key, ALL)?;
        let recovery = load_recovery_kek(dir, &key_file, data_key, true);
        let recovery_slot = check_recovery_slot(dir, &key_file, data_key, recovery.as_ref(), true);
        let sealed_at_unlock = crate::sealed::at_unlock(&db, dir.path(), true);
        Ok(Vault {
            dir: dir.clone(),
            db,
            sealed_at_unlock,
            recovery_slot,
            read_only: None,
            disk: None,
            damaged: false,
            recovery,
            passphrase: Mutex::new(None),
        })
    }

    /// Opens the vault with its passphrase. A wrong passphrase changes no file.
    pub fn unlock(dir: &VaultDir, passphrase: &str) -> Result<Vault> {
        Self::unlock_reporting(dir, passphrase, &mut |_, _| {})
    }

    /// As [`Vault::unlock`], telling `progress(done, total)` how far a
    /// schema upgrade has come (building the search index of a large vault
    /// made by an older version takes seconds).
    pub fn unlock_reporting(dir: &VaultDir, passphrase: &str, progress: &mut dyn FnMut(u64, u64)) -> Result<Vault> {
        dir.require_present()?;
        let key_file = KeyFile::read(&dir.keys_path())?;
        let (data_key, passphrase) = key_file.open_with_passphrase_kek(passphrase).map_err(|e| match e {
            Error::WrongPassphrase => key_file.why_passphrase_failed(&dir.keys_path()),
            other => other,
        })?;
        let opened = open_database(dir, &data_key, progress)?;
        let (read_only, disk, damaged) = (opened.read_only(), opened.disk, !opened.whole);
        let db = opened.db;
        // On a disk that takes no writes, nothing is tidied or rebuilt now.
        let disk_writable = disk.is_none();
        let recovery = load_recovery_kek(dir, &key_file, &data_key, disk_writable);
        let recovery_slot = check_recovery_slot(dir, &key_file, &data_key, recovery.as_ref(), disk_writable);
        // What a killed restore beside this vault left (a restore that
        // replaces it stages in the same parent folder).
        if let Some(parent) = dir.path().parent().filter(|_| disk_writable) {
            crate::files::remove_dead_restores(parent);
        }
        tracing::info!(backup_recovery_slot = recovery.is_some(), ?recovery_slot, ?read_only, "vault unlocked");
        let sealed_at_unlock = crate::sealed::at_unlock(&db, dir.path(), read_only.is_none());
        let passphrase = Mutex::new(Some(passphrase));
        Ok(Vault {
            dir: dir.clone(),
            db,
            sealed_at_unlock,
            recovery_slot,
            read_only,
            disk,
            damaged,
            recovery,
            passphrase,
        })
    }

    /// Opens the vault with the recovery key and sets a new passphrase.
    pub fn recover(dir: &VaultDir, recovery_key: &str, new_passphrase: &str) -> Result<Vault> {
        let recovery = RecoveryKey::parse(recovery_key)?;
        keys::check_new_passphrase(new_passphrase)?;
        dir.require_present()?;
        let mut opened = None;
        // Whenever the recovery slot is whole, even if the passphrase slot
        // is damaged: a new, whole key file is written.
        let key_file = KeyFile::update_for_recovery(&dir.keys_path(), |current| {
            let (data_key, kek) = current.open_with_recovery_kek(&recovery)?;
            // Open the database before rewrapping, so a database that does
            // not open is reported without touching the key file; a damaged
            // one is kept from writes, as at unlock.
            let db = open_database(dir, &data_key, &mut |_, _| {})?;
            let next = current.with_new_passphrase(&data_key, new_passphrase)?;
            opened = Some((db, data_key, kek));
            Ok(next)
        })?;
        let (opened, data_key, kek) = opened.expect("update ran the closure");
        let (read_only, disk, damaged) = (opened.read_only(), opened.disk, !opened.whole);
        let db = opened.db;
        tracing::info!("vault opened with the recovery slot; key file rewrapped");
        let recovery = ensure_recovery_kek(dir, &key_file, &data_key, kek);
        let passphrase = key_file.passphrase_kek(new_passphrase).ok();
        // The recovery key itself just opened its slot.
        let recovery_slot = RecoverySlot::Whole;
        let sealed_at_unlock = crate::sealed::at_unlock(&db, dir.path(), read_only.is_none());
        Ok(Vault {
            dir: dir.clone(),
            db,
            sealed_at_unlock,
            recovery_slot,
            read_only,
            disk,
            damaged,
            recovery,
            passphrase: Mutex::new(passphrase),
        })
    }

    /// Gives a vault made before `vault.recovery-kek` existed (or one whose
    /// file was lost) what its backups need for a recovery slot. Needs the
    /// recovery key, since the unlocked vault does not know it; changes
    /// nothing else. Returns whether backups now carry a recovery slot.
    pub fn enable_backup_recovery(&mut self, recovery_key: &str) -> Result<bool> {
        let recovery = RecoveryKey::parse(recovery_key)?;
        let key_file = KeyFile::read(&self.dir.keys_path())?;
        let (data_key, kek) = key_file.open_with_recovery_kek(&recovery)?;
        if let Some((salt, params)) = key_file.recovery_kdf() {
            RecoveryKekFile::seal(&key_file.vault_id, &data_key, &kek, &salt, params)?
                .write_atomic(&self.dir.recovery_kek_path())?;
            self.recovery = Some(SlotKek { kek, salt, params });
        }
        Ok(self.recovery.is_some())
    }

    /// Whether backups made from this vault get a slot that the vault's
    /// recovery key opens (see `vault.recovery-kek`). `false` for a vault
    /// made before that file existed: its backups open only with their
    /// passphrase until [`Vault::enable_backup_recovery`] is run.
    pub fn backups_have_recovery_slot(&self) -> bool {
        self.recovery.is_some()
    }

    /// What unlocking did with the quick notes written while locked, and
    /// what it found of the capture key beside the vault.
    pub fn sealed_at_unlock(&self) -> &crate::sealed::AtUnlock {
        &self.sealed_at_unlock
    }

    /// What unlocking found of the recovery slot (and whether it was
    /// rebuilt): the app and `enza status` tell the person.
    pub fn recovery_slot(&self) -> RecoverySlot {
        self.recovery_slot
    }

    /// Why this vault takes no writes (a full or read-only disk, a damaged
    /// database), or `None` when it does. Everything that reads still
    /// works: list, search, trends, backups and exports to another disk.
    pub fn read_only(&self) -> Option<ReadOnlyBecause> {
        self.read_only
    }

    /// Opens the database again, as unlocking did, with the key this
    /// session holds. Needed after a read met a damaged page: SQLCipher
    /// then fails every later read of that connection (it keeps the HMAC
    /// failure as a deferred error, measured with 4.20), while a new one
    /// reads everything that is whole. Writes stay as the person left them.
    pub fn reopen(&mut self) -> Result<()> {
        let key_file = KeyFile::read(&self.dir.keys_path())?;
        let data_key =
            self.with_passphrase_kek(|k| k.and_then(|k| key_file.open_passphrase_slot_with(k))).ok_or(Error::Locked)?;
        let writes_accepted = self.damaged && self.read_only != Some(ReadOnlyBecause::Damaged);
        // One connection at a time: the old one's locks are this process's.
        self.db.close_now()?;
        let opened = open_database(&self.dir, &data_key, &mut |_, _| {})?;
        (self.read_only, self.disk, self.damaged) = (opened.read_only(), opened.disk, !opened.whole);
        self.db = opened.db;
        if writes_accepted {
            self.write_despite_damage()?;
        }
        tracing::warn!(read_only = ?self.read_only, "the database was opened again after a damaged page");
        Ok(())
    }

    /// Whether the database failed its integrity check at unlock.
    pub fn damaged(&self) -> bool {
        self.damaged
    }

    /// The person accepts the risk of writing into a vault whose database
    /// failed its integrity check (for this session only). Changes nothing
    /// for a full or read-only disk.
    pub fn write_despite_damage(&mut self) -> Result<()> {
        if self.read_only == Some(ReadOnlyBecause::Damaged) {
            self.db.allow_writes()?;
            self.read_only = self.disk;
            tracing::warn!("writes allowed into a damaged database, on the person's word");
        }
        Ok(())
    }

    pub(crate) fn recovery_kek(&self) -> Option<&SlotKek> {
        self.recovery.as_ref()
    }

    pub(crate) fn db(&self) -> &Db {
        &self.db
    }

    /// Rewraps the data key under a new passphrase. No data is re-encrypted.
    pub fn change_passphrase(&self, old: &str, new: &str) -> Result<()> {
        let changed = self.dir.change_passphrase(old, new, self.seen().as_ref())?;
        self.passphrase_changed(changed);
        Ok(())
    }

    /// The passphrase slot this session knows (for
    /// [`VaultDir::change_passphrase`]).
    pub fn seen(&self) -> Option<Seen> {
        self.with_passphrase_kek(|k| k.map(|k| Seen(k.salt.clone())))
    }

    /// After [`VaultDir::change_passphrase`] on this vault's folder: backups
    /// "with the vault's passphrase" are sealed to the new one from now on
    /// (a session left with the old key would have them refused, since the
    /// key file no longer matches it).
    pub fn passphrase_changed(&self, changed: PassphraseChanged) {
        *self.passphrase.lock().unwrap_or_else(|p| p.into_inner()) = Some(changed.0);
    }

    /// Keeps the passphrase slot's key-encryption key for `passphrase` (after
    /// a change, or a restore that set it), for backups with the vault's
    /// passphrase. A passphrase that does not open the key file is ignored.
    pub(crate) fn remember_passphrase(&self, passphrase: &str) {
        let kek = KeyFile::read(&self.dir.keys_path()).and_then(|k| k.passphrase_kek(passphrase)).ok();
        *self.passphrase.lock().unwrap_or_else(|p| p.into_inner()) = kek;
    }

    /// Runs `f` with the passphrase slot's key-encryption key, if this
    /// session knows it.
    pub(crate) fn with_passphrase_kek<T>(&self, f: impl FnOnce(Option<&SlotKek>) -> T) -> T {
        f(self.passphrase.lock().unwrap_or_else(|p| p.into_inner()).as_ref())
    }

    pub fn dir(&self) -> &VaultDir {
        &self.dir
    }

    /// Locks the vault: closes the database, which wipes SQLCipher's keys.
    pub fn lock(self) {
        drop(self);
        tracing::info!("vault locked");
    }

    /// What `enza status` reports: the engine, and whether the file is
    /// whole, as the integrity check at unlock found it. (Not checked again:
    /// a check that meets a damaged page leaves SQLCipher's connection
    /// failing later reads.)
    pub fn health(&self) -> Result<Health> {
        Ok(Health { cipher_version: self.db.cipher_version()?, integrity_ok: !self.damaged })
    }

    /// Moves everything from the WAL into the database file.
    pub fn checkpoint(&self) -> Result<()> {
        self.db.checkpoint()
    }

    /// The value of a pragma on the open connection, for the test that pins
    /// the durability settings.
    #[doc(hidden)]
    pub fn pragma_for_tests(&self, name: &str) -> Result<String> {
        self.db.pragma_text(name)
    }
}

/// KEK₂ from `vault.recovery-kek`, if the file is there and opens with the
/// data key. A damaged or foreign file is logged (no content) and ignored:
/// the vault still opens, and its backups carry only a passphrase slot.
fn load_recovery_kek(dir: &VaultDir, key_file: &KeyFile, data_key: &SecretKey, may_write: bool) -> Option<SlotKek> {
    let file = match RecoveryKekFile::read(&dir.recovery_kek_path()) {
        Ok(Some(f)) => f,
        Ok(None) => return None,
        Err(e) => {
            tracing::warn!(code = e.code(), "vault.recovery-kek unreadable; backups get no recovery slot");
            return None;
        }
    };
    let Some(opened) = file.open(&key_file.vault_id, data_key) else {
        tracing::warn!("vault.recovery-kek does not open; backups get no recovery slot");
        return None;
    };
    match opened.kdf {
        Some((salt, params)) => {
            if key_file.recovery_kdf().as_ref() != Some(&(salt.clone(), params)) {
                // vault.keys' recovery fields are not authenticated; the
                // recorded ones are, and are what the paper key derives with.
                tracing::warn!(
                    "vault.keys' recovery slot differs from vault.recovery-kek; backups use the recorded one"
                );
            }
            Some(SlotKek { kek: opened.kek, salt, params })
        }
        None => {
            // Version 1: the salt and parameters come from vault.keys; from
            // now on they are recorded under the tag (first use is trusted).
            let (salt, params) = key_file.recovery_kdf()?;
            if !may_write {
                return Some(SlotKek { kek: opened.kek, salt, params });
            }
            let upgraded = RecoveryKekFile::seal(&key_file.vault_id, data_key, &opened.kek, &salt, params)
                .and_then(|f| f.write_atomic(&dir.recovery_kek_path()));
            if let Err(e) = upgraded {
                tracing::warn!(code = e.code(), "vault.recovery-kek not upgraded to version 2");
            }
            Some(SlotKek { kek: opened.kek, salt, params })
        }
    }
}

/// Checks the recovery slot against KEK₂ at unlock; a slot that does not
/// hold the data key as the paper key would open it (a flipped bit, a
/// changed salt) is sealed again from KEK₂ and its recorded salt and
/// parameters, under the key file's lock. Without KEK₂ nothing can be known.
fn check_recovery_slot(
    dir: &VaultDir,
    key_file: &KeyFile,
    data_key: &SecretKey,
    kek: Option<&SlotKek>,
    may_write: bool,
) -> RecoverySlot {
    let Some(kek) = kek else { return RecoverySlot::Unknown };
    if key_file.recovery_slot_holds(data_key, kek) {
        return RecoverySlot::Whole;
    }
    if !may_write {
        tracing::warn!("the recovery slot does not hold the data key; the disk takes no writes to rebuild it");
        return RecoverySlot::Damaged;
    }
    tracing::warn!("the recovery slot does not hold the data key; rebuilding it from vault.recovery-kek");
    let rebuilt = KeyFile::update(&dir.keys_path(), |current| {
        if current.recovery_slot_holds(data_key, kek) {
            return Ok(current.clone());
        }
        current.with_recovery_slot_rebuilt(data_key, kek)
    });
    match rebuilt {
        Ok(_) => RecoverySlot::Repaired,
        Err(e) => {
            tracing::warn!(code = e.code(), "the recovery slot could not be rebuilt");
            RecoverySlot::Damaged
        }
    }
}

/// What opening the vault's database found.
struct Opened {
    db: Db,
    /// The disk takes no writes (full, read-only), if so.
    disk: Option<ReadOnlyBecause>,
    /// The integrity check found nothing wrong.
    whole: bool,
}

impl Opened {
    /// Why the vault takes no writes: damage first (it is what the person
    /// must act on), then the disk.
    fn read_only(&self) -> Option<ReadOnlyBecause> {
        if self.whole {
            self.disk
        } else {
            Some(ReadOnlyBecause::Damaged)
        }
    }
}

/// Opens the vault's database, as the real one when its disk takes writes,
/// or in a read-only way that still reads everything when the disk is full
/// or read-only (`store::read_only`, `docs/hurt-disk.md`). The integrity
/// check runs before any migration writes; a database that fails it is
/// opened again (a damaged page leaves SQLCipher's connection failing
/// later reads), not migrated, and kept from writes.
fn open_database(dir: &VaultDir, key: &SecretKey, progress: &mut dyn FnMut(u64, u64)) -> Result<Opened> {
    let path = dir.db_path();
    let disk = match crate::store::disk_trouble(&path) {
        Some(trouble) => Some(trouble),
        None => match Db::open_unmigrated(&path, key, ALL) {
            Ok(mut db) if db.integrity_ok()? => {
                db.migrate(progress)?;
                return Ok(Opened { db, disk: None, whole: true });
            }
            Ok(_) => None,
            Err(Error::DiskFull) => Some(ReadOnlyBecause::DiskFull),
            Err(Error::ReadOnly) => Some(ReadOnlyBecause::ReadOnlyDisk),
            Err(e) => return Err(e),
        },
    };
    let open = || match disk {
        None => Db::open_unmigrated(&path, key, ALL),
        Some(ReadOnlyBecause::DiskFull) => Db::open_on_full_disk(&path, key, ALL),
        Some(_) => Db::open_private_copy(&path, key, ALL),
    };
    if let Some(trouble) = disk {
        tracing::warn!(?trouble, "the vault's disk takes no writes; opening it read-only");
        let db = open()?;
        if db.integrity_ok()? {
            return Ok(Opened { db, disk, whole: true });
        }
    }
    tracing::warn!("the database failed its integrity check; it is kept read-only");
    let mut db = open()?;
    db.refuse_writes_damaged()?;
    Ok(Opened { db, disk, whole: false })
}

/// After the recovery key opened the vault: KEK₂ is known, so (re)write
/// `vault.recovery-kek` if it is missing or does not open.
fn ensure_recovery_kek(dir: &VaultDir, key_file: &KeyFile, data_key: &SecretKey, kek: SecretKey) -> Option<SlotKek> {
    // `kek` just opened the recovery slot with vault.keys' salt and
    // parameters, so those are known good here.
    let (salt, params) = key_file.recovery_kdf()?;
    if let Some(existing) = load_recovery_kek(dir, key_file, data_key, true) {
        if existing.kek.as_bytes() == kek.as_bytes() && existing.salt == salt && existing.params == params {
            return Some(existing);
        }
    }
    let written = RecoveryKekFile::seal(&key_file.vault_id, data_key, &kek, &salt, params)
        .and_then(|f| f.write_atomic(&dir.recovery_kek_path()));
    match written {
        Ok(()) => Some(SlotKek { kek, salt, params }),
        Err(e) => {
            tracing::warn!(code = e.code(), "could not write vault.recovery-kek");
            None
        }
    }
}

/// A handle per capability, each one line: `journal: crate::journal::Journal` makes
/// `vault.journal()`, the capability's API over this vault's database.
macro_rules! handles {
    ($($(#[$doc:meta])* $name:ident: crate::$module:ident::$handle:ident,)*) => {
        impl Vault {
            $($(#[$doc])* pub fn $name(&self) -> crate::$module::$handle<'_> { crate::$module::$handle::new(&self.db) })*
        }
    };
}

handles! {
    /// The self-care journal: reflections, check-ins, boundaries, the plan.
    journal: crate::journal::Journal,
    /// Meetings: starting, running and recording sessions; the crisis card.
    meetings: crate::meeting::Meetings,
    /// The circles that meet.
    groups: crate::groups::Groups,
    /// Meeting templates: the built-ins and the user's copies.
    library: crate::library::Library,
    /// Settings kept inside the vault.
    settings: crate::settings::Settings,
    /// Full-text search over everything the vault keeps.
    search: crate::search::Search,
    /// The readable export: Markdown, JSON or CSV, only when asked.
    export: crate::export::Export,
    /// Sealed notes: public keys, co-facilitators, handovers.
    sealed: crate::sealed::Sealed,
    /// The research notebook (当事者研究).
    research: crate::research::Notebook,
}

/// The state of the open database, as `enza status` shows it.
#[derive(Debug, Clone, Serialize)]
pub struct Health {
    pub cipher_version: String,
    pub integrity_ok: bool,
}

/// An unencrypted SQLite file starts with this text; an Enza database never
/// does (SQLCipher's first page is random-looking from byte 0).
fn is_plain_sqlite(path: &Path) -> bool {
    use std::io::Read;
    let mut head = [0u8; 16];
    fs::File::open(path).and_then(|mut f| f.read_exact(&mut head)).is_ok() && &head == b"SQLite format 3\0"
}

/// Removes a database this process created a moment ago (and its WAL files).
impl VaultDir {
    /// Removes a vault this process has just made and that must not be kept:
    /// its recovery key could not be shown (standard output failed), and a
    /// vault whose only way back was never seen must not be left to depend
    /// on it. Only Enza's own files are removed, then the folder if that
    /// leaves it empty; anything else there stays.
    pub fn discard_just_made(&self) -> Result<()> {
        remove_new_database(&self.db_path());
        for name in
            [KEYS_FILE, RECOVERY_KEK_FILE, "vault.keys.lock", PREFS_FILE, crate::sealed::capture::PUBLIC_KEY_FILE]
        {
            match fs::remove_file(self.dir.join(name)) {
                Err(e) if e.kind() != std::io::ErrorKind::NotFound => return Err(e.into()),
                _ => {}
            }
        }
        if fs::read_dir(&self.dir).is_ok_and(|mut d| d.next().is_none()) {
            fs::remove_dir(&self.dir)?;
        }
        tracing::warn!("a vault just made was removed: its recovery key was never shown");
        Ok(())
    }
}

fn remove_new_database(db: &Path) {
    for suffix in ["", "-wal", "-shm"] {
        let _ = fs::remove_file(crate::files::suffixed(db, suffix));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::backup::{self, BackupPassphrase, BackupSecret};

    const PASS: &str = "correct horse battery";

    /// A vault whose `vault.recovery-kek` an earlier Enza wrote (version 1,
    /// no record of the salt) is upgraded at its next unlock, and its
    /// backups still open with the paper key.
    #[test]
    fn a_version_1_recovery_kek_is_upgraded_at_unlock() {
        let tmp = tempfile::tempdir().unwrap();
        let dir = VaultDir::new(tmp.path().join("vault"));
        let created = Vault::create_insecure_fast(&dir, PASS).unwrap();
        let paper = created.recovery_key.to_string();
        created.vault.lock();

        let key_file = KeyFile::read(&dir.keys_path()).unwrap();
        let (data_key, kek) = key_file.open_with_recovery_kek(&RecoveryKey::parse(&paper).unwrap()).unwrap();
        RecoveryKekFile::seal_version_1(&key_file.vault_id, &data_key, &kek)
            .write_atomic(&dir.recovery_kek_path())
            .unwrap();
        let version = || {
            let json: serde_json::Value = serde_json::from_slice(&fs::read(dir.recovery_kek_path()).unwrap()).unwrap();
            (json["version"].as_u64().unwrap(), json.get("kdf").is_some())
        };
        assert_eq!(version(), (1, false));

        let vault = Vault::unlock(&dir, PASS).unwrap();
        assert_eq!(version(), (2, true), "upgraded at unlock");
        let slot = vault.recovery_kek().expect("the recovery slot is kept");
        assert_eq!(slot.kek.as_bytes(), kek.as_bytes());
        assert_eq!(Some((slot.salt.clone(), slot.params)), key_file.recovery_kdf());
        let file = tmp.path().join("after-upgrade.enzabackup");
        vault.backup().write(&file, BackupPassphrase::Vault, &mut |_, _| {}).unwrap();
        vault.lock();
        backup::verify(&file, BackupSecret::RecoveryKey(&paper), &mut |_, _| {}).expect("the paper key opens it");

        // The upgraded file is what the next unlock reads, as it is.
        let upgraded = fs::read(dir.recovery_kek_path()).unwrap();
        Vault::unlock(&dir, PASS).unwrap().lock();
        assert_eq!(fs::read(dir.recovery_kek_path()).unwrap(), upgraded);
    }
}
