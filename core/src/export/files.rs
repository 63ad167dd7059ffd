//! Where an export's files go: a new or empty folder, each file written
//! under a temporary name, synced, then renamed, never over anything.

use crate::error::{Error, Result};
use std::fs;
use std::path::{Path, PathBuf};

/// A file being written starts with this, so an interrupted export shows
/// what it is and never leaves a half file under its final name.
const PARTIAL_PREFIX: &str = ".enza-partial-";

/// Whether an export may go to `root` (nothing there, or an empty folder),
/// checked before the person is asked anything; nothing is written.
pub(super) fn check_place(root: &Path) -> Result<()> {
    match fs::metadata(root) {
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(()),
        Err(e) => Err(e.into()),
        Ok(meta) if meta.is_dir() && fs::read_dir(root)?.next().is_none() => Ok(()),
        Ok(_) => Err(Error::ExportFolderNotEmpty(root.to_path_buf())),
    }
}

/// A folder name under `parent` for an export made on `day` that is not
/// taken yet: `enza-export-2026-12-04`, then `…-2`, `…-3`.
pub(super) fn free_place(parent: &Path, day: chrono::NaiveDate) -> PathBuf {
    let base = format!("enza-export-{day}");
    (1..1000)
        .map(|n| parent.join(if n == 1 { base.clone() } else { format!("{base}-{n}") }))
        .find(|p| fs::symlink_metadata(p).is_err())
        .unwrap_or_else(|| parent.join(base))
}

pub(super) struct OutDir {
    root: PathBuf,
    /// Whether the export made the folder itself (and so may remove it).
    made_root: bool,
    /// Folders and files made here, in the order they were made.
    made_dirs: Vec<PathBuf>,
    made_files: Vec<PathBuf>,
}

