//! Office keys: a steward's own key file to hand out, and the stewards' keys this
//! workspace trusts (imported from their files, the fingerprint read out by phone).

use kaifang_core::app::ChosenFile;
use kaifang_core::auth::{self, OfficeKey, TrustedKey};
use kaifang_core::{ErrorCode, ErrorPayload};
use tauri::{AppHandle, State};
use tauri_plugin_dialog::DialogExt;

use super::blocking;
use crate::state::lock;
use crate::AppState;

/// The acting steward's office key (name, fingerprint), if they have one.
#[tauri::command]
pub async fn key_own(state: State<'_, AppState>) -> Result<Option<OfficeKey>, ErrorPayload> {
    let ws = state.workspace()?;
    let Some(name) = state.user_name() else { return Ok(None) };
    blocking(move || Ok(auth::export_key(lock(&ws).conn(), &name).ok())).await
}

/// Writes the acting steward's office key file where the user chooses. Returns
/// the file name, or `None` when the user cancelled.
#[tauri::command]
pub async fn key_export(app: AppHandle, state: State<'_, AppState>) -> Result<Option<String>, ErrorPayload> {
    let ws = state.workspace()?;
    let name =
        state.user_name().ok_or_else(|| kaifang_core::error::Coded::payload(&auth::AuthError::UnlockRequired))?;
    blocking(move || {
        let key = auth::export_key(lock(&ws).conn(), &name)?;
        let Some(path) = app
            .dialog()
            .file()
            .add_filter("Kaifang", &[auth::KEY_FILE_EXTENSION])
            .set_file_name(format!("{name}.{}", auth::KEY_FILE_EXTENSION))
            .blocking_save_file()
            .and_then(|p| p.into_path().ok())
        else {
            return Ok(None);
        };
        let bytes = serde_json::to_vec_pretty(&key).map_err(crate::state::internal)?;
        std::fs::write(&path, bytes).map_err(|e| ErrorPayload {
            code: ErrorCode::Io,
            message: e.to_string(),
            params: kaifang_core::error::params([("path", path.display().to_string())]),
        })?;
        Ok(Some(path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default()))
    })
    .await
}

/// Shows the open dialog for an office key file.
#[tauri::command]
pub async fn pick_key_file(app: AppHandle, state: State<'_, AppState>) -> Result<Option<ChosenFile>, ErrorPayload> {
    let picked = blocking(move || {
        Ok(app.dialog().file().add_filter("Kaifang", &[auth::KEY_FILE_EXTENSION]).blocking_pick_file())
    })
    .await?;
    match picked.and_then(|p| p.into_path().ok()) {
        Some(path) => state.choose(&path).map(Some),
        None => Ok(None),
    }
}

/// Reads and checks a chosen key file: whose it is and its fingerprint, shown
/// for comparison before it is trusted.
#[tauri::command]
pub async fn key_inspect(state: State<'_, AppState>, token: String) -> Result<OfficeKey, ErrorPayload> {
    let path = state.chosen(&token)?;
    blocking(move || Ok(auth::key_file(&path)?)).await
}

/// Trusts the chosen key file (a steward action).
#[tauri::command]
pub async fn key_trust(state: State<'_, AppState>, token: String) -> Result<TrustedKey, ErrorPayload> {
    let path = state.chosen(&token)?;
    let ws = state.workspace()?;
    let by = state.steward()?;
    blocking(move || {
        let key = auth::key_file(&path)?;
        Ok(auth::trust(&mut lock(&ws), &key, &by)?)
    })
    .await
}

#[tauri::command]
pub async fn keys_trusted(state: State<'_, AppState>) -> Result<Vec<TrustedKey>, ErrorPayload> {
    let ws = state.workspace()?;
    blocking(move || Ok(auth::trusted(lock(&ws).conn())?)).await
}

/// Stops trusting a key (a steward action).
#[tauri::command]
pub async fn key_untrust(state: State<'_, AppState>, fingerprint: String) -> Result<(), ErrorPayload> {
    let ws = state.workspace()?;
    let by = state.steward()?;
    blocking(move || Ok(auth::untrust(&mut lock(&ws), &fingerprint, &by)?)).await
}
