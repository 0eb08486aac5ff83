// Sensitive fields: the scan, how each column goes public (masking), the
// preview of the public copy, the egress gate and the office's conventions.

import type { UnlistenFn } from './core'

import type { Category } from './bindings/Category'
import type { ColumnPolicy } from './bindings/ColumnPolicy'
import type { Convention } from './bindings/Convention'
import type { GateReport } from './bindings/GateReport'
import type { MaskPreview } from './bindings/MaskPreview'
import type { Operator } from './bindings/Operator'
import type { PublicReason } from './bindings/PublicReason'
import type { ScanReport } from './bindings/ScanReport'
import { CATEGORIES } from './bindings/lists'
import { call, listenTo } from './core'

/** Every category a column or a free-text hit can have, in the order of the Rust
 * enum (crates/kaifang-core/src/sensitive/category.rs). */
export { CATEGORIES }

// The masking operators, in the order the picker offers them: from publishing as
// is to leaving out, the way a clerk weighs them.
const KNOWN_OPERATORS: Record<Operator, true> = {
  keep: true,
  mask: true,
  pseudonymize: true,
  generalize: true,
  redact: true,
  drop: true,
}

/** Every way a column can go public. */
export const OPERATORS = Object.keys(KNOWN_OPERATORS) as Operator[]

// Why a column of a personal kind is public in its table, checked like the rest.
const KNOWN_PUBLIC_REASONS: Record<PublicReason, true> = {
  registry_role: true,
  facility_staff: true,
  official_vehicle: true,
  institution_contact: true,
  facility_location: true,
}

/** Every reason the scan gives for a personal kind of column being public. */
export const PUBLIC_REASONS = Object.keys(KNOWN_PUBLIC_REASONS) as PublicReason[]

export function isOperator(value: unknown): value is Operator {
  return typeof value === 'string' && Object.hasOwn(KNOWN_OPERATORS, value)
}

/** Rows one `mask_preview` call returns at most (the Rust side clamps to this). */
export const MASK_PREVIEW_MAX = 500

/** What `mask_preview` returns. */
export type MaskedPreview = MaskPreview

/** The saved sensitive-field findings of the dataset's latest version, with the
 * operator in force for each column (the import scans every row as it writes
 * them and saves that scan; should it have kept only a quick scan of the first
 * 1,000 rows, the desktop scans every row in the background and emits
 * `SENSITIVE_SCANNED_EVENT`; a quick one is run first if none was). */
export function sensitiveGet(dataset: string | number): Promise<ScanReport> {
  return call('sensitive_get', { dataset: String(dataset) })
}

/** Scans every row of the latest version (seconds on a million rows) and saves it. */
export function sensitiveScan(dataset: string | number): Promise<ScanReport> {
  return call('sensitive_scan', { dataset: String(dataset) })
}

/** Chooses how a column goes public. Keeping a personal column as is needs a
 * reason (else `policy_reason_required`); `redact` is for free text and columns of
 * no one kind, `generalize` for addresses, birth dates and coordinates (else
 * `policy_operator_not_applicable`). */
export function policySet(
  dataset: string | number,
  position: number,
  operator: Operator,
  reason: string | null = null,
): Promise<ColumnPolicy> {
  return call('policy_set', { dataset: String(dataset), position, operator, reason })
}

/** Original and public values side by side for `limit` rows (at most 500) from
 * `offset` (0-based, in table order). */
export function maskPreview(dataset: string | number, offset: number, limit: number): Promise<MaskedPreview> {
  return call('mask_preview', {
    dataset: String(dataset),
    offset: Math.max(0, Math.floor(offset)),
    limit: Math.min(MASK_PREVIEW_MAX, Math.max(1, Math.floor(limit))),
  })
}

/** Runs the egress gate over every row of the dataset's public copy, as an export
 * or a publication would (a few seconds on a million rows): the columns that would
 * stop it, each with the operators that clear it. */
export function egressCheck(dataset: string | number): Promise<GateReport> {
  return call('egress_check', { dataset: String(dataset) })
}

/** The office's masking conventions, one per personal category. */
export function maskingConventions(): Promise<Convention[]> {
  return call('masking_conventions')
}

/** Changes how the office masks one category (new scans use it; saved scans keep
 * theirs). `operator` `null` puts back the built-in default; `keepHead` and
 * `keepTail` (0–12) only count for categories whose mask keeps ends. Refused
 * with `convention_not_applicable`. Returns every convention in force. */
export function maskingConventionSet(
  category: Category,
  operator: Operator | null,
  keepHead: number | null = null,
  keepTail: number | null = null,
): Promise<Convention[]> {
  return call('masking_convention_set', { category, operator, keepHead, keepTail })
}

/** The event the desktop emits when the whole-table scan it runs after an import
 * has been saved; the payload is the dataset's id. */
export const SENSITIVE_SCANNED_EVENT = 'kaifang://sensitive-scanned'

/** Calls `onScanned` with a dataset's id each time its whole-table scan is saved;
 * call the result to stop. */
export function onSensitiveScanned(onScanned: (dataset: number) => void): Promise<UnlistenFn> {
  return listenTo<number>(SENSITIVE_SCANNED_EVENT, onScanned)
}
