//! The encrypted database: opening it (key, pragmas, migrations) and the
//! handful of whole-file operations. Capabilities own their SQL in their
//! own `store.rs`; this module owns only the connection.

mod capability;
mod migrations;
mod read_only;

pub use capability::{Capability, Count, Migration, Rebuild, SearchSource};

pub(crate) use read_only::disk_trouble;
pub use read_only::ReadOnlyBecause;

use crate::error::{Error, Result};
use crate::files::{create_private, suffixed};
use crate::keys::SecretKey;
use rusqlite::{Connection, OpenFlags};
use std::path::Path;

/// The pragmas every connection runs with, in the order they are set. A test
/// reads them back from a real vault.
pub(crate) const DURABILITY: &str = "PRAGMA synchronous = FULL;
     PRAGMA temp_store = MEMORY;
     PRAGMA secure_delete = ON;
     PRAGMA foreign_keys = ON;";

/// An open, keyed, migrated SQLCipher connection. Private to the core:
/// front ends reach data only through the capability handles.
pub(crate) struct Db {
    conn: Connection,
    /// The private copy a vault on a read-only disk is read from; removed
    /// after the connection closes (fields drop in order).
    copy: Option<read_only::PrivateCopy>,
    /// What the capabilities it was opened with declare.
    capabilities: Capabilities,
}

/// The capabilities a database is opened with (`crate::capabilities::ALL`).
pub type Capabilities = &'static [&'static Capability];

impl Db {
    /// Makes a new database at `path`, which must not exist yet.
    pub(crate) fn create(path: &Path, key: &SecretKey, capabilities: Capabilities) -> Result<Db> {
        if path.exists() {
            return Err(Error::VaultExists(path.to_path_buf()));
        }
        let flags = OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_CREATE | OpenFlags::SQLITE_OPEN_NO_MUTEX;
        Self::open_with(path, key, capabilities, flags, &mut |_, _| {})
    }

    /// Opens an existing database; never creates one.
    pub(crate) fn open(path: &Path, key: &SecretKey, capabilities: Capabilities) -> Result<Db> {
        Self::open_reporting(path, key, capabilities, &mut |_, _| {})
    }

    /// As [`Db::open`], reporting a schema upgrade's progress.
    pub(crate) fn open_reporting(
        path: &Path,
        key: &SecretKey,
        capabilities: Capabilities,
        progress: &mut dyn FnMut(u64, u64),
    ) -> Result<Db> {
        if !path.is_file() {
            return Err(Error::NotAVault(path.to_path_buf()));
        }
        let flags = OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX;
        Self::open_with(path, key, capabilities, flags, progress)
    }

    pub(super) fn open_with(
        path: &Path,
        key: &SecretKey,
        capabilities: Capabilities,
        flags: OpenFlags,
        progress: &mut dyn FnMut(u64, u64),
    ) -> Result<Db> {
        let opened = Self::unmigrated(path, key, capabilities, flags).and_then(|mut db| {
            db.migrate(progress)?;
            Ok(db)
        });
        opened.map_err(|e| read_only_named(path, e))
    }

    /// A keyed connection with SQLCipher's settings, its key checked by a
    /// first read. Every connection the core opens (a vault's, a backup's)
    /// is made here, so whatever each connection needs is set up once.
    /// `before_key` runs first (a locking mode must be set before the first
    /// read).
    pub(super) fn connect(
        path: &Path,
        key: &SecretKey,
        capabilities: Capabilities,
        flags: OpenFlags,
        before_key: &str,
    ) -> Result<Connection> {
        start();
        let conn = private_files(|| Connection::open_with_flags(path, flags))?;
        conn.execute_batch(before_key)?;
        // SQLCipher's own log would print internals (e.g. "hmac check
        // failed") to stderr; the app shows its own message instead.
        // cipher_memory_security stays off (SQLCipher's default): it locks
        // and wipes every allocation, which makes search ten times slower,
        // and the same words are in the window's memory anyway
        // (ARCHITECTURE.md, "Departures"). Key material is wiped regardless.
        conn.execute_batch("PRAGMA cipher_log_level = NONE; PRAGMA cipher_memory_security = OFF;")?;
        conn.execute_batch(&key.pragma_key_statement())?;
        // SQLCipher checks the key only on the first read: read now, so a
        // wrong key or a damaged file fails here, before anything is written.
        conn.query_row("SELECT count(*) FROM sqlite_master", [], |r| r.get::<_, i64>(0))?;
        // The triggers (the search index's) call these on every write.
        register_functions(&conn, capabilities)?;
        Ok(conn)
    }

