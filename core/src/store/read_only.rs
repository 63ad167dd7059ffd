//! Opening a vault that cannot be written: a full disk, a disk the system
//! remounted read-only, a database whose integrity check failed. The person
//! can still read, search, back up and export it; only writes are refused,
//! each with its own cause. What SQLCipher does on such disks, and why each
//! way of opening was chosen, is measured in `docs/hurt-disk.md`.

use super::{suffixed, Capabilities, Db};
use crate::error::{Error, Result};
use crate::keys::SecretKey;
use rusqlite::hooks::{AuthAction, AuthContext, Authorization};
use rusqlite::OpenFlags;
use serde::Serialize;
use std::path::{Path, PathBuf};

/// Why an unlocked vault takes no writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ReadOnlyBecause {
    /// The vault's disk has no space left.
    DiskFull,
    /// The vault's disk is mounted read-only (write-protected, or remounted
    /// by the system after errors).
    ReadOnlyDisk,
    /// The database failed its integrity check: writing into it could
    /// spread the damage.
    Damaged,
}

impl ReadOnlyBecause {
    /// What the app's banner and `enza` say while the vault is open this
    /// way: what still works, what does not, and what to do.
    pub fn notice(self, lang: crate::Lang) -> &'static str {
        let ja = lang == crate::Lang::Ja;
        match self {
            ReadOnlyBecause::DiskFull if ja => {
                "ディスクの空き容量がないため、読み取り専用で開いています。読む・探す・書き出す・別のディスクへバックアップすることはできますが、新しい記録は保存できません。空き容量を作ってから、いったんロックしてもう一度開いてください。"
            }
            ReadOnlyBecause::DiskFull => {
                "Your disk is full, so the vault is open read-only: you can read, search, export and back up to another disk, but nothing new can be saved. Free some space, then lock and unlock the vault."
            }
            ReadOnlyBecause::ReadOnlyDisk if ja => {
                "保管庫のディスクが読み取り専用のため（書き込み禁止か、ディスクのエラーでシステムが書き込みを止めています）、読み取り専用で開いています。読む・探す・書き出す・別のディスクへバックアップすることはできますが、保存はできません。保管庫には何も変更を加えていません。"
            }
            ReadOnlyBecause::ReadOnlyDisk => {
                "The vault's disk is read-only (write-protected, or the system stopped writing to it after disk errors), so the vault is open read-only: you can read, search, export and back up to another disk, but nothing can be saved. Nothing in the vault was changed."
            }
            ReadOnlyBecause::Damaged if ja => {
                "保管庫のデータベース（vault.db）の整合性検査で破損が見つかったため、読み取り専用で開いています。書き込むと破損が広がるおそれがあります。読める部分を読む・探す・書き出す・バックアップすることはできます。いますぐバックアップを作ってから、壊れていない以前のバックアップを復元してください。"
            }
            ReadOnlyBecause::Damaged => {
                "The vault's database (vault.db) failed its integrity check, so the vault is open read-only: writing into it could spread the damage. You can read, search, export and back up what is whole. Make a backup now, then restore an earlier backup that is whole."
            }
        }
    }
}

/// What the vault's disk allows, asked before opening: an ordinary open on
/// a full disk fails (and on ext4 with 1 KiB blocks dies with SIGBUS), and a
/// clean vault on a read-only disk does not open at all.
pub(crate) fn disk_trouble(db: &Path) -> Option<ReadOnlyBecause> {
    // Only an open for writing catches ext4's emergency read-only; statvfs
    // and access(W_OK) miss it (measured). The key file, not the database:
    // closing a descriptor of a file SQLite locks drops this process's
    // POSIX locks on it.
    let probe = db.with_file_name("vault.keys");
    if let Err(e) = std::fs::OpenOptions::new().read(true).write(true).open(probe) {
        if e.raw_os_error() == Some(libc::EROFS) {
            return Some(ReadOnlyBecause::ReadOnlyDisk);
        }
    }
    if super::on_read_only_filesystem(db) {
        return Some(ReadOnlyBecause::ReadOnlyDisk);
    }
    no_space_left(db.parent().unwrap_or(db)).then_some(ReadOnlyBecause::DiskFull)
}

