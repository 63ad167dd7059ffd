//! SQL for settings: one row per key, the value as text.

use crate::error::Result;
use crate::store::{Capability, Count};
use rusqlite::{params, Connection, OptionalExtension};

/// What settings declare: the one table of keys and values.
pub const CAPABILITY: Capability = Capability {
    name: "settings",
    tables: &["setting"],
    counts: &[Count { name: "settings", table: "setting", sql: "SELECT count(*) FROM setting" }],
    ..Capability::NONE
};

pub(super) fn get(conn: &Connection, key: &str) -> Result<Option<String>> {
    Ok(conn.query_row("SELECT value FROM setting WHERE key = ?1", [key], |r| r.get(0)).optional()?)
}

pub(super) fn set(conn: &Connection, key: &str, value: &str) -> Result<()> {
    conn.execute(
        "INSERT INTO setting (key, value) VALUES (?1, ?2)
         ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        params![key, value],
    )?;
    Ok(())
}
