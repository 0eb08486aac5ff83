//! Bundles: submissions and decisions carried between offices on a USB stick.

use kaifang_core::app::ChosenFile;
use kaifang_core::bundle;
use kaifang_core::dataset::DatasetId;
use kaifang_core::ErrorPayload;
use tauri::{AppHandle, State};
use tauri_plugin_dialog::DialogExt;

use super::{blocking, id};
use crate::state::lock;
use crate::AppState;

/// Writes a bundle where the user chooses (save dialog from Rust): the submitted
/// `datasets`, or with `decisions` the steward's decisions on them. Returns the
/// file name, or `None` when the user cancelled.
#[tauri::command]
pub async fn bundle_export(
    app: AppHandle,
    state: State<'_, AppState>,
    datasets: Vec<String>,
    decisions: bool,
) -> Result<Option<String>, ErrorPayload> {
    let ws = state.workspace()?;
    let actor = state.actor();
    blocking(move || {
        let ids: Vec<DatasetId> = {
            let ws = lock(&ws);
            datasets.iter().map(|d| id(&ws, d)).collect::<Result<_, _>>()?
        };
        let day = kaifang_core::clock::now_rfc3339().chars().take(10).collect::<String>();
        let suggested =
            if decisions { format!("审核结果-{day}.kaifang") } else { format!("审核包-{day}.kaifang") };
        let Some(path) = app
            .dialog()
            .file()
            .add_filter("Kaifang", &["kaifang"])
            .set_file_name(&suggested)
            .blocking_save_file()
            .and_then(|p| p.into_path().ok())
        else {
            return Ok(None);
        };
        let mut ws = lock(&ws);
        let written = if decisions {
            bundle::export_decisions(&mut ws, &ids, &path, &actor)?
        } else {
            bundle::export_submissions(&mut ws, &ids, &path, &actor)?
        };
        Ok(Some(written.file_name))
    })
    .await
}

/// Shows the open dialog for a `.kaifang` file.
#[tauri::command]
pub async fn pick_bundle_file(app: AppHandle, state: State<'_, AppState>) -> Result<Option<ChosenFile>, ErrorPayload> {
    let picked =
        blocking(move || Ok(app.dialog().file().add_filter("Kaifang", &["kaifang"]).blocking_pick_file())).await?;
    match picked.and_then(|p| p.into_path().ok()) {
        Some(path) => state.choose(&path).map(Some),
        None => Ok(None),
    }
}

/// Verifies and applies a chosen (or dropped) bundle.
#[tauri::command]
pub async fn bundle_import(state: State<'_, AppState>, token: String) -> Result<bundle::Report, ErrorPayload> {
    let path = state.chosen(&token)?;
    // Submissions arrive encrypted to the stewards: opening them is a steward action.
    let steward = if bundle::is_encrypted(&path) { Some(state.steward()?) } else { None };
    let mut ws = state.connect()?;
    let actor = state.actor();
    blocking(move || {
        let cancel = kaifang_core::jobs::CancelToken::new();
        Ok(bundle::import(&mut ws, &path, &actor, steward.as_deref(), &|_| {}, &cancel)?)
    })
    .await
}
