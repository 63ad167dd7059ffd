//! Full-text search over everything the vault keeps: reflections, check-in
//! notes, boundary events, the self-care plan, meeting records and group
//! names, exact for Japanese and English (the rule is in [`text`]).
//!
//! The index is an FTS5 table inside the encrypted database, written by
//! triggers in the same transactions as the content, so the two can never
//! disagree after a crash. Its terms are made in Rust (`enza_search_terms`)
//! rather than by an FTS5 tokenizer in C: the same code folds and splits the
//! index, the queries and the highlights, with no unsafe code.

mod store;
mod text;

use crate::error::{Error, Result};
use crate::limits::{SEARCH_QUERY_CHARS, SEARCH_RESULTS_MAX};
use crate::store::{Capability, Db, Rebuild};
use chrono::{DateTime, Local, NaiveDate, NaiveTime, TimeZone, Utc};
use serde::{Deserialize, Serialize};

/// The rule, as `enza search --help` and ARCHITECTURE.md state it to
/// people; [`text`] states it for code.
pub const RULE: &str = "\
How search matches (one rule makes the index, reads the query and marks the hits):
  - Width, case and accents do not matter: ＡＢＣ is abc, café is cafe, Straße is
    strasse, ΟΔΟΣ is οδος. Japanese keeps its dakuten: が is not か.
  - Hiragana and katakana are one: かたかな finds カタカナ and ｶﾀｶﾅ.
  - Invisible characters are ignored: variation selectors (❤️, 辻󠄀), zero-width
    spaces, soft hyphens, word joiners. Decomposed kana and hangul count as
    composed.
  - Japanese, Chinese and Korean match anywhere, one character or more. Other
    words match from the start of a word, the last one as a prefix: bound finds
    boundaries; art does not find start.
  - One hyphen or apostrophe between two words both splits and joins them:
    self-care is found by self care, selfcare and care; don't by dont (up to
    eight joined words).
  - Emoji and punctuation separate words and are not searched; c++ and c#
    are words. Symbols such as ① № ℃ ㎏ ℹ️ 🈳 find themselves, and what they
    spell (1, no, c, kg, i, 空) finds them too. The few emoji Unicode counts
    as letters or digits (🅰️, 1️⃣) are words.
  - Each space-separated part must match, each inside one field: a title and
    the text under it never match as one phrase.
  - A check-in is also found by the self-care ticked that day, by its name in
    English or Japanese (rest, 休む).
  - Not matched: a word written whole by words apart (selfcare does not find
    self care: search does not guess where words split); kanji variants that
    are different characters (髙 and 高, 﨑 and 崎); the names of your own
    self-care activities.
";

/// What search declares: the index's tables, the functions its triggers
/// call, and the rebuild after the steps that made the index (6) and changed
/// its rule (7). The entries themselves are each capability's.
pub const CAPABILITY: Capability = Capability {
    name: "search",
    tables: &["search_entry", "search_index", "search_put", "search_drop"],
    functions: store::register_functions,
    rebuild: Some(Rebuild { after_steps: &[6, 7], run: store::backfill }),
    ..Capability::NONE
};

/// What kind of entry a result is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    Reflection,
    Checkin,
    Boundary,
    Plan,
    Session,
    Group,
    Research,
}

impl Kind {
    pub const ALL: [Kind; 7] =
        [Kind::Reflection, Kind::Checkin, Kind::Boundary, Kind::Plan, Kind::Session, Kind::Group, Kind::Research];

    pub fn key(self) -> &'static str {
        match self {
            Kind::Reflection => "reflection",
            Kind::Checkin => "checkin",
            Kind::Boundary => "boundary",
            Kind::Plan => "plan",
            Kind::Session => "session",
            Kind::Group => "group",
            Kind::Research => "research",
        }
    }

    pub fn from_key(key: &str) -> Option<Kind> {
        Kind::ALL.into_iter().find(|k| k.key() == key)
    }
}

