//! How text becomes search terms, and how a query finds its place in text.
//!
//! One rule, used for the index, for queries and for highlights (stated for
//! people in ARCHITECTURE.md and `enza search --help`):
//!
//! 1. **Fold** each character together with the marks and jamo that compose
//!    with it. Invisible characters (Unicode's default-ignorables: variation
//!    selectors, zero-width space, word joiner, soft hyphen, BOM) are
//!    dropped; then NFKC (ＡＢＣ→abc, ｶﾀｶﾅ→カタカナ, decomposed hangul and
//!    kana composed), full case folding (Straße→strasse, final ς→σ), accents
//!    off Latin and Greek letters (café→cafe, ø ł đ→o l d), katakana as
//!    hiragana. Symbols that NFKC would spell out in letters or digits
//!    (① № ℃ ㎏ ½) stay themselves.
//! 2. **Split**: a run of letters and digits outside CJK is one word, with a
//!    `+` or `#` that closes it (c++, c#); each CJK character (kanji, kana,
//!    hangul) and each kept symbol is a term of its own. Everything else
//!    separates. Where a separator touches a one-character term, a break
//!    keeps the two sides from matching as if they touched; between two
//!    words a separator is just a space, so "self care" finds "self-care".
//! 3. **Other readings**: words joined by one hyphen or apostrophe
//!    (self-care, don't) also read as one word, from each of them to the end
//!    of the run (selfcare, dont); a kept symbol also reads as what NFKC
//!    spells (㎏ as kg, ① as 1). Each reading, and each field, stands apart:
//!    no phrase runs from one into another.
//!
//! A query is split at spaces into parts. A part matches where its folded
//! text appears in a field or a reading, separators compared as one space,
//! at a word's start when it starts with a word, its last word a prefix
//! ("bound" finds "boundaries", "art" does not find "start"). A part with a
//! hyphen or apostrophe also matches joined ("self-care" finds "selfcare").
//! Every part must match.
//!
//! Terms go to FTS5 as plain ASCII (see [`encode`]), so SQLite's tokenizer
//! only splits at spaces and never applies Unicode tables of its own.

use std::fmt::Write;
use unicode_normalization::char::is_combining_mark;
use unicode_normalization::UnicodeNormalization;

/// Text after folding: each character with the original characters it
/// came from (indices into the original's chars, end exclusive).
#[derive(Debug, Default, Clone)]
pub(crate) struct Folded {
    pub chars: Vec<char>,
    pub span: Vec<(usize, usize)>,
}

impl Folded {
    fn push(&mut self, c: char, span: (usize, usize)) {
        self.chars.push(c);
        self.span.push(span);
    }
}

/// Folds `text` (rule 1).
pub(crate) fn fold(text: &str) -> Folded {
    fold_with(text, true)
}

/// Folds `text`; `keep_symbols: false` spells kept symbols out, for their
/// other reading.
fn fold_with(text: &str, keep_symbols: bool) -> Folded {
    let mut out = Folded::default();
    let mut cluster = String::new();
    let mut span = (0, 0);
    for (i, c) in text.chars().enumerate() {
        if is_invisible(c) {
            // Drawn as part of the character before (a variation selector
            // on 辻, a joiner inside a Sinhala letter): a highlight that
            // ends there takes it too.
            if !cluster.is_empty() {
                span.1 = i + 1;
            }
            continue;
        }
        if !cluster.is_empty() && composes_with_previous(c) {
            cluster.push(c);
            span.1 = i + 1;
            continue;
        }
        fold_cluster(&cluster, span, keep_symbols, &mut out);
        cluster.clear();
        cluster.push(c);
        span = (i, i + 1);
    }
    fold_cluster(&cluster, span, keep_symbols, &mut out);
    out
}

