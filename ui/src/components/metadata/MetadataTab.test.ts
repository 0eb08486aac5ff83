import { flushPromises, mount, type DOMWrapper, type VueWrapper } from '@vue/test-utils'
import ElementPlus, { ElSelect } from 'element-plus'
import { createPinia, setActivePinia } from 'pinia'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'

import { metaExport, metaFields, metaGet, metaSet, metaSetColumn } from '../../api'
import { i18n } from '../../i18n'
import { statusLine } from '../../notify'
import { FIELDS, metadata } from './metaFixtures'
import DictionaryTable from './DictionaryTable.vue'
import MetadataTab from './MetadataTab.vue'

vi.mock('../../api', async (importOriginal) => ({
  ...(await importOriginal<typeof import('../../api')>()),
  metaFields: vi.fn(),
  metaGet: vi.fn(),
  metaSet: vi.fn(),
  metaSetColumn: vi.fn(),
  metaExport: vi.fn(),
}))

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
  vi.mocked(metaFields).mockResolvedValue(FIELDS)
  vi.mocked(metaGet).mockResolvedValue(metadata())
})

afterEach(() => {
  wrapper?.unmount()
  wrapper = null
  vi.useRealTimers()
  i18n.global.setMissingHandler(null)
  document.body.innerHTML = ''
  expect(missing, 'every message the tab uses exists').toEqual([])
})

async function mountTab(): Promise<VueWrapper> {
  wrapper = mount(MetadataTab, {
    props: { dataset: '7' },
    global: { plugins: [i18n, ElementPlus] },
    attachTo: document.body,
  })
  await flushPromises()
  return wrapper
}

const $$ = (selector: string) => [...document.querySelectorAll<HTMLElement>(selector)]
const field = (w: VueWrapper, id: string) => w.find(`[data-testid="meta-field-${id}"]`)
/** The whole form item of a field: label, control, problems, suggestion, help. */
const item = (w: VueWrapper, id: string) => w.get(`[data-field="${id}"]`)
const problems = (w: VueWrapper, id: string) =>
  item(w, id)
    .findAll('[data-testid="meta-problem"]')
    .map((p) => p.text())

async function type(input: Pick<DOMWrapper<Element>, 'setValue' | 'trigger'>, value: string): Promise<void> {
  await input.setValue(value)
  await input.trigger('blur')
}

async function choose(w: VueWrapper, id: string, code: string): Promise<void> {
  const select = w.findAllComponents(ElSelect).find((s) => s.element.closest(`[data-testid="meta-field-${id}"]`))
  if (!select) throw new Error(`no select for ${id}`)
  select.vm.$emit('update:modelValue', code)
  await flushPromises()
}

async function save(w: VueWrapper): Promise<void> {
  await w.get('[data-testid="meta-save"]').trigger('click')
  await flushPromises()
}

