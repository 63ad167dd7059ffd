//! `enza checkin`, `enza boundary`, `enza journal` and `enza agenda`: the
//! self-care journal from the command line. Dates are local calendar days.

use crate::output::{self, one_line, outln};
use crate::secrets::CliError;
use chrono::{Days, NaiveDate};
use clap::{Subcommand, ValueEnum};
use enza_core::journal::{BoundaryEvent, BoundaryKind, CheckInForm, Range};
use enza_core::time::today;
use enza_core::{Lang, Vault};

#[derive(Subcommand)]
pub enum CheckinCommand {
    /// Save the day's check-in (a second one the same day replaces it)
    Add {
        /// 0 to 10 (the core checks every number, as it does the app's)
        #[arg(long)]
        mood: String,
        /// 0 to 10
        #[arg(long)]
        energy: String,
        /// 0 to 10
        #[arg(long)]
        stress: String,
        /// Hours slept, 0 to 24 in half hours (e.g. 7.5)
        #[arg(long, default_value = "")]
        sleep: String,
        /// Self-care done, comma-separated keys (rest,movement,outdoors,hobby,talk,say_no or custom:N)
        #[arg(long, value_delimiter = ',')]
        selfcare: Vec<String>,
        #[arg(long, default_value = "")]
        note: String,
        /// The day [default: today]
        #[arg(long)]
        date: Option<NaiveDate>,
    },
}

/// A boundary event's kind, by the core's own key (`money_or_gifts`, or
/// `money-or-gifts`).
fn parse_kind(text: &str) -> Result<BoundaryKind, String> {
    BoundaryKind::from_key(&text.replace('-', "_")).ok_or_else(|| {
        let keys: Vec<&str> = BoundaryKind::ALL.iter().map(|k| k.key()).collect();
        format!("one of: {}", keys.join(", "))
    })
}

#[derive(Subcommand)]
pub enum BoundaryCommand {
    /// Write down a boundary event
    Add {
        /// after_hours_contact, money_or_gifts, over_involvement, dual_relationship,
        /// confidentiality_pressure, role_confusion or other
        #[arg(long, value_parser = parse_kind)]
        kind: BoundaryKind,
        /// What happened
        #[arg(long)]
        what: String,
        /// What I did
        #[arg(long, default_value = "")]
        did: String,
        /// How I feel now
        #[arg(long, default_value = "")]
        feel: String,
        /// Bring it to supervision
        #[arg(long)]
        supervision: bool,
        /// The day [default: today]
        #[arg(long)]
        date: Option<NaiveDate>,
    },
}

#[derive(Clone, Copy, ValueEnum)]
pub enum TrendRange {
    #[value(name = "4w")]
    Weeks4,
    #[value(name = "3m")]
    Months3,
    #[value(name = "1y")]
    Year,
}

#[derive(Subcommand)]
pub enum JournalCommand {
    /// Check-ins and boundary events, newest first
    List {
        #[arg(long)]
        json: bool,
        /// From this day [default: 30 days ago]
        #[arg(long)]
        since: Option<NaiveDate>,
    },
    /// Trends: daily series with 7-day averages, self-care weeks, boundary months
    Trends {
        #[arg(long)]
        json: bool,
        #[arg(long, value_enum, default_value = "4w")]
        range: TrendRange,
    },
}

pub fn checkin(vault: &Vault, cmd: CheckinCommand) -> Result<(), CliError> {
    let CheckinCommand::Add { mood, energy, stress, sleep, selfcare, note, date } = cmd;
    let form =
        CheckInForm { day: date.unwrap_or_else(today), mood, energy, stress, sleep_hours: sleep, selfcare, note };
    let c = form.check_in()?;
    vault.journal().save_checkin(&c, today())?;
    outln!("{}", c.day)?;
    Ok(())
}

pub fn boundary(vault: &Vault, cmd: BoundaryCommand) -> Result<(), CliError> {
    let BoundaryCommand::Add { kind, what, did, feel, supervision, date } = cmd;
    let event = BoundaryEvent {
        id: 0,
        day: date.unwrap_or_else(today),
        kind,
        what_happened: what,
        what_i_did: did,
        how_i_feel: feel,
        supervision,
    };
    let saved = vault.journal().save_boundary_event(&event, today())?;
    outln!("{}", saved.id)?;
    Ok(())
}

