// The English messages of backups,
// typed as the Chinese ones (../zh-CN/backup.ts).

import type { BackupMessages } from '../zh-CN/backup'

const messages: BackupMessages = {
  settings: {
    backup: {
      title: 'Backups and restore',
      intro: 'Kaifang backs up the workspace every day, before upgrades and before importing a review bundle, keeping the last 10, in the backups folder beside the workspace:',
      folderUnknown: 'the backups folder beside the workspace',
      now: 'Back up now',
      created: 'Backed up: {name}',
      fromFile: 'Restore from another file…',
      time: 'Time',
      reason: 'Reason',
      size: 'Size',
      restore: 'Restore',
      restoreLabel: 'Restore the backup of {time}',
      empty: 'No backups yet. Click “Back up now” to make one.',
      loadError: 'The backups could not be listed',
      retry: 'Try again',
      failed: 'The backup failed',
      reasons: {
        manual: 'Manual',
        daily: 'Daily',
        beforeMigration: 'Before an upgrade',
        beforeBundle: 'Before a bundle import',
        beforeRestore: 'Before a restore',
      },
      preview: {
        title: 'Restore a backup',
        loading: 'Checking the backup file…',
        failed: 'This backup cannot be read',
        file: 'Backup file: {file}',
        datasets: 'Datasets: {count}',
        datasetsNamed: 'Datasets: {count} ({names})',
        more: 'and {count} more',
        users: 'Users: {count}',
        lastChange: 'Last change: {time}',
        noChange: 'Last change: none recorded',
        auditBroken:
          'This backup’s audit log does not verify: its record of who did what may have been changed or damaged, and could not be relied on after a restore. Unless you must, choose another backup.',
        otherWorkspace: 'This backup is of another workspace. Restoring it replaces this workspace’s content with it.',
        replaces: 'Restoring replaces all of the workspace’s content with the backup’s. Kaifang first saves the current content as a backup of its own, so it can be restored again if needed.',
        cancel: 'Cancel',
        next: 'Restore this backup…',
      },
      confirm: {
        title: 'Restore?',
        message: 'Replace the workspace’s content with “{file}” now? The current content is backed up first; you will be told that backup’s name when the restore is done.',
        ok: 'Restore',
        cancel: 'Cancel',
      },
      restored: 'Restored from {file}. The previous content is kept in the backup {previous}. Reloading…',
      restoreFailed: 'The restore failed',
    },
  },
}

export default messages
