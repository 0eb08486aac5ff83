import { flushPromises, mount, type VueWrapper } from '@vue/test-utils'
import ElementPlus from 'element-plus'
import { createPinia, setActivePinia } from 'pinia'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'

import {
  datasetList,
  onOutbox,
  outboxList,
  outboxRetry,
  portalList,
  publish,
  type DatasetStatus,
  type DatasetSummary,
  type OutboxItem,
} from '../api'
import { dispatchChanged } from '../changes'
import { PORTAL, outboxItem } from '../components/publish/publishFixtures'
import { i18n } from '../i18n'
import { statusLine } from '../notify'
import { useNavStore } from '../stores/nav'
import { usePublishStore } from '../stores/publish'
import PublishView from './PublishView.vue'

vi.mock('../api', async (importOriginal) => ({
  ...(await importOriginal<typeof import('../api')>()),
  datasetList: vi.fn(),
  portalList: vi.fn(),
  outboxList: vi.fn(),
  outboxRetry: vi.fn(),
  publish: vi.fn(),
  onOutbox: vi.fn(),
  catalogBaseUrl: vi.fn(),
}))

let wrapper: VueWrapper | null = null
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
  vi.mocked(datasetList).mockResolvedValue([
    summary(7, '城关镇低保名单', 'approved'),
    summary(8, '养老机构名录', 'approved'),
    summary(9, '河西乡名单', 'draft'),
    summary(10, '东山乡名单', 'published'),
  ])
  vi.mocked(portalList).mockResolvedValue([PORTAL])
  vi.mocked(outboxList).mockResolvedValue([])
  vi.mocked(onOutbox).mockResolvedValue(() => {})
})

afterEach(() => {
  wrapper?.unmount()
  wrapper = null
  i18n.global.setMissingHandler(null)
  document.body.innerHTML = ''
  expect(missing, 'every message the screen uses exists').toEqual([])
})

async function mountView(): Promise<VueWrapper> {
  wrapper = mount(PublishView, { global: { plugins: [i18n, ElementPlus] }, attachTo: document.body })
  await flushPromises()
  return wrapper
}

const $ = (selector: string) => document.querySelector<HTMLElement>(selector)
const row = (w: VueWrapper, dataset: number) => w.get(`[data-testid="outbox-row-${dataset}"]`)

