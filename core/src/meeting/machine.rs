//! A meeting in progress: a state machine over recorded events.
//!
//! Nothing here ticks. Each transition becomes an [`Event`] with the time it
//! happened; the meeting's state is what replaying those events gives, and
//! every timer is computed from recorded times and "now". So a crash loses
//! at most the transition in flight, and a resumed meeting shows the gap
//! honestly.

use super::turns::TurnPolicy;
use crate::error::{Error, Result};
use crate::library::Template;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use std::collections::VecDeque;

/// What the facilitator asks for.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Command {
    SetItem {
        phase: usize,
        item: usize,
        done: bool,
    },
    NextPhase,
    PreviousPhase,
    StartRound {
        present: u32,
        policy: TurnPolicy,
        /// Nicknames by seat (seat 1 first; a blank keeps the number). Sent
        /// only when the facilitator opts in to keep them for this session:
        /// otherwise they stay on the screen and never reach the vault.
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        nicknames: Vec<String>,
    },
    /// The current speaker has finished; the next one starts.
    NextSpeaker,
    /// The current speaker passes; the next one starts.
    Pass,
    /// The current speaker goes to the end of the queue.
    Skip,
    LateArrival,
    End,
}

/// What happened. Stored as JSON, one row each; never changed afterwards.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Event {
    Started {
        template: Template,
    },
    ItemSet {
        phase: usize,
        item: usize,
        done: bool,
    },
    PhaseEntered {
        phase: usize,
    },
    RoundStarted {
        present: u32,
        policy: TurnPolicy,
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        nicknames: Vec<String>,
    },
    TurnStarted {
        seat: u32,
        planned_secs: u32,
    },
    TurnEnded {
        outcome: TurnOutcome,
    },
    Arrived {
        seat: u32,
    },
    /// The app opened this meeting again after a restart or a crash.
    Resumed,
    /// The facilitator locked the vault (or it locked itself for idleness)
    /// while the meeting was open: a pause they chose, not a crash.
    Locked,
    /// The vault was unlocked again after `Locked`.
    Unlocked,
    Ended,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TurnOutcome {
    Spoke,
    Passed,
    Skipped,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Recorded {
    pub at: DateTime<Utc>,
    pub event: Event,
}

/// A stretch of time.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Span {
    pub from: DateTime<Utc>,
    pub to: Option<DateTime<Utc>>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PhaseSpan {
    pub phase: usize,
    pub from: DateTime<Utc>,
    pub to: Option<DateTime<Utc>>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Turn {
    pub seat: u32,
    pub planned_secs: u32,
    pub started_at: DateTime<Utc>,
    pub ended_at: Option<DateTime<Utc>>,
    pub outcome: Option<TurnOutcome>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Round {
    pub present: u32,
    pub policy: TurnPolicy,
    /// Seats yet to speak, in order (the current speaker is not in it).
    pub queue: VecDeque<u32>,
    pub turns: Vec<Turn>,
    /// Kept nicknames by seat (seat 1 first); empty when not kept.
    pub nicknames: Vec<String>,
}

impl Round {
    pub fn current(&self) -> Option<&Turn> {
        self.turns.last().filter(|t| t.ended_at.is_none())
    }

    /// The kept nickname of a seat, if there is one.
    pub fn nickname(&self, seat: u32) -> Option<&str> {
        let name = self.nicknames.get(seat.checked_sub(1)? as usize)?;
        (!name.is_empty()).then_some(name.as_str())
    }
}

use crate::limits::{NICKNAME_CHARS as MAX_NICKNAME_CHARS, PEOPLE_MAX};

/// Nicknames as kept: trimmed, no trailing blanks, at most one per seat. The
/// meeting screen checks nicknames it will not keep with this rule too.
pub fn checked_nicknames(present: u32, names: &[String]) -> Result<Vec<String>> {
    let mut kept: Vec<String> = names.iter().map(|n| n.trim().to_owned()).collect();
    while kept.last().is_some_and(String::is_empty) {
        kept.pop();
    }
    if kept.len() > present as usize {
        return Err(Error::TooManyNicknames { present });
    }
    if kept.iter().any(|n| n.chars().count() > MAX_NICKNAME_CHARS) {
        return Err(Error::TooLong { max: MAX_NICKNAME_CHARS });
    }
    if kept.iter().any(|n| n.chars().any(char::is_control)) {
        return Err(Error::InvalidSetting("a nickname is one line of text"));
    }
    Ok(kept)
}

/// The state of one meeting, rebuilt from its events.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Meeting {
    pub template: Template,
    pub started_at: DateTime<Utc>,
    pub phase: usize,
    pub phases: Vec<PhaseSpan>,
    pub done: Vec<Vec<bool>>,
    pub round: Option<Round>,
    pub resumed_at: Vec<DateTime<Utc>>,
    /// When the vault was locked during the meeting (`to` is `None` while
    /// it still is).
    pub locks: Vec<Span>,
    pub ended_at: Option<DateTime<Utc>>,
}

/// Timers at a moment, all derived from recorded times.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Clock {
    pub phase_elapsed_secs: i64,
    /// Negative once the phase runs over.
    pub phase_remaining_secs: Option<i64>,
    pub turn_elapsed_secs: Option<i64>,
    pub turn_remaining_secs: Option<i64>,
    /// How the phase timer should look: calm, near its end, or over.
    pub phase_state: TimerState,
    pub turn_state: TimerState,
}

/// A timer's state, which the screen shows as a colour (and says in words).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum TimerState {
    /// No planned length.
    None,
    Ok,
    /// The last minute, or the last fifth of a long span; the last ten
    /// seconds of a span of a minute or less.
    Near,
    Over,
}

