//! Search over everything the vault keeps. The core finds, ranks and cuts
//! the snippets (its highlights are text ranges, never markup); this only
//! hands the query over.

use crate::error::CmdResult;
use crate::state::AppState;
use enza_core::search::{Hit, Query};
use tauri::State;
use tracing::instrument;

#[tauri::command]
#[instrument(skip_all)]
pub fn search_find(state: State<'_, AppState>, query: Query) -> CmdResult<Vec<Hit>> {
    state.with_vault(|v| {
        let hits = v.search().find(&query)?;
        tracing::debug!(hits = hits.len(), "search");
        Ok(hits)
    })
}
