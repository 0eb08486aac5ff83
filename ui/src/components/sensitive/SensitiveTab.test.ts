import { flushPromises, mount, type VueWrapper } from '@vue/test-utils'
import ElementPlus, { ElSelect } from 'element-plus'
import { createPinia, setActivePinia } from 'pinia'
import { afterEach, beforeEach, describe, expect, it, vi, type Mock } from 'vitest'

import {
  egressCheck,
  maskPreview,
  onSensitiveScanned,
  policySet,
  sensitiveGet,
  sensitiveScan,
  type GateReport,
  type ScanReport,
} from '../../api'
import { dispatchChanged } from '../../changes'
import { i18n } from '../../i18n'
import { statusLine } from '../../notify'
import SensitiveTab from './SensitiveTab.vue'
import { column, fakeWorkspace, report } from './sensitiveFixtures'

vi.mock('../../api', async (importOriginal) => ({
  ...(await importOriginal<typeof import('../../api')>()),
  sensitiveGet: vi.fn(),
  sensitiveScan: vi.fn(),
  policySet: vi.fn(),
  maskPreview: vi.fn(),
  egressCheck: vi.fn(),
  onSensitiveScanned: vi.fn(),
}))

let wrapper: VueWrapper | null = null
let missing: string[]
let workspace: ReturnType<typeof fakeWorkspace>
/** What the desktop's "whole table scanned" event reaches, as the tab registered it. */
let scanned: ((dataset: number) => void) | null
let unlisten: Mock<() => void>

/** What the desktop does after a command wrote to the audit log (`policy.changed`,
 * `sensitive.scanned`): a `changed` event about dataset 7, after the answer. */
function auditLogGrew(): void {
  void Promise.resolve().then(() => dispatchChanged({ topics: ['datasets', 'sensitive'], datasets: [7] }))
}

/** The gate's report on dataset 7: clear unless columns are given. */
function gate(blocking: GateReport['blocking'] = [], rows_checked = 45): GateReport {
  return { dataset: 7, version: 2, rows_checked, blocking }
}

/** 备注 still holds ID and phone numbers in the public copy. */
const NOTES_BLOCKED: GateReport['blocking'][number] = {
  position: 6,
  name: '备注',
  hits: 1500,
  categories: ['id_card', 'phone'],
  examples: [
    { row: 1501, category: 'id_card', masked: '110105********002X' },
    { row: 1502, category: 'phone', masked: '139****5678' },
  ],
  fixes: ['redact', 'drop'],
}

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
  workspace = fakeWorkspace(45)
  vi.mocked(sensitiveGet).mockResolvedValue(report())
  vi.mocked(maskPreview).mockImplementation(async (_dataset, offset, limit) => workspace.preview(offset, limit))
  vi.mocked(policySet).mockImplementation(async (_dataset, position, operator, reason = null) => {
    const saved = workspace.set(position, operator, reason)
    auditLogGrew()
    return saved
  })
  vi.mocked(egressCheck).mockResolvedValue(gate())
  scanned = null
  unlisten = vi.fn()
  vi.mocked(onSensitiveScanned).mockImplementation(async (cb) => {
    scanned = cb
    return unlisten
  })
})

afterEach(() => {
  wrapper?.unmount()
  wrapper = null
  vi.useRealTimers()
  i18n.global.setMissingHandler(null)
  document.body.innerHTML = ''
  expect(missing, 'every message the tab uses exists').toEqual([])
})

async function mountTab(totalRows = 45): Promise<VueWrapper> {
  wrapper = mount(SensitiveTab, {
    props: { dataset: '7', totalRows, shownVersion: 2 },
    global: { plugins: [i18n, ElementPlus] },
    attachTo: document.body,
  })
  await flushPromises()
  return wrapper
}

const $ = <E extends Element = HTMLElement>(selector: string) => document.querySelector<E>(selector)
const rowIds = (w: VueWrapper) => w.findAll('[data-testid^="sensitive-row-"]').map((r) => r.attributes('data-testid'))
const visible = (w: VueWrapper) =>
  w.findAll('[data-testid^="sensitive-row-"]').filter((r) => (r.element as HTMLElement).style.display !== 'none')

function operator(w: VueWrapper, position: number) {
  const found = w.findAllComponents(ElSelect).find((s) => s.attributes('data-testid') === `operator-${position}`)
  if (!found) throw new Error(`no operator picker for column ${position}`)
  return found
}

/** Opens a picker's list (rendered only while open) and returns its options. */
async function options(w: VueWrapper, position: number) {
  await operator(w, position).get('.el-select__wrapper').trigger('click')
  await flushPromises()
  return operator(w, position).findAllComponents({ name: 'ElOption' })
}

