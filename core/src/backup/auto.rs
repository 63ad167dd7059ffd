//! Automatic backups: off until the person picks a folder (a USB stick, say);
//! then on every lock, on quit, or once a day, keeping the newest N. Every
//! run's outcome is kept in the vault and shown by the front ends, so a
//! backup that could not be made is never skipped in silence.

use super::{BackupInfo, BackupPassphrase, Backups, Progress};
use crate::error::{Error, Result};
use crate::i18n::Lang;
use crate::settings::{any, Json, Key};
use chrono::{DateTime, Local, Utc};
use serde::{Deserialize, Serialize};
use std::fs;
use std::path::{Path, PathBuf};

/// The backups an automatic run keeps, at most and by default.
pub const KEEP_MAX: u32 = 100;
pub const KEEP_DEFAULT: u32 = 10;
/// How an automatic backup's file is named: `enza-backup-<local time>.enzabackup`.
const PREFIX: &str = "enza-backup-";
pub const EXTENSION: &str = "enzabackup";

/// When automatic backups run.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Schedule {
    /// Every time the vault locks, by hand or when idle, and on quit.
    #[default]
    OnLock,
    /// When the app quits.
    OnQuit,
    /// At the first lock, quit, unlock or hourly check a day after the last
    /// backup that worked.
    Daily,
}

/// What just happened, for [`Backups::run_auto`] to decide whether a backup
/// is due.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Trigger {
    Lock,
    Quit,
    Unlock,
    /// The hourly check while the vault is open.
    Timer,
}

/// Automatic backups: the folder, how many to keep, when.
pub const BACKUP_AUTO: Key<AutoSettings> = Key::new("backup_auto", AutoSettings::default, AutoSettings::validate);
/// What the last automatic backups did (written by the core only).
pub const BACKUP_RECORD: Key<AutoRecord> = Key::new("backup_record", AutoRecord::default, any);
impl Json for AutoSettings {}
impl Json for AutoRecord {}

/// The person's choices.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct AutoSettings {
    /// `None`: automatic backups are off.
    pub folder: Option<PathBuf>,
    pub keep: u32,
    pub schedule: Schedule,
}

impl Default for AutoSettings {
    fn default() -> Self {
        AutoSettings { folder: None, keep: KEEP_DEFAULT, schedule: Schedule::OnLock }
    }
}

impl AutoSettings {
    pub(crate) fn validate(&self) -> Result<()> {
        if !(1..=KEEP_MAX).contains(&self.keep) {
            return Err(Error::InvalidSetting("backups to keep: 1 to 100"));
        }
        match &self.folder {
            Some(f) if !f.is_absolute() => Err(Error::InvalidSetting("the backup folder must be a full path")),
            _ => Ok(()),
        }
    }
}

/// What the last runs did, kept in the vault.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct AutoRecord {
    pub last_ok: Option<DateTime<Utc>>,
    /// The file the last good backup went to (its name only).
    pub last_file: Option<String>,
    /// The last run that failed, if none has worked since.
    pub last_error: Option<Failure>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Failure {
    pub at: DateTime<Utc>,
    pub code: String,
    /// The message in each language, as it was when the run failed.
    pub en: String,
    pub ja: String,
}

/// What Settings and the main screen show.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AutoStatus {
    pub settings: AutoSettings,
    pub last_ok: Option<DateTime<Utc>>,
    pub last_file: Option<String>,
    pub last_error: Option<FailureView>,
    /// A folder is chosen but is not there (a stick not plugged in).
    pub folder_missing: bool,
    /// It is missing, but the folder it would be in is there (the stick is
    /// plugged in): it can be made.
    pub folder_can_be_made: bool,
    /// Whether something needs the person's attention: a missing folder or
    /// a last run that failed.
    pub needs_attention: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FailureView {
    pub at: DateTime<Utc>,
    pub code: String,
    pub message: String,
}

