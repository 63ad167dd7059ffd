//! The journal in the real window, over 90 days of check-ins and three
//! boundary events written with the CLI (once, then copied into each test's
//! own machine): trend charts with one dot per day that has a value and
//! tables that hold the same numbers, a boundary event and a meeting's "I
//! would like a debrief" on the supervision agenda, a self-care plan whose
//! earlier version stays, the strain notice with its reasons (gone once
//! turned off), and a check-in in Japanese by keyboard alone within 15
//! keys. Each test stands alone, so one failing hides none of the others.
//! Pictures in English and Japanese, light and dark.

mod common;

use common::{key, poll, App, Machine, MARKER_EN};
use fantoccini::key::Key;
use std::process::Command;
use std::sync::OnceLock;
use std::time::Duration;

const PASS: &str = "quiet river morning tea";
const BOUNDARY_MARKER: &str = "MARKER-JOURNAL-境界";
const CLI_MARKER: &str = "MARKER-CLI-boundary";
const PLAN_MARKER: &str = "MARKER-PLAN-計画";
/// Days of check-ins written before today (today is left for the keyboard).
const DAYS: i64 = 90;

fn day_ago(k: i64) -> String {
    let out = Command::new("date").args(["-d", &format!("-{k} days"), "+%Y-%m-%d"]).output().unwrap();
    String::from_utf8(out.stdout).unwrap().trim().to_string()
}

/// "2026-12" → "2026-11", "2027-01" → "2026-12".
fn previous_month(month: &str) -> String {
    let (y, m): (i32, u32) = (month[..4].parse().unwrap(), month[5..7].parse().unwrap());
    if m == 1 {
        format!("{}-12", y - 1)
    } else {
        format!("{y}-{:02}", m - 1)
    }
}

/// One seeded day: None for a day without a check-in.
struct Seed {
    mood: u8,
    stress: u8,
    sleep: Option<f32>,
    selfcare: bool,
}

fn seed(k: i64) -> Option<Seed> {
    if k % 10 == 5 {
        return None; // a gap: no check-in that day
    }
    Some(Seed {
        mood: (k % 7) as u8 + 2,
        // High stress over the last three weeks.
        stress: if k <= 20 { 8 } else { 3 + (k % 3) as u8 },
        sleep: if k % 9 == 0 { None } else { Some(6.5 + (k % 3) as f32 * 0.5) },
        // Self-care every day of the week before, on 2 days of the last.
        selfcare: match k {
            0..=6 => k == 2 || k == 6,
            7..=13 => true,
            _ => k % 2 == 0,
        },
    })
}

fn seed_vault(machine: &Machine) {
    for k in 1..=DAYS {
        let Some(s) = seed(k) else { continue };
        let (mood, stress, date) = (s.mood.to_string(), s.stress.to_string(), day_ago(k));
        let sleep = s.sleep.map(|h| h.to_string());
        let mut args = vec!["checkin", "add", "--mood", &mood, "--energy", "5", "--stress", &stress, "--date", &date];
        if let Some(h) = &sleep {
            args.extend(["--sleep", h]);
        }
        if s.selfcare {
            args.extend(["--selfcare", "rest"]);
        }
        machine.enza(PASS, &args);
    }
    for (k, supervision) in [(3, true), (12, false), (25, false)] {
        let date = day_ago(k);
        let what = format!("A member rang late at night. {CLI_MARKER}");
        let mut args = vec!["boundary", "add", "--kind", "other", "--what", &what, "--date", &date];
        if supervision {
            args.push("--supervision");
        }
        machine.enza(PASS, &args);
    }
}

async fn enter(app: &App, css: &str) {
    app.press(css, &key(Key::Enter)).await;
}

async fn count(app: &App, css: &str) -> usize {
    app.client.find_all(fantoccini::Locator::Css(css)).await.unwrap().len()
}

