//! A check for personal data in free-text notes, run before they are saved.
//!
//! It flags what *looks* like a phone number, an e-mail address, a postal
//! code or a person's full name, so the UI can ask "keep as written, or
//! edit?". It never blocks and never changes the text: the facilitator
//! decides. It errs on the side of asking.

use regex::Regex;
use serde::Serialize;
use std::sync::OnceLock;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    Phone,
    Email,
    PostalCode,
    Name,
}

/// One finding: what kind, and where (byte offsets into the text), so the
/// UI can point at it without the core keeping or logging the text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Finding {
    pub kind: Kind,
    pub start: usize,
    pub end: usize,
}

struct Patterns {
    rules: Vec<(Kind, Regex)>,
}

fn patterns() -> &'static Patterns {
    static P: OnceLock<Patterns> = OnceLock::new();
    P.get_or_init(|| {
        let rule = |kind, re: &str| (kind, Regex::new(re).expect("valid pattern"));
        Patterns {
            rules: vec![
                rule(Kind::Email, r"[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}"),
                // Japanese numbers (0X0-XXXX-XXXX, 03-XXXX-XXXX, 0120-...),
                // +81 and other international forms, and 10+ digit runs.
                rule(Kind::Phone, r"(?:\+\d{1,3}[\s-]?)?(?:\(?0\d{1,4}\)?[\s-]\d{1,4}[\s-]\d{3,4})"),
                rule(Kind::Phone, r"\+\d{1,3}[\s-]?\d{1,4}[\s-]?\d{2,4}[\s-]?\d{3,4}"),
                rule(Kind::Phone, r"(?:^|[^\d])(0\d{9,10})(?:$|[^\d])"),
                // 〒123-4567, or 123-4567 on its own (a Japanese postal code).
                rule(Kind::PostalCode, r"〒\s?\d{3}-?\d{4}"),
                rule(Kind::PostalCode, r"(?:^|[^\d-])(\d{3}-\d{4})(?:$|[^\d-])"),
                // Full-width digits are common when typing in Japanese.
                rule(Kind::Phone, r"０[０-９]{1,4}[ー－‐-][０-９]{1,4}[ー－‐-][０-９]{3,4}"),
                // A name with an honorific: 山田さん, 佐藤様, タカシくん.
                rule(Kind::Name, r"[\p{Han}\p{Katakana}]{1,6}(?:さん|様|さま|くん|君|ちゃん|氏|先生)"),
                // Two capitalised words in a row: "Jane Smith", "Mr Brown".
                rule(Kind::Name, r"\b(?:Mr|Mrs|Ms|Dr|Miss)\.?\s+[A-Z][a-z]+"),
                rule(Kind::Name, r"\b[A-Z][a-z]{1,20}\s+[A-Z][a-z]{1,20}\b"),
            ],
        }
    })
}

/// Common capitalised pairs that are not people, so they are not flagged.
const NOT_NAMES: &[&str] = &[
    "Ground Rules",
    "Safe Space",
    "New Year",
    "Good Morning",
    "Thank You",
    "Check In",
    "Check Out",
    "皆さん",
    "皆様",
    "皆さま",
];

/// Finds likely personal data in `text`, in order of position, without
/// overlaps.
pub fn scan(text: &str) -> Vec<Finding> {
    let mut found: Vec<Finding> = Vec::new();
    for (kind, re) in &patterns().rules {
        for caps in re.captures_iter(text) {
            // A rule with a group marks only the group (the rest is context).
            let m = caps.get(1).unwrap_or_else(|| caps.get(0).expect("whole match"));
            if *kind == Kind::Name && NOT_NAMES.contains(&m.as_str()) {
                continue;
            }
            if !found.iter().any(|f| f.start < m.end() && m.start() < f.end) {
                found.push(Finding { kind: *kind, start: m.start(), end: m.end() });
            }
        }
    }
    found.sort_by_key(|f| f.start);
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(text: &str) -> Vec<Kind> {
        scan(text).into_iter().map(|f| f.kind).collect()
    }

    #[test]
    fn finds_phone_numbers_in_japanese_and_international_forms() {
        for t in [
            "連絡先は090-1234-5678です",
            "call 03-1234-5678 after six",
            "相談窓口 0120-123-456",
            "+81 90 1234 5678",
            "+44 20 7946 0958",
            "番号は09012345678",
            "０９０－１２３４－５６７８に電話",
        ] {
            assert_eq!(kinds(t), vec![Kind::Phone], "{t}");
        }
    }

    #[test]
    fn finds_emails_postal_codes_and_names() {
        assert_eq!(kinds("write to someone@example.org please"), vec![Kind::Email]);
        assert_eq!(kinds("〒150-0001 渋谷区"), vec![Kind::PostalCode]);
        assert_eq!(kinds("住所は 150-0001 です"), vec![Kind::PostalCode]);
        assert_eq!(kinds("今日は山田さんが初参加"), vec![Kind::Name]);
        assert_eq!(kinds("佐藤様から連絡"), vec![Kind::Name]);
        assert_eq!(kinds("Jane Smith shared first"), vec![Kind::Name]);
        assert_eq!(kinds("spoke with Dr. Brown"), vec![Kind::Name]);
    }

    #[test]
    fn ordinary_notes_are_not_flagged() {
        for t in [
            "Eight attended, two newcomers. Theme: sleep.",
            "2026-11-22 meeting ran 10:30 to 12:00",
            "参加者8人、新しい人2人。テーマは眠り。",
            "1000円の会費",
            "I felt OK today. Ground Rules read aloud.",
            "みなさん、ありがとう",
            "座席3番の方がパス",
            "皆さん、おつかれさまでした",
        ] {
            assert!(scan(t).is_empty(), "{t}: {:?}", scan(t));
        }
    }

    #[test]
    fn findings_point_at_the_text_and_never_overlap() {
        let t = "山田さん: 090-1234-5678, yamada@example.jp";
        let f = scan(t);
        assert_eq!(f.iter().map(|f| f.kind).collect::<Vec<_>>(), vec![Kind::Name, Kind::Phone, Kind::Email]);
        assert_eq!(&t[f[1].start..f[1].end], "090-1234-5678");
        for w in f.windows(2) {
            assert!(w[0].end <= w[1].start);
        }
    }
}
