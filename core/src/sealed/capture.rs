//! Quick notes written while the vault is locked: sealed with age to the
//! capture key beside the vault (`capture.pub`), one file each in
//! `inbox/`, and imported into the journal at the next unlock
//! (`docs/sealed-format.md` §2).
//!
//! Writing needs no secret; nothing sealed can be read back while locked.
//! Every inbox file is untrusted: what unlocking reads of the inbox is
//! bounded in files and bytes, and a file that is not a capture of this
//! vault is set aside, never a reason not to unlock.

use crate::error::{Error, Result};
use crate::files;
use crate::limits::{CAPTURE_CHARS, CAPTURE_FILE_BYTES, INBOX_FILES_PER_UNLOCK, INBOX_SCAN_MAX};
use crate::text;
use chrono::{DateTime, FixedOffset};
use serde::{Deserialize, Serialize};
use std::fs;
use std::path::{Path, PathBuf};

/// The capture key's public half, beside `vault.db`: readable while locked.
pub const PUBLIC_KEY_FILE: &str = "capture.pub";
/// Where sealed captures wait, beside `vault.db`.
pub const INBOX_DIR: &str = "inbox";
/// Where unlocking moves inbox files it cannot import, inside the inbox.
pub const SET_ASIDE_DIR: &str = "set-aside";
/// A waiting capture's file name ends so.
const SEALED_SUFFIX: &str = ".age";

/// What a quick note becomes in the journal.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CaptureKind {
    Reflection,
    Boundary,
}

impl CaptureKind {
    pub fn from_key(key: &str) -> Option<CaptureKind> {
        match key {
            "reflection" => Some(CaptureKind::Reflection),
            "boundary" => Some(CaptureKind::Boundary),
            _ => None,
        }
    }
}

/// The JSON inside a capture file (`docs/sealed-format.md` §2.2).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct CaptureDoc {
    pub(crate) enza: String,
    pub(crate) version: u32,
    /// 32 lowercase hex digits, random: what makes an import happen once.
    pub(crate) id: String,
    pub(crate) kind: CaptureKind,
    pub(crate) text: String,
    /// When it was written, with the writer's UTC offset: its local day is
    /// a boundary event's day.
    pub(crate) written_at: DateTime<FixedOffset>,
}

const CAPTURE_TAG: &str = "capture";
const CAPTURE_VERSION: u32 = 1;

impl CaptureDoc {
    /// Whether this is a capture Enza can import: its text follows the
    /// journal's rules, so a capture made by another tool is checked too.
    pub(crate) fn check(&self) -> Result<()> {
        if self.enza != CAPTURE_TAG || self.version != CAPTURE_VERSION || !is_capture_id(&self.id) {
            return Err(Error::NotACapture);
        }
        check_text(&self.text)
    }
}

fn new_capture_id() -> Result<String> {
    let mut id = [0u8; 16];
    crate::keys::fill_random(&mut id)?;
    Ok(crate::keys::hex(&id))
}

fn is_capture_id(id: &str) -> bool {
    id.len() == 32 && id.bytes().all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
}

fn check_text(text: &str) -> Result<()> {
    if text.trim().is_empty() {
        return Err(Error::EmptyText);
    }
    text::lines(text, CAPTURE_CHARS)
}

/// The inbox of the vault in `vault_dir`.
pub fn inbox(vault_dir: &Path) -> PathBuf {
    vault_dir.join(INBOX_DIR)
}

/// Seals a quick note to the vault's capture key and leaves it in the
/// inbox. Needs no secret. Returns the file written.
pub fn capture(vault_dir: &Path, kind: CaptureKind, text: &str, now: DateTime<FixedOffset>) -> Result<PathBuf> {
    check_text(text)?;
    let recipient = read_public_key(vault_dir)?;
    let doc = CaptureDoc {
        enza: CAPTURE_TAG.into(),
        version: CAPTURE_VERSION,
        id: new_capture_id()?,
        kind,
        text: text.to_owned(),
        written_at: now,
    };
    let json = zeroize::Zeroizing::new(serde_json::to_vec(&doc).expect("a capture serializes"));
    let sealed = super::seal_to(&[&recipient], &json)?;
    let inbox = inbox(vault_dir);
    files::create_private_dir(&inbox)?;
    let path = inbox.join(format!("{}{SEALED_SUFFIX}", doc.id));
    files::replace(&path, &files::temporary_beside(&path)?, &sealed)?;
    tracing::info!("quick note sealed into the inbox");
    Ok(path)
}

