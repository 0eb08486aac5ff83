import { flushPromises, mount, type VueWrapper } from '@vue/test-utils'
import ElementPlus, { ElDialog, ElSelect } from 'element-plus'
import { createPinia, setActivePinia, type Pinia } from 'pinia'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'

import {
  datasetList,
  importHabit,
  importInspect,
  importRun,
  jobCancel,
  type ImportOptions,
  type ImportOutcome,
  type Inspection,
  type Progress,
} from '../../api'
import { i18n } from '../../i18n'
import { useImportStore } from '../../stores/importer'
import { useNavStore } from '../../stores/nav'
import ImportWizard from './ImportWizard.vue'

vi.mock('../../api', async (importOriginal) => ({
  ...(await importOriginal<typeof import('../../api')>()),
  datasetList: vi.fn(),
  importHabit: vi.fn(),
  importInspect: vi.fn(),
  importRun: vi.fn(),
  jobCancel: vi.fn(),
  pickImportFile: vi.fn(),
}))

const FILE = { token: 'tok-1', file_name: '2024年低保名单.csv', size: 20480 }

// A typical county table: a title, a "填报单位" line, the header, data, a blank
// row and a signature line under the table.
const inspection = (over: Partial<Inspection> = {}): Inspection => ({
  file_name: FILE.file_name,
  size: FILE.size,
  suggested_name: '2024年低保名单',
  format: 'csv',
  encoding: 'utf8',
  delimiter: ',',
  sheets: [],
  sheet: null,
  layout: {
    title_rows: [1, 2],
    header_rows: [3],
    columns: [
      { name: '姓名', group: null },
      { name: '身份证号', group: null },
      { name: '金额', group: '补贴' },
    ],
    skipped_columns: [],
  },
  preview: [
    { row: 1, cells: ['城关镇低保名单'], role: 'title' },
    { row: 2, cells: ['填报单位：民政局'], role: 'title' },
    { row: 3, cells: ['姓名', '身份证号', '金额'], role: 'header' },
    { row: 4, cells: ['张三', '110101199001011234', '300'], role: 'data' },
    { row: 5, cells: ['', '', ''], role: 'blank' },
    { row: 6, cells: ['李四', '110101199202022345', '300'], role: 'data' },
    { row: 7, cells: ['制表人：王五'], role: 'note' },
  ],
  tables: [],
  decisions: [
    { kind: 'titles', rows: [1, 2] },
    { kind: 'header', rows: [3], chosen: false },
    { kind: 'notes', rows: [7], as_data: false },
  ],
  ...over,
})

let pinia: Pinia
let wrapper: VueWrapper | null = null
let missing: string[]

beforeEach(() => {
  vi.resetAllMocks()
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] })
  pinia = createPinia()
  setActivePinia(pinia)
  i18n.global.locale.value = 'zh-CN'
  missing = []
  i18n.global.setMissingHandler((_locale, key) => {
    missing.push(key)
    return key
  })
  vi.mocked(datasetList).mockResolvedValue([])
  vi.mocked(importInspect).mockResolvedValue(inspection())
  vi.mocked(importHabit).mockResolvedValue(null)
})

afterEach(() => {
  wrapper?.unmount()
  wrapper = null
  vi.useRealTimers()
  i18n.global.setMissingHandler(null)
  document.body.innerHTML = ''
  expect(missing, 'every message the wizard uses exists').toEqual([])
})

/** The wizard opened on FILE (as after picking, dropping or "Open with"). */
async function openOnFile(): Promise<VueWrapper> {
  wrapper = mount(ImportWizard, { global: { plugins: [pinia, i18n, ElementPlus] } })
  useImportStore().offer(FILE)
  await flushPromises()
  return wrapper
}

const $ = <E extends Element = HTMLElement>(selector: string) => document.querySelector<E>(selector)
const $$ = (selector: string) => [...document.querySelectorAll<HTMLElement>(selector)]
const lastOptions = (): ImportOptions | undefined => vi.mocked(importInspect).mock.lastCall?.[1]

function select(w: VueWrapper, testid: string) {
  const found = w.findAllComponents(ElSelect).find((s) => s.attributes('data-testid') === testid)
  if (!found) throw new Error(`no select ${testid}`)
  return found
}

