//! SQL for search: the two functions the index triggers call (registered on
//! every connection), the backfill that indexes every entry, and the
//! queries. The entries come from the capabilities' declarations
//! ([`SearchSource`]): this file names only the index's own tables. The
//! index itself is kept in step by triggers in the migrations
//! (`store/migrations/0006_search.sql`, `0007_search_rule.sql`).

use super::text::document_terms;
use super::Kind;
use crate::error::{Error, Result};
use crate::store::{Capability, SearchSource};
use chrono::{DateTime, NaiveDate, NaiveTime, Utc};
use rusqlite::functions::{Context, FunctionFlags};
use rusqlite::types::ValueRef;
use rusqlite::{params, Connection, OptionalExtension};

/// Entries of one minute share a block of this many ids.
pub(super) const IDS_PER_MINUTE: i64 = 64;

/// `enza_search_terms(field, …)` and `enza_search_rowid(at)`, which the
/// index triggers call. Every connection registers them before its first
/// write, or writes to indexed tables fail.
pub(crate) fn register_functions(conn: &Connection) -> rusqlite::Result<()> {
    let flags = FunctionFlags::SQLITE_UTF8 | FunctionFlags::SQLITE_DETERMINISTIC | FunctionFlags::SQLITE_INNOCUOUS;
    conn.create_scalar_function("enza_search_terms", -1, flags, |ctx: &mut Context| {
        let mut fields = Vec::with_capacity(ctx.len());
        for i in 0..ctx.len() {
            fields.push(match ctx.get_raw(i) {
                ValueRef::Text(t) => {
                    std::str::from_utf8(t).map_err(|e| rusqlite::Error::UserFunctionError(e.into()))?
                }
                _ => "",
            });
        }
        Ok(document_terms(fields))
    })?;
    conn.create_scalar_function("enza_search_rowid", 1, flags, |ctx: &mut Context| {
        let at: String = ctx.get(0)?;
        first_id_at(&at).ok_or_else(|| rusqlite::Error::UserFunctionError("not a time".into()))
    })
}

/// The first id of the block for `at`: an RFC 3339 time, or a day
/// (YYYY-MM-DD), which stands at 12:00 UTC so that it falls on the same
/// local day from UTC−11 to UTC+11.
fn first_id_at(at: &str) -> Option<i64> {
    let time = match DateTime::parse_from_rfc3339(at) {
        Ok(t) => t.with_timezone(&Utc),
        Err(_) => NaiveDate::parse_from_str(at, "%Y-%m-%d").ok()?.and_time(NOON).and_utc(),
    };
    time.timestamp().div_euclid(60).checked_mul(IDS_PER_MINUTE)
}

const NOON: NaiveTime = match NaiveTime::from_hms_opt(12, 0, 0) {
    Some(t) => t,
    None => panic!("noon is a time"),
};

/// The first id of the block a day's entries stand at (12:00 UTC).
pub(super) fn first_id_of_day(day: NaiveDate) -> i64 {
    first_id_of(day.and_time(NOON).and_utc())
}

pub(super) fn first_id_of(time: DateTime<Utc>) -> i64 {
    time.timestamp().div_euclid(60).saturating_mul(IDS_PER_MINUTE)
}

/// The minute an entry's id stands for.
pub(super) fn time_of(id: i64) -> DateTime<Utc> {
    DateTime::from_timestamp(id.div_euclid(IDS_PER_MINUTE).saturating_mul(60), 0).unwrap_or_default()
}

/// Indexes every entry the capabilities give the index, in batches,
/// inside the migration's transaction (a vault made before search, or a
/// change of the rule). `progress(done, total)` counts entries.
pub(super) fn backfill(
    conn: &Connection,
    capabilities: &[&Capability],
    progress: &mut dyn FnMut(u64, u64),
) -> Result<()> {
    const BATCH: i64 = 2_000;
    let sources: Vec<&SearchSource> = capabilities.iter().flat_map(|c| c.search).collect();
    let count = |table: &str| -> Result<i64> {
        Ok(conn.query_row(&format!("SELECT count(*) FROM {table}"), [], |r| r.get(0))?)
    };
    let mut total = 0u64;
    for source in &sources {
        total += count(source.table)? as u64;
    }
    let mut done = 0u64;
    progress(0, total);
    for source in &sources {
        let n = count(source.table)?;
        let mut stmt = conn.prepare(&format!("INSERT INTO search_put {}", source.index))?;
        let mut offset = 0;
        while offset < n {
            stmt.execute(params![BATCH, offset])?;
            let step = BATCH.min(n - offset);
            offset += step;
            done += step as u64;
            progress(done, total);
        }
    }
    tracing::info!(entries = total, "search index built");
    Ok(())
}