impl TimerState {
    pub fn of(remaining_secs: Option<i64>, planned_secs: i64) -> TimerState {
        let Some(remaining) = remaining_secs else { return TimerState::None };
        let near = if planned_secs > 60 { (planned_secs / 5).max(60) } else { 10 };
        match remaining {
            r if r < 0 => TimerState::Over,
            r if r <= near => TimerState::Near,
            _ => TimerState::Ok,
        }
    }
}

impl Meeting {
    /// The events that start a meeting.
    pub fn start(template: Template) -> Result<Vec<Event>> {
        if template.phases.is_empty() {
            return Err(Error::InvalidSetting("a template needs at least one phase"));
        }
        Ok(vec![Event::Started { template }, Event::PhaseEntered { phase: 0 }])
    }

    /// Rebuilds a meeting from its events, oldest first.
    pub fn replay(events: &[Recorded]) -> Result<Meeting> {
        let mut iter = events.iter();
        let first = iter.next().ok_or(Error::NotFound)?;
        let Event::Started { template } = &first.event else {
            return Err(Error::InvalidSetting("a meeting starts with its template"));
        };
        let mut m = Meeting {
            done: template.phases.iter().map(|p| vec![false; p.items.len()]).collect(),
            template: template.clone(),
            started_at: first.at,
            phase: 0,
            phases: Vec::new(),
            round: None,
            resumed_at: Vec::new(),
            locks: Vec::new(),
            ended_at: None,
        };
        for r in iter {
            m.apply(r);
        }
        Ok(m)
    }

