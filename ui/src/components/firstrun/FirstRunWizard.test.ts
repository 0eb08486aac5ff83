import { flushPromises, mount, type VueWrapper } from '@vue/test-utils'
import ElementPlus, { ElCascader } from 'element-plus'
import { createPinia, setActivePinia } from 'pinia'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'

import {
  keyInspect,
  keyTrust,
  metaFields,
  metaSetDefaults,
  pickKeyFile,
  portalList,
  portalSave,
  portalTest,
  sessionSetUser,
  userAdd,
  usersList,
  type User,
} from '../../api'
import { i18n } from '../../i18n'
import { useAppStore } from '../../stores/app'
import { useNavStore } from '../../stores/nav'
import { useSessionStore } from '../../stores/session'
import { FIELDS } from '../metadata/metaFixtures'
import { PORTAL, report } from '../publish/publishFixtures'
import { findRegion, fullName, loadRegions } from '../region/regions'
import FirstRunWizard from './FirstRunWizard.vue'

vi.mock('../../api', async (importOriginal) => ({
  ...(await importOriginal<typeof import('../../api')>()),
  metaFields: vi.fn(),
  metaSetDefaults: vi.fn(),
  pickKeyFile: vi.fn(),
  keyInspect: vi.fn(),
  keyTrust: vi.fn(),
  usersList: vi.fn(),
  userAdd: vi.fn(),
  sessionSetUser: vi.fn(),
  portalList: vi.fn(),
  portalSave: vi.fn(),
  portalTest: vi.fn(),
}))

let wrapper: VueWrapper | null = null
let missing: string[]
let users: User[]
/** The passphrases the users set, as the Rust side keeps their hashes. */
let passphrases: Map<string, string>
const PASS = '城关镇 2025 春'

beforeEach(() => {
  vi.resetAllMocks()
  localStorage.clear()
  setActivePinia(createPinia())
  i18n.global.locale.value = 'zh-CN'
  missing = []
  i18n.global.setMissingHandler((_locale, key) => {
    missing.push(key)
    return key
  })
  users = []
  passphrases = new Map()
  vi.mocked(usersList).mockImplementation(async () => users)
  vi.mocked(userAdd).mockImplementation(async (name, roles, passphrase) => {
    // The first user of a workspace is its steward, whatever was ticked.
    const user = { name, clerk: roles.includes('clerk'), steward: true, has_passphrase: true, fingerprint: 'K7QD-M2XA-9F4R-TZ3B' }
    if (passphrase) passphrases.set(name, passphrase)
    users = [user]
    return user
  })
  vi.mocked(sessionSetUser).mockImplementation(async (name, passphrase) => {
    const found = users.find((u) => u.name === name)
    if (!found) throw new Error(`no user ${name}`)
    if (passphrases.get(name) !== passphrase) throw { code: 'auth_passphrase_wrong', message: 'wrong', params: { user: name } }
    return found
  })
  vi.mocked(metaFields).mockResolvedValue(FIELDS)
  vi.mocked(metaSetDefaults).mockImplementation(async (values) => values)
  vi.mocked(portalList).mockResolvedValue([])
})

afterEach(() => {
  wrapper?.unmount()
  wrapper = null
  i18n.global.setMissingHandler(null)
  i18n.global.locale.value = 'zh-CN'
  document.body.innerHTML = ''
  expect(missing, 'every message the wizard uses exists').toEqual([])
})

/** A fresh workspace: open, and no users at all. */
async function mountWizard(): Promise<VueWrapper> {
  const app = useAppStore()
  app.workspace = {
    path: '/home/clerk/.local/share/kaifang/workspace.sqlite3',
    workspace_id: 'b7f1',
    created_at: '2025-01-01T00:00:00Z',
    schema_version: 1,
    supported_schema_version: 1,
    size_bytes: 4096,
    counts: { audit_entries: 1 },
  }
  await useSessionStore().start()
  wrapper = mount(FirstRunWizard, { global: { plugins: [i18n, ElementPlus] }, attachTo: document.body })
  await flushPromises()
  return wrapper
}

const $ = <T extends HTMLElement = HTMLElement>(selector: string) => document.querySelector<T>(selector)
const step = () => $('[data-testid="wizard"]')?.getAttribute('data-step')
const shown = () => {
  const el = $('[data-testid="wizard"]')
  return !!el && (el.closest('.el-overlay') as HTMLElement | null)?.style.display !== 'none'
}

