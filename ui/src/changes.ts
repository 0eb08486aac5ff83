import { shallowRef } from 'vue'

import { ApiError, onChanged, type Changed, type UnlistenFn } from './api'

// The app's one subscription to the desktop's `kaifang://changed` event (the
// audit log grew, here or in the CLI): started once by App.vue, and fanned out
// to whoever subscribed, so screens never call `listen` themselves.

export type ChangedHandler = (changed: Changed) => void

const handlers = new Set<ChangedHandler>()
let unlisten: UnlistenFn | null = null
let listening: Promise<void> | null = null
let stopped = false

/** Why changes could not be followed: screens then read again only when asked. */
export const changesError = shallowRef<ApiError | null>(null)

/** Calls every subscriber with one event. The listener's handler; tests call it
 * to play the desktop. */
export function dispatchChanged(changed: Changed): void {
  // A copy: a handler may unsubscribe (or subscribe) while the event goes round.
  for (const handler of [...handlers]) {
    try {
      handler(changed)
    } catch (reason) {
      // One screen's failure must not keep the event from the others.
      console.error(reason)
    }
  }
}

/** Starts listening, once for the whole app; safe to call again. Never rejects:
 * a refused listener lands in `changesError`. */
export function startChanges(): Promise<void> {
  stopped = false
  listening ??= (async () => {
    try {
      const stop = await onChanged(dispatchChanged)
      // Stopped while the listener was being registered: remove it at once.
      if (stopped) {
        stop()
        listening = null
      } else {
        unlisten = stop
        changesError.value = null
      }
    } catch (reason) {
      changesError.value = ApiError.from(reason)
      listening = null
    }
  })()
  return listening
}

/** Stops listening (the app is closing). Subscribers stay, and hear again after
 * `startChanges`. */
export function stopChanges(): void {
  stopped = true
  unlisten?.()
  unlisten = null
  listening = null
}

/** Calls `handler` with every `changed` event from now on; call the result to stop. */
export function subscribeChanges(handler: ChangedHandler): () => void {
  handlers.add(handler)
  return () => {
    handlers.delete(handler)
  }
}
