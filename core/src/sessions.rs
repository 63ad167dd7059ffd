//! The meeting side of an unlocked vault: sessions as event logs, their
//! records, the crisis card and meeting settings.

use crate::error::{Error, Result};
use crate::i18n::Lang;
use crate::meeting::{crisis, Command, CrisisCard, Event, Meeting, Recorded, SessionRecord, Template};
use crate::store::meetings::SessionSummary;
use crate::vault::Vault;
use chrono::Utc;
use serde::Serialize;

const CRISIS_CARD_KEY: &str = "crisis_card";
const NOTES_DURING_MEETING_KEY: &str = "notes_during_meeting";
const LOCK_DURING_MEETING_KEY: &str = "lock_during_meeting";

/// A session as the history and detail views show it.
#[derive(Debug, Clone, Serialize)]
pub struct SessionDetail {
    pub summary: SessionSummary,
    pub meeting: Meeting,
    pub record: Option<SessionRecord>,
}

impl Vault {
    /// Starts a meeting from a template; the session keeps a snapshot of it.
    pub fn start_meeting(&self, group_id: Option<i64>, template: Template) -> Result<(i64, Meeting)> {
        let now = Utc::now();
        let events: Vec<Recorded> =
            Meeting::start(template)?.into_iter().map(|event| Recorded { at: now, event }).collect();
        let id = self.store.insert_session(group_id, &events)?;
        tracing::info!(session = id, "meeting started");
        Ok((id, Meeting::replay(&events)?))
    }

    /// Applies a facilitator's command; it is on disk before this returns.
    pub fn meeting_command(&self, id: i64, cmd: &Command) -> Result<Meeting> {
        let now = Utc::now();
        let events = self.store.transition(id, |log| {
            let made = Meeting::replay(log)?.decide(cmd, now)?;
            Ok(made.into_iter().map(|event| Recorded { at: now, event }).collect())
        })?;
        Meeting::replay(&events)
    }

    /// Opens an unfinished meeting again after a restart, noting the gap.
    pub fn resume_meeting(&self, id: i64) -> Result<Meeting> {
        let now = Utc::now();
        let events = self.store.transition(id, |log| {
            if Meeting::replay(log)?.ended_at.is_some() {
                return Ok(Vec::new());
            }
            Ok(vec![Recorded { at: now, event: Event::Resumed }])
        })?;
        Meeting::replay(&events)
    }

    pub fn meeting(&self, id: i64) -> Result<Meeting> {
        Meeting::replay(&self.store.session_events(id)?)
    }

    /// The meeting left running (e.g. by a crash), if there is one.
    pub fn unfinished_meeting(&self) -> Result<Option<i64>> {
        self.store.open_session()
    }

    pub fn latest_sessions(&self, limit: usize) -> Result<Vec<SessionSummary>> {
        self.store.latest_sessions(limit)
    }

    pub fn session_detail(&self, id: i64) -> Result<SessionDetail> {
        Ok(SessionDetail {
            summary: self.store.session_summary(id)?,
            meeting: self.meeting(id)?,
            record: self.session_record(id)?,
        })
    }

    /// Saves the record. Free-text notes open only after closing, unless the
    /// facilitator allowed notes during the meeting ("in-room mode" is the
    /// default, because many groups promise that no notes are taken while
    /// people share).
    pub fn save_session_record(&self, id: i64, record: &SessionRecord) -> Result<()> {
        record.validate()?;
        let running = self.meeting(id)?.ended_at.is_none();
        if running && !self.notes_during_meeting()? {
            return Err(Error::NotesAfterClosing);
        }
        self.store.set_session_record(id, &serde_json::to_string(record).expect("record serializes"))?;
        tracing::info!(session = id, "session record saved");
        Ok(())
    }

    pub fn session_record(&self, id: i64) -> Result<Option<SessionRecord>> {
        match self.store.session_record(id)? {
            Some(json) => Ok(Some(serde_json::from_str(&json).map_err(|_| Error::DatabaseDamaged)?)),
            None => Ok(None),
        }
    }

    /// The names the facilitator wrote last time, to offer again: from the
    /// same group's records if there are any, else from any record.
    pub fn last_facilitators(&self, group_id: Option<i64>) -> Result<Option<String>> {
        self.store.last_facilitators(group_id)
    }

    pub fn crisis_card(&self, lang: Lang) -> Result<CrisisCard> {
        let mut card: CrisisCard = match self.store.setting(CRISIS_CARD_KEY)? {
            Some(json) => serde_json::from_str(&json).map_err(|_| Error::DatabaseDamaged)?,
            None => CrisisCard::default(),
        };
        if card.script.trim().is_empty() {
            card.script = crisis::default_script(lang).to_owned();
        }
        Ok(card)
    }

    pub fn set_crisis_card(&self, card: &CrisisCard) -> Result<()> {
        card.validate()?;
        self.store.set_setting(CRISIS_CARD_KEY, &serde_json::to_string(card).expect("card serializes"))
    }

    pub fn notes_during_meeting(&self) -> Result<bool> {
        self.store.flag(NOTES_DURING_MEETING_KEY)
    }

    pub fn set_notes_during_meeting(&self, allowed: bool) -> Result<()> {
        self.store.set_flag(NOTES_DURING_MEETING_KEY, allowed)
    }

    /// Whether idleness may lock the vault while a meeting runs (default:
    /// no, a facilitator holding the room may not touch the laptop).
    pub fn lock_during_meeting(&self) -> Result<bool> {
        self.store.flag(LOCK_DURING_MEETING_KEY)
    }

    pub fn set_lock_during_meeting(&self, allowed: bool) -> Result<()> {
        self.store.set_flag(LOCK_DURING_MEETING_KEY, allowed)
    }
}
