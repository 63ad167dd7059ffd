//! Key/value settings kept inside the vault.

use super::Store;
use crate::error::Result;
use rusqlite::{params, OptionalExtension};

impl Store {
    pub(crate) fn setting(&self, key: &str) -> Result<Option<String>> {
        Ok(self.conn.query_row("SELECT value FROM setting WHERE key = ?1", [key], |r| r.get(0)).optional()?)
    }

    pub(crate) fn set_setting(&self, key: &str, value: &str) -> Result<()> {
        self.conn.execute(
            "INSERT INTO setting (key, value) VALUES (?1, ?2)
             ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            params![key, value],
        )?;
        Ok(())
    }

    /// A yes/no setting; absent means no.
    pub(crate) fn flag(&self, key: &str) -> Result<bool> {
        Ok(self.setting(key)?.as_deref() == Some("true"))
    }

    pub(crate) fn set_flag(&self, key: &str, on: bool) -> Result<()> {
        self.set_setting(key, if on { "true" } else { "false" })
    }
}
