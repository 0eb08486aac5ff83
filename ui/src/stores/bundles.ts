import { defineStore } from 'pinia'
import { ref, shallowRef } from 'vue'

import {
  ApiError,
  bundleExport,
  bundleImport,
  pickBundleFile,
  type BundleReport,
  type ChosenFile,
} from '../api'
import { useDatasetsStore } from './datasets'
import { useReviewStore } from './review'

/**
 * Review bundles (*.kaifang), the way submissions and decisions travel between
 * PCs that share no network. Importing comes from a button (open dialog) or a
 * bundle dropped on the window; either way the report dialog shows what became
 * of each dataset, and the lists are read again.
 */
export const useBundleStore = defineStore('bundles', () => {
  const busy = ref(false)
  /** The last import's report; the dialog shows while it is set. */
  const report = shallowRef<BundleReport | null>(null)
  const fileName = ref('')
  /** A failed import, shown in the same dialog. */
  const error = shallowRef<ApiError | null>(null)

  async function refreshLists(): Promise<void> {
    await Promise.all([useDatasetsStore().load(), useReviewStore().load()])
  }

  /** Imports a chosen or dropped bundle. Refused (false) while one is under way. */
  async function importFile(file: ChosenFile): Promise<boolean> {
    if (busy.value) return false
    busy.value = true
    fileName.value = file.file_name
    error.value = null
    report.value = null
    try {
      report.value = await bundleImport(file.token)
      await refreshLists()
    } catch (reason) {
      error.value = ApiError.from(reason)
    } finally {
      busy.value = false
    }
    return true
  }

  /** The open dialog, then the import; cancelling changes nothing. */
  async function pickAndImport(): Promise<void> {
    if (busy.value) return
    try {
      const chosen = await pickBundleFile()
      if (chosen) await importFile(chosen)
    } catch (reason) {
      fileName.value = ''
      error.value = ApiError.from(reason)
    }
  }

  /** Writes a bundle (the save dialog is Rust's): the file name, or null when
   * cancelled. Rejects with the ApiError. */
  async function exportBundle(datasets: ReadonlyArray<string | number>, decisions: boolean): Promise<string | null> {
    busy.value = true
    try {
      return await bundleExport(datasets, decisions)
    } catch (reason) {
      throw ApiError.from(reason)
    } finally {
      busy.value = false
    }
  }

  function dismiss(): void {
    report.value = null
    error.value = null
  }

  return { busy, report, fileName, error, importFile, pickAndImport, exportBundle, dismiss }
})
