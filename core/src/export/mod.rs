//! The readable export (`vault.export()`): the vault's content written out
//! in the clear, as Markdown, JSON or CSV, for a chosen selection of kinds
//! and days. Only ever on request, and the front end first says, in one
//! sentence, that anyone with the disk can read the files.
//!
//! Content is read through the other capabilities' APIs; `store.rs` only
//! lists what their capped list calls cannot (every session, every
//! reflection, every boundary event in a range). The formats are in
//! `docs/export-format.md`; the rules that keep a reader safe:
//!
//! - Nothing is overwritten: the export goes into a new or empty folder,
//!   each file is written under a temporary name (created with O_EXCL),
//!   synced, then renamed, so an interrupted export never leaves a half file
//!   under a final name. A failed export removes what it wrote.
//! - A CSV cell that a spreadsheet would run as a formula is neutralised;
//!   Markdown block markers at the start of a person's line are escaped.
//! - Files get the user's normal permissions: they are meant to be read.

mod csv;
mod files;
mod json;
mod markdown;
mod model;

pub use model::{Counts, ExportKind, ExportSummary, Format, Selection};

use crate::error::{Error, Result};
use crate::groups::{Group, Groups};
use crate::i18n::Lang;
use crate::journal::{ActivityView, BoundaryEvent, CheckIn, Journal, PlanVersion, Reflection};
use crate::library::Library;
use crate::meeting::CRISIS_CARD;
use crate::meeting::{CrisisCard, Facts, Meetings, SessionRecord, Template};
use crate::research::{Notebook, PatternVersion, Study};
use crate::settings::Settings;
use crate::store::Db;
use chrono::{DateTime, Local, NaiveDate, Utc};
use serde::Serialize;
use std::path::{Path, PathBuf};

/// The version of the export formats described in `docs/export-format.md`.
pub const EXPORT_VERSION: u32 = 1;

/// One meeting as exported: its session, the template it ran, the facts the
/// session page shows (phase times, the sharing round), and its record.
#[derive(Debug, Clone, Serialize)]
pub struct ExportedMeeting {
    pub id: i64,
    pub group_id: Option<i64>,
    pub group_name: Option<String>,
    pub template_key: String,
    pub template_name: String,
    pub started_at: DateTime<Utc>,
    pub ended_at: Option<DateTime<Utc>>,
    pub template: Template,
    pub facts: Facts,
    pub record: Option<SessionRecord>,
}

/// A piece of research with every version of its pattern, oldest first.
#[derive(Debug, Clone, Serialize)]
pub struct ExportedResearch {
    #[serde(flatten)]
    pub study: Study,
    pub pattern_versions: Vec<PatternVersion>,
}

/// Everything selected, read once; each format writes from it.
#[derive(Debug, Default)]
pub(crate) struct Content {
    pub schema_version: i64,
    pub reflections: Option<Vec<Reflection>>,
    /// The local day each reflection was written, in the same order.
    pub reflection_days: Vec<NaiveDate>,
    pub checkins: Option<Vec<CheckIn>>,
    /// The self-care list, to name the activities of the check-ins.
    pub activities: Vec<ActivityView>,
    pub boundaries: Option<Vec<BoundaryEvent>>,
    /// Oldest first.
    pub plan: Option<Vec<PlanVersion>>,
    pub meetings: Option<Vec<ExportedMeeting>>,
    pub groups: Option<Vec<Group>>,
    /// The user's own copies (built-ins live in code and are the same everywhere).
    pub templates: Option<Vec<Template>>,
    /// `None` when none was written (the built-in words only).
    pub crisis_card: Option<CrisisCard>,
    pub research: Option<Vec<ExportedResearch>>,
    /// The name of each group's usual template, by key.
    pub template_names: std::collections::BTreeMap<String, String>,
}

impl Content {
    fn counts(&self) -> Counts {
        let n = |v: Option<usize>| v.unwrap_or(0);
        Counts {
            reflections: n(self.reflections.as_ref().map(Vec::len)),
            checkins: n(self.checkins.as_ref().map(Vec::len)),
            boundaries: n(self.boundaries.as_ref().map(Vec::len)),
            plan_versions: n(self.plan.as_ref().map(Vec::len)),
            meetings: n(self.meetings.as_ref().map(Vec::len)),
            groups: n(self.groups.as_ref().map(Vec::len)),
            templates: n(self.templates.as_ref().map(Vec::len)),
            crisis_card: usize::from(self.crisis_card.is_some()),
            research: n(self.research.as_ref().map(Vec::len)),
        }
    }
}

