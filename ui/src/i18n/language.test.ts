import { afterEach, describe, expect, it, vi } from 'vitest'

import {
  LANGUAGE_KEY,
  LAST_LANGUAGE_KEY,
  applyLanguage,
  detectLanguage,
  i18n,
  lastLanguage,
  rememberLanguage,
  saveLanguage,
  savedLanguage,
  startupLanguage,
} from '.'

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

describe('language of the first paint', () => {
  it('is the saved choice over anything else', () => {
    expect(startupLanguage('en', 'zh-CN', ['zh-CN'])).toBe('en')
    expect(startupLanguage('zh-CN', 'en', ['en-US'])).toBe('zh-CN')
  })

  it('is the language shown last time when nothing was chosen', () => {
    expect(startupLanguage(null, 'zh-CN', ['en-US']), 'a Chinese OS behind an English web view').toBe('zh-CN')
    expect(startupLanguage(null, 'en', ['zh-CN'])).toBe('en')
  })

  it.each([
    [['zh-CN'], 'zh-CN'],
    [['zh-TW', 'en'], 'zh-CN'],
    [['en-US', 'zh-Hans-CN'], 'zh-CN'],
    [['en-US', 'en'], 'en'],
    [['de-DE'], 'en'],
    [[], 'en'],
  ] as const)('follows the web view languages %j on a first start', (languages, expected) => {
    expect(startupLanguage(null, null, languages)).toBe(expected)
  })

  it('reads what the store remembered, with no arguments as main.ts calls it', () => {
    vi.spyOn(navigator, 'languages', 'get').mockReturnValue(['en-US'])
    expect(startupLanguage()).toBe('en')
    rememberLanguage('zh-CN')
    expect(localStorage.getItem(LAST_LANGUAGE_KEY)).toBe('zh-CN')
    expect(savedLanguage(), 'remembering is not choosing').toBeNull()
    expect(startupLanguage(), 'the language shown last paints first').toBe('zh-CN')
    saveLanguage('en')
    expect(lastLanguage(), 'a choice is also the language shown last').toBe('en')
    expect(startupLanguage()).toBe('en')
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
