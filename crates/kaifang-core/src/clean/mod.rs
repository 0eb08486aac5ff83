//! Cleaning with a history: typed steps applied to a derived version, undo and
//! redo that survive a restart, removing or editing a step in the middle, and
//! recipes replayed on next month's file.
//!
//! The imported version is never changed. The first step copies it into a
//! derived version (its metadata, dictionary and masking carried over, as for a
//! new import); every step changes that copy and keeps the old values of the
//! cells it changed (`clean_undo`), so undoing a step touches only those cells.
//! Removing or editing a step in the middle undoes the later steps, changes the
//! one, and applies the later ones again: a later step that no longer fits (its
//! column is gone) is marked skipped with the reason, and the rest go on.
//! Steps undone and then replaced by a new step are kept as a branch.
//!
//! After every change the changed columns are profiled again, the personal-data
//! scan of the first rows is refreshed (the whole-table scan runs again before
//! submitting, as after an import) and the life cycle hears of the edit.

pub mod cluster;
pub mod ops;

use std::collections::{BTreeMap, HashSet};
use std::path::Path;

use rusqlite::{params, Connection, OptionalExtension, Transaction};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::audit::Actor;
use crate::clock::now_rfc3339;
use crate::dataset::{col, DatasetError};
use crate::error::{params as p, Coded, ErrorCode};
use crate::lifecycle::{self, DatasetId, Edit};
use crate::profile::ColumnProfiler;
pub use ops::{Filter, Op, Step, Test};

/// Samples of before → after kept per step.
const SAMPLES: usize = 5;
/// Source rows of removed duplicates listed per step.
const REMOVED_LISTED: usize = 20;
/// The format of an exported recipe.
pub const RECIPE_FORMAT: &str = "kaifang-recipe/1";

#[derive(Debug, thiserror::Error)]
pub enum CleanError {
    #[error(transparent)]
    Dataset(#[from] DatasetError),
    #[error("the step names column {column}, which the dataset does not have")]
    ColumnMissing { column: String },
    #[error("a column named {column} exists already")]
    ColumnExists { column: String },
    #[error("the step cannot apply: {reason}")]
    StepInvalid { reason: String },
    #[error("nothing to undo")]
    NothingToUndo,
    #[error("nothing to redo")]
    NothingToRedo,
    #[error("no step {step} in the history")]
    StepNotFound { step: i64 },
    #[error("no kept branch {branch}")]
    BranchNotFound { branch: i64 },
    #[error("not a Kaifang cleaning recipe: {reason}")]
    RecipeInvalid { reason: String },
    #[error("the recipe's columns {columns} have no match in this version")]
    RecipeUnmapped { columns: String },
    #[error("{path}: {source}")]
    File { path: String, source: std::io::Error },
    #[error(transparent)]
    Sensitive(#[from] crate::sensitive::SensitiveError),
}

impl From<rusqlite::Error> for CleanError {
    fn from(e: rusqlite::Error) -> Self {
        CleanError::Dataset(DatasetError::from(e))
    }
}

impl Coded for CleanError {
    fn code(&self) -> ErrorCode {
        match self {
            CleanError::Dataset(e) => e.code(),
            CleanError::Sensitive(e) => e.code(),
            CleanError::ColumnMissing { .. } => ErrorCode::CleanColumnMissing,
            CleanError::ColumnExists { .. } => ErrorCode::CleanColumnExists,
            CleanError::StepInvalid { .. } => ErrorCode::CleanStepInvalid,
            CleanError::NothingToUndo => ErrorCode::CleanNothingToUndo,
            CleanError::NothingToRedo => ErrorCode::CleanNothingToRedo,
            CleanError::StepNotFound { .. } => ErrorCode::CleanStepNotFound,
            CleanError::BranchNotFound { .. } => ErrorCode::CleanStepNotFound,
            CleanError::RecipeInvalid { .. } => ErrorCode::CleanRecipeInvalid,
            CleanError::RecipeUnmapped { .. } => ErrorCode::CleanRecipeUnmapped,
            CleanError::File { .. } => ErrorCode::Io,
        }
    }

    fn params(&self) -> BTreeMap<String, String> {
        match self {
            CleanError::Dataset(e) => e.params(),
            CleanError::Sensitive(e) => e.params(),
            CleanError::ColumnMissing { column } | CleanError::ColumnExists { column } => {
                p([("column", column.clone())])
            }
            CleanError::StepInvalid { reason } | CleanError::RecipeInvalid { reason } => {
                p([("reason", reason.clone())])
            }
            CleanError::StepNotFound { step } => p([("step", step.to_string())]),
            CleanError::BranchNotFound { branch } => p([("step", format!("branch {branch}"))]),
            CleanError::RecipeUnmapped { columns } => p([("columns", columns.clone())]),
            CleanError::File { path, .. } => p([("path", path.clone())]),
            CleanError::NothingToUndo | CleanError::NothingToRedo => BTreeMap::new(),
        }
    }
}

/// What a step did (or why it did nothing).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, TS)]
#[ts(rename = "StepOutcome")]
pub struct Outcome {
    /// Rows with at least one changed cell (or removed, for a dedupe).
    #[ts(type = "number")]
    pub rows: u64,
    #[ts(type = "number")]
    pub cells: u64,
    /// Up to five changes, before → after.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub samples: Vec<(String, String)>,
    /// The forms the values were found in (dates: `dots`, `excel_serial` …).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    #[ts(type = "Record<string, number>")]
    pub forms: BTreeMap<String, u64>,
    /// Non-empty values the step could not read (a date that is none).
    #[serde(default, skip_serializing_if = "is_zero")]
    #[ts(type = "number")]
    pub unreadable: u64,
    /// Source rows of the first removed duplicates.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    #[ts(type = "Array<number>")]
    pub removed: Vec<i64>,
    /// Columns the step added, after the `width_before` there were.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub added: Vec<String>,
    #[serde(default)]
    pub width_before: usize,
    /// Positions of the columns whose cells the step changed.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub touched: Vec<usize>,
    /// A column's dictionary unit before the step set it (万元 → 元).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unit_before: Option<(usize, Option<String>)>,
    /// Why a step was skipped when the history was replayed (the error it
    /// met, for the hosts to say in the user's language).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub skipped: Option<crate::error::ErrorPayload>,
}

fn is_zero(n: &u64) -> bool {
    *n == 0
}

/// A step in a history.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct StepRecord {
    #[ts(type = "number")]
    pub id: i64,
    #[ts(type = "number")]
    pub position: i64,
    pub step: Step,
    /// `applied`, `skipped` (kept in the history, no longer fits) or `undone`.
    pub state: String,
    pub outcome: Option<Outcome>,
    pub added_by: String,
    pub added_at: String,
}

/// A dataset's cleaning history.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct History {
    /// The derived version the steps change, and the imported one it copies
    /// (`None` before the first step).
    #[ts(type = "number | null")]
    pub version: Option<i64>,
    #[ts(type = "number")]
    pub base_version: i64,
    pub steps: Vec<StepRecord>,
    /// Undone steps set aside when a new step was added, by branch number.
    #[ts(type = "Record<string, Array<StepRecord>>")]
    pub branches: BTreeMap<i64, Vec<StepRecord>>,
}

/// The steps of a history and the headers they expect, to replay on another
/// version (next month's file).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct Recipe {
    pub format: String,
    pub headers: Vec<String>,
    pub steps: Vec<Step>,
}

/// What replaying a recipe did (or would do, in a preview).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct RecipeRun {
    /// Recipe header → this version's column, where the names differ.
    pub mapped: BTreeMap<String, String>,
    pub steps: Vec<(Step, Outcome)>,
    pub preview: bool,
}

/// The version cleaning works on.
struct Target {
    dataset: DatasetId,
    id: i64,
    table: String,
    names: Vec<String>,
}

