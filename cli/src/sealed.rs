//! `enza capture`, `enza identity`, `enza cofacilitator` and `enza handover`:
//! sealed notes from the command line (`docs/sealed-format.md`).

use crate::output::{self, one_line, outln};
use crate::secrets::{CliError, Secrets};
use clap::{Args, Subcommand, ValueEnum};
use enza_core::sealed::{CaptureKind, HandoverPreview, Include, SealTo};
use enza_core::{Lang, Vault, VaultDir};
use std::path::PathBuf;

#[derive(Clone, Copy, ValueEnum)]
pub enum Kind {
    Reflection,
    Boundary,
}

#[derive(Args)]
pub struct CaptureArgs {
    /// The note, or `-` (or nothing) to read it from stdin
    text: Option<String>,
    /// What it becomes in the journal at the next unlock
    #[arg(long, value_enum, default_value = "reflection")]
    kind: Kind,
}

/// Seals a quick note into the inbox: no passphrase asked.
pub fn capture(dir: &VaultDir, args: CaptureArgs) -> Result<(), CliError> {
    let text = match args.text.as_deref() {
        Some("-") | None => crate::input::read_stdin()?,
        Some(t) => t.to_owned(),
    };
    let kind = match args.kind {
        Kind::Reflection => CaptureKind::Reflection,
        Kind::Boundary => CaptureKind::Boundary,
    };
    dir.capture(kind, &text)?;
    let (waiting, more) = dir.captures_waiting();
    outln!("Sealed. You will see it after unlocking ({waiting}{} waiting).", if more { "+" } else { "" })?;
    Ok(())
}

#[derive(Args)]
pub struct IdentityArgs {
    #[arg(long)]
    json: bool,
    /// Also write the handover identity to FILE (a new file, readable by you
    /// only), for `age -d -i FILE`: it opens every handover sealed to you
    #[arg(long, value_name = "FILE")]
    export_handover: Option<PathBuf>,
}

pub fn identity(vault: &Vault, args: IdentityArgs) -> Result<(), CliError> {
    let lang = Lang::from_env();
    let keys = vault.sealed().public_keys(lang)?;
    if let Some(path) = &args.export_handover {
        vault.sealed().write_handover_identity(path)?;
        output::error_line(&format!(
            "enza: wrote the handover identity to {}: anyone with it opens your handovers",
            one_line(&path.display().to_string())
        ));
    }
    if args.json {
        return output::json(&keys);
    }
    outln!("handover key: {}", keys.handover.recipient)?;
    outln!("  in words:   {}", keys.handover.words)?;
    outln!("capture key:  {}", keys.capture.recipient)?;
    outln!("  in words:   {}", keys.capture.words)?;
    Ok(())
}

#[derive(Subcommand)]
pub enum CofacilitatorCommand {
    /// The co-facilitators handovers can be sealed to
    List {
        #[arg(long)]
        json: bool,
    },
    /// Add a co-facilitator: a name and their handover key (age1…)
    Add { name: String, key: String },
    /// Remove a co-facilitator by number
    Remove { id: i64 },
}

pub fn cofacilitator(vault: &Vault, cmd: CofacilitatorCommand) -> Result<(), CliError> {
    let sealed = vault.sealed();
    match cmd {
        CofacilitatorCommand::List { json } => {
            let people = sealed.cofacilitators()?;
            if json {
                return output::json(&people);
            }
            for p in people {
                outln!(
                    "{}\t{}\t{}\t{}",
                    p.id,
                    one_line(&p.name),
                    p.recipient,
                    sealed.words(&p.recipient, Lang::from_env())
                )?;
            }
        }
        CofacilitatorCommand::Add { name, key } => outln!("{}", sealed.add_cofacilitator(&name, &key)?)?,
        CofacilitatorCommand::Remove { id } => sealed.remove_cofacilitator(id)?,
    }
    Ok(())
}

