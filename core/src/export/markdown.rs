//! The Markdown export: one file per meeting, one per month of journal, and
//! one each for the self-care plan, the groups, the templates and the
//! crisis card. Headings and labels are in the chosen language (the UI's
//! own words); times are the person's local time.
//!
//! A person's text is written as they wrote it, line by line, in its own
//! section under a heading the export made. Two things are changed so that
//! it cannot take over the page: a Markdown block marker at the start of a
//! line (`#`, `>`, `-`, `+`, `*`, `=`, `_`, `` ` ``, `~`, `|`, `[`, `1.`)
//! gets a backslash, so it shows as the character it is instead of making a
//! heading, quote, list, rule, fence or table; and a `<` that could open
//! HTML gets a backslash too. Line breaks are kept (two trailing spaces).

use super::{Content, ExportedMeeting, Planned};
use crate::i18n::Lang;
use crate::journal::checkin::builtin_label;
use crate::journal::prompts::prompts;
use crate::journal::{BoundaryEvent, BoundaryKind, CheckIn, Reflection};
use crate::meeting::crisis::default_script;
use crate::meeting::TurnOutcome;
use chrono::{DateTime, Datelike, Local, NaiveDate, Utc, Weekday};
use std::collections::BTreeSet;
use std::fmt::Write as _;
use std::path::Path;

pub(super) fn plan(
    content: &Content,
    meetings: &[(i64, DateTime<Utc>)],
    reflection_days: &[NaiveDate],
    lang: Lang,
) -> Vec<Planned> {
    let mut planned = Vec::new();
    for &(id, at) in meetings {
        let name = format!("{}-{id}.md", at.with_timezone(&Local).format("%Y-%m-%d-%H%M"));
        planned.push(Planned {
            path: Path::new("meetings").join(name),
            render: Box::new(move |c: &Content| {
                let m = c.meetings.iter().flatten().find(|m| m.id == id).expect("every planned meeting was read");
                meeting(m, lang).into_bytes()
            }),
        });
    }
    let mut months = BTreeSet::new();
    let days = content.checkins.iter().flatten().map(|c| c.day);
    let days = days.chain(content.boundaries.iter().flatten().map(|b| b.day));
    for day in days.chain(reflection_days.iter().copied()) {
        months.insert((day.year(), day.month()));
    }
    for (year, month) in months {
        planned.push(Planned {
            path: Path::new("journal").join(format!("{year:04}-{month:02}.md")),
            render: Box::new(move |c: &Content| journal_month(c, year, month, lang).into_bytes()),
        });
    }
    if content.plan.as_ref().is_some_and(|p| !p.is_empty()) {
        planned.push(Planned {
            path: "plan.md".into(),
            render: Box::new(move |c: &Content| self_care_plan(c, lang).into_bytes()),
        });
    }
    if content.groups.as_ref().is_some_and(|g| !g.is_empty()) {
        planned.push(Planned {
            path: "groups.md".into(),
            render: Box::new(move |c: &Content| groups(c, lang).into_bytes()),
        });
    }
    if content.templates.as_ref().is_some_and(|t| !t.is_empty()) {
        planned.push(Planned {
            path: "templates.md".into(),
            render: Box::new(move |c: &Content| templates(c, lang).into_bytes()),
        });
    }
    if content.research.as_ref().is_some_and(|r| !r.is_empty()) {
        planned.push(Planned {
            path: "research.md".into(),
            render: Box::new(move |c: &Content| research(c, lang).into_bytes()),
        });
    }
    if content.crisis_card.is_some() {
        planned.push(Planned {
            path: "crisis-card.md".into(),
            render: Box::new(move |c: &Content| crisis_card(c, lang).into_bytes()),
        });
    }
    planned
}

/// The English or the Japanese of a label.
fn w(lang: Lang, en: &'static str, ja: &'static str) -> &'static str {
    lang.pick(en, ja)
}

/// "Label: value" as a list item (a full-width colon in Japanese).
fn item(out: &mut String, lang: Lang, label: &str, value: &str) {
    let colon = w(lang, ": ", "：");
    let _ = writeln!(out, "- {label}{colon}{value}");
}

