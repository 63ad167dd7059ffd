//! enza-core: everything Enza knows and keeps, without a window.
//!
//! The desktop shell and the `enza` command are thin front ends over this
//! crate. Start at [`vault::Vault`].

pub mod autolock;
pub mod bench;
pub mod error;
pub mod groups;
pub mod i18n;
pub mod journal;
pub mod keyfile;
pub mod keys;
pub mod meeting;
pub mod privacy;
pub mod process;
pub mod sessions;
pub mod store;
pub mod templates;
mod time;
pub mod vault;

pub use error::{Error, Result};
pub use i18n::Lang;
pub use store::groups::AttendancePoint;
pub use store::meetings::SessionSummary;
pub use vault::{Created, Vault, VaultDir, VaultState};
