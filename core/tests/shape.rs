//! The code keeps its shape: SQL lives only in each capability's `store.rs`
//! and in `src/store/` (the connection and the migrations); the front ends
//! hold none and cannot reach the database around the core's API.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::{Path, PathBuf};

fn rust_files(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for entry in fs::read_dir(dir).unwrap().flatten() {
        let p = entry.path();
        if p.is_dir() {
            out.extend(rust_files(&p));
        } else if p.extension().is_some_and(|e| e == "rs") {
            out.push(p);
        }
    }
    out
}

/// Lines of `text` that hold SQL in a string literal.
fn sql_lines(text: &str) -> Vec<String> {
    const SQL: &[&str] = &[
        "SELECT ",
        "INSERT INTO",
        "UPDATE ",
        "DELETE FROM",
        "CREATE TABLE",
        "CREATE INDEX",
        "ALTER TABLE",
        "DROP TABLE",
        "PRAGMA ",
        "ATTACH ",
        "sqlcipher_export",
        "VACUUM",
    ];
    text.lines()
        .filter(|line| {
            let Some(start) = line.find('"') else { return false };
            let literal = &line[start..];
            SQL.iter().any(|k| literal.contains(k))
        })
        .map(str::to_owned)
        .collect()
}

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap().to_path_buf()
}

#[test]
fn sql_lives_only_in_the_capability_stores_and_migrations() {
    let src = root().join("core/src");
    let mut stores = 0;
    for file in rust_files(&src) {
        let rel = file.strip_prefix(&src).unwrap();
        // keys.rs builds the one `PRAGMA key` statement where the key bytes
        // are, so they are written once, into a buffer that is wiped.
        let allowed =
            rel.starts_with("store") || rel.file_name().is_some_and(|n| n == "store.rs") || rel == Path::new("keys.rs");
        let found = sql_lines(&fs::read_to_string(&file).unwrap());
        if allowed {
            stores += usize::from(!found.is_empty());
        } else {
            assert!(found.is_empty(), "SQL outside a store, in core/src/{}:\n{}", rel.display(), found.join("\n"));
        }
    }
    assert!(stores >= 6, "the check found the capability stores ({stores})");
}

#[test]
fn the_front_ends_hold_no_sql_and_no_database_driver() {
    for front in ["cli", "src-tauri"] {
        for file in rust_files(&root().join(front).join("src")) {
            let text = fs::read_to_string(&file).unwrap();
            assert!(sql_lines(&text).is_empty(), "SQL in {}", file.display());
            assert!(!text.contains("rusqlite"), "{} reaches the database around the core", file.display());
        }
        let manifest = fs::read_to_string(root().join(front).join("Cargo.toml")).unwrap();
        assert!(!manifest.contains("rusqlite"), "{front} depends on the database driver");
    }
}

#[test]
fn the_check_sees_sql_where_it_is() {
    assert_eq!(sql_lines("let q = \"SELECT id FROM reflection\";").len(), 1);
    assert!(sql_lines("// select the next speaker").is_empty());
}

/// A file's code without its tests (everything from `#[cfg(test)]` on: a
/// test may look at any table and build a whole vault) and without
/// comments.
fn code_of(text: &str) -> String {
    let text = text.split("#[cfg(test)]").next().unwrap_or_default();
    text.lines().map(|l| l.split("//").next().unwrap_or_default()).collect::<Vec<_>>().join("\n")
}

/// The text of every string literal in `code` (as written, escapes kept).
fn string_literals(code: &str) -> Vec<String> {
    let chars: Vec<char> = code.chars().collect();
    let (mut out, mut i) = (Vec::new(), 0);
    while i < chars.len() {
        match chars[i] {
            // A character literal such as '"' or '\'' is not a string.
            '\'' if chars.get(i + 2) == Some(&'\'') => i += 3,
            '\'' if chars.get(i + 1) == Some(&'\\') && chars.get(i + 3) == Some(&'\'') => i += 4,
            '"' => {
                let mut literal = String::new();
                i += 1;
                while i < chars.len() && chars[i] != '"' {
                    if chars[i] == '\\' {
                        literal.push(chars[i]);
                        i += 1;
                    }
                    if let Some(&c) = chars.get(i) {
                        literal.push(c);
                    }
                    i += 1;
                }
                out.push(literal);
                i += 1;
            }
            _ => i += 1,
        }
    }
    out
}

