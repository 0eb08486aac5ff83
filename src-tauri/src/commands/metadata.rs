//! Catalogue metadata, the data dictionary and the office's defaults.

use kaifang_core::export::{self, MetadataFormat};
use kaifang_core::metadata::{self, DatasetMetadata, DictionaryChange, FieldDef, MetaPreview, Values};
use kaifang_core::{ErrorPayload, WorkspaceError};
use tauri::{AppHandle, State};
use tauri_plugin_dialog::DialogExt;

use super::{blocking, id, io_error};
use crate::state::{internal, lock};
use crate::AppState;

#[tauri::command]
pub async fn meta_fields() -> Result<Vec<FieldDef>, ErrorPayload> {
    Ok(metadata::fields())
}

#[tauri::command]
pub async fn meta_get(state: State<'_, AppState>, dataset: String) -> Result<DatasetMetadata, ErrorPayload> {
    let ws = state.workspace()?;
    blocking(move || {
        let ws = lock(&ws);
        Ok(metadata::get(ws.conn(), id(&ws, &dataset)?)?)
    })
    .await
}

/// Saves changed fields; all or nothing (a `metadata_invalid` error lists every
/// problem in `params.problems`, so the form can mark each field).
#[tauri::command]
pub async fn meta_set(
    state: State<'_, AppState>,
    dataset: String,
    changes: Values,
) -> Result<DatasetMetadata, ErrorPayload> {
    let ws = state.workspace()?;
    let actor = state.actor();
    blocking(move || {
        let mut ws = lock(&ws);
        let id = id(&ws, &dataset)?;
        Ok(metadata::set(&mut ws, id, &changes, &actor)?)
    })
    .await
}

/// The score, checklist and problems the form would have with `changes` (not saved).
#[tauri::command]
pub async fn meta_preview(
    state: State<'_, AppState>,
    dataset: String,
    changes: Values,
) -> Result<MetaPreview, ErrorPayload> {
    let ws = state.workspace()?;
    blocking(move || {
        let ws = lock(&ws);
        Ok(metadata::preview(ws.conn(), id(&ws, &dataset)?, &changes)?)
    })
    .await
}

#[tauri::command]
pub async fn meta_set_column(
    state: State<'_, AppState>,
    dataset: String,
    position: u32,
    change: DictionaryChange,
) -> Result<DatasetMetadata, ErrorPayload> {
    let ws = state.workspace()?;
    let actor = state.actor();
    blocking(move || {
        let mut ws = lock(&ws);
        let id = id(&ws, &dataset)?;
        Ok(metadata::set_dictionary(&mut ws, id, position, &change, &actor)?)
    })
    .await
}

#[tauri::command]
pub async fn meta_defaults(state: State<'_, AppState>) -> Result<Values, ErrorPayload> {
    let ws = state.workspace()?;
    blocking(move || metadata::defaults(lock(&ws).conn()).map_err(|e| WorkspaceError::from(e).into())).await
}

#[tauri::command]
pub async fn meta_set_defaults(state: State<'_, AppState>, values: Values) -> Result<Values, ErrorPayload> {
    let ws = state.workspace()?;
    let actor = state.actor();
    blocking(move || Ok(metadata::set_defaults(&mut lock(&ws), &values, &actor)?)).await
}

/// Writes a metadata export where the user chooses (save dialog shown from Rust).
/// Returns the file name, or `None` when the user cancelled.
#[tauri::command]
pub async fn meta_export(
    app: AppHandle,
    state: State<'_, AppState>,
    dataset: String,
    format: MetadataFormat,
) -> Result<Option<String>, ErrorPayload> {
    let ws = state.workspace()?;
    if format == MetadataFormat::DataPackage {
        return export_package(app, ws, dataset).await;
    }
    blocking(move || {
        let (doc, name) = {
            let ws = lock(&ws);
            let id = id(&ws, &dataset)?;
            let m = metadata::get(ws.conn(), id)?;
            let base = format!("urn:kaifang:{}", ws.info().map(|i| i.workspace_id).unwrap_or_default());
            let name = match format {
                MetadataFormat::Dcat => format!("{}.dcat.jsonld", m.slug),
                MetadataFormat::DataPackage => format!("{}.zip", m.slug),
                MetadataFormat::Ckan => format!("{}.ckan.json", m.slug),
            };
            // A public artifact: through the egress gate.
            (export::metadata_document(ws.conn(), id, format, &base, None)?, name)
        };
        let Some(path) = app.dialog().file().set_file_name(&name).blocking_save_file().and_then(|p| p.into_path().ok())
        else {
            return Ok(None);
        };
        let text = serde_json::to_string_pretty(&doc).map_err(internal)?;
        std::fs::write(&path, text).map_err(|e| io_error(&path, e))?;
        Ok(path.file_name().map(|n| n.to_string_lossy().into_owned()))
    })
    .await
}

/// A data package is a zip of its descriptor and the public data (through
/// the egress gate), saved where the user chooses.
async fn export_package(
    app: AppHandle,
    ws: crate::state::Shared<kaifang_core::Workspace>,
    dataset: String,
) -> Result<Option<String>, ErrorPayload> {
    blocking(move || {
        let (id, name, base) = {
            let ws = lock(&ws);
            let id = id(&ws, &dataset)?;
            let m = metadata::get(ws.conn(), id)?;
            (
                id,
                format!("{}.zip", m.slug),
                format!("urn:kaifang:{}", ws.info().map(|i| i.workspace_id).unwrap_or_default()),
            )
        };
        let Some(path) = app.dialog().file().set_file_name(&name).blocking_save_file().and_then(|p| p.into_path().ok())
        else {
            return Ok(None);
        };
        let path = if path.extension().is_some_and(|e| e.eq_ignore_ascii_case("zip")) {
            path
        } else {
            path.with_extension("zip")
        };
        let ws = lock(&ws);
        export::write_datapackage(ws.conn(), id, &path, &base)?;
        Ok(path.file_name().map(|n| n.to_string_lossy().into_owned()))
    })
    .await
}
