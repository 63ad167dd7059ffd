//! Sealed notes: public-key sealing with age (`docs/sealed-format.md`).
//!
//! - **Quick notes while locked** ([`capture`]): sealed to the vault's
//!   capture key, whose public half lies beside the vault, and imported
//!   into the journal at the next unlock ([`at_unlock`]).
//! - **Handovers** ([`Sealed`], `vault.sealed()`): a meeting sealed to the
//!   co-facilitators who run the group next (and to oneself), or to a
//!   passphrase; imported into a group's page as received from them.
//!
//! No network: files in, files out.

pub mod capture;
mod handover;
pub mod identity;
mod store;
mod words;

pub use capture::CaptureKind;
pub use handover::{HandedMeeting, HandedTurn, HandoverDoc, Include, Sender};
pub use identity::PublicKey;
pub use store::CAPABILITY;

use crate::error::{Error, Result};
use crate::groups::Groups;
use crate::i18n::Lang;
use crate::journal::Journal;
use crate::limits::{HANDOVER_FILE_BYTES, LIST_MAX, NAME_CHARS};
use crate::meeting::Meetings;
use crate::settings::{Key, Settings};
use crate::store::Db;
use age::secrecy::SecretString;
use age::x25519;
use chrono::{DateTime, FixedOffset, Utc};
use identity::Purpose;
use serde::Serialize;
use std::io::{Read, Write};
use std::path::Path;
use zeroize::Zeroizing;

/// The name a handover says it is from, as the person chose it (empty:
/// the facilitators of the last record).
pub const HANDOVER_NAME: Key<OwnName> = Key::new("handover_name", OwnName::default, check_name);

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, serde::Deserialize)]
pub struct OwnName(pub String);

impl crate::settings::Json for OwnName {}

fn check_name(name: &OwnName) -> Result<()> {
    crate::text::line(&name.0, NAME_CHARS)
}

/// Seals `plaintext` to age X25519 recipients.
pub(crate) fn seal_to(recipients: &[&x25519::Recipient], plaintext: &[u8]) -> Result<Vec<u8>> {
    let encryptor = age::Encryptor::with_recipients(recipients.iter().map(|r| *r as &dyn age::Recipient))
        .map_err(|_| Error::NoRecipients)?;
    write_sealed(encryptor, plaintext)
}

fn write_sealed(encryptor: age::Encryptor, plaintext: &[u8]) -> Result<Vec<u8>> {
    let mut out = Vec::with_capacity(plaintext.len() + 512);
    let mut writer = encryptor.wrap_output(&mut out)?;
    writer.write_all(plaintext)?;
    writer.finish()?;
    Ok(out)
}

/// Opens an age file of at most `max` bytes with `identity`, reading at
/// most `max` bytes of what it holds. The causes are told apart: not an
/// age file at all, sealed to other keys, changed after sealing.
pub(crate) fn open_with(identity: &dyn age::Identity, sealed: &[u8], max: u64) -> Result<Zeroizing<Vec<u8>>> {
    if sealed.len() as u64 > max {
        return Err(Error::NotSealed);
    }
    let decryptor = age::Decryptor::new_buffered(sealed).map_err(opening_failed)?;
    let reader = decryptor.decrypt(std::iter::once(identity)).map_err(opening_failed)?;
    let mut plain = Zeroizing::new(Vec::new());
    // The stream authenticates each chunk as it reads: a changed byte
    // anywhere fails here.
    reader.take(max).read_to_end(&mut plain).map_err(|_| Error::SealedDamaged)?;
    Ok(plain)
}

fn opening_failed(e: age::DecryptError) -> Error {
    match e {
        age::DecryptError::NoMatchingKeys => Error::SealedForSomeoneElse,
        age::DecryptError::InvalidHeader | age::DecryptError::UnknownFormat | age::DecryptError::Io(_) => {
            Error::NotSealed
        }
        // A passphrase file that asks for far more work than this machine
        // does in seconds: not one Enza made.
        age::DecryptError::ExcessiveWork { .. } => Error::NotSealed,
        _ => Error::SealedDamaged,
    }
}