/// Unicode's default-ignorable code points: they draw nothing, so they
/// never split or change a word.
fn is_invisible(c: char) -> bool {
    matches!(c as u32,
        0x00AD                  // soft hyphen
        | 0x034F                // combining grapheme joiner
        | 0x061C                // Arabic letter mark
        | 0x115F | 0x1160 | 0x3164 | 0xFFA0 // hangul fillers
        | 0x17B4 | 0x17B5
        | 0x180B..=0x180F       // Mongolian variation selectors
        | 0x200B..=0x200F       // zero-width space, (non-)joiner, direction marks
        | 0x202A..=0x202E       // direction embeddings
        | 0x2060..=0x206F       // word joiner, invisible operators, direction isolates
        | 0xFE00..=0xFE0F       // variation selectors (the emoji one is U+FE0F)
        | 0xFEFF                // byte order mark
        | 0x1BCA0..=0x1BCA3
        | 0x1D173..=0x1D17A
        | 0xE0000..=0xE0FFF     // tags, ideographic variation selectors (U+E0100…)
    )
}

/// Characters that compose with the one before: combining marks, the
/// half-width ﾞ and ﾟ, and the vowel and final jamo of decomposed hangul.
fn composes_with_previous(c: char) -> bool {
    is_combining_mark(c) || matches!(c as u32, 0xFF9E | 0xFF9F | 0x3099 | 0x309A | 0x1160..=0x11FF | 0xD7B0..=0xD7FF)
}

fn fold_cluster(cluster: &str, span: (usize, usize), keep_symbols: bool, out: &mut Folded) {
    let Some(first) = cluster.chars().next() else { return };
    if cluster.len() == 1 {
        // ASCII alone: most of most text, so the short way.
        out.push(first.to_ascii_lowercase(), span);
        return;
    }
    if keep_symbols && is_spelled_symbol(first) {
        out.push(first, span);
        return;
    }
    let mut folded = String::with_capacity(cluster.len());
    for c in cluster.nfkc() {
        match c {
            'ß' | 'ẞ' => folded.push_str("ss"),
            'ς' => folded.push('σ'),
            _ => folded.extend(c.to_lowercase()),
        }
    }
    if folded.chars().next().is_some_and(is_latin_or_greek) {
        for c in folded.nfd().filter(|&c| !is_accent(c)) {
            out.push(without_stroke(c), span);
        }
    } else {
        for c in folded.chars() {
            out.push(as_hiragana(c), span);
        }
    }
}

/// Symbols, letters and numbers in a circle or a square that NFKC would
/// spell out (①→1, №→No, ℃→°C, ㎏→kg, ℹ→i, 🈳→空, ½→1⁄2): spelled out,
/// a search for ① would find every 1.
fn is_spelled_symbol(c: char) -> bool {
    matches!(c as u32, 0xBC..=0xBE | 0x2100..=0x218F | 0x2460..=0x24FF | 0x3200..=0x33FF | 0x1F100..=0x1F2FF)
        && std::iter::once(c).nfkc().ne(std::iter::once(c))
}

fn is_latin_or_greek(c: char) -> bool {
    c.is_ascii_alphabetic()
        || matches!(c as u32, 0xC0..=0x24F | 0x370..=0x3FF | 0x1E00..=0x1FFF | 0x2C60..=0x2C7F | 0xA720..=0xA7FF)
}

/// The combining accents taken off Latin and Greek letters.
fn is_accent(c: char) -> bool {
    matches!(c as u32, 0x300..=0x36F | 0x1AB0..=0x1AFF | 0x1DC0..=0x1DFF)
}

/// Letters written with a stroke, which no decomposition takes apart.
fn without_stroke(c: char) -> char {
    match c {
        'ø' => 'o',
        'ł' => 'l',
        'đ' => 'd',
        _ => c,
    }
}

fn as_hiragana(c: char) -> char {
    match c as u32 {
        0x30A1..=0x30F6 | 0x30FD | 0x30FE => char::from_u32(c as u32 - 0x60).unwrap_or(c),
        _ => c,
    }
}

fn is_cjk(c: char) -> bool {
    matches!(c as u32,
        0x3005..=0x3007          // 々 〆 〇
        | 0x3041..=0x309F        // hiragana, with ゛゜ゝゞ
        | 0x30A1..=0x30FA        // katakana
        | 0x30FC..=0x30FF        // ー ヽ ヾ ヿ
        | 0x31F0..=0x31FF        // katakana phonetic extensions
        | 0x3400..=0x4DBF        // CJK extension A
        | 0x4E00..=0x9FFF        // CJK unified ideographs
        | 0xF900..=0xFAFF        // compatibility ideographs
        | 0x1100..=0x11FF        // hangul jamo
        | 0x3131..=0x318E        // hangul compatibility jamo
        | 0xA960..=0xA97F | 0xD7B0..=0xD7FF // hangul jamo extensions
        | 0xAC00..=0xD7A3        // hangul syllables
        | 0x20000..=0x323AF      // CJK extensions B to H
    )
}

