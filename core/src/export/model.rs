//! What an export is asked for and what it hands back. Every type here has
//! a snake_case serde form, so a front end can pass a selection as JSON.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use std::path::PathBuf;

/// One kind of content an export can hold.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ExportKind {
    Reflections,
    Checkins,
    Boundaries,
    Plan,
    Meetings,
    Groups,
    Templates,
    CrisisCard,
    Research,
}

impl ExportKind {
    pub const ALL: [ExportKind; 9] = [
        ExportKind::Reflections,
        ExportKind::Checkins,
        ExportKind::Boundaries,
        ExportKind::Plan,
        ExportKind::Meetings,
        ExportKind::Groups,
        ExportKind::Templates,
        ExportKind::CrisisCard,
        ExportKind::Research,
    ];

    /// The key in JSON, in the CLI and in the UI (the serde name).
    pub fn key(self) -> &'static str {
        match self {
            ExportKind::Reflections => "reflections",
            ExportKind::Checkins => "checkins",
            ExportKind::Boundaries => "boundaries",
            ExportKind::Plan => "plan",
            ExportKind::Meetings => "meetings",
            ExportKind::Groups => "groups",
            ExportKind::Templates => "templates",
            ExportKind::CrisisCard => "crisis_card",
            ExportKind::Research => "research",
        }
    }

    pub fn from_key(key: &str) -> Option<ExportKind> {
        ExportKind::ALL.into_iter().find(|k| k.key() == key)
    }

    /// Whether the date range applies: kinds with a day (check-ins, boundary
    /// events), a time of writing (reflections, plan versions) or a start
    /// (meetings). Groups, templates, the crisis card and the research
    /// notebook (each piece a story of its own) are undated and
    /// exported whole when chosen.
    pub fn is_dated(self) -> bool {
        matches!(
            self,
            ExportKind::Reflections
                | ExportKind::Checkins
                | ExportKind::Boundaries
                | ExportKind::Plan
                | ExportKind::Meetings
        )
    }
}

/// The file format of an export.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Format {
    /// One file per meeting, one per month of journal, and one each for the
    /// plan, the groups, the templates and the crisis card.
    Markdown,
    /// One file with everything selected.
    Json,
    /// One file: the check-ins, numbers as numbers.
    Csv,
}

impl Format {
    /// The kinds this format can hold: CSV holds check-ins only.
    pub fn kinds(self) -> &'static [ExportKind] {
        match self {
            Format::Csv => &[ExportKind::Checkins],
            Format::Markdown | Format::Json => &ExportKind::ALL,
        }
    }
}

/// What to export: which kinds, and which days (both ends included, local
/// calendar days; `None` is open-ended).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Selection {
    pub kinds: Vec<ExportKind>,
    #[serde(default)]
    pub since: Option<NaiveDate>,
    #[serde(default)]
    pub until: Option<NaiveDate>,
}

impl Selection {
    /// Every kind, every day.
    pub fn all() -> Selection {
        Selection { kinds: ExportKind::ALL.to_vec(), since: None, until: None }
    }

    pub fn has(&self, kind: ExportKind) -> bool {
        self.kinds.contains(&kind)
    }

    /// Whether a local day is inside the range.
    pub fn includes(&self, day: NaiveDate) -> bool {
        self.since.is_none_or(|s| day >= s) && self.until.is_none_or(|u| day <= u)
    }
}

/// How many of each kind an export holds. Kinds not selected are 0.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Counts {
    pub reflections: usize,
    pub checkins: usize,
    pub boundaries: usize,
    pub plan_versions: usize,
    pub meetings: usize,
    pub groups: usize,
    pub templates: usize,
    /// 1 when the crisis card was exported (it is one card; 0 when none
    /// was ever written).
    pub crisis_card: usize,
    /// Pieces of research, each with every version of its pattern.
    pub research: usize,
}

/// What an export wrote.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ExportSummary {
    /// The folder the files are in.
    pub dir: PathBuf,
    /// Every file written, relative to `dir`, in the order written.
    pub files: Vec<PathBuf>,
    pub counts: Counts,
}
