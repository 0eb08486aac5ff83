import { flushPromises, mount, type VueWrapper } from '@vue/test-utils'
import ElementPlus from 'element-plus'
import { createPinia, setActivePinia } from 'pinia'
import { afterEach, beforeEach, expect, it, vi } from 'vitest'

import { tableApply, tablePreview, type SuppressionReport } from '../../api'
import { i18n } from '../../i18n'
import TableSuppression from './TableSuppression.vue'

vi.mock('../../api', async (importOriginal) => ({
  ...(await importOriginal<typeof import('../../api')>()),
  tablePreview: vi.fn(),
  tableApply: vi.fn(),
}))

let wrapper: VueWrapper | null = null
let missing: string[]

const REPORT: SuppressionReport = {
  dataset: 3,
  spec: { dimensions: ['村'], values: ['A类', 'B类', 'C类', '合计'], threshold: 3, min_width: 3, marker: '*' },
  primary: [{ row: '东村', column: 'B类', value: 2 }],
  carried: [],
  secondary: [
    { row: '东村', column: 'C类', value: 8 },
    { row: '南村', column: 'B类', value: 4 },
    { row: '南村', column: 'C类', value: 11 },
  ],
  ranges: [
    { row: '东村', column: 'B类', min: 0, max: 6, wide_enough: true },
    { row: '东村', column: 'C类', min: 4, max: 10, wide_enough: true },
    { row: '南村', column: 'B类', min: 0, max: 6, wide_enough: true },
    { row: '南村', column: 'C类', min: 9, max: 15, wide_enough: true },
  ],
  protected: true,
  total_row: '合计',
  total_column: '合计',
}

beforeEach(() => {
  vi.resetAllMocks()
  setActivePinia(createPinia())
  i18n.global.locale.value = 'zh-CN'
  missing = []
  i18n.global.setMissingHandler((_locale, key) => {
    missing.push(key)
    return key
  })
  vi.mocked(tablePreview).mockResolvedValue(REPORT)
  vi.mocked(tableApply).mockImplementation(async (_d, spec) => ({ ...REPORT, spec }))
})

afterEach(() => {
  wrapper?.unmount()
  wrapper = null
  i18n.global.setMissingHandler(null)
  expect(missing, 'every message exists').toEqual([])
})

it('previews the small cells, their complements and each feasible range, and keeps the suppression with the spec shown', async () => {
  wrapper = mount(TableSuppression, {
    props: { dataset: '3', columns: ['村', 'A类', 'B类', 'C类', '合计'] },
    global: { plugins: [i18n, ElementPlus] },
  })
  await flushPromises()
  const w = wrapper
  expect(tablePreview).toHaveBeenCalledWith('3', null)
  expect(w.get('[data-testid="risk-table-primary"]').text()).toBe('人数过少：东村 / B类')
  expect(w.get('[data-testid="risk-table-secondary"]').text()).toContain('东村 / C类、南村 / B类、南村 / C类')
  expect(w.text()).toContain('南村 / C类：根据公开的数字只能推出在 9 到 15 之间')
  expect(w.get('[data-testid="risk-table-verdict"]').text()).toBe('每个隐去的格都无法从合计中反推。')
  await w.get('[data-testid="risk-table-apply"]').trigger('click')
  await flushPromises()
  expect(tableApply).toHaveBeenCalledWith('3', REPORT.spec)
  expect(w.emitted('changed')).toHaveLength(1)
})
