import { defineStore } from 'pinia'
import { ref, shallowRef } from 'vue'

import { ApiError, datasetList, type DatasetSummary } from '../api'

/** The workspace's datasets, for the list and the wizard's "new version of" choice. */
export const useDatasetsStore = defineStore('datasets', () => {
  const items = ref<DatasetSummary[]>([])
  const loading = ref(false)
  const loaded = ref(false)
  const error = shallowRef<ApiError | null>(null)
  // A refresh started while another runs wins; the older answer is dropped.
  let request = 0

  /** Never rejects: a failure lands in `error`. */
  async function load(): Promise<void> {
    const mine = ++request
    loading.value = true
    try {
      const list = await datasetList()
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

  return { items, loading, loaded, error, load }
})