describe('publish all approved', () => {
  it('counts the approved datasets, and publishes them all after a confirmation naming the portal', async () => {
    vi.mocked(publish).mockResolvedValue([
      outboxItem({ id: 1, dataset: 7 }),
      outboxItem({ id: 2, dataset: 8, name: '养老机构名录' }),
    ])
    const w = await mountView()
    const button = w.get('[data-testid="publish-all"]')
    expect(button.text()).toBe('发布全部已审核（2）')
    expect(button.attributes('disabled'), 'there is something to publish and a portal').toBeUndefined()
    expect(w.get('[data-testid="publish-ready"]').text()).toContain('养老机构名录')
    expect(w.get('[data-testid="publish-ready"]').text(), 'a draft is not offered').not.toContain('河西乡名单')

    await button.trigger('click')
    await flushPromises()
    expect(publish, 'nothing is published before the confirmation').not.toHaveBeenCalled()
    expect($('[data-testid="publish-confirm-message"]')?.textContent).toBe(
      '将把 2 个已审核通过的数据集发布到门户“省平台”（https://data.example.gov.cn）。发布后，公众即可在门户上看到这些数据。',
    )
    expect($('[data-testid="publish-portal"]'), 'with one portal there is nothing to choose').toBeNull()
    $('[data-testid="publish-all-confirm"]')?.click()
    await flushPromises()
    expect(publish, 'all approved, to the only portal').toHaveBeenCalledWith(null, null)
    expect(w.findComponent({ name: 'PublishConfirm' }).props('modelValue'), 'the dialog closes').toBe(false)
    expect($('[data-testid="publish-confirm-message"]')?.textContent, 'and its question is not rewritten to 0 as it fades').toContain(
      '将把 2 个已审核通过的数据集',
    )
    expect(document.body.textContent).toContain('已将 2 个数据集加入发布队列')
    expect(row(w, 7).attributes('data-state')).toBe('queued')
    expect(w.get('[data-testid="publish-all"]').text(), 'queued ones are no longer waiting').toBe('发布全部已审核（0）')
  })

  it('says that a dataset open on conditions goes as its catalogue entry only', async () => {
    vi.mocked(datasetList).mockResolvedValue([
      summary(7, '城关镇低保名单', 'approved'),
      { ...summary(8, '养老机构名录', 'approved'), open_type: 'conditional' },
    ])
    const w = await mountView()
    const notes = w.findAll('[data-testid="publish-catalogue-only"]')
    expect(notes).toHaveLength(1)
    expect(notes[0]?.text()).toContain('只发布目录信息和开放条件，数据留在本单位')
  })

  it('is disabled without a portal, saying so and leading to the settings', async () => {
    vi.mocked(portalList).mockResolvedValue([])
    const w = await mountView()
    expect(w.get('[data-testid="publish-all"]').attributes('disabled')).toBeDefined()
    expect(w.get('[data-testid="publish-no-portal"]').text()).toContain('还没有设置开放数据门户')
    await w.get('[data-testid="publish-go-settings"]').trigger('click')
    expect(useNavStore().screen).toBe('settings')
  })

  it('is disabled when nothing is approved, and says when datasets will appear', async () => {
    vi.mocked(datasetList).mockResolvedValue([summary(9, '河西乡名单', 'draft')])
    const w = await mountView()
    expect(w.get('[data-testid="publish-all"]').attributes('disabled')).toBeDefined()
    expect(w.get('[data-testid="publish-none-ready"]').text()).toContain('审核通过后会出现在这里')
  })

  it('lets the user choose among several portals, and sends the one chosen', async () => {
    vi.mocked(portalList).mockResolvedValue([PORTAL, { ...PORTAL, name: '市平台', url: 'https://city.example.gov.cn' }])
    vi.mocked(publish).mockResolvedValue([])
    const w = await mountView()
    await w.get('[data-testid="publish-all"]').trigger('click')
    await flushPromises()
    expect($('[data-testid="publish-portal"]'), 'a portal must be chosen').not.toBeNull()
    $('[data-testid="publish-all-confirm"]')?.click()
    await flushPromises()
    expect(publish).toHaveBeenCalledWith(null, '省平台')
  })

  it('explains a refusal in words', async () => {
    vi.mocked(publish).mockRejectedValue({ code: 'portal_token_missing', message: 'x', params: { portal: '省平台' } })
    const w = await mountView()
    await w.get('[data-testid="publish-all"]').trigger('click')
    await flushPromises()
    $('[data-testid="publish-all-confirm"]')?.click()
    await flushPromises()
    expect(w.get('[data-testid="error-message"]').text()).toContain('没有保存门户 省平台 的 API 令牌')
  })

  it('reads the approved datasets again when the desktop says one was published or approved', async () => {
    const w = await mountView()
    expect(w.get('[data-testid="publish-all"]').text()).toBe('发布全部已审核（2）')
    vi.mocked(datasetList).mockResolvedValue([
      summary(7, '城关镇低保名单', 'published'),
      summary(8, '养老机构名录', 'approved'),
      summary(9, '河西乡名单', 'approved'),
      summary(10, '东山乡名单', 'published'),
    ])
    dispatchChanged({ topics: ['users'], datasets: [] })
    await flushPromises()
    expect(w.get('[data-testid="publish-all"]').text(), 'another area').toBe('发布全部已审核（2）')
    dispatchChanged({ topics: ['publish', 'review'], datasets: [7, 9] })
    await flushPromises()
    expect(w.get('[data-testid="publish-all"]').text()).toBe('发布全部已审核（2）')
    expect(w.get('[data-testid="publish-ready"]').text()).toContain('河西乡名单')
    expect(w.get('[data-testid="publish-ready"]').text(), 'published: no longer offered').not.toContain('城关镇低保名单')
  })
})