// Slow in happy-dom (a form of popper-based fields): under a loaded full run a test
// came close to the 5 s default, so this block allows more.
describe('the metadata form', { timeout: 20000 }, () => {
  it('is built from the profile: sections as users think of them, required marks, hints and help', async () => {
    const w = await mountTab()
    expect(w.findAll('.meta__heading').map((h) => h.text())).toEqual([
      '自动生成的信息',
      '基本信息',
      '开放',
      '覆盖范围',
      '联系方式',
      '信息项',
    ])
    expect(w.get('[data-testid="meta-form"]').element.tagName).toBe('FORM')
    const visible = FIELDS.filter((f) => f.id !== 'open_conditions')
    for (const f of visible) {
      expect(field(w, f.id).exists(), `meta-field-${f.id}`).toBe(true)
      expect(item(w, f.id).text(), `${f.id} is labelled in Chinese`).toContain(f.zh)
      expect(item(w, f.id).classes().includes('is-required'), `${f.id} is marked required`).toBe(f.requirement === 'required')
      expect(item(w, f.id).text().includes('建议填写'), `${f.id} is marked recommended`).toBe(f.requirement === 'recommended')
    }
    expect(item(w, 'title').text(), 'help under the field').toContain('数据集名称的说明')
    expect(field(w, 'title').find('input').element.value, 'the saved value is shown').toBe('城关镇低保名单')
    expect(field(w, 'description').find('textarea').exists(), 'long text is a text area').toBe(true)
    expect(field(w, 'description').text(), 'with a word limit').toContain('0 / 2000')
    expect(field(w, 'title').find('input').attributes('maxlength')).toBe('100')
    expect(field(w, 'keywords').text(), 'keywords are tags').toContain('低保')
    expect(field(w, 'temporal_start').find('input').exists()).toBe(true)
    // The auto fields and the slug are shown, not editable.
    const auto = w.get('[data-testid="meta-auto"]')
    expect(auto.text(), 'the last update').toContain('2025-03-04')
    expect(auto.text()).toContain('1,000 行')
    expect(auto.get('[data-testid="meta-slug"]').text()).toBe('chengguanzhen-dibao')
    expect(auto.find('input').exists()).toBe(false)
  })

  it('labels fields, code lists and help in English when the UI is in English', async () => {
    i18n.global.locale.value = 'en'
    const w = await mountTab()
    expect(item(w, 'theme').text()).toContain('Theme')
    expect(item(w, 'theme').text()).toContain('About theme')
    expect(item(w, 'resource_code').text()).toContain('recommended')
    await w.get('[data-testid="meta-field-open_type"] .el-select__wrapper').trigger('click')
    await flushPromises()
    const options = $$('li[data-value]').filter((li) => ['unconditional', 'conditional', 'closed'].includes(li.dataset.value ?? ''))
    expect(options.map((o) => o.textContent?.trim())).toEqual(['Open without conditions', 'Open on conditions', 'Not open'])
  })

  it('shows 开放条件 only while the openness is 有条件开放, and then requires it', async () => {
    const w = await mountTab()
    expect(field(w, 'open_conditions').exists()).toBe(false)
    // As a user would: open the list and click the option by its label.
    await w.get('[data-testid="meta-field-open_type"] .el-select__wrapper').trigger('click')
    await flushPromises()
    const option = $$('li[data-value="conditional"]')[0]
    expect(option?.textContent?.trim(), 'options carry their code and show their label').toBe('有条件开放')
    option?.click()
    await flushPromises()
    expect(field(w, 'open_conditions').exists()).toBe(true)
    expect(item(w, 'open_conditions').classes()).toContain('is-required')
    await choose(w, 'open_type', 'unconditional')
    expect(field(w, 'open_conditions').exists()).toBe(false)
  })

  it('saves only the changed fields, a cleared one as null, and shows the saved result', async () => {
    const w = await mountTab()
    await type(field(w, 'title').get('input'), '城关镇2024年低保名单')
    await type(field(w, 'provider').get('input'), '')
    await choose(w, 'theme', 'social_security')
    expect(w.get('[data-testid="meta-state"]').text()).toBe('3 项修改未保存')
    const after = metadata({
      values: { title: '城关镇2024年低保名单', theme: 'social_security', keywords: ['低保'] },
      completeness: 48,
    })
    vi.mocked(metaSet).mockResolvedValue(after)
    await save(w)
    expect(metaSet).toHaveBeenCalledTimes(1)
    expect(metaSet).toHaveBeenCalledWith('7', { title: '城关镇2024年低保名单', provider: null, theme: 'social_security' })
    expect(statusLine.message, 'in the status line').toContain('元数据已保存')
    expect(w.get('[data-testid="meta-state"]').text()).toBe('所有修改已保存')
    expect(w.get('[data-testid="meta-completeness"]').text(), 'the score is the saved one').toContain('48%')
    expect(w.emitted('saved')?.[0]).toEqual([after])
  })

  it('marks every field the back end refused with its problem in words, until the value changes', async () => {
    const w = await mountTab()
    await type(field(w, 'contact_email').get('input'), 'office.gov.cn')
    await type(field(w, 'temporal_start').get('input'), '2024-06-01')
    await type(field(w, 'temporal_end').get('input'), '2024-01-01')
    await type(field(w, 'resource_code').get('input'), 'A 001')
    const refused = [
      { field: 'contact_email', kind: 'invalid_email', detail: null },
      { field: 'temporal_end', kind: 'end_before_start', detail: '2024-06-01' },
      { field: 'resource_code', kind: 'invalid_identifier', detail: null },
    ]
    vi.mocked(metaSet).mockRejectedValue({
      code: 'metadata_invalid',
      message: 'invalid metadata',
      params: {
        field: 'contact_email',
        label: '联系邮箱',
        problem: 'invalid_email',
        detail: '',
        count: '3',
        problems: JSON.stringify(refused),
      },
    })
    await save(w)
    expect(problems(w, 'contact_email')).toEqual(['“联系邮箱”不是有效的邮箱地址'])
    expect(problems(w, 'temporal_end')).toEqual(['“时间范围（止）”早于起始日期 2024-06-01'])
    expect(problems(w, 'resource_code')).toEqual(['“资源代码”只能包含字母、数字和 - _ . / :'])
    expect(item(w, 'contact_email').classes(), 'the field itself is marked').toContain('is-error')
    expect(w.findAll('[data-testid="meta-problem"]')).toHaveLength(3)
    expect(document.body.textContent, 'nothing was saved, and the user is told').toContain('有 3 处需要修改')
    expect(w.get('[data-testid="meta-state"]').text(), 'the edits are kept').toBe('4 项修改未保存')

    i18n.global.locale.value = 'en'
    await flushPromises()
    expect(problems(w, 'contact_email')).toEqual(['Contact email is not an email address'])

    await type(field(w, 'contact_email').get('input'), 'office@example.gov.cn')
    expect(problems(w, 'contact_email'), 'a changed value is judged again on save').toEqual([])
    await type(field(w, 'temporal_start').get('input'), '2023-06-01')
    expect(problems(w, 'temporal_end'), 'a new start answers an end before it').toEqual([])
    expect(problems(w, 'resource_code')).toHaveLength(1)
  })

  it('checks required fields and lengths when a field is left', async () => {
    const w = await mountTab()
    expect(w.findAll('[data-testid="meta-problem"]'), 'nothing is marked before the user acts').toHaveLength(0)
    await type(field(w, 'title').get('input'), '')
    expect(problems(w, 'title')).toEqual(['“数据集名称”为必填项'])
    await type(field(w, 'contact_name').get('input'), '')
    expect(problems(w, 'contact_name'), 'recommended fields may stay empty').toEqual([])
  })

  it('offers a suggestion for an empty field and fills it in when asked, saving it with the next Save', async () => {
    const w = await mountTab()
    const link = () => w.find('[data-testid="meta-suggestion-temporal_start"]')
    expect(item(w, 'temporal_start').text()).toContain('建议：2024-01-01')
    expect(w.find('[data-testid="meta-suggestion-provider"]').exists(), 'no suggestion for a filled field').toBe(false)
    await link().trigger('click')
    await flushPromises()
    expect(field(w, 'temporal_start').get('input').element.value).toBe('2024-01-01')
    expect(link().exists(), 'gone once the field has a value').toBe(false)
    expect(metaSet, 'applying is not saving').not.toHaveBeenCalled()
    expect(w.get('[data-testid="meta-state"]').text()).toBe('1 项修改未保存')
    vi.mocked(metaSet).mockResolvedValue(metadata())
    await save(w)
    expect(metaSet).toHaveBeenCalledWith('7', { temporal_start: '2024-01-01' })
  })

  it('shows the completeness, the checklist, what is missing and an overdue update', async () => {
    vi.mocked(metaGet).mockResolvedValue(
      metadata({
        completeness: 35,
        overdue_since: '2025-02-04',
        checklist: [
          { item: 'metadata_complete', state: 'todo' },
          { item: 'dictionary_described', state: 'done' },
          { item: 'open_type_chosen', state: 'todo' },
          { item: 'sensitive_fields_handled', state: 'pending' },
        ],
      }),
    )
    const w = await mountTab()
    expect(w.get('[data-testid="meta-completeness"]').text()).toContain('35%')
    const items = w.findAll('[data-testid="meta-checklist"] li')
    expect(items.map((i) => [i.attributes('data-item'), i.attributes('data-state')])).toEqual([
      ['metadata_complete', 'todo'],
      ['dictionary_described', 'done'],
      ['open_type_chosen', 'todo'],
      ['sensitive_fields_handled', 'pending'],
    ])
    expect(items[1]?.text()).toContain('所有公开列都已填写说明')
    expect(items[3]?.text(), 'a version not scanned row by row yet says so').toContain('尚未逐行检查全部数据')
    expect(items[3]?.text(), 'and points to the sensitive tab').toContain('“敏感字段”标签页中点击“全面检查”')
    expect(w.get('[data-testid="meta-missing"]').text()).toBe('还需填写：摘要数据领域开放属性更新周期')
    expect(w.get('[data-testid="meta-overdue"]').text()).toContain('应在 2025-02-04 前更新')
  })

  it('says which version the metadata belongs to when an older version is shown', async () => {
    const w = await mountTab()
    expect(w.text()).not.toContain('元数据属于最新版本')
    await w.setProps({ shownVersion: 1 })
    expect(w.text()).toContain('元数据属于最新版本（第 2 版）')
  })

  it('exports in the chosen format and says where it was saved', async () => {
    vi.mocked(metaExport).mockResolvedValueOnce('chengguanzhen-dibao.dcat.jsonld').mockResolvedValueOnce(null)
    const w = await mountTab()
    await w.get('[data-testid="meta-export"]').trigger('click')
    await flushPromises()
    const item = () => $$('[data-testid="meta-export-dcat"]')[0]
    expect(item()?.textContent?.trim()).toBe('DCAT-AP（JSON-LD）')
    item()?.click()
    await flushPromises()
    expect(metaExport).toHaveBeenCalledWith('7', 'dcat')
    expect(document.body.textContent).toContain('已保存为 chengguanzhen-dibao.dcat.jsonld')
  })
})

