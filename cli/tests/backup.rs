//! `enza backup`, `enza verify` and `enza restore` as a person at a terminal
//! (or a script) uses them: every failure is one line on stderr.

use enza_core::{Vault, VaultDir};
use std::fs;
use std::path::Path;
use std::process::{Command, Output, Stdio};

const PASS: &str = "correct horse battery";
const NEW: &str = "the restored vault's passphrase";

fn enza(vault: &Path, args: &[&str], env: &[(&str, &str)]) -> Output {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_enza"));
    cmd.arg("--vault").arg(vault).args(args).env("LANG", "en_US.UTF-8");
    for var in [
        "ENZA_PASSPHRASE",
        "ENZA_NEW_PASSPHRASE",
        "ENZA_RECOVERY_KEY",
        "ENZA_BACKUP_PASSPHRASE",
        "ENZA_VAULT_DIR",
        "LC_ALL",
        "LC_MESSAGES",
    ] {
        cmd.env_remove(var);
    }
    cmd.envs(env.iter().copied()).stdin(Stdio::null()).stdout(Stdio::piped()).stderr(Stdio::piped());
    cmd.output().unwrap()
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// Fails unless `out` failed with exactly one line on stderr containing `needle`.
fn one_line_error(out: &Output, needle: &str) {
    assert!(!out.status.success());
    let err = text(&out.stderr);
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(err.contains(needle), "{err}");
}

#[test]
fn backup_verify_and_restore_from_the_command_line() {
    let tmp = tempfile::tempdir().unwrap();
    let vault = tmp.path().join("v");
    let created = Vault::create_insecure_fast(&VaultDir::new(&vault), PASS).unwrap();
    let recovery = created.recovery_key.to_string();
    created.vault.journal().add_reflection("kept", "a line to keep").unwrap();
    created.vault.lock();
    let file = tmp.path().join("v.backup");
    let file_arg = file.to_str().unwrap();

    let out = enza(&vault, &["backup", file_arg], &[("ENZA_PASSPHRASE", PASS)]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(text(&out.stdout).contains("reflections 1"), "{}", text(&out.stdout));
    assert!(text(&out.stderr).is_empty(), "no progress bar or warning off a terminal: {}", text(&out.stderr));
    // Never over an existing file.
    let out = enza(&vault, &["backup", file_arg], &[("ENZA_PASSPHRASE", PASS)]);
    one_line_error(&out, "already exists");

    let out = enza(&vault, &["verify", file_arg, "--json"], &[("ENZA_PASSPHRASE", PASS)]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let info: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(info["counts"]["reflections"], 1);
    assert_eq!(info["recovery_slot"], true);
    let out = enza(&vault, &["verify", file_arg], &[("ENZA_RECOVERY_KEY", &recovery)]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let out = enza(&vault, &["verify", file_arg], &[("ENZA_BACKUP_PASSPHRASE", "not the passphrase")]);
    one_line_error(&out, "does not open this backup");
    let png = tmp.path().join("photo.png");
    fs::write(&png, b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR").unwrap();
    let out = enza(&vault, &["verify", png.to_str().unwrap()], &[("ENZA_PASSPHRASE", PASS)]);
    one_line_error(&out, "not an Enza backup");
    let cut = tmp.path().join("cut.backup");
    let bytes = fs::read(&file).unwrap();
    fs::write(&cut, &bytes[..bytes.len() - 10]).unwrap();
    let out = enza(&vault, &["verify", cut.to_str().unwrap()], &[("ENZA_PASSPHRASE", PASS)]);
    one_line_error(&out, "shorter than it should be");

    let restored = tmp.path().join("restored");
    let out = enza(&restored, &["restore", file_arg], &[("ENZA_PASSPHRASE", PASS), ("ENZA_NEW_PASSPHRASE", NEW)]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let stdout = text(&out.stdout);
    let new_key = stdout.lines().map(str::trim).find(|l| l.len() == 39 && l.matches('-').count() == 7).unwrap();
    assert_ne!(new_key, recovery);
    let out = enza(&restored, &["reflection", "list", "--json"], &[("ENZA_PASSPHRASE", NEW)]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(text(&out.stdout).contains("a line to keep"));
    // A restore never goes over a vault.
    let out = enza(&restored, &["restore", file_arg], &[("ENZA_PASSPHRASE", PASS), ("ENZA_NEW_PASSPHRASE", NEW)]);
    one_line_error(&out, "already exists");
    // A wrong secret restores nothing.
    let other = tmp.path().join("other");
    let out = enza(&other, &["restore", file_arg], &[("ENZA_PASSPHRASE", "wrong one!"), ("ENZA_NEW_PASSPHRASE", NEW)]);
    one_line_error(&out, "does not open this backup");
    assert!(!other.exists());
    let out = enza(&restored, &["status"], &[("ENZA_PASSPHRASE", NEW)]);
    assert!(text(&out.stdout).contains("backups: open with their passphrase or the recovery key"));
}

#[test]
fn a_backup_passphrase_and_a_vault_made_before_backups() {
    let tmp = tempfile::tempdir().unwrap();
    let vault = tmp.path().join("v");
    let created = Vault::create_insecure_fast(&VaultDir::new(&vault), PASS).unwrap();
    let recovery = created.recovery_key.to_string();
    created.vault.lock();
    // A vault made before backups had a recovery slot has no such file.
    fs::remove_file(vault.join("vault.recovery-kek")).unwrap();
    let out = enza(&vault, &["status"], &[("ENZA_PASSPHRASE", PASS)]);
    assert!(text(&out.stdout).contains("passphrase only"), "{}", text(&out.stdout));

    // Its own passphrase for the backup, and the plain warning.
    let file = tmp.path().join("own.backup");
    let out = enza(
        &vault,
        &["backup", file.to_str().unwrap()],
        &[("ENZA_PASSPHRASE", PASS), ("ENZA_BACKUP_PASSPHRASE", "a backup passphrase")],
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    let err = text(&out.stderr);
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(err.contains("opens only with its passphrase"), "{err}");
    let out = enza(&vault, &["verify", file.to_str().unwrap()], &[("ENZA_BACKUP_PASSPHRASE", "a backup passphrase")]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let out = enza(&vault, &["verify", file.to_str().unwrap()], &[("ENZA_PASSPHRASE", PASS)]);
    one_line_error(&out, "does not open this backup");
    let out = enza(&vault, &["verify", file.to_str().unwrap()], &[("ENZA_RECOVERY_KEY", &recovery)]);
    one_line_error(&out, "only its passphrase opens it");

    // Given the recovery key once, later backups open with it.
    let out = enza(&vault, &["backup-recovery"], &[("ENZA_PASSPHRASE", PASS), ("ENZA_RECOVERY_KEY", &recovery)]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let out = enza(&vault, &["status"], &[("ENZA_PASSPHRASE", PASS)]);
    assert!(text(&out.stdout).contains("their passphrase or the recovery key"), "{}", text(&out.stdout));
    let later = tmp.path().join("later.backup");
    let out = enza(&vault, &["backup", later.to_str().unwrap()], &[("ENZA_PASSPHRASE", PASS)]);
    assert!(out.status.success() && out.stderr.is_empty(), "{}", text(&out.stderr));
    let out = enza(&vault, &["verify", later.to_str().unwrap()], &[("ENZA_RECOVERY_KEY", &recovery)]);
    assert!(out.status.success(), "{}", text(&out.stderr));
}

/// A tmpfs of `size` over `at` (root only), unmounted when dropped.
struct SmallDisk(std::path::PathBuf);

impl SmallDisk {
    fn mount(at: &Path, size: &str) -> Option<SmallDisk> {
        fs::create_dir_all(at).unwrap();
        let ok = Command::new("mount")
            .args(["-t", "tmpfs", "-o", &format!("size={size},mode=0700"), "tmpfs"])
            .arg(at)
            .stderr(Stdio::null())
            .status()
            .is_ok_and(|s| s.success());
        if !ok {
            eprintln!("not run: mounting a small tmpfs needs root");
        }
        ok.then(|| SmallDisk(at.to_path_buf()))
    }

    fn remount(&self, options: &str) {
        let status = Command::new("mount").args(["-o", &format!("remount,{options}")]).arg(&self.0).status().unwrap();
        assert!(status.success());
    }
}

impl Drop for SmallDisk {
    fn drop(&mut self) {
        let _ = Command::new("umount").arg("-l").arg(&self.0).status();
    }
}

/// Issue 16 §1 from the command line: on a full disk, then a read-only
/// one, `status`, `list`, `search`, `backup` and `export` to another disk
/// work and say why nothing can be saved; `add` is refused with the disk's
/// own message in both languages; nothing is left on the disk.
#[test]
fn a_full_or_read_only_disk_still_reads_and_backs_up() {
    let tmp = tempfile::tempdir().unwrap();
    let Some(disk) = SmallDisk::mount(&tmp.path().join("disk"), "8m") else { return };
    let vault = disk.0.join("vault");
    Vault::create_insecure_fast(&VaultDir::new(&vault), PASS).unwrap().vault.lock();
    let pass = [("ENZA_PASSPHRASE", PASS)];
    let out = enza(&vault, &["reflection", "add", "--title", "木曜の会", "満月の夜の話"], &pass);
    assert!(out.status.success(), "{}", text(&out.stderr));
    {
        use std::io::Write;
        let mut filler = fs::File::create(disk.0.join("filler")).unwrap();
        for size in [64 * 1024, 512] {
            while filler.write_all(&vec![0x55; size]).is_ok() {}
        }
    }
    let names = || {
        let mut names: Vec<_> = fs::read_dir(&vault).unwrap().map(|e| e.unwrap().file_name()).collect();
        names.sort();
        names
    };
    let before = names();

    let cases = [
        ("full", "refused: the disk is full", "Your disk is full", "ディスクの空き容量がない"),
        ("ro", "refused: the disk is read-only", "The vault's disk is read-only", "読み取り専用のため"),
    ];
    for (case, writes, notice, notice_ja) in cases {
        if case == "ro" {
            disk.remount("ro");
        }
        let out = enza(&vault, &["status"], &pass);
        assert!(out.status.success(), "{case}: {}", text(&out.stderr));
        assert!(text(&out.stdout).contains(&format!("writes: {writes}")), "{case}: {}", text(&out.stdout));
        assert!(text(&out.stdout).contains("integrity: ok"));
        assert!(text(&out.stderr).contains(notice), "{case}: {}", text(&out.stderr));

        let out = enza(&vault, &["reflection", "list"], &pass);
        assert!(out.status.success() && text(&out.stdout).contains("木曜の会"), "{case}: {}", text(&out.stderr));
        let out = enza(&vault, &["search", "満月"], &pass);
        assert!(out.status.success() && text(&out.stdout).contains("木曜の会"), "{case}: {}", text(&out.stderr));

        let file = tmp.path().join(format!("{case}.enzabackup"));
        let out = enza(&vault, &["backup", file.to_str().unwrap()], &pass);
        assert!(out.status.success(), "{case}: {}", text(&out.stderr));
        let out = enza(&vault, &["verify", file.to_str().unwrap()], &[("ENZA_BACKUP_PASSPHRASE", PASS)]);
        assert!(out.status.success(), "{case}: {}", text(&out.stderr));
        let export = tmp.path().join(format!("{case}-export"));
        let out = enza(&vault, &["export", "--format", "json", export.to_str().unwrap()], &pass);
        assert!(out.status.success(), "{case}: {}", text(&out.stderr));

        let refused = if case == "full" {
            ("The disk is full, so nothing could be saved", "ディスクの空き容量がないため、保存できませんでした")
        } else {
            ("read-only, so nothing could be saved", "読み取り専用のため、保存できませんでした")
        };
        let out = enza(&vault, &["reflection", "add", "保存されない"], &pass);
        assert!(!out.status.success());
        assert!(text(&out.stderr).contains(refused.0), "{case}: {}", text(&out.stderr));
        let out = enza(&vault, &["reflection", "add", "保存されない"], &[pass[0], ("LANG", "ja_JP.UTF-8")]);
        assert!(!out.status.success());
        assert!(text(&out.stderr).contains(refused.1), "{case}: {}", text(&out.stderr));
        assert!(text(&out.stderr).contains(notice_ja), "{case}: {}", text(&out.stderr));

        assert_eq!(names(), before, "{case}: something was left in the vault folder");
    }
}
