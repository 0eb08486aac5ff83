//! Personal data: the scan, the masking policy, its preview, the egress gate and
//! the office's masking conventions.

use kaifang_core::export;
use kaifang_core::sensitive::disclosure::{self, OfficeRisk, RiskView};
use kaifang_core::sensitive::tables::{self, SuppressionReport, TableSpec};
use kaifang_core::sensitive::{
    self, Category, ColumnPolicy, Convention, GateReport, MaskPreview, Operator, ScanReport,
};
use kaifang_core::ErrorPayload;
use tauri::State;

use super::{blocking, id};
use crate::state::lock;
use crate::AppState;

/// The saved findings, scanning a sample first if the version was never scanned.
#[tauri::command]
pub async fn sensitive_get(state: State<'_, AppState>, dataset: String) -> Result<ScanReport, ErrorPayload> {
    let ws = state.workspace()?;
    let actor = state.actor();
    blocking(move || {
        let mut ws = lock(&ws);
        let id = id(&ws, &dataset)?;
        match sensitive::saved(ws.conn(), id)? {
            Some(r) => Ok(r),
            None => Ok(sensitive::scan_and_save(&mut ws, id, false, &actor)?),
        }
    })
    .await
}

/// A scan of every row (seconds on a million rows), on its own connection.
#[tauri::command]
pub async fn sensitive_scan(state: State<'_, AppState>, dataset: String) -> Result<ScanReport, ErrorPayload> {
    let mut ws = state.connect()?;
    let actor = state.actor();
    blocking(move || {
        let id = id(&ws, &dataset)?;
        Ok(sensitive::scan_and_save(&mut ws, id, true, &actor)?)
    })
    .await
}

#[tauri::command]
pub async fn policy_set(
    state: State<'_, AppState>,
    dataset: String,
    position: u32,
    operator: Operator,
    reason: Option<String>,
) -> Result<ColumnPolicy, ErrorPayload> {
    let ws = state.workspace()?;
    let actor = state.actor();
    blocking(move || {
        let mut ws = lock(&ws);
        let id = id(&ws, &dataset)?;
        let column = (position + 1).to_string();
        Ok(sensitive::set_policy(&mut ws, id, &column, operator, reason.as_deref(), &actor)?)
    })
    .await
}

#[tauri::command]
pub async fn mask_preview(
    state: State<'_, AppState>,
    dataset: String,
    offset: u64,
    limit: u64,
) -> Result<MaskPreview, ErrorPayload> {
    let ws = state.workspace()?;
    blocking(move || {
        let ws = lock(&ws);
        Ok(sensitive::preview(ws.conn(), id(&ws, &dataset)?, offset, limit)?)
    })
    .await
}

/// What the egress gate would stop in the dataset's public copy (every row).
#[tauri::command]
pub async fn egress_check(state: State<'_, AppState>, dataset: String) -> Result<GateReport, ErrorPayload> {
    let ws = state.connect()?;
    blocking(move || Ok(export::gate_check(ws.conn(), id(&ws, &dataset)?)?)).await
}

/// The office's masking conventions.
#[tauri::command]
pub async fn masking_conventions(state: State<'_, AppState>) -> Result<Vec<Convention>, ErrorPayload> {
    let ws = state.workspace()?;
    blocking(move || Ok(sensitive::conventions(lock(&ws).conn())?)).await
}

/// Changes one category's convention (`operator` none: back to the built-in one).
#[tauri::command]
pub async fn masking_convention_set(
    state: State<'_, AppState>,
    category: Category,
    operator: Option<Operator>,
    keep_head: Option<u32>,
    keep_tail: Option<u32>,
) -> Result<Vec<Convention>, ErrorPayload> {
    let ws = state.workspace()?;
    let actor = state.actor();
    blocking(move || {
        let change = operator.map(|op| (op, keep_head, keep_tail));
        Ok(sensitive::set_convention(&mut lock(&ws), category, change, &actor)?)
    })
    .await
}

/// The 重识别风险 tab: the figures on the public copy, the suggested fix and
/// the clerk's choices. Reads every row: on its own connection.
#[tauri::command]
pub async fn risk_get(state: State<'_, AppState>, dataset: String) -> Result<RiskView, ErrorPayload> {
    let ws = state.connect()?;
    blocking(move || Ok(disclosure::view(ws.conn(), id(&ws, &dataset)?)?)).await
}

