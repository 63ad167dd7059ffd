//! Running a peer-support meeting: templates, the checklist state machine,
//! the sharing round's turn rule and the crisis card.

pub mod crisis;
pub mod group;
pub mod machine;
pub mod record;
pub mod template;
pub mod turns;

pub use crisis::{CrisisCard, CrisisContact};
pub use group::Group;
pub use machine::{Clock, Command, Event, Meeting, Recorded, TurnOutcome};
pub use record::SessionRecord;
pub use template::{builtin, builtins, Template};
pub use turns::TurnPolicy;
