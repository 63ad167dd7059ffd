//! Everything the UI may call, one file per capability. Each command is a
//! thin wrapper named `noun_verb`: take the state, call enza-core, map its
//! error to `{code, message}` in the user's language. Arguments are never
//! logged (`skip_all`): they are user content.

pub mod app;
pub mod backup;
pub mod export;
pub mod files;
pub mod groups;
pub mod journal;
pub mod library;
pub mod meetings;
pub mod research;
pub mod sealed;
pub mod search;
pub mod settings;
pub mod vault;

pub use vault::Progress;
