import { flushPromises, mount } from '@vue/test-utils'
import ElementPlus from 'element-plus'
import { createPinia, setActivePinia, type Pinia } from 'pinia'
import { beforeEach, expect, it, vi } from 'vitest'

import {
  appContext,
  datasetList,
  datasetShow,
  importInspect,
  metaDefaults,
  metaFields,
  onFileDropped,
  workspaceInfo,
  type ChosenFile,
} from './api'
import App from './App.vue'
import { LANGUAGE_KEY, i18n } from './i18n'
import { useAppStore } from './stores/app'
import { useNavStore } from './stores/nav'

vi.mock('./api', async (importOriginal) => ({
  ...(await importOriginal<typeof import('./api')>()),
  appContext: vi.fn(),
  workspaceInfo: vi.fn(),
  datasetList: vi.fn(),
  datasetShow: vi.fn(),
  onFileDropped: vi.fn(),
  importInspect: vi.fn(),
  metaFields: vi.fn(),
  metaDefaults: vi.fn(),
}))

const PATH = 'C:\\Users\\clerk\\AppData\\Roaming\\kaifang\\workspace.sqlite3'
let pinia: Pinia

beforeEach(() => {
  vi.resetAllMocks()
  localStorage.clear()
  pinia = createPinia()
  setActivePinia(pinia)
  vi.mocked(appContext).mockResolvedValue({
    version: '0.1.0',
    os_locale: 'zh_CN',
    workspace_path: PATH,
    workspace_error: null,
  })
  vi.mocked(workspaceInfo).mockResolvedValue({
    path: PATH,
    workspace_id: 'b7f1',
    created_at: '2025-01-01T00:00:00Z',
    schema_version: 1,
    supported_schema_version: 1,
    size_bytes: 4096,
    counts: { audit_entries: 1 },
  })
  vi.mocked(datasetList).mockResolvedValue([])
  vi.mocked(onFileDropped).mockResolvedValue(() => {})
  vi.mocked(importInspect).mockReturnValue(new Promise(() => {}))
  vi.mocked(metaFields).mockResolvedValue([])
  vi.mocked(metaDefaults).mockResolvedValue({})
})

async function mountApp() {
  await useAppStore().load()
  const wrapper = mount(App, { global: { plugins: [pinia, i18n, ElementPlus] } })
  await flushPromises()
  return wrapper
}

it('shows the workspace path and opens on the dataset list', async () => {
  const wrapper = await mountApp()
  expect(wrapper.get('[data-testid="workspace-path"]').text()).toBe(PATH)
  expect(wrapper.get('[data-testid="page-title"]').text()).toBe('数据集')
  expect(wrapper.get('[data-testid="nav-datasets"]').classes(), 'the current screen is marked').toContain('is-active')
})

it('switches language with one click on a button naming the other language', async () => {
  const wrapper = await mountApp()
  const toggle = () => wrapper.get('[data-testid="lang-switch"]')
  expect(toggle().text()).toBe('English')
  await toggle().trigger('click')
  expect(wrapper.get('[data-testid="page-title"]').text()).toBe('Datasets')
  expect(toggle().text()).toBe('中文')
  expect(localStorage.getItem(LANGUAGE_KEY), 'a click is a choice and is remembered').toBe('en')
  await toggle().trigger('click')
  expect(wrapper.get('[data-testid="page-title"]').text()).toBe('数据集')
})

it('shows what a screen will hold until it is built', async () => {
  const wrapper = await mountApp()
  await wrapper.get('[data-testid="nav-review"]').trigger('click')
  expect(wrapper.get('[data-testid="page-title"]').text()).toBe('审核')
  expect(wrapper.get('[data-testid="coming-soon"]').text()).toContain('等待审核的数据集')
  expect(wrapper.find('[data-testid="dataset-list"]').exists()).toBe(false)

  await wrapper.get('[data-testid="nav-datasets"]').trigger('click')
  expect(wrapper.find('[data-testid="dataset-list"]').exists()).toBe(true)
})

it('reaches every screen from the keyboard', async () => {
  const wrapper = await mountApp()
  const settings = wrapper.get('[data-testid="nav-settings"]')
  expect(settings.attributes('tabindex'), 'each navigation item is a tab stop').toBe('0')
  await settings.trigger('keydown', { key: 'Enter' })
  expect(wrapper.get('[data-testid="page-title"]').text()).toBe('设置')
  expect(settings.attributes('aria-current')).toBe('page')
  expect(wrapper.find('[data-testid="settings-defaults"]').exists(), 'the settings screen is built').toBe(true)
})

it('opens the import wizard on a file dropped on the window, and stops listening when closed', async () => {
  const unlisten = vi.fn()
  let drop: ((file: ChosenFile) => void) | undefined
  vi.mocked(onFileDropped).mockImplementation(async (cb) => {
    drop = cb
    return unlisten
  })
  const wrapper = await mountApp()
  expect(drop, 'the app listens for dropped files from the start').toBeDefined()
  drop?.({ token: 't-1', file_name: '低保名单.xlsx', size: 2048 })
  await flushPromises()
  expect(document.querySelector('[data-testid="import-dialog"]'), 'the wizard opens on the file').not.toBeNull()
  expect(importInspect, 'straight at "check what was detected"').toHaveBeenCalledWith('t-1', expect.objectContaining({ header_row: null }))
  wrapper.unmount()
  expect(unlisten, 'no listener is left behind').toHaveBeenCalledTimes(1)
  document.body.innerHTML = ''
})

it('leaves an open dataset for the list when "Datasets" is chosen again in the navigation', async () => {
  vi.mocked(datasetShow).mockReturnValue(new Promise(() => {}))
  const wrapper = await mountApp()
  useNavStore().openDataset(7)
  await flushPromises()
  expect(wrapper.find('[data-testid="dataset-view"]').exists()).toBe(true)
  expect(datasetShow).toHaveBeenCalledWith('7', null)
  await wrapper.get('[data-testid="nav-datasets"]').trigger('click')
  expect(wrapper.find('[data-testid="dataset-view"]').exists()).toBe(false)
  expect(wrapper.find('[data-testid="dataset-list"]').exists()).toBe(true)
})