/// A table's body as rows of cell texts (textContent: the table may be closed).
async fn table(app: &App, id: &str) -> Vec<Vec<String>> {
    let script = format!(
        "return [...document.querySelectorAll('#{id} tbody tr')].map((tr) => [...tr.cells].map((c) => c.textContent));"
    );
    serde_json::from_value(app.js(&script).await).unwrap()
}

fn column_sum(rows: &[Vec<String>], col: usize) -> f64 {
    rows.iter().filter_map(|r| r[col].parse::<f64>().ok()).sum()
}

async fn open(app: &App, nav: &str, link: &str, ready: &str) {
    app.click(nav).await;
    app.click(link).await;
    app.wait(ready).await;
}

/// `name` at 1280×800, then at 1024×700 (`name-1024`), scrolled to `css`.
async fn both_sizes(app: &App, css: &str, name: &str) {
    app.screenshot(name).await;
    app.set_viewport(1024, 700).await;
    scroll_to(app, css).await;
    app.screenshot(&format!("{name}-1024")).await;
    app.set_viewport(1280, 800).await;
    scroll_to(app, css).await;
}

async fn scroll_to(app: &App, css: &str) {
    let script =
        format!("document.querySelector('{css}').scrollIntoView({{ block: 'start' }}); window.scrollBy(0, -8);");
    app.js(&script).await;
}

/// Pictures of each journal page: `{tag}-journal`, `-boundary`, `-plan`,
/// `-trends-year`, `-trends-{chart}` (3 months: the 90 days of data) and `-agenda`.
async fn tour(app: &App, tag: &str) {
    app.click("#nav-journal").await;
    app.wait("#ci-mood").await;
    app.screenshot(&format!("{tag}-journal")).await;
    scroll_to(app, "#checkin").await;
    both_sizes(app, "#checkin", &format!("{tag}-journal-checkin")).await;
    app.click("#go-boundary").await;
    app.wait("#bd-what").await;
    app.screenshot(&format!("{tag}-boundary")).await;
    app.click("#bd-back").await;
    app.click("#go-plan").await;
    app.wait("#plan-history").await;
    app.screenshot(&format!("{tag}-plan")).await;
    app.js("document.querySelectorAll('#plan-history details').forEach((d) => { d.open = true; });").await;
    scroll_to(app, "#plan-history").await;
    app.screenshot(&format!("{tag}-plan-history")).await;
    app.click("#plan-back").await;
    app.click("#go-trends").await;
    app.click("#range-year").await;
    app.wait("#range-year[aria-pressed=true]").await;
    scroll_to(app, "#trend-mood").await;
    app.screenshot(&format!("{tag}-trends-year")).await;
    app.click("#range-months3").await;
    app.wait("#range-months3[aria-pressed=true]").await;
    for chart in ["mood", "energy", "stress", "sleep", "selfcare", "boundary", "calendar"] {
        scroll_to(app, &format!("#trend-{chart}")).await;
        app.screenshot(&format!("{tag}-trends-{chart}")).await;
    }
    if count(app, "#trend-helps").await > 0 {
        both_sizes(app, "#trend-helps", &format!("{tag}-trends-helps")).await;
    }
    app.js("document.querySelector('#trend-mood-details').open = true;").await;
    scroll_to(app, "#trend-mood-details").await;
    app.screenshot(&format!("{tag}-trends-mood-table")).await;
    app.click("#nav-journal").await;
    app.click("#go-agenda").await;
    app.wait("#agenda-title").await;
    app.screenshot(&format!("{tag}-agenda")).await;
}

/// The seeded vault, made once for all the tests in this file: created and
/// filled with the CLI, as a person at a terminal would.
fn seeded_template() -> &'static Machine {
    static TEMPLATE: OnceLock<Machine> = OnceLock::new();
    TEMPLATE.get_or_init(|| {
        let machine = Machine::new("en_US.UTF-8");
        machine.enza(PASS, &["init"]);
        seed_vault(&machine);
        machine
    })
}