fn no_space_left(dir: &Path) -> bool {
    super::statvfs(dir).is_some_and(|stat| stat.f_bavail == 0 || (stat.f_files > 0 && stat.f_favail == 0))
}

impl Db {
    /// Opens the vault on a full disk. `locking_mode = EXCLUSIVE` before the
    /// key keeps the WAL index in this process's memory, so nothing has to
    /// grow on disk to read, and the committed frames in the `-wal` are seen.
    /// The vault stays the real one: a write fails with `SQLITE_FULL` (the
    /// full-disk message) and works again once space is freed. If another
    /// process has the vault open in the ordinary way, its `-shm` exists
    /// and a read-only connection reads through it; another Enza on this
    /// full disk holds it exclusively, and then only one can read it
    /// (`vault_in_use`).
    pub(crate) fn open_on_full_disk(path: &Path, key: &SecretKey, capabilities: Capabilities) -> Result<Db> {
        let busy = |e: &Error| {
            matches!(e, Error::Storage(rusqlite::Error::SqliteFailure(f, _))
                if matches!(f.code, rusqlite::ErrorCode::DatabaseBusy | rusqlite::ErrorCode::DatabaseLocked))
        };
        let flags = OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX;
        let conn = match Self::connect(path, key, capabilities, flags, "PRAGMA locking_mode = EXCLUSIVE;") {
            Err(e) if busy(&e) => {
                let flags = OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX;
                Self::connect(path, key, capabilities, flags, "").map_err(|e| {
                    if busy(&e) {
                        Error::VaultInUse
                    } else {
                        e
                    }
                })?
            }
            other => other?,
        };
        let db = Db { conn, copy: None, capabilities };
        db.at_latest_schema(Error::DiskFull)?;
        db.conn().execute_batch(super::DURABILITY)?;
        Ok(db)
    }

    /// Opens the vault on a read-only disk: a private copy of `vault.db` and
    /// its `-wal` on a writable disk, opened as usual and then refused every
    /// write (`query_only`, whose `SQLITE_READONLY` is the read-only
    /// message). A copy, because SQLite opens a clean WAL vault on a
    /// read-only disk only as `immutable`, which drops committed `-wal`
    /// frames. The copy is removed when the vault is locked.
    pub(crate) fn open_private_copy(path: &Path, key: &SecretKey, capabilities: Capabilities) -> Result<Db> {
        // A copy that cannot be made (no room in the runtime or temporary
        // folder) leaves the vault as it is: read-only, and said so.
        let copy = PrivateCopy::of(path).map_err(|e| {
            tracing::warn!(code = e.code(), "no private copy of a vault on a read-only disk");
            Error::ReadOnly
        })?;
        let flags = OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX;
        let mut db =
            Self::open_with(&copy.db_path(), key, capabilities, flags, &mut |_, _| {}).map_err(|e| match e {
                // The copy's disk, not the vault's: the vault is still only
                // read-only.
                Error::DiskFull | Error::ReadOnly | Error::Io(_) => Error::ReadOnly,
                other => other,
            })?;
        db.conn.execute_batch("PRAGMA query_only = ON;")?;
        db.copy = Some(copy);
        Ok(db)
    }

