import { flushPromises, mount } from '@vue/test-utils'
import ElementPlus from 'element-plus'
import { createPinia, setActivePinia, type Pinia } from 'pinia'
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest'

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
  sessionLock,
  sessionSetUser,
  userAdd,
  userSetPassphrase,
  usersList,
  workspaceInfo,
  type ChosenFile,
  type OutboxItem,
  type User,
} from './api'
import App from './App.vue'
import { PORTAL, outboxItem } from './components/publish/publishFixtures'
import { LANGUAGE_KEY, i18n } from './i18n'
import { status } from './notify'
import { useAppStore } from './stores/app'
import { useNavStore } from './stores/nav'
import { USER_KEY } from './stores/session'
import { ElSelect } from 'element-plus'

// The screens other than the list load on demand (App.vue): loaded once here,
// so that opening one takes a render, not a module load.
beforeAll(async () => {
  await Promise.all([
    import('./views/DatasetView.vue'),
    import('./views/PublishView.vue'),
    import('./views/ReviewQueue.vue'),
    import('./views/ReviewView.vue'),
    import('./views/SettingsView.vue'),
    import('./views/HelpView.vue'),
    import('./components/bundles/BundleReportDialog.vue'),
    import('./components/firstrun/FirstRunWizard.vue'),
    import('./components/import/ImportWizard.vue'),
  ])
})

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
  userSetPassphrase: vi.fn(),
  sessionSetUser: vi.fn(),
  sessionLock: vi.fn(),
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
  // A workspace with one user who holds both roles: offered at the start, and
  // signed in with their passphrase (mountApp).
  serveUsers([person('张三', true, true)])
  vi.mocked(reviewQueue).mockResolvedValue([])
  vi.mocked(onOutbox).mockResolvedValue(() => {})
  vi.mocked(outboxList).mockResolvedValue([])
  vi.mocked(portalList).mockResolvedValue([PORTAL])
})

/** Everyone's passphrase in these tests. */
const PASS = 'correct horse battery'

function person(name: string, clerk: boolean, steward: boolean, has_passphrase = true): User {
  return { name, clerk, steward, has_passphrase, fingerprint: steward && has_passphrase ? 'K7QD-M2XA-9F4R-TZ3B' : null }
}

