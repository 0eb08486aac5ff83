// Review bundles: datasets and decisions carried between offices on a file.

import type { BundleReport } from './bindings/BundleReport'
import type { ChosenFile } from './bindings/ChosenFile'
import { call } from './core'

/** Writes a review bundle where the user chooses (Rust shows the save dialog):
 * submissions, or with `decisions` the steward's decisions. The file name
 * written, or `null` when the dialog was cancelled. */
export function bundleExport(datasets: ReadonlyArray<string | number>, decisions: boolean): Promise<string | null> {
  return call('bundle_export', { datasets: datasets.map(String), decisions })
}

/** The native open dialog for `*.kaifang` bundles; `null` when cancelled. */
export function pickBundleFile(): Promise<ChosenFile | null> {
  return call('pick_bundle_file')
}

/** Reads a chosen bundle into the workspace and says what became of each dataset. */
export function bundleImport(token: string): Promise<BundleReport> {
  return call('bundle_import', { token })
}

/** Whether a chosen file is a review bundle rather than a spreadsheet. */
export function isBundleFile(file: ChosenFile): boolean {
  return file.file_name.toLowerCase().endsWith('.kaifang')
}
