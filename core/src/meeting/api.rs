//! The meetings of an unlocked vault: sessions as event logs, their records,
//! a group's history and attendance, and the crisis card.

use super::crisis::CrisisCardView;
use super::crisis::CRISIS_CARD;
use super::facts::{self, Facts, Live};
use super::history::{Attendance, SessionSummary};
use super::store;
use super::{machine, Command, CrisisCard, Event, Meeting, Recorded, SessionRecord, Template};
use crate::error::{Error, Result};
use crate::groups::Groups;
use crate::i18n::Lang;
use crate::library::Library;
use crate::limits::LIST_MAX;
use crate::settings::{Settings, NOTES_DURING_MEETING};
use crate::store::Db;
use chrono::{DateTime, NaiveDate, Utc};
use serde::Serialize;
use std::collections::hash_map::{Entry, HashMap};

/// A session as the session page shows it.
#[derive(Debug, Clone, Serialize)]
pub struct SessionDetail {
    pub summary: SessionSummary,
    pub meeting: Meeting,
    pub facts: Facts,
    pub record: Option<SessionRecord>,
}

/// A recorded meeting the supervision agenda lists.
#[derive(Debug, Clone, Serialize)]
pub struct FlaggedMeeting {
    pub session_id: i64,
    pub started_at: chrono::DateTime<Utc>,
    pub record: SessionRecord,
}

/// A record for the form, and whether it has been saved before.
#[derive(Debug, Clone, Serialize)]
pub struct RecordDraft {
    pub record: SessionRecord,
    pub saved: bool,
}

/// Meetings, borrowed from an unlocked vault (`vault.meetings()`).
pub struct Meetings<'v> {
    db: &'v Db,
}

impl<'v> Meetings<'v> {
    pub(crate) fn new(db: &'v Db) -> Self {
        Meetings { db }
    }

    /// The template a meeting would start with: in the group's language
    /// (else `lang`) and fitted to the group's usual length, where the
    /// sharing round takes up the difference. The start card shows its
    /// planned length.
    pub fn plan(&self, group_id: Option<i64>, template_key: &str, lang: Lang) -> Result<Template> {
        let group = group_id.map(|id| Groups::new(self.db).get(id)).transpose()?;
        let template = Library::new(self.db).template(template_key, group.as_ref().map_or(lang, |g| g.language))?;
        Ok(match &group {
            Some(g) => template.fitted_to(g.usual_minutes),
            None => template,
        })
    }

    /// Starts a meeting from a template key, for a group or for none; the
    /// session keeps a snapshot of the template as planned.
    pub fn start(&self, group_id: Option<i64>, template_key: &str, lang: Lang) -> Result<Live> {
        self.start_with(group_id, self.plan(group_id, template_key, lang)?)
    }

    /// Starts a meeting from a template as given.
    pub fn start_with(&self, group_id: Option<i64>, template: Template) -> Result<Live> {
        let now = Utc::now();
        let events: Vec<Recorded> =
            Meeting::start(template)?.into_iter().map(|event| Recorded { at: now, event }).collect();
        let id = store::insert_session(self.db.conn(), group_id, &events)?;
        tracing::info!(session = id, "meeting started");
        Ok(Live::new(id, Meeting::replay(&events)?, now))
    }

    /// Applies a facilitator's command; it is on disk before this returns.
    pub fn command(&self, id: i64, cmd: &Command) -> Result<Live> {
        let now = Utc::now();
        let events = store::transition(self.db.conn(), id, |log| {
            let made = Meeting::replay(log)?.decide(cmd, now)?;
            Ok(made.into_iter().map(|event| Recorded { at: now, event }).collect())
        })?;
        Ok(Live::new(id, Meeting::replay(&events)?, now))
    }

