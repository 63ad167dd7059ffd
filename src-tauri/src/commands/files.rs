//! Choosing a file or folder through the system's own dialog (GTK's, by
//! Tauri's dialog plugin) for the backup, restore and export screens. The
//! typed path stays beside each "Choose…" button, for keyboards and tests.
//!
//! The dialog is the only thing here a test cannot drive, so it sits behind
//! [`Picker`]: the command builds the question ([`Ask`]: what is chosen,
//! where the dialog opens, which files it shows), the picker answers it.
//! Removable media come first: the dialog opens on a plugged-in stick where
//! the system mounts one (`/media/<user>`, `/run/media/<user>`), since that
//! is where a backup belongs.

use serde::Deserialize;
use std::path::{Path, PathBuf};
use tauri::AppHandle;
use tauri_plugin_dialog::DialogExt;
use tracing::instrument;

/// What the screen asks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Purpose {
    /// A new backup file to write ("Back up now to a file").
    BackupFile,
    /// The folder automatic backups go into.
    BackupFolder,
    /// A backup file to restore or check.
    RestoreFile,
    /// The folder an export is written into.
    ExportFolder,
    /// A new handover file to write (a meeting handed over).
    HandoverFile,
    /// A handover file to import.
    HandoverOpen,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    OpenFile,
    SaveFile,
    Folder,
}

/// One question for the system's dialog.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Ask {
    pub mode: Mode,
    pub title: String,
    /// The folder the dialog opens in.
    pub start: Option<PathBuf>,
    /// The name a new file is offered under.
    pub file_name: Option<String>,
    /// Only backup files are shown where one is opened or written.
    pub backups_only: bool,
    /// Only handover files (`.age`) are shown.
    pub handovers_only: bool,
}

/// The dialog boundary: shows `ask`, returns what the person chose.
pub trait Picker {
    fn pick(&self, ask: Ask) -> Option<PathBuf>;
}

/// Where the dialog opens: the first removable medium mounted (a backup
/// belongs on another disk; the field's suggestion is only ever in home),
/// else the folder of what is typed if it is there, else home.
pub fn start_folder(purpose: Purpose, typed: &str, media: &[PathBuf], home: Option<&Path>) -> Option<PathBuf> {
    let typed = Path::new(typed.trim());
    let typed_folder = match purpose {
        Purpose::BackupFolder | Purpose::ExportFolder if typed.is_dir() => Some(typed),
        _ => typed.parent(),
    };
    media
        .first()
        .cloned()
        .or_else(|| typed_folder.filter(|f| f.is_absolute() && f.is_dir()).map(Path::to_path_buf))
        .or_else(|| home.map(Path::to_path_buf))
}

/// The removable media the system has mounted for `user`, by name.
pub fn removable_media(roots: &[PathBuf], user: &str) -> Vec<PathBuf> {
    let mut found: Vec<PathBuf> = roots
        .iter()
        .filter_map(|root| std::fs::read_dir(root.join(user)).ok())
        .flatten()
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.is_dir())
        .collect();
    found.sort();
    found
}

/// Asks `picker` for the path `purpose` needs; `None` when the person
/// cancelled.
pub fn choose(
    picker: &dyn Picker,
    purpose: Purpose,
    title: String,
    typed: &str,
    media: &[PathBuf],
    home: Option<&Path>,
    today: chrono::NaiveDate,
) -> Option<String> {
    let mode = match purpose {
        Purpose::BackupFile | Purpose::HandoverFile => Mode::SaveFile,
        Purpose::RestoreFile | Purpose::HandoverOpen => Mode::OpenFile,
        Purpose::BackupFolder | Purpose::ExportFolder => Mode::Folder,
    };
    let offered = |ext: &str, default: String| {
        Path::new(typed.trim())
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .filter(|n| n.ends_with(ext))
            .unwrap_or(default)
    };
    let file_name = match purpose {
        Purpose::BackupFile => Some(offered(".enzabackup", format!("enza-{today}.enzabackup"))),
        Purpose::HandoverFile => Some(offered(".age", format!("enza-handover-{today}.age"))),
        _ => None,
    };
    let handovers = matches!(purpose, Purpose::HandoverFile | Purpose::HandoverOpen);
    let ask = Ask {
        mode,
        title,
        start: start_folder(purpose, typed, media, home),
        file_name,
        backups_only: mode != Mode::Folder && !handovers,
        handovers_only: handovers,
    };
    picker.pick(ask).map(|p| p.display().to_string())
}

/// The real picker: GTK's file chooser, modal over the window.
struct SystemDialog(AppHandle);

impl Picker for SystemDialog {
    fn pick(&self, ask: Ask) -> Option<PathBuf> {
        let mut dialog = self.0.dialog().file().set_title(ask.title);
        if let Some(start) = ask.start {
            dialog = dialog.set_directory(start);
        }
        if let Some(name) = ask.file_name {
            dialog = dialog.set_file_name(name);
        }
        if ask.backups_only {
            dialog = dialog.add_filter("Enza backup", &["enzabackup"]);
        }
        if ask.handovers_only {
            dialog = dialog.add_filter("Enza handover", &["age"]);
        }
        let chosen = match ask.mode {
            Mode::OpenFile => dialog.blocking_pick_file(),
            Mode::SaveFile => dialog.blocking_save_file(),
            Mode::Folder => dialog.blocking_pick_folder(),
        };
        chosen.and_then(|p| p.into_path().ok())
    }
}

