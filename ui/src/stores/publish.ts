import { defineStore } from 'pinia'
import { computed, ref, shallowRef } from 'vue'

import {
  ApiError,
  OUTBOX_STATES,
  onOutbox,
  outboxList,
  outboxRetry,
  portalList,
  portalRemove,
  portalSave,
  publish as queuePublish,
  type OutboxItem,
  type OutboxState,
  type PortalConfig,
  type UnlistenFn,
} from '../api'

/** How many items are in each state. */
export type OutboxCounts = Record<OutboxState, number>

/**
 * The portals and the outbox: the settings card, the publish screen, the badge
 * on its navigation item and the dataset view all read them here. The outbox is
 * read once and then kept current by the worker's `kaifang://outbox` events, so a
 * row changes state while the user watches, on any screen.
 */
export const usePublishStore = defineStore('publish', () => {
  const portals = ref<PortalConfig[]>([])
  const portalsLoaded = ref(false)
  const portalsError = shallowRef<ApiError | null>(null)

  const items = ref<OutboxItem[]>([])
  const loaded = ref(false)
  const loading = ref(false)
  const error = shallowRef<ApiError | null>(null)
  /** Why live updates could not be set up (the list then changes only on reload). */
  const liveError = shallowRef<ApiError | null>(null)

  const counts = computed<OutboxCounts>(() => {
    const out = Object.fromEntries(OUTBOX_STATES.map((s) => [s, 0])) as OutboxCounts
    for (const item of items.value) {
      const state = OUTBOX_STATES.find((s) => s === item.state)
      if (state) out[state] += 1
    }
    return out
  })
  /** What still needs an eye: on its way, or failed. The navigation's badge. */
  const pending = computed(() => counts.value.queued + counts.value.uploading + counts.value.failed)

  let portalRequest = 0
  /** Never rejects: a failure lands in `portalsError`. */
  async function loadPortals(): Promise<void> {
    const mine = ++portalRequest
    try {
      const list = await portalList()
      if (mine !== portalRequest) return
      portals.value = list
      portalsError.value = null
      portalsLoaded.value = true
    } catch (reason) {
      if (mine === portalRequest) portalsError.value = ApiError.from(reason)
    }
  }

  /** Saves a portal (an empty token keeps the stored one); the list follows.
   * Rejects with the ApiError. */
  async function savePortal(name: string, url: string, org: string, token: string | null): Promise<PortalConfig> {
    try {
      const saved = await portalSave(name, url, org, token)
      const rest = portals.value.filter((p) => p.name !== saved.name)
      portals.value = [...rest, saved].sort((a, b) => a.name.localeCompare(b.name))
      void loadPortals()
      return saved
    } catch (reason) {
      throw ApiError.from(reason)
    }
  }

  /** Rejects with the ApiError. */
  async function removePortal(name: string): Promise<void> {
    try {
      await portalRemove(name)
      portals.value = portals.value.filter((p) => p.name !== name)
    } catch (reason) {
      throw ApiError.from(reason)
    }
  }

  // Events that arrive while the list is being read are applied again on top of
  // it: the list may have been read before they happened.
  let inFlight: OutboxItem[] | null = null
  let outboxRequest = 0

  /** Takes one item as the worker (or a command) reports it. An older report of
   * an item than the one shown is ignored: events and answers may cross. */
  function apply(item: OutboxItem): void {
    inFlight?.push(item)
    const list = items.value
    const at = list.findIndex((i) => i.id === item.id)
    const before = at >= 0 ? list[at] : undefined
    if (before && item.updated_at < before.updated_at) return
    if (at >= 0) {
      items.value = list.map((i, n) => (n === at ? item : i))
    } else {
      // Newest first, as outbox_list gives them.
      items.value = [...list, item].sort((a, b) => b.id - a.id)
    }
  }

  /** Never rejects: a failure lands in `error`. */
  async function loadOutbox(): Promise<void> {
    const mine = ++outboxRequest
    const seen: OutboxItem[] = []
    inFlight = seen
    loading.value = true
    try {
      const list = await outboxList()
      if (mine !== outboxRequest) return
      inFlight = null
      items.value = list
      for (const item of seen) apply(item)
      error.value = null
      loaded.value = true
    } catch (reason) {
      if (mine === outboxRequest) error.value = ApiError.from(reason)
    } finally {
      if (mine === outboxRequest) {
        inFlight = null
        loading.value = false
      }
    }
  }

  let unlisten: UnlistenFn | null = null
  let listening: Promise<void> | null = null
  let stopped = false

  /** Reads portals and outbox and follows the worker's events from now on. Safe
   * to call again (a reopened workspace): it listens once. Never rejects. */
  async function start(): Promise<void> {
    stopped = false
    listening ??= onOutbox(apply).then(
      (stop) => {
        // Stopped while the listener was being registered: remove it at once.
        if (stopped) {
          stop()
          listening = null
        } else {
          unlisten = stop
          liveError.value = null
        }
      },
      (reason: unknown) => {
        liveError.value = ApiError.from(reason)
        listening = null
      },
    )
    await Promise.all([loadPortals(), loadOutbox(), listening])
  }

  /** Stops following events (the app is closing). */
  function stop(): void {
    stopped = true
    unlisten?.()
    unlisten = null
    listening = null
  }

  /** Queues datasets (all approved with `null`) for `portal` (`null`: the only
   * one). Rejects with the ApiError. */
  async function publish(datasets: ReadonlyArray<string | number> | null, portal: string | null): Promise<OutboxItem[]> {
    try {
      const queued = await queuePublish(datasets, portal)
      for (const item of queued) apply(item)
      return queued
    } catch (reason) {
      throw ApiError.from(reason)
    }
  }

  /** Queues a failed item again. Rejects with the ApiError. */
  async function retry(id: number): Promise<OutboxItem> {
    try {
      const item = await outboxRetry(id)
      apply(item)
      return item
    } catch (reason) {
      throw ApiError.from(reason)
    }
  }

  return {
    portals,
    portalsLoaded,
    portalsError,
    items,
    loaded,
    loading,
    error,
    liveError,
    counts,
    pending,
    loadPortals,
    savePortal,
    removePortal,
    loadOutbox,
    apply,
    start,
    stop,
    publish,
    retry,
  }
})
