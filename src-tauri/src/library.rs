//! Template and group commands: the facilitator's own copies of templates
//! (built-ins stay as they are) and the groups that meet, with each group's
//! history and attendance over time.

use crate::commands::{with_vault, CmdResult};
use crate::state::AppState;
use enza_core::meeting::{Group, Template};
use enza_core::{AttendancePoint, SessionSummary};
use serde::Serialize;
use tauri::State;
use tracing::instrument;

/// How many of a group's sessions its page lists.
const GROUP_HISTORY_LIMIT: usize = 500;

#[tauri::command]
#[instrument(skip_all)]
pub fn templates_list(state: State<'_, AppState>) -> CmdResult<Vec<Template>> {
    let lang = state.session().lang;
    with_vault(&state, |v| v.templates(lang))
}

#[tauri::command]
#[instrument(skip_all)]
pub fn template_get(state: State<'_, AppState>, key: String) -> CmdResult<Template> {
    let lang = state.session().lang;
    with_vault(&state, |v| v.template(&key, lang))
}

#[tauri::command]
#[instrument(skip_all)]
pub fn template_copy(state: State<'_, AppState>, key: String) -> CmdResult<Template> {
    let lang = state.session().lang;
    with_vault(&state, |v| v.copy_template(&key, lang))
}

#[tauri::command]
#[instrument(skip_all)]
pub fn template_save(state: State<'_, AppState>, template: Template) -> CmdResult<Template> {
    with_vault(&state, |v| v.save_template(&template))
}

#[tauri::command]
#[instrument(skip_all)]
pub fn template_delete(state: State<'_, AppState>, key: String) -> CmdResult<()> {
    with_vault(&state, |v| v.delete_template(&key))
}

#[tauri::command]
#[instrument(skip_all)]
pub fn groups_list(state: State<'_, AppState>) -> CmdResult<Vec<Group>> {
    with_vault(&state, |v| v.groups())
}

#[tauri::command]
#[instrument(skip_all)]
pub fn group_save(state: State<'_, AppState>, group: Group) -> CmdResult<Group> {
    with_vault(&state, |v| v.save_group(&group))
}

#[tauri::command]
#[instrument(skip_all, fields(id = id))]
pub fn group_delete(state: State<'_, AppState>, id: i64) -> CmdResult<()> {
    with_vault(&state, |v| v.delete_group(id))
}

/// A group's page: the group, its sessions newest first, and attendance
/// at each recorded meeting, oldest first.
#[derive(Serialize)]
pub struct GroupHistory {
    group: Group,
    sessions: Vec<SessionSummary>,
    attendance: Vec<AttendancePoint>,
}

#[tauri::command]
#[instrument(skip_all, fields(id = id))]
pub fn group_history(state: State<'_, AppState>, id: i64) -> CmdResult<GroupHistory> {
    with_vault(&state, |v| {
        Ok(GroupHistory {
            group: v.group(id)?,
            sessions: v.group_sessions(id, GROUP_HISTORY_LIMIT)?,
            attendance: v.group_attendance(id)?,
        })
    })
}
