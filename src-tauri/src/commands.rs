//! Everything the UI may call. Each command is a thin wrapper: take the
//! state, call enza-core, map its error to `{code, message}` in the user's
//! language. Arguments are never logged (`skip_all`): they are user content.

use crate::state::{AppState, Session};
use enza_core::journal::{Reflection, ReflectionSummary};
use enza_core::{Error, Lang, Vault, VaultState};
use serde::Serialize;
use tauri::State;
use tracing::instrument;
use zeroize::Zeroizing;

/// An error as the UI receives it.
#[derive(Debug, Serialize)]
pub struct UiError {
    code: &'static str,
    message: String,
}

impl UiError {
    pub fn new(e: Error, lang: Lang) -> Self {
        tracing::warn!(code = e.code(), "command failed");
        UiError { code: e.code(), message: e.message(lang) }
    }
}

pub type CmdResult<T> = Result<T, UiError>;

/// Runs `f` on the open vault, or fails with "locked".
pub fn with_vault<T>(state: &AppState, f: impl FnOnce(&Vault) -> enza_core::Result<T>) -> CmdResult<T> {
    let s = state.session();
    let lang = s.lang;
    match &s.vault {
        Some(v) => f(v).map_err(|e| UiError::new(e, lang)),
        None => Err(UiError::new(Error::Locked, lang)),
    }
}

/// Opens the vault in the session and applies its settings.
fn install(s: &mut Session, vault: Vault) {
    if let Ok(minutes) = vault.auto_lock_minutes() {
        s.idle.set_minutes(minutes);
    }
    // A meeting resumed after unlocking holds the idle lock off again.
    s.idle.hold(false);
    s.vault = Some(vault);
}

#[derive(Serialize)]
pub struct AppInfo {
    state: &'static str,
    language: Lang,
    vault_path: String,
}

#[tauri::command]
#[instrument(skip_all)]
pub fn app_state(state: State<'_, AppState>) -> AppInfo {
    let s = state.session();
    let st = match (state.dir.state(), s.vault.is_some()) {
        (_, true) => "unlocked",
        (VaultState::Present, false) => "locked",
        (VaultState::Missing, false) => "missing",
        (VaultState::Foreign, false) => "foreign",
    };
    AppInfo { state: st, language: s.lang, vault_path: state.dir.path().display().to_string() }
}

#[tauri::command]
#[instrument(skip_all)]
pub fn set_language(state: State<'_, AppState>, language: Lang) {
    state.session().lang = language;
    // Remembering the choice is a convenience: where the vault folder cannot
    // hold it (e.g. a foreign file is in the way) the switch still applies.
    if let Err(e) = state.dir.set_language(language) {
        tracing::warn!(code = e.code(), "language preference not saved");
    }
}

#[derive(Serialize)]
pub struct CreatedInfo {
    recovery_key: String,
}

#[tauri::command]
#[instrument(skip_all)]
pub async fn create_vault(state: State<'_, AppState>, passphrase: Zeroizing<String>) -> CmdResult<CreatedInfo> {
    let mut s = state.session();
    let lang = s.lang;
    let created = Vault::create(&state.dir, &passphrase).map_err(|e| UiError::new(e, lang))?;
    let _ = state.dir.set_language(lang);
    install(&mut s, created.vault);
    // The one moment the recovery key leaves the core: to be shown, once.
    Ok(CreatedInfo { recovery_key: created.recovery_key.to_string() })
}

#[tauri::command]
#[instrument(skip_all)]
pub async fn unlock(state: State<'_, AppState>, passphrase: Zeroizing<String>) -> CmdResult<()> {
    let mut s = state.session();
    let lang = s.lang;
    let vault = Vault::unlock(&state.dir, &passphrase).map_err(|e| UiError::new(e, lang))?;
    install(&mut s, vault);
    Ok(())
}

#[tauri::command]
#[instrument(skip_all)]
pub async fn recover(
    state: State<'_, AppState>,
    recovery_key: Zeroizing<String>,
    new_passphrase: Zeroizing<String>,
) -> CmdResult<()> {
    let mut s = state.session();
    let lang = s.lang;
    let vault = Vault::recover(&state.dir, &recovery_key, &new_passphrase).map_err(|e| UiError::new(e, lang))?;
    install(&mut s, vault);
    Ok(())
}

#[tauri::command]
#[instrument(skip_all)]
pub fn lock(state: State<'_, AppState>) {
    if let Some(v) = state.session().vault.take() {
        v.lock();
    }
}

/// The person is still here (typing, clicking): restart the idle clock.
#[tauri::command]
pub fn touch(state: State<'_, AppState>) {
    drop(state.session());
}

#[derive(Serialize)]
pub struct Settings {
    auto_lock_minutes: u32,
    language: Lang,
}

#[tauri::command]
#[instrument(skip_all)]
pub fn settings(state: State<'_, AppState>) -> CmdResult<Settings> {
    let lang = state.session().lang;
    let minutes = with_vault(&state, |v| v.auto_lock_minutes())?;
    Ok(Settings { auto_lock_minutes: minutes, language: lang })
}

#[tauri::command]
#[instrument(skip_all)]
pub fn set_auto_lock(state: State<'_, AppState>, minutes: u32) -> CmdResult<()> {
    with_vault(&state, |v| v.set_auto_lock_minutes(minutes))?;
    state.session().idle.set_minutes(minutes);
    Ok(())
}

#[tauri::command]
#[instrument(skip_all)]
pub async fn change_passphrase(
    state: State<'_, AppState>,
    old: Zeroizing<String>,
    new: Zeroizing<String>,
) -> CmdResult<()> {
    with_vault(&state, |v| v.change_passphrase(&old, &new))
}

#[tauri::command]
#[instrument(skip_all)]
pub fn reflections_latest(state: State<'_, AppState>, limit: usize) -> CmdResult<Vec<ReflectionSummary>> {
    with_vault(&state, |v| v.latest_reflections(limit.min(500)))
}

#[tauri::command]
#[instrument(skip_all, fields(id = id))]
pub fn reflection_get(state: State<'_, AppState>, id: i64) -> CmdResult<Reflection> {
    with_vault(&state, |v| v.reflection(id))
}

#[tauri::command]
#[instrument(skip_all)]
pub fn reflection_add(state: State<'_, AppState>, title: String, body: String) -> CmdResult<Reflection> {
    with_vault(&state, |v| v.add_reflection(&title, &body))
}

#[tauri::command]
#[instrument(skip_all, fields(id = id))]
pub fn reflection_update(state: State<'_, AppState>, id: i64, title: String, body: String) -> CmdResult<Reflection> {
    with_vault(&state, |v| v.update_reflection(id, &title, &body))
}

#[tauri::command]
#[instrument(skip_all, fields(id = id))]
pub fn reflection_delete(state: State<'_, AppState>, id: i64) -> CmdResult<()> {
    with_vault(&state, |v| v.delete_reflection(id))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn errors_reach_the_ui_as_code_and_message() {
        let e = UiError::new(Error::WrongPassphrase, Lang::Ja);
        let json = serde_json::to_value(&e).unwrap();
        assert_eq!(json["code"], "wrong_passphrase");
        assert!(json["message"].as_str().unwrap().contains("パスフレーズ"));
        assert_eq!(json.as_object().unwrap().len(), 2);
    }
}