impl OutDir {
    /// Takes `root` if nothing is there or it is an empty folder; anything
    /// else (a file, a folder with something in it) is refused as it is.
    pub(super) fn prepare(root: &Path) -> Result<OutDir> {
        // The folder itself is the person's choice and may be a symlink to
        // one; everything inside it the export makes itself.
        let made_root = match fs::metadata(root) {
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                if let Some(parent) = root.parent().filter(|p| !p.as_os_str().is_empty()) {
                    fs::create_dir_all(parent)?;
                }
                fs::create_dir(root)?;
                true
            }
            Err(e) => return Err(e.into()),
            Ok(meta) if meta.is_dir() => {
                if fs::read_dir(root)?.next().is_some() {
                    return Err(Error::ExportFolderNotEmpty(root.to_path_buf()));
                }
                false
            }
            Ok(_) => return Err(Error::ExportFolderNotEmpty(root.to_path_buf())),
        };
        Ok(OutDir { root: root.to_path_buf(), made_root, made_dirs: Vec::new(), made_files: Vec::new() })
    }

    /// Writes one file at `rel` (a relative path of plain names).
    pub(super) fn write(&mut self, rel: &Path, bytes: &[u8]) -> Result<()> {
        let target = self.root.join(rel);
        let parent = target.parent().expect("a file in the folder").to_path_buf();
        self.make_dirs(&parent)?;
        let name = target.file_name().expect("a file name").to_string_lossy().into_owned();
        let partial = parent.join(format!("{PARTIAL_PREFIX}{name}"));
        let written = crate::files::write_private(&partial, bytes);
        if written.is_ok() {
            self.made_files.push(partial.clone());
        }
        written?;
        // The folder was empty and every name is unique, so the final name
        // is free; checked anyway, as rename would replace a file silently.
        if fs::symlink_metadata(&target).is_ok() {
            return Err(Error::ExportFolderNotEmpty(self.root.clone()));
        }
        fs::rename(&partial, &target)?;
        *self.made_files.last_mut().expect("just pushed") = target;
        Ok(())
    }

    fn make_dirs(&mut self, dir: &Path) -> Result<()> {
        if dir == self.root || dir.is_dir() {
            return Ok(());
        }
        if let Some(parent) = dir.parent() {
            self.make_dirs(parent)?;
        }
        fs::create_dir(dir)?;
        self.made_dirs.push(dir.to_path_buf());
        Ok(())
    }

    /// Makes the renames durable (best effort on systems without folder sync).
    pub(super) fn finish(&self) -> Result<()> {
        for dir in self.made_dirs.iter().chain([&self.root]) {
            crate::files::sync_dir(dir)?;
        }
        Ok(())
    }

    /// Removes what this export wrote, after a failure: only its own files
    /// and folders, never anything that was there before.
    pub(super) fn abandon(self) {
        for f in self.made_files.iter().rev() {
            let _ = fs::remove_file(f);
        }
        for d in self.made_dirs.iter().rev() {
            let _ = fs::remove_dir(d);
        }
        if self.made_root {
            let _ = fs::remove_dir(&self.root);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(dir: &Path) -> Vec<String> {
        let mut v: Vec<String> =
            fs::read_dir(dir).unwrap().flatten().map(|e| e.file_name().to_string_lossy().into_owned()).collect();
        v.sort();
        v
    }

    #[test]
    fn a_place_is_checked_before_asking_and_the_next_one_offered_is_free() {
        let tmp = tempfile::tempdir().unwrap();
        let day = chrono::NaiveDate::from_ymd_opt(2026, 12, 4).unwrap();
        let first = free_place(tmp.path(), day);
        assert_eq!(first, tmp.path().join("enza-export-2026-12-04"));
        check_place(&first).unwrap();
        fs::create_dir(&first).unwrap();
        check_place(&first).unwrap();
        fs::write(first.join("reflections.md"), "x").unwrap();
        assert!(matches!(check_place(&first), Err(Error::ExportFolderNotEmpty(_))));
        assert_eq!(names(tmp.path()), ["enza-export-2026-12-04"], "checking wrote nothing");
        assert_eq!(free_place(tmp.path(), day), tmp.path().join("enza-export-2026-12-04-2"));
    }

    #[test]
    fn a_file_appears_whole_under_its_final_name_or_not_at_all() {
        let tmp = tempfile::tempdir().unwrap();
        let root = tmp.path().join("out");
        let mut out = OutDir::prepare(&root).unwrap();
        out.write(Path::new("journal/2025-03.md"), b"march").unwrap();
        assert_eq!(names(&root.join("journal")), ["2025-03.md"], "no partial file left behind");
        assert_eq!(fs::read(root.join("journal/2025-03.md")).unwrap(), b"march");

        // Something appears under a name the export is about to use: it is
        // refused, the other file is left alone, and the partial file goes.
        fs::write(root.join("journal/2025-04.md"), b"not ours").unwrap();
        let err = out.write(Path::new("journal/2025-04.md"), b"april").unwrap_err();
        assert_eq!(err.code(), "export_folder_not_empty");
        assert_eq!(fs::read(root.join("journal/2025-04.md")).unwrap(), b"not ours");
        // A failed export removes what it wrote, and only that.
        out.abandon();
        assert_eq!(names(&root.join("journal")), ["2025-04.md"]);
    }

    #[test]
    fn a_folder_made_for_a_failed_export_is_removed() {
        let tmp = tempfile::tempdir().unwrap();
        let root = tmp.path().join("new/out");
        let mut out = OutDir::prepare(&root).unwrap();
        out.write(Path::new("meetings/a.md"), b"a").unwrap();
        out.abandon();
        assert!(!root.exists());
    }

    #[test]
    fn a_partial_file_left_by_a_crash_is_never_taken_for_an_export() {
        let tmp = tempfile::tempdir().unwrap();
        let root = tmp.path().join("out");
        fs::create_dir(&root).unwrap();
        fs::write(root.join(".enza-partial-checkins.csv"), b"half").unwrap();
        assert!(OutDir::prepare(&root).is_err(), "a folder with leftovers is not empty");
    }
}
