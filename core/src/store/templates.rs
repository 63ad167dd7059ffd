//! SQL for the user's own templates (copies of built-ins, then edited). Each
//! row holds the whole template as JSON; its key is `user:<row id>`.

use super::Store;
use crate::error::{Error, Result};
use crate::meeting::Template;
use crate::time::to_db;
use chrono::{DateTime, Utc};
use rusqlite::params;

impl Store {
    /// Adds a template and returns it with its new key.
    pub(crate) fn insert_user_template(&self, template: &Template, now: DateTime<Utc>) -> Result<Template> {
        let tx = self.conn.unchecked_transaction()?;
        tx.execute(
            "INSERT INTO user_template (body, created_at, updated_at) VALUES ('{}', ?1, ?1)",
            params![to_db(now)],
        )?;
        let id = tx.last_insert_rowid();
        let keyed = Template { key: format!("user:{id}"), ..template.clone() };
        tx.execute("UPDATE user_template SET body = ?2 WHERE id = ?1", params![id, body(&keyed)])?;
        tx.commit()?;
        Ok(keyed)
    }

    pub(crate) fn update_user_template(&self, id: i64, template: &Template, now: DateTime<Utc>) -> Result<()> {
        match self.conn.execute(
            "UPDATE user_template SET body = ?2, updated_at = ?3 WHERE id = ?1",
            params![id, body(template), to_db(now)],
        )? {
            0 => Err(Error::NotFound),
            _ => Ok(()),
        }
    }

    pub(crate) fn user_template(&self, id: i64) -> Result<Template> {
        let json: String = self.conn.query_row("SELECT body FROM user_template WHERE id = ?1", [id], |r| r.get(0))?;
        parse(&json)
    }

    /// Every user template, oldest first.
    pub(crate) fn user_templates(&self) -> Result<Vec<Template>> {
        let mut stmt = self.conn.prepare_cached("SELECT body FROM user_template ORDER BY id")?;
        let rows = stmt.query_map([], |r| r.get::<_, String>(0))?;
        rows.map(|json| parse(&json?)).collect()
    }

    /// Deletes a template; groups that started with it fall back to the
    /// standard meeting. Sessions keep their own snapshot and are untouched.
    pub(crate) fn delete_user_template(&self, id: i64, fallback_key: &str) -> Result<()> {
        let tx = self.conn.unchecked_transaction()?;
        if tx.execute("DELETE FROM user_template WHERE id = ?1", [id])? == 0 {
            return Err(Error::NotFound);
        }
        tx.execute(
            "UPDATE meeting_group SET default_template = ?2 WHERE default_template = ?1",
            params![format!("user:{id}"), fallback_key],
        )?;
        tx.commit()?;
        Ok(())
    }
}

fn body(t: &Template) -> String {
    serde_json::to_string(t).expect("templates serialize")
}

fn parse(json: &str) -> Result<Template> {
    serde_json::from_str(json).map_err(|_| Error::DatabaseDamaged)
}
