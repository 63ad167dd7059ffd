//! How long each speaker's turn is in a sharing round.
//!
//! The default turn is the sharing time left divided by the people yet to
//! speak, kept within a floor (so nobody is rushed below a humane minimum)
//! and a ceiling (so one voice cannot fill the room). Whole seconds, rounded
//! down, so the planned turns never add up to more than the time there is.

use crate::error::{Error, Result};
use crate::limits::TURN_SECS_MAX;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct TurnPolicy {
    pub floor_secs: u32,
    pub ceiling_secs: u32,
}

impl Default for TurnPolicy {
    /// One to five minutes: common practice in Japanese and international
    /// peer-support sharing rounds.
    fn default() -> Self {
        TurnPolicy { floor_secs: 60, ceiling_secs: 300 }
    }
}

impl TurnPolicy {
    pub fn new(floor_secs: u32, ceiling_secs: u32) -> Result<Self> {
        if floor_secs > ceiling_secs {
            return Err(Error::TurnFloorAboveCeiling);
        }
        if floor_secs == 0 || ceiling_secs > TURN_SECS_MAX {
            return Err(Error::InvalidSetting("turn floor and ceiling"));
        }
        Ok(TurnPolicy { floor_secs, ceiling_secs })
    }

    /// The planned length of the next turn, in seconds.
    pub fn planned_turn(&self, remaining_secs: u64, yet_to_speak: u32) -> u32 {
        if yet_to_speak == 0 {
            return self.ceiling_secs;
        }
        let share = remaining_secs / yet_to_speak as u64;
        share.clamp(self.floor_secs as u64, self.ceiling_secs as u64) as u32
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn shares_the_time_left_among_those_yet_to_speak() {
        let p = TurnPolicy::default();
        assert_eq!(p.planned_turn(20 * 60, 8), 150);
        assert_eq!(p.planned_turn(60 * 60, 4), 300, "capped at the ceiling");
        assert_eq!(p.planned_turn(3 * 60, 8), 60, "never under the floor");
    }

    #[test]
    fn bad_policies_are_refused() {
        assert!(TurnPolicy::new(0, 60).is_err());
        assert!(matches!(TurnPolicy::new(120, 60), Err(Error::TurnFloorAboveCeiling)));
        assert!(TurnPolicy::new(60, 120).is_ok());
    }

    proptest! {
        #[test]
        fn turns_stay_within_floor_and_ceiling(
            floor in 1u32..600, extra in 0u32..1200, remaining in 0u64..20_000, people in 1u32..60,
        ) {
            let p = TurnPolicy::new(floor, floor + extra).unwrap();
            let t = p.planned_turn(remaining, people);
            prop_assert!(t >= p.floor_secs && t <= p.ceiling_secs);
        }

        #[test]
        fn planned_turns_fit_the_time_left_when_they_can(
            floor in 1u32..300, extra in 0u32..600, remaining in 0u64..20_000, people in 1u32..60,
        ) {
            let p = TurnPolicy::new(floor, floor + extra).unwrap();
            let t = p.planned_turn(remaining, people) as u64;
            // It can fit whenever everyone could get at least the floor.
            if remaining >= p.floor_secs as u64 * people as u64 {
                prop_assert!(t * people as u64 <= remaining);
            }
        }
    }
}
