//! The template library of an unlocked vault: the built-ins, which live in
//! code and cannot change, and the user's own copies, which can.

mod store;
pub mod template;

pub use store::CAPABILITY;
pub use template::{builtin, builtins, Template, FALLBACK_KEY};

use crate::error::{Error, Result};
use crate::i18n::Lang;
use crate::limits::NAME_CHARS;
use crate::store::Db;
use chrono::Utc;

/// A template as the library's list shows it: the template, and its
/// planned length, the sum the core computes (`Template::planned_minutes`).
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Listed {
    #[serde(flatten)]
    pub template: Template,
    pub planned_minutes: u32,
}

impl From<Template> for Listed {
    fn from(template: Template) -> Listed {
        Listed { planned_minutes: template.planned_minutes(), template }
    }
}

/// The library, borrowed from an unlocked vault (`vault.library()`).
pub struct Library<'v> {
    db: &'v Db,
}

impl<'v> Library<'v> {
    pub(crate) fn new(db: &'v Db) -> Self {
        Library { db }
    }

    /// The built-ins in `lang`, then the user's copies (in their own language).
    pub fn templates(&self, lang: Lang) -> Result<Vec<Template>> {
        let mut all = builtins(lang);
        all.extend(store::list(self.db.conn())?);
        Ok(all)
    }

    /// A template by key; a built-in comes in `lang`.
    pub fn template(&self, key: &str, lang: Lang) -> Result<Template> {
        if let Some(name) = Template::builtin_name(key) {
            return builtin(name, lang).ok_or(Error::NotFound);
        }
        store::get(self.db.conn(), Template::user_id(key).ok_or(Error::NotFound)?)
    }

    /// Copies a template (a built-in in `lang`, or a user's own) into a new
    /// user template named "… (copy)", which can then be edited.
    pub fn copy_template(&self, key: &str, lang: Lang) -> Result<Template> {
        let source = self.template(key, lang)?;
        let suffix = if source.language == Lang::Ja { "（コピー）" } else { " (copy)" };
        let mut name = format!("{}{suffix}", source.name);
        if name.chars().count() > NAME_CHARS {
            name = source.name;
        }
        let copy = store::insert(self.db.conn(), &Template { name, ..source }, Utc::now())?;
        tracing::info!(template = %copy.key, "template copied");
        Ok(copy)
    }

    /// Saves an edited copy. Built-ins cannot be saved over; sessions that
    /// already ran keep the snapshot they started with.
    pub fn save_template(&self, template: &Template) -> Result<Template> {
        if template.is_builtin() {
            return Err(Error::BuiltinTemplate);
        }
        let id = Template::user_id(&template.key).ok_or(Error::NotFound)?;
        template.validate()?;
        let tidy = template.clone().tidied();
        store::update(self.db.conn(), id, &tidy, Utc::now())?;
        tracing::info!(template = %tidy.key, "template saved");
        Ok(tidy)
    }

    /// Deletes a copy inside `conn`'s transaction; what used it is
    /// re-pointed by the caller ([`Library::delete_template`], in `groups`).
    pub(crate) fn delete_in(conn: &rusqlite::Connection, key: &str) -> Result<()> {
        if Template::builtin_name(key).is_some() {
            return Err(Error::BuiltinTemplate);
        }
        store::delete(conn, Template::user_id(key).ok_or(Error::NotFound)?)
    }

    pub(crate) fn db(&self) -> &'v Db {
        self.db
    }
}
