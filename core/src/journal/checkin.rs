//! The daily check-in: mood, energy and stress on 0–10, hours slept, the
//! self-care done that day and a short note. At most one per calendar day
//! (the person's local date), editable, back-dating allowed, never ahead.

use crate::error::{Error, Result};
use crate::i18n::Lang;
use crate::settings::{Json, Key};
use crate::text;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// The longest check-in note.
pub const NOTE_CHARS: usize = crate::limits::CHECKIN_NOTE_CHARS;
/// The most self-care activities a person's list holds.
pub const ACTIVITIES_MAX: usize = 40;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CheckIn {
    pub day: NaiveDate,
    pub mood: u8,
    pub energy: u8,
    pub stress: u8,
    /// Hours slept, in half hours (0–24 h); `None` when not given.
    pub sleep_hours: Option<f32>,
    /// Keys of the self-care activities done that day.
    pub selfcare: Vec<String>,
    pub note: String,
}

pub use crate::limits::Scale;

/// A check-in as a form sends it: each number as the text typed, so that
/// the core alone decides what is accepted (a form that rounded 7.25 hours
/// to 7.5 would save what nobody typed). A blank sleep is "not given".
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct CheckInForm {
    pub day: NaiveDate,
    pub mood: String,
    pub energy: String,
    pub stress: String,
    #[serde(default)]
    pub sleep_hours: String,
    #[serde(default)]
    pub selfcare: Vec<String>,
    #[serde(default)]
    pub note: String,
}

impl CheckInForm {
    /// The check-in, or the first number that is not accepted, by name.
    pub fn check_in(self) -> Result<CheckIn> {
        let number = |text: &str| text.trim().parse::<f64>().ok().filter(|n| n.is_finite());
        let scale = |text: &str, which| match number(text) {
            Some(n) if n.fract() == 0.0 && (0.0..=10.0).contains(&n) => Ok(n as u8),
            _ => Err(Error::ScaleOutOfRange(which)),
        };
        let mood = scale(&self.mood, Scale::Mood)?;
        let energy = scale(&self.energy, Scale::Energy)?;
        let stress = scale(&self.stress, Scale::Stress)?;
        let sleep_hours = match number(&self.sleep_hours) {
            None if self.sleep_hours.trim().is_empty() => None,
            Some(h) if is_half_hours(h) => Some(h as f32),
            _ => return Err(Error::SleepOutOfRange),
        };
        Ok(CheckIn { day: self.day, mood, energy, stress, sleep_hours, selfcare: self.selfcare, note: self.note })
    }
}

/// 0 to 24 hours, in half hours.
fn is_half_hours(h: f64) -> bool {
    (0.0..=24.0).contains(&h) && (h * 2.0).fract() == 0.0
}

/// The check-in page of one day: the day, the way to its neighbours (never
/// to a day to come), and what was saved that day.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CheckinDay {
    pub day: NaiveDate,
    /// The person's today: the latest day the date field offers.
    pub today: NaiveDate,
    pub is_today: bool,
    pub previous: Option<NaiveDate>,
    /// `None` on today: there is no check-in for a day to come.
    pub next: Option<NaiveDate>,
    pub checkin: Option<CheckIn>,
}

impl CheckinDay {
    /// The page of `day` (today when `None`); a day to come is refused.
    pub fn of(
        day: Option<NaiveDate>,
        today: NaiveDate,
        checkin: impl FnOnce(NaiveDate) -> Result<Option<CheckIn>>,
    ) -> Result<Self> {
        let day = day.unwrap_or(today);
        if day > today {
            return Err(Error::FutureDate);
        }
        Ok(CheckinDay {
            day,
            today,
            is_today: day == today,
            previous: day.pred_opt(),
            next: day.succ_opt().filter(|next| *next <= today),
            checkin: checkin(day)?,
        })
    }
}

