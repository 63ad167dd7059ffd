//! SQL for backups: what the manifest counts, and a whole-database dump for
//! the tests that compare a restored vault with its original.

use crate::error::Result;
use crate::store::{Capability, Count};
use rusqlite::types::ValueRef;
use rusqlite::Connection;
use std::collections::BTreeMap;

fn has_table(conn: &Connection, table: &str) -> Result<bool> {
    let n: i64 =
        conn.query_row("SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = ?1", [table], |r| r.get(0))?;
    Ok(n > 0)
}

/// What each capability counts ([`Count`]), by name, in one read
/// transaction. A table a backup's (older) schema lacks counts 0.
pub(super) fn counts(conn: &Connection, capabilities: &[&Capability]) -> Result<BTreeMap<String, u64>> {
    let tx = conn.unchecked_transaction()?;
    let mut out = BTreeMap::new();
    for Count { name, table, sql } in capabilities.iter().flat_map(|c| c.counts) {
        let n: i64 = if has_table(&tx, table)? { tx.query_row(sql, [], |r| r.get(0))? } else { 0 };
        out.insert((*name).to_owned(), n.max(0) as u64);
    }
    tx.commit()?;
    Ok(out)
}

/// Whether a backup's database agrees with its manifest: every kind the
/// manifest names counts the same, and every kind it does not name (one
/// a capability added after the backup was written) has no table in the
/// backup's schema. A kind this Enza does not count is disagreement.
pub(super) fn counts_agree(
    conn: &Connection,
    capabilities: &[&Capability],
    manifest: &BTreeMap<String, u64>,
) -> Result<bool> {
    let counted = counts(conn, capabilities)?;
    if manifest.keys().any(|name| !counted.contains_key(name)) {
        return Ok(false);
    }
    for Count { name, table, .. } in capabilities.iter().flat_map(|c| c.counts) {
        let agrees = match manifest.get(*name) {
            Some(n) => counted.get(*name) == Some(n),
            None => !has_table(conn, table)?,
        };
        if !agrees {
            return Ok(false);
        }
    }
    Ok(true)
}

/// Every row of every table that stores rows (user tables, and the shadow
/// tables of any full-text index), each row as text, sorted. For tests.
pub(super) fn dump(conn: &Connection) -> Result<BTreeMap<String, Vec<Vec<String>>>> {
    let tx = conn.unchecked_transaction()?;
    let tables: Vec<String> = tx
        .prepare(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND rootpage > 0 AND name NOT LIKE 'sqlite_%'
             ORDER BY name",
        )?
        .query_map([], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    let mut out = BTreeMap::new();
    // The schema itself (tables, indexes, triggers, views, virtual tables),
    // without root page numbers, which a copy renumbers.
    let mut schema: Vec<Vec<String>> = tx
        .prepare("SELECT type, name, tbl_name, coalesce(sql, '') FROM sqlite_master")?
        .query_map([], |r| Ok(vec![r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?]))?
        .collect::<rusqlite::Result<_>>()?;
    schema.sort();
    out.insert("(schema)".to_owned(), schema);
    for table in tables {
        let quoted = format!("\"{}\"", table.replace('"', "\"\""));
        let mut stmt = tx.prepare(&format!("SELECT * FROM {quoted}"))?;
        let width = stmt.column_count();
        let mut rows: Vec<Vec<String>> = stmt
            .query_map([], |r| (0..width).map(|i| Ok(render(r.get_ref(i)?))).collect::<rusqlite::Result<Vec<_>>>())?
            .collect::<rusqlite::Result<_>>()?;
        rows.sort();
        out.insert(table, rows);
    }
    tx.commit()?;
    Ok(out)
}

fn render(v: ValueRef<'_>) -> String {
    match v {
        ValueRef::Null => "NULL".into(),
        ValueRef::Integer(i) => format!("i:{i}"),
        ValueRef::Real(f) => format!("r:{f:?}"),
        ValueRef::Text(t) => format!("t:{}", String::from_utf8_lossy(t)),
        ValueRef::Blob(b) => format!("b:{}", crate::keys::hex(b)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Two kinds: one every backup counts, and one a later Enza added.
    const OLD: Capability = Capability {
        name: "old",
        tables: &["old_row"],
        counts: &[Count { name: "olds", table: "old_row", sql: "SELECT count(*) FROM old_row" }],
        ..Capability::NONE
    };
    const NEW: Capability = Capability {
        name: "new",
        tables: &["new_row"],
        counts: &[Count { name: "news", table: "new_row", sql: "SELECT count(*) FROM new_row" }],
        ..Capability::NONE
    };

    #[test]
    fn a_kind_added_later_is_missing_from_older_manifests_only_with_its_table() {
        let manifest = |pairs: &[(&str, u64)]| pairs.iter().map(|(k, n)| (k.to_string(), *n)).collect();
        let older = Connection::open_in_memory().unwrap();
        older.execute_batch("CREATE TABLE old_row (x); INSERT INTO old_row VALUES (1);").unwrap();
        let caps: &[&Capability] = &[&OLD, &NEW];
        assert!(counts_agree(&older, caps, &manifest(&[("olds", 1)])).unwrap(), "written before the kind");
        assert!(counts_agree(&older, caps, &manifest(&[("olds", 1), ("news", 0)])).unwrap());
        assert!(!counts_agree(&older, caps, &manifest(&[("olds", 2)])).unwrap(), "a count that differs");
        assert!(!counts_agree(&older, caps, &manifest(&[("olds", 1), ("extra", 0)])).unwrap(), "one kind more");

        let newer = Connection::open_in_memory().unwrap();
        newer.execute_batch("CREATE TABLE old_row (x); CREATE TABLE new_row (x);").unwrap();
        assert!(!counts_agree(&newer, caps, &manifest(&[("olds", 0)])).unwrap(), "the table is there: named");
        assert!(counts_agree(&newer, caps, &manifest(&[("olds", 0), ("news", 0)])).unwrap());
    }
}
