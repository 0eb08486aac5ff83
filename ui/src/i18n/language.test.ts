import { afterEach, describe, expect, it } from 'vitest'

import { LANGUAGE_KEY, applyLanguage, detectLanguage, i18n, saveLanguage, savedLanguage } from '.'

afterEach(() => {
  localStorage.clear()
})

describe('default language', () => {
  it.each(['zh-CN', 'zh_CN', 'zh-Hans-CN', 'ZH-tw', 'zh'])('%s means Chinese', (locale) => {
    expect(detectLanguage(locale)).toBe('zh-CN')
  })

  it.each(['en-US', 'de-DE', '', null, undefined])('%s means English', (locale) => {
    expect(detectLanguage(locale)).toBe('en')
  })

  it('Chinese if either the OS or the web view says so', () => {
    expect(detectLanguage('en-US', 'zh-CN')).toBe('zh-CN')
    expect(detectLanguage(null, 'en-GB')).toBe('en')
  })
})

describe('saved choice', () => {
  it('is read back after saving', () => {
    expect(savedLanguage()).toBeNull()
    saveLanguage('en')
    expect(localStorage.getItem(LANGUAGE_KEY)).toBe('en')
    expect(savedLanguage()).toBe('en')
  })

  it('ignores a value this version does not know', () => {
    localStorage.setItem(LANGUAGE_KEY, 'fr')
    expect(savedLanguage(), 'an unknown value must fall back to detection').toBeNull()
  })
})

it('applying a language switches messages and the document language', () => {
  applyLanguage('en')
  expect(i18n.global.t('nav.datasets')).toBe('Datasets')
  expect(document.documentElement.lang).toBe('en')
  applyLanguage('zh-CN')
  expect(i18n.global.t('nav.datasets')).toBe('数据集')
  expect(document.documentElement.lang).toBe('zh-CN')
})