async function click(testid: string): Promise<void> {
  const el = $(`[data-testid="${testid}"]`)
  if (!el) throw new Error(`no ${testid}`)
  el.click()
  await flushPromises()
}

async function type(testid: string, value: string): Promise<void> {
  const input = $<HTMLInputElement>(`input[data-testid="${testid}"]`)
  if (!input) throw new Error(`no input ${testid}`)
  input.value = value
  input.dispatchEvent(new Event('input'))
  await flushPromises()
}

/** Picks a county the way the cascader reports a choice: its path of codes. */
async function pickRegion(w: VueWrapper, path: string[]): Promise<void> {
  await vi.waitFor(() => expect(w.findComponent(ElCascader).props('disabled')).toBe(false))
  w.findComponent(ElCascader).vm.$emit('update:modelValue', path)
  await flushPromises()
}

async function addUser(name: string, ...roles: Array<'clerk' | 'steward'>): Promise<void> {
  await type('wizard-user-name', name)
  for (const role of roles) await click(`wizard-user-role-${role}`)
  await type('new-user-passphrase', PASS)
  await type('new-user-passphrase-repeat', PASS)
}

const OFFICE_KEY = {
  format: 'kaifang-office-key',
  format_version: 1,
  name: '老李',
  workspace: 'c9e2',
  public_key: 'ab'.repeat(32),
  recipient: 'age1qyqszqgpqyqszqgpqyqszqgpqyqszqgpqyqszqgpqyqszqgpqyqs3290gq',
  fingerprint: 'Q3ZT-7KD4-MX2A-9RFB',
}
const TRUSTED = { fingerprint: 'Q3ZT-7KD4-MX2A-9RFB', name: '老李', workspace: 'c9e2', added_by: '王五', added_at: '2025-03-01T08:00:00Z' }

describe('the divisions', () => {
  it('name a county as a catalogue reader expects, and know the cities without counties', async () => {
    const options = await loadRegions()
    expect(findRegion(options, '110101')).toEqual({ code: '110101', path: ['11', '1101', '110101'], name: '北京市东城区' })
    expect(findRegion(options, '520102')?.name).toBe('贵州省贵阳市南明区')
    expect(findRegion(options, '441900'), '东莞 has towns, not counties: the city is the division').toEqual({
      code: '441900',
      path: ['44', '4419', '441900'],
      name: '广东省东莞市',
    })
    expect(findRegion(options, '999999')).toBeNull()
    expect(fullName(['海南省', '省直辖县级行政区划', '琼海市'])).toBe('海南省琼海市')
    // Every county can be chosen: six digits, a province code the core accepts.
    const leaves = options.flatMap((p) => (p.children ?? []).flatMap((c) => c.children ?? []))
    expect(leaves.length).toBeGreaterThan(2800)
    for (const leaf of leaves) expect(leaf.value, leaf.label).toMatch(/^[1-6]\d{5}$/)
  })
})