impl CheckIn {
    /// Checks a check-in against `today`, the person's local date.
    pub fn validate(&self, today: NaiveDate) -> Result<()> {
        if self.day > today {
            return Err(Error::FutureDate);
        }
        for (value, scale) in [(self.mood, Scale::Mood), (self.energy, Scale::Energy), (self.stress, Scale::Stress)] {
            if value > 10 {
                return Err(Error::ScaleOutOfRange(scale));
            }
        }
        if self.sleep_hours.is_some_and(|h| !is_half_hours(f64::from(h))) {
            return Err(Error::SleepOutOfRange);
        }
        if self.selfcare.len() > ACTIVITIES_MAX {
            return Err(Error::InvalidSetting("too many self-care activities"));
        }
        for key in &self.selfcare {
            text::line(key, 60)?;
        }
        text::lines(&self.note, NOTE_CHARS)
    }

    /// Sleep as whole half hours, as the store keeps it.
    pub(super) fn sleep_half_hours(&self) -> Option<i64> {
        self.sleep_hours.map(|h| (h * 2.0).round() as i64)
    }
}

/// One self-care activity of the person's list. Built-ins have a key and
/// no label (the label comes in the interface language); the person's own
/// have `custom:<n>` keys and the label they wrote.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Activity {
    pub key: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub label: Option<String>,
}

/// The list a new journal starts with.
pub const BUILTIN_ACTIVITIES: [&str; 6] = ["rest", "movement", "outdoors", "hobby", "talk", "say_no"];

/// The self-care activities a check-in offers (the person can edit them).
pub const SELFCARE_ACTIVITIES: Key<Vec<Activity>> =
    Key::new("selfcare_activities", default_activities, |list| validate_activities(list));
impl Json for Vec<Activity> {}

pub fn default_activities() -> Vec<Activity> {
    BUILTIN_ACTIVITIES.iter().map(|k| Activity { key: (*k).to_owned(), label: None }).collect()
}

/// What search finds a check-in's self-care by: each built-in activity's
/// name in both languages, one per line. The person's own activities are
/// left out: their names live in the settings and can change, and the
/// index must be able to make an entry's terms again to remove them.
pub fn selfcare_names(keys: &[String]) -> String {
    let mut out = String::new();
    for key in keys {
        for lang in [Lang::En, Lang::Ja] {
            if let Some(name) = builtin_label(key, lang) {
                if !out.is_empty() {
                    out.push('\n');
                }
                out.push_str(name);
            }
        }
    }
    out
}

/// A built-in activity's name in `lang`.
pub fn builtin_label(key: &str, lang: Lang) -> Option<&'static str> {
    let ja = lang == Lang::Ja;
    Some(match key {
        "rest" => {
            if ja {
                "休む"
            } else {
                "Rest"
            }
        }
        "movement" => {
            if ja {
                "体を動かす"
            } else {
                "Movement"
            }
        }
        "outdoors" => {
            if ja {
                "外で過ごす"
            } else {
                "Time outdoors"
            }
        }
        "hobby" => {
            if ja {
                "趣味を楽しむ"
            } else {
                "A hobby"
            }
        }
        "talk" => {
            if ja {
                "信頼できる人と話す"
            } else {
                "Talking with someone I trust"
            }
        }
        "say_no" => {
            if ja {
                "無理な頼みを断る"
            } else {
                "Saying no"
            }
        }
        _ => return None,
    })
}