describe('the outbox', () => {
  it('says what to do when nothing has been published', async () => {
    const w = await mountView()
    expect(w.get('[data-testid="outbox-empty"]').text()).toContain('还没有发布记录')
    expect(w.get('[data-testid="outbox-count-queued"]').text()).toBe('排队中 0')
  })

  it('shows each item’s state, attempts, error and next try, link, and a summary', async () => {
    const soon = new Date(Date.now() + 15 * 60_000).toISOString()
    vi.mocked(outboxList).mockResolvedValue([
      outboxItem({
        id: 4,
        dataset: 11,
        name: '学校名录',
        state: 'queued',
        attempts: 2,
        next_attempt_at: soon,
        error: { code: 'portal_unreachable', message: 'connect refused', params: { url: 'https://data.example.gov.cn' } },
      }),
      outboxItem({
        id: 3,
        dataset: 8,
        name: '养老机构名录',
        state: 'failed',
        attempts: 1,
        error: { code: 'portal_name_taken', message: 'taken', params: { name: 'yanglao' } },
      }),
      outboxItem({ id: 2, dataset: 12, name: '卫生室名录', state: 'uploading', attempts: 1 }),
      outboxItem({ id: 1, dataset: 10, name: '东山乡名单', state: 'published', attempts: 1, url: 'https://data.example.gov.cn/dataset/dongshan' }),
    ])
    const w = await mountView()
    expect(w.findAll('[data-testid^="outbox-row-"]').map((r) => r.attributes('data-state'))).toEqual([
      'queued',
      'failed',
      'uploading',
      'published',
    ])
    const queued = row(w, 11)
    expect(queued.get('[data-testid="outbox-state"]').text()).toBe('排队中')
    expect(queued.text()).toContain('已尝试 2 次')
    expect(queued.get('[data-testid="outbox-error"]').text()).toContain('无法连接 https://data.example.gov.cn')
    expect(queued.get('[data-testid="outbox-retry-at"]').text()).toMatch(/^将于 .*\d{1,2}:\d{2}.* 自动重试。$/)
    expect(queued.find('[data-testid="outbox-retry-4"]').exists(), 'a pending retry needs no button').toBe(false)

    const failed = row(w, 8)
    expect(failed.get('[data-testid="outbox-state"]').text()).toBe('失败')
    expect(failed.text()).toContain('门户上已有其他数据集使用名称“yanglao”')
    expect(failed.find('[data-testid="outbox-retry-3"]').exists()).toBe(true)

    expect(row(w, 12).get('[data-testid="outbox-state"]').text()).toBe('上传中')
    const published = row(w, 10)
    expect(published.get('[data-testid="outbox-state"]').text()).toBe('已发布')
    expect(published.get('[data-testid="outbox-url-1"]').text()).toBe('https://data.example.gov.cn/dataset/dongshan')
    expect(published.find('[data-testid="outbox-error"]').exists()).toBe(false)

    const counts = ['queued', 'uploading', 'published', 'failed'].map((s) => w.get(`[data-testid="outbox-count-${s}"]`).text())
    expect(counts).toEqual(['排队中 1', '上传中 1', '已发布 1', '失败 1'])
  })

  it('copies a portal link rather than opening a browser', async () => {
    const writeText = vi.fn().mockResolvedValue(undefined)
    Object.defineProperty(navigator, 'clipboard', { value: { writeText }, configurable: true })
    vi.mocked(outboxList).mockResolvedValue([
      outboxItem({ id: 1, state: 'published', url: 'https://data.example.gov.cn/dataset/dibao' }),
    ])
    const w = await mountView()
    await w.get('[data-testid="outbox-url-1-copy"]').trigger('click')
    await flushPromises()
    expect(writeText).toHaveBeenCalledWith('https://data.example.gov.cn/dataset/dibao')
    expect(statusLine.message, 'said in the status line, not a toast').toContain('地址已复制')
  })

  it('retries a failed item by its id', async () => {
    vi.mocked(outboxList).mockResolvedValue([
      outboxItem({ id: 3, dataset: 8, state: 'failed', attempts: 1, error: { code: 'portal_forbidden', message: 'x', params: { message: 'x' } } }),
    ])
    vi.mocked(outboxRetry).mockResolvedValue(
      outboxItem({ id: 3, dataset: 8, state: 'queued', attempts: 0, updated_at: '2025-03-01T09:00:00Z' }),
    )
    const w = await mountView()
    expect(row(w, 8).text(), 'a token problem leads to the settings').toContain('前往门户设置')
    await w.get('[data-testid="outbox-retry-3"]').trigger('click')
    await flushPromises()
    expect(outboxRetry).toHaveBeenCalledWith(3)
    expect(row(w, 8).attributes('data-state')).toBe('queued')
    expect(w.find('[data-testid="outbox-retry-3"]').exists()).toBe(false)
  })

  it('follows the worker’s events: a row changes state live', async () => {
    let emit: ((item: OutboxItem) => void) | undefined
    vi.mocked(onOutbox).mockImplementation(async (cb) => {
      emit = cb
      return () => {}
    })
    vi.mocked(outboxList).mockResolvedValue([outboxItem({ id: 5, dataset: 7, state: 'queued' })])
    await usePublishStore().start()
    const w = await mountView()
    expect(row(w, 7).attributes('data-state')).toBe('queued')

    emit?.(outboxItem({ id: 5, dataset: 7, state: 'uploading', attempts: 1, updated_at: '2025-03-01T08:00:01Z' }))
    await flushPromises()
    expect(row(w, 7).attributes('data-state')).toBe('uploading')
    expect(row(w, 7).get('[data-testid="outbox-state"]').text()).toBe('上传中')

    const approvedReads = vi.mocked(datasetList).mock.calls.length
    emit?.(
      outboxItem({
        id: 5,
        dataset: 7,
        state: 'published',
        attempts: 1,
        updated_at: '2025-03-01T08:00:02Z',
        url: 'https://data.example.gov.cn/dataset/dibao',
      }),
    )
    await flushPromises()
    expect(vi.mocked(datasetList).mock.calls.length, 'the outbox alone reads nothing').toBe(approvedReads)
    // The worker's `dataset.published` in the audit log, as the desktop reports it.
    dispatchChanged({ topics: ['datasets', 'review'], datasets: [7] })
    await flushPromises()
    expect(row(w, 7).attributes('data-state')).toBe('published')
    expect(row(w, 7).get('[data-testid="outbox-url-5"]').text()).toBe('https://data.example.gov.cn/dataset/dibao')
    expect(vi.mocked(datasetList).mock.calls.length, 'the approved count is read again').toBe(approvedReads + 1)

    emit?.(outboxItem({ id: 5, dataset: 7, state: 'uploading', updated_at: '2025-03-01T08:00:01Z' }))
    await flushPromises()
    expect(row(w, 7).attributes('data-state'), 'a late, older report changes nothing').toBe('published')
  })
})