/// Opens the system's dialog for `purpose`, titled `title` (in the
/// interface language), near what is `typed`; the path chosen, or none.
#[tauri::command]
#[instrument(skip_all)]
pub async fn path_choose(app: AppHandle, purpose: Purpose, title: String, typed: String) -> Option<String> {
    let user = std::env::var("USER").unwrap_or_default();
    let media = removable_media(&[PathBuf::from("/media"), PathBuf::from("/run/media")], &user);
    let home = std::env::var_os("HOME").map(PathBuf::from);
    let today = enza_core::time::today();
    // The dialog waits for the person: not on the async runtime's threads.
    tauri::async_runtime::spawn_blocking(move || {
        choose(&SystemDialog(app), purpose, title, &typed, &media, home.as_deref(), today)
    })
    .await
    .ok()
    .flatten()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::cell::RefCell;

    /// Stands in for the system dialog only: records the question, answers
    /// with `answer`.
    struct Double {
        asked: RefCell<Vec<Ask>>,
        answer: Option<PathBuf>,
    }

    impl Picker for Double {
        fn pick(&self, ask: Ask) -> Option<PathBuf> {
            self.asked.borrow_mut().push(ask);
            self.answer.clone()
        }
    }

    fn double(answer: Option<&Path>) -> Double {
        Double { asked: RefCell::new(Vec::new()), answer: answer.map(Path::to_path_buf) }
    }

    fn today() -> chrono::NaiveDate {
        chrono::NaiveDate::from_ymd_opt(2026, 12, 4).unwrap()
    }

    #[test]
    fn a_folder_chosen_opens_on_the_plugged_in_stick_first_and_comes_back_as_typed_text() {
        let tmp = tempfile::tempdir().unwrap();
        let media_root = tmp.path().join("media");
        let stick = media_root.join("mika").join("USB STICK 辻󠄀");
        std::fs::create_dir_all(&stick).unwrap();
        std::fs::create_dir_all(media_root.join("someone-else").join("THEIRS")).unwrap();
        let media = removable_media(&[media_root.clone(), tmp.path().join("run-media")], "mika");
        assert_eq!(media, std::slice::from_ref(&stick), "only this person's media");

        let chosen = stick.join("enza-backups");
        let picker = double(Some(&chosen));
        // What the field suggests (in home) does not hide the stick.
        let suggested = tmp.path().to_str().unwrap();
        let got = choose(
            &picker,
            Purpose::BackupFolder,
            "Choose a folder".into(),
            suggested,
            &media,
            Some(tmp.path()),
            today(),
        );
        assert_eq!(got.as_deref(), Some(chosen.to_str().unwrap()));
        let asked = picker.asked.borrow();
        assert_eq!(asked[0].mode, Mode::Folder);
        assert_eq!(asked[0].start.as_deref(), Some(stick.as_path()));
        assert_eq!(asked[0].title, "Choose a folder");
        assert!(!asked[0].backups_only && asked[0].file_name.is_none());
    }

    #[test]
    fn a_backup_file_is_offered_a_dated_name_near_what_is_typed() {
        let tmp = tempfile::tempdir().unwrap();
        let typed = tmp.path().join("nowhere-yet.txt");
        let picker = double(Some(&tmp.path().join("b.enzabackup")));
        let got = choose(&picker, Purpose::BackupFile, "保存先".into(), typed.to_str().unwrap(), &[], None, today());
        assert!(got.unwrap().ends_with("b.enzabackup"));
        let ask = picker.asked.borrow()[0].clone();
        assert_eq!(ask.mode, Mode::SaveFile);
        assert_eq!(ask.start.as_deref(), Some(tmp.path()), "the typed path's folder, which is there");
        assert_eq!(ask.file_name.as_deref(), Some("enza-2026-12-04.enzabackup"));
        assert!(ask.backups_only);

        // A typed backup name is kept.
        let typed = tmp.path().join("circle.enzabackup");
        choose(&picker, Purpose::BackupFile, String::new(), typed.to_str().unwrap(), &[], None, today());
        assert_eq!(picker.asked.borrow()[1].file_name.as_deref(), Some("circle.enzabackup"));
    }

    #[test]
    fn a_restore_opens_a_file_and_cancelling_changes_nothing() {
        let tmp = tempfile::tempdir().unwrap();
        let picker = double(None);
        let got =
            choose(&picker, Purpose::RestoreFile, String::new(), "relative/typed", &[], Some(tmp.path()), today());
        assert_eq!(got, None);
        let ask = &picker.asked.borrow()[0];
        assert_eq!(ask.mode, Mode::OpenFile);
        assert_eq!(ask.start.as_deref(), Some(tmp.path()), "a relative path is no place: home");
        assert!(ask.backups_only && ask.file_name.is_none());
    }

    #[test]
    fn an_export_folder_that_exists_is_where_the_dialog_opens() {
        let tmp = tempfile::tempdir().unwrap();
        let picker = double(None);
        choose(&picker, Purpose::ExportFolder, String::new(), tmp.path().to_str().unwrap(), &[], None, today());
        let ask = &picker.asked.borrow()[0];
        assert_eq!((ask.mode, ask.start.as_deref()), (Mode::Folder, Some(tmp.path())));
    }
}
