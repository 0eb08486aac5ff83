// The one door to the Rust side: every IPC call goes through here, so views and
// stores never import `@tauri-apps/*` and can be tested with this module mocked.

import { Channel, invoke } from '@tauri-apps/api/core'
import { listen, type UnlistenFn } from '@tauri-apps/api/event'

import type { AppContext } from './bindings/AppContext'
import type { BackupInfo } from './bindings/BackupInfo'
import type { BackupPreview } from './bindings/BackupPreview'
import type { BundleReport } from './bindings/BundleReport'
import type { Category } from './bindings/Category'
import type { ChainReport } from './bindings/ChainReport'
import type { ChosenFile } from './bindings/ChosenFile'
import type { ConnectionReport } from './bindings/ConnectionReport'
import type { ColumnPolicy } from './bindings/ColumnPolicy'
import type { Convention } from './bindings/Convention'
import type { DatasetDetail } from './bindings/DatasetDetail'
import type { DatasetMetadata } from './bindings/DatasetMetadata'
import type { DatasetSummary } from './bindings/DatasetSummary'
import type { ErrorCode } from './bindings/ErrorCode'
import type { ErrorPayload } from './bindings/ErrorPayload'
import type { DictionaryChange } from './bindings/DictionaryChange'
import type { FieldDef } from './bindings/FieldDef'
import type { GateReport } from './bindings/GateReport'
import type { HistoryEntry } from './bindings/HistoryEntry'
import type { ImportOptions } from './bindings/ImportOptions'
import type { ImportOutcome } from './bindings/ImportOutcome'
import type { Inspection } from './bindings/Inspection'
import type { MaskPreview } from './bindings/MaskPreview'
import type { Operator } from './bindings/Operator'
import type { OutboxItem } from './bindings/OutboxItem'
import type { PortalConfig } from './bindings/PortalConfig'
import type { Problem } from './bindings/Problem'
import type { ProblemKind } from './bindings/ProblemKind'
import type { Progress } from './bindings/Progress'
import type { PublicReason } from './bindings/PublicReason'
import type { Publication } from './bindings/Publication'
import type { QueueItem } from './bindings/QueueItem'
import type { ReviewChanges } from './bindings/ReviewChanges'
import type { ReviewEntry } from './bindings/ReviewEntry'
import type { Role } from './bindings/Role'
import type { RowsPage } from './bindings/RowsPage'
import type { RowsQuery } from './bindings/RowsQuery'
import type { ScanReport } from './bindings/ScanReport'
import type { User } from './bindings/User'
import type { WorkspaceInfo } from './bindings/WorkspaceInfo'

