//! What the shell keeps between commands: where the vault is, the open vault
//! when unlocked, the idle timer and the interface language.

use enza_core::autolock::{self, IdleTimer};
use enza_core::{Lang, Vault, VaultDir};
use std::sync::{Mutex, MutexGuard};
use std::time::{Duration, Instant};
use tauri::{AppHandle, Emitter, Manager};

pub struct AppState {
    pub dir: VaultDir,
    session: Mutex<Session>,
}

pub struct Session {
    pub vault: Option<Vault>,
    pub idle: IdleTimer,
    pub lang: Lang,
}

impl AppState {
    pub fn new(dir: VaultDir) -> Self {
        let lang = dir.language().unwrap_or_else(Lang::from_env);
        let idle = IdleTimer::new(autolock::DEFAULT_MINUTES, Instant::now());
        AppState { dir, session: Mutex::new(Session { vault: None, idle, lang }) }
    }

    /// The session, with the idle timer reset: every command is activity.
    pub fn session(&self) -> MutexGuard<'_, Session> {
        let mut s = self.session.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        s.idle.touch(Instant::now());
        s
    }

    fn session_untouched(&self) -> MutexGuard<'_, Session> {
        self.session.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}

/// Locks the vault after the configured idle time, and tells the UI.
pub fn spawn_idle_watch(app: AppHandle) {
    std::thread::spawn(move || loop {
        std::thread::sleep(Duration::from_secs(5));
        let state = app.state::<AppState>();
        let mut s = state.session_untouched();
        if s.vault.is_some() && s.idle.should_lock(Instant::now()) {
            if let Some(v) = s.vault.take() {
                v.lock();
            }
            drop(s);
            let _ = app.emit("vault-locked", "idle");
        }
    });
}
