//! CSV of the check-ins: one row per day, numbers as numbers.
//!
//! RFC 4180: comma-separated, CRLF line ends, a field in double quotes when
//! it holds a comma, a quote or a line break (quotes doubled). UTF-8 with a
//! byte-order mark, because Excel reads a CSV without one in the system's
//! legacy code page (Shift_JIS on Japanese Windows) and garbles Japanese
//! notes; programs that read UTF-8 strictly should skip the BOM
//! (`encoding="utf-8-sig"` in Python). A text cell that starts with `=`,
//! `+`, `-`, `@`, a tab or a carriage return gets a leading `'`, so a
//! spreadsheet shows it as text instead of running it as a formula.

use super::{Content, Planned};
use crate::journal::CheckIn;
use std::fmt::Write as _;

pub(super) const FILE: &str = "checkins.csv";
pub(super) const HEADER: &str = "day,mood,energy,stress,sleep_hours,selfcare,note";
const BOM: &str = "\u{feff}";

pub(super) fn plan() -> Vec<Planned> {
    vec![Planned { path: FILE.into(), render: Box::new(|c: &Content| render(c.checkins.as_deref().unwrap_or(&[]))) }]
}

fn render(checkins: &[CheckIn]) -> Vec<u8> {
    let mut out = String::with_capacity(64 * (checkins.len() + 1));
    out.push_str(BOM);
    out.push_str(HEADER);
    out.push_str("\r\n");
    for c in checkins {
        let sleep = c.sleep_hours.map(|h| h.to_string()).unwrap_or_default();
        let _ = write!(out, "{},{},{},{},{},", c.day, c.mood, c.energy, c.stress, sleep);
        out.push_str(&cell(&c.selfcare.join(";")));
        out.push(',');
        out.push_str(&cell(&c.note));
        out.push_str("\r\n");
    }
    out.into_bytes()
}

/// One text field: neutralised if a spreadsheet would take it for a
/// formula, quoted if it needs to be.
pub(super) fn cell(text: &str) -> String {
    let neutral = if text.starts_with(['=', '+', '-', '@', '\t', '\r']) { format!("'{text}") } else { text.to_owned() };
    if neutral.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", neutral.replace('"', "\"\""))
    } else {
        neutral
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cells_are_quoted_and_formulas_neutralised() {
        assert_eq!(cell("plain 静か"), "plain 静か");
        assert_eq!(cell("a,b"), "\"a,b\"");
        assert_eq!(cell("say \"no\""), "\"say \"\"no\"\"\"");
        assert_eq!(cell("two\nlines"), "\"two\nlines\"");
        assert_eq!(cell("=HYPERLINK(\"x\")"), "\"'=HYPERLINK(\"\"x\"\")\"");
        assert_eq!(cell("+1"), "'+1");
        assert_eq!(cell("-2"), "'-2");
        assert_eq!(cell("@SUM(A1)"), "'@SUM(A1)");
        assert_eq!(cell(""), "");
    }

    #[test]
    fn numbers_stay_numbers() {
        let c = CheckIn {
            day: "2026-11-20".parse().unwrap(),
            mood: 7,
            energy: 5,
            stress: 3,
            sleep_hours: Some(7.5),
            selfcare: vec!["rest".into(), "talk".into()],
            note: String::new(),
        };
        let none = CheckIn { sleep_hours: None, day: "2026-11-21".parse().unwrap(), ..c.clone() };
        let text = String::from_utf8(render(&[c, none])).unwrap();
        assert_eq!(
            text,
            "\u{feff}day,mood,energy,stress,sleep_hours,selfcare,note\r\n2026-11-20,7,5,3,7.5,rest;talk,\r\n\
             2026-11-21,7,5,3,,rest;talk,\r\n"
        );
    }
}
