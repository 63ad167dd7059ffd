//! Templates and groups in a real vault: copies can be edited and reordered
//! while the built-ins never change; groups keep their history and show
//! attendance over time; the facilitator's name is offered again.

mod common;

use common::{no_file_contains, FAST_PASS};
use enza_core::groups::Group;
use enza_core::meeting::{builtin, Command, SessionRecord};
use enza_core::{Error, Lang, Vault, VaultDir};

fn unlocked() -> (tempfile::TempDir, VaultDir, Vault) {
    let tmp = tempfile::tempdir().unwrap();
    let dir = VaultDir::new(tmp.path().join("vault"));
    let v = Vault::create_insecure_fast(&dir, FAST_PASS).unwrap().vault;
    (tmp, dir, v)
}

fn group(name: &str, template: &str) -> Group {
    Group { id: 0, name: name.into(), language: Lang::En, default_template: template.into(), usual_minutes: 90 }
}

/// Runs a whole (short) meeting of a group and records its attendance.
fn meet(v: &Vault, g: &Group, attendance: u32, newcomers: u32, facilitators: &str) -> i64 {
    let id = v.meetings().start(Some(g.id), &g.default_template, Lang::En).unwrap().id;
    v.meetings().command(id, &Command::End).unwrap();
    let record = SessionRecord { attendance, newcomers, facilitators: facilitators.into(), ..Default::default() };
    v.meetings().save_record(id, &record).unwrap();
    id
}

#[test]
fn a_copy_can_be_edited_and_reordered_and_the_built_in_stays() {
    let (_tmp, dir, v) = unlocked();
    let copy = v.library().copy_template("builtin:standard", Lang::Ja).unwrap();
    assert!(copy.key.starts_with("user:"));
    assert!(copy.name.ends_with("（コピー）"), "{}", copy.name);
    assert_eq!(copy.language, Lang::Ja);

    let mut edited = copy.clone();
    edited.name = "  火曜の会の進め方  ".into();
    edited.phases[0].items.swap(0, 2); // move the third item to the top
    edited.phases[0].items[0].script = Some("   ".into());
    edited.phases[1].items.remove(0);
    let saved = v.library().save_template(&edited).unwrap();
    assert_eq!(saved.name, "火曜の会の進め方", "names are trimmed");
    assert_eq!(saved.phases[0].items[0].script, None, "a blank script is no script");

    v.lock();
    let v = Vault::unlock(&dir, FAST_PASS).unwrap();
    let again = v.library().template(&copy.key, Lang::En).unwrap();
    assert_eq!(again, saved, "the copy is kept as saved, in its own language");
    let original = builtin("standard", Lang::Ja).unwrap();
    assert_eq!(again.phases[0].items[0].label, original.phases[0].items[2].label);
    assert_eq!(v.library().template("builtin:standard", Lang::Ja).unwrap(), original, "the built-in did not change");

    let keys: Vec<_> = v.library().templates(Lang::En).unwrap().into_iter().map(|t| t.key).collect();
    let builtins = ["standard", "iippanashi", "smart", "tojisha", "wrap", "family"].map(|n| format!("builtin:{n}"));
    assert_eq!(keys[..6], builtins);
    assert_eq!(keys[6], copy.key);
}

#[test]
fn built_ins_cannot_be_saved_over_or_deleted() {
    let (_tmp, _dir, v) = unlocked();
    let mut t = builtin("smart", Lang::En).unwrap();
    t.name = "Mine now".into();
    assert!(matches!(v.library().save_template(&t), Err(Error::BuiltinTemplate)));
    assert!(matches!(v.library().delete_template("builtin:smart"), Err(Error::BuiltinTemplate)));
    assert_eq!(v.library().template("builtin:smart", Lang::En).unwrap().name, builtin("smart", Lang::En).unwrap().name);
    assert!(matches!(v.library().template("user:77", Lang::En), Err(Error::NotFound)));
    assert!(matches!(v.library().template("nonsense", Lang::En), Err(Error::NotFound)));
    t.key = "user:77".into();
    assert!(matches!(v.library().save_template(&t), Err(Error::NotFound)), "no saving into a copy that does not exist");
}

