//! Settings kept in the vault.

use crate::error::CmdResult;
use crate::state::AppState;
use enza_core::settings::{
    Settings, Snapshot, AUTO_LOCK_MINUTES, LOCK_DURING_MEETING, NOTES_DURING_MEETING, STRAIN_NOTICE,
};
use enza_core::Lang;
use serde::Serialize;
use tauri::State;
use tracing::instrument;

#[derive(Serialize)]
pub struct SettingsView {
    #[serde(flatten)]
    values: Snapshot,
    language: Lang,
}

#[tauri::command]
#[instrument(skip_all)]
pub fn settings_get(state: State<'_, AppState>) -> CmdResult<SettingsView> {
    let values = state.with_vault(|v| v.settings().snapshot())?;
    Ok(SettingsView { values, language: state.lang() })
}

/// Saves settings with `save`, then hands the idle timer the values now in
/// force (two of them are its rule's inputs).
fn save_and_apply(state: &AppState, save: impl FnOnce(&Settings) -> enza_core::Result<()>) -> CmdResult<()> {
    let values = state.with_vault(|v| {
        save(&v.settings())?;
        v.settings().snapshot()
    })?;
    state.session().idle.configure(&values);
    Ok(())
}

#[tauri::command]
#[instrument(skip_all)]
pub fn settings_set_auto_lock(state: State<'_, AppState>, minutes: u32) -> CmdResult<()> {
    save_and_apply(&state, |s| s.set(&AUTO_LOCK_MINUTES, &minutes))
}

#[tauri::command]
#[instrument(skip_all)]
pub fn settings_set_meeting(
    state: State<'_, AppState>,
    notes_during_meeting: bool,
    lock_during_meeting: bool,
) -> CmdResult<()> {
    save_and_apply(&state, |s| {
        s.set(&NOTES_DURING_MEETING, &notes_during_meeting)?;
        s.set(&LOCK_DURING_MEETING, &lock_during_meeting)
    })
}

/// Whether the journal may show the strain notice.
#[tauri::command]
#[instrument(skip_all)]
pub fn settings_set_journal(state: State<'_, AppState>, strain_notice: bool) -> CmdResult<()> {
    state.with_vault(|v| v.settings().set(&STRAIN_NOTICE, &strain_notice))
}
