import { defineStore } from 'pinia'
import { ref, shallowRef, watch } from 'vue'

import { ApiError, isBundleFile, openedFile, pickImportFile, type ChosenFile } from '../api'
import { useBundleStore } from './bundles'
import { useSessionStore } from './session'

/** Resolves once someone has signed in (a bundle is imported under their name). */
function signedIn(): Promise<void> {
  const session = useSessionStore()
  if (session.user) return Promise.resolve()
  return new Promise((resolve) => {
    const stop = watch(
      () => session.user,
      (user) => {
        if (!user) return
        stop()
        resolve()
      },
    )
  })
}

/**
 * The import wizard's door: whether it is open, on which file, and whether an
 * import is running. The import button, a file dropped on the window and a file
 * the app was started with all come in here; the wizard does the rest.
 */
export const useImportStore = defineStore('importer', () => {
  const visible = ref(false)
  const file = ref<ChosenFile | null>(null)
  /** Set by the wizard while `import_run` is under way. */
  const running = ref(false)
  const pickError = shallowRef<ApiError | null>(null)
  /** The dataset a new version is for, chosen before the file ("import the new
   * version" of a dataset due for an update); the wizard starts with it. */
  const into = ref<string | null>(null)

  /** Opens the wizard at "choose file" (or where it is, if an import runs). */
  function open(): void {
    visible.value = true
    if (!running.value) {
      file.value = null
      pickError.value = null
      into.value = null
    }
  }

  /** Opens the wizard for a new version of `dataset`. */
  function openInto(dataset: string | number): void {
    open()
    if (!running.value) into.value = String(dataset)
  }

  /** Opens the wizard on `chosen`, at "check what was detected". Refused (false)
   * while an import runs, so a stray drop cannot replace the file being imported. */
  function offer(chosen: ChosenFile): boolean {
    if (running.value) return false
    pickError.value = null
    file.value = chosen
    visible.value = true
    return true
  }

  /** The native open dialog; cancelling it changes nothing. */
  async function pick(): Promise<void> {
    try {
      const chosen = await pickImportFile()
      if (chosen) offer(chosen)
    } catch (reason) {
      pickError.value = ApiError.from(reason)
      visible.value = true
    }
  }

  /** The file of "Open with Kaifang", asked for once at start-up and opened once
   * someone has signed in (what it does is recorded under their name): a review
   * bundle (double-clicked on a USB stick) is imported, anything else goes to
   * the import wizard. */
  async function openStartupFile(): Promise<void> {
    try {
      const chosen = await openedFile()
      if (!chosen) return
      await signedIn()
      if (isBundleFile(chosen)) {
        await useBundleStore().importFile(chosen)
        return
      }
      offer(chosen)
    } catch (reason) {
      pickError.value = ApiError.from(reason)
      visible.value = true
    }
  }

  /** Hides the wizard. What it showed stays until it has faded out (`reset`), so
   * the closing dialog does not flash back to "choose file". */
  function close(): void {
    visible.value = false
  }

  /** Forgets the file and any error, once the wizard is gone (its `closed` event).
   * Does nothing if the wizard was opened again meanwhile. */
  function reset(): void {
    if (visible.value) return
    file.value = null
    pickError.value = null
    into.value = null
  }

  return { visible, file, running, pickError, into, open, openInto, offer, pick, openStartupFile, close, reset }
})
