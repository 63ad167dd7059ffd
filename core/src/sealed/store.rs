//! SQL for sealed notes: the identities, the imported capture ids, the
//! co-facilitators and the handovers received.

use super::identity::Purpose;
use super::Cofacilitator;
use crate::error::{Error, Result};
use crate::store::{Capability, Count, Migration};
use crate::time::{from_db, to_db};
use chrono::{DateTime, Utc};
use rusqlite::{params, Connection, OptionalExtension};
use zeroize::Zeroizing;

pub const CAPABILITY: Capability = Capability {
    name: "sealed",
    tables: &["sealed_identity", "capture_imported", "cofacilitator", "handover_received"],
    migrations: &[Migration { version: 8, sql: include_str!("0008_sealed.sql"), fingerprint: 0xd9863e589db4888f }],
    counts: &[
        Count { name: "cofacilitators", table: "cofacilitator", sql: "SELECT count(*) FROM cofacilitator" },
        Count { name: "handovers_received", table: "handover_received", sql: "SELECT count(*) FROM handover_received" },
    ],
    ..Capability::NONE
};

pub(super) fn identity(conn: &Connection, purpose: Purpose) -> Result<Option<Zeroizing<String>>> {
    Ok(conn
        .query_row("SELECT secret FROM sealed_identity WHERE purpose = ?1", [purpose.key()], |r| r.get(0))
        .optional()?
        .map(Zeroizing::new))
}

pub(super) fn insert_identity(conn: &Connection, purpose: Purpose, secret: &str, now: DateTime<Utc>) -> Result<()> {
    conn.execute(
        "INSERT INTO sealed_identity (purpose, secret, created_at) VALUES (?1, ?2, ?3)",
        params![purpose.key(), secret, to_db(now)],
    )?;
    Ok(())
}

/// Records a capture as imported; `false` if it already was.
pub(super) fn mark_imported(conn: &Connection, capture_id: &str, now: DateTime<Utc>) -> Result<bool> {
    let added = conn.execute(
        "INSERT OR IGNORE INTO capture_imported (capture_id, imported_at) VALUES (?1, ?2)",
        params![capture_id, to_db(now)],
    )?;
    Ok(added == 1)
}

pub(super) fn cofacilitators(conn: &Connection) -> Result<Vec<Cofacilitator>> {
    let mut stmt = conn.prepare("SELECT id, name, recipient, added_at FROM cofacilitator ORDER BY name, id")?;
    let rows = stmt.query_map([], |r| {
        Ok(Cofacilitator { id: r.get(0)?, name: r.get(1)?, recipient: r.get(2)?, added_at: from_db(r, 3)? })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

pub(super) fn add_cofacilitator(conn: &Connection, name: &str, recipient: &str, now: DateTime<Utc>) -> Result<i64> {
    let added = conn.execute(
        "INSERT OR IGNORE INTO cofacilitator (name, recipient, added_at) VALUES (?1, ?2, ?3)",
        params![name, recipient, to_db(now)],
    )?;
    if added == 0 {
        return Err(Error::CofacilitatorExists);
    }
    Ok(conn.last_insert_rowid())
}

pub(super) fn remove_cofacilitator(conn: &Connection, id: i64) -> Result<()> {
    match conn.execute("DELETE FROM cofacilitator WHERE id = ?1", [id])? {
        0 => Err(Error::NotFound),
        _ => Ok(()),
    }
}

/// Keeps a received handover; `None` if the same one was imported before.
pub(super) fn insert_received(
    conn: &Connection,
    handover_id: &str,
    group_id: Option<i64>,
    from: (&str, &str),
    meeting_json: &str,
    now: DateTime<Utc>,
) -> Result<Option<i64>> {
    let added = conn.execute(
        "INSERT OR IGNORE INTO handover_received (handover_id, group_id, from_name, from_recipient, meeting, received_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        params![handover_id, group_id, from.0, from.1, meeting_json, to_db(now)],
    )?;
    Ok((added == 1).then(|| conn.last_insert_rowid()))
}

pub(super) fn received_exists(conn: &Connection, handover_id: &str) -> Result<bool> {
    Ok(conn
        .query_row("SELECT 1 FROM handover_received WHERE handover_id = ?1", [handover_id], |_| Ok(()))
        .optional()?
        .is_some())
}

/// A received handover as stored; `meeting` is its JSON.
pub(super) struct ReceivedRow {
    pub(super) id: i64,
    pub(super) from_name: String,
    pub(super) from_recipient: String,
    pub(super) meeting: String,
    pub(super) received_at: DateTime<Utc>,
}

/// A group's received handovers, newest first.
pub(super) fn received_for_group(conn: &Connection, group_id: i64, limit: usize) -> Result<Vec<ReceivedRow>> {
    let mut stmt = conn.prepare(
        "SELECT id, from_name, from_recipient, meeting, received_at FROM handover_received
         WHERE group_id = ?1 ORDER BY id DESC LIMIT ?2",
    )?;
    let rows = stmt.query_map(params![group_id, limit as i64], |r| {
        Ok(ReceivedRow {
            id: r.get(0)?,
            from_name: r.get(1)?,
            from_recipient: r.get(2)?,
            meeting: r.get(3)?,
            received_at: from_db(r, 4)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}
