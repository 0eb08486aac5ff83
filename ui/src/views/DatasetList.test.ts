import { flushPromises, mount } from '@vue/test-utils'
import ElementPlus from 'element-plus'
import { createPinia, setActivePinia, type Pinia } from 'pinia'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'

import {
  appContext,
  bundleExport,
  datasetList,
  pickBundleFile,
  pickImportFile,
  workspaceInfo,
  type AppContext,
  type DatasetSummary,
  type WorkspaceInfo,
} from '../api'
import ImportWizard from '../components/import/ImportWizard.vue'
import { i18n } from '../i18n'
import { useAppStore } from '../stores/app'
import { useImportStore } from '../stores/importer'
import { useNavStore } from '../stores/nav'
import DatasetList from './DatasetList.vue'

vi.mock('../api', async (importOriginal) => ({
  ...(await importOriginal<typeof import('../api')>()),
  appContext: vi.fn(),
  workspaceInfo: vi.fn(),
  datasetList: vi.fn(),
  pickImportFile: vi.fn(),
  pickBundleFile: vi.fn(),
  bundleExport: vi.fn(),
}))

const PATH = '/home/clerk/.local/share/kaifang/workspace.sqlite3'
const context: AppContext = { version: '0.1.0', os_locale: 'zh-CN', workspace_path: PATH, workspace_error: null }
const info: WorkspaceInfo = {
  path: PATH,
  workspace_id: 'b7f1',
  created_at: '2025-01-01T00:00:00Z',
  schema_version: 1,
  supported_schema_version: 1,
  size_bytes: 4096,
  counts: { audit_entries: 1 },
}

let pinia: Pinia
let missing: string[]

beforeEach(() => {
  vi.resetAllMocks()
  localStorage.clear()
  pinia = createPinia()
  setActivePinia(pinia)
  // A key absent from a catalog would otherwise render as the key itself.
  missing = []
  i18n.global.setMissingHandler((_locale, key) => {
    missing.push(key)
    return key
  })
})

afterEach(() => {
  i18n.global.setMissingHandler(null)
  expect(missing, 'every message the screen uses exists').toEqual([])
  document.body.innerHTML = ''
})

async function mountLoaded() {
  await useAppStore().load()
  const wrapper = mount(DatasetList, { global: { plugins: [pinia, i18n, ElementPlus] }, attachTo: document.body })
  await flushPromises()
  return wrapper
}

