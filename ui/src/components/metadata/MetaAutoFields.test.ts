import { flushPromises, mount } from '@vue/test-utils'
import ElementPlus from 'element-plus'
import { createPinia, setActivePinia } from 'pinia'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'

import { datasetPublications, type DatasetMetadata, type Publication } from '../../api'
import { dispatchChanged } from '../../changes'
import { i18n } from '../../i18n'
import MetaAutoFields from './MetaAutoFields.vue'
import { metadata } from './metaFixtures'

vi.mock('../../api', async (importOriginal) => ({
  ...(await importOriginal<typeof import('../../api')>()),
  datasetPublications: vi.fn(),
}))

const PUBLICATION: Publication = {
  portal: 'county',
  package_id: 'p-1',
  package_name: 'chengguanzhen-dibao',
  url: 'https://data.example.gov.cn/dataset/chengguanzhen-dibao',
  version: 2,
  published_at: '2025-03-10T08:00:00Z',
}

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
})

afterEach(() => {
  i18n.global.setMissingHandler(null)
  expect(missing, 'every message exists').toEqual([])
})

async function mountAuto(meta: DatasetMetadata = metadata()) {
  const w = mount(MetaAutoFields, { props: { meta }, global: { plugins: [i18n, ElementPlus] } })
  await flushPromises()
  return w
}

describe('the first publication date', () => {
  it('says "not published yet" instead of a date before any publication', async () => {
    vi.mocked(datasetPublications).mockResolvedValue([])
    const w = await mountAuto()
    expect(datasetPublications).toHaveBeenCalledWith(7)
    expect(w.get('[data-testid="meta-issued"]').text()).toBe('尚未发布')
    expect(w.text(), 'no date that never happened').not.toContain('2025-01-02')
    expect(w.text(), 'the other dates stay').toContain('2025-03-04')
    i18n.global.locale.value = 'en'
    await flushPromises()
    expect(w.get('[data-testid="meta-issued"]').text()).toBe('Not published yet')
  })

  it('shows the day of the first publication once the dataset is on a portal', async () => {
    const later = { ...PUBLICATION, portal: 'province', published_at: '2025-04-01T08:00:00Z' }
    vi.mocked(datasetPublications).mockResolvedValue([later, PUBLICATION])
    const w = await mountAuto(metadata({ slug_fixed: true }))
    expect(w.get('[data-testid="meta-issued"]').text()).toBe('2025-03-10')
  })

  it('follows a publication made while it is shown', async () => {
    vi.mocked(datasetPublications).mockResolvedValue([])
    const w = await mountAuto()
    vi.mocked(datasetPublications).mockResolvedValue([PUBLICATION])
    dispatchChanged({ topics: ['publish'], datasets: [7] })
    await flushPromises()
    expect(w.get('[data-testid="meta-issued"]').text()).toBe('2025-03-10')
  })

  it('goes by the fixed slug when the publications cannot be read', async () => {
    vi.mocked(datasetPublications).mockRejectedValue({ code: 'internal', message: 'no', params: {} })
    expect((await mountAuto()).get('[data-testid="meta-issued"]').text()).toBe('尚未发布')
    expect((await mountAuto(metadata({ slug_fixed: true }))).get('[data-testid="meta-issued"]').text()).toBe('2025-01-02')
  })
})
