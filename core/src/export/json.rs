//! The JSON export: one file, everything selected, with the export format's
//! version and the vault's schema version. Field names are listed in
//! `docs/export-format.md`; a kind that was not selected has no key at all.

use super::{Content, Counts, ExportKind, ExportedMeeting, ExportedResearch, Planned, Selection, EXPORT_VERSION};
use crate::groups::Group;
use crate::i18n::Lang;
use crate::journal::{ActivityView, BoundaryEvent, CheckIn, PlanVersion, Reflection};
use crate::meeting::{CrisisCard, Template};
use chrono::Utc;
use serde::Serialize;

pub(super) const FILE: &str = "enza-export.json";
pub(super) const FORMAT_NAME: &str = "enza-export";

#[derive(Serialize)]
struct Document<'a> {
    format: &'static str,
    version: u32,
    schema_version: i64,
    exported_at: String,
    language: Lang,
    selection: &'a Selection,
    counts: Counts,
    #[serde(skip_serializing_if = "Option::is_none")]
    reflections: Option<&'a [Reflection]>,
    #[serde(skip_serializing_if = "Option::is_none")]
    checkins: Option<&'a [CheckIn]>,
    #[serde(skip_serializing_if = "Option::is_none")]
    selfcare_activities: Option<&'a [ActivityView]>,
    #[serde(skip_serializing_if = "Option::is_none")]
    boundaries: Option<&'a [BoundaryEvent]>,
    #[serde(skip_serializing_if = "Option::is_none")]
    plan: Option<&'a [PlanVersion]>,
    #[serde(skip_serializing_if = "Option::is_none")]
    meetings: Option<&'a [ExportedMeeting]>,
    #[serde(skip_serializing_if = "Option::is_none")]
    groups: Option<&'a [Group]>,
    #[serde(skip_serializing_if = "Option::is_none")]
    templates: Option<&'a [Template]>,
    /// `null` when selected but never written.
    #[serde(skip_serializing_if = "Option::is_none")]
    crisis_card: Option<Option<&'a CrisisCard>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    research: Option<&'a [ExportedResearch]>,
}

pub(super) fn plan(selection: &Selection, lang: Lang) -> Vec<Planned> {
    let selection = selection.clone();
    let exported_at = crate::time::to_db(Utc::now());
    vec![Planned {
        path: FILE.into(),
        render: Box::new(move |c: &Content| {
            let doc = Document {
                format: FORMAT_NAME,
                version: EXPORT_VERSION,
                schema_version: c.schema_version,
                exported_at: exported_at.clone(),
                language: lang,
                selection: &selection,
                counts: c.counts(),
                reflections: c.reflections.as_deref(),
                checkins: c.checkins.as_deref(),
                selfcare_activities: selection.has(ExportKind::Checkins).then_some(c.activities.as_slice()),
                boundaries: c.boundaries.as_deref(),
                plan: c.plan.as_deref(),
                meetings: c.meetings.as_deref(),
                groups: c.groups.as_deref(),
                templates: c.templates.as_deref(),
                crisis_card: selection.has(ExportKind::CrisisCard).then_some(c.crisis_card.as_ref()),
                research: c.research.as_deref(),
            };
            let mut bytes = serde_json::to_vec_pretty(&doc).expect("plain data serializes");
            bytes.push(b'\n');
            bytes
        }),
    }]
}