fn yes_no(lang: Lang, v: bool) -> &'static str {
    match v {
        true => w(lang, "Yes", "はい"),
        false => w(lang, "No", "いいえ"),
    }
}

fn local_time(t: DateTime<Utc>) -> String {
    t.with_timezone(&Local).format("%Y-%m-%d %H:%M").to_string()
}

fn clock(t: DateTime<Utc>) -> String {
    t.with_timezone(&Local).format("%H:%M").to_string()
}

fn duration(lang: Lang, secs: i64) -> String {
    let (m, s) = (secs / 60, secs % 60);
    match (lang, m, s) {
        (Lang::Ja, 0, _) => format!("{s}秒"),
        (Lang::Ja, _, 0) => format!("{m}分"),
        (Lang::Ja, _, _) => format!("{m}分{s}秒"),
        (Lang::En, 0, _) => format!("{s} s"),
        (Lang::En, _, 0) => format!("{m} min"),
        (Lang::En, _, _) => format!("{m} min {s} s"),
    }
}

fn minutes(lang: Lang, n: u32) -> String {
    match lang {
        Lang::Ja => format!("{n}分"),
        Lang::En => format!("{n} min"),
    }
}

fn day_heading(lang: Lang, day: NaiveDate) -> String {
    let wd = day.weekday();
    match lang {
        Lang::Ja => {
            let names = ["月", "火", "水", "木", "金", "土", "日"];
            format!("{day}（{}）", names[wd.num_days_from_monday() as usize])
        }
        Lang::En => format!("{day} ({})", weekday_en(wd)),
    }
}

fn weekday_en(wd: Weekday) -> &'static str {
    ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"][wd.num_days_from_monday() as usize]
}

/// A person's multi-line text as Markdown paragraphs (see the module notes).
pub(super) fn block(text: &str) -> String {
    // CR LF, LF and a lone CR (old Mac text, some pastes) all end a line:
    // CommonMark reads a raw CR as a line ending anyway, without the break
    // the writer saw.
    let text = text.replace("\r\n", "\n").replace('\r', "\n");
    let lines: Vec<&str> = text.trim_end().split('\n').collect();
    let mut out = String::with_capacity(text.len() + 16);
    for (i, line) in lines.iter().enumerate() {
        out.push_str(&escape_line(line));
        let goes_on = lines.get(i + 1).is_some_and(|next| !next.trim().is_empty());
        if !line.trim().is_empty() && goes_on {
            out.push_str("  ");
        }
        out.push('\n');
    }
    out
}

/// A person's one-line text (a title, a name) inside a line the export made.
pub(super) fn inline(text: &str) -> String {
    escape_html(&text.replace(['\r', '\n'], " "))
}

/// A person's one-line text at the end of a heading, where a trailing ` #`
/// would be taken for the heading's closing marks and dropped.
fn heading_text(text: &str) -> String {
    let mut out = inline(text);
    let keep = out.trim_end_matches('#').len();
    if keep < out.len() && (keep == 0 || out[..keep].ends_with([' ', '\t'])) {
        out.insert(keep, '\\');
    }
    out
}

fn escape_line(line: &str) -> String {
    let body = line.trim_start_matches([' ', '\t']);
    let indent = &line[..line.len() - body.len()];
    let mut out = String::with_capacity(line.len() + 2);
    out.push_str(indent);
    let digits = body.len() - body.trim_start_matches(|c: char| c.is_ascii_digit()).len();
    if body.starts_with(['#', '>', '-', '+', '*', '=', '_', '`', '~', '|', '[']) {
        out.push('\\');
        out.push_str(&escape_html(body));
    } else if (1..=9).contains(&digits) && body[digits..].starts_with(['.', ')']) {
        out.push_str(&body[..digits]);
        out.push('\\');
        out.push_str(&escape_html(&body[digits..]));
    } else {
        out.push_str(&escape_html(body));
    }
    out
}

