//! `enza bench`: unlock, durable add and list-latest timings on real
//! encrypted vaults of N reflections, against plain SQLite with the same
//! schema and pragmas.

pub mod search;

use crate::error::Result;
use crate::journal::Journal;
use crate::store::Db;
use crate::vault::{Vault, VaultDir};
use chrono::{Duration as Days, Utc};
use std::path::Path;
use std::time::{Duration, Instant};

const PASSPHRASE: &str = "bench passphrase, not a secret";
const ADDS: usize = 200;
const LISTS: usize = 200;
const UNLOCKS: usize = 3;

#[derive(Debug, Clone)]
pub struct Row {
    pub reflections: usize,
    pub unlock: Duration,
    /// The first list-latest-50 after unlocking: pages read and decrypted.
    pub first_list: Duration,
    pub add_p50: Duration,
    pub add_p99: Duration,
    pub list_p50: Duration,
    pub plain_add_p50: Duration,
    pub plain_add_p99: Duration,
    pub plain_list_p50: Duration,
}

/// Meeting figures on a vault that already holds `sessions` ended and
/// recorded meetings, all of one group.
#[derive(Debug, Clone)]
pub struct MeetingRow {
    pub sessions: usize,
    /// A durable command: replay, decide, append.
    pub transition_p50: Duration,
    pub transition_p99: Duration,
    /// The group's page: its history (up to 500) and attendance over time.
    pub group_page_p50: Duration,
}

pub fn meetings(work: &Path, sessions: usize) -> Result<MeetingRow> {
    use crate::groups::Group;
    use crate::meeting::{Command, SessionRecord, TurnPolicy};
    let dir = VaultDir::new(work.join(format!("meetings{sessions}")));
    let vault = Vault::create(&dir, PASSPHRASE)?.vault;
    let group = vault.groups().save(&Group {
        id: 0,
        name: "bench".into(),
        language: crate::i18n::Lang::Ja,
        default_template: "builtin:standard".into(),
        usual_minutes: 90,
    })?;
    let meetings = vault.meetings();
    let start_round = |present| Command::StartRound { present, policy: TurnPolicy::default(), nicknames: vec![] };
    for i in 0..sessions {
        let id = meetings.start(Some(group.id), &group.default_template, group.language)?.id;
        for cmd in [Command::NextPhase, Command::NextPhase, start_round(8), Command::End] {
            meetings.command(id, &cmd)?;
        }
        let record = SessionRecord { attendance: 8, newcomers: (i % 3) as u32, ..Default::default() };
        meetings.save_record(id, &record)?;
    }
    let id = meetings.start(Some(group.id), &group.default_template, group.language)?.id;
    for cmd in [Command::NextPhase, Command::NextPhase, start_round(400)] {
        meetings.command(id, &cmd)?;
    }
    let mut transitions = Vec::with_capacity(ADDS);
    for i in 0..ADDS {
        let cmd =
            if i % 2 == 0 { Command::NextSpeaker } else { Command::SetItem { phase: 2, item: 0, done: i % 4 == 1 } };
        let t = Instant::now();
        meetings.command(id, &cmd)?;
        transitions.push(t.elapsed());
    }
    let mut pages = Vec::with_capacity(LISTS);
    for _ in 0..LISTS {
        let t = Instant::now();
        meetings.group_history(group.id, 500, crate::i18n::Lang::Ja)?;
        meetings.group_attendance(group.id)?;
        pages.push(t.elapsed());
    }
    Ok(MeetingRow {
        sessions,
        transition_p50: percentile(&mut transitions, 50),
        transition_p99: percentile(&mut transitions, 99),
        group_page_p50: percentile(&mut pages, 50),
    })
}

/// Journal figures on a vault holding ten years of daily check-ins.
#[derive(Debug, Clone)]
pub struct JournalRow {
    pub checkins: usize,
    /// A year of trends (series, weeks, months, what seems to help).
    pub trends_p50: Duration,
    pub trends_p95: Duration,
    /// The strain rule over the last 400 days.
    pub strain_p50: Duration,
    /// A durable check-in save (an edit of today's).
    pub save_p50: Duration,
}

