//! Sealed notes in real vaults: quick notes written while locked and
//! imported once at unlock (also after a kill between the import and the
//! file's removal), the capture key on disk checked, a hostile inbox kept
//! from stalling unlock, and handovers between two vaults.

mod common;

use common::{new_vault, no_file_contains, FAST_PASS};
use enza_core::groups::Group;
use enza_core::meeting::{Command, SessionRecord, TurnPolicy};
use enza_core::sealed::{capture, CaptureKey, CaptureKind, Include, SealTo};
use enza_core::{Error, Lang, Vault, VaultDir};
use std::fs;
use std::io::{BufRead, BufReader};
use std::path::PathBuf;
use std::process::{Command as Process, Stdio};
use std::time::{Duration, Instant};
use zeroize::Zeroizing;

/// Real text: an emoji with a variation selector, a name with an
/// ideographic variation selector, decomposed kana, a zero-width space.
const NOTE: &str = "電話が23時に来た ☎️ 辻\u{E0100}さん。か\u{3099}まんした\u{200B}。sealed-marker-7f3a";
const BOUNDARY: &str = "Asked me to lend money again — said no, kindly. boundary-marker-91c2";

fn at(rfc3339: &str) -> chrono::DateTime<chrono::FixedOffset> {
    chrono::DateTime::parse_from_rfc3339(rfc3339).unwrap()
}

fn inbox_files(dir: &VaultDir) -> Vec<PathBuf> {
    let Ok(entries) = fs::read_dir(capture::inbox(dir.path())) else { return vec![] };
    let mut files: Vec<_> = entries.flatten().map(|e| e.path()).filter(|p| p.is_file()).collect();
    files.sort();
    files
}

fn reflections(v: &Vault) -> Vec<String> {
    v.journal()
        .latest_reflections(1000)
        .unwrap()
        .into_iter()
        .map(|r| v.journal().reflection(r.id).unwrap().body)
        .collect()
}

#[test]
fn a_quick_note_sealed_while_locked_is_imported_once_at_unlock() {
    let (_tmp, dir, _) = new_vault();
    // Written just after midnight in Tokyo, and just before it in Auckland:
    // each keeps the day where it was written.
    capture::capture(dir.path(), CaptureKind::Reflection, NOTE, at("2026-12-05T00:30:00+09:00")).unwrap();
    capture::capture(dir.path(), CaptureKind::Boundary, BOUNDARY, at("2026-12-04T23:59:00+13:00")).unwrap();
    assert_eq!(capture::waiting(dir.path()), (2, false));
    // Nothing readable touches the disk, and the files are the owner's.
    no_file_contains(dir.path(), &["sealed-marker-7f3a", "boundary-marker-91c2", "電話が23時に来た"]);
    for file in inbox_files(&dir) {
        use std::os::unix::fs::PermissionsExt;
        assert_eq!(fs::metadata(&file).unwrap().permissions().mode() & 0o777, 0o600);
        assert!(fs::read(&file).unwrap().starts_with(b"age-encryption.org/v1\n"));
    }

    let v = Vault::unlock(&dir, FAST_PASS).unwrap();
    let found = v.sealed_at_unlock();
    assert_eq!((found.imported, found.set_aside, found.waiting), (2, 0, 0));
    assert_eq!(found.capture_key, CaptureKey::Whole);
    assert_eq!(reflections(&v), vec![NOTE.to_owned()], "kept exactly as written");
    let r = v.journal().latest_reflections(1).unwrap().remove(0);
    assert_eq!(r.created_at, at("2026-12-05T00:30:00+09:00"), "dated when written, not when imported");
    let from = chrono::NaiveDate::from_ymd_opt(2026, 1, 1).unwrap();
    let events = v.journal().boundary_events(from).unwrap();
    assert_eq!(events.len(), 1);
    assert_eq!((events[0].day.to_string().as_str(), events[0].what_happened.as_str()), ("2026-12-04", BOUNDARY));
    // Search finds them as it finds any entry.
    let query = enza_core::search::Query { text: "辻".into(), ..Default::default() };
    assert_eq!(v.search().find(&query).unwrap().len(), 1);
    assert!(inbox_files(&dir).is_empty(), "imported files are removed");
    drop(v);

    let v = Vault::unlock(&dir, FAST_PASS).unwrap();
    assert_eq!(v.sealed_at_unlock().imported, 0);
    assert_eq!(reflections(&v).len(), 1);
}

