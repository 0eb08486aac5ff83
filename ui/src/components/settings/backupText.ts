// How a backup is named in the UI: its reason in words, and the folder backups
// are kept in, worked out from the workspace's path as the core does
// (backup::folder: `backups/` beside the workspace file).

/** The catalog key of a reason the core writes into a backup's name; null for
 * one this version does not know (shown as it is). */
export function reasonKey(reason: string): string | null {
  if (reason === 'manual') return 'settings.backup.reasons.manual'
  if (reason === 'daily') return 'settings.backup.reasons.daily'
  // `before-migration-vN`; the listing may drop the number.
  if (reason.startsWith('before-migration')) return 'settings.backup.reasons.beforeMigration'
  if (reason === 'before-bundle') return 'settings.backup.reasons.beforeBundle'
  if (reason === 'before-restore') return 'settings.backup.reasons.beforeRestore'
  return null
}

/** `backups` beside the workspace file, in the path's own separators. */
export function backupFolder(workspacePath: string): string {
  const sep = workspacePath.includes('\\') && !workspacePath.includes('/') ? '\\' : '/'
  const cut = Math.max(workspacePath.lastIndexOf('/'), workspacePath.lastIndexOf('\\'))
  return cut < 0 ? 'backups' : `${workspacePath.slice(0, cut)}${sep}backups`
}

/** Which backup to restore: one from the list (by file name) or a file the user
 * chose (by its token). */
export type RestoreSource = { fileName: string; token: null } | { fileName: null; token: string }
