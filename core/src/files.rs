//! Files written the careful way, in one place: private (owner only),
//! never through a symlink or over a file already there, synced to the
//! disk, and replaced so that a crash leaves the old file or the new one,
//! never a mix. Every writer in the core uses these.

use crate::error::Result;
use std::fs::{self, File};
use std::io::Write;
use std::path::{Path, PathBuf};

/// A new file readable by its owner only (exactly 0600, whatever the
/// umask), never through a symlink, never over an existing file.
pub(crate) fn create_private(path: &Path) -> Result<File> {
    let mut options = fs::OpenOptions::new();
    // create_new: O_CREAT|O_EXCL, which never follows a symlink either.
    options.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600).custom_flags(libc::O_NOFOLLOW | libc::O_CLOEXEC);
    }
    let f = options.open(path)?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        f.set_permissions(fs::Permissions::from_mode(0o600))?;
    }
    Ok(f)
}

/// Writes `bytes` to a new private file ([`create_private`]) and syncs it.
/// A failed write removes the file: a full disk keeps no half.
pub(crate) fn write_private(path: &Path, bytes: &[u8]) -> Result<()> {
    let mut file = create_private(path)?;
    let written = file.write_all(bytes).and_then(|()| file.sync_all());
    if let Err(e) = written {
        drop(file);
        let _ = fs::remove_file(path);
        return Err(e.into());
    }
    Ok(())
}

/// Replaces `path` with `bytes`: written in full to `tmp` (a new private
/// file beside it), renamed over `path`, then the folder synced so that
/// the rename survives a crash. On failure `tmp` is removed and `path` is
/// as it was.
pub(crate) fn replace(path: &Path, tmp: &Path, bytes: &[u8]) -> Result<()> {
    let renamed = write_private(tmp, bytes).and_then(|()| Ok(fs::rename(tmp, path)?));
    if let Err(e) = renamed {
        let _ = fs::remove_file(tmp);
        return Err(e);
    }
    sync_dir(parent(path))
}

/// A temporary name beside `path` that no one else will pick:
/// `<name>.<16 random hex digits>.tmp`.
pub(crate) fn temporary_beside(path: &Path) -> Result<PathBuf> {
    let mut random = [0u8; 8];
    getrandom::getrandom(&mut random).map_err(|e| std::io::Error::other(e.to_string()))?;
    let hex: String = random.iter().map(|b| format!("{b:02x}")).collect();
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    Ok(parent(path).join(format!("{name}.{hex}.tmp")))
}

/// Syncs a folder, so that names created or renamed in it survive a crash.
pub(crate) fn sync_dir(dir: &Path) -> Result<()> {
    #[cfg(unix)]
    File::open(dir)?.sync_all()?;
    Ok(())
}

/// `path` with `suffix` appended to its last part (`vault.db` → `vault.db-wal`).
pub(crate) fn suffixed(path: &Path, suffix: &str) -> PathBuf {
    let mut p = path.as_os_str().to_owned();
    p.push(suffix);
    PathBuf::from(p)
}

fn parent(path: &Path) -> &Path {
    path.parent().filter(|d| !d.as_os_str().is_empty()).unwrap_or(Path::new("."))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_replaced_file_is_whole_private_and_leaves_no_temporary() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("prefs.json");
        fs::write(&path, "old").unwrap();
        let tmp = temporary_beside(&path).unwrap();
        assert!(tmp.file_name().unwrap().to_str().unwrap().starts_with("prefs.json."));
        replace(&path, &tmp, b"new").unwrap();
        assert_eq!(fs::read_to_string(&path).unwrap(), "new");
        assert!(!tmp.exists());
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            assert_eq!(fs::metadata(&path).unwrap().permissions().mode() & 0o777, 0o600);
        }
        // A temporary already there (a symlink planted by someone else)
        // is never written through; the file keeps its contents.
        #[cfg(unix)]
        {
            let planted = dir.path().join("elsewhere");
            std::os::unix::fs::symlink(&planted, &tmp).unwrap();
            assert!(replace(&path, &tmp, b"newer").is_err());
            assert!(!planted.exists());
            assert_eq!(fs::read_to_string(&path).unwrap(), "new");
        }
    }
}
