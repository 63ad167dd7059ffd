//! `enza bench --only search`: index build time, index size and query times
//! on 100k entries of mixed Japanese and English text, in an encrypted vault
//! and in plain SQLite with the same schema, index and data.

use crate::error::Result;
use crate::journal::Journal;
use crate::search::{Query, Search};
use crate::store::Db;
use crate::vault::{Vault, VaultDir};
use chrono::{Duration as Span, Utc};
use std::path::Path;
use std::time::{Duration, Instant};

const RUNS: usize = 200;
const WARM_UP: usize = 5;

/// The queries measured, by what they stand for.
pub const QUERIES: [(&str, &str); 7] = [
    ("rare 1-char Japanese", "鬱"),
    ("common 1-char Japanese", "の"),
    ("2-char Japanese", "職場"),
    ("English word", "boundaries"),
    ("English prefix", "bound"),
    ("hyphenated, asked two ways", "self-care"),
    ("joined, no accent", "cafe selfcare"),
];

#[derive(Debug, Clone)]
pub struct SearchBench {
    pub entries: usize,
    pub chars: usize,
    /// Time to index every entry of a filled vault (what the upgrade to
    /// schema 6 does), Enza and plain.
    pub build: (Duration, Duration),
    /// Bytes of the database, and of those the index's share (Enza).
    pub db_bytes: u64,
    pub index_bytes: u64,
    /// Per query: results, then (p50, p95) for Enza and for plain SQLite.
    pub queries: Vec<QueryTimes>,
}

#[derive(Debug, Clone)]
pub struct QueryTimes {
    pub label: &'static str,
    pub query: &'static str,
    pub results: usize,
    pub enza: (Duration, Duration),
    pub plain: (Duration, Duration),
}

pub fn run(work: &Path, entries: usize) -> Result<SearchBench> {
    let dir = VaultDir::new(work.join(format!("search{entries}")));
    let created = Vault::create(&dir, "bench passphrase, not a secret")?;
    let texts = corpus(entries);
    let chars = texts.iter().map(|(t, b, _)| t.chars().count() + b.chars().count()).sum();
    let vault = created.vault;
    let (build, db_bytes, index_bytes) = fill_and_build(vault.search().db(), &texts)?;
    vault.lock();
    let vault = Vault::unlock(&dir, "bench passphrase, not a secret")?;

    let plain =
        Db::open_plain_for_benchmark(&work.join(format!("search{entries}-plain.db")), crate::capabilities::ALL)?;
    let (plain_build, _, _) = fill_and_build(&plain, &texts)?;

    let mut queries = Vec::new();
    for (label, query) in QUERIES {
        let (results, enza, plain) = time_query(&vault.search(), &Search::new(&plain), query)?;
        queries.push(QueryTimes { label, query, results, enza, plain });
    }
    Ok(SearchBench { entries, chars, build: (build, plain_build), db_bytes, index_bytes, queries })
}

/// Fills `db` (the triggers index as it goes), then measures what the
/// index takes and how long building it from nothing takes.
fn fill_and_build(db: &Db, texts: &[(String, String, chrono::DateTime<Utc>)]) -> Result<(Duration, u64, u64)> {
    Journal::new(db).insert_bulk(texts.iter().cloned())?;
    let search = Search::new(db);
    let with_index = search.compact_size()?;
    search.clear()?;
    let without_index = search.compact_size()?;
    let t = Instant::now();
    search.rebuild()?;
    let build = t.elapsed();
    Ok((build, with_index, with_index.saturating_sub(without_index)))
}

/// p50 and p95 of `text` on Enza and on plain SQLite, run in turns (after
/// a few unmeasured runs each), so that whatever else the machine does
/// in the meantime falls on both alike.
type Percentiles = (Duration, Duration);