/// Saves a sealed file (a handover) as a new file readable by its owner
/// only; a file already there is refused, and the trouble of the disk
/// written to is named as that place's.
pub fn save_new(path: &Path, bytes: &[u8]) -> Result<()> {
    match crate::files::write_private(path, bytes) {
        Err(Error::Io(e)) if e.kind() == std::io::ErrorKind::AlreadyExists => Err(Error::FileExists(path.to_owned())),
        Err(e) => Err(e.writing_to(path.parent().unwrap_or(Path::new(".")))),
        Ok(()) => Ok(()),
    }
}

/// A handover file's bytes, read as untrusted input (at most the size a
/// handover may have; a symlink, a FIFO, a device or a folder is not one).
pub fn read_handover_file(path: &Path) -> Result<Vec<u8>> {
    match crate::files::read_regular(path, HANDOVER_FILE_BYTES) {
        Ok(Some(bytes)) => Ok(bytes),
        Ok(None) => Err(Error::NotSealed),
        Err(Error::Io(e)) if e.kind() == std::io::ErrorKind::NotFound => Err(Error::BackupNotFound(path.to_owned())),
        Err(e) => Err(e),
    }
}

/// What unlocking did with the quick notes and the capture key.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct AtUnlock {
    /// Quick notes now in the journal.
    pub imported: usize,
    /// Inbox files that are not quick notes of this vault, moved to
    /// `inbox/set-aside/`.
    pub set_aside: usize,
    /// Quick notes still waiting: the vault takes no writes now, or more
    /// wait than one unlock imports.
    pub waiting: usize,
    pub capture_key: CaptureKey,
}

impl AtUnlock {
    /// What to tell the person, in their language: nothing when all is as
    /// expected and nothing was imported.
    pub fn notices(&self, lang: Lang) -> Vec<String> {
        let ja = lang == Lang::Ja;
        let mut said = Vec::new();
        if self.imported > 0 {
            said.push(if ja {
                format!("ロック中に書いたクイックメモ{}件をジャーナルに加えました。", self.imported)
            } else if self.imported == 1 {
                "1 quick note written while locked is now in your journal.".to_owned()
            } else {
                format!("{} quick notes written while locked are now in your journal.", self.imported)
            });
        }
        if self.set_aside > 0 {
            said.push(if ja {
                format!(
                    "受信箱（inbox）にあった{}個のファイルは、この保管庫のクイックメモではないため開けませんでした。inbox/set-aside に移しました。",
                    self.set_aside
                )
            } else {
                format!(
                    "{} file(s) in the inbox are not quick notes of this vault and could not be opened; they were moved to inbox/set-aside.",
                    self.set_aside
                )
            });
        }
        if self.waiting > 0 {
            said.push(if ja {
                format!("クイックメモが{}件、まだ読み込まれずに待っています。", self.waiting)
            } else {
                format!("{} quick note(s) are still waiting to be imported.", self.waiting)
            });
        }
        match self.capture_key {
            CaptureKey::Restored => said.push(lang.pick(
                "The quick-note key beside your vault (capture.pub) had been replaced by another key; Enza has put yours back. Quick notes written while it was replaced could be read by whoever replaced it, and are not in your journal.",
                "保管庫の横にあるクイックメモの鍵（capture.pub）が、別の鍵に置き換えられていました。元の鍵に戻しました。置き換えられていた間に書いたクイックメモは、置き換えた人に読まれるおそれがあり、ジャーナルには入っていません。").to_owned()),
            CaptureKey::Replaced => said.push(lang.pick(
                "The quick-note key beside your vault (capture.pub) has been replaced by another key, and cannot be put back now because the disk takes no writes. Do not write quick notes until it is put back at a later unlock.",
                "保管庫の横にあるクイックメモの鍵（capture.pub）が、別の鍵に置き換えられています。ディスクに書き込めないため、いまは元に戻せません。あとでロックを解除して元に戻るまで、クイックメモを書かないでください。").to_owned()),
            CaptureKey::Whole | CaptureKey::Written | CaptureKey::None => {}
        }
        said
    }
}

