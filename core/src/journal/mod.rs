//! The self-care and boundaries journal of an unlocked vault: reflections,
//! daily check-ins, boundary events, the self-care plan and its versions,
//! trends, the strain notice and the supervision agenda.
//!
//! Dates are the person's local calendar days; the front end passes
//! `today`, so the rules never depend on the machine's clock in a test.

pub mod boundary;
pub mod checkin;
pub mod plan;
pub mod prompts;
mod reflection;
mod store;
pub mod strain;
pub mod trends;

pub use boundary::{BoundaryEvent, BoundaryKind};
pub use checkin::{
    default_activities, selfcare_names, validate_activities, Activity, CheckIn, CheckInForm, CheckinDay, Scale,
};
pub use plan::{PlanVersion, SelfCarePlan};
pub use reflection::{Reflection, ReflectionSummary, MAX_BODY_CHARS, MAX_TITLE_CHARS};
pub use store::CAPABILITY;
pub use strain::StrainNotice;
pub use trends::{Range, Trends};

use crate::error::Result;
use crate::i18n::Lang;
use crate::meeting::{FlaggedMeeting, Meetings};
use crate::settings::{Settings, STRAIN_NOTICE};
use crate::store::Db;
use checkin::SELFCARE_ACTIVITIES;
use chrono::{DateTime, Datelike, Days, NaiveDate, Utc};
use serde::Serialize;

/// How far back the strain rule and the trends read: a year and a month.
const HISTORY_DAYS: u64 = 400;

/// What to bring to the next supervision: everything flagged since the
/// last one, by kind, oldest first.
#[derive(Debug, Clone, Serialize)]
pub struct Agenda {
    /// The last supervision date recorded, if any.
    pub since: Option<NaiveDate>,
    pub boundary_events: Vec<BoundaryEvent>,
    pub reflections: Vec<AgendaReflection>,
    /// Meetings with a safety concern or "I need a debrief".
    pub meetings: Vec<FlaggedMeeting>,
}

/// A self-care activity with the name to show.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ActivityView {
    pub key: String,
    pub label: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct AgendaReflection {
    pub id: i64,
    pub title: String,
    pub created_at: DateTime<Utc>,
}

/// How far back the boundary page lists events by default.
pub const RECENT_BOUNDARY_DAYS: u64 = 90;

/// The boundary page's list: from `since` to `today`; `older` when it
/// reaches back past the usual days, to a found event's day.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RecentBoundaries {
    pub today: NaiveDate,
    pub since: NaiveDate,
    pub older: bool,
    pub events: Vec<BoundaryEvent>,
}

/// The journal, borrowed from an unlocked vault (`vault.journal()`).
pub struct Journal<'v> {
    db: &'v Db,
}

impl<'v> Journal<'v> {
    pub(crate) fn new(db: &'v Db) -> Self {
        Journal { db }
    }

    pub fn add_reflection(&self, title: &str, body: &str) -> Result<Reflection> {
        let (title, body) = reflection::validate(title, body)?;
        let r = store::insert(self.db.conn(), title, body, Utc::now())?;
        tracing::debug!(id = r.id, "reflection added");
        Ok(r)
    }

    /// A quick note written while locked, kept as a reflection written
    /// then (`crate::sealed`; checked as a capture before).
    pub(crate) fn add_captured_reflection(&self, body: &str, written: DateTime<Utc>) -> Result<()> {
        let (title, body) = reflection::validate("", body)?;
        store::insert(self.db.conn(), title, body, written)?;
        Ok(())
    }

    /// A quick note written while locked, kept as a boundary event of the
    /// day it was written where it was written.
    pub(crate) fn add_captured_boundary(&self, text: &str, day: NaiveDate, written: DateTime<Utc>) -> Result<()> {
        let event = BoundaryEvent {
            id: 0,
            day,
            kind: BoundaryKind::Other,
            what_happened: text.to_owned(),
            what_i_did: String::new(),
            how_i_feel: String::new(),
            supervision: false,
        };
        // Its day is the writer's, which may be ahead of this machine's.
        event.validate(day)?;
        store::insert_boundary(self.db.conn(), &event, written)?;
        Ok(())
    }

    pub fn update_reflection(&self, id: i64, title: &str, body: &str) -> Result<Reflection> {
        let (title, body) = reflection::validate(title, body)?;
        let r = store::update(self.db.conn(), id, title, body, Utc::now())?;
        tracing::debug!(id, "reflection updated");
        Ok(r)
    }

    pub fn delete_reflection(&self, id: i64) -> Result<()> {
        store::delete(self.db.conn(), id)?;
        tracing::debug!(id, "reflection deleted");
        Ok(())
    }

    pub fn reflection(&self, id: i64) -> Result<Reflection> {
        store::get(self.db.conn(), id)
    }

    /// The newest reflections, newest first; at most [`crate::limits::LIST_MAX`].
    pub fn latest_reflections(&self, limit: usize) -> Result<Vec<ReflectionSummary>> {
        store::latest(self.db.conn(), limit.min(crate::limits::LIST_MAX))
    }