    /// A vault's connection before its migrations: keyed, in WAL mode, with
    /// the durability pragmas. Nothing is written to a vault already in WAL
    /// mode, so its integrity can be checked before a migration writes.
    fn unmigrated(path: &Path, key: &SecretKey, capabilities: Capabilities, flags: OpenFlags) -> Result<Db> {
        let conn = Self::connect(path, key, capabilities, flags, "")?;
        let mode: String = private_files(|| conn.pragma_update_and_check(None, "journal_mode", "WAL", |r| r.get(0)))?;
        if !mode.eq_ignore_ascii_case("wal") {
            return Err(Error::DatabaseDamaged);
        }
        conn.execute_batch(DURABILITY)?;
        restrict_to_owner(path)?;
        Ok(Db { conn, copy: None, capabilities })
    }

    /// An existing vault's database, not yet migrated ([`Db::migrate`]).
    pub(crate) fn open_unmigrated(path: &Path, key: &SecretKey, capabilities: Capabilities) -> Result<Db> {
        if !path.is_file() {
            return Err(Error::NotAVault(path.to_path_buf()));
        }
        let flags = OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX;
        Self::unmigrated(path, key, capabilities, flags).map_err(|e| read_only_named(path, e))
    }

    /// Brings the schema to this build's latest, reporting progress.
    pub(crate) fn migrate(&mut self, progress: &mut dyn FnMut(u64, u64)) -> Result<()> {
        private_files(|| migrations::to_latest(&mut self.conn, self.capabilities, progress))
    }

    /// Closes the connection now (an in-memory one takes its place), so a
    /// new one to the same file can be opened: two connections of one
    /// process must not hold the vault at once (the exclusive lock of a
    /// full disk, and POSIX locks, are the process's).
    pub(crate) fn close_now(&mut self) -> Result<()> {
        let closed = Db { conn: Connection::open_in_memory()?, copy: None, capabilities: self.capabilities };
        drop(std::mem::replace(self, closed));
        Ok(())
    }

    pub(crate) fn conn(&self) -> &Connection {
        &self.conn
    }

    /// The capabilities it was opened with, and what they declare.
    pub(crate) fn capabilities(&self) -> Capabilities {
        self.capabilities
    }

    /// Opens a backup's database (a standalone SQLCipher file under its own
    /// raw key) as it is: no migrations, no change of journal mode, nothing
    /// written. `writable` only so that it can be the source of an export.
    pub(crate) fn open_as_is(path: &Path, key: &SecretKey, capabilities: Capabilities, writable: bool) -> Result<Db> {
        if !path.is_file() {
            return Err(Error::NotAVault(path.to_path_buf()));
        }
        let flags = if writable { OpenFlags::SQLITE_OPEN_READ_WRITE } else { OpenFlags::SQLITE_OPEN_READ_ONLY };
        let conn = Self::connect(path, key, capabilities, flags | OpenFlags::SQLITE_OPEN_NO_MUTEX, "")?;
        Ok(Db { conn, copy: None, capabilities })
    }

    /// Writes a complete copy of this database to a new file at `path`,
    /// encrypted under `key` (SQLCipher's `sqlcipher_export` into an attached
    /// database: schema, rows, virtual tables and triggers, `user_version`).
    /// `VACUUM INTO` would keep this database's key, so it is not used.
    pub(crate) fn export_to(&self, path: &Path, key: &SecretKey) -> Result<()> {
        // The connection may have been opened without SQLITE_OPEN_CREATE,
        // which ATTACH inherits: make the (empty) file first, exclusively
        // and private; SQLite takes an empty file as a new database.
        drop(create_private(path)?);
        let target = path.to_str().ok_or_else(|| Error::Io(std::io::Error::from(std::io::ErrorKind::InvalidInput)))?;
        let literal = key.raw_key_literal();
        private_files(|| {
            self.conn.execute("ATTACH DATABASE ?1 AS enza_export KEY ?2", rusqlite::params![target, literal.as_str()])
        })?;
        // A vault read from a private copy refuses writes (query_only),
        // which would refuse the attached copy's too: lifted for the copy.
        let query_only = self.copy.is_some();
        let exported = private_files(|| -> Result<()> {
            if query_only {
                self.conn.execute_batch("PRAGMA query_only = OFF;")?;
            }
            self.conn.query_row("SELECT sqlcipher_export('enza_export')", [], |_| Ok(())).map_err(export_failure)?;
            // sqlcipher_export does not copy user_version (SQLCipher 4.20
            // leaves the copy at 0, measured): the schema version is set here.
            let version: i64 = self.conn.query_row("PRAGMA main.user_version", [], |r| r.get(0))?;
            self.conn.pragma_update(Some("enza_export"), "user_version", version)?;
            // A copy is one self-contained file: rollback journal, not WAL
            // (a WAL database cannot be opened read-only without its -shm).
            self.conn.query_row("PRAGMA enza_export.journal_mode = DELETE", [], |_| Ok(()))?;
            Ok(())
        });
        let detached = self.conn.execute("DETACH DATABASE enza_export", []);
        if query_only {
            self.conn.execute_batch("PRAGMA query_only = ON;")?;
        }
        exported?;
        detached?;
        restrict_to_owner(path)?;
        Ok(())
    }

