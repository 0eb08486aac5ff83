import { flushPromises, mount, type VueWrapper } from '@vue/test-utils'
import ElementPlus from 'element-plus'
import { createPinia, setActivePinia } from 'pinia'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { defineComponent, h } from 'vue'

import {
  datasetHistory,
  datasetPublications,
  portalList,
  publish,
  datasetRows,
  datasetShow,
  egressCheck,
  maskPreview,
  onSensitiveScanned,
  metaFields,
  metaGet,
  metaSet,
  policySet,
  reviewHistory,
  reviewDecisions,
  riskGet,
  riskSetReason,
  reviewSubmit,
  sensitiveGet,
  type ColumnInfo,
  type DatasetDetail,
  type DatasetStatus,
  type DataRow,
  type OutboxItem,
  type RowsQuery,
} from '../api'
import { FIELDS, metadata } from '../components/metadata/metaFixtures'
import { PORTAL, outboxItem } from '../components/publish/publishFixtures'
import { RETURN, SUBMIT, decisions } from '../components/review/reviewFixtures'
import { fakeWorkspace, report } from '../components/sensitive/sensitiveFixtures'
import { dispatchChanged } from '../changes'
import { i18n } from '../i18n'
import { useNavStore } from '../stores/nav'
import { usePublishStore } from '../stores/publish'
import { useSessionStore } from '../stores/session'
import DatasetView from './DatasetView.vue'

vi.mock('../api', async (importOriginal) => ({
  ...(await importOriginal<typeof import('../api')>()),
  datasetShow: vi.fn(),
  datasetRows: vi.fn(),
  metaFields: vi.fn(),
  metaGet: vi.fn(),
  metaSet: vi.fn(),
  sensitiveGet: vi.fn(),
  policySet: vi.fn(),
  maskPreview: vi.fn(),
  egressCheck: vi.fn(),
  onSensitiveScanned: vi.fn(),
  reviewHistory: vi.fn(),
  reviewSubmit: vi.fn(),
  reviewDecisions: vi.fn(),
  riskGet: vi.fn(),
  riskSetReason: vi.fn(),
  datasetHistory: vi.fn(),
  datasetPublications: vi.fn(),
  portalList: vi.fn(),
  publish: vi.fn(),
}))

// happy-dom lays nothing out, so the grid is given the size a window would give it.
const AutoResizer = defineComponent({
  name: 'ElAutoResizer',
  setup(_, { slots }) {
    return () => h('div', slots.default?.({ width: 1000, height: 400 }))
  },
})

const profile = (over: Partial<ColumnInfo['profile']> = {}): ColumnInfo['profile'] => ({
  non_empty: 1000,
  empty: 0,
  distinct: 1000,
  min: null,
  max: null,
  min_length: 2,
  max_length: 4,
  top_values: [],
  histogram: [],
  ...over,
})

const detail = (over: Partial<DatasetDetail> = {}): DatasetDetail => ({
  summary: {
    id: 7,
    name: '城关镇低保名单',
    status: 'submitted',
    version: 2,
    rows: 1000,
    columns: 3,
    source_name: '低保名单.xlsx',
    sheet: '2024年',
    updated_at: '2025-03-04T05:06:07Z',
    findings: 2,
    personal_columns: 1,
    personal_kept: 0,
    department: null,
    completeness: null,
    personal_unhandled: null,
  },
  version: 2,
  versions: [
    { version: 2, source_name: '低保名单.xlsx', sheet: '2024年', encoding: null, format: 'xlsx', rows: 1000, imported_at: '2025-03-04T05:06:07Z', imported_by: 'clerk' },
    { version: 1, source_name: '低保名单.xlsx', sheet: '2024年', encoding: null, format: 'xlsx', rows: 990, imported_at: '2025-02-01T05:06:07Z', imported_by: 'clerk' },
  ],
  columns: [
    { position: 0, name: '姓名', group: null, type: 'text', profile: profile() },
    {
      position: 1,
      name: '乡镇',
      group: '住址',
      type: 'text',
      profile: profile({
        distinct: 3,
        top_values: [
          { value: '城关镇', count: 600 },
          { value: '河西乡', count: 300 },
          { value: '东山乡', count: 100 },
        ],
      }),
    },
    {
      position: 2,
      name: '金额',
      group: '补贴',
      type: 'decimal',
      profile: profile({
        min: '100',
        max: '900',
        histogram: [
          { from: 100, to: 300, count: 200 },
          { from: 300, to: 500, count: 500 },
          { from: 500, to: 700, count: 250 },
          { from: 700, to: 900, count: 50 },
        ],
      }),
    },
  ],
  findings: [
    { kind: 'surrounding_spaces', column: 0, count: 12, rows: [5, 9, 14, 20, 33], data_rows: [2, 6, 11, 17, 30] },
    { kind: 'blank_rows', column: null, count: 2, rows: [40, 41], data_rows: [null, null] },
  ],
  notes: {
    title_rows: [{ row: 1, text: '城关镇低保名单' }],
    header_rows: [2, 3],
    notes_rows: [{ row: 1004, text: '制表人：王五' }],
    dropped_cells: 0,
  },
  changes: {
    previous_version: 1,
    rows_before: 990,
    rows_after: 1000,
    rows_added: 15,
    rows_removed: 5,
    rows_changed: 7,
    key_column: '身份证号',
    columns_added: ['金额'],
    columns_removed: [],
  },
  ...over,
})

