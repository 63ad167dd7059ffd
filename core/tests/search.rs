//! Search finds exactly what a plain scan of the text finds, in Japanese and
//! English, follows edits and deletes at once, and leaves no trace of
//! deleted words.

mod common;

use chrono::{Days, NaiveDate};
use common::{new_vault, no_file_contains, FAST_PASS};
use enza_core::groups::Group;
use enza_core::journal::{BoundaryEvent, BoundaryKind, CheckIn, SelfCarePlan};
use enza_core::meeting::{Command, SessionRecord};
use enza_core::search::{Kind, Query};
use enza_core::{Lang, Vault};
use std::collections::BTreeSet;
use unicode_normalization::UnicodeNormalization;

/// An entry the way the oracle sees it: what it is, and its text fields.
#[derive(Debug, Clone)]
struct Entry {
    key: (Kind, String),
    fields: Vec<String>,
    normalised: Vec<Vec<char>>,
}

fn entry(kind: Kind, reference: String, fields: Vec<String>) -> Entry {
    let normalised = fields.iter().map(|f| normalise(f)).collect();
    Entry { key: (kind, reference), fields, normalised }
}

// ---- the oracle: a plain scan of normalised text ---------------------------

fn is_cjk(c: char) -> bool {
    matches!(c, '\u{3005}'..='\u{3007}' | '\u{3041}'..='\u{309F}' | '\u{30A1}'..='\u{30FA}'
        | '\u{30FC}'..='\u{30FF}' | '\u{4E00}'..='\u{9FFF}')
}

fn is_word(c: char) -> bool {
    !is_cjk(c) && c.is_alphanumeric()
}

/// NFKC, lower case, each run of non-letters collapsed to one space.
fn normalise(text: &str) -> Vec<char> {
    let folded: String = text.nfkc().flat_map(char::to_lowercase).collect();
    let mut out = Vec::new();
    let mut gap = false;
    for c in folded.chars() {
        if is_cjk(c) || c.is_alphanumeric() {
            if gap && !out.is_empty() {
                out.push(' ');
            }
            gap = false;
            out.push(c);
        } else {
            gap = true;
        }
    }
    out
}

/// Whether `needle` occurs in `hay`, starting at a word's start when it
/// starts with a word.
fn occurs(hay: &[char], needle: &[char]) -> bool {
    if needle.is_empty() || needle.len() > hay.len() {
        return false;
    }
    (0..=hay.len() - needle.len())
        .any(|i| hay[i..i + needle.len()] == *needle && !(is_word(needle[0]) && i > 0 && is_word(hay[i - 1])))
}

fn oracle(entries: &[Entry], query: &str) -> BTreeSet<(Kind, String)> {
    let parts: Vec<Vec<char>> = query.split(char::is_whitespace).map(normalise).filter(|p| !p.is_empty()).collect();
    if parts.is_empty() {
        return BTreeSet::new();
    }
    entries
        .iter()
        .filter(|e| parts.iter().all(|p| e.normalised.iter().any(|f| occurs(f, p))))
        .map(|e| e.key.clone())
        .collect()
}

fn found(v: &Vault, query: &str) -> BTreeSet<(Kind, String)> {
    search(v, &Query { text: query.into(), limit: 200, ..Default::default() })
}

fn search(v: &Vault, q: &Query) -> BTreeSet<(Kind, String)> {
    v.search().find(q).unwrap().into_iter().map(|h| (h.kind, reference(h.kind, h.id, h.day))).collect()
}

fn reference(kind: Kind, id: Option<i64>, day: Option<NaiveDate>) -> String {
    match kind {
        Kind::Checkin => day.unwrap().to_string(),
        Kind::Plan => "plan".into(),
        _ => id.unwrap().to_string(),
    }
}

// ---- generated content ----------------------------------------------------

/// A small deterministic generator (xorshift), so a failure replays.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
    fn pick<'a>(&mut self, list: &[&'a str]) -> &'a str {
        list[self.below(list.len())]
    }
}

