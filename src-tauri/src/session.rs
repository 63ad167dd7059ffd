//! Where the open vault is, and what locking, lending and quitting do to it:
//! the shell's rules with no window, no thread and no clock of their own.
//! `state.rs` holds one behind a mutex and does the waiting and the closing;
//! the tests here drive it with their own times, as `autolock::IdleTimer`'s
//! do.
//!
//! A long job (a backup, an export) borrows the vault: it leaves the
//! session and comes back when the job is done. Meanwhile other commands
//! are told at once that the vault is busy. A lock never waits: the vault
//! leaves the session at once, or, when a job has it, as soon as the job
//! gives it back.

use enza_core::autolock::IdleTimer;
use enza_core::Lang;
use std::time::{Duration, Instant};

/// How often, while unlocked, the shell asks the core whether a daily
/// automatic backup is due.
pub const BACKUP_CHECK: Duration = Duration::from_secs(60 * 60);

/// Why a command cannot have the vault now.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unavailable {
    Locked,
    /// A long job has it.
    Busy,
}

/// What the idle watch should do at a given moment.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tick {
    Nothing,
    /// No activity for the configured time: lock.
    Lock,
    /// An hour has passed: ask whether a daily automatic backup is due.
    CheckBackup,
}

/// The session of one window. `V` is the vault (a stand-in in tests).
pub struct Session<V> {
    vault: Option<V>,
    pub idle: IdleTimer,
    pub lang: Lang,
    /// The running meeting on screen, if any: a lock pauses it.
    open_meeting: Option<i64>,
    /// A long job has the vault (it is not in `vault` meanwhile).
    job: bool,
    /// A lock was asked for while a job had the vault: done when it ends.
    lock_after_job: bool,
    next_backup_check: Instant,
}

impl<V> Session<V> {
    pub fn new(lang: Lang, now: Instant) -> Self {
        Session {
            vault: None,
            idle: IdleTimer::new(now),
            lang,
            open_meeting: None,
            job: false,
            lock_after_job: false,
            next_backup_check: now + BACKUP_CHECK,
        }
    }

    /// Whether the vault is open, in the session or lent to a job (and not
    /// to be locked when it comes back).
    pub fn is_unlocked(&self) -> bool {
        self.vault.is_some() || (self.job && !self.lock_after_job)
    }

    /// Whether a vault is in the session or lent to a job.
    pub fn holds_a_vault(&self) -> bool {
        self.vault.is_some() || self.job
    }

    /// Whether a job has the vault.
    pub fn job_running(&self) -> bool {
        self.job
    }

    /// The vault, for one command.
    pub fn vault_mut(&mut self) -> Result<&mut V, Unavailable> {
        let busy = self.job && !self.lock_after_job;
        match &mut self.vault {
            Some(v) => Ok(v),
            None if busy => Err(Unavailable::Busy),
            None => Err(Unavailable::Locked),
        }
    }

    /// A freshly opened vault enters the session; idleness counts from
    /// `now`, and no meeting is on screen until the live screen says so.
    pub fn install(&mut self, vault: V, now: Instant) {
        self.idle.activity(now);
        self.show_meeting(None);
        self.vault = Some(vault);
    }

    /// The vault leaves the session for a job.
    pub fn lend(&mut self) -> Result<V, Unavailable> {
        match self.vault.take() {
            Some(v) => {
                self.job = true;
                Ok(v)
            }
            None if self.job => Err(Unavailable::Busy),
            None => Err(Unavailable::Locked),
        }
    }

    /// The job is done. The vault returns to the session, or comes back
    /// out (`Some`) to be locked: a lock was asked for meanwhile, or another
    /// vault was opened since.
    pub fn give_back(&mut self, vault: V) -> Option<V> {
        self.job = false;
        let lock = std::mem::take(&mut self.lock_after_job) || self.vault.is_some();
        if lock {
            return Some(vault);
        }
        self.vault = Some(vault);
        None
    }

    /// Locks: the vault leaves the session (`Some`, to be closed), or, when
    /// a job has it, is locked as it comes back. The meeting on screen is
    /// no longer open.
    pub fn lock(&mut self) -> Option<V> {
        self.show_meeting(None);
        if self.vault.is_none() && self.job {
            self.lock_after_job = true;
        }
        self.vault.take()
    }

    /// The vault, for quitting: `None` while a job still has it (wait, then
    /// ask again), unless `give_up`; then whatever the session holds.
    pub fn take_for_quit(&mut self, give_up: bool) -> Option<Option<V>> {
        if self.job && !give_up {
            return None;
        }
        self.show_meeting(None);
        Some(self.vault.take())
    }

    pub fn open_meeting(&self) -> Option<i64> {
        self.open_meeting
    }

    /// Which running meeting is on screen; the idle rule holds the lock off
    /// while there is one (unless the setting says otherwise).
    pub fn show_meeting(&mut self, id: Option<i64>) {
        self.open_meeting = id;
        self.idle.set_meeting_open(id.is_some());
    }

