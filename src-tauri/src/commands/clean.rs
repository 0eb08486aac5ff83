//! Cleaning: steps, their history (undo, redo, edit or remove in the middle,
//! kept branches) and a preview of a step before it applies.

use kaifang_core::clean::cluster::{self, Cluster, Method};
use kaifang_core::clean::{self, History, OpenedRecipe, Outcome, Previous, Recipe, RecipeRun, Step, StepRecord};
use kaifang_core::ErrorPayload;
use tauri::{AppHandle, State};
use tauri_plugin_dialog::DialogExt;

use super::{blocking, id};
use crate::state::lock;
use crate::AppState;

/// What a recipe file is called when the desktop saves one.
const RECIPE_EXTENSION: &str = "kaifang-recipe";

#[tauri::command]
pub async fn clean_history(state: State<'_, AppState>, dataset: String) -> Result<History, ErrorPayload> {
    let ws = state.workspace()?;
    blocking(move || {
        let ws = lock(&ws);
        let id = id(&ws, &dataset)?;
        Ok(clean::history(ws.conn(), id)?)
    })
    .await
}

/// What the step would change (counts and samples); nothing is kept.
#[tauri::command]
pub async fn clean_preview(state: State<'_, AppState>, dataset: String, step: Step) -> Result<Outcome, ErrorPayload> {
    let ws = state.workspace()?;
    let actor = state.actor();
    blocking(move || {
        let mut ws = lock(&ws);
        let id = id(&ws, &dataset)?;
        // The step is applied inside a savepoint and rolled back: nothing is kept.
        Ok(ws.with_tx(|tx| clean::preview(tx, id, &step, &actor))?)
    })
    .await
}

#[tauri::command]
pub async fn clean_apply(state: State<'_, AppState>, dataset: String, step: Step) -> Result<StepRecord, ErrorPayload> {
    let ws = state.workspace()?;
    let actor = state.actor();
    blocking(move || {
        let mut ws = lock(&ws);
        let id = id(&ws, &dataset)?;
        Ok(ws.with_tx(|tx| clean::apply(tx, id, &step, &actor))?)
    })
    .await
}

#[tauri::command]
pub async fn clean_undo(state: State<'_, AppState>, dataset: String) -> Result<StepRecord, ErrorPayload> {
    let ws = state.workspace()?;
    let actor = state.actor();
    blocking(move || {
        let mut ws = lock(&ws);
        let id = id(&ws, &dataset)?;
        Ok(ws.with_tx(|tx| clean::undo(tx, id, &actor))?)
    })
    .await
}

#[tauri::command]
pub async fn clean_redo(state: State<'_, AppState>, dataset: String) -> Result<StepRecord, ErrorPayload> {
    let ws = state.workspace()?;
    let actor = state.actor();
    blocking(move || {
        let mut ws = lock(&ws);
        let id = id(&ws, &dataset)?;
        Ok(ws.with_tx(|tx| clean::redo(tx, id, &actor))?)
    })
    .await
}

/// Removes a step (`replacement` none) or changes it; the later steps it
/// reaches apply again.
#[tauri::command]
pub async fn clean_rewrite(
    state: State<'_, AppState>,
    dataset: String,
    step: i64,
    replacement: Option<Step>,
) -> Result<History, ErrorPayload> {
    let ws = state.workspace()?;
    let actor = state.actor();
    blocking(move || {
        let mut ws = lock(&ws);
        let id = id(&ws, &dataset)?;
        Ok(ws.with_tx(|tx| clean::rewrite(tx, id, step, replacement.as_ref(), &actor))?)
    })
    .await
}

#[tauri::command]
pub async fn clean_restore(state: State<'_, AppState>, dataset: String, branch: i64) -> Result<History, ErrorPayload> {
    let ws = state.workspace()?;
    let actor = state.actor();
    blocking(move || {
        let mut ws = lock(&ws);
        let id = id(&ws, &dataset)?;
        Ok(ws.with_tx(|tx| clean::restore_branch(tx, id, branch, &actor))?)
    })
    .await
}

/// Values of a column that probably mean the same, grouped by `method`.
#[tauri::command]
pub async fn clean_clusters(
    state: State<'_, AppState>,
    dataset: String,
    column: String,
    method: Method,
) -> Result<Vec<Cluster>, ErrorPayload> {
    let ws = state.workspace()?;
    blocking(move || {
        let ws = lock(&ws);
        let id = id(&ws, &dataset)?;
        Ok(cluster::clusters(ws.conn(), id, &column, method)?)
    })
    .await
}

