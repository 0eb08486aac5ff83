import { flushPromises, mount, type VueWrapper } from '@vue/test-utils'
import ElementPlus, { ElMessageBox } from 'element-plus'
import { createPinia, setActivePinia } from 'pinia'
import { afterEach, beforeEach, expect, it, vi } from 'vitest'

import {
  cleanApply,
  cleanClusters,
  cleanHistory,
  cleanPrevious,
  cleanRecipeOpen,
  cleanRecipeSave,
  cleanReplayFile,
  cleanReplayPrevious,
  cleanPreview,
  cleanRedo,
  cleanRewrite,
  cleanUndo,
  type CleanHistory,
  type Step,
  type StepRecord,
} from '../../api'
import { i18n } from '../../i18n'
import { statusLine } from '../../notify'
import CleanTab from './CleanTab.vue'

vi.mock('../../api', async (importOriginal) => ({
  ...(await importOriginal<typeof import('../../api')>()),
  cleanHistory: vi.fn(),
  cleanPreview: vi.fn(),
  cleanApply: vi.fn(),
  cleanUndo: vi.fn(),
  cleanRedo: vi.fn(),
  cleanRewrite: vi.fn(),
  cleanRestore: vi.fn(),
  cleanClusters: vi.fn(),
  cleanPrevious: vi.fn(),
  cleanReplayPrevious: vi.fn(),
  cleanRecipeSave: vi.fn(),
  cleanRecipeOpen: vi.fn(),
  cleanReplayFile: vi.fn(),
}))

let wrapper: VueWrapper | null = null
let missing: string[]

const dates: Step = { op: 'dates', columns: ['发放日期'], filter: null }

function record(position: number, step: Step, state = 'applied'): StepRecord {
  return {
    id: position + 10,
    position,
    step,
    state,
    outcome: { rows: 6, cells: 6, width_before: 9, forms: { dots: 2, excel_serial: 4 } },
    added_by: '小王',
    added_at: '2026-12-07T08:00:00Z',
  }
}

let history: CleanHistory

beforeEach(() => {
  vi.resetAllMocks()
  setActivePinia(createPinia())
  i18n.global.locale.value = 'zh-CN'
  missing = []
  i18n.global.setMissingHandler((_locale, key) => {
    missing.push(key)
    return key
  })
  history = { version: null, base_version: 1, steps: [], branches: {} }
  vi.mocked(cleanHistory).mockImplementation(async () => history)
  vi.mocked(cleanPrevious).mockResolvedValue(null)
  vi.mocked(cleanPreview).mockResolvedValue({
    rows: 6,
    cells: 6,
    width_before: 9,
    samples: [['2023.1.5', '2023-01-05']],
    forms: { dots: 2, excel_serial: 4 },
  })
  vi.mocked(cleanApply).mockImplementation(async (_d, step) => {
    const r = record(history.steps.length + 1, step)
    history = { ...history, version: 2, steps: [...history.steps, r] }
    return r
  })
  vi.mocked(cleanUndo).mockImplementation(async () => {
    const last = history.steps[history.steps.length - 1]!
    history = { ...history, steps: history.steps.map((s) => (s.id === last.id ? { ...s, state: 'undone' } : s)) }
    return { ...last, state: 'undone' }
  })
  vi.mocked(cleanRedo).mockImplementation(async () => {
    const next = history.steps.find((s) => s.state === 'undone')!
    history = { ...history, steps: history.steps.map((s) => (s.id === next.id ? { ...s, state: 'applied' } : s)) }
    return { ...next, state: 'applied' }
  })
})

afterEach(() => {
  wrapper?.unmount()
  wrapper = null
  i18n.global.setMissingHandler(null)
  expect(missing, 'every message exists').toEqual([])
})

function mountTab(active = true): VueWrapper {
  wrapper = mount(CleanTab, {
    props: { dataset: '1', columns: ['乡镇', '姓名', '发放日期'], active, preset: { op: 'dates', column: '发放日期', at: 1 } },
    global: { plugins: [i18n, ElementPlus] },
    attachTo: document.body,
  })
  return wrapper
}