#[test]
fn a_file_outliving_its_import_is_not_imported_again() {
    let (tmp, dir, _) = new_vault();
    capture::capture(dir.path(), CaptureKind::Reflection, NOTE, at("2026-12-05T08:00:00-08:00")).unwrap();
    let file = inbox_files(&dir).remove(0);
    let kept = tmp.path().join("kept.age");
    fs::copy(&file, &kept).unwrap();
    drop(Vault::unlock(&dir, FAST_PASS).unwrap());
    // As if the process died after the import's commit, before the removal.
    fs::copy(&kept, &file).unwrap();
    let v = Vault::unlock(&dir, FAST_PASS).unwrap();
    assert_eq!(v.sealed_at_unlock().imported, 0);
    assert_eq!(reflections(&v).len(), 1);
    assert!(inbox_files(&dir).is_empty());
}

const CHILD_ENV: &str = "ENZA_SEALED_CHILD_VAULT";

/// Unlocks the vault (importing its inbox) and stays. Ignored: run by the
/// parent tests, which kill it.
#[test]
#[ignore = "child process of the kill tests"]
fn unlock_child() {
    let dir = std::env::var(CHILD_ENV).expect("run by the parent test");
    let _v = Vault::unlock(&VaultDir::new(dir), FAST_PASS).unwrap();
    println!("unlocked");
    std::thread::sleep(Duration::from_secs(60));
}

fn spawn_child(dir: &VaultDir, pause_after_import: bool) -> std::process::Child {
    let mut command = Process::new(std::env::current_exe().unwrap());
    command
        .args(["--exact", "unlock_child", "--ignored", "--nocapture", "--test-threads=1"])
        .env(CHILD_ENV, dir.path())
        .stdout(Stdio::piped())
        .stderr(Stdio::null());
    if pause_after_import {
        command.env("ENZA_TEST_PAUSE_AFTER_IMPORT", "1");
    }
    command.spawn().unwrap()
}

fn wait_for_line(child: &mut std::process::Child, line: &str) {
    let stdout = child.stdout.take().unwrap();
    let got = BufReader::new(stdout).lines().map_while(Result::ok).any(|l| l.ends_with(line));
    assert!(got, "the child never said {line:?}");
}

#[test]
fn killed_between_import_and_removal_imports_each_note_once() {
    let (_tmp, dir, _) = new_vault();
    for i in 0..5 {
        let text = format!("note {i} {NOTE}");
        capture::capture(dir.path(), CaptureKind::Reflection, &text, at("2026-12-05T00:00:00+09:00")).unwrap();
    }
    let mut child = spawn_child(&dir, true);
    // The child has committed the import and not yet removed a file.
    wait_for_line(&mut child, "imported");
    child.kill().unwrap(); // SIGKILL
    child.wait().unwrap();
    assert_eq!(inbox_files(&dir).len(), 5, "killed before any removal");

    let v = Vault::unlock(&dir, FAST_PASS).unwrap();
    assert_eq!(v.sealed_at_unlock().imported, 0);
    let mut bodies = reflections(&v);
    bodies.sort();
    assert_eq!(bodies, (0..5).map(|i| format!("note {i} {NOTE}")).collect::<Vec<_>>());
    assert!(inbox_files(&dir).is_empty());
}

#[test]
fn killed_at_any_moment_of_an_unlock_imports_each_note_once() {
    let trials: usize = std::env::var("ENZA_CRASH_TRIALS").ok().and_then(|v| v.parse().ok()).unwrap_or(8);
    let (_tmp, dir, _) = new_vault();
    let mut written = 0;
    for trial in 0..trials {
        for _ in 0..20 {
            let text = format!("note {written}");
            capture::capture(dir.path(), CaptureKind::Reflection, &text, at("2026-12-05T00:00:00+09:00")).unwrap();
            written += 1;
        }
        let mut child = spawn_child(&dir, false);
        // 0–60 ms into the unlock (the KDF is cheap here): before, inside or
        // after the import.
        std::thread::sleep(Duration::from_millis((trial as u64 * 37) % 60));
        child.kill().unwrap();
        child.wait().unwrap();
    }
    let v = Vault::unlock(&dir, FAST_PASS).unwrap();
    let mut bodies = reflections(&v);
    bodies.sort();
    let mut expected: Vec<_> = (0..written).map(|i| format!("note {i}")).collect();
    expected.sort();
    assert_eq!(bodies, expected, "each note once, none lost");
    assert_eq!(v.pragma_for_tests("integrity_check").unwrap(), "ok");
}

