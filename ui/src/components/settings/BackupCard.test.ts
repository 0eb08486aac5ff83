import { flushPromises, mount, type VueWrapper } from '@vue/test-utils'
import ElementPlus from 'element-plus'
import { createPinia, setActivePinia } from 'pinia'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'

import {
  backupCreate,
  backupList,
  backupPreview,
  backupRestore,
  pickBackupFile,
  type BackupInfo,
  type BackupPreview,
} from '../../api'
import { i18n } from '../../i18n'
import { reloadApp } from '../../reload'
import { useAppStore } from '../../stores/app'
import BackupCard from './BackupCard.vue'
import { backupFolder, reasonKey } from './backupText'

vi.mock('../../api', async (importOriginal) => ({
  ...(await importOriginal<typeof import('../../api')>()),
  backupList: vi.fn(),
  backupCreate: vi.fn(),
  backupPreview: vi.fn(),
  backupRestore: vi.fn(),
  pickBackupFile: vi.fn(),
}))
vi.mock('../../reload', () => ({ reloadApp: vi.fn() }))

const PATH = 'C:\\Users\\clerk\\AppData\\Roaming\\kaifang\\workspace.sqlite3'

function backup(over: Partial<BackupInfo> = {}): BackupInfo {
  const file_name = over.file_name ?? 'workspace-20250301T080000Z-daily.sqlite3'
  return {
    file_name,
    path: `C:\\Users\\clerk\\AppData\\Roaming\\kaifang\\backups\\${file_name}`,
    created_at: '2025-03-01T08:00:00Z',
    reason: 'daily',
    size: 1536 * 1024,
    ...over,
  }
}

const DAILY = backup()
const MANUAL = backup({
  file_name: 'workspace-20250302T090000Z-manual.sqlite3',
  created_at: '2025-03-02T09:00:00Z',
  reason: 'manual',
})
const BEFORE_RESTORE = backup({
  file_name: 'workspace-20250303T100000Z-before-restore.sqlite3',
  created_at: '2025-03-03T10:00:00Z',
  reason: 'before-restore',
})

function preview(over: Partial<BackupPreview> = {}): BackupPreview {
  return {
    file_name: DAILY.file_name,
    workspace_id: 'b7f1',
    same_workspace: true,
    schema_version: 3,
    datasets: 7,
    dataset_names: ['城关镇低保名单', '医疗救助', '临时救助', '特困供养', '残疾人补贴', '孤儿名单', '养老机构'],
    users: 2,
    last_change: '2025-03-01T07:59:00Z',
    audit_intact: true,
    ...over,
  }
}

let wrapper: VueWrapper | null = null
let missing: string[]

beforeEach(() => {
  vi.resetAllMocks()
  vi.useRealTimers()
  setActivePinia(createPinia())
  i18n.global.locale.value = 'zh-CN'
  missing = []
  i18n.global.setMissingHandler((_locale, key) => {
    missing.push(key)
    return key
  })
  useAppStore().context = { version: '0.1.0', os_locale: 'zh-CN', workspace_path: PATH, workspace_error: null }
  vi.mocked(backupList).mockResolvedValue([MANUAL, DAILY])
})

afterEach(() => {
  wrapper?.unmount()
  wrapper = null
  vi.useRealTimers()
  i18n.global.setMissingHandler(null)
  document.body.innerHTML = ''
  expect(missing, 'every message the card uses exists').toEqual([])
})

async function mountCard(): Promise<VueWrapper> {
  wrapper = mount(BackupCard, { global: { plugins: [i18n, ElementPlus] }, attachTo: document.body })
  await flushPromises()
  return wrapper
}

const $ = (selector: string) => document.querySelector<HTMLElement>(selector)
const dialog = () => $('[data-testid="backup-preview"]')
const dialogShown = () => {
  const el = dialog()
  return !!el && (el.closest('.el-overlay') as HTMLElement | null)?.style.display !== 'none'
}

async function click(selector: string): Promise<void> {
  const el = $(selector)
  if (!el) throw new Error(`nothing at ${selector}`)
  el.click()
  await flushPromises()
}

