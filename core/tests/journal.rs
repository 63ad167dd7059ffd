//! The self-care journal through the vault's API: every entry kind across a
//! reopen, one check-in per day, plan versions, the strain rule against a
//! plain re-statement of it, and the supervision agenda.

mod common;

use chrono::{Days, NaiveDate};
use common::{no_file_contains, FAST_PASS};
use enza_core::journal::strain::Reason;
use enza_core::journal::{BoundaryEvent, BoundaryKind, CheckIn, Range, SelfCarePlan};
use enza_core::meeting::{Command, SessionRecord};
use enza_core::settings::STRAIN_NOTICE;
use enza_core::{Error, Lang, Vault, VaultDir};
use proptest::prelude::*;

fn vault() -> (tempfile::TempDir, VaultDir) {
    let tmp = tempfile::tempdir().unwrap();
    let dir = VaultDir::new(tmp.path().join("v"));
    Vault::create_insecure_fast(&dir, FAST_PASS).unwrap().vault.lock();
    (tmp, dir)
}

fn day(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

fn checkin(d: NaiveDate, stress: u8, selfcare: &[&str]) -> CheckIn {
    CheckIn {
        day: d,
        mood: 6,
        energy: 5,
        stress,
        sleep_hours: Some(6.5),
        selfcare: selfcare.iter().map(|s| s.to_string()).collect(),
        note: String::new(),
    }
}

fn boundary(d: &str, supervision: bool) -> BoundaryEvent {
    BoundaryEvent {
        id: 0,
        day: day(d),
        kind: BoundaryKind::AfterHoursContact,
        what_happened: "A message at 23:00 asking to meet. MARKER-BOUNDARY-夜の連絡".into(),
        what_i_did: "Replied the next morning with the office hours.".into(),
        how_i_feel: "Uneasy, then settled.".into(),
        supervision,
    }
}

#[test]
fn every_entry_kind_survives_a_reopen_and_leaves_no_words_on_disk() {
    let (tmp, dir) = vault();
    let today = day("2026-11-23");
    let v = Vault::unlock(&dir, FAST_PASS).unwrap();
    let j = v.journal();
    let mut c = checkin(today, 4, &["rest", "talk"]);
    c.note = "MARKER-CHECKIN-眠れた".into();
    j.save_checkin(&c, today).unwrap();
    let e = j.save_boundary_event(&boundary("2026-11-20", true), today).unwrap();
    let plan = SelfCarePlan { warning_signs: "MARKER-PLAN-肩こり".into(), ..Default::default() };
    j.save_plan(&plan).unwrap();
    let r = j.add_reflection("", "What did I carry home today? MARKER-REFLECTION").unwrap();
    j.set_reflection_flags(r.id, Some("carry_home"), true).unwrap();
    v.checkpoint().unwrap();
    v.lock();

    let v = Vault::unlock(&dir, FAST_PASS).unwrap();
    let j = v.journal();
    assert_eq!(j.checkin(today).unwrap(), Some(c));
    assert_eq!(j.boundary_events(day("2026-01-01")).unwrap(), vec![e]);
    assert_eq!(j.plan_versions().unwrap()[0].plan, plan);
    assert_eq!(j.agenda().unwrap().reflections.len(), 1);
    let kept = j.reflection(r.id).unwrap();
    assert_eq!((kept.prompt.as_deref(), kept.supervision), (Some("carry_home"), true));
    no_file_contains(
        tmp.path(),
        &["MARKER-CHECKIN", "MARKER-BOUNDARY", "夜の連絡", "MARKER-PLAN", "肩こり", "MARKER-REFLECTION"],
    );
}

#[test]
fn one_checkin_a_day_editable_backdated_never_ahead() {
    let (_tmp, dir) = vault();
    let today = day("2026-11-23");
    let v = Vault::unlock(&dir, FAST_PASS).unwrap();
    let j = v.journal();
    j.save_checkin(&checkin(today, 4, &[]), today).unwrap();
    j.save_checkin(&checkin(today, 8, &["rest"]), today).unwrap();
    let all = j.checkins(day("2026-01-01"), today).unwrap();
    assert_eq!(all.len(), 1, "a second check-in the same day edits the first");
    assert_eq!(all[0].stress, 8);
    j.save_checkin(&checkin(day("2026-11-01"), 3, &[]), today).unwrap();
    assert_eq!(j.checkins(day("2026-01-01"), today).unwrap().len(), 2, "back-dating is allowed");
    let ahead = j.save_checkin(&checkin(day("2026-11-24"), 3, &[]), today).unwrap_err();
    assert!(matches!(ahead, Error::FutureDate));
    assert!(matches!(j.save_boundary_event(&boundary("2026-11-24", false), today), Err(Error::FutureDate)));
    assert_eq!(j.checkins(day("2026-01-01"), day("2026-12-31")).unwrap().len(), 2, "nothing was written");
    j.delete_checkin(today).unwrap();
    assert_eq!(j.checkin(today).unwrap(), None);
}

#[test]
fn every_plan_version_is_kept_newest_first() {
    let (_tmp, dir) = vault();
    let v = Vault::unlock(&dir, FAST_PASS).unwrap();
    let j = v.journal();
    assert!(matches!(j.save_plan(&SelfCarePlan::default()), Err(Error::EmptyText)));
    j.save_plan(&SelfCarePlan { what_helps: "歩く".into(), ..Default::default() }).unwrap();
    j.save_plan(&SelfCarePlan { what_helps: "歩く、早く寝る".into(), ..Default::default() }).unwrap();
    let versions = j.plan_versions().unwrap();
    assert_eq!(versions.len(), 2);
    assert_eq!(versions[0].plan.what_helps, "歩く、早く寝る");
    assert_eq!(versions[1].plan.what_helps, "歩く");
}

#[test]
fn trends_are_computed_over_the_chosen_range() {
    let (_tmp, dir) = vault();
    let today = day("2026-11-23");
    let v = Vault::unlock(&dir, FAST_PASS).unwrap();
    let j = v.journal();
    for i in (0..90).filter(|i| i % 3 != 0) {
        j.save_checkin(&checkin(today - Days::new(i), (i % 10) as u8, if i % 2 == 0 { &["rest"] } else { &[] }), today)
            .unwrap();
    }
    let t = j.trends(Range::Weeks4, today).unwrap();
    assert_eq!(t.series.mood.len(), 28);
    assert_eq!(t.checkin_days, (0..28).filter(|i| i % 3 != 0).count());
    assert_eq!(t.series.stress.iter().filter(|p| p.value.is_some()).count(), t.checkin_days, "gaps stay gaps");
    assert_eq!(j.trends(Range::Months3, today).unwrap().series.sleep.len(), 91);
    assert_eq!(j.trends(Range::Year, today).unwrap().series.energy.len(), 365);
}

#[test]
fn the_strain_notice_names_its_reasons_and_can_be_turned_off() {
    let (_tmp, dir) = vault();
    let today = day("2026-11-23");
    let v = Vault::unlock(&dir, FAST_PASS).unwrap();
    let j = v.journal();
    assert_eq!(j.strain_notice(today, Lang::En).unwrap(), None);
    for d in ["2026-11-01", "2026-11-10", "2026-11-22"] {
        j.save_boundary_event(&boundary(d, false), today).unwrap();
    }
    let n = j.strain_notice(today, Lang::En).unwrap().unwrap();
    assert_eq!(n.reasons, [Reason::BoundaryEvents { count: 3 }]);
    v.settings().set(&STRAIN_NOTICE, &false).unwrap();
    assert_eq!(j.strain_notice(today, Lang::En).unwrap(), None, "never when turned off");
}

#[test]
fn the_agenda_gathers_what_was_flagged_since_the_last_supervision() {
    let (_tmp, dir) = vault();
    let today = day("2026-11-23");
    let v = Vault::unlock(&dir, FAST_PASS).unwrap();
    let j = v.journal();
    j.save_boundary_event(&boundary("2026-11-02", true), today).unwrap();
    j.save_boundary_event(&boundary("2026-11-01", true), today).unwrap();
    j.save_boundary_event(&boundary("2026-11-03", false), today).unwrap();
    let id = v.meetings().start(None, "builtin:standard", Lang::En).unwrap().id;
    v.meetings().command(id, &Command::End).unwrap();
    v.meetings().save_record(id, &SessionRecord { attendance: 5, needs_debrief: true, ..Default::default() }).unwrap();

    let agenda = j.agenda().unwrap();
    assert_eq!(agenda.since, None);
    let days: Vec<String> = agenda.boundary_events.iter().map(|e| e.day.to_string()).collect();
    assert_eq!(days, ["2026-11-01", "2026-11-02"], "flagged only, oldest first");
    assert_eq!(agenda.meetings.len(), 1);
    assert!(agenda.meetings[0].record.needs_debrief);

    j.record_supervision(day("2026-11-05"), today).unwrap();
    let agenda = j.agenda().unwrap();
    assert_eq!(agenda.since, Some(day("2026-11-05")));
    assert!(agenda.boundary_events.is_empty(), "a supervision date starts the next agenda");
    assert!(matches!(j.record_supervision(day("2026-12-01"), today), Err(Error::FutureDate)));
}

/// The rule, stated plainly and independently of `journal::strain`.
fn rule_holds(history: &[(u8, bool)], boundary_days_ago: &[u64]) -> bool {
    // history[i] is the check-in of `i` days ago: (stress, any self-care).
    let stress_on = |ago: usize| history.get(ago).map(|h| h.0 as f32);
    let avg7 = |ago: usize| {
        let vals: Vec<f32> = (ago..ago + 7).filter_map(stress_on).collect();
        (vals.len() >= 3).then(|| vals.iter().sum::<f32>() / vals.len() as f32)
    };
    let high = (0..14).filter(|&ago| avg7(ago).is_some_and(|a| a >= 7.0)).count();
    let selfcare = |r: std::ops::Range<usize>| r.filter(|&ago| history.get(ago).is_some_and(|h| h.1)).count();
    // Self-care fell: over the last week against the one before, or over
    // the last two weeks against the two before.
    let fell = selfcare(0..7) < selfcare(7..14) || selfcare(0..14) < selfcare(14..28);
    let stress_rule = high >= 10 && fell;
    let boundary_rule = boundary_days_ago.iter().filter(|&&d| d < 30).count() >= 3;
    stress_rule || boundary_rule
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]
    #[test]
    fn the_strain_notice_appears_exactly_when_the_rule_holds(
        // Stress leans high, so the stress half of the rule is met often.
        history in proptest::collection::vec((prop_oneof![0u8..=10, 7u8..=10, 8u8..=10], any::<bool>()), 0..40),
        boundary_days_ago in proptest::collection::vec(0u64..60, 0..6),
    ) {
        let today = day("2026-11-23");
        let checkins: Vec<CheckIn> = history
            .iter()
            .enumerate()
            .map(|(ago, (stress, sc))| checkin(today - Days::new(ago as u64), *stress, if *sc { &["rest"] } else { &[] }))
            .collect();
        let events: Vec<(NaiveDate, BoundaryKind)> =
            boundary_days_ago.iter().map(|ago| (today - Days::new(*ago), BoundaryKind::Other)).collect();
        let notice = enza_core::journal::strain::check(&checkins, &events, today, Lang::En);
        prop_assert_eq!(notice.is_some(), rule_holds(&history, &boundary_days_ago));
        if let Some(n) = notice {
            prop_assert!(!n.reasons.is_empty());
            prop_assert!(n.message.contains("self-care plan"));
        }
    }
}