    /// Every reflection, (id, written at), oldest first: beyond what a list
    /// returns ([`crate::limits::LIST_MAX`]), for the export.
    pub(crate) fn every_reflection_time(&self) -> Result<Vec<(i64, DateTime<Utc>)>> {
        store::every_reflection_time(self.db.conn())
    }

    pub fn reflection_count(&self) -> Result<u64> {
        store::count(self.db.conn())
    }

    /// Whether the person keeps the journal's daily side (check-ins,
    /// boundary events, the plan) and has written no reflection: after
    /// unlocking they land on the journal, not on an empty list.
    pub fn daily_only(&self) -> Result<bool> {
        Ok(store::count(self.db.conn())? == 0 && store::has_daily_entries(self.db.conn())?)
    }

    /// Marks a reflection: the prompt it answers (a built-in prompt's key)
    /// and whether to bring it to supervision.
    pub fn set_reflection_flags(&self, id: i64, prompt: Option<&str>, supervision: bool) -> Result<()> {
        if prompt.is_some_and(|p| !prompts::is_prompt(p)) {
            return Err(crate::error::Error::InvalidSetting("not a built-in prompt"));
        }
        store::set_reflection_flags(self.db.conn(), id, prompt, supervision)
    }

    /// Saves the check-in of its day (a second one for the same day
    /// replaces the first: one per day, editable).
    pub fn save_checkin(&self, checkin: &CheckIn, today: NaiveDate) -> Result<()> {
        checkin.validate(today)?;
        store::upsert_checkin(self.db.conn(), checkin, Utc::now())?;
        tracing::debug!("check-in saved");
        Ok(())
    }

    pub fn checkin(&self, day: NaiveDate) -> Result<Option<CheckIn>> {
        Ok(store::checkins(self.db.conn(), day, day)?.pop())
    }

    /// The check-in page of `day` (today when `None`): a day to come is
    /// refused with [`crate::Error::FutureDate`].
    pub fn checkin_day(&self, day: Option<NaiveDate>, today: NaiveDate) -> Result<CheckinDay> {
        CheckinDay::of(day, today, |day| self.checkin(day))
    }

    pub fn delete_checkin(&self, day: NaiveDate) -> Result<()> {
        store::delete_checkin(self.db.conn(), day)
    }

    /// Check-ins from `from` to `to`, oldest first.
    pub fn checkins(&self, from: NaiveDate, to: NaiveDate) -> Result<Vec<CheckIn>> {
        store::checkins(self.db.conn(), from, to)
    }

    /// Adds a boundary event (`id` 0) or saves an existing one.
    pub fn save_boundary_event(&self, event: &BoundaryEvent, today: NaiveDate) -> Result<BoundaryEvent> {
        event.validate(today)?;
        let mut saved = event.clone();
        if saved.id == 0 {
            saved.id = store::insert_boundary(self.db.conn(), event, Utc::now())?;
        } else {
            store::update_boundary(self.db.conn(), event, Utc::now())?;
        }
        tracing::debug!(id = saved.id, "boundary event saved");
        Ok(saved)
    }

    pub fn delete_boundary_event(&self, id: i64) -> Result<()> {
        store::delete_boundary(self.db.conn(), id)
    }

    /// Boundary events on or after `from`, newest first.
    pub fn boundary_events(&self, from: NaiveDate) -> Result<Vec<BoundaryEvent>> {
        store::boundary_events(self.db.conn(), from, crate::limits::LIST_MAX)
    }

    /// What the boundary page lists: the events of the last
    /// [`RECENT_BOUNDARY_DAYS`] days, or back to `from` when that is earlier
    /// (a found event's day), newest first.
    pub fn recent_boundary_events(&self, from: Option<NaiveDate>, today: NaiveDate) -> Result<RecentBoundaries> {
        let recent = today - Days::new(RECENT_BOUNDARY_DAYS);
        let since = from.filter(|d| *d < recent).unwrap_or(recent);
        Ok(RecentBoundaries { today, since, older: since < recent, events: self.boundary_events(since)? })
    }

    /// Boundary events from `from` to `to` (both included), oldest first,
    /// however many there are (the export's read).
    pub fn boundary_events_between(&self, from: NaiveDate, to: NaiveDate) -> Result<Vec<BoundaryEvent>> {
        store::boundary_events_between(self.db.conn(), from, to)
    }

    /// Saves a new version of the self-care plan; earlier ones are kept.
    pub fn save_plan(&self, plan: &SelfCarePlan) -> Result<PlanVersion> {
        plan.validate()?;
        let id = store::insert_plan(self.db.conn(), plan, Utc::now())?;
        Ok(store::plan_versions(self.db.conn())?.into_iter().find(|v| v.id == id).expect("just saved"))
    }

    /// Every version of the plan, newest first (the first is the plan now).
    pub fn plan_versions(&self) -> Result<Vec<PlanVersion>> {
        store::plan_versions(self.db.conn())
    }