/// An entry that matched: its index id, kind and reference.
pub(super) struct Found {
    pub id: i64,
    pub kind: Kind,
    pub reference: String,
    pub group_id: Option<i64>,
}

/// Entries matching `expression` (an FTS5 expression built by
/// `text::match_expression`), newest first, with ids in `ids` and of the
/// given kinds (`",reflection,checkin,"`) and group.
pub(super) fn find(
    conn: &Connection,
    expression: &str,
    days: &super::DayFilter,
    kinds: Option<&str>,
    group_id: Option<i64>,
    limit: usize,
) -> Result<Vec<Found>> {
    // CROSS JOIN keeps the index as the outer loop, so it walks its ids
    // newest first and stops at the limit. The outer range holds both day
    // ranges; each entry is then held to its own (DayFilter).
    let mut stmt = conn.prepare_cached(
        "SELECT e.id, e.kind, e.ref, e.group_id FROM search_index i CROSS JOIN search_entry e ON e.id = i.rowid
         WHERE search_index MATCH ?1 AND i.rowid BETWEEN ?2 AND ?3
           AND (CASE WHEN e.kind IN ('checkin', 'boundary') THEN i.rowid BETWEEN ?7 AND ?8
                     ELSE i.rowid BETWEEN ?9 AND ?10 END)
           AND (?4 IS NULL OR instr(?4, ',' || e.kind || ',') > 0)
           AND (?5 IS NULL OR e.group_id = ?5)
         ORDER BY i.rowid DESC LIMIT ?6",
    )?;
    let (outer, by_day, by_moment) = (days.outer(), days.days, days.moments);
    let values = params![
        expression,
        outer.0,
        outer.1,
        kinds,
        group_id,
        limit as i64,
        by_day.0,
        by_day.1,
        by_moment.0,
        by_moment.1
    ];
    let rows = stmt.query_map(values, |r| {
        Ok((r.get::<_, i64>(0)?, r.get::<_, String>(1)?, r.get::<_, String>(2)?, r.get::<_, Option<i64>>(3)?))
    })?;
    let mut out = Vec::new();
    for row in rows {
        let (id, kind, reference, group_id) = row?;
        let kind = Kind::from_key(&kind).ok_or(Error::DatabaseDamaged)?;
        out.push(Found { id, kind, reference, group_id });
    }
    Ok(out)
}

/// The text of a found entry, as it is now: a title (user text, may be
/// empty) and the fields the index holds, in the index's order.
pub(super) struct Document {
    pub title: String,
    pub fields: Vec<String>,
}

/// An entry as its capability reads it now (its [`SearchSource::read`]).
pub(super) fn document(
    conn: &Connection,
    capabilities: &[&Capability],
    kind: Kind,
    reference: &str,
) -> Result<Option<Document>> {
    let source = capabilities.iter().flat_map(|c| c.search).find(|s| s.kind == kind.key());
    let source = source.ok_or(Error::DatabaseDamaged)?;
    let doc = cached_row(conn, source.read, [reference], |r| {
        let text = |i: usize| r.get::<_, Option<String>>(i).map(Option::unwrap_or_default);
        let title = text(0)?;
        let fields = if source.json_fields.is_empty() {
            (1..r.as_ref().column_count()).map(text).collect::<rusqlite::Result<_>>()?
        } else {
            json_fields(&text(1)?, source.json_fields)
        };
        Ok(Document { title, fields })
    })?;
    Ok(doc)
}