impl Target {
    fn load(conn: &Connection, dataset: DatasetId, id: i64) -> rusqlite::Result<Target> {
        let table: String =
            conn.query_row("SELECT data_table FROM dataset_versions WHERE id = ?1", [id], |r| r.get(0))?;
        let mut stmt = conn.prepare("SELECT name FROM columns WHERE version_id = ?1 ORDER BY position")?;
        let names = stmt.query_map([id], |r| r.get(0))?.collect::<Result<_, _>>()?;
        Ok(Target { dataset, id, table, names })
    }

    fn position(&self, name: &str) -> Result<usize, CleanError> {
        self.names.iter().position(|n| n == name).ok_or_else(|| CleanError::ColumnMissing { column: name.to_owned() })
    }
}

/// The latest version: (id, version number, the version it was derived from).
fn latest(conn: &Connection, dataset: DatasetId) -> Result<(i64, i64, Option<i64>), CleanError> {
    conn.query_row(
        "SELECT id, version, derived_from FROM dataset_versions WHERE dataset_id = ?1 ORDER BY version DESC LIMIT 1",
        [dataset],
        |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
    )
    .optional()?
    .ok_or_else(|| CleanError::Dataset(DatasetError::NotFound(dataset.to_string())))
}

/// The derived version cleaning changes, made from the latest version when
/// `create` and there is none yet.
fn derived(
    tx: &Transaction<'_>,
    dataset: DatasetId,
    actor: &Actor,
    create: bool,
) -> Result<Option<Target>, CleanError> {
    let (id, _, from) = latest(tx, dataset)?;
    if from.is_some() {
        return Ok(Some(Target::load(tx, dataset, id)?));
    }
    if !create {
        return Ok(None);
    }
    let now = now_rfc3339();
    tx.execute(
        "INSERT INTO dataset_versions (dataset_id, version, source_name, source_sha256, source_size, format, encoding,
                                       sheet, row_count, column_count, data_table, report, imported_at, imported_by,
                                       derived_from)
         SELECT dataset_id, version + 1, source_name, source_sha256, source_size, format, encoding, sheet, row_count,
                column_count, 'pending:clean:' || id, report, ?2, ?3, id
         FROM dataset_versions WHERE id = ?1",
        params![id, now, actor.name],
    )?;
    let new = tx.last_insert_rowid();
    let table = format!("data_{new}");
    tx.execute("UPDATE dataset_versions SET data_table = ?1 WHERE id = ?2", params![table, new])?;
    let (base_table, create_sql): (String, String) = tx.query_row(
        "SELECT v.data_table, m.sql FROM dataset_versions v JOIN sqlite_master m ON m.name = v.data_table WHERE v.id = ?1",
        [id],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )?;
    let create_sql = create_sql.replacen(&base_table, &table, 1);
    tx.execute_batch(&format!("{create_sql}; INSERT INTO {table} SELECT * FROM {base_table};"))?;
    tx.execute(
        "INSERT INTO columns (version_id, position, name, group_name, type, profile)
         SELECT ?1, position, name, group_name, type, profile FROM columns WHERE version_id = ?2",
        params![new, id],
    )?;
    tx.execute(
        "INSERT INTO findings (version_id, kind, column_position, count, rows)
         SELECT ?1, kind, column_position, count, rows FROM findings WHERE version_id = ?2",
        params![new, id],
    )?;
    crate::metadata::init_version(tx, new, Some(id))?;
    crate::sensitive::init_version(tx, dataset, new, Some(id), None)?;
    Ok(Some(Target::load(tx, dataset, new)?))
}

fn record(r: &rusqlite::Row<'_>) -> rusqlite::Result<(i64, StepRecord)> {
    let step: String = r.get(3)?;
    let outcome: Option<String> = r.get(5)?;
    let bad =
        |e: serde_json::Error| rusqlite::Error::FromSqlConversionFailure(3, rusqlite::types::Type::Text, e.into());
    Ok((
        r.get(1)?,
        StepRecord {
            id: r.get(0)?,
            position: r.get(2)?,
            step: serde_json::from_str(&step).map_err(bad)?,
            state: r.get(4)?,
            outcome: outcome.as_deref().map(serde_json::from_str).transpose().map_err(bad)?,
            added_by: r.get(6)?,
            added_at: r.get(7)?,
        },
    ))
}

/// Every step of a version's history and kept branches, in order.
fn steps(conn: &Connection, version_id: i64) -> rusqlite::Result<Vec<(i64, StepRecord)>> {
    let mut stmt = conn.prepare(
        "SELECT id, branch, position, step, state, outcome, added_by, added_at FROM clean_steps
         WHERE version_id = ?1 ORDER BY branch, position",
    )?;
    let rows = stmt.query_map([version_id], record)?.collect();
    rows
}

/// The dataset's cleaning history (empty before the first step).
pub fn history(conn: &Connection, dataset: DatasetId) -> Result<History, CleanError> {
    let (id, version, from) = latest(conn, dataset)?;
    let Some(base) = from else {
        return Ok(History { version: None, base_version: version, steps: Vec::new(), branches: BTreeMap::new() });
    };
    let base_version: i64 =
        conn.query_row("SELECT version FROM dataset_versions WHERE id = ?1", [base], |r| r.get(0))?;
    let mut h = History { version: Some(version), base_version, steps: Vec::new(), branches: BTreeMap::new() };
    for (branch, s) in steps(conn, id)? {
        if branch == 0 {
            h.steps.push(s);
        } else {
            h.branches.entry(branch).or_default().push(s);
        }
    }
    Ok(h)
}

/// Applies a new step at the end of the history. Undone steps at the end are
/// set aside as a branch, not lost.
pub fn apply(tx: &Transaction<'_>, dataset: DatasetId, step: &Step, actor: &Actor) -> Result<StepRecord, CleanError> {
    check(step)?;
    let mut t = derived(tx, dataset, actor, true)?.ok_or(CleanError::NothingToUndo)?;
    let undone: i64 = tx.query_row(
        "SELECT count(*) FROM clean_steps WHERE version_id = ?1 AND branch = 0 AND state = 'undone'",
        [t.id],
        |r| r.get(0),
    )?;
    if undone > 0 {
        // Their kept cells were taken on rows that are about to change.
        tx.execute(
            "DELETE FROM clean_undo WHERE step_id IN (
                 SELECT id FROM clean_steps WHERE version_id = ?1 AND branch = 0 AND state = 'undone')",
            [t.id],
        )?;
        tx.execute(
            "UPDATE clean_steps SET branch = (SELECT coalesce(max(branch), 0) + 1 FROM clean_steps WHERE version_id = ?1)
             WHERE version_id = ?1 AND branch = 0 AND state = 'undone'",
            [t.id],
        )?;
    }
    let position: i64 = tx.query_row(
        "SELECT coalesce(max(position), 0) + 1 FROM clean_steps WHERE version_id = ?1 AND branch = 0",
        [t.id],
        |r| r.get(0),
    )?;
    let json = serde_json::to_string(step).unwrap_or_default();
    tx.execute(
        "INSERT INTO clean_steps (version_id, branch, position, step, state, added_by, added_at)
         VALUES (?1, 0, ?2, ?3, 'applied', ?4, ?5)",
        params![t.id, position, json, actor.name, now_rfc3339()],
    )?;
    let id = tx.last_insert_rowid();
    // A new step that does not fit is refused, not kept as skipped.
    let outcome = run(tx, &mut t, id, step)?;
    save_outcome(tx, id, "applied", &outcome)?;
    changed(tx, &t, actor, "clean.applied", serde_json::json!({ "step": id, "op": step.op.name() }))?;
    let record = steps(tx, t.id)?.into_iter().map(|(_, s)| s).find(|s| s.id == id);
    record.ok_or(CleanError::StepNotFound { step: id })
}

