//! The dataset list, one dataset, its rows and its history.

use kaifang_core::dataset::{self, DatasetDetail, DatasetSummary, RowsPage, RowsQuery};
use kaifang_core::overview::Overview;
use kaifang_core::readiness::Check;
use kaifang_core::review::{self, HistoryEntry};
use kaifang_core::ErrorPayload;
use tauri::State;

use super::{blocking, id};
use crate::state::lock;
use crate::AppState;

#[tauri::command]
pub async fn dataset_list(state: State<'_, AppState>) -> Result<Vec<DatasetSummary>, ErrorPayload> {
    let ws = state.workspace()?;
    blocking(move || Ok(kaifang_core::metadata::list(lock(&ws).conn())?)).await
}

/// The office's datasets at a glance, as of today.
#[tauri::command]
pub async fn office_overview(state: State<'_, AppState>) -> Result<Overview, ErrorPayload> {
    let ws = state.workspace()?;
    blocking(move || Ok(kaifang_core::overview::compute(lock(&ws).conn(), kaifang_core::clock::today())?)).await
}

/// What stands between one dataset (or, with none, every dataset) and a good
/// open-data index score.
#[tauri::command]
pub async fn readiness_check(
    state: State<'_, AppState>,
    dataset: Option<String>,
) -> Result<Vec<kaifang_core::readiness::Report>, ErrorPayload> {
    let ws = state.workspace()?;
    blocking(move || {
        let ws = lock(&ws);
        let today = kaifang_core::clock::today();
        Ok(match dataset {
            Some(d) => vec![kaifang_core::readiness::check(ws.conn(), id(&ws, &d)?, today)?],
            None => kaifang_core::readiness::office(ws.conn(), today)?,
        })
    })
    .await
}

/// The readiness checks that block a submission.
#[tauri::command]
pub async fn readiness_blocking(state: State<'_, AppState>) -> Result<Vec<Check>, ErrorPayload> {
    let ws = state.workspace()?;
    blocking(move || {
        Ok(kaifang_core::readiness::blocking(lock(&ws).conn()).map_err(kaifang_core::dataset::DatasetError::from)?)
    })
    .await
}

/// A steward (unlocked) sets the checks that block a submission.
#[tauri::command]
pub async fn readiness_set_blocking(
    state: State<'_, AppState>,
    checks: Vec<Check>,
) -> Result<Vec<Check>, ErrorPayload> {
    let ws = state.workspace()?;
    let by = state.steward()?;
    blocking(move || Ok(kaifang_core::readiness::set_blocking(&mut lock(&ws), &checks, &by)?)).await
}

#[tauri::command]
pub async fn dataset_show(
    state: State<'_, AppState>,
    dataset: String,
    version: Option<i64>,
) -> Result<DatasetDetail, ErrorPayload> {
    let ws = state.workspace()?;
    blocking(move || {
        let ws = lock(&ws);
        Ok(dataset::show(ws.conn(), id(&ws, &dataset)?, version)?)
    })
    .await
}

#[tauri::command]
pub async fn dataset_rows(
    state: State<'_, AppState>,
    dataset: String,
    query: RowsQuery,
) -> Result<RowsPage, ErrorPayload> {
    let ws = state.workspace()?;
    blocking(move || {
        let ws = lock(&ws);
        Ok(dataset::rows(ws.conn(), id(&ws, &dataset)?, &query)?)
    })
    .await
}

/// The audit entries about one dataset, oldest first.
#[tauri::command]
pub async fn dataset_history(state: State<'_, AppState>, dataset: String) -> Result<Vec<HistoryEntry>, ErrorPayload> {
    let ws = state.workspace()?;
    blocking(move || {
        let ws = lock(&ws);
        Ok(review::audit_history(ws.conn(), id(&ws, &dataset)?)?)
    })
    .await
}
