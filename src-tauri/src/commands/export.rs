//! The readable export: the vault's content as Markdown, JSON or CSV in a
//! folder the person names, after the window has said the files are not
//! encrypted. Runs on a worker and reports progress (`export-progress`).

use crate::commands::Progress;
use crate::error::CmdResult;
use crate::state::AppState;
use enza_core::export::{ExportSummary, Format, Selection};
use std::path::PathBuf;
use tauri::{AppHandle, Emitter, State};
use tracing::instrument;

/// The folder the export screen offers: a new one in the home folder.
#[tauri::command]
pub fn export_place(app: AppHandle) -> String {
    use tauri::Manager;
    let home = app.path().home_dir().unwrap_or_default();
    enza_core::export::free_place(&home, enza_core::time::today()).display().to_string()
}

/// Refuses a folder that is not new or empty before anything is asked.
#[tauri::command]
#[instrument(skip_all)]
pub fn export_check(state: State<'_, AppState>, out_dir: String) -> CmdResult<()> {
    let lang = state.lang();
    enza_core::export::check_place(&PathBuf::from(out_dir.trim())).map_err(|e| crate::error::UiError::new(e, lang))
}

#[tauri::command]
#[instrument(skip_all)]
pub async fn export_write(
    app: AppHandle,
    state: State<'_, AppState>,
    format: Format,
    selection: Selection,
    out_dir: String,
) -> CmdResult<ExportSummary> {
    let out_dir = PathBuf::from(out_dir.trim());
    let events = app.clone();
    let mut progress = move |done: u64, total: u64| {
        let _ = events.emit("export-progress", Progress { done, total });
    };
    let summary = state
        .with_vault_long(&app, move |v, lang| v.export().write(format, &selection, &out_dir, lang, &mut progress))
        .await?;
    tracing::info!(files = summary.files.len(), "export written");
    Ok(summary)
}