fn time_query(enza: &Search, plain: &Search, text: &str) -> Result<(usize, Percentiles, Percentiles)> {
    let query = Query { text: text.into(), limit: 50, ..Default::default() };
    let mut results = 0;
    for _ in 0..WARM_UP {
        results = std::hint::black_box(enza.find(&query)?).len();
        std::hint::black_box(plain.find(&query)?);
    }
    let mut samples = (Vec::with_capacity(RUNS), Vec::with_capacity(RUNS));
    for _ in 0..RUNS {
        let t = Instant::now();
        std::hint::black_box(enza.find(&query)?);
        samples.0.push(t.elapsed());
        let t = Instant::now();
        std::hint::black_box(plain.find(&query)?);
        samples.1.push(t.elapsed());
    }
    let percentiles = |mut s: Vec<Duration>| {
        s.sort();
        (s[RUNS / 2 - 1], s[RUNS * 95 / 100 - 1])
    };
    Ok((results, percentiles(samples.0), percentiles(samples.1)))
}

/// `n` entries of journal-like text: sentences of Japanese and English
/// words drawn with a Zipf-like skew from a vocabulary of several thousand
/// (common words, and a long tail of two-kanji words), one entry an hour
/// going back in time. One entry in ten thousand mentions 鬱.
fn corpus(n: usize) -> Vec<(String, String, chrono::DateTime<Utc>)> {
    let mut rng = 0x2026_1123_u64;
    let mut next = move || {
        rng ^= rng << 13;
        rng ^= rng >> 7;
        rng ^= rng << 17;
        rng
    };
    let tail: Vec<String> = (0..4000)
        .map(|i| {
            let a = char::from_u32(0x4E00 + (i * 7919 % 0x4F00) as u32).unwrap_or('語');
            let b = char::from_u32(0x4E00 + (i * 104_729 % 0x4F00) as u32).unwrap_or('語');
            format!("{a}{b}")
        })
        .collect();
    let now = Utc::now();
    (0..n)
        .map(|i| {
            let mut body = String::new();
            let words = 25 + (next() % 50) as usize;
            for _ in 0..words {
                let r = next();
                // Zipf-like: small indices far more often.
                let skew = |len: usize| ((r >> 8) % len as u64).min((r >> 24) % len as u64) as usize;
                match r % 10 {
                    0..=3 => body.push_str(JA[skew(JA.len())]),
                    4..=6 => {
                        body.push_str(EN[skew(EN.len())]);
                        body.push(' ');
                    }
                    7 => body.push_str(&tail[skew(tail.len())]),
                    _ => body.push_str(PARTICLES[(r >> 40) as usize % PARTICLES.len()]),
                }
            }
            if i % 10_000 == 7 {
                body.push_str("鬱々とした日。");
            }
            let title = format!("{} {}", JA[(next() % 40) as usize], EN[(next() % 40) as usize]);
            (title, body, now - Span::hours(i as i64))
        })
        .collect()
}

const PARTICLES: &[&str] = &["の", "は", "が", "を", "に", "で", "と", "も", "。", "、", "「", "」", "\n"];

const JA: &[&str] = &[
    "今日",
    "自分",
    "気持ち",
    "話",
    "時間",
    "仲間",
    "職場",
    "家族",
    "少し",
    "本当",
    "疲れ",
    "安心",
    "不安",
    "境界",
    "相談",
    "支援",
    "回復",
    "ミーティング",
    "セルフケア",
    "振り返り",
    "聞く",
    "話す",
    "休む",
    "眠る",
    "食べる",
    "歩く",
    "考える",
    "感じる",
    "伝える",
    "断る",
    "守る",
    "頼る",
    "笑う",
    "泣く",
    "怒る",
    "待つ",
    "明日",
    "昨日",
    "来週",
    "先週",
    "夜",
    "朝",
    "昼",
    "雨",
    "晴れ",
    "駅",
    "電話",
    "連絡",
    "お金",
    "贈り物",
    "約束",
    "秘密",
    "守秘義務",
    "境界線",
    "スーパービジョン",
    "ファシリテーター",
    "グループ",
    "新しい人",
    "見学",
    "上司",
    "同僚",
    "友達",
    "母",
    "父",
    "子ども",
    "病院",
    "薬",
    "医者",
    "カウンセラー",
    "散歩",
    "お茶",
    "音楽",
    "読書",
    "料理",
    "掃除",
    "運動",
    "深呼吸",
    "日記",
    "手紙",
    "写真",
    "思い出",
    "涙",
    "笑顔",
    "怒り",
    "悲しみ",
    "喜び",
    "恐れ",
    "恥",
    "罪悪感",
    "孤独",
    "つながり",
    "感謝",
    "ありがとう",
    "ごめんなさい",
    "大丈夫",
    "無理",
    "限界",
    "余裕",
    "負担",
    "役割",
    "責任",
    "期待",
    "評価",
    "比較",
];

