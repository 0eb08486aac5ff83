import { createPinia, setActivePinia } from 'pinia'
import { beforeEach, describe, expect, it, vi } from 'vitest'

import { appContext, workspaceInfo, type AppContext, type WorkspaceInfo } from '../api'
import { LANGUAGE_KEY, LAST_LANGUAGE_KEY, applyLanguage, i18n, startupLanguage } from '../i18n'
import { useAppStore } from './app'

vi.mock('../api', async (importOriginal) => ({
  ...(await importOriginal<typeof import('../api')>()),
  appContext: vi.fn(),
  workspaceInfo: vi.fn(),
}))

const context = (os_locale: string | null): AppContext => ({
  version: '0.1.0',
  os_locale,
  workspace_path: '/w/workspace.sqlite3',
  workspace_error: null,
})
const info: WorkspaceInfo = {
  path: '/w/workspace.sqlite3',
  workspace_id: 'b7f1',
  created_at: '2025-01-01T00:00:00Z',
  schema_version: 1,
  supported_schema_version: 1,
  size_bytes: 4096,
  counts: { audit_entries: 1 },
}

beforeEach(() => {
  vi.resetAllMocks()
  localStorage.clear()
  setActivePinia(createPinia())
  vi.mocked(workspaceInfo).mockResolvedValue(info)
})

describe('language', () => {
  it.each([
    ['zh_CN', 'zh-CN'],
    ['zh-Hans-CN', 'zh-CN'],
    ['en-US', 'en'],
  ] as const)('follows the OS locale %s when the user chose nothing', async (osLocale, expected) => {
    applyLanguage(expected === 'en' ? 'zh-CN' : 'en')
    vi.spyOn(navigator, 'language', 'get').mockReturnValue('en-US')
    vi.mocked(appContext).mockResolvedValue(context(osLocale))
    const store = useAppStore()
    await store.load()
    expect(store.language).toBe(expected)
    expect(document.documentElement.lang).toBe(expected)
    expect(localStorage.getItem(LANGUAGE_KEY), 'detection is not a choice, so nothing is saved').toBeNull()
  })

  it('remembers the language the OS locale chose, so the next start paints in it at once', async () => {
    applyLanguage('en')
    vi.spyOn(navigator, 'languages', 'get').mockReturnValue(['en-US'])
    expect(startupLanguage(), 'a first start with an English web view').toBe('en')
    vi.mocked(appContext).mockResolvedValue(context('zh_CN'))
    await useAppStore().load()
    expect(localStorage.getItem(LAST_LANGUAGE_KEY)).toBe('zh-CN')
    expect(startupLanguage(), 'the next start is Chinese before the back end answers').toBe('zh-CN')
  })

  it("keeps the user's saved choice over the OS locale", async () => {
    localStorage.setItem(LANGUAGE_KEY, 'en')
    vi.mocked(appContext).mockResolvedValue(context('zh-CN'))
    const store = useAppStore()
    await store.load()
    expect(store.language).toBe('en')
  })

  it('setLanguage switches messages and the document, and remembers the choice', () => {
    const store = useAppStore()
    store.setLanguage('en')
    expect(i18n.global.t('datasets.title')).toBe('Datasets')
    expect(document.documentElement.lang).toBe('en')
    expect(localStorage.getItem(LANGUAGE_KEY)).toBe('en')
    store.toggleLanguage()
    expect(store.language).toBe('zh-CN')
    expect(localStorage.getItem(LANGUAGE_KEY)).toBe('zh-CN')
  })
})

describe('load', () => {
  it('holds the context and workspace, and is loading only while waiting', async () => {
    vi.mocked(appContext).mockResolvedValue(context('zh-CN'))
    const store = useAppStore()
    const done = store.load()
    expect(store.loading).toBe(true)
    await done
    expect(store.loading).toBe(false)
    expect(store.error).toBeNull()
    expect(store.context?.version).toBe('0.1.0')
    expect(store.workspace).toEqual(info)
    expect(store.workspacePath).toBe('/w/workspace.sqlite3')
  })

  it('keeps the path of a workspace that failed to open, to show it', async () => {
    vi.mocked(appContext).mockResolvedValue({
      ...context('zh-CN'),
      workspace_error: { code: 'workspace_busy', message: 'database is locked', params: {} },
    })
    const store = useAppStore()
    await store.load()
    expect(store.error?.code).toBe('workspace_busy')
    expect(store.workspacePath).toBe('/w/workspace.sqlite3')
    expect(store.loading).toBe(false)
  })
})
