//! SQL for the research notebook.

use super::model::{Experiment, Heading, Idea, Pattern, PatternVersion, Status, StudySummary, Verdict};
use crate::error::{Error, Result};
use crate::store::{Capability, Count, Migration, SearchSource};
use crate::time::{from_db, to_db};
use chrono::{DateTime, Utc};
use rusqlite::{params, Connection, OptionalExtension, Row};

/// A piece of research's searchable fields, in the index's order: its own
/// words, the newest pattern's steps, its experiments and its ideas. The
/// terms and the search snippets read the same list.
macro_rules! research_fields {
    () => {
        "theme, own_name, helping_myself,
         (SELECT group_concat(json_extract(s.value, '$.text'), char(10))
            FROM json_each((SELECT steps FROM research_pattern p WHERE p.research_id = research.id
                            ORDER BY p.id DESC LIMIT 1)) s),
         (SELECT group_concat(e.what || char(10) || e.try_when || char(10) || e.result, char(10))
            FROM research_experiment e WHERE e.research_id = research.id),
         (SELECT group_concat(i.body, char(10)) FROM research_idea i WHERE i.research_id = research.id)"
    };
}

pub const CAPABILITY: Capability = Capability {
    name: "research",
    tables: &["research", "research_pattern", "research_experiment", "research_idea", "research_presented"],
    migrations: &[Migration { version: 9, sql: include_str!("0009_research.sql"), fingerprint: 0xa947b9b143f95f9b }],
    counts: &[
        Count { name: "research", table: "research", sql: "SELECT count(*) FROM research" },
        Count { name: "research_patterns", table: "research_pattern", sql: "SELECT count(*) FROM research_pattern" },
        Count {
            name: "research_experiments",
            table: "research_experiment",
            sql: "SELECT count(*) FROM research_experiment",
        },
        Count { name: "research_ideas", table: "research_idea", sql: "SELECT count(*) FROM research_idea" },
    ],
    search: &[SearchSource {
        kind: "research",
        table: "research",
        index: "SELECT 'research', CAST(id AS TEXT), started_at, NULL, terms, NULL
                FROM research ORDER BY id LIMIT ?1 OFFSET ?2",
        read: concat!("SELECT theme, ", research_fields!(), " FROM research WHERE id = ?1"),
        json_fields: &[],
    }],
    ..Capability::NONE
};

/// Brings a piece of research's search terms and its `updated_at` up to
/// date; every change calls it in the change's transaction.
pub(super) fn touch(conn: &Connection, id: i64, now: DateTime<Utc>) -> Result<()> {
    let changed = conn.execute(
        concat!(
            "UPDATE research SET updated_at = ?2, terms = enza_search_terms(",
            research_fields!(),
            ") WHERE id = ?1"
        ),
        params![id, to_db(now)],
    )?;
    match changed {
        0 => Err(Error::NotFound),
        _ => Ok(()),
    }
}

pub(super) fn insert(conn: &Connection, h: &Heading, now: DateTime<Utc>) -> Result<i64> {
    conn.execute(
        "INSERT INTO research (theme, own_name, helping_myself, status, started_at, updated_at, status_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?5, ?5)",
        params![h.theme, h.own_name, h.helping_myself, h.status.key(), to_db(now)],
    )?;
    Ok(conn.last_insert_rowid())
}

/// Saves the heading; the status's date moves only when the status does.
pub(super) fn update_heading(conn: &Connection, id: i64, h: &Heading, now: DateTime<Utc>) -> Result<()> {
    let changed = conn.execute(
        "UPDATE research SET theme = ?2, own_name = ?3, helping_myself = ?4,
            status_at = CASE WHEN status = ?5 THEN status_at ELSE ?6 END, status = ?5
         WHERE id = ?1",
        params![id, h.theme, h.own_name, h.helping_myself, h.status.key(), to_db(now)],
    )?;
    match changed {
        0 => Err(Error::NotFound),
        _ => Ok(()),
    }
}

pub(super) fn delete(conn: &Connection, id: i64) -> Result<()> {
    match conn.execute("DELETE FROM research WHERE id = ?1", [id])? {
        0 => Err(Error::NotFound),
        _ => Ok(()),
    }
}