/// The capture key on disk, as unlocking found it.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum CaptureKey {
    /// As the vault holds it.
    #[default]
    Whole,
    /// It was missing (a new or restored vault) and has been written.
    Written,
    /// It had been replaced by another key: put back. Quick notes written
    /// since could be read by whoever replaced it.
    Restored,
    /// It had been replaced, and could not be put back now (the disk takes
    /// no writes): quick notes are off until it is.
    Replaced,
    /// The vault has no capture key yet and takes no writes.
    None,
}

/// Gives the vault its identities if it lacks them, checks the capture key
/// on disk against the one inside, and imports the waiting quick notes in
/// one transaction. Never fails an unlock: what goes wrong is logged and
/// counted.
pub(crate) fn at_unlock(db: &Db, vault_dir: &Path, writable: bool) -> AtUnlock {
    let mut found = AtUnlock::default();
    if writable {
        if let Err(e) = ensure_identities(db) {
            tracing::warn!(why = e.code(), "the sealing identities could not be made");
        }
    }
    let identity = match store::identity(db.conn(), Purpose::Capture).and_then(|s| match s {
        Some(secret) => identity::parse_secret(&secret).map(Some),
        None => Ok(None),
    }) {
        Ok(Some(identity)) => identity,
        Ok(None) | Err(_) => {
            found.capture_key = CaptureKey::None;
            found.waiting = capture::waiting(vault_dir).0;
            return found;
        }
    };
    found.capture_key = check_public_key(vault_dir, &identity.to_public().to_string(), writable);
    if !writable {
        found.waiting = capture::waiting(vault_dir).0;
        return found;
    }
    match import_inbox(db, vault_dir, &identity) {
        Ok((imported, set_aside, more)) => {
            found.imported = imported;
            found.set_aside = set_aside;
            if more {
                found.waiting = capture::waiting(vault_dir).0;
            }
        }
        Err(e) => {
            tracing::warn!(why = e.code(), "quick notes were not imported");
            found.waiting = capture::waiting(vault_dir).0;
        }
    }
    if found.imported + found.set_aside > 0 {
        tracing::info!(imported = found.imported, set_aside = found.set_aside, "inbox read");
    }
    found
}

fn ensure_identities(db: &Db) -> Result<()> {
    for purpose in Purpose::ALL {
        if store::identity(db.conn(), purpose)?.is_none() {
            store::insert_identity(db.conn(), purpose, &identity::generate(), Utc::now())?;
        }
    }
    Ok(())
}

fn check_public_key(vault_dir: &Path, ours: &str, writable: bool) -> CaptureKey {
    let on_disk = capture::public_key_on_disk(vault_dir);
    if on_disk.as_deref() == Some(ours) {
        return CaptureKey::Whole;
    }
    let missing = !vault_dir.join(capture::PUBLIC_KEY_FILE).exists();
    if !missing {
        tracing::warn!("the capture key beside the vault is not the vault's own");
    }
    let written = writable && capture::write_public_key(vault_dir, ours).is_ok();
    match (missing, written) {
        (true, true) => CaptureKey::Written,
        (true, false) => CaptureKey::None,
        (false, true) => CaptureKey::Restored,
        (false, false) => CaptureKey::Replaced,
    }
}

