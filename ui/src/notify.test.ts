import { flushPromises } from '@vue/test-utils'
import { afterEach, expect, it } from 'vitest'

import { MAX_TOASTS, clearNotices, openToasts, status, statusLine, toast } from './notify'

afterEach(() => {
  clearNotices()
  document.body.innerHTML = ''
})

const shown = (selector = '.el-message') => document.querySelectorAll(selector).length

it('shows at most three toasts, a newer one replacing an older one of its kind', async () => {
  toast.success('元数据已导出', { kind: 'export' })
  toast.success('已提交审核', { kind: 'dataset' })
  toast.success('已将 2 个数据集加入发布队列', { kind: 'publish' })
  toast.success('已再次导出', { kind: 'export' })
  await flushPromises()
  expect(openToasts()).toBe(3)
  // Six confirmations in a row (a review round trip) still leave three.
  for (const n of [1, 2, 3, 4, 5, 6]) toast.success(`第 ${n} 条`)
  await flushPromises()
  expect(openToasts()).toBe(MAX_TOASTS)
  // The same message twice is one toast.
  clearNotices()
  toast.info('请先选择数据集')
  toast.info('请先选择数据集')
  expect(openToasts()).toBe(1)
})

it('keeps errors until they are dismissed, making room with the other toasts first', async () => {
  toast.error('无法连接门户')
  for (const n of [1, 2, 3, 4]) toast.success(`第 ${n} 条`, { kind: `k${n}` })
  await flushPromises()
  expect(openToasts()).toBe(3)
  expect(shown('.el-message--error'), 'the error is still there').toBe(1)
  expect(document.body.textContent).toContain('无法连接门户')
})

it('says routine confirmations in the status line, with the time', () => {
  status('元数据已保存')
  expect(statusLine.message).toBe('元数据已保存')
  expect(statusLine.at).toBeInstanceOf(Date)
  expect(openToasts(), 'no toast for a routine confirmation').toBe(0)
})
