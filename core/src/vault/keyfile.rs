//! `vault.keys`: the versioned JSON file that holds the data key, wrapped
//! once under the passphrase and once under the recovery key.
//!
//! The format is specified in `docs/vault-format.md`; keep the two in step.

use super::SlotKek;
use crate::error::{Error, Result};
use crate::keys::hex;
use crate::keys::{self, KdfParams, RecoveryKey, SecretKey, KEY_LEN, NONCE_LEN, SALT_LEN};
use base64::engine::general_purpose::STANDARD as B64;
use base64::Engine;
use serde::de::{self, Deserializer, MapAccess, SeqAccess, Visitor};
use serde::{Deserialize, Serialize};
use std::collections::BTreeSet;
use std::fs::{self, File};
use std::io::Read;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

pub const FORMAT: &str = "enza-vault-keys";
pub const VERSION: u32 = 1;
/// Refuse to parse anything larger: a real key file is under 1 KiB.
const MAX_FILE_BYTES: u64 = 64 * 1024;
/// Decoded length of `vault_id`.
const VAULT_ID_LEN: usize = 16;
/// Decoded length of `wrapped_key`: the data key and the Poly1305 tag.
const WRAPPED_KEY_LEN: usize = KEY_LEN + 16;
/// How long a writer waits for another one before giving up.
const LOCK_WAIT: Duration = Duration::from_secs(30);

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

