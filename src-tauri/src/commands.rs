//! Tauri commands: each unpacks its arguments, calls one core function and maps
//! the error to `{code, message, params}`. They are `async` and run their work on
//! the blocking pool, never on the UI thread.

use kaifang_core::app::{AppContext, ChosenFile};
use kaifang_core::audit::ChainReport;
use kaifang_core::dataset::{self, DatasetDetail, DatasetSummary, RowsPage, RowsQuery};
use kaifang_core::error::Coded;
use kaifang_core::export::{self, MetadataFormat};
use kaifang_core::import::{self, ImportOptions, ImportOutcome, Inspection};
use kaifang_core::jobs::Progress;
use kaifang_core::metadata::{self, DatasetMetadata, DictionaryChange};
use kaifang_core::portal::{self, ConnectionReport, OutboxItem, PortalConfig, Publication, Timeouts, Token};
use kaifang_core::workspace::WorkspaceInfo;
use kaifang_core::ErrorPayload;
use kaifang_core::{backup, bundle, review, sensitive, Workspace};
use tauri::ipc::Channel;
use tauri::{AppHandle, Emitter, State};
use tauri_plugin_dialog::DialogExt;

use crate::state::{internal, lock};
use crate::AppState;

/// Runs blocking work off the async runtime's threads.
async fn blocking<T: Send + 'static>(
    f: impl FnOnce() -> Result<T, ErrorPayload> + Send + 'static,
) -> Result<T, ErrorPayload> {
    tauri::async_runtime::spawn_blocking(f).await.map_err(internal)?
}

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
    blocking(move || lock(&ws).info().map_err(|e| e.payload())).await
}

#[tauri::command]
pub async fn audit_verify(state: State<'_, AppState>) -> Result<ChainReport, ErrorPayload> {
    let ws = state.workspace()?;
    blocking(move || lock(&ws).verify_audit().map_err(|e| e.payload())).await
}

/// Shows the open dialog (from Rust: the web view has no dialog permission).
#[tauri::command]
pub async fn pick_import_file(app: AppHandle, state: State<'_, AppState>) -> Result<Option<ChosenFile>, ErrorPayload> {
    let picked = blocking(move || {
        Ok(app
            .dialog()
            .file()
            .add_filter("CSV / Excel / ODS", &["csv", "tsv", "txt", "xlsx", "xlsm", "xlsb", "xls", "ods"])
            .blocking_pick_file())
    })
    .await?;
    match picked.and_then(|p| p.into_path().ok()) {
        Some(path) => state.choose(&path).map(Some),
        None => Ok(None),
    }
}

/// The file the app was started with ("Open with Kaifang"), once.
#[tauri::command]
pub async fn opened_file(state: State<'_, AppState>) -> Result<Option<ChosenFile>, ErrorPayload> {
    Ok(state.take_opened())
}

#[tauri::command]
pub async fn import_inspect(
    state: State<'_, AppState>,
    token: String,
    options: ImportOptions,
) -> Result<Inspection, ErrorPayload> {
    let path = state.chosen(&token)?;
    blocking(move || import::inspect(&path, &options).map_err(|e| e.payload())).await
}

/// Imports a chosen file, streaming progress; `job` names it for `job_cancel`.
#[tauri::command]
pub async fn import_run(
    app: AppHandle,
    state: State<'_, AppState>,
    token: String,
    options: ImportOptions,
    job: String,
    on_progress: Channel<Progress>,
) -> Result<ImportOutcome, ErrorPayload> {
    let path = state.chosen(&token)?;
    let mut ws = state.connect()?;
    let actor = state.actor();
    let cancel = state.start_job(&job);
    let scan_actor = actor.clone();
    let result = blocking(move || {
        // A closed channel (the window reloaded) must not stop the import.
        let report = |p: &Progress| {
            let _ = on_progress.send(p.clone());
        };
        import::import_file(&mut ws, &path, &options, &actor, &report, &cancel).map_err(|e| e.payload())
    })
    .await;
    state.end_job(&job);
    if let Ok(outcome) = &result {
        let ids: Vec<i64> = outcome.datasets.iter().map(|d| d.id).collect();
        if let Ok(ws) = state.connect() {
            scan_in_background(app, ws, ids, scan_actor);
        }
    }
    result
}

/// The event sent when a whole-table scan has finished (the dataset's id).
pub const SCANNED_EVENT: &str = "kaifang://sensitive-scanned";

