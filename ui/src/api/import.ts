// Importing spreadsheets: choosing the file, inspecting it, running the import.

import type { UnlistenFn } from './core'

import type { ChosenFile } from './bindings/ChosenFile'
import type { ImportHabit } from './bindings/ImportHabit'
import type { ImportOptions } from './bindings/ImportOptions'
import type { ImportOutcome } from './bindings/ImportOutcome'
import type { Inspection } from './bindings/Inspection'
import type { Progress } from './bindings/Progress'
import { call, channel, listenTo } from './core'

/** Shows the native open dialog (from Rust); `null` when the user cancels it. */
export function pickImportFile(): Promise<ChosenFile | null> {
  return call('pick_import_file')
}

/** The file Kaifang was started with ("Open with Kaifang"); given out once. */
export function openedFile(): Promise<ChosenFile | null> {
  return call('opened_file')
}

/** What the file is and how it would be read, with its first rows, importing nothing. */
export function importInspect(token: string, options: ImportOptions): Promise<Inspection> {
  return call('import_inspect', { token, options })
}

/** The choices the last file named like this one was imported with, if the clerk
 * changed any (remembered by `importRun`). */
export function importHabit(token: string): Promise<ImportHabit | null> {
  return call('import_habit', { token })
}

/** Imports a chosen file. `table` says which of the sheet's tables `options`
 * picks (0: the first), for next month's file. `job` is the caller's id for
 * `jobCancel`; progress arrives on a channel of this call only, so nothing is
 * left listening afterwards. */
export function importRun(
  token: string,
  options: ImportOptions,
  table: number,
  job: string,
  onProgress: (progress: Progress) => void,
): Promise<ImportOutcome> {
  // The handler is set before the channel is sent, so no early report is missed.
  const progress = channel<Progress>(onProgress)
  return call('import_run', { token, options, table, job, onProgress: progress })
}

/** Asks a running job to stop; its call then rejects with `cancelled`. */
export async function jobCancel(job: string): Promise<void> {
  await call('job_cancel', { job })
}

/** The event Rust emits when a file is dropped anywhere on the window. */
export const FILE_DROPPED_EVENT = 'kaifang://file-dropped'

export function onFileDropped(onFile: (file: ChosenFile) => void): Promise<UnlistenFn> {
  return listenTo<ChosenFile>(FILE_DROPPED_EVENT, onFile)
}
