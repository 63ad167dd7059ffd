//! Groups and templates in the real window: a copy of a built-in is renamed,
//! reordered and edited with the keyboard while the built-in stays; a group
//! meets with it; its page lists its meetings newest first and shows
//! attendance over time; the record offers the facilitator's name again.

mod common;

use common::{first_run, key, App, Machine};
use fantoccini::key::Key;

const PASS: &str = "quiet river morning tea";
const TEMPLATE_MARKER: &str = "kestrel-template-e2e";
const GROUP_MARKER: &str = "Heron circle";

async fn enter(app: &App, css: &str) {
    app.press(css, &key(Key::Enter)).await;
}

/// Opens a page under Meetings (groups, templates) from the top bar.
async fn open_from_meetings(app: &App, button: &str) {
    enter(app, "#nav-meetings").await;
    enter(app, button).await;
}

/// Ends the running meeting from the live screen and opens the record.
async fn end_meeting(app: &App) {
    app.wait("#phase-strip").await;
    app.press(".live", "e").await;
    enter(app, "#confirm-end-yes").await;
    app.wait("#rec-attendance").await;
}

/// Saves the record; the session page then shows "Record saved." in view,
/// with the focus on it, and the button under the record says edit.
async fn save_record(app: &App, attendance: &str, newcomers: &str, edit: &str) {
    app.type_into("#rec-attendance", attendance).await;
    app.type_into("#rec-newcomers", newcomers).await;
    enter(app, "#save-record").await;
    app.wait("#record-saved:focus").await;
    assert_in_view(app, "#record-saved").await;
    app.wait_text("#edit-record", edit).await;
}

/// Fails unless `css` lies wholly inside the window as it is now.
async fn assert_in_view(app: &App, css: &str) {
    let script = "const r = document.querySelector(arguments[0]).getBoundingClientRect();
        return r.top >= 0 && r.bottom <= innerHeight && r.left >= 0 && r.right <= innerWidth;";
    let inside = app.client.execute(script, vec![css.into()]).await.unwrap();
    assert_eq!(inside, serde_json::Value::Bool(true), "{css} is not in view");
}

/// A screenshot at 1280×800 and another at 1024×700 (`NAME-1024`).
async fn two_sizes(app: &App, name: &str) {
    app.screenshot(name).await;
    app.client.set_window_size(1024, 700).await.unwrap();
    app.screenshot(&format!("{name}-1024")).await;
    app.client.set_window_size(1280, 800).await.unwrap();
}

/// The meta lines of a session list, top to bottom.
async fn metas(app: &App, css: &str) -> Vec<String> {
    let mut out = Vec::new();
    for el in app.client.find_all(fantoccini::Locator::Css(css)).await.unwrap() {
        out.push(el.text().await.unwrap());
    }
    out
}

/// "14:02 · under 1 min · 4 attended": start time, length, then `rest`.
fn is_meta(meta: &str, length: &str, rest: &str) -> bool {
    let b = meta.as_bytes();
    meta.len() > 5
        && b[..5].iter().enumerate().all(|(i, c)| if i == 2 { *c == b':' } else { c.is_ascii_digit() })
        && (meta[5..] == format!(" · {length} · {rest}") || meta[5..] == format!("・{length}・{rest}"))
}