const JA: &[&str] = &[
    "職場",
    "境界",
    "薬",
    "眠れない",
    "夜勤",
    "家族",
    "話",
    "聞いてもらえた",
    "安心",
    "不安",
    "境界線",
    "セルフケア",
    "スーパービジョン",
    "ミーティング",
    "カウンセラー",
    "仲間",
    "散歩",
    "お茶",
    "休む",
    "断る",
    "連絡",
    "電話",
    "時間外",
    "お金",
    "贈り物",
    "守秘義務",
    "約束",
    "疲れ",
    "怒り",
    "涙",
    "笑顔",
    "今日",
    "明日",
    "来週",
    "振り返り",
    "気持ち",
    "相談",
    "支援",
    "回復",
    "ありがとう",
    "ファシリテーター",
    "グループ",
    "新しい人",
    "見学",
    "雨",
    "桜",
    "駅",
    "職員",
    "上司",
    "同僚",
];
const EN: &[&str] = &[
    "boundaries",
    "boundary",
    "work",
    "workplace",
    "sleep",
    "sleepless",
    "family",
    "talk",
    "listen",
    "safe",
    "safety",
    "care",
    "careful",
    "self",
    "plan",
    "planning",
    "call",
    "calls",
    "after",
    "hours",
    "money",
    "gift",
    "promise",
    "tired",
    "anger",
    "tears",
    "smile",
    "today",
    "tomorrow",
    "week",
    "supervision",
    "meeting",
    "counsellor",
    "peer",
    "walk",
    "tea",
    "rest",
    "decline",
    "group",
    "newcomer",
    "rain",
    "station",
    "staff",
    "boss",
    "start",
    "art",
    "heart",
    "earth",
    "tea-time",
];
const GLUE: &[&str] =
    &["の", "が", "を", "に", "は", "と", "で", "。", "、", " ", " ", ". ", ", ", "!", "「", "」", "\n"];

fn sentence(rng: &mut Rng, words: usize) -> String {
    let mut s = String::new();
    for _ in 0..words {
        let w = match rng.below(10) {
            0..=4 => rng.pick(JA).to_string(),
            5..=8 => {
                let w = rng.pick(EN);
                match rng.below(6) {
                    0 => w.to_uppercase(),
                    1 => full_width(w),
                    _ => w.to_string(),
                }
            }
            _ => half_width_katakana(rng.pick(&["セルフケア", "カウンセラー", "グループ", "ミーティング"])),
        };
        s.push_str(&w);
        s.push_str(rng.pick(GLUE));
    }
    s
}

fn full_width(s: &str) -> String {
    s.chars().map(|c| if c.is_ascii_graphic() { char::from_u32(c as u32 + 0xFEE0).unwrap() } else { c }).collect()
}

/// The half-width forms of the katakana these tests use.
fn half_width_katakana(s: &str) -> String {
    const MAP: &[(char, &str)] = &[
        ('セ', "ｾ"),
        ('ル', "ﾙ"),
        ('フ', "ﾌ"),
        ('ケ', "ｹ"),
        ('ア', "ｱ"),
        ('カ', "ｶ"),
        ('ウ', "ｳ"),
        ('ン', "ﾝ"),
        ('ラ', "ﾗ"),
        ('ー', "ｰ"),
        ('グ', "ｸﾞ"),
        ('プ', "ﾌﾟ"),
        ('ミ', "ﾐ"),
        ('テ', "ﾃ"),
        ('ィ', "ｨ"),
        ('ス', "ｽ"),
        ('パ', "ﾊﾟ"),
        ('ビ', "ﾋﾞ"),
        ('ジ', "ｼﾞ"),
        ('ョ', "ｮ"),
        ('シ', "ｼ"),
        ('リ', "ﾘ"),
        ('タ', "ﾀ"),
        ('ァ', "ｧ"),
        ('ル', "ﾙ"),
        ('ト', "ﾄ"),
        ('ネ', "ﾈ"),
    ];
    s.chars().map(|c| MAP.iter().find(|(k, _)| *k == c).map_or_else(|| c.to_string(), |(_, v)| v.to_string())).collect()
}

fn today() -> NaiveDate {
    chrono::Local::now().date_naive()
}

