//! The app and its workspace.

use kaifang_core::app::AppContext;
use kaifang_core::audit::ChainReport;
use kaifang_core::workspace::WorkspaceInfo;
use kaifang_core::ErrorPayload;
use tauri::State;

use super::blocking;
use crate::state::lock;
use crate::AppState;

#[tauri::command]
pub async fn app_context(state: State<'_, AppState>) -> Result<AppContext, ErrorPayload> {
    Ok(AppContext {
        version: kaifang_core::VERSION.to_owned(),
        os_locale: sys_locale::get_locale(),
        workspace_path: state.path.as_ref().map(|p| p.display().to_string()),
        workspace_error: state.open_error(),
    })
}

#[tauri::command]
pub async fn workspace_info(state: State<'_, AppState>) -> Result<WorkspaceInfo, ErrorPayload> {
    let ws = state.workspace()?;
    blocking(move || Ok(lock(&ws).info()?)).await
}

#[tauri::command]
pub async fn audit_verify(state: State<'_, AppState>) -> Result<ChainReport, ErrorPayload> {
    let ws = state.workspace()?;
    blocking(move || Ok(lock(&ws).verify_audit()?)).await
}

#[tauri::command]
pub async fn job_cancel(state: State<'_, AppState>, job: String) -> Result<(), ErrorPayload> {
    state.cancel_job(&job);
    Ok(())
}