/// Imports what the inbox holds: `(imported, set aside, more waiting)`.
fn import_inbox(db: &Db, vault_dir: &Path, identity: &x25519::Identity) -> Result<(usize, usize, bool)> {
    let sorted = capture::open_inbox(vault_dir, identity, true)?;
    if sorted.opened.is_empty() {
        return Ok((0, sorted.set_aside, sorted.more));
    }
    let journal = Journal::new(db);
    let now = Utc::now();
    let tx = db.conn().unchecked_transaction()?;
    let mut imported = 0;
    for capture::Opened { doc, .. } in &sorted.opened {
        // Imported before, and the file outlived a crash: only removed.
        if !store::mark_imported(&tx, &doc.id, now)? {
            continue;
        }
        let written = doc.written_at.with_timezone(&Utc);
        match doc.kind {
            CaptureKind::Reflection => journal.add_captured_reflection(&doc.text, written)?,
            CaptureKind::Boundary => journal.add_captured_boundary(&doc.text, doc.written_at.date_naive(), written)?,
        }
        imported += 1;
    }
    tx.commit()?;
    #[cfg(feature = "insecure-fast-kdf")]
    crash_point_between_import_and_removal();
    let paths: Vec<_> = sorted.opened.into_iter().map(|o| o.path).collect();
    capture::remove_imported(vault_dir, &paths);
    Ok((imported, sorted.set_aside, sorted.more))
}

/// The crash tests' pause between the import's commit and the files'
/// removal (`ENZA_TEST_PAUSE_AFTER_IMPORT=1`): they kill the process there.
#[cfg(feature = "insecure-fast-kdf")]
fn crash_point_between_import_and_removal() {
    if std::env::var_os("ENZA_TEST_PAUSE_AFTER_IMPORT").is_some() {
        println!("imported");
        std::thread::sleep(std::time::Duration::from_secs(60));
    }
}

/// A co-facilitator: a name and their handover recipient.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Cofacilitator {
    pub id: i64,
    pub name: String,
    pub recipient: String,
    pub added_at: DateTime<Utc>,
}

/// Who a handover is sealed to.
#[derive(Debug, Clone)]
pub enum SealTo {
    /// These co-facilitators (by id), and oneself.
    People(Vec<i64>),
    /// A passphrase, for a co-facilitator without Enza (the `age` tool
    /// opens it).
    Passphrase(Zeroizing<String>),
}

/// A handover opened: who sealed it, what it holds, and whether it is in
/// this vault already.
#[derive(Debug, Clone, Serialize)]
pub struct HandoverPreview {
    pub doc: HandoverDoc,
    /// The co-facilitator whose key the file names as its sender, by the
    /// name this vault keeps for them; `None` for a key not in the list.
    pub known_as: Option<String>,
    /// The sender's key in words, to compare with them.
    pub from_words: String,
    /// This vault's own handover key sealed it (one's own file).
    pub own: bool,
    pub already_imported: bool,
}

/// A handover kept on a group's page.
#[derive(Debug, Clone, Serialize)]
pub struct ReceivedHandover {
    pub id: i64,
    pub from_name: String,
    pub known_as: Option<String>,
    pub meeting: HandedMeeting,
    pub received_at: DateTime<Utc>,
}

/// What an import did.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Imported {
    pub id: Option<i64>,
    /// The same handover was imported before: nothing changed.
    pub already: bool,
}

/// Sealed notes of an unlocked vault (`vault.sealed()`): its public keys,
/// the co-facilitators, and handovers out and in.
pub struct Sealed<'v> {
    db: &'v Db,
}

/// The vault's two public keys.
#[derive(Debug, Clone, Serialize)]
pub struct PublicKeys {
    pub capture: PublicKey,
    pub handover: PublicKey,
}

impl<'v> Sealed<'v> {
    pub(crate) fn new(db: &'v Db) -> Self {
        Sealed { db }
    }

    fn identity(&self, purpose: Purpose) -> Result<x25519::Identity> {
        let secret = store::identity(self.db.conn(), purpose)?.ok_or(Error::NoSealingKeys)?;
        identity::parse_secret(&secret)
    }

    pub fn public_keys(&self, lang: Lang) -> Result<PublicKeys> {
        Ok(PublicKeys {
            capture: PublicKey::of(&self.identity(Purpose::Capture)?.to_public(), lang),
            handover: PublicKey::of(&self.identity(Purpose::Handover)?.to_public(), lang),
        })
    }

