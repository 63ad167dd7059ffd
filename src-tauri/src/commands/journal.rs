//! The journal: reflections, check-ins, boundary events, the self-care plan,
//! trends, the strain notice and the supervision agenda. Dates are the
//! person's local days; "today" is this machine's local date.

use crate::error::CmdResult;
use crate::state::AppState;
use chrono::NaiveDate;
use enza_core::journal::prompts::{self, Prompt};
use enza_core::journal::trends::MoodMonth;
use enza_core::journal::{
    ActivityView, Agenda, BoundaryEvent, CheckInForm, CheckinDay, PlanVersion, Range, RecentBoundaries, Reflection,
    ReflectionSummary, SelfCarePlan, StrainNotice, Trends,
};
use tauri::State;
use tracing::instrument;

use enza_core::time::today;

/// The person's today, for the screens that offer it as a date's default.
#[tauri::command]
#[instrument(skip_all)]
pub fn local_today() -> NaiveDate {
    today()
}

#[tauri::command]
#[instrument(skip_all)]
pub fn reflection_list(state: State<'_, AppState>, limit: usize) -> CmdResult<Vec<ReflectionSummary>> {
    state.with_vault(|v| v.journal().latest_reflections(limit))
}

#[tauri::command]
#[instrument(skip_all, fields(id = id))]
pub fn reflection_get(state: State<'_, AppState>, id: i64) -> CmdResult<Reflection> {
    state.with_vault(|v| v.journal().reflection(id))
}

#[tauri::command]
#[instrument(skip_all)]
pub fn reflection_add(state: State<'_, AppState>, title: String, body: String) -> CmdResult<Reflection> {
    state.with_vault(|v| v.journal().add_reflection(&title, &body))
}

#[tauri::command]
#[instrument(skip_all, fields(id = id))]
pub fn reflection_update(state: State<'_, AppState>, id: i64, title: String, body: String) -> CmdResult<Reflection> {
    state.with_vault(|v| v.journal().update_reflection(id, &title, &body))
}

#[tauri::command]
#[instrument(skip_all, fields(id = id))]
pub fn reflection_delete(state: State<'_, AppState>, id: i64) -> CmdResult<()> {
    state.with_vault(|v| v.journal().delete_reflection(id))
}

#[tauri::command]
#[instrument(skip_all, fields(id = id))]
pub fn reflection_set_flags(
    state: State<'_, AppState>,
    id: i64,
    prompt: Option<String>,
    supervision: bool,
) -> CmdResult<()> {
    state.with_vault(|v| v.journal().set_reflection_flags(id, prompt.as_deref(), supervision))
}

/// The built-in reflection prompts in the interface language.
#[tauri::command]
pub fn reflection_prompts(state: State<'_, AppState>) -> Vec<Prompt> {
    prompts::prompts(state.lang())
}

/// Whether the person keeps only the journal's daily side (no reflection):
/// where they land after unlocking.
#[tauri::command]
#[instrument(skip_all)]
pub fn journal_daily_only(state: State<'_, AppState>) -> CmdResult<bool> {
    state.with_vault(|v| v.journal().daily_only())
}

#[tauri::command]
#[instrument(skip_all)]
pub fn checkin_save(state: State<'_, AppState>, checkin: CheckInForm) -> CmdResult<()> {
    state.with_vault(|v| v.journal().save_checkin(&checkin.check_in()?, today()))
}

#[tauri::command]
#[instrument(skip_all)]
pub fn checkin_day(state: State<'_, AppState>, day: Option<NaiveDate>) -> CmdResult<CheckinDay> {
    state.with_vault(|v| v.journal().checkin_day(day, today()))
}

#[tauri::command]
#[instrument(skip_all)]
pub fn boundary_save(state: State<'_, AppState>, event: BoundaryEvent) -> CmdResult<BoundaryEvent> {
    state.with_vault(|v| v.journal().save_boundary_event(&event, today()))
}

#[tauri::command]
#[instrument(skip_all)]
pub fn boundary_list(state: State<'_, AppState>, from: Option<NaiveDate>) -> CmdResult<RecentBoundaries> {
    state.with_vault(|v| v.journal().recent_boundary_events(from, today()))
}

#[tauri::command]
#[instrument(skip_all)]
pub fn plan_save(state: State<'_, AppState>, plan: SelfCarePlan) -> CmdResult<PlanVersion> {
    state.with_vault(|v| v.journal().save_plan(&plan))
}

#[tauri::command]
#[instrument(skip_all)]
pub fn plan_versions(state: State<'_, AppState>) -> CmdResult<Vec<PlanVersion>> {
    state.with_vault(|v| v.journal().plan_versions())
}

#[tauri::command]
#[instrument(skip_all)]
pub fn trends_get(state: State<'_, AppState>, range: Range) -> CmdResult<Trends> {
    state.with_vault(|v| v.journal().trends(range, today()))
}

#[tauri::command]
#[instrument(skip_all)]
pub fn strain_notice_get(state: State<'_, AppState>) -> CmdResult<Option<StrainNotice>> {
    let lang = state.lang();
    state.with_vault(|v| v.journal().strain_notice(today(), lang))
}

#[tauri::command]
#[instrument(skip_all)]
pub fn agenda_get(state: State<'_, AppState>) -> CmdResult<Agenda> {
    state.with_vault(|v| v.journal().agenda())
}

#[tauri::command]
#[instrument(skip_all)]
pub fn supervision_record(state: State<'_, AppState>, day: NaiveDate) -> CmdResult<()> {
    state.with_vault(|v| v.journal().record_supervision(day, today()))
}

/// The mood of each day of a month (`month` is any day in it).
#[tauri::command]
#[instrument(skip_all)]
pub fn trends_calendar(state: State<'_, AppState>, month: NaiveDate) -> CmdResult<MoodMonth> {
    state.with_vault(|v| v.journal().mood_calendar(month))
}

#[tauri::command]
#[instrument(skip_all)]
pub fn selfcare_activities_get(state: State<'_, AppState>) -> CmdResult<Vec<ActivityView>> {
    let lang = state.lang();
    state.with_vault(|v| v.journal().activities(lang))
}

#[tauri::command]
#[instrument(skip_all)]
pub fn selfcare_activity_add(state: State<'_, AppState>, label: String) -> CmdResult<Vec<ActivityView>> {
    let lang = state.lang();
    state.with_vault(|v| {
        v.journal().add_activity(&label)?;
        v.journal().activities(lang)
    })
}

#[tauri::command]
#[instrument(skip_all)]
pub fn selfcare_activity_remove(state: State<'_, AppState>, key: String) -> CmdResult<Vec<ActivityView>> {
    let lang = state.lang();
    state.with_vault(|v| {
        v.journal().remove_activity(&key)?;
        v.journal().activities(lang)
    })
}