/// Last month's cleaning, offered for the version just imported (none when
/// the latest version is cleaned already or no earlier one was).
#[tauri::command]
pub async fn clean_previous(state: State<'_, AppState>, dataset: String) -> Result<Option<Previous>, ErrorPayload> {
    let ws = state.workspace()?;
    blocking(move || {
        let ws = lock(&ws);
        let id = id(&ws, &dataset)?;
        Ok(clean::previous(ws.conn(), id)?)
    })
    .await
}

/// Applies last month's cleaning to the latest version (`answers`: recipe
/// header → column, for those without a match); a preview keeps nothing.
#[tauri::command]
pub async fn clean_replay_previous(
    state: State<'_, AppState>,
    dataset: String,
    answers: std::collections::BTreeMap<String, String>,
    preview: bool,
) -> Result<RecipeRun, ErrorPayload> {
    replay(&state, dataset, answers, preview, |ws, id| {
        clean::previous_recipe(ws.conn(), id)?.ok_or(clean::CleanError::NothingToRedo)
    })
    .await
}

/// Replays the recipe `recipe` finds for the dataset on its latest version.
async fn replay(
    state: &AppState,
    dataset: String,
    answers: std::collections::BTreeMap<String, String>,
    preview: bool,
    recipe: impl FnOnce(&kaifang_core::Workspace, kaifang_core::dataset::DatasetId) -> Result<Recipe, clean::CleanError>
        + Send
        + 'static,
) -> Result<RecipeRun, ErrorPayload> {
    let ws = state.workspace()?;
    let actor = state.actor();
    blocking(move || {
        let mut ws = lock(&ws);
        let id = id(&ws, &dataset)?;
        let recipe = recipe(&ws, id)?;
        Ok(ws.with_tx(|tx| clean::replay_recipe(tx, id, &recipe, &answers, preview, &actor))?)
    })
    .await
}

/// Saves the dataset's cleaning steps as a recipe file where the user chooses.
/// Returns the file name, or `None` when the user cancelled.
#[tauri::command]
pub async fn clean_recipe_save(
    app: AppHandle,
    state: State<'_, AppState>,
    dataset: String,
) -> Result<Option<String>, ErrorPayload> {
    let ws = state.workspace()?;
    blocking(move || {
        let name = {
            let ws = lock(&ws);
            let id = id(&ws, &dataset)?;
            kaifang_core::dataset::show(ws.conn(), id, None).map(|d| d.summary.name).unwrap_or_default()
        };
        let Some(path) = app
            .dialog()
            .file()
            .add_filter("Kaifang", &[RECIPE_EXTENSION, "json"])
            .set_file_name(format!("{name}.{RECIPE_EXTENSION}"))
            .blocking_save_file()
            .and_then(|p| p.into_path().ok())
        else {
            return Ok(None);
        };
        let ws = lock(&ws);
        let id = id(&ws, &dataset)?;
        clean::write_recipe_file(ws.conn(), id, &path)?;
        Ok(Some(path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default()))
    })
    .await
}

/// Shows the open dialog for a recipe file and matches it to the latest version.
#[tauri::command]
pub async fn clean_recipe_open(
    app: AppHandle,
    state: State<'_, AppState>,
    dataset: String,
) -> Result<Option<OpenedRecipe>, ErrorPayload> {
    let picked = blocking(move || {
        Ok(app.dialog().file().add_filter("Kaifang", &[RECIPE_EXTENSION, "json"]).blocking_pick_file())
    })
    .await?;
    let Some(path) = picked.and_then(|p| p.into_path().ok()) else { return Ok(None) };
    let file = state.choose(&path)?;
    let ws = state.workspace()?;
    blocking(move || {
        let recipe = clean::read_recipe_file(&path)?;
        let ws = lock(&ws);
        let id = id(&ws, &dataset)?;
        Ok(Some(OpenedRecipe { file, offer: clean::offer(ws.conn(), id, recipe)? }))
    })
    .await
}

/// Applies an opened recipe file to the latest version (`answers` as for
/// [`clean_replay_previous`]); a preview keeps nothing.
#[tauri::command]
pub async fn clean_replay_file(
    state: State<'_, AppState>,
    dataset: String,
    token: String,
    answers: std::collections::BTreeMap<String, String>,
    preview: bool,
) -> Result<RecipeRun, ErrorPayload> {
    let path = state.chosen(&token)?;
    replay(&state, dataset, answers, preview, move |_, _| clean::read_recipe_file(&path)).await
}
