import { flushPromises, mount } from '@vue/test-utils'
import ElementPlus from 'element-plus'
import { createPinia, setActivePinia, type Pinia } from 'pinia'
import { afterEach, beforeEach, expect, it, vi } from 'vitest'

import { metaFields, officeOverview, readinessCheck, type FieldDef, type Overview, type ReadinessReport } from '../api'
import { i18n } from '../i18n'
import { useImportStore } from '../stores/importer'
import { useNavStore } from '../stores/nav'
import OverviewView from './OverviewView.vue'

vi.mock('../api', async (importOriginal) => ({
  ...(await importOriginal<typeof import('../api')>()),
  officeOverview: vi.fn(),
  readinessCheck: vi.fn(),
  metaFields: vi.fn(),
}))

let pinia: Pinia
let missing: string[]

const field = (id: string, codes: [string, string, string][]): FieldDef =>
  ({ id, codes: codes.map(([code, zh, en]) => ({ code, zh, en })) }) as unknown as FieldDef

const overview: Overview = {
  datasets: 5,
  by_state: { draft: 3, submitted: 1, published: 1 },
  by_department: { 县民政局: 3, '': 2 },
  by_theme: { social_security: 3, education: 1, '': 1 },
  by_openness: { unconditional: 4, conditional: 1 },
  completeness: [0, 0, 0, 1, 2, 0, 0, 0, 1, 1],
  personal_unhandled: 2,
  not_scanned: 0,
  overdue: [{ dataset: 3, name: '低保名单', due: '2026-11-30', days_left: -7 }],
  due_soon: [{ dataset: 4, name: '学校名录', due: '2026-12-20', days_left: 13 }],
  published_by_month: {},
}

const reports: ReadinessReport[] = [
  {
    dataset: 3,
    name: '低保名单',
    findings: [
      { check: 'totals_rows', group: 'quality', severity: 'error', params: { rows: '2' } },
      { check: 'stale', group: 'timeliness', severity: 'warning', params: { due: '2026-11-30', days: '7' } },
    ],
  },
  { dataset: 4, name: '学校名录', findings: [{ check: 'totals_rows', group: 'quality', severity: 'error', params: { rows: '1' } }] },
  { dataset: 5, name: '村代码表', findings: [] },
]

beforeEach(() => {
  vi.resetAllMocks()
  pinia = createPinia()
  setActivePinia(pinia)
  i18n.global.locale.value = 'zh-CN'
  missing = []
  i18n.global.setMissingHandler((_locale, key) => {
    missing.push(key)
    return key
  })
  vi.mocked(officeOverview).mockResolvedValue(overview)
  vi.mocked(readinessCheck).mockResolvedValue(reports)
  vi.mocked(metaFields).mockResolvedValue([
    field('theme', [
      ['social_security', '社会保障', 'Social security'],
      ['education', '教育文化', 'Education'],
    ]),
    field('open_type', [
      ['unconditional', '无条件开放', 'Open'],
      ['conditional', '有条件开放', 'Conditional'],
    ]),
  ])
})

afterEach(() => {
  i18n.global.setMissingHandler(null)
  expect(missing, 'every message exists').toEqual([])
  document.body.innerHTML = ''
})

async function mountView() {
  const w = mount(OverviewView, { global: { plugins: [pinia, i18n, ElementPlus] }, attachTo: document.body })
  await flushPromises()
  return w
}

const bars = (w: Awaited<ReturnType<typeof mountView>>, chart: string) =>
  w.findAll(`[data-testid="${chart}-bar"]`).map((b) => b.attributes('aria-label'))

it('counts the office at a glance and lists the updates due', async () => {
  const w = await mountView()
  expect(w.get('[data-testid="overview-total"]').text()).toBe('5个数据集')
  expect(w.get('[data-testid="overview-overdue"]').text()).toBe('1个逾期未更新')
  expect(w.get('[data-testid="overview-personal"]').text()).toBe('2个有个人信息待处理')
  expect(w.get('[data-testid="overview-due-3"]').text()).toContain('应在 2026-11-30 更新，已逾期 7 天')
  expect(w.get('[data-testid="overview-due-4"]').text()).toContain('2026-12-20 到期，还有 13 天')
  expect(bars(w, 'chart-theme'), 'most first, codes named as the form names them').toEqual([
    '社会保障：3 个',
    '教育文化：1 个',
    '未填写：1 个',
  ])
  expect(bars(w, 'chart-state'), 'every state in order, zeros too').toEqual([
    '草稿：3 个',
    '已提交：1 个',
    '已退回：0 个',
    '已通过：0 个',
    '已发布：1 个',
  ])
  expect(bars(w, 'chart-completeness')).toHaveLength(10)
  expect(w.get('[data-testid="chart-published"]').text(), 'no publication: said').toContain('近 12 个月还没有发布')
})

it('each bar opens the dataset list narrowed to what it counts', async () => {
  const w = await mountView()
  const nav = useNavStore()
  await w.get('[data-testid="chart-theme-bar"][data-key="education"]').trigger('click')
  expect(nav.screen).toBe('datasets')
  expect(nav.listFilter).toEqual({ kind: 'theme', value: 'education' })
  await w.get('[data-testid="chart-completeness-bar"][data-key="4"]').trigger('click')
  expect(nav.listFilter).toEqual({ kind: 'completeness', value: 4 })
  expect(w.get('[data-testid="chart-completeness-bar"][data-key="0"]').attributes('disabled'), 'nothing to open').toBeDefined()
  await w.get('[data-testid="overview-overdue"]').trigger('click')
  expect(nav.listFilter).toEqual({ kind: 'overdue' })
})

it('imports the new version of a dataset due, into that dataset', async () => {
  const w = await mountView()
  await w.get('[data-testid="overview-import-3"]').trigger('click')
  const importer = useImportStore()
  expect([importer.visible, importer.into]).toEqual([true, '3'])
})

it('reads in English, and says what to do on an empty workspace', async () => {
  i18n.global.locale.value = 'en'
  const w = await mountView()
  expect(w.get('[data-testid="page-title"]').text()).toBe('Overview')
  expect(bars(w, 'chart-openness')).toEqual(['Open: 4', 'Conditional: 1'])
  expect(w.text(), 'no Chinese but names').not.toMatch(/[应逾期到]/)
  w.unmount()
  vi.mocked(officeOverview).mockResolvedValue({ ...overview, datasets: 0, overdue: [], due_soon: [] })
  const empty = await mountView()
  expect(empty.get('[data-testid="overview-empty"]').text()).toContain('No datasets yet')
})

it('lists what to fix by the index\'s groups, each check with its datasets, each opening', async () => {
  const w = await mountView()
  const panel = w.get('[data-testid="readiness"]')
  expect(panel.findAll('h3').map((h) => h.text()), 'only the groups with findings, in the index\'s order').toEqual(['数据质量', '时效性'])
  const totals = w.get('[data-testid="readiness-check-totals_rows"]')
  expect(totals.text()).toContain('必须改')
  expect(totals.text()).toContain('2 个数据集')
  expect(totals.text()).toContain('合计行会让使用者重复计算')
  expect(totals.text()).toContain('有 2 行合计、小计留在数据中')
  await w.get('[data-testid="readiness-open-4"]').trigger('click')
  expect(useNavStore().dataset).toBe('4')
})
