//! The strain notice: one rule, stated here and nowhere else.
//!
//! The notice appears when either holds, on the person's own data:
//! - **High stress while self-care fell:** in the 14 days ending today, the
//!   7-day average stress (see `trends`) is 7 or more on at least 10 days,
//!   and self-care fell: the last 7 days had fewer self-care days than the
//!   7 days before, or the last 14 days fewer than the 14 days before (a
//!   fall spread over two weeks: daily, then once a week for two weeks).
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
    /// `selfcare_recent` self-care days in the last `window` days (7 or
    /// 14), against `selfcare_before` in the `window` days before those.
    HighStress {
        days: usize,
        window: u64,
        selfcare_recent: usize,
        selfcare_before: usize,
    },
    BoundaryEvents {
        count: usize,
    },
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
    // The shorter window first: a fall in the last week is the one to name.
    let fell = [7, 14].into_iter().find_map(|window: u64| {
        let recent = selfcare_days(&by_day, today - Days::new(window - 1), today);
        let before = selfcare_days(&by_day, today - Days::new(2 * window - 1), today - Days::new(window));
        (recent < before).then_some((window, recent, before))
    });
    if let (true, Some((window, recent, before))) = (high >= HIGH_STRESS_DAYS, fell) {
        reasons.push(Reason::HighStress { days: high, window, selfcare_recent: recent, selfcare_before: before });
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
            (Reason::HighStress { days, window: 7, selfcare_recent, selfcare_before }, false) => format!(
                "Over the last two weeks your stress has averaged 7 or more on {days} days, and you ticked self-care on \
                 {selfcare_recent} of the last 7 days, against {selfcare_before} the week before."
            ),
            (Reason::HighStress { days, window, selfcare_recent, selfcare_before }, false) => format!(
                "Over the last two weeks your stress has averaged 7 or more on {days} days, and you ticked self-care on \
                 {selfcare_recent} of the last {window} days, against {selfcare_before} in the {window} days before."
            ),
            (Reason::HighStress { days, window, selfcare_recent, selfcare_before }, true) => format!(
                "この2週間のうち{days}日、ストレスの7日間平均が7以上でした。セルフケアをした日は、直近{window}日間で{selfcare_recent}日、\
                 その前の{window}日間は{selfcare_before}日でした。"
            ),
            (Reason::BoundaryEvents { count }, false) => {
                format!("You have written down {count} boundary events in the last 30 days.")
            }
            (Reason::BoundaryEvents { count }, true) => format!("この30日間に、境界線にかかわるできごとを{count}件書き留めています。"),
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
        assert!(matches!(n.reasons[0], Reason::HighStress { days: 14, window: 7, selfcare_before: 7, .. }));
        assert!(n.message.contains("14 days") && n.message.contains("self-care plan"));
        assert!(!n.message.to_lowercase().contains("burnout") && !n.message.contains("score"));
        // The same stress with steady self-care: no notice.
        let steady: Vec<CheckIn> = (0..21).map(|i| c(today - Days::new(i), 8, true)).collect();
        assert!(check(&steady, &[], today, Lang::En).is_none());
    }

    /// The review's case: stress 8–9 for 20 days while self-care fell from
    /// daily to once a week over two weeks (so the last week is no lower
    /// than the one before): a notice, naming the two fortnights.
    #[test]
    fn self_care_falling_over_two_weeks_counts_too() {
        let today = day("2026-06-19");
        let list: Vec<CheckIn> = (0..28)
            .map(|i| {
                let d = today - Days::new(i);
                let ago = (today - d).num_days();
                // Daily until two weeks ago; then one day in each week.
                let selfcare = ago >= 14 || ago == 3 || ago == 10;
                c(d, if ago < 20 { 8 + (ago % 2) as u8 } else { 4 }, selfcare)
            })
            .collect();
        let n = check(&list, &[], today, Lang::En).expect("a notice");
        assert_eq!(n.reasons, [Reason::HighStress { days: 14, window: 14, selfcare_recent: 2, selfcare_before: 14 }]);
        assert!(n.message.contains("2 of the last 14 days, against 14 in the 14 days before"), "{}", n.message);
        let ja = check(&list, &[], today, Lang::Ja).unwrap().message;
        assert!(ja.contains("直近14日間で2日、その前の14日間は14日"), "{ja}");
        // Once a week all along: nothing fell, no notice.
        let steady: Vec<CheckIn> = (0..28).map(|i| c(today - Days::new(i), 8, (i % 7) == 3)).collect();
        assert!(check(&steady, &[], today, Lang::En).is_none());
    }

    use chrono::Datelike;
}