#[test]
fn a_replaced_capture_key_is_detected_and_put_back() {
    let (_tmp, dir, _) = new_vault();
    let key_file = dir.path().join(capture::PUBLIC_KEY_FILE);
    let ours = fs::read_to_string(&key_file).unwrap();
    assert!(ours.starts_with("age1"));
    // Someone who can write to the folder puts their own key there...
    let theirs = age::x25519::Identity::generate();
    fs::write(&key_file, format!("{}\n", theirs.to_public())).unwrap();
    // ...so a note written now is sealed to them, and they can read it.
    let written = capture::capture(dir.path(), CaptureKind::Reflection, NOTE, at("2026-12-05T09:00:00+09:00")).unwrap();
    let sealed = fs::read(&written).unwrap();
    let opened = age::decrypt(&theirs, &sealed).unwrap();
    assert!(String::from_utf8(opened).unwrap().contains("sealed-marker-7f3a"));

    let v = Vault::unlock(&dir, FAST_PASS).unwrap();
    let found = v.sealed_at_unlock();
    assert_eq!(found.capture_key, CaptureKey::Restored);
    assert_eq!((found.imported, found.set_aside), (0, 1), "the note sealed to them is set aside");
    assert_eq!(fs::read_to_string(&key_file).unwrap(), ours, "put back");
    drop(v);
    // A missing key (a vault restored elsewhere) is written without alarm.
    fs::remove_file(&key_file).unwrap();
    // Quick notes say what to do without a usable key: missing, spoiled,
    // or a link to somewhere else.
    for spoil in [None, Some("age1qqqq\n"), Some("")] {
        match spoil {
            None => {}
            Some(text) => fs::write(&key_file, text).unwrap(),
        }
        let refused = capture::capture(dir.path(), CaptureKind::Reflection, NOTE, at("2026-12-05T09:00:00+09:00"));
        assert!(matches!(refused, Err(Error::NoCaptureKey)), "{spoil:?}: {refused:?}");
    }
    fs::remove_file(&key_file).unwrap();
    std::os::unix::fs::symlink("/etc/hostname", &key_file).unwrap();
    let refused = capture::capture(dir.path(), CaptureKind::Reflection, NOTE, at("2026-12-05T09:00:00+09:00"));
    assert!(matches!(refused, Err(Error::NoCaptureKey)), "{refused:?}");
    fs::remove_file(&key_file).unwrap();
    let v = Vault::unlock(&dir, FAST_PASS).unwrap();
    assert_eq!(v.sealed_at_unlock().capture_key, CaptureKey::Written);
    assert_eq!(fs::read_to_string(&key_file).unwrap(), ours);
}