async function choose(w: VueWrapper, position: number, op: string): Promise<void> {
  operator(w, position).vm.$emit('update:modelValue', op)
  await flushPromises()
}

const reasonInput = () => $<HTMLTextAreaElement>('textarea[data-testid="reason-input"]')
async function typeReason(text: string): Promise<void> {
  const input = reasonInput()
  if (!input) throw new Error('no reason box')
  input.value = text
  input.dispatchEvent(new Event('input'))
  await flushPromises()
}
const dialogShown = () => {
  const dialog = $('[data-testid="reason-dialog"]')
  return !!dialog && (dialog.closest('.el-overlay') as HTMLElement | null)?.style.display !== 'none'
}
const text = (testid: string) => $(`[data-testid="${testid}"]`)?.textContent ?? null

describe('the findings', () => {
  it('list personal columns first, then public identifiers, free text and the rest, in words', async () => {
    const w = await mountTab()
    expect(sensitiveGet).toHaveBeenCalledWith('7')
    expect(rowIds(w), 'every column has its row, riskiest first').toEqual([
      'sensitive-row-1',
      'sensitive-row-2',
      'sensitive-row-3',
      'sensitive-row-4',
      'sensitive-row-7',
      'sensitive-row-6',
      'sensitive-row-0',
      'sensitive-row-5',
    ])
    const id = w.get('[data-testid="sensitive-row-2"]')
    expect(id.attributes('data-category')).toBe('id_card')
    expect(id.attributes('data-personal')).toBe('true')
    expect(id.get('[data-testid="finding-category"]').text()).toBe('身份证号')
    expect(id.get('[data-testid="finding-category"]').classes(), 'personal data in risk red').toContain('risk-tag--personal')
    expect(id.get('[data-testid="finding-who"]').text()).toBe('个人信息')
    expect(id.text()).toContain('100%')
    expect(id.text()).toContain('45/45 个值符合')
    expect(id.find('[data-testid="finding-header-hint"]').exists(), 'the header said so').toBe(true)
    expect(id.text(), 'examples are masked').toContain('110105********002X')

    const uscc = w.get('[data-testid="sensitive-row-7"]')
    expect(uscc.attributes('data-personal')).toBe('false')
    expect(uscc.get('[data-testid="finding-category"]').text()).toBe('统一社会信用代码')
    expect(uscc.get('[data-testid="finding-category"]').classes(), 'public identifiers in blue').toContain('risk-tag--public')
    expect(uscc.get('[data-testid="finding-who"]').text()).toBe('公开信息')

    const notes = w.get('[data-testid="sensitive-row-6"]')
    expect(notes.attributes('data-category')).toBe('none')
    expect(notes.get('[data-testid="finding-free-text"]').text()).toBe('自由文本：文中找到 2 处个人信息')
  })

  it('fold away the columns where nothing was found, keeping their rows in the page', async () => {
    const w = await mountTab()
    const amounts = w.get('[data-testid="sensitive-row-5"]')
    expect(amounts.attributes('data-category')).toBe('none')
    expect((amounts.element as HTMLElement).style.display, 'hidden, not removed').toBe('none')
    expect(visible(w)).toHaveLength(6)
    expect(w.text()).toContain('另有 2 列没有发现个人信息，已收起。')
    await w.get('[data-testid="sensitive-show-all"]').trigger('click')
    expect(visible(w)).toHaveLength(8)
    expect(amounts.get('[data-testid="finding-category"]').text()).toBe('非个人信息')
  })

  it('never say "nothing found" beside identifiers found inside text', async () => {
    vi.mocked(sensitiveGet).mockResolvedValue(
      report({ columns: [column(0, '序号'), column(1, '说明', { free_text: true, operator: 'redact' })], cell_hits: 500 }),
    )
    const w = await mountTab()
    expect(w.get('[data-testid="sensitive-summary"]').text()).toBe('文本中有 500 处个人信息')
  })

  it('say how much was scanned and when', async () => {
    vi.mocked(sensitiveGet).mockResolvedValue(report({ rows_scanned: 1000 }))
    const w = await mountTab(250_000)
    expect(w.get('[data-testid="sensitive-scanned"]').text()).toContain('检查了前 1,000 行')
    expect(w.get('[data-testid="sensitive-summary"]').text()).toBe('4 列含个人信息')
    wrapper?.unmount()
    vi.mocked(sensitiveGet).mockResolvedValue(report({ rows_scanned: 250_000, full: true }))
    const full = await mountTab(250_000)
    expect(full.get('[data-testid="sensitive-scanned"]').text()).toContain('检查了全部 250,000 行')
  })

  it('offer every operator with its explanation, only where it applies, and mark the default', async () => {
    const w = await mountTab()
    const id = await options(w, 2)
    expect(
      [...document.querySelectorAll<HTMLElement>('.operator-popper .el-select-dropdown__item')].map((li) => li.dataset.value),
      'each option in the teleported list names its operator',
    ).toEqual(['keep', 'mask', 'pseudonymize', 'generalize', 'redact', 'drop'])
    expect(id.map((o) => o.props('label'))).toEqual(['原样保留', '遮盖', '假名化', '泛化', '去除文中个人信息', '不公开'])
    expect(id.map((o) => o.props('disabled')), 'an ID has no coarser form and is no text').toEqual([
      false,
      false,
      false,
      true,
      true,
      false,
    ])
    expect(id[3]?.text(), 'says why generalizing is not offered').toContain('只适用于地址、出生日期和经纬度')
    expect(id[1]?.text(), 'mask shows the county convention').toContain('138****5678')
    expect(id[1]?.text(), 'the operator in force by default').toContain('默认')
    const notes = await options(w, 6)
    expect(notes[4]?.props('disabled'), 'free text can be redacted').toBe(false)
    expect(w.get('[data-testid="sensitive-row-2"] [data-testid="finding-origin"]').text()).toBe('默认')
  })
})

