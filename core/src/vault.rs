//! A vault: one folder holding `vault.db` (SQLCipher) and `vault.keys` (the
//! wrapped data key), plus `prefs.json` (the interface language, which must
//! be readable while locked and is not secret).
//!
//! An unlocked vault is a `Vault` value; locking is dropping it. The data key
//! is not kept: it is handed to SQLCipher and wiped, and the operations that
//! need it again (passphrase change, recovery) unwrap it afresh.

use crate::autolock;
use crate::error::{Error, Result};
use crate::i18n::Lang;
use crate::journal::{self, Reflection, ReflectionSummary};
use crate::keyfile::KeyFile;
use crate::keys::{self, KdfParams, RecoveryKey, SecretKey};
use crate::store::Store;
use chrono::Utc;
use serde::{Deserialize, Serialize};
use std::fs;
use std::path::{Path, PathBuf};
use zeroize::Zeroizing;

const DB_FILE: &str = "vault.db";
const KEYS_FILE: &str = "vault.keys";
const PREFS_FILE: &str = "prefs.json";
const AUTO_LOCK_KEY: &str = "auto_lock_minutes";

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
}

#[derive(Debug, Default, Serialize, Deserialize)]
struct Prefs {
    language: Option<Lang>,
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

    pub fn state(&self) -> VaultState {
        if self.dir.exists() && !self.dir.is_dir() {
            return VaultState::Foreign;
        }
        match (self.keys_path().exists(), self.db_path().exists()) {
            (false, false) => VaultState::Missing,
            (true, true) if self.keys_path().is_file() && self.db_path().is_file() => VaultState::Present,
            _ => VaultState::Foreign,
        }
    }

    /// The language chosen at first run or in settings, readable while locked.
    pub fn language(&self) -> Option<Lang> {
        let bytes = fs::read(self.dir.join(PREFS_FILE)).ok()?;
        serde_json::from_slice::<Prefs>(&bytes).ok()?.language
    }

    pub fn set_language(&self, lang: Lang) -> Result<()> {
        fs::create_dir_all(&self.dir)?;
        let json = serde_json::to_vec(&Prefs { language: Some(lang) }).expect("prefs serialize");
        let tmp = self.dir.join("prefs.json.tmp");
        fs::write(&tmp, json)?;
        fs::rename(tmp, self.dir.join(PREFS_FILE))?;
        Ok(())
    }

    fn require_present(&self) -> Result<()> {
        match self.state() {
            VaultState::Present => Ok(()),
            VaultState::Missing => Err(Error::NoVault(self.dir.clone())),
            VaultState::Foreign => Err(Error::NotAVault(self.dir.clone())),
        }
    }
}

