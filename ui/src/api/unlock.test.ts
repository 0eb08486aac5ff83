import { invoke } from '@tauri-apps/api/core'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'

import { ApiError, keyTrust, reviewApprove, sessionUnlock, setUnlockHandler, usersList } from '.'

vi.mock('@tauri-apps/api/core', () => ({ invoke: vi.fn(), Channel: class {} }))
const invokeMock = vi.mocked(invoke)

const UNLOCK_REQUIRED = { code: 'auth_unlock_required', message: "this needs a steward's passphrase", params: {} }

beforeEach(() => {
  invokeMock.mockReset()
})

afterEach(() => {
  setUnlockHandler(null)
})

describe('a steward action refused for want of an unlock', () => {
  it('asks the unlock handler, then tries the command once more with the same arguments', async () => {
    invokeMock.mockRejectedValueOnce(UNLOCK_REQUIRED).mockResolvedValueOnce('hash-1')
    const handler = vi.fn(async (error: ApiError) => {
      expect(error).toBeInstanceOf(ApiError)
      expect(error.code).toBe('auth_unlock_required')
      return true
    })
    setUnlockHandler(handler)
    await expect(reviewApprove(7, '可以')).resolves.toBe('hash-1')
    expect(handler).toHaveBeenCalledTimes(1)
    expect(invokeMock.mock.calls).toEqual([
      ['review_approve', { dataset: '7', comment: '可以', confirmSpecial: false }],
      ['review_approve', { dataset: '7', comment: '可以', confirmSpecial: false }],
    ])
  })

  it('rejects with the original error when the user cancels, without trying again', async () => {
    invokeMock.mockRejectedValueOnce(UNLOCK_REQUIRED)
    setUnlockHandler(async () => false)
    const error = await keyTrust('k-1').catch((e: unknown) => e)
    expect(error).toBeInstanceOf(ApiError)
    expect(error).toMatchObject({ code: 'auth_unlock_required', detail: UNLOCK_REQUIRED.message })
    expect(invokeMock).toHaveBeenCalledTimes(1)
  })

  it('a handler that fails counts as a cancel', async () => {
    invokeMock.mockRejectedValueOnce(UNLOCK_REQUIRED)
    setUnlockHandler(async () => {
      throw new Error('dialog gone')
    })
    await expect(keyTrust('k-1')).rejects.toMatchObject({ code: 'auth_unlock_required' })
    expect(invokeMock).toHaveBeenCalledTimes(1)
  })

  it('asks only once: a second refusal after unlocking is the caller’s to see', async () => {
    invokeMock.mockRejectedValueOnce(UNLOCK_REQUIRED).mockRejectedValueOnce(UNLOCK_REQUIRED)
    const handler = vi.fn(async () => true)
    setUnlockHandler(handler)
    await expect(reviewApprove(7, null)).rejects.toMatchObject({ code: 'auth_unlock_required' })
    expect(handler).toHaveBeenCalledTimes(1)
    expect(invokeMock).toHaveBeenCalledTimes(2)
  })

  it('the retry’s own failure is reported as it is', async () => {
    invokeMock
      .mockRejectedValueOnce(UNLOCK_REQUIRED)
      .mockRejectedValueOnce({ code: 'review_self_approval', message: 'own', params: { user: '李四' } })
    setUnlockHandler(async () => true)
    await expect(reviewApprove(7, null)).rejects.toMatchObject({ code: 'review_self_approval', params: { user: '李四' } })
  })

  it('leaves other errors, and the unlock command itself, alone', async () => {
    const handler = vi.fn(async () => true)
    setUnlockHandler(handler)
    invokeMock.mockRejectedValueOnce({ code: 'role_missing', message: 'no', params: { user: '张三', role: 'steward' } })
    await expect(reviewApprove(7, null)).rejects.toMatchObject({ code: 'role_missing' })
    invokeMock.mockRejectedValueOnce(UNLOCK_REQUIRED)
    await expect(sessionUnlock('x'), 'no dialog asking for itself').rejects.toMatchObject({ code: 'auth_unlock_required' })
    expect(handler).not.toHaveBeenCalled()
  })

  it('without a handler, the error is the caller’s', async () => {
    invokeMock.mockRejectedValueOnce(UNLOCK_REQUIRED)
    await expect(usersList()).rejects.toMatchObject({ code: 'auth_unlock_required' })
    expect(invokeMock).toHaveBeenCalledTimes(1)
  })
})