    /// What the idle watch does at `now`: lock after the idle time; else,
    /// once an hour while unlocked and no meeting is on screen (its screen
    /// would be told "busy"), check for a due automatic backup.
    pub fn tick(&mut self, now: Instant) -> Tick {
        if self.vault.is_none() {
            return Tick::Nothing;
        }
        if self.idle.should_lock(now) {
            return Tick::Lock;
        }
        if self.open_meeting.is_none() && now >= self.next_backup_check {
            self.next_backup_check = now + BACKUP_CHECK;
            return Tick::CheckBackup;
        }
        Tick::Nothing
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A vault stand-in: its name.
    type Session = super::Session<&'static str>;

    fn minutes(m: u64) -> Duration {
        Duration::from_secs(60 * m)
    }

    fn unlocked(t0: Instant) -> Session {
        let mut s = Session::new(Lang::Ja, t0);
        s.install("vault", t0);
        s
    }

    #[test]
    fn a_lent_vault_is_busy_for_others_and_comes_back() {
        let t0 = Instant::now();
        let mut s = unlocked(t0);
        let lent = s.lend().unwrap();
        assert!(s.is_unlocked() && s.job_running());
        assert_eq!(s.vault_mut().unwrap_err(), Unavailable::Busy);
        assert_eq!(s.lend().unwrap_err(), Unavailable::Busy, "one job at a time");
        assert_eq!(s.give_back(lent), None, "back in the session");
        assert_eq!(*s.vault_mut().unwrap(), "vault");
        assert!(!s.job_running());
    }

    #[test]
    fn a_lock_during_a_job_is_at_once_for_the_window_and_done_when_the_job_ends() {
        let t0 = Instant::now();
        let mut s = unlocked(t0);
        let lent = s.lend().unwrap();
        assert_eq!(s.lock(), None, "nothing to close yet");
        assert!(!s.is_unlocked(), "the window shows the lock screen now");
        assert_eq!(s.vault_mut().unwrap_err(), Unavailable::Locked);
        assert!(s.holds_a_vault(), "the app does not end before the job");
        assert_eq!(s.give_back(lent), Some("vault"), "locked as it comes back");
        assert!(!s.holds_a_vault() && !s.is_unlocked());
        assert_eq!(s.lend().unwrap_err(), Unavailable::Locked);
    }

    #[test]
    fn a_vault_opened_while_a_job_had_the_old_one_stays_and_the_old_one_is_closed() {
        let t0 = Instant::now();
        let mut s = unlocked(t0);
        let old = s.lend().unwrap();
        s.lock();
        s.install("restored", t0);
        assert_eq!(s.give_back(old), Some("vault"));
        assert_eq!(*s.vault_mut().unwrap(), "restored");
    }

    #[test]
    fn locking_takes_the_vault_out_and_forgets_the_meeting_on_screen() {
        let t0 = Instant::now();
        let mut s = unlocked(t0);
        s.show_meeting(Some(7));
        assert_eq!(s.lock(), Some("vault"));
        assert_eq!(s.open_meeting(), None);
        assert_eq!(s.lock(), None, "a second lock has nothing to do");
        assert!(!s.is_unlocked());
    }

    #[test]
    fn idleness_locks_after_the_set_time_counted_from_the_last_key_or_click() {
        let t0 = Instant::now();
        let mut s = unlocked(t0);
        assert_eq!(s.tick(t0 + minutes(9)), Tick::Nothing, "the default is 10 minutes");
        s.idle.activity(t0 + minutes(9));
        assert_eq!(s.tick(t0 + minutes(18)), Tick::Nothing);
        assert_eq!(s.tick(t0 + minutes(19)), Tick::Lock);
        s.lock();
        assert_eq!(s.tick(t0 + minutes(60)), Tick::Nothing, "a locked vault has nothing to lock");
    }

    #[test]
    fn a_meeting_on_screen_holds_the_lock_off_and_the_backup_check_back() {
        let t0 = Instant::now();
        let mut s = unlocked(t0);
        s.show_meeting(Some(3));
        assert_eq!(s.tick(t0 + minutes(90)), Tick::Nothing, "neither lock nor backup during a meeting");
        s.show_meeting(None);
        assert_eq!(s.tick(t0 + minutes(90)), Tick::Lock, "idle since before the meeting");
    }

    #[test]
    fn the_backup_check_comes_once_an_hour_while_unlocked() {
        let t0 = Instant::now();
        let mut s = unlocked(t0);
        let mut checks = Vec::new();
        for minute in 0..=180 {
            let now = t0 + minutes(minute);
            s.idle.activity(now);
            if s.tick(now) == Tick::CheckBackup {
                checks.push(minute);
            }
        }
        assert_eq!(checks, [60, 120, 180]);
    }

    #[test]
    fn quitting_waits_for_a_job_unless_it_gives_up() {
        let t0 = Instant::now();
        let mut s = unlocked(t0);
        let lent = s.lend().unwrap();
        assert_eq!(s.take_for_quit(false), None, "still lent: wait");
        assert_eq!(s.give_back(lent), None);
        assert_eq!(s.take_for_quit(false), Some(Some("vault")));
        assert_eq!(s.take_for_quit(false), Some(None), "nothing left to back up");
        let mut s = unlocked(t0);
        let _stuck = s.lend().unwrap();
        assert_eq!(s.take_for_quit(true), Some(None), "gave up waiting: quits without it");
    }
}
