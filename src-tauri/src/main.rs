//! Enza desktop app: a Tauri 2 window over enza-core.
//!
//! This file wires things together; `commands/` is what the UI may call (a
//! file per capability), `state` holds the (locked or unlocked) vault,
//! `error` is what a failure looks like to the UI, `window` builds the one
//! window with its security settings, `startup` times the first view.

#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

mod commands;
mod error;
mod logging;
mod session;
mod startup;
mod state;
mod window;

use commands::{
    app, backup, export, files, groups, journal, library, meetings, research, sealed, search, settings, vault,
};

use enza_core::backup::auto::Trigger;
use enza_core::VaultDir;
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;
use tauri::{Emitter, Manager, WindowEvent};

/// Set once the window has asked to close and the backup on quit has begun.
static QUITTING: AtomicBool = AtomicBool::new(false);
/// Set once the backup on quit has been written (or was not needed).
static QUIT_DONE: AtomicBool = AtomicBool::new(false);

fn main() {
    startup::mark_start();
    window::choose_rendering();
    enza_core::process::disable_core_dumps();
    enza_core::process::start_storage();
    tauri::Builder::default()
        .plugin(tauri_plugin_dialog::init())
        .setup(|app| {
            logging::init(app.path().app_log_dir().ok());
            let dir = vault_dir(app.path().app_data_dir()?);
            app.manage(state::AppState::new(VaultDir::new(dir)));
            state::spawn_idle_watch(app.handle().clone());
            window::create_main(app.handle())?;
            Ok(())
        })
        .on_window_event(|window, event| {
            if let WindowEvent::CloseRequested { api, .. } = event {
                if window.app_handle().state::<state::AppState>().has_vault_work() {
                    api.prevent_close();
                    quit_after_backup(window.app_handle().clone());
                }
            }
        })
        .invoke_handler(tauri::generate_handler![
            app::app_status,
            app::app_set_language,
            app::app_set_appearance,
            app::activity_report,
            app::app_first_view_drawn,
            app::app_restart_noted,
            vault::vault_create,
            vault::vault_unlock,
            vault::vault_recover,
            vault::vault_lock,
            vault::vault_read_only,
            vault::vault_write_despite_damage,
            vault::vault_change_passphrase,
            settings::settings_get,
            settings::settings_set_auto_lock,
            settings::settings_set_meeting,
            settings::settings_set_journal,
            journal::local_today,
            journal::reflection_list,
            journal::reflection_get,
            journal::reflection_add,
            journal::reflection_update,
            journal::reflection_delete,
            journal::reflection_set_flags,
            journal::reflection_prompts,
            journal::journal_daily_only,
            journal::checkin_save,
            journal::checkin_day,
            journal::boundary_save,
            journal::boundary_list,
            journal::plan_save,
            journal::plan_versions,
            journal::trends_get,
            journal::strain_notice_get,
            journal::agenda_get,
            journal::supervision_record,
            journal::trends_calendar,
            journal::selfcare_activities_get,
            journal::selfcare_activity_add,
            journal::selfcare_activity_remove,
            library::template_list,
            library::template_get,
            library::template_copy,
            library::template_save,
            library::template_delete,
            groups::group_list,
            groups::group_save,
            groups::group_delete,
            groups::group_history,
            meetings::meeting_start,
            meetings::meeting_plan,
            meetings::meeting_resume,
            meetings::meeting_unfinished,
            meetings::meeting_after_unlock,
            meetings::meeting_state,
            meetings::meeting_command,
            meetings::meeting_check_nicknames,
            meetings::session_list,
            meetings::session_detail,
            meetings::record_check,
            meetings::record_draft,
            meetings::record_save,
            meetings::crisis_card_get,
            meetings::crisis_card_save,
            search::search_find,
            backup::backup_write,
            backup::backup_auto_get,
            backup::backup_auto_set,
            backup::backup_auto_make_folder,
            backup::backup_auto_run,
            backup::backup_inspect,
            backup::backup_open,
            backup::backup_replace,
            backup::backup_restore_new,
            export::export_place,
            export::export_check,
            export::export_write,
            sealed::capture_waiting,
            sealed::capture_note,
            sealed::capture_notices,
            sealed::sealed_settings,
            sealed::cofacilitator_add,
            sealed::cofacilitator_remove,
            sealed::handover_name_set,
            sealed::handover_place,
            sealed::handover_write,
            sealed::handover_open,
            sealed::handover_import,
            sealed::handover_received,
            research::research_list,
            research::research_get,
            research::research_start,
            research::research_save_heading,
            research::research_save_pattern,
            research::research_preview,
            research::research_versions,
            research::research_save_experiment,
            research::research_delete_experiment,
            research::research_add_idea,
            research::research_delete_idea,
            research::research_delete,
            research::research_presented,
            research::research_set_presented,
            files::path_choose,
        ])
        .build(tauri::generate_context!())
        .expect("Enza could not start its window")
        .run(|app, event| {
            // The window may go without asking (e.g. closed by WebDriver):
            // the app then stays until the backup on quit is written.
            if let tauri::RunEvent::ExitRequested { api, .. } = event {
                let pending = !QUIT_DONE.load(Ordering::SeqCst)
                    && (QUITTING.load(Ordering::SeqCst) || app.state::<state::AppState>().has_vault_work());
                if pending {
                    api.prevent_exit();
                    quit_after_backup(app.clone());
                }
            }
        });
}

/// Closing the window with the vault open (or a backup on lock still being
/// written): the automatic backup on quit (if set) runs on a worker, the
/// window showing its progress, and the app ends once every backup is
/// written. A second close while it runs changes nothing.
fn quit_after_backup(app: tauri::AppHandle) {
    if QUITTING.swap(true, Ordering::SeqCst) {
        return;
    }
    let _ = app.emit("app-quitting", ());
    std::thread::spawn(move || {
        let state = app.state::<state::AppState>();
        if let Some(vault) = state.take_for_quit(Duration::from_secs(600)) {
            state::auto_backup(&app, &vault, Trigger::Quit);
            vault.lock();
        }
        state.wait_until_idle(Duration::from_secs(600));
        QUIT_DONE.store(true, Ordering::SeqCst);
        app.exit(0);
    });
}

/// `ENZA_VAULT_DIR` (absolute) wins, so tests never touch a real user's vault.
fn vault_dir(app_data: PathBuf) -> PathBuf {
    match std::env::var_os("ENZA_VAULT_DIR").map(PathBuf::from) {
        Some(p) if p.is_absolute() => p,
        _ => app_data.join("vault"),
    }
}
