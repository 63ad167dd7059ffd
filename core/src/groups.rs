//! Groups of an unlocked vault: the circles that meet, their history and
//! their attendance over time.

use crate::error::Result;
use crate::i18n::Lang;
use crate::meeting::{Group, Meeting, Template};
use crate::store::groups::AttendancePoint;
use crate::store::meetings::SessionSummary;
use crate::vault::Vault;
use chrono::Utc;

impl Vault {
    /// Adds a group, or saves an existing one (`id` other than 0).
    pub fn save_group(&self, group: &Group) -> Result<Group> {
        group.validate()?;
        self.template(&group.default_template, group.language)?;
        let mut tidy = Group { name: group.name.trim().to_owned(), ..group.clone() };
        if tidy.id == 0 {
            tidy.id = self.store.insert_group(&tidy, Utc::now())?;
        } else {
            self.store.update_group(&tidy)?;
        }
        tracing::info!(group = tidy.id, "group saved");
        Ok(tidy)
    }

    /// Starts a meeting from a template key, for a group or for none. A
    /// group meets in its own language (else `lang`) and for its usual
    /// length: the sharing round takes up the difference.
    pub fn start_meeting_for(&self, group_id: Option<i64>, template_key: &str, lang: Lang) -> Result<(i64, Meeting)> {
        self.start_meeting(group_id, self.meeting_template(group_id, template_key, lang)?)
    }

    /// The template a meeting would start with: in the group's language and
    /// fitted to its usual length (the start card shows its planned length).
    pub fn meeting_template(&self, group_id: Option<i64>, template_key: &str, lang: Lang) -> Result<Template> {
        let group = group_id.map(|id| self.group(id)).transpose()?;
        let template = self.template(template_key, group.as_ref().map_or(lang, |g| g.language))?;
        Ok(match &group {
            Some(g) => template.fitted_to(g.usual_minutes),
            None => template,
        })
    }

    /// Deletes a group; its sessions stay in the history, without a group.
    pub fn delete_group(&self, id: i64) -> Result<()> {
        self.store.delete_group(id)?;
        tracing::info!(group = id, "group deleted");
        Ok(())
    }

    pub fn group(&self, id: i64) -> Result<Group> {
        self.store.group(id)
    }

    pub fn groups(&self) -> Result<Vec<Group>> {
        self.store.groups()
    }

    /// A group's sessions, newest first.
    pub fn group_sessions(&self, id: i64, limit: usize) -> Result<Vec<SessionSummary>> {
        self.store.group_sessions(id, limit)
    }

    /// Attendance and newcomers at each recorded meeting, oldest first.
    pub fn group_attendance(&self, id: i64) -> Result<Vec<AttendancePoint>> {
        self.store.group_attendance(id)
    }
}