describe('dataset list', () => {
  beforeEach(() => {
    vi.mocked(appContext).mockResolvedValue(context)
    vi.mocked(workspaceInfo).mockResolvedValue(info)
    vi.mocked(datasetList).mockResolvedValue([])
  })

  it('explains Kaifang in Chinese on an empty workspace, then in English after switching', async () => {
    const wrapper = await mountLoaded()
    expect(wrapper.get('[data-testid="page-title"]').text()).toBe('数据集')
    const empty = wrapper.get('[data-testid="empty-state"]')
    expect(empty.text(), 'the Chinese OS locale chooses Chinese').toContain('还没有数据集')
    expect(empty.text()).toContain('找出并遮盖身份证号')
    expect(empty.text(), 'the next step is named').toContain('第一步：导入一个表格')

    useAppStore().setLanguage('en')
    await flushPromises()
    expect(wrapper.get('[data-testid="page-title"]').text()).toBe('Datasets')
    const emptyEn = wrapper.get('[data-testid="empty-state"]').text()
    expect(emptyEn).toContain('No datasets yet')
    expect(emptyEn).toContain('To begin, import a spreadsheet.')
    expect(emptyEn, 'no Chinese left after switching').not.toMatch(/[\u4e00-\u9fff]/)
  })

  it('shows the empty table with the columns of the UI map', async () => {
    const wrapper = await mountLoaded()
    const headers = wrapper.get('[data-testid="dataset-list"]').findAll('th').map((th) => th.text())
    expect(headers, 'a tick box (for review bundles), then the columns').toEqual(['', '名称', '部门', '状态', '风险', '完整度', '行数', '更新时间'])
  })

  it('offers import as the primary action, opening the wizard at "choose file"', async () => {
    const wrapper = await mountLoaded()
    const wizard = mount(ImportWizard, { global: { plugins: [pinia, i18n, ElementPlus] }, attachTo: document.body })
    const button = wrapper.get('[data-testid="import-button"]')
    expect(button.text()).toBe('导入表格')
    expect(button.classes()).toContain('el-button--primary')
    expect(button.attributes('disabled'), 'import is the call to action, never disabled').toBeUndefined()
    await button.trigger('click')
    await flushPromises()
    const dialog = document.querySelector('[data-testid="import-dialog"]')
    expect(dialog, 'the wizard opens').not.toBeNull()
    expect(dialog?.textContent, 'and says that dropping a file works too').toContain('拖到窗口')
    document.querySelector<HTMLElement>('[data-testid="wizard-pick"]')?.click()
    await flushPromises()
    expect(pickImportFile, 'choosing the file is the native dialog of the Rust side').toHaveBeenCalledTimes(1)
    wizard.unmount()
  })

  it('has one import button; review bundles are in its menu, reachable by keyboard', async () => {
    const wrapper = await mountLoaded()
    const header = wrapper.get('.page__header')
    const buttons = header.findAll('button').filter((b) => b.text() !== '')
    expect(buttons.map((b) => b.text()), 'no second "导入…" button beside it').toEqual(['导入表格'])
    expect(header.find('[data-testid="bundle-import"]').exists(), 'bundle actions are not buttons of their own').toBe(false)
    const more = wrapper.get<HTMLButtonElement>('[data-testid="import-more"]')
    expect(more.element.tagName, 'the menu opens from a real button (Tab, Enter)').toBe('BUTTON')
    expect(more.attributes('aria-label')).toBe('更多选项：导入或导出审核包')
    expect(more.classes(), 'both halves are primary: one split button').toContain('el-button--primary')
    more.element.focus()
    await more.trigger('keydown', { code: 'Enter', key: 'Enter' })
    await flushPromises()
    // The popper shows on the next frames, later under load: wait for it.
    const shown = () =>
      [...document.querySelectorAll<HTMLElement>('.el-dropdown__popper')].filter((p) => p.style.display !== 'none')
    await vi.waitFor(() => expect(shown(), 'Enter opens the one menu').toHaveLength(1), { timeout: 5000 })
    const open = shown()
    const items = [...(open[0]?.querySelectorAll<HTMLElement>('.el-dropdown-menu__item') ?? [])]
    expect(items.map((i) => i.dataset.testid)).toEqual(['bundle-import', 'bundle-export'])
    expect(items[0]?.textContent, 'each item says what it does').toContain('导入从另一台电脑带来的审核包')
    expect(items.map((i) => i.getAttribute('role'))).toEqual(['menuitem', 'menuitem'])
    items[0]?.click()
    await flushPromises()
    expect(pickBundleFile, 'importing a bundle starts with the open dialog').toHaveBeenCalledTimes(1)
  })

  it('offers the same button, with bundle import in its menu, on an empty workspace', async () => {
    const wrapper = await mountLoaded()
    const empty = wrapper.get('[data-testid="empty-state"]')
    expect(empty.get('[data-testid="empty-import-button"]').text()).toBe('导入表格')
    await empty.get('[data-testid="empty-import-more"]').trigger('click')
    await flushPromises()
    const item = document.querySelector<HTMLElement>('[data-testid="empty-bundle-import"]')
    expect(item, 'a steward starts by importing a bundle').not.toBeNull()
    expect(document.querySelector('[data-testid="empty-bundle-export"]'), 'nothing to export yet').toBeNull()
    item?.click()
    await flushPromises()
    expect(pickBundleFile).toHaveBeenCalledTimes(1)
  })
})

