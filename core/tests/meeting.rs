//! Meetings in a real vault: every transition is on disk at once, a meeting
//! resumes after the vault is closed and opened again, and a session keeps
//! the template it ran even when the template changes later.

mod common;

use common::{no_file_contains, FAST_PASS};
use enza_core::meeting::{builtin, Command, SessionRecord, TurnOutcome, TurnPolicy};
use enza_core::{Lang, Vault, VaultDir};

fn vault() -> (tempfile::TempDir, VaultDir) {
    let tmp = tempfile::tempdir().unwrap();
    let dir = VaultDir::new(tmp.path().join("vault"));
    Vault::create_insecure_fast(&dir, FAST_PASS).unwrap().vault.lock();
    (tmp, dir)
}

#[test]
fn a_meeting_resumes_where_it_was_after_the_vault_closes() {
    let (_tmp, dir) = vault();
    let v = Vault::unlock(&dir, FAST_PASS).unwrap();
    let id = v.meetings().start_with(None, builtin("standard", Lang::Ja).unwrap()).unwrap().id;
    v.meetings().command(id, &Command::SetItem { phase: 0, item: 0, done: true }).unwrap();
    v.meetings().command(id, &Command::NextPhase).unwrap();
    v.meetings().command(id, &Command::NextPhase).unwrap();
    v.meetings()
        .command(id, &Command::StartRound { present: 5, policy: TurnPolicy::default(), nicknames: vec![] })
        .unwrap();
    v.meetings().command(id, &Command::NextSpeaker).unwrap();
    v.meetings().command(id, &Command::Pass).unwrap();
    drop(v); // as if the laptop died

    let v = Vault::unlock(&dir, FAST_PASS).unwrap();
    assert_eq!(v.meetings().unfinished().unwrap(), Some(id));
    let m = v.meetings().resume(id).unwrap().meeting;
    assert_eq!(m.phase, 2);
    assert!(m.done[0][0]);
    let round = m.round.as_ref().unwrap();
    assert_eq!(round.current().unwrap().seat, 3);
    assert_eq!(round.turns[1].outcome, Some(TurnOutcome::Passed));
    assert_eq!(m.resumed_at.len(), 1);

    v.meetings().command(id, &Command::End).unwrap();
    assert_eq!(v.meetings().unfinished().unwrap(), None);
    assert!(v.meetings().command(id, &Command::NextPhase).is_err(), "an ended meeting takes no more commands");
    let sessions = v.meetings().history(10, Lang::En).unwrap();
    assert_eq!(sessions.len(), 1);
    assert!(sessions[0].ended_at.is_some());
}

#[test]
fn history_keeps_the_template_as_it_was() {
    let (_tmp, dir) = vault();
    let v = Vault::unlock(&dir, FAST_PASS).unwrap();
    let mine = v.library().copy_template("builtin:iippanashi", Lang::En).unwrap();
    let first = v.meetings().start_with(None, mine.clone()).unwrap().id;
    v.meetings().command(first, &Command::End).unwrap();

    // The facilitator edits their copy afterwards.
    let mut edited = mine;
    edited.phases[0].title = "Arrival".into();
    edited.phases[0].items.truncate(1);
    v.library().save_template(&edited).unwrap();
    let second = v.meetings().start_with(None, v.library().template(&edited.key, Lang::En).unwrap()).unwrap().id;

    v.lock();
    let v = Vault::unlock(&dir, FAST_PASS).unwrap();
    let old = v.meetings().get(first).unwrap();
    assert_eq!(old.template.phases[0].title, "Safe space");
    assert_eq!(old.template.phases[0].items.len(), 7);
    assert_eq!(v.meetings().get(second).unwrap().template.phases[0].title, "Arrival");
    assert_eq!(v.meetings().get(second).unwrap().template.phases[0].items.len(), 1);
}

#[test]
fn a_refused_command_writes_nothing() {
    let (_tmp, dir) = vault();
    let v = Vault::unlock(&dir, FAST_PASS).unwrap();
    let id = v.meetings().start_with(None, builtin("smart", Lang::En).unwrap()).unwrap().id;
    let before = v.meetings().get(id).unwrap();
    assert!(v.meetings().command(id, &Command::PreviousPhase).is_err());
    assert!(v.meetings().command(id, &Command::Pass).is_err());
    assert_eq!(v.meetings().get(id).unwrap(), before);
    assert!(v.meetings().command(9999, &Command::NextPhase).is_err());
}

