import { describe, expect, it } from 'vitest'

import { ERROR_CODES, type ErrorCode } from '../api'
import en from './en'
import { i18n } from '.'
import zhCN, { type Messages } from './zh-CN'

// Written out by hand from the Rust enum (crates/kaifang-core/src/error.rs), so that
// this test also fails if the generated list and the catalogs drift together.
const CODES = [
  'workspace_missing',
  'workspace_create_dir',
  'workspace_not_a_database',
  'workspace_foreign',
  'workspace_newer_schema',
  'workspace_busy',
  'workspace_read_only',
  'workspace_disk_full',
  'workspace_corrupt',
  'database',
  'io',
  'internal',
] as const satisfies readonly ErrorCode[]

const catalogs: ReadonlyArray<[string, Messages]> = [
  ['zh-CN', zhCN],
  ['en', en],
]

/** Every leaf as [dotted key, message]. */
function leaves(node: object, prefix = ''): Array<[string, unknown]> {
  return Object.entries(node).flatMap(([key, value]): Array<[string, unknown]> =>
    typeof value === 'object' && value !== null ? leaves(value, `${prefix}${key}.`) : [[`${prefix}${key}`, value]],
  )
}

const placeholders = (message: string): string[] => [...message.matchAll(/\{(\w+)\}/g)].map((m) => m[1] ?? '').sort()

describe('message catalogs', () => {
  it('the API knows exactly the error codes of the Rust enum', () => {
    expect([...ERROR_CODES].sort()).toEqual([...CODES].sort())
  })

  it.each(catalogs)('%s has a non-empty message for every error code and no others', (_lang, messages) => {
    for (const code of CODES) {
      expect(messages.errors[code]?.trim(), `errors.${code} is shown when that error happens`).toBeTruthy()
    }
    expect(Object.keys(messages.errors).sort()).toEqual([...CODES].sort())
  })

  it('both languages have the same keys, none empty', () => {
    const zhKeys = leaves(zhCN)
    const enKeys = leaves(en)
    expect(enKeys.map(([k]) => k)).toEqual(zhKeys.map(([k]) => k))
    for (const [key, value] of [...zhKeys, ...enKeys]) {
      expect(typeof value === 'string' && value.trim() !== '', `${key} must be a non-empty string`).toBe(true)
    }
  })

  it('a translation interpolates the same parameters in both languages', () => {
    const enByKey = new Map(leaves(en))
    for (const [key, zh] of leaves(zhCN)) {
      expect(placeholders(String(enByKey.get(key))), `placeholders of ${key}`).toEqual(placeholders(String(zh)))
    }
  })

  it('error messages interpolate only the parameters the back end sends', () => {
    const sent = new Set(['path', 'found', 'supported'])
    for (const [key, message] of [...leaves(zhCN.errors), ...leaves(en.errors)]) {
      for (const name of placeholders(String(message))) {
        expect(sent.has(name), `errors.${key} uses {${name}}`).toBe(true)
      }
    }
  })

  it('every message compiles and renders with its parameters', () => {
    const params = { path: '/data/ws.sqlite3', found: '3', supported: '1', version: '0.1.0' }
    const { t, locale } = i18n.global
    for (const lang of ['zh-CN', 'en'] as const) {
      locale.value = lang
      for (const [key] of leaves(zhCN)) {
        const text = t(key, params)
        expect(text, `${lang} ${key} renders`).not.toBe(key)
        expect(text, `${lang} ${key} leaves no placeholder`).not.toMatch(/\{\w+\}/)
      }
    }
  })
})