describe('step 2: what was detected', () => {
  it('inspects the file at once with the default options', async () => {
    await openOnFile()
    expect(importInspect).toHaveBeenCalledTimes(1)
    expect(importInspect).toHaveBeenCalledWith('tok-1', {
      sheet: { kind: 'first' },
      header_row: null,
      ragged: 'extras',
      into: null,
      name: null,
      encoding: null,
      delimiter: null,
      totals_as_data: false,
      notes_as_data: false,
      table_start: null,
    })
  })

  it('says which totals row is left out and keeps it as data in one click, or leaves it out again', async () => {
    const withTotal = inspection({
      preview: [
        { row: 1, cells: ['区划代码', '乡镇', '户数'], role: 'header' },
        { row: 2, cells: ['130534100', '城关镇', '120'], role: 'data' },
        { row: 3, cells: ['130534000', '合计', '200'], role: 'total' },
      ],
      decisions: [
        { kind: 'header', rows: [1], chosen: false },
        { kind: 'totals', rows: [3], as_data: false },
      ],
    })
    vi.mocked(importInspect).mockResolvedValue(withTotal)
    await openOnFile()
    expect($('[data-testid="wizard-totals"]')?.textContent).toContain('第 3 行是合计行，不计入表格')
    expect($('[data-role="total"]')?.textContent, 'tagged in the preview').toContain('合计')
    vi.mocked(importInspect).mockResolvedValue(
      inspection({
        preview: withTotal.preview.map((r) => (r.role === 'total' ? { ...r, role: 'data' } : r)),
        decisions: [
          { kind: 'header', rows: [1], chosen: false },
          { kind: 'totals', rows: [3], as_data: true },
        ],
      }),
    )
    $('[data-testid="wizard-totals-flip"]')?.click()
    await flushPromises()
    vi.advanceTimersByTime(1000)
    await flushPromises()
    expect(lastOptions()?.totals_as_data, 'the preview is read again with the totals kept').toBe(true)
    expect($('[data-testid="wizard-totals"]')?.textContent).toContain('合计行作为数据行导入')
    $('[data-testid="wizard-totals-flip"]')?.click()
    await flushPromises()
    vi.advanceTimersByTime(1000)
    await flushPromises()
    expect(lastOptions()?.totals_as_data).toBe(false)
  })

  it('explains each decision in one line, with the control that changes it', async () => {
    vi.mocked(importInspect).mockResolvedValue(
      inspection({
        decisions: [
          { kind: 'titles', rows: [1, 2] },
          { kind: 'header', rows: [3], chosen: false },
          { kind: 'notes', rows: [7, 8, 9], as_data: false },
          { kind: 'repeated_header', rows: [40] },
          { kind: 'extras', rows: [5, 6], ragged: 'extras' },
          { kind: 'side_notes', rows: [4] },
          { kind: 'skipped_columns', columns: [2] },
        ],
      }),
    )
    const w = await openOnFile()
    const line = (kind: string) => $(`[data-testid="decision-${kind}"]`)?.textContent ?? ''
    expect(line('titles')).toContain('第 1–2 行是标题，不导入')
    expect(line('notes')).toContain('第 7–9 行是表格下方的说明或签名，不导入')
    expect(line('repeated_header')).toContain('第 40 行重复了表头')
    expect(line('extras')).toContain('第 5–6 行的单元格比表头多')
    expect(line('side_notes')).toContain('第 4 行右侧隔列写的备注不是数据')
    expect(line('skipped_columns')).toContain('第 2 列没有表头也没有数据')
    expect($('[data-testid="decision-header"]'), 'the header has its own summary').toBeNull()
    $('[data-testid="wizard-notes-flip"]')?.click()
    await flushPromises()
    vi.advanceTimersByTime(1000)
    await flushPromises()
    expect(lastOptions()?.notes_as_data, 'notes kept as data, read again').toBe(true)
    select(w, 'wizard-extras-ragged').vm.$emit('update:modelValue', 'pad')
    await flushPromises()
    vi.advanceTimersByTime(1000)
    await flushPromises()
    expect(lastOptions()?.ragged).toBe('pad')
  })

  it('offers the tables of a sheet that holds several, one at a time or all of them', async () => {
    const tables = [
      { start_row: 1, label: '乡镇、户数、人数', chosen: true },
      { start_row: 8, label: '二、低保对象明细', chosen: false },
    ]
    vi.mocked(importInspect).mockResolvedValue(
      inspection({ tables, decisions: [{ kind: 'other_tables', starts: [8] }] }),
    )
    vi.mocked(importRun).mockResolvedValue({ datasets: [] })
    await openOnFile()
    expect($('[data-testid="wizard-tables"]')?.textContent).toContain('这张工作表中有 2 个表格')
    expect($('[data-testid="decision-other_tables"]')?.textContent).toContain('第 8 行起')
    const radios = $$('[data-testid="wizard-table"] input')
    radios[1]?.click()
    await flushPromises()
    vi.advanceTimersByTime(1000)
    await flushPromises()
    expect(lastOptions()?.table_start, 'the second table is previewed').toBe(8)
    vi.mocked(importInspect).mockResolvedValue(
      inspection({ tables: tables.map((t) => ({ ...t, chosen: t.start_row === 8 })), decisions: [] }),
    )
    $('[data-testid="wizard-table-all"] input')?.click()
    await flushPromises()
    vi.advanceTimersByTime(1000)
    await flushPromises()
    $('[data-testid="wizard-start"]')?.click()
    await flushPromises()
    const calls = vi.mocked(importRun).mock.calls.map((c) => [c[1].table_start, c[2]])
    expect(calls, 'each table once, as a dataset of its own (none remembered as the one to pick)').toEqual([
      [null, 0],
      [8, 0],
    ])
  })

  it('opens next month\'s file with the choices remembered for its name, and goes back to detection on request', async () => {
    vi.mocked(importHabit).mockResolvedValue({
      pattern: '#年低保名单.csv',
      example: '2023年低保名单.csv',
      saved_at: '2026-11-05T08:00:00Z',
      header_row: 4,
      totals_as_data: true,
      notes_as_data: false,
      ragged: 'extras',
      sheet: null,
      table: 0,
    })
    await openOnFile()
    expect(importInspect).toHaveBeenCalledTimes(1)
    expect(lastOptions(), 'the first look already uses them').toMatchObject({ header_row: 4, totals_as_data: true })
    expect($('[data-testid="wizard-habit"]')?.textContent).toContain('沿用上次导入“2023年低保名单.csv”时的设置')
    $('[data-testid="wizard-habit-reset"]')?.click()
    await flushPromises()
    vi.advanceTimersByTime(1000)
    await flushPromises()
    expect(lastOptions()).toMatchObject({ header_row: null, totals_as_data: false })
    expect($('[data-testid="wizard-habit"]')).toBeNull()
  })

  it('falls back to detection when last month\'s choices do not fit this file', async () => {
    vi.mocked(importHabit).mockResolvedValue({
      pattern: '#年低保名单.csv',
      example: '2023年低保名单.csv',
      saved_at: '2026-11-05T08:00:00Z',
      header_row: null,
      totals_as_data: false,
      notes_as_data: false,
      ragged: 'extras',
      sheet: '已删除的表',
      table: 0,
    })
    vi.mocked(importInspect).mockImplementation(async (_token, options) => {
      if (options.sheet.kind === 'named') throw { code: 'import_sheet_not_found', message: 'no sheet', params: { sheet: '已删除的表' } }
      return inspection()
    })
    await openOnFile()
    vi.advanceTimersByTime(1000)
    await flushPromises()
    expect(lastOptions()?.sheet, 'read again as detected').toEqual({ kind: 'first' })
    expect($('[data-testid="wizard-preview"]'), 'the preview and the options are there').not.toBeNull()
    expect($('[data-testid="wizard-habit"]')).toBeNull()
  })

  it('shows each preview row with its role, the header highlighted and left-out rows tagged', async () => {
    await openOnFile()
    const rows = $$('[data-testid="wizard-preview"] tbody tr')
    expect(rows.map((r) => [r.dataset.row, r.dataset.role])).toEqual([
      ['1', 'title'],
      ['2', 'title'],
      ['3', 'header'],
      ['4', 'data'],
      ['5', 'blank'],
      ['6', 'data'],
      ['7', 'note'],
    ])
    const header = $('[data-role="header"]')
    expect(header?.dataset.row).toBe('3')
    expect(header?.classList, 'the header row is styled as such').toContain('preview__row--header')
    expect(header?.textContent).toContain('身份证号')
    expect($('[data-row="1"]')?.textContent, 'title rows say they are titles').toContain('标题')
    expect($('[data-row="7"]')?.textContent, 'rows under the table say they are notes').toContain('说明')
    expect($('[data-row="4"]')?.querySelector('.el-tag'), 'data rows carry no tag').toBeNull()
  })

  it('lists the detected column names, a two-row header as "group / name"', async () => {
    await openOnFile()
    const names = $$('[data-testid="wizard-header-summary"] .header-name').map((e) => e.textContent?.trim())
    expect(names).toEqual(['姓名', '身份证号', '补贴 / 金额'])
  })

  it('shows the name the core will give the dataset as the placeholder, not a rule of its own', async () => {
    // The title row says 城关镇低保名单; the core's choice is what the import will use.
    await openOnFile()
    expect($<HTMLInputElement>('input[data-testid="wizard-name"]')?.placeholder).toBe('2024年低保名单')
  })

  it('inspects again with the chosen encoding once the choice settles', async () => {
    const w = await openOnFile()
    select(w, 'wizard-encoding').vm.$emit('update:modelValue', 'gbk')
    await flushPromises()
    expect(importInspect, 'not before the debounce').toHaveBeenCalledTimes(1)
    vi.advanceTimersByTime(300)
    await flushPromises()
    expect(importInspect).toHaveBeenCalledTimes(2)
    expect(lastOptions()?.encoding).toBe('gbk')
  })

  it('makes a clicked row number the header row', async () => {
    await openOnFile()
    $('[data-row="4"] [data-testid="wizard-set-header"]')?.click()
    await flushPromises()
    vi.advanceTimersByTime(300)
    await flushPromises()
    expect(lastOptions()?.header_row).toBe(4)
  })

  it('offers each sheet of a workbook with its size, disabling empty ones, and "all sheets"', async () => {
    vi.mocked(importInspect).mockResolvedValue(
      inspection({
        format: 'xlsx',
        encoding: null,
        delimiter: null,
        sheet: '2024年',
        sheets: [
          { name: '2024年', rows: 120, columns: 8, hidden: false, empty: false },
          { name: '说明', rows: 0, columns: 0, hidden: false, empty: true },
          { name: '底稿', rows: 40, columns: 8, hidden: true, empty: false },
        ],
      }),
    )
    const w = await openOnFile()
    expect($('[data-testid="wizard-encoding"]'), 'no encoding for workbooks').toBeNull()
    const sheets = select(w, 'wizard-sheet')
    const options = sheets.findAllComponents({ name: 'ElOption' })
    expect(options.map((o) => o.props('label'))).toEqual(['2024年', '说明', '底稿', '全部工作表（每个工作表导入为一个数据集）'])
    expect(options.map((o) => o.props('disabled'))).toEqual([false, true, false, false])
    sheets.vm.$emit('update:modelValue', 'sheet:底稿')
    await flushPromises()
    vi.advanceTimersByTime(300)
    await flushPromises()
    expect(lastOptions()?.sheet).toEqual({ kind: 'named', name: '底稿' })
  })

  it('shows why a file cannot be read, in words', async () => {
    vi.mocked(importInspect).mockRejectedValue({
      code: 'import_password',
      message: 'workbook is encrypted',
      params: { path: '/home/clerk/名单.xlsx' },
    })
    await openOnFile()
    expect($('[data-testid="error-message"]')?.textContent).toBe(
      '/home/clerk/名单.xlsx 设置了密码。请在 Excel 中打开并取消密码（文件 › 信息 › 保护工作簿）后再导入。',
    )
    expect($<HTMLButtonElement>('[data-testid="wizard-start"]')?.disabled, 'nothing to import').toBe(true)
  })
})

