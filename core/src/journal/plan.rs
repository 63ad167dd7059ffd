//! The self-care plan: my warning signs, what helps, people I can talk to,
//! what I will say no to. Every saved version is kept.

use crate::error::{Error, Result};
use crate::text;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

pub const FIELD_CHARS: usize = crate::limits::JOURNAL_FIELD_CHARS;

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct SelfCarePlan {
    pub warning_signs: String,
    pub what_helps: String,
    /// As the person writes them; Enza never asks for names.
    pub people: String,
    pub say_no_to: String,
}

impl SelfCarePlan {
    pub fn validate(&self) -> Result<()> {
        let fields = [&self.warning_signs, &self.what_helps, &self.people, &self.say_no_to];
        if fields.iter().all(|f| f.trim().is_empty()) {
            return Err(Error::EmptyText);
        }
        for field in fields {
            text::lines(field, FIELD_CHARS)?;
        }
        Ok(())
    }
}

/// One saved version of the plan.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PlanVersion {
    pub id: i64,
    pub saved_at: DateTime<Utc>,
    pub plan: SelfCarePlan,
}
