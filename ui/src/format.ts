// Numbers, sizes and dates as the user's language writes them. Kept out of the
// message catalogs because Intl already knows each language's conventions.

import type { Language } from './i18n'

export function formatNumber(value: number, lang: Language): string {
  return new Intl.NumberFormat(lang).format(value)
}

/** 1536 → "1.5 KB". Units are the same in both languages. */
export function formatBytes(bytes: number, lang: Language): string {
  const units = ['B', 'KB', 'MB', 'GB'] as const
  let value = bytes
  let unit = 0
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024
    unit += 1
  }
  const digits = unit === 0 || value >= 100 ? 0 : 1
  return `${new Intl.NumberFormat(lang, { maximumFractionDigits: digits }).format(value)} ${units[unit]}`
}

/** An RFC 3339 time from the back end in the user's local time; unparsable input
 * is shown as it came rather than as "Invalid Date". */
export function formatDateTime(iso: string, lang: Language): string {
  const date = new Date(iso)
  if (Number.isNaN(date.getTime())) return iso
  return new Intl.DateTimeFormat(lang, { dateStyle: 'medium', timeStyle: 'short' }).format(date)
}

/** When something will happen: the time alone when it is today, else date and time. */
export function formatWhen(iso: string, lang: Language, now: Date = new Date()): string {
  const date = new Date(iso)
  if (Number.isNaN(date.getTime())) return iso
  const today = date.toDateString() === now.toDateString()
  return new Intl.DateTimeFormat(lang, today ? { timeStyle: 'short' } : { dateStyle: 'medium', timeStyle: 'short' }).format(date)
}

/** Row or column numbers as a person writes them: runs as ranges ("3–5、9"),
 * at most `most` parts, then "…". */
export function formatRuns(numbers: readonly number[], lang: Language, most = 6): string {
  const sorted = [...new Set(numbers)].sort((a, b) => a - b)
  const parts: string[] = []
  for (let i = 0; i < sorted.length; ) {
    let j = i
    while (j + 1 < sorted.length && sorted[j + 1] === (sorted[j] ?? 0) + 1) j += 1
    parts.push(j > i ? `${sorted[i]}–${sorted[j]}` : `${sorted[i]}`)
    i = j + 1
  }
  const sep = lang === 'zh-CN' ? '、' : ', '
  return parts.length > most ? `${parts.slice(0, most).join(sep)}${sep}…` : parts.join(sep)
}