#[test]
fn the_self_care_list_can_be_edited() {
    let (_tmp, dir) = vault();
    let v = Vault::unlock(&dir, FAST_PASS).unwrap();
    let j = v.journal();
    assert_eq!(j.activities(Lang::Ja).unwrap()[0].label, "休む");
    j.add_activity(" 散歩 ").unwrap();
    j.add_activity("Music").unwrap();
    assert!(matches!(j.add_activity("  "), Err(Error::InvalidSetting(_))));
    j.remove_activity("say_no").unwrap();
    let list = j.activities(Lang::En).unwrap();
    let keys: Vec<&str> = list.iter().map(|a| a.key.as_str()).collect();
    assert_eq!(keys, ["rest", "movement", "outdoors", "hobby", "talk", "custom:1", "custom:2"]);
    assert_eq!(list[5].label, "散歩");
    assert!(matches!(j.remove_activity("say_no"), Err(Error::NotFound)));
}

/// Someone who keeps only the daily side of the journal lands on it after
/// unlocking; a first reflection (or nothing at all) keeps the reflections.
#[test]
fn a_person_who_only_checks_in_is_said_to_use_the_journal_only() {
    let (_tmp, dir) = vault();
    let today = day("2026-11-23");
    let v = Vault::unlock(&dir, FAST_PASS).unwrap();
    assert!(!v.journal().daily_only().unwrap(), "an empty vault");
    v.journal().save_checkin(&checkin(today, 4, &["rest"]), today).unwrap();
    assert!(v.journal().daily_only().unwrap());
    let r = v.journal().add_reflection("", "A first reflection.").unwrap();
    assert!(!v.journal().daily_only().unwrap());
    v.journal().delete_reflection(r.id).unwrap();
    v.journal().delete_checkin(today).unwrap();
    v.journal().save_boundary_event(&boundary("2026-11-20", false), today).unwrap();
    assert!(v.journal().daily_only().unwrap(), "a boundary event is the daily side too");
}

