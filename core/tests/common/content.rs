//! A vault holding content of every kind, each carrying a marker word, for
//! the backup and restore tests.

use chrono::NaiveDate;
use enza_core::groups::Group;
use enza_core::journal::{BoundaryEvent, BoundaryKind, CheckIn, SelfCarePlan};
use enza_core::meeting::{Command, CrisisCard, CrisisContact, SessionRecord, TurnPolicy};
use enza_core::{Lang, Vault};

/// Words that must never appear in an encrypted file.
pub const MARKERS: &[&str] = &[
    "MARKER-REFLECTION-ひだまり",
    "MARKER-CHECKIN-眠れた",
    "MARKER-BOUNDARY-夜の連絡",
    "MARKER-PLAN-肩こり",
    "MARKER-GROUP-火曜の会",
    "MARKER-TEMPLATE-わかちあい",
    "MARKER-RECORD-テーマ",
    "MARKER-CRISIS-いのちの電話",
    "MARKER-NICK-さくら",
];

fn day(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

/// Fills `v` with content of every kind: reflections (one flagged),
/// check-ins, boundary events, plan versions, a supervision day, a group, a
/// template copy, two meetings with their events and a record, the crisis
/// card and settings.
pub fn fill_every_kind(v: &Vault) {
    let today = day("2026-11-23");
    let j = v.journal();
    let r = j.add_reflection("MARKER-REFLECTION-ひだまり", "Listening all evening. 今日は少し疲れた。").unwrap();
    j.add_reflection("", "A second one without a title.").unwrap();
    j.set_reflection_flags(r.id, None, true).unwrap();
    for (i, d) in ["2026-11-20", "2026-11-21", "2026-11-23"].iter().enumerate() {
        j.save_checkin(
            &CheckIn {
                day: day(d),
                mood: 5 + i as u8,
                energy: 4,
                stress: 3 + i as u8,
                sleep_hours: Some(6.5),
                selfcare: vec!["rest".into(), "talk".into()],
                note: if i == 0 { "MARKER-CHECKIN-眠れた".into() } else { String::new() },
            },
            today,
        )
        .unwrap();
    }
    j.save_boundary_event(
        &BoundaryEvent {
            id: 0,
            day: day("2026-11-20"),
            kind: BoundaryKind::AfterHoursContact,
            what_happened: "MARKER-BOUNDARY-夜の連絡".into(),
            what_i_did: "Replied the next morning.".into(),
            how_i_feel: "Settled.".into(),
            supervision: true,
        },
        today,
    )
    .unwrap();
    j.save_plan(&SelfCarePlan { warning_signs: "MARKER-PLAN-肩こり".into(), ..Default::default() }).unwrap();
    j.save_plan(&SelfCarePlan { what_helps: "歩く".into(), ..Default::default() }).unwrap();
    j.record_supervision(day("2026-11-05"), today).unwrap();
    j.add_activity("ヨガ").unwrap();

    let mut copy = v.library().copy_template("builtin:standard", Lang::Ja).unwrap();
    copy.name = "MARKER-TEMPLATE-わかちあい".into();
    let copy = v.library().save_template(&copy).unwrap();
    let group = v
        .groups()
        .save(&Group {
            id: 0,
            name: "MARKER-GROUP-火曜の会".into(),
            language: Lang::Ja,
            default_template: copy.key.clone(),
            usual_minutes: 90,
        })
        .unwrap();
    let m = v.meetings();
    let id = m.start(Some(group.id), &copy.key, Lang::Ja).unwrap().id;
    for cmd in [
        Command::NextPhase,
        Command::NextPhase,
        Command::StartRound {
            present: 4, policy: TurnPolicy::default(), nicknames: vec!["MARKER-NICK-さくら".into()]
        },
        Command::NextSpeaker,
        Command::Pass,
        Command::End,
    ] {
        m.command(id, &cmd).unwrap();
    }
    m.save_record(
        id,
        &SessionRecord { attendance: 4, newcomers: 1, themes: "MARKER-RECORD-テーマ".into(), ..Default::default() },
    )
    .unwrap();
    m.start(None, "builtin:standard", Lang::En).unwrap();
    m.save_crisis_card(&CrisisCard {
        contacts: vec![CrisisContact {
            service: "MARKER-CRISIS-いのちの電話".into(),
            number: "0570-000-000".into(),
            hours: "24h".into(),
            last_checked: day("2026-10-01"),
        }],
        script: String::new(),
    })
    .unwrap();
    v.settings().set(&enza_core::settings::AUTO_LOCK_MINUTES, &15).unwrap();
    v.settings().set(&enza_core::settings::NOTES_DURING_MEETING, &true).unwrap();
}
