//! Search in the real window, from the keyboard: Ctrl+K on the Meetings
//! screen and "/" on the reflections list open it; a two-character Japanese
//! query finds a word inside a longer one, highlighted; an English word, the
//! arrows and Enter open the reflection in its editor; the kind filter finds
//! a check-in and opens its day; a boundary event opens focused in its list;
//! a meeting's theme opens its page (Enter with none chosen opens the first),
//! a group its page and the self-care plan the plan;
//! Esc closes and gives the focus back. Pictures at 1280×800 and 1024×700 in
//! English and Japanese, light and dark. The reflections, the check-in and
//! the boundary event are written once with the CLI and copied into each
//! test's own machine; each test stands alone.

mod common;

use common::{key, poll, App, Machine};
use fantoccini::key::Key;
use std::sync::OnceLock;
use std::time::Duration;

const PASS: &str = "quiet river morning tea";
/// Kept out of every file on disk (the search index is inside the vault).
const MARKER: &str = "MARKER-SEARCH-境界線";
const OLDER_BODY: &str = "今日は境界線の話になった。The evening circle ran long.";
const NEWER_BODY: &str = "A calm evening walk after the circle.";
const CHECKIN_NOTE: &str = "川沿いを散歩した";
const BOUNDARY_TEXT: &str = "Late message; 境界をはっきり伝えた。";
const THEMES: &str = "職場での疲れ";
const GROUP: &str = "水曜の家族会";
const PLAN_TEXT: &str = "湯船につかる。A long bath.";

/// A person's pause between keys.
const PACE: Duration = Duration::from_millis(700);

async fn enter(app: &App, css: &str) {
    app.press(css, &key(Key::Enter)).await;
}

/// The vault the tests start from, written once with the CLI: three
/// reflections (the older holds 境界 inside 境界線), today's check-in and a
/// boundary event.
fn seeded_template() -> &'static Machine {
    static TEMPLATE: OnceLock<Machine> = OnceLock::new();
    TEMPLATE.get_or_init(|| {
        let machine = Machine::new("en_US.UTF-8");
        machine.enza(PASS, &["init"]);
        let older = format!("{OLDER_BODY} {MARKER}");
        machine.enza(PASS, &["reflection", "add", "--title", "After the Tuesday circle", &older]);
        machine.enza(PASS, &["reflection", "add", NEWER_BODY]);
        machine.enza(PASS, &["reflection", "add", "Café night: self-care, then カタカナ practice"]);
        machine
            .enza(PASS, &["checkin", "add", "--mood", "6", "--energy", "5", "--stress", "4", "--note", CHECKIN_NOTE]);
        machine.enza(PASS, &["boundary", "add", "--kind", "other", "--what", BOUNDARY_TEXT]);
        machine
    })
}

/// A machine of its own with the seeded vault, unlocked in the window.
async fn seeded() -> (Machine, App) {
    let (machine, app) = Machine::unlocked_copy_of(seeded_template(), PASS).await;
    app.wait("#nav-reflections[aria-current=page]").await;
    (machine, app)
}

async fn done(machine: Machine, app: App) {
    app.quit().await;
    machine.assert_no_file_contains(&[MARKER]);
}

async fn search_open(app: &App) -> bool {
    app.js("return !!document.querySelector('dialog#search[open]');").await == serde_json::Value::Bool(true)
}

async fn wait_closed(app: &App) {
    poll("the search closes", Duration::from_secs(5), || async { (!search_open(app).await).then_some(()) }).await;
}

/// Types `query` into the search field and waits for its own results: the
/// status reads `status` and the list answers the whole query (an answer
/// to a prefix, searched while a slow key was on its way, has the same
/// count at times).
async fn search_for(app: &App, query: &str, status: &str) {
    app.type_here(query).await;
    app.wait_text("#search-status", status).await;
    let script = "return document.getElementById('search-results').dataset.query ?? null;";
    poll(&format!("the results for {query:?}"), Duration::from_secs(10), || async {
        (app.js(script).await.as_str() == Some(query)).then_some(())
    })
    .await;
    app.wait_text("#search-status", status).await;
}

