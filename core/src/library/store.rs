//! SQL for the user's own templates (copies of built-ins, then edited). Each
//! row holds the whole template as JSON; its key is `user:<row id>`.

use super::Template;
use crate::error::{Error, Result};
use crate::store::{Capability, Count};
use crate::time::to_db;
use chrono::{DateTime, Utc};
use rusqlite::{params, Connection};

/// What the library declares: the person's own templates.
pub const CAPABILITY: Capability = Capability {
    name: "library",
    tables: &["user_template"],
    counts: &[Count { name: "template_copies", table: "user_template", sql: "SELECT count(*) FROM user_template" }],
    ..Capability::NONE
};

/// Adds a template and returns it with its new key.
pub(super) fn insert(conn: &Connection, template: &Template, now: DateTime<Utc>) -> Result<Template> {
    let tx = conn.unchecked_transaction()?;
    tx.execute("INSERT INTO user_template (body, created_at, updated_at) VALUES ('{}', ?1, ?1)", params![to_db(now)])?;
    let id = tx.last_insert_rowid();
    let keyed = Template { key: format!("user:{id}"), ..template.clone() };
    tx.execute("UPDATE user_template SET body = ?2 WHERE id = ?1", params![id, body(&keyed)])?;
    tx.commit()?;
    Ok(keyed)
}

pub(super) fn update(conn: &Connection, id: i64, template: &Template, now: DateTime<Utc>) -> Result<()> {
    match conn.execute(
        "UPDATE user_template SET body = ?2, updated_at = ?3 WHERE id = ?1",
        params![id, body(template), to_db(now)],
    )? {
        0 => Err(Error::NotFound),
        _ => Ok(()),
    }
}

pub(super) fn get(conn: &Connection, id: i64) -> Result<Template> {
    let json: String = conn.query_row("SELECT body FROM user_template WHERE id = ?1", [id], |r| r.get(0))?;
    parse(&json)
}

/// Every user template, oldest first.
pub(super) fn list(conn: &Connection) -> Result<Vec<Template>> {
    let mut stmt = conn.prepare_cached("SELECT body FROM user_template ORDER BY id")?;
    let rows = stmt.query_map([], |r| r.get::<_, String>(0))?;
    rows.map(|json| parse(&json?)).collect()
}

/// Deletes one template row, inside the caller's transaction.
pub(super) fn delete(conn: &Connection, id: i64) -> Result<()> {
    match conn.execute("DELETE FROM user_template WHERE id = ?1", [id])? {
        0 => Err(Error::NotFound),
        _ => Ok(()),
    }
}

fn body(t: &Template) -> String {
    serde_json::to_string(t).expect("templates serialize")
}

fn parse(json: &str) -> Result<Template> {
    serde_json::from_str(json).map_err(|_| Error::DatabaseDamaged)
}
