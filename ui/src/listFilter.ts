// What the dataset list is narrowed to when the overview sends the user there:
// a chart's bar or a count, one kind of filter each. The list shows it as a tag
// that can be removed.

import type { DatasetSummary } from './api'

export type ListFilter =
  | { kind: 'state'; value: string }
  /** '' for datasets whose provider is not filled in. */
  | { kind: 'department'; value: string }
  | { kind: 'theme'; value: string }
  | { kind: 'openness'; value: string }
  /** A completeness band: 0 for 0–9 % … 9 for 90–100 %. */
  | { kind: 'completeness'; value: number }
  | { kind: 'overdue' }
  | { kind: 'due_soon' }
  | { kind: 'personal' }
  /** Published in a month (YYYY-MM). */
  | { kind: 'published'; value: string }

/** Days ahead within which an update counts as due soon (as the overview counts). */
export const DUE_SOON_DAYS = 30

/** China Standard Time (UTC+8, no daylight saving): the calendar due dates are kept in (`clock::CHINA`). */
const CHINA_OFFSET_MS = 8 * 3600 * 1000

/** Today as the Rust side counts it (China Standard Time), YYYY-MM-DD. */
export function today(now: Date = new Date()): string {
  return new Date(now.getTime() + CHINA_OFFSET_MS).toISOString().slice(0, 10)
}

function addDays(day: string, days: number): string {
  const d = new Date(`${day}T00:00:00Z`)
  d.setUTCDate(d.getUTCDate() + days)
  return d.toISOString().slice(0, 10)
}

/** The completeness band of a score, as `overview::band`. */
export function band(completeness: number): number {
  return Math.floor(Math.min(completeness, 99) / 10)
}

/** Whether the dataset's update is past due on `day`. */
export function isOverdue(d: DatasetSummary, day: string): boolean {
  return !!d.due && d.due < day
}

/** How many days past its due date the dataset is on `day` (0 when not overdue). */
export function daysOverdue(d: DatasetSummary, day: string): number {
  if (!isOverdue(d, day)) return 0
  return Math.round((Date.parse(`${day}T00:00:00Z`) - Date.parse(`${d.due}T00:00:00Z`)) / 86_400_000)
}

export function matches(f: ListFilter, d: DatasetSummary, day: string): boolean {
  switch (f.kind) {
    case 'state':
      return d.status === f.value
    case 'department':
      return (d.department ?? '') === f.value
    case 'theme':
      return (d.theme ?? '') === f.value
    case 'openness':
      return (d.open_type ?? '') === f.value
    case 'completeness':
      return band(d.completeness ?? 0) === f.value
    case 'overdue':
      return isOverdue(d, day)
    case 'due_soon':
      return !!d.due && d.due >= day && d.due <= addDays(day, DUE_SOON_DAYS)
    case 'personal':
      return (d.personal_unhandled ?? 0) > 0
    case 'published':
      return !!d.published_at && d.published_at.slice(0, 7) === f.value
  }
}
