import { flushPromises, mount, type VueWrapper } from '@vue/test-utils'
import ElementPlus from 'element-plus'
import { createPinia, setActivePinia } from 'pinia'
import { afterEach, beforeEach, expect, it, vi } from 'vitest'

import { maskPreview } from '../../api'
import { i18n } from '../../i18n'
import MaskPreview from './MaskPreview.vue'
import { fakeWorkspace } from './sensitiveFixtures'

vi.mock('../../api', async (importOriginal) => ({
  ...(await importOriginal<typeof import('../../api')>()),
  maskPreview: vi.fn(),
}))

let wrapper: VueWrapper | null = null
let missing: string[]

beforeEach(() => {
  vi.resetAllMocks()
  setActivePinia(createPinia())
  i18n.global.locale.value = 'zh-CN'
  missing = []
  i18n.global.setMissingHandler((_locale, key) => {
    missing.push(key)
    return key
  })
  const workspace = fakeWorkspace()
  // 家庭住址 left out, so a dropped column is on the page too.
  workspace.set(4, 'drop', null)
  vi.mocked(maskPreview).mockImplementation(async (_dataset, offset, limit) => workspace.preview(offset, limit))
})

afterEach(() => {
  wrapper?.unmount()
  wrapper = null
  i18n.global.setMissingHandler(null)
  expect(missing, 'every message exists').toEqual([])
})

async function mountPreview(): Promise<VueWrapper> {
  wrapper = mount(MaskPreview, { props: { dataset: '7', total: 45 }, global: { plugins: [i18n, ElementPlus] } })
  await flushPromises()
  return wrapper
}

/** The cell of preview row `row` (0-based) and column `position`. */
const cell = (w: VueWrapper, row: number, position: number) => w.get(`tbody tr:nth-child(${row + 1}) td:nth-child(${position + 2})`)
const shown = (w: VueWrapper, row: number, position: number) =>
  cell(w, row, position)
    .findAll('.preview__original, .preview__public, .preview__value')
    .map((d) => d.text())

it('shows a cell once when masking leaves it alone, and both values, highlighted, where it changes it', async () => {
  const w = await mountPreview()
  expect(shown(w, 0, 0), '序号 is kept: one value').toEqual(['1'])
  expect(shown(w, 0, 5), '补贴金额 too').toEqual(['300'])
  expect(shown(w, 0, 6), 'an empty note has nothing to redact').toEqual([''])
  expect(shown(w, 0, 1), 'a masked name: before and after').toEqual(['张三', '张*'])
  expect(shown(w, 1, 6), 'a note with a phone number in it').toEqual(['已电话联系 13912345671', '已电话联系 139****5678'])
  expect(shown(w, 0, 4), 'a dropped column').toEqual(['某某县城关镇东村3组12号', '不公开'])

  expect(cell(w, 0, 1).classes(), 'a changed cell is highlighted').toContain('preview__td--changed')
  expect(cell(w, 0, 6).classes(), 'an unchanged one is not').not.toContain('preview__td--changed')
  expect(cell(w, 1, 6).classes()).toContain('preview__td--changed')
  const headers = w.findAll('thead th').slice(1)
  expect(
    headers.map((h) => h.attributes('data-changed')),
    'the columns masking changes on this page',
  ).toEqual(['false', 'true', 'true', 'true', 'true', 'false', 'true', 'false'])
  expect(w.text()).toContain('高亮的单元格公开时会改变')
  expect(w.findAll('tbody tr')[0]?.findAll('.preview__original'), 'row 1: only 姓名, 身份证号, 电话 and 住址 doubled').toHaveLength(4)
})

it('brings every before and after back with "show all"', async () => {
  const w = await mountPreview()
  const toggle = w.get('[data-testid="preview-show-all"]')
  expect(toggle.text()).toBe('显示全部')
  await toggle.trigger('click')
  await flushPromises()
  expect(shown(w, 0, 0)).toEqual(['1', '1'])
  expect(shown(w, 0, 6)).toEqual(['', ''])
  expect(shown(w, 0, 1)).toEqual(['张三', '张*'])
  expect(w.findAll('tbody tr')[0]?.findAll('.preview__original'), 'every cell doubled').toHaveLength(8)
  expect(w.text()).toContain('每格上方是原值，下方是公开后的值。')
  expect(cell(w, 0, 0).classes(), 'the highlight still tells the changes apart').not.toContain('preview__td--changed')
  await toggle.trigger('click')
  await flushPromises()
  expect(shown(w, 0, 0)).toEqual(['1'])
  i18n.global.locale.value = 'en'
  await flushPromises()
  expect(toggle.text()).toBe('Show all')
})
