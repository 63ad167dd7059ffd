//! The strain notice: one rule, stated here and nowhere else.
//!
//! The notice appears when either holds, on the person's own data:
//! - **High stress with less self-care:** in the 14 days ending today, the
//!   7-day average stress (see `trends`) is 7 or more on at least 10 days,
//!   and the last 7 days had fewer self-care days than the 7 days before.
//! - **Boundary events:** 3 or more boundary events in the 30 days ending
//!   today.
//!
//! It is a gentle pointer to the person's own plan and to supervision: never
//! a diagnosis, never a score. It can be turned off in Settings.

use super::boundary::BoundaryKind;
use super::checkin::CheckIn;
use super::trends::{by_day, selfcare_days, series, stress};
use crate::i18n::Lang;
use chrono::{Days, NaiveDate};
use serde::Serialize;

pub const HIGH_STRESS_AVG: f32 = 7.0;
pub const HIGH_STRESS_DAYS: usize = 10;
pub const STRESS_WINDOW_DAYS: u64 = 14;
pub const BOUNDARY_EVENTS: usize = 3;
pub const BOUNDARY_WINDOW_DAYS: u64 = 30;

/// What made the notice appear.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Reason {
    HighStress { days: usize, selfcare_last_week: usize, selfcare_week_before: usize },
    BoundaryEvents { count: usize },
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct StrainNotice {
    pub reasons: Vec<Reason>,
    /// The gentle message, in the person's language, naming the reasons.
    pub message: String,
}

/// The notice for `today`, if the rule holds.
pub fn check(
    checkins: &[CheckIn],
    events: &[(NaiveDate, BoundaryKind)],
    today: NaiveDate,
    lang: Lang,
) -> Option<StrainNotice> {
    let mut reasons = Vec::new();
    let by_day = by_day(checkins);
    let from = today - Days::new(STRESS_WINDOW_DAYS - 1);
    let high =
        series(&by_day, from, today, stress).iter().filter(|p| p.avg7.is_some_and(|a| a >= HIGH_STRESS_AVG)).count();
    let last_week = selfcare_days(&by_day, today - Days::new(6), today);
    let week_before = selfcare_days(&by_day, today - Days::new(13), today - Days::new(7));
    if high >= HIGH_STRESS_DAYS && last_week < week_before {
        reasons.push(Reason::HighStress {
            days: high,
            selfcare_last_week: last_week,
            selfcare_week_before: week_before,
        });
    }
    let since = today - Days::new(BOUNDARY_WINDOW_DAYS - 1);
    let count = events.iter().filter(|(d, _)| (since..=today).contains(d)).count();
    if count >= BOUNDARY_EVENTS {
        reasons.push(Reason::BoundaryEvents { count });
    }
    (!reasons.is_empty()).then(|| StrainNotice { message: message(&reasons, lang), reasons })
}

fn message(reasons: &[Reason], lang: Lang) -> String {
    let ja = lang == Lang::Ja;
    let mut parts: Vec<String> = reasons
        .iter()
        .map(|r| match (r, ja) {
            (Reason::HighStress { days, selfcare_last_week, selfcare_week_before }, false) => format!(
                "Over the last two weeks your stress has averaged 7 or more on {days} days, and you ticked self-care on \
                 {selfcare_last_week} of the last 7 days, against {selfcare_week_before} the week before."
            ),
            (Reason::HighStress { days, selfcare_last_week, selfcare_week_before }, true) => format!(
                "この2週間のうち{days}日、ストレスの7日間平均が7以上でした。セルフケアをした日は、この7日間で{selfcare_last_week}日、\
                 その前の7日間は{selfcare_week_before}日でした。"
            ),
            (Reason::BoundaryEvents { count }, false) => {
                format!("You have written down {count} boundary events in the last 30 days.")
            }
            (Reason::BoundaryEvents { count }, true) => format!("この30日間に、境界のできごとを{count}件書き留めています。"),
        })
        .collect();
    parts.push(if ja {
        "無理をしていないか、少し立ち止まってみませんか。自分のセルフケアプランを見直したり、スーパービジョンで話したりするのもよいかもしれません。".into()
    } else {
        "It may be worth pausing to look after yourself: your own self-care plan is one place to start, and supervision \
         is another."
            .into()
    });
    parts.join(if ja { "" } else { " " })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    fn c(d: NaiveDate, stress: u8, selfcare: bool) -> CheckIn {
        CheckIn {
            day: d,
            mood: 5,
            energy: 5,
            stress,
            sleep_hours: None,
            selfcare: if selfcare { vec!["rest".into()] } else { vec![] },
            note: String::new(),
        }
    }

    #[test]
    fn three_boundary_events_in_thirty_days_and_not_two() {
        let today = day("2026-11-23");
        let e = |d: &str| (day(d), BoundaryKind::Other);
        assert!(check(&[], &[e("2026-10-25"), e("2026-11-01"), e("2026-11-20")], today, Lang::En).is_some());
        assert!(check(&[], &[e("2026-10-24"), e("2026-11-01"), e("2026-11-20")], today, Lang::En).is_none());
        let n = check(&[], &[e("2026-11-01"), e("2026-11-02"), e("2026-11-20")], today, Lang::Ja).unwrap();
        assert_eq!(n.reasons, [Reason::BoundaryEvents { count: 3 }]);
        assert!(n.message.contains("3件") && n.message.contains("スーパービジョン"));
    }

    #[test]
    fn high_stress_needs_falling_selfcare_too() {
        let today = day("2026-11-23");
        // 21 days of stress 8: self-care every day of the week before, and
        // on 2 of the last 7 days.
        let list: Vec<CheckIn> = (0..21)
            .map(|i| today - Days::new(i))
            .map(|d| c(d, 8, (today - d).num_days() >= 7 || d.day() % 4 == 0))
            .collect();
        let n = check(&list, &[], today, Lang::En).unwrap();
        assert!(matches!(n.reasons[0], Reason::HighStress { days: 14, selfcare_week_before: 7, .. }));
        assert!(n.message.contains("14 days") && n.message.contains("self-care plan"));
        assert!(!n.message.to_lowercase().contains("burnout") && !n.message.contains("score"));
        // The same stress with steady self-care: no notice.
        let steady: Vec<CheckIn> = (0..21).map(|i| c(today - Days::new(i), 8, true)).collect();
        assert!(check(&steady, &[], today, Lang::En).is_none());
    }

    use chrono::Datelike;
}
