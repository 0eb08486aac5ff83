import { flushPromises, mount } from '@vue/test-utils'
import ElementPlus from 'element-plus'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'

import { ApiError, catalogBaseUrl, catalogExport, type CatalogWritten } from '../../api'
import { i18n } from '../../i18n'
import CatalogCard from './CatalogCard.vue'

vi.mock('../../api', async (importOriginal) => ({
  ...(await importOriginal<typeof import('../../api')>()),
  catalogBaseUrl: vi.fn(),
  catalogExport: vi.fn(),
}))

const written = (over: Partial<CatalogWritten> = {}): CatalogWritten => ({
  dir: '/srv/open',
  base_url: 'https://data.example.gov.cn/open',
  pages: ['catalog.ttl'],
  datasets: 2,
  files: 3,
  files_written: 3,
  withdrawn: 0,
  removed: [],
  ...over,
})

let wrapper: ReturnType<typeof mount> | null = null

beforeEach(() => {
  vi.resetAllMocks()
  i18n.global.locale.value = 'zh-CN'
})

afterEach(() => {
  wrapper?.unmount()
  wrapper = null
})

async function mountCard(): Promise<ReturnType<typeof mount>> {
  wrapper = mount(CatalogCard, { global: { plugins: [ElementPlus, i18n] } })
  await flushPromises()
  return wrapper
}

describe('CatalogCard', () => {
  it('needs an address, then exports in the chosen syntax and says what it wrote', async () => {
    vi.mocked(catalogBaseUrl).mockResolvedValue(null)
    vi.mocked(catalogExport).mockResolvedValue(written())
    const w = await mountCard()
    const button = w.get('[data-testid="catalog-export"]')
    expect(button.attributes('disabled')).toBeDefined()
    await w.get('input#catalog-base-url').setValue(' https://data.example.gov.cn/open/ ')
    await w.get('[data-testid="catalog-format"] input[value="jsonld"]').setValue(true)
    expect(button.attributes('disabled')).toBeUndefined()
    await w.get('form').trigger('submit')
    await flushPromises()
    expect(catalogExport).toHaveBeenCalledWith('jsonld', ' https://data.example.gov.cn/open/ ')
    const text = w.get('[data-testid="catalog-result"]').text()
    expect(text).toContain('/srv/open/catalog.ttl')
    expect(text).toContain('2 个数据集，共 1 页')
    expect(w.find('[data-testid="catalog-withdrawn"]').exists()).toBe(false)
    // The address the core kept (without the trailing slash) is shown back.
    expect((w.get('input#catalog-base-url').element as HTMLInputElement).value).toBe(
      'https://data.example.gov.cn/open',
    )
  })

  it('prefills the remembered address, reports withdrawn datasets and an empty catalogue', async () => {
    vi.mocked(catalogBaseUrl).mockResolvedValue('https://data.example.gov.cn/open')
    vi.mocked(catalogExport).mockResolvedValue(written({ datasets: 0, files: 0, withdrawn: 1, removed: ['a', 'b'] }))
    const w = await mountCard()
    expect((w.get('input#catalog-base-url').element as HTMLInputElement).value).toBe(
      'https://data.example.gov.cn/open',
    )
    await w.get('form').trigger('submit')
    await flushPromises()
    expect(catalogExport).toHaveBeenCalledWith('turtle', 'https://data.example.gov.cn/open')
    expect(w.get('[data-testid="catalog-result"]').text()).toContain('还没有数据集')
    expect(w.get('[data-testid="catalog-withdrawn"]').text()).toContain('1 个不再处于已审核状态的数据集已移出目录，其 2 个文件已删除')
  })

  it('shows a cancelled dialog as nothing, and a bad address in words', async () => {
    vi.mocked(catalogBaseUrl).mockResolvedValue('https://x.example')
    vi.mocked(catalogExport).mockResolvedValueOnce(null)
    const w = await mountCard()
    await w.get('form').trigger('submit')
    await flushPromises()
    expect(w.find('[data-testid="catalog-result"]').exists()).toBe(false)
    vi.mocked(catalogExport).mockRejectedValueOnce(
      new ApiError('catalog_base_url_invalid', 'bad', { url: 'x.example' }),
    )
    await w.get('form').trigger('submit')
    await flushPromises()
    expect(w.text()).toContain('“x.example”不能作为数据目录的发布网址')
  })
})