/// Whether a string literal is SQL (a message or a key is not).
fn is_sql(literal: &str) -> bool {
    ["SELECT", "INSERT", "UPDATE", "DELETE", "CREATE", "DROP", "ALTER", "FROM", "JOIN", "PRAGMA"]
        .iter()
        .any(|k| literal.contains(k))
}

/// Words of SQL text: identifiers, as SQLite reads them.
fn sql_words(sql: &str) -> impl Iterator<Item = &str> {
    sql.split(|c: char| !(c.is_ascii_alphanumeric() || c == '_')).filter(|w| !w.is_empty())
}

/// Where a table is named in SQL outside the folder of the capability
/// that declares it: (file, table, owner).
fn tables_named_outside(files: &[(PathBuf, String)], owners: &[(&str, &str)]) -> Vec<String> {
    let mut found = Vec::new();
    for (rel, text) in files {
        let folder = rel.components().next().and_then(|c| c.as_os_str().to_str()).unwrap_or_default();
        for literal in string_literals(&code_of(text)).iter().filter(|l| is_sql(l)) {
            // Words in SQL's own quotes are values (a kind's key), not names.
            let names: String = literal.split('\'').step_by(2).collect::<Vec<_>>().join(" ");
            for word in sql_words(&names) {
                for &(table, owner) in owners {
                    if word == table && folder != owner {
                        found.push(format!("core/src/{} names {table}, which is {owner}'s", rel.display()));
                    }
                }
            }
        }
    }
    found.sort();
    found.dedup();
    found
}

fn core_files() -> Vec<(PathBuf, String)> {
    let src = root().join("core/src");
    rust_files(&src)
        .into_iter()
        .map(|f| (f.strip_prefix(&src).unwrap().to_path_buf(), fs::read_to_string(&f).unwrap()))
        .collect()
}

#[test]
fn a_capabilitys_tables_are_named_only_in_its_own_folder() {
    let src = root().join("core/src");
    let mut owners = Vec::new();
    for capability in enza_core::capabilities::ALL {
        assert!(src.join(capability.name).is_dir(), "{} is not a folder of core/src", capability.name);
        owners.extend(capability.tables.iter().map(|t| (*t, capability.name)));
    }
    // Every table and view the migrations make is some capability's, so
    // none escapes the rule by not being declared.
    let mut made = Vec::new();
    for entry in fs::read_dir(src.join("store/migrations")).unwrap().flatten() {
        let sql = fs::read_to_string(entry.path()).unwrap();
        let words: Vec<&str> = sql_words(&sql).collect();
        for w in words.windows(3) {
            let name = match w {
                ["TABLE", name, _] | ["VIEW", name, _] if *name != "IF" => *name,
                _ => continue,
            };
            made.push(name.to_owned());
        }
    }
    assert!(made.len() >= 15, "the check found the migrations' tables ({made:?})");
    for name in &made {
        assert!(owners.iter().any(|(t, _)| t == name), "{name} is made by a migration but declared by no capability");
    }
    let outside = tables_named_outside(&core_files(), &owners);
    assert!(outside.is_empty(), "tables named outside their capability:\n{}", outside.join("\n"));
}