describe('a workbook of several sheets', () => {
  const workbook = (sheets: Inspection['sheets']): Inspection =>
    inspection({ file_name: '低保名单.xlsx', format: 'xlsx', encoding: null, delimiter: null, sheet: sheets[0]?.name ?? null, sheets })
  const SHEETS: Inspection['sheets'] = [
    { name: '低保名单', rows: 120, columns: 8, hidden: false, empty: false },
    { name: '村代码', rows: 30, columns: 2, hidden: false, empty: false },
    { name: '空表', rows: 0, columns: 0, hidden: false, empty: true },
  ]
  const startButton = () => $<HTMLButtonElement>('[data-testid="wizard-start"]')
  const settle = async () => {
    await flushPromises()
    vi.advanceTimersByTime(300)
    await flushPromises()
  }

  it('opens the sheet list and waits for a choice before importing', async () => {
    vi.mocked(importInspect).mockResolvedValue(workbook(SHEETS))
    vi.mocked(importRun).mockReturnValue(new Promise(() => {}))
    const w = await openOnFile()
    await flushPromises()
    expect($('[data-testid="wizard-sheet-required"]')?.textContent, 'the clerk is told there are several').toContain(
      '这个工作簿有 2 个工作表，预览显示的是第一个“低保名单”',
    )
    const sheets = select(w, 'wizard-sheet')
    expect(sheets.props('modelValue'), 'no sheet shown as chosen before the clerk chooses').toBeUndefined()
    expect(sheets.props('automaticDropdown'), 'the list opens on focus').toBe(true)
    expect(document.activeElement?.closest('[data-testid="wizard-sheet"]'), 'and has the focus').not.toBeNull()
    const lists = $$('.el-select__popper').filter((p) => p.style.display !== 'none')
    expect(lists.map((p) => p.textContent), 'its list is open').toEqual([expect.stringContaining('村代码')])
    expect(startButton()?.disabled, 'no import before a sheet is chosen').toBe(true)
    $('[data-testid="wizard-start"]')?.click()
    await flushPromises()
    expect(importRun).not.toHaveBeenCalled()

    sheets.vm.$emit('update:modelValue', 'sheet:低保名单')
    await settle()
    expect($('[data-testid="wizard-sheet-required"]'), 'chosen: the notice goes').toBeNull()
    expect(startButton()?.disabled).toBe(false)
    startButton()?.click()
    await flushPromises()
    expect(vi.mocked(importRun).mock.lastCall?.[1].sheet, 'the sheet chosen, even if it is the first').toEqual({
      kind: 'named',
      name: '低保名单',
    })
  })

  it('still imports all the sheets at once when asked', async () => {
    vi.mocked(importInspect).mockResolvedValue(workbook(SHEETS))
    vi.mocked(importRun).mockReturnValue(new Promise(() => {}))
    const w = await openOnFile()
    select(w, 'wizard-sheet').vm.$emit('update:modelValue', 'all')
    await settle()
    expect(startButton()?.disabled).toBe(false)
    startButton()?.click()
    await flushPromises()
    expect(vi.mocked(importRun).mock.lastCall?.[1].sheet).toEqual({ kind: 'all' })
  })

  it('asks nothing of a workbook with one sheet of data', async () => {
    vi.mocked(importInspect).mockResolvedValue(workbook([SHEETS[0]!, SHEETS[2]!]))
    vi.mocked(importRun).mockReturnValue(new Promise(() => {}))
    const w = await openOnFile()
    expect($('[data-testid="wizard-sheet-required"]')).toBeNull()
    expect(select(w, 'wizard-sheet').props('modelValue'), 'the one sheet is shown chosen').toBe('sheet:低保名单')
    expect(startButton()?.disabled).toBe(false)
    startButton()?.click()
    await flushPromises()
    expect(vi.mocked(importRun).mock.lastCall?.[1].sheet).toEqual({ kind: 'first' })
  })
})