/// A hyphen or an apostrophe: one of them between two words joins them.
fn is_joiner(c: char) -> bool {
    matches!(c, '-' | '\u{2010}' | '\'' | '\u{2019}' | '\u{02BC}')
}

/// What a character of a [`Text`] is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Class {
    /// Kanji, kana, hangul, a kept symbol: a term by itself.
    Char,
    /// Part of a word.
    Word,
    /// A run of separators, as one space.
    Space,
    /// One hyphen or apostrophe between two words.
    Join,
}

/// Folded text as the splitter sees it: terms' characters, each run of
/// separators as one space, joiners marked.
#[derive(Debug, Default, Clone)]
pub(crate) struct Text {
    pub chars: Vec<char>,
    pub class: Vec<Class>,
    /// The original characters each came from.
    pub span: Vec<(usize, usize)>,
}

impl Text {
    fn push(&mut self, c: char, class: Class, span: (usize, usize)) {
        self.chars.push(c);
        self.class.push(class);
        self.span.push(span);
    }
}

/// A field's text and its other readings (rule 3), each standing apart.
#[derive(Debug, Default)]
pub(crate) struct Reading {
    pub text: Text,
    pub others: Vec<Text>,
    /// The original characters each folded character came from: what is
    /// drawn as one character, which a snippet must not cut apart.
    pub clusters: Vec<(usize, usize)>,
}

/// Folds and splits `text`, with its other readings.
pub(crate) fn read(text: &str) -> Reading {
    let folded = fold(text);
    let text = split(&folded);
    let others = joined_words(&text).into_iter().chain(spelled_symbols(&text)).collect();
    Reading { text, others, clusters: folded.span }
}

/// Splits folded text (rule 2) into a [`Text`].
fn split(folded: &Folded) -> Text {
    let chars = &folded.chars;
    let mut class: Vec<Option<Class>> = Vec::with_capacity(chars.len());
    for (i, &c) in chars.iter().enumerate() {
        let previous = i.checked_sub(1).and_then(|p| class[p]);
        class.push(if is_cjk(c) || is_spelled_symbol(c) {
            Some(Class::Char)
        } else if is_joiner(c) {
            None
        } else if c.is_alphanumeric() {
            Some(Class::Word)
        } else if is_combining_mark(c) && previous == Some(Class::Word) {
            // A mark left on a letter (Devanagari, Thai…) belongs to its word.
            Some(Class::Word)
        } else {
            None
        });
    }
    // A `+` or `#` run closing a word belongs to it (c++, c#); one joiner
    // between two words joins them.
    let mut i = 0;
    while i < chars.len() {
        if class[i].is_none() && i > 0 && class[i - 1] == Some(Class::Word) {
            let run = chars[i..].iter().take_while(|&&c| c == '+' || c == '#').count();
            if run > 0 && class.get(i + run).is_none_or(|next| next.is_none()) {
                class[i..i + run].iter_mut().for_each(|k| *k = Some(Class::Word));
                i += run;
                continue;
            }
            if is_joiner(chars[i]) && class.get(i + 1) == Some(&Some(Class::Word)) {
                class[i] = Some(Class::Join);
            }
        }
        i += 1;
    }
    let mut out = Text::default();
    let mut gap = None;
    for (i, (&c, k)) in chars.iter().zip(&class).enumerate() {
        match k {
            None => {
                if !out.chars.is_empty() && gap.is_none() {
                    gap = Some(folded.span[i]);
                }
            }
            Some(k) => {
                if let Some(span) = gap.take() {
                    out.push(' ', Class::Space, span);
                }
                out.push(c, *k, folded.span[i]);
            }
        }
    }
    out
}

/// How many words of a joined run one reading holds. Bounded so that a
/// run of thousands of joined words (a pasted "a-b-c-…") costs the index
/// and the highlights a few times the text, not its square.
const JOINED_WORDS_MAX: usize = 8;

