//! The pattern drawn as a small diagram, like the whiteboard diagrams such
//! research is known for, and the same steps as text for screen readers and
//! print. The core lays it out so every front end draws the same picture:
//! boxes top to bottom, an arrow from each step to the next, and each loop
//! as an arrow on the right going back up.

use super::model::{Pattern, StepKind};
use crate::i18n::Lang;
use serde::Serialize;
use unicode_segmentation::UnicodeSegmentation;

/// Sizes in the SVG's own units (CSS pixels at 100%).
const MARGIN: u32 = 12;
const BOX_WIDTH: u32 = 380;
const PADDING: u32 = 10;
const HEADER: u32 = 20;
const LINE: u32 = 20;
const GAP: u32 = 30;
/// Half-width units per line: a kanji or an emoji counts two.
const LINE_UNITS: usize = 46;
/// A box shows at most this many lines; the text version has the rest.
const LINES_MAX: usize = 5;
/// How far right of the boxes the first loop runs, and the room each
/// further loop takes.
const LOOP_FIRST: u32 = 22;
const LOOP_STEP: u32 = 16;

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Diagram {
    pub width: u32,
    pub height: u32,
    pub boxes: Vec<StepBox>,
    pub arrows: Vec<Arrow>,
    /// The same steps as sentences, in order: what a screen reader says
    /// and what the printed sheet lists under the drawing.
    pub text: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct StepBox {
    /// From 1, as the person counts.
    pub number: usize,
    pub kind: StepKind,
    /// "1 · 状況": the box's header.
    pub header: String,
    /// The step's text, wrapped to the box.
    pub lines: Vec<String>,
    pub x: u32,
    pub y: u32,
    pub width: u32,
    pub height: u32,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Arrow {
    pub from: usize,
    pub to: usize,
    /// A loop back to an earlier step (or to the same one).
    pub back: bool,
    /// SVG path data; the arrowhead is at its end.
    pub path: String,
}

pub fn diagram(pattern: &Pattern, lang: Lang) -> Diagram {
    let mut boxes = Vec::with_capacity(pattern.steps.len());
    let mut y = MARGIN;
    for (i, step) in pattern.steps.iter().enumerate() {
        let lines = wrap(&step.text, LINE_UNITS, LINES_MAX);
        let height = PADDING * 2 + HEADER + LINE * lines.len() as u32;
        boxes.push(StepBox {
            number: i + 1,
            kind: step.kind,
            header: format!("{} · {}", i + 1, step.kind.label(lang)),
            lines,
            x: MARGIN,
            y,
            width: BOX_WIDTH,
            height,
        });
        y += height + GAP;
    }
    let mut arrows = Vec::new();
    for pair in boxes.windows(2) {
        let (a, b) = (&pair[0], &pair[1]);
        let x = a.x + a.width / 2;
        arrows.push(Arrow {
            from: a.number,
            to: b.number,
            back: false,
            path: format!("M{x},{} V{}", a.y + a.height, b.y - 2),
        });
    }
    let right = MARGIN + BOX_WIDTH;
    let mut loops = 0;
    for (i, step) in pattern.steps.iter().enumerate() {
        let Some(to) = step.back_to.filter(|&to| to >= 1 && to <= i + 1) else { continue };
        let (from_box, to_box) = (&boxes[i], &boxes[to - 1]);
        let out = right + LOOP_FIRST + LOOP_STEP * loops;
        // Leave from the lower part of the box, arrive at the upper part,
        // so a step that loops to itself still shows an arrow.
        let y_from = from_box.y + from_box.height * 2 / 3;
        let y_to = to_box.y + to_box.height / 3;
        arrows.push(Arrow {
            from: i + 1,
            to,
            back: true,
            path: format!("M{right},{y_from} H{out} V{y_to} H{}", right + 2),
        });
        loops += 1;
    }
    let loop_room = if loops == 0 { 0 } else { LOOP_FIRST + LOOP_STEP * (loops - 1) + 8 };
    let height = if boxes.is_empty() { 0 } else { y - GAP + MARGIN };
    Diagram { width: right + loop_room + MARGIN, height, text: describe(pattern, lang), boxes, arrows }
}

/// The steps as sentences, in the words the editor uses for a loop:
/// "4. すること：眠れずに起きている（→ステップ1に戻る）".
pub fn describe(pattern: &Pattern, lang: Lang) -> Vec<String> {
    let ja = lang == Lang::Ja;
    pattern
        .steps
        .iter()
        .enumerate()
        .map(|(i, step)| {
            let mut line = if ja {
                format!("{}. {}：{}", i + 1, step.kind.label(lang), step.text)
            } else {
                format!("{}. {}: {}", i + 1, step.kind.label(lang), step.text)
            };
            match step.back_to {
                Some(to) if to == i + 1 => line.push_str(if ja {
                    "（→このステップを繰り返す）"
                } else {
                    " (→ repeats itself)"
                }),
                Some(to) => line.push_str(&if ja {
                    format!("（→ステップ{to}に戻る）")
                } else {
                    format!(" (→ back to step {to})")
                }),
                None => {}
            }
            line
        })
        .collect()
}

/// Wraps text into lines of at most `units` half-width units, between
/// whole characters (grapheme clusters), at a space where a line of words
/// allows it; a line break in the text starts a new line. Past `max_lines`
/// the last line ends in "…".
fn wrap(text: &str, units: usize, max_lines: usize) -> Vec<String> {
    let mut lines = Vec::new();
    for paragraph in text.lines() {
        let mut line = String::new();
        for g in paragraph.graphemes(true) {
            if units_of(&line) + width(g) > units && !line.is_empty() {
                if g.trim().is_empty() {
                    // The space between two lines of words is not drawn.
                    lines.push(std::mem::take(&mut line));
                    continue;
                }
                let (done, rest) = split_at_space(&line);
                lines.push(done);
                line = rest;
            }
            line.push_str(g);
        }
        lines.push(line.trim_end().to_owned());
    }
    if lines.len() > max_lines {
        lines.truncate(max_lines);
        let last = lines.last_mut().expect("max_lines is not 0");
        let mut cut: Vec<&str> = last.graphemes(true).collect();
        while cut.iter().map(|g| width(g)).sum::<usize>() + 1 > units {
            cut.pop();
        }
        *last = format!("{}…", cut.concat().trim_end());
    }
    lines
}

fn units_of(line: &str) -> usize {
    line.graphemes(true).map(width).sum()
}

/// A full line of words breaks after its last space; a line without one,
/// or mostly of wide characters (Japanese), breaks where it is.
fn split_at_space(line: &str) -> (String, String) {
    let graphemes = line.graphemes(true).count();
    let wide = line.graphemes(true).filter(|g| width(g) == 2).count();
    match line.rfind(' ') {
        Some(at) if at > 0 && wide * 2 < graphemes => (line[..at].trim_end().to_owned(), line[at + 1..].to_owned()),
        _ => (line.trim_end().to_owned(), String::new()),
    }
}

/// Two units for East Asian wide characters and emoji, one for the rest.
fn width(grapheme: &str) -> usize {
    let Some(c) = grapheme.chars().next() else { return 0 };
    let wide = matches!(c as u32,
        0x1100..=0x115F | 0x2E80..=0x303E | 0x3041..=0x33FF | 0x3400..=0x4DBF | 0x4E00..=0x9FFF
        | 0xA000..=0xA4CF | 0xAC00..=0xD7A3 | 0xF900..=0xFAFF | 0xFE30..=0xFE4F | 0xFF00..=0xFF60
        | 0xFFE0..=0xFFE6 | 0x1F300..=0x1F64F | 0x1F900..=0x1FAFF | 0x20000..=0x3FFFD);
    if wide || grapheme.contains('\u{FE0F}') {
        2
    } else {
        1
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::research::model::Step;

    fn step(kind: StepKind, text: &str, back_to: Option<usize>) -> Step {
        Step { kind, text: text.to_owned(), back_to }
    }

    #[test]
    fn wrapping_never_splits_a_character_and_keeps_every_word() {
        // 辻󠄀 with its variation selector, a flag, a family emoji, decomposed
        // kana (か + dakuten) and Hangul jamo: each stays whole.
        let text = "辻󠄀さんと🇯🇵👨‍👩‍👧かﾞが\u{304B}\u{3099}\u{1112}\u{1161}\u{11AB}".repeat(6);
        let lines = wrap(&text, 10, 100);
        assert_eq!(lines.concat(), text);
        for line in &lines {
            assert!(!line.starts_with('\u{E0100}') && !line.starts_with('\u{3099}') && !line.starts_with('\u{200D}'));
            assert!(line.graphemes(true).map(width).sum::<usize>() <= 10, "{line:?}");
        }
        let words = wrap("When the voices get loud at night I turn the radio on", 20, 10);
        assert_eq!(words, ["When the voices get", "loud at night I turn", "the radio on"]);
    }

    #[test]
    fn a_long_step_is_cut_with_an_ellipsis_and_the_text_version_keeps_it_all() {
        let long = "あ".repeat(500);
        let pattern = Pattern { steps: vec![step(StepKind::Feeling, &long, None)] };
        let d = diagram(&pattern, Lang::Ja);
        assert_eq!(d.boxes[0].lines.len(), LINES_MAX);
        assert!(d.boxes[0].lines[LINES_MAX - 1].ends_with('…'));
        assert!(d.text[0].ends_with(&long));
    }

    #[test]
    fn loops_are_arrows_back_and_every_step_has_its_box() {
        let pattern = Pattern {
            steps: vec![
                step(StepKind::Situation, "夜、ひとりの部屋で", None),
                step(StepKind::Thought, "幻聴さんが大きくなる", None),
                step(StepKind::Feeling, "こわい", Some(3)),
                step(StepKind::Action, "眠れずに起きている", Some(1)),
            ],
        };
        let d = diagram(&pattern, Lang::Ja);
        assert_eq!(d.boxes.len(), 4);
        let back: Vec<(usize, usize)> = d.arrows.iter().filter(|a| a.back).map(|a| (a.from, a.to)).collect();
        assert_eq!(back, [(3, 3), (4, 1)]);
        assert_eq!(d.arrows.iter().filter(|a| !a.back).count(), 3);
        assert_eq!(d.text[3], "4. すること：眠れずに起きている（→ステップ1に戻る）");
        assert_eq!(d.text[2], "3. 気持ち：こわい（→このステップを繰り返す）");
        assert!(d.width > BOX_WIDTH + 2 * MARGIN);
        let last = d.boxes.last().unwrap();
        assert_eq!(d.height, last.y + last.height + MARGIN);
    }
}
