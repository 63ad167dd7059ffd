//! Process hardening shared by the app and the CLI.

/// Makes sure a crash never writes this process's memory (which holds keys
/// and decrypted notes) to a core file, and that other processes of the same
/// user cannot read it through ptrace. Call first thing in `main`.
pub fn disable_core_dumps() {
    #[cfg(target_os = "linux")]
    unsafe {
        // SAFETY: plain system calls with valid arguments; failure is
        // harmless and leaves the defaults in place.
        let none = libc::rlimit { rlim_cur: 0, rlim_max: 0 };
        if libc::setrlimit(libc::RLIMIT_CORE, &none) != 0 {
            tracing::warn!("could not disable core dumps");
        }
        if libc::prctl(libc::PR_SET_DUMPABLE, 0, 0, 0, 0) != 0 {
            tracing::warn!("could not mark the process non-dumpable");
        }
    }
}

/// Starts the storage engine (SQLite with SQLCipher) completely, before
/// any other thread can: call first thing in `main`, after
/// [`disable_core_dumps`]. Opening a vault does it too, but a thread of
/// another library could otherwise start SQLite first and race it.
pub fn start_storage() {
    crate::store::start();
}

#[cfg(all(test, target_os = "linux"))]
mod tests {
    #[test]
    fn core_dumps_are_off_afterwards() {
        super::disable_core_dumps();
        let mut lim = libc::rlimit { rlim_cur: 1, rlim_max: 1 };
        assert_eq!(unsafe { libc::getrlimit(libc::RLIMIT_CORE, &mut lim) }, 0);
        assert_eq!((lim.rlim_cur, lim.rlim_max), (0, 0));
        assert_eq!(unsafe { libc::prctl(libc::PR_GET_DUMPABLE, 0, 0, 0, 0) }, 0);
    }
}