/// A backslash before `<` where it could open an HTML tag, a comment or an
/// autolink.
fn escape_html(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '<' && chars.peek().is_some_and(|n| n.is_ascii_alphabetic() || matches!(n, '/' | '!' | '?')) {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// A titled section holding a person's text, if there is any.
fn text_section(out: &mut String, heading: &str, level: usize, text: &str) {
    if text.trim().is_empty() {
        return;
    }
    let _ = writeln!(out, "\n{} {heading}\n", "#".repeat(level));
    out.push_str(&block(text));
}

fn meeting(m: &ExportedMeeting, lang: Lang) -> String {
    let mut out = String::new();
    let start = local_time(m.started_at);
    match lang {
        Lang::Ja => {
            let _ = writeln!(out, "# {start}のミーティング\n");
        }
        Lang::En => {
            let _ = writeln!(out, "# Meeting of {start}\n");
        }
    }
    let group = m.group_name.as_deref().map(inline).unwrap_or_else(|| w(lang, "No group", "グループなし").into());
    item(&mut out, lang, w(lang, "Group", "グループ"), &group);
    item(&mut out, lang, w(lang, "Template", "進め方"), &inline(&m.template_name));
    item(&mut out, lang, w(lang, "Started", "開始"), &start);
    let ended = m.ended_at.map(local_time).unwrap_or_else(|| w(lang, "still open", "進行中").into());
    item(&mut out, lang, w(lang, "Ended", "終了"), &ended);
    let f = &m.facts;
    let length = match lang {
        Lang::Ja => format!("{}（予定{}）", duration(lang, f.duration_secs), minutes(lang, f.planned_minutes)),
        Lang::En => format!("{} (planned {})", duration(lang, f.duration_secs), minutes(lang, f.planned_minutes)),
    };
    item(&mut out, lang, w(lang, "Length", "所要時間"), &length);
    let checklist = match lang {
        Lang::Ja => format!("{}項目中{}項目が完了", f.items_total, f.items_done),
        Lang::En => format!("{} of {} items done", f.items_done, f.items_total),
    };
    item(&mut out, lang, w(lang, "Checklist", "チェックリスト"), &checklist);

    let _ = writeln!(out, "\n## {}\n", w(lang, "Phases", "段階"));
    for p in &f.phases {
        let when = match lang {
            Lang::Ja => format!("{}から、{}", clock(p.from), duration(lang, p.secs)),
            Lang::En => format!("from {}, {}", clock(p.from), duration(lang, p.secs)),
        };
        item(&mut out, lang, &inline(&p.title), &when);
    }
    for lock in &f.locks {
        let to = lock.to.map(clock).unwrap_or_default();
        let _ = match lang {
            Lang::Ja => writeln!(out, "- {}〜{}はロック中（中断ではなく一時停止）", clock(lock.from), to),
            Lang::En => writeln!(out, "- Locked {}–{} (a pause, not an interruption)", clock(lock.from), to),
        };
    }
    for gap in &f.gaps {
        let _ = match lang {
            Lang::Ja => writeln!(out, "- {}に中断から再開しました", clock(*gap)),
            Lang::En => writeln!(out, "- Resumed after a gap at {}", clock(*gap)),
        };
    }

    if let Some(r) = &f.round {
        let _ = writeln!(out, "\n## {}\n", w(lang, "Sharing round", "分かち合い"));
        let _ = match lang {
            Lang::Ja => writeln!(out, "参加{}人・話した{}人・パス{}人\n", r.present, r.spoke, r.passed),
            Lang::En => writeln!(out, "{} present · {} shared · {} passed\n", r.present, r.spoke, r.passed),
        };
        for t in &r.turns {
            let seat = match (&t.nickname, lang) {
                (Some(n), Lang::Ja) => format!("{}番の席（{}）", t.seat, inline(n)),
                (None, Lang::Ja) => format!("{}番の席", t.seat),
                (Some(n), Lang::En) => format!("Seat {} ({})", t.seat, inline(n)),
                (None, Lang::En) => format!("Seat {}", t.seat),
            };
            let took = t.secs.map(|s| duration(lang, s)).unwrap_or_else(|| "—".into());
            let planned = duration(lang, i64::from(t.planned_secs));
            let outcome = match t.outcome {
                Some(TurnOutcome::Spoke) => w(lang, "shared", "話した"),
                Some(TurnOutcome::Passed) => w(lang, "passed", "パス"),
                Some(TurnOutcome::Skipped) => w(lang, "moved to later", "あとに回した"),
                None => w(lang, "speaking", "話している途中"),
            };
            let _ = match lang {
                Lang::Ja => writeln!(out, "- {seat}：{took}（予定{planned}）、{outcome}"),
                Lang::En => writeln!(out, "- {seat}: {took} of {planned} planned, {outcome}"),
            };
        }
    }

    let _ = writeln!(out, "\n## {}\n", w(lang, "Record", "ミーティングの記録"));
    match &m.record {
        None => {
            let _ = writeln!(out, "{}", w(lang, "No record written yet.", "記録はまだありません。"));
        }
        Some(r) => {
            item(&mut out, lang, w(lang, "Facilitator(s)", "進行役"), &inline(&r.facilitators));
            item(&mut out, lang, w(lang, "Attended", "参加人数"), &r.attendance.to_string());
            item(&mut out, lang, w(lang, "Newcomers", "初参加の人数"), &r.newcomers.to_string());
            let safety = w(lang, "A safety concern came up", "安全面で気がかりなことがあった");
            item(&mut out, lang, safety, yes_no(lang, r.safety_concern));
            if let Some(due) = r.safety_follow_up_due {
                item(&mut out, lang, w(lang, "Follow up by", "フォローの期限"), &due.to_string());
            }
            item(
                &mut out,
                lang,
                w(lang, "I would like a debrief", "誰かに話を聞いてもらいたい"),
                yes_no(lang, r.needs_debrief),
            );
            text_section(&mut out, w(lang, "Themes", "テーマ"), 3, &r.themes);
            text_section(&mut out, w(lang, "Facilitator notes", "進行役のメモ"), 3, &r.notes);
            text_section(&mut out, w(lang, "Safety: what was done", "安全面：とった対応"), 3, &r.safety_action);
            text_section(&mut out, w(lang, "Follow-ups", "フォローアップ"), 3, &r.follow_ups);
            let me = w(lang, "How am I after this meeting?", "ミーティングを終えて、いまの自分はどうですか？");
            text_section(&mut out, me, 3, &r.self_check_in);
        }
    }
    out
}

fn boundary_label(lang: Lang, kind: BoundaryKind) -> &'static str {
    match kind {
        BoundaryKind::AfterHoursContact => w(lang, "Contact out of hours", "時間外の連絡"),
        BoundaryKind::MoneyOrGifts => w(lang, "Money or gifts", "お金や贈り物"),
        BoundaryKind::OverInvolvement => w(lang, "Over-involvement", "関わりすぎ"),
        BoundaryKind::DualRelationship => w(lang, "Dual relationship", "二重関係（多重関係）"),
        BoundaryKind::ConfidentialityPressure => w(lang, "Pressure on confidentiality", "秘密を話すよう迫られた"),
        BoundaryKind::RoleConfusion => w(lang, "Role confusion", "役割の混乱"),
        BoundaryKind::Other => w(lang, "Other", "その他"),
    }
}

fn journal_month(c: &Content, year: i32, month: u32, lang: Lang) -> String {
    let in_month = |d: NaiveDate| d.year() == year && d.month() == month;
    let checkins: Vec<&CheckIn> = c.checkins.iter().flatten().filter(|x| in_month(x.day)).collect();
    let boundaries: Vec<&BoundaryEvent> = c.boundaries.iter().flatten().filter(|x| in_month(x.day)).collect();
    // Each reflection's local day was worked out once, when it was read.
    let reflections: Vec<(NaiveDate, &Reflection)> =
        c.reflection_days.iter().copied().zip(c.reflections.iter().flatten()).filter(|(d, _)| in_month(*d)).collect();
    let days: BTreeSet<NaiveDate> = checkins
        .iter()
        .map(|x| x.day)
        .chain(boundaries.iter().map(|x| x.day))
        .chain(reflections.iter().map(|(d, _)| *d))
        .collect();

    let mut out = String::new();
    let _ = match lang {
        Lang::Ja => writeln!(out, "# ジャーナル {year}年{month}月"),
        Lang::En => {
            let first = NaiveDate::from_ymd_opt(year, month, 1).expect("a real month");
            writeln!(out, "# Journal: {}", first.format("%B %Y"))
        }
    };
    for day in days {
        let _ = writeln!(out, "\n## {}", day_heading(lang, day));
        for x in checkins.iter().filter(|x| x.day == day) {
            checkin(&mut out, c, x, lang);
        }
        for x in boundaries.iter().filter(|x| x.day == day) {
            boundary(&mut out, x, lang);
        }
        for (_, x) in reflections.iter().filter(|(d, _)| *d == day) {
            reflection(&mut out, x, lang);
        }
    }
    out
}

fn checkin(out: &mut String, c: &Content, x: &CheckIn, lang: Lang) {
    let _ = writeln!(out, "\n### {}\n", w(lang, "Check-in", "チェックイン"));
    item(out, lang, w(lang, "Mood", "気分"), &format!("{} / 10", x.mood));
    item(out, lang, w(lang, "Energy", "元気"), &format!("{} / 10", x.energy));
    item(out, lang, w(lang, "Stress", "ストレス"), &format!("{} / 10", x.stress));
    if let Some(h) = x.sleep_hours {
        item(out, lang, w(lang, "Sleep (hours)", "睡眠（時間）"), &h.to_string());
    }
    if !x.selfcare.is_empty() {
        let names: Vec<String> = x
            .selfcare
            .iter()
            .map(|key| {
                let own =
                    c.activities.iter().find(|a| &a.key == key).map(|a| a.label.as_str()).filter(|l| !l.is_empty());
                inline(own.or_else(|| builtin_label(key, lang)).unwrap_or(key))
            })
            .collect();
        item(out, lang, w(lang, "Self-care", "セルフケア"), &names.join(w(lang, ", ", "、")));
    }
    text_section(out, w(lang, "Note", "メモ"), 4, &x.note);
}

fn boundary(out: &mut String, x: &BoundaryEvent, lang: Lang) {
    let colon = w(lang, ": ", "：");
    let _ = writeln!(
        out,
        "\n### {}{colon}{}\n",
        w(lang, "Boundary event", "境界線にかかわるできごと"),
        boundary_label(lang, x.kind)
    );
    item(out, lang, w(lang, "Bring this to supervision", "スーパービジョンで話す"), yes_no(lang, x.supervision));
    text_section(out, w(lang, "What happened", "何があったか"), 4, &x.what_happened);
    text_section(out, w(lang, "What I did", "自分がしたこと"), 4, &x.what_i_did);
    text_section(out, w(lang, "How I feel now", "今の気持ち"), 4, &x.how_i_feel);
}

fn reflection(out: &mut String, x: &Reflection, lang: Lang) {
    let title = if x.title.trim().is_empty() { w(lang, "Untitled", "無題").to_owned() } else { inline(&x.title) };
    let colon = w(lang, ": ", "：");
    let _ = match lang {
        Lang::Ja => writeln!(out, "\n### 振り返り{colon}{title}（{}）\n", clock(x.created_at)),
        Lang::En => writeln!(out, "\n### Reflection{colon}{title} ({})\n", clock(x.created_at)),
    };
    let before = out.len();
    if x.updated_at != x.created_at {
        item(out, lang, w(lang, "Edited", "編集"), &local_time(x.updated_at));
    }
    if let Some(p) = x.prompt.as_deref().and_then(|key| prompts(lang).into_iter().find(|p| p.key == key)) {
        item(out, lang, w(lang, "Prompt", "問いかけ"), p.text);
    }
    if x.supervision {
        item(out, lang, w(lang, "Bring this to supervision", "スーパービジョンで話す"), yes_no(lang, true));
    }
    if out.len() > before {
        out.push('\n');
    }
    out.push_str(&block(&x.body));
}

fn self_care_plan(c: &Content, lang: Lang) -> String {
    let mut out = format!("# {}\n", w(lang, "My self-care plan", "セルフケアプラン"));
    for v in c.plan.iter().flatten().rev() {
        let _ = match lang {
            Lang::Ja => writeln!(out, "\n## {}のバージョン", local_time(v.saved_at)),
            Lang::En => writeln!(out, "\n## Version of {}", local_time(v.saved_at)),
        };
        text_section(&mut out, w(lang, "My warning signs", "注意サイン"), 3, &v.plan.warning_signs);
        text_section(&mut out, w(lang, "What helps", "助けになること"), 3, &v.plan.what_helps);
        text_section(&mut out, w(lang, "Who I can turn to", "頼れる人"), 3, &v.plan.people);
        text_section(&mut out, w(lang, "What I say no to", "断ること"), 3, &v.plan.say_no_to);
    }
    out
}

fn research(c: &Content, lang: Lang) -> String {
    let mut out = format!("# {}\n", w(lang, "Research notebook", "研究ノート"));
    for r in c.research.iter().flatten() {
        let s = &r.study;
        let _ = writeln!(out, "\n## {}\n", heading_text(&s.heading.theme));
        item(
            &mut out,
            lang,
            w(lang, "My own name for the difficulty", "自分でつけた苦労の名前"),
            &inline(&s.heading.own_name),
        );
        item(&mut out, lang, w(lang, "Status", "状態"), s.heading.status.label(lang));
        item(&mut out, lang, w(lang, "Started", "始めた日"), &local_time(s.started_at));
        item(
            &mut out,
            lang,
            w(lang, "Times presented at a meeting", "ミーティングで発表した回数"),
            &s.presented_at.len().to_string(),
        );
        for v in r.pattern_versions.iter().rev() {
            let _ = match lang {
                Lang::Ja => writeln!(out, "\n### 苦労のパターン（{}のバージョン）\n", local_time(v.saved_at)),
                Lang::En => writeln!(out, "\n### The pattern (version of {})\n", local_time(v.saved_at)),
            };
            for line in crate::research::describe(&v.pattern, lang) {
                let _ = writeln!(out, "- {}", inline(&line));
            }
        }
        text_section(&mut out, w(lang, "Ways to help myself", "自分の助け方"), 3, &s.heading.helping_myself);
        if !s.experiments.is_empty() {
            let _ = writeln!(out, "\n### {}\n", w(lang, "Experiments", "実験"));
            for e in &s.experiments {
                let _ = writeln!(out, "- {}", inline(&e.what));
                let colon = w(lang, ": ", "：");
                for (label, value) in [
                    (w(lang, "When", "いつ"), inline(&e.when)),
                    (w(lang, "What happened", "やってみてどうだったか"), inline(&e.result)),
                    (w(lang, "Keep it?", "続けるかどうか"), e.verdict.label(lang).to_owned()),
                ] {
                    if !value.is_empty() {
                        let _ = writeln!(out, "  - {label}{colon}{value}");
                    }
                }
            }
        }
        if !s.ideas.is_empty() {
            let _ = writeln!(out, "\n### {}\n", w(lang, "Ideas from peers", "仲間のアイデア"));
            for i in &s.ideas {
                let _ = writeln!(out, "- {}", inline(&i.text));
            }
        }
    }
    out
}

fn language_name(lang: Lang, of: Lang) -> &'static str {
    match of {
        Lang::En => w(lang, "English", "英語"),
        Lang::Ja => w(lang, "Japanese", "日本語"),
    }
}

