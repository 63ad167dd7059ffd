//! The research notebook (当事者研究) through the vault's API: every version
//! of the pattern kept with its loops in order, limits that refuse and
//! change nothing, real text kept to the byte, search, a meeting's link,
//! backup and export round trips, and no words of it on disk.

mod common;

use common::{no_file_contains, FAST_PASS};
use enza_core::backup::{self, BackupPassphrase, BackupSecret};
use enza_core::export::{Format, Selection};
use enza_core::meeting::Command;
use enza_core::research::{Experiment, Heading, Pattern, Status, Step, StepKind, Verdict};
use enza_core::search::{Kind, Query};
use enza_core::{Error, Lang, Vault, VaultDir};
use std::fs;

fn vault() -> (tempfile::TempDir, VaultDir) {
    let tmp = tempfile::tempdir().unwrap();
    let dir = VaultDir::new(tmp.path().join("v"));
    Vault::create_insecure_fast(&dir, FAST_PASS).unwrap().vault.lock();
    (tmp, dir)
}

fn heading(theme: &str, own_name: &str) -> Heading {
    Heading { theme: theme.into(), own_name: own_name.into(), ..Heading::default() }
}

fn step(kind: StepKind, text: &str, back_to: Option<usize>) -> Step {
    Step { kind, text: text.into(), back_to }
}

/// A whiteboard pattern as people draw them: the last step leads back to
/// the second, where the voices start again.
fn voices_pattern() -> Pattern {
    Pattern {
        steps: vec![
            step(StepKind::Situation, "夜、ひとりの部屋にいる MARKER-STEP-部屋", None),
            step(StepKind::Thought, "幻聴さんが「おまえはだめだ」と言う", None),
            step(StepKind::Feeling, "こわくて、からだが固くなる", None),
            step(StepKind::Action, "眠らずに一晩中スマホを見る", None),
            step(StepKind::Outcome, "朝ぐったりして、また夜がこわくなる", Some(2)),
        ],
    }
}

fn search(v: &Vault, text: &str) -> Vec<i64> {
    let query = Query { text: text.into(), kinds: vec![Kind::Research], ..Query::default() };
    v.search().find(&query).unwrap().into_iter().map(|h| h.id.unwrap()).collect()
}

#[test]
fn every_version_of_the_pattern_is_kept_with_its_loops_in_order() {
    let (tmp, dir) = vault();
    let v = Vault::unlock(&dir, FAST_PASS).unwrap();
    let n = v.research();
    let study = n.start(&heading("幻聴とのつきあい方 MARKER-THEME-幻聴", "夜の幻聴さん")).unwrap();
    assert_eq!((study.heading.status, study.pattern_versions), (Status::Researching, 0));
    assert!(study.pattern.steps.is_empty());

    let first = voices_pattern();
    n.save_pattern(study.id, &first).unwrap();
    // The same pattern saved again is not a new version.
    assert_eq!(n.save_pattern(study.id, &first).unwrap().pattern_versions, 1);
    // A changed pattern: a step added before the end, two loops, one a
    // step that repeats itself.
    let mut second = first.clone();
    second.steps.insert(4, step(StepKind::Action, "布団をかぶって声を数える", Some(5)));
    second.steps[5].back_to = Some(1);
    second.steps[1].back_to = Some(2);
    assert_eq!(n.save_pattern(study.id, &second).unwrap().pattern_versions, 2);
    v.lock();

    let v = Vault::unlock(&dir, FAST_PASS).unwrap();
    let n = v.research();
    let study = n.get(study.id).unwrap();
    assert_eq!(study.pattern, second);
    let versions = n.pattern_versions(study.id).unwrap();
    assert_eq!(versions.iter().map(|v| &v.pattern).collect::<Vec<_>>(), [&second, &first], "newest first");
    let loops: Vec<(usize, usize)> =
        study.pattern.steps.iter().enumerate().filter_map(|(i, s)| Some((i + 1, s.back_to?))).collect();
    assert_eq!(loops, [(2, 2), (5, 5), (6, 1)]);

    // The diagram and its text say the same steps, loops and all.
    let d = enza_core::research::diagram(&study.pattern, Lang::Ja);
    assert_eq!(d.boxes.len(), 6);
    assert_eq!(d.text.len(), 6);
    for (b, line) in d.boxes.iter().zip(&d.text) {
        assert!(line.starts_with(&format!("{}. ", b.number)));
        assert!(line.contains(StepKind::label(b.kind, Lang::Ja)));
    }
    let mut back: Vec<(usize, usize)> = d.arrows.iter().filter(|a| a.back).map(|a| (a.from, a.to)).collect();
    back.sort();
    assert_eq!(back, loops);
    assert!(d.text[5].ends_with("（→ステップ1に戻る）"), "{}", d.text[5]);
    assert!(d.text[1].ends_with("（→このステップを繰り返す）"), "{}", d.text[1]);
    v.lock();
    no_file_contains(tmp.path(), &["MARKER-THEME-幻聴", "MARKER-STEP-部屋", "夜の幻聴さん", "布団をかぶって"]);
}

