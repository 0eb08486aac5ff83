import { describe, expect, it } from 'vitest'

import {
  changedValues,
  charCount,
  formValues,
  isRequired,
  isShown,
  localProblems,
  problemMessage,
  sameValue,
  splitKeywords,
  toFieldValue,
  type FormValues,
} from './form'
import { FIELDS } from './metaFixtures'

const def = (id: string) => {
  const found = FIELDS.find((f) => f.id === id)
  if (!found) throw new Error(id)
  return found
}

describe('form values', () => {
  it('holds keywords as a list and everything else as a string, absent ones empty', () => {
    const values = formValues(FIELDS, { title: '名单', keywords: ['低保', '救助'] })
    expect(values.title).toBe('名单')
    expect(values.keywords).toEqual(['低保', '救助'])
    expect(values.theme).toBe('')
    expect(values.keywords === formValues(FIELDS, { keywords: ['低保'] }).keywords, 'a copy').toBe(false)
    expect(toFieldValue(def('keywords'), '低保，救助、低保'), 'typed keywords are split as the core splits them').toEqual(['低保', '救助'])
  })

  it('counts characters as the core does, so an emoji or rare character is one', () => {
    expect(charCount('𠀀a')).toBe(2)
  })

  it('sends only what changed; trimmed spaces are no change; an emptied field is null', () => {
    const saved: FormValues = formValues(FIELDS, { title: '名单', provider: '民政局', keywords: ['低保'] })
    const draft: FormValues = { ...saved, title: '名单 ', provider: '  ', keywords: ['低保', '救助'], theme: 'health' }
    expect(changedValues(FIELDS, saved, draft)).toEqual({ provider: null, keywords: ['低保', '救助'], theme: 'health' })
    expect(sameValue([], '')).toBe(true)
    expect(splitKeywords(' a ; b;a ')).toEqual(['a', 'b'])
  })
})

describe('conditional fields', () => {
  it('shows and requires 开放条件 only for 有条件开放', () => {
    const conditions = def('open_conditions')
    expect(isShown(conditions, { open_type: 'unconditional' })).toBe(false)
    expect(isRequired(conditions, { open_type: 'unconditional' })).toBe(false)
    expect(isShown(conditions, { open_type: 'conditional' })).toBe(true)
    expect(isRequired(conditions, { open_type: 'conditional' })).toBe(true)
    expect(isRequired(def('contact_name'), {}), 'recommended is not required').toBe(false)
  })
})

describe('checks on blur', () => {
  it('finds a missing required value, an overlong text and too many keywords', () => {
    expect(localProblems(def('title'), ' ', {})).toEqual([{ field: 'title', kind: 'missing', detail: null }])
    expect(localProblems(def('title'), 'x'.repeat(101), {})).toEqual([{ field: 'title', kind: 'too_long', detail: '100' }])
    expect(localProblems(def('title'), 'x'.repeat(100), {})).toEqual([])
    const many = Array.from({ length: 21 }, (_, i) => `词${i}`)
    expect(localProblems(def('keywords'), many, {}).map((p) => p.kind)).toEqual(['too_many_keywords'])
    expect(localProblems(def('contact_email'), 'not an email', {}), 'the back end judges formats').toEqual([])
  })

  it('says a problem in the current language, with the field’s label and the detail', () => {
    const t = (key: string, named: Record<string, string>) => `${key}|${named.label}|${named.detail}`
    expect(problemMessage(t, { field: 'theme', kind: 'not_in_code_list', detail: 'health' }, FIELDS, 'zh-CN')).toBe(
      'meta.problems.not_in_code_list|数据领域|卫生健康',
    )
    expect(problemMessage(t, { field: 'theme', kind: 'missing', detail: null }, FIELDS, 'en')).toBe('meta.problems.missing|Theme|')
    expect(problemMessage(t, { field: 'colour', kind: 'unknown_field', detail: null }, FIELDS, 'en')).toBe(
      'meta.problems.unknown_field|colour|',
    )
  })
})
