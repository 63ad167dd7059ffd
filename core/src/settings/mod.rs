//! Settings kept inside the vault: one typed list of keys, each with its
//! default and its rule. Nothing else names a setting's key.

mod store;

use crate::backup::auto::{AutoRecord, AutoSettings};
use crate::error::{Error, Result};
use crate::journal::{default_activities, validate_activities, Activity};
use crate::limits;
use crate::meeting::CrisisCard;
use crate::store::Db;
use serde::Serialize;

/// A setting: its key in the vault, its default, and what values it takes.
pub struct Key<T: 'static> {
    pub name: &'static str,
    default: fn() -> T,
    check: fn(&T) -> Result<()>,
}

impl<T> Key<T> {
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
/// The crisis card: contacts at hand and the words for the exception to
/// confidentiality (blank until the user writes their own).
pub const CRISIS_CARD: Key<CrisisCard> =
    Key { name: "crisis_card", default: CrisisCard::default, check: CrisisCard::validate };

/// The self-care activities a check-in offers (the person can edit them).
pub const SELFCARE_ACTIVITIES: Key<Vec<Activity>> =
    Key { name: "selfcare_activities", default: default_activities, check: |list| validate_activities(list) };
/// Whether the journal may show the strain notice (default: yes).
pub const STRAIN_NOTICE: Key<bool> = Key { name: "strain_notice", default: || true, check: any };

/// Automatic backups: the folder, how many to keep, when.
pub const BACKUP_AUTO: Key<AutoSettings> =
    Key { name: "backup_auto", default: AutoSettings::default, check: AutoSettings::validate };
/// What the last automatic backups did (written by the core only).
pub const BACKUP_RECORD: Key<AutoRecord> = Key { name: "backup_record", default: AutoRecord::default, check: any };

/// Every key, for tests and for whatever copies a vault whole.
pub const ALL: &[&str] = &[
    AUTO_LOCK_MINUTES.name,
    NOTES_DURING_MEETING.name,
    LOCK_DURING_MEETING.name,
    CRISIS_CARD.name,
    SELFCARE_ACTIVITIES.name,
    STRAIN_NOTICE.name,
    BACKUP_AUTO.name,
    BACKUP_RECORD.name,
];

fn check_auto_lock(minutes: &u32) -> Result<()> {
    if (limits::AUTO_LOCK_MINUTES_MIN..=limits::AUTO_LOCK_MINUTES_MAX).contains(minutes) {
        Ok(())
    } else {
        Err(Error::InvalidSetting("auto-lock minutes"))
    }
}

fn any<T>(_: &T) -> Result<()> {
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

/// Values kept as JSON.
trait Json: serde::Serialize + serde::de::DeserializeOwned {}
impl Json for CrisisCard {}
impl Json for Vec<Activity> {}
impl Json for AutoSettings {}
impl Json for AutoRecord {}

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