#[test]
fn a_hostile_inbox_does_not_stall_unlock() {
    let (_tmp, dir, _) = new_vault();
    // The real note sorts first; everything else is hostile.
    capture::capture(dir.path(), CaptureKind::Reflection, NOTE, at("2026-12-05T00:30:00+09:00")).unwrap();
    let inbox = capture::inbox(dir.path());
    for i in 0..1000 {
        fs::write(inbox.join(format!("zz-garbage-{i:04}.age")), format!("garbage {i}").repeat(50)).unwrap();
    }
    // A 1 GB file (sparse), a FIFO, a symlink to an endless device, a folder.
    fs::File::create(inbox.join("zz-huge.age")).unwrap().set_len(1 << 30).unwrap();
    let fifo = std::ffi::CString::new(inbox.join("zz-fifo.age").into_os_string().into_encoded_bytes()).unwrap();
    assert_eq!(unsafe { libc::mkfifo(fifo.as_ptr(), 0o600) }, 0);
    std::os::unix::fs::symlink("/dev/zero", inbox.join("zz-zero.age")).unwrap();
    fs::create_dir(inbox.join("zz-folder.age")).unwrap();

    let started = Instant::now();
    let v = Vault::unlock(&dir, FAST_PASS).unwrap();
    let first = started.elapsed();
    let found = v.sealed_at_unlock().clone();
    assert_eq!(found.imported, 1);
    assert_eq!(reflections(&v), vec![NOTE.to_owned()]);
    assert_eq!(found.set_aside, 499, "one unlock opens at most 500 files");
    assert_eq!(found.waiting, 505, "the rest wait, counted");
    drop(v);
    let mut later = Vec::new();
    for (set_aside, waiting) in [(500, 5), (5, 0)] {
        let started = Instant::now();
        let v = Vault::unlock(&dir, FAST_PASS).unwrap();
        later.push(started.elapsed());
        assert_eq!((v.sealed_at_unlock().set_aside, v.sealed_at_unlock().waiting), (set_aside, waiting));
    }
    eprintln!("hostile inbox: unlocks took {first:?}, then {later:?}");
    // A bound far above what it takes, that a stall (reading 1 GB, waiting
    // on the FIFO) would cross.
    assert!(later.iter().chain([&first]).all(|t| *t < Duration::from_secs(20)), "{first:?} {later:?}");
    let v = Vault::unlock(&dir, FAST_PASS).unwrap();
    assert!(inbox_files(&dir).is_empty(), "everything was imported or set aside");
    assert_eq!(reflections(&v).len(), 1);
}

/// A vault with a group and an ended meeting with a record.
fn vault_with_meeting(name: &str) -> (tempfile::TempDir, VaultDir, Vault, i64) {
    let (tmp, dir, _) = new_vault();
    let v = Vault::unlock(&dir, FAST_PASS).unwrap();
    let m = v.meetings();
    let id = m.start(None, "builtin:standard", Lang::Ja).unwrap().id;
    let nicknames = vec!["Kumi".to_owned(), "辻\u{E0100}".to_owned(), String::new()];
    for cmd in [
        Command::NextPhase,
        Command::NextPhase,
        Command::StartRound { present: 3, policy: TurnPolicy::default(), nicknames },
        Command::NextSpeaker,
        Command::Pass,
        Command::NextSpeaker,
        Command::End,
    ] {
        m.command(id, &cmd).unwrap();
    }
    let record = SessionRecord {
        facilitators: name.into(),
        attendance: 3,
        newcomers: 1,
        themes: "眠れない夜 handover-theme-5e1d".into(),
        notes: "private-notes-77aa".into(),
        safety_concern: true,
        safety_action: "Called the warm line together".into(),
        follow_ups: "Check in next week".into(),
        ..SessionRecord::default()
    };
    m.save_record(id, &record).unwrap();
    (tmp, dir, v, id)
}

fn group(v: &Vault, name: &str) -> i64 {
    let g = Group {
        id: 0,
        name: name.into(),
        language: Lang::Ja,
        default_template: "builtin:standard".into(),
        usual_minutes: 90,
    };
    v.groups().save(&g).unwrap().id
}

