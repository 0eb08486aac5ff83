import { flushPromises, mount, type VueWrapper } from '@vue/test-utils'
import ElementPlus, { ElSelect } from 'element-plus'
import { createPinia, setActivePinia } from 'pinia'
import { afterEach, beforeEach, expect, it, vi } from 'vitest'

import { datasetPublications, metaFields, metaGet, metaPreview, metaSet } from '../../api'
import { i18n } from '../../i18n'
import { FIELDS, metadata } from './metaFixtures'
import MetadataTab from './MetadataTab.vue'

vi.mock('../../api', async (importOriginal) => ({
  ...(await importOriginal<typeof import('../../api')>()),
  metaFields: vi.fn(),
  metaGet: vi.fn(),
  metaSet: vi.fn(),
  metaPreview: vi.fn(),
  datasetPublications: vi.fn(),
}))

const SAVED = metadata({ completeness: 20 })

let wrapper: VueWrapper | null = null

beforeEach(() => {
  vi.resetAllMocks()
  setActivePinia(createPinia())
  i18n.global.locale.value = 'zh-CN'
  vi.mocked(metaFields).mockResolvedValue(FIELDS)
  vi.mocked(metaGet).mockResolvedValue(SAVED)
  vi.mocked(datasetPublications).mockResolvedValue([])
})

afterEach(() => {
  wrapper?.unmount()
  wrapper = null
  document.body.innerHTML = ''
})

async function mountTab(): Promise<VueWrapper> {
  wrapper = mount(MetadataTab, { props: { dataset: '7' }, global: { plugins: [i18n, ElementPlus] }, attachTo: document.body })
  await flushPromises()
  return wrapper
}

const completeness = (w: VueWrapper) => w.get('[data-testid="meta-completeness"]')
const stateOf = (w: VueWrapper, item: string) => w.get(`[data-testid="meta-checklist"] [data-item="${item}"]`).attributes('data-state')

async function choose(w: VueWrapper, id: string, code: string): Promise<void> {
  const select = w.findAllComponents(ElSelect).find((s) => s.element.closest(`[data-testid="meta-field-${id}"]`))
  select?.vm.$emit('update:modelValue', code)
  await flushPromises()
}

it('follows the form as it is typed, scored by the back end, before any save', { timeout: 20000 }, async () => {
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] })
  const w = await mountTab()
  expect(completeness(w).text(), 'the saved score').toContain('20%')
  expect(w.find('[data-testid="meta-live"]').exists(), 'nothing unsaved to count').toBe(false)
  expect(stateOf(w, 'open_type_chosen')).toBe('todo')

  vi.mocked(metaPreview).mockResolvedValue({
    completeness: 54,
    checklist: SAVED.checklist.map((c) => (c.item === 'open_type_chosen' ? { ...c, state: 'done' as const } : c)),
    problems: [],
  })
  await w.get('[data-testid="meta-field-description"] textarea').setValue('城关镇低保户名单')
  await choose(w, 'open_type', 'closed')
  expect(metaPreview, 'not on every keystroke').not.toHaveBeenCalled()
  vi.advanceTimersByTime(250)
  await flushPromises()
  expect(metaPreview).toHaveBeenCalledTimes(1)
  expect(metaPreview).toHaveBeenCalledWith('7', { description: '城关镇低保户名单', open_type: 'closed' })
  expect(completeness(w).text(), 'the score of the form as typed').toContain('54%')
  expect(stateOf(w, 'open_type_chosen'), 'the checklist follows too').toBe('done')
  expect(w.get('[data-testid="meta-live"]').text()).toBe('按当前填写计算，含未保存的修改。')
  expect(metaSet, 'none of this saved anything').not.toHaveBeenCalled()

  await w.get('[data-testid="meta-discard"]').trigger('click')
  await flushPromises()
  expect(completeness(w).text(), 'discarding goes back to the saved score').toContain('20%')
  expect(stateOf(w, 'open_type_chosen')).toBe('todo')
  expect(w.find('[data-testid="meta-live"]').exists()).toBe(false)
  vi.useRealTimers()
})