/// Whether a backup is due: the rule, once.
pub fn is_due(schedule: Schedule, trigger: Trigger, last_ok: Option<DateTime<Utc>>, now: DateTime<Utc>) -> bool {
    match schedule {
        Schedule::OnLock => matches!(trigger, Trigger::Lock | Trigger::Quit),
        Schedule::OnQuit => trigger == Trigger::Quit,
        Schedule::Daily => last_ok.is_none_or(|t| now - t >= chrono::Duration::hours(24)),
    }
}

impl Backups<'_> {
    pub fn auto_settings(&self) -> Result<AutoSettings> {
        self.vault.settings().get(&BACKUP_AUTO)
    }

    /// Saves the choices. A chosen folder must be there now; one that is
    /// not yet, on a disk that is, is made when `make_folder` says so
    /// (else refused with [`Error::BackupFolderNotMade`], so it can be asked).
    pub fn set_auto(&self, settings: &AutoSettings, make_folder: bool) -> Result<()> {
        settings.validate()?;
        if let Some(folder) = &settings.folder {
            match (folder.is_dir(), can_be_made(folder), make_folder) {
                (true, _, _) => {}
                (false, true, true) => make(folder)?,
                (false, true, false) => return Err(Error::BackupFolderNotMade(folder.clone())),
                (false, false, _) => return Err(Error::BackupFolderMissing(folder.clone())),
            }
        }
        self.vault.settings().set(&BACKUP_AUTO, settings)
    }

    /// Makes the chosen folder that is missing (Settings' "Create the
    /// folder"), if the folder it would be in is there.
    pub fn make_auto_folder(&self) -> Result<()> {
        let settings = self.auto_settings()?;
        let folder = settings.folder.ok_or(Error::InvalidSetting("no backup folder is chosen"))?;
        if folder.is_dir() {
            return Ok(());
        }
        if !can_be_made(&folder) {
            return Err(Error::BackupFolderMissing(folder));
        }
        make(&folder)
    }

    pub fn auto_status(&self, lang: Lang) -> Result<AutoStatus> {
        let settings = self.auto_settings()?;
        let record = self.vault.settings().get(&BACKUP_RECORD)?;
        let folder_missing = settings.folder.as_ref().is_some_and(|f| !f.is_dir());
        let folder_can_be_made = folder_missing && settings.folder.as_deref().is_some_and(can_be_made);
        let last_error = record.last_error.map(|f| FailureView {
            at: f.at,
            message: if lang == Lang::Ja { f.ja } else { f.en },
            code: f.code,
        });
        Ok(AutoStatus {
            needs_attention: folder_missing || (settings.folder.is_some() && last_error.is_some()),
            settings,
            last_ok: record.last_ok,
            last_file: record.last_file,
            last_error,
            folder_missing,
            folder_can_be_made,
        })
    }

    /// Makes an automatic backup if one is due after `trigger`. `Ok(None)`:
    /// off, or not due. A failure is recorded (and shown) as well as
    /// returned.
    pub fn run_auto(&self, trigger: Trigger, progress: Progress) -> Result<Option<BackupInfo>> {
        let settings = self.auto_settings()?;
        if settings.folder.is_none() {
            return Ok(None);
        }
        let record = self.vault.settings().get(&BACKUP_RECORD)?;
        if !is_due(settings.schedule, trigger, record.last_ok, Utc::now()) {
            return Ok(None);
        }
        self.run_auto_now(progress).map(Some)
    }

    /// Makes a backup in the automatic folder now, whatever the schedule
    /// (the "Back up now" button), and records the outcome.
    pub fn run_auto_now(&self, progress: Progress) -> Result<BackupInfo> {
        let settings = self.auto_settings()?;
        let folder = settings.folder.clone().ok_or(Error::InvalidSetting("no backup folder is chosen"))?;
        let outcome = self.backup_into(&folder, progress);
        let mut record = self.vault.settings().get(&BACKUP_RECORD)?;
        match &outcome {
            Ok((_, name)) => {
                record.last_ok = Some(Utc::now());
                record.last_file = Some(name.clone());
                record.last_error = None;
                prune(&folder, settings.keep);
            }
            Err(e) => {
                tracing::warn!(code = e.code(), "automatic backup failed");
                record.last_error = Some(Failure {
                    at: Utc::now(),
                    code: e.code().into(),
                    en: e.message(Lang::En),
                    ja: e.message(Lang::Ja),
                });
            }
        }
        // A vault that takes no writes still makes its backups; only their
        // record is not kept. A record that cannot be written does not
        // undo a backup that was.
        if self.vault.read_only().is_none() {
            if let Err(e) = self.vault.settings().set(&BACKUP_RECORD, &record) {
                tracing::warn!(code = e.code(), "the automatic backup's outcome was not recorded");
            }
        }
        outcome.map(|(info, _)| info)
    }

    fn backup_into(&self, folder: &Path, progress: Progress) -> Result<(BackupInfo, String)> {
        if !folder.is_dir() {
            return Err(Error::BackupFolderMissing(folder.to_path_buf()));
        }
        let stamp = Local::now().format("%Y-%m-%d-%H%M%S");
        let mut name = format!("{PREFIX}{stamp}.{EXTENSION}");
        for n in 2.. {
            if fs::symlink_metadata(folder.join(&name)).is_err() {
                break;
            }
            name = format!("{PREFIX}{stamp}-{n}.{EXTENSION}");
        }
        let info = self.write(&folder.join(&name), BackupPassphrase::Vault, progress)?;
        Ok((info, name))
    }
}