/** Serves a 1,000-row table; a filter keeps every tenth row. */
function serveRows(): void {
  vi.mocked(datasetRows).mockImplementation(async (_dataset, q: RowsQuery) => {
    const total = q.filter ? 100 : 1000
    const count = Math.max(0, Math.min(q.limit, total - q.offset))
    const rows: DataRow[] = Array.from({ length: count }, (_, i) => {
      const n = q.offset + i
      return { row: n + 1, source_row: n + 4, cells: [`居民${n}`, n % 2 ? '河西乡' : null, String(100 + n)] }
    })
    return { total, offset: q.offset, rows }
  })
}

let wrapper: VueWrapper | null = null
let missing: string[]

beforeEach(() => {
  vi.resetAllMocks()
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] })
  setActivePinia(createPinia())
  i18n.global.locale.value = 'zh-CN'
  missing = []
  i18n.global.setMissingHandler((_locale, key) => {
    missing.push(key)
    return key
  })
  vi.mocked(datasetShow).mockResolvedValue(detail())
  vi.mocked(metaFields).mockResolvedValue(FIELDS)
  vi.mocked(metaGet).mockResolvedValue(metadata())
  vi.mocked(reviewHistory).mockResolvedValue([])
  vi.mocked(reviewDecisions).mockResolvedValue(decisions())
  vi.mocked(datasetHistory).mockResolvedValue([])
  vi.mocked(datasetPublications).mockResolvedValue([])
  vi.mocked(portalList).mockResolvedValue([PORTAL])
  vi.mocked(egressCheck).mockResolvedValue({ dataset: 7, version: 2, rows_checked: 1000, blocking: [] })
  vi.mocked(onSensitiveScanned).mockResolvedValue(() => {})
  useSessionStore().user = { name: '张三', clerk: true, steward: false, has_passphrase: true, fingerprint: null }
  serveRows()
})

afterEach(() => {
  wrapper?.unmount()
  wrapper = null
  vi.useRealTimers()
  i18n.global.setMissingHandler(null)
  document.body.innerHTML = ''
  expect(missing, 'every message the view uses exists').toEqual([])
})

async function mountView(): Promise<VueWrapper> {
  wrapper = mount(DatasetView, {
    props: { dataset: '7' },
    global: { plugins: [i18n, ElementPlus], stubs: { ElAutoResizer: AutoResizer } },
    attachTo: document.body,
  })
  await flushPromises()
  await flushPromises()
  return wrapper
}

const rowsQueries = () => vi.mocked(datasetRows).mock.calls.map(([, q]) => q)
const headers = (w: VueWrapper) => w.findAll('[data-testid="grid-header"]')

