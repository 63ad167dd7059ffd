//! The crisis card: contacts the facilitator keeps at hand, and a warning
//! when a contact has not been checked for a while (numbers and hours change).

use crate::error::{Error, Result};
use crate::i18n::Lang;
use crate::settings::{Json, Key};
use chrono::{Months, NaiveDate};
use serde::{Deserialize, Serialize};

use crate::limits::CRISIS_CHARS as MAX_CHARS;
use crate::text;

/// The most contacts one card holds.
const MAX_CONTACTS: usize = 50;

/// A contact older than this many months gets a visible warning.
pub const STALE_AFTER_MONTHS: u32 = 6;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CrisisContact {
    pub service: String,
    pub number: String,
    pub hours: String,
    pub last_checked: NaiveDate,
}

impl CrisisContact {
    /// True when the contact was last checked more than six months before
    /// `today` (a contact checked on 31 March is stale from 1 October).
    pub fn is_stale(&self, today: NaiveDate) -> bool {
        match self.last_checked.checked_add_months(Months::new(STALE_AFTER_MONTHS)) {
            Some(due) => today > due,
            None => true,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn contact(checked: &str) -> CrisisContact {
        CrisisContact {
            service: "いのちの電話".into(),
            number: "0570-783-556".into(),
            hours: "10:00–22:00".into(),
            last_checked: checked.parse().unwrap(),
        }
    }

    fn day(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    #[test]
    fn warns_only_after_six_months() {
        let c = contact("2026-05-22");
        assert!(!c.is_stale(day("2026-11-22")), "exactly six months is still fresh");
        assert!(c.is_stale(day("2026-11-23")));
        assert!(!c.is_stale(day("2026-06-01")));
    }

    #[test]
    fn month_ends_are_handled() {
        let c = contact("2026-03-31");
        assert!(!c.is_stale(day("2026-09-30")));
        assert!(c.is_stale(day("2026-10-01")));
    }

    #[test]
    fn a_date_in_the_future_is_not_stale() {
        assert!(!contact("2027-01-01").is_stale(day("2026-11-22")));
    }
}

/// The crisis card: contacts at hand and the words for the exception to
/// confidentiality (blank until the user writes their own).
pub const CRISIS_CARD: Key<CrisisCard> = Key::new("crisis_card", CrisisCard::default, CrisisCard::validate);
impl Json for CrisisCard {}

/// The card a facilitator can open at any moment of a meeting.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct CrisisCard {
    pub contacts: Vec<CrisisContact>,
    /// The words for the one exception to confidentiality; the built-in
    /// text in the user's language when empty.
    pub script: String,
}

/// The default confidentiality-exception script.
pub fn default_script(lang: Lang) -> &'static str {
    match lang {
        Lang::Ja => "ここで聞いた話は外に出しません。ただ一つの例外は、あなたや誰かの命や安全に重大な危険があるときです。そのときは、あなたと相談しながら、専門の支援につなぐことがあります。",
        Lang::En => "What is said here stays here. The one exception is when someone's life or safety is at serious risk. Then I may help connect you with professional support, talking it through with you as we go.",
    }
}

impl CrisisCard {
    pub fn validate(&self) -> Result<()> {
        if self.contacts.len() > MAX_CONTACTS {
            return Err(Error::InvalidSetting("at most 50 crisis contacts"));
        }
        text::lines(&self.script, MAX_CHARS)?;
        for c in &self.contacts {
            if c.service.trim().is_empty() || c.number.trim().is_empty() {
                return Err(Error::EmptyText);
            }
            for field in [&c.service, &c.number, &c.hours] {
                text::line(field, MAX_CHARS)?;
            }
        }
        Ok(())
    }

    /// The card as the screen shows it: the built-in script in the
    /// interface language unless the user wrote their own, and each
    /// contact's "check this" flag as of `today`.
    pub fn view(self, lang: Lang, today: NaiveDate) -> CrisisCardView {
        let own_script = !self.script.trim().is_empty();
        let script = if own_script { self.script.clone() } else { default_script(lang).to_owned() };
        let stale = self.contacts.iter().map(|c| c.is_stale(today)).collect();
        CrisisCardView { card: self, script, own_script, stale }
    }
}

/// The crisis card ready to show.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CrisisCardView {
    /// As stored: `script` is empty while the user has not written their own.
    pub card: CrisisCard,
    /// The words to read aloud, in the interface language when built in.
    pub script: String,
    pub own_script: bool,
    /// Per contact: not checked for more than six months.
    pub stale: Vec<bool>,
}
