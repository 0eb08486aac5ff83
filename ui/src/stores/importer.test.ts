import { createPinia, setActivePinia } from 'pinia'
import { beforeEach, describe, expect, it, vi } from 'vitest'

import { bundleImport, openedFile, pickImportFile } from '../api'
import { useImportStore } from './importer'
import { useSessionStore } from './session'

vi.mock('../api', async (importOriginal) => ({
  ...(await importOriginal<typeof import('../api')>()),
  openedFile: vi.fn(),
  pickImportFile: vi.fn(),
  bundleImport: vi.fn(),
  datasetList: vi.fn().mockResolvedValue([]),
  reviewQueue: vi.fn().mockResolvedValue([]),
}))

const FILE = { token: 't-1', file_name: '名单.xlsx', size: 10 }

beforeEach(() => {
  vi.resetAllMocks()
  setActivePinia(createPinia())
})

describe('the import wizard door', () => {
  it('opens at "choose file", and on the picked file once one is chosen', async () => {
    const store = useImportStore()
    store.open()
    expect(store.visible).toBe(true)
    expect(store.file).toBeNull()
    vi.mocked(pickImportFile).mockResolvedValueOnce(null)
    await store.pick()
    expect(store.file, 'cancelling the dialog changes nothing').toBeNull()
    vi.mocked(pickImportFile).mockResolvedValueOnce(FILE)
    await store.pick()
    expect(store.file).toEqual(FILE)
  })

  it('refuses a dropped file while an import runs, so the running one is not replaced', () => {
    const store = useImportStore()
    expect(store.offer(FILE)).toBe(true)
    store.running = true
    expect(store.offer({ ...FILE, token: 't-2' })).toBe(false)
    expect(store.file?.token).toBe('t-1')
  })

  it('opens on the file the app was started with, and not at all without one', async () => {
    const store = useImportStore()
    useSessionStore().user = { name: '小王', clerk: true, steward: false, has_passphrase: true, fingerprint: null }
    vi.mocked(openedFile).mockResolvedValueOnce(null)
    await store.openStartupFile()
    expect(store.visible).toBe(false)
    vi.mocked(openedFile).mockResolvedValueOnce(FILE)
    await store.openStartupFile()
    expect(store.visible).toBe(true)
    expect(store.file).toEqual(FILE)
  })

  it('imports a review bundle the app was started with once someone has signed in', async () => {
    const store = useImportStore()
    const bundle = { token: 't-9', file_name: '审核包-2026-12-06.kaifang', size: 900 }
    vi.mocked(openedFile).mockResolvedValueOnce(bundle)
    vi.mocked(bundleImport).mockResolvedValueOnce({ kind: 'submissions', items: [] })
    const opening = store.openStartupFile()
    await new Promise((r) => setTimeout(r, 0))
    expect(bundleImport, 'nobody signed in yet: the bundle waits').not.toHaveBeenCalled()
    useSessionStore().user = { name: '老李', clerk: false, steward: true, has_passphrase: true, fingerprint: null }
    await opening
    expect(bundleImport).toHaveBeenCalledWith('t-9')
    expect(store.visible, 'not the import wizard').toBe(false)
  })

  it('keeps the file while the wizard fades out, and forgets it once it is gone', () => {
    const store = useImportStore()
    store.offer(FILE)
    store.close()
    expect(store.visible).toBe(false)
    expect(store.file, 'still shown during the closing animation').toEqual(FILE)
    store.reset()
    expect(store.file).toBeNull()
  })

  it('does not reset a wizard opened again before the last one was gone', () => {
    const store = useImportStore()
    store.offer(FILE)
    store.close()
    store.offer({ ...FILE, token: 't-2' })
    store.reset()
    expect(store.file?.token).toBe('t-2')
  })

  it('shows a failed file dialog as an error in the wizard', async () => {
    const store = useImportStore()
    vi.mocked(pickImportFile).mockRejectedValueOnce({ code: 'import_read', message: 'x', params: { path: '/a.xlsx' } })
    await store.pick()
    expect(store.visible).toBe(true)
    expect(store.pickError?.code).toBe('import_read')
  })
})
