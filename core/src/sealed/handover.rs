//! A meeting handed over to the co-facilitator who runs the group next:
//! the handover document (JSON, `docs/sealed-format.md` §3), built from a
//! session and read back from a sealed file.

use crate::error::{Error, Result};
use crate::limits::{HANDOVER_TURNS_MAX, NAME_CHARS, NICKNAME_CHARS, PEOPLE_MAX, RECORD_FIELD_CHARS};
use crate::meeting::{SessionDetail, TurnOutcome};
use crate::text;
use blake2::{Blake2b, Digest};
use chrono::{DateTime, FixedOffset, Local, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

const HANDOVER_TAG: &str = "handover";
const HANDOVER_VERSION: u32 = 1;

/// The JSON inside a handover file.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct HandoverDoc {
    pub enza: String,
    pub version: u32,
    /// 32 hex digits, the same every time one person hands over one
    /// meeting: the same meeting imported twice is one.
    pub id: String,
    pub from: Sender,
    pub sealed_at: DateTime<FixedOffset>,
    pub meeting: HandedMeeting,
}

/// Who sealed it, as the file says: a name and their handover recipient.
/// age does not sign: see the threat model on what this proves.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Sender {
    pub name: String,
    pub recipient: String,
}

/// The meeting as handed over: counts, the turns without nicknames unless
/// kept, themes, the safety concern and its follow-up; notes if chosen.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct HandedMeeting {
    pub template: String,
    pub group: Option<String>,
    /// The local day it started, where it was run.
    pub date: NaiveDate,
    pub started_at: DateTime<Utc>,
    pub ended_at: Option<DateTime<Utc>>,
    pub attendance: u32,
    pub newcomers: u32,
    pub turns: Vec<HandedTurn>,
    pub themes: String,
    pub safety_concern: bool,
    pub safety_action: String,
    pub safety_follow_up_due: Option<NaiveDate>,
    pub follow_ups: String,
    pub notes: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct HandedTurn {
    pub seat: u32,
    pub nickname: Option<String>,
    /// `spoke`, `passed` or `skipped`; `None` for a turn cut short.
    pub outcome: Option<TurnOutcome>,
    pub seconds: Option<u32>,
}

/// What goes into a handover besides the counts.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
#[serde(default)]
pub struct Include {
    /// The nicknames kept in the sharing round (never unless asked).
    pub nicknames: bool,
    /// The facilitator's notes of the record.
    pub notes: bool,
}

impl HandedMeeting {
    /// The meeting as a session page shows it, trimmed to what a handover
    /// carries.
    pub(crate) fn of(detail: &SessionDetail, include: Include) -> HandedMeeting {
        let record = detail.record.clone().unwrap_or_default();
        let round = detail.meeting.round.as_ref();
        let turns = round.map_or_else(Vec::new, |round| {
            round
                .turns
                .iter()
                .map(|turn| HandedTurn {
                    seat: turn.seat,
                    nickname: include.nicknames.then(|| round.nickname(turn.seat).map(str::to_owned)).flatten(),
                    outcome: turn.outcome,
                    seconds: turn
                        .ended_at
                        .map(|end| (end - turn.started_at).num_seconds().clamp(0, i64::from(u32::MAX)) as u32),
                })
                .collect()
        });
        let summary = &detail.summary;
        HandedMeeting {
            template: summary.template_name.clone(),
            group: summary.group_name.clone(),
            date: summary.started_at.with_timezone(&Local).date_naive(),
            started_at: summary.started_at,
            ended_at: summary.ended_at,
            attendance: record.attendance,
            newcomers: record.newcomers,
            turns,
            themes: record.themes,
            safety_concern: record.safety_concern,
            safety_action: record.safety_action,
            safety_follow_up_due: record.safety_follow_up_due,
            follow_ups: record.follow_ups,
            notes: include.notes.then_some(record.notes),
        }
    }
}

impl HandoverDoc {
    pub(crate) fn new(from: Sender, session_id: i64, meeting: HandedMeeting, now: DateTime<FixedOffset>) -> Self {
        HandoverDoc {
            enza: HANDOVER_TAG.into(),
            version: HANDOVER_VERSION,
            id: handover_id(&from.recipient, session_id),
            from,
            sealed_at: now,
            meeting,
        }
    }

    /// Whether a document read from a file is one Enza can import: every
    /// text within the limits a record has, no more turns than people.
    pub(crate) fn check(&self) -> Result<()> {
        let bad = || Error::NotAHandover;
        if self.enza != HANDOVER_TAG || self.version != HANDOVER_VERSION {
            return Err(bad());
        }
        if self.id.len() != 32 || !self.id.bytes().all(|b| b.is_ascii_hexdigit()) {
            return Err(bad());
        }
        if self.from.name.trim().is_empty() {
            return Err(bad());
        }
        text::line(&self.from.name, NAME_CHARS).map_err(|_| bad())?;
        super::identity::parse_recipient(&self.from.recipient).map_err(|_| bad())?;
        let m = &self.meeting;
        text::line(&m.template, NAME_CHARS).map_err(|_| bad())?;
        if let Some(group) = &m.group {
            text::line(group, NAME_CHARS).map_err(|_| bad())?;
        }
        let fields = [Some(&m.themes), Some(&m.safety_action), Some(&m.follow_ups), m.notes.as_ref()];
        for field in fields.into_iter().flatten() {
            text::lines(field, RECORD_FIELD_CHARS).map_err(|_| bad())?;
        }
        if m.attendance > PEOPLE_MAX || m.newcomers > m.attendance || m.turns.len() > HANDOVER_TURNS_MAX {
            return Err(bad());
        }
        for nickname in m.turns.iter().filter_map(|t| t.nickname.as_ref()) {
            text::line(nickname, NICKNAME_CHARS).map_err(|_| bad())?;
        }
        Ok(())
    }
}

/// The handover's id: BLAKE2b-128 of the sender's recipient and the
/// session's number in their vault, as hex.
fn handover_id(recipient: &str, session_id: i64) -> String {
    let digest = Blake2b::<blake2::digest::consts::U16>::digest(format!("enza-handover\n{recipient}\n{session_id}"));
    crate::keys::hex(&digest)
}