describe('step 3: importing', () => {
  const outcome = (): ImportOutcome => ({
    datasets: [
      {
        id: 12,
        name: '城关镇低保名单',
        sheet: null,
        version: 1,
        rows: 1500,
        columns: [],
        findings: [],
        format: 'csv',
        encoding: 'utf8',
        title_rows: [],
        header_rows: [3],
        notes_rows: [],
        ragged: 'extras',
        table_start: null,
        next_table: null,
        skipped_columns: [],
        dropped_cells: 0,
        changes: null,
      },
    ],
  })

  /** Starts the import and returns what the wizard gave import_run. */
  async function start() {
    let report: ((p: Progress) => void) | undefined
    let finish: ((o: ImportOutcome) => void) | undefined
    let fail: ((e: unknown) => void) | undefined
    vi.mocked(importRun).mockImplementation((_token, _options, _table, _job, onProgress) => {
      report = onProgress
      return new Promise<ImportOutcome>((resolve, reject) => {
        finish = resolve
        fail = reject
      })
    })
    await openOnFile()
    $('[data-testid="wizard-start"]')?.click()
    await flushPromises()
    const call = vi.mocked(importRun).mock.lastCall
    return {
      job: call?.[3],
      options: call?.[1],
      report: (p: Progress) => report?.(p),
      finish: (o: ImportOutcome) => finish?.(o),
      fail: (e: unknown) => fail?.(e),
    }
  }

  it('runs the import with the file, the options and a fresh job id, and shows its progress', async () => {
    const run = await start()
    expect(importRun).toHaveBeenCalledWith(
      'tok-1',
      expect.objectContaining({ ragged: 'extras' }),
      0,
      expect.any(String),
      expect.any(Function),
    )
    expect(run.job, 'a job id the wizard can cancel by').toMatch(/^[0-9a-f-]{36}$/)
    run.report({ phase: 'reading', done: 42, total: 100, rows: 630 })
    await flushPromises()
    expect($('[data-testid="wizard-progress"]')?.textContent).toContain('42%')
    expect($('[data-testid="wizard-rows"]')?.textContent).toBe('已读取 630 行')
    expect($('[data-testid="wizard-start"]'), 'the options are gone while importing').toBeNull()
  })

  it('shows an indeterminate bar with the rows read when the total is unknown', async () => {
    const run = await start()
    run.report({ phase: 'reading', done: 0, total: 0, rows: 12000 })
    await flushPromises()
    expect($('[data-testid="wizard-progress"] .el-progress-bar__inner--indeterminate')).not.toBeNull()
    expect($('[data-testid="wizard-rows"]')?.textContent).toBe('已读取 12,000 行')
  })

  it('cancels by job id, then says nothing was imported and goes back to step 2', async () => {
    const run = await start()
    vi.mocked(jobCancel).mockResolvedValue()
    $('[data-testid="wizard-cancel"]')?.click()
    await flushPromises()
    expect(jobCancel).toHaveBeenCalledWith(run.job)
    run.fail({ code: 'cancelled', message: 'cancelled', params: {} })
    await flushPromises()
    expect($('[data-testid="wizard-cancelled"]')?.textContent).toContain('导入已取消，没有导入任何内容。')
    expect($('[data-testid="wizard-start"]'), 'the user can change options and try again').not.toBeNull()
    expect(useImportStore().running).toBe(false)
  })

  it('explains a duplicate and opens the existing dataset on request', async () => {
    const run = await start()
    run.fail({
      code: 'import_duplicate',
      message: 'already imported',
      params: { dataset: '3', name: '城关镇低保名单', version: '2' },
    })
    await flushPromises()
    expect($('[data-testid="wizard-run-error"] [data-testid="error-message"]')?.textContent).toBe(
      '此文件已经导入过，是数据集“城关镇低保名单”的第 2 版，没有重复导入。',
    )
    $('[data-testid="wizard-open-existing"]')?.click()
    await flushPromises()
    expect(useNavStore().dataset).toBe('3')
    expect(useImportStore().visible, 'the wizard closes').toBe(false)
  })

  it('on success closes the wizard, refreshes the list and opens the new dataset', async () => {
    const run = await start()
    run.finish(outcome())
    await flushPromises()
    expect(useImportStore().visible).toBe(false)
    expect(datasetList, 'the list shows the new dataset').toHaveBeenCalled()
    expect(useNavStore().dataset).toBe('12')
    expect(document.body.textContent).toContain('已导入“城关镇低保名单”：1,500 行。')
  })

  it('says so when a later table, beyond the preview, was left for another import', async () => {
    const run = await start()
    const done = outcome()
    done.datasets[0] = { ...done.datasets[0]!, next_table: 640 }
    run.finish(done)
    await flushPromises()
    expect(document.body.textContent).toContain('第 640 行起还有一个表格，这次没有导入。')
  })

  it('keeps showing the finished import while the dialog fades out, and starts over only once it is gone', async () => {
    const run = await start()
    run.finish(outcome())
    await flushPromises()
    const importer = useImportStore()
    expect(importer.visible).toBe(false)
    expect($('[data-testid="wizard-pick"]'), 'no flash of "choose file" during the animation').toBeNull()
    expect($('[data-testid="wizard-progress"]'), 'the import step stays until the dialog is gone').not.toBeNull()
    expect(importer.file, 'nothing is reset before the dialog has closed').not.toBeNull()

    wrapper?.findComponent(ElDialog).vm.$emit('closed')
    await flushPromises()
    expect(importer.file, 'reset once the dialog is gone').toBeNull()
    importer.open()
    await flushPromises()
    expect($('[data-testid="wizard-pick"]'), 'the next import starts at "choose file"').not.toBeNull()
    expect($('[data-testid="wizard-start"]')).toBeNull()
  })

  it('asks before closing while importing, and cancels the import if the user agrees', async () => {
    const run = await start()
    vi.mocked(jobCancel).mockResolvedValue()
    $('.el-dialog__headerbtn')?.click()
    await flushPromises()
    expect(document.body.textContent, 'the user is asked first').toContain('导入还没有完成。要取消导入并关闭吗？')
    expect(jobCancel, 'nothing is cancelled before the answer').not.toHaveBeenCalled()
    $$('.el-message-box__btns button').find((b) => b.textContent?.includes('取消导入并关闭'))?.click()
    await flushPromises()
    expect(jobCancel).toHaveBeenCalledWith(run.job)
    expect(useImportStore().visible).toBe(false)
  })
})
