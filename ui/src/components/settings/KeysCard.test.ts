import { flushPromises, mount, type VueWrapper } from '@vue/test-utils'
import ElementPlus from 'element-plus'
import { createPinia, setActivePinia } from 'pinia'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'

import {
  keyExport,
  keyInspect,
  keyOwn,
  keysTrusted,
  keyTrust,
  keyUntrust,
  pickKeyFile,
  type OfficeKey,
  type TrustedKey,
  type User,
} from '../../api'
import { i18n } from '../../i18n'
import { statusLine } from '../../notify'
import { useSessionStore } from '../../stores/session'
import KeysCard from './KeysCard.vue'

vi.mock('../../api', async (importOriginal) => ({
  ...(await importOriginal<typeof import('../../api')>()),
  keyOwn: vi.fn(),
  keyExport: vi.fn(),
  pickKeyFile: vi.fn(),
  keyInspect: vi.fn(),
  keyTrust: vi.fn(),
  keysTrusted: vi.fn(),
  keyUntrust: vi.fn(),
}))

const LI: User = { name: '老李', clerk: false, steward: true, has_passphrase: true, fingerprint: 'K7QD-M2XA-9F4R-TZ3B' }
const WANG: User = { name: '小王', clerk: true, steward: false, has_passphrase: true, fingerprint: null }

function officeKey(over: Partial<OfficeKey> = {}): OfficeKey {
  return {
    format: 'kaifang-office-key',
    format_version: 1,
    name: '老李',
    workspace: 'c9e2',
    public_key: 'ab'.repeat(32),
    recipient: 'age1qyqszqgpqyqszqgpqyqszqgpqyqszqgpqyqszqgpqyqszqgpqyqs3290gq',
    fingerprint: 'K7QD-M2XA-9F4R-TZ3B',
    ...over,
  }
}

const ZHAO: TrustedKey = {
  fingerprint: 'Q3ZT-7KD4-MX2A-9RFB',
  name: '老赵',
  workspace: 'd41a',
  added_by: '老李',
  added_at: '2025-03-01T08:00:00Z',
}

let wrapper: VueWrapper | null = null
let missing: string[]

beforeEach(() => {
  vi.resetAllMocks()
  setActivePinia(createPinia())
  i18n.global.locale.value = 'zh-CN'
  missing = []
  i18n.global.setMissingHandler((_locale, key) => {
    missing.push(key)
    return key
  })
  vi.mocked(keyOwn).mockResolvedValue(officeKey())
  vi.mocked(keysTrusted).mockResolvedValue([])
})

afterEach(() => {
  wrapper?.unmount()
  wrapper = null
  i18n.global.setMissingHandler(null)
  document.body.innerHTML = ''
  expect(missing, 'every message the card uses exists').toEqual([])
})

async function mountCard(user: User | null = LI): Promise<VueWrapper> {
  useSessionStore().user = user
  wrapper = mount(KeysCard, { global: { plugins: [i18n, ElementPlus] }, attachTo: document.body })
  await flushPromises()
  return wrapper
}

const $ = (selector: string) => document.querySelector<HTMLElement>(selector)
const dialogShown = () => {
  const el = $('[data-testid="key-confirm-dialog"]')
  return !!el && (el.closest('.el-overlay') as HTMLElement | null)?.style.display !== 'none'
}

async function click(testid: string): Promise<void> {
  const el = $(`[data-testid="${testid}"]`)
  if (!el) throw new Error(`no ${testid}`)
  el.click()
  await flushPromises()
}