/// What a step would do, without keeping anything: applied and rolled back.
pub fn preview(tx: &Transaction<'_>, dataset: DatasetId, step: &Step, actor: &Actor) -> Result<Outcome, CleanError> {
    tx.execute_batch("SAVEPOINT clean_preview")?;
    let result = apply(tx, dataset, step, actor);
    tx.execute_batch("ROLLBACK TO clean_preview; RELEASE clean_preview")?;
    Ok(result?.outcome.unwrap_or_default())
}

/// Undoes the last applied step.
pub fn undo(tx: &Transaction<'_>, dataset: DatasetId, actor: &Actor) -> Result<StepRecord, CleanError> {
    let mut t = derived(tx, dataset, actor, false)?.ok_or(CleanError::NothingToUndo)?;
    let last = steps(tx, t.id)?.into_iter().rev().find(|(b, s)| *b == 0 && s.state != "undone").map(|(_, s)| s);
    let mut last = last.ok_or(CleanError::NothingToUndo)?;
    if last.state == "applied" {
        revert(tx, &mut t, last.id, last.outcome.as_ref())?;
    }
    tx.execute("UPDATE clean_steps SET state = 'undone' WHERE id = ?1", [last.id])?;
    last.state = "undone".into();
    changed(tx, &t, actor, "clean.undone", serde_json::json!({ "step": last.id, "op": last.step.op.name() }))?;
    Ok(last)
}

/// Applies again the first undone step.
pub fn redo(tx: &Transaction<'_>, dataset: DatasetId, actor: &Actor) -> Result<StepRecord, CleanError> {
    let mut t = derived(tx, dataset, actor, false)?.ok_or(CleanError::NothingToRedo)?;
    let next = steps(tx, t.id)?.into_iter().find(|(b, s)| *b == 0 && s.state == "undone").map(|(_, s)| s);
    let mut next = next.ok_or(CleanError::NothingToRedo)?;
    // The rows are as they were when the step was undone: its kept cells are
    // written again. A step without them (restored from a branch, or one that
    // adds columns) runs again.
    let kept: bool =
        tx.query_row("SELECT EXISTS (SELECT 1 FROM clean_undo WHERE step_id = ?1)", [next.id], |r| r.get(0))?;
    match (&next.outcome, kept && next.step.op.adds().is_empty()) {
        (Some(o), true) if o.skipped.is_none() => {
            restore(tx, &t, next.id, &next.step, o)?;
            tx.execute("UPDATE clean_steps SET state = 'applied' WHERE id = ?1", [next.id])?;
            next.state = "applied".into();
        }
        _ => {
            let (state, outcome) = replay(tx, &mut t, next.id, &next.step)?;
            next.state = state.into();
            next.outcome = Some(outcome);
        }
    }
    changed(tx, &t, actor, "clean.redone", serde_json::json!({ "step": next.id, "op": next.step.op.name() }))?;
    Ok(next)
}

/// Removes a step from the history (`replacement: None`) or changes it; the
/// later steps are applied again, and those that no longer fit are skipped.
/// Returns the history after.
pub fn rewrite(
    tx: &Transaction<'_>,
    dataset: DatasetId,
    step_id: i64,
    replacement: Option<&Step>,
    actor: &Actor,
) -> Result<History, CleanError> {
    if let Some(s) = replacement {
        check(s)?;
    }
    let mut t = derived(tx, dataset, actor, false)?.ok_or(CleanError::StepNotFound { step: step_id })?;
    let all: Vec<StepRecord> = steps(tx, t.id)?.into_iter().filter(|(b, _)| *b == 0).map(|(_, s)| s).collect();
    let at = all.iter().position(|s| s.id == step_id).ok_or(CleanError::StepNotFound { step: step_id })?;
    // Only the later steps the change reaches are undone and applied again;
    // the others touch other columns and stay as they are.
    let mut reached = Reach::of(&all[at].step);
    match replacement {
        Some(r) => reached.join(&Reach::of(r)),
        // A removed step reads nothing any more.
        None => {
            reached.reads.clear();
            reached.reads_all = false;
        }
    }
    let mut again: Vec<&StepRecord> = Vec::new();
    for s in &all[at + 1..] {
        if s.state == "undone" {
            continue;
        }
        let r = Reach::of(&s.step);
        // A skipped step may fit now.
        if s.state == "skipped" || reached.reaches(&r) {
            reached.join(&r);
            again.push(s);
        }
    }
    // Undo them, newest first, then the step itself.
    for s in again.iter().rev().copied().chain(std::iter::once(&all[at])) {
        if s.state == "applied" {
            revert(tx, &mut t, s.id, s.outcome.as_ref())?;
        }
    }
    match replacement {
        None => {
            tx.execute("DELETE FROM clean_steps WHERE id = ?1", [step_id])?;
            tx.execute(
                "UPDATE clean_steps SET position = position - 1 WHERE version_id = ?1 AND branch = 0 AND position > ?2",
                params![t.id, all[at].position],
            )?;
        }
        Some(s) => {
            tx.execute(
                "UPDATE clean_steps SET step = ?1 WHERE id = ?2",
                params![serde_json::to_string(s).unwrap_or_default(), step_id],
            )?;
        }
    }
    // Undone steps after it run again when redone: their kept cells are of
    // rows before this change.
    tx.execute(
        "DELETE FROM clean_undo WHERE step_id IN (
             SELECT id FROM clean_steps WHERE version_id = ?1 AND branch = 0 AND state = 'undone' AND position > ?2)",
        params![t.id, all[at].position],
    )?;
    if let Some(r) = replacement {
        replay(tx, &mut t, step_id, r)?;
    }
    for s in again {
        replay(tx, &mut t, s.id, &s.step)?;
    }
    let (action, op) = match replacement {
        None => ("clean.removed", all[at].step.op.name()),
        Some(s) => ("clean.edited", s.op.name()),
    };
    changed(tx, &t, actor, action, serde_json::json!({ "step": step_id, "op": op }))?;
    history(tx, dataset)
}

/// Puts a kept branch back as the steps to redo; the steps waiting to be
/// redone now (if any) become a branch in their place.
pub fn restore_branch(
    tx: &Transaction<'_>,
    dataset: DatasetId,
    branch: i64,
    actor: &Actor,
) -> Result<History, CleanError> {
    let t = derived(tx, dataset, actor, false)?.ok_or(CleanError::BranchNotFound { branch })?;
    let n: i64 = tx.query_row(
        "SELECT count(*) FROM clean_steps WHERE version_id = ?1 AND branch = ?2",
        params![t.id, branch],
        |r| r.get(0),
    )?;
    if branch <= 0 || n == 0 {
        return Err(CleanError::BranchNotFound { branch });
    }
    let top: i64 = tx.query_row(
        "SELECT coalesce(max(position), 0) FROM clean_steps WHERE version_id = ?1 AND branch = 0 AND state != 'undone'",
        [t.id],
        |r| r.get(0),
    )?;
    tx.execute("UPDATE clean_steps SET branch = -1 WHERE version_id = ?1 AND branch = 0 AND state = 'undone'", [t.id])?;
    // The branch's steps follow the applied ones, in their order.
    tx.execute(
        "UPDATE clean_steps SET branch = 0, state = 'undone',
             position = ?3 + (SELECT count(*) FROM clean_steps o WHERE o.version_id = ?1 AND o.branch = ?2
                                                                    AND o.position <= clean_steps.position)
         WHERE version_id = ?1 AND branch = ?2",
        params![t.id, branch, top],
    )?;
    tx.execute("UPDATE clean_steps SET branch = ?2 WHERE version_id = ?1 AND branch = -1", params![t.id, branch])?;
    lifecycle::edited(
        tx,
        dataset,
        actor,
        Edit { action: "clean.branch_restored", detail: serde_json::json!({ "branch": branch }) },
    )?;
    history(tx, dataset)
}

/// The applied steps as a recipe, with the headers of the version they
/// started from.
pub fn recipe(conn: &Connection, dataset: DatasetId) -> Result<Recipe, CleanError> {
    let (id, _, from) = latest(conn, dataset)?;
    recipe_of(conn, id, from)
}