describe('backup names', () => {
  it('translate every reason the core writes, and find the folder beside the workspace', () => {
    expect(reasonKey('before-migration-v3')).toBe('settings.backup.reasons.beforeMigration')
    expect(reasonKey('before-migration-v')).toBe('settings.backup.reasons.beforeMigration')
    expect(reasonKey('before-bundle')).toBe('settings.backup.reasons.beforeBundle')
    expect(reasonKey('something-new')).toBeNull()
    expect(backupFolder(PATH)).toBe('C:\\Users\\clerk\\AppData\\Roaming\\kaifang\\backups')
    expect(backupFolder('/home/clerk/.local/share/kaifang/workspace.sqlite3')).toBe('/home/clerk/.local/share/kaifang/backups')
  })
})

describe('the backup card', () => {
  it('lists the backups newest first with time, reason in words and size, and says where they are', async () => {
    const w = await mountCard()
    const card = w.get('[data-testid="backup-card"]')
    expect(card.text()).toContain('备份与恢复')
    expect(card.text(), 'when backups are taken').toContain('每天、升级之前和导入审核包之前')
    expect(card.get('[data-testid="backup-folder"]').text()).toBe('C:\\Users\\clerk\\AppData\\Roaming\\kaifang\\backups')
    const rows = card.findAll('[data-testid^="backup-row-"]').map((r) => r.attributes('data-testid'))
    expect(rows).toEqual([`backup-row-${MANUAL.file_name}`, `backup-row-${DAILY.file_name}`])
    expect(card.text()).toContain('手动备份')
    expect(card.text()).toContain('每日自动备份')
    expect(card.text()).toContain('1.5 MB')
    expect(card.text(), 'the time in local format, not RFC 3339').not.toContain('2025-03-01T08:00:00Z')
  })

  it('says so when there is no backup yet', async () => {
    vi.mocked(backupList).mockResolvedValue([])
    const w = await mountCard()
    expect(w.get('[data-testid="backup-empty"]').text()).toContain('还没有备份')
  })

  it('backs up now and shows the new backup', async () => {
    const w = await mountCard()
    vi.mocked(backupCreate).mockResolvedValue(BEFORE_RESTORE)
    vi.mocked(backupList).mockResolvedValue([BEFORE_RESTORE, MANUAL, DAILY])
    await click('[data-testid="backup-now"]')
    expect(backupCreate).toHaveBeenCalledTimes(1)
    expect(w.findAll('[data-testid^="backup-row-"]')).toHaveLength(3)
    expect(document.body.textContent).toContain(`已备份：${BEFORE_RESTORE.file_name}`)
  })

  it('shows a failed backup in words', async () => {
    const w = await mountCard()
    vi.mocked(backupCreate).mockRejectedValue({
      code: 'backup_failed',
      message: 'disk full',
      params: { path: 'D:\\backups', reason: 'No space left on device' },
    })
    await click('[data-testid="backup-now"]')
    const alert = w.get('[data-testid="error-alert"]')
    expect(alert.text()).toContain('未能备份')
    expect(alert.text()).toContain('D:\\backups')
    expect(alert.text()).toContain('backup_failed')
  })

  it('shows what a backup holds before restoring it, then asks, then restores it by name and reloads', async () => {
    await mountCard()
    vi.mocked(backupPreview).mockResolvedValue(preview())
    await click(`[data-testid="backup-restore-${DAILY.file_name}"]`)
    expect(backupPreview).toHaveBeenCalledWith(DAILY.file_name, null)
    expect(backupRestore, 'nothing is restored by opening the preview').not.toHaveBeenCalled()
    expect(dialogShown()).toBe(true)
    const text = dialog()?.textContent ?? ''
    expect(text).toContain('数据集：7 个')
    expect(text, 'the first names').toContain('城关镇低保名单')
    expect(text, 'and how many more').toContain('等 2 个')
    expect(text).not.toContain('养老机构')
    expect(text).toContain('用户：2 位')
    expect(text).toContain('最后修改')
    expect(text, 'the current content is backed up first').toContain('先把当前内容另存为一份备份')
    expect($('[data-testid="backup-other-workspace"]'), 'same workspace: no warning').toBeNull()
    expect($('[data-testid="backup-audit-broken"]'), 'its audit log verifies: no warning').toBeNull()
    expect($('[data-testid="backup-restore-confirm"]'), 'a confirmation comes first').toBeNull()

    await click('[data-testid="backup-restore-next"]')
    expect($('[data-testid="backup-confirm-message"]')?.textContent).toContain('当前内容会先备份')
    expect(backupRestore).not.toHaveBeenCalled()

    vi.useFakeTimers()
    vi.mocked(backupRestore).mockResolvedValue(BEFORE_RESTORE)
    await click('[data-testid="backup-restore-confirm"]')
    expect(backupRestore).toHaveBeenCalledWith(DAILY.file_name, null)
    expect($('[data-testid="backup-restored"]')?.textContent, 'names the backup of what was replaced').toContain(
      BEFORE_RESTORE.file_name,
    )
    expect(reloadApp).not.toHaveBeenCalled()
    vi.advanceTimersByTime(3000)
    expect(reloadApp, 'the app starts afresh on the restored workspace').toHaveBeenCalledTimes(1)
  })

  it('restores a chosen file by its token, warning that it is of another workspace', async () => {
    await mountCard()
    vi.mocked(pickBackupFile).mockResolvedValue({ token: 'tok-1', file_name: 'from-usb.sqlite3', size: 2048 })
    vi.mocked(backupPreview).mockResolvedValue(
      preview({ file_name: 'from-usb.sqlite3', same_workspace: false, datasets: 0, dataset_names: [], last_change: null }),
    )
    await click('[data-testid="backup-from-file"]')
    expect(backupPreview).toHaveBeenCalledWith(null, 'tok-1')
    expect($('[data-testid="backup-other-workspace"]')?.textContent).toContain('来自另一个工作区')
    expect(dialog()?.textContent).toContain('最后修改：没有记录')
    await click('[data-testid="backup-restore-next"]')
    vi.mocked(backupRestore).mockResolvedValue(BEFORE_RESTORE)
    await click('[data-testid="backup-restore-confirm"]')
    expect(backupRestore).toHaveBeenCalledWith(null, 'tok-1')
  })

  it('warns when the backup’s audit log does not verify, and still lets it be restored', async () => {
    await mountCard()
    vi.mocked(backupPreview).mockResolvedValue(preview({ audit_intact: false }))
    await click(`[data-testid="backup-restore-${DAILY.file_name}"]`)
    expect($('[data-testid="backup-audit-broken"]')?.textContent).toContain('审计日志校验不通过')
    await click('[data-testid="backup-restore-next"]')
    expect($('[data-testid="backup-restore-confirm"]')).not.toBeNull()
  })

  it('does nothing when the file dialog is cancelled', async () => {
    await mountCard()
    vi.mocked(pickBackupFile).mockResolvedValue(null)
    await click('[data-testid="backup-from-file"]')
    expect(backupPreview).not.toHaveBeenCalled()
    expect(dialogShown()).toBe(false)
  })

  it('shows a backup that cannot be read, and offers no restore', async () => {
    await mountCard()
    vi.mocked(backupPreview).mockRejectedValue({
      code: 'restore_invalid',
      message: 'not a database',
      params: { file: DAILY.file_name, reason: 'file is not a database' },
    })
    await click(`[data-testid="backup-restore-${DAILY.file_name}"]`)
    expect(dialog()?.textContent).toContain('无法读取这个备份')
    expect(dialog()?.textContent).toContain(DAILY.file_name)
    const next = $('[data-testid="backup-restore-next"]') as HTMLButtonElement | null
    expect(next?.disabled, 'nothing to restore').toBe(true)
  })

  it('shows a failed restore and leaves the app as it is', async () => {
    await mountCard()
    vi.mocked(backupPreview).mockResolvedValue(preview())
    await click(`[data-testid="backup-restore-${DAILY.file_name}"]`)
    await click('[data-testid="backup-restore-next"]')
    vi.mocked(backupRestore).mockRejectedValue({
      code: 'backup_failed',
      message: 'read-only',
      params: { path: 'D:\\backups', reason: 'read-only file system' },
    })
    await click('[data-testid="backup-restore-confirm"]')
    expect(dialog()?.textContent).toContain('未能恢复')
    expect(dialog()?.textContent).toContain('D:\\backups')
    expect($('[data-testid="backup-restored"]')).toBeNull()
    expect(reloadApp).not.toHaveBeenCalled()
    await click('[data-testid="backup-restore-cancel"]')
    expect(dialogShown()).toBe(false)
  })
})
