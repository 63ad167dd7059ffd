//! SQL for the journal: reflections, check-ins, boundary events, plan
//! versions and supervision dates.

use super::boundary::{BoundaryEvent, BoundaryKind};
use super::checkin::CheckIn;
use super::plan::{PlanVersion, SelfCarePlan};
use super::{Reflection, ReflectionSummary};
use crate::error::{Error, Result};
use crate::store::{Capability, Count, SearchSource};
use crate::time::{from_db, to_db};
use chrono::{DateTime, NaiveDate, Utc};
use rusqlite::functions::{Context, FunctionFlags};
use rusqlite::types::ValueRef;
use rusqlite::{params, Connection, Row};

/// What the journal declares: its tables, the function that names a
/// check-in's self-care for the index, and its entries in the search index.
pub const CAPABILITY: Capability = Capability {
    name: "journal",
    tables: &["reflection", "checkin", "boundary_event", "plan_version", "supervision", "search_plan_terms"],
    counts: &[
        Count { name: "reflections", table: "reflection", sql: "SELECT count(*) FROM reflection" },
        Count { name: "checkins", table: "checkin", sql: "SELECT count(*) FROM checkin" },
        Count { name: "boundary_events", table: "boundary_event", sql: "SELECT count(*) FROM boundary_event" },
        Count { name: "plan_versions", table: "plan_version", sql: "SELECT count(*) FROM plan_version" },
        Count { name: "supervision_days", table: "supervision", sql: "SELECT count(*) FROM supervision" },
    ],
    functions: register_functions,
    search: &[
        SearchSource {
            kind: "reflection",
            table: "reflection",
            index: "SELECT 'reflection', CAST(id AS TEXT), created_at, NULL, enza_search_terms(title, body), NULL
                    FROM reflection ORDER BY id LIMIT ?1 OFFSET ?2",
            read: "SELECT title, title, body FROM reflection WHERE id = ?1",
            json_fields: &[],
        },
        SearchSource {
            kind: "checkin",
            table: "checkin",
            index: "SELECT 'checkin', day, day, NULL, enza_search_terms(note, enza_selfcare_names(selfcare)), NULL
                    FROM checkin ORDER BY day LIMIT ?1 OFFSET ?2",
            read: "SELECT '', note, enza_selfcare_names(selfcare) FROM checkin WHERE day = ?1",
            json_fields: &[],
        },
        SearchSource {
            kind: "boundary",
            table: "boundary_event",
            index: "SELECT 'boundary', CAST(id AS TEXT), day, NULL,
                    enza_search_terms(what_happened, what_i_did, how_i_feel), NULL
                    FROM boundary_event ORDER BY id LIMIT ?1 OFFSET ?2",
            read: "SELECT '', what_happened, what_i_did, how_i_feel FROM boundary_event WHERE id = ?1",
            json_fields: &[],
        },
        // Only the newest plan is searched.
        SearchSource {
            kind: "plan",
            table: "plan_version",
            index: "SELECT 'plan', 'plan', p.saved_at, NULL, t.terms, NULL
                    FROM (SELECT id, saved_at FROM plan_version ORDER BY id DESC LIMIT 1) p
                    JOIN search_plan_terms t ON t.id = p.id LIMIT ?1 OFFSET ?2",
            read: "SELECT '', body FROM plan_version WHERE ?1 = 'plan' ORDER BY id DESC LIMIT 1",
            json_fields: &PLAN_FIELDS,
        },
    ],
    ..Capability::NONE
};

/// The plan fields the index triggers read, in their order; a test holds
/// them to the migration.
const PLAN_FIELDS: [&str; 4] = ["warning_signs", "what_helps", "people", "say_no_to"];

/// `enza_selfcare_names(selfcare)`: the names (English and Japanese) of
/// the self-care a check-in ticked, from its `selfcare` column (a JSON
/// array of keys; anything else is no keys). The index triggers and the
/// search snippets read them through it.
fn register_functions(conn: &Connection) -> rusqlite::Result<()> {
    let flags = FunctionFlags::SQLITE_UTF8 | FunctionFlags::SQLITE_DETERMINISTIC | FunctionFlags::SQLITE_INNOCUOUS;
    conn.create_scalar_function("enza_selfcare_names", 1, flags, |ctx: &mut Context| {
        Ok(match ctx.get_raw(0) {
            ValueRef::Text(json) => {
                let keys: Vec<String> = serde_json::from_slice(json).unwrap_or_default();
                super::checkin::selfcare_names(&keys)
            }
            _ => String::new(),
        })
    })
}