/// The recipe of the last cleaned version before the latest one: last month's
/// cleaning, for the file just imported into the dataset (`None` when no
/// earlier version was cleaned).
pub fn previous_recipe(conn: &Connection, dataset: DatasetId) -> Result<Option<Recipe>, CleanError> {
    let (latest_id, _, _) = latest(conn, dataset)?;
    let found: Option<(i64, i64)> = conn
        .query_row(
            "SELECT id, derived_from FROM dataset_versions
             WHERE dataset_id = ?1 AND derived_from IS NOT NULL AND id != ?2 ORDER BY version DESC LIMIT 1",
            params![dataset, latest_id],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .optional()?;
    match found {
        Some((id, base)) => Ok(Some(recipe_of(conn, id, Some(base))?).filter(|r| !r.steps.is_empty())),
        None => Ok(None),
    }
}

/// Last month's cleaning offered for the version just imported: its steps,
/// the headers matched to this version's columns where the names differ, and
/// those still without a match (to ask about).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct Previous {
    /// The cleaned version the steps come from.
    #[ts(type = "number")]
    pub version: i64,
    pub steps: Vec<Step>,
    pub mapped: BTreeMap<String, String>,
    pub unmapped: Vec<String>,
}

/// [`previous_recipe`] with its columns matched to the latest version, when
/// the latest version is not cleaned yet and an earlier one was.
pub fn previous(conn: &Connection, dataset: DatasetId) -> Result<Option<Previous>, CleanError> {
    let (_, _, from) = latest(conn, dataset)?;
    if from.is_some() {
        return Ok(None);
    }
    let Some(recipe) = previous_recipe(conn, dataset)? else { return Ok(None) };
    let version: i64 = conn.query_row(
        "SELECT version FROM dataset_versions WHERE dataset_id = ?1 AND derived_from IS NOT NULL ORDER BY version DESC LIMIT 1",
        [dataset],
        |r| r.get(0),
    )?;
    let RecipeOffer { steps, mapped, unmapped } = offer(conn, dataset, recipe)?;
    Ok(Some(Previous { version, steps, mapped, unmapped }))
}

fn recipe_of(conn: &Connection, id: i64, from: Option<i64>) -> Result<Recipe, CleanError> {
    let base = from.unwrap_or(id);
    let mut stmt = conn.prepare("SELECT name FROM columns WHERE version_id = ?1 ORDER BY position")?;
    let headers = stmt.query_map([base], |r| r.get(0))?.collect::<Result<_, _>>()?;
    let steps = match from {
        Some(_) => {
            steps(conn, id)?.into_iter().filter(|(b, s)| *b == 0 && s.state == "applied").map(|(_, s)| s.step).collect()
        }
        None => Vec::new(),
    };
    Ok(Recipe { format: RECIPE_FORMAT.to_owned(), headers, steps })
}

/// A step as it travels with a submission: what it did and its counts.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct PortableStep {
    pub step: Step,
    /// `applied` or `skipped`.
    pub state: String,
    #[ts(type = "number")]
    pub rows: u64,
    #[ts(type = "number")]
    pub cells: u64,
}

/// The cleaning of the dataset's latest version, as a submission carries it:
/// its own history's steps (undone ones left out), or the steps received with
/// it in a bundle. `None` when the version was not cleaned.
pub fn portable(conn: &Connection, dataset: DatasetId) -> Result<Option<Vec<PortableStep>>, CleanError> {
    let (id, _, from) = latest(conn, dataset)?;
    if from.is_none() {
        let received: Option<String> =
            conn.query_row("SELECT steps FROM version_recipes WHERE version_id = ?1", [id], |r| r.get(0)).optional()?;
        return Ok(match received {
            Some(text) => {
                Some(serde_json::from_str(&text).map_err(|e| CleanError::RecipeInvalid { reason: e.to_string() })?)
            }
            None => None,
        });
    }
    let steps: Vec<PortableStep> = steps(conn, id)?
        .into_iter()
        .filter(|(b, s)| *b == 0 && s.state != "undone")
        .map(|(_, s)| {
            let o = s.outcome.unwrap_or_default();
            PortableStep { step: s.step, state: s.state, rows: o.rows, cells: o.cells }
        })
        .collect();
    Ok((!steps.is_empty()).then_some(steps))
}

/// Keeps the cleaning steps a version arrived with (a bundle).
pub fn restore_portable(tx: &Transaction<'_>, version_id: i64, steps: &[PortableStep]) -> rusqlite::Result<()> {
    tx.execute("DELETE FROM version_recipes WHERE version_id = ?1", [version_id])?;
    if !steps.is_empty() {
        tx.execute(
            "INSERT INTO version_recipes (version_id, steps) VALUES (?1, ?2)",
            params![version_id, serde_json::to_string(steps).unwrap_or_default()],
        )?;
    }
    Ok(())
}

/// A recipe file larger than this is not one (a recipe of a thousand steps
/// is a few hundred kilobytes).
pub const RECIPE_MAX_BYTES: u64 = 4 << 20;

/// Writes the dataset's recipe to `path` (whole or not at all: a part file
/// renamed into place).
pub fn write_recipe_file(conn: &Connection, dataset: DatasetId, path: &Path) -> Result<Recipe, CleanError> {
    let r = recipe(conn, dataset)?;
    let text = serde_json::to_string_pretty(&r).unwrap_or_default();
    let fail = |e: std::io::Error| CleanError::File { path: path.display().to_string(), source: e };
    let mut part = path.as_os_str().to_owned();
    part.push(".part");
    let part = std::path::PathBuf::from(part);
    std::fs::write(&part, format!("{text}\n")).map_err(fail)?;
    std::fs::rename(&part, path).map_err(|e| {
        let _ = std::fs::remove_file(&part);
        fail(e)
    })?;
    Ok(r)
}

/// Reads a recipe file, refusing one too large to be a recipe.
pub fn read_recipe_file(path: &Path) -> Result<Recipe, CleanError> {
    let fail = |e: std::io::Error| CleanError::File { path: path.display().to_string(), source: e };
    let size = std::fs::metadata(path).map_err(fail)?.len();
    if size > RECIPE_MAX_BYTES {
        return Err(CleanError::RecipeInvalid { reason: format!("{size} bytes") });
    }
    let bytes = std::fs::read(path).map_err(fail)?;
    let text = String::from_utf8(bytes).map_err(|_| CleanError::RecipeInvalid { reason: "not UTF-8".into() })?;
    read_recipe(&text)
}

/// A recipe from a file, offered for the latest version: its steps, the
/// headers matched where the names differ, and those to ask about.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct RecipeOffer {
    pub steps: Vec<Step>,
    pub mapped: BTreeMap<String, String>,
    pub unmapped: Vec<String>,
}

/// A recipe file the user opened (the desktop keeps its path; the web view
/// has the token), matched to the dataset's latest version.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct OpenedRecipe {
    pub file: crate::app::ChosenFile,
    pub offer: RecipeOffer,
}

/// Matches `recipe` to the dataset's latest version ([`map_columns`]).
pub fn offer(conn: &Connection, dataset: DatasetId, recipe: Recipe) -> Result<RecipeOffer, CleanError> {
    let (id, _, _) = latest(conn, dataset)?;
    let names = Target::load(conn, dataset, id)?.names;
    let (mapped, unmapped) = match_columns(&recipe, &names, &BTreeMap::new());
    Ok(RecipeOffer { steps: recipe.steps, mapped, unmapped })
}

/// Reads an exported recipe.
pub fn read_recipe(text: &str) -> Result<Recipe, CleanError> {
    let r: Recipe = serde_json::from_str(text).map_err(|e| CleanError::RecipeInvalid { reason: format!("{e}") })?;
    if r.format != RECIPE_FORMAT {
        return Err(CleanError::RecipeInvalid { reason: format!("format {}", r.format) });
    }
    Ok(r)
}