describe('the dataset view', () => {
  it('shows the name, status and versions, and its six tabs', async () => {
    const w = await mountView()
    expect(datasetShow).toHaveBeenCalledWith('7', null)
    expect(w.get('[data-testid="dataset-title"]').text()).toBe('城关镇低保名单')
    expect(w.get('[data-testid="dataset-view"] [data-testid="status-chip"]').text()).toBe('已提交')
    expect(w.findAll('.el-tabs__item').map((t) => t.text())).toEqual(['数据', '清洗', '元数据', '敏感字段', '重识别风险', '审核记录'])
  })

  it('renders the columns, the total and the first rows as text', async () => {
    const w = await mountView()
    expect(headers(w).map((h) => h.text())).toEqual(['姓名', '乡镇', '金额'])
    expect(w.get('[data-testid="dataset-total"]').text()).toBe('1000')
    expect(rowsQueries()[0]).toEqual({
      version: 2,
      offset: 0,
      limit: 200,
      sort: null,
      descending: false,
      filter: null,
      filter_column: null,
    })
    const grid = w.get('[data-testid="grid"]')
    expect(grid.text()).toContain('居民0')
    expect(grid.text()).toContain('河西乡')
    expect(grid.text(), 'the type is shown under the name').toContain('小数')
    const first = grid.find('[data-testid="grid-row-number"]')
    expect(first.text(), 'data rows, numbered as the import check names them').toBe('1')
    expect(first.attributes('title'), 'the source row in the tooltip').toBe('在源文件中是第 4 行')
    expect(datasetRows, 'a 1,000-row table needs one page to fill the screen').toHaveBeenCalledTimes(1)
  })

  it('sorts on the server when a header is clicked: ascending, descending, then none', async () => {
    const w = await mountView()
    const click = async () => {
      await headers(w)[2]?.trigger('click')
      await flushPromises()
    }
    await click()
    expect(rowsQueries().at(-1)).toMatchObject({ offset: 0, sort: 2, descending: false })
    await click()
    expect(rowsQueries().at(-1)).toMatchObject({ offset: 0, sort: 2, descending: true })
    await click()
    expect(rowsQueries().at(-1)).toMatchObject({ offset: 0, sort: null, descending: false })
  })

  it('filters on the server 300 ms after typing stops, and shows the matching count', async () => {
    const w = await mountView()
    await w.get('input[data-testid="grid-filter"]').setValue('城')
    vi.advanceTimersByTime(100)
    await w.get('input[data-testid="grid-filter"]').setValue('城关')
    vi.advanceTimersByTime(299)
    await flushPromises()
    expect(rowsQueries().some((q) => q.filter !== null), 'not while typing').toBe(false)
    vi.advanceTimersByTime(1)
    await flushPromises()
    expect(rowsQueries().filter((q) => q.filter !== null)).toEqual([
      { version: 2, offset: 0, limit: 200, sort: null, descending: false, filter: '城关', filter_column: null },
    ])
    expect(w.get('[data-testid="dataset-total"]').text()).toBe('100')
    expect(w.text()).toContain('找到 100 行，共 1,000 行')
  })

  it('profiles the selected column: top values as bars and a histogram', async () => {
    const w = await mountView()
    const panel = () => w.get('[data-testid="profile-panel"]')
    expect(panel().get('[data-testid="profile-type"]').text(), 'the first column is selected').toBe('文本')
    await headers(w)[1]?.trigger('click')
    const top = panel().findAll('.profile__top-row')
    expect(top.map((r) => r.get('.profile__top-value').text())).toEqual(['城关镇', '河西乡', '东山乡'])
    expect(top.map((r) => (r.get('.profile__top-bar').element as HTMLElement).style.width)).toEqual(['100%', '50%', '16.666666666666664%'])
    await headers(w)[2]?.trigger('click')
    const bars = panel().findAll('[data-testid="profile-histogram"] .profile__bar')
    expect(bars.map((b) => (b.element as HTMLElement).style.height)).toEqual(['40%', '100%', '50%', '10%'])
    expect(panel().text()).toContain('900')
  })

  it('lists the findings in words, the rows left out and the changes since the last version', async () => {
    const w = await mountView()
    const findings = w.get('[data-testid="findings"]')
    const items = findings.findAll('[data-testid="finding"]')
    // Rows as the grid numbers them, the source rows in the tooltip; blank rows
    // are in no grid, so by their place in the file.
    expect(items.map((f) => f.text())).toEqual([
      '列“姓名”：有 12 个值前后带空格（第 2、6、11、17、30 行等）',
      '表格中的 2 个空行已略去（源文件第 40、41 行）',
    ])
    expect(items[0]?.attributes('title')).toBe('在源文件中是第 5、9、14、20、33 行')
    const leftOut = findings.findAll('[data-testid="left-out-row"]').map((r) => r.text())
    expect(leftOut[0]).toContain('源文件第 1 行')
    expect(leftOut[0]).toContain('城关镇低保名单')
    expect(leftOut[1]).toContain('制表人：王五')
    expect(findings.get('[data-testid="changes"]').text()).toContain('新增 15 行，删除 5 行，修改 7 行')
    expect(findings.get('[data-testid="findings-summary"]').text()).toContain('2 个数据质量问题')
  })

  it('shows another version when chosen, and goes back to the list', async () => {
    const w = await mountView()
    vi.mocked(datasetShow).mockResolvedValue(detail({ version: 1, changes: null }))
    w.findAllComponents({ name: 'ElSelect' })
      .find((s) => s.attributes('data-testid') === 'dataset-version')
      ?.vm.$emit('update:modelValue', 1)
    await flushPromises()
    await flushPromises()
    expect(datasetShow).toHaveBeenLastCalledWith('7', 1)
    expect(rowsQueries().at(-1)).toMatchObject({ version: 1, offset: 0 })
    useNavStore().openDataset(7)
    await w.get('[data-testid="dataset-back"]').trigger('click')
    expect(useNavStore().dataset).toBeNull()
  })

  it('explains a dataset that is gone', async () => {
    vi.mocked(datasetShow).mockRejectedValue({ code: 'dataset_not_found', message: 'no dataset 7', params: { dataset: '7' } })
    const w = await mountView()
    expect(w.get('[data-testid="error-message"]').text()).toContain('找不到数据集“7”')
  })
})