const EN: &[&str] = &[
    "the",
    "and",
    "to",
    "I",
    "a",
    "of",
    "it",
    "was",
    "in",
    "that",
    "I'm",
    "don't",
    "it's",
    "my",
    "me",
    "felt",
    "today",
    "group",
    "meeting",
    "boundaries",
    "boundary",
    "self",
    "care",
    "work",
    "workplace",
    "family",
    "friend",
    "listen",
    "listened",
    "talk",
    "talked",
    "share",
    "shared",
    "sharing",
    "safe",
    "safety",
    "space",
    "rules",
    "trust",
    "tired",
    "rest",
    "sleep",
    "walk",
    "tea",
    "music",
    "call",
    "calls",
    "message",
    "after",
    "hours",
    "money",
    "gift",
    "promise",
    "secret",
    "supervision",
    "supervisor",
    "peer",
    "support",
    "supporter",
    "recovery",
    "newcomer",
    "facilitator",
    "anxious",
    "anxiety",
    "calm",
    "angry",
    "sad",
    "happy",
    "grateful",
    "lonely",
    "connected",
    "overwhelmed",
    "burnout",
    "limit",
    "limits",
    "pressure",
    "role",
    "responsibility",
    "expectation",
    "compare",
    "notice",
    "noticed",
    "breathe",
    "journal",
    "letter",
    "memory",
    "tears",
    "smile",
    "boss",
    "colleague",
    "mother",
    "father",
    "child",
    "hospital",
    "medicine",
    "doctor",
    "counsellor",
    "station",
    "rain",
    "morning",
    "evening",
    "night",
    "week",
    "tomorrow",
    "yesterday",
    "again",
    "still",
    "maybe",
    "enough",
    "better",
    "worse",
    "hard",
    "easy",
    "gentle",
    "self-care",
    "check-in",
    "café",
    "honest",
    "quiet",
    "loud",
    "slowly",
];

/// The report as Markdown.
pub fn table(b: &SearchBench) -> String {
    let ms = |d: Duration| format!("{:.2}", d.as_secs_f64() * 1000.0);
    let ratio = |a: Duration, b: Duration| format!("{:.2}×", a.as_secs_f64() / b.as_secs_f64().max(1e-9));
    let mut out = format!(
        "search, {} entries ({:.1} M characters of mixed Japanese and English):\n\
         index build: {} ms (plain SQLite {} ms, {}); index {:.1} MB of a {:.1} MB database ({:.0}%)\n\n\
         | query | | results | p50 ms | p95 ms | plain p50 ms | plain p95 ms | p95 ratio |\n\
         |---|---|---:|---:|---:|---:|---:|---:|\n",
        b.entries,
        b.chars as f64 / 1e6,
        b.build.0.as_millis(),
        b.build.1.as_millis(),
        ratio(b.build.0, b.build.1),
        b.index_bytes as f64 / 1e6,
        b.db_bytes as f64 / 1e6,
        b.index_bytes as f64 * 100.0 / b.db_bytes.max(1) as f64,
    );
    for q in &b.queries {
        out += &format!(
            "| {} | {} | {} | {} | {} | {} | {} | {} |\n",
            q.label,
            q.query,
            q.results,
            ms(q.enza.0),
            ms(q.enza.1),
            ms(q.plain.0),
            ms(q.plain.1),
            ratio(q.enza.1, q.plain.1)
        );
    }
    out
}