/// Matches a recipe's headers to a version's columns: the same name, the
/// same folded name (NFKC, spaces and brackets removed), or one name inside the
/// other when only one column fits; `asked` names the user's own answers
/// (recipe header → column). Returns the map of headers whose names differ,
/// or the headers still without a column.
pub fn map_columns(
    recipe: &Recipe,
    names: &[String],
    asked: &BTreeMap<String, String>,
) -> Result<BTreeMap<String, String>, Vec<String>> {
    let (mapped, missing) = match_columns(recipe, names, asked);
    if missing.is_empty() {
        Ok(mapped)
    } else {
        Err(missing)
    }
}

/// [`map_columns`]' matches and the headers still without one.
fn match_columns(
    recipe: &Recipe,
    names: &[String],
    asked: &BTreeMap<String, String>,
) -> (BTreeMap<String, String>, Vec<String>) {
    let used: Vec<&String> = {
        let mut u: Vec<&String> = Vec::new();
        let added: HashSet<String> = recipe.steps.iter().flat_map(|s| s.op.adds()).collect();
        for s in &recipe.steps {
            for c in s.columns.iter().chain(s.filter.as_ref().map(|f| &f.column)) {
                if !added.contains(c) && !u.contains(&c) {
                    u.push(c);
                }
            }
        }
        u
    };
    let mut mapped = BTreeMap::new();
    let mut missing = Vec::new();
    let mut taken: HashSet<&str> = HashSet::new();
    for h in used {
        if let Some(to) = asked.get(h.as_str()) {
            if names.contains(to) {
                mapped.insert(h.clone(), to.clone());
                taken.insert(to);
                continue;
            }
        }
        if names.contains(h) {
            taken.insert(h);
            continue;
        }
        let key = ops::header_key(h);
        let same: Vec<&String> = names.iter().filter(|n| ops::header_key(n) == key).collect();
        let inside: Vec<&String> = names
            .iter()
            .filter(|n| {
                let k = ops::header_key(n);
                !recipe.headers.contains(n) && key.chars().count() >= 2 && (k.contains(&key) || key.contains(&k))
            })
            .collect();
        let found = match (same.as_slice(), inside.as_slice()) {
            ([one], _) | ([], [one]) => Some(*one),
            _ => None,
        };
        match found.filter(|f| !taken.contains(f.as_str())) {
            Some(f) => {
                taken.insert(f);
                mapped.insert(h.clone(), f.clone());
            }
            None => missing.push(h.clone()),
        }
    }
    (mapped, missing)
}

/// Replays a recipe on the dataset's latest version, its columns mapped by
/// [`map_columns`]. A preview applies it and rolls back, keeping only the
/// counts.
pub fn replay_recipe(
    tx: &Transaction<'_>,
    dataset: DatasetId,
    recipe: &Recipe,
    asked: &BTreeMap<String, String>,
    preview: bool,
    actor: &Actor,
) -> Result<RecipeRun, CleanError> {
    let (id, _, _) = latest(tx, dataset)?;
    let names = Target::load(tx, dataset, id)?.names;
    let mapped = map_columns(recipe, &names, asked)
        .map_err(|missing| CleanError::RecipeUnmapped { columns: missing.join("、") })?;
    let rename = |c: &String| mapped.get(c).cloned().unwrap_or_else(|| c.clone());
    tx.execute_batch("SAVEPOINT recipe_preview")?;
    let mut run = RecipeRun { mapped: mapped.clone(), steps: Vec::new(), preview };
    let result = (|| -> Result<(), CleanError> {
        for s in &recipe.steps {
            let mut s = s.clone();
            s.columns = s.columns.iter().map(rename).collect();
            if let Some(f) = s.filter.as_mut() {
                f.column = rename(&f.column);
            }
            let r = apply(tx, dataset, &s, actor)?;
            run.steps.push((s, r.outcome.unwrap_or_default()));
        }
        Ok(())
    })();
    if preview || result.is_err() {
        tx.execute_batch("ROLLBACK TO recipe_preview; RELEASE recipe_preview")?;
    } else {
        tx.execute_batch("RELEASE recipe_preview")?;
    }
    result.map(|()| run)
}

/// What a step reads and changes, by column name: which later steps a change
/// to it reaches.
struct Reach {
    reads: HashSet<String>,
    writes: HashSet<String>,
    /// Reads every column (a dedupe on whole rows).
    reads_all: bool,
    /// Removes rows: every later step's kept cells may name rows that go.
    rows: bool,
    /// Adds columns: later steps that add columns take positions after them.
    adds: bool,
}

impl Reach {
    fn of(s: &Step) -> Reach {
        let added = s.op.adds();
        let mut reads: HashSet<String> = s.columns.iter().cloned().collect();
        reads.extend(s.filter.as_ref().map(|f| f.column.clone()));
        let writes =
            if added.is_empty() { s.columns.iter().cloned().collect() } else { added.iter().cloned().collect() };
        let rows = s.op == Op::Dedupe;
        Reach { reads, writes, reads_all: rows && s.columns.is_empty(), rows, adds: !added.is_empty() }
    }

    /// Whether a later step `r` depends on what this one (so far) changes.
    fn reaches(&self, r: &Reach) -> bool {
        self.rows
            || (self.adds && r.adds)
            // A later removal keeps whole rows, every column as it was then.
            || ((r.reads_all || r.rows) && !self.writes.is_empty())
            || r.reads.iter().chain(&r.writes).any(|c| self.writes.contains(c))
            // Applied again at the end, a step must not see what a later step
            // wrote into what it reads.
            || (self.reads_all && !r.writes.is_empty())
            || r.writes.iter().any(|c| self.reads.contains(c))
    }

    fn join(&mut self, r: &Reach) {
        self.writes.extend(r.writes.iter().cloned());
        self.reads.extend(r.reads.iter().cloned());
        self.reads_all |= r.reads_all;
        self.rows |= r.rows;
        self.adds |= r.adds;
    }
}

/// Refuses a step that cannot apply to any table.
fn check(step: &Step) -> Result<(), CleanError> {
    let invalid = |reason: &str| Err(CleanError::StepInvalid { reason: reason.to_owned() });
    let n = step.columns.len();
    match &step.op {
        Op::Dedupe => {}
        Op::Merge { into, .. } if n < 2 || into.trim().is_empty() => {
            return invalid("merge needs two columns and a name")
        }
        Op::Split { into, separator } => {
            if n != 1 || into.is_empty() {
                return invalid("split needs one column and the names of the new ones");
            }
            if separator.as_deref() == Some("") {
                return invalid("an empty separator");
            }
            if separator.is_none() {
                let levels: Vec<&str> = ops::ADDRESS_LEVELS.iter().map(|(l, _)| *l).collect();
                if let Some(bad) = into.iter().find(|i| !levels.contains(&i.as_str())) {
                    return Err(CleanError::StepInvalid {
                        reason: format!("{bad} is no address level ({})", levels.join("/")),
                    });
                }
            }
        }
        Op::FromId { birth_year: None, sex: None } => return invalid("name a column for the year of birth or the sex"),
        Op::FromId { .. } if n != 1 => return invalid("one ID column"),
        Op::Replace { find, .. } if find.is_empty() => return invalid("nothing to find"),
        _ if n == 0 => return invalid("no column"),
        _ => {}
    }
    let added = step.op.adds();
    if added.iter().any(|a| a.trim().is_empty()) {
        return invalid("a new column needs a name");
    }
    if added.iter().collect::<HashSet<_>>().len() != added.len() {
        return invalid("two new columns with one name");
    }
    Ok(())
}