#[test]
fn the_boundary_page_lists_ninety_days_or_back_to_a_found_events_day() {
    let (_tmp, dir) = vault();
    let v = Vault::unlock(&dir, FAST_PASS).unwrap();
    let j = v.journal();
    // Across a new year and a leap day: 1 March 2028 less 90 days is 2 December 2027.
    let today = day("2028-03-01");
    for d in ["2027-12-01", "2027-12-02", "2028-02-29"] {
        j.save_boundary_event(&boundary(d, false), today).unwrap();
    }
    let days =
        |r: &enza_core::journal::RecentBoundaries| r.events.iter().map(|e| e.day.to_string()).collect::<Vec<_>>();
    let usual = j.recent_boundary_events(None, today).unwrap();
    assert_eq!((usual.today, usual.since, usual.older), (today, day("2027-12-02"), false));
    assert_eq!(days(&usual), ["2028-02-29", "2027-12-02"], "the 90 days, newest first");
    let found = j.recent_boundary_events(Some(day("2027-12-01")), today).unwrap();
    assert_eq!((found.since, found.older), (day("2027-12-01"), true));
    assert_eq!(days(&found).len(), 3, "back to the found event's day");
    let within = j.recent_boundary_events(Some(day("2028-01-15")), today).unwrap();
    assert_eq!((within.since, within.older), (day("2027-12-02"), false), "a day inside the 90 keeps the 90");
}