    /// The handover identity as an age identity file, for the `age` tool
    /// (`age -d -i FILE`): whoever holds it opens every handover sealed to
    /// this vault. Only `enza identity --export-handover` writes it.
    pub fn handover_identity_file(&self) -> Result<Zeroizing<String>> {
        use age::secrecy::ExposeSecret;
        let identity = self.identity(Purpose::Handover)?;
        Ok(Zeroizing::new(format!(
            "# Enza handover identity: opens every handover sealed to this vault. Keep it private.\n\
             # public key: {}\n{}\n",
            identity.to_public(),
            identity.to_string().expose_secret()
        )))
    }

    pub fn cofacilitators(&self) -> Result<Vec<Cofacilitator>> {
        store::cofacilitators(self.db.conn())
    }

    pub fn add_cofacilitator(&self, name: &str, recipient: &str) -> Result<i64> {
        let name = name.trim();
        if name.is_empty() {
            return Err(Error::EmptyText);
        }
        crate::text::line(name, NAME_CHARS)?;
        let recipient = identity::parse_recipient(recipient)?.to_string();
        if recipient == self.identity(Purpose::Handover)?.to_public().to_string() {
            return Err(Error::OwnRecipient);
        }
        if store::cofacilitators(self.db.conn())?.len() >= LIST_MAX {
            return Err(Error::InvalidSetting("co-facilitators"));
        }
        store::add_cofacilitator(self.db.conn(), name, &recipient, Utc::now())
    }

    pub fn remove_cofacilitator(&self, id: i64) -> Result<()> {
        store::remove_cofacilitator(self.db.conn(), id)
    }

    /// The name a handover says it is from: the one chosen in Settings,
    /// else the facilitators written in the last record.
    pub fn own_name(&self) -> Result<String> {
        let chosen = Settings::new(self.db).get(&HANDOVER_NAME)?.0;
        if !chosen.trim().is_empty() {
            return Ok(chosen);
        }
        Ok(Meetings::new(self.db).last_facilitators(None)?.unwrap_or_default())
    }

    /// The name handovers say they are from; empty for the facilitators
    /// of the last record.
    pub fn set_own_name(&self, name: &str) -> Result<()> {
        Settings::new(self.db).set(&HANDOVER_NAME, &OwnName(name.trim().to_owned()))
    }

    /// Seals a meeting's handover. `now` carries the person's UTC offset.
    pub fn seal_handover(
        &self,
        session_id: i64,
        to: &SealTo,
        include: Include,
        lang: Lang,
        now: DateTime<FixedOffset>,
    ) -> Result<Vec<u8>> {
        let detail = Meetings::new(self.db).detail(session_id, lang)?;
        if detail.summary.ended_at.is_none() {
            return Err(Error::HandoverBeforeEnd);
        }
        let own = self.identity(Purpose::Handover)?.to_public();
        // The last record's facilitators may be several lines long.
        let name: String = self.own_name()?.replace(['\n', '\r', '\t'], " ").trim().chars().take(NAME_CHARS).collect();
        if name.is_empty() {
            return Err(Error::HandoverNameMissing);
        }
        let from = Sender { name, recipient: own.to_string() };
        let doc = HandoverDoc::new(from, session_id, HandedMeeting::of(&detail, include), now);
        let json = Zeroizing::new(serde_json::to_vec(&doc).expect("a handover serializes"));
        let sealed = match to {
            SealTo::Passphrase(passphrase) => {
                crate::keys::check_new_passphrase(passphrase)?;
                let secret = SecretString::from(passphrase.as_str().to_owned());
                write_sealed(age::Encryptor::with_user_passphrase(secret), &json)?
            }
            SealTo::People(ids) => {
                if ids.is_empty() {
                    return Err(Error::NoRecipients);
                }
                let people = self.cofacilitators()?;
                let mut recipients = vec![own];
                for id in ids {
                    let person = people.iter().find(|p| p.id == *id).ok_or(Error::NotFound)?;
                    recipients.push(identity::parse_recipient(&person.recipient)?);
                }
                seal_to(&recipients.iter().collect::<Vec<_>>(), &json)?
            }
        };
        tracing::info!(session = session_id, bytes = sealed.len(), "handover sealed");
        Ok(sealed)
    }

