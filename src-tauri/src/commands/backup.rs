//! Backups: the list, a manual one, and restoring (after a preview).

use kaifang_core::app::ChosenFile;
use kaifang_core::{backup, ErrorPayload, Workspace};
use tauri::{AppHandle, State};
use tauri_plugin_dialog::DialogExt;

use super::blocking;
use crate::state::{internal, lock};
use crate::AppState;

#[tauri::command]
pub async fn backup_list(state: State<'_, AppState>) -> Result<Vec<backup::BackupInfo>, ErrorPayload> {
    let ws = state.workspace()?;
    blocking(move || Ok(backup::list(lock(&ws).path())?)).await
}

#[tauri::command]
pub async fn backup_create(state: State<'_, AppState>) -> Result<backup::BackupInfo, ErrorPayload> {
    let ws = state.workspace()?;
    blocking(move || Ok(backup::create(&lock(&ws), "manual")?)).await
}

/// A backup is named either by its file name in the workspace's backup folder
/// (from `backup_list`) or by the token of a file the user chose.
fn backup_path(
    state: &AppState,
    ws: &Workspace,
    file_name: Option<String>,
    token: Option<String>,
) -> Result<std::path::PathBuf, ErrorPayload> {
    match (file_name, token) {
        (_, Some(t)) => state.chosen(&t),
        (Some(name), None) => {
            // Only a plain name from the listing: never a path from the web view.
            let known = backup::list(ws.path())?;
            known.into_iter().find(|b| b.file_name == name).map(|b| std::path::PathBuf::from(b.path)).ok_or_else(|| {
                ErrorPayload {
                    code: kaifang_core::ErrorCode::FileNotChosen,
                    message: "no such backup".into(),
                    params: Default::default(),
                }
            })
        }
        (None, None) => Err(internal("no backup named")),
    }
}

#[tauri::command]
pub async fn pick_backup_file(app: AppHandle, state: State<'_, AppState>) -> Result<Option<ChosenFile>, ErrorPayload> {
    let picked = blocking(move || {
        Ok(app.dialog().file().add_filter("Kaifang", &["sqlite3", "db", "sqlite"]).blocking_pick_file())
    })
    .await?;
    match picked.and_then(|p| p.into_path().ok()) {
        Some(path) => state.choose(&path).map(Some),
        None => Ok(None),
    }
}

/// What a backup holds, shown before restoring it.
#[tauri::command]
pub async fn backup_preview(
    state: State<'_, AppState>,
    file_name: Option<String>,
    token: Option<String>,
) -> Result<backup::BackupPreview, ErrorPayload> {
    let ws = state.workspace()?;
    let path = {
        let guard = lock(&ws);
        backup_path(&state, &guard, file_name, token)?
    };
    blocking(move || Ok(backup::preview(&lock(&ws), &path)?)).await
}

/// Restores the workspace from a backup; the current content is backed up first
/// (the returned backup), so the restore can be undone the same way.
#[tauri::command]
pub async fn backup_restore(
    state: State<'_, AppState>,
    file_name: Option<String>,
    token: Option<String>,
) -> Result<backup::BackupInfo, ErrorPayload> {
    let ws = state.workspace()?;
    let by = state.steward()?;
    let path = {
        let guard = lock(&ws);
        backup_path(&state, &guard, file_name, token)?
    };
    blocking(move || Ok(kaifang_core::auth::restore(&mut lock(&ws), &path, &by)?)).await
}