describe('the sensitive tab', { timeout: 30000 }, () => {
  it('shows the findings of the latest version, and the status a choice leaves the dataset in', async () => {
    const workspace = fakeWorkspace(1000)
    vi.mocked(sensitiveGet).mockResolvedValue(report({ rows_scanned: 1000 }))
    vi.mocked(maskPreview).mockImplementation(async (_d, offset, limit) => workspace.preview(offset, limit))
    vi.mocked(policySet).mockImplementation(async (_d, position, op, reason = null) => workspace.set(position, op, reason))
    const w = await mountView()
    expect(sensitiveGet, 'not before the tab is shown').not.toHaveBeenCalled()
    await w.get('[data-testid="tab-sensitive"]').trigger('click')
    await flushPromises()
    expect(sensitiveGet).toHaveBeenCalledWith('7')
    expect(w.get('[data-testid="sensitive-row-2"]').attributes('data-category')).toBe('id_card')
    expect(w.get('[data-testid="sensitive-scanned"]').text(), 'the sample of a 1,000-row table is all of it').toContain(
      '检查了全部 1,000 行',
    )
    expect(egressCheck, 'the egress gate runs when the tab opens').toHaveBeenCalledWith('7')
    expect(w.get('[data-testid="egress-panel"]').attributes('data-state')).toBe('clear')

    // The dataset was submitted: a masking choice withdraws the submission, so
    // it is asked first; not going ahead saves nothing.
    const choose = async (op: string) => {
      w.findAllComponents({ name: 'ElSelect' })
        .find((s) => s.attributes('data-testid') === 'operator-1')
        ?.vm.$emit('update:modelValue', op)
      await flushPromises()
    }
    const answer = async (text: string) => {
      // The last one asked (an answered box may still be fading out).
      const box = [...document.querySelectorAll('.withdraw-confirm')].at(-1)
      expect(box?.textContent).toContain('现在修改会撤回提交')
      ;[...(box?.querySelectorAll<HTMLElement>('.el-message-box__btns button') ?? [])]
        .find((b) => b.textContent?.trim() === text)
        ?.click()
      await flushPromises()
    }
    await choose('drop')
    await answer('不修改')
    expect(policySet, 'nothing saved').not.toHaveBeenCalled()
    expect(w.get('[data-testid="dataset-view"] [data-testid="status-chip"]').text()).toBe('已提交')

    vi.mocked(datasetShow).mockResolvedValue(detail({ summary: { ...detail().summary, status: 'draft' } }))
    await choose('drop')
    await answer('继续修改')
    expect(policySet).toHaveBeenCalledWith('7', 1, 'drop', null)
    expect(w.get('[data-testid="dataset-view"] [data-testid="status-chip"]').text()).toBe('草稿')
    expect(document.body.textContent, 'the change of status is said').toContain('已撤回提交，“城关镇低保名单”回到草稿状态')
  })
})

