//! Groups of an unlocked vault: the circles that meet. A group's history
//! and attendance are meetings, and live with them (`vault.meetings()`).

mod model;
mod store;

pub use model::Group;
pub use store::CAPABILITY;

use crate::error::Result;
use crate::library::{Library, FALLBACK_KEY};
use crate::store::Db;
use chrono::Utc;

/// Groups, borrowed from an unlocked vault (`vault.groups()`).
pub struct Groups<'v> {
    db: &'v Db,
}

impl<'v> Groups<'v> {
    pub(crate) fn new(db: &'v Db) -> Self {
        Groups { db }
    }

    /// Adds a group, or saves an existing one (`id` other than 0). Its
    /// usual template must exist.
    pub fn save(&self, group: &Group) -> Result<Group> {
        group.validate()?;
        Library::new(self.db).template(&group.default_template, group.language)?;
        let mut tidy = Group { name: group.name.trim().to_owned(), ..group.clone() };
        if tidy.id == 0 {
            tidy.id = store::insert(self.db.conn(), &tidy, Utc::now())?;
        } else {
            store::update(self.db.conn(), &tidy)?;
        }
        tracing::info!(group = tidy.id, "group saved");
        Ok(tidy)
    }

    /// Deletes a group; its sessions stay in the history, without a group.
    pub fn delete(&self, id: i64) -> Result<()> {
        store::delete(self.db.conn(), id)?;
        tracing::info!(group = id, "group deleted");
        Ok(())
    }

    pub fn get(&self, id: i64) -> Result<Group> {
        store::get(self.db.conn(), id)
    }

    /// Every group, by name.
    pub fn list(&self) -> Result<Vec<Group>> {
        store::list(self.db.conn())
    }
}

/// Deleting a template is a step of the groups as much as of the library:
/// the groups that started with it start with the standard meeting
/// instead, in the same transaction. It is written here, where both are
/// known, so the library needs nothing above it.
impl Library<'_> {
    /// Deletes a copy; groups that started with it start with the standard
    /// meeting instead. Sessions keep their own snapshot and are untouched.
    pub fn delete_template(&self, key: &str) -> Result<()> {
        let tx = self.db().conn().unchecked_transaction()?;
        Library::delete_in(&tx, key)?;
        store::replace_template(&tx, key, FALLBACK_KEY)?;
        tx.commit()?;
        tracing::info!(template = %key, "template deleted");
        Ok(())
    }
}
