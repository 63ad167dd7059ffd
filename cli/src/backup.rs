//! `enza backup FILE`, `enza verify FILE`, `enza --vault NEW_DIR restore
//! FILE`, `enza backup-recovery`: encrypted backups over the core's
//! `backup` capability. A progress bar goes to stderr when it is a terminal.

use crate::output::{self, one_line, outln};
use crate::progress::with_bar;
use crate::secrets::{CliError, Secrets};
use enza_core::backup::{self, BackupInfo, BackupPassphrase};
use enza_core::{Vault, VaultDir};
use std::path::Path;

/// `enza backup FILE`: the vault's passphrase opens the backup unless
/// `ENZA_BACKUP_PASSPHRASE` (or `--ask`, a prompt) gives another.
pub fn write(dir: &VaultDir, secrets: &Secrets, file: &Path, ask: bool, despite_damage: bool) -> Result<(), CliError> {
    let vault_pass = secrets.passphrase()?;
    let vault = crate::opened(Vault::unlock(dir, &vault_pass)?, despite_damage)?;
    let other = match secrets.backup_passphrase()? {
        Some(p) => Some(p),
        None if ask => Some(secrets.new_passphrase("ENZA_BACKUP_PASSPHRASE", "Backup passphrase: ")?),
        None => None,
    };
    let passphrase = other.as_deref().map_or(BackupPassphrase::Vault, |p| BackupPassphrase::Other(p));
    let info = with_bar("backing up", |progress| vault.backup().write(file, passphrase, progress))?;
    outln!("Backup written: {} ({} bytes)", one_line(&file.display().to_string()), info.bytes)?;
    summary(&info)?;
    if let Some(warning) = info.warning(enza_core::Lang::from_env()) {
        output::error_line(&format!("enza: warning: {warning}"));
    }
    if !info.recovery_slot {
        output::error_line(
            "enza: warning: this backup opens only with its passphrase, not with the recovery key: the vault was \
             made before backups carried a recovery slot. Run `enza backup-recovery` once (it asks for the \
             recovery key) so that later backups open with it too.",
        );
    }
    Ok(())
}

/// `enza verify FILE`: checks the backup completely; restores nothing.
pub fn verify(secrets: &Secrets, file: &Path, json: bool) -> Result<(), CliError> {
    let secret = secrets.backup_secret()?;
    let info = with_bar("verifying", |progress| backup::verify(file, secret.as_backup_secret(), progress))?;
    if json {
        return output::json(&info);
    }
    outln!("Backup verified: {}", one_line(&file.display().to_string()))?;
    summary(&info)
}

/// `enza --vault NEW_DIR restore FILE`: a new vault from the backup, with a
/// new passphrase and a new recovery key (printed once).
pub fn restore(dir: &VaultDir, secrets: &Secrets, file: &Path) -> Result<(), CliError> {
    if !output::stdout_is_open() {
        return Err(CliError::NowhereToShowRecoveryKey);
    }
    let secret = secrets.backup_secret()?;
    let new_pass = secrets.new_passphrase("ENZA_NEW_PASSPHRASE", "New passphrase for the restored vault: ")?;
    let restored =
        with_bar("restoring", |progress| backup::restore(file, secret.as_backup_secret(), dir, &new_pass, progress))?;
    let info = restored.info.clone();
    restored.vault.lock();
    let key = restored.recovery_key;
    let said = outln!("Restored the backup of {}.", info.created_at).and_then(|_| summary(&info));
    if let Err(CliError::Stdout(_) | CliError::StdoutClosed) = said {
        // Nothing reaches standard output: the key would not either.
        dir.discard_just_made()?;
        return Err(CliError::RecoveryKeyNotShown(dir.path().to_path_buf()));
    }
    said?;
    crate::show_or_discard(dir, key.as_str())
}

/// `enza backup-recovery`: lets a vault made before backups had a recovery
/// slot give its later backups one (asks for the recovery key).
pub fn enable_recovery(dir: &VaultDir, secrets: &Secrets) -> Result<(), CliError> {
    let mut vault = Vault::unlock(dir, &secrets.passphrase()?)?;
    if vault.backups_have_recovery_slot() {
        outln!("Backups of this vault already open with the recovery key.")?;
        return Ok(());
    }
    let key = secrets.recovery_key()?;
    vault.enable_backup_recovery(&key)?;
    outln!("From now on, backups of this vault also open with the recovery key.")?;
    Ok(())
}

/// The line `enza status` adds about backups.
pub fn status_line(vault: &Vault) -> Result<(), CliError> {
    if vault.backups_have_recovery_slot() {
        outln!("backups: open with their passphrase or the recovery key")
    } else {
        outln!("backups: open with their passphrase only (run `enza backup-recovery` to add the recovery key)")
    }
}

fn summary(info: &BackupInfo) -> Result<(), CliError> {
    outln!("  made: {}", info.created_at)?;
    outln!("  schema version: {}", info.schema_version)?;
    let counts: Vec<String> = info.counts.iter().map(|(k, n)| format!("{k} {n}")).collect();
    outln!("  contents: {}", counts.join(", "))?;
    outln!("  opens with: passphrase{}", if info.recovery_slot { ", recovery key" } else { " only" })
}
