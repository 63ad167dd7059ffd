//! Meeting commands: thin wrappers over enza-core's meeting API. While a
//! meeting runs, the idle lock is held off (a facilitator holding the room
//! may not touch the laptop for a long time).

use crate::commands::{with_vault, CmdResult};
use crate::state::AppState;
use chrono::Utc;
use enza_core::meeting::{self, Clock, Command, CrisisCard, Meeting, SessionRecord};
use enza_core::sessions::SessionDetail;
use enza_core::SessionSummary;
use serde::Serialize;
use tauri::State;
use tracing::instrument;

#[derive(Serialize)]
pub struct MeetingSettings {
    notes_during_meeting: bool,
    lock_during_meeting: bool,
}

#[tauri::command]
#[instrument(skip_all)]
pub fn meeting_settings(state: State<'_, AppState>) -> CmdResult<MeetingSettings> {
    with_vault(&state, |v| {
        Ok(MeetingSettings {
            notes_during_meeting: v.notes_during_meeting()?,
            lock_during_meeting: v.lock_during_meeting()?,
        })
    })
}

#[tauri::command]
#[instrument(skip_all)]
pub fn set_meeting_settings(
    state: State<'_, AppState>,
    notes_during_meeting: bool,
    lock_during_meeting: bool,
) -> CmdResult<()> {
    with_vault(&state, |v| {
        v.set_notes_during_meeting(notes_during_meeting)?;
        v.set_lock_during_meeting(lock_during_meeting)
    })
}

/// A meeting as the live screen needs it: state, timers and who is next.
#[derive(Serialize)]
pub struct LiveMeeting {
    id: i64,
    meeting: Meeting,
    clock: Clock,
    next_speaker: Option<u32>,
}

fn live(id: i64, meeting: Meeting) -> LiveMeeting {
    LiveMeeting { id, clock: meeting.clock(Utc::now()), next_speaker: meeting.next_speaker(), meeting }
}

/// Holds the idle lock off while a meeting runs, unless the facilitator
/// asked for it to lock even then.
fn hold_idle_lock(state: &AppState, meeting: &Meeting) {
    let lock_anyway = with_vault(state, |v| v.lock_during_meeting()).unwrap_or(false);
    state.session().idle.hold(meeting.ended_at.is_none() && !lock_anyway);
}

/// Starts a meeting, for a group or for none. A group meets in its own
/// language and for its usual length (the sharing round takes up the
/// difference); the session keeps the template as it was at the start.
#[tauri::command]
#[instrument(skip_all)]
pub fn meeting_start(
    state: State<'_, AppState>,
    group_id: Option<i64>,
    template_key: String,
) -> CmdResult<LiveMeeting> {
    let lang = state.session().lang;
    let (id, m) = with_vault(&state, |v| v.start_meeting_for(group_id, &template_key, lang))?;
    hold_idle_lock(&state, &m);
    Ok(live(id, m))
}

/// The planned minutes of the meeting the start card would start.
#[tauri::command]
#[instrument(skip_all)]
pub fn meeting_plan(state: State<'_, AppState>, group_id: Option<i64>, template_key: String) -> CmdResult<u32> {
    let lang = state.session().lang;
    with_vault(&state, |v| Ok(v.meeting_template(group_id, &template_key, lang)?.planned_minutes()))
}

/// The unfinished meeting, if any, resumed (the gap is recorded).
#[tauri::command]
#[instrument(skip_all)]
pub fn meeting_resume(state: State<'_, AppState>) -> CmdResult<Option<LiveMeeting>> {
    let resumed = with_vault(&state, |v| match v.unfinished_meeting()? {
        Some(id) => Ok(Some((id, v.resume_meeting(id)?))),
        None => Ok(None),
    })?;
    Ok(resumed.map(|(id, m)| {
        hold_idle_lock(&state, &m);
        live(id, m)
    }))
}

#[tauri::command]
#[instrument(skip_all)]
pub fn meeting_unfinished(state: State<'_, AppState>) -> CmdResult<Option<i64>> {
    with_vault(&state, |v| v.unfinished_meeting())
}

#[tauri::command]
#[instrument(skip_all, fields(id = id))]
pub fn meeting_state(state: State<'_, AppState>, id: i64) -> CmdResult<LiveMeeting> {
    let m = with_vault(&state, |v| v.meeting(id))?;
    Ok(live(id, m))
}

#[tauri::command]
#[instrument(skip_all, fields(id = id))]
pub fn meeting_command(state: State<'_, AppState>, id: i64, command: Command) -> CmdResult<LiveMeeting> {
    let m = with_vault(&state, |v| v.meeting_command(id, &command))?;
    hold_idle_lock(&state, &m);
    Ok(live(id, m))
}

#[tauri::command]
#[instrument(skip_all)]
pub fn sessions_latest(state: State<'_, AppState>, limit: usize) -> CmdResult<Vec<SessionSummary>> {
    with_vault(&state, |v| v.latest_sessions(limit.min(500)))
}

#[tauri::command]
#[instrument(skip_all, fields(id = id))]
pub fn session_detail(state: State<'_, AppState>, id: i64) -> CmdResult<SessionDetail> {
    with_vault(&state, |v| v.session_detail(id))
}

/// Likely personal data in a record, for the "keep as written / edit" prompt.
#[tauri::command]
#[instrument(skip_all)]
pub fn record_check(record: SessionRecord) -> Vec<meeting::record::FieldFinding> {
    record.personal_data()
}

/// The names the facilitator wrote last time, offered in a new record.
#[tauri::command]
#[instrument(skip_all)]
pub fn last_facilitators(state: State<'_, AppState>, group_id: Option<i64>) -> CmdResult<Option<String>> {
    with_vault(&state, |v| v.last_facilitators(group_id))
}

#[tauri::command]
#[instrument(skip_all, fields(id = id))]
pub fn record_save(state: State<'_, AppState>, id: i64, record: SessionRecord) -> CmdResult<()> {
    with_vault(&state, |v| v.save_session_record(id, &record))
}

/// The crisis card, each contact with its "check this" flag.
#[derive(Serialize)]
pub struct CrisisCardView {
    card: CrisisCard,
    stale: Vec<bool>,
}

#[tauri::command]
#[instrument(skip_all)]
pub fn crisis_card(state: State<'_, AppState>) -> CmdResult<CrisisCardView> {
    let lang = state.session().lang;
    let card = with_vault(&state, |v| v.crisis_card(lang))?;
    let today = chrono::Local::now().date_naive();
    let stale = card.contacts.iter().map(|c| c.is_stale(today)).collect();
    Ok(CrisisCardView { card, stale })
}

#[tauri::command]
#[instrument(skip_all)]
pub fn crisis_card_save(state: State<'_, AppState>, card: CrisisCard) -> CmdResult<()> {
    with_vault(&state, |v| v.set_crisis_card(&card))
}
