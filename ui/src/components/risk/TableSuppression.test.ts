import { flushPromises, mount, type VueWrapper } from '@vue/test-utils'
import ElementPlus, { ElSelect } from 'element-plus'
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

const VALUE_REPORT: SuppressionReport = {
  dataset: 4,
  spec: {
    dimensions: ['镇'],
    values: ['工业', '服务业', '合计'],
    threshold: 3,
    min_width: 3,
    marker: '*',
    contributions: [{ value: '工业', count: '工业企业数', top: ['工业最大户', '工业次大户'] }],
    dominance: { n: 2, k: 85 },
  },
  primary: [{ row: '东镇', column: '工业', value: 100, rule: 'dominance' }],
  carried: [],
  secondary: [
    { row: '东镇', column: '服务业', value: 40 },
    { row: '西镇', column: '工业', value: 60 },
    { row: '西镇', column: '服务业', value: 50 },
  ],
  ranges: [
    { row: '东镇', column: '工业', min: 50, max: 140, needs_above: 11.764705882, wide_enough: true },
    { row: '东镇', column: '服务业', min: 0, max: 90, wide_enough: true },
    { row: '西镇', column: '工业', min: 20, max: 110, wide_enough: true },
    { row: '西镇', column: '服务业', min: 0, max: 90, wide_enough: true },
  ],
  protected: true,
  total_row: '合计',
  total_column: '合计',
}

it('protects a value table by the dominance rule with each value column’s contributors chosen', async () => {
  vi.mocked(tablePreview).mockResolvedValue({ ...VALUE_REPORT, spec: { ...VALUE_REPORT.spec, contributions: undefined, dominance: undefined } })
  const columns = ['镇', '工业', '工业企业数', '工业最大户', '工业次大户', '服务业', '服务业最大户', '服务业次大户', '合计']
  wrapper = mount(TableSuppression, { props: { dataset: '4', columns }, global: { plugins: [i18n, ElementPlus] } })
  await flushPromises()
  const w = wrapper
  expect(w.find('[data-testid="risk-table-contributions"]').exists()).toBe(false)
  // Turned on: the rule (2, 85) and a line per value column (not the total).
  await w.get('[data-testid="risk-table-dominance"] input').setValue(true)
  await flushPromises()
  const lines = w.findAll('[data-testid="risk-table-contributions"] tbody tr').map((r) => r.attributes('data-value'))
  expect(lines).toEqual(['工业', '服务业'])
  const select = (testid: string) => w.findAllComponents(ElSelect).find((c) => c.attributes('data-testid') === testid)!
  select('risk-table-count-工业').vm.$emit('update:modelValue', '工业企业数')
  select('risk-table-top-工业').vm.$emit('update:modelValue', ['工业最大户', '工业次大户'])
  select('risk-table-top-服务业').vm.$emit('update:modelValue', ['服务业最大户', '服务业次大户'])
  await flushPromises()
  vi.mocked(tablePreview).mockResolvedValue(VALUE_REPORT)
  await w.get('[data-testid="risk-table-preview"]').trigger('click')
  await flushPromises()
  expect(tablePreview).toHaveBeenLastCalledWith('4', {
    dimensions: ['镇'],
    values: ['工业', '服务业', '合计'],
    threshold: 3,
    min_width: 3,
    marker: '*',
    dominance: { n: 2, k: 85 },
    contributions: [
      { value: '工业', count: '工业企业数', top: ['工业最大户', '工业次大户'] },
      { value: '服务业', top: ['服务业最大户', '服务业次大户'] },
    ],
  })
  // The dominant cell is said apart from the small ones, with the protection it needs.
  expect(w.find('[data-testid="risk-table-primary"]').exists()).toBe(false)
  expect(w.get('[data-testid="risk-table-dominant"]').text()).toBe('少数几户占比过高（支配规则）：东镇 / 工业')
  expect(w.text()).toContain('东镇 / 工业：根据公开的数字只能推出在 50 到 140 之间')
  expect(w.text()).toContain('须能高出实际值至少 11.76')
  // Turned off again: the rule goes; the contributors stay for the frequency rule.
  await w.get('[data-testid="risk-table-dominance"] input').setValue(false)
  await w.get('[data-testid="risk-table-apply"]').trigger('click')
  await flushPromises()
  const kept = vi.mocked(tableApply).mock.calls[0]?.[1]
  expect(kept).not.toHaveProperty('dominance')
  expect(kept?.contributions).toHaveLength(1)
})
