//! What the shell keeps between commands: where the vault is, and the
//! session (`session.rs`: the open vault, the idle timer, the language, and
//! the rules for lending, locking and quitting), behind one mutex.
//!
//! Long work on the open vault (a backup, an export) borrows it on a worker
//! thread (`with_vault_long`); other commands are told at once that the
//! vault is busy, rather than wait: a command waiting on a lock would hold
//! the window's thread. Locking never waits either, and the automatic
//! backup on lock (when set) runs on a worker before the vault is closed
//! (`close`).

use crate::commands::Progress;
use crate::error::{CmdResult, UiError};
pub use crate::session::Session;
use crate::session::{Tick, Unavailable};
use enza_core::backup::auto::{self, Trigger};
use enza_core::{Error, Lang, Vault, VaultDir};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Mutex, MutexGuard};
use std::time::{Duration, Instant};
use tauri::{AppHandle, Emitter, Manager};

pub struct AppState {
    pub dir: VaultDir,
    session: Mutex<Session<Vault>>,
    /// Vaults taken out of the session by a lock that are still being closed
    /// (their automatic backup on lock is running).
    closing: AtomicUsize,
}

impl AppState {
    pub fn new(dir: VaultDir) -> Self {
        let lang = dir.language().unwrap_or_else(Lang::from_env);
        AppState { dir, session: Mutex::new(Session::new(lang, Instant::now())), closing: AtomicUsize::new(0) }
    }

    /// The session. Commands do not count as activity (screens poll); only
    /// `activity_report`, sent on a person's key or pointer press, does.
    pub fn session(&self) -> MutexGuard<'_, Session<Vault>> {
        self.session.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    pub fn lang(&self) -> Lang {
        self.session().lang
    }

    /// Whether the vault is open (in the session or lent to a job).
    pub fn is_unlocked(&self) -> bool {
        self.session().is_unlocked()
    }

    /// Whether a vault is open or still in use: unlocked, lent to a job, or
    /// being closed after a lock (its backup on lock still running). The
    /// app does not end before that work is done.
    pub fn has_vault_work(&self) -> bool {
        let held = self.session().holds_a_vault();
        held || self.closing.load(Ordering::SeqCst) > 0
    }

    /// Runs `f` on the open vault, or fails with "locked" (or "busy" while a
    /// long job has it).
    pub fn with_vault<T>(&self, f: impl FnOnce(&Vault) -> enza_core::Result<T>) -> CmdResult<T> {
        self.with_vault_mut(|v| {
            let result = f(v);
            reopen_after_damage(v, &result);
            result
        })
    }

    /// As [`AppState::with_vault`], for the few changes to the session's
    /// vault itself.
    pub fn with_vault_mut<T>(&self, f: impl FnOnce(&mut Vault) -> enza_core::Result<T>) -> CmdResult<T> {
        let mut s = self.session();
        let lang = s.lang;
        match s.vault_mut() {
            Ok(v) => f(v).map_err(|e| UiError::new(e, lang)),
            Err(why) => Err(unavailable(why, lang)),
        }
    }