/// Words joined by hyphens or apostrophes, read as one from each of them
/// to the end of the run, at most [`JOINED_WORDS_MAX`] words:
/// self-care-plan gives selfcareplan and careplan.
fn joined_words(text: &Text) -> Vec<Text> {
    // Runs of words, each word a range of word characters; a word with a
    // joiner before it belongs to the run before.
    let mut runs: Vec<Vec<(usize, usize)>> = Vec::new();
    let n = text.chars.len();
    let mut i = 0;
    while i < n {
        if text.class[i] != Class::Word {
            i += 1;
            continue;
        }
        let start = i;
        while i < n && text.class[i] == Class::Word {
            i += 1;
        }
        match runs.last_mut() {
            Some(run) if start > 0 && text.class[start - 1] == Class::Join => run.push((start, i)),
            _ => runs.push(vec![(start, i)]),
        }
    }
    let mut out = Vec::new();
    for run in runs.iter().filter(|run| run.len() > 1) {
        for from in 0..run.len() - 1 {
            let mut joined = Text::default();
            for j in run[from..].iter().take(JOINED_WORDS_MAX).flat_map(|&(s, e)| s..e) {
                joined.push(text.chars[j], Class::Word, text.span[j]);
            }
            out.push(joined);
        }
    }
    out
}

/// Each kept symbol, spelled out as NFKC spells it (㎏ as kg).
fn spelled_symbols(text: &Text) -> Vec<Text> {
    let mut out = Vec::new();
    for (i, &c) in text.chars.iter().enumerate() {
        if text.class[i] == Class::Char && is_spelled_symbol(c) {
            let mut spelled = split(&fold_with(c.encode_utf8(&mut [0; 4]), false));
            if !spelled.chars.is_empty() {
                spelled.span.iter_mut().for_each(|s| *s = text.span[i]);
                out.push(spelled);
            }
        }
    }
    out
}

/// A term, or the break between two terms that must not touch.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Term {
    Word(String),
    Char(char),
    Break,
}

/// The terms of a text, in order, with breaks where a separator touches a
/// one-character term.
pub(crate) fn terms(text: &Text) -> Vec<Term> {
    let mut out = Vec::new();
    let mut word = String::new();
    let mut separated = false;
    let push = |out: &mut Vec<Term>, term: Term, separated: &mut bool| {
        let touches_char = matches!(term, Term::Char(_)) || matches!(out.last(), Some(Term::Char(_)));
        if *separated && touches_char {
            out.push(Term::Break);
        }
        *separated = false;
        out.push(term);
    };
    for (&c, &class) in text.chars.iter().zip(&text.class) {
        if class == Class::Word {
            word.push(c);
            continue;
        }
        if !word.is_empty() {
            push(&mut out, Term::Word(std::mem::take(&mut word)), &mut separated);
        }
        match class {
            Class::Char => push(&mut out, Term::Char(c), &mut separated),
            Class::Space => separated = true,
            Class::Join | Class::Word => {}
        }
    }
    if !word.is_empty() {
        push(&mut out, Term::Word(word), &mut separated);
    }
    out
}

/// A term as FTS5 sees it: ASCII letters and digits stay as they are, any
/// other character becomes `_` and six hex digits; a break is a lone `_`.
/// Prefixes stay prefixes, so "caf" still finds "café" by prefix.
pub(crate) fn encode(term: &Term, out: &mut String) {
    let mut put = |c: char| {
        if c.is_ascii_alphanumeric() {
            out.push(c);
        } else {
            let _ = write!(out, "_{:06x}", c as u32);
        }
    };
    match term {
        Term::Word(w) => w.chars().for_each(put),
        Term::Char(c) => put(*c),
        Term::Break => out.push('_'),
    }
}

/// What stands between two fields or readings: a term no query makes, so
/// no phrase runs across it.
const APART: &str = "__";

/// What the index stores for a document: the terms of each field and of
/// its other readings, each set apart. Empty when no field has a term.
pub(crate) fn document_terms<'a>(fields: impl IntoIterator<Item = &'a str>) -> String {
    let mut out = String::new();
    for field in fields {
        let reading = read(field);
        for text in std::iter::once(&reading.text).chain(&reading.others) {
            let terms = terms(text);
            if terms.is_empty() {
                continue;
            }
            if !out.is_empty() {
                out.push(' ');
                out.push_str(APART);
            }
            for term in &terms {
                if !out.is_empty() {
                    out.push(' ');
                }
                encode(term, &mut out);
            }
        }
    }
    out
}

