//! `enza bench`: the core's measurements on real vaults in a temporary
//! folder, printed as Markdown as each part finishes.

use crate::output::{self, outln};
use crate::secrets::CliError;
use enza_core::bench;
use std::path::Path;
use std::time::Duration;

#[derive(Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Part {
    Reflections,
    Meetings,
    Journal,
    Search,
    Backup,
}

pub fn run(sizes: &[usize], only: &[Part], search_entries: usize) -> Result<(), CliError> {
    let work = std::env::temp_dir().join(format!("enza-bench-{}", std::process::id()));
    output::error_line(&format!("benchmark vaults in {} (removed afterwards)", work.display()));
    let result = run_parts(&work, sizes, only, search_entries);
    let _ = std::fs::remove_dir_all(&work);
    result
}

fn run_parts(work: &Path, sizes: &[usize], only: &[Part], search_entries: usize) -> Result<(), CliError> {
    let wanted = |p: Part| only.is_empty() || only.contains(&p);
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    if wanted(Part::Reflections) {
        output::text(&bench::table(&bench::run(work, sizes)?))?;
        outln!()?;
    }
    if wanted(Part::Meetings) {
        let m = bench::meetings(work, 1000)?;
        outln!(
            "with {} recorded meetings in one group: state transition p50 {:.2} ms, p99 {:.2} ms; \
             group page (history + attendance) p50 {:.2} ms",
            m.sessions,
            ms(m.transition_p50),
            ms(m.transition_p99),
            ms(m.group_page_p50)
        )?;
    }
    if wanted(Part::Journal) {
        let j = bench::journal(work)?;
        outln!(
            "with {} daily check-ins (ten years): a year of trends p50 {:.2} ms, p95 {:.2} ms; strain rule p50 \
             {:.2} ms; durable check-in save p50 {:.2} ms",
            j.checkins,
            ms(j.trends_p50),
            ms(j.trends_p95),
            ms(j.strain_p50),
            ms(j.save_p50)
        )?;
    }
    if wanted(Part::Backup) {
        outln!()?;
        let rows: Result<Vec<_>, _> = sizes.iter().map(|&n| bench::backup(work, n)).collect();
        output::text(&bench::backup_table(&rows?))?;
    }
    if wanted(Part::Search) {
        outln!()?;
        output::text(&enza_core::bench::search::table(&enza_core::bench::search::run(work, search_entries)?))?;
    }
    Ok(())
}
