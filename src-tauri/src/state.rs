//! What the shell keeps between commands: where the vault is, the open vault
//! when unlocked, the idle timer and the interface language.

use crate::error::{CmdResult, UiError};
use enza_core::autolock::IdleTimer;
use enza_core::{Error, Lang, Vault, VaultDir};
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
    /// The running meeting on screen, if any: a lock pauses it.
    pub open_meeting: Option<i64>,
}

impl AppState {
    pub fn new(dir: VaultDir) -> Self {
        let lang = dir.language().unwrap_or_else(Lang::from_env);
        AppState {
            dir,
            session: Mutex::new(Session {
                vault: None,
                idle: IdleTimer::new(Instant::now()),
                lang,
                open_meeting: None,
            }),
        }
    }

    /// The session. Commands do not count as activity (screens poll); only
    /// `activity_report`, sent on a person's key or pointer press, does.
    pub fn session(&self) -> MutexGuard<'_, Session> {
        self.session.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    pub fn lang(&self) -> Lang {
        self.session().lang
    }

    /// Runs `f` on the open vault, or fails with "locked".
    pub fn with_vault<T>(&self, f: impl FnOnce(&Vault) -> enza_core::Result<T>) -> CmdResult<T> {
        let s = self.session();
        let lang = s.lang;
        match &s.vault {
            Some(v) => f(v).map_err(|e| UiError::new(e, lang)),
            None => Err(UiError::new(Error::Locked, lang)),
        }
    }

    /// Puts a freshly opened vault in the session and applies its settings.
    pub fn install(&self, vault: Vault) {
        let mut s = self.session();
        if let Ok(settings) = vault.settings().snapshot() {
            s.idle.configure(&settings);
        }
        s.idle.activity(Instant::now());
        // The live screen says again whether a meeting is open once it shows one.
        s.show_meeting(None);
        s.vault = Some(vault);
    }

    /// Closes the vault, if it is open. A meeting open on screen is paused:
    /// unlocking returns to it, and its record shows the lock as a lock.
    pub fn lock(&self) {
        let vault = {
            let mut s = self.session();
            if let (Some(v), Some(id)) = (&s.vault, s.open_meeting) {
                if let Err(e) = v.meetings().note_lock(id) {
                    tracing::warn!(code = e.code(), "the lock was not recorded in the meeting");
                }
            }
            s.show_meeting(None);
            s.vault.take()
        };
        if let Some(v) = vault {
            v.lock();
        }
    }
}

impl Session {
    /// Which running meeting is on screen; the idle rule holds the lock off
    /// while there is one (unless the setting says otherwise).
    pub fn show_meeting(&mut self, id: Option<i64>) {
        self.open_meeting = id;
        self.idle.set_meeting_open(id.is_some());
    }
}

/// Locks the vault after the configured idle time, and tells the UI.
pub fn spawn_idle_watch(app: AppHandle) {
    std::thread::spawn(move || loop {
        std::thread::sleep(Duration::from_secs(2));
        let state = app.state::<AppState>();
        let due = {
            let s = state.session();
            s.vault.is_some() && s.idle.should_lock(Instant::now())
        };
        if due {
            state.lock();
            let _ = app.emit("vault-locked", "idle");
        }
    });
}
