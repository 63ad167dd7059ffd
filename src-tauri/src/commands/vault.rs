//! The vault's lifecycle: create, unlock, recover, lock, change passphrase.
//!
//! Argon2 takes a good part of a second: it runs on a blocking worker, and
//! without the session lock, so the window and other commands stay live.

use crate::error::{CmdResult, UiError};
use crate::state::AppState;
use enza_core::backup::auto::Trigger;
use enza_core::{Vault, VaultDir};
use serde::Serialize;
use tauri::{AppHandle, Emitter, State};
use tracing::instrument;
use zeroize::Zeroizing;

/// Runs a slow vault operation off the async runtime, without the session lock.
pub(crate) async fn blocking<T: Send + 'static>(
    state: &AppState,
    f: impl FnOnce(VaultDir) -> enza_core::Result<T> + Send + 'static,
) -> CmdResult<T> {
    let lang = state.lang();
    let dir = state.dir.clone();
    match tauri::async_runtime::spawn_blocking(move || f(dir)).await {
        Ok(result) => result.map_err(|e| UiError::new(e, lang)),
        Err(_) => Err(UiError::new(enza_core::Error::Interrupted, lang)),
    }
}

/// How far long work has come, for a progress bar.
#[derive(Clone, Copy, Serialize)]
pub struct Progress {
    pub done: u64,
    pub total: u64,
}

#[derive(Serialize)]
pub struct CreatedInfo {
    /// The one moment the recovery key leaves the core: to be shown, once.
    recovery_key: Zeroizing<String>,
}

#[tauri::command]
#[instrument(skip_all)]
pub async fn vault_create(state: State<'_, AppState>, passphrase: Zeroizing<String>) -> CmdResult<CreatedInfo> {
    let lang = state.lang();
    let created = blocking(&state, move |dir| Vault::create(&dir, &passphrase)).await?;
    let _ = state.dir.set_language(lang);
    state.install(created.vault);
    Ok(CreatedInfo { recovery_key: created.recovery_key })
}

#[tauri::command]
#[instrument(skip_all)]
pub async fn vault_unlock(
    app: AppHandle,
    state: State<'_, AppState>,
    passphrase: Zeroizing<String>,
) -> CmdResult<Unlocked> {
    // A vault made by an older version may need its search index built
    // first: the unlock screen shows how far that has come.
    let events = app.clone();
    let mut progress = move |done: u64, total: u64| {
        let _ = events.emit("vault-upgrade-progress", Progress { done, total });
    };
    let vault = blocking(&state, move |dir| Vault::unlock_reporting(&dir, &passphrase, &mut progress)).await?;
    // The automatic backup on unlock (a daily one that is due), before the
    // screens start asking: the unlock screen shows its progress.
    let vault = tauri::async_runtime::spawn_blocking(move || {
        crate::state::auto_backup(&app, &vault, Trigger::Unlock);
        vault
    })
    .await
    .map_err(|_| UiError::new(enza_core::Error::Interrupted, state.lang()))?;
    let recovery_slot = vault.recovery_slot();
    state.install(vault);
    Ok(Unlocked { recovery_slot })
}

/// What an unlock found that the person should hear about.
#[derive(serde::Serialize)]
pub struct Unlocked {
    /// The recovery slot was found wrong and rebuilt, or could not be.
    recovery_slot: enza_core::RecoverySlot,
}

/// Why the open vault takes no writes, in the person's language: the
/// banner every screen shows while it is so.
#[derive(serde::Serialize)]
pub struct ReadOnlyView {
    because: enza_core::ReadOnlyBecause,
    notice: &'static str,
}

#[tauri::command]
#[instrument(skip_all)]
pub fn vault_read_only(state: State<'_, AppState>) -> CmdResult<Option<ReadOnlyView>> {
    let lang = state.lang();
    state.with_vault(|v| Ok(v.read_only().map(|because| ReadOnlyView { because, notice: because.notice(lang) })))
}

/// "Save anyway": the person accepts the risk of writing into a database
/// that failed its integrity check, until the vault is locked.
#[tauri::command]
#[instrument(skip_all)]
pub fn vault_write_despite_damage(state: State<'_, AppState>) -> CmdResult<()> {
    state.with_vault_mut(|v| v.write_despite_damage())
}

#[tauri::command]
#[instrument(skip_all)]
pub async fn vault_recover(
    state: State<'_, AppState>,
    recovery_key: Zeroizing<String>,
    new_passphrase: Zeroizing<String>,
) -> CmdResult<()> {
    let vault = blocking(&state, move |dir| Vault::recover(&dir, &recovery_key, &new_passphrase)).await?;
    state.install(vault);
    Ok(())
}

#[tauri::command]
#[instrument(skip_all)]
pub fn vault_lock(app: AppHandle, state: State<'_, AppState>) {
    state.lock(&app);
}

#[tauri::command]
#[instrument(skip_all)]
pub async fn vault_change_passphrase(
    state: State<'_, AppState>,
    old: Zeroizing<String>,
    new: Zeroizing<String>,
) -> CmdResult<()> {
    let seen = state.with_vault(|v| Ok(v.seen()))?;
    let changed = blocking(&state, move |dir| dir.change_passphrase(&old, &new, seen.as_ref())).await?;
    // The open vault's backups with its passphrase use the new one from now
    // on. Locked or lent to a backup meanwhile, it learns it at the next
    // unlock (a backup in between asks for the passphrase, plainly).
    let _ = state.with_vault(|v| {
        v.passphrase_changed(changed);
        Ok(())
    });
    Ok(())
}
