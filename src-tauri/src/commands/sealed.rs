//! Sealed notes: a quick note from the unlock screen (no vault open), the
//! vault's public keys and co-facilitators in Settings, and handovers out
//! of a session's page and into a group's page.

use crate::error::{CmdResult, UiError};
use crate::state::AppState;
use enza_core::sealed::CaptureKind;
use enza_core::sealed::{Cofacilitator, HandoverPreview, Imported, Include, PublicKeys, ReceivedHandover, SealTo};
use serde::{Deserialize, Serialize};
use std::path::PathBuf;
use tauri::State;
use tracing::instrument;
use zeroize::Zeroizing;

/// How many quick notes wait for the next unlock (the unlock screen).
#[derive(Serialize)]
pub struct Waiting {
    count: usize,
    more: bool,
}

#[tauri::command]
pub fn capture_waiting(state: State<'_, AppState>) -> Waiting {
    let (count, more) = state.dir.captures_waiting();
    Waiting { count, more }
}

/// Seals a quick note while locked; needs no passphrase.
#[tauri::command]
#[instrument(skip_all)]
pub fn capture_note(state: State<'_, AppState>, kind: CaptureKind, text: String) -> CmdResult<Waiting> {
    let lang = state.lang();
    state.dir.capture(kind, &text).map_err(|e| UiError::new(e, lang))?;
    Ok(capture_waiting(state))
}

/// What the last unlock did with quick notes, said in the person's words.
#[tauri::command]
pub fn capture_notices(state: State<'_, AppState>) -> CmdResult<Vec<String>> {
    let lang = state.lang();
    state.with_vault(|v| Ok(v.sealed_at_unlock().notices(lang)))
}

/// Settings: the public keys, the co-facilitators and the name handovers
/// say they are from.
#[derive(Serialize)]
pub struct SealedSettings {
    keys: PublicKeys,
    cofacilitators: Vec<CofacilitatorView>,
    /// The name chosen in Settings (empty: none chosen).
    own_name: String,
    /// The name a handover says it is from now: the chosen one, else the
    /// last record's facilitators.
    from_name: String,
}

#[derive(Serialize)]
pub struct CofacilitatorView {
    #[serde(flatten)]
    person: Cofacilitator,
    words: String,
}

#[tauri::command]
#[instrument(skip_all)]
pub fn sealed_settings(state: State<'_, AppState>) -> CmdResult<SealedSettings> {
    let lang = state.lang();
    state.with_vault(|v| {
        let sealed = v.sealed();
        let cofacilitators = sealed
            .cofacilitators()?
            .into_iter()
            .map(|person| CofacilitatorView { words: sealed.words(&person.recipient, lang), person })
            .collect();
        let own_name = v.settings().get(&enza_core::sealed::HANDOVER_NAME)?.0;
        Ok(SealedSettings { keys: sealed.public_keys(lang)?, cofacilitators, own_name, from_name: sealed.own_name()? })
    })
}

#[tauri::command]
#[instrument(skip_all)]
pub fn cofacilitator_add(state: State<'_, AppState>, name: String, recipient: String) -> CmdResult<i64> {
    state.with_vault(|v| v.sealed().add_cofacilitator(&name, &recipient))
}

#[tauri::command]
#[instrument(skip_all, fields(id = id))]
pub fn cofacilitator_remove(state: State<'_, AppState>, id: i64) -> CmdResult<()> {
    state.with_vault(|v| v.sealed().remove_cofacilitator(id))
}

#[tauri::command]
#[instrument(skip_all)]
pub fn handover_name_set(state: State<'_, AppState>, name: String) -> CmdResult<()> {
    state.with_vault(|v| v.sealed().set_own_name(&name))
}

/// The handover form's choices.
#[derive(Deserialize)]
pub struct HandoverChoice {
    /// Co-facilitators by id; empty when sealed to a passphrase.
    #[serde(default)]
    to: Vec<i64>,
    passphrase: Option<Zeroizing<String>>,
    #[serde(default)]
    include: Include,
    path: String,
}

/// The file name the handover form offers, in the home folder.
#[tauri::command]
pub fn handover_place(session_id: i64) -> String {
    let home = std::env::var_os("HOME").map(PathBuf::from).unwrap_or_default();
    home.join(format!("enza-handover-{}-{session_id}.age", enza_core::time::today())).display().to_string()
}

#[tauri::command]
#[instrument(skip_all, fields(session = session_id))]
pub fn handover_write(state: State<'_, AppState>, session_id: i64, choice: HandoverChoice) -> CmdResult<()> {
    let lang = state.lang();
    let to = match choice.passphrase.filter(|p| !p.is_empty()) {
        Some(passphrase) => SealTo::Passphrase(passphrase),
        None => SealTo::People(choice.to),
    };
    let path = PathBuf::from(choice.path.trim());
    let now = chrono::Local::now().fixed_offset();
    state.with_vault(|v| {
        let bytes = v.sealed().seal_handover(session_id, &to, choice.include, lang, now)?;
        enza_core::sealed::save_new(&path, &bytes)
    })
}

/// A handover file opened for the import form: who sealed it and what it holds.
#[tauri::command]
#[instrument(skip_all)]
pub fn handover_open(
    state: State<'_, AppState>,
    path: String,
    passphrase: Option<Zeroizing<String>>,
) -> CmdResult<HandoverPreview> {
    let lang = state.lang();
    let pass = passphrase.as_deref().map(|p| p.as_str());
    state.with_vault(|v| {
        let bytes = enza_core::sealed::read_handover_file(&PathBuf::from(path.trim()))?;
        v.sealed().open_handover(&bytes, pass, lang)
    })
}

#[tauri::command]
#[instrument(skip_all)]
pub fn handover_import(
    state: State<'_, AppState>,
    path: String,
    passphrase: Option<Zeroizing<String>>,
    group_id: i64,
) -> CmdResult<Imported> {
    let pass = passphrase.as_deref().map(|p| p.as_str());
    state.with_vault(|v| {
        let bytes = enza_core::sealed::read_handover_file(&PathBuf::from(path.trim()))?;
        v.sealed().import_handover(&bytes, pass, Some(group_id))
    })
}

#[tauri::command]
#[instrument(skip_all, fields(group = group_id))]
pub fn handover_received(state: State<'_, AppState>, group_id: i64) -> CmdResult<Vec<ReceivedHandover>> {
    state.with_vault(|v| v.sealed().received(group_id))
}