/// The whole-table scan after an import, on its own connection: the quick scan
/// answered at once; categories are then decided on every row, and the window is
/// told so it can show the result.
fn scan_in_background(app: AppHandle, mut ws: Workspace, datasets: Vec<i64>, actor: kaifang_core::audit::Actor) {
    tauri::async_runtime::spawn_blocking(move || {
        for id in datasets {
            match sensitive::scan_and_save(&mut ws, &id.to_string(), true, &actor) {
                Ok(_) => {
                    let _ = app.emit(SCANNED_EVENT, id);
                }
                // The tab offers the scan again; the checklist keeps asking for it.
                Err(e) => eprintln!("whole-table scan of dataset {id} failed: {}", e.payload().code.as_str()),
            }
        }
    });
}

/// What the egress gate would stop in the dataset's public copy (every row).
#[tauri::command]
pub async fn egress_check(state: State<'_, AppState>, dataset: String) -> Result<sensitive::GateReport, ErrorPayload> {
    let ws = state.connect()?;
    blocking(move || export::gate_check(ws.conn(), &dataset).map_err(|e| e.payload())).await
}

/// The office's masking conventions.
#[tauri::command]
pub async fn masking_conventions(state: State<'_, AppState>) -> Result<Vec<sensitive::Convention>, ErrorPayload> {
    let ws = state.workspace()?;
    blocking(move || sensitive::conventions(lock(&ws).conn()).map_err(|e| e.payload())).await
}

/// Changes one category's convention (`operator` none: back to the built-in one).
#[tauri::command]
pub async fn masking_convention_set(
    state: State<'_, AppState>,
    category: sensitive::Category,
    operator: Option<sensitive::Operator>,
    keep_head: Option<u32>,
    keep_tail: Option<u32>,
) -> Result<Vec<sensitive::Convention>, ErrorPayload> {
    let ws = state.workspace()?;
    let actor = state.actor();
    blocking(move || {
        let change = operator.map(|op| (op, keep_head, keep_tail));
        sensitive::set_convention(&mut lock(&ws), category, change, &actor).map_err(|e| e.payload())
    })
    .await
}

#[tauri::command]
pub async fn job_cancel(state: State<'_, AppState>, job: String) -> Result<(), ErrorPayload> {
    state.cancel_job(&job);
    Ok(())
}

#[tauri::command]
pub async fn dataset_list(state: State<'_, AppState>) -> Result<Vec<DatasetSummary>, ErrorPayload> {
    let ws = state.workspace()?;
    blocking(move || dataset::list(lock(&ws).conn()).map_err(|e| e.payload())).await
}

#[tauri::command]
pub async fn dataset_show(
    state: State<'_, AppState>,
    dataset: String,
    version: Option<i64>,
) -> Result<DatasetDetail, ErrorPayload> {
    let ws = state.workspace()?;
    blocking(move || dataset::show(lock(&ws).conn(), &dataset, version).map_err(|e| e.payload())).await
}

#[tauri::command]
pub async fn dataset_rows(
    state: State<'_, AppState>,
    dataset: String,
    query: RowsQuery,
) -> Result<RowsPage, ErrorPayload> {
    let ws = state.workspace()?;
    blocking(move || dataset::rows(lock(&ws).conn(), &dataset, &query).map_err(|e| e.payload())).await
}

#[tauri::command]
pub async fn meta_fields() -> Result<Vec<metadata::FieldDef>, ErrorPayload> {
    Ok(metadata::fields())
}

#[tauri::command]
pub async fn meta_get(state: State<'_, AppState>, dataset: String) -> Result<DatasetMetadata, ErrorPayload> {
    let ws = state.workspace()?;
    blocking(move || metadata::get(lock(&ws).conn(), &dataset).map_err(|e| e.payload())).await
}

/// Saves changed fields; all or nothing (a `MetadataInvalid` error lists problems).
#[tauri::command]
pub async fn meta_set(
    state: State<'_, AppState>,
    dataset: String,
    changes: metadata::Values,
) -> Result<DatasetMetadata, ErrorPayload> {
    let ws = state.workspace()?;
    let actor = state.actor();
    blocking(move || metadata::set(&mut lock(&ws), &dataset, &changes, &actor).map_err(meta_error)).await
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
    blocking(move || metadata::set_dictionary(&mut lock(&ws), &dataset, position, &change, &actor).map_err(meta_error))
        .await
}

