//! The research notebook (当事者研究) in the real window, by keyboard: a
//! piece of research started and its pattern written step by step in
//! Japanese, Tab going through the editor at a person's pace while the
//! diagram redraws; the diagram and its text version saying the same steps
//! and loop; the pattern changed (a step moved, its loop following) and
//! both versions kept; search finding it; the sheet reached and printed
//! by keyboard; a 当事者研究 meeting linked to the theme; pictures at
//! 1280×800 and 1024×700, light and dark, in both languages; no words of it
//! on disk.

mod common;

use common::{key, App, Machine};
use fantoccini::key::Key;

const PASS: &str = "quiet river morning tea";
const THEME: &str = "幻聴とのつきあい方 MARKER-研究テーマ";
const STEPS: [&str; 4] = [
    "夜、ひとりの部屋にいる",
    "幻聴さんが「おまえはだめだ」と言う 辻\u{E0100}さんの声に似ている",
    "こわくて、からだが固くなる",
    "眠らずに一晩中スマホを見る MARKER-ステップ",
];

/// Text committed by an input method into the focused field, as WebKit
/// receives it: one insertText, then the input event the page listens to.
async fn ime_commit(app: &App, text: &str) {
    let script = "document.execCommand('insertText', false, arguments[0]);";
    app.client.execute(script, vec![serde_json::json!(text)]).await.unwrap();
}

async fn enter(app: &App, css: &str) {
    app.press(css, &key(Key::Enter)).await;
}

/// The diagram's boxes ("1 · 状況") and back arrows ("4→2"), and the text
/// version's lines, as the screen shows them.
async fn drawn(app: &App, id: &str) -> (Vec<String>, Vec<String>, Vec<String>) {
    let script = format!(
        "const f = document.getElementById('{id}');
         if (!f) return [[], [], []];
         return [
           [...f.querySelectorAll('.step-header')].map((t) => t.textContent),
           [...f.querySelectorAll('.arrow.back')].map((a) => a.dataset.from + '→' + a.dataset.to),
           [...f.querySelectorAll('.pattern-text li')].map((li) => li.textContent),
         ];"
    );
    let v = app.js(&script).await;
    let list = |i: usize| v[i].as_array().unwrap().iter().map(|s| s.as_str().unwrap().to_owned()).collect();
    (list(0), list(1), list(2))
}

/// The drawing and the text say the same: each box's number and kind start
/// its line, and each back arrow is said by its step's line.
fn agree(boxes: &[String], back: &[String], text: &[String]) {
    assert_eq!(boxes.len(), text.len(), "{boxes:?} / {text:?}");
    for (b, line) in boxes.iter().zip(text) {
        let (n, kind) = b.split_once(" · ").unwrap();
        assert!(line.starts_with(&format!("{n}. {kind}")), "box {b:?}, line {line:?}");
    }
    for arrow in back {
        let (from, to) = arrow.split_once('→').unwrap();
        let line = &text[from.parse::<usize>().unwrap() - 1];
        let said = if from == to {
            line.contains("→このステップを繰り返す") || line.contains("→ repeats itself")
        } else {
            line.contains(&format!("→ステップ{to}に戻る")) || line.contains(&format!("→ back to step {to}"))
        };
        assert!(said, "{line}");
    }
    let said = text.iter().filter(|l| l.contains('→')).count();
    assert_eq!(said, back.len(), "every loop drawn is said, and no other: {back:?} / {text:?}");
}

async fn wait_drawn(app: &App, id: &str, steps: usize) -> (Vec<String>, Vec<String>, Vec<String>) {
    common::poll(&format!("{steps} steps drawn"), std::time::Duration::from_secs(10), || async {
        let d = drawn(app, id).await;
        (d.0.len() == steps && d.2.len() == steps).then_some(d)
    })
    .await
}

