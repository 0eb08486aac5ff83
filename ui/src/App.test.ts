import { flushPromises, mount } from '@vue/test-utils'
import ElementPlus from 'element-plus'
import { createPinia, setActivePinia, type Pinia } from 'pinia'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'

import {
  backupList,
  maskingConventions,
  appContext,
  bundleImport,
  datasetList,
  datasetShow,
  importInspect,
  metaDefaults,
  metaFields,
  onFileDropped,
  onOutbox,
  outboxList,
  portalList,
  reviewQueue,
  sessionSetUser,
  userAdd,
  usersList,
  workspaceInfo,
  type ChosenFile,
  type OutboxItem,
  type User,
} from './api'
import App from './App.vue'
import { PORTAL, outboxItem } from './components/publish/publishFixtures'
import { LANGUAGE_KEY, i18n } from './i18n'
import { useAppStore } from './stores/app'
import { useNavStore } from './stores/nav'
import { USER_KEY } from './stores/session'

vi.mock('./api', async (importOriginal) => ({
  ...(await importOriginal<typeof import('./api')>()),
  appContext: vi.fn(),
  workspaceInfo: vi.fn(),
  datasetList: vi.fn(),
  datasetShow: vi.fn(),
  onFileDropped: vi.fn(),
  onChanged: vi.fn(),
  onOutbox: vi.fn(),
  outboxList: vi.fn(),
  portalList: vi.fn(),
  importInspect: vi.fn(),
  metaFields: vi.fn(),
  metaDefaults: vi.fn(),
  usersList: vi.fn(),
  userAdd: vi.fn(),
  sessionSetUser: vi.fn(),
  reviewQueue: vi.fn(),
  bundleImport: vi.fn(),
  backupList: vi.fn(),
  maskingConventions: vi.fn(),
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
  vi.mocked(backupList).mockResolvedValue([])
  vi.mocked(maskingConventions).mockResolvedValue([])
  vi.mocked(onFileDropped).mockResolvedValue(() => {})
  vi.mocked(importInspect).mockReturnValue(new Promise(() => {}))
  vi.mocked(metaFields).mockResolvedValue([])
  vi.mocked(metaDefaults).mockResolvedValue({})
  // A workspace with one user who holds both roles: started as that user.
  serveUsers([{ name: '张三', clerk: true, steward: true }])
  vi.mocked(reviewQueue).mockResolvedValue([])
  vi.mocked(onOutbox).mockResolvedValue(() => {})
  vi.mocked(outboxList).mockResolvedValue([])
  vi.mocked(portalList).mockResolvedValue([PORTAL])
})

/** The users of the workspace; session_set_user answers as the Rust side does. */
function serveUsers(users: User[]): void {
  vi.mocked(usersList).mockResolvedValue(users)
  vi.mocked(sessionSetUser).mockImplementation(async (name) => {
    const found = users.find((u) => u.name === name)
    if (!found) throw new Error(`no user ${name}`)
    return found
  })
}

const $ = (selector: string) => document.querySelector<HTMLElement>(selector)
// A dialog stays in the page once rendered; shown is what counts.
const shown = (selector: string) => {
  const el = $(selector)
  return !!el && (el.closest('.el-overlay') as HTMLElement | null)?.style.display !== 'none'
}

afterEach(() => {
  // Dialogs are teleported to the body; a failed test must not leave its own behind.
  document.body.innerHTML = ''
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

it('opens the publish screen from the navigation', async () => {
  const wrapper = await mountApp()
  await wrapper.get('[data-testid="nav-publish"]').trigger('click')
  await flushPromises()
  expect(wrapper.get('[data-testid="page-title"]').text()).toBe('发布')
  expect(wrapper.find('[data-testid="publish-all"]').exists()).toBe(true)
  expect(wrapper.find('[data-testid="dataset-list"]').exists()).toBe(false)

  await wrapper.get('[data-testid="nav-datasets"]').trigger('click')
  expect(wrapper.find('[data-testid="dataset-list"]').exists()).toBe(true)
})

it('follows the publishing worker on every screen: the badge counts what is on its way or failed', async () => {
  const unlisten = vi.fn()
  let emit: ((item: OutboxItem) => void) | undefined
  vi.mocked(onOutbox).mockImplementation(async (cb) => {
    emit = cb
    return unlisten
  })
  vi.mocked(outboxList).mockResolvedValue([outboxItem({ id: 1, state: 'queued' })])
  const wrapper = await mountApp()
  expect(emit, 'the app listens for outbox events once the workspace is open').toBeDefined()
  expect(wrapper.get('[data-testid="nav-publish-count"]').text()).toBe('1')

  emit?.(outboxItem({ id: 2, dataset: 8, state: 'failed', updated_at: '2025-03-01T08:01:00Z' }))
  await flushPromises()
  const badge = wrapper.get('[data-testid="nav-publish-count"]')
  expect(badge.text()).toBe('2')
  expect(badge.classes(), 'a failure shows in red').toContain('nav__count--alert')

  emit?.(outboxItem({ id: 1, state: 'published', updated_at: '2025-03-01T08:02:00Z', url: 'https://x/dataset/a' }))
  emit?.(outboxItem({ id: 2, dataset: 8, state: 'published', updated_at: '2025-03-01T08:03:00Z', url: 'https://x/dataset/b' }))
  await flushPromises()
  expect(wrapper.find('[data-testid="nav-publish-count"]').exists(), 'nothing left to watch').toBe(false)
  wrapper.unmount()
  expect(unlisten, 'no listener is left behind').toHaveBeenCalledTimes(1)
})

describe('who is acting', () => {
  it('greets a fresh workspace with the first-run wizard, which cannot be dismissed without a user', async () => {
    serveUsers([])
    vi.mocked(userAdd).mockImplementation(async (name, roles) => {
      const user = { name, clerk: roles.includes('clerk'), steward: roles.includes('steward') }
      serveUsers([user])
      return user
    })
    const wrapper = await mountApp()
    expect(shown('[data-testid="wizard"]'), 'an empty workspace starts with the wizard').toBe(true)
    expect(shown('[data-testid="first-user-dialog"]'), 'instead of the bare first-user dialog').toBe(false)
    expect($('[data-testid="wizard"]')?.closest('.el-overlay')?.querySelector('.el-dialog__headerbtn'), 'no close button').toBeNull()

    $('[data-testid="wizard-skip"]')?.click()
    await flushPromises()
    expect($('[data-testid="wizard"]')?.textContent, 'skipping still asks who is acting, and says why').toContain('都会署名')
    const name = $('input[data-testid="wizard-user-name"]') as HTMLInputElement | null
    if (!name) throw new Error('no name box')
    name.value = '王五'
    name.dispatchEvent(new Event('input'))
    $('[data-testid="wizard-user-role-clerk"] input')?.click()
    await flushPromises()
    $('[data-testid="wizard-user-role-steward"] input')?.click()
    await flushPromises()
    $('[data-testid="wizard-finish"]')?.click()
    await flushPromises()
    expect(userAdd).toHaveBeenCalledWith('王五', ['clerk', 'steward'])
    expect(sessionSetUser, 'the new user is the one acting').toHaveBeenLastCalledWith('王五')
    expect(localStorage.getItem(USER_KEY), 'and is remembered for the next start').toBe('王五')
    expect(wrapper.get('[data-testid="current-user"]').text()).toBe('王五')
    expect(wrapper.get('[data-testid="user-switch"]').text(), 'with both roles').toContain('经办人')
    expect(wrapper.get('[data-testid="user-switch"]').text()).toContain('审核人')
    expect(shown('[data-testid="wizard"]'), 'the wizard is done').toBe(false)
    expect(shown('[data-testid="first-user-dialog"]'), 'and nothing else asks').toBe(false)
    expect(wrapper.find('[data-testid="empty-state"]').exists(), 'it lands on the empty dataset list').toBe(true)
    wrapper.unmount()
    document.body.innerHTML = ''
  })

  it('asks who is acting when users exist but none was chosen, and cannot be dismissed without an answer', async () => {
    serveUsers([
      { name: '张三', clerk: true, steward: false },
      { name: '李四', clerk: false, steward: true },
    ])
    vi.mocked(userAdd).mockImplementation(async (name, roles) => {
      const user = { name, clerk: roles.includes('clerk'), steward: roles.includes('steward') }
      serveUsers([user])
      return user
    })
    const wrapper = await mountApp()
    const dialog = $('[data-testid="first-user-dialog"]')
    expect(shown('[data-testid="wizard"]'), 'not a first run').toBe(false)
    expect(shown('[data-testid="first-user-dialog"]'), 'two users and none remembered: it asks').toBe(true)
    expect(dialog?.textContent, 'and says why it cannot be skipped').toContain('这一步不能跳过')
    expect(dialog?.closest('.el-overlay')?.querySelector('.el-dialog__headerbtn'), 'there is no close button').toBeNull()

    $('[data-testid="first-user-save"]')?.click()
    await flushPromises()
    expect(userAdd, 'nothing is saved without a name and a role').not.toHaveBeenCalled()
    expect(dialog?.textContent).toContain('请填写姓名')
    expect(dialog?.textContent).toContain('请至少选择一个角色')

    const name = $('input[data-testid="first-user-name"]') as HTMLInputElement | null
    if (!name) throw new Error('no name box')
    name.value = '王五'
    name.dispatchEvent(new Event('input'))
    $('[data-testid="first-user-role-clerk"] input')?.click()
    await flushPromises()
    $('[data-testid="first-user-save"]')?.click()
    await flushPromises()
    expect(userAdd).toHaveBeenCalledWith('王五', ['clerk'])
    expect(sessionSetUser, 'the new user is the one acting').toHaveBeenLastCalledWith('王五')
    expect(wrapper.get('[data-testid="current-user"]').text()).toBe('王五')
    expect(shown('[data-testid="first-user-dialog"]'), 'the question is answered').toBe(false)
    wrapper.unmount()
    document.body.innerHTML = ''
  })

  it('starts as the user chosen last time, without asking', async () => {
    localStorage.setItem(USER_KEY, '李四')
    serveUsers([
      { name: '张三', clerk: true, steward: false },
      { name: '李四', clerk: false, steward: true },
    ])
    const wrapper = await mountApp()
    expect(sessionSetUser).toHaveBeenCalledWith('李四')
    expect(wrapper.get('[data-testid="current-user"]').text()).toBe('李四')
    expect(shown('[data-testid="first-user-dialog"]'), 'nobody is asked').toBe(false)
    wrapper.unmount()
    document.body.innerHTML = ''
  })

  it('switches user from the top bar, and leads to Settings to manage users', async () => {
    serveUsers([
      { name: '张三', clerk: true, steward: false },
      { name: '李四', clerk: false, steward: true },
    ])
    localStorage.setItem(USER_KEY, '张三')
    const wrapper = await mountApp()
    expect(wrapper.find('[data-testid="nav-review"]').exists(), 'a clerk has no review screen').toBe(false)
    await wrapper.get('[data-testid="user-switch"]').trigger('click')
    await flushPromises()
    $('[data-testid="user-option-李四"]')?.click()
    await flushPromises()
    expect(sessionSetUser).toHaveBeenLastCalledWith('李四')
    expect(wrapper.get('[data-testid="current-user"]').text()).toBe('李四')
    expect(wrapper.find('[data-testid="nav-review"]').exists(), 'a steward reviews').toBe(true)
    expect(localStorage.getItem(USER_KEY)).toBe('李四')

    $('[data-testid="user-manage"]')?.click()
    await flushPromises()
    expect(wrapper.get('[data-testid="page-title"]').text()).toBe('设置')
    expect(wrapper.get('[data-testid="settings-users"]').text()).toContain('李四')
    wrapper.unmount()
    document.body.innerHTML = ''
  })

  it('counts the submissions waiting on the review item, again when the window regains focus', async () => {
    const item = (dataset: number) => ({
      dataset,
      name: `数据集${dataset}`,
      version: 1,
      submitted_by: '李四',
      submitted_at: '2025-03-01T00:00:00Z',
    })
    vi.mocked(reviewQueue).mockResolvedValue([item(1), item(2)])
    const wrapper = await mountApp()
    expect(wrapper.get('[data-testid="nav-review-count"]').text()).toBe('2')
    vi.mocked(reviewQueue).mockResolvedValue([item(1), item(2), item(3)])
    window.dispatchEvent(new Event('focus'))
    await flushPromises()
    expect(wrapper.get('[data-testid="nav-review-count"]').text()).toBe('3')
    await wrapper.get('[data-testid="nav-review"]').trigger('click')
    await flushPromises()
    expect(wrapper.find('[data-testid="queue-item-3"]').exists(), 'the queue lists them').toBe(true)
    wrapper.unmount()
  })
})

it('imports a dropped review bundle as a bundle, not a spreadsheet, and shows what it did', async () => {
  let drop: ((file: ChosenFile) => void) | undefined
  vi.mocked(onFileDropped).mockImplementation(async (cb) => {
    drop = cb
    return () => {}
  })
  vi.mocked(bundleImport).mockResolvedValue({
    kind: 'submissions',
    items: [
      { dataset: 4, name: '城关镇低保名单', outcome: 'added' },
      { dataset: 5, name: '养老机构名录', outcome: 'unchanged' },
    ],
  })
  const wrapper = await mountApp()
  drop?.({ token: 'b-1', file_name: '审核包-2025-03-01.KAIFANG', size: 4096 })
  await flushPromises()
  expect(bundleImport).toHaveBeenCalledWith('b-1')
  expect(importInspect, 'the import wizard leaves bundles alone').not.toHaveBeenCalled()
  expect($('[data-testid="import-dialog"]')).toBeNull()
  const items = [...document.querySelectorAll('[data-testid="bundle-report-item"]')].map((i) => i.textContent ?? '')
  expect(items[0]).toContain('城关镇低保名单')
  expect(items[0]).toContain('已加入审核列表')
  expect(items[1]).toContain('已在本机，没有变化')
  expect(reviewQueue, 'the queue is read again').toHaveBeenCalledTimes(2)
  wrapper.unmount()
  document.body.innerHTML = ''
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
