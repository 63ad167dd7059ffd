//! A piece of research as the person keeps it: the theme, their own name
//! for the difficulty, the pattern of what tends to happen, ways to help
//! themselves, experiments and ideas from peers.

use crate::error::{Error, Result};
use crate::i18n::Lang;
use crate::limits::{
    JOURNAL_FIELD_CHARS, NAME_CHARS, RESEARCH_NOTE_CHARS, RESEARCH_STEPS_MAX, RESEARCH_STEP_CHARS, TITLE_CHARS,
};
use crate::text;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// Where the research stands (研究中 / ひと休み / 発表した).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    #[default]
    Researching,
    Resting,
    Presented,
}

impl Status {
    pub const ALL: [Status; 3] = [Status::Researching, Status::Resting, Status::Presented];

    pub fn key(self) -> &'static str {
        match self {
            Status::Researching => "researching",
            Status::Resting => "resting",
            Status::Presented => "presented",
        }
    }

    pub fn from_key(key: &str) -> Option<Status> {
        Status::ALL.into_iter().find(|s| s.key() == key)
    }

    pub fn label(self, lang: Lang) -> &'static str {
        match self {
            Status::Researching => lang.pick("Researching", "研究中"),
            Status::Resting => lang.pick("Resting", "ひと休み"),
            Status::Presented => lang.pick("Presented", "発表した"),
        }
    }
}

/// What a step of the pattern is: the usual cycle of such research.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum StepKind {
    #[default]
    Situation,
    /// What I hear or think.
    Thought,
    Feeling,
    Action,
    /// What follows.
    Outcome,
}

impl StepKind {
    pub const ALL: [StepKind; 5] =
        [StepKind::Situation, StepKind::Thought, StepKind::Feeling, StepKind::Action, StepKind::Outcome];

    pub fn key(self) -> &'static str {
        match self {
            StepKind::Situation => "situation",
            StepKind::Thought => "thought",
            StepKind::Feeling => "feeling",
            StepKind::Action => "action",
            StepKind::Outcome => "outcome",
        }
    }

    pub fn label(self, lang: Lang) -> &'static str {
        match self {
            StepKind::Situation => lang.pick("Situation", "状況"),
            StepKind::Thought => lang.pick("What I hear or think", "聞こえること・考えること"),
            StepKind::Feeling => lang.pick("What I feel", "気持ち"),
            StepKind::Action => lang.pick("What I do", "すること"),
            StepKind::Outcome => lang.pick("What follows", "その後"),
        }
    }
}

/// One step of the pattern. `back_to` is the number (from 1) of an earlier
/// step the pattern goes back to after this one, if it loops.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Step {
    #[serde(default)]
    pub kind: StepKind,
    pub text: String,
    #[serde(default)]
    pub back_to: Option<usize>,
}

/// The pattern (苦労のパターン): its steps in order.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Pattern {
    pub steps: Vec<Step>,
}

impl Pattern {
    /// Trims each step; an empty step is refused rather than dropped, so
    /// the numbers the loops point at never shift under the person.
    pub fn tidy(&self) -> Result<Pattern> {
        if self.steps.len() > RESEARCH_STEPS_MAX {
            return Err(Error::TooMany { max: RESEARCH_STEPS_MAX });
        }
        let mut steps = Vec::with_capacity(self.steps.len());
        for (i, step) in self.steps.iter().enumerate() {
            let text = step.text.trim();
            if text.is_empty() {
                return Err(Error::EmptyText);
            }
            text::lines(text, RESEARCH_STEP_CHARS)?;
            if let Some(to) = step.back_to {
                // Steps count from 1; a loop goes back to this step or an
                // earlier one (a step that repeats itself is a loop too).
                if to == 0 || to > i + 1 {
                    return Err(Error::LoopNotBack);
                }
            }
            steps.push(Step { kind: step.kind, text: text.to_owned(), back_to: step.back_to });
        }
        Ok(Pattern { steps })
    }
}