fn groups(c: &Content, lang: Lang) -> String {
    let mut out = format!("# {}\n", w(lang, "Groups", "グループ"));
    for g in c.groups.iter().flatten() {
        let _ = writeln!(out, "\n## {}\n", heading_text(&g.name));
        item(&mut out, lang, w(lang, "Language of the meeting", "ミーティングの言語"), language_name(lang, g.language));
        let template = c.template_names.get(&g.default_template).map(|n| inline(n));
        item(&mut out, lang, w(lang, "Usual template", "いつものテンプレート"), &template.unwrap_or_default());
        item(&mut out, lang, w(lang, "Usual length", "いつもの時間"), &minutes(lang, g.usual_minutes));
    }
    out
}

fn templates(c: &Content, lang: Lang) -> String {
    let mut out = format!("# {}\n", w(lang, "Templates", "テンプレート"));
    for t in c.templates.iter().flatten() {
        let _ = writeln!(out, "\n## {}\n", heading_text(&t.name));
        item(&mut out, lang, w(lang, "Language of the meeting", "ミーティングの言語"), language_name(lang, t.language));
        item(&mut out, lang, w(lang, "Planned length", "予定時間"), &minutes(lang, t.planned_minutes()));
        for p in &t.phases {
            let mut heading = inline(&p.title);
            if let Some(n) = p.planned_minutes {
                let _ = write!(
                    heading,
                    "{}",
                    match lang {
                        Lang::Ja => format!("（{}）", minutes(lang, n)),
                        Lang::En => format!(" ({})", minutes(lang, n)),
                    }
                );
            }
            if p.sharing_round {
                heading.push_str(w(lang, " · sharing round", "・分かち合い"));
            }
            let _ = writeln!(out, "\n### {heading}\n");
            for i in &p.items {
                let mins = i.minutes.map(|n| format!(" ({})", minutes(lang, n))).unwrap_or_default();
                let _ = writeln!(out, "- {}{mins}", inline(&i.label));
            }
            for i in p.items.iter().filter(|i| i.script.as_ref().is_some_and(|s| !s.trim().is_empty())) {
                text_section(&mut out, &inline(&i.label), 4, i.script.as_deref().unwrap_or_default());
            }
        }
    }
    out
}

