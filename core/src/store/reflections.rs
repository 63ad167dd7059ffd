//! SQL for reflections.

use super::Store;
use crate::error::{Error, Result};
use crate::journal::{Reflection, ReflectionSummary};
use crate::time::{from_db, to_db};
use chrono::{DateTime, Utc};
use rusqlite::{params, Row};

/// How much of the body a list row carries.
const EXCERPT_CHARS: i64 = 160;

impl Store {
    pub(crate) fn insert_reflection(&self, title: &str, body: &str, now: DateTime<Utc>) -> Result<Reflection> {
        let at = to_db(now);
        self.conn.execute(
            "INSERT INTO reflection (title, body, created_at, updated_at) VALUES (?1, ?2, ?3, ?3)",
            params![title, body, at],
        )?;
        self.reflection(self.conn.last_insert_rowid())
    }

    pub(crate) fn update_reflection(&self, id: i64, title: &str, body: &str, now: DateTime<Utc>) -> Result<Reflection> {
        let changed = self.conn.execute(
            "UPDATE reflection SET title = ?2, body = ?3, updated_at = ?4 WHERE id = ?1",
            params![id, title, body, to_db(now)],
        )?;
        if changed == 0 {
            return Err(Error::NotFound);
        }
        self.reflection(id)
    }

    pub(crate) fn delete_reflection(&self, id: i64) -> Result<()> {
        match self.conn.execute("DELETE FROM reflection WHERE id = ?1", [id])? {
            0 => Err(Error::NotFound),
            _ => Ok(()),
        }
    }

    pub(crate) fn reflection(&self, id: i64) -> Result<Reflection> {
        Ok(self.conn.query_row(
            "SELECT id, title, body, created_at, updated_at FROM reflection WHERE id = ?1",
            [id],
            |r| {
                Ok(Reflection {
                    id: r.get(0)?,
                    title: r.get(1)?,
                    body: r.get(2)?,
                    created_at: from_db(r, 3)?,
                    updated_at: from_db(r, 4)?,
                })
            },
        )?)
    }

    /// The newest `limit` reflections, newest first.
    pub(crate) fn latest_reflections(&self, limit: usize) -> Result<Vec<ReflectionSummary>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT id, title, substr(body, 1, ?2), created_at, updated_at
             FROM reflection ORDER BY created_at DESC, id DESC LIMIT ?1",
        )?;
        let rows = stmt.query_map(params![limit as i64, EXCERPT_CHARS], summary)?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    pub(crate) fn reflection_count(&self) -> Result<u64> {
        Ok(self.conn.query_row("SELECT count(*) FROM reflection", [], |r| r.get(0))?)
    }
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

impl Store {
    /// Adds many reflections in one transaction: for filling benchmark vaults.
    pub(crate) fn insert_reflections_bulk(
        &mut self,
        items: impl Iterator<Item = (String, String, DateTime<Utc>)>,
    ) -> Result<()> {
        let tx = self.conn.transaction()?;
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
}
