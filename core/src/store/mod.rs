//! The encrypted SQLite store. Only this module (and its children) writes SQL.

pub mod groups;
pub mod meetings;
mod migrations;
mod reflections;
mod settings;
mod templates;

use crate::error::{Error, Result};
use crate::keys::SecretKey;
use rusqlite::{Connection, OpenFlags};
use std::path::Path;

pub struct Store {
    conn: Connection,
}

impl Store {
    /// Makes a new database at `path`, which must not exist yet.
    pub(crate) fn create(path: &Path, key: &SecretKey) -> Result<Store> {
        if path.exists() {
            return Err(Error::VaultExists(path.to_path_buf()));
        }
        let flags = OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_CREATE | OpenFlags::SQLITE_OPEN_NO_MUTEX;
        Self::open_with(path, key, flags)
    }

    /// Opens an existing database; never creates one.
    pub(crate) fn open(path: &Path, key: &SecretKey) -> Result<Store> {
        if !path.is_file() {
            return Err(Error::NotAVault(path.to_path_buf()));
        }
        Self::open_with(path, key, OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX)
    }

    fn open_with(path: &Path, key: &SecretKey, flags: OpenFlags) -> Result<Store> {
        let mut conn = Connection::open_with_flags(path, flags)?;
        // SQLCipher's own log would print internals (e.g. "hmac check
        // failed") to stderr; the app shows its own message instead.
        conn.execute_batch("PRAGMA cipher_log_level = NONE; PRAGMA cipher_memory_security = ON;")?;
        conn.execute_batch(&format!("PRAGMA key = \"{}\";", key.sqlcipher_literal().as_str()))?;
        // SQLCipher checks the key only on the first read: read now, so a
        // wrong key or a damaged file fails here, before anything is written.
        conn.query_row("SELECT count(*) FROM sqlite_master", [], |r| r.get::<_, i64>(0))
            .map_err(|_| Error::DatabaseDamaged)?;
        let mode: String = conn.pragma_update_and_check(None, "journal_mode", "WAL", |r| r.get(0))?;
        if !mode.eq_ignore_ascii_case("wal") {
            return Err(Error::DatabaseDamaged);
        }
        conn.execute_batch(
            "PRAGMA synchronous = FULL;
             PRAGMA temp_store = MEMORY;
             PRAGMA secure_delete = ON;
             PRAGMA foreign_keys = ON;",
        )?;
        migrations::to_latest(&mut conn)?;
        Ok(Store { conn })
    }

    /// Moves everything from the WAL into the main file and empties the WAL.
    pub fn checkpoint(&self) -> Result<()> {
        self.conn.query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |_| Ok(()))?;
        Ok(())
    }

    /// `true` when SQLite's full integrity check finds nothing wrong.
    pub fn integrity_ok(&self) -> Result<bool> {
        let verdict: String = self.conn.query_row("PRAGMA integrity_check", [], |r| r.get(0))?;
        Ok(verdict == "ok")
    }

    /// The SQLCipher version string, e.g. "4.6.1 community".
    pub fn cipher_version(&self) -> Result<String> {
        Ok(self.conn.query_row("PRAGMA cipher_version", [], |r| r.get(0))?)
    }
}

/// Plain SQLite with the same schema and pragmas but no encryption: the
/// benchmark's baseline. Never used for user data.
pub fn open_plain_for_benchmark(path: &Path) -> Result<Store> {
    let mut conn = Connection::open(path)?;
    conn.pragma_update_and_check(None, "journal_mode", "WAL", |r| r.get::<_, String>(0))?;
    conn.execute_batch(
        "PRAGMA synchronous = FULL; PRAGMA temp_store = MEMORY; PRAGMA secure_delete = ON; PRAGMA foreign_keys = ON;",
    )?;
    migrations::to_latest(&mut conn)?;
    Ok(Store { conn })
}
