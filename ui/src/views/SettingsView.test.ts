import { flushPromises, mount, type VueWrapper } from '@vue/test-utils'
import ElementPlus, { ElCascader } from 'element-plus'
import { createPinia, setActivePinia } from 'pinia'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'

import {
  backupList,
  keyOwn,
  keysTrusted,
  maskingConventions,
  officeRiskGet,
  officeRiskSet,
  metaDefaults,
  metaFields,
  metaSetDefaults,
  portalList,
  portalRemove,
  portalSave,
  portalTest,
  publishSetXlsx,
  publishXlsx,
  readinessBlocking,
  readinessSetBlocking,
  sessionSetUser,
  userAdd,
  userSetPassphrase,
  usersList,
  type User,
} from '../api'
import { FIELDS } from '../components/metadata/metaFixtures'
import { PORTAL, report } from '../components/publish/publishFixtures'
import { i18n } from '../i18n'
import { statusLine } from '../notify'
import { useNavStore } from '../stores/nav'
import { useSessionStore } from '../stores/session'
import SettingsView from './SettingsView.vue'

vi.mock('../api', async (importOriginal) => ({
  ...(await importOriginal<typeof import('../api')>()),
  backupList: vi.fn(),
  maskingConventions: vi.fn(),
  officeRiskGet: vi.fn(),
  officeRiskSet: vi.fn(),
  readinessBlocking: vi.fn(),
  readinessSetBlocking: vi.fn(),
  publishXlsx: vi.fn(),
  publishSetXlsx: vi.fn(),
  metaFields: vi.fn(),
  metaDefaults: vi.fn(),
  metaSetDefaults: vi.fn(),
  usersList: vi.fn(),
  userAdd: vi.fn(),
  userSetPassphrase: vi.fn(),
  sessionSetUser: vi.fn(),
  keyOwn: vi.fn(),
  keysTrusted: vi.fn(),
  portalList: vi.fn(),
  portalSave: vi.fn(),
  portalRemove: vi.fn(),
  portalTest: vi.fn(),
}))

let wrapper: VueWrapper | null = null
let missing: string[]

const ZHANG: User = { name: '张三', clerk: true, steward: false, has_passphrase: true, fingerprint: null }
const LI: User = { name: '李四', clerk: true, steward: true, has_passphrase: true, fingerprint: 'K7QD-M2XA-9F4R-TZ3B' }
const PASS = 'correct horse battery'

beforeEach(() => {
  vi.resetAllMocks()
  setActivePinia(createPinia())
  i18n.global.locale.value = 'zh-CN'
  missing = []
  i18n.global.setMissingHandler((_locale, key) => {
    missing.push(key)
    return key
  })
  vi.mocked(metaFields).mockResolvedValue(FIELDS)
  vi.mocked(metaDefaults).mockResolvedValue({ provider: '县民政局', license: 'cc-by' })
  vi.mocked(usersList).mockResolvedValue([ZHANG, LI])
  vi.mocked(keyOwn).mockResolvedValue(null)
  vi.mocked(keysTrusted).mockResolvedValue([])
  vi.mocked(portalList).mockResolvedValue([])
  vi.mocked(backupList).mockResolvedValue([])
  vi.mocked(officeRiskGet).mockResolvedValue({ k: 5, threshold: 3 })
  vi.mocked(readinessBlocking).mockResolvedValue(['missing_license'])
  vi.mocked(publishXlsx).mockResolvedValue(false)
  vi.mocked(maskingConventions).mockResolvedValue([
    { category: 'id_card', operator: 'mask', keep_head: 6, keep_tail: 4, custom: false },
    { category: 'health', operator: 'drop', keep_head: null, keep_tail: null, custom: false },
  ])
})

afterEach(() => {
  wrapper?.unmount()
  wrapper = null
  i18n.global.setMissingHandler(null)
  document.body.innerHTML = ''
  expect(missing, 'every message the screen uses exists').toEqual([])
})

async function mountView(): Promise<VueWrapper> {
  wrapper = mount(SettingsView, { global: { plugins: [i18n, ElementPlus] }, attachTo: document.body })
  await flushPromises()
  return wrapper
}

