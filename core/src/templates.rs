//! The template library of an unlocked vault: the built-ins, which live in
//! code and cannot change, and the user's own copies, which can.

use crate::error::{Error, Result};
use crate::i18n::Lang;
use crate::meeting::template::MAX_TITLE_CHARS;
use crate::meeting::{builtin, builtins, Template};
use crate::vault::Vault;
use chrono::Utc;

/// Where a group whose template was deleted starts from.
pub const FALLBACK_TEMPLATE: &str = "builtin:standard";

impl Vault {
    /// The built-ins in `lang`, then the user's copies (in their own language).
    pub fn templates(&self, lang: Lang) -> Result<Vec<Template>> {
        let mut all = builtins(lang);
        all.extend(self.store.user_templates()?);
        Ok(all)
    }

    /// A template by key; a built-in comes in `lang`.
    pub fn template(&self, key: &str, lang: Lang) -> Result<Template> {
        if let Some(name) = key.strip_prefix("builtin:") {
            return builtin(name, lang).ok_or(Error::NotFound);
        }
        self.store.user_template(Template::user_id(key).ok_or(Error::NotFound)?)
    }

    /// Copies a template (a built-in in `lang`, or a user's own) into a new
    /// user template named "… (copy)", which can then be edited.
    pub fn copy_template(&self, key: &str, lang: Lang) -> Result<Template> {
        let source = self.template(key, lang)?;
        let suffix = if source.language == Lang::Ja { "(コピー)" } else { " (copy)" };
        let mut name = format!("{}{suffix}", source.name);
        if name.chars().count() > MAX_TITLE_CHARS {
            name = source.name;
        }
        let copy = self.store.insert_user_template(&Template { name, ..source }, Utc::now())?;
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
        self.store.update_user_template(id, &tidy, Utc::now())?;
        tracing::info!(template = %tidy.key, "template saved");
        Ok(tidy)
    }

    pub fn delete_template(&self, key: &str) -> Result<()> {
        if key.starts_with("builtin:") {
            return Err(Error::BuiltinTemplate);
        }
        self.store.delete_user_template(Template::user_id(key).ok_or(Error::NotFound)?, FALLBACK_TEMPLATE)?;
        tracing::info!(template = %key, "template deleted");
        Ok(())
    }
}