export type { UnlistenFn } from '@tauri-apps/api/event'
export type { AppContext } from './bindings/AppContext'
export type { AuditEntry } from './bindings/AuditEntry'
export type { AutoFields } from './bindings/AutoFields'
export type { BackupInfo } from './bindings/BackupInfo'
export type { BackupPreview } from './bindings/BackupPreview'
export type { Bin } from './bindings/Bin'
export type { BundleItem } from './bindings/BundleItem'
export type { BundleKind } from './bindings/BundleKind'
export type { BundleOutcome } from './bindings/BundleOutcome'
export type { BundleReport } from './bindings/BundleReport'
export type { BreakKind } from './bindings/BreakKind'
export type { Category } from './bindings/Category'
export type { CellHit } from './bindings/CellHit'
export type { ChainBreak } from './bindings/ChainBreak'
export type { ChainReport } from './bindings/ChainReport'
export type { CheckState } from './bindings/CheckState'
export type { ChecklistItem } from './bindings/ChecklistItem'
export type { ChosenFile } from './bindings/ChosenFile'
export type { CodeValue } from './bindings/CodeValue'
export type { ColumnInfo } from './bindings/ColumnInfo'
export type { ColumnName } from './bindings/ColumnName'
export type { ColumnPolicy } from './bindings/ColumnPolicy'
export type { ColumnProfile } from './bindings/ColumnProfile'
export type { ColumnType } from './bindings/ColumnType'
export type { ConnectionReport } from './bindings/ConnectionReport'
export type { Convention } from './bindings/Convention'
export type { DataRow } from './bindings/DataRow'
export type { DatasetDetail } from './bindings/DatasetDetail'
export type { DatasetMetadata } from './bindings/DatasetMetadata'
export type { DatasetSummary } from './bindings/DatasetSummary'
export type { DictionaryChange } from './bindings/DictionaryChange'
export type { DictionaryEntry } from './bindings/DictionaryEntry'
export type { ErrorCode } from './bindings/ErrorCode'
export type { ErrorPayload } from './bindings/ErrorPayload'
export type { FieldChange } from './bindings/FieldChange'
export type { FieldDef } from './bindings/FieldDef'
export type { FieldKind } from './bindings/FieldKind'
export type { Finding } from './bindings/Finding'
export type { FindingKind } from './bindings/FindingKind'
export type { Format } from './bindings/Format'
export type { GateColumn } from './bindings/GateColumn'
export type { GateHit } from './bindings/GateHit'
export type { GateReport } from './bindings/GateReport'
export type { Group } from './bindings/Group'
export type { HistoryEntry } from './bindings/HistoryEntry'
export type { HeaderLayout } from './bindings/HeaderLayout'
export type { ImportNotes } from './bindings/ImportNotes'
export type { ImportOptions } from './bindings/ImportOptions'
export type { ImportOutcome } from './bindings/ImportOutcome'
export type { ImportedColumn } from './bindings/ImportedColumn'
export type { ImportedTable } from './bindings/ImportedTable'
export type { Inspection } from './bindings/Inspection'
export type { NoteRow } from './bindings/NoteRow'
export type { Operator } from './bindings/Operator'
export type { OutboxItem } from './bindings/OutboxItem'
export type { PortalConfig } from './bindings/PortalConfig'
export type { Phase } from './bindings/Phase'
export type { PreviewRow } from './bindings/PreviewRow'
export type { MaskedRow } from './bindings/MaskedRow'
export type { Problem } from './bindings/Problem'
export type { ProblemKind } from './bindings/ProblemKind'
export type { Progress } from './bindings/Progress'
export type { PublicReason } from './bindings/PublicReason'
export type { Publication } from './bindings/Publication'
export type { QueueItem } from './bindings/QueueItem'
export type { ReviewChanges } from './bindings/ReviewChanges'
export type { ReviewEntry } from './bindings/ReviewEntry'
export type { Role } from './bindings/Role'
export type { RaggedStrategy } from './bindings/RaggedStrategy'
export type { Requirement } from './bindings/Requirement'
export type { RowRole } from './bindings/RowRole'
export type { RowsPage } from './bindings/RowsPage'
export type { RowsQuery } from './bindings/RowsQuery'
export type { ScanReport } from './bindings/ScanReport'
export type { SheetChoice } from './bindings/SheetChoice'
export type { SheetInfo } from './bindings/SheetInfo'
export type { TextEncoding } from './bindings/TextEncoding'
export type { TopValue } from './bindings/TopValue'
export type { User } from './bindings/User'
export type { VersionChanges } from './bindings/VersionChanges'
export type { VersionInfo } from './bindings/VersionInfo'
export type { WorkspaceCounts } from './bindings/WorkspaceCounts'
export type { WorkspaceInfo } from './bindings/WorkspaceInfo'

