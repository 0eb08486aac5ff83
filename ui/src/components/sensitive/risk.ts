// How the sensitive tab weighs a column: what it risks, in which order columns are
// listed, and which choices need more from the clerk. Pure, so it is tested alone.

import type { Category, CellHit, ColumnPolicy, Operator } from '../../api'

/**
 * `personal`: data about a person (red); `public`: an identifier that is public
 * (an organisation's credit code, an office phone: blue); `text`: free text in
 * which identifiers may hide; `none`: nothing found (grey, folded away).
 */
export type Risk = 'personal' | 'public' | 'text' | 'none'

const ORDER: Readonly<Record<Risk, number>> = { personal: 0, public: 1, text: 2, none: 3 }

export function riskOf(column: ColumnPolicy): Risk {
  if (column.personal) return 'personal'
  if (column.category !== 'none') return 'public'
  if (column.free_text) return 'text'
  return 'none'
}

/** Personal columns first, then public identifiers, free text, the rest; each
 * group in table order, so a column keeps its place when its choice changes. */
export function byRisk(columns: readonly ColumnPolicy[]): ColumnPolicy[] {
  return [...columns].sort((a, b) => ORDER[riskOf(a)] - ORDER[riskOf(b)] || a.position - b.position)
}

/** Free-text hits per column position, counted over the hits the report lists. */
export function hitsByColumn(cells: readonly CellHit[]): Map<number, number> {
  const counts = new Map<number, number>()
  for (const hit of cells) counts.set(hit.column, (counts.get(hit.column) ?? 0) + 1)
  return counts
}

/** Keeping personal data as is needs a written reason (the Rust side refuses it
 * without one, and the reason goes into the audit log). */
export function needsReason(column: ColumnPolicy, operator: Operator): boolean {
  return operator === 'keep' && column.personal
}

/** The picker offers what the Rust side accepts (set_policy): redacting finds
 * identifiers inside values, so it fits free text and columns of no one kind;
 * generalizing has a coarser form for addresses, birth dates and coordinates only. */
export function applies(column: ColumnPolicy, operator: Operator): boolean {
  if (operator === 'redact') return column.free_text || column.category === 'none'
  if (operator === 'generalize') return GENERALIZABLE.has(column.category)
  return true
}

const GENERALIZABLE: ReadonlySet<Category> = new Set(['address', 'birth_date', 'gps'])

/** An identifier nothing recognised may point to a person: the clerk must choose
 * how it goes public, even when the default is safe (the readiness check stays
 * "to do" until a choice is saved). */
export function needsDecision(column: ColumnPolicy): boolean {
  return column.category === 'identifier' && !column.chosen
}
