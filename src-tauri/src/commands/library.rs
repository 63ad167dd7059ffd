//! Templates: the built-ins (read-only) and the facilitator's own copies.

use crate::error::CmdResult;
use crate::state::AppState;
use enza_core::library::Listed;
use enza_core::meeting::Template;
use tauri::State;
use tracing::instrument;

#[tauri::command]
#[instrument(skip_all)]
pub fn template_list(state: State<'_, AppState>) -> CmdResult<Vec<Listed>> {
    let lang = state.lang();
    state.with_vault(|v| Ok(v.library().templates(lang)?.into_iter().map(Listed::from).collect()))
}

#[tauri::command]
#[instrument(skip_all)]
pub fn template_get(state: State<'_, AppState>, key: String) -> CmdResult<Template> {
    let lang = state.lang();
    state.with_vault(|v| v.library().template(&key, lang))
}

#[tauri::command]
#[instrument(skip_all)]
pub fn template_copy(state: State<'_, AppState>, key: String) -> CmdResult<Template> {
    let lang = state.lang();
    state.with_vault(|v| v.library().copy_template(&key, lang))
}

#[tauri::command]
#[instrument(skip_all)]
pub fn template_save(state: State<'_, AppState>, template: Template) -> CmdResult<Template> {
    state.with_vault(|v| v.library().save_template(&template))
}

#[tauri::command]
#[instrument(skip_all)]
pub fn template_delete(state: State<'_, AppState>, key: String) -> CmdResult<()> {
    state.with_vault(|v| v.library().delete_template(&key))
}
