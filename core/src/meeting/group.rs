//! A group: the circle that meets, with its usual template and length.

use crate::error::{Error, Result};
use crate::i18n::Lang;
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
        let chars = self.name.trim().chars().count();
        if chars == 0 {
            return Err(Error::EmptyText);
        }
        if chars > 200 {
            return Err(Error::TooLong { max: 200 });
        }
        if !(5..=600).contains(&self.usual_minutes) {
            return Err(Error::InvalidSetting("usual length in minutes"));
        }
        Ok(())
    }
}