/// A search: the words, and optional filters.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct Query {
    pub text: String,
    /// Only these kinds; empty means every kind.
    pub kinds: Vec<Kind>,
    /// Only this group's meetings (and the group itself).
    pub group_id: Option<i64>,
    /// Local days, both included.
    pub since: Option<NaiveDate>,
    pub until: Option<NaiveDate>,
    /// At most this many results; 0 means the default (50).
    pub limit: usize,
}

/// One result, newest first.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Hit {
    pub kind: Kind,
    /// The entry's id (reflection, boundary event, meeting, group).
    pub id: Option<i64>,
    /// The entry's day, for check-ins and boundary events.
    pub day: Option<NaiveDate>,
    /// When the entry was written (a day's entries: 12:00 UTC that day).
    pub at: DateTime<Utc>,
    /// The person's own title: a reflection's title, a meeting's group or
    /// template, a group's name. Empty when there is none.
    pub title: String,
    /// A window of the entry's text around the first match, in pieces; the
    /// pieces marked `hit` are what the query matched. Plain text only.
    pub snippet: Vec<Piece>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Piece {
    pub text: String,
    pub hit: bool,
}

/// The index's size, for `bench` and `status`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct IndexSize {
    pub entries: u64,
    pub bytes: u64,
}

/// Search over an unlocked vault: `vault.search()`.
pub struct Search<'v> {
    db: &'v Db,
}

impl<'v> Search<'v> {
    pub(crate) fn new(db: &'v Db) -> Self {
        Search { db }
    }

    /// Entries that match every part of `query.text`, newest first. An empty
    /// query (or one of punctuation only) finds nothing.
    pub fn find(&self, query: &Query) -> Result<Vec<Hit>> {
        if query.text.chars().count() > SEARCH_QUERY_CHARS {
            return Err(Error::QueryTooLong { max: SEARCH_QUERY_CHARS });
        }
        let parts = text::query_parts(&query.text);
        if parts.is_empty() {
            return Ok(Vec::new());
        }
        let limit = match query.limit {
            0 => 50,
            n => n.min(SEARCH_RESULTS_MAX),
        };
        let kinds =
            (!query.kinds.is_empty()).then(|| query.kinds.iter().fold(String::from(","), |s, k| s + k.key() + ","));
        let days = DayFilter::new(query.since, query.until);
        let found = store::find(
            self.db.conn(),
            &text::match_expression(&parts),
            &days,
            kinds.as_deref(),
            query.group_id,
            limit,
        )?;
        let mut hits = Vec::with_capacity(found.len());
        for f in found {
            // The triggers keep the index in step, so the entry is there.
            let (conn, capabilities) = (self.db.conn(), self.db.capabilities());
            let Some(mut doc) = store::document(conn, capabilities, f.kind, &f.reference)? else { continue };
            // An entry filed under a group (a meeting) is titled by the
            // group's name, as the group is now.
            if let Some(group) = f.group_id.filter(|_| f.kind != Kind::Group) {
                if let Some(named) = store::document(conn, capabilities, Kind::Group, &group.to_string())? {
                    doc.title = named.title;
                }
            }
            let (id, day) = match f.kind {
                Kind::Checkin => (None, f.reference.parse().ok()),
                Kind::Plan => (None, None),
                _ => (f.reference.parse().ok(), None),
            };
            let day = match f.kind {
                Kind::Boundary => Some(store::time_of(f.id).date_naive()),
                _ => day,
            };
            hits.push(Hit {
                kind: f.kind,
                id,
                day,
                at: store::time_of(f.id),
                title: doc.title,
                snippet: snippet(&doc.fields, &parts),
            });
        }
        Ok(hits)
    }

    pub fn index_size(&self) -> Result<IndexSize> {
        let (entries, bytes) = store::size(self.db.conn())?;
        Ok(IndexSize { entries, bytes })
    }

    /// The database file's size after compacting it.
    #[cfg(feature = "bench")]
    pub(crate) fn compact_size(&self) -> Result<u64> {
        store::compact_size(self.db.conn())
    }