/// The capture key on disk. Missing or not a key (a vault not yet
/// unlocked by an Enza that has quick notes, or a file spoiled since):
/// the next unlock writes it, so that is what the person is told.
fn read_public_key(vault_dir: &Path) -> Result<age::x25519::Recipient> {
    let path = vault_dir.join(PUBLIC_KEY_FILE);
    match files::read_regular(&path, 256) {
        Ok(Some(bytes)) => {
            super::identity::parse_recipient(&String::from_utf8_lossy(&bytes)).map_err(|_| Error::NoCaptureKey)
        }
        Ok(None) => Err(Error::NoCaptureKey),
        Err(Error::Io(e)) if e.kind() == std::io::ErrorKind::NotFound => Err(Error::NoCaptureKey),
        Err(e) => Err(e),
    }
}

/// What the capture key on disk says now, if anything readable.
pub(crate) fn public_key_on_disk(vault_dir: &Path) -> Option<String> {
    files::read_regular(&vault_dir.join(PUBLIC_KEY_FILE), 256)
        .ok()
        .flatten()
        .map(|b| String::from_utf8_lossy(&b).trim().to_owned())
}

/// Writes the capture key's public half beside the vault.
pub(crate) fn write_public_key(vault_dir: &Path, recipient: &str) -> Result<()> {
    let path = vault_dir.join(PUBLIC_KEY_FILE);
    files::replace(&path, &files::temporary_beside(&path)?, format!("{recipient}\n").as_bytes())
}

/// How many quick notes wait in the inbox, counted up to a bound (a
/// hostile folder is not walked to its end): `(count, more)`.
pub fn waiting(vault_dir: &Path) -> (usize, bool) {
    let Ok(entries) = fs::read_dir(inbox(vault_dir)) else { return (0, false) };
    let mut scanned = 0;
    let mut count = 0;
    for entry in entries.take(INBOX_SCAN_MAX).flatten() {
        scanned += 1;
        count += usize::from(is_waiting_name(&entry.file_name()));
    }
    (count, scanned == INBOX_SCAN_MAX)
}

fn is_waiting_name(name: &std::ffi::OsStr) -> bool {
    name.to_str().is_some_and(|n| n.ends_with(SEALED_SUFFIX) && !n.starts_with('.'))
}

/// One inbox file that opened as a capture of this vault.
pub(crate) struct Opened {
    pub(crate) path: PathBuf,
    pub(crate) doc: CaptureDoc,
}

/// What a look through the inbox found: captures to import, and files set
/// aside (with why, for the log and the count the person is told).
#[derive(Default)]
pub(crate) struct Sorted {
    pub(crate) opened: Vec<Opened>,
    pub(crate) set_aside: usize,
    /// More files wait than one unlock reads.
    pub(crate) more: bool,
}

/// Opens up to [`INBOX_FILES_PER_UNLOCK`] inbox files with the capture
/// identity; moves what is not a capture of this vault to `set-aside/`
/// (unless `writable` is false: then it stays). Oldest first.
pub(crate) fn open_inbox(vault_dir: &Path, identity: &age::x25519::Identity, writable: bool) -> Result<Sorted> {
    let inbox = inbox(vault_dir);
    let entries = match fs::read_dir(&inbox) {
        Ok(entries) => entries,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Sorted::default()),
        Err(e) => return Err(e.into()),
    };
    let mut sorted = Sorted::default();
    let mut names = Vec::new();
    for entry in entries.take(INBOX_SCAN_MAX).flatten() {
        if is_waiting_name(&entry.file_name()) {
            names.push(entry.path());
        }
    }
    // Random names: the order is fixed only to make each unlock's share
    // the same files on every retry.
    names.sort();
    sorted.more = names.len() > INBOX_FILES_PER_UNLOCK;
    names.truncate(INBOX_FILES_PER_UNLOCK);
    for path in names {
        match open_one(&path, identity) {
            Ok(doc) => sorted.opened.push(Opened { path, doc }),
            Err(why) => {
                tracing::warn!(why = why.code(), "an inbox file is not a capture of this vault");
                sorted.set_aside += 1;
                if writable {
                    set_aside(&inbox, &path)?;
                }
            }
        }
    }
    sorted.opened.sort_by_key(|o| o.doc.written_at);
    Ok(sorted)
}