/// Applies a step again during a replay: applied, or skipped with the reason
/// when it no longer fits.
fn replay(tx: &Transaction<'_>, t: &mut Target, id: i64, step: &Step) -> Result<(&'static str, Outcome), CleanError> {
    tx.execute_batch("SAVEPOINT clean_step")?;
    match run(tx, t, id, step) {
        Ok(o) => {
            tx.execute_batch("RELEASE clean_step")?;
            save_outcome(tx, id, "applied", &o)?;
            Ok(("applied", o))
        }
        Err(
            e @ (CleanError::ColumnMissing { .. } | CleanError::ColumnExists { .. } | CleanError::StepInvalid { .. }),
        ) => {
            tx.execute_batch("ROLLBACK TO clean_step; RELEASE clean_step")?;
            // What it kept before is of rows it no longer changes.
            tx.execute("DELETE FROM clean_undo WHERE step_id = ?1", [id])?;
            *t = Target::load(tx, t.dataset, t.id)?;
            let o = Outcome { skipped: Some(e.payload()), width_before: t.names.len(), ..Outcome::default() };
            save_outcome(tx, id, "skipped", &o)?;
            Ok(("skipped", o))
        }
        Err(e) => Err(e),
    }
}

fn save_outcome(tx: &Transaction<'_>, id: i64, state: &str, o: &Outcome) -> rusqlite::Result<()> {
    tx.execute(
        "UPDATE clean_steps SET state = ?1, outcome = ?2 WHERE id = ?3",
        params![state, serde_json::to_string(o).unwrap_or_default(), id],
    )?;
    Ok(())
}

/// Records that the derived version's rows changed: grid views and the cells
/// digest are stale, the first rows are scanned again, and the life cycle
/// hears of the edit (a submission is withdrawn, an approval voided).
fn changed(
    tx: &Transaction<'_>,
    t: &Target,
    actor: &Actor,
    action: &'static str,
    detail: serde_json::Value,
) -> Result<(), CleanError> {
    let rows: i64 = tx.query_row(&format!("SELECT count(*) FROM {}", t.table), [], |r| r.get(0))?;
    tx.execute(
        "UPDATE dataset_versions SET data_generation = data_generation + 1, cells_sha256 = NULL, row_count = ?1,
             column_count = ?2 WHERE id = ?3",
        params![rows, t.names.len() as i64, t.id],
    )?;
    crate::sensitive::rescan_first_rows(tx, t.dataset, t.id)?;
    lifecycle::edited(tx, t.dataset, actor, Edit { action, detail })?;
    Ok(())
}

/// One value's change, and the sample and counts it adds to.
struct Tally {
    outcome: Outcome,
    rows: HashSet<i64>,
}

impl Tally {
    fn new(width: usize) -> Self {
        Tally { outcome: Outcome { width_before: width, ..Outcome::default() }, rows: HashSet::new() }
    }

    fn change(&mut self, row: i64, before: &str, after: &str) {
        self.outcome.cells += 1;
        self.rows.insert(row);
        if self.outcome.samples.len() < SAMPLES && !self.outcome.samples.iter().any(|(b, _)| b == before) {
            self.outcome.samples.push((before.to_owned(), after.to_owned()));
        }
    }

    fn finish(mut self) -> Outcome {
        self.outcome.rows = self.outcome.rows.max(self.rows.len() as u64);
        self.outcome
    }
}

/// Applies `step` (stored as `id`) to the target's rows, keeping the old
/// values for undo.
fn run(tx: &Transaction<'_>, t: &mut Target, id: i64, step: &Step) -> Result<Outcome, CleanError> {
    let cols: Vec<usize> = step.columns.iter().map(|c| t.position(c)).collect::<Result<_, _>>()?;
    let filter = match &step.filter {
        Some(f) => {
            let at = t.position(&f.column)?;
            let most = match f.test {
                // What is invalid depends on what most values are.
                Test::Invalid => {
                    let mut stmt = tx.prepare(&format!("SELECT {} FROM {} WHERE {0} IS NOT NULL", col(at), t.table))?;
                    let values: Vec<String> = stmt.query_map([], |r| r.get(0))?.collect::<Result<_, _>>()?;
                    ops::most_common_kind(values.iter().map(String::as_str))
                }
                _ => crate::profile::infer::Kind::Text,
            };
            Some((at, &f.test, most))
        }
        None => None,
    };
    for a in step.op.adds() {
        if t.names.contains(&a) {
            return Err(CleanError::ColumnExists { column: a });
        }
    }
    // Cells kept by an earlier run of the step are of rows before a change.
    tx.execute("DELETE FROM clean_undo WHERE step_id = ?1", [id])?;
    let mut tally = Tally::new(t.names.len());
    let table = t.table.clone();
    match &step.op {
        Op::Dedupe => dedupe(tx, t, id, &cols, filter, &mut tally)?,
        Op::FillDown => {
            for &c in &cols {
                let mut above: Option<String> = None;
                let mut changes = Vec::new();
                for_rows(tx, &table, &[c], filter, |row, vals, passes| {
                    let v = vals[0].as_deref().unwrap_or("");
                    if !v.trim().is_empty() {
                        above = Some(v.to_owned());
                    } else if let (true, Some(a)) = (passes, above.as_ref()) {
                        changes.push((row, vals[0].clone(), Some(a.clone())));
                    }
                })?;
                write_cells(tx, &table, id, c, &changes, &mut tally)?;
            }
        }
        Op::Split { .. } | Op::Merge { .. } | Op::FromId { .. } => add_columns(tx, t, step, &cols, filter, &mut tally)?,
        op => {
            for &c in &cols {
                let mut changes = Vec::new();
                for_rows(tx, &table, &[c], filter, |row, vals, passes| {
                    let Some(v) = vals[0].as_deref() else { return };
                    if !passes {
                        return;
                    }
                    let after = cell_op(op, v, &mut tally.outcome);
                    if let Some(a) = after.filter(|a| a != v) {
                        changes.push((row, Some(v.to_owned()), (!a.is_empty()).then_some(a)));
                    }
                })?;
                write_cells(tx, &table, id, c, &changes, &mut tally)?;
                if let Op::Numbers { from_wan: true } = op {
                    let unit: Option<String> = tx.query_row(
                        "SELECT unit FROM columns WHERE version_id = ?1 AND position = ?2",
                        params![t.id, c as i64],
                        |r| r.get(0),
                    )?;
                    tally.outcome.unit_before = Some((c, unit));
                    tx.execute(
                        "UPDATE columns SET unit = '元' WHERE version_id = ?1 AND position = ?2",
                        params![t.id, c as i64],
                    )?;
                }
            }
        }
    }
    let mut outcome = tally.finish();
    let touched: Vec<usize> = match &step.op {
        Op::Dedupe => (0..t.names.len()).collect(),
        Op::Split { .. } | Op::Merge { .. } | Op::FromId { .. } => (outcome.width_before..t.names.len()).collect(),
        _ => {
            outcome.touched = cols.clone();
            cols
        }
    };
    reprofile(tx, t, &touched)?;
    Ok(outcome)
}

/// One cell's new value under a per-cell operation (`None`: unchanged).
fn cell_op(op: &Op, v: &str, o: &mut Outcome) -> Option<String> {
    match op {
        Op::Trim => Some(ops::trim(v)),
        Op::HalfWidth => Some(ops::half_width(v)),
        Op::Dates => match ops::normalise_date(v) {
            Some((d, form)) => {
                *o.forms.entry(form.to_owned()).or_default() += 1;
                Some(d)
            }
            None => {
                if !v.trim().is_empty() {
                    o.unreadable += 1;
                }
                None
            }
        },
        Op::Numbers { from_wan } => {
            let n = ops::normalise_number(v, *from_wan);
            if n.is_none() && !v.trim().is_empty() {
                o.unreadable += 1;
            }
            n
        }
        Op::Replace { find, replace } => v.contains(find.as_str()).then(|| v.replace(find.as_str(), replace)),
        Op::Map { pairs } => {
            pairs.iter().find(|(from, _)| from == v || from.trim() == v.trim()).map(|(_, to)| to.clone())
        }
        Op::BlankLike { values } => ops::is_blank_like(v, values).then(String::new),
        _ => None,
    }
}

