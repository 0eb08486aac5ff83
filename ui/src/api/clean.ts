// Cleaning: typed steps on a derived version, their history (undo, redo, a
// step changed or removed in the middle, kept branches) and a preview.

import type { Cluster } from './bindings/Cluster'
import type { ClusterMethod } from './bindings/ClusterMethod'
import type { History } from './bindings/History'
import type { OpenedRecipe } from './bindings/OpenedRecipe'
import type { Previous } from './bindings/Previous'
import type { RecipeRun } from './bindings/RecipeRun'
import type { Step } from './bindings/Step'
import type { StepOutcome } from './bindings/StepOutcome'
import type { StepRecord } from './bindings/StepRecord'
import { call } from './core'

export function cleanHistory(dataset: string | number): Promise<History> {
  return call('clean_history', { dataset: String(dataset) })
}

/** What the step would change; nothing is kept. */
export function cleanPreview(dataset: string | number, step: Step): Promise<StepOutcome> {
  return call('clean_preview', { dataset: String(dataset), step })
}

/** An edit: it withdraws a submission or voids an approval. */
export function cleanApply(dataset: string | number, step: Step): Promise<StepRecord> {
  return call('clean_apply', { dataset: String(dataset), step })
}

export function cleanUndo(dataset: string | number): Promise<StepRecord> {
  return call('clean_undo', { dataset: String(dataset) })
}

export function cleanRedo(dataset: string | number): Promise<StepRecord> {
  return call('clean_redo', { dataset: String(dataset) })
}

/** Removes a step (`replacement` null) or changes it; later steps it reaches run again. */
export function cleanRewrite(dataset: string | number, step: number, replacement: Step | null): Promise<History> {
  return call('clean_rewrite', { dataset: String(dataset), step, replacement })
}

export function cleanRestore(dataset: string | number, branch: number): Promise<History> {
  return call('clean_restore', { dataset: String(dataset), branch })
}

/** Values of a column that probably mean the same, grouped by `method`. */
export function cleanClusters(dataset: string | number, column: string, method: ClusterMethod): Promise<Cluster[]> {
  return call('clean_clusters', { dataset: String(dataset), column, method })
}

/** Last month's cleaning, offered for the version just imported. */
export function cleanPrevious(dataset: string | number): Promise<Previous | null> {
  return call('clean_previous', { dataset: String(dataset) })
}

/** Applies last month's cleaning (`answers`: its column → this version's); a preview keeps nothing. */
export function cleanReplayPrevious(
  dataset: string | number,
  answers: Record<string, string>,
  preview: boolean,
): Promise<RecipeRun> {
  return call('clean_replay_previous', { dataset: String(dataset), answers, preview })
}

/** Saves the cleaning steps as a recipe file where the user chooses (its name; null: cancelled). */
export function cleanRecipeSave(dataset: string | number): Promise<string | null> {
  return call('clean_recipe_save', { dataset: String(dataset) })
}

/** Opens a recipe file and matches its columns to the latest version (null: cancelled). */
export function cleanRecipeOpen(dataset: string | number): Promise<OpenedRecipe | null> {
  return call('clean_recipe_open', { dataset: String(dataset) })
}

/** Applies an opened recipe file (`answers` as for last month's); a preview keeps nothing. */
export function cleanReplayFile(
  dataset: string | number,
  token: string,
  answers: Record<string, string>,
  preview: boolean,
): Promise<RecipeRun> {
  return call('clean_replay_file', { dataset: String(dataset), token, answers, preview })
}