/// A machine of its own with the seeded vault, unlocked in the window,
/// which opens on the journal (someone who only checks in lands there).
async fn seeded() -> (Machine, App) {
    let (machine, app) = Machine::unlocked_copy_of(seeded_template(), PASS).await;
    app.wait("#nav-journal[aria-current=page]").await;
    app.wait("#ci-mood").await;
    (machine, app)
}

/// Settings, in Japanese: the rest of the test reads the Japanese screens.
async fn in_japanese(app: &App) {
    app.click("#nav-settings").await;
    app.choose("#language", "ja").await;
    app.wait_text("#nav-journal", "ジャーナル").await;
}

async fn done(machine: Machine, app: App, markers: &[&str]) {
    app.quit().await;
    machine.assert_no_file_contains(markers);
}

#[tokio::test(flavor = "current_thread")]
async fn the_strain_notice_names_its_reasons_and_goes_once_turned_off() {
    let (machine, app) = seeded().await;
    // The strain notice names both its reasons and links to the plan and agenda.
    app.click("#nav-journal").await;
    app.wait("#strain-notice").await;
    assert_eq!(app.focused().await, "ci-mood", "the check-in's first scale has the focus");
    let card = app.wait("#strain-notice").await;
    assert_eq!(card.attr("data-reasons").await.unwrap().as_deref(), Some("high_stress boundary_events"));
    let message = app.text("#strain-message").await.unwrap();
    for words in [
        "stress has averaged 7 or more on 14 days",
        "self-care on 2 of the last 7 days, against 7 the week before",
        "3 boundary events in the last 30 days",
    ] {
        assert!(message.contains(words), "the notice names its reason ({words}): {message}");
    }
    app.wait("#strain-plan").await;
    app.wait("#strain-agenda").await;

    in_japanese(&app).await;
    // Turned off in Settings, the notice goes.
    app.click("#nav-settings").await;
    app.press("#strain-notice", " ").await;
    app.wait_text("#journal-settings-status", "表示しません").await;
    both_sizes(&app, "#activities", "ja-journal-settings").await;
    // The person's own self-care activity, added in Settings, is offered
    // by the check-in; a built-in taken off is not.
    app.type_into("#activity-new", "川沿いを歩く").await;
    enter(&app, "#activity-add").await;
    app.wait_text("#activities", "川沿いを歩く").await;
    app.click("#activities button[data-key='say_no']").await;
    poll("断る is taken off", std::time::Duration::from_secs(10), || async {
        (!app.text_content("#activities").await.contains("断る")).then_some(())
    })
    .await;
    app.click("#nav-journal").await;
    app.wait("#ci-mood").await;
    assert_eq!(count(&app, "#strain-notice").await, 0, "no notice once turned off");
    let care = app.text_content(".selfcare").await;
    assert!(care.contains("川沿いを歩く") && !care.contains("断る"), "{care}");
    app.screenshot("ja-journal-notice-off").await;

    done(machine, app, &[CLI_MARKER]).await;
}

