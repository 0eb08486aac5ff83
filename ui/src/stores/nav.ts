import { defineStore } from 'pinia'
import { ref } from 'vue'

import type { Screen } from '../screens'

/**
 * Where the user is: a top-level screen and, on the dataset screen, the open
 * dataset. A store rather than a router: the app has one window and no URLs to
 * share, and a store is what every view and the import wizard can reach.
 */
export const useNavStore = defineStore('nav', () => {
  const screen = ref<Screen>('datasets')
  /** The open dataset's id (as the commands take it), or null for the list. */
  const dataset = ref<string | null>(null)
  /** Counts openings: opening the dataset on screen again (after importing a new
   * version of it) must show it afresh. */
  const visit = ref(0)

  function show(next: Screen): void {
    screen.value = next
    // Choosing "Datasets" in the navigation always leads back to the list.
    dataset.value = null
  }

  function openDataset(key: string | number): void {
    screen.value = 'datasets'
    dataset.value = String(key)
    visit.value += 1
  }

  function closeDataset(): void {
    dataset.value = null
  }

  return { screen, dataset, visit, show, openDataset, closeDataset }
})