/// One space-separated part of a query: as written, and joined when it
/// holds a hyphen or an apostrophe between words.
#[derive(Debug, Clone)]
pub(crate) struct Part {
    pub forms: Vec<Text>,
}

/// The parts of a query; parts with no term (only punctuation) are dropped.
pub(crate) fn query_parts(query: &str) -> Vec<Part> {
    query
        .split(char::is_whitespace)
        .filter_map(|raw| {
            let text = split(&fold(raw));
            if terms(&text).is_empty() {
                return None;
            }
            let mut forms = vec![text.clone()];
            if text.class.contains(&Class::Join) {
                let mut joined = Text::default();
                for i in (0..text.chars.len()).filter(|&i| text.class[i] != Class::Join) {
                    joined.push(text.chars[i], text.class[i], text.span[i]);
                }
                forms.push(joined);
            }
            Some(Part { forms })
        })
        .collect()
}

/// The FTS5 expression for `parts`: each form of a part a phrase, its last
/// word a prefix; all parts required. Built only from encoded terms inside
/// double quotes, so nothing a person types is FTS5 syntax.
pub(crate) fn match_expression(parts: &[Part]) -> String {
    let mut out = String::new();
    for part in parts {
        if !out.is_empty() {
            out.push_str(" AND ");
        }
        if part.forms.len() > 1 {
            out.push('(');
        }
        for (f, form) in part.forms.iter().enumerate() {
            if f > 0 {
                out.push_str(" OR ");
            }
            let terms = terms(form);
            out.push('"');
            for (i, term) in terms.iter().enumerate() {
                if i > 0 {
                    out.push(' ');
                }
                encode(term, &mut out);
            }
            out.push('"');
            if matches!(terms.last(), Some(Term::Word(_))) {
                out.push('*');
            }
        }
        if part.forms.len() > 1 {
            out.push(')');
        }
    }
    out
}

/// Where `part` matches in a field's reading: ranges of the original
/// characters, in no particular order.
pub(crate) fn find_all(reading: &Reading, part: &Part) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    for text in std::iter::once(&reading.text).chain(&reading.others) {
        for form in &part.forms {
            for (s, e) in occurrences(text, form) {
                out.push((text.span[s].0, text.span[e - 1].1));
            }
        }
    }
    out
}