#[tokio::test(flavor = "current_thread")]
async fn boundary_events_meetings_and_reflections_reach_the_supervision_agenda() {
    let (machine, app) = seeded().await;
    // A boundary event for supervision, written in the form.
    app.click("#go-boundary").await;
    app.wait("#bd-what").await;
    app.choose("#bd-kind", "after_hours_contact").await;
    app.type_into("#bd-what", &format!("A member messaged at midnight. {BOUNDARY_MARKER}")).await;
    app.type_into("#bd-did", "I answered in the morning.").await;
    app.type_into("#bd-feel", &format!("Uneasy. {MARKER_EN}")).await;
    app.press("#bd-supervision", " ").await;
    app.screenshot("en-journal-boundary-filled").await;
    enter(&app, "#bd-save").await;
    app.wait_text("#journal-saved", "Boundary event saved").await;
    app.wait_focus("journal-saved").await;

    // A meeting whose record asks for a debrief.
    app.end_a_meeting_at_once().await;
    app.press("#rec-debrief", " ").await;
    enter(&app, "#save-record").await;
    app.wait("#record-saved").await;

    // Both are on the agenda: the event under its kind, the meeting flagged.
    open(&app, "#nav-journal", "#go-agenda", "#agenda-title").await;
    let boundary = app.wait_text("#agenda-boundary", BOUNDARY_MARKER).await;
    assert!(boundary.contains("Contact out of hours (1)"), "{boundary}");
    assert!(boundary.contains("Other (1)"), "the CLI's event for supervision: {boundary}");
    assert!(!boundary.contains("(2)"), "only events marked for supervision: {boundary}");
    app.wait_text("#agenda-meetings", "I would like a debrief").await;
    app.wait("#agenda-print").await;
    app.screenshot("en-journal-agenda-filled").await;

    // A reflection from a prompt, marked for supervision, joins the agenda.
    app.click("#nav-reflections").await;
    app.click("#new-reflection").await;
    app.wait("#prompt").await;
    let prompts = count(&app, "#prompt option").await;
    assert!(prompts > 1, "the built-in prompts are offered");
    app.press("#prompt", &key(Key::Down)).await;
    let prompt_text = app.text("#prompt-text").await.unwrap();
    assert!(!prompt_text.is_empty(), "the chosen prompt is shown in full");
    app.type_into("#title", "After the Tuesday circle").await;
    app.type_into("#body", &format!("I held too much. {MARKER_EN}")).await;
    app.press("#reflection-supervision", " ").await;
    app.screenshot("en-journal-reflection-prompt").await;
    enter(&app, "#save").await;
    app.wait_text("#save-status", "Saved").await;
    open(&app, "#nav-journal", "#go-agenda", "#agenda-title").await;
    app.wait_text("#agenda-reflections", "After the Tuesday circle").await;

    // A supervision date starts the next agenda.
    app.click("#nav-journal").await;
    app.click("#go-agenda").await;
    app.wait("#supervision-day").await;
    enter(&app, "#supervision-save").await;
    app.wait("#agenda-recorded").await;
    app.wait_focus("agenda-recorded").await;
    app.wait_text("#agenda-since", "Since your last supervision on").await;

    done(machine, app, &[MARKER_EN, BOUNDARY_MARKER, CLI_MARKER]).await;
}

#[tokio::test(flavor = "current_thread")]
async fn the_plan_keeps_its_earlier_version_and_every_journal_page_is_seen() {
    let (machine, app) = seeded().await;
    // The plan: a first version, then an edit; the first stays under its date.
    open(&app, "#nav-journal", "#go-plan", "#plan-warning-signs").await;
    app.type_into("#plan-warning-signs", &format!("Skipping lunch. {PLAN_MARKER}")).await;
    app.type_into("#plan-what-helps", "A walk by the river.").await;
    app.type_into("#plan-people", "My co-facilitator.").await;
    app.type_into("#plan-say-no-to", "Calls after 21:00.").await;
    enter(&app, "#plan-save").await;
    app.wait("#plan-saved").await;
    app.wait_focus("plan-saved").await;
    assert_eq!(count(&app, ".plan-version").await, 0);
    app.type_into("#plan-warning-signs", "Not sleeping; skipping lunch.").await;
    enter(&app, "#plan-save").await;
    app.wait("#plan-saved").await;
    assert_eq!(app.value("#plan-warning-signs").await, "Not sleeping; skipping lunch.");
    assert_eq!(count(&app, ".plan-version").await, 1);
    let history = app.text_content("#plan-history").await;
    assert!(history.contains(&format!("Skipping lunch. {PLAN_MARKER}")), "{history}");
    assert!(history.contains("Version 1 · "), "{history}");

    // English, light then dark (by the appearance setting).
    tour(&app, "en-journal-light").await;
    app.set_appearance("dark").await;
    tour(&app, "en-journal-dark").await;

    // Japanese, dark then light.
    app.click("#nav-settings").await;
    app.choose("#language", "ja").await;
    app.wait_text("#nav-journal", "ジャーナル").await;
    tour(&app, "ja-journal-dark").await;
    app.set_appearance("light").await;
    tour(&app, "ja-journal-light").await;

    done(machine, app, &[CLI_MARKER, PLAN_MARKER]).await;
}

