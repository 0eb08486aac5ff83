// The steward's comments on a returned dataset, where the clerk works: the
// dataset view provides them, and the metadata fields, dictionary rows and
// sensitive rows each show their own. Injected rather than passed down through
// every tab and table in between; outside a dataset view there are none.

import { computed, inject, type ComputedRef, type InjectionKey } from 'vue'

import { parseTarget, type ReviewEntry } from '../../api'

export interface ReviewComments {
  /** By metadata field id. */
  fields: Readonly<Record<string, readonly string[]>>
  /** By column position (0-based). */
  columns: Readonly<Record<number, readonly string[]>>
}

export const NO_COMMENTS: ReviewComments = Object.freeze({ fields: {}, columns: {} })

export const REVIEW_COMMENTS: InjectionKey<ComputedRef<ReviewComments>> = Symbol('reviewComments')

export function useReviewComments(): ComputedRef<ReviewComments> {
  return inject(
    REVIEW_COMMENTS,
    computed(() => NO_COMMENTS),
    true,
  )
}

/** The latest return, if the dataset's last decision was one. */
export function latestReturn(history: readonly ReviewEntry[]): ReviewEntry | null {
  for (let i = history.length - 1; i >= 0; i -= 1) {
    const entry = history[i]
    if (!entry) continue
    if (entry.action === 'return') return entry
    // A later submission or approval answers the return.
    if (entry.action === 'submit' || entry.action === 'approve') return null
  }
  return null
}

/** A return's targeted comments by field and column; unknown targets are dropped. */
export function commentsOf(entry: ReviewEntry | null): ReviewComments {
  if (!entry) return NO_COMMENTS
  const fields: Record<string, string[]> = {}
  const columns: Record<number, string[]> = {}
  for (const [key, text] of entry.comments) {
    const target = parseTarget(key)
    if (target?.kind === 'field') (fields[target.field] ??= []).push(text)
    else if (target?.kind === 'column') (columns[target.position] ??= []).push(text)
  }
  return { fields, columns }
}
