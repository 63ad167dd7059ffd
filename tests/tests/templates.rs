//! The WRAP-style recovery planning group and the family group, each run as
//! a whole meeting with the keyboard in English and in Japanese: every
//! phase in order with its checklist ticked, the sharing round where the
//! template has it, the meeting ended and its record saved. Pictures of the
//! first phase and of the sharing at 1280×800 and 1024×700.

mod common;

use common::{key, App, Machine};
use fantoccini::key::Key;
use std::sync::OnceLock;

const PASS: &str = "quiet river morning tea";

fn template_for(lang: &'static str) -> &'static Machine {
    static EN: OnceLock<Machine> = OnceLock::new();
    static JA: OnceLock<Machine> = OnceLock::new();
    let cell = if lang.starts_with("ja") { &JA } else { &EN };
    cell.get_or_init(|| {
        let machine = Machine::new(lang);
        machine.enza(PASS, &["init"]);
        machine
    })
}

async fn shortcut(app: &App, keys: &str) {
    app.press(".live", keys).await;
}

async fn tick_all(app: &App) {
    let count = app.client.find_all(fantoccini::Locator::Css("#items li")).await.unwrap().len();
    for i in 0..count {
        shortcut(app, " ").await;
        app.wait(&format!("#item-{i}:checked")).await;
    }
}

/// Runs `template` from start to record: `phases` are its phase titles, the
/// sharing round in the phase at `sharing`; `says` a script of its first
/// phase, read aloud on the screen.
async fn whole_meeting(lang: &'static str, template: &str, phases: &[&str], sharing: usize, says: &str, name: &str) {
    let (_machine, app) = Machine::unlocked_copy_of(template_for(lang), PASS).await;
    let enter = key(Key::Enter);
    app.wait("#nav-reflections").await;
    app.press("#nav-meetings", &enter).await;
    app.wait("#template").await;
    app.choose("#template", &format!("builtin:{template}")).await;
    app.wait_text("#plan", "90").await;
    app.press("#start-meeting", &enter).await;
    app.wait("#phase-strip").await;
    for (i, title) in phases.iter().enumerate() {
        app.wait_text("#phase-title", title).await;
        if i == 0 {
            // The first item's words, read aloud, are on the screen.
            app.wait_text("#script", says).await;
            app.two_sizes(&format!("{name}-opening")).await;
        }
        tick_all(&app).await;
        if i == sharing {
            app.type_into("#present", "3").await;
            app.press("#present", &enter).await;
            app.wait("#current-speaker").await;
            app.two_sizes(&format!("{name}-sharing")).await;
            for _ in 0..3 {
                shortcut(&app, "n").await;
            }
            app.wait("#round-done").await;
        }
        if i + 1 < phases.len() {
            shortcut(&app, &key(Key::Right)).await;
        }
    }
    shortcut(&app, "e").await;
    app.press("#confirm-end-yes", &enter).await;
    app.type_into("#rec-attendance", "3").await;
    app.type_into("#rec-newcomers", "1").await;
    app.press("#save-record", &enter).await;
    app.wait("#record-saved:focus").await;
    app.quit().await;
}

#[tokio::test]
async fn a_whole_wrap_style_meeting_in_english() {
    let phases = ["Opening", "Agreements", "Check-in", "Today's topic", "Working on my plan, and sharing", "Closing"];
    whole_meeting("en_US.UTF-8", "wrap", &phases, 4, "our own plans for staying well", "en-60-wrap").await;
}

#[tokio::test]
async fn a_whole_wrap_style_meeting_in_japanese() {
    let phases =
        ["はじまり", "約束ごと", "チェックイン", "今日のテーマ", "自分のプランづくりと分かち合い", "クロージング"];
    whole_meeting("ja_JP.UTF-8", "wrap", &phases, 4, "元気を保つためのプラン", "ja-60-wrap").await;
}

#[tokio::test]
async fn a_whole_family_group_meeting_in_english() {
    let phases = ["Opening", "Ground rules", "Sharing", "Information exchange", "Closing"];
    whole_meeting("en_US.UTF-8", "family", &phases, 2, "family members and others close to someone", "en-61-family")
        .await;
}

#[tokio::test]
async fn a_whole_family_group_meeting_in_japanese() {
    let phases = ["はじまり", "グラウンドルール", "分かち合い", "情報交換", "クロージング"];
    whole_meeting("ja_JP.UTF-8", "family", &phases, 2, "家族や周りの人", "ja-61-family").await;
}