#[tokio::test(flavor = "current_thread")]
async fn trends_show_each_day_written_and_their_tables_agree() {
    let (machine, app) = seeded().await;
    // Trends over the year: one dot per day with a value, tables that agree.
    open(&app, "#nav-journal", "#go-trends", "#range-weeks4[aria-pressed=true]").await;
    let seeded: Vec<(i64, Seed)> = (1..=DAYS).filter_map(|k| seed(k).map(|s| (k, s))).collect();
    let in_28 = seeded.iter().filter(|(k, _)| *k < 28).count();
    assert_eq!(count(&app, "#trend-mood-svg .dot").await, in_28, "4 weeks: the days with a check-in");
    app.click("#range-year").await;
    app.wait("#range-year[aria-pressed=true]").await;
    let with_sleep = seeded.iter().filter(|(_, s)| s.sleep.is_some()).count();
    for (chart, expected) in
        [("mood", seeded.len()), ("energy", seeded.len()), ("stress", seeded.len()), ("sleep", with_sleep)]
    {
        let svg = format!("#trend-{chart}-svg");
        assert_eq!(count(&app, &format!("{svg} .dot")).await, expected, "{chart}: dots");
        assert_eq!(app.wait(&svg).await.attr("role").await.unwrap().as_deref(), Some("img"));
        let label = app.wait(&svg).await.attr("aria-label").await.unwrap().unwrap_or_default();
        assert!(label.contains(&format!("{expected} of ")), "{chart}: {label}");
        let rows = table(&app, &format!("trend-{chart}-table")).await;
        assert_eq!(rows.iter().filter(|r| r[1] != "—").count(), expected, "{chart}: table rows with a value");
        assert!(rows.iter().all(|r| r[1] != "0"), "{chart}: a gap is never a zero");
        let want: f64 = match chart {
            "mood" => seeded.iter().map(|(_, s)| s.mood as f64).sum(),
            "energy" => 5.0 * seeded.len() as f64,
            "stress" => seeded.iter().map(|(_, s)| s.stress as f64).sum(),
            _ => seeded.iter().filter_map(|(_, s)| s.sleep.map(f64::from)).sum(),
        };
        assert!(
            (column_sum(&rows, 1) - want).abs() < 1e-6,
            "{chart}: table sums to {} not {want}",
            column_sum(&rows, 1)
        );
    }
    // The newest mood days, day by day, against what was written.
    let rows = table(&app, "trend-mood-table").await;
    // A year back crosses a new year (but on 31 December): the axis's two
    // ends carry their years, written as the table writes the days.
    let axis: Vec<String> = serde_json::from_value(
        app.js("return [...document.querySelectorAll('#trend-mood-svg text.axis')].map((t) => t.textContent);").await,
    )
    .unwrap();
    // The value axis's labels are plain numbers; the days' are not.
    let axis: Vec<String> = axis.into_iter().filter(|a| a.parse::<f64>().is_err()).collect();
    let year = |s: &str| s.split(|c: char| !c.is_ascii_digit()).find(|p| p.len() == 4).map(str::to_owned);
    let (newest_day, oldest_day) = (&rows[0][0], &rows[rows.len() - 1][0]);
    if year(newest_day) != year(oldest_day) {
        assert_eq!((&axis[0], &axis[axis.len() - 1]), (oldest_day, newest_day), "{axis:?}");
    } else {
        assert!(axis.iter().all(|a| year(a).is_none()), "{axis:?}");
    }
    let newest: Vec<String> = rows.iter().skip(1).take(4).map(|r| r[1].clone()).collect();
    let want: Vec<String> = (1..=4).map(|k| seed(k).map_or("—".to_string(), |s| s.mood.to_string())).collect();
    assert_eq!(newest, want, "yesterday and the 3 days before, newest first");
    let selfcare = table(&app, "trend-selfcare-table").await;
    let selfcare_days = seeded.iter().filter(|(_, s)| s.selfcare).count() as f64;
    assert_eq!(column_sum(&selfcare, 1), selfcare_days, "self-care days per week add up");
    assert_eq!(app.wait("#trend-selfcare-chart").await.attr("role").await.unwrap().as_deref(), Some("img"));
    let boundary = table(&app, "trend-boundary-table").await;
    assert_eq!(column_sum(&boundary, 1), 3.0, "the 3 the CLI wrote");
    app.wait("#trend-calendar-grid[role=img]").await;
    // The self-care weeks are whole weeks, and say from which Monday.
    let summary = app.text_content("#trend-selfcare-summary").await;
    assert!(summary.contains("whole weeks from Monday"), "{summary}");
    // The calendar goes back a month by its arrow, the focus kept on it.
    let this_month = app.text_content("#trend-calendar-title").await;
    assert!(!app.is_enabled("#calendar-next").await, "no month to come");
    app.click("#calendar-previous").await;
    // The page is drawn again: the title is gone for a moment, then back.
    poll("the month before", Duration::from_secs(10), || async {
        app.text("#trend-calendar-title").await.filter(|t| *t != this_month).map(|_| ())
    })
    .await;
    app.wait_focus("calendar-previous").await;
    let days_shown = count(&app, "#trend-calendar-grid .cal-day.mood-day").await;
    let last_month = day_ago(0)[..7].to_string();
    let want = seeded
        .iter()
        .filter(|(k, _)| {
            let d = day_ago(*k);
            d[..7] != last_month && d[..7] == previous_month(&last_month)
        })
        .count();
    assert_eq!(days_shown, want, "the month before: a coloured day per check-in");
    app.click("#calendar-next").await;
    app.wait_text("#trend-calendar-title", &this_month).await;
    // At this month "next" is off: the focus goes to the other arrow.
    app.wait_focus("calendar-previous").await;

    done(machine, app, &[CLI_MARKER]).await;
}

