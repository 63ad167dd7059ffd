//! The export's own reads: what the other capabilities' list calls cap at
//! [`crate::limits::LIST_MAX`] rows, listed whole, oldest first. Rows are
//! then read through the capabilities' own APIs wherever one exists.

use crate::error::Result;
use crate::time::from_db;
use chrono::{DateTime, Utc};
use rusqlite::Connection;

/// Every session: (id, started_at), oldest first.
pub(super) fn sessions(conn: &Connection) -> Result<Vec<(i64, DateTime<Utc>)>> {
    let mut stmt = conn.prepare("SELECT id, started_at FROM session ORDER BY started_at, id")?;
    let rows = stmt.query_map([], |r| Ok((r.get(0)?, from_db(r, 1)?)))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Every reflection: (id, created_at), oldest first.
pub(super) fn reflections(conn: &Connection) -> Result<Vec<(i64, DateTime<Utc>)>> {
    let mut stmt = conn.prepare("SELECT id, created_at FROM reflection ORDER BY created_at, id")?;
    let rows = stmt.query_map([], |r| Ok((r.get(0)?, from_db(r, 1)?)))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}