describe('choosing how a column goes public', () => {
  it('saves a choice with its position and refreshes the preview', async () => {
    const w = await mountTab()
    expect(text('preview-public-0-1')).toBe('张*')
    const previews = vi.mocked(maskPreview).mock.calls.length
    await choose(w, 1, 'pseudonymize')
    expect(policySet).toHaveBeenCalledWith('7', 1, 'pseudonymize', null)
    expect(vi.mocked(maskPreview).mock.calls.length, 'the preview is asked again').toBe(previews + 1)
    expect(vi.mocked(maskPreview).mock.lastCall).toEqual(['7', 0, 20])
    expect(text('preview-public-0-1')).toBe('P0A1B2C3D4E5F')
    expect(operator(w, 1).props('modelValue')).toBe('pseudonymize')
    expect(w.get('[data-testid="sensitive-row-1"] [data-testid="finding-origin"]').text()).toBe('已调整')
    expect(w.emitted('changed'), 'the dataset header refreshes its status').toHaveLength(1)
  })

  it('asks why a personal column is kept as is, and saves the reason', async () => {
    const w = await mountTab()
    await choose(w, 2, 'keep')
    expect(dialogShown(), 'the reason dialog opens').toBe(true)
    expect(policySet, 'nothing is saved without a reason').not.toHaveBeenCalled()
    expect($('[data-testid="reason-dialog"]')?.textContent).toContain('原样公开“身份证号”')
    expect($<HTMLButtonElement>('[data-testid="reason-save"]')?.disabled, 'a reason is required').toBe(true)
    await typeReason('  依据《社会救助暂行办法》须公示  ')
    $('[data-testid="reason-save"]')?.click()
    await flushPromises()
    expect(policySet).toHaveBeenCalledWith('7', 2, 'keep', '依据《社会救助暂行办法》须公示')
    expect(dialogShown()).toBe(false)
    expect(operator(w, 2).props('modelValue')).toBe('keep')
    expect(w.get('[data-testid="sensitive-row-2"] [data-testid="finding-reason"]').text()).toContain(
      '理由：依据《社会救助暂行办法》须公示',
    )
    expect(text('preview-public-0-2'), 'the preview shows the ID as is').toBe('11010519491231002X')
  })

  it('puts the picker back when the reason dialog is cancelled', async () => {
    const w = await mountTab()
    await choose(w, 2, 'keep')
    expect(operator(w, 2).props('modelValue'), 'the choice shows while asked').toBe('keep')
    $('[data-testid="reason-cancel"]')?.click()
    await flushPromises()
    expect(dialogShown()).toBe(false)
    expect(operator(w, 2).props('modelValue'), 'back to the operator in force').toBe('mask')
    expect(policySet).not.toHaveBeenCalled()
  })

  it('keeps a public column as is without asking', async () => {
    const w = await mountTab()
    await choose(w, 4, 'drop')
    await choose(w, 7, 'mask')
    await choose(w, 7, 'keep')
    expect(dialogShown()).toBe(false)
    expect(vi.mocked(policySet).mock.calls).toEqual([
      ['7', 4, 'drop', null],
      ['7', 7, 'mask', null],
      ['7', 7, 'keep', null],
    ])
  })

  it('shows a refused reason in words in the dialog, which stays open', async () => {
    const w = await mountTab()
    vi.mocked(policySet).mockRejectedValueOnce({
      code: 'policy_reason_required',
      message: 'column 身份证号 is personal data: keeping it as is needs a written reason',
      params: { column: '身份证号' },
    })
    await choose(w, 2, 'keep')
    await typeReason('公示')
    $('[data-testid="reason-save"]')?.click()
    await flushPromises()
    expect(dialogShown(), 'the clerk can correct the reason').toBe(true)
    expect($('[data-testid="reason-dialog"] [data-testid="error-message"]')?.textContent).toBe(
      '“身份证号”含个人信息：如需原样公开，请填写理由（如要求公示的法规条款）。',
    )
    expect(operator(w, 2).props('modelValue')).toBe('keep')
  })

  it('shows a refused choice in words on its row, with the operator by name, and reverts it', async () => {
    const w = await mountTab()
    vi.mocked(policySet).mockRejectedValueOnce({
      code: 'policy_operator_not_applicable',
      message: 'operator redact does not apply to column 姓名',
      params: { column: '姓名', operator: 'redact' },
    })
    await choose(w, 1, 'redact')
    const error = w.get('[data-testid="sensitive-row-1"] [data-testid="finding-error"]').text()
    expect(error).toContain('“姓名”不能使用“去除文中个人信息”')
    expect(error).not.toContain('redact')
    expect(operator(w, 1).props('modelValue')).toBe('mask')
    await choose(w, 1, 'drop')
    expect(w.find('[data-testid="sensitive-row-1"] [data-testid="finding-error"]').exists(), 'gone on the next choice').toBe(false)
  })

  it('changes the reason of a column already kept', async () => {
    const kept = report()
    kept.columns = kept.columns.map((c) => (c.position === 3 ? { ...c, operator: 'keep', chosen: true, reason: '办公电话' } : c))
    vi.mocked(sensitiveGet).mockResolvedValue(kept)
    const w = await mountTab()
    await w.get('[data-testid="sensitive-row-3"] [data-testid="finding-reason"] button').trigger('click')
    await flushPromises()
    expect(reasonInput()?.value, 'the reason given is there to change').toBe('办公电话')
    await typeReason('村委会办公电话，非个人号码')
    $('[data-testid="reason-save"]')?.click()
    await flushPromises()
    expect(policySet).toHaveBeenCalledWith('7', 3, 'keep', '村委会办公电话，非个人号码')
  })
})

