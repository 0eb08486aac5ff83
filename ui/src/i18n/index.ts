import { createI18n } from 'vue-i18n'

import en from './en'
import zhCN, { type Messages } from './zh-CN'

export const LANGUAGES = ['zh-CN', 'en'] as const
export type Language = (typeof LANGUAGES)[number]

/** Where the user's explicit choice is kept; without one we follow the OS. */
export const LANGUAGE_KEY = 'kaifang.lang'
/** The language the app last showed, chosen or detected. The OS locale comes from
 * the back end only after start-up, so the first paint uses this instead of
 * flashing English on a Chinese system; it is not a choice, so the OS still wins
 * over it once known. */
export const LAST_LANGUAGE_KEY = 'kaifang.lang.last'

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
function stored(key: string): Language | null {
  try {
    const value = localStorage.getItem(key)
    return isLanguage(value) ? value : null
  } catch {
    return null
  }
}

function store(key: string, lang: Language): void {
  try {
    localStorage.setItem(key, lang)
  } catch {
    // Nothing to do: the language lasts for this session only.
  }
}

export function savedLanguage(): Language | null {
  return stored(LANGUAGE_KEY)
}

/** Keeps `lang` as the user's choice (and as the language last shown). */
export function saveLanguage(lang: Language): void {
  store(LANGUAGE_KEY, lang)
  store(LAST_LANGUAGE_KEY, lang)
}

export function lastLanguage(): Language | null {
  return stored(LAST_LANGUAGE_KEY)
}

/** Keeps `lang` as the language last shown, without making it a choice. */
export function rememberLanguage(lang: Language): void {
  store(LAST_LANGUAGE_KEY, lang)
}

/**
 * The language of the first paint, before the back end has said anything: the
 * user's choice, else the language shown last time (which followed the OS
 * locale), else the web view's languages (`navigator.languages`, all of them:
 * a Chinese Windows may list en-US first and zh-CN after it).
 */
export function startupLanguage(
  saved: Language | null = savedLanguage(),
  last: Language | null = lastLanguage(),
  browser: ReadonlyArray<string | null | undefined> = browserLanguages(),
): Language {
  return saved ?? last ?? detectLanguage(...browser)
}

/** The web view's languages, in its order of preference. */
export function browserLanguages(): string[] {
  const list = navigator.languages as ReadonlyArray<string> | undefined
  return list && list.length > 0 ? [...list] : [navigator.language]
}

export const i18n = createI18n<[Messages], Language, false>({
  legacy: false,
  locale: startupLanguage(),
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
