//! How text becomes search terms, and how a query finds its place in text.
//!
//! One rule, used for the index, for queries and for highlights:
//! - **Fold**: NFKC, then lower case, so ＡＢＣ, abc and ABC are one word and
//!   half-width ｶﾀｶﾅ is カタカナ.
//! - **Split**: a run of letters and digits outside CJK scripts is one word;
//!   each CJK character (kanji, kana, hangul) is a term of its own, so a
//!   phrase of them matches any substring of a Japanese sentence, one
//!   character long or more. Everything else separates terms.
//! - **Breaks**: where a separator stands next to CJK text (「境界、職場」, or
//!   the end of one field and the start of the next) a break term keeps the
//!   two sides from matching as if they touched; between two words a
//!   separator is just a space, so "self care" finds "self-care".
//!
//! A query matches where its folded text appears with separators collapsed,
//! and where it starts with a word, at the start of that word: "bound" finds
//! "boundaries", "art" does not find "start". The last word of each
//! space-separated part is a prefix; all parts must match.
//!
//! Terms go to FTS5 as plain ASCII (see [`encode`]), so SQLite's tokenizer
//! only splits at spaces and never applies Unicode tables of its own.

use std::fmt::Write;
use unicode_normalization::char::is_combining_mark;
use unicode_normalization::UnicodeNormalization;

/// Text after folding, with each character's position in the original.
#[derive(Debug, Default)]
pub(crate) struct Folded {
    pub chars: Vec<char>,
    /// `origin[i]`: index, in the original's chars, of where `chars[i]` came from.
    pub origin: Vec<usize>,
}

/// What a folded character is to the splitter.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Class {
    /// Kanji, kana, hangul: a term by itself.
    Cjk,
    /// Part of a word.
    Word,
    /// Space, punctuation, symbols, emoji.
    Separator,
}

pub(crate) fn class(c: char) -> Class {
    if is_cjk(c) {
        Class::Cjk
    } else if c.is_alphanumeric() || is_combining_mark(c) {
        Class::Word
    } else {
        Class::Separator
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
        | 0xAC00..=0xD7A3        // hangul syllables
        | 0x20000..=0x3134F      // CJK extensions B to G
    )
}

/// Folds `text`: NFKC, then lower case. Characters that compose with the one
/// before (combining marks, the half-width ﾞ and ﾟ) are folded together with
/// it, so ｶﾞ becomes ガ and maps back to both originals.
pub(crate) fn fold(text: &str) -> Folded {
    let mut out = Folded::default();
    let mut cluster = String::new();
    let mut cluster_start = 0;
    for (i, c) in text.chars().enumerate() {
        // A new cluster starts unless `c` composes with one already begun.
        if cluster.is_empty() || !composes_with_previous(c) {
            flush(&mut out, &cluster, cluster_start);
            cluster.clear();
            cluster_start = i;
        }
        cluster.push(c);
    }
    flush(&mut out, &cluster, cluster_start);
    out
}

fn composes_with_previous(c: char) -> bool {
    is_combining_mark(c) || matches!(c, '\u{FF9E}' | '\u{FF9F}' | '\u{3099}' | '\u{309A}')
}

fn flush(out: &mut Folded, cluster: &str, start: usize) {
    for c in cluster.nfkc() {
        for lower in c.to_lowercase() {
            out.chars.push(lower);
            out.origin.push(start);
        }
    }
}

/// A term, or the break between two terms that must not touch.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Term {
    Word(String),
    Cjk(char),
    Break,
}

/// The terms of folded text, in order, with breaks where a separator meets
/// CJK text.
pub(crate) fn terms(folded: &[char]) -> Vec<Term> {
    let mut out = Vec::new();
    let mut word = String::new();
    let mut separated = false;
    let push = |out: &mut Vec<Term>, term: Term, separated: &mut bool| {
        let touches_cjk = matches!(term, Term::Cjk(_)) || matches!(out.last(), Some(Term::Cjk(_)));
        if *separated && touches_cjk {
            out.push(Term::Break);
        }
        *separated = false;
        out.push(term);
    };
    for &c in folded {
        match class(c) {
            Class::Word => word.push(c),
            other => {
                if !word.is_empty() {
                    push(&mut out, Term::Word(std::mem::take(&mut word)), &mut separated);
                }
                match other {
                    Class::Cjk => push(&mut out, Term::Cjk(c), &mut separated),
                    _ => separated = !out.is_empty(),
                }
            }
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
        Term::Cjk(c) => put(*c),
        Term::Break => out.push('_'),
    }
}

/// What the index stores for a document: the terms of each field, with a
/// break between fields. Empty when no field has a term.
pub(crate) fn document_terms<'a>(fields: impl IntoIterator<Item = &'a str>) -> String {
    let mut out = String::new();
    for field in fields {
        let terms = terms(&fold(field).chars);
        if terms.is_empty() {
            continue;
        }
        if !out.is_empty() {
            out.push_str(" _");
        }
        for term in &terms {
            if !out.is_empty() {
                out.push(' ');
            }
            encode(term, &mut out);
        }
    }
    out
}

