// The metadata form's rules, kept out of the components so they can be tested
// alone: how values from the back end become form values and back, which fields
// show and are required, the cheap checks made on blur, and problem messages.
// The back end stays the authority: these checks only warn early.

import type { FieldDef, Group, MetaChanges, Problem } from '../../api'
import type { Language } from '../../i18n'

/** A field's value in the form: keywords are a list, everything else a string. */
export type FieldValue = string | string[]
export type FormValues = Record<string, FieldValue>
/** vue-i18n's `t` as these helpers use it. */
export type Translate = (key: string, named: Record<string, string>) => string

/** The form's sections in the order users think of them; the data dictionary
 * follows as a section of its own. */
export const GROUPS: readonly Group[] = ['basic', 'openness', 'coverage', 'contact']


/** The core's limits on keywords (validate.rs). */
export const MAX_KEYWORDS = 20
export const MAX_KEYWORD_LENGTH = 20

/** Characters as the core counts them (Unicode scalar values, not UTF-16 units). */
export function charCount(text: string): number {
  return [...text].length
}

export function fieldLabel(def: FieldDef, lang: Language): string {
  return lang === 'zh-CN' ? def.zh : def.en
}

export function fieldHelp(def: FieldDef, lang: Language): string {
  return lang === 'zh-CN' ? def.help_zh : def.help_en
}

/** A code's label in the current language; an unknown code shows as itself. */
export function codeLabel(def: FieldDef, code: string, lang: Language): string {
  const found = def.codes.find((c) => c.code === code)
  if (!found) return code
  return lang === 'zh-CN' ? found.zh : found.en
}

/** Splits typed keywords on the separators clerks use, as the core does. */
export function splitKeywords(text: string): string[] {
  const out: string[] = []
  for (const word of text.split(/[,，、;；\n]/).map((w) => w.trim())) {
    if (word !== '' && !out.includes(word)) out.push(word)
  }
  return out
}

export function emptyValue(def: FieldDef): FieldValue {
  return def.kind.kind === 'keywords' ? [] : ''
}

/** A value from the back end (or a suggestion) as the form holds it. */
export function toFieldValue(def: FieldDef, raw: string | string[] | undefined): FieldValue {
  if (def.kind.kind === 'keywords') {
    if (Array.isArray(raw)) return [...raw]
    return raw ? splitKeywords(raw) : []
  }
  if (Array.isArray(raw)) return raw.join('、')
  return raw ?? ''
}

export function formValues(defs: readonly FieldDef[], values: Record<string, string | string[]>): FormValues {
  return Object.fromEntries(defs.map((d) => [d.id, toFieldValue(d, values[d.id])]))
}

export function isEmpty(value: FieldValue | undefined): boolean {
  if (value === undefined) return true
  return Array.isArray(value) ? value.length === 0 : value.trim() === ''
}

/** Equal as saved: surrounding spaces are trimmed by the core, so they are no change. */
export function sameValue(a: FieldValue | undefined, b: FieldValue | undefined): boolean {
  if (isEmpty(a) && isEmpty(b)) return true
  if (Array.isArray(a) || Array.isArray(b)) {
    if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length) return false
    return a.every((v, i) => v === b[i])
  }
  return (a ?? '').trim() === (b ?? '').trim()
}

/** Only the fields that differ from what was saved; a cleared field is `null`. */
export function changedValues(defs: readonly FieldDef[], saved: FormValues, draft: FormValues): MetaChanges {
  const out: MetaChanges = {}
  for (const def of defs) {
    const now = draft[def.id]
    if (sameValue(now, saved[def.id])) continue
    out[def.id] = now === undefined || isEmpty(now) ? null : Array.isArray(now) ? [...now] : now
  }
  return out
}

/** A conditional field (开放条件) shows only while its condition holds. */
export function isShown(def: FieldDef, values: FormValues): boolean {
  if (def.requirement !== 'conditional' || !def.required_when) return true
  const [field, value] = def.required_when
  return values[field] === value
}

export function isRequired(def: FieldDef, values: FormValues): boolean {
  return def.requirement === 'required' || (def.requirement === 'conditional' && isShown(def, values))
}

/** The checks cheap enough to make on blur: required, lengths, keyword count. */
export function localProblems(def: FieldDef, value: FieldValue | undefined, values: FormValues): Problem[] {
  const problem = (kind: Problem['kind'], detail: string | null = null): Problem => ({ field: def.id, kind, detail })
  if (isEmpty(value)) return isRequired(def, values) ? [problem('missing')] : []
  const kind = def.kind
  if (Array.isArray(value)) {
    const out: Problem[] = []
    if (value.length > MAX_KEYWORDS) out.push(problem('too_many_keywords', String(MAX_KEYWORDS)))
    if (value.some((w) => charCount(w) > MAX_KEYWORD_LENGTH)) out.push(problem('too_long', String(MAX_KEYWORD_LENGTH)))
    return out
  }
  if ((kind.kind === 'text' || kind.kind === 'long_text') && charCount(value ?? '') > kind.max) {
    return [problem('too_long', String(kind.max))]
  }
  return []
}

/** A value as text, e.g. for a suggestion: code labels, keywords joined by 、. */
export function displayValue(def: FieldDef, value: FieldValue, lang: Language): string {
  if (Array.isArray(value)) return value.join(lang === 'zh-CN' ? '、' : ', ')
  return def.kind.kind === 'code' ? codeLabel(def, value, lang) : value
}

/** A problem in words, naming the field in the current language. */
export function problemMessage(
  t: Translate,
  problem: Problem,
  defs: readonly FieldDef[],
  lang: Language,
  label?: string,
): string {
  const def = defs.find((d) => d.id === problem.field)
  const name = label ?? (def ? fieldLabel(def, lang) : problem.field)
  const detail = problem.detail ?? ''
  // A code the list does not know is shown as its label where one exists.
  const shown = problem.kind === 'not_in_code_list' && def ? codeLabel(def, detail, lang) : detail
  return t(`meta.problems.${problem.kind}`, { label: name, detail: shown })
}

/** Problems by field, each message once. */
export function groupMessages(entries: ReadonlyArray<[field: string, message: string]>): Record<string, string[]> {
  const out: Record<string, string[]> = {}
  for (const [field, message] of entries) {
    const list = (out[field] ??= [])
    if (!list.includes(message)) list.push(message)
  }
  return out
}
