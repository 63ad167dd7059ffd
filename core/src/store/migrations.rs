//! Schema history. The schema version is SQLite's `user_version`; each step
//! runs in the same transaction that records it, so a crash applies a step
//! wholly or not at all. History is append-only: `tests` pin every released
//! step's text.

use crate::error::{Error, Result};
use rusqlite::Connection;

/// Step N (1-based) brings the schema from version N-1 to N.
pub(crate) const MIGRATIONS: &[&str] = &[
    include_str!("migrations/0001_initial.sql"),
    include_str!("migrations/0002_meetings.sql"),
    include_str!("migrations/0003_session_lists.sql"),
    include_str!("migrations/0004_session_template_key.sql"),
    include_str!("migrations/0005_journal.sql"),
];

pub(crate) fn to_latest(conn: &mut Connection) -> Result<()> {
    let current: i64 = conn.query_row("PRAGMA user_version", [], |r| r.get(0))?;
    let latest = MIGRATIONS.len() as i64;
    if current > latest {
        return Err(Error::DatabaseTooNew(current));
    }
    if current == latest {
        return Ok(());
    }
    let tx = conn.transaction()?;
    for (i, sql) in MIGRATIONS.iter().enumerate().skip(current as usize) {
        tx.execute_batch(sql)?;
        tx.pragma_update(None, "user_version", i as i64 + 1)?;
    }
    tx.commit()?;
    tracing::info!(from = current, to = latest, "schema migrated");
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// FNV-1a, 64-bit: enough to notice any edit to a released migration.
    fn fingerprint(text: &str) -> u64 {
        text.bytes().fold(0xcbf29ce484222325, |h, b| (h ^ b as u64).wrapping_mul(0x100000001b3))
    }

    /// One line per released step. Adding a step adds a line; changing a
    /// line means a released migration was edited, which breaks vaults that
    /// already ran it.
    const RELEASED: &[u64] = &[
        0x419d_a282_71d8_4c61,
        0xa7db_efec_52cc_53e1,
        0xfb34_16e5_c3ba_5d84,
        0xc957_cb2d_e755_915e,
        0x2cff_5141_a3e8_8f4c,
    ];

    #[test]
    fn released_migrations_never_change() {
        assert!(MIGRATIONS.len() >= RELEASED.len(), "a released migration was removed");
        for (i, expected) in RELEASED.iter().enumerate() {
            assert_eq!(
                fingerprint(MIGRATIONS[i]),
                *expected,
                "migration {} changed after release; add a new step instead",
                i + 1
            );
        }
    }

    #[test]
    fn migrations_apply_once_and_record_the_version() {
        let mut conn = Connection::open_in_memory().unwrap();
        to_latest(&mut conn).unwrap();
        to_latest(&mut conn).unwrap();
        let v: i64 = conn.query_row("PRAGMA user_version", [], |r| r.get(0)).unwrap();
        assert_eq!(v, MIGRATIONS.len() as i64);
    }

    #[test]
    fn a_failing_step_leaves_the_version_untouched() {
        let mut conn = Connection::open_in_memory().unwrap();
        conn.execute_batch("CREATE TABLE reflection (x)").unwrap();
        assert!(to_latest(&mut conn).is_err());
        let v: i64 = conn.query_row("PRAGMA user_version", [], |r| r.get(0)).unwrap();
        assert_eq!(v, 0);
    }

    #[test]
    fn a_newer_database_is_refused() {
        let mut conn = Connection::open_in_memory().unwrap();
        conn.pragma_update(None, "user_version", 99).unwrap();
        assert!(matches!(to_latest(&mut conn), Err(Error::DatabaseTooNew(99))));
    }

    #[test]
    fn sessions_recorded_before_step_4_get_their_template_key() {
        let mut conn = Connection::open_in_memory().unwrap();
        for (i, sql) in MIGRATIONS[..3].iter().enumerate() {
            conn.execute_batch(sql).unwrap();
            conn.pragma_update(None, "user_version", i as i64 + 1).unwrap();
        }
        conn.execute_batch(
            r#"INSERT INTO session (id, started_at) VALUES (1, '2026-01-01T10:00:00.000Z');
               INSERT INTO session_event VALUES
                 (1, 0, '2026-01-01T10:00:00.000Z', '{"type":"started","template":{"key":"builtin:smart"}}');"#,
        )
        .unwrap();
        to_latest(&mut conn).unwrap();
        let key: String = conn.query_row("SELECT template_key FROM session", [], |r| r.get(0)).unwrap();
        assert_eq!(key, "builtin:smart");
    }

    #[test]
    fn sessions_recorded_before_step_3_get_their_template_name() {
        let mut conn = Connection::open_in_memory().unwrap();
        for (i, sql) in MIGRATIONS[..2].iter().enumerate() {
            conn.execute_batch(sql).unwrap();
            conn.pragma_update(None, "user_version", i as i64 + 1).unwrap();
        }
        conn.execute_batch(
            r#"INSERT INTO session (id, started_at) VALUES (1, '2026-01-01T10:00:00.000Z');
               INSERT INTO session_event VALUES
                 (1, 0, '2026-01-01T10:00:00.000Z', '{"type":"started","template":{"name":"火曜の進め方"}}');
               INSERT INTO session (id, started_at) VALUES (2, '2026-01-02T10:00:00.000Z');"#,
        )
        .unwrap();
        to_latest(&mut conn).unwrap();
        let names: Vec<String> = conn
            .prepare("SELECT template_name FROM session ORDER BY id")
            .unwrap()
            .query_map([], |r| r.get(0))
            .unwrap()
            .collect::<rusqlite::Result<_>>()
            .unwrap();
        assert_eq!(names, ["火曜の進め方", ""]);
    }
}