describe('the data dictionary', () => {
  it('lists every column with its type, description, unit and openness', async () => {
    const w = await mountTab()
    const table = w.get('[data-testid="dict-table"]')
    expect(table.findAll('tbody tr')).toHaveLength(3)
    expect(table.get('tbody tr:nth-child(3)').text()).toContain('补贴 /')
    expect(table.get('tbody tr:nth-child(3)').text()).toContain('小数')
    expect(w.get<HTMLInputElement>('[data-testid="dict-description-0"]').element.value).toBe('户主姓名')
    expect(w.get<HTMLInputElement>('[data-testid="dict-unit-2"]').element.value).toBe('元')
    expect(w.get('[data-testid="dict-open-1"]').classes(), 'column 1 is not open').not.toContain('is-checked')
    expect(table.get('tbody tr:nth-child(2)').text()).toContain('不予开放')
    expect(w.get('[data-testid="dict-described"]').text()).toBe('已说明 1 / 2 个公开列')
  })

  it('saves an edit when the box is left, after a short pause, for that column only', async () => {
    const w = await mountTab()
    // Answers as the back end does: the dictionary with the change applied.
    vi.mocked(metaSetColumn).mockImplementation(async (_dataset, position, change) => {
      const meta = metadata({ completeness: 40 })
      meta.dictionary = meta.dictionary.map((e) =>
        e.position === position
          ? { ...e, description: change.description ?? e.description, unit: change.unit ?? e.unit }
          : e,
      )
      return meta
    })
    const input = w.get('[data-testid="dict-description-2"]')
    await input.setValue('每月发放金额')
    await input.trigger('blur')
    expect(metaSetColumn, 'not at once: the unit may follow').not.toHaveBeenCalled()
    const unit = w.get('[data-testid="dict-unit-2"]')
    await unit.setValue(' 元/月 ')
    await unit.trigger('blur')
    vi.advanceTimersByTime(400)
    await flushPromises()
    expect(metaSetColumn).toHaveBeenCalledTimes(1)
    expect(metaSetColumn).toHaveBeenCalledWith('7', 2, { description: '每月发放金额', unit: '元/月', open: null })
    expect(w.find('[data-testid="dict-saved"]').exists(), 'the row says it was saved').toBe(true)
    expect(w.get('[data-testid="meta-completeness"]').text(), 'the score follows').toContain('40%')
    await input.trigger('blur')
    vi.advanceTimersByTime(400)
    await flushPromises()
    expect(metaSetColumn, 'leaving an unchanged box saves nothing').toHaveBeenCalledTimes(1)
  })

  it('saves the openness switch at once, and shows a refused edit on its row', async () => {
    const w = await mountTab()
    vi.mocked(metaSetColumn).mockResolvedValueOnce(metadata())
    await w.get('[data-testid="dict-open-0"]').trigger('click')
    await flushPromises()
    expect(metaSetColumn).toHaveBeenCalledWith('7', 0, { description: null, unit: null, open: false })
    vi.mocked(metaSetColumn).mockRejectedValueOnce({
      code: 'metadata_invalid',
      message: 'invalid metadata',
      params: { field: 'unit', label: 'unit', problem: 'too_long', detail: '20', count: '1', problems: JSON.stringify([{ field: 'unit', kind: 'too_long', detail: '20' }]) },
    })
    const unit = w.get('[data-testid="dict-unit-1"]')
    await unit.setValue('很长的单位')
    await unit.trigger('blur')
    vi.advanceTimersByTime(400)
    await flushPromises()
    expect(w.get('tbody tr:nth-child(2) [data-testid="dict-problem"]').text()).toBe('“单位”过长（最多 20 个字）')
  })

  it('moves down the column with Enter and Tab, up with Shift', async () => {
    const w = await mountTab()
    const description = (n: number) => w.get(`[data-testid="dict-description-${n}"]`)
    ;(description(0).element as HTMLInputElement).focus()
    await description(0).trigger('keydown', { key: 'Enter' })
    expect(document.activeElement).toBe(description(1).element)
    await description(1).trigger('keydown', { key: 'Tab' })
    expect(document.activeElement).toBe(description(2).element)
    await description(2).trigger('keydown', { key: 'Tab', shiftKey: true })
    expect(document.activeElement).toBe(description(1).element)
    await description(1).trigger('keydown', { key: 'ArrowRight' })
    expect(document.activeElement, 'the caret is at the end of an empty box').toBe(w.get('[data-testid="dict-unit-1"]').element)
  })

  it('renders every column of a wide table, and Enter reaches the last one', async () => {
    // Mounted alone: happy-dom slows every popper-based field down as the page grows,
    // which says nothing about the real window.
    const wide = Array.from({ length: 150 }, (_, i) => ({
      position: i,
      name: `列${i}`,
      group: null,
      type: 'text' as const,
      description: null,
      unit: null,
      open: true,
    }))
    wrapper = mount(DictionaryTable, {
      props: { dataset: '7', entries: wide },
      global: { plugins: [i18n, ElementPlus] },
      attachTo: document.body,
    })
    const w = wrapper
    expect(w.findAll('[data-testid="dict-table"] tbody tr')).toHaveLength(150)
    const last = w.get('[data-testid="dict-description-149"]')
    ;(w.get('[data-testid="dict-description-148"]').element as HTMLInputElement).focus()
    await w.get('[data-testid="dict-description-148"]').trigger('keydown', { key: 'Enter' })
    expect(document.activeElement).toBe(last.element)
    expect(w.get('[data-testid="dict-described"]').text()).toBe('已说明 0 / 150 个公开列')
  })
})