describe('the masked preview', () => {
  it('shows each original over its public value, and the columns left out', async () => {
    const w = await mountTab()
    expect(maskPreview).toHaveBeenCalledWith('7', 0, 20)
    expect(w.findAll('[data-testid="mask-preview"] tbody tr')).toHaveLength(20)
    expect(text('preview-original-0-2')).toBe('11010519491231002X')
    expect(text('preview-public-0-2')).toBe('110105********002X')
    expect(text('preview-original-1-1')).toBe('欧阳娜娜')
    expect(text('preview-public-1-1')).toBe('欧*')
    expect(text('preview-original-0-6'), 'an empty cell is empty').toBe('')
    expect(text('preview-public-0-6')).toBe('')
    await choose(w, 4, 'drop')
    expect(text('preview-original-0-4')).toBe('某某县城关镇东村3组12号')
    expect(text('preview-public-0-4'), 'a dropped column is labelled').toBe('不公开')
    expect(w.get('[data-testid="mask-preview"] thead').text()).toContain('不公开')
  })

  it('reads itself again when the desktop says this dataset changed elsewhere (the CLI, the dictionary)', async () => {
    await mountTab()
    const previews = vi.mocked(maskPreview).mock.calls.length
    dispatchChanged({ topics: ['sensitive'], datasets: [8] })
    await flushPromises()
    expect(vi.mocked(maskPreview).mock.calls.length, 'another dataset').toBe(previews)
    dispatchChanged({ topics: ['review'], datasets: [7] })
    await flushPromises()
    expect(vi.mocked(maskPreview).mock.calls.length, 'another area').toBe(previews)
    dispatchChanged({ topics: ['metadata'], datasets: [7] })
    await flushPromises()
    expect(vi.mocked(maskPreview).mock.calls.length, 'a column closed in the dictionary').toBe(previews + 1)
  })

  it('pages by 20 rows and shows any row on request', async () => {
    const w = await mountTab()
    expect(text('preview-range')).toBe('第 1–20 行，共 45 行')
    expect($<HTMLButtonElement>('[data-testid="preview-prev"]')?.disabled).toBe(true)
    await w.get('[data-testid="preview-next"]').trigger('click')
    await flushPromises()
    expect(vi.mocked(maskPreview).mock.lastCall).toEqual(['7', 20, 20])
    expect(text('preview-original-0-0'), 'index 0 is the first row shown').toBe('21')
    await w.get('[data-testid="preview-next"]').trigger('click')
    await flushPromises()
    expect(text('preview-range')).toBe('第 41–45 行，共 45 行')
    expect($<HTMLButtonElement>('[data-testid="preview-next"]')?.disabled, 'no page past the end').toBe(true)
    w.findComponent({ name: 'ElInputNumber' }).vm.$emit('change', 33, 41)
    await flushPromises()
    expect(vi.mocked(maskPreview).mock.lastCall).toEqual(['7', 32, 20])
    expect(text('preview-original-0-0')).toBe('33')
    await choose(w, 1, 'pseudonymize')
    expect(vi.mocked(maskPreview).mock.lastCall, 'a choice refreshes the rows in view').toEqual(['7', 32, 20])
  })
})

