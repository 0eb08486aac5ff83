import { flushPromises, mount, type VueWrapper } from '@vue/test-utils'
import ElementPlus from 'element-plus'
import { createPinia, setActivePinia } from 'pinia'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'

import { bundleExport, bundleImport, datasetList, pickBundleFile, reviewQueue, type DatasetStatus, type DatasetSummary } from '../api'
import BundleReportDialog from '../components/bundles/BundleReportDialog.vue'
import { queueItem } from '../components/review/reviewFixtures'
import { i18n } from '../i18n'
import { useNavStore } from '../stores/nav'
import { useSessionStore } from '../stores/session'
import ReviewQueue from './ReviewQueue.vue'

vi.mock('../api', async (importOriginal) => ({
  ...(await importOriginal<typeof import('../api')>()),
  reviewQueue: vi.fn(),
  datasetList: vi.fn(),
  bundleExport: vi.fn(),
  bundleImport: vi.fn(),
  pickBundleFile: vi.fn(),
}))

let wrappers: VueWrapper[] = []
let missing: string[]

const summary = (id: number, name: string, status: DatasetStatus): DatasetSummary => ({
  id,
  name,
  status,
  version: 1,
  rows: 10,
  columns: 2,
  source_name: `${name}.xlsx`,
  sheet: null,
  updated_at: '2025-03-01T00:00:00Z',
  findings: 0,
  personal_columns: 0,
  personal_kept: 0,
  department: null,
  completeness: null,
  personal_unhandled: null,
})

beforeEach(() => {
  vi.resetAllMocks()
  setActivePinia(createPinia())
  i18n.global.locale.value = 'zh-CN'
  missing = []
  i18n.global.setMissingHandler((_locale, key) => {
    missing.push(key)
    return key
  })
  vi.mocked(reviewQueue).mockResolvedValue([
    queueItem(3, '养老机构名录', '2025-02-01T00:00:00Z'),
    queueItem(1, '城关镇低保名单', '2025-03-01T00:00:00Z'),
  ])
  vi.mocked(datasetList).mockResolvedValue([
    summary(1, '城关镇低保名单', 'approved'),
    summary(2, '河西乡名单', 'draft'),
    summary(3, '养老机构名录', 'returned'),
    summary(4, '东山乡名单', 'submitted'),
  ])
  useSessionStore().user = { name: '李四', clerk: false, steward: true, has_passphrase: true, fingerprint: null }
})

afterEach(() => {
  for (const w of wrappers) w.unmount()
  wrappers = []
  i18n.global.setMissingHandler(null)
  document.body.innerHTML = ''
  expect(missing, 'every message the screen uses exists').toEqual([])
})

async function mountQueue(): Promise<VueWrapper> {
  const options = { global: { plugins: [i18n, ElementPlus] }, attachTo: document.body }
  const w = mount(ReviewQueue, options)
  wrappers.push(w, mount(BundleReportDialog, options))
  await flushPromises()
  return w
}

const $ = (selector: string) => document.querySelector<HTMLElement>(selector)
const $$ = (selector: string) => [...document.querySelectorAll<HTMLElement>(selector)]

describe('the review queue', () => {
  it('lists the submissions in the order given (oldest first), and opens one for review', async () => {
    const w = await mountQueue()
    const names = w.findAll('[data-testid^="queue-item-"]').map((b) => [b.attributes('data-testid'), b.text()])
    expect(names).toEqual([
      ['queue-item-3', '养老机构名录'],
      ['queue-item-1', '城关镇低保名单'],
    ])
    expect(w.get('[data-testid="queue-list"]').text()).toContain('张三')
    await w.get('[data-testid="queue-item-1"]').trigger('click')
    expect(useNavStore().review).toBe('1')
    expect(useNavStore().screen).toBe('review')
  })

  it('says what to do when nothing is waiting', async () => {
    vi.mocked(reviewQueue).mockResolvedValue([])
    const w = await mountQueue()
    const empty = w.get('[data-testid="queue-empty"]').text()
    expect(empty).toContain('没有等待审核的数据集')
    expect(empty, 'bundles from another PC are the other way in').toContain('导入审核包')
  })

  it('tells a clerk who opens it that reviewing needs the steward role', async () => {
    useSessionStore().user = { name: '张三', clerk: true, steward: false, has_passphrase: true, fingerprint: null }
    const w = await mountQueue()
    expect(w.get('[data-testid="queue-not-steward"]').text()).toContain('当前用户 张三 没有审核人角色')
  })

  it('exports the decisions on the approved and returned datasets, as the steward ticks them', async () => {
    vi.mocked(bundleExport).mockResolvedValue('审核结果-2025-03-02.kaifang')
    const w = await mountQueue()
    await w.get('[data-testid="bundle-export"]').trigger('click')
    await flushPromises()
    const offered = $$('[data-testid^="decision-"]').map((c) => c.getAttribute('data-testid'))
    expect(offered, 'only decided datasets are offered, all ticked').toEqual(['decision-1', 'decision-3'])
    $('[data-testid="decision-3"] input')?.click()
    await flushPromises()
    $('[data-testid="decisions-export"]')?.click()
    await flushPromises()
    expect(bundleExport).toHaveBeenCalledWith([1], true)
    expect(document.body.textContent).toContain('审核包已保存为 审核结果-2025-03-02.kaifang')
  })

  it('imports a bundle chosen in the open dialog, shows each outcome, and reads the queue again', async () => {
    vi.mocked(pickBundleFile).mockResolvedValue({ token: 'b-2', file_name: '审核包.kaifang', size: 2048 })
    vi.mocked(bundleImport).mockResolvedValue({
      kind: 'decisions',
      items: [
        { dataset: 1, name: '城关镇低保名单', outcome: 'approved' },
        { dataset: 3, name: '养老机构名录', outcome: 'returned' },
      ],
    })
    const w = await mountQueue()
    await w.get('[data-testid="bundle-import"]').trigger('click')
    await flushPromises()
    expect(bundleImport).toHaveBeenCalledWith('b-2')
    const report = $('[data-testid="bundle-report"]')
    expect(report?.textContent).toContain('收到 2 个审核结果')
    expect($$('[data-testid="bundle-report-item"]').map((i) => i.getAttribute('data-outcome'))).toEqual(['approved', 'returned'])
    expect(report?.textContent).toContain('已退回，请查看审核意见')
    expect(reviewQueue).toHaveBeenCalledTimes(2)
  })

  it('changes nothing when the open dialog is cancelled, and explains a refused bundle', async () => {
    vi.mocked(pickBundleFile).mockResolvedValue(null)
    const w = await mountQueue()
    await w.get('[data-testid="bundle-import"]').trigger('click')
    await flushPromises()
    expect(bundleImport).not.toHaveBeenCalled()

    vi.mocked(pickBundleFile).mockResolvedValue({ token: 'b-3', file_name: '审核包.kaifang', size: 2048 })
    vi.mocked(bundleImport).mockRejectedValue({
      code: 'bundle_tampered',
      message: 'tampered',
      params: { file: '审核包.kaifang', member: 'data/x.csv' },
    })
    await w.get('[data-testid="bundle-import"]').trigger('click')
    await flushPromises()
    expect($('[data-testid="bundle-report"] [data-testid="error-message"]')?.textContent).toContain(
      '审核包 审核包.kaifang 中的“data/x.csv”与包内清单不符',
    )
  })
})