    /// SQLCipher's page check (every page's HMAC): `true` when it finds
    /// nothing wrong.
    pub(crate) fn cipher_integrity_ok(&self) -> Result<bool> {
        let mut stmt = self.conn.prepare("PRAGMA cipher_integrity_check")?;
        let mut rows = stmt.query([])?;
        Ok(rows.next()?.is_none())
    }

    /// The schema version (`user_version`).
    pub(crate) fn schema_version(&self) -> Result<i64> {
        Ok(self.conn.query_row("PRAGMA user_version", [], |r| r.get(0))?)
    }

    /// Moves everything from the WAL into the main file and empties the WAL.
    pub(crate) fn checkpoint(&self) -> Result<()> {
        self.conn.query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |_| Ok(()))?;
        Ok(())
    }

    /// `true` when SQLite's full integrity check finds nothing wrong. It
    /// reads every page, so SQLCipher checks each page's HMAC too; a page
    /// that fails it is damage, not an error. About 60 ms for 10,000
    /// reflections (7.6 MB), 330 ms for 50,000: cheap enough for every
    /// unlock, which runs it.
    pub(crate) fn integrity_ok(&self) -> Result<bool> {
        let verdict: std::result::Result<String, _> = self.conn.query_row("PRAGMA integrity_check", [], |r| r.get(0));
        match verdict.map_err(Error::from) {
            Ok(v) => Ok(v == "ok"),
            Err(Error::DatabaseDamaged) => Ok(false),
            Err(e) => Err(e),
        }
    }

    /// The SQLCipher version string, e.g. "4.20.0 community".
    pub(crate) fn cipher_version(&self) -> Result<String> {
        Ok(self.conn.query_row("PRAGMA cipher_version", [], |r| r.get(0))?)
    }

    /// The pragmas in force, by name, for the test that pins them.
    pub(crate) fn pragma_text(&self, name: &str) -> Result<String> {
        let value: rusqlite::types::Value = self.conn.query_row(&format!("PRAGMA {name}"), [], |r| r.get(0))?;
        Ok(match value {
            rusqlite::types::Value::Integer(i) => i.to_string(),
            rusqlite::types::Value::Text(t) => t,
            other => format!("{other:?}"),
        })
    }

    /// Plain SQLite with the same schema and pragmas but no encryption: the
    /// benchmark's baseline. Never used for user data.
    #[cfg(feature = "bench")]
    pub(crate) fn open_plain_for_benchmark(path: &Path, capabilities: Capabilities) -> Result<Db> {
        start();
        let mut conn = Connection::open(path)?;
        conn.pragma_update_and_check(None, "journal_mode", "WAL", |r| r.get::<_, String>(0))?;
        conn.execute_batch(DURABILITY)?;
        register_functions(&conn, capabilities)?;
        migrations::to_latest(&mut conn, capabilities, &mut |_, _| {})?;
        Ok(Db { conn, copy: None, capabilities })
    }
}

/// Every capability's functions, on one connection.
fn register_functions(conn: &Connection, capabilities: Capabilities) -> rusqlite::Result<()> {
    capabilities.iter().try_for_each(|c| (c.functions)(conn))
}

/// The text of migration step `n` (1-based), for tests that hold other
/// code to the schema.
#[cfg(test)]
pub(crate) fn migration_text(n: usize) -> &'static str {
    migrations::MIGRATIONS[n - 1]
}

/// The schema version this build writes (the number of steps).
pub(crate) fn latest_schema_version(capabilities: Capabilities) -> i64 {
    migrations::steps(capabilities).len() as i64
}

/// SQLite cannot tell "not allowed" from "the disk is read-only": the
/// mount says which.
fn read_only_named(path: &Path, e: Error) -> Error {
    match e {
        Error::PermissionDenied if on_read_only_filesystem(path) => Error::ReadOnly,
        other => other,
    }
}

/// Whether the file system holding `path` is mounted read-only (a locked USB
/// stick, a disk the system remounted after errors).
pub(super) fn on_read_only_filesystem(path: &Path) -> bool {
    statvfs(path.parent().unwrap_or(path)).is_some_and(|stat| stat.f_flag & libc::ST_RDONLY != 0)
}