pub fn journal(work: &Path) -> Result<JournalRow> {
    use crate::journal::{CheckIn, Range};
    use chrono::Days as Ds;
    let dir = VaultDir::new(work.join("journal"));
    let vault = Vault::create(&dir, PASSPHRASE)?.vault;
    let journal = vault.journal();
    let today = crate::time::today();
    let days = 3650;
    let checkin = |i: u64| CheckIn {
        day: today - Ds::new(i),
        mood: (i % 11) as u8,
        energy: ((i * 7) % 11) as u8,
        stress: ((i * 3) % 11) as u8,
        sleep_hours: Some(6.0 + (i % 5) as f32 / 2.0),
        selfcare: if i % 3 == 0 { vec!["rest".into(), "talk".into()] } else { vec!["movement".into()] },
        note: "短いメモ。A short note.".into(),
    };
    journal.insert_checkins_bulk((0..days).map(checkin))?;
    let mut trends = Vec::with_capacity(LISTS);
    let mut strain = Vec::with_capacity(LISTS);
    for _ in 0..LISTS {
        let t = Instant::now();
        std::hint::black_box(journal.trends(Range::Year, today)?);
        trends.push(t.elapsed());
        let t = Instant::now();
        std::hint::black_box(journal.strain_notice(today, crate::i18n::Lang::Ja)?);
        strain.push(t.elapsed());
    }
    let mut saves = Vec::with_capacity(ADDS);
    for i in 0..ADDS {
        let t = Instant::now();
        journal.save_checkin(&CheckIn { mood: (i % 11) as u8, ..checkin(0) }, today)?;
        saves.push(t.elapsed());
    }
    Ok(JournalRow {
        checkins: days as usize,
        trends_p50: percentile(&mut trends, 50),
        trends_p95: percentile(&mut trends, 95),
        strain_p50: percentile(&mut strain, 50),
        save_p50: percentile(&mut saves, 50),
    })
}

/// Backup figures for a vault of `entries` reflections, beside copying the
/// vault's bytes (the floor: what `cp` does, without any check).
#[derive(Debug, Clone)]
pub struct BackupRow {
    pub entries: usize,
    pub vault_bytes: u64,
    pub backup_bytes: u64,
    pub copy: Duration,
    /// The copy made durable (fsync), as a backup is.
    pub copy_fsync: Duration,
    pub backup: Duration,
    pub verify: Duration,
    pub restore: Duration,
    /// One Argon2id derivation at the recommended cost: a backup runs one,
    /// a verify one, a restore three (the backup's slot, then the new
    /// vault's two slots).
    pub kdf: Duration,
}

pub fn backup(work: &Path, entries: usize) -> Result<BackupRow> {
    use crate::backup::{self, BackupSecret};
    let root = work.join(format!("backup{entries}"));
    let dir = VaultDir::new(root.join("vault"));
    let vault = Vault::create(&dir, PASSPHRASE)?.vault;
    fill(&vault.journal(), entries)?;
    vault.checkpoint()?;
    vault.lock();
    let vault = Vault::unlock(&dir, PASSPHRASE)?;
    let vault_bytes = std::fs::metadata(dir.db_path())?.len();
    let t = Instant::now();
    std::fs::copy(dir.db_path(), root.join("copy.db"))?;
    let copy = t.elapsed();
    let t = Instant::now();
    std::fs::copy(dir.db_path(), root.join("copy2.db"))?;
    std::fs::File::open(root.join("copy2.db"))?.sync_all()?;
    let copy_fsync = t.elapsed();
    let file = root.join("vault.backup");
    let t = Instant::now();
    let info = vault.backup().write(&file, crate::backup::BackupPassphrase::Vault, &mut |_, _| {})?;
    let backup = t.elapsed();
    vault.lock();
    let t = Instant::now();
    backup::verify(&file, BackupSecret::Passphrase(PASSPHRASE), &mut |_, _| {})?;
    let verify = t.elapsed();
    let t = Instant::now();
    let restored = backup::restore(
        &file,
        BackupSecret::Passphrase(PASSPHRASE),
        &VaultDir::new(root.join("restored")),
        PASSPHRASE,
        &mut |_, _| {},
    )?;
    let restore = t.elapsed();
    restored.vault.lock();
    let t = Instant::now();
    crate::keys::derive_kek(b"bench", &[0; 16], crate::keys::KdfParams::RECOMMENDED)?;
    let kdf = t.elapsed();
    let _ = std::fs::remove_dir_all(&root);
    Ok(BackupRow { entries, vault_bytes, backup_bytes: info.bytes, copy, copy_fsync, backup, verify, restore, kdf })
}

/// The backup report as a Markdown table.
pub fn backup_table(rows: &[BackupRow]) -> String {
    let ms = |d: Duration| format!("{:.0}", d.as_secs_f64() * 1000.0);
    let ratio = |a: Duration, b: Duration| format!("{:.1}×", a.as_secs_f64() / b.as_secs_f64().max(1e-9));
    let mut out = String::from(
        "| entries | vault.db MB | backup MB | cp (floor) ms | cp + fsync ms | backup ms | verify ms | restore ms | backup / cp | verify / cp | restore / cp | backup / (cp + fsync) | one KDF ms |\n\
         |---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n",
    );
    for r in rows {
        out += &format!(
            "| {} | {:.1} | {:.1} | {} | {} | {} | {} | {} | {} | {} | {} | {} | {} |\n",
            r.entries,
            r.vault_bytes as f64 / 1e6,
            r.backup_bytes as f64 / 1e6,
            ms(r.copy),
            ms(r.copy_fsync),
            ms(r.backup),
            ms(r.verify),
            ms(r.restore),
            ratio(r.backup, r.copy),
            ratio(r.verify, r.copy),
            ratio(r.restore, r.copy),
            ratio(r.backup, r.copy_fsync),
            ms(r.kdf),
        );
    }
    out
}

