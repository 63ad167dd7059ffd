//! What lists of meetings show: a row per session, and a group's attendance.

use chrono::{DateTime, Utc};
use serde::Serialize;

/// A group's attendance: each recorded meeting, oldest first, and the
/// totals its page states.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Attendance {
    pub points: Vec<AttendancePoint>,
    pub meetings: usize,
    /// People per meeting; `None` before the first record.
    pub average: Option<f64>,
    pub newcomers: u32,
}

impl Attendance {
    pub fn of(points: Vec<AttendancePoint>) -> Attendance {
        let people: u64 = points.iter().map(|p| u64::from(p.attendance)).sum();
        Attendance {
            meetings: points.len(),
            average: (!points.is_empty()).then(|| people as f64 / points.len() as f64),
            newcomers: points.iter().map(|p| p.newcomers).sum(),
            points,
        }
    }
}

/// One meeting of a group, as the attendance chart draws it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AttendancePoint {
    pub session_id: i64,
    pub started_at: DateTime<Utc>,
    pub attendance: u32,
    pub newcomers: u32,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SessionSummary {
    pub id: i64,
    pub group_id: Option<i64>,
    pub group_name: Option<String>,
    pub started_at: DateTime<Utc>,
    pub ended_at: Option<DateTime<Utc>>,
    pub template_name: String,
    /// `builtin:<name>` or `user:<id>`, as it was when the meeting started.
    pub template_key: String,
    /// From the record, once it is written.
    pub attendance: Option<u32>,
    /// From start to end, once it has ended.
    pub duration_secs: Option<i64>,
}
