//! The groups that meet, and a group's page.

use crate::error::CmdResult;
use crate::state::AppState;
use enza_core::groups::Group;
use enza_core::limits::LIST_MAX;
use enza_core::meeting::{Attendance, SessionSummary};
use serde::Serialize;
use tauri::State;
use tracing::instrument;

#[tauri::command]
#[instrument(skip_all)]
pub fn group_list(state: State<'_, AppState>) -> CmdResult<Vec<Group>> {
    state.with_vault(|v| v.groups().list())
}

#[tauri::command]
#[instrument(skip_all)]
pub fn group_save(state: State<'_, AppState>, group: Group) -> CmdResult<Group> {
    state.with_vault(|v| v.groups().save(&group))
}

#[tauri::command]
#[instrument(skip_all, fields(id = id))]
pub fn group_delete(state: State<'_, AppState>, id: i64) -> CmdResult<()> {
    state.with_vault(|v| v.groups().delete(id))
}

/// A group's page: the group, its sessions newest first, and attendance
/// at each recorded meeting, oldest first.
#[derive(Serialize)]
pub struct GroupHistory {
    group: Group,
    sessions: Vec<SessionSummary>,
    attendance: Attendance,
}

#[tauri::command]
#[instrument(skip_all, fields(id = id))]
pub fn group_history(state: State<'_, AppState>, id: i64) -> CmdResult<GroupHistory> {
    let lang = state.lang();
    state.with_vault(|v| {
        Ok(GroupHistory {
            group: v.groups().get(id)?,
            sessions: v.meetings().group_history(id, LIST_MAX, lang)?,
            attendance: v.meetings().group_attendance(id)?,
        })
    })
}