/// A vault holding every searchable kind, with generated mixed text; the
/// entries as the oracle sees them.
fn filled_vault(rng: &mut Rng) -> (tempfile::TempDir, Vault, Vec<Entry>) {
    let (tmp, dir, _) = new_vault();
    let v = Vault::unlock(&dir, FAST_PASS).unwrap();
    let mut entries = Vec::new();
    for _ in 0..110 {
        let title = if rng.below(3) == 0 { String::new() } else { sentence(rng, 2).replace('\n', " ") };
        let words = 8 + rng.below(30);
        let body = sentence(rng, words);
        let r = v.journal().add_reflection(&title, &body).unwrap();
        entries.push(entry(Kind::Reflection, r.id.to_string(), vec![title, body]));
    }
    for i in 0..40 {
        let day = today() - Days::new(i * 3);
        let note = if i % 5 == 0 { String::new() } else { sentence(rng, 6) };
        let c = CheckIn { day, mood: 5, energy: 5, stress: 5, sleep_hours: None, selfcare: vec![], note: note.clone() };
        v.journal().save_checkin(&c, today()).unwrap();
        if !note.trim().is_empty() {
            entries.push(entry(Kind::Checkin, day.to_string(), vec![note]));
        }
    }
    for i in 0..30 {
        let e = BoundaryEvent {
            id: 0,
            day: today() - Days::new(i * 5),
            kind: BoundaryKind::Other,
            what_happened: sentence(rng, 5),
            what_i_did: sentence(rng, 4),
            how_i_feel: sentence(rng, 3),
            supervision: false,
        };
        let saved = v.journal().save_boundary_event(&e, today()).unwrap();
        entries.push(entry(Kind::Boundary, saved.id.to_string(), vec![e.what_happened, e.what_i_did, e.how_i_feel]));
    }
    let mut groups = Vec::new();
    for _ in 0..5 {
        let name = sentence(rng, 2).replace('\n', " ").trim().chars().take(40).collect::<String>();
        let name = if name.trim().is_empty() { "火曜の会".to_string() } else { name };
        let g = Group {
            id: 0,
            name: name.clone(),
            language: Lang::Ja,
            default_template: "builtin:standard".into(),
            usual_minutes: 90,
        };
        let g = v.groups().save(&g).unwrap();
        entries.push(entry(Kind::Group, g.id.to_string(), vec![name]));
        groups.push(g.id);
    }
    for i in 0..4 {
        let id = v.meetings().start(Some(groups[i % groups.len()]), "builtin:standard", Lang::Ja).unwrap().id;
        v.meetings().command(id, &Command::End).unwrap();
        let record = SessionRecord {
            attendance: 6,
            themes: sentence(rng, 3),
            notes: sentence(rng, 6),
            follow_ups: sentence(rng, 2),
            facilitators: "ゆき, Ken".into(),
            ..Default::default()
        };
        v.meetings().save_record(id, &record).unwrap();
        entries.push(entry(
            Kind::Session,
            id.to_string(),
            vec![record.themes, record.notes, record.follow_ups, record.facilitators],
        ));
    }
    let plan = SelfCarePlan {
        warning_signs: sentence(rng, 4),
        what_helps: sentence(rng, 4),
        people: "Aki, 母".into(),
        say_no_to: sentence(rng, 3),
    };
    v.journal().save_plan(&plan).unwrap();
    entries.push(entry(
        Kind::Plan,
        "plan".into(),
        vec![plan.warning_signs, plan.what_helps, plan.people, plan.say_no_to],
    ));
    assert!(entries.len() <= 200, "the oracle compares whole result sets");
    (tmp, v, entries)
}

/// Queries of every shape the issue names.
fn random_query(rng: &mut Rng, entries: &[Entry]) -> String {
    match rng.below(8) {
        // 1–4 CJK characters cut from an entry's text
        0..=2 => {
            let e = &entries[rng.below(entries.len())];
            let f: Vec<char> = e.fields[rng.below(e.fields.len())].chars().collect();
            if f.is_empty() {
                return "境界".into();
            }
            let start = rng.below(f.len());
            let len = 1 + rng.below(4);
            let cut: String = f[start..(start + len).min(f.len())].iter().filter(|c| is_cjk(**c)).collect();
            if cut.is_empty() {
                "薬".into()
            } else {
                cut
            }
        }
        // 1–2 characters from the vocabulary, present or not
        3 => {
            let w: Vec<char> = rng.pick(JA).chars().collect();
            let i = rng.below(w.len());
            w[i..(i + 1 + rng.below(2)).min(w.len())].iter().collect()
        }
        // whole English words, any case
        4 => {
            let w = rng.pick(EN);
            if rng.below(2) == 0 {
                w.to_uppercase()
            } else {
                w.to_string()
            }
        }
        // prefixes
        5 => {
            let w = rng.pick(EN);
            w[..1 + rng.below(w.len())].to_string()
        }
        // full-width and half-width forms
        6 => {
            if rng.below(2) == 0 {
                full_width(rng.pick(EN))
            } else {
                half_width_katakana(rng.pick(&["セルフケア", "カウンセラー", "グループ", "ケア", "ルフ"]))
            }
        }
        // two parts
        _ => format!("{} {}", rng.pick(JA), rng.pick(EN)),
    }
}