    /// Checks a command against the state and returns the events it makes.
    pub fn decide(&self, cmd: &Command, now: DateTime<Utc>) -> Result<Vec<Event>> {
        if self.ended_at.is_some() {
            return Err(Error::NotNow("the meeting has ended"));
        }
        let last = self.template.phases.len() - 1;
        let mut out = Vec::new();
        match *cmd {
            Command::SetItem { phase, item, done } => {
                if self.done.get(phase).and_then(|p| p.get(item)).is_none() {
                    return Err(Error::NotFound);
                }
                out.push(Event::ItemSet { phase, item, done });
            }
            Command::NextPhase if self.phase < last => {
                self.end_turn_if_any(TurnOutcome::Spoke, &mut out);
                out.push(Event::PhaseEntered { phase: self.phase + 1 });
            }
            Command::PreviousPhase if self.phase > 0 => {
                self.end_turn_if_any(TurnOutcome::Spoke, &mut out);
                out.push(Event::PhaseEntered { phase: self.phase - 1 });
            }
            Command::NextPhase => return Err(Error::LastPhase),
            Command::PreviousPhase => return Err(Error::FirstPhase),
            Command::StartRound { present, policy, ref nicknames } => {
                if self.round.is_some() {
                    return Err(Error::NotNow("the sharing round has already started"));
                }
                if present == 0 || present > PEOPLE_MAX {
                    return Err(Error::InvalidSetting("number present"));
                }
                TurnPolicy::new(policy.floor_secs, policy.ceiling_secs)?;
                let nicknames = checked_nicknames(present, nicknames)?;
                out.push(Event::RoundStarted { present, policy, nicknames });
                let planned = policy.planned_turn(self.phase_remaining(now).max(0) as u64, present);
                out.push(Event::TurnStarted { seat: 1, planned_secs: planned });
            }
            Command::NextSpeaker | Command::Pass | Command::Skip => {
                let round = self.round.as_ref().ok_or(Error::NotNow("no sharing round"))?;
                let outcome = match cmd {
                    Command::Pass => TurnOutcome::Passed,
                    Command::Skip => TurnOutcome::Skipped,
                    _ => TurnOutcome::Spoke,
                };
                if round.current().is_none() && round.queue.is_empty() {
                    return Err(Error::NotNow("everyone has had their turn"));
                }
                self.end_turn_if_any(outcome, &mut out);
                // Who is next once this turn has ended: let `apply` say (it
                // owns the queue rule, e.g. a skipped seat joins the back).
                let mut after = self.clone();
                for event in &out {
                    after.apply(&Recorded { at: now, event: event.clone() });
                }
                let queue = &after.round.as_ref().expect("round exists").queue;
                if let Some(&seat) = queue.front() {
                    let remaining = self.phase_remaining(now).max(0) as u64;
                    let planned = round.policy.planned_turn(remaining, queue.len() as u32);
                    out.push(Event::TurnStarted { seat, planned_secs: planned });
                }
            }
            Command::LateArrival => {
                let round = self.round.as_ref().ok_or(Error::NotNow("no sharing round"))?;
                out.push(Event::Arrived { seat: round.present + 1 });
            }
            Command::End => {
                self.end_turn_if_any(TurnOutcome::Spoke, &mut out);
                out.push(Event::Ended);
            }
        }
        Ok(out)
    }

    fn end_turn_if_any(&self, outcome: TurnOutcome, out: &mut Vec<Event>) {
        if self.round.as_ref().and_then(Round::current).is_some() {
            out.push(Event::TurnEnded { outcome });
        }
    }

    /// Applies one recorded event. Events were checked by `decide` when they
    /// were made, so replay trusts them.
    pub fn apply(&mut self, r: &Recorded) {
        match &r.event {
            Event::Started { .. } => {}
            Event::ItemSet { phase, item, done } => {
                if let Some(slot) = self.done.get_mut(*phase).and_then(|p| p.get_mut(*item)) {
                    *slot = *done;
                }
            }
            Event::PhaseEntered { phase } => {
                if let Some(open) = self.phases.last_mut() {
                    open.to.get_or_insert(r.at);
                }
                self.phase = *phase;
                self.phases.push(PhaseSpan { phase: *phase, from: r.at, to: None });
            }
            Event::RoundStarted { present, policy, nicknames } => {
                self.round = Some(Round {
                    present: *present,
                    policy: *policy,
                    queue: (1..=*present).collect(),
                    turns: Vec::new(),
                    nicknames: nicknames.clone(),
                });
            }
            Event::TurnStarted { seat, planned_secs } => {
                if let Some(round) = &mut self.round {
                    round.queue.retain(|s| s != seat);
                    round.turns.push(Turn {
                        seat: *seat,
                        planned_secs: *planned_secs,
                        started_at: r.at,
                        ended_at: None,
                        outcome: None,
                    });
                }
            }
            Event::TurnEnded { outcome } => {
                if let Some(round) = &mut self.round {
                    if let Some(turn) = round.turns.last_mut().filter(|t| t.ended_at.is_none()) {
                        turn.ended_at = Some(r.at);
                        turn.outcome = Some(*outcome);
                        if *outcome == TurnOutcome::Skipped {
                            round.queue.push_back(turn.seat);
                        }
                    }
                }
            }
            Event::Arrived { seat } => {
                if let Some(round) = &mut self.round {
                    round.present = round.present.max(*seat);
                    round.queue.push_back(*seat);
                }
            }
            Event::Resumed => self.resumed_at.push(r.at),
            Event::Locked => self.locks.push(Span { from: r.at, to: None }),
            Event::Unlocked => {
                if let Some(open) = self.locks.last_mut().filter(|l| l.to.is_none()) {
                    open.to = Some(r.at);
                }
            }
            Event::Ended => {
                if let Some(open) = self.phases.last_mut() {
                    open.to.get_or_insert(r.at);
                }
                self.ended_at = Some(r.at);
            }
        }
    }

