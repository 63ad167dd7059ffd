//! The code keeps its shape: SQL lives only in each capability's `store.rs`
//! and in `src/store/` (the connection and the migrations); the front ends
//! hold none and cannot reach the database around the core's API.

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
