//! `enza`: headless access to an Enza vault, over the same core as the app.
//!
//! Secrets come from the environment (`ENZA_PASSPHRASE`, `ENZA_NEW_PASSPHRASE`,
//! `ENZA_RECOVERY_KEY`), a `--passphrase-file`, or a prompt on the terminal.
//! Errors are one line on stderr and a non-zero exit.

mod backup;
mod bench;
mod export;
mod input;
mod journal;
mod output;
mod progress;
mod research;
mod sealed;
mod search;
mod secrets;

use output::{one_line, outln};
use secrets::CliError;

use clap::{Parser, Subcommand};
use enza_core::{Lang, ReadOnlyBecause, RecoverySlot, Vault, VaultDir};
use secrets::Secrets;
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Parser)]
#[command(name = "enza", version, about = "Enza (円座): your encrypted peer-support vault, from the command line")]
struct Cli {
    /// The vault folder [default: $ENZA_VAULT_DIR, else the app's data folder]
    #[arg(long, global = true, value_name = "DIR")]
    vault: Option<PathBuf>,
    /// Read the passphrase from the first line of this file
    #[arg(long, global = true, value_name = "FILE")]
    passphrase_file: Option<PathBuf>,
    /// Save into a vault whose database failed its integrity check (you
    /// accept that writing may spread the damage; this command only)
    #[arg(long, global = true)]
    despite_damage: bool,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Create a new vault and print its recovery key (once)
    Init,
    /// Say whether a vault is there, and check that the passphrase opens it
    Status,
    /// Change the passphrase (asks for the current and the new one)
    Passwd,
    /// Open the vault with the recovery key and set a new passphrase
    Recover,
    /// Reflections in the journal
    #[command(subcommand)]
    Reflection(ReflectionCommand),
    /// The daily check-in
    #[command(subcommand)]
    Checkin(journal::CheckinCommand),
    /// Boundary events
    #[command(subcommand)]
    Boundary(journal::BoundaryCommand),
    /// Check-ins and boundary events, and their trends
    #[command(subcommand)]
    Journal(journal::JournalCommand),
    /// What to bring to supervision: everything flagged since the last one
    Agenda {
        #[arg(long)]
        json: bool,
    },
    /// Find notes, check-ins, boundary events, meetings and groups by their words
    #[command(after_long_help = enza_core::search::RULE)]
    Search(search::SearchArgs),
    /// Recorded meetings
    #[command(subcommand)]
    Session(SessionCommand),
    /// Meeting templates
    #[command(subcommand)]
    Template(TemplateCommand),
    /// The groups that meet
    #[command(subcommand)]
    Group(GroupCommand),
    /// Write the vault's content out, readable (not encrypted): md, json or csv
    Export(export::ExportArgs),
    /// Write an encrypted backup of the vault to FILE (never over an existing file)
    Backup {
        file: PathBuf,
        /// Ask for a backup passphrase instead of using the vault's
        #[arg(long)]
        ask: bool,
    },
    /// Check a backup completely without restoring it
    Verify {
        file: PathBuf,
        #[arg(long)]
        json: bool,
    },
    /// Restore a backup into a new vault at --vault (a new folder)
    Restore { file: PathBuf },
    /// Let later backups open with the recovery key too (vaults made before backups)
    BackupRecovery,
    /// Seal a quick note while the vault is locked (no passphrase); it joins the journal at the next unlock
    Capture(sealed::CaptureArgs),
    /// Print the vault's public keys (handover and capture), with their words
    Identity(sealed::IdentityArgs),
    /// The co-facilitators a meeting can be handed over to
    #[command(subcommand)]
    Cofacilitator(sealed::CofacilitatorCommand),
    /// Hand a meeting over to co-facilitators, or import one handed to you
    #[command(subcommand)]
    Handover(sealed::HandoverCommand),
    /// The research notebook (当事者研究): list, show, add
    #[command(subcommand)]
    Research(research::ResearchCommand),
    /// Time unlock, durable add and list on vaults of N reflections
    Bench {
        /// Vault sizes to measure, comma-separated
        #[arg(long, value_delimiter = ',', default_value = "1000,100000")]
        sizes: Vec<usize>,
        /// Run only these parts (comma-separated) [default: all]
        #[arg(long, value_enum, value_delimiter = ',')]
        only: Vec<bench::Part>,
        /// Entries in the search benchmark's vault
        #[arg(long, default_value_t = 100_000)]
        search_entries: usize,
    },
}

