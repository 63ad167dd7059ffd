//! What the facilitator writes down after a meeting, and the rules for it.

use crate::error::{Error, Result};
use crate::privacy::{self, Finding};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::limits::{PEOPLE_MAX as MAX_PEOPLE, RECORD_FIELD_CHARS as MAX_FIELD_CHARS};
use crate::text;

/// The session record. Counts only: no participant's name is asked for.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct SessionRecord {
    /// The facilitator(s), by the name they choose.
    pub facilitators: String,
    pub attendance: u32,
    pub newcomers: u32,
    pub themes: String,
    pub notes: String,
    pub safety_concern: bool,
    pub safety_action: String,
    pub safety_follow_up_due: Option<NaiveDate>,
    pub follow_ups: String,
    /// The facilitator's own after-meeting check-in: how am I?
    pub self_check_in: String,
    pub needs_debrief: bool,
}

/// Likely personal data in one field of a record.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FieldFinding {
    pub field: &'static str,
    pub finding: Finding,
}

impl SessionRecord {
    fn texts(&self) -> [(&'static str, &str); 6] {
        [
            ("facilitators", &self.facilitators),
            ("themes", &self.themes),
            ("notes", &self.notes),
            ("safety_action", &self.safety_action),
            ("follow_ups", &self.follow_ups),
            ("self_check_in", &self.self_check_in),
        ]
    }

    pub fn validate(&self) -> Result<()> {
        if self.attendance > MAX_PEOPLE {
            return Err(Error::InvalidSetting("attendance"));
        }
        if self.newcomers > self.attendance {
            return Err(Error::InvalidSetting("newcomers cannot exceed attendance"));
        }
        for (_, field) in self.texts() {
            text::lines(field, MAX_FIELD_CHARS)?;
        }
        Ok(())
    }

    /// Likely personal data in the free-text fields, for the "keep as
    /// written / edit" prompt. Never blocks a save.
    pub fn personal_data(&self) -> Vec<FieldFinding> {
        self.texts()
            .iter()
            .flat_map(|(field, text)| privacy::scan(text).into_iter().map(|finding| FieldFinding { field, finding }))
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::privacy::Kind;

    #[test]
    fn counts_must_make_sense() {
        let mut r = SessionRecord { attendance: 8, newcomers: 2, ..Default::default() };
        assert!(r.validate().is_ok());
        r.newcomers = 9;
        assert!(r.validate().is_err());
        r.newcomers = 0;
        r.attendance = 501;
        assert!(r.validate().is_err());
    }

    #[test]
    fn personal_data_is_found_field_by_field() {
        let r = SessionRecord {
            notes: "Call back on 090-1234-5678".into(),
            follow_ups: "田中さんに資料".into(),
            themes: "sleep, work".into(),
            ..Default::default()
        };
        let found: Vec<(&str, Kind)> = r.personal_data().iter().map(|f| (f.field, f.finding.kind)).collect();
        assert_eq!(found, [("notes", Kind::Phone), ("follow_ups", Kind::Name)]);
    }
}