// Slow in happy-dom: both tabs are mounted, and popper-based fields slow down as the page grows.
describe('unsaved metadata', { timeout: 30000 }, () => {
  const $$ = (selector: string) => [...document.querySelectorAll<HTMLElement>(selector)]
  const activeTab = (w: VueWrapper) => w.get('.el-tabs__item.is-active').text()
  const title = (w: VueWrapper) => w.get<HTMLInputElement>('[data-testid="meta-field-title"] input')
  // The newest box: one that was answered may linger in happy-dom, which runs no transitions.
  const box = () => $$('.el-message-box').at(-1)
  const answer = async (text: string) => {
    ;[...(box()?.querySelectorAll<HTMLElement>('.el-message-box__btns button') ?? [])]
      .find((b) => b.textContent?.trim() === text)
      ?.click()
    await flushPromises()
  }

  async function editTitle(): Promise<VueWrapper> {
    // A draft: saving it asks nothing more than the unsaved-edits question.
    vi.mocked(datasetShow).mockResolvedValue(withStatus('draft'))
    const w = await mountView()
    await w.get('[data-testid="tab-metadata"]').trigger('click')
    await flushPromises()
    expect(activeTab(w)).toBe('元数据')
    await title(w).setValue('城关镇低保名单（2024）')
    return w
  }

  it('asks before another tab is shown, and discards the edits when told not to save', async () => {
    const w = await editTitle()
    await w.get('[data-testid="tab-data"]').trigger('click')
    await flushPromises()
    expect(box()?.textContent, 'the user is asked').toContain('有 1 项修改尚未保存')
    expect(activeTab(w), 'not before the answer').toBe('元数据')
    await answer('不保存')
    expect(activeTab(w)).toBe('数据')
    expect(metaSet).not.toHaveBeenCalled()
    await w.get('[data-testid="tab-metadata"]').trigger('click')
    await flushPromises()
    expect(title(w).element.value, 'the edit is gone').toBe('城关镇低保名单')
  })

  it('saves first when told to, then shows the other tab and the new name', async () => {
    const w = await editTitle()
    vi.mocked(metaSet).mockResolvedValue(metadata({ values: { title: '城关镇低保名单（2024）' } }))
    await w.get('[data-testid="tab-data"]').trigger('click')
    await flushPromises()
    await answer('保存')
    expect(metaSet).toHaveBeenCalledWith('7', { title: '城关镇低保名单（2024）' })
    expect(activeTab(w)).toBe('数据')
    expect(w.get('[data-testid="dataset-title"]').text(), 'the saved title is the name').toBe('城关镇低保名单（2024）')
  })

  it('stays on the form when saving fails or the question is closed', async () => {
    const nav = useNavStore()
    nav.openDataset(7)
    const w = await editTitle()
    vi.mocked(metaSet).mockRejectedValue({
      code: 'metadata_invalid',
      message: 'invalid',
      params: { field: 'title', problem: 'too_long', detail: '100', count: '1' },
    })
    await w.get('[data-testid="tab-data"]').trigger('click')
    await flushPromises()
    await answer('保存')
    expect(activeTab(w), 'a refused save keeps the user here to correct it').toBe('元数据')
    expect(w.get('[data-field="title"] [data-testid="meta-problem"]').text()).toBe('“数据集名称”过长（最多 100 个字）')

    const leaving = nav.closeDataset()
    await flushPromises()
    expect(box()?.textContent, 'leaving the dataset asks too').toContain('有 1 项修改尚未保存')
    box()?.querySelector<HTMLElement>('.el-message-box__headerbtn')?.click()
    await flushPromises()
    await expect(leaving).resolves.toBe(false)
    expect(nav.dataset, 'closing the question stays').toBe('7')
  })
})

/** Submits: the button, then the summary's confirmation. */
async function submitAndConfirm(w: VueWrapper): Promise<void> {
  await w.get('[data-testid="submit-dataset"]').trigger('click')
  await flushPromises()
  $('[data-testid="submit-confirm"]')?.click()
  await flushPromises()
}

const withStatus = (status: DatasetStatus) => detail({ summary: { ...detail().summary, status } })
const $ = (selector: string) => document.querySelector<HTMLElement>(selector)