/// The texts of the highlighted pieces of every result.
async fn marks(app: &App) -> Vec<String> {
    let v = app.js("return [...document.querySelectorAll('#search-results mark')].map((m) => m.textContent);").await;
    serde_json::from_value(v).unwrap()
}

async fn kinds(app: &App) -> Vec<String> {
    let v = app
        .js("return [...document.querySelectorAll('#search-results [role=option]')].map((o) => o.dataset.kind);")
        .await;
    serde_json::from_value(v).unwrap()
}

async fn active_option(app: &App) -> String {
    let v = app.js("return document.querySelector('#search-input').getAttribute('aria-activedescendant') || '';").await;
    v.as_str().unwrap_or_default().to_string()
}

/// Presses a key on whatever has the focus, then pauses as a person would.
async fn press_key(app: &App, k: Key) {
    app.keys_here(&[k]).await;
    tokio::time::sleep(PACE).await;
}

/// The open dialog with its hint, at both sizes.
async fn hints(app: &App, tag: &str) {
    for (w, h) in [(1280, 800), (1024, 700)] {
        app.set_viewport(w, h).await;
        app.screenshot(&format!("{tag}-search-hint-{w}x{h}")).await;
    }
    app.set_viewport(1280, 800).await;
}

/// The dialog over the Meetings screen with `query`'s results, at both sizes.
async fn pictures(app: &App, tag: &str, query: &str, count: &str) {
    app.click("#nav-meetings").await;
    app.wait("#start-meeting").await;
    app.click("#nav-search").await;
    app.wait("#search-input").await;
    search_for(app, query, count).await;
    app.wait("#search-results mark").await;
    press_key(app, Key::Down).await;
    app.wait("#search-hit-0[aria-selected=true]").await;
    for (w, h) in [(1280, 800), (1024, 700)] {
        app.set_viewport(w, h).await;
        app.screenshot(&format!("{tag}-search-{w}x{h}")).await;
    }
    app.set_viewport(1280, 800).await;
    press_key(app, Key::Escape).await;
    wait_closed(app).await;
}

#[tokio::test(flavor = "current_thread")]
async fn queries_find_what_a_person_means_highlighted() {
    let (machine, app) = seeded().await;
    // On the Meetings screen, Ctrl+K opens the search with the focus in it.
    app.click("#nav-meetings").await;
    app.wait("#start-meeting").await;
    let before = app.focused().await;
    assert_ne!(before, "page", "the Meetings screen has the focus somewhere");
    app.press_ctrl("k").await;
    app.wait("#search-input").await;
    assert!(search_open(&app).await, "Ctrl+K opens the search");
    assert_eq!(app.focused().await, "search-input");
    app.wait_text("#search-status", "Type a word").await;
    let hint = app.text_content("#search-status").await;
    assert!(hint.contains("up to 200 characters"), "the box states its limit: {hint}");
    hints(&app, "en").await;

    // What a person means: no accent, joined, the other kana.
    search_for(&app, "cafe selfcare かたかな", "1 result").await;
    assert_eq!(marks(&app).await, ["Café", "self-care", "カタカナ"]);
    press_key(&app, Key::Escape).await;
    wait_closed(&app).await;
    app.press_ctrl("k").await;
    app.wait("#search-input").await;

    // Two Japanese characters find the word inside 境界線 and the event.
    search_for(&app, "境界", "2 results").await;
    let found = marks(&app).await;
    assert!(!found.is_empty() && found.iter().all(|m| m == "境界"), "highlighted: {found:?}");
    let mut got = kinds(&app).await;
    got.sort();
    assert_eq!(got, ["boundary", "reflection"]);
    let snippets = app.text_content("#search-results").await;
    assert!(snippets.contains("境界線の話"), "{snippets}");
    assert_eq!(app.text("#search-results").await.map(|t| t.contains("After the Tuesday circle")), Some(true));
    app.screenshot("en-search-japanese").await;

    // Esc closes, and the focus is back where it was.
    press_key(&app, Key::Escape).await;
    wait_closed(&app).await;
    assert_eq!(app.focused().await, before, "the focus returns");

    done(machine, app).await;
}