/// How much of the body a list row carries.
const EXCERPT_CHARS: i64 = 160;

/// Every reflection: (id, created_at), oldest first.
pub(super) fn every_reflection_time(conn: &Connection) -> Result<Vec<(i64, DateTime<Utc>)>> {
    let mut stmt = conn.prepare("SELECT id, created_at FROM reflection ORDER BY created_at, id")?;
    let rows = stmt.query_map([], |r| Ok((r.get(0)?, from_db(r, 1)?)))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

pub(super) fn insert(conn: &Connection, title: &str, body: &str, now: DateTime<Utc>) -> Result<Reflection> {
    conn.execute(
        "INSERT INTO reflection (title, body, created_at, updated_at) VALUES (?1, ?2, ?3, ?3)",
        params![title, body, to_db(now)],
    )?;
    get(conn, conn.last_insert_rowid())
}

pub(super) fn update(conn: &Connection, id: i64, title: &str, body: &str, now: DateTime<Utc>) -> Result<Reflection> {
    let changed = conn.execute(
        "UPDATE reflection SET title = ?2, body = ?3, updated_at = ?4 WHERE id = ?1",
        params![id, title, body, to_db(now)],
    )?;
    if changed == 0 {
        return Err(Error::NotFound);
    }
    get(conn, id)
}

pub(super) fn delete(conn: &Connection, id: i64) -> Result<()> {
    match conn.execute("DELETE FROM reflection WHERE id = ?1", [id])? {
        0 => Err(Error::NotFound),
        _ => Ok(()),
    }
}

pub(super) fn get(conn: &Connection, id: i64) -> Result<Reflection> {
    Ok(conn.query_row(
        "SELECT id, title, body, created_at, updated_at, prompt, supervision FROM reflection WHERE id = ?1",
        [id],
        |r| {
            Ok(Reflection {
                id: r.get(0)?,
                title: r.get(1)?,
                body: r.get(2)?,
                created_at: from_db(r, 3)?,
                updated_at: from_db(r, 4)?,
                prompt: r.get(5)?,
                supervision: r.get(6)?,
            })
        },
    )?)
}

/// The newest `limit` reflections, newest first.
pub(super) fn latest(conn: &Connection, limit: usize) -> Result<Vec<ReflectionSummary>> {
    let mut stmt = conn.prepare_cached(
        "SELECT id, title, substr(body, 1, ?2), created_at, updated_at
         FROM reflection ORDER BY created_at DESC, id DESC LIMIT ?1",
    )?;
    let rows = stmt.query_map(params![limit as i64, EXCERPT_CHARS], summary)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

pub(super) fn count(conn: &Connection) -> Result<u64> {
    let n: i64 = conn.query_row("SELECT count(*) FROM reflection", [], |r| r.get(0))?;
    Ok(n.max(0) as u64)
}

/// Whether anything but reflections was ever written in the journal.
pub(super) fn has_daily_entries(conn: &Connection) -> Result<bool> {
    let any: bool = conn.query_row(
        "SELECT EXISTS (SELECT 1 FROM checkin) OR EXISTS (SELECT 1 FROM boundary_event)
            OR EXISTS (SELECT 1 FROM plan_version)",
        [],
        |r| r.get(0),
    )?;
    Ok(any)
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

#[cfg(feature = "bench")]
pub(super) fn insert_bulk(
    conn: &Connection,
    items: impl Iterator<Item = (String, String, DateTime<Utc>)>,
) -> Result<()> {
    let tx = conn.unchecked_transaction()?;
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

// Check-ins: one row per local day.

pub(super) fn upsert_checkin(conn: &Connection, c: &CheckIn, now: DateTime<Utc>) -> Result<()> {
    conn.execute(
        "INSERT INTO checkin (day, mood, energy, stress, sleep_half_hours, selfcare, note, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)
         ON CONFLICT (day) DO UPDATE SET mood = excluded.mood, energy = excluded.energy, stress = excluded.stress,
             sleep_half_hours = excluded.sleep_half_hours, selfcare = excluded.selfcare, note = excluded.note,
             updated_at = excluded.updated_at",
        params![
            c.day.to_string(),
            c.mood,
            c.energy,
            c.stress,
            c.sleep_half_hours(),
            serde_json::to_string(&c.selfcare).expect("keys serialize"),
            c.note,
            to_db(now)
        ],
    )?;
    Ok(())
}

pub(super) fn delete_checkin(conn: &Connection, day: NaiveDate) -> Result<()> {
    match conn.execute("DELETE FROM checkin WHERE day = ?1", [day.to_string()])? {
        0 => Err(Error::NotFound),
        _ => Ok(()),
    }
}

/// Check-ins from `from` to `to` (both included), oldest first.
pub(super) fn checkins(conn: &Connection, from: NaiveDate, to: NaiveDate) -> Result<Vec<CheckIn>> {
    let mut stmt = conn.prepare_cached(
        "SELECT day, mood, energy, stress, sleep_half_hours, selfcare, note FROM checkin
         WHERE day BETWEEN ?1 AND ?2 ORDER BY day",
    )?;
    let rows = stmt.query_map([from.to_string(), to.to_string()], |r| {
        Ok((
            r.get::<_, String>(0)?,
            r.get::<_, u8>(1)?,
            r.get::<_, u8>(2)?,
            r.get::<_, u8>(3)?,
            r.get::<_, Option<i64>>(4)?,
            r.get::<_, String>(5)?,
            r.get::<_, String>(6)?,
        ))
    })?;
    rows.map(|row| {
        let (day, mood, energy, stress, sleep, selfcare, note) = row?;
        Ok(CheckIn {
            day: parse_day(&day)?,
            mood,
            energy,
            stress,
            sleep_hours: sleep.map(|h| h as f32 / 2.0),
            selfcare: serde_json::from_str(&selfcare).map_err(|_| Error::DatabaseDamaged)?,
            note,
        })
    })
    .collect()
}

// Boundary events.

pub(super) fn insert_boundary(conn: &Connection, e: &BoundaryEvent, now: DateTime<Utc>) -> Result<i64> {
    conn.execute(
        "INSERT INTO boundary_event (day, kind, what_happened, what_i_did, how_i_feel, supervision, created_at, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?7)",
        params![e.day.to_string(), e.kind.key(), e.what_happened, e.what_i_did, e.how_i_feel, e.supervision, to_db(now)],
    )?;
    Ok(conn.last_insert_rowid())
}

pub(super) fn update_boundary(conn: &Connection, e: &BoundaryEvent, now: DateTime<Utc>) -> Result<()> {
    match conn.execute(
        "UPDATE boundary_event SET day = ?2, kind = ?3, what_happened = ?4, what_i_did = ?5, how_i_feel = ?6,
             supervision = ?7, updated_at = ?8 WHERE id = ?1",
        params![
            e.id,
            e.day.to_string(),
            e.kind.key(),
            e.what_happened,
            e.what_i_did,
            e.how_i_feel,
            e.supervision,
            to_db(now)
        ],
    )? {
        0 => Err(Error::NotFound),
        _ => Ok(()),
    }
}

pub(super) fn delete_boundary(conn: &Connection, id: i64) -> Result<()> {
    match conn.execute("DELETE FROM boundary_event WHERE id = ?1", [id])? {
        0 => Err(Error::NotFound),
        _ => Ok(()),
    }
}

/// Boundary events from `from` on, newest first.
pub(super) fn boundary_events(conn: &Connection, from: NaiveDate, limit: usize) -> Result<Vec<BoundaryEvent>> {
    let mut stmt =
        conn.prepare_cached(&format!("{BOUNDARY_COLUMNS} WHERE day >= ?1 ORDER BY day DESC, id DESC LIMIT ?2"))?;
    let rows = stmt.query_map(params![from.to_string(), limit as i64], boundary_row)?;
    rows.map(|row| boundary_event(row?)).collect()
}

/// Boundary events from `from` to `to` (both included), oldest first, all.
pub(super) fn boundary_events_between(conn: &Connection, from: NaiveDate, to: NaiveDate) -> Result<Vec<BoundaryEvent>> {
    let mut stmt = conn.prepare(&format!("{BOUNDARY_COLUMNS} WHERE day BETWEEN ?1 AND ?2 ORDER BY day, id"))?;
    let rows = stmt.query_map([from.to_string(), to.to_string()], boundary_row)?;
    rows.map(|row| boundary_event(row?)).collect()
}

const BOUNDARY_COLUMNS: &str =
    "SELECT id, day, kind, what_happened, what_i_did, how_i_feel, supervision FROM boundary_event";

type BoundaryRow = (i64, String, String, String, String, String, bool);

fn boundary_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<BoundaryRow> {
    Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?, r.get(5)?, r.get(6)?))
}

/// A row as a BoundaryEvent; a day or kind the code does not know is damage.
fn boundary_event(
    (id, day, kind, what_happened, what_i_did, how_i_feel, supervision): BoundaryRow,
) -> Result<BoundaryEvent> {
    Ok(BoundaryEvent {
        id,
        day: parse_day(&day)?,
        kind: BoundaryKind::from_key(&kind).ok_or(Error::DatabaseDamaged)?,
        what_happened,
        what_i_did,
        how_i_feel,
        supervision,
    })
}

// Self-care plan versions.

pub(super) fn insert_plan(conn: &Connection, plan: &SelfCarePlan, now: DateTime<Utc>) -> Result<i64> {
    conn.execute(
        "INSERT INTO plan_version (saved_at, body) VALUES (?1, ?2)",
        params![to_db(now), serde_json::to_string(plan).expect("plans serialize")],
    )?;
    Ok(conn.last_insert_rowid())
}

/// Every saved version, newest first.
pub(super) fn plan_versions(conn: &Connection) -> Result<Vec<PlanVersion>> {
    let mut stmt = conn.prepare_cached("SELECT id, saved_at, body FROM plan_version ORDER BY id DESC")?;
    let rows = stmt.query_map([], |r| Ok((r.get::<_, i64>(0)?, from_db(r, 1)?, r.get::<_, String>(2)?)))?;
    rows.map(|row| {
        let (id, saved_at, body) = row?;
        Ok(PlanVersion { id, saved_at, plan: serde_json::from_str(&body).map_err(|_| Error::DatabaseDamaged)? })
    })
    .collect()
}

// Supervision dates.

pub(super) fn add_supervision(conn: &Connection, day: NaiveDate) -> Result<()> {
    conn.execute("INSERT OR IGNORE INTO supervision (day) VALUES (?1)", [day.to_string()])?;
    Ok(())
}

pub(super) fn last_supervision(conn: &Connection) -> Result<Option<NaiveDate>> {
    let day: Option<String> = conn.query_row("SELECT max(day) FROM supervision", [], |r| r.get(0))?;
    day.map(|d| parse_day(&d)).transpose()
}

/// Reflections marked "bring to supervision" written on or after `since`
/// (UTC day of writing), oldest first: (id, title, created_at).
pub(super) fn flagged_reflections(
    conn: &Connection,
    since: Option<NaiveDate>,
) -> Result<Vec<(i64, String, DateTime<Utc>)>> {
    let since = since.map(|d| d.to_string()).unwrap_or_default();
    let mut stmt = conn.prepare_cached(
        "SELECT id, title, created_at FROM reflection WHERE supervision = 1 AND created_at >= ?1
         ORDER BY created_at, id",
    )?;
    let rows = stmt.query_map([since], |r| Ok((r.get(0)?, r.get(1)?, from_db(r, 2)?)))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

pub(super) fn set_reflection_flags(conn: &Connection, id: i64, prompt: Option<&str>, supervision: bool) -> Result<()> {
    match conn.execute(
        "UPDATE reflection SET prompt = ?2, supervision = ?3 WHERE id = ?1",
        params![id, prompt, supervision],
    )? {
        0 => Err(Error::NotFound),
        _ => Ok(()),
    }
}

fn parse_day(text: &str) -> Result<NaiveDate> {
    text.parse().map_err(|_| Error::DatabaseDamaged)
}