#[test]
fn a_handover_goes_from_one_vault_to_another_once() {
    let (tmp_a, _dir_a, a, session) = vault_with_meeting("Aiko");
    let (_tmp_b, _dir_b, b, _) = vault_with_meeting("Ben");
    let b_key = b.sealed().public_keys(Lang::En).unwrap().handover.recipient;
    let a_key = a.sealed().public_keys(Lang::En).unwrap().handover.recipient;
    let ben = a.sealed().add_cofacilitator("Ben", &b_key).unwrap();
    let now = at("2026-12-05T21:00:00+09:00");
    let sealed =
        a.sealed().seal_handover(session, &SealTo::People(vec![ben]), Include::default(), Lang::Ja, now).unwrap();
    let file = tmp_a.path().join("handover.age");
    fs::write(&file, &sealed).unwrap();
    no_file_contains(tmp_a.path(), &["handover-theme-5e1d", "private-notes-77aa", "Kumi"]);

    // Ben has not added Aiko yet: the file says who it is from, unverified.
    let preview = b.sealed().open_handover(&sealed, None, Lang::En).unwrap();
    assert_eq!((preview.doc.from.name.as_str(), preview.known_as.as_deref()), ("Aiko", None));
    let m = &preview.doc.meeting;
    assert_eq!((m.attendance, m.newcomers, m.safety_concern), (3, 1, true));
    assert!(m.themes.contains("handover-theme-5e1d"));
    assert_eq!(m.notes, None, "notes only when chosen");
    assert_eq!(m.turns.len(), 3);
    assert!(m.turns.iter().all(|t| t.nickname.is_none()), "no nicknames unless kept");
    b.sealed().add_cofacilitator("Aiko", &a_key).unwrap();
    assert_eq!(b.sealed().open_handover(&sealed, None, Lang::En).unwrap().known_as.as_deref(), Some("Aiko"));

    let thursday = group(&b, "木曜の会");
    let own_before = b.meetings().history(100, Lang::En).unwrap();
    let first = b.sealed().import_handover(&sealed, None, Some(thursday)).unwrap();
    assert!(!first.already);
    let again = b.sealed().import_handover(&sealed, None, Some(thursday)).unwrap();
    assert!(again.already, "the same meeting imported twice is one");
    // Sealed again later: the same meeting, still one.
    let resealed =
        a.sealed().seal_handover(session, &SealTo::People(vec![ben]), Include::default(), Lang::Ja, now).unwrap();
    assert!(b.sealed().import_handover(&resealed, None, Some(thursday)).unwrap().already);
    let received = b.sealed().received(thursday).unwrap();
    assert_eq!(received.len(), 1);
    assert_eq!((received[0].from_name.as_str(), received[0].known_as.as_deref()), ("Aiko", Some("Aiko")));
    assert_eq!(b.meetings().history(100, Lang::En).unwrap(), own_before, "Ben's own records untouched");
    // Aiko can open her own handover.
    assert!(a.sealed().open_handover(&sealed, None, Lang::En).unwrap().own);

    // With the nicknames and the notes, when chosen.
    let include = Include { nicknames: true, notes: true };
    let full = a.sealed().seal_handover(session, &SealTo::People(vec![ben]), include, Lang::Ja, now).unwrap();
    let m = b.sealed().open_handover(&full, None, Lang::En).unwrap().doc.meeting;
    assert_eq!(m.notes.as_deref(), Some("private-notes-77aa"));
    assert_eq!(m.turns[0].nickname.as_deref(), Some("Kumi"));
    assert_eq!(m.turns[1].nickname.as_deref(), Some("辻\u{E0100}"));

    // Backups count what was received.
    assert_eq!(counts(&b), (1, 1));
}

