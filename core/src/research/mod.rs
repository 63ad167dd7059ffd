//! The research notebook of an unlocked vault (`vault.research()`):
//! 当事者研究, a person's research into their own difficulties with peers.
//! Each piece keeps its theme, the person's own name for the difficulty,
//! the pattern of what tends to happen (every version kept), ways to help
//! themselves, experiments, ideas from peers, and the meetings it was
//! presented at (only the link, never a name).

mod diagram;
mod model;
mod store;

pub use diagram::{describe, diagram, Arrow, Diagram, StepBox};
pub use model::{
    Experiment, Heading, Idea, Pattern, PatternVersion, Status, Step, StepKind, Study, StudySummary, Verdict,
};
pub use store::CAPABILITY;

use crate::error::{Error, Result};
use crate::limits::{LIST_MAX, RESEARCH_ENTRIES_MAX, RESEARCH_NOTE_CHARS};
use crate::store::Db;
use crate::text;
use chrono::Utc;
use store::Child;

/// The built-in meeting whose records can note the research presented.
pub const TOJISHA_TEMPLATE: &str = "builtin:tojisha";

/// See [`Notebook::presentation`].
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Presentation {
    pub offered: bool,
    pub research: Vec<StudySummary>,
    pub chosen: Vec<i64>,
}

/// The notebook, borrowed from an unlocked vault.
pub struct Notebook<'v> {
    db: &'v Db,
}

impl<'v> Notebook<'v> {
    pub(crate) fn new(db: &'v Db) -> Self {
        Notebook { db }
    }

    /// Every piece of research, the most recently changed first.
    pub fn list(&self) -> Result<Vec<StudySummary>> {
        store::list(self.db.conn(), LIST_MAX)
    }

    /// Every piece, however many (the export's list).
    pub(crate) fn list_every(&self) -> Result<Vec<StudySummary>> {
        store::list(self.db.conn(), usize::MAX >> 1)
    }

    pub fn get(&self, id: i64) -> Result<Study> {
        let conn = self.db.conn();
        let (heading, started_at, updated_at, status_at) = store::heading(conn, id)?;
        Ok(Study {
            id,
            heading,
            started_at,
            updated_at,
            status_at,
            pattern: store::pattern_versions(conn, id, 1)?.pop().map(|v| v.pattern).unwrap_or_default(),
            pattern_versions: store::pattern_version_count(conn, id)?,
            experiments: store::experiments(conn, id)?,
            ideas: store::ideas(conn, id)?,
            presented_at: store::presented_at(conn, id)?,
        })
    }

    /// Starts a piece of research.
    pub fn start(&self, heading: &Heading) -> Result<Study> {
        let heading = heading.tidy()?;
        let id = self.change(|conn, now| {
            let id = store::insert(conn, &heading, now)?;
            store::touch(conn, id, now)?;
            Ok(id)
        })?;
        tracing::info!(research = id, "research started");
        self.get(id)
    }

    /// Saves the theme, the name, ways to help myself and the status.
    pub fn save_heading(&self, id: i64, heading: &Heading) -> Result<Study> {
        let heading = heading.tidy()?;
        self.change(|conn, now| {
            store::update_heading(conn, id, &heading, now)?;
            store::touch(conn, id, now)
        })?;
        self.get(id)
    }

    /// Saves the pattern as a new version; one the same as the newest is
    /// not saved again.
    pub fn save_pattern(&self, id: i64, pattern: &Pattern) -> Result<Study> {
        let pattern = pattern.tidy()?;
        let newest = store::pattern_versions(self.db.conn(), id, 1)?.pop().map(|v| v.pattern);
        if newest.as_ref() != Some(&pattern) {
            store::heading(self.db.conn(), id)?;
            self.change(|conn, now| {
                store::insert_pattern(conn, id, &pattern, now)?;
                store::touch(conn, id, now)
            })?;
            tracing::info!(research = id, steps = pattern.steps.len(), "pattern saved");
        }
        self.get(id)
    }

    /// Every version of the pattern, newest first.
    pub fn pattern_versions(&self, id: i64) -> Result<Vec<PatternVersion>> {
        store::heading(self.db.conn(), id)?;
        store::pattern_versions(self.db.conn(), id, usize::MAX >> 1)
    }

