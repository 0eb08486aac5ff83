import { defineStore } from 'pinia'
import { ref, shallowRef } from 'vue'

import type { ListFilter } from '../listFilter'

import type { Screen } from '../screens'
/** Asked before the user is taken elsewhere; resolves false to stay. */
export type LeaveGuard = () => Promise<boolean>

/**
 * Where the user is: a top-level screen and, on the dataset screen, the open
 * dataset. A store rather than a router: the app has one window and no URLs to
 * share, and a store is what every view and the import wizard can reach.
 */
export const useNavStore = defineStore('nav', () => {
  const screen = ref<Screen>('datasets')
  /** The open dataset's id (as the commands take it), or null for the list. */
  const dataset = ref<string | null>(null)
  /** On the review screen, the submission open for review (its dataset id), or
   * null for the queue. */
  const review = ref<string | null>(null)
  /** Counts openings: opening the dataset on screen again (after importing a new
   * version of it) must show it afresh. */
  const visit = ref(0)
  /** What the dataset list is narrowed to (from the overview), or null. */
  const listFilter = shallowRef<ListFilter | null>(null)
  // Forms with unsaved edits (metadata, workspace defaults) register here, so that
  // every way of leaving them (navigation, another dataset, the wizard opening a
  // new import) asks first. Not state: nothing renders from it.
  const guards = new Set<LeaveGuard>()

  /** Registers `guard`; call the result to remove it. */
  function addLeaveGuard(guard: LeaveGuard): () => void {
    guards.add(guard)
    return () => guards.delete(guard)
  }

  /** True when every guard lets the user go. */
  async function mayLeave(): Promise<boolean> {
    for (const guard of [...guards]) {
      if (!(await guard())) return false
    }
    return true
  }

  // Without a guard the move happens at once, as callers and tests expect.
  function leaveThen(move: () => void): Promise<boolean> {
    if (guards.size === 0) {
      move()
      return Promise.resolve(true)
    }
    return mayLeave().then((ok) => {
      if (ok) move()
      return ok
    })
  }

  function show(next: Screen): Promise<boolean> {
    if (screen.value === next && dataset.value === null && review.value === null) return Promise.resolve(true)
    return leaveThen(() => {
      screen.value = next
      // Choosing a screen in the navigation always leads back to its list.
      dataset.value = null
      review.value = null
      listFilter.value = null
    })
  }

  /** The dataset list narrowed to `filter` (a chart's bar on the overview). */
  function showList(filter: ListFilter | null): Promise<boolean> {
    return leaveThen(() => {
      screen.value = 'datasets'
      dataset.value = null
      review.value = null
      listFilter.value = filter
    })
  }

  function openDataset(key: string | number): Promise<boolean> {
    return leaveThen(() => {
      screen.value = 'datasets'
      dataset.value = String(key)
      visit.value += 1
    })
  }

  function closeDataset(): Promise<boolean> {
    return leaveThen(() => {
      dataset.value = null
    })
  }

  function openReview(key: string | number): Promise<boolean> {
    return leaveThen(() => {
      screen.value = 'review'
      dataset.value = null
      review.value = String(key)
      visit.value += 1
    })
  }

  function closeReview(): Promise<boolean> {
    return leaveThen(() => {
      review.value = null
    })
  }

  return {
    screen,
    dataset,
    review,
    visit,
    listFilter,
    show,
    showList,
    openDataset,
    closeDataset,
    openReview,
    closeReview,
    addLeaveGuard,
    mayLeave,
  }
})