pub fn journal(vault: &Vault, cmd: JournalCommand) -> Result<(), CliError> {
    match cmd {
        JournalCommand::List { json, since } => {
            let since = since.unwrap_or_else(|| today() - Days::new(30));
            let mut checkins = vault.journal().checkins(since, today())?;
            checkins.reverse();
            let events = vault.journal().boundary_events(since)?;
            if json {
                return output::json(&serde_json::json!({ "checkins": checkins, "boundary_events": events }));
            }
            for c in &checkins {
                let sleep = c.sleep_hours.map_or("-".into(), |h| format!("{h}"));
                outln!(
                    "{}\tcheck-in\tmood {}\tenergy {}\tstress {}\tsleep {}\t{}\t{}",
                    c.day,
                    c.mood,
                    c.energy,
                    c.stress,
                    sleep,
                    one_line(&c.selfcare.join(",")),
                    one_line(&c.note)
                )?;
            }
            for e in &events {
                let flag = if e.supervision { "supervision" } else { "-" };
                outln!("{}\tboundary\t{}\t{}\t{}", e.day, e.kind.key(), flag, one_line(&e.what_happened))?;
            }
            Ok(())
        }
        JournalCommand::Trends { json, range } => {
            let range = match range {
                TrendRange::Weeks4 => Range::Weeks4,
                TrendRange::Months3 => Range::Months3,
                TrendRange::Year => Range::Year,
            };
            let t = vault.journal().trends(range, today())?;
            if json {
                return output::json(&t);
            }
            outln!("{} to {}: {} days with a check-in", t.from, t.to, t.checkin_days)?;
            let last =
                |s: &enza_core::journal::trends::Summary| s.latest_avg7.map_or("-".into(), |a| format!("{a:.1}"));
            outln!(
                "latest 7-day averages: mood {}, energy {}, stress {}, sleep {}",
                last(&t.summaries.mood),
                last(&t.summaries.energy),
                last(&t.summaries.stress),
                last(&t.summaries.sleep)
            )?;
            for w in &t.selfcare_weeks {
                outln!("week of {}\tself-care on {} of {} check-in days", w.week, w.selfcare_days, w.checkin_days)?;
            }
            for m in &t.boundary_months {
                outln!("{}\t{} boundary events", m.month.format("%Y-%m"), m.total)?;
            }
            for h in &t.helps {
                outln!(
                    "after days with {}: next-day stress {:.1} (without: {:.1}), mood {:.1} (without: {:.1})",
                    h.activity,
                    h.next_stress_with,
                    h.next_stress_without,
                    h.next_mood_with,
                    h.next_mood_without
                )?;
            }
            if let Some(n) = vault.journal().strain_notice(today(), Lang::from_env())? {
                outln!("{}", one_line(&n.message))?;
            }
            Ok(())
        }
    }
}

pub fn agenda(vault: &Vault, json: bool) -> Result<(), CliError> {
    let a = vault.journal().agenda()?;
    if json {
        return output::json(&a);
    }
    match a.since {
        Some(d) => outln!("since the supervision of {d}")?,
        None => outln!("since the start (no supervision date recorded)")?,
    }
    for e in &a.boundary_events {
        outln!("{}\tboundary\t{}\t{}", e.day, e.kind.key(), one_line(&e.what_happened))?;
    }
    for r in &a.reflections {
        outln!("{}\treflection\t{}\t{}", r.created_at.format("%Y-%m-%d"), r.id, one_line(&r.title))?;
    }
    for m in &a.meetings {
        let what = match (m.record.safety_concern, m.record.needs_debrief) {
            (true, true) => "safety concern, debrief",
            (true, false) => "safety concern",
            _ => "debrief",
        };
        outln!(
            "{}\tmeeting {}\t{}\t{}",
            m.started_at.format("%Y-%m-%d"),
            m.session_id,
            what,
            one_line(&m.record.follow_ups)
        )?;
    }
    Ok(())
}
