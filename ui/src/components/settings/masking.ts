// The rules of the masking-conventions card, mirrored from the Rust side
// (crates/kaifang-core/src/sensitive/conventions.rs and mask.rs) so the card offers
// only what the workspace accepts and shows what a mask would make of a value.
// Pure, so it is tested alone.

import type { Category, Operator } from '../../api'

/** Characters a mask may keep at either end. */
export const KEEP_MAX = 12

const GENERALIZABLE: ReadonlySet<Category> = new Set(['address', 'birth_date', 'gps'])

/** The defaults an office may set: never keep (publishing personal data as is
 * needs a reason per dataset) nor redact (for free text only); generalize only
 * where a value has a coarser form. */
export function conventionOperators(category: Category): Operator[] {
  const ops: Operator[] = ['mask', 'pseudonymize']
  if (GENERALIZABLE.has(category)) ops.push('generalize')
  ops.push('drop')
  return ops
}

// Made-up values of the kinds whose mask keeps ends (the ID is the fixture ID of
// the national standard's example, no one's).
const SAMPLES: Partial<Record<Category, string>> = {
  id_card: '11010519491231002X',
  bank_card: '6222021234567890123',
  phone: '13812345678',
  passport: 'E12345678',
  plate: '贵A12345',
  identifier: 'YB2024000123',
}

/** What `mask` makes of a sample value of `category` keeping `head` and `tail`
 * characters; `null` for a category whose mask keeps no ends. Like the Rust
 * side it always hides at least a third of the value, and three characters. */
export function maskExample(category: Category, head: number, tail: number): string | null {
  const sample = SAMPLES[category]
  if (sample === undefined) return null
  const chars = [...sample]
  const visible = Math.max(0, chars.length - Math.max(Math.floor(chars.length / 3), 3))
  let h = clamp(head)
  let t = clamp(tail)
  while (h + t > visible) {
    if (h >= t) h -= 1
    else t -= 1
  }
  return chars.slice(0, h).join('') + '*'.repeat(chars.length - h - t) + chars.slice(chars.length - t).join('')
}

function clamp(n: number): number {
  return Math.min(KEEP_MAX, Math.max(0, Math.floor(Number.isFinite(n) ? n : 0)))
}
