//! Users, the session's user, and review: submit, approve, return.

use kaifang_core::review::{self, QueueItem, ReviewChanges, ReviewEntry, ReviewError, Role, User};
use kaifang_core::ErrorPayload;
use tauri::State;

use super::{blocking, id};
use crate::state::lock;
use crate::AppState;

#[tauri::command]
pub async fn users_list(state: State<'_, AppState>) -> Result<Vec<User>, ErrorPayload> {
    let ws = state.workspace()?;
    blocking(move || Ok(review::users(lock(&ws).conn())?)).await
}

#[tauri::command]
pub async fn user_add(state: State<'_, AppState>, name: String, roles: Vec<Role>) -> Result<User, ErrorPayload> {
    let ws = state.workspace()?;
    let actor = state.actor();
    blocking(move || Ok(review::add_user(&mut lock(&ws), &name, &roles, &actor)?)).await
}

/// Chooses who is using the app (the top bar's user and role switch).
#[tauri::command]
pub async fn session_set_user(state: State<'_, AppState>, name: String) -> Result<User, ErrorPayload> {
    let ws = state.workspace()?;
    let user =
        blocking(move || review::user(lock(&ws).conn(), &name)?.ok_or_else(|| ReviewError::UserUnknown(name).into()))
            .await?;
    state.set_user(&user.name);
    Ok(user)
}

#[tauri::command]
pub async fn review_submit(state: State<'_, AppState>, dataset: String) -> Result<String, ErrorPayload> {
    let ws = state.workspace()?;
    let actor = state.actor();
    blocking(move || {
        let mut ws = lock(&ws);
        let id = id(&ws, &dataset)?;
        Ok(review::submit(&mut ws, id, &actor)?)
    })
    .await
}

#[tauri::command]
pub async fn review_approve(
    state: State<'_, AppState>,
    dataset: String,
    comment: Option<String>,
) -> Result<String, ErrorPayload> {
    let ws = state.workspace()?;
    let actor = state.actor();
    blocking(move || {
        let mut ws = lock(&ws);
        let id = id(&ws, &dataset)?;
        Ok(review::approve(&mut ws, id, &actor, comment.as_deref())?)
    })
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
        let mut ws = lock(&ws);
        let id = id(&ws, &dataset)?;
        Ok(review::return_submission(&mut ws, id, &actor, &comment, &targeted)?)
    })
    .await
}

#[tauri::command]
pub async fn review_queue(state: State<'_, AppState>) -> Result<Vec<QueueItem>, ErrorPayload> {
    let ws = state.workspace()?;
    blocking(move || Ok(review::queue(lock(&ws).conn())?)).await
}

#[tauri::command]
pub async fn review_history(state: State<'_, AppState>, dataset: String) -> Result<Vec<ReviewEntry>, ErrorPayload> {
    let ws = state.workspace()?;
    blocking(move || {
        let ws = lock(&ws);
        Ok(review::history(ws.conn(), id(&ws, &dataset)?)?)
    })
    .await
}

/// What changed since the dataset was last approved (`None`: never approved).
#[tauri::command]
pub async fn review_changes(
    state: State<'_, AppState>,
    dataset: String,
) -> Result<Option<ReviewChanges>, ErrorPayload> {
    let ws = state.workspace()?;
    blocking(move || {
        let ws = lock(&ws);
        Ok(review::changes(ws.conn(), id(&ws, &dataset)?)?)
    })
    .await
}