/// Metadata problems travel with the error (`params.problems`) so the form can
/// mark every field.
fn meta_error(e: metadata::MetadataError) -> ErrorPayload {
    e.payload()
}

#[tauri::command]
pub async fn meta_defaults(state: State<'_, AppState>) -> Result<metadata::Values, ErrorPayload> {
    let ws = state.workspace()?;
    blocking(move || metadata::defaults(lock(&ws).conn()).map_err(|e| kaifang_core::WorkspaceError::from(e).payload()))
        .await
}

#[tauri::command]
pub async fn meta_set_defaults(
    state: State<'_, AppState>,
    values: metadata::Values,
) -> Result<metadata::Values, ErrorPayload> {
    let ws = state.workspace()?;
    let actor = state.actor();
    blocking(move || metadata::set_defaults(&mut lock(&ws), &values, &actor).map_err(meta_error)).await
}

/// Writes a metadata export where the user chooses (save dialog shown from Rust).
/// Returns the file name, or `None` when the user cancelled.
#[tauri::command]
pub async fn meta_export(
    app: AppHandle,
    state: State<'_, AppState>,
    dataset: String,
    format: String,
) -> Result<Option<String>, ErrorPayload> {
    let ws = state.workspace()?;
    blocking(move || {
        let (doc, name) = {
            let ws = lock(&ws);
            let m = metadata::get(ws.conn(), &dataset).map_err(|e| e.payload())?;
            let base = format!("urn:kaifang:{}", ws.info().map(|i| i.workspace_id).unwrap_or_default());
            let (format, name) = match format.as_str() {
                "dcat" => (MetadataFormat::Dcat, format!("{}.dcat.jsonld", m.slug)),
                "datapackage" => (MetadataFormat::DataPackage, "datapackage.json".to_owned()),
                _ => (MetadataFormat::Ckan, format!("{}.ckan.json", m.slug)),
            };
            // A public artifact: through the egress gate.
            let doc = export::metadata_document(ws.conn(), &dataset, format, &base, None).map_err(|e| e.payload())?;
            (doc, name)
        };
        let Some(path) = app.dialog().file().set_file_name(&name).blocking_save_file().and_then(|p| p.into_path().ok())
        else {
            return Ok(None);
        };
        let text = serde_json::to_string_pretty(&doc).map_err(internal)?;
        std::fs::write(&path, text).map_err(|e| ErrorPayload {
            code: kaifang_core::ErrorCode::Io,
            message: e.to_string(),
            params: [("path".to_owned(), path.display().to_string())].into(),
        })?;
        Ok(path.file_name().map(|n| n.to_string_lossy().into_owned()))
    })
    .await
}

/// The saved findings, scanning a sample first if the version was never scanned.
#[tauri::command]
pub async fn sensitive_get(state: State<'_, AppState>, dataset: String) -> Result<sensitive::ScanReport, ErrorPayload> {
    let ws = state.workspace()?;
    let actor = state.actor();
    blocking(move || {
        let mut ws = lock(&ws);
        match sensitive::saved(ws.conn(), &dataset).map_err(|e| e.payload())? {
            Some(r) => Ok(r),
            None => sensitive::scan_and_save(&mut ws, &dataset, false, &actor).map_err(|e| e.payload()),
        }
    })
    .await
}

/// A scan of every row (seconds on a million rows), on its own connection.
#[tauri::command]
pub async fn sensitive_scan(
    state: State<'_, AppState>,
    dataset: String,
) -> Result<sensitive::ScanReport, ErrorPayload> {
    let mut ws = state.connect()?;
    let actor = state.actor();
    blocking(move || sensitive::scan_and_save(&mut ws, &dataset, true, &actor).map_err(|e| e.payload())).await
}

#[tauri::command]
pub async fn policy_set(
    state: State<'_, AppState>,
    dataset: String,
    position: u32,
    operator: sensitive::Operator,
    reason: Option<String>,
) -> Result<sensitive::ColumnPolicy, ErrorPayload> {
    let ws = state.workspace()?;
    let actor = state.actor();
    blocking(move || {
        let column = (position + 1).to_string();
        sensitive::set_policy(&mut lock(&ws), &dataset, &column, operator, reason.as_deref(), &actor)
            .map_err(|e| e.payload())
    })
    .await
}