// Slow in happy-dom where the metadata tab is shown (see 'unsaved metadata').
describe('submitting for review', { timeout: 30000 }, () => {
  it('offers a clerk to submit a draft, and shows the status it is then in', async () => {
    vi.mocked(datasetShow).mockResolvedValue(withStatus('draft'))
    vi.mocked(reviewSubmit).mockResolvedValue('hash')
    const w = await mountView()
    expect(w.get('[data-testid="dataset-view"] [data-testid="status-chip"]').text()).toBe('草稿')
    vi.mocked(datasetShow).mockResolvedValue(withStatus('submitted'))
    vi.mocked(reviewHistory).mockResolvedValue([SUBMIT])
    await submitAndConfirm(w)
    expect(reviewSubmit).toHaveBeenCalledWith('7')
    expect(w.get('[data-testid="dataset-view"] [data-testid="status-chip"]').text()).toBe('已提交')
    expect(w.find('[data-testid="submit-dataset"]').exists(), 'submitted once is enough').toBe(false)
  })

  it('offers no submit button to a steward who is not a clerk, nor on an approved dataset', async () => {
    useSessionStore().user = { name: '李四', clerk: false, steward: true, has_passphrase: true, fingerprint: null }
    vi.mocked(datasetShow).mockResolvedValue(withStatus('draft'))
    const w = await mountView()
    expect(w.find('[data-testid="submit-dataset"]').exists()).toBe(false)
    w.unmount()
    wrapper = null
    useSessionStore().user = { name: '张三', clerk: true, steward: false, has_passphrase: true, fingerprint: null }
    vi.mocked(datasetShow).mockResolvedValue(withStatus('approved'))
    const again = await mountView()
    expect(again.find('[data-testid="submit-dataset"]').exists()).toBe(false)
  })

  it('explains incomplete metadata and leads to the metadata tab', async () => {
    vi.mocked(datasetShow).mockResolvedValue(withStatus('draft'))
    vi.mocked(reviewSubmit).mockRejectedValue({ code: 'review_metadata_incomplete', message: 'x', params: { count: '4' } })
    const w = await mountView()
    await submitAndConfirm(w)
    expect(w.get('[data-testid="error-message"]').text()).toContain('元数据还有 4 处需要补全或改正')
    expect(w.find('[data-testid="submit-go-sensitive"]').exists()).toBe(false)
    await w.get('[data-testid="submit-go-metadata"]').trigger('click')
    await flushPromises()
    expect(w.get('.el-tabs__item.is-active').text()).toBe('元数据')
  })

  it('asks for a reason when the smallest group is below the office’s k, and records it before submitting', async () => {
    vi.mocked(datasetShow).mockResolvedValue(withStatus('draft'))
    vi.mocked(reviewSubmit).mockResolvedValue('hash')
    const report = {
      rows: 4,
      quasi: ['身份证号', '家庭住址'],
      office_k: 5,
      k: 1,
      groups: 4,
      at_risk: 4,
      max_risk: 1,
      avg_risk: 1,
      unique_share: 1,
      group_sizes: [[1, 4]] as [number, number][],
      combinations: [],
      diversity: null,
    }
    const plan = { dataset: 7, rows: 4, quasi: report.quasi, office_k: 5, k_before: 1, at_risk_before: 4, k_after: 4, at_risk_after: 4, steps: [], suppressed_cells: 0 }
    vi.mocked(riskGet).mockResolvedValue({ report, plan, policy: null, columns: [], rules: [], suppressed_cells: 0 })
    vi.mocked(riskSetReason).mockImplementation(async () => ({ report, plan, policy: null, columns: [], rules: [], suppressed_cells: 0 }))
    const w = await mountView()
    await w.get('[data-testid="submit-dataset"]').trigger('click')
    await flushPromises()
    expect($('[data-testid="submit-risk"]')?.textContent).toContain('最小组只有 1 人，低于本单位的 k（5）')
    expect($('[data-testid="submit-confirm"]')?.hasAttribute('disabled'), 'no reason, no submission').toBe(true)
    const box = $('[data-testid="submit-risk-reason"]') as HTMLTextAreaElement
    box.value = '低保名单依规公示'
    box.dispatchEvent(new Event('input'))
    await flushPromises()
    $('[data-testid="submit-confirm"]')?.click()
    await flushPromises()
    expect(riskSetReason).toHaveBeenCalledWith('7', '低保名单依规公示')
    expect(reviewSubmit).toHaveBeenCalledWith('7')
    expect(vi.mocked(riskSetReason).mock.invocationCallOrder[0] ?? 0).toBeLessThan(vi.mocked(reviewSubmit).mock.invocationCallOrder[0] ?? 0)
  })

  it('explains unhandled personal data and leads to the sensitive tab', async () => {
    vi.mocked(datasetShow).mockResolvedValue(withStatus('returned'))
    vi.mocked(sensitiveGet).mockResolvedValue(report())
    vi.mocked(maskPreview).mockImplementation(async (_d, offset, limit) => fakeWorkspace(1000).preview(offset, limit))
    vi.mocked(reviewSubmit).mockRejectedValue({ code: 'review_personal_data_unhandled', message: 'x', params: {} })
    const w = await mountView()
    await submitAndConfirm(w)
    expect(w.get('[data-testid="error-message"]').text()).toContain('敏感字段')
    await w.get('[data-testid="submit-go-sensitive"]').trigger('click')
    await flushPromises()
    expect(w.get('.el-tabs__item.is-active').text()).toBe('敏感字段')
  })
})

describe('a returned dataset', { timeout: 30000 }, () => {
  beforeEach(() => {
    vi.mocked(datasetShow).mockResolvedValue(withStatus('returned'))
    vi.mocked(reviewHistory).mockResolvedValue([SUBMIT, RETURN])
  })

  it('shows the steward’s comment, who returned it and when, above the tabs', async () => {
    const w = await mountView()
    expect(reviewHistory).toHaveBeenCalledWith('7')
    const banner = w.get('[data-testid="returned-banner"]')
    expect(banner.text()).toContain('李四 于')
    expect(banner.text()).toContain('退回了这个数据集')
    expect(banner.get('[data-testid="returned-comment"]').text()).toBe('摘要过于简单，请补充统计口径。')
    expect(banner.text(), 'the targeted comments are pointed to').toContain('另有 3 条意见')
  })

  it('puts field comments next to the field, and column comments next to the column', async () => {
    vi.mocked(sensitiveGet).mockResolvedValue(report())
    vi.mocked(maskPreview).mockImplementation(async (_d, offset, limit) => fakeWorkspace(1000).preview(offset, limit))
    const w = await mountView()
    await w.get('[data-testid="tab-metadata"]').trigger('click')
    await flushPromises()
    expect(w.get('[data-testid="field-comment-description"]').text()).toBe('请说明数据来源')
    expect(w.findAll('[data-testid^="field-comment-"]'), 'a comment on an unknown field is not placed').toHaveLength(1)
    const row = w.get('[data-testid="dict-table"] tr[data-position="0"]')
    expect(row.get('[data-testid="column-comment-0"]').text()).toBe('姓名应遮盖')
    await w.get('[data-testid="tab-sensitive"]').trigger('click')
    await flushPromises()
    expect(w.get('[data-testid="sensitive-row-0"] [data-testid="column-comment-0"]').text()).toBe('姓名应遮盖')
  })

  it('shows no banner once submitted again', async () => {
    vi.mocked(datasetShow).mockResolvedValue(withStatus('submitted'))
    vi.mocked(reviewHistory).mockResolvedValue([SUBMIT, RETURN, { ...SUBMIT, at: '2025-03-07T00:00:00Z' }])
    const w = await mountView()
    expect(w.find('[data-testid="returned-banner"]').exists()).toBe(false)
    expect($('[data-testid^="field-comment-"]')).toBeNull()
  })
})