/// One saved version of a pattern; every earlier one is kept.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PatternVersion {
    pub id: i64,
    pub saved_at: DateTime<Utc>,
    pub pattern: Pattern,
}

/// Whether to keep what an experiment tried.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum Verdict {
    /// Not tried yet, or not decided.
    #[default]
    Open,
    Keep,
    /// Keep it, changed.
    Adjust,
    Drop,
}

impl Verdict {
    pub const ALL: [Verdict; 4] = [Verdict::Open, Verdict::Keep, Verdict::Adjust, Verdict::Drop];

    pub fn key(self) -> &'static str {
        match self {
            Verdict::Open => "open",
            Verdict::Keep => "keep",
            Verdict::Adjust => "adjust",
            Verdict::Drop => "drop",
        }
    }

    pub fn from_key(key: &str) -> Option<Verdict> {
        Verdict::ALL.into_iter().find(|v| v.key() == key)
    }

    pub fn label(self, lang: Lang) -> &'static str {
        match self {
            Verdict::Open => lang.pick("Not decided yet", "まだ決めていない"),
            Verdict::Keep => lang.pick("Keep it", "続ける"),
            Verdict::Adjust => lang.pick("Keep it, changed", "変えて続ける"),
            Verdict::Drop => lang.pick("Drop it", "やめる"),
        }
    }
}

/// An experiment: what I will try, when, what happened, and whether to
/// keep it. `id` 0 is a new one.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Experiment {
    pub id: i64,
    pub what: String,
    pub when: String,
    pub result: String,
    pub verdict: Verdict,
}

impl Experiment {
    pub(super) fn tidy(&self) -> Result<Experiment> {
        let what = self.what.trim();
        if what.is_empty() {
            return Err(Error::EmptyText);
        }
        text::lines(what, RESEARCH_NOTE_CHARS)?;
        text::line(self.when.trim(), TITLE_CHARS)?;
        text::lines(self.result.trim(), RESEARCH_NOTE_CHARS)?;
        Ok(Experiment {
            id: self.id,
            what: what.to_owned(),
            when: self.when.trim().to_owned(),
            result: self.result.trim().to_owned(),
            verdict: self.verdict,
        })
    }
}

/// An idea from peers (仲間のアイデア), written after a meeting, without
/// names.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Idea {
    pub id: i64,
    pub text: String,
    pub added_at: DateTime<Utc>,
}

/// What a person writes to start or rename a piece of research.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Heading {
    /// 研究テーマ.
    pub theme: String,
    /// 自分でつけた苦労の名前: their own words, never a diagnosis.
    pub own_name: String,
    /// 自分の助け方.
    pub helping_myself: String,
    pub status: Status,
}

impl Heading {
    pub(super) fn tidy(&self) -> Result<Heading> {
        let theme = self.theme.trim();
        if theme.is_empty() {
            return Err(Error::EmptyText);
        }
        text::line(theme, TITLE_CHARS)?;
        text::line(self.own_name.trim(), NAME_CHARS)?;
        text::lines(self.helping_myself.trim(), JOURNAL_FIELD_CHARS)?;
        Ok(Heading {
            theme: theme.to_owned(),
            own_name: self.own_name.trim().to_owned(),
            helping_myself: self.helping_myself.trim().to_owned(),
            status: self.status,
        })
    }
}

/// A piece of research, whole.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Study {
    pub id: i64,
    #[serde(flatten)]
    pub heading: Heading,
    pub started_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    /// When the status last changed.
    pub status_at: DateTime<Utc>,
    /// The pattern as it is now (empty before the first is saved).
    pub pattern: Pattern,
    /// How many versions of the pattern are kept.
    pub pattern_versions: u64,
    pub experiments: Vec<Experiment>,
    pub ideas: Vec<Idea>,
    /// The meetings it was presented at (ids), newest first.
    pub presented_at: Vec<i64>,
}

/// A line of the notebook's list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct StudySummary {
    pub id: i64,
    pub theme: String,
    pub own_name: String,
    pub status: Status,
    pub started_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}
