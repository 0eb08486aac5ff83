import { defineStore } from 'pinia'
import { computed, ref, shallowRef } from 'vue'

import { ApiError, reviewQueue, type QueueItem } from '../api'

/** Submissions waiting for a steward: the review screen's list and the count on
 * its navigation item. Read again after each decision and when the window
 * regains focus (a clerk on this PC may have submitted meanwhile). */
export const useReviewStore = defineStore('review', () => {
  const items = ref<QueueItem[]>([])
  const loaded = ref(false)
  const loading = ref(false)
  const error = shallowRef<ApiError | null>(null)
  const count = computed(() => items.value.length)
  // A refresh started while another runs wins; the older answer is dropped.
  let request = 0

  /** Never rejects: a failure lands in `error`. */
  async function load(): Promise<void> {
    const mine = ++request
    loading.value = true
    try {
      const list = await reviewQueue()
      if (mine !== request) return
      items.value = list
      error.value = null
      loaded.value = true
    } catch (reason) {
      if (mine === request) error.value = ApiError.from(reason)
    } finally {
      if (mine === request) loading.value = false
    }
  }

  return { items, loaded, loading, error, count, load }
})