#[derive(Subcommand)]
pub enum HandoverCommand {
    /// Seal an ended meeting for the co-facilitators named (and you), or to a passphrase
    Export {
        session: i64,
        /// Co-facilitators by name, as `enza cofacilitator list` shows them
        #[arg(long = "to", value_name = "NAME", num_args = 1..)]
        to: Vec<String>,
        /// Seal to a passphrase instead ($ENZA_HANDOVER_PASSPHRASE, else asked twice)
        #[arg(long, conflicts_with = "to")]
        passphrase: bool,
        /// Include the nicknames kept in the sharing round
        #[arg(long)]
        nicknames: bool,
        /// Include the facilitator notes of the record
        #[arg(long)]
        notes: bool,
        /// Where to write it (a new file) [default: enza-handover-<date>-<session>.age]
        #[arg(long, value_name = "FILE")]
        out: Option<PathBuf>,
    },
    /// Open a handover, say who sealed it and what it holds, and keep it
    Import {
        file: PathBuf,
        /// The group whose page keeps it (`enza group list`) [default: none]
        #[arg(long, value_name = "ID")]
        group: Option<i64>,
        /// Only show it; keep nothing
        #[arg(long)]
        dry_run: bool,
        #[arg(long)]
        json: bool,
    },
}

pub fn handover(vault: &Vault, secrets: &Secrets, cmd: HandoverCommand) -> Result<(), CliError> {
    let sealed = vault.sealed();
    let lang = Lang::from_env();
    match cmd {
        HandoverCommand::Export { session, to, passphrase, nicknames, notes, out } => {
            let seal_to = if passphrase {
                SealTo::Passphrase(secrets.handover_passphrase(true)?)
            } else {
                let people = sealed.cofacilitators()?;
                let mut ids = Vec::new();
                for name in &to {
                    let found = people.iter().find(|p| p.name == name.trim()).ok_or(CliError::Input(
                        "no co-facilitator by that name: see `enza cofacilitator list`; nothing was written",
                    ))?;
                    ids.push(found.id);
                }
                SealTo::People(ids)
            };
            let now = chrono::Local::now().fixed_offset();
            let out =
                out.unwrap_or_else(|| PathBuf::from(format!("enza-handover-{}-{session}.age", now.format("%Y-%m-%d"))));
            let bytes = sealed.seal_handover(session, &seal_to, Include { nicknames, notes }, lang, now)?;
            enza_core::sealed::save_new(&out, &bytes)?;
            outln!("{}", one_line(&out.display().to_string()))?;
        }
        HandoverCommand::Import { file, group, dry_run, json } => {
            let bytes = enza_core::sealed::read_handover_file(&file)?;
            let mut pass = None;
            let preview = match sealed.open_handover(&bytes, None, lang) {
                Err(enza_core::Error::HandoverNeedsPassphrase) => {
                    pass = Some(secrets.handover_passphrase(false)?);
                    sealed.open_handover(&bytes, pass.as_deref().map(|p| p.as_str()), lang)?
                }
                other => other?,
            };
            if json {
                output::json(&preview)?;
            } else {
                describe(vault, &preview, lang)?;
            }
            if !dry_run {
                let imported = sealed.import_handover(&bytes, pass.as_deref().map(|p| p.as_str()), group)?;
                if !json {
                    outln!("{}", if imported.already { "Already imported: nothing changed." } else { "Imported." })?;
                }
            }
        }
    }
    Ok(())
}

fn describe(vault: &Vault, p: &HandoverPreview, lang: Lang) -> Result<(), CliError> {
    let from = &p.doc.from;
    let who = match (&p.known_as, p.own) {
        (_, true) => "you".to_owned(),
        (Some(name), _) => format!("{} (your co-facilitator)", one_line(name)),
        (None, _) => format!("{} (not in your co-facilitators: compare the words with them)", one_line(&from.name)),
    };
    let m = &p.doc.meeting;
    outln!("from: {who}")?;
    outln!("  key in words: {}", vault.sealed().words(&from.recipient, lang))?;
    outln!(
        "meeting: {} on {}{}",
        one_line(&m.template),
        m.date,
        m.group.as_deref().map(|g| format!(", {}", one_line(g))).unwrap_or_default()
    )?;
    outln!("  attendance {}, newcomers {}, {} turns", m.attendance, m.newcomers, m.turns.len())?;
    outln!("  safety concern: {}", if m.safety_concern { "yes" } else { "no" })?;
    if p.already_imported {
        outln!("  (already imported)")?;
    }
    Ok(())
}