    fn phase_started_at(&self) -> DateTime<Utc> {
        self.phases.last().map(|p| p.from).unwrap_or(self.started_at)
    }

    /// Seconds left in the current phase (negative when over), or a large
    /// number when the phase has no planned length.
    fn phase_remaining(&self, now: DateTime<Utc>) -> i64 {
        match self.template.phases[self.phase].planned_minutes {
            Some(min) => min as i64 * 60 - (now - self.phase_started_at()).num_seconds(),
            None => i64::from(u32::MAX),
        }
    }

    pub fn clock(&self, now: DateTime<Utc>) -> Clock {
        let now = self.ended_at.unwrap_or(now);
        let turn = self.round.as_ref().and_then(Round::current);
        let planned_phase = self.template.phases[self.phase].planned_minutes;
        let phase_remaining_secs = planned_phase.map(|_| self.phase_remaining(now));
        let turn_remaining_secs = turn.map(|t| t.planned_secs as i64 - (now - t.started_at).num_seconds());
        Clock {
            phase_elapsed_secs: (now - self.phase_started_at()).num_seconds(),
            phase_remaining_secs,
            turn_elapsed_secs: turn.map(|t| (now - t.started_at).num_seconds()),
            turn_remaining_secs,
            phase_state: TimerState::of(phase_remaining_secs, planned_phase.unwrap_or(0) as i64 * 60),
            turn_state: TimerState::of(turn_remaining_secs, turn.map_or(0, |t| t.planned_secs as i64)),
        }
    }

    /// Whether the vault is locked in the middle of this meeting (a `Locked`
    /// not yet followed by `Unlocked`).
    pub fn is_locked(&self) -> bool {
        self.locks.last().is_some_and(|l| l.to.is_none())
    }