#[test]
fn search_finds_exactly_what_a_plain_scan_finds() {
    let seed = std::env::var("ENZA_SEARCH_SEED").ok().and_then(|s| s.parse().ok()).unwrap_or(0x5eed_2026_u64);
    let queries: usize = std::env::var("ENZA_SEARCH_QUERIES").ok().and_then(|s| s.parse().ok()).unwrap_or(3000);
    let mut rng = Rng(seed);
    let (_tmp, v, entries) = filled_vault(&mut rng);
    let mut non_empty = 0;
    for n in 0..queries {
        let q = random_query(&mut rng, &entries);
        let expected = oracle(&entries, &q);
        non_empty += usize::from(!expected.is_empty());
        assert_eq!(found(&v, &q), expected, "query {n} {q:?} (ENZA_SEARCH_SEED={seed})");
    }
    // The queries must exercise the index, not only agree on "nothing".
    assert!(non_empty > queries / 2, "only {non_empty} of {queries} queries matched anything");
}

#[test]
fn one_and_two_character_japanese_queries_match_inside_words() {
    let (_tmp, dir, _) = new_vault();
    let v = Vault::unlock(&dir, FAST_PASS).unwrap();
    let a = v.journal().add_reflection("", "今日は職場の境界線について話した。").unwrap();
    let b = v.journal().add_reflection("", "薬を飲み忘れた").unwrap();
    let ids = |q: &str| {
        v.search()
            .find(&Query { text: q.into(), ..Default::default() })
            .unwrap()
            .iter()
            .map(|h| h.id.unwrap())
            .collect::<Vec<_>>()
    };
    assert_eq!(ids("薬"), vec![b.id]);
    assert_eq!(ids("境界"), vec![a.id]);
    assert_eq!(ids("界線"), vec![a.id], "the middle of a word");
    assert_eq!(ids("場の"), vec![a.id]);
    assert_eq!(ids("の"), vec![a.id]);
    assert_eq!(ids("境線"), Vec::<i64>::new(), "not contiguous");
    assert_eq!(ids("した。薬"), Vec::<i64>::new(), "not across entries");
}

#[test]
fn width_and_case_do_not_matter() {
    let (_tmp, dir, _) = new_vault();
    let v = Vault::unlock(&dir, FAST_PASS).unwrap();
    let r = v.journal().add_reflection("ＡＢＣ seminar", "ｶｳﾝｾﾗｰに相談した").unwrap();
    for q in ["abc", "ABC", "ａｂｃ", "カウンセラー", "ｶｳﾝｾﾗｰ", "ウンセ", "SEMI"] {
        let hits = v.search().find(&Query { text: q.into(), ..Default::default() }).unwrap();
        assert_eq!(hits.len(), 1, "{q}");
        assert_eq!(hits[0].id, Some(r.id));
        assert!(hits[0].snippet.iter().any(|p| p.hit), "{q}: no highlight");
    }
}

#[test]
fn edits_and_deletes_change_results_at_once_and_leave_no_trace() {
    let (tmp, dir, _) = new_vault();
    let v = Vault::unlock(&dir, FAST_PASS).unwrap();
    let r = v.journal().add_reflection("", "zanzibarquokka と ひまわり畑").unwrap();
    assert_eq!(found(&v, "zanzibarquokka").len(), 1);
    v.journal().update_reflection(r.id, "", "marmalade only").unwrap();
    assert!(found(&v, "zanzibarquokka").is_empty());
    assert_eq!(found(&v, "marmalade").len(), 1);
    v.journal().delete_reflection(r.id).unwrap();
    assert!(found(&v, "marmalade").is_empty());
    assert!(!v.search().index_holds_for_tests("zanzibarquokka").unwrap());
    assert!(!v.search().index_holds_for_tests("marmalade").unwrap());
    // The same for a check-in note emptied, and a boundary event deleted.
    let c = CheckIn {
        day: today(),
        mood: 3,
        energy: 3,
        stress: 7,
        sleep_hours: None,
        selfcare: vec![],
        note: "xylograph 夜勤".into(),
    };
    v.journal().save_checkin(&c, today()).unwrap();
    assert_eq!(found(&v, "夜勤").len(), 1);
    v.journal().save_checkin(&CheckIn { note: String::new(), ..c }, today()).unwrap();
    assert!(found(&v, "夜勤").is_empty());
    assert!(!v.search().index_holds_for_tests("xylograph").unwrap());
    let e = BoundaryEvent {
        id: 0,
        day: today(),
        kind: BoundaryKind::MoneyOrGifts,
        what_happened: "quetzalcoatl gift".into(),
        what_i_did: "declined".into(),
        how_i_feel: "fine".into(),
        supervision: false,
    };
    let e = v.journal().save_boundary_event(&e, today()).unwrap();
    assert_eq!(found(&v, "quetzal").len(), 1);
    v.journal().delete_boundary_event(e.id).unwrap();
    assert!(found(&v, "quetzal").is_empty());
    assert!(!v.search().index_holds_for_tests("quetzalcoatl").unwrap());
    v.checkpoint().unwrap();
    v.lock();
    no_file_contains(tmp.path(), &["zanzibarquokka", "marmalade", "ひまわり畑", "quetzalcoatl", "xylograph"]);
}