#[test]
fn what_is_refused_changes_nothing() {
    let (_tmp, dir) = vault();
    let v = Vault::unlock(&dir, FAST_PASS).unwrap();
    let n = v.research();
    assert!(matches!(n.start(&heading("  ", "name")), Err(Error::EmptyText)));
    assert!(matches!(n.start(&heading("a\u{1b}[31m", "")), Err(Error::ControlCharacters)));
    assert!(matches!(n.start(&heading(&"研".repeat(201), "")), Err(Error::TooLong { max: 200 })));
    assert!(n.list().unwrap().is_empty());

    let id = n.start(&heading("気分の波をどう乗りこなすか", "ジェットコースター")).unwrap().id;
    n.save_pattern(id, &voices_pattern()).unwrap();
    let before = n.get(id).unwrap();
    let refused = |p: Pattern| n.save_pattern(id, &p).unwrap_err();

    let mut forward = voices_pattern();
    forward.steps[1].back_to = Some(3);
    assert!(matches!(refused(forward), Error::LoopNotBack));
    let mut zero = voices_pattern();
    zero.steps[0].back_to = Some(0);
    assert!(matches!(refused(zero), Error::LoopNotBack));
    let mut empty = voices_pattern();
    empty.steps[2].text = " \n ".into();
    assert!(matches!(refused(empty), Error::EmptyText));
    let mut long = voices_pattern();
    long.steps[0].text = "あ".repeat(301);
    assert!(matches!(refused(long), Error::TooLong { max: 300 }));
    let many = Pattern { steps: (0..13).map(|i| step(StepKind::Situation, &format!("step {i}"), None)).collect() };
    assert!(matches!(refused(many), Error::TooMany { max: 12 }));
    // Twelve steps are fine.
    let twelve = Pattern { steps: (0..12).map(|i| step(StepKind::Feeling, &format!("step {i}"), None)).collect() };
    n.save_pattern(id, &twelve).unwrap();
    assert_eq!(n.get(id).unwrap().pattern_versions, before.pattern_versions + 1);

    let blank = Experiment { what: "  ".into(), ..Experiment::default() };
    assert!(matches!(n.save_experiment(id, &blank), Err(Error::EmptyText)));
    assert!(matches!(n.add_idea(id, ""), Err(Error::EmptyText)));
    assert!(matches!(n.add_idea(id, &"x".repeat(2001)), Err(Error::TooLong { max: 2000 })));
    for i in 0..200 {
        n.add_idea(id, &format!("idea {i}")).unwrap();
    }
    assert!(matches!(n.add_idea(id, "one more"), Err(Error::TooMany { max: 200 })));
    assert_eq!(n.get(id).unwrap().ideas.len(), 200);
    assert!(matches!(n.get(id + 100), Err(Error::NotFound)));
    assert!(matches!(n.save_pattern(id + 100, &voices_pattern()), Err(Error::NotFound)));
    assert!(matches!(n.delete_idea(id, 999_999), Err(Error::NotFound)));
}

