import { createI18n } from 'vue-i18n'

import en from './en'
import zhCN, { type Messages } from './zh-CN'

export const LANGUAGES = ['zh-CN', 'en'] as const
export type Language = (typeof LANGUAGES)[number]

/** Where the user's explicit choice is kept; without one we follow the OS. */
export const LANGUAGE_KEY = 'kaifang.lang'

export function isLanguage(value: unknown): value is Language {
  return LANGUAGES.some((l) => l === value)
}

/** Chinese when any hint (OS locale such as `zh_CN` or `zh-Hans-CN`, the webview's
 * language) is Chinese, English otherwise. */
export function detectLanguage(...hints: ReadonlyArray<string | null | undefined>): Language {
  return hints.some((h) => h?.toLowerCase().startsWith('zh')) ? 'zh-CN' : 'en'
}

// Storage can throw (disabled, quota, sandboxed webview); the language choice is a
// convenience, so failing to read or keep it must never stop the app.
export function savedLanguage(): Language | null {
  try {
    const value = localStorage.getItem(LANGUAGE_KEY)
    return isLanguage(value) ? value : null
  } catch {
    return null
  }
}

export function saveLanguage(lang: Language): void {
  try {
    localStorage.setItem(LANGUAGE_KEY, lang)
  } catch {
    // Nothing to do: the choice lasts for this session only.
  }
}

export const i18n = createI18n<[Messages], Language, false>({
  legacy: false,
  locale: savedLanguage() ?? detectLanguage(navigator.language),
  fallbackLocale: 'en',
  messages: { 'zh-CN': zhCN, en },
})

/** Switches the UI language without saving it as the user's choice. */
export function applyLanguage(lang: Language): void {
  i18n.global.locale.value = lang
  // Screen readers and CJK font selection follow the document's language.
  document.documentElement.lang = lang
}

declare module 'vue-i18n' {
  // Lets editors complete message keys from the reference catalog. `t()` still
  // accepts any string, so the view tests fail on missing keys instead. Declaration
  // merging needs an interface here, and it adds nothing of its own on purpose.
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type
  export interface DefineLocaleMessage extends Messages {}
}