#[derive(Subcommand)]
enum SessionCommand {
    /// List meetings, newest first
    List {
        #[arg(long)]
        json: bool,
    },
    /// Show one meeting: phases, sharing round and record
    Show {
        id: i64,
        #[arg(long)]
        json: bool,
    },
}

#[derive(Subcommand)]
enum GroupCommand {
    /// List the groups, by name
    List {
        #[arg(long)]
        json: bool,
    },
}

#[derive(Subcommand)]
enum TemplateCommand {
    /// List the built-in templates (in the language of $LANG)
    List,
}

#[derive(Subcommand)]
enum ReflectionCommand {
    /// Add a reflection: TEXT, or `-` (or nothing) to read it from stdin
    Add {
        text: Option<String>,
        #[arg(long, default_value = "")]
        title: String,
    },
    /// List reflections, newest first
    List {
        #[arg(long)]
        json: bool,
        /// At most this many (1 to 500)
        #[arg(long, default_value_t = 50)]
        limit: usize,
    },
}

fn main() -> ExitCode {
    enza_core::process::disable_core_dumps();
    enza_core::process::start_storage();
    let cli = Cli::parse();
    match run(cli).and_then(|()| output::flush()) {
        Ok(()) => ExitCode::SUCCESS,
        Err(CliError::StdoutClosed) => ExitCode::from(output::STDOUT_CLOSED_STATUS),
        Err(e) => {
            output::error_line(&format!("enza: {}", e.message(Lang::from_env())));
            ExitCode::FAILURE
        }
    }
}

