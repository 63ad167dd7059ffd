//! Settings kept inside the vault: typed keys, each with its default and
//! its rule. The switches of the settings screen are declared here; a
//! capability's own values (the crisis card, the self-care activities,
//! automatic backups) are declared in its folder with [`Key::new`].

mod store;

pub use store::CAPABILITY;

use crate::error::{Error, Result};
use crate::limits;
use crate::store::Db;
use serde::Serialize;

/// A setting: its key in the vault, its default, and what values it takes.
pub struct Key<T: 'static> {
    pub name: &'static str,
    default: fn() -> T,
    check: fn(&T) -> Result<()>,
}

impl<T> Key<T> {
    /// A key, its default and its rule; a capability declares its own keys
    /// in its folder.
    pub const fn new(name: &'static str, default: fn() -> T, check: fn(&T) -> Result<()>) -> Self {
        Key { name, default, check }
    }

    pub fn default_value(&self) -> T {
        (self.default)()
    }
}

/// Minutes of no key or pointer activity before the vault locks itself.
pub const AUTO_LOCK_MINUTES: Key<u32> = Key { name: "auto_lock_minutes", default: || 10, check: check_auto_lock };
/// Whether the session record's notes may be written while people share
/// (default: no; many groups promise that nothing is written meanwhile).
pub const NOTES_DURING_MEETING: Key<bool> = Key { name: "notes_during_meeting", default: || false, check: any };
/// Whether idleness may lock the vault while a meeting runs (default: no, a
/// facilitator holding the room may not touch the laptop for an hour).
pub const LOCK_DURING_MEETING: Key<bool> = Key { name: "lock_during_meeting", default: || false, check: any };

/// Whether the journal may show the strain notice (default: yes).
pub const STRAIN_NOTICE: Key<bool> = Key { name: "strain_notice", default: || true, check: any };

fn check_auto_lock(minutes: &u32) -> Result<()> {
    if (limits::AUTO_LOCK_MINUTES_MIN..=limits::AUTO_LOCK_MINUTES_MAX).contains(minutes) {
        Ok(())
    } else {
        Err(Error::InvalidSetting("auto-lock minutes"))
    }
}

pub(crate) fn any<T>(_: &T) -> Result<()> {
    Ok(())
}

/// How a value is kept as text in the vault.
pub trait Value: Sized {
    fn encode(&self) -> String;
    fn decode(text: &str) -> Option<Self>;
}

impl Value for u32 {
    fn encode(&self) -> String {
        self.to_string()
    }
    fn decode(text: &str) -> Option<Self> {
        text.parse().ok()
    }
}

impl Value for bool {
    fn encode(&self) -> String {
        self.to_string()
    }
    fn decode(text: &str) -> Option<Self> {
        text.parse().ok()
    }
}

/// Values kept as JSON: a capability marks its own types (`impl Json for
/// CrisisCard {}` beside the type) and declares its keys in its folder.
pub(crate) trait Json: serde::Serialize + serde::de::DeserializeOwned {}

impl<T: Json> Value for T {
    fn encode(&self) -> String {
        serde_json::to_string(self).expect("settings serialize")
    }
    fn decode(text: &str) -> Option<Self> {
        serde_json::from_str(text).ok()
    }
}

/// The settings screen's values, in one piece.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Snapshot {
    pub auto_lock_minutes: u32,
    pub notes_during_meeting: bool,
    pub lock_during_meeting: bool,
    pub strain_notice: bool,
}

/// Settings, borrowed from an unlocked vault (`vault.settings()`).
pub struct Settings<'v> {
    db: &'v Db,
}

impl<'v> Settings<'v> {
    pub(crate) fn new(db: &'v Db) -> Self {
        Settings { db }
    }

    /// The stored value, or the default when none is stored or the stored
    /// one is out of range. A value that cannot be read at all is damage.
    pub fn get<T: Value>(&self, key: &Key<T>) -> Result<T> {
        match store::get(self.db.conn(), key.name)? {
            None => Ok(key.default_value()),
            Some(text) => {
                let value = T::decode(&text).ok_or(Error::DatabaseDamaged)?;
                Ok(if (key.check)(&value).is_ok() { value } else { key.default_value() })
            }
        }
    }

    /// Stores a value after checking it against the key's rule.
    pub fn set<T: Value>(&self, key: &Key<T>, value: &T) -> Result<()> {
        (key.check)(value)?;
        store::set(self.db.conn(), key.name, &value.encode())
    }

    pub fn snapshot(&self) -> Result<Snapshot> {
        Ok(Snapshot {
            auto_lock_minutes: self.get(&AUTO_LOCK_MINUTES)?,
            notes_during_meeting: self.get(&NOTES_DURING_MEETING)?,
            lock_during_meeting: self.get(&LOCK_DURING_MEETING)?,
            strain_notice: self.get(&STRAIN_NOTICE)?,
        })
    }
}