    /// Who speaks after the current speaker, if anyone.
    pub fn next_speaker(&self) -> Option<u32> {
        self.round.as_ref().and_then(|r| r.queue.front().copied())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::Lang;
    use crate::library::builtin;
    use chrono::Duration;

    /// A meeting driven through commands, with a clock the test moves.
    struct Run {
        log: Vec<Recorded>,
        now: DateTime<Utc>,
    }

    impl Run {
        fn new() -> Run {
            let now = "2026-11-22T10:00:00Z".parse().unwrap();
            let events = Meeting::start(builtin("standard", Lang::En).unwrap()).unwrap();
            Run { log: events.into_iter().map(|event| Recorded { at: now, event }).collect(), now }
        }
        fn meeting(&self) -> Meeting {
            Meeting::replay(&self.log).unwrap()
        }
        fn wait(&mut self, secs: i64) {
            self.now += Duration::seconds(secs);
        }
        fn cmd(&mut self, c: Command) -> Result<()> {
            let events = self.meeting().decide(&c, self.now)?;
            self.log.extend(events.into_iter().map(|event| Recorded { at: self.now, event }));
            Ok(())
        }
    }

    #[test]
    fn timers_turn_near_then_over() {
        assert_eq!(TimerState::of(None, 600), TimerState::None);
        assert_eq!(TimerState::of(Some(121), 600), TimerState::Ok);
        assert_eq!(TimerState::of(Some(120), 600), TimerState::Near, "the last fifth of ten minutes");
        assert_eq!(TimerState::of(Some(60), 180), TimerState::Near, "at least the last minute");
        assert_eq!(TimerState::of(Some(11), 45), TimerState::Ok);
        assert_eq!(TimerState::of(Some(10), 45), TimerState::Near, "the last ten seconds of a short turn");
        assert_eq!(TimerState::of(Some(0), 45), TimerState::Near);
        assert_eq!(TimerState::of(Some(-1), 45), TimerState::Over);
    }

    #[test]
    fn walks_the_four_phases_forward_and_back_recording_times() {
        let mut run = Run::new();
        assert_eq!(run.meeting().phase, 0);
        assert!(run.cmd(Command::PreviousPhase).is_err());
        for expected in 1..=3 {
            run.wait(60);
            run.cmd(Command::NextPhase).unwrap();
            assert_eq!(run.meeting().phase, expected);
        }
        assert!(run.cmd(Command::NextPhase).is_err(), "closing is the last phase");
        run.wait(30);
        run.cmd(Command::PreviousPhase).unwrap();
        let m = run.meeting();
        assert_eq!(m.phase, 2);
        let order: Vec<usize> = m.phases.iter().map(|p| p.phase).collect();
        assert_eq!(order, [0, 1, 2, 3, 2]);
        assert!(m.phases[..4].iter().all(|p| p.to.is_some()));
        assert_eq!((m.phases[1].to.unwrap() - m.phases[1].from).num_seconds(), 60);
    }

    #[test]
    fn ticks_and_unticks_items() {
        let mut run = Run::new();
        run.cmd(Command::SetItem { phase: 0, item: 2, done: true }).unwrap();
        assert!(run.meeting().done[0][2]);
        run.cmd(Command::SetItem { phase: 0, item: 2, done: false }).unwrap();
        assert!(!run.meeting().done[0][2]);
        assert!(matches!(run.cmd(Command::SetItem { phase: 0, item: 99, done: true }), Err(Error::NotFound)));
    }

    #[test]
    fn a_sharing_round_of_five_with_a_pass_a_skip_and_a_late_arrival() {
        let mut run = Run::new();
        run.cmd(Command::NextPhase).unwrap();
        run.cmd(Command::NextPhase).unwrap();
        run.cmd(Command::StartRound { present: 5, policy: TurnPolicy::default(), nicknames: vec![] }).unwrap();
        let m = run.meeting();
        let turn = m.round.as_ref().unwrap().current().unwrap();
        assert_eq!(turn.seat, 1);
        assert_eq!(turn.planned_secs, 300, "60 min / 5 people = 12 min, capped at 5");
        assert_eq!(m.next_speaker(), Some(2));

        run.wait(200);
        run.cmd(Command::NextSpeaker).unwrap(); // 1 spoke, 2 starts
        run.wait(5);
        run.cmd(Command::Pass).unwrap(); // 2 passes, 3 starts
        run.wait(10);
        run.cmd(Command::Skip).unwrap(); // 3 not ready, goes to the back; 4 starts
        run.cmd(Command::LateArrival).unwrap(); // seat 6 joins the queue
        assert_eq!(run.meeting().round.unwrap().queue, [5, 3, 6]);
        while run.meeting().round.unwrap().current().is_some() {
            run.wait(100);
            run.cmd(Command::NextSpeaker).unwrap();
        }
        let round = run.meeting().round.unwrap();
        let seats: Vec<(u32, TurnOutcome)> = round.turns.iter().map(|t| (t.seat, t.outcome.unwrap())).collect();
        use TurnOutcome::*;
        assert_eq!(seats, [(1, Spoke), (2, Passed), (3, Skipped), (4, Spoke), (5, Spoke), (3, Spoke), (6, Spoke)]);
        assert_eq!(round.present, 6);
        assert_eq!((round.turns[0].ended_at.unwrap() - round.turns[0].started_at).num_seconds(), 200);
        assert!(run.cmd(Command::NextSpeaker).is_err(), "nobody is left");
    }

    #[test]
    fn timers_come_from_recorded_times_and_show_overrun() {
        let mut run = Run::new();
        run.wait(9 * 60);
        let c = run.meeting().clock(run.now);
        assert_eq!(c.phase_elapsed_secs, 540);
        assert_eq!(c.phase_remaining_secs, Some(60));
        run.wait(120);
        assert_eq!(run.meeting().clock(run.now).phase_remaining_secs, Some(-60), "overrun is negative");
        assert_eq!(run.meeting().clock(run.now).turn_remaining_secs, None);
    }

    #[test]
    fn resume_after_a_gap_keeps_the_place_and_shows_the_gap() {
        let mut run = Run::new();
        run.cmd(Command::NextPhase).unwrap();
        run.cmd(Command::NextPhase).unwrap();
        run.cmd(Command::StartRound { present: 3, policy: TurnPolicy::default(), nicknames: vec![] }).unwrap();
        run.wait(30);
        run.cmd(Command::NextSpeaker).unwrap();
        // The laptop dies for 4 minutes; the app replays the log and notes it.
        run.wait(240);
        run.log.push(Recorded { at: run.now, event: Event::Resumed });
        let m = run.meeting();
        assert_eq!(m.phase, 2);
        assert_eq!(m.round.as_ref().unwrap().current().unwrap().seat, 2);
        assert_eq!(m.clock(run.now).turn_elapsed_secs, Some(240), "the gap is counted, not hidden");
        assert_eq!(m.resumed_at, vec![run.now]);
    }

    #[test]
    fn ending_closes_the_open_phase_and_turn_and_freezes_everything() {
        let mut run = Run::new();
        run.cmd(Command::NextPhase).unwrap();
        run.cmd(Command::NextPhase).unwrap();
        run.cmd(Command::StartRound { present: 2, policy: TurnPolicy::default(), nicknames: vec![] }).unwrap();
        run.wait(50);
        run.cmd(Command::End).unwrap();
        let m = run.meeting();
        assert_eq!(m.ended_at, Some(run.now));
        assert!(m.phases.iter().all(|p| p.to.is_some()));
        assert_eq!(m.round.as_ref().unwrap().turns[0].outcome, Some(TurnOutcome::Spoke));
        assert!(run.cmd(Command::NextPhase).is_err());
        run.wait(1000);
        assert_eq!(m.clock(run.now).phase_elapsed_secs, 50, "timers stop at the end");
    }

    #[test]
    fn the_template_snapshot_is_what_replays_whatever_happens_to_templates_later() {
        let run = Run::new();
        let json = serde_json::to_string(&run.log).unwrap();
        let back: Vec<Recorded> = serde_json::from_str(&json).unwrap();
        assert_eq!(Meeting::replay(&back).unwrap().template.phases[0].title, "Safe space");
    }

    #[test]
    fn a_second_round_or_a_bad_count_is_refused() {
        let mut run = Run::new();
        assert!(run.cmd(Command::NextSpeaker).is_err());
        assert!(run.cmd(Command::StartRound { present: 0, policy: TurnPolicy::default(), nicknames: vec![] }).is_err());
        run.cmd(Command::StartRound { present: 4, policy: TurnPolicy::default(), nicknames: vec![] }).unwrap();
        assert!(run.cmd(Command::StartRound { present: 4, policy: TurnPolicy::default(), nicknames: vec![] }).is_err());
    }

    #[test]
    fn kept_nicknames_name_the_seats_and_seats_stay_the_default() {
        let mut run = Run::new();
        let names = |list: &[&str]| list.iter().map(|n| n.to_string()).collect::<Vec<_>>();
        let start = |nicknames| Command::StartRound { present: 3, policy: TurnPolicy::default(), nicknames };
        assert!(run.cmd(start(names(&["a", "b", "c", "d"]))).is_err(), "more names than people");
        assert!(run.cmd(start(names(&[&"x".repeat(41)]))).is_err());
        assert!(run.cmd(start(names(&["Aki\nRen"]))).is_err(), "one line each");
        run.cmd(start(names(&[" Aki ", "", "Ren", " ", ""]))).unwrap();
        let m = run.meeting();
        let round = m.round.as_ref().unwrap();
        assert_eq!(round.nicknames, ["Aki", "", "Ren"], "trimmed, trailing blanks dropped");
        assert_eq!(round.nickname(1), Some("Aki"));
        assert_eq!(round.nickname(2), None, "a blank keeps the seat number");
        assert_eq!(round.nickname(4), None);
        assert_eq!(round.nickname(0), None);
    }

    #[test]
    fn a_round_recorded_before_nicknames_existed_still_replays() {
        let json = r#"{"type":"round_started","present":4,"policy":{"floor_secs":60,"ceiling_secs":300}}"#;
        let event: Event = serde_json::from_str(json).unwrap();
        assert!(matches!(event, Event::RoundStarted { present: 4, ref nicknames, .. } if nicknames.is_empty()));
        let unnamed = serde_json::to_string(&Command::StartRound {
            present: 2,
            policy: TurnPolicy::default(),
            nicknames: vec![],
        })
        .unwrap();
        assert!(!unnamed.contains("nicknames"), "no names, no field: {unnamed}");
    }
}