#[tokio::test]
async fn research_written_and_changed_by_keyboard_in_japanese_then_presented_at_a_meeting() {
    let machine = Machine::new("ja_JP.UTF-8");
    machine.enza(PASS, &["init"]);
    let app = machine.launch().await;
    app.type_into("#unlock-passphrase", PASS).await;
    enter(&app, "#unlock-passphrase").await;
    enter(&app, "#nav-journal").await;
    enter(&app, "#go-research").await;
    app.wait_text("h1", "研究ノート").await;
    app.wait_focus("research-theme").await;
    app.screenshot("ja-70-research-empty").await;

    // Start: the theme, the person's own name for the difficulty, Enter.
    app.type_here(THEME).await;
    app.keys_here(&[Key::Tab]).await;
    app.type_here("夜の幻聴さん").await;
    app.keys_here(&[Key::Enter]).await;
    app.wait_focus("study-started").await;
    app.wait_text("#study-theme", "幻聴とのつきあい方").await;
    app.wait("#pattern-empty").await;

    // Four steps, each added with Enter and typed where the focus lands.
    for (i, step) in STEPS.iter().enumerate() {
        enter(&app, "#pattern-add").await;
        app.wait_focus(&format!("pattern-step-{}", i + 1)).await;
        // A name with a variation selector comes from the input method as
        // one committed piece of text (WebDriver's keys drop the selector).
        match step.split_once('辻') {
            Some((before, after)) => {
                app.type_here(before).await;
                ime_commit(&app, "辻\u{E0100}").await;
                app.type_here(after).await;
            }
            None => app.type_here(step).await,
        }
        assert_eq!(app.value(&format!("#pattern-step-{}", i + 1)).await, *step);
    }
    // Tab on from the last step at a person's pace while the diagram is
    // drawn anew: the focus stays in the editor.
    app.tab_through(&["pattern-back-4", "pattern-up-4", "pattern-remove-4", "pattern-add", "pattern-save"], false)
        .await;
    // Step 4 goes back to step 2, chosen with the arrow keys.
    app.choose("#pattern-back-4", "2").await;
    let (boxes, back, text) = common::poll("the loop drawn", std::time::Duration::from_secs(10), || async {
        let d = drawn(&app, "pattern").await;
        (d.1 == ["4→2"] && d.2.len() == 4).then_some(d)
    })
    .await;
    agree(&boxes, &back, &text);
    assert_eq!(text[0], format!("1. 状況：{}", STEPS[0]));
    assert_eq!(boxes[3], "4 · すること");
    app.two_sizes("ja-71-research-pattern-editing").await;
    enter(&app, "#pattern-save").await;
    app.wait_focus("pattern-saved").await;
    let (boxes, back, text) = wait_drawn(&app, "pattern", 4).await;
    agree(&boxes, &back, &text);
    assert_eq!(back, ["4→2"]);
    assert!(text[3].ends_with("（→ステップ2に戻る）"), "{}", text[3]);
    app.wait_text("#pattern-versions summary", "1件").await;
    // 辻󠄀 is drawn as 辻, not as a missing-glyph box: on the page each
    // ideographic selector stands in a text node of its own (WebKitGTK
    // draws the pair as a box), and the text is unchanged.
    let mixed = app
        .js("const walk = document.createTreeWalker(document.getElementById('view'), NodeFilter.SHOW_TEXT);
         let mixed = 0;
         while (walk.nextNode()) {
           const t = walk.currentNode.data;
           if (/[\\u{E0100}-\\u{E01EF}]/u.test(t) && !/^[\\u{E0100}-\\u{E01EF}]+$/u.test(t)) mixed += 1;
         }
         return mixed;")
        .await;
    assert_eq!(mixed, 0, "a selector shares a text node with its kanji");
    assert_eq!(
        app.js("return document.getElementById('pattern-svg').textContent.includes('辻\\u{E0100}');").await,
        true
    );

    // Change it: step 3 moves up; step 4's loop follows the step it
    // pointed at, now number 3.
    enter(&app, "#pattern-up-3").await;
    app.wait_focus("pattern-up-2").await;
    assert_eq!(app.value("#pattern-back-4").await, "3");
    assert_eq!(app.value("#pattern-step-2").await, STEPS[2]);
    enter(&app, "#pattern-save").await;
    app.wait_focus("pattern-saved").await;
    let (boxes, back, text) = wait_drawn(&app, "pattern", 4).await;
    agree(&boxes, &back, &text);
    assert_eq!(back, ["4→3"]);
    assert_eq!(text[1], format!("2. 気持ち：{}", STEPS[2]), "a step moves with its kind");
    // Both versions are kept, the first as it was.
    app.wait_text("#pattern-versions summary", "2件").await;
    app.press("#pattern-versions summary", &key(Key::Enter)).await;
    let first = app.wait_text("#pattern-versions .pattern-version:last-child", "バージョン1").await;
    assert!(first.contains("（→ステップ2に戻る）"), "{first}");
    assert!(first.contains("幻聴さんが「おまえはだめだ」と言う"), "{first}");

    // An experiment and an idea from peers, by keyboard.
    app.type_into("#experiment-new-what", "幻聴さんに「今日はおやすみ」と言う").await;
    app.type_into("#experiment-new-when", "次に夜、声が大きくなったとき").await;
    enter(&app, "#experiment-new-save").await;
    app.wait_focus("experiments-saved").await;
    app.type_into("[id^='experiment-'][id$='-result']", "少し静かになった").await;
    app.choose("[id^='experiment-'][id$='-verdict']", "keep").await;
    app.click("form.experiment:not(.new) button[type=submit]").await;
    app.wait_focus("experiments-saved").await;
    app.type_into("#idea-text", "ラジオをつけておく").await;
    enter(&app, "#idea-add").await;
    app.wait_focus("ideas-saved").await;
    app.two_sizes("ja-72-research-study").await;

    // Search (Ctrl+K) finds the research by an idea's words and opens it.
    app.press_ctrl("k").await;
    app.wait_focus("search-input").await;
    app.type_here("ラジオ").await;
    app.wait_text("#search-results", "研究ノート").await;
    let kinds = app
        .js("return [...document.querySelectorAll('#search-results [role=option]')].map((o) => o.dataset.kind);")
        .await;
    assert_eq!(kinds, serde_json::json!(["research"]));
    app.keys_here(&[Key::Down]).await;
    app.wait("#search-hit-0[aria-selected=true]").await;
    app.keys_here(&[Key::Enter]).await;
    app.wait_text("#study-theme", "幻聴とのつきあい方").await;

    // The sheet, reached by keyboard, printed. The print dialog is GTK's
    // own window, out of WebDriver's reach: the page's print call is
    // recorded instead of opening it.
    enter(&app, "#study-sheet").await;
    app.wait_focus("sheet-print").await;
    app.wait_text("#sheet-theme", "幻聴とのつきあい方").await;
    let (boxes, back, text) = wait_drawn(&app, "sheet-pattern", 4).await;
    agree(&boxes, &back, &text);
    app.wait_text("#sheet-experiments", "少し静かになった").await;
    app.wait_text("#sheet-experiments", "続ける").await;
    app.js("window.print = () => { window.printed = (window.printed || 0) + 1; };").await;
    app.keys_here(&[Key::Enter]).await;
    assert_eq!(app.js("return window.printed;").await, 1, "Enter on the focused print button prints");
    app.two_sizes("ja-73-research-sheet").await;

    // A 当事者研究 meeting: run, ended, recorded, then the theme noted as
    // presented on its page; the research then says so.
    enter(&app, "#nav-meetings").await;
    app.choose("#template", "builtin:tojisha").await;
    enter(&app, "#start-meeting").await;
    app.wait("#phase-strip").await;
    app.press(".live", "e").await;
    enter(&app, "#confirm-end-yes").await;
    app.type_into("#rec-attendance", "5").await;
    app.type_into("#rec-newcomers", "0").await;
    enter(&app, "#save-record").await;
    app.wait("#record-saved:focus").await;
    app.wait_text("#presented-card", "発表した研究").await;
    app.press("#presented-card input[type=checkbox]", " ").await;
    enter(&app, "#presented-save").await;
    app.wait_focus("presented-saved").await;
    app.two_sizes("ja-74-research-presented").await;
    enter(&app, "#nav-journal").await;
    enter(&app, "#go-research").await;
    enter(&app, ".research-open").await;
    app.wait_text(".lead", "ミーティングで1回発表").await;

    // Dark.
    app.set_appearance("dark").await;
    enter(&app, "#nav-journal").await;
    enter(&app, "#go-research").await;
    app.two_sizes("ja-75-research-list-dark").await;
    enter(&app, ".research-open").await;
    app.wait("#pattern-svg").await;
    app.two_sizes("ja-76-research-study-dark").await;
    app.quit().await;
    // What was typed is what was kept, to the variation selector.
    let shown: serde_json::Value =
        serde_json::from_str(&machine.enza_output(PASS, &["research", "show", "1", "--json"])).unwrap();
    let kept: Vec<&str> =
        shown["pattern"]["steps"].as_array().unwrap().iter().map(|s| s["text"].as_str().unwrap()).collect();
    assert_eq!(kept, [STEPS[0], STEPS[2], STEPS[1], STEPS[3]]);
    machine.assert_no_file_contains(&["MARKER-研究テーマ", "MARKER-ステップ", "夜の幻聴さん", "ラジオをつけておく"]);
}

#[tokio::test]
async fn research_in_english_light_and_dark() {
    let machine = Machine::new("en_US.UTF-8");
    machine.enza(PASS, &["init"]);
    let args = [
        "research",
        "add",
        "Living with the voices",
        "--name",
        "The night critic",
        "--step",
        "Alone in my room at night",
        "--step",
        "The critic says I am useless",
        "--step",
        "I feel small and frozen",
        "--step",
        "I scroll my phone until dawn",
        "--step",
        "Tired all day, dreading the night",
        "--back-to",
        "1",
    ];
    machine.enza(PASS, &args);
    let app = machine.launch().await;
    app.type_into("#unlock-passphrase", PASS).await;
    enter(&app, "#unlock-passphrase").await;
    enter(&app, "#nav-journal").await;
    enter(&app, "#go-research").await;
    app.wait_text(".research-list", "The night critic").await;
    app.two_sizes("en-70-research-list").await;
    enter(&app, ".research-open").await;
    let (boxes, back, text) = wait_drawn(&app, "pattern", 5).await;
    agree(&boxes, &back, &text);
    assert_eq!(back, ["5→1"]);
    assert_eq!(text[4], "5. What follows: Tired all day, dreading the night (→ back to step 1)");
    app.two_sizes("en-72-research-study").await;
    enter(&app, "#study-sheet").await;
    app.wait_focus("sheet-print").await;
    app.two_sizes("en-73-research-sheet").await;
    app.set_appearance("dark").await;
    enter(&app, "#nav-journal").await;
    enter(&app, "#go-research").await;
    enter(&app, ".research-open").await;
    app.wait("#pattern-svg").await;
    app.two_sizes("en-76-research-study-dark").await;
    app.quit().await;
}
