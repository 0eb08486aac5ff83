import { expect, it } from 'vitest'

import type { DatasetSummary } from './api'
import { band, daysOverdue, matches, today, type ListFilter } from './listFilter'

const row = (over: Partial<DatasetSummary>): DatasetSummary => ({
  id: 1,
  name: '低保名单',
  status: 'draft',
  version: 1,
  rows: 10,
  columns: 3,
  source_name: 'a.csv',
  sheet: null,
  updated_at: '2026-12-01T00:00:00Z',
  findings: 0,
  personal_columns: 0,
  personal_kept: 0,
  department: null,
  completeness: 0,
  personal_unhandled: 0,
  ...over,
})

it('matches each kind of filter the overview sends', () => {
  const day = '2026-12-07'
  const cases: [ListFilter, Partial<DatasetSummary>, boolean][] = [
    [{ kind: 'state', value: 'submitted' }, { status: 'submitted' }, true],
    [{ kind: 'state', value: 'submitted' }, { status: 'draft' }, false],
    [{ kind: 'department', value: '' }, { department: null }, true],
    [{ kind: 'department', value: '县民政局' }, { department: '县民政局' }, true],
    [{ kind: 'theme', value: '' }, {}, true],
    [{ kind: 'theme', value: 'education' }, { theme: 'education' }, true],
    [{ kind: 'openness', value: 'conditional' }, { open_type: 'unconditional' }, false],
    [{ kind: 'completeness', value: 9 }, { completeness: 100 }, true],
    [{ kind: 'completeness', value: 4 }, { completeness: 50 }, false],
    [{ kind: 'overdue' }, { due: '2026-12-06' }, true],
    [{ kind: 'overdue' }, { due: '2026-12-07' }, false],
    [{ kind: 'due_soon' }, { due: '2026-12-07' }, true],
    [{ kind: 'due_soon' }, { due: '2027-01-06' }, true],
    [{ kind: 'due_soon' }, { due: '2027-01-07' }, false],
    [{ kind: 'due_soon' }, {}, false],
    [{ kind: 'personal' }, { personal_unhandled: 2 }, true],
    [{ kind: 'personal' }, { personal_unhandled: null }, false],
    [{ kind: 'published', value: '2026-11' }, { published_at: '2026-11-30T23:00:00Z' }, true],
    [{ kind: 'published', value: '2026-11' }, {}, false],
  ]
  for (const [f, over, expected] of cases) {
    expect(matches(f, row(over), day), `${JSON.stringify(f)} on ${JSON.stringify(over)}`).toBe(expected)
  }
})

it('counts bands, days overdue and today as the Rust side does', () => {
  expect([0, 9, 10, 99, 100].map(band)).toEqual([0, 0, 1, 9, 9])
  expect(daysOverdue(row({ due: '2026-11-30' }), '2026-12-07')).toBe(7)
  expect(daysOverdue(row({ due: '2026-12-30' }), '2026-12-07')).toBe(0)
  expect(today(new Date('2026-12-07T15:59:00Z'))).toBe('2026-12-07')
  expect(today(new Date('2026-12-07T23:30:00Z')), '07:30 in Beijing is the next day').toBe('2026-12-08')
})
