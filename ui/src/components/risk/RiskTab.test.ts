import { flushPromises, mount, type VueWrapper } from '@vue/test-utils'
import ElementPlus from 'element-plus'
import { createPinia, setActivePinia } from 'pinia'
import { afterEach, beforeEach, expect, it, vi } from 'vitest'

import { maskPreview, riskFix, riskGet, type MaskedPreview, type RiskView } from '../../api'
import { i18n } from '../../i18n'
import { column } from '../sensitive/sensitiveFixtures'
import RiskTab from './RiskTab.vue'

vi.mock('../../api', async (importOriginal) => ({
  ...(await importOriginal<typeof import('../../api')>()),
  riskGet: vi.fn(),
  riskFix: vi.fn(),
  maskPreview: vi.fn(),
}))

let wrapper: VueWrapper | null = null
let missing: string[]

// Six people on 性别 + 村 (office k 3): 东村男 3, 东村女 2, 西村男 1.
function before(): RiskView {
  return {
    report: {
      rows: 6,
      quasi: ['性别', '村'],
      office_k: 3,
      k: 1,
      groups: 3,
      at_risk: 3,
      max_risk: 1,
      avg_risk: 0.5,
      unique_share: 1 / 6,
      group_sizes: [
        [1, 1],
        [2, 1],
        [3, 1],
      ],
      combinations: [{ columns: ['村'], unique: 1 }],
      diversity: null,
    },
    plan: {
      dataset: 1,
      rows: 6,
      quasi: ['性别', '村'],
      office_k: 3,
      k_before: 1,
      at_risk_before: 3,
      k_after: 6,
      at_risk_after: 0,
      steps: [
        { column: '村', rule: { kind: 'place', level: 'town' }, changed_cells: 6, distinct_before: 2, distinct_after: 1, k: 2, at_risk: 2 },
        { column: '性别', rule: null, changed_cells: 2, distinct_before: 2, distinct_after: 3, k: 6, at_risk: 0 },
      ],
      suppressed_cells: 2,
    },
    policy: null,
    columns: ['性别', '村', '金额'],
    rules: [],
    suppressed_cells: 0,
  }
}

function after(): RiskView {
  const v = before()
  return {
    ...v,
    report: { ...v.report, k: 6, groups: 3, at_risk: 0, max_risk: 1 / 6, group_sizes: [[6, 3]], combinations: [] },
    plan: { ...v.plan, k_before: 6, at_risk_before: 0, steps: [], suppressed_cells: 0 },
    rules: [['村', { kind: 'place', level: 'town' }]],
    suppressed_cells: 2,
  }
}

function preview(fixed: boolean): MaskedPreview {
  const people: [string, string][] = [
    ['男', '东村'],
    ['女', '东村'],
  ]
  return {
    columns: [column(0, '性别'), column(1, '村')],
    rows: people.map(([sex, village], i) => ({
      row: i + 1,
      source_row: i + 2,
      original: [sex, village],
      public: fixed ? [i === 1 ? '*' : sex, '*'] : [sex, village],
    })),
  }
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
  let fixed = false
  vi.mocked(riskGet).mockImplementation(async () => (fixed ? after() : before()))
  vi.mocked(maskPreview).mockImplementation(async () => preview(fixed))
  vi.mocked(riskFix).mockImplementation(async () => {
    fixed = true
    return after()
  })
})

afterEach(() => {
  wrapper?.unmount()
  wrapper = null
  i18n.global.setMissingHandler(null)
  expect(missing, 'every message exists').toEqual([])
})

it('shows the figures, the unique combinations and the fix with its cost, and taking it changes the public rows', async () => {
  wrapper = mount(RiskTab, { props: { dataset: '1' }, global: { plugins: [i18n, ElementPlus] } })
  await flushPromises()
  const w = wrapper
  expect(w.get('[data-testid="risk-tab"]').attributes('data-state')).toBe('below')
  expect(w.get('[data-testid="risk-k"]').text()).toBe('1 人')
  expect(w.get('[data-testid="risk-status"]').text()).toContain('3 条记录低于本单位的要求（k = 3）')
  expect(w.get('[data-testid="risk-combo-0"]').text()).toBe('1 条记录在 村 上是唯一的')
  expect(w.get('[data-testid="risk-step-0"]').text()).toBe('泛化：只到乡镇')
  expect(w.get('[data-testid="risk-step-1"]').text()).toBe('抑制：发布为 *')
  expect(w.get('[data-testid="risk-plan"]').text()).toContain('改变 6 个值（不同取值 2 → 1）')
  expect(w.get('[data-testid="risk-plan-summary"]').text()).toContain('处理后最小组 6 人、0 条有风险')
  // The groups below k are drawn in red.
  expect(w.findAll('.risk__bar--small')).toHaveLength(2)
  expect(w.get('[data-testid="risk-preview-1-0"]').text()).toBe('女')
  // A reason is asked for only while the list is below k.
  expect(w.find('[data-testid="risk-reason"]').exists()).toBe(true)

  await w.get('[data-testid="risk-apply"]').trigger('click')
  await flushPromises()
  expect(riskFix).toHaveBeenCalledWith('1')
  expect(w.get('[data-testid="risk-tab"]').attributes('data-state')).toBe('ok')
  expect(w.get('[data-testid="risk-k"]').text()).toBe('6 人')
  expect(w.get('[data-testid="risk-preview-1-0"]').text()).toBe('*')
  expect(w.get('[data-testid="risk-preview-0-1"]').text()).toBe('*')
  expect(w.get('[data-testid="risk-in-force"]').text()).toContain('村：只到乡镇')
  expect(w.find('[data-testid="risk-undo"]').exists()).toBe(true)
  expect(w.find('[data-testid="risk-reason"]').exists()).toBe(false)
  expect(w.emitted('changed')).toHaveLength(1)
})
