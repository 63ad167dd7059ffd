//! Trends, computed here and returned ready to draw: daily series with
//! trailing 7-day averages, self-care days per week, boundary events per
//! month by kind, a month calendar of mood, and "what seems to help".
//!
//! Rules, stated once:
//! - A day without a check-in is a gap (`None`), never a zero.
//! - The 7-day average of a day is the mean of the values present in the 7
//!   days ending that day, given when at least [`AVG_MIN_DAYS`] of them have
//!   one (fewer would let one day stand for a week).
//! - Weeks start on Monday.
//! - "What seems to help" compares the next day's stress and mood after days
//!   with an activity and after days without it, counting only days whose
//!   next day has a check-in; it is shown when each side has at least
//!   [`HELPS_MIN_DAYS`] days. It is an observation, never a cause.

use super::boundary::BoundaryKind;
use super::checkin::CheckIn;
use chrono::{Datelike, Days, NaiveDate};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};

pub const AVG_MIN_DAYS: usize = 3;
pub const HELPS_MIN_DAYS: usize = 5;

/// How far back a trend looks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Range {
    Weeks4,
    Months3,
    Year,
}

impl Range {
    pub fn days(self) -> u64 {
        match self {
            Range::Weeks4 => 28,
            Range::Months3 => 91,
            Range::Year => 365,
        }
    }

    /// The first day in the range that ends on `today`.
    pub fn first_day(self, today: NaiveDate) -> NaiveDate {
        today - Days::new(self.days() - 1)
    }
}

/// One day of a measure: its value (a gap when `None`) and its average.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Point {
    pub day: NaiveDate,
    pub value: Option<f32>,
    pub avg7: Option<f32>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Series {
    pub mood: Vec<Point>,
    pub energy: Vec<Point>,
    pub stress: Vec<Point>,
    pub sleep: Vec<Point>,
}

/// What a chart's summary says of one measure over the range.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Summary {
    pub days_with_value: usize,
    pub min: Option<f32>,
    pub max: Option<f32>,
    pub mean: Option<f32>,
    /// The newest 7-day average in the range.
    pub latest_avg7: Option<f32>,
}