#[test]
fn real_text_is_kept_to_the_byte_and_found() {
    let (_tmp, dir) = vault();
    let v = Vault::unlock(&dir, FAST_PASS).unwrap();
    let n = v.research();
    // 辻󠄀 with its variation selector, a heart with VS16, decomposed kana
    // (か + combining dakuten) and Hangul jamo, an accent, a zero-width space.
    let theme = "辻\u{E0100}さんの❤\u{FE0F}研究 \u{304B}\u{3099}\u{3099} \u{1112}\u{1161}\u{11AB} café\u{200B}time";
    let id = n.start(&Heading { status: Status::Resting, ..heading(theme, "波のりモンスター") }).unwrap().id;
    let study = n.get(id).unwrap();
    assert_eq!(study.heading.theme, theme);
    assert_eq!(study.heading.status, Status::Resting);
    assert_eq!(search(&v, "辻"), [id]);
    assert_eq!(search(&v, "café"), [id]);
    assert_eq!(search(&v, "モンスター"), [id]);
}

#[test]
fn search_finds_every_part_and_forgets_what_is_gone() {
    let (_tmp, dir) = vault();
    let v = Vault::unlock(&dir, FAST_PASS).unwrap();
    let n = v.research();
    let id = n.start(&heading("Living with voices", "The night critic")).unwrap().id;
    let other = n.start(&heading("気分の波", "")).unwrap().id;
    n.save_pattern(id, &voices_pattern()).unwrap();
    let exp = Experiment {
        what: "Hum a song when the voices start".into(),
        when: "next time at night".into(),
        ..Experiment::default()
    };
    let study = n.save_experiment(id, &exp).unwrap();
    let study = n.add_idea(study.id, "仲間から：ラジオをつけておく").unwrap();
    assert_eq!(search(&v, "critic"), [id]);
    assert_eq!(search(&v, "スマホ"), [id], "the pattern's steps");
    assert_eq!(search(&v, "hum"), [id], "an experiment");
    assert_eq!(search(&v, "ラジオ"), [id], "an idea");
    assert_eq!(search(&v, "波"), [other]);

    // The experiment's result and verdict are saved and searched.
    let mut tried = study.experiments[0].clone();
    tried.result = "It helped a little; the voices were quieter".into();
    tried.verdict = Verdict::Keep;
    let study = n.save_experiment(id, &tried).unwrap();
    assert_eq!(study.experiments, [tried.clone()]);
    assert_eq!(search(&v, "quieter"), [id]);

    // Only the newest pattern is searched.
    let calmer = Pattern { steps: vec![step(StepKind::Situation, "朝の散歩", None)] };
    n.save_pattern(id, &calmer).unwrap();
    assert!(search(&v, "スマホ").is_empty());
    assert_eq!(search(&v, "散歩"), [id]);

    n.delete_idea(id, study.ideas[0].id).unwrap();
    assert!(search(&v, "ラジオ").is_empty());
    n.delete_experiment(id, tried.id).unwrap();
    assert!(search(&v, "hum").is_empty());
    n.delete(id).unwrap();
    assert!(search(&v, "critic").is_empty());
    assert_eq!(n.list().unwrap().iter().map(|s| s.id).collect::<Vec<_>>(), [other]);
}