it('previews a step with its counts, samples and the forms found, then applies exactly that step', async () => {
  const w = mountTab()
  await flushPromises()
  expect(w.get('[data-testid="clean-empty"]').text()).toContain('还没有清洗步骤')
  expect(w.get('[data-testid="clean-apply"]').attributes('disabled')).toBeDefined()

  await w.get('[data-testid="clean-preview"]').trigger('click')
  await flushPromises()
  expect(cleanPreview).toHaveBeenCalledWith('1', dates)
  const result = w.get('[data-testid="clean-result"]').text()
  expect(result).toContain('将改动 6 行、6 格')
  expect(result).toContain('2023.1.5 → 2023-01-05')
  expect(result).toContain('原有写法：圆点（2023.1.5） 2 个，Excel 日期序号 4 个')

  await w.get('[data-testid="clean-apply"]').trigger('click')
  await flushPromises()
  expect(cleanApply).toHaveBeenCalledWith('1', dates)
  expect(w.emitted('changed')).toHaveLength(1)
  expect(statusLine.message).toBe('已执行第 1 步：统一日期格式')
  expect(w.get('[data-testid="clean-step-1"]').text()).toContain('第 1 步 · 统一日期格式')
  expect(w.get('[data-testid="clean-step-1"]').text()).toContain('改动 6 行、6 格')
  expect(w.get('[data-testid="clean-base"]').text()).toBe('由第 1 版导入数据复制为第 2 版')
})

it('Ctrl+Z undoes and Ctrl+Shift+Z redoes while the tab is shown, but not while typing in a field', async () => {
  history = { version: 2, base_version: 1, steps: [record(1, dates)], branches: {} }
  const w = mountTab()
  await flushPromises()
  window.dispatchEvent(new KeyboardEvent('keydown', { key: 'z', ctrlKey: true }))
  await flushPromises()
  expect(cleanUndo).toHaveBeenCalledTimes(1)
  expect(w.get('[data-testid="clean-step-1"]').attributes('data-state')).toBe('undone')
  // In a field, Ctrl+Z is the field's own.
  const input = w.get('[data-testid="clean-columns"] input').element as HTMLInputElement
  input.dispatchEvent(new KeyboardEvent('keydown', { key: 'Z', ctrlKey: true, shiftKey: true, bubbles: true }))
  await flushPromises()
  expect(cleanRedo).not.toHaveBeenCalled()
  window.dispatchEvent(new KeyboardEvent('keydown', { key: 'Z', ctrlKey: true, shiftKey: true }))
  await flushPromises()
  expect(cleanRedo).toHaveBeenCalledTimes(1)
  expect(w.get('[data-testid="clean-step-1"]').attributes('data-state')).toBe('applied')
  expect(w.emitted('changed')).toHaveLength(2)
  // Hidden, the tab leaves the keys alone.
  await w.setProps({ active: false })
  window.dispatchEvent(new KeyboardEvent('keydown', { key: 'z', ctrlKey: true }))
  await flushPromises()
  expect(cleanUndo).toHaveBeenCalledTimes(1)
})

it('changes a step in the middle, removes one after asking, and says why a step was skipped', async () => {
  const trim: Step = { op: 'trim', columns: ['姓名'], filter: null }
  const fill: Step = { op: 'fill_down', columns: ['乡镇'], filter: null }
  const skipped = {
    ...record(3, { op: 'trim', columns: ['组'], filter: null }, 'skipped'),
    outcome: {
      rows: 0,
      cells: 0,
      width_before: 9,
      skipped: { code: 'clean_column_missing' as const, message: 'missing', params: { column: '组' } },
    },
  }
  history = { version: 2, base_version: 1, steps: [record(1, trim), record(2, fill), skipped], branches: {} }
  vi.mocked(cleanRewrite).mockResolvedValue(history)
  const w = mountTab()
  await flushPromises()
  expect(w.get('[data-testid="clean-skipped-3"]').text()).toContain('不再适用：这一步要用的列“组”在当前数据中不存在')

  // Change step 1: the form takes it, the save sends the new step for its id.
  await w.get('[data-testid="clean-edit-1"]').trigger('click')
  await flushPromises()
  expect(w.text()).toContain('修改第 1 步')
  expect(w.get('[data-testid="clean-apply"]').text()).toBe('保存修改')
  await w.get('[data-testid="clean-preview"]').trigger('click')
  await flushPromises()
  await w.get('[data-testid="clean-apply"]').trigger('click')
  await flushPromises()
  expect(cleanRewrite).toHaveBeenCalledWith('1', 11, trim)

  // Remove step 2, confirmed.
  const confirm = vi.spyOn(ElMessageBox, 'confirm').mockResolvedValue('confirm' as never)
  await w.get('[data-testid="clean-remove-2"]').trigger('click')
  await flushPromises()
  expect(confirm.mock.calls[0]?.[0]).toContain('删除第 2 步“向下填充”？')
  expect(cleanRewrite).toHaveBeenLastCalledWith('1', 12, null)
  expect(statusLine.message).toBe('已删除一步，其后的步骤已重新执行')
  // Not confirmed: nothing happens.
  confirm.mockRejectedValue('cancel')
  await w.get('[data-testid="clean-remove-1"]').trigger('click')
  await flushPromises()
  expect(cleanRewrite).toHaveBeenCalledTimes(2)
})