describe('the history tab', () => {
  it('shows a new entry once the desktop says the audit log grew for this dataset', async () => {
    vi.mocked(datasetShow).mockResolvedValue(withStatus('draft'))
    const entry = (seq: number, action: string) => ({
      seq,
      at: '2025-03-01T00:00:00Z',
      actor: '张三',
      source: 'desktop',
      action,
      detail: { version: 2, file: '人口.xlsx', rows: 1204, columns: 3 },
    })
    vi.mocked(datasetHistory).mockResolvedValue([entry(3, 'dataset.imported')])
    const w = await mountView()
    await w.get('[data-testid="tab-history"]').trigger('click')
    await flushPromises()
    expect(w.findAll('[data-testid="history-entry"]')).toHaveLength(1)
    vi.mocked(datasetHistory).mockResolvedValue([entry(3, 'dataset.imported'), entry(4, 'dataset.submitted')])
    await submitAndConfirm(w)
    expect(reviewSubmit).toHaveBeenCalledWith('7')
    dispatchChanged({ topics: ['review'], datasets: [8] })
    await flushPromises()
    expect(w.findAll('[data-testid="history-entry"]'), 'another dataset').toHaveLength(1)
    dispatchChanged({ topics: ['review'], datasets: [7] })
    await flushPromises()
    expect(w.findAll('[data-testid="history-entry"]')).toHaveLength(2)
  })

  it('tells what happened in plain words, with the review thread beside it', async () => {
    vi.mocked(reviewHistory).mockResolvedValue([SUBMIT, RETURN])
    vi.mocked(datasetHistory).mockResolvedValue([
      {
        seq: 3,
        at: '2025-03-01T00:00:00Z',
        actor: '张三',
        source: 'desktop',
        action: 'dataset.imported',
        detail: { version: 2, file: '人口.xlsx', rows: 1204, columns: 3 },
      },
      { seq: 5, at: '2025-03-02T00:00:00Z', actor: '张三', source: 'desktop', action: 'metadata.changed', detail: { fields: ['title', 'theme'] } },
      {
        seq: 6,
        at: '2025-03-02T01:00:00Z',
        actor: '张三',
        source: 'cli',
        action: 'policy.changed',
        detail: { column: 0, category: 'person_name', operator: 'keep', reason: '依法公示' },
      },
      { seq: 9, at: '2025-03-06T02:00:00Z', actor: '李四', source: 'bundle', action: 'dataset.returned', detail: { comments: 4 } },
      { seq: 10, at: '2025-03-06T03:00:00Z', actor: '李四', source: 'desktop', action: 'something.new', detail: {} },
    ])
    const w = await mountView()
    expect(datasetHistory, 'not before the tab is shown').not.toHaveBeenCalled()
    await w.get('[data-testid="tab-history"]').trigger('click')
    await flushPromises()
    expect(datasetHistory).toHaveBeenCalledWith('7')
    const entries = w.findAll('[data-testid="history-entry"]').map((e) => e.text().replace(/\s+/g, ' '))
    expect(entries).toEqual([
      '张三 导入了第 2 版，来自 人口.xlsx（1,204 行）',
      '张三 修改了元数据：数据集名称、数据领域',
      '张三 把列“姓名”的处理方式改为“原样保留”（通过命令行）理由：依法公示',
      '李四 退回了数据集（4 条意见）（通过审核包）',
      '李四：something.new',
    ])
    const thread = w.findAll('[data-testid="review-entry"]').map((e) => e.text())
    expect(thread[0], 'newest first').toContain('李四 退回了第 2 版')
    expect(thread[0]).toContain('摘要过于简单')
    expect(thread[0]).toContain('关于字段“摘要”： 请说明数据来源')
    expect(thread[0]).toContain('关于列“姓名”： 姓名应遮盖')
    expect(thread[1]).toContain('张三 提交了第 2 版')
  })
})