/// What the file system holding `dir` says of itself, if it answers.
pub(super) fn statvfs(dir: &Path) -> Option<libc::statvfs> {
    use std::os::unix::ffi::OsStrExt;
    let c_path = std::ffi::CString::new(dir.as_os_str().as_bytes()).ok()?;
    let mut stat = std::mem::MaybeUninit::<libc::statvfs>::uninit();
    // SAFETY: statvfs writes the struct for a valid NUL-terminated path.
    if unsafe { libc::statvfs(c_path.as_ptr(), stat.as_mut_ptr()) } != 0 {
        return None;
    }
    // SAFETY: statvfs returned 0, so it filled the struct.
    Some(unsafe { stat.assume_init() })
}

/// Vaults made before files were created private may hold a 0644 database:
/// make it, its WAL and its shared-memory file the owner's only.
fn restrict_to_owner(db: &Path) -> Result<()> {
    #[cfg(unix)]
    for suffix in ["", "-wal", "-shm"] {
        use std::os::unix::fs::PermissionsExt;
        let p = suffixed(db, suffix);
        if let Ok(meta) = std::fs::symlink_metadata(&p) {
            if meta.is_file() && meta.permissions().mode() & 0o077 != 0 {
                std::fs::set_permissions(&p, std::fs::Permissions::from_mode(0o600))?;
            }
        }
    }
    Ok(())
}

/// Starts SQLite, and with it SQLCipher, completely before the core opens
/// a connection. SQLite counts itself started before SQLCipher's start-up
/// has registered `sqlcipher_export` (an auto-extension), so a connection
/// opened in that moment lacks the function ("no such function:
/// sqlcipher_export", seen in test runs). Callers wait on a `Once`; inside
/// it, `sqlite3_initialize` returns at once if another thread (a test's
/// plain rusqlite connection) began the start-up, so it then waits until a
/// new connection has the function. The app and the CLI call it first
/// thing in `main`.
pub(crate) fn start() {
    static STARTED: std::sync::Once = std::sync::Once::new();
    STARTED.call_once(|| {
        // SAFETY: sqlite3_initialize takes no arguments and may be called
        // at any time; SQLite serialises its own start-up.
        let rc = unsafe { rusqlite::ffi::sqlite3_initialize() };
        if rc != rusqlite::ffi::SQLITE_OK {
            tracing::error!(rc, "SQLite did not start");
            return;
        }
        // The other thread's start-up is a few microseconds from done; the
        // bound only keeps a broken build from hanging here.
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(5);
        while !sqlcipher_is_started() {
            if std::time::Instant::now() > deadline {
                tracing::error!("SQLCipher did not finish starting");
                return;
            }
            std::thread::sleep(std::time::Duration::from_millis(1));
        }
    });
}

/// Whether a connection opened now gets SQLCipher's `sqlcipher_export`:
/// preparing a call to it fails only when the function is missing.
fn sqlcipher_is_started() -> bool {
    let Ok(conn) = Connection::open_in_memory() else { return false };
    let prepared = conn.prepare("SELECT sqlcipher_export('main')").is_ok();
    prepared
}

/// `sqlcipher_export` reports a failure inside the copy as a plain SQL
/// error that keeps only SQLite's message, so a full or read-only disk
/// gets its meaning back from SQLite's fixed texts (sqlite3ErrStr).
fn export_failure(e: rusqlite::Error) -> Error {
    if let rusqlite::Error::SqliteFailure(f, Some(message)) = &e {
        if f.code == rusqlite::ErrorCode::Unknown {
            match message.as_str() {
                "database or disk is full" => return Error::DiskFull,
                "attempt to write a readonly database" => return Error::ReadOnly,
                // A page of the vault that fails its HMAC (a damaged vault).
                "database disk image is malformed" => return Error::DatabaseDamaged,
                "disk I/O error" => return Error::Io(std::io::Error::other("disk I/O error in sqlcipher_export")),
                _ => {}
            }
        }
    }
    e.into()
}

/// Runs `f` with a umask that keeps the files SQLite creates (the database,
/// its `-wal` and `-shm`) readable by their owner only, whatever the folder's
/// mode. The umask is process-wide, so opening is serialised.
fn private_files<T, E: Into<Error>>(f: impl FnOnce() -> std::result::Result<T, E>) -> Result<T> {
    #[cfg(unix)]
    {
        static UMASK: std::sync::Mutex<()> = std::sync::Mutex::new(());
        let _guard = UMASK.lock().unwrap_or_else(|p| p.into_inner());
        // SAFETY: umask only swaps the process's file-creation mask.
        let old = unsafe { libc::umask(0o077) };
        let out = f();
        unsafe { libc::umask(old) };
        out.map_err(Into::into)
    }
    #[cfg(not(unix))]
    {
        f().map_err(Into::into)
    }
}
