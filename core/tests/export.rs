//! The readable export: every kind of content out as Markdown, JSON and CSV,
//! exactly as kept; a selection of kinds and days honoured; nothing ever
//! overwritten, and nothing that a spreadsheet would run as a formula.

mod common;

use chrono::{Local, NaiveDate};
use common::{files_in, FAST_PASS};
use enza_core::export::{ExportKind, Format, Selection};
use enza_core::groups::Group;
use enza_core::journal::{BoundaryEvent, BoundaryKind, CheckIn, SelfCarePlan};
use enza_core::meeting::{Command, CrisisCard, CrisisContact, SessionRecord, TurnPolicy};
use enza_core::{Lang, Vault, VaultDir};
use std::fs;
use std::path::{Path, PathBuf};

fn day(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

fn today() -> NaiveDate {
    Local::now().date_naive()
}

struct Fixture {
    _tmp: tempfile::TempDir,
    vault: Vault,
    out: PathBuf,
    meetings: Vec<i64>,
}

/// A vault with content of every kind. Journal days are in 2025, so a date
/// range can hold them and leave out what was written today (reflections,
/// meetings, the plan).
fn fixture() -> Fixture {
    let tmp = tempfile::tempdir().unwrap();
    let dir = VaultDir::new(tmp.path().join("vault"));
    let v = Vault::create_insecure_fast(&dir, FAST_PASS).unwrap().vault;
    let j = v.journal();
    j.add_reflection("夕暮れ MARKER-REFLECTION", "# not a heading\nsecond line\n\n- not a list").unwrap();
    j.add_reflection("", "MARKER-UNTITLED 静かな夜").unwrap();
    let checkin = |d: &str, mood, energy, stress, sleep, selfcare: &[&str], note: &str| CheckIn {
        day: day(d),
        mood,
        energy,
        stress,
        sleep_hours: sleep,
        selfcare: selfcare.iter().map(|s| (*s).to_owned()).collect(),
        note: note.to_owned(),
    };
    j.save_checkin(&checkin("2025-03-10", 7, 5, 3, Some(7.5), &["rest", "talk"], "=SUM(A1)"), today()).unwrap();
    j.save_checkin(&checkin("2025-03-11", 4, 6, 8, None, &[], "MARKER-CHECKIN, with \"quotes\""), today()).unwrap();
    j.save_checkin(&checkin("2025-04-02", 10, 0, 0, Some(0.0), &["say_no"], "眠れた"), today()).unwrap();
    let event = BoundaryEvent {
        id: 0,
        day: day("2025-03-12"),
        kind: BoundaryKind::MoneyOrGifts,
        what_happened: "MARKER-BOUNDARY a gift".into(),
        what_i_did: "declined".into(),
        how_i_feel: "fine".into(),
        supervision: true,
    };
    j.save_boundary_event(&event, today()).unwrap();
    j.save_plan(&SelfCarePlan { warning_signs: "MARKER-PLAN 眠れない".into(), ..Default::default() }).unwrap();

    let g = v
        .groups()
        .save(&Group {
            id: 0,
            name: "MARKER-GROUP 木曜の会".into(),
            language: Lang::Ja,
            default_template: "builtin:standard".into(),
            usual_minutes: 90,
        })
        .unwrap();
    v.library().copy_template("builtin:iippanashi", Lang::En).unwrap();
    let card = CrisisCard {
        contacts: vec![CrisisContact {
            service: "MARKER-CRISIS line".into(),
            number: "0120-000-000".into(),
            hours: "24h".into(),
            last_checked: day("2025-01-01"),
        }],
        script: String::new(),
    };
    v.meetings().save_crisis_card(&card).unwrap();

    let m = v.meetings();
    let first = m.start(Some(g.id), "builtin:standard", Lang::Ja).unwrap().id;
    for cmd in [
        Command::NextPhase,
        Command::NextPhase,
        Command::StartRound { present: 3, policy: TurnPolicy::default(), nicknames: vec![] },
        Command::NextSpeaker,
        Command::Pass,
        Command::End,
    ] {
        m.command(first, &cmd).unwrap();
    }
    let record = SessionRecord {
        facilitators: "MARKER-FACILITATOR".into(),
        attendance: 8,
        newcomers: 2,
        themes: "MARKER-THEMES 仕事と睡眠".into(),
        notes: "MARKER-NOTES".into(),
        safety_concern: true,
        safety_action: "MARKER-SAFETY called the line".into(),
        safety_follow_up_due: Some(day("2026-12-01")),
        follow_ups: "MARKER-FOLLOWUP".into(),
        self_check_in: "tired".into(),
        needs_debrief: true,
    };
    m.save_record(first, &record).unwrap();
    let second = m.start(None, "builtin:smart", Lang::En).unwrap().id;
    m.command(second, &Command::End).unwrap();

    Fixture { out: tmp.path().join("export"), _tmp: tmp, vault: v, meetings: vec![first, second] }
}

fn export(f: &Fixture, format: Format, selection: &Selection, lang: Lang) -> enza_core::export::ExportSummary {
    let mut calls = Vec::new();
    let summary = f.vault.export().write(format, selection, &f.out, lang, &mut |d, t| calls.push((d, t))).unwrap();
    let (last_done, total) = *calls.last().expect("progress reported");
    assert_eq!(last_done, total, "progress ends at its total");
    assert!(calls.windows(2).all(|w| w[0].0 <= w[1].0 && w[0].1 == w[1].1), "progress never goes back");
    summary
}

fn relative(root: &Path) -> Vec<String> {
    files_in(root).iter().map(|p| p.strip_prefix(root).unwrap().to_string_lossy().into_owned()).collect()
}

fn read(path: &Path) -> String {
    fs::read_to_string(path).unwrap()
}

#[test]
fn json_holds_everything_with_its_versions() {
    let f = fixture();
    let summary = export(&f, Format::Json, &Selection::all(), Lang::En);
    assert_eq!(summary.files, [PathBuf::from("enza-export.json")]);
    assert_eq!(relative(&f.out), ["enza-export.json"]);
    let doc: serde_json::Value = serde_json::from_str(&read(&f.out.join("enza-export.json"))).unwrap();
    assert_eq!(doc["format"], "enza-export");
    assert_eq!(doc["version"], 1);
    assert!(doc["schema_version"].as_i64().unwrap() >= 5);
    assert_eq!(doc["language"], "en");
    assert_eq!(doc["selection"]["kinds"].as_array().unwrap().len(), ExportKind::ALL.len());

    let counts = &doc["counts"];
    let expected = [
        ("reflections", 2),
        ("checkins", 3),
        ("boundaries", 1),
        ("plan_versions", 1),
        ("meetings", 2),
        ("groups", 1),
        ("templates", 1),
        ("crisis_card", 1),
    ];
    for (key, n) in expected {
        assert_eq!(counts[key], n, "{key}");
    }
    assert_eq!(summary.counts.meetings, 2);
    for key in ["reflections", "checkins", "boundaries", "plan", "meetings", "groups", "templates"] {
        let n = doc[key].as_array().unwrap_or_else(|| panic!("{key} is a list")).len();
        let counted = counts[if key == "plan" { "plan_versions" } else { key }].as_u64().unwrap() as usize;
        assert_eq!(n, counted, "{key}");
    }

    let c = &doc["checkins"][0];
    assert_eq!(c["day"], "2025-03-10");
    assert_eq!((c["mood"].as_u64(), c["energy"].as_u64(), c["stress"].as_u64()), (Some(7), Some(5), Some(3)));
    assert_eq!(c["sleep_hours"].as_f64(), Some(7.5));
    assert_eq!(c["selfcare"], serde_json::json!(["rest", "talk"]));
    assert_eq!(c["note"], "=SUM(A1)", "JSON keeps text exactly; only CSV neutralises formulas");
    assert!(doc["checkins"][1]["sleep_hours"].is_null());
    assert!(doc["selfcare_activities"].as_array().unwrap().iter().any(|a| a["key"] == "rest" && a["label"] == "Rest"));

    assert_eq!(doc["reflections"][0]["title"], "夕暮れ MARKER-REFLECTION");
    assert_eq!(doc["reflections"][0]["body"], "# not a heading\nsecond line\n\n- not a list");
    assert_eq!(doc["boundaries"][0]["kind"], "money_or_gifts");
    assert_eq!(doc["plan"][0]["plan"]["warning_signs"], "MARKER-PLAN 眠れない");
    assert_eq!(doc["groups"][0]["name"], "MARKER-GROUP 木曜の会");
    assert!(doc["templates"][0]["key"].as_str().unwrap().starts_with("user:"));
    assert_eq!(doc["crisis_card"]["contacts"][0]["service"], "MARKER-CRISIS line");

    let m = &doc["meetings"][0];
    assert_eq!(m["id"], f.meetings[0]);
    assert_eq!(m["group_name"], "MARKER-GROUP 木曜の会");
    assert_eq!(m["template_key"], "builtin:standard");
    assert_eq!(m["record"]["attendance"], 8);
    assert_eq!(m["record"]["safety_follow_up_due"], "2026-12-01");
    assert_eq!(m["facts"]["round"]["present"], 3);
    assert_eq!(m["facts"]["round"]["turns"][1]["outcome"], "passed");
    assert!(m["ended_at"].is_string());
    assert!(doc["meetings"][1]["record"].is_null());
}

#[test]
fn csv_holds_check_ins_as_numbers() {
    let f = fixture();
    let summary = export(&f, Format::Csv, &Selection::all(), Lang::Ja);
    assert_eq!(summary.files, [PathBuf::from("checkins.csv")]);
    assert_eq!(summary.counts.checkins, 3);
    assert_eq!(summary.counts.meetings, 0, "CSV holds check-ins only");
    let bytes = fs::read(f.out.join("checkins.csv")).unwrap();
    assert!(bytes.starts_with("\u{feff}".as_bytes()), "a BOM, for Excel");
    let text = String::from_utf8(bytes).unwrap();
    let lines: Vec<&str> = text.trim_start_matches('\u{feff}').split("\r\n").collect();
    assert_eq!(
        lines,
        [
            "day,mood,energy,stress,sleep_hours,selfcare,note",
            "2025-03-10,7,5,3,7.5,rest;talk,'=SUM(A1)",
            "2025-03-11,4,6,8,,,\"MARKER-CHECKIN, with \"\"quotes\"\"\"",
            "2025-04-02,10,0,0,0,say_no,眠れた",
            "",
        ]
    );
}

#[test]
fn a_formula_looking_note_is_neutralised_in_csv() {
    let f = fixture();
    for (d, note) in [("2025-05-01", "+1 better"), ("2025-05-02", "-crash"), ("2025-05-03", "@cmd|' /C calc'!A0")] {
        let c = CheckIn {
            day: day(d),
            mood: 5,
            energy: 5,
            stress: 5,
            sleep_hours: None,
            selfcare: vec![],
            note: note.into(),
        };
        f.vault.journal().save_checkin(&c, today()).unwrap();
    }
    let selection = Selection { kinds: vec![ExportKind::Checkins], since: Some(day("2025-05-01")), until: None };
    export(&f, Format::Csv, &selection, Lang::En);
    let text = read(&f.out.join("checkins.csv"));
    for line in text.trim_start_matches('\u{feff}').lines().skip(1) {
        let note = line.splitn(7, ',').nth(6).unwrap();
        assert!(note.starts_with('\''), "{line}");
    }
}

#[test]
fn markdown_is_one_file_per_meeting_and_per_month() {
    let f = fixture();
    let summary = export(&f, Format::Markdown, &Selection::all(), Lang::En);
    let now_month = today().format("%Y-%m").to_string();
    let mut expected: Vec<String> = f
        .meetings
        .iter()
        .map(|id| {
            let started = f.vault.meetings().detail(*id, Lang::En).unwrap().summary.started_at;
            format!("meetings/{}-{id}.md", started.with_timezone(&Local).format("%Y-%m-%d-%H%M"))
        })
        .collect();
    expected.extend(["journal/2025-03.md".into(), "journal/2025-04.md".into(), format!("journal/{now_month}.md")]);
    expected.extend(["plan.md", "groups.md", "templates.md", "crisis-card.md"].map(String::from));
    let mut written: Vec<String> = summary.files.iter().map(|p| p.to_string_lossy().into_owned()).collect();
    assert_eq!(written, expected);
    written.sort();
    assert_eq!(relative(&f.out), written, "exactly these files, no temporary ones left");

    let meeting = read(&f.out.join(&expected[0]));
    for marker in
        ["MARKER-GROUP", "MARKER-FACILITATOR", "MARKER-THEMES", "MARKER-NOTES", "MARKER-SAFETY", "MARKER-FOLLOWUP"]
    {
        assert!(meeting.contains(marker), "{marker} in\n{meeting}");
    }
    assert!(meeting.contains("- Attended: 8\n- Newcomers: 2\n"), "{meeting}");
    assert!(meeting.contains("- Follow up by: 2026-12-01\n"), "{meeting}");
    assert!(meeting.contains("3 present · 2 shared · 1 passed"), "{meeting}");
    // Seat 2 passed at once: 0 s, or 1 s if a save stalled in between.
    assert!(
        ["0 s", "1 s"].iter().any(|d| meeting.contains(&format!("- Seat 2: {d} of 5 min planned, passed\n"))),
        "{meeting}"
    );
    assert!(read(&f.out.join(&expected[1])).contains("No record written yet."));

    let march = read(&f.out.join("journal/2025-03.md"));
    assert!(march.starts_with("# Journal: March 2025\n"), "{march}");
    assert!(march.contains("## 2025-03-10 (Mon)"), "{march}");
    assert!(march.contains("- Mood: 7 / 10\n- Energy: 5 / 10\n- Stress: 3 / 10\n- Sleep (hours): 7.5\n"), "{march}");
    assert!(march.contains("- Self-care: Rest, Talking with someone I trust\n"), "{march}");
    assert!(march.contains("MARKER-CHECKIN") && march.contains("MARKER-BOUNDARY"), "{march}");
    assert!(march.find("2025-03-10").unwrap() < march.find("2025-03-12").unwrap(), "in date order");
    assert!(!march.contains("MARKER-REFLECTION"), "reflections are in the month they were written");

    let now = read(&f.out.join(format!("journal/{now_month}.md")));
    assert!(now.contains("MARKER-REFLECTION") && now.contains("MARKER-UNTITLED"), "{now}");
    assert!(
        now.contains("\n\\# not a heading  \nsecond line\n\n\\- not a list\n"),
        "a person's text cannot make headings: {now}"
    );
    assert!(now.contains("Reflection: Untitled"), "{now}");
    assert!(read(&f.out.join("plan.md")).contains("MARKER-PLAN"));
    assert!(read(&f.out.join("groups.md")).contains("MARKER-GROUP"));
    assert!(read(&f.out.join("crisis-card.md")).contains("MARKER-CRISIS"));
}

#[test]
fn markdown_speaks_japanese() {
    let f = fixture();
    export(&f, Format::Markdown, &Selection::all(), Lang::Ja);
    let march = read(&f.out.join("journal/2025-03.md"));
    assert!(march.starts_with("# ジャーナル 2025年3月\n"), "{march}");
    assert!(march.contains("## 2025-03-10（月）"), "{march}");
    assert!(march.contains("- 気分：7 / 10\n"), "{march}");
    assert!(march.contains("- セルフケア：休む、信頼できる人と話す\n"), "{march}");
    assert!(march.contains("### 境界線にかかわるできごと：お金や贈り物"), "{march}");
    let meeting = files_in(&f.out.join("meetings")).into_iter().next().unwrap();
    let meeting = read(&meeting);
    assert!(meeting.contains("- 参加人数：8\n- 初参加の人数：2\n"), "{meeting}");
    assert!(meeting.contains("- 安全面で気がかりなことがあった：はい\n"), "{meeting}");
}

#[test]
fn a_date_range_and_kinds_are_honoured() {
    let f = fixture();
    let march =
        Selection { kinds: ExportKind::ALL.to_vec(), since: Some(day("2025-03-01")), until: Some(day("2025-03-31")) };
    let summary = export(&f, Format::Markdown, &march, Lang::En);
    let files: Vec<String> = summary.files.iter().map(|p| p.to_string_lossy().into_owned()).collect();
    assert_eq!(
        files,
        ["journal/2025-03.md", "groups.md", "templates.md", "crisis-card.md"],
        "undated kinds come whole"
    );
    assert!(!read(&f.out.join("journal/2025-03.md")).contains("眠れた"), "April is left out");
    let c = summary.counts;
    assert_eq!((c.checkins, c.boundaries, c.reflections, c.meetings, c.plan_versions), (2, 1, 0, 0, 0));

    fs::remove_dir_all(&f.out).unwrap();
    let meetings_only = Selection { kinds: vec![ExportKind::Meetings], since: None, until: None };
    let summary = export(&f, Format::Markdown, &meetings_only, Lang::En);
    assert_eq!(summary.files.len(), 2);
    assert!(summary.files.iter().all(|p| p.starts_with("meetings")));

    fs::remove_dir_all(&f.out).unwrap();
    let since_today =
        Selection { kinds: vec![ExportKind::Checkins, ExportKind::Reflections], since: Some(today()), until: None };
    let summary = export(&f, Format::Json, &since_today, Lang::En);
    let doc: serde_json::Value = serde_json::from_str(&read(&f.out.join(&summary.files[0]))).unwrap();
    assert_eq!(doc["checkins"], serde_json::json!([]));
    assert_eq!(doc["reflections"].as_array().unwrap().len(), 2);
    assert!(doc.get("meetings").is_none(), "a kind not chosen has no key");
}

#[test]
fn nothing_is_overwritten() {
    let f = fixture();
    fs::create_dir_all(&f.out).unwrap();
    fs::write(f.out.join("keep.txt"), "mine").unwrap();
    let err = f.vault.export().write(Format::Json, &Selection::all(), &f.out, Lang::En, &mut |_, _| {}).unwrap_err();
    assert_eq!(err.code(), "export_folder_not_empty");
    assert!(err.message(Lang::Ja).contains("上書き"));
    assert_eq!(relative(&f.out), ["keep.txt"]);
    assert_eq!(read(&f.out.join("keep.txt")), "mine");

    let file = f.out.join("keep.txt");
    let err = f.vault.export().write(Format::Csv, &Selection::all(), &file, Lang::En, &mut |_, _| {}).unwrap_err();
    assert_eq!(err.code(), "export_folder_not_empty");
    assert_eq!(read(&file), "mine");

    let empty = f.out.join("empty");
    fs::create_dir(&empty).unwrap();
    let summary = f.vault.export().write(Format::Csv, &Selection::all(), &empty, Lang::En, &mut |_, _| {}).unwrap();
    assert_eq!(summary.files.len(), 1, "an empty folder is fine");
}

#[test]
fn a_selection_the_format_cannot_hold_is_refused_and_writes_nothing() {
    let f = fixture();
    let meetings = Selection { kinds: vec![ExportKind::Meetings], since: None, until: None };
    let err = f.vault.export().write(Format::Csv, &meetings, &f.out, Lang::En, &mut |_, _| {}).unwrap_err();
    assert_eq!(err.code(), "export_nothing_selected");
    let backwards =
        Selection { kinds: ExportKind::ALL.to_vec(), since: Some(day("2025-04-01")), until: Some(day("2025-03-01")) };
    assert!(f.vault.export().write(Format::Json, &backwards, &f.out, Lang::En, &mut |_, _| {}).is_err());
    assert!(!f.out.exists(), "no folder made for a refused export");
}

#[test]
fn selections_travel_as_snake_case_json() {
    let s: Selection =
        serde_json::from_str(r#"{"kinds":["checkins","crisis_card"],"since":"2025-03-01","until":null}"#).unwrap();
    assert_eq!(s.kinds, [ExportKind::Checkins, ExportKind::CrisisCard]);
    assert_eq!(serde_json::to_value(Format::Markdown).unwrap(), "markdown");
    for k in ExportKind::ALL {
        assert_eq!(serde_json::to_value(k).unwrap(), k.key());
        assert_eq!(ExportKind::from_key(k.key()), Some(k));
    }
}

#[test]
fn an_empty_vault_exports_empty_lists() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = VaultDir::new(tmp.path().join("vault"));
    let v = Vault::create_insecure_fast(&dir, FAST_PASS).unwrap().vault;
    let out = tmp.path().join("json");
    v.export().write(Format::Json, &Selection::all(), &out, Lang::Ja, &mut |_, _| {}).unwrap();
    let doc: serde_json::Value = serde_json::from_str(&read(&out.join("enza-export.json"))).unwrap();
    assert_eq!(doc["language"], "ja");
    assert_eq!(doc["reflections"], serde_json::json!([]));
    assert_eq!(doc["meetings"], serde_json::json!([]));
    assert!(doc["crisis_card"].is_null(), "a card never written is not the built-in words");
    assert!(doc["counts"].as_object().unwrap().values().all(|n| n == 0), "{}", doc["counts"]);

    let out = tmp.path().join("md");
    let summary = v.export().write(Format::Markdown, &Selection::all(), &out, Lang::Ja, &mut |_, _| {}).unwrap();
    assert!(summary.files.is_empty());
    assert!(out.is_dir() && files_in(&out).is_empty());

    let out = tmp.path().join("csv");
    v.export().write(Format::Csv, &Selection::all(), &out, Lang::Ja, &mut |_, _| {}).unwrap();
    assert_eq!(read(&out.join("checkins.csv")), "\u{feff}day,mood,energy,stress,sleep_hours,selfcare,note\r\n");
}
