//! `enza search`: full-text search over the vault, newest first.

use crate::output::{self, one_line, outln};
use crate::secrets::CliError;
use chrono::{Local, NaiveDate};
use clap::Args;
use enza_core::search::{Hit, Kind, Query};
use enza_core::Vault;
use std::io::IsTerminal;

#[derive(Args)]
pub struct SearchArgs {
    /// Words to find, at most 200 characters: Japanese matches anywhere
    /// inside a word, English by the start of a word; every space-separated
    /// part must match. A query may start with a hyphen (`enza search
    /// -care`)
    #[arg(allow_hyphen_values = true)]
    query: String,
    /// Only these kinds (repeat, or comma-separate): reflection, checkin,
    /// boundary, plan, session, group
    #[arg(long, value_delimiter = ',', value_parser = parse_kind)]
    kind: Vec<Kind>,
    /// Only this group's meetings
    #[arg(long, value_name = "GROUP_ID")]
    group: Option<i64>,
    /// From this day (YYYY-MM-DD)
    #[arg(long)]
    since: Option<NaiveDate>,
    /// Up to and including this day
    #[arg(long)]
    until: Option<NaiveDate>,
    /// At most this many results (1 to 200)
    #[arg(long, default_value_t = 50)]
    limit: usize,
    #[arg(long)]
    json: bool,
}

/// A kind by the core's own key.
fn parse_kind(text: &str) -> Result<Kind, String> {
    Kind::from_key(text).ok_or_else(|| {
        let keys: Vec<&str> = Kind::ALL.iter().map(|k| k.key()).collect();
        format!("one of: {}", keys.join(", "))
    })
}

pub fn search(vault: &Vault, args: SearchArgs) -> Result<(), CliError> {
    // As `export` says it: an empty answer would look like "nothing found".
    if matches!((args.since, args.until), (Some(s), Some(u)) if s > u) {
        return Err(CliError::SinceAfterUntil { search: true });
    }
    crate::secrets::check_limit(args.limit, enza_core::limits::SEARCH_RESULTS_MAX)?;
    let query = Query {
        text: args.query,
        kinds: args.kind,
        group_id: args.group,
        since: args.since,
        until: args.until,
        limit: args.limit,
    };
    let hits = vault.search().find(&query)?;
    if args.json {
        return output::json(&hits);
    }
    let bold = std::io::stdout().is_terminal();
    for hit in &hits {
        outln!(
            "{}\t{}\t{}\t{}\t{}",
            when(hit),
            hit.kind.key(),
            reference(hit),
            one_line(&hit.title),
            snippet(hit, bold)
        )?;
    }
    Ok(())
}

fn when(hit: &Hit) -> String {
    match hit.day {
        Some(day) => day.to_string(),
        None => hit.at.with_timezone(&Local).format("%Y-%m-%d %H:%M").to_string(),
    }
}

/// What `enza` needs to show the entry: an id, or a check-in's day.
fn reference(hit: &Hit) -> String {
    match (hit.id, hit.day) {
        (Some(id), _) => id.to_string(),
        (None, Some(day)) => day.to_string(),
        (None, None) => "-".into(),
    }
}

/// The snippet on one line, matches in bold on a terminal and between
/// « » when piped.
fn snippet(hit: &Hit, bold: bool) -> String {
    let (open, close) = if bold { ("\x1b[1m", "\x1b[0m") } else { ("«", "»") };
    hit.snippet
        .iter()
        .map(|p| {
            let text = one_line(&p.text);
            if p.hit {
                format!("{open}{text}{close}")
            } else {
                text.into_owned()
            }
        })
        .collect()
}