describe('the full scan', () => {
  it('scans every row on request, showing that it runs, then shows the new findings', async () => {
    vi.mocked(sensitiveGet).mockResolvedValue(report({ rows_scanned: 1000 }))
    let finish: ((r: ScanReport) => void) | undefined
    vi.mocked(sensitiveScan).mockImplementation(() => new Promise((resolve) => (finish = resolve)))
    const w = await mountTab(250_000)
    const button = () => w.get<HTMLButtonElement>('[data-testid="scan-full"]')
    expect(button().text()).toBe('全面检查')
    await button().trigger('click')
    await flushPromises()
    expect(sensitiveScan).toHaveBeenCalledWith('7')
    expect(button().element.disabled, 'one scan at a time').toBe(true)
    expect(button().classes()).toContain('is-loading')
    expect(w.get('[data-testid="scan-running"]').text()).toBe('正在检查全部 250,000 行…')
    const previews = vi.mocked(maskPreview).mock.calls.length
    finish?.(report({ rows_scanned: 250_000, full: true, cell_hits: 1500 }))
    auditLogGrew()
    await flushPromises()
    expect(button().element.disabled).toBe(false)
    expect(w.find('[data-testid="scan-running"]').exists()).toBe(false)
    expect(w.get('[data-testid="sensitive-scanned"]').text()).toContain('检查了全部 250,000 行')
    expect(vi.mocked(maskPreview).mock.calls.length, 'the preview follows the new findings').toBe(previews + 1)
    expect(document.body.textContent).toContain('全面检查完成：检查了 250,000 行。')
  })

  it('explains a failed scan where it ran', async () => {
    vi.mocked(sensitiveScan).mockRejectedValue({ code: 'workspace_busy', message: 'busy', params: {} })
    const w = await mountTab()
    await w.get('[data-testid="scan-full"]').trigger('click')
    await flushPromises()
    expect(w.get('[data-testid="error-message"]').text()).toContain('工作区正被其他程序占用')
    expect(w.get<HTMLButtonElement>('[data-testid="scan-full"]').element.disabled).toBe(false)
  })
})

describe('identifiers inside text', () => {
  it('lists each hit with its row, column, kind and mask, and says how many are not listed', async () => {
    vi.mocked(sensitiveGet).mockResolvedValue(report({ cell_hits: 1234 }))
    const w = await mountTab()
    const hits = w.get('[data-testid="cell-hits"]')
    expect(hits.get('[data-testid="cell-hits-count"]').text()).toBe('1,234 处')
    expect(hits.findAll('[data-testid="cell-hit"]').map((h) => h.findAll('td').map((td) => td.text()))).toEqual([
      ['源文件第 5 行', '备注', '手机号', '139****5678'],
      ['源文件第 9 行', '备注', '身份证号', '130534********1233'],
    ])
    expect(hits.get('[data-testid="cell-hits-more"]').text()).toBe('另有 1,232 处未列出。')
    expect(w.get('[data-testid="sensitive-row-6"] [data-testid="finding-free-text"]').text(), 'a lower bound').toBe(
      '自由文本：文中找到至少 2 处个人信息',
    )
  })

  it('are not shown when there are none', async () => {
    vi.mocked(sensitiveGet).mockResolvedValue(report({ cells: [], cell_hits: 0 }))
    const w = await mountTab()
    expect(w.find('[data-testid="cell-hits"]').exists()).toBe(false)
  })
})