pub use crate::keys::Kdf;

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
        Ok(Self::new_with_recovery_kek(data_key, passphrase, recovery, kdf)?.0)
    }

    /// [`KeyFile::new`], also handing back the recovery slot's
    /// key-encryption key (Argon2id of the recovery key), which backups use
    /// for their own recovery slot (`docs/vault-format.md` §10), and the
    /// passphrase slot's, which the open vault keeps for backups made with
    /// its passphrase.
    pub(crate) fn new_with_recovery_kek(
        data_key: &SecretKey,
        passphrase: &str,
        recovery: &RecoveryKey,
        kdf: KdfParams,
    ) -> Result<(Self, SecretKey, SlotKek)> {
        let mut id = [0u8; 16];
        keys::fill_random(&mut id)?;
        let vault_id = B64.encode(id);
        let pass = keys::passphrase_bytes(passphrase)?;
        let (passphrase, pass_kek) = Slot::seal(&vault_id, SlotKind::Passphrase, &pass, data_key, kdf)?;
        let (recovery, recovery_kek) = Slot::seal(&vault_id, SlotKind::Recovery, recovery.as_bytes(), data_key, kdf)?;
        let salt = B64.decode(&passphrase.kdf.salt).map_err(|_| Error::KeyFileDamaged("base64".into()))?;
        let pass_kek = SlotKek { kek: pass_kek, salt, params: kdf };
        let file = KeyFile {
            format: FORMAT.into(),
            version: VERSION,
            database: DatabaseInfo { cipher: "sqlcipher4-raw-key".into() },
            passphrase,
            recovery,
            vault_id,
        };
        Ok((file, recovery_kek, pass_kek))
    }

    /// The data key and the recovery slot's key-encryption key, opened with
    /// the recovery key.
    pub(crate) fn open_with_recovery_kek(&self, recovery: &RecoveryKey) -> Result<(SecretKey, SecretKey)> {
        self.recovery
            .open_keeping_kek(&self.vault_id, SlotKind::Recovery, recovery.as_bytes())?
            .ok_or(Error::WrongRecoveryKey)
    }

    /// The passphrase slot's KDF parameters (a backup's passphrase slot
    /// takes the same).
    pub fn passphrase_kdf(&self) -> KdfParams {
        self.passphrase.kdf.params()
    }

    /// The passphrase slot's salt: a session that kept its key-encryption
    /// key checks it still belongs to the passphrase on disk (another
    /// process may have changed it since).
    pub(crate) fn passphrase_salt(&self) -> Option<Vec<u8>> {
        B64.decode(&self.passphrase.kdf.salt).ok()
    }

    /// The recovery slot's salt and KDF parameters, if the slot is well
    /// formed: a backup's recovery slot derives the same key-encryption key.
    pub(crate) fn recovery_kdf(&self) -> Option<(Vec<u8>, KdfParams)> {
        self.recovery.check().ok()?;
        Some((B64.decode(&self.recovery.kdf.salt).ok()?, self.recovery.kdf.params()))
    }

    /// The data key, and the passphrase slot's key-encryption key with its
    /// salt and parameters (kept by the unlocked vault for backups).
    pub(crate) fn open_with_passphrase_kek(&self, passphrase: &str) -> Result<(SecretKey, SlotKek)> {
        let pass = keys::passphrase_bytes(passphrase).map_err(|_| Error::WrongPassphrase)?;
        let (data_key, kek) = self
            .passphrase
            .open_keeping_kek(&self.vault_id, SlotKind::Passphrase, &pass)?
            .ok_or(Error::WrongPassphrase)?;
        let salt = B64.decode(&self.passphrase.kdf.salt).map_err(|_| Error::KeyFileDamaged("base64".into()))?;
        Ok((data_key, SlotKek { kek, salt, params: self.passphrase.kdf.params() }))
    }

    /// The passphrase slot's key-encryption key for `passphrase`, checked
    /// by opening the slot.
    pub(crate) fn passphrase_kek(&self, passphrase: &str) -> Result<SlotKek> {
        Ok(self.open_with_passphrase_kek(passphrase)?.1)
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
        Ok(self.with_new_passphrase_kek(data_key, new_passphrase)?.0)
    }

    /// [`KeyFile::with_new_passphrase`], and the new slot's key-encryption
    /// key, so an open vault can keep it without deriving it again.
    pub(crate) fn with_new_passphrase_kek(
        &self,
        data_key: &SecretKey,
        new_passphrase: &str,
    ) -> Result<(Self, SlotKek)> {
        let pass = keys::passphrase_bytes(new_passphrase)?;
        let params = self.passphrase.kdf.params();
        let (slot, kek) = Slot::seal(&self.vault_id, SlotKind::Passphrase, &pass, data_key, params)?;
        let salt = B64.decode(&slot.kdf.salt).expect("a salt just encoded");
        let mut next = self.clone();
        next.passphrase = slot;
        Ok((next, SlotKek { kek, salt, params }))
    }

    /// Parses and checks a key file (`docs/vault-format.md` §3.3). Everything
    /// the passphrase slot needs is checked here, before any Argon2 work; the
    /// recovery slot's values are checked when it is opened and by
    /// [`KeyFile::check_recovery_slot`], so a damaged recovery slot does not
    /// lock out a person who knows the passphrase.
    pub fn parse(bytes: &[u8]) -> Result<Self> {
        // Duplicate names first: otherwise the last one would silently win,
        // even for "version".
        serde_json::from_slice::<NoDuplicateKeys>(bytes)
            .map_err(|e| Error::KeyFileDamaged(if e.is_data() { "duplicate key" } else { "not JSON" }.into()))?;
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
        // serde's message would quote the file's contents; keep logs content-free.
        let file: KeyFile = serde_json::from_value(probe)
            .map_err(|_| Error::KeyFileDamaged("fields do not match the format".into()))?;
        file.check()?;
        Ok(file)
    }

    fn check(&self) -> Result<()> {
        let bad = |what: &str| Err(Error::KeyFileDamaged(what.into()));
        if self.database.cipher != "sqlcipher4-raw-key" {
            return bad("unknown database cipher");
        }
        if decoded_len(&self.vault_id) != Some(VAULT_ID_LEN) {
            return bad("vault_id");
        }
        self.passphrase.check()
    }

    /// Whether the recovery slot is well formed: known algorithms, KDF
    /// parameters within bounds, salt, nonce and wrapped key of the right
    /// lengths. `Err(KeyFileDamaged)` means the recovery key cannot open this
    /// vault any more, whatever is typed. `Ok` cannot promise that it will:
    /// only the recovery key itself can tell.
    pub fn check_recovery_slot(&self) -> Result<()> {
        self.recovery.check()
    }

    /// `check_recovery_slot` as a yes/no, for `enza status` and the app to
    /// warn that the way back is broken while the passphrase still works.
    pub fn recovery_slot_ok(&self) -> bool {
        self.check_recovery_slot().is_ok()
    }

    /// Whether the recovery slot holds `data_key` wrapped under `kek` with
    /// `salt` and `params`: what the paper key derives. Known only to an
    /// unlocked vault that has KEK₂ (`vault.recovery-kek`).
    pub(crate) fn recovery_slot_holds(&self, data_key: &SecretKey, kek: &SlotKek) -> bool {
        if self.recovery.check().is_err() || self.recovery_kdf() != Some((kek.salt.clone(), kek.params)) {
            return false;
        }
        let (Ok(nonce), Ok(sealed)) = (B64.decode(&self.recovery.nonce), B64.decode(&self.recovery.wrapped_key)) else {
            return false;
        };
        let aad = aad(&self.vault_id, SlotKind::Recovery);
        keys::unwrap(&kek.kek, &nonce, &sealed, aad.as_bytes()).is_some_and(|k| k.as_bytes() == data_key.as_bytes())
    }

    /// The data key from the passphrase slot with a key-encryption key the
    /// session already holds (no key derivation): for opening the database
    /// again. `None` if the slot was replaced since (another passphrase).
    pub(crate) fn open_passphrase_slot_with(&self, kek: &SlotKek) -> Option<SecretKey> {
        if self.passphrase_salt().as_ref() != Some(&kek.salt) {
            return None;
        }
        let nonce = B64.decode(&self.passphrase.nonce).ok()?;
        let sealed = B64.decode(&self.passphrase.wrapped_key).ok()?;
        let aad = aad(&self.vault_id, SlotKind::Passphrase);
        keys::unwrap(&kek.kek, &nonce, &sealed, aad.as_bytes())
    }

    /// This file with its recovery slot sealed again from KEK₂ and its
    /// recorded salt and parameters: the same paper key opens it.
    pub(crate) fn with_recovery_slot_rebuilt(&self, data_key: &SecretKey, kek: &SlotKek) -> Result<Self> {
        let mut next = self.clone();
        next.recovery = Slot::wrapping(&self.vault_id, SlotKind::Recovery, &kek.kek, &kek.salt, kek.params, data_key)?;
        Ok(next)
    }

    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(self).expect("key file serializes") + "\n"
    }

    /// The key file as the recovery key needs it: the recovery slot whole,
    /// whatever state the passphrase slot is in. A damaged passphrase slot
    /// is exactly when a person reaches for the paper key, so only what the
    /// recovery key needs is required here (`docs/vault-format.md` §3.3):
    /// the format and version, `vault_id`, `database` and a recovery slot
    /// that passes the slot checks. The passphrase slot of what this returns
    /// is a placeholder (the recovery slot's parameters, which no passphrase
    /// opens: its associated data differs); [`Vault::recover`] replaces it
    /// before anything is written.
    ///
    /// [`Vault::recover`]: super::Vault::recover
    pub(crate) fn parse_for_recovery(bytes: &[u8]) -> Result<Self> {
        match Self::parse(bytes) {
            Err(Error::KeyFileDamaged(why)) => Self::parse_recovery_part(bytes).map_err(|e| {
                tracing::warn!("key file damaged beyond its passphrase slot");
                match e {
                    Error::KeyFileDamaged(_) => Error::KeyFileDamaged(why),
                    other => other,
                }
            }),
            whole_or_newer => whole_or_newer,
        }
    }

    fn parse_recovery_part(bytes: &[u8]) -> Result<Self> {
        let damaged = |what: &str| Error::KeyFileDamaged(what.into());
        serde_json::from_slice::<NoDuplicateKeys>(bytes).map_err(|_| damaged("duplicate key or not JSON"))?;
        let probe: serde_json::Value = serde_json::from_slice(bytes).map_err(|_| damaged("not JSON"))?;
        let part = |name: &str| probe.get(name).cloned().ok_or_else(|| damaged(name));
        if probe.get("format").and_then(|f| f.as_str()) != Some(FORMAT)
            || probe.get("version").and_then(|v| v.as_u64()) != Some(VERSION as u64)
        {
            return Err(damaged("format or version"));
        }
        let vault_id: String = serde_json::from_value(part("vault_id")?).map_err(|_| damaged("vault_id"))?;
        let database: DatabaseInfo = serde_json::from_value(part("database")?).map_err(|_| damaged("database"))?;
        let recovery: Slot = serde_json::from_value(part("recovery")?).map_err(|_| damaged("recovery slot"))?;
        recovery.check()?;
        let file = KeyFile {
            format: FORMAT.into(),
            version: VERSION,
            vault_id,
            database,
            passphrase: recovery.clone(),
            recovery,
        };
        if file.database.cipher != "sqlcipher4-raw-key" || decoded_len(&file.vault_id) != Some(VAULT_ID_LEN) {
            return Err(damaged("database or vault_id"));
        }
        tracing::warn!("passphrase slot damaged; the recovery slot is whole");
        Ok(file)
    }

    pub fn read(path: &Path) -> Result<Self> {
        Self::parse(&Self::read_bytes(path)?)
    }

    /// The file's bytes, bounded: a key file is small and regular.
    fn read_bytes(path: &Path) -> Result<Vec<u8>> {
        let file = File::open(path)?;
        let meta = file.metadata()?;
        if !meta.is_file() || meta.len() > MAX_FILE_BYTES {
            return Err(Error::KeyFileDamaged("not a small regular file".into()));
        }
        let mut bytes = Vec::with_capacity(meta.len() as usize);
        file.take(MAX_FILE_BYTES + 1).read_to_end(&mut bytes)?;
        if bytes.len() as u64 > MAX_FILE_BYTES {
            return Err(Error::KeyFileDamaged("not a small regular file".into()));
        }
        Ok(bytes)
    }

    /// Read-modify-write of the key file at `path`, serialised with every
    /// other writer: takes the lock (`vault.keys.lock`, §8.2 of the format),
    /// reads the file again under it, hands it to `change`, and replaces the
    /// file atomically with what `change` returns. If `change` fails, nothing
    /// is written and its error is returned. Returns the file now on disk.
    ///
    /// Two changes at once therefore run one after the other, the second
    /// seeing the first one's result: neither is lost, and a change that
    /// reports an error was not applied.
    pub fn update<F>(path: &Path, change: F) -> Result<KeyFile>
    where
        F: FnOnce(&KeyFile) -> Result<KeyFile>,
    {
        let _lock = KeyFileLock::acquire(path)?;
        let current = Self::read(path)?;
        let next = change(&current)?;
        next.replace_locked(path)?;
        Ok(next)
    }

    /// [`KeyFile::update`] for the recovery key: the file is read with
    /// [`KeyFile::parse_for_recovery`], so a damaged passphrase slot does not
    /// stop it, and `change` must give a whole file (a new passphrase slot),
    /// which is checked before it is written.
    pub(crate) fn update_for_recovery<F>(path: &Path, change: F) -> Result<KeyFile>
    where
        F: FnOnce(&KeyFile) -> Result<KeyFile>,
    {
        let _lock = KeyFileLock::acquire(path)?;
        let current = Self::parse_for_recovery(&Self::read_bytes(path)?)?;
        let next = change(&current)?;
        // Whole again: what is written parses as any key file must.
        Self::parse(next.to_json().as_bytes())?;
        next.replace_locked(path)?;
        Ok(next)
    }

    /// Replaces the file atomically, under the writers' lock: a temporary
    /// file with a fresh random name beside it (created exclusively, never
    /// through a symlink, mode 0600), fsync, rename over the old one, fsync
    /// the directory. A crash at any point leaves either the old file or the
    /// new one, never a mix. For read-modify-write use [`KeyFile::update`].
    pub fn write_atomic(&self, path: &Path) -> Result<()> {
        let _lock = KeyFileLock::acquire(path)?;
        self.replace_locked(path)
    }

    /// The replacement itself; the caller holds the lock.
    fn replace_locked(&self, path: &Path) -> Result<()> {
        let (dir, name) = split_path(path)?;
        remove_stale_temporaries(&dir, &name);
        crate::files::replace(path, &crate::files::temporary_beside(path)?, self.to_json().as_bytes())?;
        // What Enza wrote, for telling a wrong passphrase from a slot changed
        // outside Enza later. A record that cannot be written only means
        // that difference cannot be told.
        if let Err(e) = fs::write(dir.join(format!("{name}.lock")), self.written_record()) {
            tracing::warn!(error = %e.kind(), "the key file's record was not written");
        }
        Ok(())
    }

    /// The line `vault.keys.lock` holds after Enza writes this file
    /// (`docs/vault-format.md` §8.2): the BLAKE2b-256 of its passphrase
    /// slot as JSON.
    fn written_record(&self) -> String {
        use blake2::digest::consts::U32;
        use blake2::{Blake2b, Digest};
        let slot = serde_json::to_vec(&self.passphrase).expect("a slot serializes");
        format!("{RECORD_PREFIX}{}\n", hex(&Blake2b::<U32>::digest(&slot)))
    }

    /// After the passphrase did not open this file (read from `path`): why,
    /// as far as can be told. Enza records its passphrase slot whenever it
    /// writes the file; a slot that differs from the record was changed
    /// outside Enza or damaged (the passphrase may be right), unless Enza
    /// itself rewrote the file since it was read (a passphrase change
    /// elsewhere, while this one was typed).
    pub(crate) fn why_passphrase_failed(&self, path: &Path) -> Error {
        let Ok((dir, name)) = split_path(path) else { return Error::WrongPassphrase };
        let Ok(record) = fs::read_to_string(dir.join(format!("{name}.lock"))) else { return Error::WrongPassphrase };
        // Only a whole record claims anything (one cut short by a crash, or
        // from something else, does not).
        let whole = record.len() == RECORD_PREFIX.len() + 65 && record.ends_with('\n');
        if !record.starts_with(RECORD_PREFIX) || !whole || record == self.written_record() {
            return Error::WrongPassphrase;
        }
        match Self::read(path) {
            Ok(now) if now.written_record() == record => Error::KeyFileChanged,
            _ => Error::KeyFileAltered,
        }
    }
}

