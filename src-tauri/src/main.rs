//! Enza desktop app: a Tauri 2 window over enza-core.
//!
//! This file wires things together; `commands` is what the UI may call,
//! `state` holds the (locked or unlocked) vault, `window` builds the one
//! window with its security settings.

#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

mod commands;
mod library;
mod logging;
mod meetings;
mod state;
mod window;

use enza_core::VaultDir;
use std::path::PathBuf;
use tauri::Manager;

fn main() {
    enza_core::process::disable_core_dumps();
    tauri::Builder::default()
        .setup(|app| {
            logging::init(app.path().app_log_dir().ok());
            let dir = vault_dir(app.path().app_data_dir()?);
            app.manage(state::AppState::new(VaultDir::new(dir)));
            state::spawn_idle_watch(app.handle().clone());
            window::create_main(app.handle())?;
            Ok(())
        })
        .invoke_handler(tauri::generate_handler![
            commands::app_state,
            commands::set_language,
            commands::create_vault,
            commands::unlock,
            commands::recover,
            commands::lock,
            commands::touch,
            commands::settings,
            commands::set_auto_lock,
            commands::change_passphrase,
            commands::reflections_latest,
            commands::reflection_get,
            commands::reflection_add,
            commands::reflection_update,
            commands::reflection_delete,
            library::templates_list,
            library::template_get,
            library::template_copy,
            library::template_save,
            library::template_delete,
            library::groups_list,
            library::group_save,
            library::group_delete,
            library::group_history,
            meetings::meeting_start,
            meetings::meeting_plan,
            meetings::meeting_resume,
            meetings::meeting_unfinished,
            meetings::meeting_state,
            meetings::meeting_command,
            meetings::sessions_latest,
            meetings::session_detail,
            meetings::record_check,
            meetings::last_facilitators,
            meetings::record_save,
            meetings::crisis_card,
            meetings::crisis_card_save,
            meetings::meeting_settings,
            meetings::set_meeting_settings,
        ])
        .run(tauri::generate_context!())
        .expect("Enza could not start its window");
}

/// `ENZA_VAULT_DIR` (absolute) wins, so tests never touch a real user's vault.
fn vault_dir(app_data: PathBuf) -> PathBuf {
    match std::env::var_os("ENZA_VAULT_DIR").map(PathBuf::from) {
        Some(p) if p.is_absolute() => p,
        _ => app_data.join("vault"),
    }
}
