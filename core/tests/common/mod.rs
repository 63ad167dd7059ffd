//! Helpers shared by the core integration tests.
#![allow(dead_code)]

pub mod content;

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

pub const FAST_PASS: &str = "correct horse battery";

/// A new locked vault with cheap KDF parameters: its folder (kept alive by
/// the temp dir), and its recovery key.
pub fn new_vault() -> (tempfile::TempDir, enza_core::VaultDir, String) {
    let tmp = tempfile::tempdir().unwrap();
    let dir = enza_core::VaultDir::new(tmp.path().join("vault"));
    let created = enza_core::Vault::create_insecure_fast(&dir, FAST_PASS).unwrap();
    let key = created.recovery_key.to_string();
    created.vault.lock();
    (tmp, dir, key)
}

/// Every regular file under `dir`, recursively.
pub fn files_in(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        let Ok(entries) = fs::read_dir(&d) else { continue };
        for e in entries.flatten() {
            let p = e.path();
            if p.is_dir() {
                stack.push(p);
            } else if p.is_file() {
                out.push(p);
            }
        }
    }
    out.sort();
    out
}

/// Name → bytes of every file, to prove that nothing changed.
pub fn snapshot(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    files_in(dir).into_iter().map(|p| (p.clone(), fs::read(&p).unwrap())).collect()
}

/// Fails if any file under `dir` holds any marker, as UTF-8 or UTF-16.
pub fn no_file_contains(dir: &Path, markers: &[&str]) {
    let files = files_in(dir);
    assert!(!files.is_empty(), "no files to scan in {}", dir.display());
    for path in files {
        let bytes = fs::read(&path).unwrap();
        for m in markers {
            for needle in encodings(m) {
                assert!(
                    !bytes.windows(needle.len()).any(|w| w == needle.as_slice()),
                    "{} contains the marker {m:?}",
                    path.display()
                );
            }
        }
    }
}

fn encodings(s: &str) -> Vec<Vec<u8>> {
    let utf16le = s.encode_utf16().flat_map(|u| u.to_le_bytes()).collect();
    let utf16be = s.encode_utf16().flat_map(|u| u.to_be_bytes()).collect();
    vec![s.as_bytes().to_vec(), utf16le, utf16be]
}
