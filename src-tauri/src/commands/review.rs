//! Users, the session's user, and review: submit, approve, return.

use kaifang_core::auth::{self, AuthError, Role, User};
use kaifang_core::error::Coded;
use kaifang_core::review::{self, Decisions, QueueItem, ReviewChanges, ReviewEntry};
use kaifang_core::ErrorPayload;
use secrecy::SecretString;
use tauri::State;

use super::{blocking, id};
use crate::state::lock;
use crate::AppState;

#[tauri::command]
pub async fn users_list(state: State<'_, AppState>) -> Result<Vec<User>, ErrorPayload> {
    let ws = state.workspace()?;
    blocking(move || Ok(review::users(lock(&ws).conn())?)).await
}

/// Adds a user with the passphrase they typed (or grants an existing user more
/// roles): a steward action, except for a new workspace's first user.
#[tauri::command]
pub async fn user_add(
    state: State<'_, AppState>,
    name: String,
    roles: Vec<Role>,
    passphrase: Option<String>,
) -> Result<User, ErrorPayload> {
    let ws = state.workspace()?;
    let first = auth::first_run(lock(&ws).conn())?;
    let by = if first { None } else { Some(state.steward()?) };
    let source = state.source();
    let pass = passphrase.map(SecretString::from);
    blocking(move || Ok(auth::add_user(&mut lock(&ws), &name, &roles, pass.as_ref(), by.as_deref(), source)?)).await
}

/// Sets a passphrase: your own (with the current one), anyone's as an unlocked
/// steward, or your own first one on a workspace where nobody has one yet.
#[tauri::command]
pub async fn user_set_passphrase(
    state: State<'_, AppState>,
    name: String,
    passphrase: String,
    current: Option<String>,
) -> Result<User, ErrorPayload> {
    let ws = state.workspace()?;
    let source = state.source();
    let own = state.user_name().as_deref() == Some(name.as_str());
    let steward = if own || current.is_some() { None } else { state.steward().ok() };
    let (user, proof) = blocking(move || {
        let mut ws = lock(&ws);
        let proof = match current {
            Some(c) => Some(auth::unlock(&mut ws, &name, &SecretString::from(c), source, "passphrase")?),
            None => None,
        };
        let by = proof.as_ref().or(steward.as_deref());
        let new = SecretString::from(passphrase);
        let user = auth::set_passphrase(&mut ws, &name, &new, by, source)?;
        // Your own keys were sealed anew: act on with them, unlocked by the new passphrase.
        let proof =
            if proof.is_some() { Some(auth::unlock(&mut ws, &name, &new, source, "passphrase")?) } else { None };
        Ok((user, proof))
    })
    .await?;
    if let Some(p) = proof {
        state.set_session(p);
    }
    Ok(user)
}

/// Chooses who is using the app (the top bar's user switch): their passphrase
/// proves it, and unlocks steward actions for a steward.
#[tauri::command]
pub async fn session_set_user(
    state: State<'_, AppState>,
    name: String,
    passphrase: String,
) -> Result<User, ErrorPayload> {
    sign_in(&state, name, passphrase, "switch").await
}

/// Checks the passphrase and makes `name` the acting user; `purpose` goes to the audit log.
async fn sign_in(
    state: &AppState,
    name: String,
    passphrase: String,
    purpose: &'static str,
) -> Result<User, ErrorPayload> {
    let ws = state.workspace()?;
    let source = state.source();
    let (user, unlocked) = blocking(move || {
        let mut ws = lock(&ws);
        let unlocked = auth::unlock(&mut ws, &name, &SecretString::from(passphrase), source, purpose)?;
        let user = auth::user(ws.conn(), &name)?.ok_or_else(|| AuthError::UserUnknown(name.clone()).payload())?;
        Ok((user, unlocked))
    })
    .await?;
    state.set_session(unlocked);
    Ok(user)
}

/// Unlocks the acting steward again (asked after 10 idle minutes).
#[tauri::command]
pub async fn session_unlock(state: State<'_, AppState>, passphrase: String) -> Result<User, ErrorPayload> {
    let name = state.user_name().ok_or_else(|| AuthError::UnlockRequired.payload())?;
    sign_in(&state, name, passphrase, "unlock").await
}

/// Locks steward actions until the passphrase is typed again.
#[tauri::command]
pub async fn session_lock(state: State<'_, AppState>) -> Result<(), ErrorPayload> {
    state.relock();
    Ok(())
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
    confirm_special: bool,
) -> Result<String, ErrorPayload> {
    let ws = state.workspace()?;
    let by = state.steward()?;
    blocking(move || {
        let mut ws = lock(&ws);
        let id = id(&ws, &dataset)?;
        Ok(review::approve_confirmed(&mut ws, id, &by, comment.as_deref(), confirm_special)?)
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
    let by = state.steward()?;
    blocking(move || {
        let mut ws = lock(&ws);
        let id = id(&ws, &dataset)?;
        Ok(review::return_submission(&mut ws, id, &by, &comment, &targeted)?)
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

/// Every column's decision, the checklist and what is unusual: the clerk's
/// summary before submitting and the steward's before approving.
#[tauri::command]
pub async fn review_decisions(state: State<'_, AppState>, dataset: String) -> Result<Decisions, ErrorPayload> {
    let ws = state.workspace()?;
    blocking(move || {
        let ws = lock(&ws);
        Ok(review::decisions(ws.conn(), id(&ws, &dataset)?)?)
    })
    .await
}