#[test]
fn a_meeting_keeps_only_the_link_to_the_research_presented() {
    let (_tmp, dir) = vault();
    let v = Vault::unlock(&dir, FAST_PASS).unwrap();
    let n = v.research();
    let a = n.start(&heading("幻聴とのつきあい方", "")).unwrap().id;
    let b = n.start(&heading("気分の波をどう乗りこなすか", "")).unwrap().id;
    let meeting = v.meetings().start(None, "builtin:tojisha", Lang::Ja).unwrap().id;
    v.meetings().command(meeting, &Command::End).unwrap();
    let offer = n.presentation(meeting).unwrap();
    assert!(offer.offered && offer.chosen.is_empty());
    assert_eq!(offer.research.len(), 2);
    let other = v.meetings().start(None, "builtin:standard", Lang::Ja).unwrap().id;
    v.meetings().command(other, &Command::End).unwrap();
    assert!(!n.presentation(other).unwrap().offered, "only a 当事者研究 meeting offers it");
    let presented = n.set_presented(meeting, &[b, a, b]).unwrap();
    assert_eq!(presented.iter().map(|s| s.id).collect::<Vec<_>>(), [a, b], "by theme, once each");
    assert_eq!(n.get(a).unwrap().presented_at, [meeting]);
    // Changing the note replaces it; an unknown piece or meeting is refused.
    n.set_presented(meeting, &[a]).unwrap();
    assert!(n.get(b).unwrap().presented_at.is_empty());
    assert!(matches!(n.set_presented(meeting, &[a, 9999]), Err(Error::NotFound)));
    assert!(matches!(n.set_presented(9999, &[a]), Err(Error::NotFound)));
    assert_eq!(n.presented_in(meeting).unwrap().len(), 1, "a refused change left the link as it was");
    // Deleting the research leaves the meeting.
    n.delete(a).unwrap();
    assert!(n.presented_in(meeting).unwrap().is_empty());
    v.meetings().detail(meeting, Lang::Ja).unwrap();
}

#[test]
fn backup_and_export_carry_the_notebook() {
    let (tmp, dir) = vault();
    let v = Vault::unlock(&dir, FAST_PASS).unwrap();
    let n = v.research();
    let id = n.start(&heading("幻聴とのつきあい方", "夜の幻聴さん")).unwrap().id;
    n.save_pattern(id, &voices_pattern()).unwrap();
    let mut shorter = voices_pattern();
    shorter.steps.truncate(3);
    shorter.steps[2].back_to = Some(1);
    n.save_pattern(id, &shorter).unwrap();
    let exp =
        Experiment { what: "幻聴さんに「今日はおやすみ」と言う".into(), ..Experiment::default() };
    n.save_experiment(id, &exp).unwrap();
    n.add_idea(id, "ラジオをつけておく").unwrap();
    let before = n.get(id).unwrap();

    let file = tmp.path().join("enza.backup");
    let info = v.backup().write(&file, BackupPassphrase::Vault, &mut |_, _| {}).unwrap();
    for (kind, count) in [("research", 1), ("research_patterns", 2), ("research_experiments", 1), ("research_ideas", 1)]
    {
        assert_eq!(info.counts[kind], count, "{kind}");
    }
    let restored_dir = VaultDir::new(tmp.path().join("restored"));
    let restored = backup::restore(
        &file,
        BackupSecret::Passphrase(FAST_PASS),
        &restored_dir,
        "another passphrase",
        &mut |_, _| {},
    )
    .unwrap();
    let r = restored.vault.research();
    assert_eq!(r.get(id).unwrap(), before);
    assert_eq!(r.pattern_versions(id).unwrap(), n.pattern_versions(id).unwrap());
    assert_eq!(search(&restored.vault, "ラジオ"), [id]);

    let out = tmp.path().join("export");
    let summary = v.export().write(Format::Json, &Selection::all(), &out, Lang::Ja, &mut |_, _| {}).unwrap();
    assert_eq!(summary.counts.research, 1);
    let json: serde_json::Value = serde_json::from_slice(&fs::read(out.join("enza-export.json")).unwrap()).unwrap();
    let research = &json["research"][0];
    assert_eq!(research["theme"], "幻聴とのつきあい方");
    assert_eq!(research["pattern_versions"].as_array().unwrap().len(), 2);
    assert_eq!(research["pattern_versions"][1]["pattern"]["steps"][2]["back_to"], 1, "oldest first");
    let md_out = tmp.path().join("md");
    v.export().write(Format::Markdown, &Selection::all(), &md_out, Lang::Ja, &mut |_, _| {}).unwrap();
    let md = fs::read_to_string(md_out.join("research.md")).unwrap();
    assert!(md.contains("## 幻聴とのつきあい方"), "{md}");
    assert!(md.contains("3. 気持ち：こわくて、からだが固くなる（→ステップ1に戻る）"), "{md}");
    assert!(md.contains("ラジオをつけておく"));
}