#[test]
fn meeting_words_never_reach_the_disk_in_the_clear() {
    let (_tmp, dir) = vault();
    let v = Vault::unlock(&dir, FAST_PASS).unwrap();
    let id = v.meetings().start_with(None, builtin("standard", Lang::Ja).unwrap()).unwrap().id;
    v.meetings().command(id, &Command::NextPhase).unwrap();
    v.checkpoint().unwrap();
    // The built-in's read-aloud words are in the snapshot: they must be encrypted too.
    no_file_contains(dir.path(), &["ここで聞いた話は", "グラウンドルール"]);
}

#[test]
fn notes_open_after_closing_unless_allowed() {
    let (_tmp, dir) = vault();
    let v = Vault::unlock(&dir, FAST_PASS).unwrap();
    let id = v.meetings().start_with(None, builtin("standard", Lang::En).unwrap()).unwrap().id;
    let record = SessionRecord { attendance: 7, newcomers: 1, notes: "calm evening".into(), ..Default::default() };
    assert!(matches!(v.meetings().save_record(id, &record), Err(enza_core::Error::NotesAfterClosing)));
    assert!(
        !v.settings().get(&enza_core::settings::LOCK_DURING_MEETING).unwrap(),
        "idle lock is held off during meetings by default"
    );
    v.settings().set(&enza_core::settings::LOCK_DURING_MEETING, &true).unwrap();
    assert!(v.settings().get(&enza_core::settings::LOCK_DURING_MEETING).unwrap());
    v.settings().set(&enza_core::settings::NOTES_DURING_MEETING, &true).unwrap();
    v.meetings().save_record(id, &record).unwrap();
    v.settings().set(&enza_core::settings::NOTES_DURING_MEETING, &false).unwrap();
    v.meetings().command(id, &Command::End).unwrap();
    let edited = SessionRecord { newcomers: 2, ..record };
    v.meetings().save_record(id, &edited).unwrap();
    v.lock();
    let v = Vault::unlock(&dir, FAST_PASS).unwrap();
    let detail = v.meetings().detail(id, Lang::En).unwrap();
    assert_eq!(detail.record, Some(edited));
    assert_eq!(detail.summary.attendance, Some(7));
    assert_eq!(detail.summary.template_name, "Standard peer-support meeting");
    assert!(detail.meeting.ended_at.is_some());
}

#[test]
fn groups_and_the_crisis_card_are_kept() {
    use enza_core::groups::Group;
    use enza_core::meeting::{CrisisCard, CrisisContact};
    let (_tmp, dir) = vault();
    let v = Vault::unlock(&dir, FAST_PASS).unwrap();
    let g = v
        .groups()
        .save(&Group {
            id: 0,
            name: " 火曜の会 ".into(),
            language: Lang::Ja,
            default_template: "builtin:iippanashi".into(),
            usual_minutes: 90,
        })
        .unwrap();
    assert_eq!(g.name, "火曜の会");
    assert!(v.groups().save(&Group { id: 0, name: "  ".into(), ..g.clone() }).is_err());

    let today = "2026-11-23".parse().unwrap();
    let view = v.meetings().crisis_card(Lang::Ja, today).unwrap();
    assert!(view.card.contacts.is_empty());
    assert!(view.script.contains("例外"), "the built-in script in the user's language");
    assert!(!view.own_script && view.card.script.is_empty(), "the built-in words are not stored as the user's");
    let card = CrisisCard {
        contacts: vec![CrisisContact {
            service: "よりそいホットライン".into(),
            number: "0120-279-338".into(),
            hours: "24時間".into(),
            last_checked: "2026-11-01".parse().unwrap(),
        }],
        script: String::new(),
    };
    v.meetings().save_crisis_card(&card).unwrap();
    v.lock();
    let v = Vault::unlock(&dir, FAST_PASS).unwrap();
    assert_eq!(v.groups().list().unwrap(), vec![g]);
    let view = v.meetings().crisis_card(Lang::En, today).unwrap();
    assert_eq!(view.card.contacts, card.contacts);
    assert_eq!(view.stale, [false]);
    assert!(view.script.starts_with("What is said here"), "the built-in words follow the interface language");
}