#[test]
fn a_broken_edit_is_refused_and_the_copy_is_unchanged() {
    let (_tmp, _dir, v) = unlocked();
    let copy = v.library().copy_template("builtin:tojisha", Lang::En).unwrap();
    let mut broken = copy.clone();
    broken.phases[0].title = "".into();
    assert!(matches!(v.library().save_template(&broken), Err(Error::EmptyText)));
    let mut huge = copy.clone();
    huge.phases[0].items[0].script = Some("words ".repeat(2_000));
    assert!(matches!(v.library().save_template(&huge), Err(Error::TooLong { .. })));
    assert_eq!(v.library().template(&copy.key, Lang::En).unwrap(), copy);
}

#[test]
fn deleting_a_copy_moves_its_groups_to_the_standard_meeting() {
    let (_tmp, _dir, v) = unlocked();
    let copy = v.library().copy_template("builtin:iippanashi", Lang::En).unwrap();
    let g = v.groups().save(&group("Thursday", &copy.key)).unwrap();
    let id = meet(&v, &g, 4, 0, "");
    v.library().delete_template(&copy.key).unwrap();
    assert_eq!(v.groups().get(g.id).unwrap().default_template, "builtin:standard");
    assert!(matches!(v.library().template(&copy.key, Lang::En), Err(Error::NotFound)));
    assert_eq!(v.meetings().get(id).unwrap().template.name, copy.name, "the session keeps its snapshot");
}

#[test]
fn a_group_needs_a_name_a_real_template_and_a_sane_length() {
    let (_tmp, _dir, v) = unlocked();
    assert!(matches!(v.groups().save(&group("   ", "builtin:standard")), Err(Error::EmptyText)));
    assert!(matches!(v.groups().save(&group("Tuesday", "user:9")), Err(Error::NotFound)));
    assert!(v.groups().save(&Group { usual_minutes: 0, ..group("Tuesday", "builtin:standard") }).is_err());
    assert!(v.groups().list().unwrap().is_empty(), "nothing half-saved");
    assert!(matches!(v.groups().save(&Group { id: 42, ..group("Ghost", "builtin:standard") }), Err(Error::NotFound)));
}

#[test]
fn each_group_has_its_own_history_and_attendance_over_time() {
    let (_tmp, dir, v) = unlocked();
    let tuesday = v.groups().save(&group(" Tuesday circle ", "builtin:standard")).unwrap();
    let family = v.groups().save(&Group { language: Lang::Ja, ..group("家族会", "builtin:iippanashi") }).unwrap();
    assert_eq!(tuesday.name, "Tuesday circle");

    let t1 = meet(&v, &tuesday, 6, 2, "Aki");
    let f1 = meet(&v, &family, 9, 1, "みどり");
    let t2 = meet(&v, &tuesday, 4, 0, "Aki");
    let running = v.meetings().start_with(Some(tuesday.id), builtin("smart", Lang::En).unwrap()).unwrap().id;

    v.lock();
    let v = Vault::unlock(&dir, FAST_PASS).unwrap();
    let ids: Vec<_> = v.meetings().group_history(tuesday.id, 50, Lang::En).unwrap().iter().map(|s| s.id).collect();
    assert_eq!(ids, [running, t2, t1], "newest first, only this group's");
    let history = v.meetings().group_history(family.id, 50, Lang::En).unwrap();
    assert_eq!(history.len(), 1);
    assert_eq!(history[0].group_name.as_deref(), Some("家族会"));
    assert_eq!(v.meetings().get(f1).unwrap().template.language, Lang::Ja, "a group meets in its own language");

    let attendance = v.meetings().group_attendance(tuesday.id).unwrap();
    let counts: Vec<_> = attendance.points.iter().map(|p| (p.session_id, p.attendance, p.newcomers)).collect();
    assert_eq!(counts, [(t1, 6, 2), (t2, 4, 0)], "oldest first, recorded meetings only");
    // The totals the group's page states come from the core.
    assert_eq!((attendance.meetings, attendance.average, attendance.newcomers), (2, Some(5.0), 2));
    let none = enza_core::meeting::Attendance::of(vec![]);
    assert_eq!((none.meetings, none.average, none.newcomers), (0, None, 0), "no average before a record");

    let renamed = v.groups().save(&Group { name: "Tuesday evening".into(), ..tuesday.clone() }).unwrap();
    assert_eq!(
        v.groups().list().unwrap().iter().map(|g| g.name.as_str()).collect::<Vec<_>>(),
        ["Tuesday evening", "家族会"]
    );
    v.groups().delete(renamed.id).unwrap();
    let kept = v.meetings().detail(t1, Lang::En).unwrap();
    assert_eq!(kept.summary.group_id, None, "deleting a group keeps its sessions");
    assert_eq!(kept.record.unwrap().attendance, 6);
}