    /// Empties the index, so `bench` can time building it from nothing.
    #[cfg(feature = "bench")]
    pub(crate) fn clear(&self) -> Result<()> {
        store::clear_for_bench(self.db.conn())
    }

    /// Indexes everything again, in one transaction, as an upgrade does.
    #[cfg(feature = "bench")]
    pub(crate) fn rebuild(&self) -> Result<()> {
        store::rebuild_for_bench(self.db.conn(), self.db.capabilities())
    }

    #[cfg(feature = "bench")]
    pub(crate) fn db(&self) -> &'v Db {
        self.db
    }

    /// Whether the index still holds `word` as a term anywhere, even in a
    /// block a deleted entry left behind. For tests.
    #[doc(hidden)]
    pub fn index_holds_for_tests(&self, word: &str) -> Result<bool> {
        let terms = text::document_terms([word]);
        store::index_holds(self.db.conn(), terms.as_bytes())
    }
}

/// The days a search keeps, as ranges of index ids. A day is a day: an
/// entry kept by its day (a check-in, a boundary event: its id stands at
/// 12:00 UTC of the day) is compared by that day, wherever the person is
/// (from UTC+12 a local midnight falls after that noon); an entry written
/// at a moment (a reflection, a meeting, a plan version, a group) by the
/// local days that moment falls in.
pub(crate) struct DayFilter {
    /// Ids of entries kept by their day.
    pub(crate) days: (i64, i64),
    /// Ids of entries written at a moment.
    pub(crate) moments: (i64, i64),
}

impl DayFilter {
    fn new(since: Option<NaiveDate>, until: Option<NaiveDate>) -> DayFilter {
        let next = |d: NaiveDate| d + chrono::Days::new(1);
        DayFilter {
            days: (
                since.map_or(i64::MIN, store::first_id_of_day),
                // Up to the next day's block: a day's entries that spilled
                // past its own block of ids are still that day's.
                until.map_or(i64::MAX, |d| store::first_id_of_day(next(d)) - 1),
            ),
            moments: (
                since.map_or(i64::MIN, |d| store::first_id_of(local_midnight(d))),
                until.map_or(i64::MAX, |d| store::first_id_of(local_midnight(next(d))) - 1),
            ),
        }
    }

    /// The ids either kind of entry may have: the range the index walks.
    pub(crate) fn outer(&self) -> (i64, i64) {
        (self.days.0.min(self.moments.0), self.days.1.max(self.moments.1))
    }
}

fn local_midnight(day: NaiveDate) -> DateTime<Utc> {
    let naive = day.and_time(NaiveTime::MIN);
    Local.from_local_datetime(&naive).earliest().map_or_else(|| naive.and_utc(), |t| t.with_timezone(&Utc))
}

/// Characters of context shown before the first match, and in all.
const BEFORE: usize = 30;
const WINDOW: usize = 140;

/// The first field with a match, cut to a window around its first match,
/// with every match in the window marked.
fn snippet(fields: &[String], parts: &[text::Part]) -> Vec<Piece> {
    let mut first_field = None;
    for field in fields {
        let chars: Vec<char> = field.chars().collect();
        if chars.is_empty() {
            continue;
        }
        first_field.get_or_insert_with(|| chars.clone());
        let reading = text::read(field);
        let marks = matches(&reading, parts);
        if let Some(&(start, _)) = marks.first() {
            let cut = cut_points(&reading, chars.len());
            let from = (0..=start.saturating_sub(BEFORE)).rev().find(|&i| cut[i]).unwrap_or(0);
            let to = ((from + WINDOW).min(chars.len())..=chars.len()).find(|&i| cut[i]).unwrap_or(chars.len());
            return pieces(&chars, from, to, &marks);
        }
    }
    let chars = first_field.unwrap_or_default();
    let to = WINDOW.min(chars.len());
    pieces(&chars, 0, to, &[])
}