/// Makes a file's bytes from what was read.
pub(crate) type Render = Box<dyn Fn(&Content) -> Vec<u8>>;

/// A file an export will write: where, relative to the export folder.
pub(crate) struct Planned {
    pub path: PathBuf,
    pub render: Render,
}

/// The person's local day of a moment.
pub(crate) fn local_day(t: DateTime<Utc>) -> NaiveDate {
    t.with_timezone(&Local).date_naive()
}

/// Whether an export may be written to `out_dir` (nothing there, or an
/// empty folder): asked before the person is asked to confirm.
pub fn check_place(out_dir: &Path) -> Result<()> {
    files::check_place(out_dir)
}

/// The folder offered for an export made on `today` under `parent`: one
/// that is not there yet, so a second export that day is not refused.
pub fn free_place(parent: &Path, today: chrono::NaiveDate) -> std::path::PathBuf {
    files::free_place(parent, today)
}

/// The export, borrowed from an unlocked vault (`vault.export()`).
pub struct Export<'v> {
    db: &'v Db,
}

impl<'v> Export<'v> {
    pub(crate) fn new(db: &'v Db) -> Self {
        Export { db }
    }

    /// Writes `selection` in `format` into `out_dir`, which must not exist
    /// yet or be an empty folder. Headings and labels are in `lang`.
    /// `progress(done, total)` is called as work is done, `done` never going
    /// back, last with `done == total`.
    pub fn write(
        &self,
        format: Format,
        selection: &Selection,
        out_dir: &Path,
        lang: Lang,
        progress: &mut dyn FnMut(u64, u64),
    ) -> Result<ExportSummary> {
        let selection = Selection {
            kinds: ExportKind::ALL.into_iter().filter(|k| selection.has(*k) && format.kinds().contains(k)).collect(),
            ..selection.clone()
        };
        if selection.kinds.is_empty() {
            return Err(Error::ExportNothingSelected);
        }
        if matches!((selection.since, selection.until), (Some(s), Some(u)) if s > u) {
            return Err(Error::InvalidSetting("the first day is after the last day"));
        }
        // A read-only, full or failing disk there is named as that folder's.
        let mut out = files::OutDir::prepare(out_dir).map_err(|e| e.writing_to(out_dir))?;
        match self.export_into(&mut out, format, &selection, lang, progress).map_err(|e| e.writing_to(out_dir)) {
            Ok((files, counts)) => {
                if let Err(e) = out.finish() {
                    out.abandon();
                    return Err(e.writing_to(out_dir));
                }
                tracing::info!(files = files.len(), "export written");
                Ok(ExportSummary { dir: out_dir.to_path_buf(), files, counts })
            }
            Err(e) => {
                out.abandon();
                tracing::warn!(code = e.code(), "export failed; its files were removed");
                Err(e)
            }
        }
    }

