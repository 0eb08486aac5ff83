import { defineStore } from 'pinia'
import { ref, shallowRef } from 'vue'

import { ApiError, metaFields, type FieldDef } from '../api'

/** The metadata profile (the form's fields). It is fixed in the build, so it is
 * asked for once and shared by the metadata tab and the settings screen. */
export const useMetaFieldsStore = defineStore('metaFields', () => {
  const fields = shallowRef<FieldDef[]>([])
  const loaded = ref(false)
  const error = shallowRef<ApiError | null>(null)
  let pending: Promise<void> | null = null

  /** Never rejects: a failure lands in `error`, and the next call tries again. */
  function load(): Promise<void> {
    if (loaded.value) return Promise.resolve()
    pending ??= metaFields()
      .then((list) => {
        fields.value = list
        loaded.value = true
        error.value = null
      })
      .catch((reason: unknown) => {
        error.value = ApiError.from(reason)
      })
      .finally(() => {
        pending = null
      })
    return pending
  }

  return { fields, loaded, error, load }
})