describe('in English', () => {
  it('translates categories, operators and the scan line', async () => {
    i18n.global.locale.value = 'en'
    vi.mocked(sensitiveGet).mockResolvedValue(report({ rows_scanned: 1000 }))
    const w = await mountTab(5000)
    expect(w.get('[data-testid="sensitive-row-2"] [data-testid="finding-category"]').text()).toBe('ID card number')
    expect(w.get('[data-testid="sensitive-scanned"]').text()).toContain('First 1,000 rows checked')
    expect((await options(w, 1)).map((o) => o.props('label'))).toContain('Pseudonymize')
    expect(w.get('[data-testid="mask-preview"]').text(), 'no Chinese but the data').not.toMatch(/公开|遮盖/)
  })
})

describe('the egress check', () => {
  const panel = (w: VueWrapper) => w.get('[data-testid="egress-panel"]')

  it('runs when the tab opens and says the public copy is clear, with the rows checked', async () => {
    vi.mocked(egressCheck).mockResolvedValue(gate([], 250_000))
    const w = await mountTab()
    expect(egressCheck).toHaveBeenCalledWith('7')
    expect(panel(w).attributes('data-state')).toBe('clear')
    expect(panel(w).attributes('data-rows-checked')).toBe('250000')
    expect(w.get('[data-testid="egress-clear"]').text()).toContain(
      '出口检查通过：已逐行核对 250,000 行，公开副本中没有未处理的标识。',
    )
    expect(w.find('[data-testid="egress-column"]').exists()).toBe(false)
  })

  it('shows that it runs while the gate reads every row', async () => {
    let finish: ((r: GateReport) => void) | undefined
    vi.mocked(egressCheck).mockImplementation(() => new Promise((resolve) => (finish = resolve)))
    const w = await mountTab()
    expect(panel(w).attributes('data-state')).toBe('checking')
    expect(w.get('[data-testid="egress-checking"]').text()).toBe('正在逐行核对公开副本…')
    finish?.(gate())
    await flushPromises()
    expect(panel(w).attributes('data-state')).toBe('clear')
    expect(w.find('[data-testid="egress-checking"]').exists()).toBe(false)
  })

  it('lists each blocking column with its hits, kinds and masked rows, and says nothing can leave until fixed', async () => {
    vi.mocked(egressCheck).mockResolvedValue(gate([NOTES_BLOCKED]))
    const w = await mountTab()
    expect(panel(w).attributes('data-state')).toBe('blocked')
    expect(panel(w).text()).toContain('出口检查：1 列的公开副本中仍有证件号、手机号等标识')
    expect(panel(w).text(), 'what is at stake').toContain('不能提交审核、导出或发布')
    const entries = w.findAll('[data-testid="egress-column"]')
    expect(entries).toHaveLength(1)
    const notes = w.get('[data-testid="egress-column"][data-position="6"]')
    expect(notes.get('[data-testid="egress-column-name"]').text()).toBe('备注')
    expect(notes.get('[data-testid="egress-hits"]').text()).toBe('1,500 处')
    expect(notes.findAll('[data-testid="egress-category"]').map((c) => c.text()), 'kinds by name').toEqual([
      '身份证号',
      '手机号',
    ])
    expect(notes.findAll('[data-testid="egress-example"]').map((e) => e.text()), 'the rows, masked').toEqual([
      '第 1501 行：110105********002X',
      '第 1502 行：139****5678',
    ])
    const fixes = notes.findAll('[data-testid^="egress-fix-"]')
    expect(fixes.map((b) => [b.attributes('data-testid'), b.text()])).toEqual([
      ['egress-fix-redact', '在文本中涂抹'],
      ['egress-fix-drop', '不公开该列'],
    ])
    expect(fixes[0]?.classes(), 'the most fitting fix first, as the primary action').toContain('el-button--primary')
    expect(fixes[1]?.classes()).not.toContain('el-button--primary')
    expect(fixes[1]?.attributes('aria-label'), 'a screen reader hears which column').toBe('不公开该列：备注')
  })

  it('fixes a column in one click, says so in words, and checks again', async () => {
    vi.mocked(egressCheck).mockResolvedValueOnce(gate([NOTES_BLOCKED])).mockResolvedValue(gate())
    const w = await mountTab()
    const previews = vi.mocked(maskPreview).mock.calls.length
    await w.get('[data-testid="egress-column"][data-position="6"] [data-testid="egress-fix-redact"]').trigger('click')
    await flushPromises()
    expect(policySet).toHaveBeenCalledTimes(1)
    expect(vi.mocked(policySet).mock.lastCall?.slice(0, 3)).toEqual(['7', 6, 'redact'])
    expect(statusLine.message, 'in the status line').toContain('“备注”中的证件号、手机号等将涂抹后公开，其余文字不变。')
    expect(egressCheck, 'the gate runs again after the fix').toHaveBeenCalledTimes(2)
    expect(panel(w).attributes('data-state')).toBe('clear')
    expect(operator(w, 6).props('modelValue'), 'the findings follow the fix').toBe('redact')
    expect(w.get('[data-testid="sensitive-row-6"] [data-testid="finding-origin"]').text()).toBe('已调整')
    expect(vi.mocked(maskPreview).mock.calls.length, 'the preview follows too').toBe(previews + 1)
    expect(w.emitted('changed'), 'the header refreshes its status').toHaveLength(1)
  })

  it('leaves a column out with the second fix', async () => {
    vi.mocked(egressCheck).mockResolvedValueOnce(gate([NOTES_BLOCKED])).mockResolvedValue(gate())
    const w = await mountTab()
    await w.get('[data-testid="egress-fix-drop"]').trigger('click')
    await flushPromises()
    expect(vi.mocked(policySet).mock.lastCall?.slice(0, 3)).toEqual(['7', 6, 'drop'])
    expect(statusLine.message, 'in the status line').toContain('“备注”这一列将不公开。')
  })

  it('shows a refused fix in words on its column and keeps the column listed', async () => {
    vi.mocked(egressCheck).mockResolvedValue(gate([NOTES_BLOCKED]))
    vi.mocked(policySet).mockRejectedValueOnce({ code: 'workspace_busy', message: 'busy', params: {} })
    const w = await mountTab()
    await w.get('[data-testid="egress-fix-redact"]').trigger('click')
    await flushPromises()
    expect(w.get('[data-testid="egress-fix-error"]').text()).toContain('未能修改“备注”：工作区正被其他程序占用')
    expect(egressCheck, 'nothing changed, so no new check').toHaveBeenCalledTimes(1)
    expect(w.get<HTMLButtonElement>('[data-testid="egress-fix-redact"]').element.disabled, 'it can be tried again').toBe(false)
  })

  it('runs again after a choice in the findings and after a full scan', async () => {
    const w = await mountTab()
    expect(egressCheck).toHaveBeenCalledTimes(1)
    await choose(w, 1, 'pseudonymize')
    expect(egressCheck).toHaveBeenCalledTimes(2)
    vi.mocked(sensitiveScan).mockResolvedValue(report({ rows_scanned: 45, full: true }))
    await w.get('[data-testid="scan-full"]').trigger('click')
    await flushPromises()
    expect(egressCheck).toHaveBeenCalledTimes(3)
  })

  it('explains a check that failed and runs it again on request', async () => {
    vi.mocked(egressCheck).mockRejectedValueOnce({ code: 'workspace_busy', message: 'busy', params: {} })
    const w = await mountTab()
    expect(panel(w).attributes('data-state')).toBe('error')
    expect(panel(w).get('[data-testid="error-message"]').text()).toContain('工作区正被其他程序占用')
    await panel(w).get('[data-testid="egress-recheck"]').trigger('click')
    await flushPromises()
    expect(panel(w).attributes('data-state')).toBe('clear')
  })
})