#[tauri::command]
pub async fn risk_set_quasi(
    state: State<'_, AppState>,
    dataset: String,
    quasi: Vec<String>,
    sensitive: Option<String>,
) -> Result<RiskView, ErrorPayload> {
    let ws = state.workspace()?;
    let actor = state.actor();
    blocking(move || {
        let mut ws = lock(&ws);
        let id = id(&ws, &dataset)?;
        disclosure::set_quasi(&mut ws, id, &quasi, sensitive.as_deref(), &actor)?;
        Ok(disclosure::view(ws.conn(), id)?)
    })
    .await
}

/// Takes the suggested fix (the plan `risk_get` showed, computed again).
#[tauri::command]
pub async fn risk_fix(state: State<'_, AppState>, dataset: String) -> Result<RiskView, ErrorPayload> {
    let ws = state.workspace()?;
    let actor = state.actor();
    blocking(move || {
        let mut ws = lock(&ws);
        let id = id(&ws, &dataset)?;
        disclosure::apply(&mut ws, id, None, None, &actor)?;
        Ok(disclosure::view(ws.conn(), id)?)
    })
    .await
}

#[tauri::command]
pub async fn risk_undo(state: State<'_, AppState>, dataset: String) -> Result<RiskView, ErrorPayload> {
    let ws = state.workspace()?;
    let actor = state.actor();
    blocking(move || {
        let mut ws = lock(&ws);
        let id = id(&ws, &dataset)?;
        disclosure::undo(&mut ws, id, &actor)?;
        Ok(disclosure::view(ws.conn(), id)?)
    })
    .await
}

/// Why the list may go out with groups below the office's k (`None` takes it back).
#[tauri::command]
pub async fn risk_set_reason(
    state: State<'_, AppState>,
    dataset: String,
    reason: Option<String>,
) -> Result<RiskView, ErrorPayload> {
    let ws = state.workspace()?;
    let actor = state.actor();
    blocking(move || {
        let mut ws = lock(&ws);
        let id = id(&ws, &dataset)?;
        disclosure::set_reason(&mut ws, id, reason.as_deref(), &actor)?;
        Ok(disclosure::view(ws.conn(), id)?)
    })
    .await
}

/// The office's k and frequency threshold.
#[tauri::command]
pub async fn office_risk_get(state: State<'_, AppState>) -> Result<OfficeRisk, ErrorPayload> {
    let ws = state.workspace()?;
    blocking(move || Ok(disclosure::office_risk(lock(&ws).conn()).map_err(sensitive::SensitiveError::from)?)).await
}

/// Sets them: a steward's setting.
#[tauri::command]
pub async fn office_risk_set(state: State<'_, AppState>, k: u64, threshold: u64) -> Result<OfficeRisk, ErrorPayload> {
    let ws = state.workspace()?;
    let by = state.steward()?;
    blocking(move || Ok(disclosure::set_office_risk(&mut lock(&ws), OfficeRisk { k, threshold }, &by)?)).await
}

/// A statistics table's suppression, previewed: with `spec`, or the saved one,
/// or one read from the columns.
#[tauri::command]
pub async fn table_preview(
    state: State<'_, AppState>,
    dataset: String,
    spec: Option<TableSpec>,
) -> Result<SuppressionReport, ErrorPayload> {
    let ws = state.connect()?;
    blocking(move || {
        let id = id(&ws, &dataset)?;
        let spec = match spec {
            Some(s) => s,
            None => tables::current_spec(ws.conn(), id)?,
        };
        Ok(tables::preview(ws.conn(), id, &spec)?)
    })
    .await
}

/// Marks the dataset as a statistics table and keeps its suppression.
#[tauri::command]
pub async fn table_apply(
    state: State<'_, AppState>,
    dataset: String,
    spec: TableSpec,
) -> Result<SuppressionReport, ErrorPayload> {
    let ws = state.workspace()?;
    let actor = state.actor();
    blocking(move || {
        let mut ws = lock(&ws);
        let id = id(&ws, &dataset)?;
        Ok(tables::apply(&mut ws, id, &spec, &actor)?)
    })
    .await
}
