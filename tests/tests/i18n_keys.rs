//! Every translation key the UI uses exists in both languages, and the two
//! language files hold the same keys. Reads files only: no app, no WebDriver.
//!
//! Keys are found in ui/**/*.js as `t('a.b')`, `t("a.b")`, `t(`a.b`)`, and as
//! any other quoted 'section.key' string (keys handed to a helper that calls
//! t(), e.g. `button('next-phase', 'live.nextPhase', …)`). Keys built at run
//! time, `t(`record.kind_${finding.kind}`)`, are checked for every value
//! listed in DYNAMIC below; a new one fails this test until it is listed.

use serde_json::Value;
use std::collections::BTreeSet;
use std::fs;
use std::path::{Path, PathBuf};

/// Each key template the UI builds at run time, exactly as written between
/// the backticks, with every value its `${…}` part can take.
const DYNAMIC: &[(&str, &[&str])] = &[
    // LANGUAGES in ui/lib/i18n.js.
    ("lang.${lang}", &["en", "ja"]),
    // A group's language: core/src/i18n.rs `Lang`.
    ("groups.lang_${code}", &["en", "ja"]),
    ("groups.lang_${g.language}", &["en", "ja"]),
    ("groups.lang_${group.language}", &["en", "ja"]),
    // The record's text fields (TEXTS in ui/views/record.js, through LABELS).
    (
        "record.${LABELS[name] ?? name}",
        &["facilitators", "themes", "notes", "safetyAction", "followUps", "selfCheckIn"],
    ),
    // Fields a personal-data finding names: core/src/meeting/record.rs `texts()`.
    ("record.field_${name}", &["facilitators", "themes", "notes", "safety_action", "follow_ups", "self_check_in"]),
    // core/src/privacy.rs `Kind`, snake_case.
    ("record.kind_${finding.kind}", &["phone", "email", "postal_code", "name"]),
    // strength() in ui/lib/passphrase.js.
    ("strength.${level}", &["empty", "tooShort", "fair", "good", "strong"]),
    // core/src/meeting/machine.rs `TurnOutcome`, snake_case.
    ("session.outcome_${turn.outcome}", &["spoke", "passed", "skipped"]),
    // The top-bar sections: index.html's data-view buttons (checked below),
    // which are also the views' meta.section values.
    ("nav.${button.dataset.view}", NAV_SECTIONS),
    ("nav.${section}", NAV_SECTIONS),
    // src-tauri/src/commands/files.rs `Purpose`, snake_case.
    (
        "files.title.${purpose}",
        &["backup_file", "backup_folder", "restore_file", "export_folder", "handover_file", "handover_open"],
    ),
    // A quick note's kinds: core/src/sealed/capture.rs `CaptureKind`.
    ("quickNote.kind_${k}", &["reflection", "boundary"]),
    // core/src/vault/mod.rs `RecoverySlot`, the two that are said.
    ("unlock.recovery_${opened.recovery_slot}", &["repaired", "damaged"]),
    // The cards of a piece of research that say "saved" (ui/views/study.js).
    ("research.saved.${card}", &["heading", "pattern", "experiments", "ideas"]),
    // Intl's date parts, as pickerOrder() in ui/lib/i18n.js keeps them.
    ("date.${p.type}", &["year", "month", "day"]),
];

const NAV_SECTIONS: &[&str] = &["journal", "meetings", "reflections", "settings"];

fn ui_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../ui")
}

/// The dotted paths of every string in a translation file.
fn keys_of(lang: &str) -> BTreeSet<String> {
    fn walk(prefix: &str, value: &Value, out: &mut BTreeSet<String>) {
        match value {
            Value::Object(map) => {
                for (name, child) in map {
                    let path = if prefix.is_empty() { name.clone() } else { format!("{prefix}.{name}") };
                    walk(&path, child, out);
                }
            }
            _ => {
                out.insert(prefix.to_string());
            }
        }
    }
    let path = ui_dir().join(format!("i18n/{lang}.json"));
    let text = fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let json: Value = serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let mut keys = BTreeSet::new();
    walk("", &json, &mut keys);
    keys
}

fn js_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in fs::read_dir(dir).unwrap().flatten() {
        let path = entry.path();
        if path.is_dir() {
            js_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "js") {
            out.push(path);
        }
    }
}

/// The text between `quote` at `start` and the next `quote`, if any.
fn quoted(text: &str, start: usize, quote: char) -> Option<&str> {
    let rest = &text[start + 1..];
    rest.find(quote).map(|end| &rest[..end])
}

