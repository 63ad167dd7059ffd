//! The export's own reads: what the other capabilities' list calls cap at
//! [`crate::limits::LIST_MAX`] rows, listed whole, oldest first. Rows are
//! then read through the capabilities' own APIs wherever one exists.

use crate::error::{Error, Result};
use crate::journal::{BoundaryEvent, BoundaryKind};
use crate::time::from_db;
use chrono::{DateTime, NaiveDate, Utc};
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

/// Boundary events from `from` to `to` (both included), oldest first.
pub(super) fn boundary_events(conn: &Connection, from: NaiveDate, to: NaiveDate) -> Result<Vec<BoundaryEvent>> {
    let mut stmt = conn.prepare(
        "SELECT id, day, kind, what_happened, what_i_did, how_i_feel, supervision FROM boundary_event
         WHERE day BETWEEN ?1 AND ?2 ORDER BY day, id",
    )?;
    let rows = stmt.query_map([from.to_string(), to.to_string()], |r| {
        Ok((
            r.get::<_, i64>(0)?,
            r.get::<_, String>(1)?,
            r.get::<_, String>(2)?,
            r.get::<_, String>(3)?,
            r.get::<_, String>(4)?,
            r.get::<_, String>(5)?,
            r.get::<_, bool>(6)?,
        ))
    })?;
    rows.map(|row| {
        let (id, day, kind, what_happened, what_i_did, how_i_feel, supervision) = row?;
        Ok(BoundaryEvent {
            id,
            day: day.parse().map_err(|_| Error::DatabaseDamaged)?,
            kind: BoundaryKind::from_key(&kind).ok_or(Error::DatabaseDamaged)?,
            what_happened,
            what_i_did,
            how_i_feel,
            supervision,
        })
    })
    .collect()
}
