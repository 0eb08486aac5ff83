//! Choosing a file and importing it.

use kaifang_core::app::ChosenFile;
use kaifang_core::audit::Actor;
use kaifang_core::dataset::DatasetId;
use kaifang_core::error::Coded;
use kaifang_core::import::{self, ImportHabit, ImportOptions, ImportOutcome, Inspection};
use kaifang_core::jobs::Progress;
use kaifang_core::{pipeline, sensitive, ErrorPayload, Workspace};
use tauri::ipc::Channel;
use tauri::{AppHandle, Emitter, State};
use tauri_plugin_dialog::DialogExt;

use super::blocking;
use crate::AppState;

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
    blocking(move || Ok(import::inspect(&path, &options)?)).await
}

/// The choices the last file named like the chosen one was imported with.
#[tauri::command]
pub async fn import_habit(state: State<'_, AppState>, token: String) -> Result<Option<ImportHabit>, ErrorPayload> {
    let path = state.chosen(&token)?;
    let ws = state.connect()?;
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    blocking(move || Ok(import::habits::find(ws.conn(), &name)?)).await
}

/// Imports a chosen file, streaming progress; `job` names it for `job_cancel`.
/// The choices (`table`: which of the sheet's tables) are remembered for files
/// named like this one.
#[tauri::command]
pub async fn import_run(
    app: AppHandle,
    state: State<'_, AppState>,
    token: String,
    options: ImportOptions,
    table: u32,
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
        let outcome = pipeline::import_file(&mut ws, &path, &options, &actor, &report, &cancel)?;
        let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        // Not remembering is no reason to fail an import that has committed.
        if let Err(e) = import::habits::remember(ws.conn(), &name, &options, table, &kaifang_core::clock::now_rfc3339())
        {
            eprintln!("kaifang: the import choices were not remembered: {e}");
        }
        Ok(outcome)
    })
    .await;
    state.end_job(&job);
    if let Ok(outcome) = &result {
        let ids: Vec<DatasetId> = outcome.datasets.iter().map(|d| DatasetId(d.id)).collect();
        if let Ok(ws) = state.connect() {
            scan_in_background(app, ws, ids, scan_actor);
        }
    }
    result
}

/// The event sent when a whole-table scan has finished (the dataset's id).
pub const SCANNED_EVENT: &str = "kaifang://sensitive-scanned";

/// The import scans every row for personal data as it writes them; should it
/// have fallen back to its first rows, the whole table is scanned here, on its
/// own connection, and the window is told so it can show the result.
fn scan_in_background(app: AppHandle, mut ws: Workspace, datasets: Vec<DatasetId>, actor: Actor) {
    tauri::async_runtime::spawn_blocking(move || {
        for id in datasets {
            match sensitive::ensure_full_scan(&mut ws, id, &actor) {
                Ok(_) => {
                    if let Err(e) = app.emit(SCANNED_EVENT, id.0) {
                        eprintln!("kaifang: the finished scan could not be announced: {e}");
                    }
                }
                // The tab offers the scan again; the checklist keeps asking for it.
                Err(e) => eprintln!("whole-table scan of dataset {id} failed: {}", e.payload().code.as_str()),
            }
        }
    });
}