    /// Opens an unfinished meeting again. After a lock the facilitator
    /// chose, that is the end of the pause (`Unlocked`); after a restart or
    /// a crash, the gap is recorded (`Resumed`).
    pub fn resume(&self, id: i64) -> Result<Live> {
        let now = Utc::now();
        let events = store::transition(self.db.conn(), id, |log| {
            let meeting = Meeting::replay(log)?;
            let event = match () {
                _ if meeting.ended_at.is_some() => return Ok(Vec::new()),
                _ if meeting.is_locked() => Event::Unlocked,
                _ => Event::Resumed,
            };
            Ok(vec![Recorded { at: now, event }])
        })?;
        Ok(Live::new(id, Meeting::replay(&events)?, now))
    }

    /// Records that the vault is being locked while this meeting is open,
    /// so unlocking returns to it as a pause, not as a crash.
    pub fn note_lock(&self, id: i64) -> Result<()> {
        let now = Utc::now();
        store::transition(self.db.conn(), id, |log| {
            let meeting = Meeting::replay(log)?;
            if meeting.ended_at.is_some() || meeting.is_locked() {
                return Ok(Vec::new());
            }
            Ok(vec![Recorded { at: now, event: Event::Locked }])
        })?;
        tracing::info!(session = id, "meeting paused by a lock");
        Ok(())
    }

    /// The meeting paused by the last lock, if any: unlocking should return
    /// straight to it.
    pub fn paused_by_lock(&self) -> Result<Option<i64>> {
        match self.unfinished()? {
            Some(id) if self.get(id)?.is_locked() => Ok(Some(id)),
            _ => Ok(None),
        }
    }

    pub fn get(&self, id: i64) -> Result<Meeting> {
        Meeting::replay(&store::events(self.db.conn(), id)?)
    }

    /// The meeting with its timers and counters as of now.
    pub fn live(&self, id: i64) -> Result<Live> {
        Ok(Live::new(id, self.get(id)?, Utc::now()))
    }

    /// The meeting left running (e.g. by a crash), if there is one.
    pub fn unfinished(&self) -> Result<Option<i64>> {
        store::open_session(self.db.conn())
    }

    /// Nicknames for a sharing round as the core would keep them; the
    /// meeting screen checks names it keeps only on screen with this too.
    pub fn check_nicknames(&self, present: u32, nicknames: &[String]) -> Result<Vec<String>> {
        machine::checked_nicknames(present, nicknames)
    }

    /// Sessions, newest first. A built-in template is named in `lang`, the
    /// language the person reads now; a copy keeps its own name.
    pub fn history(&self, limit: usize, lang: Lang) -> Result<Vec<SessionSummary>> {
        self.named(lang, store::latest_sessions(self.db.conn(), limit.min(LIST_MAX))?)
    }

    /// Sessions with their group's name as it is now; built-in templates
    /// named in `lang`, the user's copies as they were.
    fn named(&self, lang: Lang, mut sessions: Vec<SessionSummary>) -> Result<Vec<SessionSummary>> {
        // Each built-in is built, and each group read, once per list.
        let mut templates: HashMap<String, Option<String>> = HashMap::new();
        let mut groups: HashMap<i64, Option<String>> = HashMap::new();
        for s in &mut sessions {
            let name = templates.entry(s.template_key.clone()).or_insert_with(|| {
                Template::builtin_name(&s.template_key).and_then(|name| super::builtin(name, lang)).map(|t| t.name)
            });
            if let Some(name) = name {
                s.template_name.clone_from(name);
            }
            if let Some(id) = s.group_id {
                if let Entry::Vacant(slot) = groups.entry(id) {
                    slot.insert(match Groups::new(self.db).get(id) {
                        Ok(group) => Some(group.name),
                        Err(Error::NotFound) => None,
                        Err(e) => return Err(e),
                    });
                }
                s.group_name.clone_from(&groups[&id]);
            }
        }
        Ok(sessions)
    }

    /// Every session, (id, started at), oldest first: beyond what a list
    /// returns ([`crate::limits::LIST_MAX`]), for the export.
    pub(crate) fn every_session_start(&self) -> Result<Vec<(i64, DateTime<Utc>)>> {
        store::every_session_start(self.db.conn())
    }