#[test]
fn a_group_meets_in_its_language_for_its_usual_length() {
    let (_tmp, _dir, v) = unlocked();
    let hour = v
        .groups()
        .save(&Group { language: Lang::Ja, usual_minutes: 60, ..group("朝の会", "builtin:standard") })
        .unwrap();
    let enza_core::meeting::Live { id, meeting: m, .. } =
        v.meetings().start(Some(hour.id), "builtin:standard", Lang::En).unwrap();
    let plain = builtin("standard", Lang::Ja).unwrap();
    assert_eq!(m.template.phases[0].title, plain.phases[0].title, "in the group's language, not the screen's");
    assert_eq!(m.template.planned_minutes(), 60);
    assert_eq!(m.template.phases[2].planned_minutes, Some(plain.phases[2].planned_minutes.unwrap() - 25));
    v.meetings().command(id, &Command::End).unwrap();

    let enza_core::meeting::Live { id: _, meeting: alone, .. } =
        v.meetings().start(None, "builtin:standard", Lang::En).unwrap();
    assert_eq!(alone.template, builtin("standard", Lang::En).unwrap(), "no group: the template as it is");
    assert!(matches!(v.meetings().start(Some(999), "builtin:standard", Lang::En), Err(Error::NotFound)));
}

#[test]
fn the_facilitator_name_is_offered_again() {
    let (_tmp, _dir, v) = unlocked();
    assert_eq!(v.meetings().last_facilitators(None).unwrap(), None);
    let a = v.groups().save(&group("A", "builtin:standard")).unwrap();
    let b = v.groups().save(&group("B", "builtin:standard")).unwrap();
    meet(&v, &a, 5, 0, "Aki & Ren");
    meet(&v, &b, 5, 0, "Sora");
    meet(&v, &b, 5, 0, "   ");
    assert_eq!(
        v.meetings().last_facilitators(Some(a.id)).unwrap().as_deref(),
        Some("Aki & Ren"),
        "the group's own first"
    );
    assert_eq!(v.meetings().last_facilitators(Some(b.id)).unwrap().as_deref(), Some("Sora"), "blank names are skipped");
    assert_eq!(v.meetings().last_facilitators(None).unwrap().as_deref(), Some("Sora"), "else the newest");
}

#[test]
fn template_words_group_names_and_kept_nicknames_never_reach_the_disk_in_the_clear() {
    let (_tmp, dir, v) = unlocked();
    let mut copy = v.library().copy_template("builtin:standard", Lang::En).unwrap();
    copy.phases[0].items[0].script = Some("osprey-script-marker".into());
    v.library().save_template(&copy).unwrap();
    let g = v.groups().save(&group("Sandpiper circle", &copy.key)).unwrap();
    let id = v.meetings().start(Some(g.id), &g.default_template, g.language).unwrap().id;
    v.meetings().command(id, &Command::NextPhase).unwrap();
    v.meetings().command(id, &Command::NextPhase).unwrap();
    let nicknames = vec!["Wagtail-nick".to_owned()];
    v.meetings().command(id, &Command::StartRound { present: 3, policy: Default::default(), nicknames }).unwrap();
    v.checkpoint().unwrap();
    no_file_contains(dir.path(), &["osprey-script-marker", "Sandpiper circle", "Wagtail-nick"]);
}
