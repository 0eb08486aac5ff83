// Review: users and the acting user, submissions, decisions, comments, and
// what happened to a dataset.

import type { HistoryEntry } from './bindings/HistoryEntry'
import type { QueueItem } from './bindings/QueueItem'
import type { Decisions } from './bindings/Decisions'
import type { ReviewChanges } from './bindings/ReviewChanges'
import type { ReviewEntry } from './bindings/ReviewEntry'
import type { Role } from './bindings/Role'
import type { User } from './bindings/User'
import { call } from './core'

/** The workspace's users and their roles, by name. */
export function usersList(): Promise<User[]> {
  return call('users_list')
}

/** Adds a user with the passphrase they typed, or gives an existing one the
 * roles named too (`passphrase` null then). A steward action, except for the
 * first user of a workspace where nobody has a passphrase yet (who becomes a
 * steward). */
export function userAdd(name: string, roles: Role[], passphrase: string | null): Promise<User> {
  return call('user_add', { name, roles, passphrase })
}

/** Sets a user's passphrase: your own with `current`; someone else's as an
 * unlocked steward (`current` null); or your own first one on a workspace where
 * nobody has one yet (`current` null). */
export function userSetPassphrase(name: string, passphrase: string, current: string | null): Promise<User> {
  return call('user_set_passphrase', { name, passphrase, current })
}

/** Chooses who is acting, proven by their passphrase: every later command
 * records this user, and a steward's actions are unlocked. */
export function sessionSetUser(name: string, passphrase: string): Promise<User> {
  return call('session_set_user', { name, passphrase })
}

/** Unlocks the acting user's steward actions again (asked after 10 idle minutes). */
export function sessionUnlock(passphrase: string): Promise<User> {
  return call('session_unlock', { passphrase })
}

/** Locks steward actions now, until the passphrase is typed again; the user
 * stays who they are for clerk work. */
export async function sessionLock(): Promise<void> {
  await call('session_lock')
}

/** A clerk submits a draft or returned dataset; the content hash submitted. */
export function reviewSubmit(dataset: string | number): Promise<string> {
  return call('review_submit', { dataset: String(dataset) })
}

/** A steward approves a submission (an empty comment is none); the hash approved.
 * `confirmSpecial`: the steward confirms that special categories published as
 * they are may be open to all (refused without it when there are any). */
export function reviewApprove(dataset: string | number, comment: string | null, confirmSpecial = false): Promise<string> {
  const text = comment?.trim() ?? ''
  return call('review_approve', { dataset: String(dataset), comment: text === '' ? null : text, confirmSpecial })
}

/** Every column's decision, the checklist and what is unusual: the clerk's
 * summary before submitting and the steward's before approving. */
export function reviewDecisions(dataset: string | number): Promise<Decisions> {
  return call('review_decisions', { dataset: String(dataset) })
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
