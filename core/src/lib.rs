//! enza-core: everything Enza knows and keeps, without a window.
//!
//! The desktop shell and the `enza` command are thin front ends over this
//! crate. Start at [`vault::Vault`]: its lifecycle (create, unlock, recover,
//! change the passphrase, lock), then one handle per capability, each a
//! folder here with its model, its SQL and its API.

pub mod autolock;
pub mod backup;
#[cfg(feature = "bench")]
pub mod bench;
pub mod capabilities;
pub mod error;
pub mod export;
mod files;
pub mod groups;
pub mod i18n;
pub mod journal;
pub mod keys;
pub mod library;
pub mod limits;
pub mod meeting;
pub mod privacy;
pub mod process;
pub mod research;
pub mod sealed;
pub mod search;
pub mod settings;
mod store;
mod text;
pub mod time;
pub mod vault;

pub use error::{Error, Result, WriteTrouble};
pub use i18n::Lang;
pub use store::{Capability, ReadOnlyBecause};
pub use vault::{Appearance, Created, RecoverySlot, Vault, VaultDir, VaultState};