/// How the record in `vault.keys.lock` begins.
const RECORD_PREFIX: &str = "enza-passphrase-slot blake2b-256 ";

/// The writers' lock: an exclusive `flock` on `<key file>.lock` beside the
/// key file, held until dropped. The lock file is created once (mode 0600,
/// never through a symlink) and left in place: removing it would let two
/// writers lock two different files. Readers do not lock: the rename makes
/// every replacement atomic for them.
pub struct KeyFileLock {
    _file: File,
    #[cfg(not(unix))]
    _in_process: std::sync::MutexGuard<'static, ()>,
}

impl KeyFileLock {
    /// Waits for the lock (up to 30 s, then `Error::Io` of kind `TimedOut`).
    pub fn acquire(key_path: &Path) -> Result<Self> {
        let (dir, name) = split_path(key_path)?;
        let lock_path = dir.join(format!("{name}.lock"));
        let mut options = fs::OpenOptions::new();
        options.read(true).write(true).create(true).truncate(false);
        #[cfg(unix)]
        {
            use std::os::unix::fs::OpenOptionsExt;
            options.mode(0o600).custom_flags(libc::O_NOFOLLOW | libc::O_CLOEXEC);
        }
        let file = options.open(&lock_path)?;
        if !file.metadata()?.is_file() {
            return Err(Error::Io(std::io::Error::other("key file lock is not a regular file")));
        }
        #[cfg(unix)]
        {
            lock_exclusive(&file)?;
            Ok(KeyFileLock { _file: file })
        }
        #[cfg(not(unix))]
        {
            // No flock here: writers are serialised within this process only.
            static IN_PROCESS: std::sync::Mutex<()> = std::sync::Mutex::new(());
            let guard = IN_PROCESS.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
            Ok(KeyFileLock { _file: file, _in_process: guard })
        }
    }
}

