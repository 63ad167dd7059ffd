//! The app itself: what state it is in, its language, and a person's activity.

use crate::error::CmdResult;
use crate::state::AppState;
use enza_core::limits::{Limits, LIMITS};
use enza_core::{Appearance, Lang, VaultState};
use serde::Serialize;
use std::time::Instant;
use tauri::State;
use tracing::instrument;

#[derive(Serialize)]
pub struct AppStatus {
    state: &'static str,
    language: Lang,
    appearance: Appearance,
    vault_path: String,
    /// The core's size limits, so forms show the same numbers.
    limits: Limits,
    /// The window's web process ended and the page was loaded again.
    window_restarted: bool,
}

#[tauri::command]
#[instrument(skip_all)]
pub fn app_status(state: State<'_, AppState>) -> AppStatus {
    let (unlocked, language) = (state.is_unlocked(), state.lang());
    let st = match (state.dir.state(), unlocked) {
        (_, true) => "unlocked",
        (VaultState::Present, false) => "locked",
        (VaultState::Missing, false) => "missing",
        (VaultState::Foreign, false) => "foreign",
        (VaultState::Unreadable, false) => "unreadable",
    };
    AppStatus {
        state: st,
        language,
        appearance: state.dir.appearance(),
        vault_path: state.dir.path().display().to_string(),
        limits: LIMITS,
        window_restarted: crate::window::restarted(),
    }
}

/// The page has said that the window was drawn again.
#[tauri::command]
pub fn app_restart_noted() {
    crate::window::restart_noted();
    tracing::info!("the page said the window was drawn again");
}

#[tauri::command]
#[instrument(skip_all)]
pub fn app_set_language(state: State<'_, AppState>, language: Lang) {
    state.session().lang = language;
    // Remembering the choice is a convenience: where the vault folder cannot
    // hold it (e.g. a foreign file is in the way) the switch still applies.
    if let Err(e) = state.dir.set_language(language) {
        tracing::warn!(code = e.code(), "language preference not saved");
    }
}

/// Light, dark, or as the system says; kept beside the language.
#[tauri::command]
#[instrument(skip_all)]
pub fn app_set_appearance(state: State<'_, AppState>, appearance: Appearance) -> CmdResult<()> {
    state.dir.set_appearance(appearance).map_err(|e| crate::error::UiError::new(e, state.lang()))
}

/// A person pressed a key or the pointer: restart the idle clock. Nothing
/// else counts as activity.
#[tauri::command]
pub fn activity_report(state: State<'_, AppState>) {
    state.session().idle.activity(Instant::now());
}

/// The UI's first view has been drawn: the start-up mark (see `startup`).
#[tauri::command]
pub fn app_first_view_drawn(marks: crate::startup::PageMarks) {
    crate::startup::first_view_drawn(marks);
}