#[tauri::command]
pub async fn mask_preview(
    state: State<'_, AppState>,
    dataset: String,
    offset: u64,
    limit: u64,
) -> Result<sensitive::MaskPreview, ErrorPayload> {
    let ws = state.workspace()?;
    blocking(move || sensitive::preview(lock(&ws).conn(), &dataset, offset, limit).map_err(|e| e.payload())).await
}

#[tauri::command]
pub async fn users_list(state: State<'_, AppState>) -> Result<Vec<review::User>, ErrorPayload> {
    let ws = state.workspace()?;
    blocking(move || review::users(lock(&ws).conn()).map_err(|e| e.payload())).await
}

#[tauri::command]
pub async fn user_add(
    state: State<'_, AppState>,
    name: String,
    roles: Vec<review::Role>,
) -> Result<review::User, ErrorPayload> {
    let ws = state.workspace()?;
    let actor = state.actor();
    blocking(move || review::add_user(&mut lock(&ws), &name, &roles, &actor).map_err(|e| e.payload())).await
}

/// Chooses who is using the app (the top bar's user and role switch).
#[tauri::command]
pub async fn session_set_user(state: State<'_, AppState>, name: String) -> Result<review::User, ErrorPayload> {
    let ws = state.workspace()?;
    let user = blocking(move || {
        review::user(lock(&ws).conn(), &name)
            .map_err(|e| e.payload())?
            .ok_or_else(|| review::ReviewError::UserUnknown(name).payload())
    })
    .await?;
    state.set_user(&user.name);
    Ok(user)
}

#[tauri::command]
pub async fn review_submit(state: State<'_, AppState>, dataset: String) -> Result<String, ErrorPayload> {
    let ws = state.workspace()?;
    let actor = state.actor();
    blocking(move || review::submit(&mut lock(&ws), &dataset, &actor).map_err(|e| e.payload())).await
}

#[tauri::command]
pub async fn review_approve(
    state: State<'_, AppState>,
    dataset: String,
    comment: Option<String>,
) -> Result<String, ErrorPayload> {
    let ws = state.workspace()?;
    let actor = state.actor();
    blocking(move || review::approve(&mut lock(&ws), &dataset, &actor, comment.as_deref()).map_err(|e| e.payload()))
        .await
}

#[tauri::command]
pub async fn review_return(
    state: State<'_, AppState>,
    dataset: String,
    comment: String,
    targeted: Vec<(String, String)>,
) -> Result<(), ErrorPayload> {
    let ws = state.workspace()?;
    let actor = state.actor();
    blocking(move || {
        review::return_submission(&mut lock(&ws), &dataset, &actor, &comment, &targeted).map_err(|e| e.payload())
    })
    .await
}

#[tauri::command]
pub async fn review_queue(state: State<'_, AppState>) -> Result<Vec<review::QueueItem>, ErrorPayload> {
    let ws = state.workspace()?;
    blocking(move || review::queue(lock(&ws).conn()).map_err(|e| e.payload())).await
}

#[tauri::command]
pub async fn review_history(
    state: State<'_, AppState>,
    dataset: String,
) -> Result<Vec<review::ReviewEntry>, ErrorPayload> {
    let ws = state.workspace()?;
    blocking(move || review::history(lock(&ws).conn(), &dataset).map_err(|e| e.payload())).await
}

/// What changed since the dataset was last approved (`None`: never approved).
#[tauri::command]
pub async fn review_changes(
    state: State<'_, AppState>,
    dataset: String,
) -> Result<Option<review::ReviewChanges>, ErrorPayload> {
    let ws = state.workspace()?;
    blocking(move || review::changes(lock(&ws).conn(), &dataset).map_err(|e| e.payload())).await
}

/// The audit entries about one dataset, oldest first.
#[tauri::command]
pub async fn dataset_history(
    state: State<'_, AppState>,
    dataset: String,
) -> Result<Vec<review::HistoryEntry>, ErrorPayload> {
    let ws = state.workspace()?;
    blocking(move || review::audit_history(lock(&ws).conn(), &dataset).map_err(|e| e.payload())).await
}

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
        let day = kaifang_core::workspace::now_rfc3339().chars().take(10).collect::<String>();
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
            bundle::export_decisions(&mut ws, &datasets, &path, &actor)
        } else {
            bundle::export_submissions(&mut ws, &datasets, &path, &actor)
        };
        written.map(|w| Some(w.file_name)).map_err(|e| e.payload())
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
    let mut ws = state.connect()?;
    let actor = state.actor();
    blocking(move || {
        let cancel = kaifang_core::jobs::CancelToken::new();
        bundle::import(&mut ws, &path, &actor, &|_| {}, &cancel).map_err(|e| e.payload())
    })
    .await
}

