//! Schema history. The schema version is SQLite's `user_version`; each step
//! runs in the same transaction that records it, so a crash applies a step
//! wholly or not at all. History is append-only: `tests` pin every released
//! step's text.

use super::{Capabilities, Migration};
use crate::error::{Error, Result};
use rusqlite::Connection;

/// Step N (1-based) brings the schema from version N-1 to N.
pub(crate) const MIGRATIONS: &[&str] = &[
    include_str!("migrations/0001_initial.sql"),
    include_str!("migrations/0002_meetings.sql"),
    include_str!("migrations/0003_session_lists.sql"),
    include_str!("migrations/0004_session_template_key.sql"),
    include_str!("migrations/0005_journal.sql"),
    include_str!("migrations/0006_search.sql"),
    include_str!("migrations/0007_search_rule.sql"),
];

/// Every step in order: the shared history above, then the steps the
/// capabilities declare, by number (a test holds the numbers to follow on).
pub(crate) fn steps(capabilities: Capabilities) -> Vec<&'static str> {
    let mut own: Vec<&Migration> = capabilities.iter().flat_map(|c| c.migrations).collect();
    own.sort_by_key(|m| m.version);
    MIGRATIONS.iter().copied().chain(own.into_iter().map(|m| m.sql)).collect()
}