/// The first arguments of t() that are string literals: plain and with ${…}.
fn t_arguments(code: &str) -> Vec<String> {
    let mut found = Vec::new();
    for (at, _) in code.match_indices("t(") {
        let before = code[..at].chars().next_back();
        if before.is_some_and(|c| c.is_alphanumeric() || c == '_' || c == '$') {
            continue; // e.g. split( or select(
        }
        let after = at + 2 + (code[at + 2..].len() - code[at + 2..].trim_start().len());
        let Some(quote) = code[after..].chars().next().filter(|c| matches!(c, '\'' | '"' | '`')) else { continue };
        if let Some(arg) = quoted(code, after, quote) {
            found.push(arg.to_string());
        }
    }
    found
}

/// Quoted strings shaped like a key whose first part is a section of the
/// strings, wherever they are: 'live.nextPhase', "record.attendance".
fn key_shaped_strings(code: &str, sections: &BTreeSet<&str>) -> Vec<String> {
    let shaped = |s: &str| {
        let mut parts = s.split('.');
        let first = parts.next().unwrap_or("");
        s.contains('.')
            && sections.contains(first)
            && s.split('.').all(|p| !p.is_empty() && p.chars().all(|c| c.is_ascii_alphanumeric() || c == '_'))
    };
    let mut found = Vec::new();
    for (at, q) in code.char_indices().filter(|(_, c)| matches!(c, '\'' | '"')) {
        if let Some(s) = quoted(code, at, q).filter(|s| shaped(s)) {
            found.push(s.to_string());
        }
    }
    found
}

#[test]
fn every_key_the_ui_uses_exists_in_english_and_japanese() {
    let en = keys_of("en");
    let ja = keys_of("ja");
    let only_en: Vec<_> = en.difference(&ja).collect();
    let only_ja: Vec<_> = ja.difference(&en).collect();
    assert!(only_en.is_empty() && only_ja.is_empty(), "only in en.json: {only_en:?}; only in ja.json: {only_ja:?}");

    let sections: BTreeSet<&str> = en.iter().map(|k| k.split('.').next().unwrap()).collect();
    let mut files = Vec::new();
    js_files(&ui_dir(), &mut files);
    assert!(files.len() > 20, "found only {} .js files under ui/", files.len());

    let mut used = BTreeSet::new(); // (key, where)
    let mut templates_seen = BTreeSet::new();
    let mut unlisted = Vec::new();
    for file in &files {
        let code = fs::read_to_string(file).unwrap();
        let name = file.strip_prefix(ui_dir()).unwrap().display().to_string();
        for arg in t_arguments(&code) {
            if !arg.contains("${") {
                used.insert((arg, name.clone()));
                continue;
            }
            match DYNAMIC.iter().find(|(template, _)| *template == arg) {
                Some((template, values)) => {
                    templates_seen.insert(*template);
                    let (head, tail) = arg.split_once("${").unwrap();
                    let (_, tail) = tail.split_once('}').unwrap();
                    assert!(!tail.contains("${"), "{name}: one ${{…}} per key, please: {arg}");
                    for v in *values {
                        used.insert((format!("{head}{v}{tail}"), name.clone()));
                    }
                }
                None => unlisted.push(format!("{name}: t(`{arg}`)")),
            }
        }
        for key in key_shaped_strings(&code, &sections) {
            used.insert((key, name.clone()));
        }
    }
    assert!(unlisted.is_empty(), "keys built at run time, not listed in DYNAMIC with their values: {unlisted:#?}");
    let stale: Vec<_> = DYNAMIC.iter().map(|(t, _)| *t).filter(|t| !templates_seen.contains(t)).collect();
    assert!(stale.is_empty(), "DYNAMIC lists templates no longer in ui/: {stale:?}");
    assert!(used.len() > 200, "found only {} keys in use: is the scan broken?", used.len());

    let missing: Vec<String> = used
        .iter()
        .flat_map(|(key, file)| {
            [("en", &en), ("ja", &ja)]
                .into_iter()
                .filter(|(_, keys)| !keys.contains(key))
                .map(move |(lang, _)| format!("{file}: {key} (missing in {lang}.json)"))
        })
        .collect();
    assert!(missing.is_empty(), "keys used in ui/ but not translated: {missing:#?}");
}

#[test]
fn the_top_bar_sections_are_the_listed_ones() {
    let html = fs::read_to_string(ui_dir().join("index.html")).unwrap();
    let mut views: Vec<&str> =
        html.split("data-view=\"").skip(1).map(|rest| &rest[..rest.find('"').unwrap()]).collect();
    views.sort();
    assert_eq!(views, NAV_SECTIONS, "index.html's data-view buttons: update NAV_SECTIONS");
}