describe('the whole-table scan after an import', () => {
  it('says when not every row has been scanned yet, and not once every row has', async () => {
    vi.mocked(sensitiveGet).mockResolvedValue(report({ rows_scanned: 1000 }))
    const w = await mountTab(250_000)
    expect(w.get('[data-testid="scan-pending"]').text()).toContain('尚未逐行扫描全部数据')
    expect(w.get('[data-testid="scan-pending"]').text(), 'the button that scans now').toContain('全面检查')
    wrapper?.unmount()
    vi.mocked(sensitiveGet).mockResolvedValue(report({ rows_scanned: 250_000, full: true }))
    const full = await mountTab(250_000)
    expect(full.find('[data-testid="scan-pending"]').exists()).toBe(false)
  })

  it('reloads the findings and checks again when the desktop has scanned this dataset', async () => {
    vi.mocked(sensitiveGet).mockResolvedValue(report({ rows_scanned: 1000 }))
    const w = await mountTab(250_000)
    expect(scanned, 'the tab follows the event').not.toBeNull()
    vi.mocked(sensitiveGet).mockResolvedValue(report({ rows_scanned: 250_000, full: true }))
    scanned?.(8)
    await flushPromises()
    expect(sensitiveGet, 'another dataset’s scan is not this one’s').toHaveBeenCalledTimes(1)
    expect(egressCheck).toHaveBeenCalledTimes(1)
    scanned?.(7)
    await flushPromises()
    expect(sensitiveGet).toHaveBeenCalledTimes(2)
    expect(egressCheck).toHaveBeenCalledTimes(2)
    expect(w.get('[data-testid="sensitive-scanned"]').text()).toContain('检查了全部 250,000 行')
    expect(w.find('[data-testid="scan-pending"]').exists()).toBe(false)
    expect(document.body.textContent).toContain('已逐行扫描全部 250,000 行，检查结果已更新。')
  })

  it('stops following the event when the tab goes away', async () => {
    const w = await mountTab()
    w.unmount()
    wrapper = null
    expect(unlisten).toHaveBeenCalledTimes(1)
  })
})

