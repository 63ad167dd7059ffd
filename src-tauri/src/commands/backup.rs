//! Encrypted backups: one written now, the automatic ones (a folder, how
//! many to keep, when), and a restore from a backup file, either replacing
//! the (locked) vault on this computer or, on first run, making it.
//!
//! Writing a backup and restoring one take seconds: they run on a worker,
//! tell the window how far they have come (`backup-progress`, {done,
//! total}), and log only sizes and error codes, never a path.

use crate::commands::vault::blocking;
use crate::commands::Progress;
use crate::error::{CmdResult, UiError};
use crate::state::AppState;
use enza_core::backup::auto::{AutoSettings, AutoStatus};
use enza_core::backup::{self, BackupHeader, BackupInfo, BackupPassphrase, BackupSecret};
use enza_core::Error;
use serde::{Deserialize, Serialize};
use std::path::PathBuf;
use std::time::Duration;
use tauri::{AppHandle, Emitter, Manager, State};
use tracing::instrument;
use zeroize::Zeroizing;

/// What opens a backup, as the restore screen sends it.
#[derive(Deserialize)]
#[serde(tag = "kind", content = "value", rename_all = "snake_case")]
pub enum Secret {
    Passphrase(Zeroizing<String>),
    RecoveryKey(Zeroizing<String>),
}

impl Secret {
    fn as_backup_secret(&self) -> BackupSecret<'_> {
        match self {
            Secret::Passphrase(p) => BackupSecret::Passphrase(p),
            Secret::RecoveryKey(k) => BackupSecret::RecoveryKey(k),
        }
    }
}

fn reporter(app: &AppHandle) -> impl FnMut(u64, u64) {
    let app = app.clone();
    move |done, total| {
        let _ = app.emit("backup-progress", Progress { done, total });
    }
}

/// A path typed by a person: surrounding spaces are a slip, not a name.
fn typed_path(path: &str) -> PathBuf {
    PathBuf::from(path.trim())
}

/// Writes a backup of the open vault to `path` (a file that must not exist
/// yet), opened by the vault's passphrase, or by `passphrase` when given.
#[tauri::command]
#[instrument(skip_all)]
pub async fn backup_write(
    app: AppHandle,
    state: State<'_, AppState>,
    path: String,
    passphrase: Option<Zeroizing<String>>,
) -> CmdResult<Written> {
    let target = typed_path(&path);
    let own_passphrase = passphrase.is_some();
    let mut progress = reporter(&app);
    let info = state
        .with_vault_long(&app, move |v, _| {
            let which = match &passphrase {
                Some(p) => BackupPassphrase::Other(p),
                None => BackupPassphrase::Vault,
            };
            v.backup().write(&target, which, &mut progress)
        })
        .await?;
    tracing::info!(bytes = info.bytes, own_passphrase, "backup written from the app");
    Ok(Written::new(info, state.lang()))
}

/// A backup just written, and what the person must hear about it (one
/// made from a damaged vault), in their language.
#[derive(Serialize)]
pub struct Written {
    #[serde(flatten)]
    info: BackupInfo,
    warning: Option<&'static str>,
}

impl Written {
    fn new(info: BackupInfo, lang: enza_core::Lang) -> Written {
        let warning = info.warning(lang);
        Written { info, warning }
    }
}

/// The automatic backups' settings and how they have gone, with the home
/// folder (for a file name the backup form can suggest).
#[derive(Serialize)]
pub struct AutoView {
    status: AutoStatus,
    home: String,
}

#[tauri::command]
#[instrument(skip_all)]
pub fn backup_auto_get(app: AppHandle, state: State<'_, AppState>) -> CmdResult<AutoView> {
    let lang = state.lang();
    let status = state.with_vault(|v| v.backup().auto_status(lang))?;
    let home = app.path().home_dir().map(|p| p.display().to_string()).unwrap_or_default();
    Ok(AutoView { status, home })
}

/// Saves the automatic backups' settings (the core checks them: a folder
/// that exists, or is made when `make_folder` says so, 1 to 100 kept) and
/// returns the status under them.
#[tauri::command]
#[instrument(skip_all)]
pub fn backup_auto_set(state: State<'_, AppState>, settings: AutoSettings, make_folder: bool) -> CmdResult<AutoStatus> {
    let lang = state.lang();
    let settings = AutoSettings { folder: settings.folder.filter(|f| !f.as_os_str().is_empty()), ..settings };
    state.with_vault(|v| {
        v.backup().set_auto(&settings, make_folder)?;
        v.backup().auto_status(lang)
    })
}