/// Runs the benchmark for each size, in fresh folders under `work`.
pub fn run(work: &Path, sizes: &[usize]) -> Result<Vec<Row>> {
    sizes.iter().map(|&n| run_one(&work.join(format!("n{n}")), n)).collect()
}

fn run_one(dir: &Path, n: usize) -> Result<Row> {
    let vault_dir = VaultDir::new(dir.join("vault"));
    let created = Vault::create(&vault_dir, PASSPHRASE)?;
    let vault = created.vault;
    fill(&vault.journal(), n)?;
    vault.checkpoint()?;
    vault.lock();

    let mut unlocks = Vec::new();
    for _ in 1..UNLOCKS {
        let t = Instant::now();
        let v = Vault::unlock(&vault_dir, PASSPHRASE)?;
        unlocks.push(t.elapsed());
        v.lock();
    }
    let t = Instant::now();
    let vault = Vault::unlock(&vault_dir, PASSPHRASE)?;
    unlocks.push(t.elapsed());
    let t = Instant::now();
    std::hint::black_box(vault.journal().latest_reflections(50)?);
    let first_list = t.elapsed();
    let (mut add, mut list) = time_ops(&vault.journal())?;
    vault.lock();

    let plain = Db::open_plain_for_benchmark(&dir.join("plain.db"), crate::capabilities::ALL)?;
    let plain = Journal::new(&plain);
    fill(&plain, n)?;
    let (mut plain_add, mut plain_list) = time_ops(&plain)?;

    Ok(Row {
        reflections: n,
        unlock: percentile(&mut unlocks, 50),
        first_list,
        add_p50: percentile(&mut add, 50),
        add_p99: percentile(&mut add, 99),
        list_p50: percentile(&mut list, 50),
        plain_add_p50: percentile(&mut plain_add, 50),
        plain_add_p99: percentile(&mut plain_add, 99),
        plain_list_p50: percentile(&mut plain_list, 50),
    })
}

/// N reflections of ordinary length, one a day going back in time.
fn fill(journal: &Journal, n: usize) -> Result<()> {
    let now = Utc::now();
    let body = "今日は少し疲れた。Listening all evening; I noticed I wanted to fix things. ".repeat(4);
    journal.insert_bulk((0..n).map(|i| (format!("Reflection {i}"), body.clone(), now - Days::minutes(i as i64))))
}

fn time_ops(journal: &Journal) -> Result<(Vec<Duration>, Vec<Duration>)> {
    let mut adds = Vec::with_capacity(ADDS);
    for i in 0..ADDS {
        let t = Instant::now();
        journal.add_reflection("bench", &format!("durable add {i}"))?;
        adds.push(t.elapsed());
    }
    let mut lists = Vec::with_capacity(LISTS);
    for _ in 0..LISTS {
        let t = Instant::now();
        let rows = journal.latest_reflections(50)?;
        lists.push(t.elapsed());
        std::hint::black_box(rows);
    }
    Ok((adds, lists))
}

fn percentile(samples: &mut [Duration], p: usize) -> Duration {
    samples.sort();
    let idx = ((samples.len() * p).div_ceil(100)).saturating_sub(1).min(samples.len() - 1);
    samples[idx]
}

/// The report as a Markdown table.
pub fn table(rows: &[Row]) -> String {
    let ms = |d: Duration| format!("{:.2}", d.as_secs_f64() * 1000.0);
    let ratio = |a: Duration, b: Duration| format!("{:.2}×", a.as_secs_f64() / b.as_secs_f64().max(1e-9));
    let mut out = String::from(
        "| reflections | unlock ms | first list-50 ms | add p50 ms | add p99 ms | list-50 p50 ms | plain add p50 ms | plain add p99 ms | plain list-50 p50 ms | add p50 ratio | list p50 ratio |\n\
         |---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n",
    );
    for r in rows {
        out += &format!(
            "| {} | {} | {} | {} | {} | {} | {} | {} | {} | {} | {} |\n",
            r.reflections,
            ms(r.unlock),
            ms(r.first_list),
            ms(r.add_p50),
            ms(r.add_p99),
            ms(r.list_p50),
            ms(r.plain_add_p50),
            ms(r.plain_add_p99),
            ms(r.plain_list_p50),
            ratio(r.add_p50, r.plain_add_p50),
            ratio(r.list_p50, r.plain_list_p50),
        );
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percentiles_pick_the_right_sample() {
        let mut s: Vec<Duration> = (1..=100).map(Duration::from_millis).collect();
        assert_eq!(percentile(&mut s, 50), Duration::from_millis(50));
        assert_eq!(percentile(&mut s, 99), Duration::from_millis(99));
        assert_eq!(percentile(&mut [Duration::from_millis(7)], 99), Duration::from_millis(7));
    }
}