    /// Trends over `range`, ending `today`.
    pub fn trends(&self, range: Range, today: NaiveDate) -> Result<Trends> {
        let checkins = self.checkins(range.first_day(today) - Days::new(6), today)?;
        let activities: Vec<String> =
            Settings::new(self.db).get(&SELFCARE_ACTIVITIES)?.into_iter().map(|a| a.key).collect();
        Ok(trends::trends(&checkins, &self.boundary_days(range.first_day(today))?, &activities, range, today))
    }

    /// The mood of each day of the month holding `month` (gaps as `None`).
    pub fn mood_calendar(&self, month: NaiveDate) -> Result<trends::MoodMonth> {
        let first = month.with_day(1).expect("day 1 exists");
        let last = first.checked_add_months(chrono::Months::new(1)).expect("months go on") - Days::new(1);
        let checkins = self.checkins(first, last)?;
        Ok(trends::MoodMonth::new(trends::mood_calendar(&trends::by_day(&checkins), first)))
    }

    /// The self-care activities a check-in offers, each with its name in
    /// `lang` (a built-in's) or as the person wrote it.
    pub fn activities(&self, lang: Lang) -> Result<Vec<ActivityView>> {
        Ok(Settings::new(self.db)
            .get(&SELFCARE_ACTIVITIES)?
            .into_iter()
            .map(|a| {
                let label = a.label.clone().or_else(|| checkin::builtin_label(&a.key, lang).map(str::to_owned));
                ActivityView { key: a.key, label: label.unwrap_or_default() }
            })
            .collect())
    }

    /// Adds one of the person's own activities to the list (key `custom:<n>`).
    pub fn add_activity(&self, label: &str) -> Result<()> {
        let mut list = Settings::new(self.db).get(&SELFCARE_ACTIVITIES)?;
        let next =
            list.iter().filter_map(|a| a.key.strip_prefix("custom:")?.parse::<u32>().ok()).max().unwrap_or(0) + 1;
        list.push(Activity { key: format!("custom:{next}"), label: Some(label.trim().to_owned()) });
        self.save_activities(&list)
    }

    /// Takes an activity off the list; past check-ins keep what they recorded.
    pub fn remove_activity(&self, key: &str) -> Result<()> {
        let mut list = Settings::new(self.db).get(&SELFCARE_ACTIVITIES)?;
        let before = list.len();
        list.retain(|a| a.key != key);
        if list.len() == before {
            return Err(crate::error::Error::NotFound);
        }
        self.save_activities(&list)
    }

    /// Saves the person's list of self-care activities.
    pub fn save_activities(&self, list: &[Activity]) -> Result<()> {
        Settings::new(self.db).set(&SELFCARE_ACTIVITIES, &list.to_vec())
    }

    /// The strain notice for `today`, if its rule holds and it is on.
    pub fn strain_notice(&self, today: NaiveDate, lang: Lang) -> Result<Option<StrainNotice>> {
        if !Settings::new(self.db).get(&STRAIN_NOTICE)? {
            return Ok(None);
        }
        let from = today - Days::new(HISTORY_DAYS);
        Ok(strain::check(&self.checkins(from, today)?, &self.boundary_days(from)?, today, lang))
    }

    /// Records a supervision date; the next agenda starts from it.
    pub fn record_supervision(&self, day: NaiveDate, today: NaiveDate) -> Result<()> {
        if day > today {
            return Err(crate::error::Error::FutureDate);
        }
        store::add_supervision(self.db.conn(), day)
    }

    /// Everything flagged since the last supervision date.
    pub fn agenda(&self) -> Result<Agenda> {
        let since = store::last_supervision(self.db.conn())?;
        let mut boundary_events: Vec<BoundaryEvent> =
            store::boundary_events(self.db.conn(), since.unwrap_or(NaiveDate::MIN), usize::MAX >> 1)?
                .into_iter()
                .filter(|e| e.supervision)
                .collect();
        boundary_events.reverse();
        let reflections = store::flagged_reflections(self.db.conn(), since)?
            .into_iter()
            .map(|(id, title, created_at)| AgendaReflection { id, title, created_at })
            .collect();
        Ok(Agenda { since, boundary_events, reflections, meetings: Meetings::new(self.db).flagged_since(since)? })
    }

    fn boundary_days(&self, from: NaiveDate) -> Result<Vec<(NaiveDate, BoundaryKind)>> {
        Ok(store::boundary_events(self.db.conn(), from, usize::MAX >> 1)?
            .into_iter()
            .map(|e| (e.day, e.kind))
            .collect())
    }

    /// Adds many check-ins in one transaction: for filling benchmark vaults.
    #[cfg(feature = "bench")]
    pub(crate) fn insert_checkins_bulk(&self, items: impl Iterator<Item = CheckIn>) -> Result<()> {
        let tx = self.db.conn().unchecked_transaction()?;
        let now = Utc::now();
        for c in items {
            store::upsert_checkin(&tx, &c, now)?;
        }
        tx.commit()?;
        Ok(())
    }

    /// Adds many reflections in one transaction: for filling benchmark vaults.
    #[cfg(feature = "bench")]
    pub(crate) fn insert_bulk(
        &self,
        items: impl Iterator<Item = (String, String, chrono::DateTime<Utc>)>,
    ) -> Result<()> {
        store::insert_bulk(self.db.conn(), items)
    }
}