// A Record rather than an array so that TypeScript rejects this file when the Rust
// side adds or removes a code: the runtime list below can never drift from the type.
const KNOWN_CODES: Record<ErrorCode, true> = {
  workspace_missing: true,
  workspace_create_dir: true,
  import_sheets_into_one: true,
  metadata_invalid: true,
  policy_reason_required: true,
  policy_operator_not_applicable: true,
  convention_not_applicable: true,
  egress_blocked: true,
  user_unknown: true,
  user_invalid_name: true,
  role_missing: true,
  review_wrong_state: true,
  review_metadata_incomplete: true,
  review_personal_data_unhandled: true,
  review_not_open: true,
  review_self_approval: true,
  review_comment_required: true,
  bundle_corrupt: true,
  bundle_tampered: true,
  bundle_unsafe_path: true,
  bundle_too_large: true,
  bundle_newer_format: true,
  bundle_conflict: true,
  bundle_stale_decision: true,
  bundle_empty: true,
  portal_unknown: true,
  portal_invalid_url: true,
  portal_invalid_name: true,
  portal_token_missing: true,
  keyring_unavailable: true,
  portal_unreachable: true,
  portal_timeout: true,
  portal_server_error: true,
  portal_forbidden: true,
  portal_not_found: true,
  portal_name_taken: true,
  portal_too_large: true,
  portal_validation: true,
  portal_org_unknown: true,
  portal_bad_response: true,
  portal_schema_fields: true,
  publish_not_approved: true,
  workspace_not_a_database: true,
  workspace_foreign: true,
  workspace_newer_schema: true,
  workspace_busy: true,
  workspace_read_only: true,
  workspace_disk_full: true,
  workspace_corrupt: true,
  database: true,
  io: true,
  import_read: true,
  import_empty_file: true,
  import_lock_file: true,
  import_not_a_table: true,
  import_password: true,
  import_corrupt: true,
  import_zip_bomb: true,
  import_too_large: true,
  import_sheet_not_found: true,
  import_no_sheets: true,
  import_no_rows: true,
  import_too_many_columns: true,
  import_cell_too_large: true,
  import_mixed_encoding: true,
  import_ragged: true,
  import_header_row: true,
  import_duplicate: true,
  dataset_not_found: true,
  version_not_found: true,
  column_not_found: true,
  cancelled: true,
  file_not_chosen: true,
  backup_failed: true,
  restore_invalid: true,
  internal: true,
}

/** Every error code the back end can send. */
export const ERROR_CODES = Object.keys(KNOWN_CODES) as ErrorCode[]

export function isErrorCode(value: unknown): value is ErrorCode {
  return typeof value === 'string' && Object.hasOwn(KNOWN_CODES, value)
}

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

// The kinds of data the sensitive-field scan tells apart, checked by the compiler
// against the binding (crates/kaifang-core/src/sensitive/category.rs), in its order.
const KNOWN_CATEGORIES: Record<Category, true> = {
  id_card: true,
  phone: true,
  landline: true,
  bank_card: true,
  uscc: true,
  org_code: true,
  passport: true,
  plate: true,
  email: true,
  person_name: true,
  address: true,
  birth_date: true,
  ip: true,
  gps: true,
  health: true,
  religion: true,
  ethnicity: true,
  identifier: true,
  none: true,
}

/** Every category a column or a free-text hit can have. */
export const CATEGORIES = Object.keys(KNOWN_CATEGORIES) as Category[]

// The masking operators, in the order the picker offers them: from publishing as
// is to leaving out, the way a clerk weighs them.
const KNOWN_OPERATORS: Record<Operator, true> = {
  keep: true,
  mask: true,
  pseudonymize: true,
  generalize: true,
  redact: true,
  drop: true,
}

/** Every way a column can go public. */
export const OPERATORS = Object.keys(KNOWN_OPERATORS) as Operator[]

// Why a column of a personal kind is public in its table, checked like the rest.
const KNOWN_PUBLIC_REASONS: Record<PublicReason, true> = {
  registry_role: true,
  facility_staff: true,
  official_vehicle: true,
  institution_contact: true,
  facility_location: true,
}

/** Every reason the scan gives for a personal kind of column being public. */
export const PUBLIC_REASONS = Object.keys(KNOWN_PUBLIC_REASONS) as PublicReason[]

export function isOperator(value: unknown): value is Operator {
  return typeof value === 'string' && Object.hasOwn(KNOWN_OPERATORS, value)
}

/** Rows one `mask_preview` call returns at most (the Rust side clamps to this). */
export const MASK_PREVIEW_MAX = 500

/** What `mask_preview` returns. */
export type MaskedPreview = MaskPreview

/** The readiness checklist's items. The binding types `item` as a plain string, so
 * the list lives here, next to the other strings the back end sends. */