fn run(cli: Cli) -> Result<(), CliError> {
    let dir = VaultDir::new(cli.vault.clone().unwrap_or_else(default_vault_dir));
    let secrets = Secrets::new(cli.passphrase_file.clone());
    let despite_damage = cli.despite_damage;
    let unlock = || -> Result<Vault, CliError> {
        let passphrase = secrets.passphrase()?;
        let vault = progress::with_bar("preparing search", |p| Vault::unlock_reporting(&dir, &passphrase, p))?;
        opened(vault, despite_damage)
    };
    match cli.command {
        Command::Init => {
            if !output::stdout_is_open() {
                return Err(CliError::NowhereToShowRecoveryKey);
            }
            let passphrase = secrets.new_passphrase("ENZA_PASSPHRASE", "New passphrase: ")?;
            let created = Vault::create(&dir, &passphrase)?;
            created.vault.lock();
            show_or_discard(&dir, created.recovery_key.as_str())?;
        }
        Command::Status => {
            dir.require_present()?;
            let vault = unlock()?;
            let damaged = vault.damaged();
            let slot = vault.recovery_slot();
            if slot == RecoverySlot::Damaged || (slot == RecoverySlot::Unknown && !dir.recovery_slot_ok()?) {
                output::error_line(
                    "enza: warning: the recovery slot in vault.keys is damaged, so the recovery key will not open \
                     this vault. Your passphrase still works: keep it safe.",
                );
            }
            outln!("vault: {}", one_line(&dir.path().display().to_string()))?;
            outln!("state: unlocks with this passphrase")?;
            outln!(
                "recovery key: {}",
                match slot {
                    RecoverySlot::Whole => "checked: its slot opens this vault",
                    RecoverySlot::Repaired =>
                        "its slot in vault.keys was damaged and has been rebuilt; the same recovery key works again",
                    RecoverySlot::Damaged => "its slot in vault.keys is damaged and could not be rebuilt now",
                    RecoverySlot::Unknown => "not checked (this vault has no vault.recovery-kek)",
                }
            )?;
            let health = vault.health()?;
            outln!("reflections: {}", vault.journal().reflection_count()?)?;
            outln!("cipher: SQLCipher {}", health.cipher_version)?;
            outln!("integrity: {}", if health.integrity_ok { "ok" } else { "DAMAGED" })?;
            outln!(
                "writes: {}",
                match vault.read_only() {
                    None if damaged => "allowed despite the damage (--despite-damage)",
                    None => "allowed",
                    Some(ReadOnlyBecause::DiskFull) => "refused: the disk is full",
                    Some(ReadOnlyBecause::ReadOnlyDisk) => "refused: the disk is read-only",
                    Some(ReadOnlyBecause::Damaged) => "refused: the database is damaged",
                }
            )?;
            backup::status_line(&vault)?;
            if damaged {
                return Err(CliError::VaultDamaged);
            }
        }
        Command::Passwd => {
            let old = secrets.passphrase()?;
            let vault = Vault::unlock(&dir, &old)?;
            let new = secrets.new_passphrase("ENZA_NEW_PASSPHRASE", "New passphrase: ")?;
            vault.change_passphrase(&old, &new)?;
            outln!("Passphrase changed. The recovery key still works.")?;
        }
        Command::Recover => {
            let key = secrets.recovery_key()?;
            let new = secrets.new_passphrase("ENZA_NEW_PASSPHRASE", "New passphrase: ")?;
            Vault::recover(&dir, &key, &new)?;
            outln!("Vault opened with the recovery key; the new passphrase is set.")?;
        }
        Command::Reflection(ReflectionCommand::Add { text, title }) => {
            let body = match text.as_deref() {
                Some("-") | None => input::read_stdin()?,
                Some(t) => t.to_owned(),
            };
            let vault = unlock()?;
            let r = vault.journal().add_reflection(&title, &body)?;
            outln!("{}", r.id)?;
        }
        Command::Reflection(ReflectionCommand::List { json, limit }) => {
            secrets::check_limit(limit, enza_core::limits::LIST_MAX)?;
            let vault = unlock()?;
            let items = vault.journal().latest_reflections(limit)?;
            if json {
                output::json(&items)?;
            } else {
                for r in items {
                    let title = if r.title.is_empty() { "(untitled)" } else { &r.title };
                    let first_line = r.excerpt.lines().next().unwrap_or("");
                    let (title, first_line) = (one_line(title), one_line(first_line));
                    outln!("{}\t{}\t{}\t{}", r.id, r.created_at.format("%Y-%m-%d %H:%M"), title, first_line)?;
                }
            }
        }
        Command::Checkin(cmd) => journal::checkin(&unlock()?, cmd)?,
        Command::Boundary(cmd) => journal::boundary(&unlock()?, cmd)?,
        Command::Journal(cmd) => journal::journal(&unlock()?, cmd)?,
        Command::Agenda { json } => journal::agenda(&unlock()?, json)?,
        Command::Search(args) => search::search(&unlock()?, args)?,
        Command::Session(SessionCommand::List { json }) => {
            let vault = unlock()?;
            let sessions = vault.meetings().history(enza_core::limits::LIST_MAX, Lang::from_env())?;
            if json {
                output::json(&sessions)?;
            } else {
                for s in sessions {
                    let state = if s.ended_at.is_some() { "ended" } else { "open" };
                    let people = s.attendance.map(|a| a.to_string()).unwrap_or_else(|| "-".into());
                    outln!(
                        "{}\t{}\t{}\t{}\t{}\t{}",
                        s.id,
                        s.started_at.format("%Y-%m-%d %H:%M"),
                        state,
                        people,
                        one_line(&s.template_name),
                        one_line(s.group_name.as_deref().unwrap_or("-"))
                    )?;
                }
            }
        }
        Command::Session(SessionCommand::Show { id, json }) => {
            let vault = unlock()?;
            let d = vault.meetings().detail(id, Lang::from_env())?;
            if json {
                output::json(&d)?;
            } else {
                let m = &d.meeting;
                outln!("session {id}: {} ({})", one_line(&m.template.name), m.started_at.format("%Y-%m-%d %H:%M UTC"))?;
                for p in &d.facts.phases {
                    outln!("  {}\t{} min", one_line(&p.title), p.secs / 60)?;
                }
                if let Some(r) = &d.facts.round {
                    outln!("  sharing round: {} present, {} spoke, {} passed", r.present, r.spoke, r.passed)?;
                }
                for at in &m.resumed_at {
                    outln!("  resumed after a gap at {}", at.format("%H:%M:%S UTC"))?;
                }
                if let Some(r) = &d.record {
                    outln!(
                        "  attendance {}, newcomers {}, safety concern: {}",
                        r.attendance,
                        r.newcomers,
                        r.safety_concern
                    )?;
                }
            }
        }
        Command::Group(GroupCommand::List { json }) => {
            let groups = unlock()?.groups().list()?;
            if json {
                output::json(&groups)?;
            } else {
                for g in groups {
                    outln!("{}\t{}", g.id, one_line(&g.name))?;
                }
            }
        }
        Command::Template(TemplateCommand::List) => {
            for t in enza_core::meeting::builtins(Lang::from_env()) {
                let phases: Vec<_> = t.phases.iter().map(|p| one_line(&p.title)).collect();
                outln!("{}\t{}\t{} min\t{}", t.key, one_line(&t.name), t.planned_minutes(), phases.join(" → "))?;
            }
        }
        Command::Export(args) => export::export(args, unlock)?,
        Command::Backup { file, ask } => backup::write(&dir, &secrets, &file, ask, despite_damage)?,
        Command::Verify { file, json } => backup::verify(&secrets, &file, json)?,
        Command::Restore { file } => backup::restore(&dir, &secrets, &file)?,
        Command::BackupRecovery => backup::enable_recovery(&dir, &secrets)?,
        Command::Capture(args) => sealed::capture(&dir, args)?,
        Command::Identity(args) => sealed::identity(&unlock()?, args)?,
        Command::Cofacilitator(cmd) => sealed::cofacilitator(&unlock()?, cmd)?,
        Command::Handover(cmd) => sealed::handover(&unlock()?, &secrets, cmd)?,
        Command::Research(cmd) => research::research(&unlock()?, cmd)?,
        Command::Bench { sizes, only, search_entries } => bench::run(&sizes, &only, search_entries)?,
    }
    Ok(())
}