    fn export_into(
        &self,
        out: &mut files::OutDir,
        format: Format,
        selection: &Selection,
        lang: Lang,
        progress: &mut dyn FnMut(u64, u64),
    ) -> Result<(Vec<PathBuf>, Counts)> {
        // Everything is read in one read transaction, so the export is one
        // moment of the vault (the counts match the lists); it ends before
        // the first file is written.
        let snapshot = self.db.conn().unchecked_transaction()?;
        let mut content = self.undated_and_bulk(selection, lang)?;
        let listed = |rows: Vec<(i64, DateTime<Utc>)>| -> Vec<(i64, DateTime<Utc>)> {
            rows.into_iter().filter(|(_, at)| selection.includes(local_day(*at))).collect()
        };
        let meeting_ids = if selection.has(ExportKind::Meetings) {
            listed(Meetings::new(self.db).every_session_start()?)
        } else {
            Vec::new()
        };
        let reflections = if selection.has(ExportKind::Reflections) {
            listed(Journal::new(self.db).every_reflection_time()?)
        } else {
            Vec::new()
        };
        let planned = match format {
            Format::Markdown => {
                let reflection_days: Vec<NaiveDate> = reflections.iter().map(|(_, at)| local_day(*at)).collect();
                markdown::plan(&content, &meeting_ids, &reflection_days, lang)
            }
            Format::Json => json::plan(selection, lang),
            Format::Csv => csv::plan(),
        };
        let total = (meeting_ids.len() + reflections.len() + planned.len()) as u64;
        let mut done = 0u64;
        progress(done, total);

        if selection.has(ExportKind::Meetings) {
            let meetings = Meetings::new(self.db);
            let mut list = Vec::with_capacity(meeting_ids.len());
            for (id, _) in meeting_ids {
                let d = meetings.detail(id, lang)?;
                list.push(ExportedMeeting {
                    id,
                    group_id: d.summary.group_id,
                    group_name: d.summary.group_name,
                    template_key: d.summary.template_key,
                    template_name: d.summary.template_name,
                    started_at: d.summary.started_at,
                    ended_at: d.summary.ended_at,
                    template: d.meeting.template,
                    facts: d.facts,
                    record: d.record,
                });
                done += 1;
                progress(done, total);
            }
            content.meetings = Some(list);
        }
        if selection.has(ExportKind::Reflections) {
            let journal = Journal::new(self.db);
            let mut list = Vec::with_capacity(reflections.len());
            for (id, at) in reflections {
                list.push(journal.reflection(id)?);
                content.reflection_days.push(local_day(at));
                done += 1;
                progress(done, total);
            }
            content.reflections = Some(list);
        }

        drop(snapshot);

        let mut written = Vec::with_capacity(planned.len());
        for file in planned {
            out.write(&file.path, &(file.render)(&content))?;
            written.push(file.path);
            done += 1;
            progress(done, total);
        }
        Ok((written, content.counts()))
    }

    /// Everything but meetings and reflections, which are read one by one.
    fn undated_and_bulk(&self, selection: &Selection, lang: Lang) -> Result<Content> {
        // Days are kept as `YYYY-MM-DD` text, so open ends are four-digit years.
        let first = NaiveDate::from_ymd_opt(1, 1, 1).expect("a real day");
        let last = NaiveDate::from_ymd_opt(9999, 12, 31).expect("a real day");
        let (from, to) = (selection.since.unwrap_or(first).max(first), selection.until.unwrap_or(last).min(last));
        let journal = Journal::new(self.db);
        let mut content = Content {
            schema_version: self.db.pragma_text("user_version")?.parse().map_err(|_| Error::DatabaseDamaged)?,
            ..Content::default()
        };
        if selection.has(ExportKind::Checkins) {
            content.checkins = Some(journal.checkins(from, to)?);
            content.activities = journal.activities(lang)?;
        }
        if selection.has(ExportKind::Boundaries) {
            content.boundaries = Some(Journal::new(self.db).boundary_events_between(from, to)?);
        }
        if selection.has(ExportKind::Plan) {
            let mut versions: Vec<PlanVersion> =
                journal.plan_versions()?.into_iter().filter(|v| selection.includes(local_day(v.saved_at))).collect();
            versions.reverse();
            content.plan = Some(versions);
        }
        if selection.has(ExportKind::Groups) {
            let groups = Groups::new(self.db).list()?;
            let library = Library::new(self.db);
            for g in &groups {
                if let Ok(t) = library.template(&g.default_template, lang) {
                    content.template_names.insert(g.default_template.clone(), t.name);
                }
            }
            content.groups = Some(groups);
        }
        if selection.has(ExportKind::Templates) {
            content.templates =
                Some(Library::new(self.db).templates(lang)?.into_iter().filter(|t| !t.is_builtin()).collect());
        }
        if selection.has(ExportKind::Research) {
            let notebook = Notebook::new(self.db);
            let mut list = Vec::new();
            for summary in notebook.list_every()? {
                let mut pattern_versions = notebook.pattern_versions(summary.id)?;
                pattern_versions.reverse();
                list.push(ExportedResearch { study: notebook.get(summary.id)?, pattern_versions });
            }
            content.research = Some(list);
        }
        if selection.has(ExportKind::CrisisCard) {
            let card = Settings::new(self.db).get(&CRISIS_CARD)?;
            content.crisis_card = (card != CrisisCard::default()).then_some(card);
        }
        Ok(content)
    }
}