pub struct Vault {
    dir: VaultDir,
    pub(crate) store: Store,
}

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
        }
        create_private_dir(&dir.dir)?;
        let data_key = SecretKey::random()?;
        let recovery = RecoveryKey::random()?;
        let key_file = KeyFile::new(&data_key, passphrase, &recovery, kdf)?;
        // The database first, the key file last: a vault exists only once its
        // key file is in place. A crash in between leaves a lone vault.db,
        // which `state()` reports as foreign rather than guessing about it.
        let store = Store::create(&dir.db_path(), &data_key)?;
        if let Err(e) = key_file.write_atomic(&dir.keys_path()) {
            drop(store);
            remove_new_database(&dir.db_path());
            return Err(e);
        }
        tracing::info!("vault created");
        Ok(Created { vault: Vault { dir: dir.clone(), store }, recovery_key: recovery.display() })
    }

    /// Opens the vault with its passphrase. A wrong passphrase changes no file.
    pub fn unlock(dir: &VaultDir, passphrase: &str) -> Result<Vault> {
        dir.require_present()?;
        let key_file = KeyFile::read(&dir.keys_path())?;
        let data_key = key_file.open_with_passphrase(passphrase)?;
        let store = Store::open(&dir.db_path(), &data_key)?;
        tracing::info!("vault unlocked");
        Ok(Vault { dir: dir.clone(), store })
    }

    /// Opens the vault with the recovery key and sets a new passphrase.
    pub fn recover(dir: &VaultDir, recovery_key: &str, new_passphrase: &str) -> Result<Vault> {
        let recovery = RecoveryKey::parse(recovery_key)?;
        keys::check_new_passphrase(new_passphrase)?;
        dir.require_present()?;
        let key_file = KeyFile::read(&dir.keys_path())?;
        let data_key = key_file.open_with_recovery(&recovery)?;
        // Open the database before rewrapping, so a damaged vault is
        // reported without touching its key file.
        let store = Store::open(&dir.db_path(), &data_key)?;
        key_file.with_new_passphrase(&data_key, new_passphrase)?.write_atomic(&dir.keys_path())?;
        tracing::info!("vault opened with the recovery slot; key file rewrapped");
        Ok(Vault { dir: dir.clone(), store })
    }

    /// Rewraps the data key under a new passphrase. No data is re-encrypted.
    pub fn change_passphrase(&self, old: &str, new: &str) -> Result<()> {
        keys::check_new_passphrase(new)?;
        let key_file = KeyFile::read(&self.dir.keys_path())?;
        let data_key = key_file.open_with_passphrase(old)?;
        key_file.with_new_passphrase(&data_key, new)?.write_atomic(&self.dir.keys_path())?;
        tracing::info!("key file rewrapped");
        Ok(())
    }

    pub fn dir(&self) -> &VaultDir {
        &self.dir
    }

    pub fn store(&self) -> &Store {
        &self.store
    }

    pub(crate) fn store_mut(&mut self) -> &mut Store {
        &mut self.store
    }

    /// Locks the vault: closes the database, which wipes SQLCipher's keys.
    pub fn lock(self) {
        drop(self);
        tracing::info!("vault locked");
    }

    // Reflections

    pub fn add_reflection(&self, title: &str, body: &str) -> Result<Reflection> {
        let (title, body) = journal::validate(title, body)?;
        let r = self.store.insert_reflection(title, body, Utc::now())?;
        tracing::debug!(id = r.id, "reflection added");
        Ok(r)
    }

    pub fn update_reflection(&self, id: i64, title: &str, body: &str) -> Result<Reflection> {
        let (title, body) = journal::validate(title, body)?;
        let r = self.store.update_reflection(id, title, body, Utc::now())?;
        tracing::debug!(id, "reflection updated");
        Ok(r)
    }

    pub fn delete_reflection(&self, id: i64) -> Result<()> {
        self.store.delete_reflection(id)?;
        tracing::debug!(id, "reflection deleted");
        Ok(())
    }

    pub fn reflection(&self, id: i64) -> Result<Reflection> {
        self.store.reflection(id)
    }

    pub fn latest_reflections(&self, limit: usize) -> Result<Vec<ReflectionSummary>> {
        self.store.latest_reflections(limit)
    }

    pub fn reflection_count(&self) -> Result<u64> {
        self.store.reflection_count()
    }

    // Settings kept inside the vault

    pub fn auto_lock_minutes(&self) -> Result<u32> {
        Ok(self
            .store
            .setting(AUTO_LOCK_KEY)?
            .and_then(|v| v.parse().ok())
            .and_then(|m| autolock::check_minutes(m).ok())
            .unwrap_or(autolock::DEFAULT_MINUTES))
    }

    pub fn set_auto_lock_minutes(&self, minutes: u32) -> Result<()> {
        let minutes = autolock::check_minutes(minutes)?;
        self.store.set_setting(AUTO_LOCK_KEY, &minutes.to_string())
    }
}

/// Creates the vault folder readable by its owner only (0700 on Unix).
fn create_private_dir(dir: &Path) -> Result<()> {
    fs::create_dir_all(dir)?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        fs::set_permissions(dir, fs::Permissions::from_mode(0o700))?;
    }
    Ok(())
}

/// Removes a database this process created a moment ago (and its WAL files).
fn remove_new_database(db: &Path) {
    for suffix in ["", "-wal", "-shm"] {
        let mut p = db.as_os_str().to_owned();
        p.push(suffix);
        let _ = fs::remove_file(PathBuf::from(p));
    }
}