#[tauri::command]
pub async fn portal_list(state: State<'_, AppState>) -> Result<Vec<PortalConfig>, ErrorPayload> {
    let ws = state.workspace()?;
    blocking(move || portal::list(lock(&ws).conn()).map_err(|e| e.payload())).await
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
    let actor = state.actor();
    let token = token.as_deref().and_then(Token::new);
    blocking(move || portal::add(&mut lock(&ws), &name, &url, &org, token.as_ref(), &actor).map_err(|e| e.payload()))
        .await
}

#[tauri::command]
pub async fn portal_remove(state: State<'_, AppState>, name: String) -> Result<(), ErrorPayload> {
    let ws = state.workspace()?;
    let actor = state.actor();
    blocking(move || portal::remove(&mut lock(&ws), &name, &actor).map_err(|e| e.payload())).await
}

/// "Test connection": the address, the token and the organisation, step by step.
/// A portal with ckanext-scheming has its dataset schema cached on the way.
#[tauri::command]
pub async fn portal_test(state: State<'_, AppState>, name: String) -> Result<ConnectionReport, ErrorPayload> {
    let ws = state.workspace()?;
    let (cfg, client) = {
        let ws = ws.clone();
        blocking(move || {
            let ws = lock(&ws);
            let cfg = portal::get(ws.conn(), &name).map_err(|e| e.payload())?;
            let client = portal::client(ws.conn(), &cfg, Timeouts::default()).map_err(|e| e.payload())?;
            Ok((cfg, client))
        })
        .await?
    };
    let report = client.test(&cfg.org).await;
    if report.token_ok {
        if let Ok(schema) = client.scheming_schema().await {
            let _ = blocking(move || {
                portal::save_schema(&mut lock(&ws), &cfg.name, schema.as_ref()).map_err(|e| e.payload())
            })
            .await;
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
        let cfg = match portal.as_deref() {
            Some(n) => portal::get(ws.conn(), n),
            None => portal::default_portal(ws.conn()),
        }
        .map_err(|e| e.payload())?;
        portal::enqueue(&mut ws, datasets.as_deref(), &cfg.name, &actor).map_err(|e| e.payload())
    })
    .await?;
    state.publisher.wake();
    Ok(queued)
}

#[tauri::command]
pub async fn outbox_list(state: State<'_, AppState>) -> Result<Vec<OutboxItem>, ErrorPayload> {
    let ws = state.workspace()?;
    blocking(move || portal::outbox(lock(&ws).conn()).map_err(|e| e.payload())).await
}

/// Tries a failed item again now.
#[tauri::command]
pub async fn outbox_retry(state: State<'_, AppState>, id: i64) -> Result<OutboxItem, ErrorPayload> {
    let ws = state.workspace()?;
    let actor = state.actor();
    let item = blocking(move || portal::retry(&mut lock(&ws), id, &actor).map_err(|e| e.payload())).await?;
    state.publisher.wake();
    Ok(item)
}

#[tauri::command]
pub async fn dataset_publications(
    state: State<'_, AppState>,
    dataset: String,
) -> Result<Vec<Publication>, ErrorPayload> {
    let ws = state.workspace()?;
    blocking(move || portal::publications(lock(&ws).conn(), &dataset).map_err(|e| e.payload())).await
}

#[tauri::command]
pub async fn backup_list(state: State<'_, AppState>) -> Result<Vec<backup::BackupInfo>, ErrorPayload> {
    let ws = state.workspace()?;
    blocking(move || backup::list(lock(&ws).path()).map_err(|e| e.payload())).await
}

#[tauri::command]
pub async fn backup_create(state: State<'_, AppState>) -> Result<backup::BackupInfo, ErrorPayload> {
    let ws = state.workspace()?;
    blocking(move || backup::create(&lock(&ws), "manual").map_err(|e| e.payload())).await
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
            let known = backup::list(ws.path()).map_err(|e| e.payload())?;
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
    blocking(move || backup::preview(&lock(&ws), &path).map_err(|e| e.payload())).await
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
    let actor = state.actor();
    let path = {
        let guard = lock(&ws);
        backup_path(&state, &guard, file_name, token)?
    };
    blocking(move || backup::restore(&mut lock(&ws), &path, &actor).map_err(|e| e.payload())).await
}
