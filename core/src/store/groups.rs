//! SQL for groups: the circles that meet, and their attendance over time.

use super::Store;
use crate::error::{Error, Result};
use crate::i18n::Lang;
use crate::meeting::Group;
use crate::time::{from_db, to_db};
use chrono::{DateTime, Utc};
use rusqlite::{params, Row};
use serde::Serialize;

/// One meeting of a group, as the attendance chart draws it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AttendancePoint {
    pub session_id: i64,
    pub started_at: DateTime<Utc>,
    pub attendance: u32,
    pub newcomers: u32,
}

const GROUP_SELECT: &str = "SELECT id, name, language, default_template, usual_minutes FROM meeting_group";

impl Store {
    pub(crate) fn insert_group(&self, g: &Group, now: DateTime<Utc>) -> Result<i64> {
        self.conn.execute(
            "INSERT INTO meeting_group (name, language, default_template, usual_minutes, created_at)
             VALUES (?1, ?2, ?3, ?4, ?5)",
            params![g.name, g.language.code(), g.default_template, g.usual_minutes, to_db(now)],
        )?;
        Ok(self.conn.last_insert_rowid())
    }

    pub(crate) fn update_group(&self, g: &Group) -> Result<()> {
        match self.conn.execute(
            "UPDATE meeting_group SET name = ?2, language = ?3, default_template = ?4, usual_minutes = ?5
             WHERE id = ?1",
            params![g.id, g.name, g.language.code(), g.default_template, g.usual_minutes],
        )? {
            0 => Err(Error::NotFound),
            _ => Ok(()),
        }
    }

    /// Deletes a group; its sessions stay in history without a group.
    pub(crate) fn delete_group(&self, id: i64) -> Result<()> {
        match self.conn.execute("DELETE FROM meeting_group WHERE id = ?1", [id])? {
            0 => Err(Error::NotFound),
            _ => Ok(()),
        }
    }

    pub(crate) fn group(&self, id: i64) -> Result<Group> {
        Ok(self.conn.query_row(&format!("{GROUP_SELECT} WHERE id = ?1"), [id], group)?)
    }

    /// Every group, by name.
    pub(crate) fn groups(&self) -> Result<Vec<Group>> {
        let mut stmt = self.conn.prepare_cached(&format!("{GROUP_SELECT} ORDER BY name COLLATE NOCASE, id"))?;
        let rows = stmt.query_map([], group)?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Attendance of a group's recorded meetings, oldest first.
    pub(crate) fn group_attendance(&self, group_id: i64) -> Result<Vec<AttendancePoint>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT id, started_at, json_extract(record, '$.attendance'), json_extract(record, '$.newcomers')
             FROM session WHERE group_id = ?1 AND record IS NOT NULL ORDER BY started_at, id",
        )?;
        let rows = stmt.query_map([group_id], |r| {
            Ok(AttendancePoint {
                session_id: r.get(0)?,
                started_at: from_db(r, 1)?,
                attendance: r.get::<_, Option<u32>>(2)?.unwrap_or(0),
                newcomers: r.get::<_, Option<u32>>(3)?.unwrap_or(0),
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }
}

fn group(r: &Row) -> rusqlite::Result<Group> {
    let lang: String = r.get(2)?;
    Ok(Group {
        id: r.get(0)?,
        name: r.get(1)?,
        language: Lang::from_tag(&lang).unwrap_or_default(),
        default_template: r.get(3)?,
        usual_minutes: r.get(4)?,
    })
}
