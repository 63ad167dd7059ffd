//! What a capability declares about its part of the database, in its own
//! folder. The vault opens its database with the list of capabilities
//! (`crate::capabilities::ALL`); the connection, the migration runner, a
//! backup's manifest and the search index read the declarations from
//! [`Db::capabilities`](super::Db::capabilities) and name no capability's
//! tables themselves.

use crate::error::Result;
use rusqlite::Connection;

/// The declarations of one capability.
pub struct Capability {
    /// Its folder under `core/src`.
    pub name: &'static str,
    /// The tables (and views) it owns. Only its folder and the migrations
    /// name them (`core/tests/shape.rs`).
    pub tables: &'static [&'static str],
    /// Its schema steps after the shared history (`store/migrations/`,
    /// steps 1–7), each with its number: released steps never change.
    pub migrations: &'static [Migration],
    /// What a backup's manifest counts of it.
    pub counts: &'static [Count],
    /// SQL functions its triggers and queries call, registered on every
    /// connection before its first write.
    pub functions: fn(&Connection) -> rusqlite::Result<()>,
    /// Work it redoes after steps that change what it derives, once, after
    /// the last step, in the migration's transaction (the search index).
    pub rebuild: Option<Rebuild>,
    /// The entries it gives the search index.
    pub search: &'static [SearchSource],
}

impl Capability {
    /// Nothing declared: `Capability { name, tables, ..Capability::NONE }`.
    pub const NONE: Capability = Capability {
        name: "",
        tables: &[],
        migrations: &[],
        counts: &[],
        functions: no_functions,
        rebuild: None,
        search: &[],
    };
}

fn no_functions(_: &Connection) -> rusqlite::Result<()> {
    Ok(())
}

/// A capability's schema step: it brings the schema to `version`. Once
/// released it never changes: `fingerprint` (FNV-1a, 64-bit, of `sql`) is
/// checked by a test, as the shared history's are.
pub struct Migration {
    pub version: usize,
    pub sql: &'static str,
    pub fingerprint: u64,
}

/// One number in a backup's manifest (`docs/backup-format.md`): its name
/// there, the table it needs (a backup of an older schema that lacks it
/// counts 0), and the query that counts it.
pub struct Count {
    pub name: &'static str,
    pub table: &'static str,
    pub sql: &'static str,
}

/// Work redone after any of the migration steps `after_steps`:
/// `run(connection, capabilities, progress(done, total))`.
pub struct Rebuild {
    pub after_steps: &'static [usize],
    #[allow(clippy::type_complexity)]
    pub run: fn(&Connection, &[&Capability], &mut dyn FnMut(u64, u64)) -> Result<()>,
}

/// Entries of one kind that a capability gives the search index.
pub struct SearchSource {
    /// The kind's key in the index (`search::Kind`).
    pub kind: &'static str,
    /// The table the entries are rows of (to count a rebuild's progress).
    pub table: &'static str,
    /// Puts a batch of entries into the index, in a stable order:
    /// `INSERT INTO search_put SELECT … LIMIT ?1 OFFSET ?2`.
    pub index: &'static str,
    /// An entry as it is now, by its reference (`?1`): its title, then its
    /// fields in the index's order; or, with `json_fields`, its title and
    /// a JSON object whose members of those names are the fields.
    pub read: &'static str,
    pub json_fields: &'static [&'static str],
}
