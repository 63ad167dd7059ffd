//! The research notebook (当事者研究): the list, a piece of research with its
//! diagram laid out by the core, its pattern's versions, and the research
//! presented at a meeting.

use crate::error::CmdResult;
use crate::state::AppState;
use enza_core::research::{
    diagram, Diagram, Experiment, Heading, Notebook, Pattern, Presentation, Status, StepKind, Study, StudySummary,
    Verdict,
};
use enza_core::Lang;
use serde::Serialize;
use tauri::State;
use tracing::instrument;

/// A choice with the words to show for it.
#[derive(Serialize)]
pub struct Choice {
    key: &'static str,
    label: &'static str,
}

/// The words of the notebook's choices, from the core, so the screens, the
/// export and the CLI say the same.
#[derive(Serialize)]
pub struct Words {
    statuses: Vec<Choice>,
    kinds: Vec<Choice>,
    verdicts: Vec<Choice>,
}

fn words(lang: Lang) -> Words {
    Words {
        statuses: Status::ALL.iter().map(|s| Choice { key: s.key(), label: s.label(lang) }).collect(),
        kinds: StepKind::ALL.iter().map(|k| Choice { key: k.key(), label: k.label(lang) }).collect(),
        verdicts: Verdict::ALL.iter().map(|v| Choice { key: v.key(), label: v.label(lang) }).collect(),
    }
}

#[derive(Serialize)]
pub struct NotebookList {
    list: Vec<StudySummary>,
    words: Words,
}

#[tauri::command]
#[instrument(skip_all)]
pub fn research_list(state: State<'_, AppState>) -> CmdResult<NotebookList> {
    let lang = state.lang();
    state.with_vault(|v| Ok(NotebookList { list: v.research().list()?, words: words(lang) }))
}

/// A piece of research as its page shows it.
#[derive(Serialize)]
pub struct StudyView {
    study: Study,
    diagram: Diagram,
    words: Words,
}

/// Runs `f` on the notebook and shows the piece of research it gives.
fn study(state: &AppState, f: impl FnOnce(&Notebook) -> enza_core::Result<Study>) -> CmdResult<StudyView> {
    let lang = state.lang();
    state.with_vault(|v| {
        let study = f(&v.research())?;
        Ok(StudyView { diagram: diagram(&study.pattern, lang), study, words: words(lang) })
    })
}

#[tauri::command]
#[instrument(skip_all, fields(id = id))]
pub fn research_get(state: State<'_, AppState>, id: i64) -> CmdResult<StudyView> {
    study(&state, |n| n.get(id))
}

#[tauri::command]
#[instrument(skip_all)]
pub fn research_start(state: State<'_, AppState>, heading: Heading) -> CmdResult<StudyView> {
    study(&state, |n| n.start(&heading))
}

#[tauri::command]
#[instrument(skip_all, fields(id = id))]
pub fn research_save_heading(state: State<'_, AppState>, id: i64, heading: Heading) -> CmdResult<StudyView> {
    study(&state, |n| n.save_heading(id, &heading))
}

#[tauri::command]
#[instrument(skip_all, fields(id = id))]
pub fn research_save_pattern(state: State<'_, AppState>, id: i64, pattern: Pattern) -> CmdResult<StudyView> {
    study(&state, |n| n.save_pattern(id, &pattern))
}

/// The diagram of a pattern being edited, before it is saved.
#[tauri::command]
#[instrument(skip_all)]
pub fn research_preview(state: State<'_, AppState>, pattern: Pattern) -> Diagram {
    diagram(&pattern, state.lang())
}

/// An earlier version of the pattern, as its diagram's text.
#[derive(Serialize)]
pub struct VersionView {
    id: i64,
    saved_at: chrono::DateTime<chrono::Utc>,
    text: Vec<String>,
}

#[tauri::command]
#[instrument(skip_all, fields(id = id))]
pub fn research_versions(state: State<'_, AppState>, id: i64) -> CmdResult<Vec<VersionView>> {
    let lang = state.lang();
    state.with_vault(|v| {
        Ok(v.research()
            .pattern_versions(id)?
            .into_iter()
            .map(|p| VersionView {
                id: p.id,
                saved_at: p.saved_at,
                text: enza_core::research::describe(&p.pattern, lang),
            })
            .collect())
    })
}

#[tauri::command]
#[instrument(skip_all, fields(id = id))]
pub fn research_save_experiment(state: State<'_, AppState>, id: i64, experiment: Experiment) -> CmdResult<StudyView> {
    study(&state, |n| n.save_experiment(id, &experiment))
}

#[tauri::command]
#[instrument(skip_all, fields(id = id))]
pub fn research_delete_experiment(state: State<'_, AppState>, id: i64, experiment: i64) -> CmdResult<StudyView> {
    study(&state, |n| n.delete_experiment(id, experiment))
}

#[tauri::command]
#[instrument(skip_all, fields(id = id))]
pub fn research_add_idea(state: State<'_, AppState>, id: i64, text: String) -> CmdResult<StudyView> {
    study(&state, |n| n.add_idea(id, &text))
}

#[tauri::command]
#[instrument(skip_all, fields(id = id))]
pub fn research_delete_idea(state: State<'_, AppState>, id: i64, idea: i64) -> CmdResult<StudyView> {
    study(&state, |n| n.delete_idea(id, idea))
}

#[tauri::command]
#[instrument(skip_all, fields(id = id))]
pub fn research_delete(state: State<'_, AppState>, id: i64) -> CmdResult<()> {
    state.with_vault(|v| v.research().delete(id))
}

/// A meeting's page: the research one could note as presented, and what
/// is noted.
#[tauri::command]
#[instrument(skip_all, fields(session = session))]
pub fn research_presented(state: State<'_, AppState>, session: i64) -> CmdResult<Presentation> {
    state.with_vault(|v| v.research().presentation(session))
}

#[tauri::command]
#[instrument(skip_all, fields(session = session))]
pub fn research_set_presented(state: State<'_, AppState>, session: i64, research: Vec<i64>) -> CmdResult<Presentation> {
    state.with_vault(|v| {
        v.research().set_presented(session, &research)?;
        v.research().presentation(session)
    })
}
