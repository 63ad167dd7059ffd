//! SQL for groups: the `meeting_group` table.

use super::Group;
use crate::error::{Error, Result};
use crate::i18n::Lang;
use crate::store::{Capability, Count, SearchSource};
use crate::time::to_db;
use chrono::{DateTime, Utc};
use rusqlite::{params, Connection, Row};

/// What groups declare: their table, and a group's name in the search index.
pub const CAPABILITY: Capability = Capability {
    name: "groups",
    tables: &["meeting_group"],
    counts: &[Count { name: "groups", table: "meeting_group", sql: "SELECT count(*) FROM meeting_group" }],
    search: &[SearchSource {
        kind: "group",
        table: "meeting_group",
        index: "SELECT 'group', CAST(id AS TEXT), created_at, id, enza_search_terms(name), NULL
                FROM meeting_group ORDER BY id LIMIT ?1 OFFSET ?2",
        read: "SELECT name, name FROM meeting_group WHERE id = ?1",
        json_fields: &[],
    }],
    ..Capability::NONE
};

const GROUP_SELECT: &str = "SELECT id, name, language, default_template, usual_minutes FROM meeting_group";

pub(super) fn insert(conn: &Connection, g: &Group, now: DateTime<Utc>) -> Result<i64> {
    conn.execute(
        "INSERT INTO meeting_group (name, language, default_template, usual_minutes, created_at)
         VALUES (?1, ?2, ?3, ?4, ?5)",
        params![g.name, g.language.code(), g.default_template, g.usual_minutes, to_db(now)],
    )?;
    Ok(conn.last_insert_rowid())
}

pub(super) fn update(conn: &Connection, g: &Group) -> Result<()> {
    match conn.execute(
        "UPDATE meeting_group SET name = ?2, language = ?3, default_template = ?4, usual_minutes = ?5
         WHERE id = ?1",
        params![g.id, g.name, g.language.code(), g.default_template, g.usual_minutes],
    )? {
        0 => Err(Error::NotFound),
        _ => Ok(()),
    }
}

/// Deletes a group; its sessions stay in history without a group.
pub(super) fn delete(conn: &Connection, id: i64) -> Result<()> {
    match conn.execute("DELETE FROM meeting_group WHERE id = ?1", [id])? {
        0 => Err(Error::NotFound),
        _ => Ok(()),
    }
}

pub(super) fn get(conn: &Connection, id: i64) -> Result<Group> {
    Ok(conn.query_row(&format!("{GROUP_SELECT} WHERE id = ?1"), [id], group)?)
}

pub(super) fn list(conn: &Connection) -> Result<Vec<Group>> {
    let mut stmt = conn.prepare_cached(&format!("{GROUP_SELECT} ORDER BY name COLLATE NOCASE, id"))?;
    let rows = stmt.query_map([], group)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Groups that start from `old` start from `new` instead (a template copy
/// was deleted). Runs inside the caller's transaction.
pub(super) fn replace_template(conn: &Connection, old: &str, new: &str) -> Result<()> {
    conn.execute("UPDATE meeting_group SET default_template = ?2 WHERE default_template = ?1", params![old, new])?;
    Ok(())
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