#[test]
fn filters_narrow_by_kind_group_and_day() {
    let (_tmp, dir, _) = new_vault();
    let v = Vault::unlock(&dir, FAST_PASS).unwrap();
    let refl = v.journal().add_reflection("", "雨の日の散歩").unwrap();
    let old_day = today() - Days::new(40);
    let c = CheckIn {
        day: old_day,
        mood: 5,
        energy: 5,
        stress: 5,
        sleep_hours: None,
        selfcare: vec![],
        note: "雨で散歩なし".into(),
    };
    v.journal().save_checkin(&c, today()).unwrap();
    let g = |name: &str| Group {
        id: 0,
        name: name.into(),
        language: Lang::Ja,
        default_template: "builtin:standard".into(),
        usual_minutes: 90,
    };
    let tue = v.groups().save(&g("火曜の会")).unwrap();
    let fri = v.groups().save(&g("金曜の会")).unwrap();
    let meeting = |group: i64, notes: &str| {
        let id = v.meetings().start(Some(group), "builtin:standard", Lang::Ja).unwrap().id;
        v.meetings().command(id, &Command::End).unwrap();
        v.meetings().save_record(id, &SessionRecord { notes: notes.into(), ..Default::default() }).unwrap();
        id
    };
    let m_tue = meeting(tue.id, "雨の中よく来てくれた");
    let _m_fri = meeting(fri.id, "雨が上がった");

    let q = |kinds: Vec<Kind>, group_id: Option<i64>, since: Option<NaiveDate>, until: Option<NaiveDate>| {
        search(&v, &Query { text: "雨".into(), kinds, group_id, since, until, limit: 0 })
    };
    assert_eq!(q(vec![], None, None, None).len(), 4);
    assert_eq!(q(vec![Kind::Reflection], None, None, None), [(Kind::Reflection, refl.id.to_string())].into());
    assert_eq!(q(vec![Kind::Checkin, Kind::Reflection], None, None, None).len(), 2);
    assert_eq!(q(vec![], Some(tue.id), None, None), [(Kind::Session, m_tue.to_string())].into());
    let recent = q(vec![], None, Some(today() - Days::new(7)), None);
    assert_eq!(recent.len(), 3, "the old check-in is before the range");
    let old = q(vec![], None, Some(old_day), Some(old_day));
    assert_eq!(old, [(Kind::Checkin, old_day.to_string())].into());
    // Group names are found too, and a group's filter finds the group.
    assert_eq!(
        search(&v, &Query { text: "金曜".into(), ..Default::default() }),
        [(Kind::Group, fri.id.to_string())].into()
    );
}

