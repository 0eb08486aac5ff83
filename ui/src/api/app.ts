// The app and its workspace: context, identity, the audit chain, and the
// `changed` event that tells every screen what to read again.

import type { UnlistenFn } from './core'

import type { AppContext } from './bindings/AppContext'
import type { ChainReport } from './bindings/ChainReport'
import type { Changed } from './bindings/Changed'
import type { Topic } from './bindings/Topic'
import type { WorkspaceInfo } from './bindings/WorkspaceInfo'
import { call, listenTo } from './core'

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

// Same trick as KNOWN_CODES: the areas a `changed` event can name, checked by the compiler.
const KNOWN_TOPICS: Record<Topic, true> = {
  datasets: true,
  metadata: true,
  sensitive: true,
  review: true,
  publish: true,
  users: true,
  settings: true,
  backups: true,
}

/** Every area a `changed` event can name. */
export const TOPICS = Object.keys(KNOWN_TOPICS) as Topic[]

export function isTopic(value: unknown): value is Topic {
  return typeof value === 'string' && Object.hasOwn(KNOWN_TOPICS, value)
}

/** The event the desktop emits (batched, about once a second at most) when the
 * workspace's audit log grew, from this app or from the CLI in another process:
 * the areas touched and the datasets concerned. */
export const CHANGED_EVENT = 'kaifang://changed'

/** Calls `handler` with each `changed` event; call the result to stop. Screens
 * subscribe through `src/changes.ts`, which listens once for the whole app. */
export function onChanged(handler: (changed: Changed) => void): Promise<UnlistenFn> {
  return listenTo<Changed>(CHANGED_EVENT, handler)
}