    /// One group's sessions, newest first, named as in [`Meetings::history`].
    pub fn group_history(&self, group_id: i64, limit: usize, lang: Lang) -> Result<Vec<SessionSummary>> {
        self.named(lang, store::group_sessions(self.db.conn(), group_id, limit.min(LIST_MAX))?)
    }

    /// Attendance and newcomers at each of a group's recorded meetings,
    /// oldest first, with their totals.
    pub fn group_attendance(&self, group_id: i64) -> Result<Attendance> {
        Ok(Attendance::of(store::group_attendance(self.db.conn(), group_id)?))
    }

    pub fn detail(&self, id: i64, lang: Lang) -> Result<SessionDetail> {
        let meeting = self.get(id)?;
        let summary = self.named(lang, vec![store::session_summary(self.db.conn(), id)?])?.remove(0);
        Ok(SessionDetail { summary, facts: facts::facts(&meeting, Utc::now()), meeting, record: self.record(id)? })
    }

    /// Saves the record. Free-text notes open only after closing, unless the
    /// facilitator allowed notes during the meeting ("in-room mode" is the
    /// default, because many groups promise that no notes are taken while
    /// people share).
    pub fn save_record(&self, id: i64, record: &SessionRecord) -> Result<()> {
        record.validate()?;
        let running = self.get(id)?.ended_at.is_none();
        if running && !Settings::new(self.db).get(&NOTES_DURING_MEETING)? {
            return Err(Error::NotesAfterClosing);
        }
        store::set_record(self.db.conn(), id, &serde_json::to_string(record).expect("record serializes"))?;
        tracing::info!(session = id, "session record saved");
        Ok(())
    }

    pub fn record(&self, id: i64) -> Result<Option<SessionRecord>> {
        match store::record(self.db.conn(), id)? {
            Some(json) => Ok(Some(serde_json::from_str(&json).map_err(|_| Error::DatabaseDamaged)?)),
            None => Ok(None),
        }
    }

    /// The record to show in the form: the saved one, or a new one with what
    /// the core already knows filled in: the names the facilitator wrote
    /// last time and the number of people the sharing round counted
    /// (late arrivals included).
    pub fn record_draft(&self, id: i64) -> Result<RecordDraft> {
        if let Some(record) = self.record(id)? {
            return Ok(RecordDraft { record, saved: true });
        }
        let group_id = store::session_summary(self.db.conn(), id)?.group_id;
        let record = SessionRecord {
            facilitators: self.last_facilitators(group_id)?.unwrap_or_default(),
            attendance: self.get(id)?.round.map_or(0, |r| r.present),
            ..SessionRecord::default()
        };
        Ok(RecordDraft { record, saved: false })
    }

    /// The names the facilitator wrote last time, to offer again: from the
    /// same group's records if there are any, else from any record.
    pub fn last_facilitators(&self, group_id: Option<i64>) -> Result<Option<String>> {
        store::last_facilitators(self.db.conn(), group_id)
    }

    /// Meetings since `since` whose record names a safety concern or asks
    /// for a debrief, oldest first: what the supervision agenda lists.
    pub fn flagged_since(&self, since: Option<NaiveDate>) -> Result<Vec<FlaggedMeeting>> {
        store::flagged_records(self.db.conn(), since)?
            .into_iter()
            .map(|(session_id, started_at, json)| {
                let record: SessionRecord = serde_json::from_str(&json).map_err(|_| Error::DatabaseDamaged)?;
                Ok(FlaggedMeeting { session_id, started_at, record })
            })
            .collect()
    }

    /// The crisis card as the screen shows it on `today`, in `lang`.
    pub fn crisis_card(&self, lang: Lang, today: NaiveDate) -> Result<CrisisCardView> {
        Ok(Settings::new(self.db).get(&CRISIS_CARD)?.view(lang, today))
    }

    pub fn save_crisis_card(&self, card: &CrisisCard) -> Result<()> {
        Settings::new(self.db).set(&CRISIS_CARD, card)
    }
}