it('reads in English too', async () => {
  i18n.global.locale.value = 'en'
  history = { version: 2, base_version: 1, steps: [record(1, dates)], branches: { '1': [record(2, dates, 'undone')] } }
  const w = mountTab()
  await flushPromises()
  expect(w.get('[data-testid="clean-step-1"]').text()).toContain('Step 1 · Unify dates')
  expect(w.get('[data-testid="clean-branch-1"]').text()).toContain('Branch 1: Unify dates')
})

it('finds similar values of a column and merges a cluster as one value-map step', async () => {
  vi.mocked(cleanClusters).mockResolvedValue([
    { key: '城关镇', values: [['城关镇', 120], ['城關鎮', 3], ['城关 镇', 2]], rows: 125 },
  ])
  const w = mountTab()
  await flushPromises()
  await w.get('[data-testid="clean-cluster-find"]').trigger('click')
  await flushPromises()
  expect(cleanClusters).toHaveBeenCalledWith('1', '发放日期', 'fingerprint')
  const cluster = w.get('[data-testid="clean-cluster-1"]')
  expect(cluster.text()).toContain('城關鎮')
  expect(cluster.text()).toContain('合并为“城关镇”')
  // Another value chosen as the right one.
  await cluster.findAll('input[type="radio"]')[1]!.setValue(true)
  await w.get('[data-testid="clean-cluster-merge-1"]').trigger('click')
  await flushPromises()
  expect(cleanApply).toHaveBeenCalledWith('1', {
    op: 'map',
    columns: ['发放日期'],
    filter: null,
    params: { pairs: [['城关镇', '城關鎮'], ['城关 镇', '城關鎮']] },
  })
  expect(cleanClusters).toHaveBeenCalledTimes(2)
})

it('a step with a filter (a range, invalid values, chosen values) goes back to the form and out again unchanged', async () => {
  const ranged: Step = { op: 'numbers', params: { from_wan: true }, columns: ['金额'], filter: { column: '金额', is: 'range', min: 0, max: null } }
  const invalid: Step = { op: 'half_width', columns: ['金额'], filter: { column: '金额', is: 'invalid' } }
  const chosen: Step = { op: 'trim', columns: ['姓名'], filter: { column: '乡镇', is: 'one_of', values: ['城关镇', '石桥乡'] } }
  history = { version: 2, base_version: 1, steps: [record(1, ranged), record(2, invalid), record(3, chosen)], branches: {} }
  vi.mocked(cleanRewrite).mockResolvedValue(history)
  const w = mountTab()
  await flushPromises()
  for (const [position, s] of [[1, ranged], [2, invalid], [3, chosen]] as const) {
    await w.get(`[data-testid="clean-edit-${position}"]`).trigger('click')
    await flushPromises()
    await w.get('[data-testid="clean-preview"]').trigger('click')
    await flushPromises()
    expect(cleanPreview).toHaveBeenLastCalledWith('1', s)
  }
})

it('offers last month\'s cleaning for the version just imported, asking only for the column it cannot match', async () => {
  vi.mocked(cleanPrevious).mockResolvedValue({
    version: 2,
    steps: [dates, { op: 'half_width', columns: ['联系电话'], filter: null }],
    mapped: { 发放日期: '发放 日期' },
    unmapped: ['联系电话'],
  })
  vi.mocked(cleanReplayPrevious).mockResolvedValue({ mapped: {}, steps: [], preview: false })
  const w = mountTab()
  await flushPromises()
  const box = w.get('[data-testid="clean-previous"]')
  expect(box.text()).toContain('第 2 版清洗过 2 步，沿用到这一版？')
  expect(box.text()).toContain('“发放日期”对应这一版的“发放 日期”')
  expect(box.text()).toContain('“联系电话”在这一版是哪一列？')
  expect(w.get('[data-testid="clean-previous-apply"]').attributes('disabled')).toBeDefined()
  w.get('[data-testid="clean-previous-ask-联系电话"]').findComponent({ name: 'ElSelect' }).vm.$emit('update:modelValue', '手机号')
  await flushPromises()
  await w.get('[data-testid="clean-previous-apply"]').trigger('click')
  await flushPromises()
  expect(cleanReplayPrevious).toHaveBeenCalledWith('1', { 联系电话: '手机号' }, false)
  expect(statusLine.message).toBe('已沿用上一版的清洗步骤（2 步）')
  expect(w.emitted('changed')).toHaveLength(1)
})