export const CHECKLIST_ITEMS = [
  'metadata_complete',
  'dictionary_described',
  'open_type_chosen',
  'sensitive_fields_handled',
] as const
export type ChecklistItemId = (typeof CHECKLIST_ITEMS)[number]

export function isChecklistItem(value: unknown): value is ChecklistItemId {
  return CHECKLIST_ITEMS.some((i) => i === value)
}

/** The metadata exports `meta_export` can write. */
export const EXPORT_FORMATS = ['dcat', 'datapackage', 'ckan'] as const
export type ExportFormat = (typeof EXPORT_FORMATS)[number]

/** Field id → new value; `null` (or an empty value) clears the field. */
export type MetaChanges = Record<string, string | string[] | null>

/** A failed command. The UI branches on `code` and shows its translation; `detail`
 * is the English technical message, shown small for support. */
export class ApiError extends Error {
  override readonly name = 'ApiError'
  readonly code: ErrorCode
  readonly params: Record<string, string>
  readonly detail: string

  constructor(code: ErrorCode, detail: string, params: Record<string, string> = {}) {
    super(detail)
    this.code = code
    this.detail = detail
    this.params = params
  }

  static fromPayload(payload: ErrorPayload): ApiError {
    return new ApiError(payload.code, payload.message, stringParams(payload.params))
  }

