import { flushPromises, mount } from '@vue/test-utils'
import ElementPlus from 'element-plus'
import { createPinia, setActivePinia } from 'pinia'
import { afterEach, beforeEach, expect, it } from 'vitest'

import guideEn from '../../docs/en/user-guide.md?raw'
import guideZh from '../../docs/zh-CN/用户手册.md?raw'
import { ERROR_CODES } from './api'
import { anchor, renderGuide } from './guide'
import { i18n } from './i18n'
import HelpView from './views/HelpView.vue'

beforeEach(() => {
  setActivePinia(createPinia())
  i18n.global.locale.value = 'zh-CN'
})
afterEach(() => {
  document.body.innerHTML = ''
})

it('makes the anchors the guides link to', () => {
  expect(anchor('1. 安装')).toBe('1-安装')
  expect(anchor('12. What to do when something goes wrong')).toBe('12-what-to-do-when-something-goes-wrong')
})

for (const [language, guide] of [
  ['zh-CN', guideZh],
  ['en', guideEn],
] as const) {
  it(`${language}: every link of the contents leads to a heading of the guide`, () => {
    const page = document.createElement('div')
    page.innerHTML = renderGuide(guide, {})
    const links = [...page.querySelectorAll('a[href^="#"]')].map((a) => decodeURIComponent(a.getAttribute('href')!.slice(1)))
    expect(links.length).toBeGreaterThanOrEqual(12)
    const missing = links.filter((id) => !page.querySelector(`[id="${CSS.escape(id)}"]`))
    expect(missing).toEqual([])
  })

  it(`${language}: explains every error code a user can meet`, () => {
    const missing = ERROR_CODES.filter((code) => !guide.includes(`\`${code}\``))
    expect(missing).toEqual([])
  })

  it(`${language}: shows a screenshot that is not taken yet as its caption`, () => {
    const html = renderGuide('![数据集列表](../screens/zh-CN/dataset-list.png)', {})
    expect(html).toContain('class="help__missing"')
    expect(renderGuide('![x](../screens/zh-CN/dataset-list.png)', { 'zh-CN/dataset-list.png': '/assets/a.png' })).toContain(
      'src="/assets/a.png"',
    )
  })
}

it('shows the guide in the language of the app', async () => {
  const w = mount(HelpView, { global: { plugins: [i18n, ElementPlus] }, attachTo: document.body })
  await flushPromises()
  expect(w.get('[data-testid="page-title"]').text()).toBe('帮助')
  expect(w.get('[data-testid="help-body"] h1').text()).toBe('开放 Kaifang 用户手册')
  i18n.global.locale.value = 'en'
  await flushPromises()
  expect(w.get('[data-testid="help-body"] h1').text()).toBe('Kaifang (开放) User Guide')
  w.unmount()
})