pub(crate) fn to_latest(
    conn: &mut Connection,
    capabilities: Capabilities,
    progress: &mut dyn FnMut(u64, u64),
) -> Result<()> {
    let current: i64 = conn.query_row("PRAGMA user_version", [], |r| r.get(0))?;
    let steps = steps(capabilities);
    let latest = steps.len() as i64;
    if current > latest {
        return Err(Error::DatabaseTooNew(current));
    }
    if current == latest {
        return Ok(());
    }
    let tx = conn.transaction()?;
    for (i, sql) in steps.iter().enumerate().skip(current as usize) {
        tx.execute_batch(sql)?;
        tx.pragma_update(None, "user_version", i as i64 + 1)?;
    }
    // What a step changed the making of is made again, once.
    for rebuild in capabilities.iter().filter_map(|c| c.rebuild.as_ref()) {
        if rebuild.after_steps.iter().any(|&step| step > current as usize) {
            (rebuild.run)(&tx, capabilities, progress)?;
        }
    }
    tx.commit()?;
    tracing::info!(from = current, to = latest, "schema migrated");
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    use crate::capabilities::ALL;

    /// An in-memory database with the functions the triggers call.
    fn memory() -> Connection {
        let conn = Connection::open_in_memory().unwrap();
        super::super::register_functions(&conn, ALL).unwrap();
        conn
    }

    #[test]
    fn the_capabilities_steps_follow_the_shared_history_one_by_one() {
        let mut numbers: Vec<usize> = ALL.iter().flat_map(|c| c.migrations).map(|m| m.version).collect();
        numbers.sort_unstable();
        let expected: Vec<usize> = (MIGRATIONS.len() + 1..=MIGRATIONS.len() + numbers.len()).collect();
        assert_eq!(numbers, expected, "a step number is missing or taken twice");
    }

    /// An in-memory database brought to schema `version`, step by step.
    fn at_version(version: usize) -> Connection {
        let conn = memory();
        for (i, sql) in MIGRATIONS[..version].iter().enumerate() {
            conn.execute_batch(sql).unwrap();
            conn.pragma_update(None, "user_version", i as i64 + 1).unwrap();
        }
        conn
    }

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
        0xb0fc_7216_423c_160d,
        0x0a55_864f_1299_50c2,
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
    fn the_capabilities_released_steps_never_change() {
        for capability in ALL {
            for step in capability.migrations {
                assert_eq!(
                    fingerprint(step.sql),
                    step.fingerprint,
                    "{}'s step {} changed after release; add a new step instead",
                    capability.name,
                    step.version
                );
            }
        }
    }

    #[test]
    fn migrations_apply_once_and_record_the_version() {
        let mut conn = memory();
        to_latest(&mut conn, ALL, &mut |_, _| {}).unwrap();
        to_latest(&mut conn, ALL, &mut |_, _| {}).unwrap();
        let v: i64 = conn.query_row("PRAGMA user_version", [], |r| r.get(0)).unwrap();
        assert_eq!(v, steps(ALL).len() as i64);
    }

    #[test]
    fn a_failing_step_leaves_the_version_untouched() {
        let mut conn = memory();
        conn.execute_batch("CREATE TABLE reflection (x)").unwrap();
        assert!(to_latest(&mut conn, ALL, &mut |_, _| {}).is_err());
        let v: i64 = conn.query_row("PRAGMA user_version", [], |r| r.get(0)).unwrap();
        assert_eq!(v, 0);
    }

    #[test]
    fn a_newer_database_is_refused() {
        let mut conn = memory();
        conn.pragma_update(None, "user_version", 99).unwrap();
        assert!(matches!(to_latest(&mut conn, ALL, &mut |_, _| {}), Err(Error::DatabaseTooNew(99))));
    }

    #[test]
    fn sessions_recorded_before_step_4_get_their_template_key() {
        let mut conn = at_version(3);
        conn.execute_batch(
            r#"INSERT INTO session (id, started_at) VALUES (1, '2026-01-01T10:00:00.000Z');
               INSERT INTO session_event VALUES
                 (1, 0, '2026-01-01T10:00:00.000Z', '{"type":"started","template":{"key":"builtin:smart"}}');"#,
        )
        .unwrap();
        to_latest(&mut conn, ALL, &mut |_, _| {}).unwrap();
        let key: String = conn.query_row("SELECT template_key FROM session", [], |r| r.get(0)).unwrap();
        assert_eq!(key, "builtin:smart");
    }

    #[test]
    fn sessions_recorded_before_step_3_get_their_template_name() {
        let mut conn = at_version(2);
        conn.execute_batch(
            r#"INSERT INTO session (id, started_at) VALUES (1, '2026-01-01T10:00:00.000Z');
               INSERT INTO session_event VALUES
                 (1, 0, '2026-01-01T10:00:00.000Z', '{"type":"started","template":{"name":"火曜の進め方"}}');
               INSERT INTO session (id, started_at) VALUES (2, '2026-01-02T10:00:00.000Z');"#,
        )
        .unwrap();
        to_latest(&mut conn, ALL, &mut |_, _| {}).unwrap();
        let names: Vec<String> = conn
            .prepare("SELECT template_name FROM session ORDER BY id")
            .unwrap()
            .query_map([], |r| r.get(0))
            .unwrap()
            .collect::<rusqlite::Result<_>>()
            .unwrap();
        assert_eq!(names, ["火曜の進め方", ""]);
    }

    /// Step 7 changes how terms are made: an index made by the old rule is
    /// made again, so "cafe" finds "Café", a check-in is found by its
    /// self-care, and removing an entry still removes every term it had.
    #[test]
    fn step_7_makes_the_index_again_by_the_new_rule() {
        let mut conn = at_version(6);
        conn.execute_batch(
            r#"INSERT INTO reflection (title, body, created_at, updated_at)
                 VALUES ('', 'Café ❤️thanks', '2026-01-01T10:00:00.000Z', '2026-01-01T10:00:00.000Z');
               INSERT INTO checkin VALUES ('2026-01-02', 5, 5, 5, NULL, '["rest"]', '', '2026-01-02T10:00:00.000Z');"#,
        )
        .unwrap();
        // The reflection's terms as the old rule made them: "café" kept its
        // accent, and the emoji's selector glued itself to "thanks".
        conn.execute_batch(
            "INSERT INTO search_index (search_index) VALUES ('delete-all');
             INSERT INTO search_index (rowid, terms)
                 SELECT id, 'caf_0000e9 _00fe0fthanks' FROM search_entry WHERE kind = 'reflection';",
        )
        .unwrap();
        let mut seen = Vec::new();
        to_latest(&mut conn, ALL, &mut |done, total| seen.push((done, total))).unwrap();
        assert_eq!(seen.last(), Some(&(2, 2)), "both entries indexed again, with progress");
        let count = |expr: &str| -> i64 {
            conn.query_row("SELECT count(*) FROM search_index WHERE search_index MATCH ?1", [expr], |r| r.get(0))
                .unwrap()
        };
        assert_eq!(count("cafe"), 1);
        assert_eq!(count("thanks"), 1);
        assert_eq!(count("caf_0000e9"), 0);
        assert_eq!(count("rest"), 1, "the check-in's self-care");
        assert_eq!(count(r#""_004f11 _003080""#), 1, "休む");
        conn.execute_batch("DELETE FROM reflection; DELETE FROM checkin;").unwrap();
        assert_eq!(count("cafe OR thanks OR rest"), 0);
        let blocks: i64 = conn
            .query_row(
                "SELECT count(*) FROM search_index_data
                 WHERE instr(block, 'cafe') OR instr(block, 'rest') OR instr(block, 'caf_0000e9')",
                [],
                |r| r.get(0),
            )
            .unwrap();
        assert_eq!(blocks, 0, "removed entries leave no term behind");
    }

    #[test]
    fn step_6_indexes_what_the_vault_already_holds() {
        let mut conn = at_version(5);
        conn.execute_batch(
            r#"INSERT INTO reflection (title, body, created_at, updated_at)
                 VALUES ('', '古い日記 legacy', '2026-01-01T10:00:00.000Z', '2026-01-01T10:00:00.000Z');
               INSERT INTO checkin VALUES ('2026-01-02', 5, 5, 5, NULL, '[]', '日記なし', '2026-01-02T10:00:00.000Z');
               INSERT INTO checkin VALUES ('2026-01-03', 5, 5, 5, NULL, '[]', '', '2026-01-03T10:00:00.000Z');
               INSERT INTO meeting_group VALUES (1, '火曜の会', 'ja', 'builtin:standard', 90, '2026-01-01T09:00:00.000Z');
               INSERT INTO session (id, group_id, started_at, record) VALUES (1, 1, '2026-01-06T10:00:00.000Z', '{"notes":"雨の夜の日記"}');
               INSERT INTO session (id, started_at) VALUES (2, '2026-01-07T10:00:00.000Z');
               INSERT INTO plan_version (saved_at, body) VALUES ('2026-01-01T08:00:00.000Z', '{"what_helps":"old"}');
               INSERT INTO plan_version (saved_at, body) VALUES ('2026-01-05T08:00:00.000Z', '{"what_helps":"日記を書く"}');"#,
        )
        .unwrap();
        let mut seen = Vec::new();
        to_latest(&mut conn, ALL, &mut |done, total| seen.push((done, total))).unwrap();
        assert_eq!(seen.first(), Some(&(0, 8)));
        assert_eq!(seen.last(), Some(&(8, 8)));
        let hits = |expr: &str| -> Vec<String> {
            conn.prepare(
                "SELECT e.kind FROM search_index i JOIN search_entry e ON e.id = i.rowid
                 WHERE search_index MATCH ?1 ORDER BY i.rowid",
            )
            .unwrap()
            .query_map([expr], |r| r.get(0))
            .unwrap()
            .collect::<rusqlite::Result<_>>()
            .unwrap()
        };
        // 日記: the reflection, a check-in, the newest plan and the meeting, oldest first.
        assert_eq!(hits(r#""_0065e5 _008a18""#), ["reflection", "checkin", "plan", "session"]);
        assert_eq!(hits(r#""old""#), Vec::<String>::new(), "only the newest plan");
        assert_eq!(hits(r#""_00706b _0066dc""#), ["group"]);
    }
}
