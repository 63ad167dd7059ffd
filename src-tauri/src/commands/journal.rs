//! The journal: reflections.

use crate::error::CmdResult;
use crate::state::AppState;
use enza_core::journal::{Reflection, ReflectionSummary};
use tauri::State;
use tracing::instrument;

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
