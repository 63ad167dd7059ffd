//! `enza export`: the readable export. The files are not encrypted, so the
//! command says so in one sentence on stderr before it writes anything.

use crate::output::{self, one_line, outln};
use crate::progress::with_bar;
use crate::secrets::CliError;
use chrono::NaiveDate;
use clap::{Args, ValueEnum};
use enza_core::export::{ExportKind, Format, Selection};
use enza_core::{Lang, Vault};
use std::path::PathBuf;

#[derive(Args)]
pub struct ExportArgs {
    /// md (a file per meeting and per month of journal), json (one file,
    /// everything) or csv (check-ins, numbers as numbers)
    #[arg(long, value_enum)]
    format: FormatArg,
    /// A new or empty folder for the files (nothing is ever overwritten)
    out: PathBuf,
    /// What to export, repeated or comma-separated: reflections, checkins,
    /// boundaries, plan, meetings, groups, templates, crisis_card
    /// [default: everything the format holds]
    #[arg(long = "kind", value_delimiter = ',', value_parser = parse_kind)]
    kinds: Vec<ExportKind>,
    /// The first day to export (YYYY-MM-DD, local)
    #[arg(long)]
    since: Option<NaiveDate>,
    /// The last day to export (YYYY-MM-DD, local)
    #[arg(long)]
    until: Option<NaiveDate>,
    /// The language of headings and labels, en or ja [default: from $LANG]
    #[arg(long, value_parser = parse_lang)]
    lang: Option<Lang>,
}

#[derive(Clone, Copy, ValueEnum)]
enum FormatArg {
    Md,
    Json,
    Csv,
}

fn parse_kind(text: &str) -> Result<ExportKind, String> {
    ExportKind::from_key(&text.replace('-', "_")).ok_or_else(|| {
        let keys: Vec<&str> = ExportKind::ALL.iter().map(|k| k.key()).collect();
        format!("one of: {}", keys.join(", "))
    })
}

fn parse_lang(text: &str) -> Result<Lang, String> {
    Lang::from_tag(text).ok_or_else(|| "en or ja".to_owned())
}

/// The one sentence said before anything is written.
pub fn warning(lang: Lang) -> &'static str {
    match lang {
        Lang::Ja => "enza: 書き出したファイルは暗号化されません。このディスクを読める人なら誰でも読めます。",
        Lang::En => "enza: the exported files are not encrypted: anyone who can read this disk can read them.",
    }
}

pub fn export(args: ExportArgs, unlock: impl FnOnce() -> Result<Vault, CliError>) -> Result<(), CliError> {
    let ui_lang = Lang::from_env();
    let lang = args.lang.unwrap_or(ui_lang);
    let format = match args.format {
        FormatArg::Md => Format::Markdown,
        FormatArg::Json => Format::Json,
        FormatArg::Csv => Format::Csv,
    };
    let kinds = if args.kinds.is_empty() { format.kinds().to_vec() } else { args.kinds };
    if matches!((args.since, args.until), (Some(s), Some(u)) if s > u) {
        return Err(CliError::SinceAfterUntil { search: false });
    }
    let selection = Selection { kinds, since: args.since, until: args.until };
    // A folder that would be refused is refused before the warning, which
    // is said only when something is about to be written.
    enza_core::export::check_place(&args.out)?;
    let vault = unlock()?;
    output::error_line(warning(ui_lang));
    let summary =
        with_bar("exporting", |progress| vault.export().write(format, &selection, &args.out, lang, progress))?;
    let n = summary.files.len();
    let files = if n == 1 { "file" } else { "files" };
    outln!("exported {n} {files} to {}", one_line(&summary.dir.display().to_string()))?;
    let c = summary.counts;
    outln!(
        "reflections {}, check-ins {}, boundary events {}, plan versions {}, meetings {}, groups {}, templates {}, \
         crisis card {}",
        c.reflections,
        c.checkins,
        c.boundaries,
        c.plan_versions,
        c.meetings,
        c.groups,
        c.templates,
        c.crisis_card
    )
}
