import { afterEach, describe, expect, it, vi } from 'vitest'

import { copyText } from './clipboard'
import { formatWhen } from './format'

afterEach(() => {
  Object.defineProperty(navigator, 'clipboard', { value: undefined, configurable: true })
  vi.restoreAllMocks()
})

describe('copying a link', () => {
  it('uses the Clipboard API where the web view has it', async () => {
    const writeText = vi.fn().mockResolvedValue(undefined)
    Object.defineProperty(navigator, 'clipboard', { value: { writeText }, configurable: true })
    await expect(copyText('https://data.example.gov.cn/dataset/a')).resolves.toBe(true)
    expect(writeText).toHaveBeenCalledWith('https://data.example.gov.cn/dataset/a')
  })

  it('falls back to selecting the text when the Clipboard API refuses, leaving nothing behind', async () => {
    Object.defineProperty(navigator, 'clipboard', {
      value: { writeText: vi.fn().mockRejectedValue(new Error('not allowed')) },
      configurable: true,
    })
    const exec = vi.fn().mockReturnValue(true)
    Object.defineProperty(document, 'execCommand', { value: exec, configurable: true })
    await expect(copyText('https://x/dataset/b')).resolves.toBe(true)
    expect(exec).toHaveBeenCalledWith('copy')
    expect(document.querySelector('textarea'), 'the helper box is removed').toBeNull()
  })

  it('says so when nothing worked, so the user is told to copy by hand', async () => {
    Object.defineProperty(document, 'execCommand', { value: vi.fn().mockReturnValue(false), configurable: true })
    await expect(copyText('https://x/dataset/c')).resolves.toBe(false)
  })
})

describe('when a retry will be', () => {
  it('is the time alone today, with the date on another day', () => {
    const now = new Date(2025, 2, 1, 9, 0)
    expect(formatWhen(new Date(2025, 2, 1, 9, 15).toISOString(), 'zh-CN', now)).toBe('09:15')
    expect(formatWhen(new Date(2025, 2, 2, 9, 15).toISOString(), 'zh-CN', now)).toContain('2025')
    expect(formatWhen('soon', 'zh-CN', now)).toBe('soon')
  })
})