const card = (w: VueWrapper) => w.get('[data-testid="settings-defaults"]')
const input = (w: VueWrapper, id: string) => card(w).get<HTMLInputElement>(`[data-testid="meta-field-${id}"] input`)

it('offers the seven defaultable fields with the metadata form’s labels, filled with the saved defaults', async () => {
  const w = await mountView()
  expect(w.get('[data-testid="page-title"]').text()).toBe('设置')
  expect(card(w).text()).toContain('单位默认值')
  expect(card(w).text(), 'what the defaults are for').toContain('自动填入今后导入的每个新数据集')
  const ids = card(w)
    .findAll('[data-field]')
    .map((f) => f.attributes('data-field'))
  expect(ids, 'the area is one picker for code and name').toEqual([
    'provider',
    'license',
    'region',
    'contact_name',
    'contact_phone',
    'contact_email',
  ])
  expect(card(w).get('[data-field="provider"]').text()).toContain('数据提供方')
  expect(input(w, 'provider').element.value).toBe('县民政局')
  expect(card(w).get('[data-testid="meta-field-license"]').text(), 'a code shows its label').toContain('CC BY 4.0')
  expect(card(w).find('.is-required').exists(), 'no default is required').toBe(false)
})

it('holds the working areas only: masking conventions are real, nothing is announced as coming', async () => {
  const w = await mountView()
  const areas = w.findAll('[data-testid^="settings-"]').map((a) => a.attributes('data-testid'))
  expect(areas).toEqual(['settings-portal', 'settings-defaults', 'settings-users', 'settings-keys', 'settings-masking', 'settings-risk', 'settings-readiness'])
  expect(w.find('[data-testid="backup-card"]').exists()).toBe(true)
  expect(maskingConventions, 'the masking card reads the conventions').toHaveBeenCalledTimes(1)
  expect(w.get('[data-testid="settings-masking"]').text()).toContain('遮盖规则')
  expect(w.find('[data-testid="settings-language"]').exists(), 'the language switch is in the top bar').toBe(false)
  expect(w.text(), 'no coming-soon tag (UI.md: a card exists when it works)').not.toContain('即将推出')
  expect(w.findAll('.el-tag').map((tag) => tag.text())).not.toContain('即将推出')
})

it('saves only the changed defaults, a cleared one as an empty string', async () => {
  const w = await mountView()
  await input(w, 'contact_phone').setValue('0851-12345678')
  await input(w, 'provider').setValue('')
  vi.mocked(metaSetDefaults).mockResolvedValue({ contact_phone: '0851-12345678', license: 'cc-by' })
  await w.get('[data-testid="defaults-save"]').trigger('click')
  await flushPromises()
  expect(metaSetDefaults).toHaveBeenCalledWith({ contact_phone: '0851-12345678', provider: '' })
  expect(statusLine.message, 'in the status line').toContain('单位默认值已保存')
  expect(input(w, 'provider').element.value, 'the saved defaults are shown').toBe('')
})

it('picks the area from the divisions, setting code and name together', async () => {
  vi.mocked(metaDefaults).mockResolvedValue({ spatial_code: '520102', spatial_name: '贵州省贵阳市南明区' })
  const w = await mountView()
  const cascader = card(w).findComponent(ElCascader)
  await vi.waitFor(() => expect(cascader.props('disabled')).toBe(false))
  expect(cascader.props('modelValue'), 'the saved code is shown as its place').toEqual(['52', '5201', '520102'])
  cascader.vm.$emit('update:modelValue', ['11', '1101', '110101'])
  await flushPromises()
  expect(card(w).get('[data-testid="defaults-region-chosen"]').text()).toContain('110101 · 北京市东城区')
  vi.mocked(metaSetDefaults).mockImplementation(async (values) => values)
  await w.get('[data-testid="defaults-save"]').trigger('click')
  await flushPromises()
  expect(metaSetDefaults).toHaveBeenCalledWith({ spatial_code: '110101', spatial_name: '北京市东城区' })
})

