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

async fn save_record(app: &App, attendance: &str, newcomers: &str) {
    app.type_into("#rec-attendance", attendance).await;
    app.type_into("#rec-newcomers", newcomers).await;
    enter(app, "#save-record").await;
    app.wait("#record-saved").await;
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
    app.screenshot("en-40-templates").await;
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
    app.type_into("#group-name", GROUP_MARKER).await;
    app.choose("#group-template", "user:1").await;
    app.type_into("#group-minutes", "60").await;
    app.screenshot("en-42-group-edit").await;
    enter(&app, "#save-group").await;
    app.wait_text("#group-title", GROUP_MARKER).await;
    app.wait_text("#attendance", "No recorded meetings").await;

    // Starting from the group's page chooses its template and length.
    enter(&app, "#group-start").await;
    app.wait_text("#plan", "60 min").await;
    assert_eq!(app.value("#template").await, "user:1");
    enter(&app, "#start-meeting").await;
    app.wait_text("#current-item", "Welcome, especially newcomers").await;
    end_meeting(&app).await;
    assert_eq!(app.value("#rec-facilitators").await, "", "nothing to offer the first time");
    app.type_into("#rec-facilitators", "Aki").await;
    save_record(&app, "6", "2").await;
    app.wait_text("#session-group", GROUP_MARKER).await;

    // The second meeting: the group chosen on the Meetings page.
    enter(&app, "#nav-meetings").await;
    app.choose("#group", "1").await;
    assert_eq!(app.value("#template").await, "user:1");
    enter(&app, "#start-meeting").await;
    end_meeting(&app).await;
    assert_eq!(app.value("#rec-facilitators").await, "Aki", "last time's name is offered");
    save_record(&app, "4", "0").await;

    // The group's page: newest first, and attendance over time.
    open_from_meetings(&app, "#manage-groups").await;
    app.wait_text("#groups", GROUP_MARKER).await;
    app.screenshot("en-46-groups").await;
    app.click(".group-item").await;
    app.wait_text("#attendance-summary", "2 recorded meetings · 5.0 attended on average · 2 newcomers in all").await;
    let history = app.client.find_all(fantoccini::Locator::Css("#group-history .entry-meta")).await.unwrap();
    let mut metas = Vec::new();
    for el in history {
        metas.push(el.text().await.unwrap());
    }
    assert_eq!(metas, ["4 attended", "6 attended"], "newest first");
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
    app.screenshot("en-43-group-attendance").await;

    // Meetings lists the group; the built-in standard meeting is unchanged.
    enter(&app, "#nav-meetings").await;
    app.wait_text("#history", "4 attended").await;
    assert_eq!(app.text_content("#history .entry-excerpt").await, format!("{GROUP_MARKER} · Heron format"));
    app.screenshot("en-44-meetings-with-groups").await;
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
    app.screenshot("ja-40-templates").await;
    enter(&app, "#copy-template-3").await;
    app.wait("#template-copied").await;
    assert!(app.value("#tpl-name").await.ends_with("(コピー)"));
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
    app.screenshot("ja-42-group-edit").await;
    enter(&app, "#save-group").await;
    app.wait_text("#group-saved", "保存しました").await;

    enter(&app, "#group-start").await;
    app.wait_text("#plan", "90分").await;
    enter(&app, "#start-meeting").await;
    app.wait_text("#phase-title", "安心できる場づくり").await;
    end_meeting(&app).await;
    save_record(&app, "7", "1").await;
    app.wait_text("#session-group", "火曜の家族会").await;

    open_from_meetings(&app, "#manage-groups").await;
    app.wait_text("#groups", "火曜の家族会").await;
    app.screenshot("ja-44-groups").await;
    app.click(".group-item").await;
    app.wait_text("#attendance-summary", "記録された会 1回 · 平均 7.0人参加").await;
    app.screenshot("ja-43-group-attendance").await;
    app.set_text_scale(200).await;
    app.screenshot("ja-43-group-attendance-200pct").await;
    app.set_text_scale(100).await;

    // Deleting the copy asks first.
    open_from_meetings(&app, "#manage-templates").await;
    enter(&app, "#delete-template-4").await;
    app.wait_text("#confirm-delete-template", "削除しますか").await;
    enter(&app, "#confirm-delete-template-yes").await;
    app.wait_text("#templates-notice", "削除しました").await;
    app.quit().await;
    machine.assert_no_file_contains(&["火曜の家族会"]);
}