describe('publishing', { timeout: 30000 }, () => {
  const approved = () => detail({ summary: { ...detail().summary, status: 'approved' } })

  it('shows where the dataset is published, with the link to copy and the time', async () => {
    vi.mocked(datasetShow).mockResolvedValue(detail({ summary: { ...detail().summary, status: 'published' } }))
    vi.mocked(datasetPublications).mockResolvedValue([
      {
        portal: '省平台',
        package_id: 'a1b2',
        package_name: 'chengguan-dibao',
        url: 'https://data.example.gov.cn/dataset/chengguan-dibao',
        version: 2,
        published_at: '2025-03-05T02:00:00Z',
      },
    ])
    const w = await mountView()
    expect(datasetPublications).toHaveBeenCalledWith('7')
    const line = w.get('[data-testid="publication"]')
    expect(line.text()).toContain('已发布到 省平台')
    expect(line.text()).toContain('第 2 版')
    expect(w.get('[data-testid="publication-url"]').text()).toBe('https://data.example.gov.cn/dataset/chengguan-dibao')
    expect(w.find('[data-testid="publication-url-copy"]').exists(), 'copied, not opened').toBe(true)
    expect(w.find('[data-testid="publish-dataset"]').exists(), 'nothing to publish again').toBe(false)
  })

  it('publishes an approved dataset after confirmation, then follows it to published', async () => {
    vi.mocked(datasetShow).mockResolvedValue(approved())
    vi.mocked(publish).mockResolvedValue([outboxItem({ id: 9, dataset: 7, state: 'queued' })])
    const store = usePublishStore()
    const w = await mountView()
    await w.get('[data-testid="publish-dataset"]').trigger('click')
    await flushPromises()
    expect(document.querySelector('[data-testid="publish-confirm-message"]')?.textContent).toContain(
      '将把“城关镇低保名单”发布到门户“省平台”（https://data.example.gov.cn）',
    )
    expect(publish).not.toHaveBeenCalled()
    document.querySelector<HTMLElement>('[data-testid="publish-dataset-confirm"]')?.click()
    await flushPromises()
    expect(publish, 'this dataset (by id), to the only portal').toHaveBeenCalledWith([7], null)
    expect(w.get('[data-testid="publish-state"]').attributes('data-state')).toBe('queued')
    expect(w.find('[data-testid="publish-dataset"]').exists(), 'not queued twice').toBe(false)

    // The worker publishes it: the status and the link follow without a reload.
    const emit: (item: OutboxItem) => void = store.apply
    vi.mocked(datasetShow).mockResolvedValue(detail({ summary: { ...detail().summary, status: 'published' } }))
    vi.mocked(datasetPublications).mockResolvedValue([
      { portal: '省平台', package_id: 'a', package_name: 'p', url: 'https://data.example.gov.cn/dataset/p', version: 2, published_at: '2025-03-05T02:00:00Z' },
    ])
    emit(outboxItem({ id: 9, dataset: 7, state: 'published', updated_at: '2025-03-01T08:05:00Z', url: 'https://data.example.gov.cn/dataset/p' }))
    await flushPromises()
    expect(w.get('[data-testid="status-chip"]').attributes('data-status')).toBe('published')
    expect(w.get('[data-testid="publication-url"]').text()).toBe('https://data.example.gov.cn/dataset/p')
  })

  it('lets a steward publish too, but not before a portal is set up', async () => {
    useSessionStore().user = { name: '李四', clerk: false, steward: true, has_passphrase: true, fingerprint: null }
    vi.mocked(datasetShow).mockResolvedValue(approved())
    vi.mocked(portalList).mockResolvedValue([])
    const w = await mountView()
    const button = w.get('[data-testid="publish-dataset"]')
    expect(button.attributes('disabled'), 'no portal, no publishing').toBeDefined()
  })

  it('explains a refusal in words', async () => {
    vi.mocked(datasetShow).mockResolvedValue(approved())
    vi.mocked(publish).mockRejectedValue({ code: 'publish_not_approved', message: 'x', params: { dataset: '城关镇低保名单' } })
    const w = await mountView()
    await w.get('[data-testid="publish-dataset"]').trigger('click')
    await flushPromises()
    document.querySelector<HTMLElement>('[data-testid="publish-dataset-confirm"]')?.click()
    await flushPromises()
    expect(w.get('[data-testid="error-message"]').text()).toContain('“城关镇低保名单”还没有审核通过，或审核通过后又被修改过')
  })
})
