//! A group: the circle that meets, with its usual template and length.

use crate::error::{Error, Result};
use crate::i18n::Lang;
use crate::limits::{GROUP_MINUTES_MAX, GROUP_MINUTES_MIN, NAME_CHARS};
use crate::text;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Group {
    pub id: i64,
    pub name: String,
    pub language: Lang,
    /// A template key: `builtin:<name>` or `user:<id>`.
    pub default_template: String,
    pub usual_minutes: u32,
}

impl Group {
    pub fn validate(&self) -> Result<()> {
        let name = self.name.trim();
        if name.is_empty() {
            return Err(Error::EmptyText);
        }
        text::line(name, NAME_CHARS)?;
        if !(GROUP_MINUTES_MIN..=GROUP_MINUTES_MAX).contains(&self.usual_minutes) {
            return Err(Error::InvalidSetting("usual length in minutes"));
        }
        Ok(())
    }
}