describe('the evidence', () => {
  it('says why a column of a personal kind stays public', async () => {
    const r = report()
    r.columns.push(
      column(8, '法定代表人', {
        category: 'person_name',
        confidence: 0.95,
        matched: 45,
        header_hint: true,
        examples: ['王五'],
        public_reason: 'registry_role',
      }),
    )
    vi.mocked(sensitiveGet).mockResolvedValue(r)
    const w = await mountTab()
    const row = w.get('[data-testid="sensitive-row-8"]')
    expect(row.get('[data-testid="finding-who"]').text()).toBe('公开信息')
    expect(row.get('[data-testid="finding-public-reason"]').text()).toBe('公开原因：登记的法定代表人、负责人等公开职务')
    expect(w.find('[data-testid="sensitive-row-1"] [data-testid="finding-public-reason"]').exists()).toBe(false)
  })

  it('asks for a decision on an unrecognised identifier, counts it, and takes the default when confirmed', async () => {
    const code = column(8, '医保号', {
      category: 'identifier',
      personal: true,
      confidence: 0.8,
      matched: 45,
      examples: ['********0123'],
      operator: 'mask',
      keep_head: 0,
      keep_tail: 4,
    })
    const r = report()
    r.columns.push(code)
    vi.mocked(sensitiveGet).mockResolvedValue(r)
    vi.mocked(policySet).mockImplementation(async (_d, position, op, reason = null) =>
      position === 8 ? { ...code, operator: op, chosen: true, reason } : workspace.set(position, op, reason),
    )
    const w = await mountTab()
    const row = () => w.get('[data-testid="sensitive-row-8"]')
    expect(row().get('[data-testid="finding-category"]').text()).toBe('未识别的编号')
    expect(row().get('[data-testid="finding-needs-decision"]').text()).toBe('待确认')
    expect(row().attributes('data-undecided')).toBe('true')
    expect(w.get('[data-testid="sensitive-undecided"]').text(), 'counted in the summary').toBe('1 列待确认')
    expect(w.get('[data-testid="sensitive-summary"]').text(), 'and as personal data').toBe('5 列含个人信息')
    expect(w.find('[data-testid="sensitive-row-2"] [data-testid="finding-needs-decision"]').exists()).toBe(false)
    const confirm = row().get('[data-testid="finding-confirm"]')
    expect(confirm.text()).toBe('确认使用“遮盖”')
    await confirm.trigger('click')
    await flushPromises()
    expect(policySet, 'the default is saved as the clerk’s choice').toHaveBeenCalledWith('7', 8, 'mask', null)
    expect(row().find('[data-testid="finding-needs-decision"]').exists()).toBe(false)
    expect(w.find('[data-testid="sensitive-undecided"]').exists()).toBe(false)
    expect(egressCheck).toHaveBeenCalledTimes(2)
  })

  it('decides an identifier by choosing another operator too, and in English', async () => {
    i18n.global.locale.value = 'en'
    const code = column(8, '档案号', { category: 'identifier', personal: true, operator: 'mask' })
    const r = report()
    r.columns.push(code)
    vi.mocked(sensitiveGet).mockResolvedValue(r)
    vi.mocked(policySet).mockResolvedValue({ ...code, operator: 'drop', chosen: true })
    const w = await mountTab()
    expect(w.get('[data-testid="sensitive-row-8"] [data-testid="finding-needs-decision"]').text()).toBe('Needs your decision')
    expect(w.get('[data-testid="sensitive-row-8"] [data-testid="finding-category"]').text()).toBe('Unrecognised identifier')
    await choose(w, 8, 'drop')
    expect(policySet).toHaveBeenCalledWith('7', 8, 'drop', null)
    expect(w.find('[data-testid="sensitive-row-8"] [data-testid="finding-needs-decision"]').exists()).toBe(false)
  })
})
