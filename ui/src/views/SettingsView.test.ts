import { flushPromises, mount, type VueWrapper } from '@vue/test-utils'
import ElementPlus from 'element-plus'
import { createPinia, setActivePinia } from 'pinia'
import { afterEach, beforeEach, expect, it, vi } from 'vitest'

import { metaDefaults, metaFields, metaSetDefaults } from '../api'
import { FIELDS } from '../components/metadata/metaFixtures'
import { i18n } from '../i18n'
import { useNavStore } from '../stores/nav'
import SettingsView from './SettingsView.vue'

vi.mock('../api', async (importOriginal) => ({
  ...(await importOriginal<typeof import('../api')>()),
  metaFields: vi.fn(),
  metaDefaults: vi.fn(),
  metaSetDefaults: vi.fn(),
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
  vi.mocked(metaFields).mockResolvedValue(FIELDS)
  vi.mocked(metaDefaults).mockResolvedValue({ provider: '县民政局', license: 'cc-by' })
})

afterEach(() => {
  wrapper?.unmount()
  wrapper = null
  i18n.global.setMissingHandler(null)
  document.body.innerHTML = ''
  expect(missing, 'every message the screen uses exists').toEqual([])
})

async function mountView(): Promise<VueWrapper> {
  wrapper = mount(SettingsView, { global: { plugins: [i18n, ElementPlus] }, attachTo: document.body })
  await flushPromises()
  return wrapper
}

const card = (w: VueWrapper) => w.get('[data-testid="settings-defaults"]')
const input = (w: VueWrapper, id: string) => card(w).get<HTMLInputElement>(`[data-testid="meta-field-${id}"] input`)

it('offers the seven defaultable fields with the metadata form’s labels, filled with the saved defaults', async () => {
  const w = await mountView()
  expect(w.get('[data-testid="page-title"]').text()).toBe('设置')
  expect(card(w).text()).toContain('单位默认值')
  expect(card(w).text(), 'what the defaults are for').toContain('自动填入今后导入的每个新数据集')
  const ids = card(w)
    .findAll('[data-field]')
    .map((f) => f.attributes('data-field'))
  expect(ids).toEqual(['provider', 'license', 'spatial_code', 'spatial_name', 'contact_name', 'contact_phone', 'contact_email'])
  expect(card(w).get('[data-field="provider"]').text()).toContain('数据提供方')
  expect(input(w, 'provider').element.value).toBe('县民政局')
  expect(card(w).get('[data-testid="meta-field-license"]').text(), 'a code shows its label').toContain('CC BY 4.0')
  expect(card(w).find('.is-required').exists(), 'no default is required').toBe(false)
  expect(w.findAll('[data-testid^="settings-"]').length, 'the other areas are announced').toBeGreaterThan(1)
})

it('saves only the changed defaults, a cleared one as an empty string', async () => {
  const w = await mountView()
  await input(w, 'contact_phone').setValue('0851-12345678')
  await input(w, 'provider').setValue('')
  vi.mocked(metaSetDefaults).mockResolvedValue({ contact_phone: '0851-12345678', license: 'cc-by' })
  await w.get('[data-testid="defaults-save"]').trigger('click')
  await flushPromises()
  expect(metaSetDefaults).toHaveBeenCalledWith({ contact_phone: '0851-12345678', provider: '' })
  expect(document.body.textContent).toContain('单位默认值已保存')
  expect(input(w, 'provider').element.value, 'the saved defaults are shown').toBe('')
})

it('marks a refused default with its problem and keeps the edit', async () => {
  const w = await mountView()
  await input(w, 'spatial_code').setValue('99')
  vi.mocked(metaSetDefaults).mockRejectedValue({
    code: 'metadata_invalid',
    message: 'invalid',
    params: {
      field: 'spatial_code',
      problem: 'invalid_region_code',
      detail: '',
      count: '1',
      problems: JSON.stringify([{ field: 'spatial_code', kind: 'invalid_region_code', detail: null }]),
    },
  })
  await w.get('[data-testid="defaults-save"]').trigger('click')
  await flushPromises()
  expect(card(w).get('[data-field="spatial_code"] [data-testid="meta-problem"]').text()).toBe(
    '“行政区划代码”应为六位行政区划代码（如 520102）',
  )
  expect(input(w, 'spatial_code').element.value).toBe('99')
})

it('asks before leaving the screen with unsaved defaults', async () => {
  const w = await mountView()
  const nav = useNavStore()
  nav.show('settings')
  await input(w, 'spatial_name').setValue('某某县')
  const leaving = nav.show('datasets')
  await flushPromises()
  expect(document.querySelector('.el-message-box')?.textContent).toContain('有 1 项修改尚未保存')
  ;[...document.querySelectorAll<HTMLElement>('.el-message-box__btns button')].find((b) => b.textContent?.trim() === '不保存')?.click()
  await expect(leaving).resolves.toBe(true)
  expect(nav.screen).toBe('datasets')
  expect(metaSetDefaults).not.toHaveBeenCalled()
})