    /// The handover identity file ([`Sealed::handover_identity_file`])
    /// written to a new private file.
    pub fn write_handover_identity(&self, path: &Path) -> Result<()> {
        save_new(path, self.handover_identity_file()?.as_bytes())
    }

    /// Opens a handover file's bytes: with this vault's handover key, or
    /// with `passphrase` for one sealed to a passphrase. The sender's words
    /// are in `lang`.
    pub fn open_handover(&self, sealed: &[u8], passphrase: Option<&str>, lang: Lang) -> Result<HandoverPreview> {
        if sealed.len() as u64 > HANDOVER_FILE_BYTES {
            return Err(Error::NotAHandover);
        }
        let scrypt = age::Decryptor::new_buffered(sealed).map_err(opening_failed)?.is_scrypt();
        let json = if scrypt {
            let passphrase = passphrase.filter(|p| !p.is_empty()).ok_or(Error::HandoverNeedsPassphrase)?;
            let identity = age::scrypt::Identity::new(SecretString::from(passphrase.to_owned()));
            open_with(&identity, sealed, HANDOVER_FILE_BYTES).map_err(|e| match e {
                Error::SealedDamaged => Error::HandoverWrongPassphrase,
                other => other,
            })?
        } else {
            open_with(&self.identity(Purpose::Handover)?, sealed, HANDOVER_FILE_BYTES)?
        };
        let doc: HandoverDoc = serde_json::from_slice(&json).map_err(|_| Error::NotAHandover)?;
        doc.check()?;
        let own = doc.from.recipient == self.identity(Purpose::Handover)?.to_public().to_string();
        Ok(HandoverPreview {
            known_as: self.known_as(&doc.from.recipient)?,
            from_words: identity::fingerprint_words(&doc.from.recipient, lang),
            own,
            already_imported: store::received_exists(self.db.conn(), &doc.id)?,
            doc,
        })
    }

    /// The words of a key in `lang`.
    pub fn words(&self, recipient: &str, lang: Lang) -> String {
        identity::fingerprint_words(recipient, lang)
    }

    fn known_as(&self, recipient: &str) -> Result<Option<String>> {
        Ok(self.cofacilitators()?.into_iter().find(|p| p.recipient == recipient).map(|p| p.name))
    }

    /// Keeps a handover on a group's page (or with no group). The same
    /// handover imported again changes nothing; this vault's own meetings
    /// are never touched.
    pub fn import_handover(&self, sealed: &[u8], passphrase: Option<&str>, group_id: Option<i64>) -> Result<Imported> {
        let preview = self.open_handover(sealed, passphrase, Lang::En)?;
        if let Some(group) = group_id {
            Groups::new(self.db).get(group)?;
        }
        let doc = &preview.doc;
        let meeting = serde_json::to_string(&doc.meeting).expect("a meeting serializes");
        let from = (doc.from.name.as_str(), doc.from.recipient.as_str());
        let id = store::insert_received(self.db.conn(), &doc.id, group_id, from, &meeting, Utc::now())?;
        tracing::info!(already = id.is_none(), "handover imported");
        Ok(Imported { id, already: id.is_none() })
    }

    /// The handovers kept on a group's page, newest first.
    pub fn received(&self, group_id: i64) -> Result<Vec<ReceivedHandover>> {
        let people = self.cofacilitators()?;
        store::received_for_group(self.db.conn(), group_id, LIST_MAX)?
            .into_iter()
            .map(|row| {
                Ok(ReceivedHandover {
                    id: row.id,
                    known_as: people.iter().find(|p| p.recipient == row.from_recipient).map(|p| p.name.clone()),
                    from_name: row.from_name,
                    meeting: serde_json::from_str(&row.meeting).map_err(|_| Error::DatabaseDamaged)?,
                    received_at: row.received_at,
                })
            })
            .collect()
    }
}