#[cfg(unix)]
fn lock_exclusive(file: &File) -> Result<()> {
    use std::os::unix::io::AsRawFd;
    let started = Instant::now();
    let mut pause = Duration::from_millis(5);
    loop {
        // SAFETY: flock on a descriptor this function borrows; no memory is passed.
        if unsafe { libc::flock(file.as_raw_fd(), libc::LOCK_EX | libc::LOCK_NB) } == 0 {
            let waited = started.elapsed();
            if waited > Duration::from_millis(50) {
                tracing::debug!(ms = waited.as_millis() as u64, "waited for the key file lock");
            }
            return Ok(());
        }
        let e = std::io::Error::last_os_error();
        match e.raw_os_error() {
            Some(libc::EINTR) => continue,
            Some(code) if code == libc::EWOULDBLOCK || code == libc::EAGAIN => {}
            _ => return Err(Error::Io(e)),
        }
        if started.elapsed() >= LOCK_WAIT {
            tracing::warn!(secs = LOCK_WAIT.as_secs(), "gave up waiting for the key file lock");
            return Err(Error::Io(std::io::Error::from(std::io::ErrorKind::TimedOut)));
        }
        std::thread::sleep(pause);
        pause = (pause * 2).min(Duration::from_millis(100));
    }
}

/// (folder, file name) of the key file; the folder of `vault.keys` is `.`.
fn split_path(path: &Path) -> Result<(PathBuf, String)> {
    let name = path
        .file_name()
        .and_then(|n| n.to_str())
        .ok_or_else(|| Error::Io(std::io::Error::other("key file path has no file name")))?;
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => PathBuf::from("."),
    };
    Ok((dir, name.to_owned()))
}