/// Calls `f` for every row in order with the values of `cols` and whether the
/// row passes the filter.
fn for_rows(
    tx: &Transaction<'_>,
    table: &str,
    cols: &[usize],
    filter: Option<(usize, &Test, crate::profile::infer::Kind)>,
    mut f: impl FnMut(i64, &[Option<String>], bool),
) -> rusqlite::Result<()> {
    let mut list: Vec<String> = cols.iter().map(|c| col(*c)).collect();
    if let Some((fc, _, _)) = filter {
        list.push(col(fc));
    }
    let mut stmt = tx.prepare(&format!("SELECT _row, {} FROM {table} ORDER BY _row", list.join(", ")))?;
    let mut rows = stmt.query([])?;
    let mut vals: Vec<Option<String>> = vec![None; cols.len()];
    while let Some(r) = rows.next()? {
        for (i, v) in vals.iter_mut().enumerate() {
            *v = r.get(i + 1)?;
        }
        let passes = match filter {
            Some((_, test, kind)) => {
                test.passes(r.get_ref(cols.len() + 1)?.as_str_or_null().ok().flatten().unwrap_or(""), kind)
            }
            None => true,
        };
        f(r.get(0)?, &vals, passes);
    }
    Ok(())
}

/// Writes changed cells of column `c` and keeps their old values for undo.
fn write_cells(
    tx: &Transaction<'_>,
    table: &str,
    step: i64,
    c: usize,
    changes: &[(i64, Option<String>, Option<String>)],
    tally: &mut Tally,
) -> rusqlite::Result<()> {
    let mut keep =
        tx.prepare_cached("INSERT INTO clean_undo (step_id, col, row, old, new) VALUES (?1, ?2, ?3, ?4, ?5)")?;
    for (row, before, after) in changes {
        keep.execute(params![step, c as i64, row, before, after])?;
        tally.change(*row, before.as_deref().unwrap_or(""), after.as_deref().unwrap_or(""));
    }
    // One statement writes them all, from what was kept.
    set_from_kept(tx, table, step, c, "new")?;
    Ok(())
}

/// Removes rows equal to an earlier one on `cols` (all columns when empty);
/// only rows that pass the filter are removed.
fn dedupe(
    tx: &Transaction<'_>,
    t: &Target,
    id: i64,
    cols: &[usize],
    filter: Option<(usize, &Test, crate::profile::infer::Kind)>,
    tally: &mut Tally,
) -> rusqlite::Result<()> {
    let all: Vec<usize> = (0..t.names.len()).collect();
    let key_cols: &[usize] = if cols.is_empty() { &all } else { cols };
    let mut seen: HashSet<u128> = HashSet::new();
    let mut removed: Vec<i64> = Vec::new();
    for_rows(tx, &t.table, key_cols, filter, |row, vals, passes| {
        let mut h = xxhash_rust::xxh3::Xxh3::new();
        for v in vals {
            let v = v.as_deref().unwrap_or("");
            h.update(&(v.len() as u64).to_le_bytes());
            h.update(v.as_bytes());
        }
        if !seen.insert(h.digest128()) && passes {
            removed.push(row);
        }
    })?;
    let list: Vec<String> = all.iter().map(|c| col(*c)).collect();
    let sep = if list.is_empty() { "" } else { ", " };
    let mut read = tx.prepare(&format!("SELECT _src{sep}{} FROM {} WHERE _row = ?1", list.join(", "), t.table))?;
    let mut keep = tx.prepare_cached("INSERT INTO clean_undo (step_id, col, row, old) VALUES (?1, -1, ?2, ?3)")?;
    let mut delete = tx.prepare(&format!("DELETE FROM {} WHERE _row = ?1", t.table))?;
    for row in &removed {
        let (src, cells): (i64, Vec<Option<String>>) = read
            .query_row([row], |r| Ok((r.get(0)?, (0..all.len()).map(|i| r.get(i + 1)).collect::<Result<_, _>>()?)))?;
        let json = serde_json::json!([src, cells]).to_string();
        keep.execute(params![id, row, json])?;
        delete.execute([row])?;
        if tally.outcome.removed.len() < REMOVED_LISTED {
            tally.outcome.removed.push(src);
        }
        if tally.outcome.samples.len() < SAMPLES {
            let text: Vec<&str> = key_cols.iter().map(|c| cells[*c].as_deref().unwrap_or("")).collect();
            tally.outcome.samples.push((text.join(" | "), String::new()));
        }
    }
    tally.outcome.rows = removed.len() as u64;
    Ok(())
}

/// Split, merge and derive: new columns at the end, filled row by row.
fn add_columns(
    tx: &Transaction<'_>,
    t: &mut Target,
    step: &Step,
    cols: &[usize],
    filter: Option<(usize, &Test, crate::profile::infer::Kind)>,
    tally: &mut Tally,
) -> rusqlite::Result<()> {
    let names = step.op.adds();
    let start = t.names.len();
    for (k, name) in names.iter().enumerate() {
        let position = start + k;
        tx.execute_batch(&format!("ALTER TABLE {} ADD COLUMN {} TEXT", t.table, col(position)))?;
        tx.execute(
            "INSERT INTO columns (version_id, position, name, group_name, type, profile) VALUES (?1, ?2, ?3, NULL, 'text', '{}')",
            params![t.id, position as i64, name],
        )?;
        t.names.push(name.clone());
    }
    let mut values: Vec<(i64, String, Vec<Option<String>>)> = Vec::new();
    for_rows(tx, &t.table, cols, filter, |row, vals, passes| {
        if !passes {
            return;
        }
        let new = derive(&step.op, vals, names.len());
        if new.iter().any(Option::is_some) {
            let source: Vec<&str> = vals.iter().map(|v| v.as_deref().unwrap_or("")).collect();
            values.push((row, source.join(" | "), new));
        }
    })?;
    let sets: Vec<String> = (0..names.len()).map(|k| format!("{} = ?{}", col(start + k), k + 1)).collect();
    let mut set =
        tx.prepare(&format!("UPDATE {} SET {} WHERE _row = ?{}", t.table, sets.join(", "), names.len() + 1))?;
    // New cells need no undo record: undoing the step drops their columns.
    for (row, source, new) in &values {
        let mut args: Vec<&dyn rusqlite::ToSql> = new.iter().map(|v| v as &dyn rusqlite::ToSql).collect();
        args.push(row);
        set.execute(args.as_slice())?;
        let after: Vec<&str> = new.iter().map(|v| v.as_deref().unwrap_or("")).collect();
        tally.change(*row, source, &after.join(" | "));
        tally.outcome.cells += new.iter().filter(|v| v.is_some()).count().saturating_sub(1) as u64;
    }
    tally.outcome.added = names;
    Ok(())
}

/// The new cells of a split, merge or derive for one row.
fn derive(op: &Op, vals: &[Option<String>], n: usize) -> Vec<Option<String>> {
    let nonempty = |s: &str| (!s.trim().is_empty()).then(|| s.trim().to_owned());
    match op {
        Op::Split { separator: Some(sep), .. } => {
            let v = vals[0].as_deref().unwrap_or("");
            let mut parts: Vec<Option<String>> = v.splitn(n, sep.as_str()).map(nonempty).collect();
            parts.resize(n, None);
            parts
        }
        Op::Split { separator: None, into } => {
            let parts = ops::address_parts(vals[0].as_deref().unwrap_or(""));
            into.iter()
                .map(|level| {
                    let at = ops::ADDRESS_LEVELS.iter().position(|(l, _)| l == level);
                    at.and_then(|i| parts[i].clone())
                })
                .collect()
        }
        Op::Merge { separator, .. } => {
            let parts: Vec<&str> = vals.iter().filter_map(|v| v.as_deref()).filter(|v| !v.trim().is_empty()).collect();
            vec![(!parts.is_empty()).then(|| parts.join(separator))]
        }
        Op::FromId { birth_year, sex } => {
            let found = vals[0].as_deref().and_then(ops::from_id);
            let mut out = Vec::new();
            if birth_year.is_some() {
                out.push(found.as_ref().map(|(y, _)| y.clone()));
            }
            if sex.is_some() {
                out.push(found.as_ref().map(|(_, s)| (*s).to_owned()));
            }
            out
        }
        _ => vec![None; n],
    }
}