#[tokio::test(flavor = "current_thread")]
async fn a_reflection_chosen_by_the_arrows_opens_in_its_editor() {
    let (machine, app) = seeded().await;
    // "/" on the reflections list (the focus on a button) opens it too,
    // and is not typed into the field.
    app.click("#nav-reflections").await;
    app.wait("#new-reflection").await;
    assert_eq!(app.focused().await, "new-reflection");
    app.type_here("/").await;
    app.wait("#search-input").await;
    assert_eq!(app.focused().await, "search-input");
    assert_eq!(app.value("#search-input").await, "");

    // An English word: both reflections, newest first. Tab reaches the
    // filter and Close, Shift+Tab comes back; the arrows choose (the focus
    // stays in the field); Enter opens the older one in its editor.
    search_for(&app, "evening", "2 results").await;
    assert_eq!(marks(&app).await, ["evening", "evening"]);
    app.tab_through(&["search-kind", "search-close"], false).await;
    app.tab_through(&["search-kind", "search-input"], true).await;
    assert_eq!(active_option(&app).await, "", "nothing chosen yet");
    for (k, want) in [
        (Key::Down, "search-hit-0"),
        (Key::Down, "search-hit-1"),
        (Key::Up, "search-hit-0"),
        (Key::Down, "search-hit-1"),
    ] {
        press_key(&app, k).await;
        assert_eq!(active_option(&app).await, want);
        assert_eq!(app.focused().await, "search-input");
    }
    let chosen = app.wait("#search-hit-1[aria-selected=true]").await;
    assert!(chosen.text().await.unwrap().contains("境界線"), "the older reflection is chosen");
    press_key(&app, Key::Enter).await;
    wait_closed(&app).await;
    app.wait("#body").await;
    assert!(app.value("#body").await.contains(OLDER_BODY), "the reflection is open in its editor");
    assert_eq!(app.value("#title").await, "After the Tuesday circle");
    assert_eq!(app.focused().await, "body");

    done(machine, app).await;
}

