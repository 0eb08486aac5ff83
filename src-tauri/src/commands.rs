//! Tauri commands: each unpacks its arguments, calls one core function and maps
//! the error to `{code, message, params}`. They are `async` so that they run on
//! Tauri's thread pool, never on the UI thread.

use kaifang_core::app::AppContext;
use kaifang_core::audit::ChainReport;
use kaifang_core::error::Coded;
use kaifang_core::workspace::WorkspaceInfo;
use kaifang_core::ErrorPayload;
use tauri::State;

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
    state.workspace()?.info().map_err(|e| e.payload())
}

#[tauri::command]
pub async fn audit_verify(state: State<'_, AppState>) -> Result<ChainReport, ErrorPayload> {
    state.workspace()?.verify_audit().map_err(|e| e.payload())
}
