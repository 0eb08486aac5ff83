import { invoke } from '@tauri-apps/api/core'
import { flushPromises, mount, type VueWrapper } from '@vue/test-utils'
import ElementPlus from 'element-plus'
import { createPinia, setActivePinia } from 'pinia'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'

import { keyTrust, reviewApprove, type User } from '../../api'
import { i18n } from '../../i18n'
import { useSessionStore } from '../../stores/session'
import UnlockDialog from './UnlockDialog.vue'

// The real api and its `call`, with the desktop played by a mocked invoke: the
// dialog must work for every steward action without its call site knowing.
vi.mock('@tauri-apps/api/core', () => ({ invoke: vi.fn(), Channel: class {} }))
const invokeMock = vi.mocked(invoke)

const LI: User = { name: '老李', clerk: false, steward: true, has_passphrase: true, fingerprint: 'K7QD-M2XA-9F4R-TZ3B' }
const PASS = 'correct horse battery'
const UNLOCK_REQUIRED = { code: 'auth_unlock_required', message: "this needs a steward's passphrase", params: {} }

let wrapper: VueWrapper | null = null
let missing: string[]
/** How many times review_approve was refused for want of an unlock, still to come. */
let locked: number

beforeEach(() => {
  invokeMock.mockReset()
  setActivePinia(createPinia())
  i18n.global.locale.value = 'zh-CN'
  missing = []
  i18n.global.setMissingHandler((_locale, key) => {
    missing.push(key)
    return key
  })
  locked = 1
  invokeMock.mockImplementation(async (command, args) => {
    const a = args as Record<string, unknown> | undefined
    if (command === 'session_unlock') {
      if (a?.passphrase === 'too many') throw { code: 'auth_throttled', message: 'wait', params: { user: '老李', seconds: '30' } }
      if (a?.passphrase !== PASS) throw { code: 'auth_passphrase_wrong', message: 'wrong', params: { user: '老李' } }
      locked = 0
      return LI
    }
    if (command === 'review_approve' || command === 'key_trust') {
      if (locked > 0) throw UNLOCK_REQUIRED
      return command === 'review_approve' ? 'hash-7' : null
    }
    throw new Error(`unexpected ${command}`)
  })
})

afterEach(() => {
  wrapper?.unmount()
  wrapper = null
  i18n.global.setMissingHandler(null)
  document.body.innerHTML = ''
  expect(missing, 'every message the dialog uses exists').toEqual([])
})

async function mountDialog(user: User | null = LI): Promise<VueWrapper> {
  useSessionStore().user = user
  // Real transitions: the dialog reports Escape once its leave transition ends.
  wrapper = mount(UnlockDialog, { global: { plugins: [i18n, ElementPlus], stubs: { transition: false } }, attachTo: document.body })
  await flushPromises()
  return wrapper
}

const $ = (selector: string) => document.querySelector<HTMLElement>(selector)
const shown = () => {
  const el = $('[data-testid="unlock-dialog"]')
  return !!el && (el.closest('.el-overlay') as HTMLElement | null)?.style.display !== 'none'
}

async function type(value: string): Promise<void> {
  const input = $('input[data-testid="unlock-passphrase"]') as HTMLInputElement | null
  if (!input) throw new Error('no passphrase box')
  input.value = value
  input.dispatchEvent(new Event('input'))
  await flushPromises()
}

async function click(testid: string): Promise<void> {
  $(`[data-testid="${testid}"]`)?.click()
  await flushPromises()
}

describe('the unlock dialog', () => {
  it('asks the current user’s passphrase when a steward action is refused, then the action goes on', async () => {
    await mountDialog()
    const approving = reviewApprove(7, '可以')
    await flushPromises()
    expect(shown(), 'the refused action asks').toBe(true)
    expect($('[data-testid="unlock-dialog"]')?.textContent).toContain('老李')
    expect(($('input[data-testid="unlock-passphrase"]') as HTMLInputElement).type).toBe('password')

    await type('not it')
    await click('unlock-submit')
    expect($('[data-testid="unlock-error"]')?.textContent, 'a wrong passphrase is said, inline').toContain('口令不对')
    expect(shown(), 'and the dialog stays').toBe(true)

    await type(PASS)
    $('input[data-testid="unlock-passphrase"]')?.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter' }))
    await flushPromises()
    await expect(approving).resolves.toBe('hash-7')
    await vi.waitFor(() => expect(shown()).toBe(false))
    expect(invokeMock.mock.calls.map((c) => c[0])).toEqual(['review_approve', 'session_unlock', 'session_unlock', 'review_approve'])
    expect(invokeMock).toHaveBeenCalledWith('session_unlock', { passphrase: PASS })
  })

  it('cancelled, the action fails with its own error and is not tried again', async () => {
    await mountDialog()
    const trusting = keyTrust('k-1').catch((e: unknown) => e)
    await flushPromises()
    expect(shown()).toBe(true)
    await click('unlock-cancel')
    expect(await trusting).toMatchObject({ code: 'auth_unlock_required' })
    await vi.waitFor(() => expect(shown()).toBe(false))
    expect(invokeMock).toHaveBeenCalledTimes(1)
  })

  it('Escape cancels too', async () => {
    await mountDialog()
    const trusting = keyTrust('k-1').catch((e: unknown) => e)
    await flushPromises()
    document.dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape', code: 'Escape' }))
    await vi.waitFor(() => expect(invokeMock).toHaveBeenCalledTimes(1))
    expect(await trusting).toMatchObject({ code: 'auth_unlock_required' })
  })

  it('one passphrase answers several actions refused at once', async () => {
    await mountDialog()
    const both = Promise.all([reviewApprove(7, null), keyTrust('k-1')])
    await flushPromises()
    await type(PASS)
    await click('unlock-submit')
    await expect(both).resolves.toEqual(['hash-7', null])
    expect(invokeMock.mock.calls.filter((c) => c[0] === 'session_unlock')).toHaveLength(1)
  })

  it('says how long to wait after too many wrong passphrases, and waits', async () => {
    await mountDialog()
    void reviewApprove(7, null).catch(() => {})
    await flushPromises()
    await type('too many')
    await click('unlock-submit')
    expect($('[data-testid="unlock-error"]')?.textContent).toContain('请等 30 秒')
    expect(($('[data-testid="unlock-submit"]') as HTMLButtonElement).disabled).toBe(true)
    await click('unlock-cancel')
  })

  it('asks nobody when nobody is signed in: the sign-in dialog does', async () => {
    await mountDialog(null)
    await expect(reviewApprove(7, null)).rejects.toMatchObject({ code: 'auth_unlock_required' })
    expect(shown()).toBe(false)
  })
})