/// The heading and dates: (heading, started, updated, status changed).
pub(super) type HeadingRow = (Heading, DateTime<Utc>, DateTime<Utc>, DateTime<Utc>);

pub(super) fn heading(conn: &Connection, id: i64) -> Result<HeadingRow> {
    conn.query_row(
        "SELECT theme, own_name, helping_myself, status, started_at, updated_at, status_at FROM research WHERE id = ?1",
        [id],
        |r| {
            let heading =
                Heading { theme: r.get(0)?, own_name: r.get(1)?, helping_myself: r.get(2)?, status: status(r, 3)? };
            Ok((heading, from_db(r, 4)?, from_db(r, 5)?, from_db(r, 6)?))
        },
    )
    .optional()?
    .ok_or(Error::NotFound)
}

/// Every piece of research, the most recently changed first.
pub(super) fn list(conn: &Connection, limit: usize) -> Result<Vec<StudySummary>> {
    let mut stmt = conn.prepare(
        "SELECT id, theme, own_name, status, started_at, updated_at FROM research
         ORDER BY updated_at DESC, id DESC LIMIT ?1",
    )?;
    let rows = stmt.query_map([limit as i64], summary)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

fn summary(r: &Row) -> rusqlite::Result<StudySummary> {
    Ok(StudySummary {
        id: r.get(0)?,
        theme: r.get(1)?,
        own_name: r.get(2)?,
        status: status(r, 3)?,
        started_at: from_db(r, 4)?,
        updated_at: from_db(r, 5)?,
    })
}

fn status(r: &Row, i: usize) -> rusqlite::Result<Status> {
    let key: String = r.get(i)?;
    Status::from_key(&key).ok_or(rusqlite::Error::InvalidColumnType(i, "status".into(), rusqlite::types::Type::Text))
}

// The pattern's versions.

pub(super) fn insert_pattern(conn: &Connection, id: i64, pattern: &Pattern, now: DateTime<Utc>) -> Result<()> {
    conn.execute(
        "INSERT INTO research_pattern (research_id, saved_at, steps) VALUES (?1, ?2, ?3)",
        params![id, to_db(now), serde_json::to_string(&pattern.steps).expect("steps serialize")],
    )?;
    Ok(())
}

/// Every version of a pattern, newest first.
pub(super) fn pattern_versions(conn: &Connection, id: i64, limit: usize) -> Result<Vec<PatternVersion>> {
    let mut stmt = conn
        .prepare("SELECT id, saved_at, steps FROM research_pattern WHERE research_id = ?1 ORDER BY id DESC LIMIT ?2")?;
    let rows =
        stmt.query_map(params![id, limit as i64], |r| Ok((r.get(0)?, from_db(r, 1)?, r.get::<_, String>(2)?)))?;
    let mut versions = Vec::new();
    for row in rows {
        let (id, saved_at, steps) = row?;
        let steps = serde_json::from_str(&steps).map_err(|_| Error::DatabaseDamaged)?;
        versions.push(PatternVersion { id, saved_at, pattern: Pattern { steps } });
    }
    Ok(versions)
}

pub(super) fn pattern_version_count(conn: &Connection, id: i64) -> Result<u64> {
    let n: i64 = conn.query_row("SELECT count(*) FROM research_pattern WHERE research_id = ?1", [id], |r| r.get(0))?;
    Ok(n.max(0) as u64)
}

// Experiments.

pub(super) fn experiments(conn: &Connection, id: i64) -> Result<Vec<Experiment>> {
    let mut stmt = conn.prepare(
        "SELECT id, what, try_when, result, verdict FROM research_experiment WHERE research_id = ?1 ORDER BY id",
    )?;
    let rows = stmt.query_map([id], |r| {
        let verdict: String = r.get(4)?;
        Ok(Experiment {
            id: r.get(0)?,
            what: r.get(1)?,
            when: r.get(2)?,
            result: r.get(3)?,
            verdict: Verdict::from_key(&verdict).unwrap_or_default(),
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

pub(super) fn count_of(conn: &Connection, table: Child, id: i64) -> Result<usize> {
    let sql = match table {
        Child::Experiment => "SELECT count(*) FROM research_experiment WHERE research_id = ?1",
        Child::Idea => "SELECT count(*) FROM research_idea WHERE research_id = ?1",
    };
    let n: i64 = conn.query_row(sql, [id], |r| r.get(0))?;
    Ok(n.max(0) as usize)
}

#[derive(Clone, Copy)]
pub(super) enum Child {
    Experiment,
    Idea,
}

pub(super) fn insert_experiment(conn: &Connection, id: i64, e: &Experiment, now: DateTime<Utc>) -> Result<()> {
    conn.execute(
        "INSERT INTO research_experiment (research_id, what, try_when, result, verdict, created_at, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?6)",
        params![id, e.what, e.when, e.result, e.verdict.key(), to_db(now)],
    )?;
    Ok(())
}

pub(super) fn update_experiment(conn: &Connection, id: i64, e: &Experiment, now: DateTime<Utc>) -> Result<()> {
    let changed = conn.execute(
        "UPDATE research_experiment SET what = ?3, try_when = ?4, result = ?5, verdict = ?6, updated_at = ?7
         WHERE id = ?2 AND research_id = ?1",
        params![id, e.id, e.what, e.when, e.result, e.verdict.key(), to_db(now)],
    )?;
    match changed {
        0 => Err(Error::NotFound),
        _ => Ok(()),
    }
}

pub(super) fn delete_child(conn: &Connection, table: Child, id: i64, child: i64) -> Result<()> {
    let sql = match table {
        Child::Experiment => "DELETE FROM research_experiment WHERE research_id = ?1 AND id = ?2",
        Child::Idea => "DELETE FROM research_idea WHERE research_id = ?1 AND id = ?2",
    };
    match conn.execute(sql, params![id, child])? {
        0 => Err(Error::NotFound),
        _ => Ok(()),
    }
}

// Ideas from peers.

pub(super) fn ideas(conn: &Connection, id: i64) -> Result<Vec<Idea>> {
    let mut stmt = conn.prepare("SELECT id, body, added_at FROM research_idea WHERE research_id = ?1 ORDER BY id")?;
    let rows = stmt.query_map([id], |r| Ok(Idea { id: r.get(0)?, text: r.get(1)?, added_at: from_db(r, 2)? }))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

pub(super) fn insert_idea(conn: &Connection, id: i64, text: &str, now: DateTime<Utc>) -> Result<()> {
    conn.execute(
        "INSERT INTO research_idea (research_id, body, added_at) VALUES (?1, ?2, ?3)",
        params![id, text, to_db(now)],
    )?;
    Ok(())
}

// Meetings it was presented at.

/// The meetings a piece of research was presented at, the latest first.
pub(super) fn presented_at(conn: &Connection, id: i64) -> Result<Vec<i64>> {
    let mut stmt =
        conn.prepare("SELECT session_id FROM research_presented WHERE research_id = ?1 ORDER BY session_id DESC")?;
    let rows = stmt.query_map([id], |r| r.get(0))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// The research presented at a meeting, by theme.
pub(super) fn presented_in(conn: &Connection, session_id: i64) -> Result<Vec<StudySummary>> {
    let mut stmt = conn.prepare(
        "SELECT r.id, r.theme, r.own_name, r.status, r.started_at, r.updated_at
         FROM research_presented p JOIN research r ON r.id = p.research_id
         WHERE p.session_id = ?1 ORDER BY r.theme, r.id",
    )?;
    let rows = stmt.query_map([session_id], summary)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

pub(super) fn set_presented(conn: &Connection, session_id: i64, ids: &[i64]) -> Result<()> {
    conn.execute("DELETE FROM research_presented WHERE session_id = ?1", [session_id])?;
    let mut insert =
        conn.prepare("INSERT OR IGNORE INTO research_presented (session_id, research_id) VALUES (?1, ?2)")?;
    for id in ids {
        insert.execute(params![session_id, id])?;
    }
    Ok(())
}