    /// Adds an experiment (`id` 0) or saves one.
    pub fn save_experiment(&self, id: i64, experiment: &Experiment) -> Result<Study> {
        let experiment = experiment.tidy()?;
        self.change(|conn, now| {
            if experiment.id == 0 {
                self.room_for(Child::Experiment, id)?;
                store::insert_experiment(conn, id, &experiment, now)?;
            } else {
                store::update_experiment(conn, id, &experiment, now)?;
            }
            store::touch(conn, id, now)
        })?;
        self.get(id)
    }

    pub fn delete_experiment(&self, id: i64, experiment_id: i64) -> Result<Study> {
        self.change(|conn, now| {
            store::delete_child(conn, Child::Experiment, id, experiment_id)?;
            store::touch(conn, id, now)
        })?;
        self.get(id)
    }

    /// Adds an idea from peers. Enza never asks whose it was.
    pub fn add_idea(&self, id: i64, idea: &str) -> Result<Study> {
        let idea = idea.trim();
        if idea.is_empty() {
            return Err(Error::EmptyText);
        }
        text::lines(idea, RESEARCH_NOTE_CHARS)?;
        self.change(|conn, now| {
            self.room_for(Child::Idea, id)?;
            store::insert_idea(conn, id, idea, now)?;
            store::touch(conn, id, now)
        })?;
        self.get(id)
    }

    pub fn delete_idea(&self, id: i64, idea_id: i64) -> Result<Study> {
        self.change(|conn, now| {
            store::delete_child(conn, Child::Idea, id, idea_id)?;
            store::touch(conn, id, now)
        })?;
        self.get(id)
    }

    /// Deletes a piece of research with every version, experiment and
    /// idea; the meetings it was presented at stay, without the link.
    pub fn delete(&self, id: i64) -> Result<()> {
        store::delete(self.db.conn(), id)?;
        tracing::info!(research = id, "research deleted");
        Ok(())
    }

    /// What a meeting's page offers: the research one could note as
    /// presented, and what is noted. It is offered at meetings run with the
    /// 当事者研究 template, or where something is noted already.
    pub fn presentation(&self, session_id: i64) -> Result<Presentation> {
        let template = crate::meeting::Meetings::new(self.db).get(session_id)?.template.key;
        let chosen: Vec<i64> = self.presented_in(session_id)?.into_iter().map(|s| s.id).collect();
        let offered = template == TOJISHA_TEMPLATE || !chosen.is_empty();
        Ok(Presentation { offered, research: if offered { self.list()? } else { Vec::new() }, chosen })
    }

    /// The research presented at a meeting.
    pub fn presented_in(&self, session_id: i64) -> Result<Vec<StudySummary>> {
        store::presented_in(self.db.conn(), session_id)
    }

    /// Notes which research was presented at a meeting (replacing what was
    /// noted before); only the link is kept.
    pub fn set_presented(&self, session_id: i64, research: &[i64]) -> Result<Vec<StudySummary>> {
        // The meeting must be there (`NotFound` if not).
        crate::meeting::Meetings::new(self.db).get(session_id)?;
        for &id in research {
            store::heading(self.db.conn(), id)?;
        }
        let tx = self.db.conn().unchecked_transaction()?;
        store::set_presented(&tx, session_id, research)?;
        tx.commit()?;
        self.presented_in(session_id)
    }

    /// Runs a change and the refresh of what it derives in one
    /// transaction.
    fn change<T>(&self, f: impl FnOnce(&rusqlite::Connection, chrono::DateTime<Utc>) -> Result<T>) -> Result<T> {
        let tx = self.db.conn().unchecked_transaction()?;
        let out = f(&tx, Utc::now())?;
        tx.commit()?;
        Ok(out)
    }

    fn room_for(&self, child: Child, id: i64) -> Result<()> {
        if store::count_of(self.db.conn(), child, id)? >= RESEARCH_ENTRIES_MAX {
            return Err(Error::TooMany { max: RESEARCH_ENTRIES_MAX });
        }
        Ok(())
    }
}
