//! SQL for reflections.

use super::{Reflection, ReflectionSummary};
use crate::error::{Error, Result};
use crate::time::{from_db, to_db};
use chrono::{DateTime, Utc};
use rusqlite::{params, Connection, Row};

/// How much of the body a list row carries.
const EXCERPT_CHARS: i64 = 160;

pub(super) fn insert(conn: &Connection, title: &str, body: &str, now: DateTime<Utc>) -> Result<Reflection> {
    conn.execute(
        "INSERT INTO reflection (title, body, created_at, updated_at) VALUES (?1, ?2, ?3, ?3)",
        params![title, body, to_db(now)],
    )?;
    get(conn, conn.last_insert_rowid())
}

pub(super) fn update(conn: &Connection, id: i64, title: &str, body: &str, now: DateTime<Utc>) -> Result<Reflection> {
    let changed = conn.execute(
        "UPDATE reflection SET title = ?2, body = ?3, updated_at = ?4 WHERE id = ?1",
        params![id, title, body, to_db(now)],
    )?;
    if changed == 0 {
        return Err(Error::NotFound);
    }
    get(conn, id)
}

pub(super) fn delete(conn: &Connection, id: i64) -> Result<()> {
    match conn.execute("DELETE FROM reflection WHERE id = ?1", [id])? {
        0 => Err(Error::NotFound),
        _ => Ok(()),
    }
}

pub(super) fn get(conn: &Connection, id: i64) -> Result<Reflection> {
    Ok(conn.query_row("SELECT id, title, body, created_at, updated_at FROM reflection WHERE id = ?1", [id], |r| {
        Ok(Reflection {
            id: r.get(0)?,
            title: r.get(1)?,
            body: r.get(2)?,
            created_at: from_db(r, 3)?,
            updated_at: from_db(r, 4)?,
        })
    })?)
}

/// The newest `limit` reflections, newest first.
pub(super) fn latest(conn: &Connection, limit: usize) -> Result<Vec<ReflectionSummary>> {
    let mut stmt = conn.prepare_cached(
        "SELECT id, title, substr(body, 1, ?2), created_at, updated_at
         FROM reflection ORDER BY created_at DESC, id DESC LIMIT ?1",
    )?;
    let rows = stmt.query_map(params![limit as i64, EXCERPT_CHARS], summary)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

pub(super) fn count(conn: &Connection) -> Result<u64> {
    let n: i64 = conn.query_row("SELECT count(*) FROM reflection", [], |r| r.get(0))?;
    Ok(n.max(0) as u64)
}

fn summary(r: &Row) -> rusqlite::Result<ReflectionSummary> {
    Ok(ReflectionSummary {
        id: r.get(0)?,
        title: r.get(1)?,
        excerpt: r.get(2)?,
        created_at: from_db(r, 3)?,
        updated_at: from_db(r, 4)?,
    })
}

#[cfg(feature = "bench")]
pub(super) fn insert_bulk(
    conn: &Connection,
    items: impl Iterator<Item = (String, String, DateTime<Utc>)>,
) -> Result<()> {
    let tx = conn.unchecked_transaction()?;
    {
        let mut stmt =
            tx.prepare("INSERT INTO reflection (title, body, created_at, updated_at) VALUES (?1, ?2, ?3, ?3)")?;
        for (title, body, at) in items {
            stmt.execute(params![title, body, to_db(at)])?;
        }
    }
    tx.commit()?;
    Ok(())
}