describe('the first-run wizard', () => {
  it('walks a fresh workspace through every step and saves what it asked', async () => {
    const w = await mountWizard()
    expect(shown(), 'a workspace without users starts with the wizard').toBe(true)
    expect(step()).toBe('language')
    expect($('[data-testid="wizard-back"]'), 'nothing to go back to').toBeNull()

    await click('wizard-lang-en')
    expect(i18n.global.locale.value, 'the language applies at once').toBe('en')
    expect(localStorage.getItem('kaifang.lang'), 'and is kept').toBe('en')
    expect($('[data-testid="wizard"]')?.textContent).toContain('Welcome to Kaifang')
    await click('wizard-lang-zh')
    expect(i18n.global.locale.value).toBe('zh-CN')
    await click('wizard-next')

    expect(step()).toBe('office')
    await type('wizard-office-name', '某某县民政局')
    expect($('[data-testid="wizard-region"] input'), 'the cascader’s input is reachable').not.toBeNull()
    await pickRegion(w, ['11', '1101', '110101'])
    expect($('[data-testid="wizard-region-chosen"]')?.textContent).toContain('110101 · 北京市东城区')
    expect(metaSetDefaults, 'nothing is saved before someone can sign it').not.toHaveBeenCalled()
    await click('wizard-next')

    expect(step()).toBe('user')
    expect($('[data-testid="wizard-first-steward"]')?.textContent, 'the first user is told they are the steward').toContain('同时是审核人')
    await click('wizard-next')
    expect(userAdd, 'a user needs a name, a role and a passphrase').not.toHaveBeenCalled()
    expect($('[data-testid="wizard"]')?.textContent).toContain('请填写姓名')
    expect($('[data-testid="new-user-passphrase-error"]')?.textContent).toContain('请输入口令')
    expect($<HTMLInputElement>('input[data-testid="new-user-passphrase"]')?.type, 'never shown as typed').toBe('password')
    await addUser('王五', 'clerk', 'steward')
    await type('new-user-passphrase-repeat', '城关镇 2025 秋')
    await click('wizard-next')
    expect(userAdd, 'the two passphrases must match').not.toHaveBeenCalled()
    expect($('[data-testid="new-user-passphrase-repeat-error"]')?.textContent).toContain('两次输入的口令不一致')
    await type('new-user-passphrase-repeat', PASS)
    await click('wizard-next')
    expect(userAdd).toHaveBeenCalledWith('王五', ['clerk', 'steward'], PASS)
    expect(sessionSetUser, 'the new user is signed in with that passphrase').toHaveBeenLastCalledWith('王五', PASS)
    expect(useSessionStore().user?.name).toBe('王五')

    expect(step()).toBe('contact')
    expect($<HTMLInputElement>('input[data-testid="wizard-contact-name"]')?.value, 'the office is offered as contact').toBe(
      '某某县民政局',
    )
    await type('wizard-contact-name', '某某县民政局办公室')
    await type('wizard-contact-phone', '0851-12345678')
    await type('wizard-contact-email', 'office@example.gov.cn')
    expect($('[data-testid="wizard-license"]'), 'the licence default is offered too').not.toBeNull()
    await click('wizard-next')
    expect(metaSetDefaults).toHaveBeenCalledTimes(1)
    expect(metaSetDefaults).toHaveBeenCalledWith({
      provider: '某某县民政局',
      spatial_code: '110101',
      spatial_name: '北京市东城区',
      contact_name: '某某县民政局办公室',
      contact_phone: '0851-12345678',
      contact_email: 'office@example.gov.cn',
    })

    expect(step()).toBe('key')
    expect($('[data-testid="wizard-key"]')?.textContent, 'why a key, in one sentence').toContain('加密给审核人')
    vi.mocked(pickKeyFile).mockResolvedValue({ token: 'k-1', file_name: '老李.kaifang-key', size: 400 })
    vi.mocked(keyInspect).mockResolvedValue(OFFICE_KEY)
    vi.mocked(keyTrust).mockResolvedValue(TRUSTED)
    await click('key-import')
    expect(keyInspect).toHaveBeenCalledWith('k-1')
    expect($('[data-testid="key-confirm-fingerprint"]')?.textContent?.trim()).toBe('Q3ZT-7KD4-MX2A-9RFB')
    expect(keyTrust, 'nothing is trusted before the fingerprint is compared').not.toHaveBeenCalled()
    await click('key-trust')
    expect(keyTrust).toHaveBeenCalledWith('k-1')
    expect($('[data-testid="wizard-key-trusted"]')?.textContent).toContain('老李')
    await click('wizard-next')

    expect(step()).toBe('portal')
    await type('wizard-portal-name', PORTAL.name)
    await type('wizard-portal-url', PORTAL.url)
    await type('wizard-portal-org', PORTAL.org)
    await type('wizard-portal-token', 'secret-token')
    vi.mocked(portalSave).mockResolvedValue(PORTAL)
    vi.mocked(portalTest).mockResolvedValue(report())
    await click('wizard-portal-test')
    expect(portalSave).toHaveBeenCalledWith(PORTAL.name, PORTAL.url, PORTAL.org, 'secret-token')
    expect(portalTest).toHaveBeenCalledWith(PORTAL.name)
    expect($('[data-testid="portal-test-ok"]'), 'the test result shows').not.toBeNull()

    useNavStore().screen = 'settings'
    await click('wizard-finish')
    expect(portalSave, 'the saved portal is not saved again').toHaveBeenCalledTimes(1)
    expect(metaSetDefaults, 'nor are the defaults').toHaveBeenCalledTimes(1)
    expect(shown(), 'done').toBe(false)
    expect(useNavStore().screen, 'lands on the dataset list').toBe('datasets')
    expect(useSessionStore().needsUser, 'and no other dialog asks who is acting').toBe(false)
    expect(document.body.textContent).toContain('设置完成')
  })

  it('skipping still asks for a user, says why, and then finishes', async () => {
    await mountWizard()
    await click('wizard-next')
    await type('wizard-office-name', '某某县民政局')
    await click('wizard-skip')
    expect(step(), 'skip jumps to the user').toBe('user')
    expect($('[data-testid="wizard-skip-why"]')?.textContent).toContain('每一步操作都会署名')
    expect($('[data-testid="wizard-next"]'), 'this is the last question').toBeNull()
    await addUser('张三', 'clerk')
    await click('wizard-finish')
    expect(userAdd).toHaveBeenCalledWith('张三', ['clerk'], PASS)
    expect(sessionSetUser).toHaveBeenLastCalledWith('张三', PASS)
    expect(metaSetDefaults, 'what was filled in is kept').toHaveBeenCalledWith({
      provider: '某某县民政局',
      contact_name: '某某县民政局',
    })
    expect(shown()).toBe(false)
  })

  it('skips the portal and finishes without saving one', async () => {
    await mountWizard()
    await click('wizard-next')
    await click('wizard-next')
    await addUser('张三', 'steward')
    await click('wizard-next')
    await click('wizard-next')
    expect(metaSetDefaults, 'nothing filled in, nothing saved').not.toHaveBeenCalled()
    expect(step()).toBe('key')
    await click('wizard-key-skip')
    expect(pickKeyFile, 'the office key is optional').not.toHaveBeenCalled()
    expect(step()).toBe('portal')
    await type('wizard-portal-name', '省平台')
    await click('wizard-finish')
    expect($('[data-testid="wizard-portal-incomplete"]'), 'a half-filled portal is not saved').not.toBeNull()
    expect(shown()).toBe(true)
    await click('wizard-portal-skip')
    expect(portalSave).not.toHaveBeenCalled()
    expect(shown()).toBe(false)
  })

  it('shows a refused default on its field, on the step that asked for it', async () => {
    await mountWizard()
    await click('wizard-next')
    await click('wizard-next')
    await addUser('张三', 'clerk')
    await click('wizard-next')
    await type('wizard-contact-phone', '12')
    vi.mocked(metaSetDefaults).mockRejectedValueOnce({
      code: 'metadata_invalid',
      message: 'invalid',
      params: {
        field: 'contact_phone',
        problem: 'invalid_phone',
        detail: '',
        count: '1',
        problems: JSON.stringify([{ field: 'contact_phone', kind: 'invalid_phone', detail: null }]),
      },
    })
    await click('wizard-next')
    expect(step(), 'stays to fix it').toBe('contact')
    expect($('[data-testid="wizard-contact"]')?.textContent).toContain('联系电话')
    expect($('[data-testid="wizard-contact"] [role="alert"]')?.textContent?.trim()).toBeTruthy()
    await type('wizard-contact-phone', '0851-12345678')
    await click('wizard-next')
    expect(step()).toBe('key')
  })

  it('finds a county by typing its name and choosing the suggestion, as a user (or WebDriver) does', async () => {
    const w = await mountWizard()
    await click('wizard-next')
    await vi.waitFor(() => expect(w.findComponent(ElCascader).props('disabled')).toBe(false))
    const input = $<HTMLInputElement>('[data-testid="wizard-region"] input')
    if (!input) throw new Error('no cascader input')
    input.focus()
    input.click()
    input.value = '东城区'
    input.dispatchEvent(new Event('input'))
    const suggestion = await vi.waitFor(
      () => {
        const found = [...document.querySelectorAll<HTMLElement>('.region__popper .el-cascader__suggestion-item')].find(
          (li) => li.textContent?.includes('北京市 / 市辖区 / 东城区'),
        )
        if (!found) throw new Error('no suggestion yet')
        return found
      },
      { timeout: 2000 },
    )
    suggestion.click()
    await flushPromises()
    expect($('[data-testid="wizard-region"]')?.getAttribute('data-code')).toBe('110101')
    expect($('[data-testid="wizard-region-chosen"]')?.textContent).toContain('110101 · 北京市东城区')
  })

  it('shows a failed user_add and stays on the step', async () => {
    await mountWizard()
    await click('wizard-next')
    await click('wizard-next')
    await addUser('张三', 'clerk')
    vi.mocked(userAdd).mockRejectedValueOnce({ code: 'user_invalid_name', message: 'bad', params: {} })
    await click('wizard-next')
    expect(step()).toBe('user')
    expect($('[data-testid="error-alert"]')).not.toBeNull()
    expect(sessionSetUser).not.toHaveBeenCalled()
  })

  it('does not show where users exist', async () => {
    users = [{ name: '张三', clerk: true, steward: false, has_passphrase: true, fingerprint: null }]
    await mountWizard()
    expect(shown()).toBe(false)
  })
})