fn open_one(path: &Path, identity: &age::x25519::Identity) -> Result<CaptureDoc> {
    let sealed = files::read_regular(path, CAPTURE_FILE_BYTES)?.ok_or(Error::NotACapture)?;
    let json = super::open_with(identity, &sealed, CAPTURE_FILE_BYTES)?;
    let doc: CaptureDoc = serde_json::from_slice(&json).map_err(|_| Error::NotACapture)?;
    doc.check().map_err(|_| Error::NotACapture)?;
    // The file's name is its id: a copy under another name is a second
    // file of the same capture, and imports once all the same.
    Ok(doc)
}

/// Moves an inbox file into `set-aside/`, under a name not taken there.
fn set_aside(inbox: &Path, path: &Path) -> Result<()> {
    let aside = inbox.join(SET_ASIDE_DIR);
    files::create_private_dir(&aside)?;
    let name = path.file_name().expect("an inbox entry has a name").to_string_lossy().into_owned();
    let mut to = aside.join(&name);
    let mut n = 1;
    while to.symlink_metadata().is_ok() {
        n += 1;
        to = aside.join(format!("{name}.{n}"));
    }
    fs::rename(path, &to)?;
    Ok(())
}

/// Removes imported captures' files; the folder is synced so the removal
/// survives a crash (if it does not, the capture ids keep the import once).
pub(crate) fn remove_imported(vault_dir: &Path, paths: &[PathBuf]) {
    for path in paths {
        if let Err(e) = fs::remove_file(path) {
            tracing::warn!(error = %e.kind(), "an imported capture's file could not be removed");
        }
    }
    let _ = files::sync_dir(&inbox(vault_dir));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_capture_doc_is_checked_as_journal_text() {
        let now = DateTime::parse_from_rfc3339("2026-12-05T00:30:00+09:00").unwrap();
        let good = CaptureDoc {
            enza: "capture".into(),
            version: 1,
            id: "0123456789abcdef0123456789abcdef".into(),
            kind: CaptureKind::Boundary,
            text: "電話が23時に来た".into(),
            written_at: now,
        };
        assert!(good.check().is_ok());
        for bad in [
            CaptureDoc { enza: "handover".into(), ..good.clone() },
            CaptureDoc { version: 2, ..good.clone() },
            CaptureDoc { id: "../../vault".into(), ..good.clone() },
            CaptureDoc { id: "0123456789ABCDEF0123456789ABCDEF".into(), ..good.clone() },
        ] {
            assert!(matches!(bad.check(), Err(Error::NotACapture)));
        }
        assert!(matches!(CaptureDoc { text: " \n".into(), ..good.clone() }.check(), Err(Error::EmptyText)));
        let long = "あ".repeat(CAPTURE_CHARS + 1);
        assert!(matches!(CaptureDoc { text: long, ..good.clone() }.check(), Err(Error::TooLong { .. })));
        assert!(matches!(CaptureDoc { text: "a\u{1b}[2J".into(), ..good }.check(), Err(Error::ControlCharacters)));
    }

    #[test]
    fn the_largest_capture_fits_its_file_bound() {
        // Four-byte characters, the most a character takes in UTF-8.
        let text = "😀".repeat(CAPTURE_CHARS);
        let doc = CaptureDoc {
            enza: "capture".into(),
            version: 1,
            id: "0".repeat(32),
            kind: CaptureKind::Reflection,
            text,
            written_at: DateTime::parse_from_rfc3339("2026-12-05T00:30:00+09:00").unwrap(),
        };
        let recipient = age::x25519::Identity::generate().to_public();
        let sealed = crate::sealed::seal_to(&[&recipient], &serde_json::to_vec(&doc).unwrap()).unwrap();
        assert!((sealed.len() as u64) < CAPTURE_FILE_BYTES, "{}", sealed.len());
    }
}
