import { flushPromises, mount, type VueWrapper } from '@vue/test-utils'
import ElementPlus, { ElInputNumber, ElSelect } from 'element-plus'
import { createPinia, setActivePinia } from 'pinia'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'

import { maskingConventionSet, maskingConventions, type Category, type Convention } from '../../api'
import { i18n } from '../../i18n'
import { statusLine } from '../../notify'
import MaskingCard from './MaskingCard.vue'
import { conventionOperators, maskExample } from './masking'

vi.mock('../../api', async (importOriginal) => ({
  ...(await importOriginal<typeof import('../../api')>()),
  maskingConventions: vi.fn(),
  maskingConventionSet: vi.fn(),
}))

// The conventions as the Rust side lists them (one per personal category, in the
// categories' order); a few are enough to cover each kind of row.
const BUILTIN: readonly Convention[] = [
  { category: 'id_card', operator: 'mask', keep_head: 6, keep_tail: 4, custom: false },
  { category: 'phone', operator: 'mask', keep_head: 3, keep_tail: 4, custom: false },
  { category: 'person_name', operator: 'mask', keep_head: null, keep_tail: null, custom: false },
  { category: 'address', operator: 'generalize', keep_head: null, keep_tail: null, custom: false },
  { category: 'health', operator: 'drop', keep_head: null, keep_tail: null, custom: false },
  { category: 'identifier', operator: 'mask', keep_head: 0, keep_tail: 4, custom: false },
]

function conventions(...changed: Convention[]): Convention[] {
  return BUILTIN.map((c) => changed.find((x) => x.category === c.category) ?? { ...c })
}

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
  vi.mocked(maskingConventions).mockResolvedValue(conventions())
})

afterEach(() => {
  wrapper?.unmount()
  wrapper = null
  i18n.global.setMissingHandler(null)
  document.body.innerHTML = ''
  expect(missing, 'every message the card uses exists').toEqual([])
})

async function mountCard(): Promise<VueWrapper> {
  wrapper = mount(MaskingCard, { global: { plugins: [i18n, ElementPlus] }, attachTo: document.body })
  await flushPromises()
  return wrapper
}

const testid = (w: VueWrapper, id: string) => w.find(`[data-testid="${id}"]`)

function picker(w: VueWrapper, category: Category) {
  const found = w.findAllComponents(ElSelect).find((s) => s.attributes('data-testid') === `masking-operator-${category}`)
  if (!found) throw new Error(`no operator picker for ${category}`)
  return found
}

function numberBox(w: VueWrapper, end: 'head' | 'tail', category: Category) {
  const found = w
    .findAllComponents(ElInputNumber)
    .find((n) => n.attributes('data-testid') === `masking-${end}-${category}`)
  if (!found) throw new Error(`no ${end} box for ${category}`)
  return found
}