#[test]
fn results_are_newest_first_and_bounded() {
    let (_tmp, dir, _) = new_vault();
    let v = Vault::unlock(&dir, FAST_PASS).unwrap();
    // More than one minute's block of 64 ids, so the overflow rule runs too.
    let ids: Vec<i64> = (0..70).map(|i| v.journal().add_reflection("", &format!("同じ言葉 {i}")).unwrap().id).collect();
    let hits = v.search().find(&Query { text: "言葉".into(), ..Default::default() }).unwrap();
    assert_eq!(hits.len(), 50, "the default limit");
    let got: Vec<i64> = hits.iter().map(|h| h.id.unwrap()).collect();
    let newest: Vec<i64> = ids.iter().rev().take(50).copied().collect();
    assert_eq!(got, newest);
    let long = "あ".repeat(enza_core::limits::SEARCH_QUERY_CHARS + 1);
    let too_long = v.search().find(&Query { text: long, ..Default::default() }).unwrap_err();
    assert!(matches!(too_long, enza_core::Error::QueryTooLong { .. }));
    // Said as a search, not as something to save in parts.
    assert_eq!(
        too_long.message(enza_core::Lang::En),
        "The search is longer than 200 characters. Search for a few words from it instead."
    );
    assert_eq!(
        too_long.message(enza_core::Lang::Ja),
        "検索する言葉が200文字を超えています。探したい言葉を短くしてください。"
    );
    for odd in ["", "   ", "\"", "*", "NEAR(", "a OR b", "-", "^", "\u{0}", "🙂"] {
        v.search().find(&Query { text: odd.into(), ..Default::default() }).unwrap();
    }
}

/// The time zones the day filters are tried in: UTC, one ahead of it, the
/// farthest ahead a person may be (UTC+12, +13 in summer), one behind.
const ZONES: [&str; 4] = ["UTC", "Asia/Tokyo", "Pacific/Auckland", "America/Los_Angeles"];

/// Issue 17 item 4: a day is a day. A check-in and a boundary event of a
/// day are found by that day in every time zone, and by no other; an entry
/// written now is found by today's local day. Each zone runs in a child
/// process with its own `TZ` (the local zone is read once per process).
#[test]
fn day_filters_find_a_days_entries_in_every_time_zone() {
    for zone in ZONES {
        let out = std::process::Command::new(std::env::current_exe().unwrap())
            .args(["--exact", "day_filter_child", "--ignored", "--nocapture"])
            .env("TZ", zone)
            .env("ENZA_DAY_FILTER_CHILD", "1")
            .output()
            .unwrap();
        let said = String::from_utf8_lossy(&out.stdout).into_owned() + &String::from_utf8_lossy(&out.stderr);
        assert!(out.status.success() && said.contains("1 passed"), "TZ={zone}:\n{said}");
    }
}

#[test]
#[ignore = "child process of day_filters_find_a_days_entries_in_every_time_zone"]
fn day_filter_child() {
    if std::env::var_os("ENZA_DAY_FILTER_CHILD").is_none() {
        return;
    }
    let zone = std::env::var("TZ").unwrap();
    let (_tmp, dir, _) = new_vault();
    let v = Vault::unlock(&dir, FAST_PASS).unwrap();
    let day: NaiveDate = "2026-06-19".parse().unwrap();
    let checkin =
        CheckIn {
            day, mood: 5, energy: 5, stress: 5, sleep_hours: None, selfcare: vec![], note: "夜明けの雨".into()
        };
    v.journal().save_checkin(&checkin, today()).unwrap();
    let boundary = BoundaryEvent {
        id: 0,
        day,
        kind: BoundaryKind::AfterHoursContact,
        what_happened: "雨の夜に電話".into(),
        what_i_did: String::new(),
        how_i_feel: String::new(),
        supervision: false,
    };
    let boundary = v.journal().save_boundary_event(&boundary, today()).unwrap();
    let before = today();
    let written = v.journal().add_reflection("", "雨上がりの昼").unwrap();
    let q = |since: NaiveDate, until: NaiveDate| {
        search(&v, &Query { text: "雨".into(), since: Some(since), until: Some(until), ..Default::default() })
    };
    let that_day: BTreeSet<_> = [(Kind::Checkin, day.to_string()), (Kind::Boundary, boundary.id.to_string())].into();
    assert_eq!(q(day, day), that_day, "TZ={zone}: the day's own entries");
    assert_eq!(q(day - Days::new(1), day - Days::new(1)), BTreeSet::new(), "TZ={zone}: the day before");
    assert_eq!(q(day + Days::new(1), day + Days::new(1)), BTreeSet::new(), "TZ={zone}: the day after");
    assert_eq!(q(day - Days::new(3), day + Days::new(3)), that_day, "TZ={zone}: a week around it");
    // Written now: found by today's local day (unless the day turned
    // while the test ran).
    if today() == before {
        let now: BTreeSet<_> = [(Kind::Reflection, written.id.to_string())].into();
        assert_eq!(q(before, before), now, "TZ={zone}: today");
        assert_eq!(q(before - Days::new(1), before - Days::new(1)), BTreeSet::new(), "TZ={zone}: yesterday");
    }
}
