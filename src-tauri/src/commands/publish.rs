//! Portals and publishing: the settings, "Test connection", the outbox.

use kaifang_core::catalog::{self, CatalogWritten, Serialization};
use kaifang_core::dataset::DatasetId;
use kaifang_core::portal::{
    self, ConnectionReport, OutboxItem, PortalConfig, PortalKind, Publication, Timeouts, Token,
};
use kaifang_core::ErrorPayload;
use tauri::{AppHandle, State};
use tauri_plugin_dialog::DialogExt;

use super::{blocking, id};
use crate::state::lock;
use crate::AppState;

#[tauri::command]
pub async fn portal_list(state: State<'_, AppState>) -> Result<Vec<PortalConfig>, ErrorPayload> {
    let ws = state.workspace()?;
    blocking(move || Ok(portal::list(lock(&ws).conn())?)).await
}

/// Saves a portal. The token, when given, goes straight to the OS keyring; it is
/// never stored in the workspace nor sent back to the web view.
#[tauri::command]
pub async fn portal_save(
    state: State<'_, AppState>,
    name: String,
    url: String,
    org: String,
    token: Option<String>,
) -> Result<PortalConfig, ErrorPayload> {
    let ws = state.workspace()?;
    let by = state.steward()?;
    let token = token.as_deref().and_then(Token::new);
    blocking(move || Ok(portal::add(&mut lock(&ws), PortalKind::Ckan, &name, &url, &org, token.as_ref(), &by)?)).await
}

#[tauri::command]
pub async fn portal_remove(state: State<'_, AppState>, name: String) -> Result<(), ErrorPayload> {
    let ws = state.workspace()?;
    let by = state.steward()?;
    blocking(move || Ok(portal::remove(&mut lock(&ws), &name, &by)?)).await
}

/// Whether an Excel (XLSX) file goes beside each CSV.
#[tauri::command]
pub async fn publish_xlsx(state: State<'_, AppState>) -> Result<bool, ErrorPayload> {
    let ws = state.workspace()?;
    blocking(move || Ok(portal::xlsx_chosen(lock(&ws).conn()).map_err(kaifang_core::dataset::DatasetError::from)?))
        .await
}

/// A steward (unlocked) chooses whether an XLSX goes beside each CSV.
#[tauri::command]
pub async fn publish_set_xlsx(state: State<'_, AppState>, on: bool) -> Result<bool, ErrorPayload> {
    let ws = state.workspace()?;
    let by = state.steward()?;
    blocking(move || Ok(portal::set_xlsx(&mut lock(&ws), on, &by)?)).await
}

/// Where the harvestable catalogue was last served from (the office's setting).
#[tauri::command]
pub async fn catalog_base_url(state: State<'_, AppState>) -> Result<Option<String>, ErrorPayload> {
    let ws = state.workspace()?;
    blocking(move || Ok(catalog::base_url(lock(&ws).conn()).map_err(kaifang_core::dataset::DatasetError::from)?)).await
}

/// Writes the harvestable DCAT-AP catalogue, with the public files beside it,
/// into a folder the user chooses (folder dialog from Rust). The address is
/// checked before the dialog. `None` when the user cancelled.
#[tauri::command]
pub async fn catalog_export(
    app: AppHandle,
    state: State<'_, AppState>,
    serialization: Serialization,
    base_url: String,
) -> Result<Option<CatalogWritten>, ErrorPayload> {
    let base = catalog::check_base_url(&base_url)?;
    let ws = state.workspace()?;
    let actor = state.actor();
    blocking(move || {
        let Some(dir) = app.dialog().file().blocking_pick_folder().and_then(|p| p.into_path().ok()) else {
            return Ok(None);
        };
        let opts = catalog::Options { serialization, base_url: Some(base), max_bytes: catalog::PAGE_MAX_BYTES };
        Ok(Some(catalog::write(&mut lock(&ws), &dir, &opts, &actor)?))
    })
    .await
}

/// "Test connection": the address, the token, the organisation and the fields
/// the portal requires, step by step. The required fields are kept for publishing.
#[tauri::command]
pub async fn portal_test(state: State<'_, AppState>, name: String) -> Result<ConnectionReport, ErrorPayload> {
    let ws = state.workspace()?;
    let (cfg, connected) = {
        let ws = ws.clone();
        blocking(move || {
            let ws = lock(&ws);
            let cfg = portal::get(ws.conn(), &name)?;
            let connected = portal::connect(ws.conn(), &cfg, Timeouts::default())?;
            Ok((cfg, connected))
        })
        .await?
    };
    let report = connected.check(&cfg.org).await;
    if report.token_ok {
        let fields = report.required_fields.clone();
        // The report still shows them; publishing asks the portal again if they were not kept.
        if let Err(e) = blocking(move || Ok(portal::save_required(&mut lock(&ws), &cfg.name, &fields)?)).await {
            eprintln!("kaifang: the portal's required fields were not kept: {}", e.message);
        }
    }
    Ok(report)
}

/// Queues the named datasets (or every approved one) and wakes the worker.
#[tauri::command]
pub async fn publish(
    state: State<'_, AppState>,
    datasets: Option<Vec<String>>,
    portal: Option<String>,
) -> Result<Vec<OutboxItem>, ErrorPayload> {
    let ws = state.workspace()?;
    let actor = state.actor();
    let queued = blocking(move || {
        let mut ws = lock(&ws);
        let ids: Option<Vec<DatasetId>> =
            datasets.map(|d| d.iter().map(|k| id(&ws, k)).collect::<Result<_, _>>()).transpose()?;
        let cfg = match portal.as_deref() {
            Some(n) => portal::get(ws.conn(), n)?,
            None => portal::default_portal(ws.conn())?,
        };
        Ok(portal::enqueue(&mut ws, ids.as_deref(), &cfg.name, &actor)?)
    })
    .await?;
    state.publisher.wake();
    Ok(queued)
}

#[tauri::command]
pub async fn outbox_list(state: State<'_, AppState>) -> Result<Vec<OutboxItem>, ErrorPayload> {
    let ws = state.workspace()?;
    blocking(move || Ok(portal::outbox(lock(&ws).conn())?)).await
}

/// Tries a failed item again now.
#[tauri::command]
pub async fn outbox_retry(state: State<'_, AppState>, id: i64) -> Result<OutboxItem, ErrorPayload> {
    let ws = state.workspace()?;
    let actor = state.actor();
    let item = blocking(move || Ok(portal::retry(&mut lock(&ws), id, &actor)?)).await?;
    state.publisher.wake();
    Ok(item)
}

#[tauri::command]
pub async fn dataset_publications(
    state: State<'_, AppState>,
    dataset: String,
) -> Result<Vec<Publication>, ErrorPayload> {
    let ws = state.workspace()?;
    blocking(move || {
        let ws = lock(&ws);
        Ok(portal::publications(ws.conn(), id(&ws, &dataset)?)?)
    })
    .await
}
