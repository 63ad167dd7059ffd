//! Running a peer-support meeting: templates, the checklist state machine,
//! the sharing round's turn rule and the crisis card.
//!
//! Work in progress (issue 3): the core model is here and tested; storage of
//! sessions, the record form, the live screen and the CLI come next.

pub mod crisis;
pub mod machine;
pub mod template;
pub mod turns;

pub use machine::{Clock, Command, Event, Meeting, Recorded, TurnOutcome};
pub use template::{builtin, builtins, Template};
pub use turns::TurnPolicy;
