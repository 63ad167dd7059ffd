//! SQL for meeting sessions: a row per session, its append-only events and
//! its record; a group's history and attendance.

use super::history::{AttendancePoint, SessionSummary};
use super::{Event, Recorded};
use crate::error::{Error, Result};
use crate::store::{Capability, Count, SearchSource};
use crate::time::{from_db, to_db};
use chrono::{DateTime, Utc};
use rusqlite::{params, Connection, OptionalExtension};

/// What meetings declare: sessions and their events, and a session's record
/// in the search index (titled by its group, or else its template).
pub const CAPABILITY: Capability = Capability {
    name: "meeting",
    tables: &["session", "session_event", "search_record_terms"],
    counts: &[
        Count { name: "meetings", table: "session", sql: "SELECT count(*) FROM session" },
        Count { name: "meeting_events", table: "session_event", sql: "SELECT count(*) FROM session_event" },
        Count { name: "records", table: "session", sql: "SELECT count(*) FROM session WHERE record IS NOT NULL" },
    ],
    search: &[SearchSource {
        kind: "session",
        table: "session",
        index: "SELECT 'session', CAST(s.id AS TEXT), s.started_at, s.group_id, t.terms, NULL
                FROM session s JOIN search_record_terms t ON t.id = s.id ORDER BY s.id LIMIT ?1 OFFSET ?2",
        read: "SELECT template_name, coalesce(record, '{}') FROM session WHERE id = ?1",
        json_fields: &RECORD_FIELDS,
    }],
    ..Capability::NONE
};

/// The record fields the index triggers read, in their order; a test holds
/// them to the migration.
const RECORD_FIELDS: [&str; 6] = ["themes", "notes", "follow_ups", "safety_action", "self_check_in", "facilitators"];

