//! The idle rule: when an unlocked vault should lock itself.

use crate::error::{Error, Result};
use std::time::{Duration, Instant};

pub const DEFAULT_MINUTES: u32 = 10;
pub const MIN_MINUTES: u32 = 1;
pub const MAX_MINUTES: u32 = 240;

pub fn check_minutes(minutes: u32) -> Result<u32> {
    if (MIN_MINUTES..=MAX_MINUTES).contains(&minutes) {
        Ok(minutes)
    } else {
        Err(Error::InvalidSetting("auto-lock minutes"))
    }
}

#[derive(Debug, Clone)]
pub struct IdleTimer {
    timeout: Duration,
    last_activity: Instant,
    /// While held (e.g. during a running meeting), idleness never locks.
    held: bool,
}

impl IdleTimer {
    pub fn new(minutes: u32, now: Instant) -> Self {
        IdleTimer { timeout: Duration::from_secs(60 * minutes as u64), last_activity: now, held: false }
    }

    pub fn touch(&mut self, now: Instant) {
        self.last_activity = now;
    }

    pub fn set_minutes(&mut self, minutes: u32) {
        self.timeout = Duration::from_secs(60 * minutes as u64);
    }

    pub fn hold(&mut self, held: bool) {
        self.held = held;
    }

    pub fn should_lock(&self, now: Instant) -> bool {
        !self.held && now.saturating_duration_since(self.last_activity) >= self.timeout
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn locks_after_the_timeout_and_not_before() {
        let t0 = Instant::now();
        let mut t = IdleTimer::new(10, t0);
        assert!(!t.should_lock(t0 + Duration::from_secs(599)));
        assert!(t.should_lock(t0 + Duration::from_secs(600)));
        t.touch(t0 + Duration::from_secs(500));
        assert!(!t.should_lock(t0 + Duration::from_secs(1000)));
    }

    #[test]
    fn a_hold_keeps_it_open() {
        let t0 = Instant::now();
        let mut t = IdleTimer::new(1, t0);
        t.hold(true);
        assert!(!t.should_lock(t0 + Duration::from_secs(3600)));
        t.hold(false);
        assert!(t.should_lock(t0 + Duration::from_secs(3600)));
    }

    #[test]
    fn minutes_out_of_range_are_refused() {
        assert!(check_minutes(0).is_err());
        assert!(check_minutes(241).is_err());
        assert_eq!(check_minutes(10).unwrap(), 10);
    }
}