describe('a workspace with datasets', () => {
  const summary = (over: Partial<DatasetSummary>): DatasetSummary => ({
    id: 1,
    name: '低保名单',
    status: 'draft',
    version: 1,
    rows: 12345,
    columns: 8,
    source_name: '低保名单.xlsx',
    sheet: 'Sheet1',
    updated_at: '2025-03-04T05:06:07Z',
    findings: 0,
    personal_columns: -1,
    personal_kept: 0,
    department: null,
    completeness: null,
    personal_unhandled: null,
    ...over,
  })
  const list = [
    summary({ id: 1, name: '低保名单', status: 'draft', findings: 3 }),
    summary({ id: 2, name: '学校名录', status: 'submitted', rows: 88 }),
    summary({ id: 3, name: '诊所分布', status: 'returned' }),
    summary({ id: 4, name: '道路养护', status: 'approved' }),
    summary({ id: 5, name: '公交线路', status: 'published' }),
  ]

  beforeEach(() => {
    vi.mocked(appContext).mockResolvedValue(context)
    vi.mocked(workspaceInfo).mockResolvedValue(info)
    vi.mocked(datasetList).mockResolvedValue(list)
  })

  const names = (w: Awaited<ReturnType<typeof mountLoaded>>) =>
    w.findAll('[data-testid="dataset-row"]').map((r) => r.text())

  it('exports the ticked submitted datasets as a review bundle; others cannot be ticked', async () => {
    vi.mocked(datasetList).mockResolvedValue(list)
    vi.mocked(bundleExport).mockResolvedValue('审核包-2025-03-04.kaifang')
    const wrapper = await mountLoaded()
    const exportItem = async () => {
      await wrapper.get('[data-testid="import-more"]').trigger('click')
      await flushPromises()
      document.querySelector<HTMLElement>('[data-testid="bundle-export"]')?.click()
      await flushPromises()
    }
    await exportItem()
    expect(bundleExport, 'nothing ticked: nothing exported').not.toHaveBeenCalled()
    expect(document.body.textContent).toContain('请先在列表中勾选')

    const boxes = wrapper.findAll('tbody .el-checkbox')
    expect(boxes.map((b) => b.classes().includes('is-disabled')), 'only the submitted one can travel').toEqual([
      true,
      false,
      true,
      true,
      true,
    ])
    await boxes[1]?.get('input').trigger('click')
    await flushPromises()
    await exportItem()
    expect(bundleExport).toHaveBeenCalledWith([2], false)
    expect(document.body.textContent).toContain('审核包已保存为 审核包-2025-03-04.kaifang')
  })

  it('lists each dataset with its status chip, rows and findings', async () => {
    const wrapper = await mountLoaded()
    expect(names(wrapper)).toEqual(['低保名单', '学校名录', '诊所分布', '道路养护', '公交线路'])
    expect(wrapper.find('[data-testid="empty-state"]').exists(), 'no empty state beside data').toBe(false)
    const chips = wrapper.findAll('[data-testid="status-chip"]')
    expect(chips.map((c) => c.text())).toEqual(['草稿', '已提交', '已退回', '已通过', '已发布'])
    expect(
      chips.map((c) => c.classes().find((k) => k.startsWith('status-chip--'))),
      'each status has its own colour class',
    ).toEqual([
      'status-chip--draft',
      'status-chip--submitted',
      'status-chip--returned',
      'status-chip--approved',
      'status-chip--published',
    ])
    const first = wrapper.findAll('tbody tr')[0]
    expect(first?.text(), 'rows in the local number format').toContain('12,345')
    expect(first?.get('[data-testid="findings-count"]').text()).toBe('3 个问题')
    expect(wrapper.findAll('[data-testid="findings-count"]'), 'no tag where nothing was found').toHaveLength(1)
    expect(first?.classes()).toContain('dataset-row')
  })

  it('filters by name and by status', async () => {
    const wrapper = await mountLoaded()
    await wrapper.get('[data-testid="dataset-search"]').setValue('学校')
    expect(names(wrapper)).toEqual(['学校名录'])
    await wrapper.get('[data-testid="dataset-search"]').setValue('')
    const status = wrapper.findAllComponents({ name: 'ElSelect' }).find((c) => c.attributes('data-testid') === 'dataset-status-filter')
    status?.vm.$emit('update:modelValue', 'published')
    await flushPromises()
    expect(names(wrapper)).toEqual(['公交线路'])
    await wrapper.get('[data-testid="dataset-search"]').setValue('低保')
    expect(wrapper.get('[data-testid="no-match"]').text(), 'an empty result says why').toContain('没有符合条件')
  })

  it('shows what is still unhandled, the department and the completeness of each dataset', async () => {
    vi.mocked(datasetList).mockResolvedValue([
      summary({ id: 1, name: '未检查', personal_columns: -1 }),
      summary({ id: 2, name: '学校名录', personal_columns: 0, department: '县教育局', completeness: 100 }),
      summary({ id: 3, name: '低保名单', personal_columns: 4, personal_unhandled: 1, completeness: 40 }),
      summary({ id: 4, name: '公示名单', personal_columns: 3, personal_kept: 1, personal_unhandled: 0 }),
    ])
    const wrapper = await mountLoaded()
    const rows = wrapper.findAll('tbody tr')
    const badge = (i: number) => rows[i]?.get('[data-testid="risk-badge"]')
    expect(rows.map((r) => r.findAll('[data-testid="risk-badge"]').length), 'one badge in each row').toEqual([1, 1, 1, 1])
    expect(badge(0)?.text(), 'never scanned').toBe('—')
    expect(badge(1)?.text()).toBe('无个人信息')
    expect(badge(1)?.classes(), 'clean in green').toContain('el-tag--success')
    expect(badge(2)?.text()).toBe('1 项待处理')
    expect(badge(2)?.classes(), 'a decision still to make in risk red').toContain('el-tag--danger')
    expect(rows[2]?.find('[data-testid="risk-kept"]').exists(), 'nothing kept as is').toBe(false)
    expect(badge(3)?.text()).toBe('3 项已处理')
    expect(badge(3)?.classes(), 'handled: no longer red').toContain('el-tag--success')
    expect(rows[3]?.get('[data-testid="risk-kept"]').text()).toBe('其中 1 项原样公开')
    expect(rows[0]?.get('.risk').attributes('aria-label')).toContain('尚未检查个人信息')
    expect(rows[1]?.get('[data-testid="dataset-department"]').text()).toBe('县教育局')
    expect(rows[1]?.get('[data-testid="dataset-completeness"]').text()).toBe('100%')
    expect(rows[2]?.get('[data-testid="dataset-completeness"]').text()).toBe('40%')
  })

  it('opens a dataset on a click of its row', async () => {
    const wrapper = await mountLoaded()
    await wrapper.findAll('[data-testid="dataset-row"]')[1]?.trigger('click')
    expect(useNavStore().dataset).toBe('2')
  })

  it('reminds of datasets past their update date, each with its new version to import', async () => {
    vi.mocked(datasetList).mockResolvedValue([
      summary({ id: 1, name: '低保名单', due: '2020-01-31' }),
      summary({ id: 2, name: '学校名录', due: '2999-01-01' }),
      summary({ id: 3, name: '诊所分布' }),
    ])
    const wrapper = await mountLoaded()
    const reminder = wrapper.get('[data-testid="due-reminder"]')
    expect(reminder.text()).toContain('1 个数据集到期需要更新')
    expect(reminder.text()).toContain('应在 2020-01-31 更新，已逾期')
    expect(reminder.find('[data-testid="due-reminder-2"]').exists(), 'not due yet').toBe(false)
    const rows = wrapper.findAll('tbody tr')
    expect(rows[0]?.get('[data-testid="overdue-badge"]').text()).toBe('逾期')
    expect(rows[1]?.find('[data-testid="overdue-badge"]').exists()).toBe(false)
    await wrapper.get('[data-testid="due-import-1"]').trigger('click')
    const importer = useImportStore()
    expect([importer.visible, importer.into], 'the wizard opens for a new version of it').toEqual([true, '1'])
  })

  it('is narrowed to what the overview chose, said in words, until the filter is removed', async () => {
    vi.mocked(datasetList).mockResolvedValue([
      summary({ id: 1, name: '低保名单', theme: 'social_security', completeness: 45 }),
      summary({ id: 2, name: '学校名录', theme: 'education', completeness: 100 }),
      summary({ id: 3, name: '诊所分布', completeness: 41, published_at: '2026-11-02T08:00:00Z' }),
    ])
    const nav = useNavStore()
    await nav.showList({ kind: 'completeness', value: 4 })
    const wrapper = await mountLoaded()
    expect(names(wrapper)).toEqual(['低保名单', '诊所分布'])
    expect(wrapper.get('[data-testid="list-filter"]').text()).toBe('筛选：元数据完整度 40%–49%')
    await nav.showList({ kind: 'published', value: '2026-11' })
    await flushPromises()
    expect(names(wrapper)).toEqual(['诊所分布'])
    await wrapper.get('[data-testid="list-filter"] .el-tag__close').trigger('click')
    await flushPromises()
    expect(names(wrapper), 'all again').toHaveLength(3)
    expect(wrapper.find('[data-testid="list-filter"]').exists()).toBe(false)
  })
})