/// A missing folder whose parent is there: one level is made, never a
/// path of folders (a stick that is not plugged in is not made on the
/// system disk under its mount point).
fn can_be_made(folder: &Path) -> bool {
    fs::symlink_metadata(folder).is_err() && folder.parent().is_some_and(|p| p.is_dir() && !holds_mount_points(p))
}

/// Where the system mounts removable media (`/media/<user>/<stick>`,
/// `/run/media/<user>/<stick>`, `/mnt/<disk>`): a folder missing right
/// under one of these is a disk not plugged in, never one to make.
fn holds_mount_points(dir: &Path) -> bool {
    let parts: Vec<String> = dir.components().skip(1).map(|c| c.as_os_str().to_string_lossy().into_owned()).collect();
    let parts: Vec<&str> = parts.iter().map(String::as_str).collect();
    matches!(parts.as_slice(), [] | ["mnt"] | ["media"] | ["media", _] | ["run", "media"] | ["run", "media", _])
}

fn make(folder: &Path) -> Result<()> {
    use std::os::unix::fs::DirBuilderExt;
    fs::DirBuilder::new().mode(0o700).create(folder).map_err(|e| Error::from(e).writing_to(folder))?;
    tracing::info!("automatic backup folder made");
    Ok(())
}

/// Removes the oldest automatic backups beyond `keep`: only files named as
/// Enza names them that open as Enza backups, so nothing else in the folder
/// is ever touched. A file that cannot be removed stays (and is logged).
fn prune(folder: &Path, keep: u32) {
    let Ok(entries) = fs::read_dir(folder) else { return };
    let mut ours: Vec<(DateTime<Utc>, String, PathBuf)> = entries
        .flatten()
        .filter_map(|e| {
            let name = e.file_name().into_string().ok()?;
            // The name and the file type first: nothing else in the folder
            // is opened (a FIFO there would block the open).
            let named_ours = name.starts_with(PREFIX)
                && name.ends_with(&format!(".{EXTENSION}"))
                && e.file_type().is_ok_and(|t| t.is_file());
            if !named_ours {
                return None;
            }
            // Oldest first by the time in its header, compared as times.
            let path = e.path();
            let made = super::inspect(&path).ok()?.created_at;
            let made = DateTime::parse_from_rfc3339(&made).ok()?.with_timezone(&Utc);
            Some((made, name, path))
        })
        .collect();
    ours.sort_by(|a, b| oldest_first((a.0, &a.1), (b.0, &b.1)));
    let excess = ours.len().saturating_sub(keep as usize);
    for (_, _, path) in ours.into_iter().take(excess) {
        if let Err(e) = fs::remove_file(&path) {
            tracing::warn!(error = %e.kind(), "could not remove an old automatic backup");
        }
    }
}