/// Removes `<name>.<16 hex>.tmp` files that a crashed writer left. Only
/// called under the lock, when no other writer can have one open. They hold
/// wrapped keys, possibly under an old passphrase. `remove_file` removes a
/// symlink itself, never its target.
fn remove_stale_temporaries(dir: &Path, name: &str) {
    let Ok(entries) = fs::read_dir(dir) else { return };
    let mut removed = 0u32;
    for entry in entries.flatten() {
        let file_name = entry.file_name();
        let Some(n) = file_name.to_str() else { continue };
        let Some(middle) = n.strip_prefix(name).and_then(|r| r.strip_prefix('.')).and_then(|r| r.strip_suffix(".tmp"))
        else {
            continue;
        };
        let ours = middle.len() == 16 && middle.bytes().all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b));
        if ours && fs::remove_file(entry.path()).is_ok() {
            removed += 1;
        }
    }
    if removed > 0 {
        tracing::info!(count = removed, "removed stale key file temporaries");
    }
}

/// Decoded length of a strict base64 field, `None` if it is not base64.
fn decoded_len(field: &str) -> Option<usize> {
    B64.decode(field).ok().map(|v| v.len())
}

/// Whether `bytes` are JSON with no object holding the same member name
/// twice (see [`NoDuplicateKeys`]).
pub(crate) fn json_without_duplicate_keys(bytes: &[u8]) -> bool {
    serde_json::from_slice::<NoDuplicateKeys>(bytes).is_ok()
}