#[tokio::test(flavor = "current_thread")]
async fn a_group_meets_with_its_own_copy_of_a_template() {
    let machine = Machine::new("en_US.UTF-8");
    let app = machine.launch().await;
    first_run(&app, "en", PASS).await;

    // Built-ins can only be copied.
    open_from_meetings(&app, "#manage-templates").await;
    app.wait_text("#templates", "Standard peer-support meeting").await;
    assert!(app.client.find(fantoccini::Locator::Css("#edit-template-0")).await.is_err(), "no editing a built-in");
    two_sizes(&app, "en-40-templates").await;
    enter(&app, "#copy-template-0").await;
    app.wait("#template-copied").await;
    assert_eq!(app.value("#tpl-name").await, "Standard peer-support meeting (copy)");

    app.type_into("#tpl-name", "Heron format").await;
    // Leaving with unsaved changes asks first; staying keeps them.
    enter(&app, "#nav-meetings").await;
    app.wait_text("#confirm-leave", "not saved").await;
    app.screenshot("en-47-unsaved-changes").await;
    enter(&app, "#stay").await;
    assert_eq!(app.value("#tpl-name").await, "Heron format");
    // Move "Welcome" from third to first, one place at a time.
    assert_eq!(app.value("#item-0-2-label").await, "Welcome, especially newcomers");
    enter(&app, "#item-0-2-up").await;
    app.wait("#item-0-1-up:focus").await;
    enter(&app, "#item-0-1-up").await;
    assert_eq!(app.value("#item-0-0-label").await, "Welcome, especially newcomers");
    // Alt+↓ moves it back down one place and keeps the focus on it.
    app.press("#item-0-0-label", &format!("{}{}{}", key(Key::Alt), key(Key::Down), key(Key::Null))).await;
    app.wait("#item-0-1-label:focus").await;
    assert_eq!(app.value("#item-0-1-label").await, "Welcome, especially newcomers");
    enter(&app, "#item-0-1-up").await;
    assert_eq!(app.value("#item-0-0-label").await, "Welcome, especially newcomers");
    app.type_into("#item-1-0-script", &format!("What is said here stays here. {TEMPLATE_MARKER}")).await;

    // A new item left blank is refused with a clear message, then removed.
    enter(&app, "#phase-3-add").await;
    let blank = app.client.active_element().await.unwrap().attr("id").await.unwrap().unwrap();
    enter(&app, "#save-template").await;
    app.wait_text("#error", "needs a name").await;
    app.screenshot("en-41-template-editor").await;
    enter(&app, &format!("#{}", blank.replace("-label", "-remove"))).await;
    enter(&app, "#phase-3-add").await;
    app.type_into(&format!("#{blank}"), "Stack the chairs together").await;
    enter(&app, "#save-template").await;
    app.wait_text("#templates-notice", "Saved “Heron format”").await;
    app.wait_text("#templates", "Heron format").await;
    app.screenshot("en-45-templates-with-a-copy").await;

    // A group that meets for an hour with that copy.
    open_from_meetings(&app, "#manage-groups").await;
    app.wait("#groups-empty").await;
    enter(&app, "#new-group").await;
    // A new group lasts as long as its template plans: the standard, 85 min.
    assert_eq!(app.value("#group-minutes").await, "85");
    app.type_into("#group-name", GROUP_MARKER).await;
    app.choose("#group-template", "user:1").await;
    app.type_into("#group-minutes", "60").await;
    two_sizes(&app, "en-42-group-edit").await;
    enter(&app, "#save-group").await;
    app.wait_text("#group-title", GROUP_MARKER).await;
    app.wait_text("#attendance", "No recorded meetings").await;

    // The group's page starts its meeting at once, with its own template.
    enter(&app, "#group-start").await;
    app.wait_text("#current-item", "Welcome, especially newcomers").await;
    end_meeting(&app).await;
    assert_eq!(app.value("#rec-facilitators").await, "", "nothing to offer the first time");
    app.type_into("#rec-facilitators", "Aki").await;
    save_record(&app, "6", "2", "Edit the record").await;
    app.wait_text("#session-group", GROUP_MARKER).await;
    two_sizes(&app, "en-48-session-record-saved").await;

    // The second meeting: the group chosen on the Meetings page.
    enter(&app, "#nav-meetings").await;
    app.choose("#group", "1").await;
    assert_eq!(app.value("#template").await, "user:1");
    enter(&app, "#start-meeting").await;
    end_meeting(&app).await;
    assert_eq!(app.value("#rec-facilitators").await, "Aki", "last time's name is offered");
    save_record(&app, "4", "0", "Edit the record").await;

    // The group's page: newest first, and attendance over time.
    open_from_meetings(&app, "#manage-groups").await;
    app.wait_text("#groups", GROUP_MARKER).await;
    app.screenshot("en-46-groups").await;
    app.click(".group-item").await;
    app.wait_text("#attendance-summary", "2 recorded meetings · 5.0 attended on average · 2 newcomers in all").await;
    // Two meetings begun in the same minute differ by what they say: the
    // start time, the length and how many attended; newest first.
    let history = metas(&app, "#group-history .entry-meta").await;
    assert!(
        history.len() == 2
            && is_meta(&history[0], "under 1 min", "4 attended")
            && is_meta(&history[1], "under 1 min", "6 attended"),
        "newest first, each with its time and length: {history:?}"
    );
    // One date format: "23 Nov 2026".
    let day = app.text("#group-history .entry-title").await.unwrap();
    assert!(day.split(' ').count() == 3 && day.ends_with(|c: char| c.is_ascii_digit()), "{day}");
    app.click("#attendance-details summary").await;
    app.wait("#attendance-table").await;
    let mut rows = Vec::new();
    for row in app.client.find_all(fantoccini::Locator::Css("#attendance-table tbody tr")).await.unwrap() {
        let mut cells = Vec::new();
        for cell in row.find_all(fantoccini::Locator::Css("td:not(:first-child)")).await.unwrap() {
            cells.push(cell.text().await.unwrap());
        }
        rows.push(cells.join("/"));
    }
    assert_eq!(rows, ["4/0", "6/2"], "attended/newcomers, newest first");
    two_sizes(&app, "en-43-group-attendance").await;

    // Meetings lists the group; the built-in standard meeting is unchanged.
    enter(&app, "#nav-meetings").await;
    app.wait_text("#history", "4 attended").await;
    assert_eq!(app.text_content("#history .entry-excerpt").await, format!("{GROUP_MARKER} · Heron format"));
    two_sizes(&app, "en-44-meetings-with-groups").await;

    // The crisis card's editor: a new contact's first field has the focus,
    // and the date picker speaks the interface language.
    enter(&app, "#crisis-edit").await;
    app.wait("#add-contact").await;
    enter(&app, "#add-contact").await;
    let focused = app.client.active_element().await.unwrap().attr("id").await.unwrap().unwrap();
    assert!(focused.starts_with("service-"), "the new contact's service field has the focus, not {focused}");
    let n = &focused["service-".len()..];
    assert_eq!(app.wait(&format!("#checked-{n}")).await.attr("lang").await.unwrap().as_deref(), Some("en"));
    // WebKitGTK writes the picker its own way; the line under it says the day as the app does.
    let shown = app.text_content(&format!("#checked-{n}-shown")).await;
    assert!(shown.split(' ').count() == 3 && shown.ends_with(|c: char| c.is_ascii_digit()), "{shown}");
    app.type_into(&format!("#service-{n}"), "Heron line").await;
    enter(&app, "#add-contact").await;
    let n2 = format!("{}", n.parse::<usize>().unwrap() + 1);
    app.wait(&format!("#service-{n2}:focus")).await;
    two_sizes(&app, "en-49-crisis-edit").await;
    enter(&app, "#nav-meetings").await;
    enter(&app, "#confirm-leave-yes").await;
    app.wait("#start-meeting").await;
    app.choose("#group", "").await;
    app.choose("#template", "builtin:standard").await;
    enter(&app, "#start-meeting").await;
    app.wait_text("#current-item", "Room and seating").await;
    app.quit().await;
    machine.assert_no_file_contains(&[TEMPLATE_MARKER, GROUP_MARKER, "Heron format", "Stack the chairs"]);
}