it('matches place names to the official division names with a score and merges onto the official name', async () => {
  vi.mocked(cleanClusters).mockResolvedValue([
    {
      key: '盛乐镇',
      values: [['盛乐', 7], ['盛樂鎮', 2]],
      rows: 9,
      official: { name: '盛乐镇', code: '150123101', scores: [0.9, 1] },
    },
  ])
  const w = mountTab()
  await flushPromises()
  w.get('[data-testid="clean-cluster-method"]').findComponent({ name: 'ElSelect' }).vm.$emit('update:modelValue', 'division')
  await flushPromises()
  await w.get('[data-testid="clean-cluster-find"]').trigger('click')
  await flushPromises()
  expect(cleanClusters).toHaveBeenCalledWith('1', '发放日期', 'division')
  expect(w.get('[data-testid="clean-cluster-official-1"]').text()).toBe('规范名称：盛乐镇（区划代码 150123101）')
  const cluster = w.get('[data-testid="clean-cluster-1"]')
  expect(cluster.text()).toContain('盛乐 （7，匹配度 90%）')
  expect(cluster.text()).toContain('合并为“盛乐镇”')
  await w.get('[data-testid="clean-cluster-merge-1"]').trigger('click')
  await flushPromises()
  expect(cleanApply).toHaveBeenCalledWith('1', {
    op: 'map',
    columns: ['发放日期'],
    filter: null,
    params: { pairs: [['盛乐', '盛乐镇'], ['盛樂鎮', '盛乐镇']] },
  })
})

it('saves the steps to a file and replays a steps file opened, asking only for what it cannot match', async () => {
  history = { version: 2, base_version: 1, steps: [record(1, dates)], branches: {} }
  vi.mocked(cleanRecipeSave).mockResolvedValue('低保发放名单.kaifang-recipe')
  vi.mocked(cleanRecipeOpen).mockResolvedValue({
    file: { token: 't-1', file_name: '邻县的步骤.kaifang-recipe', size: 300 },
    offer: { steps: [dates], mapped: {}, unmapped: ['发放时间'] },
  })
  vi.mocked(cleanReplayFile).mockResolvedValue({ mapped: {}, steps: [[dates, { rows: 6, cells: 6, width_before: 9 }]], preview: true })
  const w = mountTab()
  await flushPromises()
  await w.get('[data-testid="clean-recipe-save"]').trigger('click')
  await flushPromises()
  expect(cleanRecipeSave).toHaveBeenCalledWith('1')
  expect(statusLine.message).toBe('已把 1 个清洗步骤保存到“低保发放名单.kaifang-recipe”')

  await w.get('[data-testid="clean-recipe-open"]').trigger('click')
  await flushPromises()
  const box = w.get('[data-testid="clean-previous"]')
  expect(box.text()).toContain('步骤文件“邻县的步骤.kaifang-recipe”有 1 步，用到这一版？')
  expect(box.text()).toContain('“发放时间”在这一版是哪一列？')
  w.get('[data-testid="clean-previous-ask-发放时间"]').findComponent({ name: 'ElSelect' }).vm.$emit('update:modelValue', '发放日期')
  await flushPromises()
  await w.get('[data-testid="clean-previous-preview"]').trigger('click')
  await flushPromises()
  expect(cleanReplayFile).toHaveBeenCalledWith('1', 't-1', { 发放时间: '发放日期' }, true)
  expect(w.get('[data-testid="clean-previous-result"]').text()).toContain('统一日期')
  await w.get('[data-testid="clean-previous-close"]').trigger('click')
  await flushPromises()
  expect(w.find('[data-testid="clean-previous"]').exists(), 'put away').toBe(false)
})

it('a cancelled dialog changes nothing, and nothing to save keeps the save button off', async () => {
  vi.mocked(cleanRecipeOpen).mockResolvedValue(null)
  const w = mountTab()
  await flushPromises()
  expect(w.get('[data-testid="clean-recipe-save"]').attributes('disabled')).toBeDefined()
  await w.get('[data-testid="clean-recipe-open"]').trigger('click')
  await flushPromises()
  expect(w.find('[data-testid="clean-previous"]').exists()).toBe(false)
})