#[test]
fn a_handover_is_refused_when_sealed_to_another_tampered_or_foreign() {
    let (_tmp_a, _da, a, session) = vault_with_meeting("Aiko");
    let (_tmp_b, _db, b, _) = vault_with_meeting("Ben");
    let (_tmp_c, _dc, c, _) = vault_with_meeting("Chika");
    let b_key = b.sealed().public_keys(Lang::En).unwrap().handover.recipient;
    let ben = a.sealed().add_cofacilitator("Ben", &b_key).unwrap();
    let now = at("2026-12-05T21:00:00+09:00");
    let sealed =
        a.sealed().seal_handover(session, &SealTo::People(vec![ben]), Include::default(), Lang::En, now).unwrap();

    assert!(matches!(c.sealed().open_handover(&sealed, None, Lang::En), Err(Error::SealedForSomeoneElse)));
    // A byte changed in the payload, and one in the header's MAC.
    let mut tampered = sealed.clone();
    let last = tampered.len() - 20;
    tampered[last] ^= 1;
    assert!(matches!(b.sealed().open_handover(&tampered, None, Lang::En), Err(Error::SealedDamaged)));
    let mut header = sealed.clone();
    let mac = header.windows(4).position(|w| w == b"\n---").unwrap() + 6;
    header[mac] = if header[mac] == b'A' { b'B' } else { b'A' };
    assert!(matches!(b.sealed().open_handover(&header, None, Lang::En), Err(Error::SealedDamaged)));
    // Not an age file; an age file that is not a handover; a capture.
    assert!(matches!(b.sealed().open_handover(b"PK\x03\x04 a zip file", None, Lang::En), Err(Error::NotSealed)));
    assert!(matches!(b.sealed().open_handover(&vec![b'x'; 5 << 20], None, Lang::En), Err(Error::NotAHandover)));
    let recipient: age::x25519::Recipient = b_key.parse().unwrap();
    let foreign = age::encrypt(&recipient, br#"{"hello":"world"}"#).unwrap();
    assert!(matches!(b.sealed().open_handover(&foreign, None, Lang::En), Err(Error::NotAHandover)));
    for refused in [&sealed, &tampered, &foreign] {
        assert!(c.sealed().import_handover(refused, None, None).is_err());
    }
    assert_eq!(counts(&c), (0, 0), "nothing was kept");
}

/// What a backup of `v` counts: (handovers received, co-facilitators).
fn counts(v: &Vault) -> (u64, u64) {
    let backups = tempfile::tempdir().unwrap();
    let path = backups.path().join("b.enza-backup");
    let info = v.backup().write(&path, enza_core::backup::BackupPassphrase::Vault, &mut |_, _| {}).unwrap();
    (info.counts["handovers_received"], info.counts["cofacilitators"])
}

#[test]
fn a_handover_sealed_to_a_passphrase_opens_only_with_it() {
    let (_tmp_a, _da, a, session) = vault_with_meeting("Aiko");
    let (_tmp_b, _db, b, _) = vault_with_meeting("Ben");
    let pass = SealTo::Passphrase(Zeroizing::new("金木犀の咲く頃 long enough".into()));
    let now = at("2026-12-05T21:00:00-08:00");
    let sealed = a.sealed().seal_handover(session, &pass, Include::default(), Lang::En, now).unwrap();
    assert!(matches!(b.sealed().open_handover(&sealed, None, Lang::En), Err(Error::HandoverNeedsPassphrase)));
    assert!(matches!(
        b.sealed().open_handover(&sealed, Some("wrong passphrase"), Lang::En),
        Err(Error::HandoverWrongPassphrase)
    ));
    let opened = b.sealed().open_handover(&sealed, Some("金木犀の咲く頃 long enough"), Lang::En).unwrap();
    assert_eq!(opened.doc.meeting.attendance, 3);
    assert!(matches!(
        a.sealed().seal_handover(
            session,
            &SealTo::Passphrase(Zeroizing::new("short".into())),
            Include::default(),
            Lang::En,
            now
        ),
        Err(Error::PassphraseTooShort { .. })
    ));
    assert!(matches!(
        a.sealed().seal_handover(session, &SealTo::People(vec![]), Include::default(), Lang::En, now),
        Err(Error::NoRecipients)
    ));
}

#[test]
fn co_facilitators_take_only_real_keys_once() {
    let (_tmp, dir, _) = new_vault();
    let v = Vault::unlock(&dir, FAST_PASS).unwrap();
    let other = age::x25519::Identity::generate().to_public().to_string();
    let own = v.sealed().public_keys(Lang::En).unwrap().handover.recipient;
    assert!(matches!(v.sealed().add_cofacilitator("Mo", "age1nope"), Err(Error::NotARecipient)));
    assert!(matches!(v.sealed().add_cofacilitator("Me", &own), Err(Error::OwnRecipient)));
    assert!(matches!(v.sealed().add_cofacilitator("  ", &other), Err(Error::EmptyText)));
    let id = v.sealed().add_cofacilitator(" 真理子 ", &format!(" {other}\n")).unwrap();
    assert!(matches!(v.sealed().add_cofacilitator("Mariko", &other), Err(Error::CofacilitatorExists)));
    let list = v.sealed().cofacilitators().unwrap();
    assert_eq!((list.len(), list[0].name.as_str(), list[0].recipient.as_str()), (1, "真理子", other.as_str()));
    v.sealed().remove_cofacilitator(id).unwrap();
    assert!(v.sealed().cofacilitators().unwrap().is_empty());
    // The two keys differ, and neither is on disk but the capture key's public half.
    let keys = v.sealed().public_keys(Lang::Ja).unwrap();
    assert_ne!(keys.capture.recipient, keys.handover.recipient);
    assert_eq!(keys.handover.words.split('・').count(), 6);
    let dir_text: Vec<u8> = common::files_in(dir.path()).iter().flat_map(|p| fs::read(p).unwrap()).collect();
    assert!(!dir_text.windows(keys.handover.recipient.len()).any(|w| w == keys.handover.recipient.as_bytes()));
    assert!(!dir_text.windows(15).any(|w| w == b"AGE-SECRET-KEY-"));
}