describe('office keys', () => {
  it('shows a steward their own key’s fingerprint to read out by phone, and exports the key file', async () => {
    const w = await mountCard()
    expect(w.get('[data-testid="own-fingerprint"]').text()).toBe('K7QD-M2XA-9F4R-TZ3B')
    expect(w.get('[data-testid="own-fingerprint"] code').classes(), 'large, in monospace').toContain('fingerprint--large')
    expect(w.get('[data-testid="own-key"]').text()).toContain('打电话')
    vi.mocked(keyExport).mockResolvedValueOnce(null)
    await click('key-export')
    expect(keyExport).toHaveBeenCalledTimes(1)
    expect(document.body.textContent, 'cancelled: nothing said').not.toContain('单位密钥已保存为')
    vi.mocked(keyExport).mockResolvedValueOnce('老李.kaifang-key')
    await click('key-export')
    expect(document.body.textContent).toContain('单位密钥已保存为 老李.kaifang-key')
  })

  it('says what office keys are for when none is trusted yet', async () => {
    const w = await mountCard()
    expect(w.get('[data-testid="keys-empty"]').text()).toContain('加密给审核人')
    expect(w.find('[data-testid="keys-table"]').exists()).toBe(false)
  })

  it('imports a key file only after showing whose it is and its fingerprint, to compare by phone', async () => {
    const w = await mountCard()
    vi.mocked(pickKeyFile).mockResolvedValue({ token: 'k-1', file_name: '老赵.kaifang-key', size: 420 })
    vi.mocked(keyInspect).mockResolvedValue(officeKey({ name: '老赵', fingerprint: ZHAO.fingerprint, workspace: 'd41a' }))
    await click('key-import')
    expect(keyInspect).toHaveBeenCalledWith('k-1')
    expect(dialogShown()).toBe(true)
    expect($('[data-testid="key-confirm-name"]')?.textContent).toContain('老赵')
    expect($('[data-testid="key-confirm-fingerprint"]')?.textContent?.trim()).toBe('Q3ZT-7KD4-MX2A-9RFB')
    expect($('[data-testid="key-confirm-fingerprint"] code')?.className).toContain('fingerprint--large')
    expect($('[data-testid="key-confirm-dialog"]')?.textContent, 'the instruction').toContain('打电话给 老赵')
    expect(keyTrust, 'nothing is trusted before the comparison').not.toHaveBeenCalled()

    await click('key-cancel')
    expect(dialogShown()).toBe(false)
    expect(keyTrust, 'cancelled: nothing trusted').not.toHaveBeenCalled()

    await click('key-import')
    vi.mocked(keyTrust).mockResolvedValue(ZHAO)
    await click('key-trust')
    expect(keyTrust).toHaveBeenCalledWith('k-1')
    expect(dialogShown()).toBe(false)
    expect(statusLine.message, 'in the status line').toContain('已信任 老赵 的单位密钥')
    const row = w.get(`[data-testid="key-row-${ZHAO.fingerprint}"]`).element.closest('tr')
    expect(row?.textContent).toContain('Q3ZT-7KD4-MX2A-9RFB')
    expect(row?.textContent, 'who added it').toContain('老李')
    expect(w.find('[data-testid="keys-empty"]').exists()).toBe(false)
  })

  it('shows a file that is not an office key in words, and asks nothing', async () => {
    const w = await mountCard()
    vi.mocked(pickKeyFile).mockResolvedValue({ token: 'k-2', file_name: '名单.xlsx', size: 4096 })
    vi.mocked(keyInspect).mockRejectedValue({ code: 'key_file_invalid', message: 'not a key file', params: {} })
    await click('key-import')
    expect(dialogShown()).toBe(false)
    expect(w.get('[data-testid="error-message"]').text()).toContain('不是开放的单位密钥文件')
  })

  it('does nothing when the file dialog is cancelled', async () => {
    await mountCard()
    vi.mocked(pickKeyFile).mockResolvedValue(null)
    await click('key-import')
    expect(keyInspect).not.toHaveBeenCalled()
    expect(dialogShown()).toBe(false)
  })

  it('removes a trusted key only after confirmation', async () => {
    vi.mocked(keysTrusted).mockResolvedValue([ZHAO])
    const w = await mountCard()
    const buttons = () => [...document.querySelectorAll<HTMLElement>('.el-message-box__btns button')]
    await click(`key-untrust-${ZHAO.fingerprint}`)
    expect(document.querySelector('.el-message-box')?.textContent).toContain('不再信任 老赵 的单位密钥')
    buttons().find((b) => b.textContent?.trim() === '取消')?.click()
    await flushPromises()
    expect(keyUntrust).not.toHaveBeenCalled()

    vi.mocked(keyUntrust).mockResolvedValue()
    await click(`key-untrust-${ZHAO.fingerprint}`)
    buttons()
      .filter((b) => b.textContent?.trim() === '移除')
      .at(-1)
      ?.click()
    await flushPromises()
    expect(keyUntrust).toHaveBeenCalledWith(ZHAO.fingerprint)
    expect(w.find(`[data-testid="key-row-${ZHAO.fingerprint}"]`).exists()).toBe(false)
  })

  it('shows a clerk the trusted keys, but leaves importing and removing to a steward', async () => {
    vi.mocked(keysTrusted).mockResolvedValue([ZHAO])
    const w = await mountCard(WANG)
    expect(keyOwn, 'a clerk has no key of their own').not.toHaveBeenCalled()
    expect(w.find('[data-testid="own-key"]').exists()).toBe(false)
    expect(w.find('[data-testid="key-import"]').exists()).toBe(false)
    expect(w.get('[data-testid="keys-steward-only"]').text()).toContain('只有审核人')
    expect(w.find(`[data-testid="key-untrust-${ZHAO.fingerprint}"]`).exists()).toBe(false)
    expect(w.get(`[data-testid="key-row-${ZHAO.fingerprint}"]`).text()).toBe('老赵')
  })

  it('tells a steward without keys how to get one', async () => {
    vi.mocked(keyOwn).mockResolvedValue(null)
    const w = await mountCard()
    expect(w.get('[data-testid="own-key-missing"]').text()).toContain('更改一次口令')
    expect(w.find('[data-testid="key-export"]').exists()).toBe(false)
  })
})
