//! Running a peer-support meeting: templates, the checklist state machine,
//! the sharing round's turn rule, session records, the crisis card, and the
//! API over them (`vault.meetings()`).

mod api;
pub mod crisis;
pub mod facts;
mod history;
pub mod machine;
pub mod record;
mod store;
pub mod turns;

pub use crate::library::{builtin, builtins, Template};
pub use api::{FlaggedMeeting, Meetings, RecordDraft, SessionDetail};
pub use crisis::{CrisisCard, CrisisCardView, CrisisContact, CRISIS_CARD};
pub use facts::{Facts, Live};
pub use history::{Attendance, AttendancePoint, SessionSummary};
pub use machine::{Clock, Command, Event, Meeting, Recorded, TimerState, TurnOutcome};
pub use record::SessionRecord;
pub use store::CAPABILITY;
pub use turns::TurnPolicy;