    /// Refuses every write to the vault's own database from now on (an
    /// attached backup or export target is still written), with
    /// `SQLITE_AUTH`, which the core names as a damaged vault kept
    /// read-only.
    pub(crate) fn refuse_writes_damaged(&mut self) -> Result<()> {
        self.conn.authorizer(Some(
            |ctx: AuthContext<'_>| {
                if writes_main(&ctx) {
                    Authorization::Deny
                } else {
                    Authorization::Allow
                }
            },
        ))?;
        Ok(())
    }

    /// The person accepts the risk of writing into a damaged database.
    pub(crate) fn allow_writes(&mut self) -> Result<()> {
        self.conn.authorizer(None::<fn(AuthContext<'_>) -> Authorization>)?;
        Ok(())
    }

    /// Fails with `trouble` unless the schema is this build's latest: a
    /// vault that cannot be written cannot be upgraded either.
    fn at_latest_schema(&self, trouble: Error) -> Result<()> {
        let version = self.schema_version()?;
        if version > super::latest_schema_version(self.capabilities) {
            return Err(Error::DatabaseTooNew(version));
        }
        if version < super::latest_schema_version(self.capabilities) {
            return Err(trouble);
        }
        Ok(())
    }
}

/// Whether a statement being prepared writes the vault's own database.
fn writes_main(ctx: &AuthContext<'_>) -> bool {
    if ctx.database_name.is_some_and(|d| d != "main") {
        return false;
    }
    !matches!(
        ctx.action,
        AuthAction::Read { .. }
            | AuthAction::Select
            | AuthAction::Function { .. }
            // A pragma that sets something may write (user_version,
            // wal_checkpoint, journal_mode); one that only reads may run.
            | AuthAction::Pragma { pragma_value: None, .. }
            // Db::export_to lifts and restores a private copy's query_only.
            | AuthAction::Pragma { pragma_name: "query_only", .. }
            | AuthAction::Transaction { .. }
            | AuthAction::Savepoint { .. }
            | AuthAction::Detach { .. }
            | AuthAction::Recursive
            // A backup's or an export's target is attached by a bound file
            // name, which comes without its name; an ATTACH written out
            // could name the vault itself under another schema.
            | AuthAction::Unknown { code: rusqlite::ffi::SQLITE_ATTACH | rusqlite::ffi::SQLITE_DETACH, .. }
    )
}

/// A private copy of a vault's database on a writable disk: a 0700 folder
/// under the runtime folder (a per-user tmpfs) or the temporary folder,
/// removed when dropped. It is as encrypted as the vault.
pub(crate) struct PrivateCopy {
    dir: PathBuf,
}

impl PrivateCopy {
    /// In the runtime folder (a per-user tmpfs), else the temporary one.
    fn of(db: &Path) -> Result<PrivateCopy> {
        let runtime = std::env::var_os("XDG_RUNTIME_DIR").map(PathBuf::from).filter(|p| p.is_dir());
        match runtime.map(|base| Self::in_folder(&base, db)) {
            Some(Ok(copy)) => Ok(copy),
            _ => Self::in_folder(&std::env::temp_dir(), db),
        }
    }

    fn in_folder(base: &Path, db: &Path) -> Result<PrivateCopy> {
        use std::os::unix::fs::DirBuilderExt;
        let mut tag = [0u8; 8];
        crate::keys::fill_random(&mut tag)?;
        let name: String = tag.iter().map(|b| format!("{b:02x}")).collect();
        let dir = base.join(format!("enza-read-only-{name}"));
        // Made 0700 at once, and never an existing folder.
        std::fs::DirBuilder::new().mode(0o700).create(&dir)?;
        let copy = PrivateCopy { dir };
        for suffix in ["", "-wal"] {
            let from = suffixed(db, suffix);
            if suffix.is_empty() || from.is_file() {
                copy_private(&from, &suffixed(&copy.db_path(), suffix))?;
            }
        }
        Ok(copy)
    }

    fn db_path(&self) -> PathBuf {
        self.dir.join("vault.db")
    }
}

impl Drop for PrivateCopy {
    fn drop(&mut self) {
        if let Err(e) = std::fs::remove_dir_all(&self.dir) {
            tracing::warn!(error = %e.kind(), "the private read-only copy could not be removed");
        }
    }
}

fn copy_private(from: &Path, to: &Path) -> Result<()> {
    let mut source = std::fs::File::open(from)?;
    std::io::copy(&mut source, &mut crate::files::create_private(to)?)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use crate::backup::BackupPassphrase;
    use crate::{Error, Lang, ReadOnlyBecause, Vault, VaultDir};

    const PASS: &str = "correct horse battery";

    /// A vault whose database fails its integrity check where a backup does
    /// not look: one byte of the `session_newest` index's page flipped (its
    /// HMAC fails; the tables and what `sqlcipher_export` copies are whole).
    fn damaged_vault(tmp: &std::path::Path) -> VaultDir {
        damaged_at(tmp, "session_newest")
    }

    /// A vault with one bit flipped in the root page of `table_or_index`.
    fn damaged_at(tmp: &std::path::Path, table_or_index: &str) -> VaultDir {
        let dir = VaultDir::new(tmp.join("vault"));
        let vault = Vault::create_insecure_fast(&dir, PASS).unwrap().vault;
        for i in 0..40 {
            vault.journal().add_reflection("", &format!("kept {i} ").repeat(50)).unwrap();
        }
        let conn = vault.db().conn();
        let root: i64 = conn
            .query_row("SELECT rootpage FROM sqlite_master WHERE name = ?1", [table_or_index], |r| r.get(0))
            .unwrap();
        let page: String = conn.query_row("PRAGMA cipher_page_size", [], |r| r.get(0)).unwrap();
        let page: i64 = page.parse().unwrap();
        vault.lock();
        let mut bytes = std::fs::read(dir.db_path()).unwrap();
        bytes[((root - 1) * page + 200) as usize] ^= 0x01;
        std::fs::write(dir.db_path(), bytes).unwrap();
        dir
    }

    /// Damage where the rows are: the backup cannot copy them, and says the
    /// vault is damaged (not "something went wrong"); nothing is left.
    #[test]
    fn a_backup_that_meets_a_damaged_table_says_so() {
        let tmp = tempfile::tempdir().unwrap();
        let dir = damaged_at(tmp.path(), "reflection");
        let vault = Vault::unlock(&dir, PASS).unwrap();
        assert_eq!(vault.read_only(), Some(ReadOnlyBecause::Damaged));
        let out = tmp.path().join("out");
        std::fs::create_dir(&out).unwrap();
        let error =
            vault.backup().write(&out.join("x.enzabackup"), BackupPassphrase::Vault, &mut |_, _| {}).unwrap_err();
        assert!(matches!(error, Error::DatabaseDamaged), "{error:?}");
        assert_eq!(std::fs::read_dir(&out).unwrap().count(), 0, "a half-written backup was left");
    }

    #[test]
    fn a_damaged_database_is_read_only_and_its_backup_says_so() {
        let tmp = tempfile::tempdir().unwrap();
        let dir = damaged_vault(tmp.path());
        let on_disk = std::fs::read(dir.db_path()).unwrap();

        let mut vault = Vault::unlock(&dir, PASS).unwrap();
        assert_eq!(vault.read_only(), Some(ReadOnlyBecause::Damaged));
        assert!(vault.damaged());
        assert!(!vault.health().unwrap().integrity_ok);
        assert_eq!(vault.journal().latest_reflections(100).unwrap().len(), 40, "still readable");
        let query = crate::search::Query { text: "kept".into(), ..Default::default() };
        assert_eq!(vault.search().find(&query).unwrap().len(), 40, "still searchable");
        for error in [
            vault.journal().add_reflection("", "not saved").unwrap_err(),
            vault.settings().set(&crate::settings::STRAIN_NOTICE, &false).unwrap_err(),
        ] {
            assert!(matches!(error, Error::DamagedReadOnly), "{error:?}");
            assert_eq!(error.code(), "damaged_read_only");
            assert!(error.message(Lang::En).contains("damaged"));
            assert!(error.message(Lang::Ja).contains("壊れている"));
        }

        // The backup is made (it may be the last copy), and says what it is.
        let target = tmp.path().join("last-copy.enzabackup");
        let info = vault.backup().write(&target, BackupPassphrase::Vault, &mut |_, _| {}).unwrap();
        assert!(info.from_damaged_vault);
        assert_eq!(info.counts["reflections"], 40);

        // On the person's word, writes are allowed for this session.
        vault.write_despite_damage().unwrap();
        assert_eq!(vault.read_only(), None);
        vault.journal().add_reflection("", "saved on the person's word").unwrap();
        vault.lock();

        // Nothing was written while it was refused: a fresh copy refuses.
        std::fs::write(dir.db_path(), &on_disk).unwrap();
        let vault = Vault::unlock(&dir, PASS).unwrap();
        assert!(vault.journal().add_reflection("", "no").is_err());
        vault.lock();
        assert_eq!(std::fs::read(dir.db_path()).unwrap(), on_disk, "a refused write changed vault.db");
    }
}