/// Every session: (id, started_at), oldest first.
pub(super) fn every_session_start(conn: &Connection) -> Result<Vec<(i64, DateTime<Utc>)>> {
    let mut stmt = conn.prepare("SELECT id, started_at FROM session ORDER BY started_at, id")?;
    let rows = stmt.query_map([], |r| Ok((r.get(0)?, from_db(r, 1)?)))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Creates a session with its first events, in one transaction.
pub(super) fn insert_session(conn: &Connection, group_id: Option<i64>, events: &[Recorded]) -> Result<i64> {
    let first = events.first().ok_or(Error::InvalidSetting("a session needs its first event"))?;
    let Event::Started { template } = &first.event else {
        return Err(Error::InvalidSetting("a session starts with its template"));
    };
    let tx = conn.unchecked_transaction()?;
    tx.execute(
        "INSERT INTO session (group_id, started_at, template_name, template_key) VALUES (?1, ?2, ?3, ?4)",
        params![group_id, to_db(first.at), template.name, template.key],
    )?;
    let id = tx.last_insert_rowid();
    append(&tx, id, 0, events)?;
    tx.commit()?;
    Ok(id)
}

/// Runs `decide` on the session's events and appends what it returns,
/// atomically: two windows cannot interleave their transitions.
pub(super) fn transition(
    conn: &Connection,
    id: i64,
    decide: impl FnOnce(&[Recorded]) -> Result<Vec<Recorded>>,
) -> Result<Vec<Recorded>> {
    let tx = conn.unchecked_transaction()?;
    let mut events = load(&tx, id)?;
    let new = decide(&events)?;
    append(&tx, id, events.len() as i64, &new)?;
    if let Some(end) = new.iter().find(|r| matches!(r.event, Event::Ended)) {
        tx.execute("UPDATE session SET ended_at = ?2 WHERE id = ?1", params![id, to_db(end.at)])?;
    }
    tx.commit()?;
    events.extend(new);
    Ok(events)
}

pub(super) fn events(conn: &Connection, id: i64) -> Result<Vec<Recorded>> {
    load(conn, id)
}

/// The newest session that has not ended, if any.
pub(super) fn open_session(conn: &Connection) -> Result<Option<i64>> {
    Ok(conn
        .query_row("SELECT id FROM session WHERE ended_at IS NULL ORDER BY started_at DESC, id DESC LIMIT 1", [], |r| {
            r.get(0)
        })
        .optional()?)
}

pub(super) fn latest_sessions(conn: &Connection, limit: usize) -> Result<Vec<SessionSummary>> {
    let sql = format!("{SUMMARY_SELECT} ORDER BY s.started_at DESC, s.id DESC LIMIT ?1");
    let mut stmt = conn.prepare_cached(&sql)?;
    let rows = stmt.query_map([limit as i64], summary)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// One group's sessions, newest first.
pub(super) fn group_sessions(conn: &Connection, group_id: i64, limit: usize) -> Result<Vec<SessionSummary>> {
    let sql = format!("{SUMMARY_SELECT} WHERE s.group_id = ?1 ORDER BY s.started_at DESC, s.id DESC LIMIT ?2");
    let mut stmt = conn.prepare_cached(&sql)?;
    let rows = stmt.query_map(params![group_id, limit as i64], summary)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

pub(super) fn session_summary(conn: &Connection, id: i64) -> Result<SessionSummary> {
    Ok(conn.query_row(&format!("{SUMMARY_SELECT} WHERE s.id = ?1"), [id], summary)?)
}

/// A session row with the attendance (from the record, once written); its
/// group's name is the group's to give (`Meetings::named`).
const SUMMARY_SELECT: &str = "SELECT s.id, s.group_id, s.started_at, s.ended_at, s.template_name,
        json_extract(s.record, '$.attendance'), s.template_key
    FROM session s";

fn summary(r: &rusqlite::Row) -> rusqlite::Result<SessionSummary> {
    let ended: Option<String> = r.get(3)?;
    let started_at = from_db(r, 2)?;
    let ended_at = match ended {
        Some(_) => Some(from_db(r, 3)?),
        None => None,
    };
    Ok(SessionSummary {
        id: r.get(0)?,
        group_id: r.get(1)?,
        started_at,
        ended_at,
        template_name: r.get(4)?,
        template_key: r.get(6)?,
        attendance: r.get(5)?,
        group_name: None,
        duration_secs: ended_at.map(|end| (end - started_at).num_seconds().max(0)),
    })
}

fn load(conn: &rusqlite::Connection, id: i64) -> Result<Vec<Recorded>> {
    let mut stmt = conn.prepare_cached("SELECT at, event FROM session_event WHERE session_id = ?1 ORDER BY seq")?;
    let rows = stmt.query_map([id], |r| {
        let event: String = r.get(1)?;
        Ok((from_db(r, 0)?, event))
    })?;
    let mut out = Vec::new();
    for row in rows {
        let (at, json) = row?;
        let event = serde_json::from_str(&json).map_err(|_| Error::DatabaseDamaged)?;
        out.push(Recorded { at, event });
    }
    if out.is_empty() {
        return Err(Error::NotFound);
    }
    Ok(out)
}

fn append(conn: &rusqlite::Connection, id: i64, first_seq: i64, events: &[Recorded]) -> Result<()> {
    let mut stmt =
        conn.prepare_cached("INSERT INTO session_event (session_id, seq, at, event) VALUES (?1, ?2, ?3, ?4)")?;
    for (i, r) in events.iter().enumerate() {
        let json = serde_json::to_string(&r.event).expect("events serialize");
        stmt.execute(params![id, first_seq + i as i64, to_db(r.at), json])?;
    }
    Ok(())
}

pub(super) fn set_record(conn: &Connection, id: i64, record_json: &str) -> Result<()> {
    match conn.execute("UPDATE session SET record = ?2 WHERE id = ?1", params![id, record_json])? {
        0 => Err(Error::NotFound),
        _ => Ok(()),
    }
}

pub(super) fn record(conn: &Connection, id: i64) -> Result<Option<String>> {
    Ok(conn.query_row("SELECT record FROM session WHERE id = ?1", [id], |r| r.get(0))?)
}

/// The facilitator names written in the newest record that has them,
/// preferring the same group's records.
pub(super) fn last_facilitators(conn: &Connection, group_id: Option<i64>) -> Result<Option<String>> {
    Ok(conn
        .query_row(
            "SELECT json_extract(record, '$.facilitators') AS names FROM session
                 WHERE record IS NOT NULL AND trim(coalesce(names, '')) <> ''
                 ORDER BY group_id IS ?1 DESC, started_at DESC, id DESC LIMIT 1",
            [group_id],
            |r| r.get(0),
        )
        .optional()?)
}

/// Attendance of a group's recorded meetings, oldest first.
pub(super) fn group_attendance(conn: &Connection, group_id: i64) -> Result<Vec<AttendancePoint>> {
    let mut stmt = conn.prepare_cached(
        "SELECT id, started_at, json_extract(record, '$.attendance'), json_extract(record, '$.newcomers')
         FROM session WHERE group_id = ?1 AND record IS NOT NULL ORDER BY started_at, id",
    )?;
    let rows = stmt.query_map([group_id], |r| {
        Ok(AttendancePoint {
            session_id: r.get(0)?,
            started_at: from_db(r, 1)?,
            attendance: r.get::<_, Option<u32>>(2)?.unwrap_or(0),
            newcomers: r.get::<_, Option<u32>>(3)?.unwrap_or(0),
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Meetings since `since` (UTC day of the start) whose record has a safety
/// concern or asks for a debrief, oldest first.
pub(super) fn flagged_records(
    conn: &Connection,
    since: Option<chrono::NaiveDate>,
) -> Result<Vec<(i64, chrono::DateTime<chrono::Utc>, String)>> {
    let since = since.map(|d| d.to_string()).unwrap_or_default();
    let mut stmt = conn.prepare_cached(
        "SELECT id, started_at, record FROM session
         WHERE record IS NOT NULL AND started_at >= ?1
           AND (json_extract(record, '$.safety_concern') = 1 OR json_extract(record, '$.needs_debrief') = 1)
         ORDER BY started_at, id",
    )?;
    let rows = stmt.query_map([since], |r| Ok((r.get(0)?, from_db(r, 1)?, r.get(2)?)))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}