it('marks a refused area with its problem and keeps the choice', async () => {
  const w = await mountView()
  const cascader = card(w).findComponent(ElCascader)
  await vi.waitFor(() => expect(cascader.props('disabled')).toBe(false))
  cascader.vm.$emit('update:modelValue', ['11', '1101', '110101'])
  await flushPromises()
  vi.mocked(metaSetDefaults).mockRejectedValue({
    code: 'metadata_invalid',
    message: 'invalid',
    params: {
      field: 'spatial_code',
      problem: 'invalid_region_code',
      detail: '',
      count: '1',
      problems: JSON.stringify([{ field: 'spatial_code', kind: 'invalid_region_code', detail: null }]),
    },
  })
  await w.get('[data-testid="defaults-save"]').trigger('click')
  await flushPromises()
  expect(card(w).get('[data-field="region"] [data-testid="meta-problem"]').text()).toBe(
    '“行政区划代码”应为六位行政区划代码（如 520102）',
  )
  expect(cascader.props('modelValue')).toEqual(['11', '1101', '110101'])
})

it('shows a saved code the divisions do not know rather than dropping it', async () => {
  vi.mocked(metaDefaults).mockResolvedValue({ spatial_code: '520199', spatial_name: '某某新区' })
  const w = await mountView()
  await vi.waitFor(() => expect(card(w).find('[data-testid="region-unknown"]').exists()).toBe(true))
  expect(card(w).get('[data-testid="region-unknown"]').text()).toContain('520199')
  expect(card(w).get('[data-testid="defaults-region-chosen"]').text()).toContain('某某新区')
})

it('asks before leaving the screen with unsaved defaults', async () => {
  const w = await mountView()
  const nav = useNavStore()
  nav.show('settings')
  await input(w, 'contact_name').setValue('某某县民政局办公室')
  const leaving = nav.show('datasets')
  await flushPromises()
  expect(document.querySelector('.el-message-box')?.textContent).toContain('有 1 项修改尚未保存')
  ;[...document.querySelectorAll<HTMLElement>('.el-message-box__btns button')].find((b) => b.textContent?.trim() === '不保存')?.click()
  await expect(leaving).resolves.toBe(true)
  expect(nav.screen).toBe('datasets')
  expect(metaSetDefaults).not.toHaveBeenCalled()
})