/// "Create the folder": the chosen automatic folder, missing on a disk
/// that is there, is made.
#[tauri::command]
#[instrument(skip_all)]
pub fn backup_auto_make_folder(state: State<'_, AppState>) -> CmdResult<AutoStatus> {
    let lang = state.lang();
    state.with_vault(|v| {
        v.backup().make_auto_folder()?;
        v.backup().auto_status(lang)
    })
}

/// "Back up now" into the automatic folder, whatever the schedule says.
#[tauri::command]
#[instrument(skip_all)]
pub async fn backup_auto_run(app: AppHandle, state: State<'_, AppState>) -> CmdResult<Written> {
    let mut progress = reporter(&app);
    let result = state.with_vault_long(&app, move |v, _| v.backup().run_auto_now(&mut progress)).await;
    let _ = app.emit("backup-auto-finished", ());
    let info = result?;
    tracing::info!(bytes = info.bytes, "automatic backup written on request");
    Ok(Written::new(info, state.lang()))
}

/// What a backup file's header says (its date, its size), without any key.
#[tauri::command]
#[instrument(skip_all)]
pub async fn backup_inspect(state: State<'_, AppState>, path: String) -> CmdResult<BackupHeader> {
    let path = typed_path(&path);
    blocking(&state, move |_| backup::inspect(&path)).await
}

/// Opens and checks a backup completely with its passphrase or the recovery
/// key: its date and counts, for the confirmation before a restore.
#[tauri::command]
#[instrument(skip_all)]
pub async fn backup_open(
    app: AppHandle,
    state: State<'_, AppState>,
    path: String,
    secret: Secret,
) -> CmdResult<BackupInfo> {
    let path = typed_path(&path);
    let mut progress = reporter(&app);
    blocking(&state, move |_| backup::verify(&path, secret.as_backup_secret(), &mut progress)).await
}

#[derive(Serialize)]
pub struct RestoredView {
    /// The new vault's recovery key: shown once.
    recovery_key: Zeroizing<String>,
    /// Where the vault that was replaced is kept (none on first run).
    previous: Option<String>,
}

/// Replaces the vault on this computer (locked) with a restore of the
/// backup; the old vault is kept aside and the restored one is opened.
#[tauri::command]
#[instrument(skip_all)]
pub async fn backup_replace(
    app: AppHandle,
    state: State<'_, AppState>,
    path: String,
    secret: Secret,
    new_passphrase: Zeroizing<String>,
) -> CmdResult<RestoredView> {
    let lang = state.lang();
    if state.is_unlocked() {
        return Err(UiError::new(Error::LockFirst, lang));
    }
    let appearance = state.dir.appearance();
    let path = typed_path(&path);
    let mut progress = reporter(&app);
    let waiter = app.clone();
    let replaced = blocking(&state, move |dir| {
        // A vault locked a moment ago may still be writing its backup on lock.
        if !waiter.state::<AppState>().wait_until_idle(Duration::from_secs(600)) {
            return Err(Error::StillClosing);
        }
        backup::replace_vault(&dir, &path, secret.as_backup_secret(), &new_passphrase, &mut progress)
    })
    .await?;
    remember_prefs(&state, lang, appearance);
    tracing::info!(bytes = replaced.info.bytes, "vault replaced from a backup in the app");
    state.install(replaced.vault);
    Ok(RestoredView { recovery_key: replaced.recovery_key, previous: Some(replaced.previous.display().to_string()) })
}

/// First run, no vault yet: the vault is made from a backup.
#[tauri::command]
#[instrument(skip_all)]
pub async fn backup_restore_new(
    app: AppHandle,
    state: State<'_, AppState>,
    path: String,
    secret: Secret,
    new_passphrase: Zeroizing<String>,
) -> CmdResult<RestoredView> {
    let lang = state.lang();
    let appearance = state.dir.appearance();
    let path = typed_path(&path);
    let mut progress = reporter(&app);
    let restored = blocking(&state, move |dir| {
        backup::restore(&path, secret.as_backup_secret(), &dir, &new_passphrase, &mut progress)
    })
    .await?;
    remember_prefs(&state, lang, appearance);
    tracing::info!(bytes = restored.info.bytes, "vault made from a backup in the app");
    state.install(restored.vault);
    Ok(RestoredView { recovery_key: restored.recovery_key, previous: None })
}

/// The language and appearance live beside the vault: a restored folder
/// gets the ones in use.
fn remember_prefs(state: &AppState, lang: enza_core::Lang, appearance: enza_core::Appearance) {
    if let Err(e) = state.dir.set_language(lang).and_then(|_| state.dir.set_appearance(appearance)) {
        tracing::warn!(code = e.code(), "preferences not saved beside the restored vault");
    }
}