/// Which top-level modules of the core each one imports (`crate::x`), by
/// the files that do; tests and comments left out.
fn imports(files: &[(PathBuf, String)]) -> BTreeMap<String, BTreeMap<String, BTreeSet<String>>> {
    let module = |rel: &Path| {
        let first = rel.components().next().unwrap().as_os_str().to_str().unwrap();
        first.strip_suffix(".rs").unwrap_or(first).to_owned()
    };
    let modules: BTreeSet<String> = files.iter().map(|(rel, _)| module(rel)).filter(|m| m != "lib").collect();
    let mut graph: BTreeMap<String, BTreeMap<String, BTreeSet<String>>> = BTreeMap::new();
    for (rel, text) in files {
        let from = module(rel);
        if from == "lib" {
            continue;
        }
        let code = code_of(text);
        let mut named = Vec::new();
        for (i, _) in code.match_indices("crate::") {
            let rest = &code[i + "crate::".len()..];
            if let Some(group) = rest.strip_prefix('{') {
                // use crate::{a::B, c, d::{E, F}}: the first word of each
                // path at the outer level.
                let (mut depth, mut start) = (0, true);
                for (j, c) in group.char_indices() {
                    match c {
                        '{' => depth += 1,
                        '}' if depth == 0 => break,
                        '}' => depth -= 1,
                        ',' if depth == 0 => start = true,
                        c if start && (c.is_alphanumeric() || c == '_') => {
                            let word: String =
                                group[j..].chars().take_while(|c| c.is_alphanumeric() || *c == '_').collect();
                            named.push(word);
                            start = false;
                        }
                        c if c.is_whitespace() => {}
                        _ => start = false,
                    }
                }
            } else {
                named.push(rest.chars().take_while(|c| c.is_alphanumeric() || *c == '_').collect());
            }
        }
        for to in named {
            if to != from && modules.contains(&to) {
                graph.entry(from.clone()).or_default().entry(to).or_default().insert(rel.display().to_string());
            }
        }
    }
    graph
}

/// The circles in `graph`: each a list of modules where each imports the
/// next and the last the first.
fn circles(graph: &BTreeMap<String, BTreeMap<String, BTreeSet<String>>>) -> Vec<Vec<String>> {
    fn walk(
        at: &str,
        graph: &BTreeMap<String, BTreeMap<String, BTreeSet<String>>>,
        path: &mut Vec<String>,
        done: &mut BTreeSet<String>,
        out: &mut Vec<Vec<String>>,
    ) {
        if let Some(i) = path.iter().position(|p| p == at) {
            out.push(path[i..].to_vec());
            return;
        }
        if done.contains(at) {
            return;
        }
        path.push(at.to_owned());
        for next in graph.get(at).into_iter().flat_map(|m| m.keys()) {
            walk(next, graph, path, done, out);
        }
        path.pop();
        done.insert(at.to_owned());
    }
    let mut out = Vec::new();
    let mut done = BTreeSet::new();
    for start in graph.keys() {
        walk(start, graph, &mut Vec::new(), &mut done, &mut out);
    }
    out
}

#[test]
fn the_core_modules_import_each_other_without_circles() {
    let graph = imports(&core_files());
    // The check sees the imports that are there.
    assert!(graph["vault"].contains_key("store") && graph["journal"].contains_key("settings"), "{graph:?}");
    let found = circles(&graph);
    let shown: Vec<String> = found
        .iter()
        .map(|c| {
            let mut steps = Vec::new();
            for (i, from) in c.iter().enumerate() {
                let to = &c[(i + 1) % c.len()];
                let files: Vec<&str> = graph[from][to].iter().map(String::as_str).collect();
                steps.push(format!("  {from} -> {to} ({})", files.join(", ")));
            }
            steps.join("\n")
        })
        .collect();
    assert!(found.is_empty(), "import circles among the core's modules:\n{}", shown.join("\n\n"));
}

#[test]
fn the_checks_see_a_planted_circle_and_a_table_named_outside() {
    let file = |path: &str, text: &str| (PathBuf::from(path), text.to_owned());
    let files = vec![
        file("a/mod.rs", "use crate::{b::{X, Y}, c};\n#[cfg(test)]\nuse crate::d;"),
        file("b.rs", "use crate::a::Z; // crate::d\n"),
        file("c.rs", "fn f() { crate::a::g() }"),
        file("d.rs", "const Q: &str = \"SELECT x\n  FROM session s\";"),
        file("meeting/store.rs", "const Q: &str = \"SELECT x FROM session\";"),
        file("e.rs", "const Q: &str = \"SELECT x FROM t WHERE kind = 'session'\"; const K: &str = \"session\";"),
    ];
    let graph = imports(&files);
    assert_eq!(graph["a"].keys().collect::<Vec<_>>(), ["b", "c"], "tests and comments are not imports");
    assert_eq!(circles(&graph).len(), 2, "{:?}", circles(&graph));
    assert_eq!(
        tables_named_outside(&files, &[("session", "meeting")]),
        ["core/src/d.rs names session, which is meeting's"]
    );
    assert_eq!(string_literals("let c = '\"'; let s = \"a\\\"b\";"), ["a\\\"b"]);
}
