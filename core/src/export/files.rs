//! Where an export's files go: a new or empty folder, each file written
//! under a temporary name, synced, then renamed, never over anything.

use crate::error::{Error, Result};
use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

/// A file being written starts with this, so an interrupted export shows
/// what it is and never leaves a half file under its final name.
const PARTIAL_PREFIX: &str = ".enza-partial-";

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
        let made_root = match fs::symlink_metadata(root) {
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
        let written = write_new(&partial, bytes);
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
        #[cfg(unix)]
        for dir in self.made_dirs.iter().chain([&self.root]) {
            fs::File::open(dir)?.sync_all()?;
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

/// Creates `path` (never an existing file or a symlink: O_EXCL), writes
/// `bytes` and syncs them to the disk. A failed write removes the file.
fn write_new(path: &Path, bytes: &[u8]) -> Result<()> {
    let mut file = fs::OpenOptions::new().write(true).create_new(true).open(path)?;
    let result = file.write_all(bytes).and_then(|()| file.sync_all());
    if let Err(e) = result {
        drop(file);
        let _ = fs::remove_file(path);
        return Err(e.into());
    }
    Ok(())
}