    /// Lends the open vault to `f` on a blocking worker, for work that takes
    /// seconds (a backup, an export), and puts it back afterwards; a lock
    /// asked for meanwhile happens then. Fails with "busy" while another job
    /// has the vault.
    pub async fn with_vault_long<T: Send + 'static>(
        &self,
        app: &AppHandle,
        f: impl FnOnce(&Vault, Lang) -> enza_core::Result<T> + Send + 'static,
    ) -> CmdResult<T> {
        let (vault, lang) = {
            let mut s = self.session();
            let lang = s.lang;
            (s.lend().map_err(|why| unavailable(why, lang))?, lang)
        };
        let app = app.clone();
        let joined = tauri::async_runtime::spawn_blocking(move || {
            let mut vault = vault;
            let result = f(&vault, lang);
            reopen_after_damage(&mut vault, &result);
            // The vault goes back (or is locked) on this thread, so it is
            // never lost, whatever happens to the command's future.
            app.state::<AppState>().give_back(&app, vault);
            result
        })
        .await;
        match joined {
            Ok(result) => result.map_err(|e| UiError::new(e, lang)),
            Err(_) => Err(UiError::new(Error::Interrupted, lang)),
        }
    }

    /// The end of a job: the vault returns to the session, unless a lock was
    /// asked for meanwhile (or another vault was opened since).
    fn give_back(&self, app: &AppHandle, vault: Vault) {
        let to_lock = self.session().give_back(vault);
        if let Some(vault) = to_lock {
            self.close(app, vault, Trigger::Lock);
        }
    }

    /// Puts a freshly opened vault in the session and applies its settings.
    pub fn install(&self, vault: Vault) {
        let mut s = self.session();
        if let Ok(settings) = vault.settings().snapshot() {
            s.idle.configure(&settings);
        }
        s.install(vault, Instant::now());
    }

    /// Closes the vault, if it is open. A meeting open on screen is paused:
    /// unlocking returns to it, and its record shows the lock as a lock. The
    /// vault leaves the session at once; the automatic backup on lock runs
    /// on a worker before it is closed.
    pub fn lock(&self, app: &AppHandle) {
        let vault = {
            let mut s = self.session();
            if let Some(id) = s.open_meeting() {
                if let Ok(v) = s.vault_mut() {
                    if let Err(e) = v.meetings().note_lock(id) {
                        tracing::warn!(code = e.code(), "the lock was not recorded in the meeting");
                    }
                }
            }
            s.lock()
        };
        if let Some(v) = vault {
            self.close(app, v, Trigger::Lock);
        }
    }

    /// Runs the automatic backup for `trigger` (the core knows whether one
    /// is set and due, and records a failure for Settings and the main
    /// screen to show), then closes the vault, on a worker thread.
    fn close(&self, app: &AppHandle, vault: Vault, trigger: Trigger) {
        self.closing.fetch_add(1, Ordering::SeqCst);
        let app = app.clone();
        std::thread::spawn(move || {
            auto_backup(&app, &vault, trigger);
            vault.lock();
            app.state::<AppState>().closing.fetch_sub(1, Ordering::SeqCst);
        });
    }

    /// Waits (on a worker thread) until no job has the vault and no locked
    /// vault is still being closed, e.g. before its folder is replaced.
    pub fn wait_until_idle(&self, limit: Duration) -> bool {
        let deadline = Instant::now() + limit;
        loop {
            let idle = !self.session().job_running() && self.closing.load(Ordering::SeqCst) == 0;
            if idle {
                return true;
            }
            if Instant::now() > deadline {
                return false;
            }
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    /// For quitting: takes the open vault out of the session (waiting for a
    /// job to give it back first), so the automatic backup on quit can run.
    pub fn take_for_quit(&self, limit: Duration) -> Option<Vault> {
        let deadline = Instant::now() + limit;
        loop {
            if let Some(vault) = self.session().take_for_quit(Instant::now() > deadline) {
                return vault;
            }
            std::thread::sleep(Duration::from_millis(50));
        }
    }
}

/// The message for a command that cannot have the vault now.
fn unavailable(why: Unavailable, lang: Lang) -> UiError {
    match why {
        Unavailable::Busy => UiError::busy(lang),
        Unavailable::Locked => UiError::new(Error::Locked, lang),
    }
}

/// Runs the automatic backup for `trigger` on `vault`, telling the window
/// how far it has come (`backup-progress`) and when it has ended
/// (`backup-auto-finished`, so a warning can be shown at once). A failure is
/// recorded by the core; the log gets its code only.
pub fn auto_backup(app: &AppHandle, vault: &Vault, trigger: Trigger) {
    let mut progress = |done: u64, total: u64| {
        let _ = app.emit("backup-progress", Progress { done, total });
    };
    match vault.backup().run_auto(trigger, &mut progress) {
        Ok(Some(info)) => tracing::info!(bytes = info.bytes, trigger = ?trigger, "automatic backup written"),
        Ok(None) => {}
        Err(e) => tracing::warn!(code = e.code(), trigger = ?trigger, "automatic backup failed"),
    }
    let _ = app.emit("backup-auto-finished", ());
}

/// Locks the vault after the configured idle time, and tells the UI. Once an
/// hour while unlocked, runs a daily automatic backup if one is due (the
/// rules: [`Session::tick`]; the backup stays due and runs at a later check
/// if a meeting was on screen).
pub fn spawn_idle_watch(app: AppHandle) {
    std::thread::spawn(move || loop {
        std::thread::sleep(Duration::from_secs(2));
        let state = app.state::<AppState>();
        let tick = state.session().tick(Instant::now());
        match tick {
            Tick::Lock => {
                state.lock(&app);
                let _ = app.emit("vault-locked", "idle");
            }
            Tick::CheckBackup => timer_backup(&app, &state),
            Tick::Nothing => {}
        }
    });
}

fn timer_backup(app: &AppHandle, state: &AppState) {
    let due = state
        .with_vault(|v| {
            let status = v.backup().auto_status(Lang::En)?;
            Ok(status.settings.folder.is_some()
                && auto::is_due(status.settings.schedule, Trigger::Timer, status.last_ok, chrono::Utc::now()))
        })
        .unwrap_or(false);
    if !due {
        return;
    }
    let Ok(vault) = state.session().lend() else { return };
    auto_backup(app, &vault, Trigger::Timer);
    state.give_back(app, vault);
}

/// After a read met a damaged page, SQLCipher's connection reads nothing
/// more: the vault opens its database again, so what is whole stays
/// readable (the error still goes to the screen that asked).
fn reopen_after_damage<T>(vault: &mut Vault, result: &enza_core::Result<T>) {
    if matches!(result, Err(Error::DatabaseDamaged)) && vault.damaged() {
        if let Err(e) = vault.reopen() {
            tracing::warn!(code = e.code(), "the damaged database could not be opened again");
        }
    }
}
