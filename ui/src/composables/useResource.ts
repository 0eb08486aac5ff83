import {
  getCurrentScope,
  onScopeDispose,
  ref,
  shallowRef,
  toValue,
  watch,
  type MaybeRefOrGetter,
  type Ref,
  type ShallowRef,
} from 'vue'

import { ApiError, type Changed, type Topic } from '../api'
import { subscribeChanges } from '../changes'

export interface ResourceOptions {
  /** The areas whose changes make this data stale. */
  topics: readonly Topic[]
  /** The dataset (id, or its id as a string) the data is about: an event naming
   * other datasets only is ignored, and a new dataset is read at once. */
  dataset?: MaybeRefOrGetter<number | string | null>
  /** Load at once (the default), or only on `reload` and on changes. */
  immediate?: boolean
}

export interface Resource<T> {
  /** The last answer; kept while reloading and after a failed reload. */
  data: ShallowRef<T | null>
  /** Why the last load failed; cleared by the next answer. */
  error: ShallowRef<ApiError | null>
  loading: Ref<boolean>
  /** Loads again; the newest call wins, an older answer is dropped. Never rejects. */
  reload: () => Promise<void>
}

/** Whether an event concerns data in `topics` about `dataset`. An event that
 * names no dataset concerns them all; a dataset given by name rather than id
 * cannot be told apart, so every event of its topics concerns it. */
export function concerns(
  changed: Changed,
  topics: readonly Topic[],
  dataset: number | string | null | undefined,
): boolean {
  if (!changed.topics.some((t) => topics.includes(t))) return false
  if (dataset === null || dataset === undefined || changed.datasets.length === 0) return true
  const id = typeof dataset === 'number' ? dataset : /^\d+$/.test(dataset) ? Number(dataset) : null
  return id === null || changed.datasets.includes(id)
}

/** Calls `handler` with each `changed` event that concerns `topics` (and
 * `dataset`, when given), until the current effect scope (a component's setup)
 * ends. For data kept elsewhere (a store); `useResource` when the component keeps it. */
export function useChanges(
  opts: Pick<ResourceOptions, 'topics' | 'dataset'>,
  handler: (changed: Changed) => void,
): () => void {
  const unsubscribe = subscribeChanges((changed) => {
    if (concerns(changed, opts.topics, toValue(opts.dataset))) handler(changed)
  })
  if (getCurrentScope()) onScopeDispose(unsubscribe)
  return unsubscribe
}

/**
 * Data read from the back end that reads itself again when the desktop says its
 * area changed (the `kaifang://changed` event, see `src/changes.ts`), whoever
 * changed it: this window, another screen, or the CLI. Used inside a component's
 * setup (or another effect scope); it stops following changes when that ends.
 */
export function useResource<T>(load: () => Promise<T>, opts: ResourceOptions): Resource<T> {
  const data = shallowRef<T | null>(null)
  const error = shallowRef<ApiError | null>(null)
  const loading = ref(false)
  let request = 0
  let disposed = false

  async function reload(): Promise<void> {
    if (disposed) return
    const mine = ++request
    loading.value = true
    try {
      const result = await load()
      if (mine !== request || disposed) return
      data.value = result
      error.value = null
    } catch (reason) {
      if (mine === request && !disposed) error.value = ApiError.from(reason)
    } finally {
      if (mine === request && !disposed) loading.value = false
    }
  }

  useChanges(opts, () => void reload())

  if (opts.dataset !== undefined) {
    const dataset = opts.dataset
    watch(
      () => toValue(dataset),
      (now, before) => {
        if (now !== before) void reload()
      },
    )
  }

  if (getCurrentScope()) {
    onScopeDispose(() => {
      disposed = true
      request += 1
    })
  }

  if (opts.immediate ?? true) void reload()

  return { data, error, loading, reload }
}
