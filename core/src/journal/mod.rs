//! The self-care journal of an unlocked vault. For now: reflections, free
//! text with an optional title.

mod reflection;
mod store;

pub use reflection::{Reflection, ReflectionSummary, MAX_BODY_CHARS, MAX_TITLE_CHARS};

use crate::error::Result;
use crate::store::Db;
use chrono::Utc;

/// The journal, borrowed from an unlocked vault (`vault.journal()`).
pub struct Journal<'v> {
    db: &'v Db,
}

impl<'v> Journal<'v> {
    pub(crate) fn new(db: &'v Db) -> Self {
        Journal { db }
    }

    pub fn add_reflection(&self, title: &str, body: &str) -> Result<Reflection> {
        let (title, body) = reflection::validate(title, body)?;
        let r = store::insert(self.db.conn(), title, body, Utc::now())?;
        tracing::debug!(id = r.id, "reflection added");
        Ok(r)
    }

    pub fn update_reflection(&self, id: i64, title: &str, body: &str) -> Result<Reflection> {
        let (title, body) = reflection::validate(title, body)?;
        let r = store::update(self.db.conn(), id, title, body, Utc::now())?;
        tracing::debug!(id, "reflection updated");
        Ok(r)
    }

    pub fn delete_reflection(&self, id: i64) -> Result<()> {
        store::delete(self.db.conn(), id)?;
        tracing::debug!(id, "reflection deleted");
        Ok(())
    }

    pub fn reflection(&self, id: i64) -> Result<Reflection> {
        store::get(self.db.conn(), id)
    }

    /// The newest reflections, newest first; at most [`crate::limits::LIST_MAX`].
    pub fn latest_reflections(&self, limit: usize) -> Result<Vec<ReflectionSummary>> {
        store::latest(self.db.conn(), limit.min(crate::limits::LIST_MAX))
    }

    pub fn reflection_count(&self) -> Result<u64> {
        store::count(self.db.conn())
    }

    /// Adds many reflections in one transaction: for filling benchmark vaults.
    #[cfg(feature = "bench")]
    pub(crate) fn insert_bulk(
        &self,
        items: impl Iterator<Item = (String, String, chrono::DateTime<Utc>)>,
    ) -> Result<()> {
        store::insert_bulk(self.db.conn(), items)
    }
}
