//! Boundary events: what happened, what I did, how I feel now, and whether
//! to bring it to supervision.

use crate::error::{Error, Result};
use crate::text;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// One field of a boundary event.
pub const FIELD_CHARS: usize = crate::limits::JOURNAL_FIELD_CHARS;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum BoundaryKind {
    AfterHoursContact,
    MoneyOrGifts,
    OverInvolvement,
    DualRelationship,
    ConfidentialityPressure,
    RoleConfusion,
    Other,
}

impl BoundaryKind {
    pub const ALL: [BoundaryKind; 7] = [
        BoundaryKind::AfterHoursContact,
        BoundaryKind::MoneyOrGifts,
        BoundaryKind::OverInvolvement,
        BoundaryKind::DualRelationship,
        BoundaryKind::ConfidentialityPressure,
        BoundaryKind::RoleConfusion,
        BoundaryKind::Other,
    ];

    pub fn key(self) -> &'static str {
        match self {
            BoundaryKind::AfterHoursContact => "after_hours_contact",
            BoundaryKind::MoneyOrGifts => "money_or_gifts",
            BoundaryKind::OverInvolvement => "over_involvement",
            BoundaryKind::DualRelationship => "dual_relationship",
            BoundaryKind::ConfidentialityPressure => "confidentiality_pressure",
            BoundaryKind::RoleConfusion => "role_confusion",
            BoundaryKind::Other => "other",
        }
    }

    pub fn from_key(key: &str) -> Option<BoundaryKind> {
        BoundaryKind::ALL.into_iter().find(|k| k.key() == key)
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BoundaryEvent {
    /// 0 for a new event.
    pub id: i64,
    pub day: NaiveDate,
    pub kind: BoundaryKind,
    pub what_happened: String,
    pub what_i_did: String,
    pub how_i_feel: String,
    pub supervision: bool,
}

impl BoundaryEvent {
    pub fn validate(&self, today: NaiveDate) -> Result<()> {
        if self.day > today {
            return Err(Error::FutureDate);
        }
        if self.what_happened.trim().is_empty() {
            return Err(Error::EmptyText);
        }
        for field in [&self.what_happened, &self.what_i_did, &self.how_i_feel] {
            text::lines(field, FIELD_CHARS)?;
        }
        Ok(())
    }
}
