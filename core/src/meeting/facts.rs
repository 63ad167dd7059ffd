//! The facts the meeting screens show, computed once, here: the live
//! screen's timers and counters, the session page's durations and turns.
//! Front ends format them; they never count or subtract times themselves.

use super::machine::{Clock, Meeting, Round, Span, TurnOutcome};
use chrono::{DateTime, Utc};
use serde::Serialize;
use std::collections::BTreeSet;

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Facts {
    /// What the template planned, in minutes.
    pub planned_minutes: u32,
    /// From the start to the end (or to now, while it runs).
    pub duration_secs: i64,
    pub phases: Vec<PhaseTime>,
    pub items_done: usize,
    pub items_total: usize,
    pub round: Option<RoundFacts>,
    /// Pauses the facilitator chose by locking the vault.
    pub locks: Vec<Span>,
    /// Times the app opened the meeting again after a restart or a crash.
    pub gaps: Vec<DateTime<Utc>>,
}

/// One stretch of time in one phase (a phase visited twice has two).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PhaseTime {
    pub phase: usize,
    pub title: String,
    pub from: DateTime<Utc>,
    pub secs: i64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RoundFacts {
    pub present: u32,
    /// People who have had their say (a seat that came back later counts once).
    pub spoke: usize,
    /// People who passed and did not speak afterwards.
    pub passed: usize,
    /// People waiting for their turn, not counting the one speaking now.
    pub waiting: usize,
    /// The seat speaking now.
    pub speaking: Option<u32>,
    pub turns: Vec<TurnFacts>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TurnFacts {
    pub seat: u32,
    /// Only when the facilitator kept nicknames for this meeting.
    pub nickname: Option<String>,
    pub planned_secs: u32,
    /// How long it took; `None` while it runs.
    pub secs: Option<i64>,
    pub outcome: Option<TurnOutcome>,
}

/// A meeting as the live screen needs it: state, timers and counters.
#[derive(Debug, Clone, Serialize)]
pub struct Live {
    pub id: i64,
    pub meeting: Meeting,
    pub clock: Clock,
    pub next_speaker: Option<u32>,
    pub facts: Facts,
}

impl Live {
    pub fn new(id: i64, meeting: Meeting, now: DateTime<Utc>) -> Live {
        Live {
            id,
            clock: meeting.clock(now),
            next_speaker: meeting.next_speaker(),
            facts: facts(&meeting, now),
            meeting,
        }
    }
}

pub fn facts(m: &Meeting, now: DateTime<Utc>) -> Facts {
    let end = m.ended_at.unwrap_or(now);
    Facts {
        planned_minutes: m.template.planned_minutes(),
        duration_secs: secs(m.started_at, end),
        phases: m
            .phases
            .iter()
            .map(|p| PhaseTime {
                phase: p.phase,
                title: m.template.phases.get(p.phase).map(|x| x.title.clone()).unwrap_or_default(),
                from: p.from,
                secs: secs(p.from, p.to.unwrap_or(end)),
            })
            .collect(),
        items_done: m.done.iter().flatten().filter(|d| **d).count(),
        items_total: m.done.iter().map(Vec::len).sum(),
        round: m.round.as_ref().map(round_facts),
        locks: m.locks.clone(),
        gaps: m.resumed_at.clone(),
    }
}

fn round_facts(r: &Round) -> RoundFacts {
    let seats_with =
        |outcome| -> BTreeSet<u32> { r.turns.iter().filter(|t| t.outcome == Some(outcome)).map(|t| t.seat).collect() };
    let spoke = seats_with(TurnOutcome::Spoke);
    let passed = seats_with(TurnOutcome::Passed);
    RoundFacts {
        present: r.present,
        spoke: spoke.len(),
        passed: passed.difference(&spoke).count(),
        waiting: r.queue.len(),
        speaking: r.current().map(|t| t.seat),
        turns: r
            .turns
            .iter()
            .map(|t| TurnFacts {
                seat: t.seat,
                nickname: r.nickname(t.seat).map(str::to_owned),
                planned_secs: t.planned_secs,
                secs: t.ended_at.map(|end| secs(t.started_at, end)),
                outcome: t.outcome,
            })
            .collect(),
    }
}

fn secs(from: DateTime<Utc>, to: DateTime<Utc>) -> i64 {
    (to - from).num_seconds().max(0)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::Lang;
    use crate::meeting::machine::{Command, Recorded};
    use crate::meeting::{builtin, TurnPolicy};
    use chrono::Duration;

    fn run(cmds: &[(i64, Command)]) -> (Meeting, DateTime<Utc>) {
        let mut now: DateTime<Utc> = "2026-11-22T10:00:00Z".parse().unwrap();
        let start = Meeting::start(builtin("standard", Lang::Ja).unwrap()).unwrap();
        let mut log: Vec<Recorded> = start.into_iter().map(|event| Recorded { at: now, event }).collect();
        for (wait, cmd) in cmds {
            now += Duration::seconds(*wait);
            let made = Meeting::replay(&log).unwrap().decide(cmd, now).unwrap();
            log.extend(made.into_iter().map(|event| Recorded { at: now, event }));
        }
        (Meeting::replay(&log).unwrap(), now)
    }

    fn round(present: u32) -> Command {
        Command::StartRound { present, policy: TurnPolicy::default(), nicknames: vec![] }
    }

    #[test]
    fn later_is_not_finished_and_a_pass_is_not_a_turn() {
        // Three present: seat 1 asks to go later, seat 2 passes, seat 3
        // speaks, then seat 1 speaks after all.
        let (m, now) = run(&[(0, Command::NextPhase), (0, Command::NextPhase), (0, round(3)), (30, Command::Skip)]);
        let f = facts(&m, now).round.unwrap();
        assert_eq!((f.spoke, f.passed, f.waiting, f.speaking), (0, 0, 2, Some(2)), "nobody has finished yet");

        let (m, now) = run(&[
            (0, Command::NextPhase),
            (0, Command::NextPhase),
            (0, round(3)),
            (30, Command::Skip),
            (10, Command::Pass),
            (60, Command::NextSpeaker),
            (90, Command::NextSpeaker),
        ]);
        let f = facts(&m, now).round.unwrap();
        assert_eq!((f.spoke, f.passed, f.waiting, f.speaking), (2, 1, 0, None));
        assert_eq!(f.spoke + f.passed, 3, "never more people finished than present");
        let lengths: Vec<_> = f.turns.iter().map(|t| t.secs).collect();
        assert_eq!(lengths, [Some(30), Some(10), Some(60), Some(90)]);
    }

    #[test]
    fn durations_come_from_recorded_times() {
        let (m, now) = run(&[(300, Command::NextPhase), (120, Command::PreviousPhase), (60, Command::End)]);
        let f = facts(&m, now);
        let spans: Vec<_> = f.phases.iter().map(|p| (p.phase, p.secs)).collect();
        assert_eq!(spans, [(0, 300), (1, 120), (0, 60)]);
        assert_eq!(f.duration_secs, 480);
        assert_eq!(f.planned_minutes, 85);
        assert_eq!(f.items_done, 0);
        assert!(f.items_total > 10);
    }
}
