// The one door to the Rust side: every IPC call goes through here, so views and
// stores never import `@tauri-apps/*` and can be tested with this module mocked.

import { invoke } from '@tauri-apps/api/core'

import type { AppContext } from './bindings/AppContext'
import type { ChainReport } from './bindings/ChainReport'
import type { ErrorCode } from './bindings/ErrorCode'
import type { ErrorPayload } from './bindings/ErrorPayload'
import type { WorkspaceInfo } from './bindings/WorkspaceInfo'

export type { AppContext } from './bindings/AppContext'
export type { AuditEntry } from './bindings/AuditEntry'
export type { BreakKind } from './bindings/BreakKind'
export type { ChainBreak } from './bindings/ChainBreak'
export type { ChainReport } from './bindings/ChainReport'
export type { ErrorCode } from './bindings/ErrorCode'
export type { ErrorPayload } from './bindings/ErrorPayload'
export type { WorkspaceCounts } from './bindings/WorkspaceCounts'
export type { WorkspaceInfo } from './bindings/WorkspaceInfo'

// A Record rather than an array so that TypeScript rejects this file when the Rust
// side adds or removes a code: the runtime list below can never drift from the type.
const KNOWN_CODES: Record<ErrorCode, true> = {
  workspace_missing: true,
  workspace_create_dir: true,
  workspace_not_a_database: true,
  workspace_foreign: true,
  workspace_newer_schema: true,
  workspace_busy: true,
  workspace_read_only: true,
  workspace_disk_full: true,
  workspace_corrupt: true,
  database: true,
  io: true,
  internal: true,
}

/** Every error code the back end can send. */
export const ERROR_CODES = Object.keys(KNOWN_CODES) as ErrorCode[]

export function isErrorCode(value: unknown): value is ErrorCode {
  return typeof value === 'string' && Object.hasOwn(KNOWN_CODES, value)
}

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

/** The IPC contract: command name → result type. */
interface Commands {
  app_context: AppContext
  workspace_info: WorkspaceInfo
  audit_verify: ChainReport
}

async function call<C extends keyof Commands>(command: C): Promise<Commands[C]> {
  try {
    return await invoke<Commands[C]>(command)
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
