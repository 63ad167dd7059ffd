//! Meetings: start, run and resume them; their records; the crisis card.
//! Whether a running meeting is open on screen is told to the idle timer,
//! whose rule (in the core) keeps the vault open then unless asked not to.

use crate::error::CmdResult;
use crate::state::AppState;
use enza_core::meeting::record::FieldFinding;
use enza_core::meeting::{
    Command, CrisisCard, CrisisCardView, Live, RecordDraft, SessionDetail, SessionRecord, SessionSummary,
};
use tauri::State;
use tracing::instrument;

/// Notes whether a running meeting is on screen (for the idle rule, and so
/// that a lock pauses it).
fn shown(state: &AppState, live: Live) -> Live {
    state.session().show_meeting(live.meeting.ended_at.is_none().then_some(live.id));
    live
}

#[tauri::command]
#[instrument(skip_all)]
pub fn meeting_start(state: State<'_, AppState>, group_id: Option<i64>, template_key: String) -> CmdResult<Live> {
    let lang = state.lang();
    let live = state.with_vault(|v| v.meetings().start(group_id, &template_key, lang))?;
    Ok(shown(&state, live))
}

/// The planned minutes of the meeting the start card would start.
#[tauri::command]
#[instrument(skip_all)]
pub fn meeting_plan(state: State<'_, AppState>, group_id: Option<i64>, template_key: String) -> CmdResult<u32> {
    let lang = state.lang();
    state.with_vault(|v| Ok(v.meetings().plan(group_id, &template_key, lang)?.planned_minutes()))
}

/// The unfinished meeting, if any, resumed (the gap is recorded).
#[tauri::command]
#[instrument(skip_all)]
pub fn meeting_resume(state: State<'_, AppState>) -> CmdResult<Option<Live>> {
    let live = state.with_vault(|v| v.meetings().unfinished()?.map(|id| v.meetings().resume(id)).transpose())?;
    Ok(live.map(|l| shown(&state, l)))
}

/// After unlocking: the meeting the lock paused, taken up again, if there
/// is one (the UI goes straight back to it).
#[tauri::command]
#[instrument(skip_all)]
pub fn meeting_after_unlock(state: State<'_, AppState>) -> CmdResult<Option<Live>> {
    let live = state.with_vault(|v| v.meetings().paused_by_lock()?.map(|id| v.meetings().resume(id)).transpose())?;
    Ok(live.map(|l| shown(&state, l)))
}

#[tauri::command]
#[instrument(skip_all)]
pub fn meeting_unfinished(state: State<'_, AppState>) -> CmdResult<Option<i64>> {
    state.with_vault(|v| v.meetings().unfinished())
}

#[tauri::command]
#[instrument(skip_all, fields(id = id))]
pub fn meeting_state(state: State<'_, AppState>, id: i64) -> CmdResult<Live> {
    let live = state.with_vault(|v| v.meetings().live(id))?;
    Ok(shown(&state, live))
}

#[tauri::command]
#[instrument(skip_all, fields(id = id))]
pub fn meeting_command(state: State<'_, AppState>, id: i64, command: Command) -> CmdResult<Live> {
    let live = state.with_vault(|v| v.meetings().command(id, &command))?;
    Ok(shown(&state, live))
}

/// Checks a sharing round's nicknames by the core's rule and returns them
/// as they would be kept. Nothing is stored: names the facilitator does not
/// keep stay on the meeting screen only.
#[tauri::command]
#[instrument(skip_all)]
pub fn meeting_check_nicknames(
    state: State<'_, AppState>,
    present: u32,
    nicknames: Vec<String>,
) -> CmdResult<Vec<String>> {
    state.with_vault(|v| v.meetings().check_nicknames(present, &nicknames))
}

#[tauri::command]
#[instrument(skip_all)]
pub fn session_list(state: State<'_, AppState>, limit: usize) -> CmdResult<Vec<SessionSummary>> {
    let lang = state.lang();
    state.with_vault(|v| v.meetings().history(limit, lang))
}

#[tauri::command]
#[instrument(skip_all, fields(id = id))]
pub fn session_detail(state: State<'_, AppState>, id: i64) -> CmdResult<SessionDetail> {
    let lang = state.lang();
    state.with_vault(|v| v.meetings().detail(id, lang))
}

/// Likely personal data in a record, for the "keep as written / edit" prompt.
#[tauri::command]
#[instrument(skip_all)]
pub fn record_check(record: SessionRecord) -> Vec<FieldFinding> {
    record.personal_data()
}

/// The record for the form: the saved one, or a new one with the names
/// written last time and the count from the sharing round filled in.
#[tauri::command]
#[instrument(skip_all, fields(id = id))]
pub fn record_draft(state: State<'_, AppState>, id: i64) -> CmdResult<RecordDraft> {
    state.with_vault(|v| v.meetings().record_draft(id))
}

#[tauri::command]
#[instrument(skip_all, fields(id = id))]
pub fn record_save(state: State<'_, AppState>, id: i64, record: SessionRecord) -> CmdResult<()> {
    state.with_vault(|v| v.meetings().save_record(id, &record))
}

#[tauri::command]
#[instrument(skip_all)]
pub fn crisis_card_get(state: State<'_, AppState>) -> CmdResult<CrisisCardView> {
    let lang = state.lang();
    let today = enza_core::time::today();
    state.with_vault(|v| v.meetings().crisis_card(lang, today))
}

#[tauri::command]
#[instrument(skip_all)]
pub fn crisis_card_save(state: State<'_, AppState>, card: CrisisCard) -> CmdResult<()> {
    state.with_vault(|v| v.meetings().save_crisis_card(&card))
}