/** The users of the workspace; session_set_user answers as the Rust side does. */
function serveUsers(users: User[]): void {
  vi.mocked(usersList).mockResolvedValue(users)
  vi.mocked(sessionSetUser).mockImplementation(async (name, passphrase) => {
    const found = users.find((u) => u.name === name)
    if (!found) throw new Error(`no user ${name}`)
    if (!found.has_passphrase) throw { code: 'auth_passphrase_missing', message: 'none', params: { user: name } }
    if (passphrase !== PASS) throw { code: 'auth_passphrase_wrong', message: 'wrong', params: { user: name } }
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
  vi.useRealTimers()
  // Dialogs are teleported to the body; a failed test must not leave its own behind.
  document.body.innerHTML = ''
})

/** Types into an input found by its test id, as a user does. */
async function type(testid: string, value: string): Promise<void> {
  const input = $(`input[data-testid="${testid}"]`) as HTMLInputElement | null
  if (!input) throw new Error(`no input ${testid}`)
  input.value = value
  input.dispatchEvent(new Event('input'))
  await flushPromises()
}

async function click(testid: string): Promise<void> {
  const el = $(`[data-testid="${testid}"]`)
  if (!el) throw new Error(`no ${testid}`)
  el.click()
  await flushPromises()
}

/** Mounts the app; unless told not to, signs in as the user it offers, with
 * their passphrase, as every start asks. */
async function mountApp(signIn = true) {
  await useAppStore().load()
  const wrapper = mount(App, { global: { plugins: [pinia, i18n, ElementPlus] } })
  await flushPromises()
  if (signIn) {
    await type('switch-passphrase', PASS)
    await click('first-user-continue')
  }
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
  status('元数据已保存')
  await flushPromises()
  expect(wrapper.get('[data-testid="status-line"]').text()).toContain('元数据已保存')
  await toggle().trigger('click')
  expect(wrapper.get('[data-testid="page-title"]').text()).toBe('Datasets')
  await flushPromises()
  expect(wrapper.get('[data-testid="status-line"]').text(), 'a confirmation in the other language goes').toBe('')
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
    vi.mocked(userAdd).mockImplementation(async (name, roles, passphrase) => {
      expect(passphrase).toBe(PASS)
      // The first user is the workspace's steward, whatever was ticked.
      const user = person(name, roles.includes('clerk'), true)
      serveUsers([user])
      return user
    })
    const wrapper = await mountApp(false)
    expect(shown('[data-testid="wizard"]'), 'an empty workspace starts with the wizard').toBe(true)
    expect(shown('[data-testid="first-user-dialog"]'), 'instead of the bare first-user dialog').toBe(false)
    expect($('[data-testid="wizard"]')?.closest('.el-overlay')?.querySelector('.el-dialog__headerbtn'), 'no close button').toBeNull()

    $('[data-testid="wizard-skip"]')?.click()
    await flushPromises()
    expect($('[data-testid="wizard"]')?.textContent, 'skipping still asks who is acting, and says why').toContain('都会署名')
    await type('wizard-user-name', '王五')
    $('[data-testid="wizard-user-role-clerk"] input')?.click()
    await flushPromises()
    await type('new-user-passphrase', PASS)
    await type('new-user-passphrase-repeat', PASS)
    $('[data-testid="wizard-finish"]')?.click()
    await flushPromises()
    expect(userAdd).toHaveBeenCalledWith('王五', ['clerk'], PASS)
    expect(sessionSetUser, 'the new user is the one acting').toHaveBeenLastCalledWith('王五', PASS)
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

  it('asks who is acting when none was chosen, and cannot be dismissed without their passphrase', async () => {
    serveUsers([person('张三', true, false), person('李四', false, true)])
    const wrapper = await mountApp(false)
    const dialog = $('[data-testid="first-user-dialog"]')
    expect(shown('[data-testid="wizard"]'), 'not a first run').toBe(false)
    expect(shown('[data-testid="first-user-dialog"]'), 'two users and none remembered: it asks').toBe(true)
    expect(dialog?.textContent, 'and says why it cannot be skipped').toContain('这一步不能跳过')
    expect(dialog?.closest('.el-overlay')?.querySelector('.el-dialog__headerbtn'), 'there is no close button').toBeNull()
    expect($('[data-testid="first-user-save"]'), 'users have passphrases: only a steward adds users').toBeNull()
    expect($('[data-testid="first-user-ask-steward"]')?.textContent).toContain('请审核人')
    expect($('[data-testid="switch-passphrase"]'), 'no name chosen, no passphrase asked').toBeNull()

    wrapper.findComponent(ElSelect).vm.$emit('update:modelValue', '李四')
    await flushPromises()
    await type('switch-passphrase', 'not it at all')
    await click('first-user-continue')
    expect(sessionSetUser).toHaveBeenLastCalledWith('李四', 'not it at all')
    expect($('[data-testid="switch-error"]')?.textContent, 'a wrong passphrase is said where it was typed').toContain('口令不对')
    expect(shown('[data-testid="first-user-dialog"]')).toBe(true)
    expect(($('input[data-testid="switch-passphrase"]') as HTMLInputElement).value, 'and cleared for another try').toBe('')

    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] })
    vi.mocked(sessionSetUser).mockRejectedValueOnce({ code: 'auth_throttled', message: 'wait', params: { user: '李四', seconds: '30' } })
    await type('switch-passphrase', PASS)
    await click('first-user-continue')
    expect($('[data-testid="switch-error"]')?.textContent, 'too many tries: the wait is said').toContain('30 秒')
    expect(($('[data-testid="first-user-continue"]') as HTMLButtonElement).disabled, 'and kept').toBe(true)
    await type('switch-passphrase', PASS)
    $('input[data-testid="switch-passphrase"]')?.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter' }))
    await flushPromises()
    expect(sessionSetUser, 'not before the wait is over').toHaveBeenCalledTimes(2)
    vi.advanceTimersByTime(30_000)
    vi.useRealTimers()
    await flushPromises()

    $('input[data-testid="switch-passphrase"]')?.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter' }))
    await flushPromises()
    expect(sessionSetUser, 'Enter signs in').toHaveBeenCalledTimes(3)
    expect(wrapper.get('[data-testid="current-user"]').text()).toBe('李四')
    expect(shown('[data-testid="first-user-dialog"]'), 'signed in').toBe(false)
    wrapper.unmount()
    document.body.innerHTML = ''
  })

  it('offers the user chosen last time, and signs them in only with their passphrase', async () => {
    localStorage.setItem(USER_KEY, '李四')
    serveUsers([person('张三', true, false), person('李四', false, true)])
    const wrapper = await mountApp(false)
    expect(sessionSetUser, 'never silently').not.toHaveBeenCalled()
    expect(shown('[data-testid="first-user-dialog"]')).toBe(true)
    expect(wrapper.findComponent(ElSelect).props('modelValue'), 'the remembered user is preselected').toBe('李四')
    expect($('[data-testid="sign-in"]')?.textContent).toContain('李四 的口令')
    await type('switch-passphrase', PASS)
    $('input[data-testid="switch-passphrase"]')?.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter' }))
    await flushPromises()
    expect(sessionSetUser).toHaveBeenCalledWith('李四', PASS)
    expect(wrapper.get('[data-testid="current-user"]').text()).toBe('李四')
    expect(shown('[data-testid="first-user-dialog"]'), 'signed in').toBe(false)
    wrapper.unmount()
    document.body.innerHTML = ''
  })

  it('on a workspace from before passphrases, a user sets their own and signs in; new users can still be added', async () => {
    serveUsers([person('张三', true, false, false), person('李四', false, true, false)])
    vi.mocked(userSetPassphrase).mockImplementation(async (name) => {
      const user = person(name, true, false)
      serveUsers([user, person('李四', false, true, false)])
      return user
    })
    const wrapper = await mountApp(false)
    expect($('[data-testid="first-user-save"]'), 'nobody has a passphrase: a user may be added here').not.toBeNull()
    wrapper.findComponent(ElSelect).vm.$emit('update:modelValue', '张三')
    await flushPromises()
    expect($('[data-testid="switch-set-intro"]')?.textContent).toContain('张三 还没有口令')
    await type('switch-passphrase', 'short')
    await click('first-user-continue')
    expect(userSetPassphrase, 'too short').not.toHaveBeenCalled()
    expect($('[data-testid="sign-in"]')?.textContent).toContain('至少需要 8 个字符')
    await type('switch-passphrase', PASS)
    await type('switch-passphrase-repeat', PASS)
    await click('first-user-continue')
    expect(userSetPassphrase).toHaveBeenCalledWith('张三', PASS, null)
    expect(sessionSetUser).toHaveBeenCalledWith('张三', PASS)
    expect(wrapper.get('[data-testid="current-user"]').text()).toBe('张三')
    wrapper.unmount()
    document.body.innerHTML = ''
  })

  it('says a steward must set the passphrase of a user without one, once others have theirs', async () => {
    serveUsers([person('张三', true, false, false), person('李四', false, true)])
    const wrapper = await mountApp(false)
    wrapper.findComponent(ElSelect).vm.$emit('update:modelValue', '张三')
    await flushPromises()
    expect($('[data-testid="switch-no-passphrase"]')?.textContent).toContain('请审核人')
    expect($('[data-testid="switch-passphrase"]')).toBeNull()
    expect(($('[data-testid="first-user-continue"]') as HTMLButtonElement).disabled).toBe(true)
    wrapper.unmount()
    document.body.innerHTML = ''
  })

  it('switches user from the top bar with their passphrase, locks a steward, and leads to Settings', async () => {
    serveUsers([person('张三', true, false), person('李四', false, true)])
    localStorage.setItem(USER_KEY, '张三')
    const wrapper = await mountApp()
    expect(wrapper.get('[data-testid="current-user"]').text()).toBe('张三')
    expect(wrapper.find('[data-testid="nav-review"]').exists(), 'a clerk has no review screen').toBe(false)
    await wrapper.get('[data-testid="user-switch"]').trigger('click')
    await flushPromises()
    expect($('[data-testid="user-lock"]'), 'a clerk has nothing to lock').toBeNull()
    $('[data-testid="user-option-李四"]')?.click()
    await flushPromises()
    expect(shown('[data-testid="switch-dialog"]'), 'choosing a user asks their passphrase').toBe(true)
    expect(sessionSetUser).toHaveBeenCalledTimes(1)
    await click('switch-submit')
    expect(sessionSetUser, 'nothing typed, nothing sent').toHaveBeenCalledTimes(1)
    expect($('[data-testid="switch-dialog"]')?.textContent).toContain('请输入口令')
    await type('switch-passphrase', 'wrong one')
    await click('switch-submit')
    expect(wrapper.get('[data-testid="current-user"]').text(), 'a wrong passphrase switches nobody').toBe('张三')
    expect($('[data-testid="switch-error"]')?.textContent).toContain('口令不对')
    expect(shown('[data-testid="switch-dialog"]')).toBe(true)
    await type('switch-passphrase', PASS)
    await click('switch-submit')
    expect(sessionSetUser).toHaveBeenLastCalledWith('李四', PASS)
    expect(shown('[data-testid="switch-dialog"]')).toBe(false)
    expect(wrapper.get('[data-testid="current-user"]').text()).toBe('李四')
    expect(wrapper.find('[data-testid="nav-review"]').exists(), 'a steward reviews').toBe(true)
    expect(localStorage.getItem(USER_KEY)).toBe('李四')

    vi.mocked(sessionLock).mockResolvedValue()
    await wrapper.get('[data-testid="user-switch"]').trigger('click')
    await flushPromises()
    $('[data-testid="user-lock"]')?.click()
    await flushPromises()
    expect(sessionLock).toHaveBeenCalledTimes(1)
    expect(wrapper.get('[data-testid="status-line"]').text(), 'said quietly in the top bar').toContain('已锁定审核操作')

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

it('opens the user guide, offline, with F1 and from the navigation', async () => {
  const wrapper = await mountApp()
  window.dispatchEvent(new KeyboardEvent('keydown', { key: 'F1' }))
  await flushPromises()
  expect(wrapper.get('[data-testid="page-title"]').text()).toBe('帮助')
  expect(wrapper.get('[data-testid="help-body"] h1').text()).toBe('开放 Kaifang 用户手册')
  await wrapper.get('[data-testid="nav-datasets"]').trigger('click')
  await flushPromises()
  await wrapper.get('[data-testid="nav-help"]').trigger('click')
  await flushPromises()
  expect(wrapper.find('[data-testid="help-view"]').exists()).toBe(true)
})

it('reaches every screen from the keyboard', async () => {
  const wrapper = await mountApp()
  const settings = wrapper.get('[data-testid="nav-settings"]')
  expect(settings.attributes('tabindex'), 'each navigation item is a tab stop').toBe('0')
  await settings.trigger('keydown', { key: 'Enter' })
  await flushPromises()
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