/// Where `needle` occurs in `hay`: start and end (exclusive) indices. A
/// space and a joiner compare equal; a needle that starts with a word
/// matches only at a word's start.
fn occurrences(hay: &Text, needle: &Text) -> Vec<(usize, usize)> {
    let len = needle.chars.len();
    let starts_with_word = needle.class.first() == Some(&Class::Word);
    let gap = |k: Class| matches!(k, Class::Space | Class::Join);
    let same = |h: usize, n: usize| {
        if gap(needle.class[n]) {
            gap(hay.class[h])
        } else {
            hay.chars[h] == needle.chars[n] && !gap(hay.class[h])
        }
    };
    let mut out = Vec::new();
    if len == 0 || len > hay.chars.len() {
        return out;
    }
    // Overlapping matches are all kept: "ああ" marks all of "あああ".
    for i in 0..=hay.chars.len() - len {
        if !(starts_with_word && i > 0 && hay.class[i - 1] == Class::Word) && (0..len).all(|n| same(i + n, n)) {
            out.push((i, i + len));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc(text: &str) -> String {
        document_terms([text])
    }

    fn folded(text: &str) -> String {
        fold(text).chars.iter().collect()
    }

    #[test]
    fn width_case_accents_and_kana_fold_to_one_form() {
        assert_eq!(folded("ＡＢＣ"), "abc");
        assert_eq!(folded("ｶﾀｶﾅ"), "かたかな");
        assert_eq!(folded("Straße ΟΔΟΣ café"), "strasse οδοσ cafe");
        assert_eq!(folded("❤\u{FE0F}辻\u{E0100}本\u{200B}"), "❤辻本");
        // ｶﾞ is two characters that become one, mapped back to both.
        let f = fold("ｶﾞｲﾄﾞ");
        assert_eq!(f.chars.iter().collect::<String>(), "がいど");
        assert_eq!(f.span, vec![(0, 2), (2, 3), (3, 5)]);
    }

    #[test]
    fn japanese_is_split_per_character_and_words_whole() {
        assert_eq!(doc("職場のboundaries"), "_008077 _005834 _00306e boundaries");
        assert_eq!(doc("Self-care!"), "self care __ selfcare");
        assert_eq!(doc("c++ and C#"), "c_00002b_00002b and c_000023");
        assert_eq!(doc("①"), "_002460 __ 1");
    }

    #[test]
    fn separators_next_to_japanese_break_phrases() {
        assert_eq!(doc("境界、職場"), "_005883 _00754c _ _008077 _005834");
        assert_eq!(doc("care 職"), "care _ _008077");
        assert_eq!(doc("care職"), "care _008077");
    }

    #[test]
    fn fields_are_kept_apart() {
        assert_eq!(document_terms(["職", "", "場"]), "_008077 __ _005834");
        assert_eq!(document_terms(["", "  "]), "");
    }

    #[test]
    fn queries_are_phrases_with_a_prefix_last_word() {
        let parts = query_parts("  self-care  職場 ");
        assert_eq!(match_expression(&parts), r#"("self care"* OR "selfcare"*) AND "_008077 _005834""#);
        assert_eq!(match_expression(&query_parts("\"* OR x:")), r#""or"* AND "x"*"#);
        assert!(query_parts(" 、。!? ").is_empty());
    }

    /// A pasted run of thousands of joined words costs a few times its
    /// length, not its square.
    #[test]
    fn a_long_joined_run_stays_small() {
        let text = "ab-".repeat(5_333);
        let started = std::time::Instant::now();
        let terms = document_terms([text.as_str()]);
        assert!(terms.len() < 30 * text.len(), "{} bytes of terms for {} characters", terms.len(), text.len());
        assert!(started.elapsed() < std::time::Duration::from_secs(5));
        assert_eq!(doc("a-b-c-d-e-f-g-h-i-j").split(" __ ").nth(1), Some("abcdefgh"), "eight words at most");
    }

    /// The index is made by this rule, and an entry leaves it with the
    /// terms the rule makes now: if the rule changes (a new Rust or
    /// unicode-normalization with other tables, an edit here, a renamed
    /// self-care activity), entries could never be removed. This pins the
    /// rule's output over every code point; when it fails, add a migration
    /// that makes the index again (as step 7 does) and update the number.
    #[test]
    fn the_rule_cannot_drift_without_a_migration() {
        let mut h: u64 = 0xcbf2_9ce4_8422_2325;
        let mut feed = |s: &str| {
            for b in s.bytes().chain([0xff]) {
                h = (h ^ u64::from(b)).wrapping_mul(0x100_0000_01b3);
            }
        };
        let mut one = String::new();
        for c in (0..=0x10FFFFu32).filter_map(char::from_u32) {
            one.clear();
            one.push('a');
            one.push(c);
            feed(&document_terms([one.as_str()]));
        }
        for sample in ["\u{1112}\u{1161}\u{11AB}", "ｶﾞ", "self-care's c++ ①", "İı ẞ ς", "辻\u{E0100}"] {
            feed(&document_terms([sample]));
        }
        let keys: Vec<String> = crate::journal::checkin::BUILTIN_ACTIVITIES.iter().map(|k| k.to_string()).collect();
        feed(&crate::journal::selfcare_names(&keys));
        assert_eq!(
            h, 0x9305_04a5_4bf1_bd1e,
            "the search rule's output changed: add a migration that makes the index again"
        );
    }

    #[test]
    fn matches_start_at_word_starts() {
        let reading = read("Start the art of self-care.");
        assert_eq!(find_all(&reading, &query_parts("art")[0]), vec![(10, 13)]);
        assert_eq!(find_all(&reading, &query_parts("SELF-CARE")[0]), vec![(17, 26), (17, 26)]);
        assert_eq!(find_all(&reading, &query_parts("selfcare")[0]), vec![(17, 26)]);
    }
}