describe('the masking conventions card', () => {
  it('lists each kind with its default, the characters kept and an example, and says when changes apply', async () => {
    const w = await mountCard()
    expect(maskingConventions).toHaveBeenCalledTimes(1)
    const rows = w.findAll('[data-testid^="masking-row-"]').map((r) => r.text())
    expect(rows).toEqual(['身份证号', '手机号', '姓名', '地址', '健康信息', '未识别的编号'])
    expect(picker(w, 'id_card').props('modelValue')).toBe('mask')
    expect(picker(w, 'health').props('modelValue')).toBe('drop')
    expect(numberBox(w, 'head', 'id_card').props('modelValue')).toBe(6)
    expect(numberBox(w, 'tail', 'id_card').props('modelValue')).toBe(4)
    expect(numberBox(w, 'head', 'id_card').props('max'), 'at most 12 characters').toBe(12)
    expect(testid(w, 'masking-head-person_name').exists(), 'a name’s mask keeps no ends').toBe(false)
    expect(testid(w, 'masking-example-id_card').text()).toBe('110105********002X')
    expect(testid(w, 'masking-example-phone').text()).toBe('138****5678')
    expect(testid(w, 'masking-example-identifier').text()).toBe('********0123')
    expect(testid(w, 'masking-example-health').exists(), 'no example where nothing is masked').toBe(false)
    expect(w.find('[data-testid^="masking-custom-"]').exists(), 'nothing set by the office yet').toBe(false)
    expect(w.find('[data-testid^="masking-reset-"]').exists()).toBe(false)
    expect(testid(w, 'masking-effect').text()).toBe('新的扫描使用这些规则；已扫描的数据集保持原样，重新扫描后生效。')
  })

  it('offers only the operators the workspace accepts as a default', async () => {
    const w = await mountCard()
    await picker(w, 'id_card').get('.el-select__wrapper').trigger('click')
    await flushPromises()
    const labels = picker(w, 'id_card')
      .findAllComponents({ name: 'ElOption' })
      .map((o) => o.props('label'))
    expect(labels, 'never keep or redact; no coarser form of an ID').toEqual(['遮盖', '假名化', '不公开'])
    expect(conventionOperators('address')).toEqual(['mask', 'pseudonymize', 'generalize', 'drop'])
    expect(conventionOperators('birth_date')).toContain('generalize')
    expect(conventionOperators('gps')).toContain('generalize')
  })

  it('shows the mask live while the characters kept change, and saves the row with them', async () => {
    const w = await mountCard()
    const save = () => w.get<HTMLButtonElement>('[data-testid="masking-save-id_card"]')
    expect(save().element.disabled, 'nothing to save yet').toBe(true)
    numberBox(w, 'head', 'id_card').vm.$emit('update:modelValue', 4)
    await flushPromises()
    expect(testid(w, 'masking-example-id_card').text()).toBe('1101**********002X')
    expect(save().element.disabled).toBe(false)
    expect(save().classes()).toContain('el-button--primary')
    const saved = conventions({ category: 'id_card', operator: 'mask', keep_head: 4, keep_tail: 4, custom: true })
    vi.mocked(maskingConventionSet).mockResolvedValue(saved)
    await save().trigger('click')
    await flushPromises()
    expect(maskingConventionSet).toHaveBeenCalledWith('id_card', 'mask', 4, 4)
    expect(statusLine.message, 'in the status line').toContain('“身份证号”的规则已保存。新的扫描将使用它。')
    expect(testid(w, 'masking-custom-id_card').text()).toBe('本单位设置')
    expect(save().element.disabled, 'saved: nothing left to save').toBe(true)
    expect(testid(w, 'masking-reset-id_card').exists()).toBe(true)
  })

  it('always hides at least a third of the value in the example, as the Rust side does', () => {
    expect(maskExample('id_card', 12, 12), 'an 18-character ID keeps 12 at most').toBe('110105******31002X')
    expect(maskExample('phone', 0, 0)).toBe('***********')
    expect(maskExample('plate', 2, 2)).toBe('贵A***45')
    expect(maskExample('person_name', 1, 1), 'no ends kept for a name').toBeNull()
  })

  it('saves a new default operator with the characters kept unchanged', async () => {
    const w = await mountCard()
    picker(w, 'health').vm.$emit('update:modelValue', 'pseudonymize')
    await flushPromises()
    vi.mocked(maskingConventionSet).mockResolvedValue(
      conventions({ category: 'health', operator: 'pseudonymize', keep_head: null, keep_tail: null, custom: true }),
    )
    await w.get('[data-testid="masking-save-health"]').trigger('click')
    await flushPromises()
    expect(maskingConventionSet).toHaveBeenCalledWith('health', 'pseudonymize', null, null)
    expect(picker(w, 'health').props('modelValue')).toBe('pseudonymize')
  })

  it('puts back the default of a row the office set, sending no operator', async () => {
    vi.mocked(maskingConventions).mockResolvedValue(
      conventions({ category: 'phone', operator: 'mask', keep_head: 3, keep_tail: 2, custom: true }),
    )
    const w = await mountCard()
    expect(testid(w, 'masking-custom-phone').text()).toBe('本单位设置')
    expect(testid(w, 'masking-example-phone').text()).toBe('138******78')
    vi.mocked(maskingConventionSet).mockResolvedValue(conventions())
    await w.get('[data-testid="masking-reset-phone"]').trigger('click')
    await flushPromises()
    expect(maskingConventionSet).toHaveBeenCalledWith('phone', null, null, null)
    expect(statusLine.message, 'in the status line').toContain('“手机号”已恢复为默认规则。')
    expect(testid(w, 'masking-custom-phone').exists()).toBe(false)
    expect(testid(w, 'masking-example-phone').text()).toBe('138****5678')
  })

  it('explains a refused convention in words and keeps the edit', async () => {
    const w = await mountCard()
    numberBox(w, 'tail', 'id_card').vm.$emit('update:modelValue', 8)
    await flushPromises()
    vi.mocked(maskingConventionSet).mockRejectedValue({
      code: 'convention_not_applicable',
      message: 'the masking convention for id_card cannot be that',
      params: { category: 'id_card', operator: '' },
    })
    await w.get('[data-testid="masking-save-id_card"]').trigger('click')
    await flushPromises()
    expect(w.get('[data-testid="error-alert"]').text()).toContain('未能保存“身份证号”的规则')
    expect(w.get('[data-testid="error-message"]').text()).toContain('“身份证号”的默认规则不能这样设置')
    expect(numberBox(w, 'tail', 'id_card').props('modelValue'), 'the edit is kept to correct').toBe(8)
  })

  it('explains a list that could not be read and reads it again', async () => {
    vi.mocked(maskingConventions).mockRejectedValueOnce({ code: 'workspace_busy', message: 'busy', params: {} })
    const w = await mountCard()
    expect(w.get('[data-testid="error-message"]').text()).toContain('工作区正被其他程序占用')
    await w.get('[data-testid="error-alert"] button').trigger('click')
    await flushPromises()
    expect(w.findAll('[data-testid^="masking-row-"]')).toHaveLength(BUILTIN.length)
  })

  it('reads in English', async () => {
    i18n.global.locale.value = 'en'
    vi.mocked(maskingConventions).mockResolvedValue(
      conventions({ category: 'id_card', operator: 'mask', keep_head: 6, keep_tail: 4, custom: true }),
    )
    const w = await mountCard()
    expect(testid(w, 'masking-row-identifier').text()).toBe('Unrecognised identifier')
    expect(testid(w, 'masking-custom-id_card').text()).toBe('Set by the office')
    expect(w.text(), 'no Chinese but the sample values').not.toMatch(/[遮规则默认]/)
  })
})