/// Where a snippet may start or end in a field of `len` characters: never
/// inside what is drawn as one character (a letter and its marks, a
/// decomposed syllable, an emoji and its selector).
fn cut_points(reading: &text::Reading, len: usize) -> Vec<bool> {
    let mut cut = vec![true; len + 1];
    for &(start, end) in &reading.clusters {
        cut[start + 1..end].iter_mut().for_each(|c| *c = false);
    }
    cut
}

/// Ranges of the field's characters that a query part matches, in order,
/// not overlapping.
fn matches(reading: &text::Reading, parts: &[text::Part]) -> Vec<(usize, usize)> {
    let mut marks: Vec<(usize, usize)> = parts.iter().flat_map(|part| text::find_all(reading, part)).collect();
    marks.sort_unstable();
    let mut merged: Vec<(usize, usize)> = Vec::with_capacity(marks.len());
    for (s, e) in marks {
        match merged.last_mut() {
            Some(last) if s <= last.1 => last.1 = last.1.max(e),
            _ => merged.push((s, e)),
        }
    }
    merged
}

fn pieces(chars: &[char], from: usize, to: usize, marks: &[(usize, usize)]) -> Vec<Piece> {
    let mut out = Vec::new();
    let mut push = |range: std::ops::Range<usize>, hit: bool| {
        if !range.is_empty() {
            out.push(Piece { text: chars[range].iter().collect(), hit });
        }
    };
    let mut pos = from;
    for &(s, e) in marks {
        let (s, e) = (s.max(from), e.min(to));
        if s >= e {
            continue;
        }
        push(pos..s, false);
        push(s..e, true);
        pos = e;
    }
    push(pos..to, false);
    if to < chars.len() {
        out.push(Piece { text: "…".into(), hit: false });
    }
    if from > 0 {
        out.insert(0, Piece { text: "…".into(), hit: false });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use unicode_normalization::UnicodeNormalization;

    fn marked(pieces: &[Piece]) -> String {
        pieces.iter().map(|p| if p.hit { format!("[{}]", p.text) } else { p.text.clone() }).collect()
    }

    #[test]
    fn snippets_mark_matches_in_the_original_text() {
        let fields = vec![String::new(), "今日はＢｏｕｎｄａｒｉｅｓの話。ｶﾞｲﾄﾞも".to_string()];
        let parts = text::query_parts("bound ガイ");
        assert_eq!(marked(&snippet(&fields, &parts)), "今日は[Ｂｏｕｎｄ]ａｒｉｅｓの話。[ｶﾞｲ]ﾄﾞも");
    }

    #[test]
    fn highlights_and_windows_never_split_what_is_drawn_as_one_character() {
        let marked_for = |field: &str, q: &str| marked(&snippet(&[field.to_string()], &text::query_parts(q)));
        // The selector that makes 辻 the person's own 辻 stays with it.
        assert_eq!(marked_for("辻\u{E0100}本さん", "辻"), "[辻\u{E0100}]本さん");
        // Overlapping matches: all of it.
        assert_eq!(marked_for("あああ", "ああ"), "[あああ]");
        // The window starts before the accent's letter, not between them.
        let field = format!("{}e\u{301}{}cafe", "x".repeat(20), " ".repeat(29));
        let shown = marked_for(&field, "cafe");
        assert!(shown.starts_with("…e\u{301}"), "{shown:?}");
        // And ends after a decomposed syllable's last jamo.
        let han: String = "한".nfd().collect();
        let field = format!("{han}{}{han}", "x".repeat(136));
        let shown = marked_for(&field, "한");
        assert!(shown.ends_with(&format!("[{han}]")), "{shown:?}");
    }

    #[test]
    fn long_text_is_cut_around_the_first_match() {
        let field = format!("{}職場{}", "あ".repeat(100), "い".repeat(200));
        let s = snippet(&[field], &text::query_parts("職場"));
        assert_eq!(s.first().unwrap().text, "…");
        assert_eq!(s.last().unwrap().text, "…");
        let shown: usize = s.iter().map(|p| p.text.chars().count()).sum();
        assert_eq!(shown, WINDOW + 2);
        assert_eq!(s.iter().filter(|p| p.hit).count(), 1);
    }
}