#[tokio::test(flavor = "current_thread")]
async fn a_check_in_in_japanese_by_keyboard_at_a_persons_pace() {
    let (machine, app) = seeded().await;
    in_japanese(&app).await;
    // The check-in in Japanese, keyboard only, counting every key.
    app.click("#nav-journal").await;
    app.wait_text("#checkin-title", "今日のチェックイン").await;
    app.wait("#ci-mood").await;
    assert_eq!(app.focused().await, "ci-mood", "the focus starts on 気分");
    let mut keys = 0;
    for step in ["6", "\t", "5", "\t", "4", "\t", "7", "\t", " ", "\n"] {
        match step {
            "\t" => app.keys_here(&[Key::Tab]).await,
            "\n" => app.keys_here(&[Key::Enter]).await,
            " " => app.keys_here(&[Key::Space]).await,
            text => app.type_here(text).await,
        }
        keys += 1;
    }
    assert!(keys <= 15, "{keys} keys");
    assert_eq!(keys, 10);
    app.wait_text("#checkin-status", "チェックインを保存しました").await;
    assert_eq!(app.focused().await, "checkin-status", "the focus is on what says it was saved");
    app.screenshot("ja-journal-checkin-saved").await;
    // The core alone refuses 7.25 hours (the screen once rounded it to 7.5
    // and saved what nobody typed): its words, the focus on the field.
    app.click("#ci-sleep").await;
    app.press_ctrl("a").await;
    app.type_here("7.25").await;
    app.keys_here(&[Key::Enter]).await;
    app.wait_text("#checkin-error", "睡眠：0〜24時間を30分単位で入力してください").await;
    app.wait_focus("ci-sleep").await;
    app.screenshot("ja-journal-sleep-refused").await;
    app.press_ctrl("a").await;
    app.type_here("7").await;
    app.keys_here(&[Key::Enter]).await;
    app.wait_text("#checkin-status", "チェックインを保存しました").await;
    // Saved as typed: the page drawn again holds the day's values.
    app.click("#go-trends").await;
    app.click("#nav-journal").await;
    app.wait_text("#checkin-status", "チェックイン済み").await;
    assert_eq!(app.value("#ci-mood").await, "6");
    assert_eq!(app.value("#ci-energy").await, "5");
    assert_eq!(app.value("#ci-stress").await, "4");
    assert_eq!(app.value("#ci-sleep").await, "7");
    assert!(app.wait("#ci-care-0").await.prop("checked").await.unwrap().as_deref() == Some("true"));
    app.wait("#strain-notice").await;
    let message = app.text_content("#strain-message").await;
    assert!(message.contains("14日") && message.contains("境界線にかかわるできごとを3件"), "{message}");

    // An earlier day, by keyboard at a person's pace: Alt+← opens
    // yesterday's check-in with the focus on 気分; typed over, Enter saves.
    assert_eq!(app.focused().await, "ci-mood");
    app.keys_here(&[Key::Alt, Key::Left]).await;
    let yesterday = day_ago(1);
    poll("yesterday's check-in", Duration::from_secs(10), || async {
        (app.value("#ci-day").await == yesterday).then_some(())
    })
    .await;
    app.wait_text("#checkin-title", "チェックイン（").await;
    assert!(!app.text_content("#checkin-title").await.contains("今日"));
    app.wait_focus("ci-mood").await;
    for (value, next) in [("3", Key::Tab), ("2", Key::Tab), ("9", Key::Enter)] {
        app.press_ctrl("a").await;
        app.type_here(value).await;
        tokio::time::sleep(Duration::from_millis(400)).await;
        app.keys_here(&[next]).await;
    }
    app.wait_text("#checkin-status", "チェックインを保存しました").await;
    assert_eq!(app.focused().await, "checkin-status");
    app.screenshot("ja-journal-checkin-earlier-day").await;
    // Alt+→ back to today, Alt+← again: yesterday holds what was typed.
    app.keys_here(&[Key::Alt, Key::Right]).await;
    app.wait_text("#checkin-title", "今日のチェックイン").await;
    app.keys_here(&[Key::Alt, Key::Right]).await;
    app.wait_text("#ci-day-error", "今日より先の日にはチェックインできません").await;
    assert_eq!(app.value("#ci-day").await, day_ago(0), "still today");
    // A day to come typed in the date field: refused with the core's words.
    app.js("const d = document.querySelector('#ci-day'); d.value = '2099-01-01';
        d.dispatchEvent(new Event('change')); return true;")
        .await;
    app.wait_text("#ci-day-error", "未来の日付は選べません").await;
    assert_eq!(app.value("#ci-day").await, day_ago(0), "the page stays on today");
    assert_eq!(app.focused().await, "ci-day");
    // An earlier day picked in the field opens it, without asking about
    // unsaved changes (choosing a day is not an edit).
    let two_days_ago = day_ago(2);
    app.js(&format!(
        "const d = document.querySelector('#ci-day'); d.value = '{two_days_ago}';
        d.dispatchEvent(new Event('input', {{ bubbles: true }}));
        d.dispatchEvent(new Event('change', {{ bubbles: true }})); return true;"
    ))
    .await;
    poll("two days ago", Duration::from_secs(10), || async {
        (app.value("#ci-day").await == two_days_ago).then_some(())
    })
    .await;
    assert_eq!(count(&app, "#confirm-leave").await, 0, "no question about unsaved changes");
    app.wait_focus("ci-day").await;
    app.keys_here(&[Key::Alt, Key::Right]).await;
    poll("yesterday again", Duration::from_secs(10), || async {
        (app.value("#ci-day").await == yesterday).then_some(())
    })
    .await;
    assert_eq!(
        [app.value("#ci-mood").await, app.value("#ci-energy").await, app.value("#ci-stress").await],
        ["3", "2", "9"]
    );
    // Alt+→ from the date field keeps the focus there.
    app.wait_focus("ci-day").await;
    app.click("#ci-today").await;
    app.wait_text("#checkin-title", "今日のチェックイン").await;

    done(machine, app, &[CLI_MARKER]).await;
}
