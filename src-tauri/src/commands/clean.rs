//! Cleaning: steps, their history (undo, redo, edit or remove in the middle,
//! kept branches) and a preview of a step before it applies.

use kaifang_core::clean::cluster::{self, Cluster, Method};
use kaifang_core::clean::{self, History, Outcome, Previous, RecipeRun, Step, StepRecord};
use kaifang_core::ErrorPayload;
use tauri::State;

use super::{blocking, id};
use crate::state::lock;
use crate::AppState;

#[tauri::command]
pub async fn clean_history(state: State<'_, AppState>, dataset: String) -> Result<History, ErrorPayload> {
    let ws = state.workspace()?;
    blocking(move || {
        let ws = lock(&ws);
        let id = id(&ws, &dataset)?;
        Ok(clean::history(ws.conn(), id)?)
    })
    .await
}

/// What the step would change (counts and samples); nothing is kept.
#[tauri::command]
pub async fn clean_preview(state: State<'_, AppState>, dataset: String, step: Step) -> Result<Outcome, ErrorPayload> {
    let ws = state.workspace()?;
    let actor = state.actor();
    blocking(move || {
        let mut ws = lock(&ws);
        let id = id(&ws, &dataset)?;
        // The step is applied inside a savepoint and rolled back: nothing is kept.
        Ok(ws.with_tx(|tx| clean::preview(tx, id, &step, &actor))?)
    })
    .await
}

#[tauri::command]
pub async fn clean_apply(state: State<'_, AppState>, dataset: String, step: Step) -> Result<StepRecord, ErrorPayload> {
    let ws = state.workspace()?;
    let actor = state.actor();
    blocking(move || {
        let mut ws = lock(&ws);
        let id = id(&ws, &dataset)?;
        Ok(ws.with_tx(|tx| clean::apply(tx, id, &step, &actor))?)
    })
    .await
}

#[tauri::command]
pub async fn clean_undo(state: State<'_, AppState>, dataset: String) -> Result<StepRecord, ErrorPayload> {
    let ws = state.workspace()?;
    let actor = state.actor();
    blocking(move || {
        let mut ws = lock(&ws);
        let id = id(&ws, &dataset)?;
        Ok(ws.with_tx(|tx| clean::undo(tx, id, &actor))?)
    })
    .await
}

#[tauri::command]
pub async fn clean_redo(state: State<'_, AppState>, dataset: String) -> Result<StepRecord, ErrorPayload> {
    let ws = state.workspace()?;
    let actor = state.actor();
    blocking(move || {
        let mut ws = lock(&ws);
        let id = id(&ws, &dataset)?;
        Ok(ws.with_tx(|tx| clean::redo(tx, id, &actor))?)
    })
    .await
}

/// Removes a step (`replacement` none) or changes it; the later steps it
/// reaches apply again.
#[tauri::command]
pub async fn clean_rewrite(
    state: State<'_, AppState>,
    dataset: String,
    step: i64,
    replacement: Option<Step>,
) -> Result<History, ErrorPayload> {
    let ws = state.workspace()?;
    let actor = state.actor();
    blocking(move || {
        let mut ws = lock(&ws);
        let id = id(&ws, &dataset)?;
        Ok(ws.with_tx(|tx| clean::rewrite(tx, id, step, replacement.as_ref(), &actor))?)
    })
    .await
}

#[tauri::command]
pub async fn clean_restore(state: State<'_, AppState>, dataset: String, branch: i64) -> Result<History, ErrorPayload> {
    let ws = state.workspace()?;
    let actor = state.actor();
    blocking(move || {
        let mut ws = lock(&ws);
        let id = id(&ws, &dataset)?;
        Ok(ws.with_tx(|tx| clean::restore_branch(tx, id, branch, &actor))?)
    })
    .await
}

/// Values of a column that probably mean the same, grouped by `method`.
#[tauri::command]
pub async fn clean_clusters(
    state: State<'_, AppState>,
    dataset: String,
    column: String,
    method: Method,
) -> Result<Vec<Cluster>, ErrorPayload> {
    let ws = state.workspace()?;
    blocking(move || {
        let ws = lock(&ws);
        let id = id(&ws, &dataset)?;
        Ok(cluster::clusters(ws.conn(), id, &column, method)?)
    })
    .await
}

/// Last month's cleaning, offered for the version just imported (none when
/// the latest version is cleaned already or no earlier one was).
#[tauri::command]
pub async fn clean_previous(state: State<'_, AppState>, dataset: String) -> Result<Option<Previous>, ErrorPayload> {
    let ws = state.workspace()?;
    blocking(move || {
        let ws = lock(&ws);
        let id = id(&ws, &dataset)?;
        Ok(clean::previous(ws.conn(), id)?)
    })
    .await
}

/// Applies last month's cleaning to the latest version (`answers`: recipe
/// header → column, for those without a match); a preview keeps nothing.
#[tauri::command]
pub async fn clean_replay_previous(
    state: State<'_, AppState>,
    dataset: String,
    answers: std::collections::BTreeMap<String, String>,
    preview: bool,
) -> Result<RecipeRun, ErrorPayload> {
    let ws = state.workspace()?;
    let actor = state.actor();
    blocking(move || {
        let mut ws = lock(&ws);
        let id = id(&ws, &dataset)?;
        let recipe = clean::previous_recipe(ws.conn(), id)?.ok_or(clean::CleanError::NothingToRedo)?;
        Ok(ws.with_tx(|tx| clean::replay_recipe(tx, id, &recipe, &answers, preview, &actor))?)
    })
    .await
}