fn crisis_card(c: &Content, lang: Lang) -> String {
    let mut out = format!("# {}\n", w(lang, "Crisis card", "緊急連絡先カード"));
    let Some(card) = &c.crisis_card else { return out };
    let _ = writeln!(out, "\n## {}\n", w(lang, "Contacts", "連絡先"));
    if card.contacts.is_empty() {
        let _ = writeln!(out, "{}", w(lang, "No contacts yet.", "連絡先はまだありません。"));
    }
    for x in &card.contacts {
        let _ = match lang {
            Lang::Ja => writeln!(
                out,
                "- {} — {} — {}（確認日：{}）",
                inline(&x.service),
                inline(&x.number),
                inline(&x.hours),
                x.last_checked
            ),
            Lang::En => writeln!(
                out,
                "- {} — {} — {} (checked {})",
                inline(&x.service),
                inline(&x.number),
                inline(&x.hours),
                x.last_checked
            ),
        };
    }
    let script = if card.script.trim().is_empty() { default_script(lang) } else { card.script.as_str() };
    text_section(&mut out, w(lang, "If someone may be at risk", "危険があるかもしれないとき"), 2, script);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn block_markers_at_line_start_are_escaped() {
        assert_eq!(block("# not a heading"), "\\# not a heading\n");
        assert_eq!(block("> quote\n- item\n1. first\n---"), "\\> quote  \n\\- item  \n1\\. first  \n\\---\n");
        assert_eq!(block("  * star\n\nplain"), "  \\* star\n\nplain\n");
        assert_eq!(block("a <script>x</script> b < c"), "a \\<script>x\\</script> b < c\n");
        assert_eq!(block("静かな夜\n2026年"), "静かな夜  \n2026年\n");
        // A lone CR ends a line as LF does; CR LF is one line ending.
        assert_eq!(block("line1\rmid\r\nend"), "line1  \nmid  \nend\n");
        // Bidi marks are the writer's text (right-to-left writing needs
        // them): kept as they are, never spelled out.
        let rtl = "שלום \u{200f}x\u{202e}y \u{2067}ab\u{2069}";
        assert_eq!(block(rtl), format!("{rtl}\n"));
        assert_eq!(inline(rtl), rtl);
    }

    #[test]
    fn inline_text_stays_on_its_line() {
        assert_eq!(inline("a\nb"), "a b");
        assert_eq!(inline("<b>"), "\\<b>");
        assert_eq!(heading_text("C#"), "C#");
        assert_eq!(heading_text("#"), "\\#");
        assert_eq!(heading_text("tired ##"), "tired \\##");
    }
}
