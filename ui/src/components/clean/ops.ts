// The cleaning operations by their wire names (crates/kaifang-core/src/clean/ops.rs),
// in the order the menus list them.

import type { Step } from '../../api'

export const CLEAN_OPS = [
  'trim',
  'half_width',
  'dates',
  'numbers',
  'replace',
  'map',
  'blank_like',
  'fill_down',
  'dedupe',
  'split',
  'merge',
  'from_id',
] as const satisfies readonly Step['op'][]

export type CleanOp = (typeof CLEAN_OPS)[number]

/** The operations offered on one column of the data tab. */
export const COLUMN_OPS: readonly CleanOp[] = ['trim', 'half_width', 'dates', 'numbers', 'replace', 'map', 'blank_like', 'fill_down', 'split', 'from_id']
