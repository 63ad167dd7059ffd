//! The idle rule: when an unlocked vault should lock itself.
//!
//! Only a person's activity counts: a key press or a pointer press reported
//! by the window. Screens that poll (the live meeting asks for its timers
//! every second) are not activity, or the vault would never lock while one
//! is open. While a meeting is open the vault stays unlocked, unless the
//! facilitator asked for it to lock even then.

use crate::settings::{Snapshot, AUTO_LOCK_MINUTES};
use std::time::{Duration, Instant};

#[derive(Debug, Clone)]
pub struct IdleTimer {
    timeout: Duration,
    last_activity: Instant,
    lock_during_meeting: bool,
    meeting_open: bool,
}

impl IdleTimer {
    /// A timer with the default settings, counting from `now`.
    pub fn new(now: Instant) -> Self {
        IdleTimer {
            timeout: minutes(AUTO_LOCK_MINUTES.default_value()),
            last_activity: now,
            lock_during_meeting: false,
            meeting_open: false,
        }
    }

    /// Takes the vault's settings (after unlocking, or when they change).
    pub fn configure(&mut self, settings: &Snapshot) {
        self.timeout = minutes(settings.auto_lock_minutes);
        self.lock_during_meeting = settings.lock_during_meeting;
    }

    /// A person pressed a key or the pointer.
    pub fn activity(&mut self, now: Instant) {
        self.last_activity = now;
    }

    /// Whether a running meeting is open on screen.
    pub fn set_meeting_open(&mut self, open: bool) {
        self.meeting_open = open;
    }

    pub fn should_lock(&self, now: Instant) -> bool {
        if self.meeting_open && !self.lock_during_meeting {
            return false;
        }
        now.saturating_duration_since(self.last_activity) >= self.timeout
    }
}

fn minutes(m: u32) -> Duration {
    Duration::from_secs(60 * m as u64)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn settings(minutes: u32, lock_during_meeting: bool) -> Snapshot {
        Snapshot { auto_lock_minutes: minutes, notes_during_meeting: false, lock_during_meeting, strain_notice: true }
    }

    #[test]
    fn locks_after_the_timeout_and_not_before() {
        let t0 = Instant::now();
        let mut t = IdleTimer::new(t0);
        t.configure(&settings(10, false));
        assert!(!t.should_lock(t0 + Duration::from_secs(599)));
        assert!(t.should_lock(t0 + Duration::from_secs(600)));
        t.activity(t0 + Duration::from_secs(500));
        assert!(!t.should_lock(t0 + Duration::from_secs(1000)));
        assert!(t.should_lock(t0 + Duration::from_secs(1100)));
    }

    #[test]
    fn an_open_meeting_holds_the_lock_off_by_default() {
        let t0 = Instant::now();
        let mut t = IdleTimer::new(t0);
        t.configure(&settings(1, false));
        t.set_meeting_open(true);
        assert!(!t.should_lock(t0 + Duration::from_secs(3600)));
        t.set_meeting_open(false);
        assert!(t.should_lock(t0 + Duration::from_secs(3600)));
    }

    #[test]
    fn lock_during_meeting_locks_an_open_meeting_that_nobody_touches() {
        let t0 = Instant::now();
        let mut t = IdleTimer::new(t0);
        t.configure(&settings(1, true));
        t.set_meeting_open(true);
        assert!(!t.should_lock(t0 + Duration::from_secs(59)));
        assert!(t.should_lock(t0 + Duration::from_secs(60)));
    }
}