#[tokio::test(flavor = "current_thread")]
async fn each_kind_of_entry_opens_on_its_own_screen() {
    let (machine, app) = seeded().await;
    // A meeting with a theme, a group and a plan, through their screens.
    app.end_a_meeting_at_once().await;
    app.type_into("#rec-themes", THEMES).await;
    enter(&app, "#save-record").await;
    app.wait("#record-saved").await;
    app.click("#back-to-meetings").await;
    app.click("#manage-groups").await;
    enter(&app, "#new-group").await;
    app.type_into("#group-name", GROUP).await;
    enter(&app, "#save-group").await;
    app.wait_text("#group-title", GROUP).await;
    app.click("#nav-journal").await;
    app.click("#go-plan").await;
    app.type_into("#plan-what-helps", PLAN_TEXT).await;
    enter(&app, "#plan-save").await;
    app.wait("#plan-saved").await;

    // Ctrl+K from inside a text field; only check-ins, the first opens its day.
    app.click("#nav-reflections").await;
    app.click("#new-reflection").await;
    app.click("#body").await;
    app.press_ctrl("k").await;
    app.wait("#search-input").await;
    search_for(&app, "散歩", "1 result").await;
    app.choose("#search-kind", "checkin").await;
    app.wait_text("#search-status", "1 result").await;
    assert_eq!(kinds(&app).await, ["checkin"]);
    press_key(&app, Key::Escape).await;
    wait_closed(&app).await;
    app.press_ctrl("k").await;
    app.wait("#search-input").await;
    assert_eq!(app.value("#search-kind").await, "checkin", "the filter is kept");
    assert_eq!(app.value("#search-input").await, "", "the words are not");
    search_for(&app, "散歩", "1 result").await;
    press_key(&app, Key::Down).await;
    press_key(&app, Key::Enter).await;
    app.wait("#ci-note").await;
    assert_eq!(app.value("#ci-note").await, CHECKIN_NOTE);
    app.wait_text("#checkin-title", "check-in").await;

    // A boundary event opens in its list, focused.
    app.press_ctrl("k").await;
    app.wait("#search-input").await;
    app.choose("#search-kind", "").await;
    app.keys_here(&[Key::Shift, Key::Tab]).await;
    tokio::time::sleep(PACE).await;
    assert_eq!(app.focused().await, "search-input");
    search_for(&app, "はっきり", "1 result").await;
    press_key(&app, Key::Down).await;
    press_key(&app, Key::Enter).await;
    app.wait(".boundary-item.found").await;
    let focused = app.focused().await;
    assert!(focused.starts_with("boundary-"), "the event has the focus: {focused}");
    assert!(app.text_content(".boundary-item.found").await.contains("はっきり"));

    // A meeting opens on its page, its record there.
    app.press_ctrl("k").await;
    app.wait("#search-input").await;
    search_for(&app, "職場", "1 result").await;
    assert_eq!(kinds(&app).await, ["session"]);
    assert_eq!(marks(&app).await, ["職場"]);
    press_key(&app, Key::Enter).await;
    app.wait_text("#record", THEMES).await;
    app.wait("#back-to-meetings").await;

    // A group opens its page; the plan, the plan.
    app.press_ctrl("k").await;
    app.wait("#search-input").await;
    search_for(&app, "家族", "1 result").await;
    assert_eq!(kinds(&app).await, ["group"]);
    press_key(&app, Key::Enter).await;
    app.wait_text("#group-title", GROUP).await;
    app.press_ctrl("k").await;
    app.wait("#search-input").await;
    search_for(&app, "湯船", "1 result").await;
    assert_eq!(kinds(&app).await, ["plan"]);
    press_key(&app, Key::Enter).await;
    app.wait("#plan-what-helps").await;
    assert_eq!(app.value("#plan-what-helps").await, PLAN_TEXT);

    done(machine, app).await;
}

#[tokio::test(flavor = "current_thread")]
async fn nothing_found_says_so_and_pictures_in_both_languages() {
    let (machine, app) = seeded().await;
    // Nothing found says so; the top bar's button opens the search too.
    app.click("#nav-search").await;
    app.wait("#search-input").await;
    app.type_here("zzzq").await;
    app.wait_text("#search-empty", "No results").await;
    assert_eq!(app.text_content("#search-status").await, "No results.", "announced");
    app.screenshot("en-search-empty").await;
    press_key(&app, Key::Escape).await;
    wait_closed(&app).await;

    // Pictures: English light, then Japanese light and dark.
    pictures(&app, "en-light", "境界", "2 results").await;
    pictures(&app, "en-light-evening", "evening", "2 results").await;
    app.click("#nav-settings").await;
    app.choose("#language", "ja").await;
    app.wait_text("#nav-search", "検索").await;
    app.click("#nav-search").await;
    app.wait_text("#search-status", "200文字まで").await;
    hints(&app, "ja").await;
    press_key(&app, Key::Escape).await;
    wait_closed(&app).await;
    pictures(&app, "ja-light", "境界", "2件").await;
    app.set_appearance("dark").await;
    pictures(&app, "ja-dark", "境界", "2件").await;
    app.click("#nav-search").await;
    app.type_here("ないもの").await;
    app.wait_text("#search-empty", "見つかりませんでした").await;
    app.screenshot("ja-dark-search-empty").await;
    press_key(&app, Key::Escape).await;
    wait_closed(&app).await;

    done(machine, app).await;
}
