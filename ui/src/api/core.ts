// The call and the error every other module of the api uses: the one place that
// touches `invoke` and `listen`, and the error codes the back end can send.

import { Channel, invoke } from '@tauri-apps/api/core'
import { listen, type UnlistenFn } from '@tauri-apps/api/event'

export type { UnlistenFn }

import type { Commands } from './bindings/commands'
import type { ErrorCode } from './bindings/ErrorCode'
import type { ErrorPayload } from './bindings/ErrorPayload'
import { ERROR_CODES } from './bindings/lists'

/** Every error code the back end can send (generated from the Rust enum). */
export { ERROR_CODES }

export function isErrorCode(value: unknown): value is ErrorCode {
  return typeof value === 'string' && (ERROR_CODES as string[]).includes(value)
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

type Args<C extends keyof Commands> = Commands[C]['args'] extends undefined ? [] : [Commands[C]['args']]

/** Asked when a command fails because the acting steward must type their
 * passphrase again (`auth_unlock_required`): resolves true once unlocked (the
 * command is then tried once more), false when the user declined. */
export type UnlockHandler = (error: ApiError) => Promise<boolean>

let unlockHandler: UnlockHandler | null = null

/** Registers the one unlock handler (the Unlock dialog), or removes it with
 * `null`. Every steward action gets it through `call`, without its call site
 * knowing. */
export function setUnlockHandler(handler: UnlockHandler | null): void {
  unlockHandler = handler
}

// The commands that prove who is acting: their own failure is the user's to
// see, never a reason to ask for the passphrase again (that would ask forever).
const UNLOCKING: ReadonlySet<keyof Commands> = new Set(['session_unlock', 'session_set_user'])

/** Invokes a command of the contract; rejects with an ApiError. A steward
 * action refused for want of a fresh unlock asks the unlock handler, and is
 * tried once more when the user unlocked; declined, it rejects with the
 * original error. */
export async function call<C extends keyof Commands>(command: C, ...args: Args<C>): Promise<Commands[C]['result']> {
  try {
    // Commands without arguments are invoked with none, as Tauri expects.
    return await invoke<Commands[C]['result']>(command, ...args)
  } catch (reason) {
    const error = ApiError.from(reason)
    const handler = unlockHandler
    if (error.code !== 'auth_unlock_required' || handler === null || UNLOCKING.has(command)) throw error
    let unlocked: boolean
    try {
      unlocked = await handler(error)
    } catch {
      unlocked = false
    }
    if (!unlocked) throw error
    try {
      return await invoke<Commands[C]['result']>(command, ...args)
    } catch (again) {
      throw ApiError.from(again)
    }
  }
}

/** Calls `handler` with each payload of a desktop event; call the result to stop.
 * Rejects with an ApiError when the listener is refused. */
export async function listenTo<T>(event: string, handler: (payload: T) => void): Promise<UnlistenFn> {
  try {
    return await listen<T>(event, (e) => handler(e.payload))
  } catch (reason) {
    throw ApiError.from(reason)
  }
}

/** A channel for one call's stream of messages (progress), received by `onMessage`. */
export function channel<T>(onMessage: (message: T) => void): Channel<T> {
  return new Channel<T>(onMessage)
}