/// A vault just unlocked: says on standard error why it takes no writes,
/// if it does not, and lifts the damaged-database gate on the person's word.
pub(crate) fn opened(mut vault: Vault, despite_damage: bool) -> Result<Vault, CliError> {
    if despite_damage {
        vault.write_despite_damage()?;
    }
    if let Some(because) = vault.read_only() {
        output::error_line(&format!("enza: {}", because.notice(Lang::from_env())));
    }
    for notice in vault.sealed_at_unlock().notices(Lang::from_env()) {
        output::error_line(&format!("enza: {notice}"));
    }
    Ok(vault)
}

/// Shows a new vault's recovery key; if that fails, the vault is removed
/// again (one whose only way back nobody saw must not be left depending on
/// it) and the error says so.
pub(crate) fn show_or_discard(dir: &VaultDir, key: &str) -> Result<(), CliError> {
    let shown = output::recovery_key(dir.path(), key);
    if let Err(CliError::RecoveryKeyNotShown(_)) = &shown {
        dir.discard_just_made()?;
    }
    shown
}

/// The same folder the desktop app uses on Linux: Tauri's app-data dir for
/// the identifier `app.enza.desktop`, then `vault`.
fn default_vault_dir() -> PathBuf {
    if let Some(dir) = std::env::var_os("ENZA_VAULT_DIR").filter(|d| !d.is_empty()) {
        return PathBuf::from(dir);
    }
    let data = std::env::var_os("XDG_DATA_HOME")
        .filter(|d| !d.is_empty())
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(std::env::var_os("HOME").unwrap_or_default()).join(".local/share"));
    data.join("app.enza.desktop").join("vault")
}
