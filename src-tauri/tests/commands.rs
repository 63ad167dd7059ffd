//! Every command the UI calls is registered in the shell, and every
//! registered command is called by the UI: a renamed command fails here,
//! not in a person's hands. Reads files only.

use std::collections::BTreeSet;
use std::fs;
use std::path::{Path, PathBuf};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// The names in `generate_handler![…]` in main.rs.
fn registered() -> BTreeSet<String> {
    let main = fs::read_to_string(root().join("src-tauri/src/main.rs")).unwrap();
    let start = main.find("generate_handler![").expect("main.rs registers commands") + "generate_handler![".len();
    let end = start + main[start..].find(']').unwrap();
    main[start..end]
        .split(',')
        .map(|entry| entry.trim().rsplit("::").next().unwrap().to_owned())
        .filter(|name| !name.is_empty())
        .collect()
}

fn js_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            js_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "js") {
            out.push(path);
        }
    }
}

/// Each quoted name in the argument that chooses the command of every
/// `call(` in ui/: `call('name', …)`, or `call(cond ? 'a' : 'b', …)`.
fn called() -> BTreeSet<String> {
    let mut files = Vec::new();
    js_files(&root().join("ui"), &mut files);
    let mut out = BTreeSet::new();
    for file in files {
        let text = fs::read_to_string(&file).unwrap();
        for (at, _) in text.match_indices("call(") {
            if file.ends_with("lib/ipc.js") || text[..at].ends_with(|c: char| c.is_alphanumeric() || c == '_') {
                continue; // the definition, or another function's name ending in "call"
            }
            // The command is chosen before the first comma or closing parenthesis.
            let rest = &text[at + "call(".len()..];
            let chooser = &rest[..rest.find([',', ')']).unwrap()];
            let names: Vec<&str> = chooser.split('\'').skip(1).step_by(2).collect();
            assert!(!names.is_empty(), "{}: a call whose command is not written out: call({chooser}", file.display());
            out.extend(names.into_iter().map(str::to_owned));
        }
    }
    out
}

/// Registered for something other than the UI's own screens.
const NOT_CALLED_BY_THE_UI: &[(&str, &str)] = &[];

#[test]
fn the_ui_calls_only_registered_commands_and_every_command_is_called() {
    let registered = registered();
    let called = called();
    assert!(registered.len() > 50 && called.len() > 50, "the scan found the lists");
    let unknown: Vec<_> = called.difference(&registered).collect();
    assert!(unknown.is_empty(), "the UI calls commands the shell does not register: {unknown:?}");
    let spare: BTreeSet<&String> = registered.difference(&called).collect();
    let allowed: BTreeSet<String> = NOT_CALLED_BY_THE_UI.iter().map(|(n, _)| n.to_string()).collect();
    let unexplained: Vec<_> = spare.iter().filter(|n| !allowed.contains(**n)).collect();
    assert!(unexplained.is_empty(), "registered but never called by the UI: {unexplained:?}");
    let stale: Vec<_> = allowed.iter().filter(|n| !spare.contains(n)).collect();
    assert!(stale.is_empty(), "listed as not called, but called (or not registered): {stale:?}");
}