/// Checks a person's activity list: unique keys, labels for their own.
pub fn validate_activities(list: &[Activity]) -> Result<()> {
    if list.len() > ACTIVITIES_MAX {
        return Err(Error::InvalidSetting("too many self-care activities"));
    }
    let mut seen = std::collections::BTreeSet::new();
    for a in list {
        if !seen.insert(a.key.as_str()) {
            return Err(Error::InvalidSetting("each self-care activity once"));
        }
        match (&a.label, BUILTIN_ACTIVITIES.contains(&a.key.as_str())) {
            (None, true) => {}
            (Some(label), false) if a.key.starts_with("custom:") && !label.trim().is_empty() => {
                text::line(label.trim(), crate::limits::NAME_CHARS)?
            }
            _ => return Err(Error::InvalidSetting("a self-care activity needs a name")),
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    fn checkin(d: &str) -> CheckIn {
        CheckIn {
            day: day(d),
            mood: 6,
            energy: 5,
            stress: 4,
            sleep_hours: Some(7.5),
            selfcare: vec!["rest".into()],
            note: String::new(),
        }
    }

    #[test]
    fn a_day_page_leads_back_and_forth_but_never_past_today() {
        let today = NaiveDate::from_ymd_opt(2027, 1, 1).unwrap();
        let none = |_| Ok(None);
        let page = CheckinDay::of(None, today, none).unwrap();
        assert_eq!((page.day, page.is_today, page.next), (today, true, None));
        assert_eq!(page.previous, NaiveDate::from_ymd_opt(2026, 12, 31), "across the year");
        let eve = CheckinDay::of(page.previous, today, none).unwrap();
        assert_eq!((eve.is_today, eve.next), (false, Some(today)));
        let leap =
            CheckinDay::of(NaiveDate::from_ymd_opt(2028, 3, 1), NaiveDate::from_ymd_opt(2028, 3, 1).unwrap(), none);
        assert_eq!(leap.unwrap().previous, NaiveDate::from_ymd_opt(2028, 2, 29));
        assert!(matches!(CheckinDay::of(today.succ_opt(), today, none), Err(Error::FutureDate)));
    }

    #[test]
    fn the_future_is_refused_the_past_is_not() {
        let today = day("2026-11-23");
        assert!(checkin("2026-11-23").validate(today).is_ok());
        assert!(checkin("2026-10-01").validate(today).is_ok(), "back-dating is allowed");
        assert!(matches!(checkin("2026-11-24").validate(today), Err(Error::FutureDate)));
    }

    #[test]
    fn scales_and_sleep_are_bounded() {
        let today = day("2026-11-23");
        assert!(CheckIn { stress: 11, ..checkin("2026-11-23") }.validate(today).is_err());
        assert!(CheckIn { sleep_hours: Some(7.25), ..checkin("2026-11-23") }.validate(today).is_err());
        assert!(CheckIn { sleep_hours: Some(24.5), ..checkin("2026-11-23") }.validate(today).is_err());
        assert!(CheckIn { sleep_hours: None, ..checkin("2026-11-23") }.validate(today).is_ok());
    }

    fn form(mood: &str, sleep: &str) -> CheckInForm {
        CheckInForm {
            day: NaiveDate::from_ymd_opt(2026, 12, 4).unwrap(),
            mood: mood.into(),
            energy: "5".into(),
            stress: " 3 ".into(),
            sleep_hours: sleep.into(),
            selfcare: vec![],
            note: String::new(),
        }
    }

    /// The numbers a form sends are accepted or refused here, by name.
    #[test]
    fn a_forms_numbers_are_accepted_or_refused_by_the_core_alone() {
        let c = form("10", "7.5").check_in().unwrap();
        assert_eq!((c.mood, c.energy, c.stress, c.sleep_hours), (10, 5, 3, Some(7.5)));
        assert_eq!(form("0", "").check_in().unwrap().sleep_hours, None, "blank sleep is not given");
        for mood in ["11", "-1", "5.5", "", "five", "NaN", "inf"] {
            assert!(matches!(form(mood, "7").check_in(), Err(Error::ScaleOutOfRange(Scale::Mood))), "{mood:?}");
        }
        for sleep in ["7.25", "24.5", "-0.5", "seven", "NaN"] {
            assert!(matches!(form("5", sleep).check_in(), Err(Error::SleepOutOfRange)), "{sleep:?}");
        }
        assert_eq!(
            Error::ScaleOutOfRange(Scale::Stress).message(Lang::Ja),
            "ストレス：0〜10の整数を入力してください。"
        );
        assert_eq!(Error::ScaleOutOfRange(Scale::Energy).code(), "energy_out_of_range");
    }

    #[test]
    fn activity_lists_need_names_and_unique_keys() {
        let mut list = default_activities();
        assert!(validate_activities(&list).is_ok());
        list.push(Activity { key: "custom:1".into(), label: Some("散歩".into()) });
        assert!(validate_activities(&list).is_ok());
        list.push(Activity { key: "custom:1".into(), label: Some("again".into()) });
        assert!(validate_activities(&list).is_err());
        assert!(validate_activities(&[Activity { key: "custom:2".into(), label: None }]).is_err());
        assert_eq!(builtin_label("say_no", Lang::Ja), Some("無理な頼みを断る"));
    }
}
