// Metadata: the form's fields, a dataset's values and dictionary, workspace
// defaults, exports, and the problems a refused value comes back with.

import type { ChecklistKey } from './bindings/ChecklistKey'
import type { DatasetMetadata } from './bindings/DatasetMetadata'
import type { DictionaryChange } from './bindings/DictionaryChange'
import type { MetaValues } from './bindings/commands'
import type { FieldDef } from './bindings/FieldDef'
import type { MetadataFormat } from './bindings/MetadataFormat'
import type { Problem } from './bindings/Problem'
import type { ProblemKind } from './bindings/ProblemKind'
import type { MetaPreview } from './bindings/MetaPreview'
import { CHECKLIST_KEYS } from './bindings/lists'
import { type ApiError, call } from './core'

// Same trick as KNOWN_CODES: the Rust enum's variants, checked by the compiler.
const KNOWN_PROBLEM_KINDS: Record<ProblemKind, true> = {
  missing: true,
  too_long: true,
  control_characters: true,
  emoji: true,
  not_in_code_list: true,
  invalid_date: true,
  end_before_start: true,
  invalid_email: true,
  invalid_phone: true,
  invalid_region_code: true,
  invalid_identifier: true,
  too_many_keywords: true,
  unknown_field: true,
}

/** Every reason the back end gives for refusing a metadata value. */
export const PROBLEM_KINDS = Object.keys(KNOWN_PROBLEM_KINDS) as ProblemKind[]

export function isProblemKind(value: unknown): value is ProblemKind {
  return typeof value === 'string' && Object.hasOwn(KNOWN_PROBLEM_KINDS, value)
}

/** The readiness checklist's items. */
export { CHECKLIST_KEYS as CHECKLIST_ITEMS }

export function isChecklistItem(value: unknown): value is ChecklistKey {
  return typeof value === 'string' && (CHECKLIST_KEYS as string[]).includes(value)
}

// The metadata exports `meta_export` can write, checked against the binding, in
// the order the export menu offers them.
const KNOWN_EXPORT_FORMATS: Record<MetadataFormat, true> = {
  dcat: true,
  datapackage: true,
  ckan: true,
}

/** The metadata exports `meta_export` can write. */
export const EXPORT_FORMATS = Object.keys(KNOWN_EXPORT_FORMATS) as MetadataFormat[]
export type ExportFormat = MetadataFormat

/** Field id → new value; `null` (or an empty value) clears the field. */
export type MetaChanges = MetaValues

// Defaults are kept as text on the Rust side, though the contract types them as
// any metadata value: anything else is dropped rather than shown as "[object]".
function textValues(values: MetaValues): Record<string, string> {
  return Object.fromEntries(Object.entries(values).filter((e): e is [string, string] => typeof e[1] === 'string'))
}

/**
 * Every problem of a `metadata_invalid` error, so a form can mark each field.
 * They travel as a JSON string in `params.problems`; an older or odd payload
 * without it still yields the first problem from `field`, `problem` and `detail`.
 */
export function metadataProblems(error: ApiError): Problem[] {
  if (error.code !== 'metadata_invalid') return []
  const first = (): Problem[] => {
    const { field, problem, detail } = error.params
    return field && isProblemKind(problem) ? [{ field, kind: problem, detail: detail ? detail : null }] : []
  }
  const raw = error.params.problems
  if (!raw) return first()
  let parsed: unknown
  try {
    parsed = JSON.parse(raw)
  } catch {
    return first()
  }
  if (!Array.isArray(parsed)) return first()
  const problems = parsed.filter(isProblem)
  return problems.length > 0 ? problems : first()
}

function isProblem(value: unknown): value is Problem {
  if (typeof value !== 'object' || value === null) return false
  const v = value as Record<string, unknown>
  return (
    typeof v.field === 'string' &&
    isProblemKind(v.kind) &&
    (v.detail === null || v.detail === undefined || typeof v.detail === 'string')
  )
}

/** The metadata profile: every field of the form, in form order. */
export function metaFields(): Promise<FieldDef[]> {
  return call('meta_fields')
}

/** A dataset's metadata (its latest version) with problems, score and suggestions. */
export function metaGet(dataset: string | number): Promise<DatasetMetadata> {
  return call('meta_get', { dataset: String(dataset) })
}

/** Saves the given fields, all or nothing; rejects with `metadata_invalid` (see
 * `metadataProblems`) when any value is refused. */
export function metaSet(dataset: string | number, changes: MetaChanges): Promise<DatasetMetadata> {
  return call('meta_set', { dataset: String(dataset), changes })
}

/** The completeness, checklist and problems the metadata would have with
 * `changes` (nothing is saved): the form's side panel follows the typing. */
export function metaPreview(dataset: string | number, changes: MetaChanges): Promise<MetaPreview> {
  return call('meta_preview', { dataset: String(dataset), changes })
}

/** Edits one column of the data dictionary; `null` leaves a part unchanged, an
 * empty string clears it. */
export function metaSetColumn(
  dataset: string | number,
  position: number,
  change: DictionaryChange,
): Promise<DatasetMetadata> {
  return call('meta_set_column', { dataset: String(dataset), position, change })
}

/** The workspace defaults filled into every new dataset. */
export async function metaDefaults(): Promise<Record<string, string>> {
  return textValues(await call('meta_defaults'))
}

/** Sets workspace defaults (an empty value removes one); returns them all. */
export async function metaSetDefaults(values: Record<string, string>): Promise<Record<string, string>> {
  return textValues(await call('meta_set_defaults', { values }))
}

/** Writes an export where the user chooses (the save dialog is Rust's); the file
 * name written, or `null` when the dialog was cancelled. */
export function metaExport(dataset: string | number, format: ExportFormat): Promise<string | null> {
  return call('meta_export', { dataset: String(dataset), format })
}