/// One space-separated part of a query, folded and split.
#[derive(Debug, Clone)]
pub(crate) struct Part {
    /// The folded part with separator runs collapsed to one space: what a
    /// match looks like in text folded and collapsed the same way.
    pub collapsed: Vec<char>,
    pub terms: Vec<Term>,
}

/// The parts of a query; parts with no term (only punctuation) are dropped.
pub(crate) fn query_parts(query: &str) -> Vec<Part> {
    query
        .split(char::is_whitespace)
        .filter_map(|raw| {
            let folded = fold(raw);
            let terms = terms(&folded.chars);
            if terms.is_empty() {
                return None;
            }
            Some(Part { collapsed: collapse(&folded.chars).0, terms })
        })
        .collect()
}

/// The FTS5 expression for `parts`: each part a phrase, its last word a
/// prefix, all parts required. Built only from encoded terms inside double
/// quotes, so nothing a person types is FTS5 syntax.
pub(crate) fn match_expression(parts: &[Part]) -> String {
    let mut out = String::new();
    for part in parts {
        if !out.is_empty() {
            out.push_str(" AND ");
        }
        out.push('"');
        for (i, term) in part.terms.iter().enumerate() {
            if i > 0 {
                out.push(' ');
            }
            encode(term, &mut out);
        }
        out.push('"');
        if matches!(part.terms.last(), Some(Term::Word(_))) {
            out.push('*');
        }
    }
    out
}

/// Folded text with each run of separators replaced by one space, and for
/// each kept character its index in the folded text.
pub(crate) fn collapse(folded: &[char]) -> (Vec<char>, Vec<usize>) {
    let mut chars = Vec::with_capacity(folded.len());
    let mut at = Vec::with_capacity(folded.len());
    let mut pending_space = None;
    for (i, &c) in folded.iter().enumerate() {
        if class(c) == Class::Separator {
            if !chars.is_empty() && pending_space.is_none() {
                pending_space = Some(i);
            }
            continue;
        }
        if let Some(s) = pending_space.take() {
            chars.push(' ');
            at.push(s);
        }
        chars.push(c);
        at.push(i);
    }
    (chars, at)
}

/// Where `part` matches in `collapsed` text: start and end (exclusive)
/// indices. A part that starts with a word matches only at a word's start.
pub(crate) fn find_all(collapsed: &[char], part: &Part) -> Vec<(usize, usize)> {
    let needle = &part.collapsed;
    let starts_with_word = needle.first().is_some_and(|&c| class(c) == Class::Word);
    let mut out = Vec::new();
    if needle.is_empty() || needle.len() > collapsed.len() {
        return out;
    }
    let mut i = 0;
    while i + needle.len() <= collapsed.len() {
        if collapsed[i..i + needle.len()] == needle[..]
            && !(starts_with_word && i > 0 && class(collapsed[i - 1]) == Class::Word)
        {
            out.push((i, i + needle.len()));
            i += needle.len();
        } else {
            i += 1;
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

    #[test]
    fn width_and_case_fold_to_one_form() {
        assert_eq!(fold("ＡＢＣ").chars, fold("abc").chars);
        assert_eq!(fold("ABC").chars, fold("abc").chars);
        assert_eq!(fold("ｶﾀｶﾅ").chars, fold("カタカナ").chars);
        // ｶﾞ is two characters that become one, mapped back to the first.
        let f = fold("ｶﾞｲﾄﾞ");
        assert_eq!(f.chars.iter().collect::<String>(), "ガイド");
        assert_eq!(f.origin, vec![0, 2, 3]);
    }

    #[test]
    fn japanese_is_split_per_character_and_words_whole() {
        assert_eq!(doc("職場のboundaries"), "_008077 _005834 _00306e boundaries");
        assert_eq!(doc("Self-care!"), "self care");
    }

    #[test]
    fn separators_next_to_japanese_break_phrases() {
        assert_eq!(doc("境界、職場"), "_005883 _00754c _ _008077 _005834");
        assert_eq!(doc("care 職"), "care _ _008077");
        assert_eq!(doc("care職"), "care _008077");
    }

    #[test]
    fn fields_are_kept_apart() {
        assert_eq!(document_terms(["職", "", "場"]), "_008077 _ _005834");
        assert_eq!(document_terms(["", "  "]), "");
    }

    #[test]
    fn queries_are_phrases_with_a_prefix_last_word() {
        let parts = query_parts("  self-care  職場 ");
        assert_eq!(match_expression(&parts), r#""self care"* AND "_008077 _005834""#);
        assert_eq!(match_expression(&query_parts("\"* OR x:")), r#""or"* AND "x"*"#);
        assert!(query_parts(" 、。!? ").is_empty());
    }

    #[test]
    fn matches_start_at_word_starts() {
        let (text, _) = collapse(&fold("Start the art of self-care.").chars);
        let part = &query_parts("art")[0];
        assert_eq!(find_all(&text, part).len(), 1);
        let part = &query_parts("SELF-CARE")[0];
        assert_eq!(find_all(&text, part).len(), 1);
    }
}