impl Summary {
    pub fn of(points: &[Point]) -> Summary {
        let values: Vec<f32> = points.iter().filter_map(|p| p.value).collect();
        let mean = (!values.is_empty()).then(|| values.iter().sum::<f32>() / values.len() as f32);
        Summary {
            days_with_value: values.len(),
            min: values.iter().copied().reduce(f32::min),
            max: values.iter().copied().reduce(f32::max),
            mean,
            latest_avg7: points.iter().rev().find_map(|p| p.avg7),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Summaries {
    pub mood: Summary,
    pub energy: Summary,
    pub stress: Summary,
    pub sleep: Summary,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct WeekCount {
    /// The Monday the week starts on.
    pub week: NaiveDate,
    pub selfcare_days: u32,
    pub checkin_days: u32,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct MonthCount {
    /// The first day of the month.
    pub month: NaiveDate,
    pub total: u32,
    pub by_kind: BTreeMap<BoundaryKind, u32>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Helps {
    pub activity: String,
    pub days_with: usize,
    pub days_without: usize,
    pub next_stress_with: f32,
    pub next_stress_without: f32,
    pub next_mood_with: f32,
    pub next_mood_without: f32,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Trends {
    pub range: Range,
    pub from: NaiveDate,
    pub to: NaiveDate,
    pub checkin_days: usize,
    /// How many check-ins the 7 days ending a day need for its average
    /// ([`AVG_MIN_DAYS`]): the screen says why the first days have none.
    pub avg7_min_days: usize,
    pub series: Series,
    pub summaries: Summaries,
    pub selfcare_weeks: Vec<WeekCount>,
    /// Over all the weeks shown: days with self-care, days with a check-in.
    pub selfcare_days: u32,
    pub selfcare_checkin_days: u32,
    pub boundary_months: Vec<MonthCount>,
    pub boundary_total: u32,
    /// Activities with enough data on both sides, in the list's order.
    pub helps: Vec<Helps>,
}

/// Check-ins by day.
pub type ByDay<'a> = BTreeMap<NaiveDate, &'a CheckIn>;

pub fn by_day(checkins: &[CheckIn]) -> ByDay<'_> {
    checkins.iter().map(|c| (c.day, c)).collect()
}

/// Every day from `from` to `to`, both included.
pub fn days(from: NaiveDate, to: NaiveDate) -> impl Iterator<Item = NaiveDate> {
    from.iter_days().take_while(move |d| *d <= to)
}

/// A daily series of one measure, with trailing 7-day averages.
pub fn series(by_day: &ByDay, from: NaiveDate, to: NaiveDate, measure: fn(&CheckIn) -> Option<f32>) -> Vec<Point> {
    days(from, to)
        .map(|day| {
            let window: Vec<f32> =
                days(day - Days::new(6), day).filter_map(|d| by_day.get(&d).and_then(|c| measure(c))).collect();
            let avg7 = (window.len() >= AVG_MIN_DAYS).then(|| window.iter().sum::<f32>() / window.len() as f32);
            Point { day, value: by_day.get(&day).and_then(|c| measure(c)), avg7 }
        })
        .collect()
}

pub fn mood(c: &CheckIn) -> Option<f32> {
    Some(c.mood as f32)
}
pub fn energy(c: &CheckIn) -> Option<f32> {
    Some(c.energy as f32)
}
pub fn stress(c: &CheckIn) -> Option<f32> {
    Some(c.stress as f32)
}
pub fn sleep(c: &CheckIn) -> Option<f32> {
    c.sleep_hours
}

/// The Monday of `day`'s week.
pub fn week_of(day: NaiveDate) -> NaiveDate {
    day - Days::new(day.weekday().num_days_from_monday() as u64)
}

/// Self-care days (a check-in with at least one activity) per week.
pub fn selfcare_weeks(by_day: &ByDay, from: NaiveDate, to: NaiveDate) -> Vec<WeekCount> {
    let mut weeks: BTreeMap<NaiveDate, WeekCount> = BTreeMap::new();
    for day in days(week_of(from), to) {
        let w =
            weeks.entry(week_of(day)).or_insert(WeekCount { week: week_of(day), selfcare_days: 0, checkin_days: 0 });
        if let Some(c) = by_day.get(&day) {
            w.checkin_days += 1;
            w.selfcare_days += u32::from(!c.selfcare.is_empty());
        }
    }
    weeks.into_values().collect()
}

/// Boundary events per month (each month from `from`'s to `to`'s).
pub fn boundary_months(events: &[(NaiveDate, BoundaryKind)], from: NaiveDate, to: NaiveDate) -> Vec<MonthCount> {
    let first_of = |d: NaiveDate| d.with_day(1).expect("day 1 exists");
    let mut months: BTreeMap<NaiveDate, MonthCount> = BTreeMap::new();
    let mut m = first_of(from);
    while m <= to {
        months.insert(m, MonthCount { month: m, total: 0, by_kind: BTreeMap::new() });
        m = m.checked_add_months(chrono::Months::new(1)).expect("months go on");
    }
    for (day, kind) in events.iter().filter(|(d, _)| (from..=to).contains(d)) {
        if let Some(mc) = months.get_mut(&first_of(*day)) {
            mc.total += 1;
            *mc.by_kind.entry(*kind).or_default() += 1;
        }
    }
    months.into_values().collect()
}

/// The mood of each day of the month holding `month` (gaps as `None`).
pub fn mood_calendar(by_day: &ByDay, month: NaiveDate) -> Vec<(NaiveDate, Option<u8>)> {
    let first = month.with_day(1).expect("day 1 exists");
    let next = first.checked_add_months(chrono::Months::new(1)).expect("months go on");
    days(first, next.pred_opt().expect("a day before")).map(|d| (d, by_day.get(&d).map(|c| c.mood))).collect()
}

/// A month of moods, with what its summary says.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MoodMonth {
    pub days: Vec<(NaiveDate, Option<u8>)>,
    pub checked_days: usize,
    pub mean: Option<f32>,
}

impl MoodMonth {
    pub fn new(days: Vec<(NaiveDate, Option<u8>)>) -> MoodMonth {
        let moods: Vec<f32> = days.iter().filter_map(|(_, m)| m.map(f32::from)).collect();
        let mean = (!moods.is_empty()).then(|| moods.iter().sum::<f32>() / moods.len() as f32);
        MoodMonth { checked_days: moods.len(), mean, days }
    }
}

/// "What seems to help", for each activity with enough days on both sides.
pub fn helps(by_day: &ByDay, activities: &[String]) -> Vec<Helps> {
    // Days whose next day has a check-in: (activities done, next stress, next mood).
    let pairs: Vec<(&CheckIn, &CheckIn)> =
        by_day.iter().filter_map(|(day, c)| by_day.get(&day.succ_opt()?).map(|next| (*c, *next))).collect();
    let mean = |v: &[f32]| v.iter().sum::<f32>() / v.len() as f32;
    activities
        .iter()
        .filter_map(|a| {
            let (with, without): (Vec<_>, Vec<_>) = pairs.iter().partition(|(c, _)| c.selfcare.contains(a));
            if with.len() < HELPS_MIN_DAYS || without.len() < HELPS_MIN_DAYS {
                return None;
            }
            let col = |side: &[&(&CheckIn, &CheckIn)], f: fn(&CheckIn) -> f32| -> f32 {
                mean(&side.iter().map(|(_, next)| f(next)).collect::<Vec<_>>())
            };
            Some(Helps {
                activity: a.clone(),
                days_with: with.len(),
                days_without: without.len(),
                next_stress_with: col(&with, |c| c.stress as f32),
                next_stress_without: col(&without, |c| c.stress as f32),
                next_mood_with: col(&with, |c| c.mood as f32),
                next_mood_without: col(&without, |c| c.mood as f32),
            })
        })
        .collect()
}

/// Every trend for `range` ending `today`.
pub fn trends(
    checkins: &[CheckIn],
    events: &[(NaiveDate, BoundaryKind)],
    activities: &[String],
    range: Range,
    today: NaiveDate,
) -> Trends {
    let from = range.first_day(today);
    let by_day = by_day(checkins);
    let in_range: ByDay = by_day.range(from..=today).map(|(d, c)| (*d, *c)).collect();
    let series = Series {
        mood: series(&by_day, from, today, mood),
        energy: series(&by_day, from, today, energy),
        stress: series(&by_day, from, today, stress),
        sleep: series(&by_day, from, today, sleep),
    };
    let summaries = Summaries {
        mood: Summary::of(&series.mood),
        energy: Summary::of(&series.energy),
        stress: Summary::of(&series.stress),
        sleep: Summary::of(&series.sleep),
    };
    let weeks = selfcare_weeks(&by_day, from, today);
    let months = boundary_months(events, from, today);
    Trends {
        range,
        from,
        to: today,
        checkin_days: in_range.len(),
        avg7_min_days: AVG_MIN_DAYS,
        series,
        summaries,
        selfcare_days: weeks.iter().map(|w| w.selfcare_days).sum(),
        selfcare_checkin_days: weeks.iter().map(|w| w.checkin_days).sum(),
        boundary_total: months.iter().map(|m| m.total).sum(),
        selfcare_weeks: weeks,
        boundary_months: months,
        helps: helps(&in_range, activities),
    }
}

/// Days with a self-care activity among `from..=to`.
pub fn selfcare_days(by_day: &ByDay, from: NaiveDate, to: NaiveDate) -> usize {
    days(from, to).filter(|d| by_day.get(d).is_some_and(|c| !c.selfcare.is_empty())).count()
}

/// Days in `days` with a value.
pub fn present(points: &[Point]) -> BTreeSet<NaiveDate> {
    points.iter().filter(|p| p.value.is_some()).map(|p| p.day).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    fn c(d: &str, mood: u8, stress: u8, selfcare: &[&str]) -> CheckIn {
        CheckIn {
            day: day(d),
            mood,
            energy: 5,
            stress,
            sleep_hours: None,
            selfcare: selfcare.iter().map(|s| s.to_string()).collect(),
            note: String::new(),
        }
    }

    #[test]
    fn seven_day_averages_skip_gaps_and_need_three_days() {
        // 1st: 2, 2nd: gap, 3rd: 4, 4th: 9, then nothing.
        let list = [c("2026-11-01", 2, 0, &[]), c("2026-11-03", 4, 0, &[]), c("2026-11-04", 9, 0, &[])];
        let s = series(&by_day(&list), day("2026-11-01"), day("2026-11-11"), mood);
        assert_eq!(s[1].value, None, "a gap stays a gap, never zero");
        assert_eq!(s[0].avg7, None, "one day is not an average");
        assert_eq!(s[2].avg7, None, "two days are not either");
        assert_eq!(s[3].avg7, Some(5.0), "(2 + 4 + 9) / 3 over the window 29 Oct–4 Nov");
        assert_eq!(s[7].avg7, None, "on the 8th the window starts on the 2nd: 4 and 9 only");
        assert_eq!(s[6].avg7, Some(5.0), "the 7th still sees the 1st");
    }

    #[test]
    fn weeks_start_on_monday_and_count_selfcare_days() {
        // 2026-11-02 is a Monday.
        let list =
            [c("2026-11-01", 5, 5, &["rest"]), c("2026-11-02", 5, 5, &[]), c("2026-11-03", 5, 5, &["rest", "hobby"])];
        let weeks = selfcare_weeks(&by_day(&list), day("2026-11-01"), day("2026-11-09"));
        let got: Vec<_> = weeks.iter().map(|w| (w.week.to_string(), w.selfcare_days, w.checkin_days)).collect();
        assert_eq!(
            got,
            [("2026-10-26".into(), 1, 1), ("2026-11-02".into(), 1, 2), ("2026-11-09".into(), 0, 0)]
                as [(String, u32, u32); 3]
        );
    }

    #[test]
    fn boundary_events_are_counted_per_month_and_kind() {
        let events = [
            (day("2026-09-30"), BoundaryKind::MoneyOrGifts),
            (day("2026-10-01"), BoundaryKind::MoneyOrGifts),
            (day("2026-10-15"), BoundaryKind::AfterHoursContact),
            (day("2026-10-20"), BoundaryKind::MoneyOrGifts),
        ];
        let months = boundary_months(&events, day("2026-10-01"), day("2026-11-23"));
        assert_eq!(months.len(), 2);
        assert_eq!(months[0].total, 3, "the September event is outside the range");
        assert_eq!(months[0].by_kind[&BoundaryKind::MoneyOrGifts], 2);
        assert_eq!(months[1].total, 0);
    }

    #[test]
    fn what_helps_needs_five_days_on_each_side() {
        // Nine consecutive days: walks on days 0..4 (5 days with), none on
        // 5..8 (4 days without, since day 9 has no next day). Not enough.
        let mut list: Vec<CheckIn> = (1..=9)
            .map(|i| c(&format!("2026-11-{i:02}"), 5, if i > 5 { 3 } else { 7 }, if i <= 5 { &["walk"] } else { &[] }))
            .collect();
        let acts = vec!["walk".to_string()];
        assert!(helps(&by_day(&list), &acts).is_empty());
        // Two more days without: now 5 and 6 pairs.
        list.push(c("2026-11-10", 5, 3, &[]));
        list.push(c("2026-11-11", 5, 3, &[]));
        let h = helps(&by_day(&list), &acts);
        assert_eq!(h.len(), 1);
        assert_eq!((h[0].days_with, h[0].days_without), (5, 5));
        // After walk days 1..5 the next days are 2..6: stress 7,7,7,7,3.
        assert!((h[0].next_stress_with - 6.2).abs() < 1e-6);
        assert!((h[0].next_stress_without - 3.0).abs() < 1e-6);
    }

    #[test]
    fn summaries_skip_gaps() {
        let list = [c("2026-11-01", 2, 0, &[]), c("2026-11-03", 4, 0, &[]), c("2026-11-04", 9, 0, &[])];
        let s = Summary::of(&series(&by_day(&list), day("2026-11-01"), day("2026-11-06"), mood));
        assert_eq!((s.days_with_value, s.min, s.max, s.mean), (3, Some(2.0), Some(9.0), Some(5.0)));
        assert_eq!(s.latest_avg7, Some(5.0));
        let empty = Summary::of(&series(&by_day(&[]), day("2026-11-01"), day("2026-11-06"), mood));
        assert_eq!((empty.days_with_value, empty.mean, empty.latest_avg7), (0, None, None));
        let month = MoodMonth::new(mood_calendar(&by_day(&list), day("2026-11-01")));
        assert_eq!((month.days.len(), month.checked_days, month.mean), (30, 3, Some(5.0)));
    }

    #[test]
    fn the_calendar_has_every_day_of_the_month() {
        let list = [c("2026-02-10", 8, 0, &[])];
        let cal = mood_calendar(&by_day(&list), day("2026-02-17"));
        assert_eq!(cal.len(), 28);
        assert_eq!(cal[9], (day("2026-02-10"), Some(8)));
        assert_eq!(cal[0].1, None);
    }
}