describe('users and roles', () => {
  const users = (w: VueWrapper) => w.get('[data-testid="settings-users"]')
  const roles = (w: VueWrapper, name: string) =>
    users(w)
      .get(`[data-testid="user-row-${name}"]`)
      .element.closest('tr')
      ?.querySelectorAll('[data-role]')
  const $ = <T extends HTMLElement = HTMLElement>(selector: string) => document.querySelector<T>(selector)

  async function type(testid: string, value: string): Promise<void> {
    const input = $<HTMLInputElement>(`input[data-testid="${testid}"]`)
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

  it('lists each user with their roles and whether they have a passphrase, and marks the one acting', async () => {
    vi.mocked(usersList).mockResolvedValue([ZHANG, LI, { name: '王五', clerk: true, steward: false, has_passphrase: false, fingerprint: null }])
    useSessionStore().user = ZHANG
    const w = await mountView()
    expect(usersList).toHaveBeenCalled()
    expect([...(roles(w, '张三') ?? [])].map((r) => r.textContent?.trim())).toEqual(['经办人'])
    expect([...(roles(w, '李四') ?? [])].map((r) => r.textContent?.trim())).toEqual(['经办人', '审核人'])
    expect(users(w).get('[data-testid="user-row-张三"]').element.closest('tr')?.textContent).toContain('当前用户')
    expect(users(w).get('[data-testid="user-no-passphrase-王五"]').text()).toBe('未设置')
    expect(users(w).find('[data-testid="user-no-passphrase-张三"]').exists()).toBe(false)
    expect(users(w).find('[data-testid="reset-passphrase-王五"]').exists(), 'a clerk resets no passphrase').toBe(false)
  })

  it('adds a user with the roles ticked and the passphrase they typed, checked before it is sent', async () => {
    const w = await mountView()
    await w.get('[data-testid="user-add"]').trigger('click')
    await flushPromises()
    await type('new-user-name', '王五')
    $('[data-testid="new-user-role-steward"] input')?.click()
    await flushPromises()
    await click('new-user-save')
    expect(userAdd, 'no passphrase, nothing sent').not.toHaveBeenCalled()
    expect($('[data-testid="new-user-passphrase-error"]')?.textContent).toContain('请输入口令')

    await type('new-user-passphrase', 'short')
    await click('new-user-save')
    expect(userAdd).not.toHaveBeenCalled()
    expect($('[data-testid="new-user-passphrase-error"]')?.textContent).toContain('至少需要 8 个字符')

    await type('new-user-passphrase', PASS)
    await type('new-user-passphrase-repeat', 'correct horse batter')
    await click('new-user-save')
    expect(userAdd).not.toHaveBeenCalled()
    expect($('[data-testid="new-user-passphrase-error"]'), 'long enough now').toBeNull()
    expect($('[data-testid="new-user-passphrase-repeat-error"]')?.textContent).toContain('两次输入的口令不一致')
    expect($<HTMLInputElement>('input[data-testid="new-user-passphrase"]')?.type).toBe('password')

    await type('new-user-passphrase-repeat', PASS)
    vi.mocked(userAdd).mockRejectedValueOnce({ code: 'user_invalid_name', message: 'bad', params: {} })
    await click('new-user-save')
    expect(userAdd).toHaveBeenCalledWith('王五', ['steward'], PASS)
    expect(document.querySelector('[data-testid="user-add-dialog"] [data-testid="error-message"]')?.textContent).toContain(
      '用户名须为 1 至 40 个字',
    )

    const WANG: User = { name: '王五', clerk: false, steward: true, has_passphrase: true, fingerprint: 'Q3ZT-7KD4-MX2A-9RFB' }
    vi.mocked(userAdd).mockResolvedValueOnce(WANG)
    vi.mocked(usersList).mockResolvedValue([ZHANG, LI, WANG])
    await click('new-user-save')
    expect(w.find('[data-testid="user-row-王五"]').exists(), 'the list follows').toBe(true)
    expect(sessionSetUser, 'adding a user does not switch to them').not.toHaveBeenCalled()
  })

  it('gives an existing user more roles without asking a passphrase', async () => {
    const w = await mountView()
    await w.get('[data-testid="user-add"]').trigger('click')
    await flushPromises()
    await type('new-user-name', '张三')
    expect($('[data-testid="new-user-existing"]')?.textContent).toContain('口令不变')
    expect($('[data-testid="new-user-passphrase"]'), 'their passphrase stays theirs').toBeNull()
    $('[data-testid="new-user-role-steward"] input')?.click()
    await flushPromises()
    vi.mocked(userAdd).mockResolvedValueOnce({ ...ZHANG, steward: true })
    await click('new-user-save')
    expect(userAdd).toHaveBeenCalledWith('张三', ['steward'], null)
  })

  it('lets a steward reset someone’s passphrase, new and repeated, warning when that replaces a steward’s key', async () => {
    useSessionStore().user = LI
    vi.mocked(usersList).mockResolvedValue([ZHANG, LI, { ...LI, name: '赵六' }])
    const w = await mountView()
    expect(w.find('[data-testid="reset-passphrase-李四"]').exists(), 'one’s own is changed in My passphrase').toBe(false)
    await w.get('[data-testid="reset-passphrase-赵六"]').trigger('click')
    await flushPromises()
    expect($('[data-testid="reset-passphrase-steward"]')?.textContent).toContain('新的单位密钥')
    await click('reset-passphrase-cancel')
    await w.get('[data-testid="reset-passphrase-张三"]').trigger('click')
    await flushPromises()
    expect($('[data-testid="reset-passphrase-dialog"]')?.textContent).toContain('重设 张三 的口令')
    expect($('[data-testid="reset-passphrase-steward"]'), 'a clerk has no key').toBeNull()
    await type('reset-passphrase-new', PASS)
    await type('reset-passphrase-repeat', 'something else')
    await click('reset-passphrase-save')
    expect(userSetPassphrase).not.toHaveBeenCalled()
    expect($('[data-testid="reset-passphrase-dialog"]')?.textContent).toContain('两次输入的口令不一致')
    await type('reset-passphrase-repeat', PASS)
    vi.mocked(userSetPassphrase).mockResolvedValue(ZHANG)
    $('input[data-testid="reset-passphrase-repeat"]')?.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter' }))
    await flushPromises()
    expect(userSetPassphrase, 'Enter saves; a steward sets it without the old one').toHaveBeenCalledWith('张三', PASS, null)
    expect(statusLine.message, 'in the status line').toContain('已重设 张三 的口令')
  })

  it('changes the own passphrase with the current one', async () => {
    const w = await mountView()
    expect(w.find('[data-testid="settings-passphrase"]').exists(), 'nobody signed in: nothing to change').toBe(false)
    useSessionStore().user = ZHANG
    await flushPromises()
    const card = () => w.get('[data-testid="settings-passphrase"]')
    await card().get('[data-testid="my-passphrase-save"]').trigger('click')
    expect(card().text()).toContain('请输入当前口令')
    expect(userSetPassphrase).not.toHaveBeenCalled()
    await type('my-passphrase-current', PASS)
    await type('my-passphrase-new', 'battery staple horse')
    await type('my-passphrase-repeat', 'battery staple horse')
    vi.mocked(userSetPassphrase).mockRejectedValueOnce({ code: 'auth_passphrase_wrong', message: 'wrong', params: { user: '张三' } })
    await card().get('[data-testid="my-passphrase-save"]').trigger('click')
    await flushPromises()
    expect(userSetPassphrase).toHaveBeenCalledWith('张三', 'battery staple horse', PASS)
    expect(card().get('[data-testid="error-message"]').text()).toContain('口令不对')
    await type('my-passphrase-current', PASS)
    vi.mocked(userSetPassphrase).mockResolvedValueOnce(ZHANG)
    await card().get('[data-testid="my-passphrase-save"]').trigger('click')
    await flushPromises()
    expect(statusLine.message, 'in the status line').toContain('口令已更改')
    expect(card().get<HTMLInputElement>('input[data-testid="my-passphrase-new"]').element.value, 'nothing typed stays').toBe('')
  })
})

describe('the open-data portal', () => {
  const portal = (w: VueWrapper) => w.get('[data-testid="settings-portal"]')
  const box = (w: VueWrapper, id: string) => portal(w).get<HTMLInputElement>(`input[data-testid="portal-${id}"]`)
  const steps = (w: VueWrapper) =>
    portal(w)
      .findAll('[data-testid="portal-test-result"] [data-step]')
      .map((s) => [s.attributes('data-step'), s.attributes('data-state')])

  it('with no portal yet, offers the form at once and saves a new portal with its token', async () => {
    const w = await mountView()
    expect(portal(w).text(), 'where the token is kept, in one line').toContain('API 令牌保存在本机的系统钥匙串中，不保存在工作区里')
    expect(portal(w).get('[data-testid="portal-empty"]').text()).toContain('还没有设置门户')
    expect(box(w, 'token').attributes('type'), 'the token is never shown').toBe('password')

    await box(w, 'name').setValue('省平台')
    await box(w, 'url').setValue('https://data.example.gov.cn')
    await box(w, 'org').setValue('xian-minzheng')
    await portal(w).get('[data-testid="portal-save"]').trigger('click')
    await flushPromises()
    expect(portalSave, 'a new portal needs its token').not.toHaveBeenCalled()
    expect(portal(w).text()).toContain('请填写 API 令牌')

    vi.mocked(portalSave).mockResolvedValue(PORTAL)
    vi.mocked(portalList).mockResolvedValue([PORTAL])
    await box(w, 'token').setValue('secret-token')
    await portal(w).get('[data-testid="portal-save"]').trigger('click')
    await flushPromises()
    expect(portalSave).toHaveBeenCalledWith('省平台', 'https://data.example.gov.cn', 'xian-minzheng', 'secret-token')
    expect(statusLine.message, 'in the status line').toContain('门户 省平台 已保存')
    expect(portal(w).find('[data-testid="portal-form"]').exists(), 'the form closes').toBe(false)
    expect(portal(w).get('[data-testid="portal-token-state"]').text()).toBe('令牌已保存在系统钥匙串')
  })

  it('keeps the stored token when an edit leaves the token box empty', async () => {
    vi.mocked(portalList).mockResolvedValue([PORTAL])
    vi.mocked(portalSave).mockResolvedValue({ ...PORTAL, url: 'https://open.example.gov.cn' })
    const w = await mountView()
    expect(portal(w).find('[data-testid="portal-form"]').exists(), 'no form until asked').toBe(false)
    await portal(w).get('[data-testid="portal-edit-省平台"]').trigger('click')
    expect(box(w, 'name').element.disabled, 'the name is the portal’s key').toBe(true)
    expect(box(w, 'token').element.value, 'the token is never sent back').toBe('')
    expect(box(w, 'token').attributes('placeholder')).toBe('留空则保留已保存的令牌')
    await box(w, 'url').setValue('https://open.example.gov.cn')
    await portal(w).get('[data-testid="portal-save"]').trigger('click')
    await flushPromises()
    expect(portalSave).toHaveBeenCalledWith('省平台', 'https://open.example.gov.cn', 'xian-minzheng', null)
  })

  it('shows a refused address in words and keeps the form', async () => {
    vi.mocked(portalSave).mockRejectedValue({ code: 'portal_invalid_url', message: 'x', params: { url: 'data.gov' } })
    const w = await mountView()
    await box(w, 'name').setValue('省平台')
    await box(w, 'url').setValue('data.gov')
    await box(w, 'org').setValue('xian')
    await box(w, 'token').setValue('t')
    await portal(w).get('[data-testid="portal-save"]').trigger('click')
    await flushPromises()
    expect(portal(w).get('[data-testid="error-message"]').text()).toContain('“data.gov”不是有效的网址')
    expect(box(w, 'url').element.value).toBe('data.gov')
  })

  it('tests the connection step by step, with the problem translated', async () => {
    vi.mocked(portalList).mockResolvedValue([PORTAL])
    vi.mocked(portalTest).mockResolvedValue(
      report({ org_ok: false, problem: { code: 'portal_org_unknown', message: 'x', params: { org: 'xian-minzheng' } } }),
    )
    const w = await mountView()
    await portal(w).get('[data-testid="portal-test"]').trigger('click')
    await flushPromises()
    expect(portalTest).toHaveBeenCalledWith('省平台')
    expect(steps(w)).toEqual([
      ['reachable', 'ok'],
      ['token', 'ok'],
      ['org', 'failed'],
    ])
    const result = portal(w).get('[data-testid="portal-test-result"]')
    expect(result.text()).toContain('门户地址可以访问（CKAN 2.11.6）')
    expect(result.get('[data-step="org"]').text()).toContain('✗')
    expect(result.get('[data-testid="error-message"]').text()).toContain('门户上没有组织“xian-minzheng”')

    vi.mocked(portalTest).mockResolvedValue(
      report({ reachable: false, ckan_version: null, token_ok: false, org_ok: false, problem: { code: 'portal_unreachable', message: 'x', params: { url: PORTAL.url } } }),
    )
    await portal(w).get('[data-testid="portal-test"]').trigger('click')
    await flushPromises()
    expect(steps(w), 'after the first failure nothing more was checked').toEqual([
      ['reachable', 'failed'],
      ['token', 'skipped'],
      ['org', 'skipped'],
    ])

    vi.mocked(portalTest).mockResolvedValue(report({ required_fields: ['theme', 'update_frequency'] }))
    await portal(w).get('[data-testid="portal-test"]').trigger('click')
    await flushPromises()
    expect(steps(w)).toEqual([
      ['reachable', 'ok'],
      ['token', 'ok'],
      ['org', 'ok'],
      ['fields', 'info'],
    ])
    expect(portal(w).get('[data-testid="portal-test-result"]').text()).toContain('门户要求每个数据集另外填写：theme、update_frequency')
    expect(portal(w).get('[data-testid="portal-test-ok"]').text()).toBe('连接正常，可以发布。')
  })

  it('removes a portal only after confirmation', async () => {
    vi.mocked(portalList).mockResolvedValue([PORTAL])
    const w = await mountView()
    const buttons = () => [...document.querySelectorAll<HTMLElement>('.el-message-box__btns button')]
    await portal(w).get('[data-testid="portal-remove-省平台"]').trigger('click')
    await flushPromises()
    expect(document.querySelector('.el-message-box')?.textContent).toContain('删除门户“省平台”及保存在钥匙串中的令牌')
    buttons().find((b) => b.textContent?.trim() === '取消')?.click()
    await flushPromises()
    expect(portalRemove).not.toHaveBeenCalled()

    vi.mocked(portalRemove).mockResolvedValue()
    await portal(w).get('[data-testid="portal-remove-省平台"]').trigger('click')
    await flushPromises()
    // The first box may linger while it fades out: the newest is the last.
    buttons()
      .filter((b) => b.textContent?.trim() === '删除')
      .at(-1)
      ?.click()
    await flushPromises()
    expect(portalRemove).toHaveBeenCalledWith('省平台')
    expect(portal(w).find('[data-testid="portal-item-省平台"]').exists()).toBe(false)
    expect(portal(w).find('[data-testid="portal-form"]').exists(), 'back to the first-run form').toBe(true)
  })
})

describe('the office’s k', () => {
  const risk = (w: VueWrapper) => w.get('[data-testid="settings-risk"]')

  it('is shown to everyone and changed by a steward only', async () => {
    useSessionStore().user = ZHANG
    let w = await mountView()
    expect(risk(w).get<HTMLInputElement>('[data-testid="office-k"] input').element.value).toBe('5')
    expect(risk(w).get('[data-testid="office-k-save"]').attributes('disabled')).toBeDefined()
    expect(risk(w).text()).toContain('只有审核人可以修改')
    wrapper?.unmount()

    useSessionStore().user = LI
    vi.mocked(officeRiskSet).mockResolvedValue({ k: 3, threshold: 3 })
    w = await mountView()
    await risk(w).get('[data-testid="office-k"] input').setValue('3')
    await flushPromises()
    await risk(w).get('[data-testid="office-k-save"]').trigger('click')
    await flushPromises()
    expect(officeRiskSet).toHaveBeenCalledWith(3, 3)
    expect(statusLine.message, 'in the status line').toContain('已保存：本单位的 k 为 3，统计表每格至少 3')
  })
})

describe('the checks a submission must pass', () => {
  const card = (w: VueWrapper) => w.get('[data-testid="settings-readiness"]')
  const ticked = (w: VueWrapper) =>
    card(w)
      .findAll('.el-checkbox.is-checked')
      .map((c) => c.attributes('data-testid'))

  it('are shown to everyone and chosen by a steward only', async () => {
    useSessionStore().user = ZHANG
    let w = await mountView()
    expect(ticked(w)).toEqual(['blocking-missing_license'])
    expect(card(w).text()).toContain('没有开放许可')
    expect(card(w).get('[data-testid="blocking-save"]').attributes('disabled')).toBeDefined()
    expect(card(w).text()).toContain('只有审核人可以修改')
    wrapper?.unmount()

    useSessionStore().user = LI
    vi.mocked(readinessSetBlocking).mockImplementation(async (checks) => checks)
    w = await mountView()
    expect(card(w).get('[data-testid="blocking-save"]').attributes('disabled'), 'nothing changed yet').toBeDefined()
    await card(w).get('[data-testid="blocking-totals_rows"] input').setValue(true)
    await flushPromises()
    await card(w).get('[data-testid="blocking-save"]').trigger('click')
    await flushPromises()
    expect(readinessSetBlocking).toHaveBeenCalledWith(['missing_license', 'totals_rows'])
    expect(statusLine.message).toContain('已保存：2 项检查不通过就不能提交')
  })
})

describe('an Excel file beside each CSV', () => {
  it('is the office\'s choice, made by a steward', async () => {
    vi.mocked(portalList).mockResolvedValue([PORTAL])
    useSessionStore().user = ZHANG
    let w = await mountView()
    const sw = (w: VueWrapper) => w.get('[data-testid="portal-xlsx-switch"]')
    expect(sw(w).classes(), 'a clerk sees it').toContain('is-disabled')
    expect(w.get('[data-testid="portal-xlsx"]').text()).toContain('同时发布 Excel（XLSX）文件')
    wrapper?.unmount()

    useSessionStore().user = LI
    vi.mocked(publishSetXlsx).mockResolvedValue(true)
    w = await mountView()
    await sw(w).trigger('click')
    await flushPromises()
    expect(publishSetXlsx).toHaveBeenCalledWith(true)
    expect(sw(w).classes()).toContain('is-checked')
    expect(statusLine.message).toContain('发布时同时发布 Excel 文件')
  })
})