/// Deserializes any JSON value and fails on an object with the same member
/// name twice, at any depth (names compared after unescaping, so `"form\u0061t"`
/// and `"format"` are the same). serde_json itself keeps the last one.
struct NoDuplicateKeys;

impl<'de> Deserialize<'de> for NoDuplicateKeys {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> std::result::Result<Self, D::Error> {
        deserializer.deserialize_any(NoDuplicateKeysVisitor)
    }
}

struct NoDuplicateKeysVisitor;

impl<'de> Visitor<'de> for NoDuplicateKeysVisitor {
    type Value = NoDuplicateKeys;

    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("any JSON value")
    }

    fn visit_bool<E: de::Error>(self, _: bool) -> std::result::Result<Self::Value, E> {
        Ok(NoDuplicateKeys)
    }

    fn visit_i64<E: de::Error>(self, _: i64) -> std::result::Result<Self::Value, E> {
        Ok(NoDuplicateKeys)
    }

    fn visit_u64<E: de::Error>(self, _: u64) -> std::result::Result<Self::Value, E> {
        Ok(NoDuplicateKeys)
    }

    fn visit_f64<E: de::Error>(self, _: f64) -> std::result::Result<Self::Value, E> {
        Ok(NoDuplicateKeys)
    }

    fn visit_str<E: de::Error>(self, _: &str) -> std::result::Result<Self::Value, E> {
        Ok(NoDuplicateKeys)
    }

    fn visit_unit<E: de::Error>(self) -> std::result::Result<Self::Value, E> {
        Ok(NoDuplicateKeys)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> std::result::Result<Self::Value, A::Error> {
        while seq.next_element::<NoDuplicateKeys>()?.is_some() {}
        Ok(NoDuplicateKeys)
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> std::result::Result<Self::Value, A::Error> {
        let mut seen = BTreeSet::new();
        while let Some(key) = map.next_key::<String>()? {
            if !seen.insert(key) {
                return Err(de::Error::custom("duplicate key"));
            }
            map.next_value::<NoDuplicateKeys>()?;
        }
        Ok(NoDuplicateKeys)
    }
}

impl Slot {
    /// A new slot, and the key-encryption key it was sealed under.
    fn seal(
        vault_id: &str,
        kind: SlotKind,
        secret: &[u8],
        data_key: &SecretKey,
        kdf: KdfParams,
    ) -> Result<(Self, SecretKey)> {
        let mut salt = [0u8; SALT_LEN];
        keys::fill_random(&mut salt)?;
        let kek = keys::derive_kek(secret, &salt, kdf)?;
        let slot = Self::wrapping(vault_id, kind, &kek, &salt, kdf, data_key)?;
        Ok((slot, kek))
    }

    /// A slot wrapping `data_key` under a key-encryption key already derived
    /// with `salt` and `kdf`: a fresh nonce, the slot's associated data.
    fn wrapping(
        vault_id: &str,
        kind: SlotKind,
        kek: &SecretKey,
        salt: &[u8],
        kdf: KdfParams,
        data_key: &SecretKey,
    ) -> Result<Self> {
        let wrapped = keys::wrap_for_slot(kek, data_key, aad(vault_id, kind).as_bytes())?;
        Ok(Slot {
            kdf: Kdf::argon2id(salt, kdf),
            aead: wrapped.aead,
            nonce: wrapped.nonce,
            wrapped_key: wrapped.wrapped_key,
        })
    }

    /// Everything about a slot that can be checked without its secret:
    /// the algorithm names, the KDF bounds and the decoded field lengths.
    fn check(&self) -> Result<()> {
        let bad = |what: &str| Err(Error::KeyFileDamaged(what.into()));
        if !keys::known_algorithms(&self.kdf, &self.aead) {
            return bad("unknown algorithm");
        }
        self.kdf.params().check_readable()?;
        if decoded_len(&self.kdf.salt) != Some(SALT_LEN) {
            return bad("salt");
        }
        if decoded_len(&self.nonce) != Some(NONCE_LEN) {
            return bad("nonce");
        }
        if decoded_len(&self.wrapped_key) != Some(WRAPPED_KEY_LEN) {
            return bad("wrapped_key");
        }
        Ok(())
    }

    /// `Ok(None)` when the secret is wrong; `Err` when the slot is malformed
    /// (checked before any key derivation).
    fn open(&self, vault_id: &str, kind: SlotKind, secret: &[u8]) -> Result<Option<SecretKey>> {
        Ok(self.open_keeping_kek(vault_id, kind, secret)?.map(|(data_key, _)| data_key))
    }

    /// [`Slot::open`], also returning the key-encryption key.
    fn open_keeping_kek(
        &self,
        vault_id: &str,
        kind: SlotKind,
        secret: &[u8],
    ) -> Result<Option<(SecretKey, SecretKey)>> {
        self.check().inspect_err(|_| tracing::warn!(slot = kind.name(), "key file slot is malformed"))?;
        let decode = |s: &str| B64.decode(s).map_err(|_| Error::KeyFileDamaged("base64".into()));
        let salt = decode(&self.kdf.salt)?;
        let nonce = decode(&self.nonce)?;
        let sealed = decode(&self.wrapped_key)?;
        let kek = keys::derive_kek(secret, &salt, self.kdf.params())?;
        Ok(keys::unwrap(&kek, &nonce, &sealed, aad(vault_id, kind).as_bytes()).map(|dk| (dk, kek)))
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

    /// The unlock screen read the key file, then another Enza changed the
    /// passphrase before the typed one was tried: that is what is said.
    #[test]
    fn a_file_rewritten_by_enza_after_it_was_read_is_said_as_that() {
        let tmp = tempfile::tempdir().unwrap();
        let path = tmp.path().join("vault.keys");
        let (kf, dk, _) = sample();
        kf.write_atomic(&path).unwrap();
        let read_before = KeyFile::read(&path).unwrap();
        assert!(matches!(read_before.why_passphrase_failed(&path), Error::WrongPassphrase));
        KeyFile::update(&path, |current| current.with_new_passphrase(&dk, "a passphrase set elsewhere")).unwrap();
        assert!(matches!(read_before.why_passphrase_failed(&path), Error::KeyFileChanged));
        // Read again, the file is what Enza wrote: a plain slip.
        assert!(matches!(KeyFile::read(&path).unwrap().why_passphrase_failed(&path), Error::WrongPassphrase));
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
    fn a_damaged_recovery_slot_is_reported_without_locking_out_the_passphrase() {
        let (mut kf, dk, rk) = sample();
        assert!(kf.recovery_slot_ok());
        kf.recovery.kdf.memory_kib = u32::MAX;
        let kf = KeyFile::parse(kf.to_json().as_bytes()).unwrap();
        assert!(!kf.recovery_slot_ok());
        assert!(matches!(kf.open_with_recovery(&rk), Err(Error::KeyFileDamaged(_))));
        assert_eq!(kf.open_with_passphrase("correct horse battery").unwrap().as_bytes(), dk.as_bytes());
    }

    #[test]
    fn garbage_is_damaged_not_a_panic() {
        for junk in [&b""[..], b"{}", b"\x89PNG\r\n", b"{\"format\":\"enza-vault-keys\",\"version\":1}"] {
            assert!(matches!(KeyFile::parse(junk), Err(Error::KeyFileDamaged(_))));
        }
    }
}