  /** Whatever `invoke` rejected with. Anything but a well-formed payload (a panic
   * string, a missing Tauri runtime in a plain browser) is a bug, hence `internal`. */
  static from(reason: unknown): ApiError {
    if (reason instanceof ApiError) return reason
    if (isErrorPayload(reason)) return ApiError.fromPayload(reason)
    const detail = reason instanceof Error ? reason.message : String(reason)
    return new ApiError('internal', detail)
  }
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

function isErrorPayload(value: unknown): value is ErrorPayload {
  if (typeof value !== 'object' || value === null) return false
  const v = value as Record<string, unknown>
  return (
    isErrorCode(v.code) &&
    typeof v.message === 'string' &&
    typeof v.params === 'object' &&
    v.params !== null
  )
}

// The generated map type marks values optional; drop anything that is not a string
// so translations never interpolate "undefined".
function stringParams(params: object): Record<string, string> {
  return Object.fromEntries(
    Object.entries(params).filter((e): e is [string, string] => typeof e[1] === 'string'),
  )
}

/** The IPC contract: command name → arguments (camelCase, as Tauri converts them to
 * the Rust parameters) and result. `undefined` arguments mean the command takes none. */
interface Commands {
  app_context: { args: undefined; result: AppContext }
  workspace_info: { args: undefined; result: WorkspaceInfo }
  audit_verify: { args: undefined; result: ChainReport }
  pick_import_file: { args: undefined; result: ChosenFile | null }
  opened_file: { args: undefined; result: ChosenFile | null }
  import_inspect: { args: { token: string; options: ImportOptions }; result: Inspection }
  import_run: {
    args: { token: string; options: ImportOptions; job: string; onProgress: Channel<Progress> }
    result: ImportOutcome
  }
  job_cancel: { args: { job: string }; result: null }
  dataset_list: { args: undefined; result: DatasetSummary[] }
  dataset_show: { args: { dataset: string; version: number | null }; result: DatasetDetail }
  dataset_rows: { args: { dataset: string; query: RowsQuery }; result: RowsPage }
  meta_fields: { args: undefined; result: FieldDef[] }
  meta_get: { args: { dataset: string }; result: DatasetMetadata }
  meta_set: { args: { dataset: string; changes: MetaChanges }; result: DatasetMetadata }
  meta_set_column: { args: { dataset: string; position: number; change: DictionaryChange }; result: DatasetMetadata }
  meta_defaults: { args: undefined; result: Record<string, string> }
  meta_set_defaults: { args: { values: Record<string, string> }; result: Record<string, string> }
  meta_export: { args: { dataset: string; format: ExportFormat }; result: string | null }
  sensitive_get: { args: { dataset: string }; result: ScanReport }
  sensitive_scan: { args: { dataset: string }; result: ScanReport }
  policy_set: {
    args: { dataset: string; position: number; operator: Operator; reason: string | null }
    result: ColumnPolicy
  }
  mask_preview: { args: { dataset: string; offset: number; limit: number }; result: MaskedPreview }
  egress_check: { args: { dataset: string }; result: GateReport }
  masking_conventions: { args: undefined; result: Convention[] }
  masking_convention_set: {
    args: { category: Category; operator: Operator | null; keepHead: number | null; keepTail: number | null }
    result: Convention[]
  }
  users_list: { args: undefined; result: User[] }
  user_add: { args: { name: string; roles: Role[] }; result: User }
  session_set_user: { args: { name: string }; result: User }
  review_submit: { args: { dataset: string }; result: string }
  review_approve: { args: { dataset: string; comment: string | null }; result: string }
  review_return: { args: { dataset: string; comment: string; targeted: Array<[string, string]> }; result: null }
  review_queue: { args: undefined; result: QueueItem[] }
  review_history: { args: { dataset: string }; result: ReviewEntry[] }
  review_changes: { args: { dataset: string }; result: ReviewChanges | null }
  dataset_history: { args: { dataset: string }; result: HistoryEntry[] }
  bundle_export: { args: { datasets: string[]; decisions: boolean }; result: string | null }
  pick_bundle_file: { args: undefined; result: ChosenFile | null }
  bundle_import: { args: { token: string }; result: BundleReport }
  portal_list: { args: undefined; result: PortalConfig[] }
  portal_save: { args: { name: string; url: string; org: string; token: string | null }; result: PortalConfig }
  portal_remove: { args: { name: string }; result: null }
  portal_test: { args: { name: string }; result: ConnectionReport }
  publish: { args: { datasets: string[] | null; portal: string | null }; result: OutboxItem[] }
  outbox_list: { args: undefined; result: OutboxItem[] }
  outbox_retry: { args: { id: number }; result: OutboxItem }
  dataset_publications: { args: { dataset: string }; result: Publication[] }
  backup_list: { args: undefined; result: BackupInfo[] }
  backup_create: { args: undefined; result: BackupInfo }
  pick_backup_file: { args: undefined; result: ChosenFile | null }
  backup_preview: { args: { fileName: string | null; token: string | null }; result: BackupPreview }
  backup_restore: { args: { fileName: string | null; token: string | null }; result: BackupInfo }
}

type Args<C extends keyof Commands> = Commands[C]['args'] extends undefined ? [] : [Commands[C]['args']]

async function call<C extends keyof Commands>(command: C, ...args: Args<C>): Promise<Commands[C]['result']> {
  try {
    // Commands without arguments are invoked with none, as Tauri expects.
    return await invoke<Commands[C]['result']>(command, ...args)
  } catch (reason) {
    throw ApiError.from(reason)
  }
}

/** Build version, OS locale and the workspace (or why it could not be opened). */
export function appContext(): Promise<AppContext> {
  return call('app_context')
}

/** Path, identity, schema and counts of the open workspace. */
export function workspaceInfo(): Promise<WorkspaceInfo> {
  return call('workspace_info')
}

/** Walks the audit log's hash chain and reports the first break. */
export function auditVerify(): Promise<ChainReport> {
  return call('audit_verify')
}

/** Shows the native open dialog (from Rust); `null` when the user cancels it. */
export function pickImportFile(): Promise<ChosenFile | null> {
  return call('pick_import_file')
}

/** The file Kaifang was started with ("Open with Kaifang"); given out once. */
export function openedFile(): Promise<ChosenFile | null> {
  return call('opened_file')
}

/** What the file is and how it would be read, with its first rows, importing nothing. */
export function importInspect(token: string, options: ImportOptions): Promise<Inspection> {
  return call('import_inspect', { token, options })
}

/** Imports a chosen file. `job` is the caller's id for `jobCancel`; progress arrives
 * on a channel of this call only, so nothing is left listening afterwards. */
export function importRun(
  token: string,
  options: ImportOptions,
  job: string,
  onProgress: (progress: Progress) => void,
): Promise<ImportOutcome> {
  // The handler is set before the channel is sent, so no early report is missed.
  const channel = new Channel<Progress>(onProgress)
  return call('import_run', { token, options, job, onProgress: channel })
}

/** Asks a running job to stop; its call then rejects with `cancelled`. */
export async function jobCancel(job: string): Promise<void> {
  await call('job_cancel', { job })
}

export function datasetList(): Promise<DatasetSummary[]> {
  return call('dataset_list')
}

/** A dataset by id or name: the latest version, or `version`. */
export function datasetShow(dataset: string | number, version: number | null = null): Promise<DatasetDetail> {
  return call('dataset_show', { dataset: String(dataset), version })
}

/** A page of rows (at most 5,000), sorted and filtered on the Rust side. */
export function datasetRows(dataset: string | number, query: RowsQuery): Promise<RowsPage> {
  return call('dataset_rows', { dataset: String(dataset), query })
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
export function metaDefaults(): Promise<Record<string, string>> {
  return call('meta_defaults')
}

/** Sets workspace defaults (an empty value removes one); returns them all. */
export function metaSetDefaults(values: Record<string, string>): Promise<Record<string, string>> {
  return call('meta_set_defaults', { values })
}

/** Writes an export where the user chooses (the save dialog is Rust's); the file
 * name written, or `null` when the dialog was cancelled. */
export function metaExport(dataset: string | number, format: ExportFormat): Promise<string | null> {
  return call('meta_export', { dataset: String(dataset), format })
}

/** The saved sensitive-field findings of the dataset's latest version, with the
 * operator in force for each column (a quick scan of the first 1,000 rows is saved
 * after every import, then the desktop scans every row in the background and
 * emits `SENSITIVE_SCANNED_EVENT`; a quick one is run first if none was). */
export function sensitiveGet(dataset: string | number): Promise<ScanReport> {
  return call('sensitive_get', { dataset: String(dataset) })
}

/** Scans every row of the latest version (seconds on a million rows) and saves it. */
export function sensitiveScan(dataset: string | number): Promise<ScanReport> {
  return call('sensitive_scan', { dataset: String(dataset) })
}

/** Chooses how a column goes public. Keeping a personal column as is needs a
 * reason (else `policy_reason_required`); `redact` is for free text and columns of
 * no one kind, `generalize` for addresses, birth dates and coordinates (else
 * `policy_operator_not_applicable`). */
export function policySet(
  dataset: string | number,
  position: number,
  operator: Operator,
  reason: string | null = null,
): Promise<ColumnPolicy> {
  return call('policy_set', { dataset: String(dataset), position, operator, reason })
}

/** Original and public values side by side for `limit` rows (at most 500) from
 * `offset` (0-based, in table order). */
export function maskPreview(dataset: string | number, offset: number, limit: number): Promise<MaskedPreview> {
  return call('mask_preview', {
    dataset: String(dataset),
    offset: Math.max(0, Math.floor(offset)),
    limit: Math.min(MASK_PREVIEW_MAX, Math.max(1, Math.floor(limit))),
  })
}

/** Runs the egress gate over every row of the dataset's public copy, as an export
 * or a publication would (a few seconds on a million rows): the columns that would
 * stop it, each with the operators that clear it. */
export function egressCheck(dataset: string | number): Promise<GateReport> {
  return call('egress_check', { dataset: String(dataset) })
}

/** The office's masking conventions, one per personal category. */
export function maskingConventions(): Promise<Convention[]> {
  return call('masking_conventions')
}

/** Changes how the office masks one category (new scans use it; saved scans keep
 * theirs). `operator` `null` puts back the built-in default; `keepHead` and
 * `keepTail` (0–12) only count for categories whose mask keeps ends. Refused
 * with `convention_not_applicable`. Returns every convention in force. */
export function maskingConventionSet(
  category: Category,
  operator: Operator | null,
  keepHead: number | null = null,
  keepTail: number | null = null,
): Promise<Convention[]> {
  return call('masking_convention_set', { category, operator, keepHead, keepTail })
}

/** The workspace's users and their roles, by name. */
export function usersList(): Promise<User[]> {
  return call('users_list')
}

/** Adds a user, or gives an existing one the roles named too. */
export function userAdd(name: string, roles: Role[]): Promise<User> {
  return call('user_add', { name, roles })
}

/** Chooses who is acting: every later command records this user. */
export function sessionSetUser(name: string): Promise<User> {
  return call('session_set_user', { name })
}

/** A clerk submits a draft or returned dataset; the content hash submitted. */
export function reviewSubmit(dataset: string | number): Promise<string> {
  return call('review_submit', { dataset: String(dataset) })
}

/** A steward approves a submission (an empty comment is none); the hash approved. */
export function reviewApprove(dataset: string | number, comment: string | null): Promise<string> {
  const text = comment?.trim() ?? ''
  return call('review_approve', { dataset: String(dataset), comment: text === '' ? null : text })
}

/** A review comment's target: a metadata field or a column (0-based position). */
export type CommentTarget = { kind: 'field'; field: string } | { kind: 'column'; position: number }

/** The target as the back end stores it: `field:<id>` or `column:<position>`. */
export function targetKey(target: CommentTarget): string {
  return target.kind === 'field' ? `field:${target.field}` : `column:${target.position}`
}

/** Reads a stored target; `null` for one this version does not know. */
export function parseTarget(key: string): CommentTarget | null {
  if (key.startsWith('field:') && key.length > 6) return { kind: 'field', field: key.slice(6) }
  const column = /^column:(\d+)$/.exec(key)
  return column ? { kind: 'column', position: Number(column[1]) } : null
}

/** A steward returns a submission: a comment on the whole (required) and
 * comments on fields or columns. */
export async function reviewReturn(
  dataset: string | number,
  comment: string,
  targeted: ReadonlyArray<[CommentTarget, string]> = [],
): Promise<void> {
  await call('review_return', {
    dataset: String(dataset),
    comment,
    targeted: targeted.map(([target, text]): [string, string] => [targetKey(target), text]),
  })
}

/** Submissions waiting for a steward, oldest first. */
export function reviewQueue(): Promise<QueueItem[]> {
  return call('review_queue')
}

/** The dataset's submissions, decisions and voids, oldest first. */
export function reviewHistory(dataset: string | number): Promise<ReviewEntry[]> {
  return call('review_history', { dataset: String(dataset) })
}

/** What changed since the last approval; `null` when never approved. */
export function reviewChanges(dataset: string | number): Promise<ReviewChanges | null> {
  return call('review_changes', { dataset: String(dataset) })
}

/** The audit log's entries about one dataset, oldest first. */
export function datasetHistory(dataset: string | number): Promise<HistoryEntry[]> {
  return call('dataset_history', { dataset: String(dataset) })
}

/** Writes a review bundle where the user chooses (Rust shows the save dialog):
 * submissions, or with `decisions` the steward's decisions. The file name
 * written, or `null` when the dialog was cancelled. */
export function bundleExport(datasets: ReadonlyArray<string | number>, decisions: boolean): Promise<string | null> {
  return call('bundle_export', { datasets: datasets.map(String), decisions })
}

/** The native open dialog for `*.kaifang` bundles; `null` when cancelled. */
export function pickBundleFile(): Promise<ChosenFile | null> {
  return call('pick_bundle_file')
}

/** Reads a chosen bundle into the workspace and says what became of each dataset. */
export function bundleImport(token: string): Promise<BundleReport> {
  return call('bundle_import', { token })
}

/** Whether a chosen file is a review bundle rather than a spreadsheet. */
export function isBundleFile(file: ChosenFile): boolean {
  return file.file_name.toLowerCase().endsWith('.kaifang')
}

/** An outbox item's states, in the order an item goes through them. The binding
 * types `state` as a plain string, so the list lives here. */
export const OUTBOX_STATES = ['queued', 'uploading', 'published', 'failed'] as const
export type OutboxState = (typeof OUTBOX_STATES)[number]

export function isOutboxState(value: unknown): value is OutboxState {
  return OUTBOX_STATES.some((s) => s === value)
}

/** The portals set up in this workspace (never their tokens). */
export function portalList(): Promise<PortalConfig[]> {
  return call('portal_list')
}

/** Adds or changes a portal. A token goes straight to the OS keyring; an empty
 * one (or `null`) keeps the token stored, so editing a portal never needs it. */
export function portalSave(name: string, url: string, org: string, token: string | null): Promise<PortalConfig> {
  const secret = token?.trim() ?? ''
  return call('portal_save', { name: name.trim(), url: url.trim(), org: org.trim(), token: secret === '' ? null : secret })
}

/** Removes a portal and its token from the keyring. */
export async function portalRemove(name: string): Promise<void> {
  await call('portal_remove', { name })
}

/** "Test connection": whether the address, the token and the organisation are right. */
export function portalTest(name: string): Promise<ConnectionReport> {
  return call('portal_test', { name })
}

/** Queues datasets for publishing and wakes the background worker: the given
 * ones, or with `null` every approved one; `portal` `null` means the only one. */
export function publish(datasets: ReadonlyArray<string | number> | null, portal: string | null = null): Promise<OutboxItem[]> {
  return call('publish', { datasets: datasets ? datasets.map(String) : null, portal })
}

/** Everything queued, uploading, published or failed, newest first. */
export function outboxList(): Promise<OutboxItem[]> {
  return call('outbox_list')
}

/** Queues a failed item again, to be tried at once. */
export function outboxRetry(id: number): Promise<OutboxItem> {
  return call('outbox_retry', { id })
}

/** Where a dataset is published: one entry per portal. */
export function datasetPublications(dataset: string | number): Promise<Publication[]> {
  return call('dataset_publications', { dataset: String(dataset) })
}

/** The workspace's backups (in `backups/` beside it), newest first. */
export function backupList(): Promise<BackupInfo[]> {
  return call('backup_list')
}

/** Backs up the workspace now (reason `manual`); the older ones beyond the
 * kept number are removed. */
export function backupCreate(): Promise<BackupInfo> {
  return call('backup_create')
}

/** The native open dialog for a backup made elsewhere; `null` when cancelled. */
export function pickBackupFile(): Promise<ChosenFile | null> {
  return call('pick_backup_file')
}

/** What a backup holds, after checking it: a listed one by `fileName`, or a
 * chosen file by `token`. Changes nothing. */
export function backupPreview(fileName: string | null, token: string | null): Promise<BackupPreview> {
  return call('backup_preview', { fileName, token })
}

/** Replaces the workspace's content with the backup's; the current content is
 * backed up first, and that backup is what this returns. */
export function backupRestore(fileName: string | null, token: string | null): Promise<BackupInfo> {
  return call('backup_restore', { fileName, token })
}

/** The event the publishing worker emits on every change of an outbox item. */
export const OUTBOX_EVENT = 'kaifang://outbox'

/** Calls `onItem` with each outbox item as its state changes; call the result to stop. */
export async function onOutbox(onItem: (item: OutboxItem) => void): Promise<UnlistenFn> {
  try {
    return await listen<OutboxItem>(OUTBOX_EVENT, (event) => onItem(event.payload))
  } catch (reason) {
    throw ApiError.from(reason)
  }
}

/** The event the desktop emits when the whole-table scan it runs after an import
 * has been saved; the payload is the dataset's id. */
export const SENSITIVE_SCANNED_EVENT = 'kaifang://sensitive-scanned'

/** Calls `onScanned` with a dataset's id each time its whole-table scan is saved;
 * call the result to stop. */
export async function onSensitiveScanned(onScanned: (dataset: number) => void): Promise<UnlistenFn> {
  try {
    return await listen<number>(SENSITIVE_SCANNED_EVENT, (event) => onScanned(event.payload))
  } catch (reason) {
    throw ApiError.from(reason)
  }
}

/** The event Rust emits when a file is dropped anywhere on the window. */
export const FILE_DROPPED_EVENT = 'kaifang://file-dropped'

/** Calls `onFile` for each file dropped on the window; call the result to stop. */
export async function onFileDropped(onFile: (file: ChosenFile) => void): Promise<UnlistenFn> {
  try {
    return await listen<ChosenFile>(FILE_DROPPED_EVENT, (event) => onFile(event.payload))
  } catch (reason) {
    throw ApiError.from(reason)
  }
}