#[tokio::test(flavor = "current_thread")]
async fn groups_and_templates_in_japanese() {
    let machine = Machine::new("ja_JP.UTF-8");
    let app = machine.launch().await;
    first_run(&app, "ja", PASS).await;

    open_from_meetings(&app, "#manage-templates").await;
    app.wait_text("#templates", "当事者研究").await;
    // A number stays with its unit: "85分", never "85 / 分".
    assert_eq!(app.text_content("#templates .template-row .nowrap").await, "85分");
    two_sizes(&app, "ja-40-templates").await;
    enter(&app, "#copy-template-3").await;
    app.wait("#template-copied").await;
    assert!(app.value("#tpl-name").await.ends_with("（コピー）"));
    app.screenshot("ja-41-template-editor").await;
    app.set_text_scale(200).await;
    app.screenshot("ja-41-template-editor-200pct").await;
    app.set_text_scale(100).await;
    enter(&app, "#save-template").await;
    app.wait_text("#templates-notice", "保存しました").await;

    open_from_meetings(&app, "#manage-groups").await;
    app.wait_text("#groups-empty", "まだグループがありません").await;
    enter(&app, "#new-group").await;
    app.type_into("#group-name", "火曜の家族会").await;
    app.choose("#group-template", "builtin:iippanashi").await;
    assert_eq!(app.value("#group-minutes").await, "85", "the template's planned length");
    two_sizes(&app, "ja-42-group-edit").await;
    enter(&app, "#save-group").await;
    app.wait_text("#group-saved", "保存しました").await;

    two_sizes(&app, "ja-45-group-page").await;
    enter(&app, "#group-start").await;
    app.wait_text("#phase-title", "安心できる場づくり").await;
    end_meeting(&app).await;
    two_sizes(&app, "ja-46-record").await;
    save_record(&app, "7", "1", "記録を編集").await;
    app.wait_text("#session-group", "火曜の家族会").await;
    // "2026年11月23日 14:02のミーティング"
    let title = app.text("h1").await.unwrap();
    assert!(
        title.contains('年') && title.contains('月') && title.contains("日 ") && title.ends_with("のミーティング"),
        "{title}"
    );
    two_sizes(&app, "ja-47-session-record-saved").await;

    open_from_meetings(&app, "#manage-groups").await;
    app.wait_text("#groups", "火曜の家族会").await;
    app.screenshot("ja-44-groups").await;
    app.click(".group-item").await;
    app.wait_text("#attendance-summary", "記録したミーティング：1回・平均参加人数：7.0人・初参加：のべ1人").await;
    let history = metas(&app, "#group-history .entry-meta").await;
    assert!(history.len() == 1 && is_meta(&history[0], "1分未満", "参加7人"), "{history:?}");
    two_sizes(&app, "ja-43-group-attendance").await;
    enter(&app, "#nav-meetings").await;
    app.wait_text("#history", "参加7人").await;
    two_sizes(&app, "ja-48-meetings").await;
    enter(&app, "#crisis-edit").await;
    enter(&app, "#add-contact").await;
    let focused = app.client.active_element().await.unwrap().attr("id").await.unwrap().unwrap();
    assert!(focused.starts_with("service-"), "{focused}");
    assert_eq!(
        app.wait(&format!("#checked-{}", &focused[8..])).await.attr("lang").await.unwrap().as_deref(),
        Some("ja")
    );
    let shown = app.text_content(&format!("#checked-{}-shown", &focused[8..])).await;
    assert!(shown.contains('年') && shown.contains('月') && shown.ends_with('日'), "{shown}");
    two_sizes(&app, "ja-49-crisis-edit").await;
    open_from_meetings(&app, "#manage-groups").await;
    app.click(".group-item").await;
    app.wait("#attendance-summary").await;
    app.set_text_scale(200).await;
    app.screenshot("ja-43-group-attendance-200pct").await;
    app.set_text_scale(100).await;

    // Deleting the copy asks first.
    open_from_meetings(&app, "#manage-templates").await;
    // The copy comes after the six built-ins.
    enter(&app, "#delete-template-6").await;
    app.wait_text("#confirm-delete-template", "削除しますか").await;
    enter(&app, "#confirm-delete-template-yes").await;
    app.wait_text("#templates-notice", "削除しました").await;
    app.quit().await;
    machine.assert_no_file_contains(&["火曜の家族会"]);
}
