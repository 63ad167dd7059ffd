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

/// Reads a file of at most `max` bytes, as untrusted input: never through
/// a symlink, never blocking on a FIFO or a device, never more than `max`
/// bytes (a file that grows while read included). `None` when it is not a
/// regular file or is larger.
pub(crate) fn read_regular(path: &Path, max: u64) -> Result<Option<Vec<u8>>> {
    use std::io::Read;
    let mut options = fs::OpenOptions::new();
    options.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.custom_flags(libc::O_NOFOLLOW | libc::O_NONBLOCK | libc::O_CLOEXEC);
    }
    let file = match options.open(path) {
        Ok(f) => f,
        // O_NOFOLLOW on a symlink.
        Err(e) if e.raw_os_error() == Some(libc::ELOOP) => return Ok(None),
        Err(e) => return Err(e.into()),
    };
    let meta = file.metadata()?;
    if !meta.is_file() || meta.len() > max {
        return Ok(None);
    }
    let mut bytes = Vec::with_capacity(meta.len() as usize);
    file.take(max + 1).read_to_end(&mut bytes)?;
    Ok((bytes.len() as u64 <= max).then_some(bytes))
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

/// Creates a folder readable by its owner only (0700 on Unix).
pub(crate) fn create_private_dir(dir: &Path) -> Result<()> {
    fs::create_dir_all(dir)?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        fs::set_permissions(dir, fs::Permissions::from_mode(0o700))?;
    }
    Ok(())
}

/// A private (0700) folder with a random name under `parent`, removed with
/// everything in it when dropped, unless disarmed.
pub(crate) struct PrivateTemp {
    pub(crate) path: PathBuf,
    armed: bool,
    /// An exclusive `flock` on the folder while it is in use: a folder whose
    /// lock can be taken belongs to a process that was killed
    /// ([`remove_dead_restores`]).
    _held: File,
}

impl PrivateTemp {
    pub(crate) fn new(parent: &Path, prefix: &str) -> Result<Self> {
        let path = parent.join(format!("{prefix}-{}.tmp", crate::keys::random_hex()?));
        fs::create_dir(&path)?;
        let held = match File::open(&path).and_then(|f| try_flock(&f).map(|()| f)) {
            Ok(f) => f,
            Err(e) => {
                let _ = fs::remove_dir(&path);
                return Err(e.into());
            }
        };
        let temp = PrivateTemp { path, armed: true, _held: held };
        create_private_dir(&temp.path)?;
        Ok(temp)
    }
    pub(crate) fn disarm(mut self) {
        self.armed = false;
    }
}

impl Drop for PrivateTemp {
    fn drop(&mut self) {
        if self.armed {
            let _ = fs::remove_dir_all(&self.path);
        }
    }
}

/// An exclusive, non-blocking `flock`; `WouldBlock` when another holds it.
fn try_flock(f: &File) -> std::io::Result<()> {
    use std::os::unix::io::AsRawFd;
    loop {
        // SAFETY: flock on a descriptor borrowed for the call; no memory is passed.
        if unsafe { libc::flock(f.as_raw_fd(), libc::LOCK_EX | libc::LOCK_NB) } == 0 {
            return Ok(());
        }
        let e = std::io::Error::last_os_error();
        if e.raw_os_error() != Some(libc::EINTR) {
            return Err(e);
        }
    }
}

/// Removes the staging folders that killed restores left in `parent`
/// (`.<name>.restore-<16 hex>.tmp`: encrypted bytes only, never a vault
/// under its name). A restore running in another process holds its
/// folder's lock, so its folder stays. Called before every restore and
/// when a vault is opened (`docs/backup-format.md` §9.3).
pub(crate) fn remove_dead_restores(parent: &Path) {
    let Ok(entries) = fs::read_dir(parent) else { return };
    let mut removed = 0u32;
    for entry in entries.flatten() {
        let name = entry.file_name();
        let Some(name) = name.to_str() else { continue };
        let Some(rest) = name.strip_prefix('.').and_then(|n| n.strip_suffix(".tmp")) else { continue };
        let Some((_, tag)) = rest.rsplit_once(".restore-") else { continue };
        let is_tag = tag.len() == 16 && tag.bytes().all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b));
        if !is_tag || !entry.file_type().is_ok_and(|t| t.is_dir()) {
            continue;
        }
        let dead = File::open(entry.path()).and_then(|f| try_flock(&f)).is_ok();
        if dead && fs::remove_dir_all(entry.path()).is_ok() {
            removed += 1;
        }
    }
    if removed > 0 {
        tracing::info!(count = removed, "removed the staging folders of killed restores");
    }
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