describe('a workspace that cannot be opened', () => {
  it('shows the translated message with the path, and the code and detail for support', async () => {
    vi.mocked(appContext).mockResolvedValue({
      ...context,
      workspace_error: {
        code: 'workspace_foreign',
        message: `${PATH} is a database of another program, not a Kaifang workspace`,
        params: { path: PATH },
      },
    })
    const wrapper = await mountLoaded()
    expect(workspaceInfo, 'no point asking a workspace that did not open').not.toHaveBeenCalled()
    expect(wrapper.get('[data-testid="error-message"]').text()).toBe(
      `文件 ${PATH} 属于其他软件，不是开放的工作区。为避免损坏它，开放不会修改这个文件。请选择正确的工作区文件。`,
    )
    const detail = wrapper.get('[data-testid="error-detail"]').text()
    expect(detail).toContain('workspace_foreign')
    expect(detail).toContain('is a database of another program')
    expect(wrapper.find('[data-testid="dataset-list"]').exists(), 'no list without a workspace').toBe(false)
    expect(wrapper.find('[data-testid="import-button"]').exists()).toBe(false)

    useAppStore().setLanguage('en')
    await flushPromises()
    expect(wrapper.get('[data-testid="error-message"]').text()).toContain(`The file ${PATH} belongs to another program`)
  })

  it('shows the error when workspace_info fails', async () => {
    vi.mocked(appContext).mockResolvedValue(context)
    vi.mocked(workspaceInfo).mockRejectedValue({
      code: 'workspace_newer_schema',
      message: 'newer schema',
      params: { path: PATH, found: '3', supported: '1' },
    })
    const wrapper = await mountLoaded()
    expect(wrapper.get('[data-testid="error-message"]').text()).toContain('（版本 3），当前程序最高支持版本 1')
  })

  it('explains an unexpected failure as an internal error', async () => {
    vi.mocked(appContext).mockRejectedValue('invoke failed')
    useAppStore().setLanguage('en')
    const wrapper = await mountLoaded()
    expect(wrapper.get('[data-testid="error-message"]').text()).toContain('Something went wrong inside Kaifang')
    expect(wrapper.get('[data-testid="error-detail"]').text()).toContain('internal')
  })
})
