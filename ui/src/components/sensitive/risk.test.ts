import { describe, expect, it } from 'vitest'

import { applies, byRisk, hitsByColumn, needsDecision, needsReason, riskOf } from './risk'
import { CELLS, COLUMNS, column } from './sensitiveFixtures'

describe('the risk of a column', () => {
  it('is personal, public, free text or none, in that order of concern', () => {
    expect(COLUMNS.map((c) => [c.name, riskOf(c)])).toEqual([
      ['序号', 'none'],
      ['姓名', 'personal'],
      ['身份证号', 'personal'],
      ['联系电话', 'personal'],
      ['家庭住址', 'personal'],
      ['补贴金额', 'none'],
      ['备注', 'text'],
      ['经办单位代码', 'public'],
    ])
  })

  it('orders the list by risk, and by table order within each risk', () => {
    expect(byRisk(COLUMNS).map((c) => c.position)).toEqual([1, 2, 3, 4, 7, 6, 0, 5])
    // An office phone column is public: it sorts with the identifiers, not the personal data.
    const office = column(9, '办公电话', { category: 'landline' })
    expect(byRisk([office, ...COLUMNS]).map((c) => c.position).slice(4, 6)).toEqual([7, 9])
  })

  it('does not reorder the caller’s array', () => {
    const before = COLUMNS.map((c) => c.position)
    byRisk(COLUMNS)
    expect(COLUMNS.map((c) => c.position)).toEqual(before)
  })
})

describe('choices', () => {
  it('ask for a reason only to keep personal data as is', () => {
    const [none, name] = [COLUMNS[0], COLUMNS[1]]
    if (!none || !name) throw new Error('fixture')
    expect(needsReason(name, 'keep')).toBe(true)
    expect(needsReason(name, 'mask')).toBe(false)
    expect(needsReason(none, 'keep'), 'amounts are not personal').toBe(false)
  })

  it('offer redacting for text and mixed columns, generalizing for addresses, dates and places, as the Rust side applies them', () => {
    const [amounts, name, address, notes] = [COLUMNS[5], COLUMNS[1], COLUMNS[4], COLUMNS[6]]
    if (!amounts || !name || !address || !notes) throw new Error('fixture')
    expect(applies(notes, 'redact')).toBe(true)
    expect(applies(amounts, 'redact'), 'a column of no one kind may hide identifiers').toBe(true)
    expect(applies(name, 'redact')).toBe(false)
    expect(applies(name, 'pseudonymize')).toBe(true)
    expect(applies(address, 'generalize')).toBe(true)
    expect(applies(name, 'generalize'), 'a name has no coarser form').toBe(false)
    expect(applies(column(9, '坐标', { category: 'gps', personal: true }), 'generalize')).toBe(true)
  })

  it('want a decision on an unrecognised identifier until one is saved', () => {
    const code = column(9, '医保号', { category: 'identifier', personal: true, operator: 'mask' })
    expect(needsDecision(code)).toBe(true)
    expect(needsDecision({ ...code, chosen: true }), 'the default confirmed or another chosen').toBe(false)
    expect(COLUMNS.some(needsDecision), 'recognised kinds need no decision').toBe(false)
  })

  it('counts the hits of each column', () => {
    expect([...hitsByColumn(CELLS)]).toEqual([[6, 2]])
    expect(hitsByColumn([]).size).toBe(0)
  })
})
