//! Meetings in a real vault: every transition is on disk at once, a meeting
//! resumes after the vault is closed and opened again, and a session keeps
//! the template it ran even when the template changes later.

mod common;

use common::{no_file_contains, FAST_PASS};
use enza_core::meeting::{builtin, Command, TurnOutcome, TurnPolicy};
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
    let (id, _) = v.start_meeting(None, builtin("standard", Lang::Ja).unwrap()).unwrap();
    v.meeting_command(id, &Command::SetItem { phase: 0, item: 0, done: true }).unwrap();
    v.meeting_command(id, &Command::NextPhase).unwrap();
    v.meeting_command(id, &Command::NextPhase).unwrap();
    v.meeting_command(id, &Command::StartRound { present: 5, policy: TurnPolicy::default(), nicknames: vec![] })
        .unwrap();
    v.meeting_command(id, &Command::NextSpeaker).unwrap();
    v.meeting_command(id, &Command::Pass).unwrap();
    drop(v); // as if the laptop died

    let v = Vault::unlock(&dir, FAST_PASS).unwrap();
    assert_eq!(v.unfinished_meeting().unwrap(), Some(id));
    let m = v.resume_meeting(id).unwrap();
    assert_eq!(m.phase, 2);
    assert!(m.done[0][0]);
    let round = m.round.as_ref().unwrap();
    assert_eq!(round.current().unwrap().seat, 3);
    assert_eq!(round.turns[1].outcome, Some(TurnOutcome::Passed));
    assert_eq!(m.resumed_at.len(), 1);

    v.meeting_command(id, &Command::End).unwrap();
    assert_eq!(v.unfinished_meeting().unwrap(), None);
    assert!(v.meeting_command(id, &Command::NextPhase).is_err(), "an ended meeting takes no more commands");
    let sessions = v.latest_sessions(10).unwrap();
    assert_eq!(sessions.len(), 1);
    assert!(sessions[0].ended_at.is_some());
}

#[test]
fn history_keeps_the_template_as_it_was() {
    let (_tmp, dir) = vault();
    let v = Vault::unlock(&dir, FAST_PASS).unwrap();
    let mine = v.copy_template("builtin:iippanashi", Lang::En).unwrap();
    let (first, _) = v.start_meeting(None, mine.clone()).unwrap();
    v.meeting_command(first, &Command::End).unwrap();

    // The facilitator edits their copy afterwards.
    let mut edited = mine;
    edited.phases[0].title = "Arrival".into();
    edited.phases[0].items.truncate(1);
    v.save_template(&edited).unwrap();
    let (second, _) = v.start_meeting(None, v.template(&edited.key, Lang::En).unwrap()).unwrap();

    v.lock();
    let v = Vault::unlock(&dir, FAST_PASS).unwrap();
    let old = v.meeting(first).unwrap();
    assert_eq!(old.template.phases[0].title, "Safe space");
    assert_eq!(old.template.phases[0].items.len(), 7);
    assert_eq!(v.meeting(second).unwrap().template.phases[0].title, "Arrival");
    assert_eq!(v.meeting(second).unwrap().template.phases[0].items.len(), 1);
}

#[test]
fn a_refused_command_writes_nothing() {
    let (_tmp, dir) = vault();
    let v = Vault::unlock(&dir, FAST_PASS).unwrap();
    let (id, _) = v.start_meeting(None, builtin("smart", Lang::En).unwrap()).unwrap();
    let before = v.meeting(id).unwrap();
    assert!(v.meeting_command(id, &Command::PreviousPhase).is_err());
    assert!(v.meeting_command(id, &Command::Pass).is_err());
    assert_eq!(v.meeting(id).unwrap(), before);
    assert!(v.meeting_command(9999, &Command::NextPhase).is_err());
}

#[test]
fn meeting_words_never_reach_the_disk_in_the_clear() {
    let (_tmp, dir) = vault();
    let v = Vault::unlock(&dir, FAST_PASS).unwrap();
    let (id, _) = v.start_meeting(None, builtin("standard", Lang::Ja).unwrap()).unwrap();
    v.meeting_command(id, &Command::NextPhase).unwrap();
    v.store().checkpoint().unwrap();
    // The built-in's read-aloud words are in the snapshot: they must be encrypted too.
    no_file_contains(dir.path(), &["ここで聞いた話は", "グラウンドルール"]);
}

#[test]
fn notes_open_after_closing_unless_allowed() {
    use enza_core::meeting::SessionRecord;
    let (_tmp, dir) = vault();
    let v = Vault::unlock(&dir, FAST_PASS).unwrap();
    let (id, _) = v.start_meeting(None, builtin("standard", Lang::En).unwrap()).unwrap();
    let record = SessionRecord { attendance: 7, newcomers: 1, notes: "calm evening".into(), ..Default::default() };
    assert!(matches!(v.save_session_record(id, &record), Err(enza_core::Error::NotesAfterClosing)));
    assert!(!v.lock_during_meeting().unwrap(), "idle lock is held off during meetings by default");
    v.set_lock_during_meeting(true).unwrap();
    assert!(v.lock_during_meeting().unwrap());
    v.set_notes_during_meeting(true).unwrap();
    v.save_session_record(id, &record).unwrap();
    v.set_notes_during_meeting(false).unwrap();
    v.meeting_command(id, &Command::End).unwrap();
    let edited = SessionRecord { newcomers: 2, ..record };
    v.save_session_record(id, &edited).unwrap();
    v.lock();
    let v = Vault::unlock(&dir, FAST_PASS).unwrap();
    let detail = v.session_detail(id).unwrap();
    assert_eq!(detail.record, Some(edited));
    assert_eq!(detail.summary.attendance, Some(7));
    assert_eq!(detail.summary.template_name, "Standard peer-support meeting");
    assert!(detail.meeting.ended_at.is_some());
}

#[test]
fn groups_and_the_crisis_card_are_kept() {
    use enza_core::meeting::{CrisisCard, CrisisContact, Group};
    let (_tmp, dir) = vault();
    let v = Vault::unlock(&dir, FAST_PASS).unwrap();
    let g = v
        .save_group(&Group {
            id: 0,
            name: " 火曜の会 ".into(),
            language: Lang::Ja,
            default_template: "builtin:iippanashi".into(),
            usual_minutes: 90,
        })
        .unwrap();
    assert_eq!(g.name, "火曜の会");
    assert!(v.save_group(&Group { id: 0, name: "  ".into(), ..g.clone() }).is_err());

    let card = v.crisis_card(Lang::Ja).unwrap();
    assert!(card.contacts.is_empty());
    assert!(card.script.contains("例外"), "the built-in script in the user's language");
    let card = CrisisCard {
        contacts: vec![CrisisContact {
            service: "よりそいホットライン".into(),
            number: "0120-279-338".into(),
            hours: "24時間".into(),
            last_checked: "2026-11-01".parse().unwrap(),
        }],
        script: String::new(),
    };
    v.set_crisis_card(&card).unwrap();
    v.lock();
    let v = Vault::unlock(&dir, FAST_PASS).unwrap();
    assert_eq!(v.groups().unwrap(), vec![g]);
    assert_eq!(v.crisis_card(Lang::En).unwrap().contacts, card.contacts);
}