/// Orders two automatic backups by the time in their headers; two made in
/// the same millisecond by name, shorter first, because a name's `-2`, `-3`
/// … suffix counts up within a second and sorts before the bare `.` byte
/// for byte.
fn oldest_first(a: (DateTime<Utc>, &str), b: (DateTime<Utc>, &str)) -> std::cmp::Ordering {
    a.0.cmp(&b.0).then(a.1.len().cmp(&b.1.len())).then(a.1.cmp(b.1))
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::Duration;

    #[test]
    fn the_schedule_decides_when_a_backup_is_due() {
        let now = Utc::now();
        assert!(is_due(Schedule::OnLock, Trigger::Lock, Some(now), now));
        assert!(is_due(Schedule::OnLock, Trigger::Quit, Some(now), now));
        assert!(!is_due(Schedule::OnLock, Trigger::Unlock, None, now));
        assert!(!is_due(Schedule::OnQuit, Trigger::Lock, None, now));
        assert!(is_due(Schedule::OnQuit, Trigger::Quit, Some(now), now));
        assert!(is_due(Schedule::Daily, Trigger::Timer, None, now));
        assert!(!is_due(Schedule::Daily, Trigger::Lock, Some(now - Duration::hours(23)), now));
        assert!(is_due(Schedule::Daily, Trigger::Unlock, Some(now - Duration::hours(24)), now));
    }

    #[test]
    fn only_a_folder_on_a_disk_that_is_there_can_be_made() {
        for dir in ["/", "/media", "/media/mika", "/mnt", "/run/media", "/run/media/mika"] {
            assert!(holds_mount_points(Path::new(dir)), "{dir}");
        }
        for dir in ["/media/mika/STICK", "/mnt/usb", "/run/media/mika/STICK", "/home/mika", "/tmp"] {
            assert!(!holds_mount_points(Path::new(dir)), "{dir}");
        }
        let tmp = tempfile::tempdir().unwrap();
        assert!(can_be_made(&tmp.path().join("enza-backups")));
        assert!(!can_be_made(&tmp.path().join("stick").join("enza-backups")), "its disk is not there");
        assert!(!can_be_made(tmp.path()), "already there");
        assert!(!can_be_made(Path::new("/media/nobody-here")));
    }

    #[test]
    fn backups_from_one_second_are_ordered_as_they_were_made() {
        let t = Utc::now();
        let mut names = ["b-2.x", "b-10.x", "b.x", "b-3.x", "a-2.x"].map(|n| (t, n)).to_vec();
        names.push((t - Duration::milliseconds(1), "z.x"));
        names.sort_by(|a, b| oldest_first(*a, *b));
        let order: Vec<&str> = names.iter().map(|(_, n)| *n).collect();
        assert_eq!(order, ["z.x", "b.x", "a-2.x", "b-2.x", "b-3.x", "b-10.x"]);
    }

    #[test]
    fn settings_are_checked() {
        let ok = AutoSettings { folder: Some("/media/usb".into()), ..Default::default() };
        assert!(ok.validate().is_ok());
        assert!(AutoSettings { keep: 0, ..ok.clone() }.validate().is_err());
        assert!(AutoSettings { keep: 101, ..ok.clone() }.validate().is_err());
        assert!(AutoSettings { folder: Some("relative/dir".into()), ..ok }.validate().is_err());
    }
}