/// One row, or none, from a cached statement: a search runs these once
/// per hit, so they are parsed once per connection, not once per hit.
fn cached_row<T, P: rusqlite::Params>(
    conn: &Connection,
    sql: &str,
    params: P,
    row: impl FnOnce(&rusqlite::Row<'_>) -> rusqlite::Result<T>,
) -> rusqlite::Result<Option<T>> {
    conn.prepare_cached(sql)?.query_row(params, row).optional()
}

fn json_fields(json: &str, names: &[&str]) -> Vec<String> {
    let value: serde_json::Value = serde_json::from_str(json).unwrap_or_default();
    names.iter().map(|n| value.get(n).and_then(|v| v.as_str()).unwrap_or_default().to_owned()).collect()
}

/// Entries in the index, and the bytes its terms take.
pub(super) fn size(conn: &Connection) -> Result<(u64, u64)> {
    let entries: i64 = conn.query_row("SELECT count(*) FROM search_entry", [], |r| r.get(0))?;
    let bytes: i64 =
        conn.query_row("SELECT coalesce(sum(length(block)), 0) FROM search_index_data", [], |r| r.get(0))?;
    Ok((entries as u64, bytes as u64))
}

/// Whether the index still has `needle` (encoded terms, space-separated):
/// as a term FTS5 lists (fts5vocab), or as bytes in any block, even one a
/// deleted entry left behind. Both, because FTS5 stores a term after the
/// first in a page as its difference from the one before, so a term that
/// is there need not appear whole in the bytes. The test that deleted
/// words leave no trace.
pub(super) fn index_holds(conn: &Connection, needle: &[u8]) -> Result<bool> {
    conn.execute_batch(
        "CREATE VIRTUAL TABLE IF NOT EXISTS temp.enza_terms USING fts5vocab(main, search_index, 'row')",
    )?;
    let mut listed = conn.prepare("SELECT 1 FROM temp.enza_terms WHERE term = ?1")?;
    for term in std::str::from_utf8(needle).unwrap_or_default().split(' ') {
        if listed.exists([term])? {
            return Ok(true);
        }
    }
    let mut stmt = conn.prepare("SELECT block FROM search_index_data")?;
    let mut rows = stmt.query([])?;
    while let Some(row) = rows.next()? {
        if let ValueRef::Blob(block) = row.get_ref(0)? {
            if block.windows(needle.len()).any(|w| w == needle) {
                return Ok(true);
            }
        }
    }
    Ok(false)
}

/// The database file's size after compacting it and folding the WAL in.
#[cfg(feature = "bench")]
pub(super) fn compact_size(conn: &Connection) -> Result<u64> {
    conn.execute_batch("VACUUM")?;
    conn.query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |_| Ok(()))?;
    let path = conn.path().ok_or(Error::NotFound)?;
    Ok(std::fs::metadata(path)?.len())
}

/// Empties the index, so `bench` can time building it from nothing.
#[cfg(feature = "bench")]
pub(super) fn clear_for_bench(conn: &Connection) -> Result<()> {
    conn.execute_batch("INSERT INTO search_index (search_index) VALUES ('delete-all'); DELETE FROM search_entry;")?;
    Ok(())
}

/// Indexes everything again, in one transaction, as the upgrade does.
#[cfg(feature = "bench")]
pub(super) fn rebuild_for_bench(conn: &Connection, capabilities: &[&Capability]) -> Result<()> {
    let tx = conn.unchecked_transaction()?;
    backfill(&tx, capabilities, &mut |_, _| {})?;
    tx.commit()?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_migration_reads_the_fields_the_snippets_show() {
        let sql = crate::store::migration_text(6);
        let sources = crate::capabilities::ALL.iter().flat_map(|c| c.search);
        for field in sources.flat_map(|s| s.json_fields) {
            assert!(sql.contains(&format!("'$.{field}'")), "{field} is not indexed");
        }
    }

    #[test]
    fn ids_follow_time_and_days_stand_at_noon() {
        let a = first_id_at("2026-11-20T09:30:00.000Z").unwrap();
        let b = first_id_at("2026-11-20").unwrap();
        let c = first_id_at("2026-11-20T12:01:00.000Z").unwrap();
        assert!(a < b && b < c);
        assert_eq!(first_id_at("2026-11-20T12:00:59.999Z"), Some(b), "one block per minute");
        assert_eq!(time_of(b + 5).to_rfc3339(), "2026-11-20T12:00:00+00:00");
        assert!(first_id_at("yesterday").is_none());
    }
}
