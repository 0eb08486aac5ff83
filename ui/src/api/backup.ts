// Backups of the workspace: listing, making, checking and restoring them.

import type { BackupInfo } from './bindings/BackupInfo'
import type { BackupPreview } from './bindings/BackupPreview'
import type { ChosenFile } from './bindings/ChosenFile'
import { call } from './core'

/** The workspace's backups (in `backups/` beside it), newest first. */
export function backupList(): Promise<BackupInfo[]> {
  return call('backup_list')
}

/** Backs up the workspace now (reason `manual`); the older ones beyond the
 * kept number are removed. */
export function backupCreate(): Promise<BackupInfo> {
  return call('backup_create')
}

/** The native open dialog for a backup made elsewhere; `null` when cancelled. */
export function pickBackupFile(): Promise<ChosenFile | null> {
  return call('pick_backup_file')
}

/** What a backup holds, after checking it: a listed one by `fileName`, or a
 * chosen file by `token`. Changes nothing. */
export function backupPreview(fileName: string | null, token: string | null): Promise<BackupPreview> {
  return call('backup_preview', { fileName, token })
}

/** Replaces the workspace's content with the backup's; the current content is
 * backed up first, and that backup is what this returns. */
export function backupRestore(fileName: string | null, token: string | null): Promise<BackupInfo> {
  return call('backup_restore', { fileName, token })
}