/// Writes column `c`'s kept values (`which`: `old` or `new`) of step `step`.
fn set_from_kept(tx: &Transaction<'_>, table: &str, step: i64, c: usize, which: &str) -> rusqlite::Result<usize> {
    tx.execute(
        &format!(
            "UPDATE {table} SET {col} = k.{which} FROM clean_undo k
             WHERE k.step_id = ?1 AND k.col = ?2 AND k.row = {table}._row",
            col = col(c)
        ),
        params![step, c as i64],
    )
}

/// The columns whose cells a step changed, from its outcome or its kept cells.
fn touched(tx: &Transaction<'_>, id: i64, outcome: Option<&Outcome>) -> rusqlite::Result<Vec<usize>> {
    match outcome {
        Some(o) if !o.touched.is_empty() => Ok(o.touched.clone()),
        _ => {
            let mut stmt = tx.prepare("SELECT DISTINCT col FROM clean_undo WHERE step_id = ?1 AND col >= 0")?;
            let cols = stmt.query_map([id], |r| r.get::<_, i64>(0))?.collect::<Result<Vec<_>, _>>()?;
            Ok(cols.into_iter().map(|c| c as usize).collect())
        }
    }
}

/// Redoes a step from its kept cells (the rows are as they were before it).
fn restore(tx: &Transaction<'_>, t: &Target, id: i64, step: &Step, o: &Outcome) -> Result<(), CleanError> {
    let cols = touched(tx, id, Some(o))?;
    for &c in &cols {
        set_from_kept(tx, &t.table, id, c, "new")?;
    }
    let gone = tx.execute(
        &format!("DELETE FROM {} WHERE _row IN (SELECT row FROM clean_undo WHERE step_id = ?1 AND col = -1)", t.table),
        [id],
    )?;
    if let (Op::Numbers { from_wan: true }, Some((c, _))) = (&step.op, &o.unit_before) {
        tx.execute("UPDATE columns SET unit = '元' WHERE version_id = ?1 AND position = ?2", params![t.id, *c as i64])?;
    }
    let cols: Vec<usize> = if gone > 0 { (0..t.names.len()).collect() } else { cols };
    reprofile(tx, t, &cols)?;
    Ok(())
}

/// Undoes an applied step from its kept cells (which stay, for a redo).
fn revert(tx: &Transaction<'_>, t: &mut Target, id: i64, outcome: Option<&Outcome>) -> Result<(), CleanError> {
    // Only a step that added columns takes columns away (the last ones: later
    // steps that add columns are undone before it).
    let width = match outcome {
        Some(o) if !o.added.is_empty() => o.width_before,
        _ => t.names.len(),
    };
    let mut touched: HashSet<usize> = touched(tx, id, outcome)?.into_iter().collect();
    for &c in &touched {
        set_from_kept(tx, &t.table, id, c, "old")?;
    }
    let removed: Vec<(i64, Option<String>)> = {
        let mut stmt = tx.prepare("SELECT row, old FROM clean_undo WHERE step_id = ?1 AND col = -1 ORDER BY row")?;
        let rows = stmt.query_map([id], |r| Ok((r.get(0)?, r.get(1)?)))?.collect::<Result<_, _>>()?;
        rows
    };
    let rows_back = !removed.is_empty();
    for (row, old) in removed {
        let (src, cells): (i64, Vec<Option<String>>) = serde_json::from_str(old.as_deref().unwrap_or("[]"))
            .map_err(|e| CleanError::StepInvalid { reason: format!("undo record: {e}") })?;
        let list: Vec<String> = (0..cells.len()).map(col).collect();
        let marks: Vec<String> = (0..cells.len()).map(|i| format!("?{}", i + 3)).collect();
        let sep = if list.is_empty() { "" } else { ", " };
        let mut args: Vec<&dyn rusqlite::ToSql> = vec![&row, &src];
        args.extend(cells.iter().map(|v| v as &dyn rusqlite::ToSql));
        tx.execute(
            &format!(
                "INSERT INTO {} (_row, _src{sep}{}) VALUES (?1, ?2{sep}{})",
                t.table,
                list.join(", "),
                marks.join(", ")
            ),
            args.as_slice(),
        )?;
    }
    // Columns the step added go, with whatever was set on them.
    while t.names.len() > width {
        let position = t.names.len() - 1;
        for table in ["columns", "masking_policy", "coarsening", "suppressed_cells"] {
            tx.execute(
                &format!("DELETE FROM {table} WHERE version_id = ?1 AND position = ?2"),
                params![t.id, position as i64],
            )?;
        }
        tx.execute(
            "DELETE FROM findings WHERE version_id = ?1 AND column_position = ?2",
            params![t.id, position as i64],
        )?;
        tx.execute_batch(&format!("ALTER TABLE {} DROP COLUMN {}", t.table, col(position)))?;
        t.names.pop();
    }
    if let Some((c, unit)) = outcome.and_then(|o| o.unit_before.clone()) {
        tx.execute(
            "UPDATE columns SET unit = ?1 WHERE version_id = ?2 AND position = ?3",
            params![unit, t.id, c as i64],
        )?;
        touched.insert(c);
    }
    let touched: Vec<usize> = if rows_back { (0..t.names.len()).collect() } else { touched.into_iter().collect() };
    reprofile(tx, t, &touched)?;
    Ok(())
}

/// Profiles the columns `cols` of the target again (type, statistics and
/// their quality findings).
fn reprofile(tx: &Transaction<'_>, t: &Target, cols: &[usize]) -> rusqlite::Result<()> {
    let cols: Vec<usize> = cols.iter().copied().filter(|c| *c < t.names.len()).collect();
    if cols.is_empty() {
        return Ok(());
    }
    let mut profilers: Vec<ColumnProfiler> = cols.iter().map(|_| ColumnProfiler::default()).collect();
    {
        let list: Vec<String> = cols.iter().map(|c| col(*c)).collect();
        let mut stmt = tx.prepare(&format!("SELECT _src, {} FROM {} ORDER BY _row", list.join(", "), t.table))?;
        let mut rows = stmt.query([])?;
        while let Some(r) = rows.next()? {
            let src: i64 = r.get(0)?;
            for (k, prof) in profilers.iter_mut().enumerate() {
                let v = r.get_ref(k + 1)?.as_str_or_null().ok().flatten().unwrap_or("");
                prof.add(v, src as u64);
            }
        }
    }
    let mut update =
        tx.prepare("UPDATE columns SET type = ?1, profile = ?2 WHERE version_id = ?3 AND position = ?4")?;
    let mut drop = tx.prepare("DELETE FROM findings WHERE version_id = ?1 AND column_position = ?2")?;
    let mut add = tx
        .prepare("INSERT INTO findings (version_id, kind, column_position, count, rows) VALUES (?1, ?2, ?3, ?4, ?5)")?;
    for (c, prof) in cols.iter().zip(profilers) {
        let ty = prof.types.decide();
        let (profile, findings) = prof.finish(*c as u32, ty);
        let json = serde_json::to_string(&profile).unwrap_or_else(|_| "{}".into());
        update.execute(params![ty.as_str(), json, t.id, *c as i64])?;
        drop.execute(params![t.id, *c as i64])?;
        for f in findings {
            let rows = serde_json::to_string(&f.rows).unwrap_or_else(|_| "[]".into());
            add.execute(params![t.id, f.kind.as_str(), f.column, f.count as i64, rows])?;
        }
    }
    Ok(())
}