/// Locking during a meeting is a pause the facilitator chose: unlocking
/// returns to it with the lock recorded as a lock, not as a crash. A real
/// interruption (the app killed) is still recorded as a gap.
#[test]
fn a_lock_during_a_meeting_is_a_pause_not_a_crash() {
    let (_tmp, dir) = vault();
    let v = Vault::unlock(&dir, FAST_PASS).unwrap();
    let id = v.meetings().start(None, "builtin:standard", Lang::En).unwrap().id;
    assert_eq!(v.meetings().paused_by_lock().unwrap(), None);
    v.meetings().note_lock(id).unwrap();
    v.meetings().note_lock(id).unwrap(); // the idle lock after Ctrl+L adds nothing
    v.lock();

    let v = Vault::unlock(&dir, FAST_PASS).unwrap();
    assert_eq!(v.meetings().paused_by_lock().unwrap(), Some(id), "unlocking returns to the meeting");
    let live = v.meetings().resume(id).unwrap();
    assert!(live.meeting.resumed_at.is_empty(), "a lock is not a gap");
    assert_eq!(live.facts.locks.len(), 1);
    assert!(live.facts.locks[0].to.is_some(), "the lock has its end");
    assert!(live.facts.gaps.is_empty());
    assert_eq!(v.meetings().paused_by_lock().unwrap(), None);

    // Now the app dies instead: that is a gap.
    drop(v);
    let v = Vault::unlock(&dir, FAST_PASS).unwrap();
    assert_eq!(v.meetings().paused_by_lock().unwrap(), None, "a crash is not a lock");
    let live = v.meetings().resume(id).unwrap();
    assert_eq!(live.facts.gaps.len(), 1);
    assert_eq!(live.facts.locks.len(), 1);
    v.meetings().command(id, &Command::End).unwrap();
    v.meetings().note_lock(id).unwrap();
    assert_eq!(v.meetings().get(id).unwrap().locks.len(), 1, "an ended meeting records no lock");
}

/// History names a built-in template in the language read now (the
/// session's snapshot keeps what ran); the last phase says how to end.
#[test]
fn history_names_built_ins_in_the_current_language() {
    let (_tmp, dir) = vault();
    let v = Vault::unlock(&dir, FAST_PASS).unwrap();
    let id = v.meetings().start(None, "builtin:standard", Lang::Ja).unwrap().id;
    for _ in 0..3 {
        v.meetings().command(id, &Command::NextPhase).unwrap();
    }
    let last = v.meetings().command(id, &Command::NextPhase).unwrap_err();
    assert_eq!(last.code(), "last_phase");
    assert!(last.message(Lang::En).contains("press E"), "{}", last.message(Lang::En));
    assert_eq!(v.meetings().command(id, &Command::End).unwrap().meeting.template.language, Lang::Ja);
    let en = v.meetings().history(10, Lang::En).unwrap();
    assert_eq!(en[0].template_name, "Standard peer-support meeting");
    assert!(en[0].duration_secs.is_some());
    assert_eq!(v.meetings().history(10, Lang::Ja).unwrap()[0].template_name, "標準のピアサポートミーティング");
    assert_eq!(v.meetings().detail(id, Lang::En).unwrap().summary.template_name, "Standard peer-support meeting");
    assert_eq!(v.meetings().get(id).unwrap().template.name, "標準のピアサポートミーティング", "what ran is kept");
}

/// The record form starts from what the core knows: the round's count
/// (late arrivals included) and the names written last time.
#[test]
fn a_new_record_is_prefilled_from_the_round() {
    let (_tmp, dir) = vault();
    let v = Vault::unlock(&dir, FAST_PASS).unwrap();
    let m = v.meetings();
    let id = m.start(None, "builtin:standard", Lang::En).unwrap().id;
    for cmd in [
        Command::NextPhase,
        Command::NextPhase,
        Command::StartRound { present: 4, policy: TurnPolicy::default(), nicknames: vec![] },
        Command::LateArrival,
        Command::End,
    ] {
        m.command(id, &cmd).unwrap();
    }
    let draft = m.record_draft(id).unwrap();
    assert!(!draft.saved);
    assert_eq!(draft.record.attendance, 5);
    m.save_record(id, &SessionRecord { attendance: 6, facilitators: "Kei".into(), ..draft.record }).unwrap();
    let again = m.record_draft(id).unwrap();
    assert!(again.saved);
    assert_eq!(again.record.attendance, 6, "a saved record is shown as saved");

    let next = m.start(None, "builtin:standard", Lang::En).unwrap().id;
    m.command(next, &Command::End).unwrap();
    let draft = m.record_draft(next).unwrap();
    assert_eq!((draft.record.facilitators.as_str(), draft.record.attendance), ("Kei", 0));
}
